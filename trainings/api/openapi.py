"""The OpenAPI 3.1 description of the read API, served at /api/v1/openapi.json. Tests keep it
true: every rule is described, the document is valid, real answers match their schemas."""
from __future__ import annotations

import copy

from trainings import places
from trainings.reports.statistics import GROUPS
from trainings.schedule.models import Period, SessionStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict, optional: tuple[str, ...] = ()) -> dict:
    """An object with exactly these keys, all required but the optional ones."""
    return {"type": "object", "additionalProperties": False, "properties": properties,
            "required": [name for name in properties if name not in optional]}


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


INTEGER = {"type": "integer"}
STRING = {"type": "string"}
NUMBER_OR_NULL = {"type": ["number", "null"]}
DATE = {"type": "string", "format": "date", "description": "Date ISO 8601 (AAAA-MM-JJ)."}
INSTANT = {"type": "string", "format": "date-time",
           "description": "Instant ISO 8601 en UTC, à la seconde, suffixé « Z »."}
LOCAL_TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$",
              "description": "Heure locale du Maroc (Africa/Casablanca), HH:MM."}
URL = {"type": "string", "format": "uri"}


def _enum(codes, description: str) -> dict:
    return {"type": "string", "enum": list(codes), "description": description}


REGION = _enum(places.REGIONS, "Code de région.")
PROVINCE = _enum(places.PROVINCES, "Code de province ou de préfecture.")
THEME = _enum(places.THEMES, "Code de thème de la formation.")
KIND = _enum(places.ORGANIZATION_KINDS, "Code de type d'organisation.")
STATUS = _enum([status.value for status in SessionStatus], "Statut de la session.")
PERIOD = _enum([period.value for period in Period], "Demi-journée : matin ou après-midi.")

HALF_DAY = _object({"id": INTEGER, "date": DATE, "period": PERIOD, "start": LOCAL_TIME,
                    "end": LOCAL_TIME})

SESSION_PROPERTIES = {
    "id": INTEGER,
    "title": STRING,
    "training": STRING,
    "training_id": INTEGER,
    "theme": THEME,
    "region": REGION,
    "province": PROVINCE,
    "start_date": DATE,
    "end_date": DATE,
    "status": STATUS,
    "half_days": {"type": "array", "items": _ref("HalfDay")},
}

PARTICIPANT_LINKS = _object({
    name: {**_nullable(URL), "description": description} for name, description in (
        ("pre_test", "Lien du pré-test, null quand il est fermé."),
        ("post_test", "Lien du post-test, null quand il est fermé."),
        ("satisfaction", "Lien du questionnaire de satisfaction, null quand il est fermé."))})

ATTENDANCE_ROW = _object({
    "participant_id": INTEGER,
    "last_name": STRING,
    "first_name": STRING,
    "sex": {"type": ["string", "null"], "enum": ["female", "male", None],
            "description": "null quand le sexe n'est pas renseigné."},
    "organization": {"type": ["string", "null"]},
    "organization_kind": _nullable(KIND),
    "half_day_id": INTEGER,
    "date": DATE,
    "period": PERIOD,
    "checked_in_at": INSTANT,
    "method": _enum(["qr", "badge", "manual", "paper"], "Façon dont la présence a été prise."),
})

QUESTION = _object({
    "id": INTEGER,
    "type": _enum(["single", "multiple", "true-false"], "Type de question."),
    "text": STRING,
    "points": {"type": "number", "exclusiveMinimum": 0},
    "choices": {"type": "array", "items": _object({"id": INTEGER, "text": STRING,
                                                   "correct": {"type": "boolean"}})},
})

COUNT = {"type": "integer", "minimum": 0}
SHARE = {"type": ["number", "null"], "minimum": 0, "maximum": 1}
# The table of docs/statistics.md, key for key.
GAIN_GROUP = _object({
    "n_pre": COUNT, "n_post": COUNT, "n_paired": COUNT,
    "mean_pre": NUMBER_OR_NULL, "mean_post": NUMBER_OR_NULL, "mean_gain": NUMBER_OR_NULL,
    "ci95_low": NUMBER_OR_NULL, "ci95_high": NUMBER_OR_NULL,
    "normalized_gain": NUMBER_OR_NULL, "effect_size_dz": NUMBER_OR_NULL,
    "improved": COUNT, "stable": COUNT, "declined": COUNT,
    "share_pass_pre": SHARE, "share_pass_post": SHARE,
    "wilcoxon_p": SHARE,
})

