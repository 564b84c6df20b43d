"""Erasure by anonymisation (law 09-08): afterwards no column of any table holds anything of the
person's identity, and every figure of the reports and sign-in sheets is what it was."""
from __future__ import annotations

from datetime import date

import json
import unicodedata
from decimal import Decimal

import sqlalchemy as sa

from tests import factories
from trainings.assessments.models import (
    Answer, Attempt, AttemptKind, AttemptMethod, AttemptReset, Choice, Question, QuestionKind,
    SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind, SatisfactionResponse,
)
from trainings.attendance.models import CheckIn, CheckInMethod, OutOfWindowAct, OutOfWindowLog
from trainings.audit.models import AuditEntry, AuditEvent
from trainings.notice.notices import LegalBasis
from trainings.documents.services import CERTIFICATE_KIND, logged_certificate_name, slug
from trainings.downloads.log import log_download
from trainings.exports.sheet_data import session_sheet
from trainings.extensions import db
from trainings.privacy import services as privacy
from trainings.registry import merge
from trainings.registry.models import Participant, Sex
from trainings.registry.services import ParticipantFilters, filtered_participants
from trainings.reports import services as reports

LAST, FIRST = "Zerhouniyya", "Khadoujettine"
ARABIC = "زرهونية"
PHONE_TYPED = "06 61 23 45 67"
PHONE = "+212661234567"
EMAIL = "k.zerhouniyya@asso-example.ma"
FUNCTION = "Coordinatrice du projet Ouedkhalil"
SIGNATURE = "M 10 10 L 55 77 L 91 13 L 123 99"
TYPED_SIGNATURE = f"typed:{FIRST} {LAST}"
COMMENT = "Merci, je suis Khadoujettine de l'association Tilelliwen"
REASON = f"{FIRST} {LAST} avait oublié son téléphone"
OTHER_EMAIL = "khadou.z@autre-example.ma"


def identity_strings() -> list[str]:
    """Every form in which the identity was stored or may have been copied."""
    return [LAST, FIRST, ARABIC, PHONE, PHONE.lstrip("+"), "0661234567", "661234567", EMAIL,
            OTHER_EMAIL, FUNCTION, SIGNATURE, "55 77 L 91", COMMENT, "Tilelliwen", REASON,
            slug(f"{FIRST} {LAST}"), "zerhouniyya", "khadoujettine", "ouedkhalil"]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def every_cell() -> list[tuple[str, str, str]]:
    """(table, column, value as text) for every column of every row of every table the
    application knows: a table added later is covered without changing this test."""
    cells = []
    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(sa.select(table)).mappings():
                cells += [(table.name, column, str(value)) for column, value in row.items()
                          if value is not None]
    return cells


def _question(training_id: int) -> tuple[Question, Choice, Choice]:
    question = Question(training_id=training_id, kind=QuestionKind.SINGLE,
                        text="L'approche genre concerne-t-elle les hommes ?", points=Decimal(1))
    right, wrong = Choice(text="Oui", is_correct=True), Choice(text="Non")
    question.choices = [right, wrong]
    db.session.add(question)
    db.session.flush()
    return question, right, wrong


def _attempt(session, person, kind, percent, question, choice, correct):
    attempt = Attempt(session_id=session.id, participant_id=person.id, kind=AttemptKind(kind),
                      method=AttemptMethod.ONLINE, earned=Decimal(str(percent)),
                      possible=Decimal(100), percent=float(percent))
    attempt.answers = [Answer(question_id=question.id, chosen=str(choice.id), correct=correct,
                              earned=Decimal(1 if correct else 0))]
    db.session.add(attempt)
    db.session.flush()
    return attempt


