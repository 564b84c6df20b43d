"""Formula injection: texts typed as formulas in every free-text field a workbook shows (names,
organisations, functions, e-mails, sessions, trainings, questions, choices, satisfaction items
and comments, staff names) come out of every workbook the application serves as text cells,
never as formulas, and with Excel's quote prefix; control characters XML forbids break no
download. Reset reasons appear in no workbook."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests import factories
from trainings.auth import tokens as api_tokens
from trainings.assessments.models import (
    Answer, Attempt, AttemptKind, AttemptMethod, Choice, Question, QuestionKind,
    SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind, SatisfactionResponse,
    SessionQuestion, SessionTest,
)
from trainings.attendance.services import record_check_in
from trainings.downloads.cells import starts_like_formula
from trainings.extensions import db
from trainings.models import CheckInMethod, Role, Sex

HOSTILE = ('=HYPERLINK("http://evil","x")', "+1", "-1", "@SUM(1)")
N = len(HOSTILE)
# One more person, and a comment, with characters XML forbids, markup and Arabic with digits:
# what the workbooks show of them.
AWKWARD = {"first_name": "Fa\x01ti\x1fma", "last_name": "فاطمة الزهراء 2026",
           "function": "<script>alert(1)</script>"}
NAMES = {"Fatima", "فاطمة الزهراء 2026"}
FUNCTION = {"<script>alert(1)</script>"}
COMMENT = "\x02merci\x0b"


def hostile(k: int) -> str:
    """The texts in turn: field after field, record after record, each field gets each text."""
    return HOSTILE[k % N]


@pytest.fixture
def world(auth):
    """Four trainings and four sessions, four organisations and four people registered to every
    session, checked in (by a staff member for one of them), pre- and post-tests answered,
    satisfaction given; every free text one of HOSTILE, each field holding each of them in one
    record or another. The AWKWARD person comes to every session's afternoon and comments."""
    staff = factories.user(Role.EXPERT, name=hostile(0), email="staff@example.org")
    organizations = [factories.organization(name=hostile(k)) for k in range(N)]
    people = [factories.participant(first_name=hostile(p), last_name=hostile(p + 1),
                                    function=hostile(p + 2), email=hostile(p + 3),
                                    sex=(Sex.FEMALE, Sex.MALE)[p % 2],
                                    organization_id=organizations[p].id) for p in range(N)]
    awkward = factories.participant(**AWKWARD)
    scale = SatisfactionItem(kind=SatisfactionItemKind.SCALE, text=hostile(2), position=0)
    comment = SatisfactionItem(kind=SatisfactionItemKind.TEXT, text=hostile(3), position=1)
    db.session.add_all([scale, comment])
    db.session.flush()
    sessions, trainings = [], []
    for k in range(N):
        training = factories.training(title=hostile(k + 3))
        session = factories.session(title=hostile(k), venue=hostile(k + 1),
                                    trainers=hostile(k + 2), training_id=training.id,
                                    start=date(2026, 12, 7 + k))
        question = Question(training_id=training.id, kind=QuestionKind.SINGLE, text=hostile(k),
                            explanation=hostile(k + 3), position=0)
        question.choices = [Choice(text=hostile(k + 1), is_correct=True, position=0),
                            Choice(text=hostile(k + 2), position=1)]
        db.session.add(question)
        db.session.add(SessionTest(session_id=session.id))
        db.session.flush()
        db.session.add(SessionQuestion(session_id=session.id, question_id=question.id))
        for p, person in enumerate(people):
            factories.registration(session, person)
            record_check_in(session.half_days[0].id, person.id,
                            CheckInMethod.MANUAL if p == 0 else CheckInMethod.QR,
                            recorded_by_id=staff.id if p == 0 else None)
            for kind, correct in (("pre", False), ("post", True)):
                attempt = Attempt(session_id=session.id, participant_id=person.id,
                                  kind=AttemptKind(kind), method=AttemptMethod.ONLINE,
                                  earned=Decimal(int(correct) * 100), possible=Decimal(100),
                                  percent=float(correct) * 100)
                attempt.answers = [Answer(question_id=question.id, correct=correct)]
                db.session.add(attempt)
            response = SatisfactionResponse(session_id=session.id, participant_id=person.id)
            response.answers = [SatisfactionAnswer(item_id=scale.id, rating=4),
                                SatisfactionAnswer(item_id=comment.id, text=hostile(p + k))]
            db.session.add(response)
        factories.registration(session, awkward)
        record_check_in(session.half_days[1].id, awkward.id, CheckInMethod.QR)
        response = SatisfactionResponse(session_id=session.id, participant_id=awkward.id)
        response.answers = [SatisfactionAnswer(item_id=comment.id, text=COMMENT)]
        db.session.add(response)
        sessions.append(session)
        trainings.append(training)
    db.session.flush()
    auth.login(staff)
    _row, secret = api_tokens.issue(staff)
    db.session.commit()
    return {"sessions": sessions, "trainings": trainings,
            "api": {"Authorization": f"Bearer {secret}"}}


