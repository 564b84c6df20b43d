"""The API's answers as marshmallow schemas, from which its OpenAPI document describes
them. The services write the answers themselves (plain dicts, exact figures); the tests check
real answers against these schemas."""
from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from marshmallow import fields, validate

from trainings import places
from trainings.assessments.models import QuestionKind
from trainings.attendance.models import CheckInMethod
from trainings.field.presentation import KINDS as FIELD_KINDS
from trainings.registry.models import Sex
from trainings.reports.statistics import GROUPS
from trainings.schedule.models import Period, SessionStatus


class Object(ma.Schema):
    """A JSON object with exactly these keys (additionalProperties: false), every one present
    but the `optional` ones: a figure that is undefined is null, not missing."""

    optional: tuple[str, ...] = ()

    def on_bind_field(self, field_name: str, field_obj: fields.Field) -> None:
        field_obj.required = field_name not in self.optional


class Inline(Object):
    """An object written in place in the document, not as a named component."""


def inline(properties: dict[str, fields.Field]) -> fields.Nested:
    return fields.Nested(Inline.from_dict(properties))


def array(schema: type[ma.Schema], **kwargs) -> fields.List:
    return fields.List(fields.Nested(schema), **kwargs)


def code(codes, description, **kwargs) -> fields.String:
    return fields.String(validate=validate.OneOf([str(code) for code in codes]),
                         metadata={"description": description}, **kwargs)


def integer() -> fields.Integer:
    return fields.Integer()


def count() -> fields.Integer:
    return fields.Integer(validate=validate.Range(min=0))


def number() -> fields.Float:
    """A figure, null when undefined."""
    return fields.Float(allow_none=True)


def share() -> fields.Float:
    return fields.Float(allow_none=True, validate=validate.Range(0, 1))


def day() -> fields.Date:
    return fields.Date(metadata={"description": _l("Date ISO 8601 (AAAA-MM-JJ).")})


def instant(description=_l("Instant ISO 8601 en UTC, à la seconde, suffixé « Z »."),
            **kwargs) -> fields.DateTime:
    return fields.DateTime(metadata={"description": description}, **kwargs)


def local_time() -> fields.String:
    return fields.String(validate=validate.Regexp(r"^([01]\d|2[0-3]):[0-5]\d$"), metadata={
        "description": _l("Heure locale du Maroc (Africa/Casablanca), HH:MM.")})


def url(description=None, **kwargs) -> fields.String:
    metadata = {"format": "uri"} | ({"description": description} if description else {})
    return fields.String(metadata=metadata, **kwargs)


def region_code() -> fields.String:
    return code(places.REGIONS, _l("Code de région."))


def province_code() -> fields.String:
    return code(places.PROVINCES, _l("Code de province ou de préfecture."))


def theme_code() -> fields.String:
    return code(places.THEMES, _l("Code de thème de la formation."))


def period_code() -> fields.String:
    return code(Period, _l("Demi-journée : matin ou après-midi."))


class Error(Object):
    optional = ("parameter", "received")

    error = fields.String(metadata={"description": _l("Message en français.")})
    parameter = fields.String(metadata={"description": _l("Le paramètre refusé (400).")})
    received = fields.Integer(validate=validate.Range(min=0), metadata={"description": _l(
        "Octets du paquet déjà reçus par le serveur : reprendre l'envoi ici (409).")})


# Sessions ------------------------------------------------------------------------------------

class HalfDay(Object):
    id = integer()
    date = day()
    period = period_code()
    start = local_time()
    end = local_time()


class Session(Object):
    id = integer()
    title = fields.String()
    training = fields.String()
    training_id = integer()
    theme = theme_code()
    region = region_code()
    province = province_code()
    start_date = day()
    end_date = day()
    status = code(SessionStatus, _l("Statut de la session."))
    half_days = array(HalfDay)


class SessionList(Object):
    sessions = array(Session)


class ParticipantLinks(Object):
    pre_test = url(_l("Lien du pré-test, null quand il est fermé."), allow_none=True)
    post_test = url(_l("Lien du post-test, null quand il est fermé."), allow_none=True)
    satisfaction = url(_l("Lien du questionnaire de satisfaction, null quand il est fermé."),
                       allow_none=True)


class SessionDetail(Session):
    registered = count()
    links = fields.Nested(ParticipantLinks)


# Attendance ------------------------------------------------------------------------------------

class AttendanceRow(Object):
    participant_id = integer()
    last_name = fields.String()
    first_name = fields.String()
    sex = fields.String(allow_none=True, validate=validate.OneOf([str(sex) for sex in Sex]),
                        metadata={"description": _l("null quand le sexe n'est pas renseigné.")})
    organization = fields.String(allow_none=True)
    organization_kind = code(places.ORGANIZATION_KINDS, _l("Code de type d'organisation."),
                             allow_none=True)
    half_day_id = integer()
    date = day()
    period = period_code()
    checked_in_at = instant()
    method = code(CheckInMethod, _l("Façon dont la présence a été prise."))


class Attendance(Object):
    session_id = integer()
    rows = array(AttendanceRow)


# The question bank -----------------------------------------------------------------------------

class Question(Object):
    id = integer()
    type = code(QuestionKind, _l("Type de question."))
    text = fields.String()
    points = fields.Float(metadata={"exclusiveMinimum": 0})
    choices = fields.List(inline({"id": integer(), "text": fields.String(),
                                  "correct": fields.Boolean()}))


class Questions(Object):
    questions = array(Question)


# The check-in link -----------------------------------------------------------------------------