def build_programme():
    """A session with the person and two others: check-ins (signed), tests, satisfaction,
    logs naming the person, a merge, a certificate download."""
    staff = factories.user("expert")
    organization = factories.organization(kind="osc")
    session = factories.session(days=1, require_signature=True)
    morning, afternoon = session.half_days
    question, right, wrong = _question(session.training_id)
    scale = SatisfactionItem(kind=SatisfactionItemKind.SCALE, text="Utilité", position=1)
    text_item = SatisfactionItem(kind=SatisfactionItemKind.TEXT, text="Remarques", position=2)
    db.session.add_all([scale, text_item])
    db.session.flush()

    person = factories.participant(last_name=LAST, first_name=f"{FIRST} {ARABIC}",
                                   sex=Sex.FEMALE, phone=PHONE_TYPED, email=EMAIL,
                                   function=FUNCTION, organization_id=organization.id,
                                   legal_basis=LegalBasis.REGISTRATION,
                                   informed_on=date(2026, 11, 30))
    duplicate = factories.participant(last_name=LAST.upper(), first_name=FIRST, sex=Sex.FEMALE,
                                      phone=None, email=OTHER_EMAIL, function=FUNCTION)
    others = [factories.participant(sex=sex, organization_id=organization.id)
              for sex in (Sex.MALE, Sex.FEMALE, None)]
    for who in [person, duplicate, *others]:
        registration = factories.registration(session, who)
        if who is person:  # she checked in as a newcomer: her phone matched, her name typed
            registration.contact_match_name = f"{FIRST} {LAST}"

    db.session.add_all([
        CheckIn(half_day_id=morning.id, participant_id=person.id, method=CheckInMethod.QR,
                signature=SIGNATURE),
        CheckIn(half_day_id=afternoon.id, participant_id=duplicate.id,
                method=CheckInMethod.MANUAL, recorded_by_id=staff.id,
                signature=TYPED_SIGNATURE),
        *[CheckIn(half_day_id=half_day.id, participant_id=other.id, method=CheckInMethod.QR,
                  signature="M 1 1 L 2 2")
          for other in others for half_day in (morning, afternoon)],
        OutOfWindowLog(half_day_id=afternoon.id, act=OutOfWindowAct.MANUAL,
                       participant_id=duplicate.id, reason=REASON, user_id=staff.id),
    ])
    _attempt(session, person, "pre", 40, question, wrong, False)
    _attempt(session, person, "post", 90, question, right, True)
    db.session.add(AttemptReset(session_id=session.id, participant_id=person.id,
                                kind=AttemptKind.PRE, percent=0.0, reason=REASON,
                                user_id=staff.id))
    for other, (pre, post) in zip(others, ((50, 70), (30, 80), (60, 60))):
        _attempt(session, other, "pre", pre, question, wrong, False)
        _attempt(session, other, "post", post, question, right, True)
    for who, rating, comment in ((person, 5, COMMENT), (others[0], 3, "Bien"),
                                 (others[1], 4, "")):
        response = SatisfactionResponse(session_id=session.id, participant_id=who.id)
        response.answers = [SatisfactionAnswer(item_id=scale.id, rating=rating),
                            SatisfactionAnswer(item_id=text_item.id, text=comment)]
        db.session.add(response)
    db.session.flush()
    merge.merge(person, duplicate, staff.id)  # the duplicate's check-in and log move over
    # As the certificate route logs it: the person's id stands for their name in the file's.
    log_download(staff.id, CERTIFICATE_KIND, logged_certificate_name(person.id, session),
                 session.id, details={"participant_id": person.id}, person_id=person.id)
    db.session.commit()
    return session, db.session.get(Participant, person.id), staff


def figures(session) -> dict:
    """Every figure a report or a sign-in sheet gives for the session and the programme."""
    report = reports.session_report(session)
    programme = reports.programme_report(reports.ReportFilters(), None)
    sheet = session_sheet(session)
    satisfaction = [{key: value for key, value in item.items() if key != "comments"}
                    for item in report.satisfaction]
    return {
        "session_summary": report.summary, "questions": report.questions,
        "satisfaction": satisfaction, "session_people": report.people,
        "programme_summary": programme.summary, "programme_people": programme.people,
        "breakdowns": programme.breakdowns,
        "gain_rows": sorted(((row.sex, row.organization_kind, row.region, row.pre, row.post)
                             for row in reports.gain_rows([session.id])[0]), key=repr),
        "sheet_totals": [sheet.totals(i) for i in range(len(sheet.half_days))],
        "sheet_rows": sorted(((row.sex, [p is not None for p in row.presences])
                              for row in sheet.rows), key=repr),
    }


def test_erasure_leaves_no_identity_anywhere_and_every_figure_unchanged(app):
    session, person, staff = build_programme()
    before = figures(session)
    assert before["session_summary"]["groups"]["total"]["n_paired"] == 4  # hers included
    found = [cell for cell in every_cell()
             if any(fold(s) in fold(cell[2]) for s in identity_strings())]
    assert {table for table, _, _ in found} >= {  # the test sees the identity where it is
        "participants", "check_ins", "satisfaction_answers", "attempt_resets",
        "out_of_window_logs", "registrations"}

    privacy.erase(privacy.find_person(PHONE_TYPED), staff.id)
    db.session.commit()
    db.session.expire_all()

    leaks = [cell for cell in every_cell()
             if any(fold(s) in fold(cell[2]) for s in identity_strings())]
    assert leaks == []
    assert figures(session) == before
    erased = db.session.get(Participant, person.id)
    assert erased.sex == Sex.FEMALE and erased.organization_id is not None
    assert erased.full_name == "Personne anonymisée"
    assert privacy.find_person(PHONE) is None and privacy.find_person(EMAIL) is None
    comments = [item["comments"] for item in reports.session_report(session).satisfaction
                if item.get("comments") is not None]
    assert comments and all(COMMENT not in str(c) for c in comments)
    entry = db.session.scalar(sa.select(AuditEntry).where(
        AuditEntry.event == str(AuditEvent.PERSON_ERASED)))
    assert (entry.person_id, entry.actor_id) == (person.id, staff.id)
    assert json.loads(entry.details) == {}


def test_an_erased_person_is_listed_anonymously_and_not_found_by_name_or_phone(app):
    session, person, staff = build_programme()
    privacy.erase(person, staff.id)
    db.session.commit()
    listed = list(db.session.scalars(filtered_participants(ParticipantFilters(), None)))
    assert person.id in [p.id for p in listed]
    assert "Personne anonymisée" in [p.full_name for p in listed]
    for query in (LAST, FIRST, "0661234567", EMAIL):
        found = db.session.scalars(filtered_participants(ParticipantFilters(q=query), None))
        assert person.id not in [p.id for p in found]


def test_every_table_naming_a_person_is_reviewed_by_the_erasure(app):
    """A new table with a foreign key to participants must say what erasure does to it."""
    naming = {table.name for table in db.metadata.sorted_tables for fk in table.foreign_keys
              if fk.column.table.name == Participant.__tablename__}
    assert naming | {"participants"} <= set(privacy.REVIEWED_TABLES)
