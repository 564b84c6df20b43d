"""The roster spreadsheet, without an application: template, reading, value codes."""
from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from trainings.registry import roster_sheet
from trainings.registry.normalize import fold, normalize_email, normalize_phone

HEADER = ["Nom", "Prénom", "Sexe", "Organisation", "Type d'organisation", "Fonction",
          "Téléphone", "E-mail"]
KINDS = {"osc": "Association locale (OSC)", "commune": "Commune"}


def workbook_bytes(*rows, header=HEADER) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    if header is not None:
        sheet.append(header)
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_template_first_sheet_has_the_header_row():
    data = roster_sheet.template_workbook("Aide", [("Comment remplir",)])
    sheet = load_workbook(io.BytesIO(data)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER
    assert sheet.max_row == 1


def test_template_second_sheet_holds_the_help_rows():
    data = roster_sheet.template_workbook("Aide", [("Titre",), ("Commune", "commune")])
    help_sheet = load_workbook(io.BytesIO(data))["Aide"]
    assert [[c.value for c in row] for row in help_sheet.iter_rows()] == [
        ["Titre", None], ["Commune", "commune"]]


def test_template_reads_back_as_an_empty_roster():
    data = roster_sheet.template_workbook("Aide", [])
    with pytest.raises(roster_sheet.EmptyRoster):
        roster_sheet.read_roster(data)


def test_read_roster_gives_excel_row_numbers_and_skips_empty_rows():
    data = workbook_bytes(
        ["Alaoui", "Fatima", "F", "Asso Nour", "OSC", "Présidente", "0612345678", "f@x.ma"],
        [None] * 8,
        ["Benali", "Omar", "H", None, None, None, None, None],
    )
    rows = roster_sheet.read_roster(data)
    assert [r["row"] for r in rows] == [2, 4]
    assert rows[0] == {"row": 2, "last_name": "Alaoui", "first_name": "Fatima", "sex": "F",
                       "organization": "Asso Nour", "organization_kind": "OSC",
                       "function": "Présidente", "phone": "0612345678", "email": "f@x.ma"}
    assert rows[1]["organization"] == ""


def test_read_roster_matches_columns_by_header_in_any_order():
    data = workbook_bytes(["bakri@x.ma", "Bakri", "Salma"], header=["email", "NOM", "prenom"])
    [row] = roster_sheet.read_roster(data)
    assert (row["last_name"], row["first_name"], row["email"]) == ("Bakri", "Salma", "bakri@x.ma")
    assert row["phone"] == ""


def test_read_roster_keeps_all_digits_of_a_phone_typed_as_a_number():
    data = workbook_bytes(["Alaoui", "Fatima", None, None, None, None, 212612345678.0, None])
    assert roster_sheet.read_roster(data)[0]["phone"] == "212612345678"


def test_read_roster_requires_the_name_columns():
    data = workbook_bytes(["x"], header=["Organisation"])
    with pytest.raises(roster_sheet.MissingColumns) as error:
        roster_sheet.read_roster(data)
    assert error.value.headers == ["Nom", "Prénom"]


@pytest.mark.parametrize("data", [b"", b"Nom;Prenom\nAlaoui;Fatima\n", b"PK\x03\x04 broken zip"])
def test_read_roster_refuses_what_is_not_a_workbook(data):
    with pytest.raises(roster_sheet.UnreadableWorkbook):
        roster_sheet.read_roster(data)


def test_read_roster_refuses_too_many_rows(monkeypatch):
    monkeypatch.setattr(roster_sheet, "MAX_ROWS", 2)
    data = workbook_bytes(["A", "a"], ["B", "b"], ["C", "c"])
    with pytest.raises(roster_sheet.TooManyRows):
        roster_sheet.read_roster(data)


@pytest.mark.parametrize("text, code", [("F", "female"), ("femme", "female"), (" h ", "male"),
                                        ("Homme", "male"), ("", None)])
def test_sex_code_reads_french_values(text, code):
    assert roster_sheet.sex_code(text) == code


def test_sex_code_refuses_other_values():
    with pytest.raises(ValueError):
        roster_sheet.sex_code("X")


@pytest.mark.parametrize("text", ["osc", "OSC", "Association locale (OSC)",
                                  "association  locale (osc)"])
def test_kind_code_accepts_code_or_label(text):
    assert roster_sheet.kind_code(text, KINDS) == "osc"


def test_kind_code_refuses_unknown_kinds():
    with pytest.raises(ValueError):
        roster_sheet.kind_code("Club de foot", KINDS)


def test_kind_code_of_an_empty_cell_is_none():
    assert roster_sheet.kind_code("", KINDS) is None


@pytest.mark.parametrize("raw, phone", [("06 12-34.56 78", "+212612345678"),
                                        (" +212 6 12 34 56 78", "+212612345678"),
                                        ("—", None), (None, None)])
def test_normalize_phone_writes_every_number_in_e164(raw, phone):
    assert normalize_phone(raw) == phone


def test_normalize_email_strips_and_lowercases():
    assert normalize_email("  Fatima.Alaoui@Example.ORG ") == "fatima.alaoui@example.org"
    assert normalize_email("   ") is None


def test_fold_ignores_accents_case_spaces_and_apostrophe_kinds():
    assert fold("  Type D’Organisation ") == fold("type d'organisation") == "type d'organisation"
    assert fold("Élodie") == "elodie"
