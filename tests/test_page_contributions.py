"""Pages of a lower feature show what the features above it register (the check-in pages'
next steps), since it may not import them."""
from __future__ import annotations

from types import SimpleNamespace

from trainings.attendance import next_steps


def test_the_application_registers_every_contribution(app):
    assert set(next_steps._offers) == set(next_steps._projected_links) == {"tests"}


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
