"""A bounded fuzz of the read API from its own OpenAPI document: every GET path, its path
identifiers and its documented query parameters, given valid, odd and hostile values (huge
numbers, empty, repeated, unknown, control characters, Arabic digits, formulas). Whatever
the values, the API answers; it never fails with a 5xx."""
from __future__ import annotations

import string

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests import factories
from tests.test_api import API, bearer
from trainings.auth.models import Role
from trainings.extensions import db
from trainings.schedule.models import HalfDay

EXAMPLES = 200  # in all, over every path: about 10 s

HOSTILE = ["", " ", "=HYPERLINK(\"http://x\")", "<script>alert(1)</script>", "٢٠٢٦-١٢-٠١",
           "2026-12-07\x00", "\x1b[31m", "99999999999999999999", "-1", "0", "1e3", "9999-12-31",
           "0001-01-01", "2026-02-30", "x" * 10_000]


def _resolved(document: dict, item: dict) -> dict:
    if "$ref" in item:
        _hash, _components, kind, name = item["$ref"].split("/")
        return document["components"][kind][name]
    return item


def operations(document: dict) -> list[tuple[str, list[dict]]]:
    """Each GET path of the document, with its parameters (the path's and the operation's)."""
    found = []
    for path, item in document["paths"].items():
        if "get" in item:
            parameters = item.get("parameters", []) + item["get"].get("parameters", [])
            found.append((path, [_resolved(document, p) for p in parameters]))
    return found


def value_of(schema: dict, known_ids: list[int]) -> st.SearchStrategy[str]:
    """Values the schema allows, and values it does not."""
    allowed: list[st.SearchStrategy] = []
    if "enum" in schema:
        allowed.append(st.sampled_from(schema["enum"]))
    if schema.get("type") == "integer":
        allowed += [st.integers(schema.get("minimum"), schema.get("maximum")).map(str),
                    st.sampled_from(known_ids).map(str), st.integers().map(str)]
    if schema.get("format") == "date":
        allowed.append(st.dates().map(lambda day: day.isoformat()))
    return st.one_of(*allowed, st.sampled_from(HOSTILE), st.text(max_size=20))


@st.composite
def requests(draw, document: dict, known_ids: list[int]):
    path, parameters = draw(st.sampled_from(operations(document)))
    url = path
    for parameter in parameters:
        if parameter["in"] == "path":
            number = draw(st.one_of(st.sampled_from(known_ids), st.integers(0, 2**31),
                                    st.integers(2**31, 2**80)))
            url = url.replace("{%s}" % parameter["name"], str(number))
    query_names = [p["name"] for p in parameters if p["in"] == "query"]
    schemas = {p["name"]: p["schema"] for p in parameters if p["in"] == "query"}
    names = st.sampled_from(query_names) if query_names else st.nothing()
    query = draw(st.lists(st.one_of(
        st.tuples(names, names.flatmap(lambda name: value_of(schemas[name], known_ids))),
        st.tuples(st.text(string.ascii_lowercase + "_", min_size=1, max_size=12),
                  st.sampled_from(HOSTILE))), max_size=4))
    return url, query


@pytest.fixture
def world(app):
    """A few rows, so that some identifiers exist: sessions with half-days, trainings."""
    sessions = [factories.session(region="oriental"), factories.session(region="souss-massa")]
    db.session.commit()
    half_days = [half_day.id for session in sessions
                 for half_day in db.session.query(HalfDay).filter_by(session_id=session.id)]
    return [s.id for s in sessions] + [s.training_id for s in sessions] + half_days


@pytest.mark.parametrize("role, region", [(Role.ADMIN, None), (Role.COORDINATOR, "oriental")])
def test_no_request_built_from_the_openapi_document_is_a_server_error(client, app, world,
                                                                       role, region):
    headers = bearer(factories.user(role, region))
    document = client.get(f"{API}/openapi.json").json
    assert len(operations(document)) >= 8  # the fuzz covers the whole API

    @settings(max_examples=EXAMPLES // 2, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(requests(document, world))
    def answers(request):
        url, query = request
        response = client.get(API + url, query_string=query, headers=headers)
        assert response.status_code < 500, (url, query, response.get_data(as_text=True))

    answers()
