"""Every URL rule of the staff blueprints, walked with every kind of visitor.

Anonymous visitors are sent to the login page; a coordinator of another region gets 403 on any
object of a region, and 404 on a person of another region, as on an unknown id
(registry/visibility.py); an observer gets 403 on every POST; only admins reach account management.
"""
from __future__ import annotations

import os

import pytest

from tests import factories
from tests.conftest import make_app
from trainings.extensions import db
from trainings.assessments import attempts
from trainings.assessments.models import (
    AttemptKind, AttemptMethod, Choice, Question, QuestionKind, SatisfactionItem,
    SatisfactionItemKind,
)
from trainings.attendance import services as attendance
from trainings.models import CheckInMethod, Role

STAFF_BLUEPRINTS = {"main", "catalogue", "schedule", "registry", "accounts", "attendance",
                    "exports", "documents", "assessments", "reports", "help", "privacy"}
# Arguments that name an object belonging to a region (oriental in the world below).
REGIONAL_ARGS = {"session_id", "half_day_id", "participant_id", "organization_id",
                 "registration_id", "attempt_id"}


def staff_rules():
    app = make_app()
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in STAFF_BLUEPRINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rules.append(pytest.param(rule.rule, rule.endpoint, method, sorted(rule.arguments),
                                      id=f"{method} {rule.rule}"))
    return rules


RULES = staff_rules()
# An image of the user guide, for the help pages' image rule.
GUIDE_IMAGE = sorted(os.listdir(os.path.join(os.path.dirname(__file__), "..", "docs", "img")))[0]


# A person's data export and the erasure's confirmation: not for observers (law 09-08).
OBSERVERS_REFUSED = {"privacy.export", "privacy.erase"}
# Erasing a person: admins and experts only; a coordinator is refused by role, whoever it is.
COORDINATORS_REFUSED = {"privacy.erase"}


def is_form_page(endpoint: str) -> bool:
    """Pages that only show a form to change something are named create*, edit* or new*."""
    return (endpoint.rsplit(".", 1)[1].startswith(("create", "edit", "new"))
            or endpoint in OBSERVERS_REFUSED)


def is_regional(param) -> bool:
    return bool(REGIONAL_ARGS & set(param.values[3]))


@pytest.fixture
def world():
    """One object of each kind, all in the region of l'Oriental."""
    session = factories.session(region="oriental", days=1)
    organization = factories.organization(region="oriental")
    participant = factories.participant(region="oriental", organization_id=organization.id)
    registration = factories.registration(session, participant)
    for half_day in session.half_days:  # present throughout: entitled to a certificate
        attendance.record_check_in(half_day.id, participant.id, CheckInMethod.QR)
    question = Question(training_id=session.training_id, kind=QuestionKind.TRUE_FALSE, text="?")
    question.choices = [Choice(text="Vrai", is_correct=True), Choice(text="Faux", position=1)]
    db.session.add(question)
    db.session.flush()
    attempt, _ = attempts.record_attempt(session, participant.id, AttemptKind.PRE, {},
                                         AttemptMethod.PAPER)
    item = SatisfactionItem(kind=SatisfactionItemKind.SCALE, text="Satisfaction globale")
    db.session.add(item)
    account = factories.user(Role.OBSERVER)
    db.session.commit()
    return {
        "session_id": session.id, "half_day_id": session.half_days[0].id,
        "training_id": session.training_id, "organization_id": organization.id,
        "participant_id": participant.id, "registration_id": registration.id,
        "user_id": account.id, "question_id": question.id, "attempt_id": attempt.id,
        "item_id": item.id, "stem": "statistics", "name": GUIDE_IMAGE,
    }


def url_for_rule(rule: str, arguments: list[str], world: dict) -> str:
    url = rule
    for name in arguments:
        assert name in world, f"test_access does not know how to fill <{name}> of {rule}"
        url = url.replace(f"<int:{name}>", str(world[name])).replace(f"<{name}>", str(world[name]))
    return url


def test_rules_were_found():
    endpoints = {param.values[1] for param in RULES}
    assert {"schedule.sessions", "registry.participants", "accounts.users",
            "catalogue.trainings"} <= endpoints


@pytest.mark.parametrize("rule, endpoint, method, arguments", RULES)
def test_anonymous_is_sent_to_login(client, world, rule, endpoint, method, arguments):
    response = client.open(url_for_rule(rule, arguments, world), method=method)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("rule, endpoint, method, arguments",
                         [p for p in RULES if is_regional(p) or p.values[1].startswith("accounts.")])
def test_coordinator_of_another_region_is_refused(client, auth, world, rule, endpoint, method,
                                                  arguments):
    auth.as_role(Role.COORDINATOR, "souss-massa")
    response = client.open(url_for_rule(rule, arguments, world), method=method)
    # a person is reached by their id alone: out of scope, they are not found
    assert response.status_code == (404 if REGIONAL_ARGS & set(arguments) == {"participant_id"}
                                    and endpoint not in COORDINATORS_REFUSED else 403)


@pytest.mark.parametrize("rule, endpoint, method, arguments",
                         [p for p in RULES if p.values[2] == "POST"])
def test_observer_cannot_post(client, auth, world, rule, endpoint, method, arguments):
    auth.as_role(Role.OBSERVER)
    response = client.post(url_for_rule(rule, arguments, world))
    assert response.status_code == 403


@pytest.mark.parametrize("rule, endpoint, method, arguments",
                         [p for p in RULES if p.values[2] == "GET"
                          and not p.values[1].startswith("accounts.")])
def test_observer_reads_every_staff_page_but_no_form(client, auth, world, rule, endpoint, method,
                                                     arguments):
    auth.as_role(Role.OBSERVER)
    response = client.get(url_for_rule(rule, arguments, world))
    assert response.status_code == (403 if is_form_page(endpoint) else 200)


@pytest.mark.parametrize("rule, endpoint, method, arguments",
                         [p for p in RULES if p.values[1].startswith("accounts.")])
def test_only_admins_manage_accounts(client, auth, world, rule, endpoint, method, arguments):
    auth.as_role(Role.EXPERT)
    assert client.open(url_for_rule(rule, arguments, world), method=method).status_code == 403
