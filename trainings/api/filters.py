"""The query parameters of the API's lists, read strictly: an unknown parameter or value is a
400 that names it, never silently ignored (a typo must not widen a donor report)."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

from flask_babel import gettext as _

from trainings import places
from trainings.api.errors import BadFilter
from trainings.reports.services import ReportFilters
from trainings.schedule.models import SessionStatus
from trainings.schedule.services import SessionFilters

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
INTEGER = re.compile(r"\d{1,9}")


def _code(choices) -> Callable[[str, str], str]:
    def parse(name: str, raw: str) -> str:
        if raw not in choices:
            raise BadFilter(name, _(
                "Paramètre « %(name)s » : valeur inconnue « %(value)s » (valeurs possibles : "
                "%(choices)s).", name=name, value=raw, choices=", ".join(choices)))
        return raw

    return parse


def _iso_date(name: str, raw: str) -> date:
    try:
        if not ISO_DATE.fullmatch(raw):
            raise ValueError(raw)
        return date.fromisoformat(raw)
    except ValueError:
        raise BadFilter(name, _(
            "Paramètre « %(name)s » : « %(value)s » n'est pas une date ISO (AAAA-MM-JJ).",
            name=name, value=raw)) from None


def _training(name: str, raw: str) -> int:
    if not INTEGER.fullmatch(raw) or int(raw) < 1:
        raise BadFilter(name, _(
            "Paramètre « %(name)s » : « %(value)s » n'est pas un identifiant de formation "
            "(entier positif).", name=name, value=raw))
    return int(raw)


def _percent(name: str, raw: str) -> int:
    if not INTEGER.fullmatch(raw) or int(raw) > 100:
        raise BadFilter(name, _(
            "Paramètre « %(name)s » : « %(value)s » n'est pas un pourcentage entier entre 0 et "
            "100.", name=name, value=raw))
    return int(raw)


PARSERS: dict[str, Callable[[str, str], object]] = {
    "region": _code(list(places.REGIONS)),
    "province": _code(list(places.PROVINCES)),
    "theme": _code(list(places.THEMES)),
    "training": _training,
    "audience": _code(list(places.ORGANIZATION_KINDS)),
    "status": _code([status.value for status in SessionStatus]),
    "from": _iso_date,
    "to": _iso_date,
    "min_attendance": _percent,
}

SESSION_PARAMETERS = ("region", "province", "theme", "training", "audience", "status", "from",
                      "to")
GAIN_PARAMETERS = ("region", "province", "training", "theme", "audience", "from", "to",
                   "min_attendance")
# The names the pages' filter forms use, accepted too: a script built from a page's address
# works as it is.
ALIASES = {"training_id": "training", "date_from": "from", "date_to": "to"}


def documented(accepted: tuple[str, ...]) -> tuple[str, ...]:
    """The parameters an endpoint accepts: its own names, then the aliases of those."""
    return accepted + tuple(alias for alias, name in ALIASES.items() if name in accepted)


def parse(args: Mapping[str, str], accepted: tuple[str, ...]) -> dict[str, object]:
    """The non-empty parameters among `accepted` (or their aliases), converted; BadFilter for
    anything else."""
    raw_values: dict[str, tuple[str, str]] = {}
    for given in args:
        name = ALIASES.get(given, given)
        if name not in accepted:
            raise BadFilter(given, _(
                "Paramètre inconnu « %(name)s » (paramètres acceptés : %(accepted)s).",
                name=given, accepted=", ".join(accepted)))
        raw = (args.get(given) or "").strip()
        if not raw:
            continue
        if name in raw_values and raw_values[name][1] != raw:
            raise BadFilter(given, _(
                "Paramètres « %(name)s » et « %(other)s » : deux valeurs différentes pour le "
                "même filtre.", name=given, other=raw_values[name][0]))
        raw_values[name] = (given, raw)
    values = {name: PARSERS[name](given, raw) for name, (given, raw) in raw_values.items()}
    if "from" in values and "to" in values and values["from"] > values["to"]:
        raise BadFilter("from", _("Paramètre « from » : le %(start)s est après « to », le "
                                  "%(end)s.", start=values["from"], end=values["to"]))
    if "region" in values and "province" in values \
            and places.region_of_province(values["province"]) != values["region"]:
        raise BadFilter("province", _(
            "Paramètre « province » : « %(province)s » n'est pas dans la région « %(region)s ».",
            province=values["province"], region=values["region"]))
    return values


def session_filters(args: Mapping[str, str]) -> SessionFilters:
    values = parse(args, SESSION_PARAMETERS)
    return SessionFilters(
        region=values.get("region"), province=values.get("province"), theme=values.get("theme"),
        training_id=values.get("training"), audience=values.get("audience"),
        status=values.get("status"), date_from=values.get("from"), date_to=values.get("to"))


def report_filters(args: Mapping[str, str]) -> ReportFilters:
    values = parse(args, GAIN_PARAMETERS)
    return ReportFilters(
        region=values.get("region"), province=values.get("province"),
        training_id=values.get("training"), theme=values.get("theme"),
        audience=values.get("audience"), date_from=values.get("from"),
        date_to=values.get("to"), min_attendance=values.get("min_attendance"))