class CheckinLink(Object):
    state = code(("open", "not_yet", "closed_by_staff", "over"), _l(
        "L'état du pointage : open (ouvert), not_yet (pas encore ouvert), closed_by_staff "
        "(fermé par l'équipe), over (terminé)."))
    url = url(_l("Le lien projeté ; null quand le pointage est fermé (rien n'est projeté)."),
              allow_none=True)
    expires_at = instant(_l(
        "Jusqu'à quand le lien est accepté : fin de la rotation suivante quand le QR code "
        "tourne ; sinon fin de la fenêtre de pointage ; null quand l'équipe a ouvert le "
        "pointage à la main (jusqu'à ce qu'elle le ferme), ou quand il est fermé."),
        allow_none=True)
    opens_at = instant(_l("Quand le pointage s'ouvrira de lui-même (state not_yet) ; null "
                          "sinon."), allow_none=True)


# Knowledge gains -------------------------------------------------------------------------------

# The table of docs/statistics.md, key for key.
GAIN_FIGURES = {
    "n_pre": count, "n_post": count, "n_paired": count,
    "mean_pre": number, "mean_post": number, "mean_gain": number,
    "ci95_low": number, "ci95_high": number,
    "normalized_gain": number, "effect_size_dz": number,
    "improved": count, "stable": count, "declined": count,
    "share_pass_pre": share, "share_pass_post": share,
    "wilcoxon_p": share,
}
GainGroup = Object.from_dict({key: figure() for key, figure in GAIN_FIGURES.items()},
                             name="GainGroup")
QUESTION_FIGURES = {"n": count, "pre": share, "post": share, "difference": number}


class QuestionFigures(Object):
    question_id = integer()
    text = fields.String()
    groups = inline({group: inline({key: figure() for key, figure in QUESTION_FIGURES.items()})
                     for group in GROUPS})


class Gains(Object):
    optional = ("questions",)

    pass_mark = fields.Float(metadata={"description": _l("Seuil de réussite, en %.")})
    n_sessions = count()
    groups = inline({group: fields.Nested(GainGroup) for group in GROUPS})
    gap_women_minus_men = inline({"mean_gain": number(), "normalized_gain": number()})
    questions = array(QuestionFigures, metadata={"description": _l(
        "Par question : seulement pour une session.")})


# Field results pushed from a laptop -----------------------------------------------------------

class Piece(Object):
    received = fields.Integer(validate=validate.Range(min=0), metadata={
        "description": _l("Octets reçus jusqu'ici.")})
    size = fields.Integer(validate=validate.Range(min=1), metadata={
        "description": _l("Taille du paquet entier, en octets.")})
    complete = fields.Boolean(metadata={"description": _l("Le paquet est arrivé en entier.")})


class UploadState(Piece):
    applied = fields.Boolean(metadata={"description": _l("Le paquet a déjà été importé.")})


def _by_kind(description) -> fields.Nested:
    return fields.Nested(Inline.from_dict({kind: count() for kind in FIELD_KINDS}),
                         metadata={"description": description})


class ImportReport(Object):
    session_id = integer()
    session_title = fields.String()
    applied = fields.Boolean(metadata={"description": _l("false pour un aperçu (rien "
                                                         "d'écrit).")})
    nothing_new = fields.Boolean(metadata={"description": _l(
        "Tout ce que contient le paquet est déjà dans la base.")})
    summary = fields.String(metadata={"description": _l("Le bilan, en une phrase.")})
    added = _by_kind(_l("Enregistrements ajoutés, par sorte."))
    already = _by_kind(_l("Enregistrements déjà présents, par sorte."))
    removed = _by_kind(_l("Enregistrements retirés (annulés sur le terrain), par sorte."))
    walk_ins = fields.List(inline({
        "new": fields.Boolean(), "matched_by": fields.String(allow_none=True),
        "text": fields.String()}), metadata={"description": _l(
            "Les personnes arrivées sans inscription, reconnues ou nouvelles.")})
    conflicts = fields.List(inline({"kind": fields.String(), "text": fields.String()}),
                            metadata={"description": _l("Les conflits avec la base centrale.")})


# Indicators of the progress report ---------------------------------------------------------------

class IndicatorFigure(Object):
    value = number()
    n = count()
    small_group = fields.Boolean(metadata={"description": _l(
        "Taux, part ou moyenne portant sur moins de 5 personnes.")})
    ci95_low = number()
    ci95_high = number()
    previous = number()
    cumulative = number()
    year_to_date = number()
    target = number()
    progress = number()
    behind = fields.Boolean(allow_none=True, metadata={"description": _l(
        "En retard sur la cible ; null sans cible.")})


class IndicatorGroups(Object):
    optional = ("women", "men", "unknown")

    women = fields.Nested(IndicatorFigure)
    men = fields.Nested(IndicatorFigure)
    unknown = fields.Nested(IndicatorFigure)
    total = fields.Nested(IndicatorFigure)


class Indicator(Object):
    key = fields.String()
    definition = fields.String(metadata={"description": _l(
        "Où l'indicateur est défini : docs/indicateurs.md#clé.")})
    unit = fields.String(validate=validate.OneOf(["count", "percent", "points", "rating"]))
    by_sex = fields.Boolean()
    groups = fields.Nested(IndicatorGroups)


def span(nullable_start: bool = False):
    return inline({"from": fields.Date(allow_none=nullable_start), "to": fields.Date()})


class Indicators(Object):
    period = span()
    previous = span()
    cumulative = span(nullable_start=True)
    region = fields.String(allow_none=True)
    theme = fields.String(allow_none=True)
    completion_threshold = count()
    targets_year = integer()
    indicators = array(Indicator)
