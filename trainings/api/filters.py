"""The query parameters of the API's lists: each a subset of the one selection schema
(trainings.schedule.selection), read strictly. An unknown parameter or value is a 400 that names it,
never silently ignored (a typo must not widen a donor report)."""
from __future__ import annotations

from collections.abc import Mapping

import marshmallow as ma
from flask_babel import gettext as _
from webargs.flaskparser import FlaskParser

from trainings.api.errors import BadFilter
from trainings.progress.services import ProgressSelection
from trainings.reports.services import ReportFilters
from trainings.schedule.services import SessionFilters
from trainings.schedule.selection import SelectionSchema, with_page_names

SESSIONS = SelectionSchema(SessionFilters)  # the session list's criteria
GAINS = SelectionSchema(ReportFilters)  # the programme report's
INDICATORS = SelectionSchema(ProgressSelection)  # the progress report's
SESSION_PARAMETERS = SESSIONS.parameters
GAIN_PARAMETERS = GAINS.parameters


def documented(accepted: tuple[str, ...]) -> tuple[str, ...]:
    """The parameters an endpoint accepts: its own names, then the pages' names of those."""
    return with_page_names(accepted)


def refusal(messages: Mapping[str, list[str]], schema: SelectionSchema,
            args: Mapping[str, str]) -> BadFilter:
    """The one error to answer among the schema's: an unknown parameter first, then the
    first refused one in the query's order (a period refused as a whole names its start, as
    given: « from » or « date_from »; a province outside the region names « province »)."""
    for given in args:
        if given not in schema.attributes:
            return BadFilter(given, _(
                "Paramètre inconnu « %(name)s » (paramètres acceptés : %(accepted)s).",
                name=given, accepted=", ".join(schema.parameters)))
    name = next((given for given in args if given in messages), next(iter(messages)))
    return BadFilter(name, messages[name][0])


def single_value_problem(name: str, values: list[str]) -> str | None:
    """What is wrong with a criterion's values in the API's query string: given twice, or
    empty (where a page reads « no filter »); None when it is one value to judge."""
    if len(values) > 1:
        return _("Paramètre « %(name)s » donné %(count)s fois : un filtre prend une seule "
                 "valeur.", name=name, count=len(values))
    if not values[0].strip():
        return _("Paramètre « %(name)s » vide : donnez une valeur, ou retirez le paramètre.",
                 name=name)
    return None


class QueryParser(FlaskParser):
    """webargs' parser for the API: a query string's unknown parameters are refused (the
    schema's RAISE, where webargs would exclude them), and a refusal is a BadFilter: a 400
    in JSON naming the parameter, not webargs' 422."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   "query": None, "querystring": None}
    DEFAULT_VALIDATION_STATUS = 400

    def load_querystring(self, req, schema: SelectionSchema):
        """Stricter than the pages, where an empty value is a form's « Toutes » and the first
        of two values is read: a script that sends either has a bug, refused before the
        schema reads the query (which then refuses unknown parameters, even empty or
        repeated)."""
        if req.args.keys() <= schema.attributes.keys():
            for name in req.args:
                if (problem := single_value_problem(name, req.args.getlist(name))):
                    raise BadFilter(name, problem)
        return super().load_querystring(req, schema)

    def handle_error(self, error: ma.ValidationError, req, schema, *, error_status_code,
                     error_headers):
        raise refusal(error.messages["query"], schema, req.args)
