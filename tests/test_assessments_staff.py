"""Staff side of tests: question bank and its Excel sheet, session test settings, opening tests,
results and resets, paper tests (one page per person, or an Excel sheet), satisfaction items."""
from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from tests import audit, factories
from tests.querycount import count_queries
from trainings.assessments import attempts, question_bank, satisfaction, session_tests
from trainings.assessments.models import (
    Attempt, AttemptKind, AttemptMethod, AttemptReset, Choice, Question, QuestionKind,
    SatisfactionItem, SessionTest,
)
from trainings.audit.models import AuditEvent
from trainings.extensions import db
from trainings.models import Role

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def make_question(training_id, kind=QuestionKind.SINGLE, correct=("oui",), wrong=("non",),
                  points=1, text="Question ?"):
    q = Question(training_id=training_id, kind=kind, text=text, points=Decimal(points),
                 position=db.session.scalar(sa.select(sa.func.count(Question.id))))
    q.choices = [Choice(text=t, is_correct=True, position=i) for i, t in enumerate(correct)] + [
        Choice(text=t, is_correct=False, position=10 + i) for i, t in enumerate(wrong)]
    db.session.add(q)
    db.session.flush()
    return q


def correct_ids(q):
    return [c.id for c in q.choices if c.is_correct]


@pytest.fixture
def world(app):
    """A session of l'Oriental with a bank of three questions and two registered people."""
    session = factories.session(region="oriental")
    single = make_question(session.training_id, text="Le genre désigne :",
                           correct=["Les rôles sociaux"], wrong=["Le sexe", "Une langue"])
    multi = make_question(session.training_id, QuestionKind.MULTIPLE, ["RPT", "MRE"],
                          ["Touristes"], points=2, text="Publics du projet :")
    true_false = make_question(session.training_id, QuestionKind.TRUE_FALSE, ["Vrai"], ["Faux"],
                               text="Le PAC est communal.")
    amina = factories.participant(last_name="Alaoui", first_name="Amina")
    karim = factories.participant(last_name="Bennani", first_name="Karim")
    for person in (amina, karim):
        factories.registration(session, person)
    db.session.commit()
    return {"session": session, "single": single, "multi": multi, "true_false": true_false,
            "amina": amina, "karim": karim, "training_id": session.training_id}


def question_data(kind="single", text="Une question ?", choices=("Oui", "Non"), correct=(0,),
                  points="1", explanation=""):
    data = {"kind": kind, "text": text, "points": points, "explanation": explanation}
    for index in range(6):
        data[f"choices-{index}-text"] = choices[index] if index < len(choices) else ""
        if index in correct:
            data[f"choices-{index}-correct"] = "y"
    return data


def bank_texts(training_id):
    return list(db.session.scalars(sa.select(Question.text).where(
        Question.training_id == training_id).order_by(Question.position, Question.id)))


# The question bank --------------------------------------------------------------------------

