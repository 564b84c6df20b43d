"""Control characters: every text field of every form refuses them with a French message and
stores nothing (a text area keeps tab and line breaks), the imports refuse the row that holds
one, and texts already stored with them break no workbook."""
from __future__ import annotations

import importlib
import io
import pkgutil
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from wtforms import Form, PasswordField, StringField
from wtforms.fields.core import UnboundField

import trainings
from tests import factories
from trainings.assessments import bank_sheet, question_bank
from trainings.assessments.models import (
    Choice, Question, QuestionKind, SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind,
    SatisfactionResponse, SessionQuestion, SessionTest,
)
from trainings.attendance.services import record_check_in
from trainings.auth import tokens as api_tokens
from trainings.extensions import db
from trainings.forms_common import NoControlCharacters, has_control_characters
from trainings.models import (
    CheckIn, CheckInMethod, Participant, Registration, Role, Session, Sex,
)
from trainings.registry import roster_sheet, services as registry_services

from tests.test_checkin_walk_in import half_day, walk_in, walk_in_page, hidden  # noqa: F401
from tests.test_schedule import session_form

MESSAGE = "Ce champ contient des caractères de contrôle non autorisés."


# The rule ------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["Fa\x01tima", "nul\x00", "\x1b[31m", "tab\there", "line\nbreak",
                                  "del\x7f", "c1\x85", "\x9f"])
def test_a_line_of_text_holds_no_control_character(text):
    assert has_control_characters(text)


@pytest.mark.parametrize("text", ["Fa\x01tima", "nul\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\x85"])
def test_a_multi_line_text_holds_no_control_character_but_tab_and_line_breaks(text):
    assert has_control_characters(text, multiline=True)
    assert not has_control_characters("Ligne 1\r\nLigne 2\n\tretrait", multiline=True)


@pytest.mark.parametrize("text", ["Fatima Zahra", "فاطمة الزهراء 2026", "Aït Melloul – Agadir",
                                  "=HYPERLINK(\"x\")", "<script>alert(1)</script>", "x" * 10_000])
def test_ordinary_texts_pass(text):
    assert not has_control_characters(text)
    assert not has_control_characters(text, multiline=True)


