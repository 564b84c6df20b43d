"""What the knowledge-gain reports look like around their figures: the columns and small groups
a page shows, and the words of the charts and of the workbook (gettext, not lazy: the pure
writers want str). No query: the figures come from services.py."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from trainings import places
from trainings.i18n import reads_right_to_left
from trainings.reports import charts, workbook
from trainings.reports.report_data import GainReport

SMALL_GROUP = 5  # docs/statistics.md: flag any group with n_paired < 5 ("effectif faible")


@dataclass
class ReportView:
    """What a page needs beyond the figures: the columns to show and the small groups."""

    columns: list[tuple[str, str]]  # (group key, label): women, men, unknown when present, total
    small: set[str]  # group keys with n_paired < SMALL_GROUP


def group_labels() -> dict[str, str]:
    return {"women": _("Femmes"), "men": _("Hommes"), "unknown": _("Non renseigné"),
            "total": _("Total")}


def shown_groups(summary: dict) -> list[str]:
    """Women, men, the not-recorded column only when someone of unknown sex took a test, total."""
    unknown = summary["groups"]["unknown"]
    return ["women", "men"] + (["unknown"] if unknown["n_pre"] or unknown["n_post"] else []) + [
        "total"]


def report_view(report: GainReport) -> ReportView:
    labels = group_labels()
    groups = shown_groups(report.summary)
    return ReportView(
        columns=[(group, labels[group]) for group in groups],
        small={group for group in groups
               if report.summary["groups"][group]["n_paired"] < SMALL_GROUP})


def chart_labels() -> charts.ChartLabels:
    return charts.ChartLabels(
        pre=_("Pré-test"), post=_("Post-test"), n=_("n = {n}"),
        title_scores=_("Score moyen au pré-test et au post-test, par sexe (%)"),
        title_gains=_("Répartition des gains individuels (post − pré)"),
        gain_axis=_("Gain (points)"), people_axis=_("Personnes"), women=_("Femmes"),
        men=_("Hommes"), unknown=_("Non renseigné"), total=_("Total"),
        no_data=_("Aucune paire pré-test / post-test"),
        interval_below="[{low} ; {high}[", interval_above="]{low} ; {high}]")


def report_charts(report: GainReport, prefix: str) -> dict[str, str]:
    """The two SVG charts of a report (escaped inside: the page inserts them as they are)."""
    labels = chart_labels()
    return {"scores": charts.mean_scores_chart(charts.scores_by_sex(report.summary, labels),
                                               labels, id_prefix=f"{prefix}-scores"),
            "gains": charts.gain_histogram(charts.gains_by_sex(report.rows), labels,
                                           id_prefix=f"{prefix}-gains")}


def gain_workbook_labels() -> workbook.GainLabels:
    """The words of the knowledge-gain workbook (gettext, not lazy: openpyxl wants str)."""
    return workbook.GainLabels(
        gains_sheet=_("Gains"), data_sheet=_("Données"), codes_sheet=_("Codes"),
        sessions=_("Sessions"), pass_mark=_("Seuil de réussite (score en %)"),
        gains_table=_("Gains de connaissances par sexe"),
        figures={
            "n_pre": _("n pré-test"), "n_post": _("n post-test"),
            "n_paired": _("n apparié (pré et post)"),
            "mean_pre": _("Score moyen pré-test (%)"), "mean_post": _("Score moyen post-test (%)"),
            "mean_gain": _("Gain moyen (points)"),
            "ci95_low": _("IC 95 %\u00a0du gain, borne basse"),
            "ci95_high": _("IC 95 %\u00a0du gain, borne haute"),
            "normalized_gain": _("Gain normalisé ⟨g⟩"),
            "effect_size_dz": _("Taille d'effet dz"),
            "improved": _("Ont progressé"), "stable": _("Stables"),
            "declined": _("Ont régressé"),
            "share_pass_pre": _("Part ≥ seuil au pré-test"),
            "share_pass_post": _("Part ≥ seuil au post-test"),
            "wilcoxon_p": _("p (test de Wilcoxon)"),
        },
        women=_("Femmes"), men=_("Hommes"), unknown=_("Non renseigné"), total=_("Total"),
        female=_("Femme"), male=_("Homme"), sex_unknown=_("Sexe non renseigné"),
        small_group=_("Effectif faible (n apparié < 5)"), small_group_flag=_("effectif faible"),
        gap_mean_gain=_("Écart F − H : gain moyen (points)"),
        gap_normalized_gain=_("Écart F − H : gain normalisé ⟨g⟩"),
        distribution_table=_("Répartition des gains individuels"),
        gain_bin=_("Gain (points)"),
        bin_below=_("[{low} ; {high}["), bin_above=_("]{low} ; {high}]"),
        means_chart_title=_("Score moyen avant et après la formation"),
        means_chart_x=_("Test"), means_chart_y=_("Score moyen (%)"),
        distribution_chart_title=_("Répartition des gains individuels"),
        distribution_chart_x=_("Gain (points)"), distribution_chart_y=_("Participant·e·s"),
        by_region=_("Par région"), by_theme=_("Par thème"),
        region=_("Région"), theme=_("Thème"),
        people_table=_("Personnes formées et présences"),
        people=_("Personnes formées (uniques)"),
        attendances=_("Présences (personne × demi-journée)"),
        share_of_women=_("Part des femmes parmi les personnes formées"),
        questions_table=_("Réponses correctes par question"), question=_("Question"),
        n=_("n"), pre=_("Pré-test"), post=_("Post-test"), difference=_("Écart post − pré"),
        satisfaction_table=_("Satisfaction (évaluation à chaud)"), item=_("Question"),
        mean_rating=_("Moyenne (1 à 5)"), comments=_("Commentaires"),
        regions={code: str(label) for code, label in places.REGIONS.items()},
        provinces={code: str(label) for code, label in places.PROVINCE_LABELS.items()},
        themes={code: str(label) for code, label in places.THEMES.items()},
        organization_kinds={code: str(label)
                            for code, label in places.ORGANIZATION_KINDS.items()},
        right_to_left=reads_right_to_left(),
    )
