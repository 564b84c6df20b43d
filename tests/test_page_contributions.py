"""Pages of a lower feature show what the features above it register (the session page's panels,
the catalogue's counts, the check-in pages' next steps), since it may not import them."""
from __future__ import annotations

from types import SimpleNamespace

from tests import factories
from trainings.attendance import next_steps
from trainings.catalogue import usage
from trainings.models import Role
from trainings.schedule import pages


def test_the_application_registers_every_contribution(app):
    assert set(pages._panels) == {"certificates", "tests", "registrations", "field"}
    assert set(usage._counters) == {usage.SESSIONS, usage.QUESTIONS}
    assert set(next_steps._offers) == set(next_steps._projected_links) == {"tests"}


def test_the_session_page_shows_the_panels_by_position(client, auth):
    session = factories.session()
    auth.as_role(Role.EXPERT)
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert page.index('id="attendance"') < page.index('id="certificates"') \
        < page.index('id="tests"') < page.index('id="registrations"') < page.index('id="field"')


def test_a_panel_added_again_replaces_the_earlier_one(monkeypatch):
    monkeypatch.setattr(pages, "_panels", {})
    first = pages.Panel("a.html", lambda session, forms: {}, position=1)
    second = pages.Panel("b.html", lambda session, forms: {}, position=1)
    pages.add_panel("one", first)
    pages.add_panel("one", second)
    assert pages._panels == {"one": second}


def test_a_panel_receives_the_forms_posted_from_the_page(client, auth, monkeypatch):
    seen = []
    monkeypatch.setitem(pages._panels, "spy", pages.Panel(
        "registry/_session_registrations.html",
        lambda session, forms: seen.append(sorted(forms)) or {}, position=99))
    session = factories.session()
    auth.as_role(Role.EXPERT)
    response = client.post(f"/sessions/{session.id}/half-days", data={"date": "2001-01-01"})
    assert response.status_code == 400
    assert seen == [["half_day_form"]]


def test_counts_are_zero_for_what_no_feature_counts(monkeypatch):
    monkeypatch.setattr(usage, "_counters", {})
    assert usage.counts(usage.SESSIONS, [3, 5]) == {3: 0, 5: 0}
    usage.add_counter(usage.SESSIONS, lambda ids: {5: 2})
    assert usage.counts(usage.SESSIONS, [3, 5]) == {3: 0, 5: 2}
    assert usage.count(usage.SESSIONS, 5) == 2
    assert usage.counts(usage.SESSIONS, []) == {}


def test_next_steps_combine_the_providers_in_their_order(monkeypatch):
    monkeypatch.setattr(next_steps, "_projected_links", {})
    monkeypatch.setattr(next_steps, "_offers", {})
    session = SimpleNamespace(id=7)
    assert next_steps.projected_link(session) is None
    assert next_steps.offers(session, 1) == []
    survey = next_steps.Offer("survey", "Donner son avis", "/survey")
    test = next_steps.Offer("pre", "Passer le pré-test", "/t/x")
    next_steps.register("none", lambda s: None, lambda s, person: [])
    next_steps.register("tests", lambda s: {"label": "Pré-test", "url": "/t/x"},
                        lambda s, person: [test])
    next_steps.register("survey", lambda s: {"label": "Avis", "url": "/survey"},
                        lambda s, person: [survey])
    assert next_steps.projected_link(session) == {"label": "Pré-test", "url": "/t/x"}
    assert next_steps.offers(session, 1) == [test, survey]
