"""The paper tests spreadsheet, without an application: template, reading back, letters."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from trainings.assessments import answer_grid
from trainings.assessments.answer_grid import PaperPerson, PaperQuestion
from trainings.assessments.question_rules import MULTIPLE, SINGLE, TRUE_FALSE

QUESTIONS = [PaperQuestion(11, "Le genre désigne :", SINGLE, ("Le sexe", "Les rôles", "Rien")),
             PaperQuestion(12, "Publics :", MULTIPLE, ("RPT", "MRE", "Touristes", "Retour")),
             PaperQuestion(13, "Le PAC est communal.", TRUE_FALSE, ("Vrai", "Faux"))]
PEOPLE = [PaperPerson(5, "Alaoui", "Samira"), PaperPerson(9, "Diallo", "Moussa")]


def template() -> bytes:
    return answer_grid.template_workbook(7, "pre", "Pré-test — Session", QUESTIONS, PEOPLE,
                                         "Questions", ["Comment remplir"])


def fill(data: bytes, answers: dict[int, list]) -> bytes:
    """Type answers into the template: row number -> cells from column D."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    for row, cells in answers.items():
        for offset, value in enumerate(cells):
            sheet.cell(row=row, column=4 + offset, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_has_one_row_per_person_and_one_column_per_question():
    sheet = load_workbook(io.BytesIO(template())).worksheets[0]
    assert [c.value for c in sheet[3]][:7] == ["ID", "Nom", "Prénom", "Q1", "Q2", "Q3", None]
    assert [[c.value for c in r][:3] for r in sheet.iter_rows(min_row=4)] == [
        [5, "Alaoui", "Samira"], [9, "Diallo", "Moussa"]]
    assert sheet.row_dimensions[2].hidden
    assert "B. Les rôles" in sheet["D3"].comment.text


def test_template_lists_the_questions_and_their_lettered_choices():
    listing = load_workbook(io.BytesIO(template()))["Questions"]
    values = [c.value for c in listing["B"] if c.value]
    assert "Le genre désigne :" in values and "D. Retour" in values


def test_filled_template_reads_back_with_its_keys():
    sheet = answer_grid.read_answers(fill(template(), {4: ["B", "A,B", "Vrai"]}))
    assert (sheet.session_id, sheet.kind) == (7, "pre")
    assert [(c.number, c.question_id) for c in sheet.columns] == [(1, 11), (2, 12), (3, 13)]
    first, second = sheet.rows
    assert (first.row, first.participant_id, first.last_name) == (4, "5", "Alaoui")
    assert first.answers == {1: "B", 2: "A,B", 3: "Vrai"}
    assert second.blank


def test_a_hand_made_sheet_without_keys_is_read_by_question_number():
    workbook = Workbook()
    workbook.active.append(["ID", "Nom", "Prénom", "Q1", "Q2"])
    workbook.active.append([5, "Alaoui", "Samira", "a", "c"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet = answer_grid.read_answers(buffer.getvalue())
    assert sheet.session_id is None and [c.question_id for c in sheet.columns] == [None, None]
    assert sheet.rows[0].answers == {1: "a", 2: "c"}


def test_a_sheet_without_id_or_question_columns_is_refused():
    workbook = Workbook()
    workbook.active.append(["Nom", "Prénom"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    with pytest.raises(answer_grid.MissingColumns):
        answer_grid.read_answers(buffer.getvalue())
    with pytest.raises(answer_grid.UnreadableWorkbook):
        answer_grid.read_answers(b"PK not really")


@pytest.mark.parametrize("text, kind, choices, expected", [
    ("B", SINGLE, ("x", "y", "z"), {1}),
    ("a, c", MULTIPLE, ("x", "y", "z"), {0, 2}),
    ("Faux", TRUE_FALSE, ("Vrai", "Faux"), {1}),
    ("V", TRUE_FALSE, ("Vrai", "Faux"), {0}),
])
def test_answers_are_read_from_letters(text, kind, choices, expected):
    assert answer_grid.check_answer(text, kind, choices) == (expected, None)


@pytest.mark.parametrize("text, kind, choices, code, value", [
    ("E", SINGLE, ("x", "y", "z"), "no_such_choice", "E"),
    ("A,B", SINGLE, ("x", "y", "z"), "one_answer", "A,B"),
    ("A,B", TRUE_FALSE, ("Vrai", "Faux"), "one_answer", "A,B"),
    ("2", MULTIPLE, ("x", "y", "z"), "not_letters", "2"),
])
def test_wrong_answers_are_named(text, kind, choices, code, value):
    indices, problem = answer_grid.check_answer(text, kind, choices)
    assert (problem.code, problem.value) == (code, value)