QUESTION_FIGURES = _object({
    "question_id": INTEGER,
    "text": STRING,
    "groups": _object({group: _object({"n": COUNT, "pre": SHARE, "post": SHARE,
                                       "difference": NUMBER_OR_NULL}) for group in GROUPS}),
})

GAINS = _object({
    "pass_mark": {"type": "number", "description": "Seuil de réussite, en %."},
    "n_sessions": COUNT,
    "groups": _object({group: _ref("GainGroup") for group in GROUPS}),
    "gap_women_minus_men": _object({"mean_gain": NUMBER_OR_NULL,
                                    "normalized_gain": NUMBER_OR_NULL}),
    "questions": {"type": "array", "items": _ref("QuestionFigures"),
                  "description": "Par question : seulement pour une session."},
}, optional=("questions",))

SCHEMAS = {
    "Error": _object({"error": {**STRING, "description": "Message en français."},
                      "parameter": {**STRING, "description": "Le paramètre refusé (400)."}},
                     optional=("parameter",)),
    "HalfDay": HALF_DAY,
    "Session": _object(SESSION_PROPERTIES),
    "SessionList": _object({"sessions": {"type": "array", "items": _ref("Session")}}),
    "SessionDetail": _object({**SESSION_PROPERTIES, "registered": COUNT,
                              "links": _ref("ParticipantLinks")}),
    "ParticipantLinks": PARTICIPANT_LINKS,
    "AttendanceRow": ATTENDANCE_ROW,
    "Attendance": _object({"session_id": INTEGER,
                           "rows": {"type": "array", "items": _ref("AttendanceRow")}}),
    "Question": QUESTION,
    "Questions": _object({"questions": {"type": "array", "items": _ref("Question")}}),
    "CheckinLink": _object({
        "url": URL,
        "expires_at": {**_nullable(INSTANT), "description": (
            "Jusqu'à quand le lien est accepté : fin de la rotation suivante quand le QR code "
            "tourne ; sinon fin de la fenêtre de pointage ; null quand l'équipe a ouvert le "
            "pointage à la main (jusqu'à ce qu'elle le ferme).")},
    }),
    "GainGroup": GAIN_GROUP,
    "QuestionFigures": QUESTION_FIGURES,
    "Gains": GAINS,
}


def _parameter(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


PARAMETERS = {
    "region": _parameter("region", REGION, "Région des sessions."),
    "province": _parameter("province", PROVINCE, "Province des sessions (de la région donnée)."),
    "theme": _parameter("theme", THEME, "Thème de la formation."),
    "training": _parameter("training", {"type": "integer", "minimum": 1},
                           "Identifiant de la formation."),
    "audience": _parameter("audience", KIND, "Type d'organisation."),
    "status": _parameter("status", STATUS, "Statut de la session."),
    "from": _parameter("from", {"type": "string", "format": "date"},
                       "Début de la période (AAAA-MM-JJ) : sessions qui la chevauchent."),
    "to": _parameter("to", {"type": "string", "format": "date"},
                     "Fin de la période (AAAA-MM-JJ), pas avant « from »."),
    "min_attendance": _parameter(
        "min_attendance", {"type": "integer", "minimum": 0, "maximum": 100},
        "Ne garder que les personnes présentes à au moins ce % des demi-journées."),
}
for _alias, _name in (("training_id", "training"), ("date_from", "from"), ("date_to", "to")):
    PARAMETERS[_alias] = {**PARAMETERS[_name], "name": _alias,
                          "description": f"Autre nom de « {_name} » (celui des pages)."}
PARAMETERS["audience_of_people"] = {
    **PARAMETERS["audience"],
    "description": "Type d'organisation des participant·e·s."}


def _path_id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"},
            "description": description}


def _json(schema: str, description: str) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref(schema)}}}


def _error(description: str, **extra) -> dict:
    return {"description": description,
            "content": {"application/json": {"schema": _ref("Error")}}, **extra}


RESPONSES = {
    "BadFilter": _error("Paramètre inconnu ou valeur invalide ; « parameter » le nomme."),
    "Unauthorized": _error("Jeton absent, inconnu, révoqué, ou compte désactivé.", headers={
        "WWW-Authenticate": {"schema": STRING, "description": "Bearer"}}),
    "Forbidden": _error("Hors de la région d'un compte de coordination."),
    "NotFound": _error("Identifiant inconnu."),
}