def test_expert_creates_a_multiple_choice_question(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.post(f"/trainings/{world['training_id']}/questions/new", data=question_data(
        "multiple", "Quels thèmes ?", ("Genre", "Migration", "Cuisine"), (0, 1), "1,5",
        "Le programme croise les deux."))
    assert response.status_code == 302
    question = db.session.scalar(sa.select(Question).where(Question.text == "Quels thèmes ?"))
    assert question.kind == QuestionKind.MULTIPLE and question.points == Decimal("1.5")
    assert [(c.text, c.is_correct) for c in question.choices] == [
        ("Genre", True), ("Migration", True), ("Cuisine", False)]
    assert question.explanation == "Le programme croise les deux."
    page = client.get(f"/trainings/{world['training_id']}/questions").get_data(as_text=True)
    assert "Quels thèmes ?" in page and "1,5 point" in page


@pytest.mark.parametrize("data, message", [
    (question_data("single", choices=("Oui", "Non", "Peut-être"), correct=(0, 1)),
     "exactement une bonne réponse"),
    (question_data("multiple", choices=("a", "b"), correct=()), "au moins une bonne réponse"),
    (question_data("single", choices=("Oui",), correct=(0,)), "au moins deux choix"),
    (question_data("true-false", choices=("Oui", "Non"), correct=(0,)), "Vrai et Faux"),
    (question_data("single", choices=("Oui", "Non"), correct=(2,)), "désigne un choix vide"),
])
def test_question_rules_per_kind_refuse_the_form(client, auth, world, data, message):
    auth.as_role(Role.EXPERT)
    before = bank_texts(world["training_id"])
    response = client.post(f"/trainings/{world['training_id']}/questions/new", data=data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert bank_texts(world["training_id"]) == before


def test_true_false_question_with_empty_choices_gets_vrai_and_faux(client, auth, world):
    auth.as_role(Role.ADMIN)
    response = client.post(f"/trainings/{world['training_id']}/questions/new", data=question_data(
        "true-false", "Le genre est biologique.", ("", ""), (1,)))
    assert response.status_code == 302
    question = db.session.scalar(sa.select(Question).where(
        Question.text == "Le genre est biologique."))
    assert [(c.text, c.is_correct) for c in question.choices] == [("Vrai", False), ("Faux", True)]


def test_unanswered_question_can_be_edited(client, auth, world):
    auth.as_role(Role.EXPERT)
    url = f"/trainings/{world['training_id']}/questions/{world['single'].id}/edit"
    assert "Le genre désigne" in client.get(url).get_data(as_text=True)
    response = client.post(url, data=question_data(text="Le genre, c'est :",
                                                   choices=("Social", "Biologique")))
    assert response.status_code == 302
    db.session.expire_all()
    assert world["single"].text == "Le genre, c'est :"
    assert [c.text for c in world["single"].choices] == ["Social", "Biologique"]


def test_editing_or_deleting_an_answered_question_is_refused(client, auth, world):
    attempts.record_attempt(world["session"], world["amina"].id, AttemptKind.PRE, {},
                            AttemptMethod.ONLINE)
    auth.as_role(Role.EXPERT)
    base = f"/trainings/{world['training_id']}/questions/{world['single'].id}"
    response = client.post(base + "/edit", data=question_data(text="Changée"),
                           follow_redirects=True)
    assert "Cette question a déjà des réponses : créez-en une nouvelle" in response.get_data(
        as_text=True)
    response = client.post(base + "/delete", follow_redirects=True)
    assert "ne peut pas être supprimée" in response.get_data(as_text=True)
    db.session.expire_all()
    assert world["single"].text == "Le genre désigne :"


def test_deleting_an_unanswered_question_removes_it_from_session_tests(client, auth, world):
    attempts.session_test(world["session"])
    single_id = world["single"].id
    auth.as_role(Role.EXPERT)
    response = client.post(f"/trainings/{world['training_id']}/questions/{single_id}/delete")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(sa.select(Question).where(Question.id == single_id)) is None
    test = db.session.get(SessionTest, world["session"].id)
    assert [sq.question_id for sq in test.questions] == [world["multi"].id,
                                                          world["true_false"].id]


def test_question_of_another_training_is_404(client, auth, world):
    other = factories.training()
    auth.as_role(Role.EXPERT)
    assert client.get(f"/trainings/{other.id}/questions/{world['single'].id}/edit"
                      ).status_code == 404
    assert client.get("/trainings/999999/questions").status_code == 404


def test_coordinator_reads_the_bank_but_does_not_change_it(client, auth, world):
    auth.as_role(Role.COORDINATOR, "oriental")
    assert client.get(f"/trainings/{world['training_id']}/questions").status_code == 200
    assert client.get(f"/trainings/{world['training_id']}/questions/new").status_code == 403
    assert client.post(f"/trainings/{world['training_id']}/questions/new",
                       data=question_data()).status_code == 403


def test_training_page_links_to_its_bank(client, auth, world):
    auth.as_role(Role.OBSERVER)
    page = client.get(f"/trainings/{world['training_id']}").get_data(as_text=True)
    assert "Banque de questions (3)" in page


# The bank as an Excel sheet -----------------------------------------------------------------

def upload(data: bytes, name="fichier.xlsx", field="file"):
    return {field: (io.BytesIO(data), name)}


def test_bank_round_trip_export_then_import_into_another_training(client, auth, world):
    auth.as_role(Role.EXPERT)
    exported = client.get(f"/trainings/{world['training_id']}/questions.xlsx")
    assert exported.status_code == 200 and exported.mimetype == XLSX
    other = factories.training()
    db.session.commit()
    response = client.post(f"/trainings/{other.id}/questions/import",
                           data=upload(exported.data), content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    assert ([question_bank.clean_of(q) for q in question_bank.bank(other.id)]
            == [question_bank.clean_of(q) for q in question_bank.bank(world["training_id"])])


def test_imported_questions_are_appended_to_the_bank(client, auth, world):
    auth.as_role(Role.EXPERT)
    data = client.get(f"/trainings/{world['training_id']}/questions.xlsx").data
    client.post(f"/trainings/{world['training_id']}/questions/import", data=upload(data),
                content_type="multipart/form-data")
    db.session.expire_all()
    texts = bank_texts(world["training_id"])
    assert len(texts) == 6 and texts[3:] == texts[:3]


def bank_file(*rows) -> bytes:
    from openpyxl import Workbook

    from trainings.assessments.bank_sheet import HEADERS

    workbook = Workbook()
    workbook.active.append(list(HEADERS))
    for row in rows:
        workbook.active.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_faulty_bank_rows_are_named_and_nothing_is_imported(client, auth, world):
    other = factories.training()
    db.session.commit()
    auth.as_role(Role.EXPERT)
    data = bank_file(
        ["choix unique", "Bonne question ?", "Oui", "Non", None, None, None, None, "A", 1],
        ["questionnaire", "Type inconnu ?", "Oui", "Non", None, None, None, None, "A", 1],
        ["choix unique", "Deux bonnes ?", "x", "y", "z", None, None, None, "A,B", 1],
        ["choix unique", "Lettre vide ?", "x", "y", None, None, None, None, "D", 1],
        ["choix unique", "Points ?", "x", "y", None, None, None, None, "A", 0],
        ["vrai-faux", "Oui ou non ?", "Oui", "Non", None, None, None, None, "A", 1],
    )
    response = client.post(f"/trainings/{other.id}/questions/import", data=upload(data),
                           content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "5 lignes comportent une erreur : rien n" in page
    assert "Ligne 3 : Type « questionnaire » inconnu" in page
    assert "Ligne 4 : Un choix unique ou un vrai-faux a exactement une bonne réponse" in page
    assert "Ligne 5 : La bonne réponse D désigne un choix vide" in page
    assert "Ligne 6 : Les points doivent être un nombre positif" in page
    assert "Ligne 7 : Une question vrai-faux a exactement deux choix : Vrai et Faux" in page
    assert "Ligne 2" not in page
    assert bank_texts(other.id) == []


def test_bank_import_refuses_a_file_that_is_not_a_workbook(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.post(f"/trainings/{world['training_id']}/questions/import",
                           data=upload(b"hello"), content_type="multipart/form-data")
    assert response.status_code == 400
    assert "pas un classeur Excel" in response.get_data(as_text=True)


def test_a_failed_bank_import_shows_its_errors_before_the_bank(client, auth, world):
    """A bank can be long: after a failed import the errors (and the form to try again) come
    before the first question, not at the bottom of the page."""
    auth.as_role(Role.EXPERT)
    data = bank_file(["questionnaire", "Type inconnu ?", "Oui", "Non", None, None, None, None,
                      "A", 1])
    page = client.post(f"/trainings/{world['training_id']}/questions/import", data=upload(data),
                       content_type="multipart/form-data").get_data(as_text=True)
    assert page.index('id="import"') < page.index("Ligne 2 :") < page.index("Le genre désigne :")
    wrong_type = client.post(f"/trainings/{world['training_id']}/questions/import",
                             data=upload(b"x", name="notes.txt"),
                             content_type="multipart/form-data").get_data(as_text=True)
    assert wrong_type.index(".xlsx sont acceptés") < wrong_type.index("Le genre désigne :")
    quiet = client.get(f"/trainings/{world['training_id']}/questions").get_data(as_text=True)
    assert quiet.index("Le genre désigne :") < quiet.index('id="import"')


# Session test settings and opening ----------------------------------------------------------

def test_settings_page_defaults_to_all_questions_and_70(client, auth, world):
    auth.as_role(Role.COORDINATOR, "oriental")
    page = client.get(f"/sessions/{world['session'].id}/test").get_data(as_text=True)
    assert page.count("checked") == 3 and 'value="70"' in page


def test_settings_pick_questions_pass_mark_and_shuffle(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.post(f"/sessions/{world['session'].id}/test", data={
        "question_ids": [world["single"].id, world["true_false"].id], "pass_mark": "60",
        "shuffle": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    test = db.session.get(SessionTest, world["session"].id)
    assert [sq.question_id for sq in test.questions] == [world["single"].id,
                                                          world["true_false"].id]
    assert (test.pass_mark, test.shuffle) == (60, True)


@pytest.mark.parametrize("pass_mark", ["101", "-1", ""])
def test_pass_mark_is_a_percentage(client, auth, world, pass_mark):
    auth.as_role(Role.EXPERT)
    response = client.post(f"/sessions/{world['session'].id}/test", data={
        "question_ids": [world["single"].id], "pass_mark": pass_mark})
    assert response.status_code == 400
    assert db.session.get(SessionTest, world["session"].id) is None


def test_answered_questions_cannot_be_unticked(client, auth, world):
    attempts.record_attempt(world["session"], world["amina"].id, AttemptKind.PRE, {},
                            AttemptMethod.ONLINE)
    auth.as_role(Role.EXPERT)
    response = client.post(f"/sessions/{world['session'].id}/test", data={
        "question_ids": [world["single"].id], "pass_mark": "50"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "déjà des réponses à cette session et restent dans le test" in page
    assert "Publics du projet" in page
    db.session.expire_all()
    test = db.session.get(SessionTest, world["session"].id)
    assert len(test.questions) == 3 and test.pass_mark == 70


def open_test(client, session_id, state):
    return client.post(f"/sessions/{session_id}/test/open", data={"state": state})


def test_opening_the_post_test_closes_the_pre_test(client, auth, world):
    auth.as_role(Role.EXPERT)
    sid = world["session"].id
    assert open_test(client, sid, "pre").status_code == 302
    db.session.expire_all()
    test = db.session.get(SessionTest, sid)
    assert (test.pre_open, test.post_open) == (True, False)
    assert "Pré-test ouvert" in client.get(f"/sessions/{sid}").get_data(as_text=True)
    open_test(client, sid, "post")
    db.session.expire_all()
    assert (test.pre_open, test.post_open) == (False, True)
    open_test(client, sid, "closed")
    db.session.expire_all()
    assert (test.pre_open, test.post_open) == (False, False)


def test_unknown_state_is_400(client, auth, world):
    auth.as_role(Role.EXPERT)
    assert open_test(client, world["session"].id, "both").status_code == 400


def test_a_test_without_questions_cannot_be_opened(client, auth, app):
    session = factories.session()
    auth.as_role(Role.EXPERT)
    response = open_test(client, session.id, "pre")
    assert response.status_code == 302
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "Ce test n&#39;a aucune question" in page
    assert db.session.get(SessionTest, session.id) is None


def test_satisfaction_is_opened_and_closed_with_default_items(client, auth, world):
    auth.as_role(Role.COORDINATOR, "oriental")
    sid = world["session"].id
    client.post(f"/sessions/{sid}/satisfaction/open", data={"state": "open"})
    db.session.expire_all()
    assert db.session.get(SessionTest, sid).satisfaction_open
    assert db.session.scalar(sa.select(sa.func.count(SatisfactionItem.id))) == 8
    client.post(f"/sessions/{sid}/satisfaction/open", data={"state": "closed"})
    db.session.expire_all()
    assert not db.session.get(SessionTest, sid).satisfaction_open


# Results and resets -------------------------------------------------------------------------

def test_results_show_scores_and_counts(client, auth, world):
    session, single = world["session"], world["single"]
    attempts.record_attempt(session, world["amina"].id, AttemptKind.PRE,
                            {single.id: correct_ids(single)}, AttemptMethod.ONLINE)
    attempts.record_attempt(session, world["amina"].id, AttemptKind.POST,
                            {q.id: correct_ids(q) for q in (single, world["multi"])},
                            AttemptMethod.ONLINE)
    attempts.record_attempt(session, world["karim"].id, AttemptKind.POST, {},
                            AttemptMethod.PAPER, recorded_by_id=factories.user(
                                Role.EXPERT, name="Experte Saisie").id)
    auth.as_role(Role.OBSERVER)
    response = client.get(f"/sessions/{session.id}/results")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'class="count-pre">1<' in page
    assert 'class="count-post">2<' in page
    assert 'class="count-both">1<' in page
    assert "25,0\u00a0%" in page and "75,0\u00a0%" in page and "0,0\u00a0%" in page
    assert "papier, saisi par Experte Saisie" in page
    assert "sans pré-test" in page
    assert "les deux" in page and "post-test seul" in page
    assert page.index("ALAOUI Amina") < page.index("BENNANI Karim")


def test_results_query_count_does_not_grow_with_people(client, auth, app):
    session = factories.session()
    q = make_question(session.training_id)
    recorder = factories.user(Role.EXPERT)
    auth.as_role(Role.EXPERT)

    def grow(n):
        for _ in range(n):
            person = factories.participant(organization_id=factories.organization().id)
            factories.registration(session, person)
            attempts.record_attempt(session, person.id, AttemptKind.PRE, {q.id: correct_ids(q)},
                                    AttemptMethod.PAPER, recorded_by_id=recorder.id)
            attempts.record_attempt(session, person.id, AttemptKind.POST, {},
                                    AttemptMethod.ONLINE)
        db.session.commit()
        with count_queries() as statements:
            assert client.get(f"/sessions/{session.id}/results").status_code == 200
        return len(statements)

    assert grow(2) == grow(10)


def reset(client, session_id, attempt_id, reason):
    return client.post(f"/sessions/{session_id}/attempts/{attempt_id}/reset",
                       data={"reason": reason}, follow_redirects=True)


def test_reset_requires_a_reason(client, auth, world):
    attempt, _ = attempts.record_attempt(world["session"], world["amina"].id, AttemptKind.PRE,
                                         {}, AttemptMethod.ONLINE)
    db.session.commit()
    auth.as_role(Role.EXPERT)
    response = reset(client, world["session"].id, attempt.id, "   ")
    assert "Indiquez le motif" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1
    assert db.session.scalar(sa.select(sa.func.count(AttemptReset.id))) == 0


def test_reset_deletes_the_attempt_logs_it_and_the_person_can_take_it_again(client, auth, world):
    session, single = world["session"], world["single"]
    attempt, _ = attempts.record_attempt(session, world["amina"].id, AttemptKind.PRE,
                                         {single.id: correct_ids(single)}, AttemptMethod.ONLINE)
    db.session.commit()
    expert = auth.as_role(Role.EXPERT)
    response = reset(client, session.id, attempt.id, "Téléphone d'une autre personne")
    assert "réinitialisé" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 0
    log = db.session.scalar(sa.select(AttemptReset))
    assert (log.participant_id, log.kind, log.user_id) == (world["amina"].id, AttemptKind.PRE,
                                                           expert.id)
    assert log.reason == "Téléphone d'une autre personne"
    assert log.percent == pytest.approx(25)
    again, _ = attempts.record_attempt(session, world["amina"].id, AttemptKind.PRE, {},
                                       AttemptMethod.ONLINE)
    assert again.percent == 0


def test_attempt_of_another_session_is_404(client, auth, world):
    other = factories.session(region="oriental")
    attempt, _ = attempts.record_attempt(other, world["amina"].id, AttemptKind.PRE, {},
                                         AttemptMethod.ONLINE)
    db.session.commit()
    auth.as_role(Role.EXPERT)
    response = client.post(f"/sessions/{world['session'].id}/attempts/{attempt.id}/reset",
                           data={"reason": "x"})
    assert response.status_code == 404


# Paper tests, one page per person -----------------------------------------------------------

def paper_url(world, kind="pre", person="amina"):
    return (f"/sessions/{world['session'].id}/participants/{world[person].id}/paper-test"
            f"?kind={kind}")


def test_paper_page_shows_questions_with_lettered_choices(client, auth, world):
    auth.as_role(Role.COORDINATOR, "oriental")
    page = client.get(paper_url(world)).get_data(as_text=True)
    assert "Q1. Le genre désigne :" in page
    assert "A. Les rôles sociaux" in page and "B. Le sexe" in page
    assert 'type="radio"' in page and 'type="checkbox"' in page


def test_paper_page_records_a_paper_attempt_by_the_staff_member(client, auth, world):
    single, multi = world["single"], world["multi"]
    user = auth.as_role(Role.EXPERT)
    response = client.post(paper_url(world, "post"), data={
        f"q{single.id}": str(correct_ids(single)[0]),
        f"q{multi.id}": [str(i) for i in correct_ids(multi)]})
    assert response.status_code == 302
    attempt = db.session.scalar(sa.select(Attempt))
    assert (attempt.kind, attempt.method, attempt.recorded_by_id) == (
        AttemptKind.POST, AttemptMethod.PAPER, user.id)
    assert attempt.percent == 75 and attempt.without_pre and attempt.started_at is None


def test_a_second_paper_attempt_is_refused_and_the_first_stands(client, auth, world):
    attempts.record_attempt(world["session"], world["amina"].id, AttemptKind.PRE, {},
                            AttemptMethod.ONLINE)
    db.session.commit()
    auth.as_role(Role.EXPERT)
    assert "a déjà un pré-test" in client.get(paper_url(world)).get_data(as_text=True)
    single = world["single"]
    response = client.post(paper_url(world), data={f"q{single.id}": correct_ids(single)[0]},
                           follow_redirects=True)
    assert "rien n&#39;a été enregistré" in response.get_data(as_text=True)
    db.session.expire_all()
    assert [a.percent for a in db.session.scalars(sa.select(Attempt))] == [0]


def test_paper_choice_of_another_question_is_refused(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.post(paper_url(world), data={
        f"q{world['single'].id}": world["multi"].choices[0].id})
    assert response.status_code == 400
    assert db.session.scalar(sa.select(Attempt)) is None


def test_paper_page_of_someone_not_registered_or_unknown_kind(client, auth, world):
    stranger = factories.participant()
    db.session.commit()
    auth.as_role(Role.EXPERT)
    sid = world["session"].id
    assert client.get(f"/sessions/{sid}/participants/{stranger.id}/paper-test"
                      ).status_code == 404
    assert client.get(paper_url(world, "middle")).status_code == 400


# Paper tests from an Excel sheet ------------------------------------------------------------

def filled_template(client, world, kind, answers: dict[str, list]) -> bytes:
    """Download the template and type answers on the rows of the people named."""
    data = client.get(f"/sessions/{world['session'].id}/paper-tests.xlsx?kind={kind}").data
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows(min_row=4):
        if row[1].value in answers:
            for offset, value in enumerate(answers[row[1].value]):
                sheet.cell(row=row[0].row, column=4 + offset, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def import_paper(client, world, kind, data):
    return client.post(f"/sessions/{world['session'].id}/paper-tests/import?kind={kind}",
                       data={f"{kind}-file": (io.BytesIO(data), "papier.xlsx")},
                       content_type="multipart/form-data")


def test_paper_template_lists_registered_people_and_questions(client, auth, world):
    auth.as_role(Role.OBSERVER)
    response = client.get(f"/sessions/{world['session'].id}/paper-tests.xlsx?kind=pre")
    assert response.status_code == 200 and response.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    assert [c.value for c in sheet[3]][:6] == ["ID", "Nom", "Prénom", "Q1", "Q2", "Q3"]
    assert [r[1].value for r in sheet.iter_rows(min_row=4)] == ["Alaoui", "Bennani"]


def test_paper_sheet_import_records_every_row(client, auth, world):
    user = auth.as_role(Role.EXPERT)
    data = filled_template(client, world, "pre", {"Alaoui": ["A", "A,B", "Vrai"],
                                                   "Bennani": ["B", None, "B"]})
    response = import_paper(client, world, "pre", data)
    assert response.status_code == 302
    attempts = {a.participant_id: a for a in db.session.scalars(sa.select(Attempt))}
    assert attempts[world["amina"].id].percent == 100
    assert attempts[world["karim"].id].percent == 0
    assert {(a.method, a.recorded_by_id, a.kind) for a in attempts.values()} == {
        (AttemptMethod.PAPER, user.id, AttemptKind.PRE)}


def test_blank_rows_of_the_paper_sheet_are_skipped(client, auth, world):
    auth.as_role(Role.EXPERT)
    data = filled_template(client, world, "post", {"Bennani": ["a", "a b", "faux"]})
    assert import_paper(client, world, "post", data).status_code == 302
    attempt = db.session.scalar(sa.select(Attempt))
    assert attempt.participant_id == world["karim"].id and attempt.percent == 75


def test_faulty_paper_rows_are_named_and_nothing_is_recorded(client, auth, world):
    outsider = factories.participant(last_name="Dupont")
    attempts.record_attempt(world["session"], world["karim"].id, AttemptKind.PRE, {},
                            AttemptMethod.ONLINE)
    db.session.commit()
    auth.as_role(Role.EXPERT)
    data = filled_template(client, world, "pre", {"Alaoui": ["E", "A", "A,B"],
                                                   "Bennani": ["A", "A", "A"]})
    workbook = load_workbook(io.BytesIO(data))
    workbook.worksheets[0].append([outsider.id, "Dupont", "Jean", "A"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = import_paper(client, world, "pre", buffer.getvalue())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "3 lignes comportent une erreur : rien n" in page
    assert ("Ligne 4 : Q1 : Pas de choix E pour cette question ; Q3 : Une seule réponse "
            "possible, pas « A,B »") in page
    assert "Ligne 5 : BENNANI Karim a déjà un pré-test (0,0\u00a0%)" in page
    assert ("Ligne 6 : Aucune personne inscrite à cette session n&#39;a l&#39;ID "
            f"« {outsider.id} »") in page
    db.session.expire_all()
    assert [a.participant_id for a in db.session.scalars(sa.select(Attempt))] == [
        world["karim"].id]


def test_paper_sheet_of_the_other_test_or_changed_questions_is_refused(client, auth, world):
    auth.as_role(Role.EXPERT)
    data = filled_template(client, world, "pre", {"Alaoui": ["A", "A", "A"]})
    response = import_paper(client, world, "post", data)
    assert response.status_code == 400
    assert "modèle du pré-test, pas du post-test" in response.get_data(as_text=True)
    session_tests.save_test_settings(world["session"], [world["single"].id], 70, False)
    db.session.commit()
    response = import_paper(client, world, "pre", data)
    assert "Les questions du test ont changé" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(Attempt)) is None


# Satisfaction items -------------------------------------------------------------------------

def test_satisfaction_items_are_seeded_once_and_edited(client, auth, app):
    auth.as_role(Role.EXPERT)
    page = client.get("/satisfaction/items").get_data(as_text=True)
    assert "Les objectifs de la formation étaient clairs" in page
    assert "Ce qui pourrait être amélioré" in page
    client.get("/satisfaction/items")
    items = satisfaction.satisfaction_items()
    assert len(items) == 8 and sum(i.kind == "text" for i in items) == 2
    first, second = items[0], items[1]
    assert client.post(f"/satisfaction/items/{second.id}/move",
                       data={"direction": "up"}).status_code == 302
    client.post(f"/satisfaction/items/{first.id}/edit",
                data={"text": "Les objectifs étaient annoncés", "active": ""})
    client.post("/satisfaction/items/new", data={"kind": "text", "text": "Autre remarque",
                                                 "active": "y"})
    db.session.expire_all()
    items = satisfaction.satisfaction_items()
    assert [i.id for i in items[:2]] == [second.id, first.id]
    assert (first.text, first.active) == ("Les objectifs étaient annoncés", False)
    assert items[-1].text == "Autre remarque"
    assert [i.text for i in satisfaction.satisfaction_items(active_only=True)].count(
        "Les objectifs étaient annoncés") == 0


def test_satisfaction_items_are_changed_by_experts_only(client, auth, app):
    satisfaction.ensure_default_satisfaction_items()
    item_id = satisfaction.satisfaction_items()[0].id
    auth.as_role(Role.COORDINATOR, "oriental")
    assert client.get("/satisfaction/items").status_code == 200
    assert client.post(f"/satisfaction/items/{item_id}/toggle").status_code == 403
    assert client.get("/satisfaction/items/999999/edit").status_code == 403


# Access -------------------------------------------------------------------------------------

def assessment_rules(app):
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("assessments."):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                rules.append((rule.rule, rule.endpoint, method))
    return rules


def fill_url(rule: str, ids: dict) -> str:
    for name, value in ids.items():
        rule = rule.replace(f"<int:{name}>", str(value))
    assert "<" not in rule, rule
    return rule + ("?kind=pre" if "paper" in rule else "")


@pytest.fixture
def ids(world):
    attempt, _ = attempts.record_attempt(world["session"], world["karim"].id, AttemptKind.PRE,
                                         {}, AttemptMethod.ONLINE)
    satisfaction.ensure_default_satisfaction_items()
    db.session.commit()
    return {"training_id": world["training_id"], "session_id": world["session"].id,
            "participant_id": world["amina"].id, "question_id": world["multi"].id,
            "attempt_id": attempt.id, "item_id": satisfaction.satisfaction_items()[0].id}


def test_coordinator_of_another_region_is_refused_on_every_session_page(client, auth, app, ids):
    auth.as_role(Role.COORDINATOR, "souss-massa")
    for rule, endpoint, method in assessment_rules(app):
        if "<int:session_id>" in rule:
            response = client.open(fill_url(rule, ids), method=method)
            assert response.status_code == 403, (method, rule)


def test_observer_reads_but_cannot_post_nor_open_forms(client, auth, app, ids):
    auth.as_role(Role.OBSERVER)
    for rule, endpoint, method in assessment_rules(app):
        response = client.open(fill_url(rule, ids), method=method)
        form_page = endpoint.split(".")[1].startswith(("create", "edit", "new"))
        expected = 403 if method == "POST" or form_page else 200
        assert response.status_code == expected, (method, rule)


def test_anonymous_visitors_are_sent_to_login(client, app, ids):
    for rule, endpoint, method in assessment_rules(app):
        response = client.open(fill_url(rule, ids), method=method)
        assert response.status_code == 302, (method, rule)
        assert response.headers["Location"].startswith("/login")


def test_unknown_ids_are_404(client, auth, app, ids):
    auth.as_role(Role.ADMIN)
    for name in ids:
        for rule, endpoint, method in assessment_rules(app):
            if f"<int:{name}>" in rule:
                response = client.open(fill_url(rule, ids | {name: 999999}), method=method)
                assert response.status_code == 404, (method, rule, name)


def test_session_page_shows_the_tests_section(client, auth, world):
    auth.as_role(Role.EXPERT)
    page = client.get(f"/sessions/{world['session'].id}").get_data(as_text=True)
    assert "Pré-test et post-test" in page and "Tests fermés" in page
    assert "Ouvrir le pré-test" in page and "Ouvrir le post-test" in page
    assert f"/sessions/{world['session'].id}/results" in page
    assert f"/sessions/{world['session'].id}/paper-tests.xlsx?kind=pre" in page


# The audit log ------------------------------------------------------------------------------

def test_a_test_reset_is_in_the_audit_log(client, auth, world):
    attempt, _ = attempts.record_attempt(world["session"], world["amina"].id, AttemptKind.POST,
                                         {}, AttemptMethod.ONLINE)
    db.session.commit()
    attempt_id = attempt.id
    expert = auth.as_role(Role.EXPERT)
    reset(client, world["session"].id, attempt_id, "Alaoui Amina s'est trompée de téléphone")
    (entry,) = audit.entries()
    assert (entry.event, entry.actor_id, entry.session_id, entry.person_id) == (
        "test-reset", expert.id, world["session"].id, world["amina"].id)
    details = json.loads(entry.details)
    assert details["kind"] == "post" and details["attempt_id"] == attempt_id
    assert "Alaoui" not in entry.details  # the typed reason stays in the reset's own log


def test_a_question_bank_import_is_in_the_audit_log(client, auth, world):
    expert = auth.as_role(Role.EXPERT)
    data = client.get(f"/trainings/{world['training_id']}/questions.xlsx").data
    client.post(f"/trainings/{world['training_id']}/questions/import", data=upload(data),
                content_type="multipart/form-data")
    (entry,) = audit.entries(AuditEvent.IMPORT)
    assert (entry.actor_id, entry.session_id) == (expert.id, None)
    assert json.loads(entry.details) == {"kind": "question-bank", "rows": 3, "created": 3,
                                         "training_id": world["training_id"]}


def test_the_paper_test_template_download_is_logged(client, auth, world):
    observer = auth.as_role(Role.OBSERVER)
    response = client.get(f"/sessions/{world['session'].id}/paper-tests.xlsx?kind=post")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    log = audit.download()
    assert (log.user_id, log.kind, log.session_id, log.filename, log.details) == (
        observer.id, "paper-tests-xlsx", world["session"].id,
        f"post-test-papier-session-{world['session'].id}.xlsx", {"test": "post"})


def test_a_paper_tests_import_is_in_the_audit_log(client, auth, world):
    expert = auth.as_role(Role.EXPERT)
    data = filled_template(client, world, "pre", {"Alaoui": ["A", "A,B", "Vrai"]})
    assert import_paper(client, world, "pre", data).status_code == 302
    (entry,) = audit.entries(AuditEvent.IMPORT)
    assert (entry.actor_id, entry.session_id) == (expert.id, world["session"].id)
    assert json.loads(entry.details) == {"kind": "paper-tests", "test": "pre", "rows": 2,
                                         "recorded": 1}
