"""Tests in French, Arabic and English: staff type the translations, a participant reads the test
and the satisfaction questionnaire in their language (French where a text has none), scores never
depend on the language, the bank's workbook and the paper grid carry the translations, the report
speaks the reader's language and the session page names the questions still in French only."""
from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from tests import factories
from tests.querycount import count_queries
from tests.test_tests_public import (  # noqa: F401  (room is a fixture)
    Room, add_questions, attempts, correct, proof_of, question, remember, room, submit, wrong,
)
from trainings.assessments import bank_sheet, question_bank
from trainings.assessments.bank_sheet import check_row
from trainings.assessments.models import (
    Answer, Attempt, AttemptKind, AttemptMethod, Question, QuestionKind, SatisfactionItem,
    SessionQuestion, SessionTest,
)
from trainings.assessments.question_rules import Problem
from trainings.downloads.cells import cells
from trainings.extensions import db
from trainings.models import Role

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ARABIC_DIGITS = "قانون 09-08 لسنة 2009 والفصل 19 من الدستور"
HOSTILE = ['=HYPERLINK("http://evil.example","x")', "<script>alert(1)</script>", ARABIC_DIGITS,
           "ج" * 10_000]


MARKS = {"ar": "ترجمة", "en": "Translated"}


def tr(text: str, language: str = "ar") -> str:
    """The test's stand-in translation of a French text (which it does not contain)."""
    return f"{MARKS[language]} {text.upper()}"


def translate(q: Question, language: str = "ar", explanation: bool = True) -> Question:
    """Give the question and its choices a text in the language, made from the French one."""
    setattr(q, f"text_{language}", tr(q.text, language))
    for choice in q.choices:
        setattr(choice, f"text_{language}", tr(choice.text, language))
    if explanation and q.explanation:
        setattr(q, f"explanation_{language}", tr(q.explanation, language))
    db.session.flush()
    return q


def open_post(room: Room) -> None:
    room.test.pre_open, room.test.post_open = False, True
    db.session.commit()


# The participant's pages ----------------------------------------------------------------------

