"""The words of the progress report (gettext, not lazy: the pure writers want str), its
charts, and the files it downloads. No query: the figures come from services.py."""
from __future__ import annotations

import os

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from trainings import places
from trainings.i18n import RIGHT_TO_LEFT, babel_locale, current_language
from trainings.progress import pngcharts
from trainings.progress.report import ProgressReport
from trainings.progress.labels import Labels
from trainings.reports import charts
from trainings.reports.presentation import chart_labels, group_labels

# The indicators' names, by key (docs/indicateurs.md defines each under its key).
INDICATOR_NAMES = {
    "sessions_held": _l("Sessions réalisées"),
    "half_days_delivered": _l("Demi-journées réalisées"),
    "people_trained": _l("Personnes formées (uniques)"),
    "share_women": _l("Part des femmes parmi les personnes formées"),
    "share_women_associations": _l("Part des femmes parmi les personnes formées des "
                                   "associations"),
    "attendances": _l("Présences (personne × demi-journée)"),
    "attendance_rate": _l("Taux de présence (demi-journées présentes / inscrites)"),
    "people_completed": _l("Personnes ayant suivi leur session jusqu'au bout"),
    "completion_rate": _l("Taux d'achèvement"),
    "mean_gain": _l("Gain moyen de connaissances (points)"),
    "share_pass_post": _l("Part au-dessus du seuil au post-test"),
    "satisfaction_mean": _l("Satisfaction moyenne (1 à 5)"),
    "new_people": _l("Nouvelles personnes (jamais formées avant)"),
    "returning_people": _l("Personnes déjà formées avant la période"),
}


def indicator_names() -> dict[str, str]:
    return {key: str(name) for key, name in INDICATOR_NAMES.items()}


def labels(selection: list[tuple[str, str]] = (), language: str | None = None) -> Labels:
    """The documents' words in the current language (call it under force_locale for another
    one, and name it: `language`)."""
    language = language or current_language()
    return Labels(
        locale=babel_locale(language), right_to_left=language in RIGHT_TO_LEFT,
        title=_("Rapport d'avancement"), period=_("Période"),
        previous=_("Période précédente"), cumulative=_("Cumul depuis le début"),
        target=_("Cible de l'année"), progress=_("Avancement"), status=_("État"),
        behind=_("en retard"), on_track=_("dans les temps"), no_target=_("pas de cible"),
        indicator=_("Indicateur"), group=_("Groupe"), small_flag=_("effectif faible"),
        groups=group_labels(), indicators=indicator_names(),
        period_heading=_("Période"),
        period_line=_("Du %(start)s au %(end)s."),
        previous_line=_("Période précédente : du %(start)s au %(end)s."),
        cumulative_line=_("Cumul depuis le début du programme : du %(start)s au %(end)s."),
        summary_heading=_("Synthèse"),
        summary_people=_("%(people)s personnes formées, dont %(women)s femmes (%(share)s)."),
        summary_sessions=_("%(sessions)s sessions réalisées, %(half_days)s demi-journées."),
        summary_gain=_("Gain moyen de connaissances : %(gain)s points (%(n)s personnes ayant "
                       "passé les deux tests)."),
        summary_completion=_("Taux d'achèvement : %(rate)s des personnes formées ont été "
                             "présentes à au moins %(threshold)s %% des demi-journées de leur "
                             "session."),
        summary_behind=_("En retard sur la cible : %(indicators)s."),
        summary_nothing=_("Aucune personne formée pendant la période."),
        indicators_heading=_("Indicateurs"),
        sessions_heading=_("Sessions réalisées"),
        session_columns=(_("Dates"), _("Session"), _("Lieu"), _("Femmes"), _("Hommes"),
                         _("Non renseigné"), _("Total"), _("Gain moyen (points)")),
        no_sessions=_("Aucune session réalisée pendant la période."),
        charts_heading=_("Graphiques"),
        method_heading=_("Note de méthode"),
        method=(
            _("Une personne formée est comptée une fois, quel que soit le nombre de ses "
              "sessions ; une présence est une personne à une demi-journée."),
            _("Une session appartient à la période quand ses dates la chevauchent ; une "
              "session est réalisée quand au moins une présence y est enregistrée."),
            _("Achèvement : présence à au moins %(threshold)s %% des demi-journées de sa "
              "session."),
            _("Les gains sont calculés sur les paires pré-test / post-test de toutes les "
              "sessions mises en commun, jamais en moyenne de moyennes."),
            _("Les cibles sont annuelles : un nombre est comparé au cumul depuis le 1er "
              "janvier, attendu au prorata de l'année écoulée ; un taux, une part ou une "
              "moyenne est comparé à la valeur de la période."),
        ),
        small_heading=_("Effectifs faibles"),
        small_none=_("Aucun chiffre de la période ne porte sur moins de 5 personnes."),
        small_line=_("%(indicator)s, %(group)s : n = %(n)s, moins de 5 personnes ; chiffre "
                     "fragile."),
        indicators_sheet=_("Indicateurs"), sessions_sheet=_("Sessions"),
        data_sheet=_("Données"), data_columns=(),
        chart_people=_("Personnes formées par sexe"),
        chart_gain=_("Gain moyen par sexe (points)"),
        chart_scores=_("Score moyen avant et après la formation"),
        chart_pre=_("Pré-test"), chart_post=_("Post-test"),
        breakdown_kind=_("Personnes formées par type d'organisation"),
        breakdown_region=_("Personnes formées par région"),
        kinds={code: str(label) for code, label in places.ORGANIZATION_KINDS.items()},
        regions={code: str(label) for code, label in places.REGIONS.items()},
        provinces={code: str(label) for code, label in places.PROVINCE_LABELS.items()},
        selection=tuple(selection),
    )


def _summary(report: ProgressReport) -> dict:
    return {"groups": report.figures.gains}


def svg_charts(report: ProgressReport) -> dict[str, str]:
    """The two gain charts of the reports, for the period."""
    words = chart_labels()
    return {"scores": charts.mean_scores_chart(charts.scores_by_sex(_summary(report), words),
                                               words, id_prefix="progress-scores"),
            "gains": charts.gain_histogram(report.figures.gains_by_sex, words,
                                           id_prefix="progress-gains")}


def png_charts(report: ProgressReport, words: Labels) -> list[bytes]:
    """The same two charts as pictures, for the Word document."""
    font = os.path.join(current_app.static_folder, "fonts", "DejaVuSans.ttf")
    titles = chart_labels()
    bars = charts.scores_by_sex(_summary(report), titles)
    return [pngcharts.scores_png(bars, titles.title_scores, words.chart_pre, words.chart_post,
                                 font),
            pngcharts.histogram_png(report.figures.gains_by_sex, titles.title_gains,
                                    words.groups, font)]