def _form_classes() -> list[type]:
    for module in pkgutil.walk_packages(trainings.__path__, "trainings."):
        importlib.import_module(module.name)
    found, todo = set(), [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted((c for c in found if c.__module__.startswith("trainings.")),
                  key=lambda c: (c.__module__, c.__qualname__))


def _text_fields(form_class) -> list[tuple[str, UnboundField]]:
    """Every text field of a form (one-line, text area, e-mail, phone, hidden), passwords aside:
    a password is only ever hashed, never shown nor written to a file."""
    fields = [(name, getattr(form_class, name)) for name in dir(form_class)]
    return [(name, field) for name, field in fields if isinstance(field, UnboundField)
            and issubclass(field.field_class, StringField)
            and not issubclass(field.field_class, PasswordField)]


def test_every_text_field_of_every_form_refuses_control_characters_first():
    classes = _form_classes()
    assert len(classes) > 15  # the enumeration found the application's forms
    checked, missing = 0, []
    for form_class in classes:
        for name, field in _text_fields(form_class):
            validators = field.kwargs.get("validators") or (
                field.args[1] if len(field.args) > 1 else [])
            # First: Optional() would end the checks on a value that only looks blank.
            if not (validators and isinstance(validators[0], NoControlCharacters)):
                missing.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
            checked += 1
    assert checked > 30
    assert missing == []


# Forms ---------------------------------------------------------------------------------------

def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize("field", ["first_name", "last_name", "organization", "function"])
def test_walk_in_with_a_control_character_is_refused_and_nothing_recorded(
        app, client, half_day, field):  # noqa: F811
    page = walk_in_page(app, client, half_day)
    response = client.post("/c/register", data=walk_in(hidden(page, "proof"),
                                                      **{field: "Fa\x01tima"}))
    assert response.status_code in (200, 400)
    assert MESSAGE in response.get_data(as_text=True)
    assert (count(Participant), count(Registration), count(CheckIn)) == (0, 0, 0)


def test_session_title_with_a_nul_is_refused_and_nothing_stored(client, auth):
    auth.as_role(Role.EXPERT)
    training = factories.training()
    db.session.commit()
    response = client.post("/sessions/new", data=session_form(training.id, title="Atelier\x00"))
    assert response.status_code in (200, 400)
    assert MESSAGE in response.get_data(as_text=True)
    assert count(Session) == 0


def test_session_notes_keep_tabs_and_line_breaks_but_refuse_other_controls(client, auth):
    auth.as_role(Role.EXPERT)
    training = factories.training()
    db.session.commit()
    refused = client.post("/sessions/new",
                          data=session_form(training.id, notes="Salle\x07 B"))
    assert MESSAGE in refused.get_data(as_text=True)
    assert count(Session) == 0
    accepted = client.post("/sessions/new",
                           data=session_form(training.id, notes="Salle B\n\tprojecteur"))
    assert accepted.status_code == 302
    assert db.session.scalar(sa.select(Session.notes)) == "Salle B\n\tprojecteur"


# Imports -------------------------------------------------------------------------------------

def _bank_row(**values) -> dict:
    row = {"Type": "choix unique", "Question": "Le genre désigne :", "Choix A": "Le sexe",
           "Choix B": "Les rôles sociaux", "Bonnes réponses": "B", "Points": "1",
           "Explication": ""}
    row.update(values)
    return row


def test_question_bank_row_with_a_control_character_is_refused(app):
    refused = bank_sheet.check_row(3, _bank_row(**{"Choix B": "Les r\x01ôles"}))
    assert refused.question is None
    assert [question_bank.problem_message(p) for p in refused.problems] == [
        "La colonne « Choix B » contient des caractères de contrôle non autorisés"]
    kept = bank_sheet.check_row(4, _bank_row(Question="Le genre\ndésigne :"))
    assert kept.problems == [] and kept.question.text == "Le genre\ndésigne :"


def test_roster_import_refuses_the_row_with_a_control_character_and_writes_nothing(
        app, monkeypatch):
    session = factories.session()
    blank = {key: "" for key, _header in roster_sheet.COLUMNS}
    rows = [{"row": 2, **blank, "last_name": "Alaoui", "first_name": "Fatima",
             "email": "fatima@example.org"},
            {"row": 3, **blank, "last_name": "Benali", "first_name": "O\x01mar",
             "email": "omar@example.org"}]
    # No .xlsx carries one (XML forbids them): the reader is made to return one, as a future
    # reader (CSV, another library) could.
    monkeypatch.setattr(roster_sheet, "read_roster", lambda data: rows)
    result = registry_services.import_roster(session, b"")
    assert [(e.row, e.problems) for e in result.errors] == [
        (3, ["« Prénom » contient des caractères de contrôle non autorisés"])]
    assert (result.registered, result.created) == (0, 0)
    assert not db.session.new


# Workbooks of texts stored before the check ----------------------------------------------------

def _stored(text: str) -> str:
    """A text as an older version could store it: NUL too where the database holds it
    (PostgreSQL refuses NUL in text)."""
    nul = "" if db.engine.dialect.name == "postgresql" else "\x00"
    return f"{text[:2]}\x01{nul}{text[2:]}\x1f"


@pytest.fixture
def stored(auth):
    staff = factories.user(Role.EXPERT, name=_stored("Experte"))
    organization = factories.organization(name=_stored("Association Nour"))
    person = factories.participant(first_name=_stored("Fatima"), last_name=_stored("Alaoui"),
                                   function=_stored("Animatrice"), sex=Sex.FEMALE,
                                   organization_id=organization.id)
    training = factories.training(title=_stored("Approche genre"))
    session = factories.session(title=_stored("Atelier Nador"), venue=_stored("Hôtel Atlas"),
                                trainers=_stored("Experte"), notes=_stored("Notes"),
                                training_id=training.id, start=date(2026, 12, 7))
    question = Question(training_id=training.id, kind=QuestionKind.SINGLE,
                        text=_stored("Le genre désigne"), explanation=_stored("Explication"),
                        position=0, points=Decimal(1))
    question.choices = [Choice(text=_stored("Les rôles"), is_correct=True, position=0),
                        Choice(text=_stored("Le sexe"), position=1)]
    db.session.add(question)
    db.session.add(SessionTest(session_id=session.id))
    db.session.flush()
    db.session.add(SessionQuestion(session_id=session.id, question_id=question.id))
    comment = SatisfactionItem(kind=SatisfactionItemKind.TEXT, text=_stored("Commentaire"),
                               position=0)
    db.session.add(comment)
    db.session.flush()
    factories.registration(session, person)
    record_check_in(session.half_days[0].id, person.id, CheckInMethod.MANUAL,
                    recorded_by_id=staff.id)
    response = SatisfactionResponse(session_id=session.id, participant_id=person.id)
    response.answers = [SatisfactionAnswer(item_id=comment.id, text=_stored("Merci"))]
    db.session.add(response)
    auth.login(staff)
    _row, secret = api_tokens.issue(staff)
    db.session.commit()
    return {"session": session.id, "training": training.id,
            "api": {"Authorization": f"Bearer {secret}"}}


WORKBOOKS = {
    "session attendance": ("/sessions/{s}/attendance.xlsx", {"Fatima", "Association Nour"}),
    "paper entry": ("/sessions/{s}/paper-entry.xlsx", {"Fatima", "Association Nour"}),
    "API attendance": ("/api/v1/sessions/{s}/attendance.xlsx", {"Fatima", "Association Nour"}),
    "consolidated export": ("/exports/attendance.xlsx", {"Fatima", "Atelier Nador"}),
    "session report": ("/sessions/{s}/report.xlsx", {"Atelier Nador"}),
    "programme report": ("/reports/programme.xlsx?training_id={t}", {"Approche genre"}),
    "question bank": ("/trainings/{t}/questions.xlsx", {"Le genre désigne"}),
    "paper tests": ("/sessions/{s}/paper-tests.xlsx?kind=pre", {"Fatima"}),
}


@pytest.mark.parametrize("name", WORKBOOKS)
def test_workbooks_of_texts_stored_with_control_characters_download(client, stored, name):
    url, expected = WORKBOOKS[name]
    url = url.format(s=stored["session"], t=stored["training"])
    response = client.get(url, headers=stored["api"] if url.startswith("/api/") else {})
    assert response.status_code == 200, url
    book = load_workbook(io.BytesIO(response.data))
    texts = {cell.value for ws in book.worksheets for row in ws.iter_rows() for cell in row
             if isinstance(cell.value, str)}
    assert not any(has_control_characters(text, multiline=True) for text in texts)
    for word in expected:
        assert any(word in text for text in texts), (url, word)