def test_the_participant_reads_the_test_in_arabic_and_french_where_a_text_is_missing(
        app, client, room):
    single, multi, true_false = room.questions
    translate(single)
    multi.text_ar = "من هم الجمهور؟"  # its choices keep only their French text
    db.session.commit()
    remember(app, client, room.person)
    page = client.get(f"{room.url}?lang=ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert tr(single.text) in page and single.text not in page
    for choice in single.choices:
        assert tr(choice.text) in page
    assert "من هم الجمهور؟" in page and multi.text not in page
    assert all(choice.text in page for choice in multi.choices)  # French fallback
    assert true_false.text in page  # untranslated: French
    french = client.get(f"{room.url}?lang=fr").get_data(as_text=True)
    assert single.text in french and MARKS["ar"] not in french and "من هم" not in french


def test_a_session_in_arabic_shows_its_test_in_arabic_without_asking(app, client, room):
    room.session.language = "ar"
    for q in room.questions:
        translate(q)
    db.session.commit()
    remember(app, client, room.person)
    page = client.get(room.url).get_data(as_text=True)
    assert all(tr(q.text) in page for q in room.questions)
    assert '<html lang="ar" dir="rtl">' in page


def test_english_texts_are_shown_with_lang_en(app, client, room):
    translate(room.questions[0], "en")
    db.session.commit()
    remember(app, client, room.person)
    page = client.get(f"{room.url}?lang=en").get_data(as_text=True)
    assert tr(room.questions[0].text, "en") in page and room.questions[1].text in page


def test_the_same_answers_in_arabic_and_in_french_give_the_same_score(app, client, room):
    for q in room.questions:
        translate(q)
    other = factories.participant(first_name="Hanane", last_name="Tazi", phone="+212661000002")
    factories.registration(room.session, other)
    room.test.shuffle = True
    db.session.commit()
    single, multi, true_false = room.questions
    answers = {f"q{single.id}": correct(single), f"q{multi.id}": correct(multi)[:1],
               f"q{true_false.id}": wrong(true_false)}
    for person, language in ((room.person, "ar"), (other, "fr")):
        client.delete_cookie("lang")
        remember(app, client, person)
        page = client.get(f"{room.url}?lang={language}").get_data(as_text=True)
        assert (MARKS["ar"] in page) == (language == "ar")
        response = submit(client, room, page, answers, confirm_unanswered="1")
        assert response.status_code == 302
    arabic, french = attempts()
    assert (arabic.participant_id, french.participant_id) == (room.person.id, other.id)
    assert (arabic.earned, arabic.possible, arabic.percent) == (
        french.earned, french.possible, french.percent)
    assert 0 < arabic.percent < 100
    assert sorted((a.question_id, a.chosen, a.correct) for a in arabic.answers) == sorted(
        (a.question_id, a.chosen, a.correct) for a in french.answers)


def test_the_post_test_review_shows_the_arabic_explanations(app, client, room):
    single, multi, true_false = room.questions
    translate(single)
    open_post(room)
    remember(app, client, room.person)
    page = client.get(f"{room.url}?lang=ar").get_data(as_text=True)
    response = submit(client, room, page, {f"q{single.id}": correct(single)},
                      confirm_unanswered="1")
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert tr(single.explanation) in result and tr(single.text) in result
    assert multi.explanation in result  # no Arabic explanation: the French one


def test_the_satisfaction_questionnaire_in_arabic(app, client, room):
    room.test.satisfaction_open = True
    db.session.commit()
    remember(app, client, room.person)
    page = client.get(f"{room.url}/satisfaction?lang=ar").get_data(as_text=True)
    # The default questionnaire is seeded with the catalogue's Arabic.
    items = list(db.session.scalars(sa.select(SatisfactionItem).order_by(
        SatisfactionItem.position)))
    assert items and all(item.text_ar and item.text_en for item in items)
    assert items[0].text_ar != items[0].text
    assert all(item.text_ar in page for item in items)
    assert items[0].text not in page
    items[0].text_ar = None
    db.session.commit()
    page = client.get(f"{room.url}/satisfaction?lang=ar").get_data(as_text=True)
    assert items[0].text in page  # French where the Arabic is missing


def test_the_test_page_sends_as_many_queries_for_many_translated_questions_as_for_few(
        app, client, room):
    for q in room.questions:
        translate(q)
    db.session.commit()
    remember(app, client, room.person)

    def queries() -> int:
        client.get(f"{room.url}?lang=ar")  # warm: the cookie, the caches
        with count_queries() as statements:
            page = client.get(f"{room.url}?lang=ar").get_data(as_text=True)
        assert all(tr(q.text) in page for q in room.questions)
        return len(statements)

    few = queries()
    add_questions(room, [translate(question(room.session.training_id, QuestionKind.SINGLE,
                                            [f"Juste {n}"], [f"Faux {n}"], position=3 + n))
                         for n in range(9)])
    db.session.commit()
    assert queries() == few


# Staff: the forms ----------------------------------------------------------------------------

def question_data(**extra) -> dict:
    data = {"kind": "single", "text": "Le genre désigne :", "points": "1",
            "explanation": "Le genre est social.", "choices-0-text": "Les rôles sociaux",
            "choices-0-correct": "y", "choices-1-text": "Le sexe biologique"}
    for index in range(2, 6):
        data[f"choices-{index}-text"] = ""
    return data | extra


@pytest.fixture
def training(app):
    item = factories.training()
    db.session.commit()
    return item


def test_the_question_form_saves_the_arabic_and_english_texts(client, auth, training):
    auth.as_role(Role.EXPERT)
    form = client.get(f"/trainings/{training.id}/questions/new").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*dir="rtl"[^>]*name="text_ar"', form)
    assert re.search(r'<input[^>]*dir="rtl"[^>]*name="choices-0-text_ar"', form)
    assert "Texte en arabe" in form and "Texte en anglais" in form
    response = client.post(f"/trainings/{training.id}/questions/new", data=question_data(**{
        "text_ar": "يشير النوع الاجتماعي إلى:", "text_en": "Gender means:",
        "choices-0-text_ar": "الأدوار الاجتماعية", "choices-1-text_ar": "الجنس البيولوجي",
        "choices-0-text_en": "Social roles", "explanation_ar": "النوع الاجتماعي بناء اجتماعي.",
        "explanation_en": " "}))
    assert response.status_code == 302
    q = db.session.scalar(sa.select(Question))
    assert (q.text_ar, q.text_en) == ("يشير النوع الاجتماعي إلى:", "Gender means:")
    assert (q.explanation_ar, q.explanation_en) == ("النوع الاجتماعي بناء اجتماعي.", None)
    assert [(c.text, c.text_ar, c.text_en) for c in q.choices] == [
        ("Les rôles sociaux", "الأدوار الاجتماعية", "Social roles"),
        ("Le sexe biologique", "الجنس البيولوجي", None)]
    edit = client.get(f"/trainings/{training.id}/questions/{q.id}/edit").get_data(as_text=True)
    assert "يشير النوع الاجتماعي إلى:" in edit and "الأدوار الاجتماعية" in edit


@pytest.mark.parametrize("field", ["text_ar", "choices-1-text_en", "explanation_ar"])
def test_a_control_character_in_a_translation_is_refused_and_nothing_saved(
        client, auth, training, field):
    auth.as_role(Role.EXPERT)
    response = client.post(f"/trainings/{training.id}/questions/new",
                           data=question_data(**{field: "نص\x00خفي"}))
    assert response.status_code == 400
    assert "caractères de contrôle" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def test_a_translated_choice_on_a_blank_french_choice_is_refused(client, auth, training):
    auth.as_role(Role.EXPERT)
    response = client.post(f"/trainings/{training.id}/questions/new",
                           data=question_data(**{"choices-3-text_ar": "اختيار"}))
    assert response.status_code == 400
    assert "Le choix D est traduit mais vide en français" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def test_the_satisfaction_item_form_saves_its_translations(client, auth, app):
    auth.as_role(Role.EXPERT)
    form = client.get("/satisfaction/items/new").get_data(as_text=True)
    assert re.search(r'<input[^>]*dir="rtl"[^>]*name="text_ar"', form)
    response = client.post("/satisfaction/items/new", data={
        "kind": "scale", "text": "Le lieu était accessible", "text_ar": "كان المكان سهل الولوج",
        "text_en": "", "active": "y"})
    assert response.status_code == 302
    item = db.session.scalar(sa.select(SatisfactionItem).where(
        SatisfactionItem.text == "Le lieu était accessible"))
    assert (item.text_ar, item.text_en) == ("كان المكان سهل الولوج", None)
    response = client.post(f"/satisfaction/items/{item.id}/edit", data={
        "text": item.text, "text_ar": "", "text_en": "The venue was accessible", "active": "y"})
    assert response.status_code == 302
    db.session.refresh(item)
    assert (item.text_ar, item.text_en) == (None, "The venue was accessible")


# Staff: the bank's workbook ------------------------------------------------------------------

def _bank_file(rows: list[dict], headers: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:  # texts as texts, as Excel keeps a typed '=HYPERLINK(…)
        sheet.append(cells(sheet, [row.get(header) for header in headers]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_bank_workbook_round_trips_arabic_and_english_with_hostile_text(
        client, auth, training):
    auth.as_role(Role.EXPERT)
    data = _bank_file([
        {"Type": "choix unique", "Question": "Le genre désigne :", "Choix A": "Les rôles",
         "Choix B": "Le sexe", "Bonnes réponses": "A", "Explication": "Social.",
         "Question (arabe)": HOSTILE[0], "Choix A (arabe)": HOSTILE[1],
         "Choix B (arabe)": ARABIC_DIGITS, "Explication (arabe)": HOSTILE[3],
         "Question (anglais)": "Gender means:", "Choix B (anglais)": "Sex"},
        {"Type": "vrai-faux", "Question": "Le PAC est communal.", "Bonnes réponses": "Vrai",
         "Choix A (arabe)": "صحيح", "Choix B (arabe)": "خطأ"},
    ], list(bank_sheet.HEADERS))
    response = client.post(f"/trainings/{training.id}/questions/import",
                           data={"file": (io.BytesIO(data), "banque.xlsx")})
    assert response.status_code == 302, response.get_data(as_text=True)
    first, second = question_bank.bank(training.id)
    assert (first.text_ar, first.explanation_ar, first.text_en) == (
        HOSTILE[0], HOSTILE[3], "Gender means:")
    assert [(c.text_ar, c.text_en) for c in first.choices] == [
        (HOSTILE[1], None), (ARABIC_DIGITS, "Sex")]
    assert [(c.text, c.text_ar) for c in second.choices] == [("Vrai", "صحيح"), ("Faux", "خطأ")]

    exported = client.get(f"/trainings/{training.id}/questions.xlsx")
    assert exported.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(exported.data)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert {"Question (arabe)", "Choix A (arabe)", "Explication (arabe)",
            "Question (anglais)", "Choix F (anglais)"} <= set(header)
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["Question (arabe)"].value == HOSTILE[0]
    assert row["Question (arabe)"].data_type == "s"  # text, never a formula
    assert row["Question (arabe)"].alignment.readingOrder == 2  # right to left
    assert row["Choix A (arabe)"].value == HOSTILE[1]
    assert row["Explication (arabe)"].value == HOSTILE[3]

    # The exported file imports into another bank as the same questions.
    other = factories.training()
    db.session.commit()
    response = client.post(f"/trainings/{other.id}/questions/import",
                           data={"file": (io.BytesIO(exported.data), "banque.xlsx")})
    assert response.status_code == 302
    copies = question_bank.bank(other.id)
    assert [question_bank.clean_of(q) for q in copies] == [
        question_bank.clean_of(q) for q in (first, second)]


def test_a_bank_file_without_the_language_columns_still_imports(client, auth, training):
    auth.as_role(Role.EXPERT)
    data = _bank_file([{"Type": "choix unique", "Question": "Q ?", "Choix A": "Oui",
                        "Choix B": "Non", "Bonnes réponses": "A"}],
                      ["Type", "Question", "Choix A", "Choix B", "Bonnes réponses"])
    response = client.post(f"/trainings/{training.id}/questions/import",
                           data={"file": (io.BytesIO(data), "ancien.xlsx")})
    assert response.status_code == 302
    (q,) = question_bank.bank(training.id)
    assert q.text_ar is None and all(c.text_ar is None for c in q.choices)


@pytest.mark.parametrize("header", ["Question (arabe)", "Choix B (arabe)",
                                    "Explication (anglais)"])
def test_a_control_character_in_a_language_column_refuses_the_row(header):
    # A file cannot carry most control characters (openpyxl refuses them): the row's check.
    row = check_row(3, {"Type": "choix unique", "Question": "Q ?", "Choix A": "Oui",
                        "Choix B": "Non", "Bonnes réponses": "A", header: "لا\x07"})
    assert row.question is None and Problem("control_characters", header) in row.problems


def test_a_faulty_language_column_refuses_the_whole_file_naming_the_row(client, auth, training):
    auth.as_role(Role.EXPERT)
    headers = ["Type", "Question", "Choix A", "Choix B", "Bonnes réponses", "Choix C (arabe)",
               "Question (anglais)"]
    data = _bank_file([
        {"Type": "choix unique", "Question": "Bonne ?", "Choix A": "Oui", "Choix B": "Non",
         "Bonnes réponses": "A", "Question (anglais)": "Good?"},
        {"Type": "choix unique", "Question": "Fautive ?", "Choix A": "Oui", "Choix B": "Non",
         "Bonnes réponses": "A", "Choix C (arabe)": "ربما"},
    ], headers)
    response = client.post(f"/trainings/{training.id}/questions/import",
                           data={"file": (io.BytesIO(data), "banque.xlsx")})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(r"[Ll]igne 3\b", page)
    assert "Le choix C est traduit mais vide en français" in page
    assert question_bank.bank(training.id) == []


# Staff: the paper grid, the report, the warning ----------------------------------------------

@pytest.fixture
def arabic_session(app):
    """A session in Arabic by default, its test of three questions, one without Arabic."""
    session = factories.session()
    session.language = "ar"
    db.session.add(SessionTest(session_id=session.id))
    questions = []
    for n in range(3):
        q = question(session.training_id, QuestionKind.SINGLE, [f"Juste {n}"], [f"Faux {n}"],
                     explanation=f"Parce que {n}.", position=n)
        db.session.add(SessionQuestion(session_id=session.id, question_id=q.id, position=n))
        questions.append(q)
    translate(questions[0])
    translate(questions[1])
    db.session.commit()
    return session, questions


def test_the_paper_grid_is_in_the_sessions_language_with_french_fallback(
        client, auth, arabic_session):
    session, (first, second, third) = arabic_session
    auth.as_role(Role.EXPERT)
    response = client.get(f"/sessions/{session.id}/paper-tests.xlsx?kind=pre")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data))
    texts = "\n".join(str(cell.value) for sheet in workbook.worksheets
                      for row in sheet.iter_rows() for cell in row if cell.value)
    assert tr(first.text) in texts and tr(first.choices[0].text) in texts
    assert third.text in texts and tr(third.text) not in texts
    assert "الاختبار القبلي" in texts  # the title, in Arabic too
    assert [c.value for c in workbook.worksheets[0][3]][:3] == ["ID", "Nom", "Prénom"]


def _answered(session, questions) -> None:
    person = factories.participant()
    for kind in (AttemptKind.PRE, AttemptKind.POST):
        attempt = Attempt(session_id=session.id, participant_id=person.id, kind=kind,
                          method=AttemptMethod.ONLINE, earned=Decimal(1), possible=Decimal(3),
                          percent=100 / 3)
        attempt.answers = [Answer(question_id=q.id, correct=n == 0)
                           for n, q in enumerate(questions)]
        db.session.add(attempt)
    db.session.commit()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_the_per_question_report_speaks_the_readers_language(client, auth, arabic_session,
                                                             language):
    session, questions = arabic_session
    _answered(session, questions)
    auth.login(factories.user(Role.EXPERT, language=language))
    page = client.get(f"/sessions/{session.id}/report").get_data(as_text=True)
    rows = {q.id: re.search(rf'<tr class="question-{q.id}">(.*?)</tr>', page, re.S).group(1)
            for q in questions}
    first, _second, third = questions
    if language == "ar":
        assert tr(first.text) in rows[first.id]
    else:
        assert tr(first.text) not in page and first.text in rows[first.id]
    assert third.text in rows[third.id]  # no Arabic: French


def test_the_session_page_lists_the_questions_without_arabic(client, auth, arabic_session):
    session, (first, second, third) = arabic_session
    auth.as_role(Role.EXPERT)
    page = client.get(f"/sessions/{session.id}?lang=fr").get_data(as_text=True)
    warning = re.search(r'class="warning untranslated-questions"(.*?)</div>', page, re.S).group(1)
    assert "1 question n'a pas de texte en arabe" in warning
    assert third.text in warning and first.text not in warning
    # A missing Arabic explanation or choice counts too.
    second.explanation_ar = None
    first.choices[1].text_ar = None
    db.session.commit()
    page = client.get(f"/sessions/{session.id}?lang=fr").get_data(as_text=True)
    assert "3 questions n'ont pas de texte en arabe" in page
    for q in (first, second, third):
        q.text_ar = q.text_ar or "ن"
        for choice in q.choices:
            choice.text_ar = choice.text_ar or "ن"
        q.explanation_ar = q.explanation_ar or "ن"
    db.session.commit()
    page = client.get(f"/sessions/{session.id}?lang=fr").get_data(as_text=True)
    assert "untranslated-questions" not in page


def test_a_french_session_shows_no_warning(client, auth, arabic_session):
    session, _questions = arabic_session
    session.language = "fr"
    db.session.commit()
    auth.as_role(Role.EXPERT)
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "untranslated-questions" not in page and "texte en arabe" not in page


def test_an_answered_question_gets_translations_but_keeps_its_french_and_choices(
        client, auth, room):
    single = room.questions[0]
    remember(client.application, client, room.person)
    page = client.get(room.url).get_data(as_text=True)
    submit(client, room, page, {f"q{single.id}": correct(single)}, confirm_unanswered="1")
    (attempt,) = attempts()
    choice_ids = [c.id for c in single.choices]
    auth.as_role(Role.EXPERT)
    base = f"/trainings/{room.session.training_id}/questions/{single.id}/edit"
    bank = client.get(f"/trainings/{room.session.training_id}/questions").get_data(as_text=True)
    assert "Traduire" in bank
    form = client.get(base).get_data(as_text=True)
    assert "seules ses traductions en arabe et en anglais peuvent changer" in form
    data = {"kind": "single", "text": single.text, "points": "1",
            "explanation": single.explanation}
    for index in range(6):
        choice = single.choices[index] if index < len(single.choices) else None
        data[f"choices-{index}-text"] = choice.text if choice else ""
        if choice and choice.is_correct:
            data[f"choices-{index}-correct"] = "y"
    translated = data | {"text_ar": "ما هو النوع الاجتماعي؟", "choices-0-text_ar": "بناء اجتماعي"}
    assert client.post(base, data=translated).status_code == 302
    db.session.expire_all()
    assert single.text_ar == "ما هو النوع الاجتماعي؟"
    assert [c.id for c in single.choices] == choice_ids  # the answers still name them
    assert single.choices[0].text_ar == "بناء اجتماعي"
    # Changing the French too is refused, the translations with it.
    response = client.post(base, data=translated | {"text": "Autre", "text_ar": "سؤال آخر"},
                           follow_redirects=True)
    assert "Cette question a déjà des réponses : créez-en une nouvelle" in response.get_data(
        as_text=True)
    db.session.expire_all()
    assert (single.text, single.text_ar) == ("Question Une construction sociale ?",
                                             "ما هو النوع الاجتماعي؟")
    assert db.session.get(Attempt, attempt.id).percent == attempt.percent


def test_hostile_translations_are_shown_as_text(app, client, auth, room):
    single = room.questions[0]
    single.text_ar = "<script>alert(1)</script> سؤال 2026"
    single.choices[0].text_ar = '=HYPERLINK("http://evil.example","x")'
    db.session.commit()
    remember(app, client, room.person)
    page = client.get(f"{room.url}?lang=ar").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; سؤال 2026" in page
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;x&#34;)" in page
    auth.as_role(Role.EXPERT)
    bank = client.get(f"/trainings/{room.session.training_id}/questions").get_data(as_text=True)
    assert "<script>alert(1)" not in bank and "&lt;script&gt;alert(1)" in bank


def test_the_report_workbook_gives_the_questions_in_the_readers_language(
        client, auth, arabic_session):
    session, (first, _second, third) = arabic_session
    _answered(session, arabic_session[1])
    auth.login(factories.user(Role.EXPERT, language="ar"))
    response = client.get(f"/sessions/{session.id}/report.xlsx")
    assert response.status_code == 200
    texts = {str(cell.value) for sheet in load_workbook(io.BytesIO(response.data)).worksheets
             for row in sheet.iter_rows() for cell in row if cell.value}
    assert any(tr(first.text) in text for text in texts)
    assert any(third.text in text for text in texts)


def test_the_test_settings_mark_the_questions_without_arabic(client, auth, arabic_session):
    session, (first, second, third) = arabic_session
    auth.as_role(Role.EXPERT)
    page = client.get(f"/sessions/{session.id}/test").get_data(as_text=True)
    marked = re.findall(r"<label>[^<]*<input[^>]*>\s*([^<]*) — sans texte en arabe", page)
    assert len(marked) == 1 and third.text in marked[0]
