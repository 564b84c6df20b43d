"""The question bank spreadsheet, without an application: writing, reading back, faulty rows."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from trainings.assessments import bank_sheet
from trainings.assessments.question_rules import MULTIPLE, SINGLE, TRUE_FALSE, CleanQuestion

QUESTIONS = [
    CleanQuestion(SINGLE, "Le genre désigne :", ("Le sexe biologique", "Les rôles sociaux",
                                                "Une langue"), frozenset({1}), Decimal(1),
                  "Le genre est une construction sociale."),
    CleanQuestion(MULTIPLE, "Cochez les publics du projet\nvisés en priorité :",
                  ("RPT", "MRE", "Touristes", "Migrant·e·s de retour"), frozenset({0, 1, 3}),
                  Decimal("2.5")),
    CleanQuestion(TRUE_FALSE, "Le PAC est le plan d'action de la commune.", ("Vrai", "Faux"),
                  frozenset({0}), Decimal(1)),
]


def workbook_bytes(*rows, header=bank_sheet.HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def row(kind="choix unique", text="Question ?", choices=("Oui", "Non"), correct="A", points=1,
        explanation=""):
    slots = list(choices) + [None] * (6 - len(choices))
    return [kind, text, *slots, correct, points, explanation]


def read_one(*cells):
    rows = bank_sheet.read_bank(workbook_bytes(row(*cells)))
    assert len(rows) == 1
    return rows[0]


def test_written_bank_reads_back_the_same_questions():
    data = bank_sheet.bank_workbook(QUESTIONS, "Aide", [("Comment remplir",)])
    rows = bank_sheet.read_bank(data)
    assert [r.problems for r in rows] == [[], [], []]
    assert [r.question for r in rows] == QUESTIONS
    assert [r.row for r in rows] == [2, 3, 4]


def test_written_sheet_has_the_header_row_and_a_help_sheet():
    workbook = load_workbook(io.BytesIO(bank_sheet.bank_workbook([], "Aide", [("Titre",)])))
    assert [c.value for c in workbook.worksheets[0][1]] == list(bank_sheet.HEADERS)
    assert workbook["Aide"]["A1"].value == "Titre"


def test_multiple_correct_letters_are_read_in_any_spelling():
    for text in ("A,C", "a ; c", "AC", "A et C", "C, A"):
        result = read_one("choix multiple", "?", ("x", "y", "z"), text)
        assert result.question.correct == {0, 2}, text


def test_kinds_are_read_in_usual_spellings():
    assert read_one("Vrai / Faux", "?", ("Vrai", "Faux"), "A").question.kind == TRUE_FALSE
    assert read_one("QCM", "?", ("x", "y"), "A,B").question.kind == MULTIPLE
    assert read_one("Choix unique", "?", ("x", "y"), "B").question.kind == SINGLE


def test_true_false_may_leave_choices_empty_and_name_the_answer():
    result = read_one("vrai-faux", "La terre tourne.", (), "Vrai")
    assert result.question.choices == ("Vrai", "Faux") and result.question.correct == {0}
    assert read_one("vrai-faux", "?", (), "F").question.correct == {1}


def test_excel_booleans_in_true_false_choices_read_as_vrai_and_faux():
    result = read_one("vrai-faux", "?", (True, False), "B")
    assert result.question.choices == ("Vrai", "Faux")


def test_points_default_to_one_and_accept_a_french_decimal():
    assert read_one("choix unique", "?", ("x", "y"), "A", None).question.points == 1
    assert read_one("choix unique", "?", ("x", "y"), "A", "1,5").question.points == Decimal("1.5")


@pytest.mark.parametrize("cells, code", [
    (("questionnaire", "?", ("x", "y"), "A"), "unknown_kind"),
    (("choix unique", "", ("x", "y"), "A"), "no_text"),
    (("choix unique", "?", ("x", "y"), "C"), "correct_on_empty"),
    (("choix unique", "?", ("x", "y", "z"), "A,B"), "one_correct"),
    (("choix multiple", "?", ("x", "y"), ""), "some_correct"),
    (("choix unique", "?", ("x", "y"), "A", 0), "points"),
    (("choix unique", "?", ("x", "y"), "A", -1), "points"),
    (("choix unique", "?", ("x", "y"), "A", "beaucoup"), "points"),
    (("vrai-faux", "?", ("Oui", "Non"), "A"), "true_false_choices"),
    (("choix unique", "?", ("x", "y"), "1"), "not_letters"),
    (("choix unique", "?", ("x",), "A"), "too_few_choices"),
])
def test_faulty_rows_are_named_with_their_reason(cells, code):
    result = read_one(*cells)
    assert result.question is None
    assert code in [p.code for p in result.problems]


def test_empty_rows_are_skipped_and_rows_keep_excel_numbers():
    rows = bank_sheet.read_bank(workbook_bytes(row(), [None] * 11, row(text="Autre ?")))
    assert [r.row for r in rows] == [2, 4]


def test_missing_columns_are_named():
    with pytest.raises(bank_sheet.MissingColumns) as error:
        bank_sheet.read_bank(workbook_bytes(row(), header=["Type", "Question", "Choix A"]))
    assert error.value.headers == ["Choix B", "Bonnes réponses"]


def test_a_file_without_questions_or_not_a_workbook_is_refused():
    with pytest.raises(bank_sheet.EmptyBank):
        bank_sheet.read_bank(workbook_bytes())
    with pytest.raises(bank_sheet.UnreadableWorkbook):
        bank_sheet.read_bank(b"not a workbook")


def test_parse_letters_refuses_anything_but_letters():
    assert bank_sheet.parse_letters("b") == {1}
    with pytest.raises(ValueError, match="G"):
        bank_sheet.parse_letters("A, G")


def test_a_text_starting_with_equals_is_not_written_as_a_formula():
    question = CleanQuestion(SINGLE, "=2+2 ?", ("=4", "5"), frozenset({0}), Decimal(1))
    rows = bank_sheet.read_bank(bank_sheet.bank_workbook([question], "Aide", []))
    assert rows[0].question == question
