"""The one selection schema, without an app: it loads query strings into the dataclass it is
given, under the API's names and the pages' alike, and refuses with French sentences that name
the parameter."""
from __future__ import annotations

from datetime import date
from urllib.parse import parse_qsl

import marshmallow as ma
import pytest
from werkzeug.datastructures import MultiDict

from trainings.reports.services import ReportFilters
from trainings.schedule.services import SessionFilters
from trainings.schedule.selection import SelectionSchema, with_page_names

SESSIONS = ("region", "province", "theme", "training", "audience", "status", "from", "to")
GAINS = ("region", "province", "training", "theme", "audience_of_people", "from", "to",
         "min_attendance")


def load(names, query: str, dataclass=SessionFilters):
    pairs = parse_qsl(query, keep_blank_values=True)
    return SelectionSchema(dataclass, names).load(MultiDict(pairs))


def refusal(names, query: str) -> dict:
    with pytest.raises(ma.ValidationError) as error:
        load(names, query)
    return error.value.messages


def test_it_loads_into_the_dataclass_it_is_given():
    assert load(SESSIONS, "region=oriental&training=3&from=2026-01-01&status=held") == \
        SessionFilters(region="oriental", training_id=3, date_from=date(2026, 1, 1),
                       status="held")
    assert load(GAINS, "audience=diaspora&min_attendance=80&to=2026-12-31", ReportFilters) == \
        ReportFilters(audience="diaspora", min_attendance=80, date_to=date(2026, 12, 31))


def test_the_pages_names_load_into_the_same_fields():
    assert load(SESSIONS, "training_id=3&date_from=2026-01-01&date_to=2026-02-01") == \
        load(SESSIONS, "training=3&from=2026-01-01&to=2026-02-01")
    # The same value under both names is one filter.
    assert load(SESSIONS, "from=2026-01-01&date_from=2026-01-01").date_from == date(2026, 1, 1)


def test_empty_values_are_no_filter_and_values_are_trimmed():
    assert load(SESSIONS, "region=&theme=%20&province=") == SessionFilters()
    assert load(SESSIONS, "region= oriental ").region == "oriental"


def test_the_first_of_repeated_values_counts():
    assert load(SESSIONS, "region=oriental&region=souss-massa").region == "oriental"


def test_only_the_names_given_are_accepted():
    schema = SelectionSchema(SessionFilters, ("region", "from"))
    assert schema.parameters == ("region", "from")
    assert list(schema.fields) == ["region", "from", "date_from"]
    assert set(refusal(("region", "from"), "theme=pac&region=oriental")) == {"theme"}
    assert set(refusal(GAINS, "status=held")) == {"status"}


@pytest.mark.parametrize("query, parameter, words", [
    ("region=nowhere", "region", "Valeur inconnue « nowhere »"),
    ("training=0", "training", "« 0 » n'est pas un identifiant de formation"),
    ("training=%2B3", "training", "« +3 » n'est pas un identifiant de formation"),
    ("training=1_000", "training", "« 1_000 » n'est pas un identifiant de formation"),
    ("to=20261207", "to", "n'est pas une date ISO (AAAA-MM-JJ)"),
    ("date_from=2026-02-30", "date_from", "n'est pas une date ISO"),
    ("from=2026-12-08&to=2026-12-07", "from", "le 2026-12-08 est après « to »"),
    ("region=oriental&province=tiznit", "province", "n'est pas dans la région « oriental »"),
    ("from=2026-01-01&date_from=2026-02-01", "date_from", "deux valeurs différentes"),
    ("date_from=2026-02-01&from=2026-01-01", "from", "deux valeurs différentes"),
])
def test_a_refusal_is_a_french_sentence_naming_the_parameter(query, parameter, words):
    (message,) = refusal(SESSIONS, query)[parameter]
    assert f"« {parameter} »" in message and words in message


def test_a_percentage_is_whole_and_within_0_and_100():
    for value in ("101", "-1", "half", "12.5"):
        (message,) = refusal(GAINS, f"min_attendance={value}")["min_attendance"]
        assert message == (f"Paramètre « min_attendance » : « {value} » n'est pas un "
                           "pourcentage entier entre 0 et 100.")


def test_the_pages_names_come_after_the_schemas_own():
    assert with_page_names(("from", "region", "training")) == (
        "from", "region", "training", "training_id", "date_from")