def _operation(summary: str, ok: dict, parameters: list | None = None,
               errors: tuple[str, ...] = ("Unauthorized", "Forbidden", "NotFound")) -> dict:
    responses = {"200": ok}
    codes = {"BadFilter": "400", "Unauthorized": "401", "Forbidden": "403", "NotFound": "404"}
    for name in errors:
        responses[codes[name]] = {"$ref": f"#/components/responses/{name}"}
    operation = {"summary": summary, "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    return {"get": operation}


def _query(*names: str) -> list[dict]:
    return [{"$ref": f"#/components/parameters/{name}"} for name in names]


SESSION_ID = _path_id("session_id", "Identifiant de la session.")
WORKBOOK = {"description": "Classeur Excel (pièce jointe).",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}}}
LIST_ERRORS = ("BadFilter", "Unauthorized", "Forbidden")

PATHS = {
    "/openapi.json": {"get": {
        "summary": "Ce document (sans authentification).", "security": [],
        "responses": {"200": {"description": "Document OpenAPI 3.1.",
                              "content": {"application/json": {"schema": {"type": "object"}}}}},
    }},
    "/sessions": _operation(
        "Sessions visibles par le compte, filtrées comme la liste des sessions.",
        _json("SessionList", "Les sessions, par date de début."),
        _query("region", "province", "theme", "training", "audience", "status", "from", "to",
               "training_id", "date_from", "date_to"),
        LIST_ERRORS),
    "/sessions/{session_id}": _operation(
        "Une session, son nombre d'inscrit·e·s et les liens ouverts aux participant·e·s.",
        _json("SessionDetail", "La session."), [SESSION_ID]),
    "/sessions/{session_id}/attendance": _operation(
        "Les présences de la session, une ligne par personne et demi-journée (téléchargement "
        "journalisé).", _json("Attendance", "Les présences."), [SESSION_ID]),
    "/sessions/{session_id}/attendance.xlsx": _operation(
        "Le classeur d'émargement de la session (comme la page ; journalisé).", WORKBOOK,
        [SESSION_ID]),
    "/sessions/{session_id}/gains": _operation(
        "Gains de connaissances de la session par sexe, et par question.",
        _json("Gains", "Chiffres non arrondis, null quand non définis."), [SESSION_ID]),
    "/sessions/{session_id}/gains.xlsx": _operation(
        "Le classeur des gains de la session (comme la page).", WORKBOOK, [SESSION_ID]),
    "/gains": _operation(
        "Gains de connaissances poolés sur les sessions choisies (paires de toutes les "
        "sessions, jamais une moyenne de moyennes).",
        _json("Gains", "Chiffres non arrondis, null quand non définis."),
        _query("region", "province", "training", "theme", "audience_of_people", "from", "to",
               "min_attendance", "training_id", "date_from", "date_to"), LIST_ERRORS),
    "/trainings/{training_id}/questions": _operation(
        "La banque de questions d'une formation, bonnes réponses comprises.",
        _json("Questions", "Les questions dans l'ordre de la banque."),
        [_path_id("training_id", "Identifiant de la formation.")], ("Unauthorized", "NotFound")),
    "/half-days/{half_day_id}/checkin-link": _operation(
        "Le lien de pointage que la page de projection montre en ce moment.",
        _json("CheckinLink", "Le lien et sa fin de validité."),
        [_path_id("half_day_id", "Identifiant de la demi-journée.")]),
}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "Formations genre et migration — API de lecture",
        "version": "1.0.0",
        "description": (
            "Lecture seule (GET). Authentification : en-tête « Authorization: Bearer <jeton> », "
            "jeton créé depuis « Mon compte » ou par `flask --app wsgi users token EMAIL`. "
            "Mêmes droits que les pages : un compte de coordination ne voit que sa région "
            "(403 ailleurs). Codes des régions, provinces, thèmes et types d'organisation "
            "plutôt que libellés ; dates ISO 8601 (AAAA-MM-JJ) ; heures des demi-journées en "
            "heure locale du Maroc (HH:MM) ; instants en UTC (AAAA-MM-JJTHH:MM:SSZ). Erreurs : "
            "{\"error\": message} en JSON."),
    },
    "servers": [{"url": "/api/v1"}],
    "security": [{"bearerAuth": []}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer",
                                           "description": "Jeton d'API opaque."}},
        "schemas": SCHEMAS,
        "parameters": PARAMETERS,
        "responses": RESPONSES,
    },
}


def document() -> dict:
    return copy.deepcopy(DOCUMENT)