# Every workbook the application serves: its URLs in this world, each with the texts it must
# hold (the roster template holds no data, only its headers and help).
ALL = set(HOSTILE)
WORKBOOKS = {
    "session attendance": lambda w: [
        (f"/sessions/{s.id}/attendance.xlsx", ALL | NAMES | FUNCTION) for s in w["sessions"]],
    "session paper entry grid": lambda w: [
        (f"/sessions/{s.id}/paper-entry.xlsx", ALL | NAMES | FUNCTION) for s in w["sessions"]],
    "period attendance export": lambda w: [
        ("/exports/attendance.xlsx", ALL | NAMES | FUNCTION),
        (f"/exports/attendance.xlsx?training_id={w['trainings'][0].id}", ALL | NAMES)],
    "session gains report": lambda w: [
        (f"/sessions/{s.id}/report.xlsx", ALL | {"merci"}) for s in w["sessions"]],
    "programme gains report": lambda w: [
        ("/reports/programme.xlsx", ALL),
        # The first session's title and its training's, in the filters and the data.
        (f"/reports/programme.xlsx?training_id={w['trainings'][0].id}",
         {hostile(0), hostile(3)})],
    "question bank": lambda w: [
        (f"/trainings/{t.id}/questions.xlsx", ALL) for t in w["trainings"]],
    "paper test grid": lambda w: [
        (f"/sessions/{s.id}/paper-tests.xlsx?kind={kind}", ALL | NAMES)
        for s in w["sessions"] for kind in ("pre", "post")],
    "roster template": lambda w: [("/participants/roster-template.xlsx", set())],
    "API session attendance": lambda w: [
        (f"/api/v1/sessions/{s.id}/attendance.xlsx", ALL | NAMES | FUNCTION)
        for s in w["sessions"]],
    "API session gains": lambda w: [
        (f"/api/v1/sessions/{s.id}/gains.xlsx", ALL | {"merci"}) for s in w["sessions"]],
}


def download(client, world, url: str):
    headers = world["api"] if url.startswith("/api/") else {}
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    assert response.mimetype.endswith("spreadsheetml.sheet"), url
    return load_workbook(io.BytesIO(response.data))


def where(cell) -> str:
    return f"{cell.parent.title}!{cell.coordinate}"


@pytest.mark.parametrize("name", WORKBOOKS)
def test_no_workbook_turns_a_typed_formula_into_a_formula(client, world, name):
    for url, expected in WORKBOOKS[name](world):
        book = download(client, world, url)
        cells = [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]
        assert [where(cell) for cell in cells if cell.data_type == "f"] == [], url
        assert expected <= {cell.value for cell in cells if cell.data_type == "s"}, url
        # Excel keeps each of them text when someone edits the cell.
        assert [where(cell) for cell in cells if isinstance(cell.value, str)
                and starts_like_formula(cell.value) and not cell.quotePrefix] == [], url
