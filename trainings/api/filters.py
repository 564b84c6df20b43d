"""The query parameters of the API's lists: each a subset of the one selection schema
(trainings.schedule.selection), read strictly. An unknown parameter or value is a 400 that names it,
never silently ignored (a typo must not widen a donor report)."""
from __future__ import annotations

from collections.abc import Mapping

import marshmallow as ma
from flask_babel import gettext as _
from webargs.flaskparser import FlaskParser

from trainings.api.errors import BadFilter
from trainings.reports.services import ReportFilters
from trainings.schedule.services import SessionFilters
from trainings.schedule.selection import SelectionSchema, with_page_names

SESSIONS = SelectionSchema(SessionFilters)  # the session list's criteria
GAINS = SelectionSchema(ReportFilters)  # the programme report's
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


class QueryParser(FlaskParser):
    """webargs' parser for the API: a query string's unknown parameters are refused (the
    schema's RAISE, where webargs would exclude them), and a refusal is a BadFilter: a 400
    in JSON naming the parameter, not webargs' 422."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION,
                                   "query": None, "querystring": None}
    DEFAULT_VALIDATION_STATUS = 400

    def handle_error(self, error: ma.ValidationError, req, schema, *, error_status_code,
                     error_headers):
        raise refusal(error.messages["query"], schema, req.args)
