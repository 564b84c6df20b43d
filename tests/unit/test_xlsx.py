"""The attendance workbooks and the paper sheet reader, without an application."""
from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import load_workbook

from trainings.downloads import streamed_xlsx
from trainings.exports import attendance_import, xlsx
from trainings.exports.sheet_data import HalfDayColumn, PersonRow, Presence, SessionSheet

LABELS = xlsx.Labels(
    attendance_sheet="Émargement", summary_sheet="Synthèse", data_sheet="Données",
    title="Feuille d'émargement", entry_help="Tapez l'heure d'arrivée ou x.",
    programme="Programme", training="Formation", session="Session", dates="Dates",
    venue="Lieu", place="Province et région", trainers="Formateurs et formatrices",
    funders="Bailleurs", number="N°", last_name="Nom", first_name="Prénom", sex="Sexe",
    organization="Organisation", organization_kind="Type d'organisation", function="Fonction",
    phone="Téléphone", email="E-mail", participant_id="ID", absent="absent·e",
    women_present="Femmes présentes", men_present="Hommes présents",
    unknown_present="Sexe non renseigné", total_present="Total présent·e·s", women="Femmes",
    men="Hommes", unknown="Non renseigné", total="Total", no_organization="Sans organisation",
    registered_table="Inscrit·e·s", participants_table="Personnes présentes",
    attendances_table="Présences par type", rate_table="Taux de présence par demi-journée",
    half_day="Demi-journée", registered="Inscrit·e·s", present="Présent·e·s",
    rate="Taux de présence", consolidated_title="Présences : synthèse",
    by_sex_table="Par sexe", people="Personnes formées", attendances="Présences",
    sessions="Sessions", methods={"qr": "QR code", "manual": "pointage manuel", "paper": "papier"},
)
HEADER = ["N°", "Nom", "Prénom", "Sexe", "Organisation", "Type d'organisation", "Fonction",
          "Téléphone", "E-mail"]
DAY = date(2026, 12, 7)


def presence(hour: int, minute: int, method: str = "qr", by: str = "") -> Presence:
    return Presence(at=datetime(2026, 12, 7, hour, minute), method=method,
                    method_label=method.upper(), recorded_by=by, signature=None)


def person(number: int, last: str, sex: str, presences: list, kind: str = "Commune",
           organization: str = "Commune d'Oujda", walk_in: bool = False) -> PersonRow:
    return PersonRow(number=number, participant_id=100 + number, last_name=last.upper(),
                     first_name=f"Prénom{number}", sex=sex, organization=organization,
                     organization_kind=kind, function="Élue", phone="0612345678",
                     email=f"p{number}@example.org", walk_in=walk_in, presences=presences)


@pytest.fixture
def sheet() -> SessionSheet:
    sheet = SessionSheet(
        session_id=7, programme="Programme migration", funders="AFD, Union européenne",
        training="Approche genre", theme="Approche genre et migration", title="Oujda décembre",
        start_date=DAY, end_date=DAY, venue="Salle A", province="Préfecture d'Oujda-Angad",
        region="Oriental", trainers="Experte genre", certificate_threshold=80,
        half_days=[HalfDayColumn(11, DAY, "morning", "matin", time(9), time(12, 30)),
                   HalfDayColumn(12, DAY, "afternoon", "après-midi", time(14), time(17))])
    sheet.rows = [
        person(1, "Alaoui", "F", [presence(9, 12), presence(14, 5, "manual", "Coordinatrice")]),
        person(2, "Benali", "H", [presence(9, 30, "paper", "Expert"), None],
               kind="Association locale (OSC)", organization="Asso Nour"),
        person(3, "Chraibi", "F", [None, None]),
        person(4, "Daoudi", "", [presence(9, 1), presence(14, 0)], kind="", organization="",
               walk_in=True),
    ]
    return sheet


def open_book(data: bytes):
    return load_workbook(io.BytesIO(data))


def values(ws, row: int) -> list:
    return [cell.value for cell in ws[row]]


def find_row(ws, first_value) -> int:
    for row in ws.iter_rows():
        if row[0].value == first_value:
            return row[0].row
    raise AssertionError(f"no row starting with {first_value!r}")


# The "Émargement" sheet -----------------------------------------------------------------------

def test_session_workbook_has_three_sheets(sheet):
    book = open_book(xlsx.session_workbook(sheet, LABELS))
    assert book.sheetnames == ["Émargement", "Synthèse", "Données"]


def test_attendance_sheet_header_block(sheet):
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Émargement"]
    block = {ws.cell(row, 1).value: ws.cell(row, 3).value for row in range(2, 10)}
    assert block == {
        "Programme": "Programme migration",
        "Formation": "Approche genre (Approche genre et migration)",
        "Session": "Oujda décembre", "Dates": "07/12/2026", "Lieu": "Salle A",
        "Province et région": "Préfecture d'Oujda-Angad, Oriental",
        "Formateurs et formatrices": "Experte genre", "Bailleurs": "AFD, Union européenne",
    }


def test_attendance_sheet_data_header_row_is_where_filters_and_freeze_start(sheet):
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Émargement"]
    layout = xlsx.attendance_layout(sheet)
    assert values(ws, layout.header_row)[:12] == [
        *HEADER, "07/12/2026\nmatin\n09:00–12:30", "07/12/2026\naprès-midi\n14:00–17:00", "ID"]
    assert ws.auto_filter.ref == f"A{layout.header_row}:L{layout.header_row + 4}"
    assert ws.freeze_panes == f"D{layout.header_row + 1}"
    assert ws.row_dimensions[layout.keys_row].hidden


def test_attendance_sheet_rows_show_time_and_method_or_absent(sheet):
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Émargement"]
    first = xlsx.attendance_layout(sheet).first_data_row
    assert values(ws, first)[:12] == [1, "ALAOUI", "Prénom1", "F", "Commune d'Oujda", "Commune",
                                      "Élue", "0612345678", "p1@example.org", "09:12 (QR code)",
                                      "14:05 (pointage manuel)", 101]
    assert values(ws, first + 1)[9:11] == ["09:30 (papier)", "absent·e"]
    assert values(ws, first + 2)[9:11] == ["absent·e", "absent·e"]
    assert values(ws, first + 3)[:4] == [4, "DAOUDI", "Prénom4", None]


def test_presence_text_dates_and_marks_check_ins_outside_the_times():
    early = replace(presence(7, 55), timing="early")
    late = replace(presence(9, 40, "manual"), at=datetime(2026, 12, 8, 9, 40), timing="late")
    assert xlsx.presence_text(early, LABELS, day=DAY) == "07:55 (QR code) ¹"
    assert xlsx.presence_text(late, LABELS, day=DAY) == "08/12 09:40 (pointage manuel) ²"
    assert xlsx.presence_text(presence(9, 12), LABELS, day=DAY) == "09:12 (QR code)"


def test_attendance_sheet_legend_explains_the_marks_it_uses(sheet):
    labels = replace(LABELS, timing_legends={"early": "pointé plus de 30 min avant le début",
                                             "late": "pointé après la fin"})
    ws = open_book(xlsx.session_workbook(sheet, labels))["Émargement"]
    assert not any("pointé" in str(cell.value) for row in ws.iter_rows() for cell in row)
    sheet.rows[0].presences[1] = replace(presence(17, 20), timing="late")
    ws = open_book(xlsx.session_workbook(sheet, labels))["Émargement"]
    assert values(ws, ws.max_row)[:1] == ["² pointé après la fin"]
    assert values(ws, ws.max_row - 1)[:1] == [None]  # one line apart from the totals
    assert ws.print_area.endswith(f"${ws.max_row}")


def test_attendance_sheet_totals_by_sex_per_half_day(sheet):
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Émargement"]
    totals = {ws.cell(row, 1).value: [ws.cell(row, 10).value, ws.cell(row, 11).value]
              for row in range(find_row(ws, "Femmes présentes"), ws.max_row + 1)}
    assert totals == {"Femmes présentes": [1, 1], "Hommes présents": [1, 0],
                      "Sexe non renseigné": [1, 1], "Total présent·e·s": [3, 2]}


def test_attendance_sheet_print_setup(sheet):
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Émargement"]
    header_row = xlsx.attendance_layout(sheet).header_row
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    assert ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == f"${header_row}:${header_row}"
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width


def test_attendance_sheet_of_an_empty_session_still_has_its_header(sheet):
    sheet.rows = []
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Émargement"]
    header_row = xlsx.attendance_layout(sheet).header_row
    assert values(ws, header_row)[:9] == HEADER
    assert ws.auto_filter.ref == f"A{header_row}:L{header_row}"
    assert ws.cell(find_row(ws, "Total présent·e·s"), 10).value == 0


def test_entry_grid_leaves_absences_empty_and_keeps_presences(sheet):
    ws = open_book(xlsx.session_workbook(sheet, LABELS, for_entry=True))["Émargement"]
    first = xlsx.attendance_layout(sheet).first_data_row
    assert values(ws, first + 2)[9:11] == [None, None]
    assert values(ws, first)[9] == "09:12 (QR code)"
    assert ws.cell(first - 3, 1).value == "Tapez l'heure d'arrivée ou x."


# "Synthèse" and "Données" -------------------------------------------------------------------

def table(ws, title: str) -> dict[str, list]:
    """The lines of a table under its title: first cell -> the other cells, up to a blank."""
    row = find_row(ws, title) + 2
    lines = {}
    while ws.cell(row, 1).value is not None:
        lines[ws.cell(row, 1).value] = [ws.cell(row, c).value for c in range(2, 6)]
        row += 1
    return lines


def test_summary_tables_by_sex_and_organisation_kind(sheet):
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Synthèse"]
    assert table(ws, "Inscrit·e·s") == {"Association locale (OSC)": [0, 1, 0, 1],
                                        "Commune": [2, 0, 0, 2],
                                        "Sans organisation": [0, 0, 1, 1],
                                        "Total": [2, 1, 1, 4]}
    assert table(ws, "Personnes présentes") == {"Association locale (OSC)": [0, 1, 0, 1],
                                                "Commune": [1, 0, 0, 1],
                                                "Sans organisation": [0, 0, 1, 1],
                                                "Total": [1, 1, 1, 3]}
    assert table(ws, "Présences par type") == {"Association locale (OSC)": [0, 1, 0, 1],
                                      "Commune": [2, 0, 0, 2],
                                      "Sans organisation": [0, 0, 2, 2],
                                      "Total": [2, 1, 2, 5]}


def test_summary_attendance_rate_per_half_day(sheet):
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Synthèse"]
    row = find_row(ws, "Taux de présence par demi-journée") + 2
    # The last column, the reasons of openings by hand outside the times, is empty here.
    assert [c.value for c in ws[row]] == ["07/12/2026 matin 09:00–12:30", 4, 1, 1, 1, 3, 0.75,
                                          None]
    assert [c.value for c in ws[row + 1]] == ["07/12/2026 après-midi 14:00–17:00", 4, 1, 0, 1, 2,
                                              0.5, None]
    assert ws.cell(row, 7).number_format == "0.0%"


def test_data_sheet_is_one_plain_row_per_person_and_half_day(sheet):
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Données"]
    assert values(ws, 1) == list(xlsx.DATA_COLUMNS)
    assert ws.max_row == 1 + 4 * 2
    assert not ws.merged_cells.ranges
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:X{ws.max_row}"
    rows = [dict(zip(xlsx.DATA_COLUMNS, values(ws, r))) for r in range(2, ws.max_row + 1)]
    alaoui_morning = rows[0]
    assert alaoui_morning | {"date": None} == {
        "session_id": 7, "session": "Oujda décembre", "training": "Approche genre",
        "theme": "Approche genre et migration", "region": "Oriental",
        "province": "Préfecture d'Oujda-Angad", "half_day_id": 11, "date": None,
        "period": "matin", "start": "09:00", "end": "12:30", "participant_id": 101,
        "last_name": "ALAOUI", "first_name": "Prénom1", "sex": "F",
        "organization": "Commune d'Oujda", "organization_kind": "Commune", "function": "Élue",
        "walk_in": 0, "present": 1, "checked_in_at": datetime(2026, 12, 7, 9, 12),
        "method": "QR code", "recorded_by": None, "timing": None}
    assert alaoui_morning["date"].date() == DAY
    assert [(r["participant_id"], r["half_day_id"], r["present"]) for r in rows] == [
        (101, 11, 1), (102, 11, 1), (103, 11, 0), (104, 11, 1),
        (101, 12, 1), (102, 12, 0), (103, 12, 0), (104, 12, 1)]
    assert rows[1]["recorded_by"] == "Expert"
    assert rows[3]["walk_in"] == 1 and rows[3]["sex"] is None


@pytest.mark.parametrize("timing, expected", [(None, None), ("early", "early"),
                                              ("late", "late")])
def test_data_sheet_tells_a_check_in_outside_the_window(sheet, timing, expected):
    """The "timing" column says what the sign-in sheet's ¹ and ² marks say; an absence and a
    check-in inside the window leave it empty."""
    first = sheet.rows[0]
    first.presences[0] = replace(first.presences[0], timing=timing)
    ws = open_book(xlsx.session_workbook(sheet, LABELS))["Données"]
    rows = [dict(zip(xlsx.DATA_COLUMNS, values(ws, r))) for r in range(2, ws.max_row + 1)]
    assert rows[0]["timing"] == expected
    assert [r["timing"] for r in rows[1:]] == [None] * 7


# The consolidated workbook --------------------------------------------------------------------

def data_row(n: int) -> tuple:
    """A line as the export service yields it: 250 people, each at four half-days."""
    participant = n % 250
    sex = ("F", "H", "")[participant % 3]
    kind = ("Commune", "Association locale (OSC)")[participant % 2]
    return (n % 10, f"Session {n % 10}", "Approche genre", "Thème", "Oriental", "Berkane",
            n // 250, DAY + timedelta(days=n // 250), "matin", "09:00", "12:30", participant,
            f"NOM{participant}", "Prénom", sex, "Asso", kind, "Élue", 0, 1,
            datetime(2026, 12, 7, 9, 5), "QR code", "", ("", "early", "late")[n % 3])


def test_consolidated_workbook_streams_rows_in_write_only_mode(tmp_path):
    path = tmp_path / "presences.xlsx"
    summary = xlsx.consolidated_workbook((data_row(n) for n in range(1000)), str(path), LABELS,
                                         [("Période", "du 01/12/2026 au 31/12/2026")])
    assert (summary.attendances, summary.people, len(summary.sessions)) == (1000, 250, 10)
    book = load_workbook(path)
    assert book.sheetnames == ["Synthèse", "Données"]
    data = book["Données"]
    assert values(data, 1) == list(xlsx.DATA_COLUMNS)
    assert data.max_row == 1001
    # Excel reads dates back as datetimes, empty strings as empty cells.
    assert values(data, 2) == [*data_row(0)[:7], datetime(2026, 12, 7), *data_row(0)[8:-2], None,
                               None]
    assert [values(data, row)[-1] for row in (3, 4)] == ["early", "late"]
    assert data.freeze_panes == "A2"
    assert data.auto_filter.ref == "A1:X1001"


def test_consolidated_summary_counts_unique_people_and_attendances_by_sex(tmp_path):
    buffer = io.BytesIO()
    xlsx.consolidated_workbook((data_row(n) for n in range(1000)), buffer, LABELS,
                               [("Période", "du 01/12/2026 au 31/12/2026")])
    ws = load_workbook(io.BytesIO(buffer.getvalue()))["Synthèse"]
    assert values(ws, 2)[:2] == ["Période", "du 01/12/2026 au 31/12/2026"]
    assert ws.cell(find_row(ws, "Sessions"), 2).value == 10
    # 250 people: 84 women (0, 3, ...), 83 men, 83 not recorded; each came four times.
    assert table(ws, "Par sexe") == {"Personnes formées": [84, 83, 83, 250],
                                     "Présences": [336, 332, 332, 1000]}
    assert table(ws, "Personnes présentes")["Total"] == [84, 83, 83, 250]
    assert table(ws, "Présences par type")["Commune"] == [168, 164, 168, 500]


def test_consolidated_workbook_without_rows_is_still_a_valid_workbook():
    buffer = io.BytesIO()
    summary = xlsx.consolidated_workbook(iter(()), buffer, LABELS)
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert summary.attendances == 0
    assert values(book["Données"], 1) == list(xlsx.DATA_COLUMNS)
    assert table(book["Synthèse"], "Par sexe")["Personnes formées"] == [0, 0, 0, 0]


# Texts someone typed ----------------------------------------------------------------------------

HOSTILE = ('=HYPERLINK("http://evil","x")', "+1", "-1", "@SUM(1)")


def formulas(book) -> list[str]:
    return [f"{ws.title}!{cell.coordinate}" for ws in book.worksheets for row in ws.iter_rows()
            for cell in row if cell.data_type == "f"]


def text_cells(book, text: str) -> list:
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row
            if cell.value == text]


def test_session_workbook_keeps_typed_formulas_as_text_in_every_sheet(sheet):
    formula, plus, minus, at = HOSTILE
    sheet.title, sheet.venue, sheet.training = formula, plus, minus
    sheet.rows[0].first_name, sheet.rows[0].organization, sheet.rows[0].function = HOSTILE[:3]
    sheet.rows[1].last_name, sheet.rows[1].email = at, "\x01" + formula
    book = open_book(xlsx.session_workbook(sheet, LABELS))
    assert formulas(book) == []
    for text in HOSTILE:
        found = text_cells(book, text)
        assert found and all(c.data_type == "s" and c.quotePrefix for c in found), text
    # The streamed "Données" lines too: the session title on each, the name on two.
    assert len([c for c in text_cells(book, formula) if c.parent.title == "Données"]) == 8 + 2
    assert len(text_cells(book, at)) == 1 + 2


def test_consolidated_workbook_keeps_typed_formulas_as_text(tmp_path):
    formula, plus, minus, at = HOSTILE
    line = list(data_row(0))
    line[1], line[2], line[12], line[13], line[15], line[17], line[22] = (
        formula, plus, minus, at, formula, "\x01" + plus, "\x02")
    buffer = io.BytesIO()
    xlsx.consolidated_workbook(iter([tuple(line)]), buffer, LABELS, [("Formation", minus)])
    book = load_workbook(io.BytesIO(buffer.getvalue()))
    assert formulas(book) == []
    data = book["Données"]
    assert [data.cell(2, column + 1).value for column in (1, 2, 12, 13, 15, 17, 22)] == [
        formula, plus, minus, at, formula, plus, None]
    assert all(data.cell(2, column + 1).quotePrefix for column in (1, 2, 12, 13, 15, 17))
    assert not data.cell(2, 4).quotePrefix and data.cell(1, 1).font.b
    summary = book["Synthèse"]
    assert (summary["B2"].value, summary["B2"].quotePrefix) == (minus, True)


def test_streamed_texts_are_the_same_whatever_the_text_cache_holds(monkeypatch):
    def sheets() -> list[bytes]:
        buffer = io.BytesIO()
        xlsx.consolidated_workbook((data_row(n) for n in range(300)), buffer, LABELS)
        with zipfile.ZipFile(buffer) as book:
            return [book.read(name) for name in sorted(book.namelist()) if "worksheets" in name]

    cached = sheets()
    monkeypatch.setattr(streamed_xlsx.StreamedSheet, "TEXTS", 3)  # emptied every third new text
    assert sheets() == cached


# Reading a paper sheet back -------------------------------------------------------------------

def typed(sheet: SessionSheet, cells: dict[tuple[int, int], object]) -> bytes:
    """The entry grid with some half-day cells typed: (person index, half-day index) -> value."""
    book = open_book(xlsx.session_workbook(sheet, LABELS, for_entry=True))
    ws = book["Émargement"]
    layout = xlsx.attendance_layout(sheet)
    for (person_index, half_day_index), value in cells.items():
        ws.cell(layout.first_data_row + person_index,
                layout.first_half_day_column + half_day_index, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_paper_sheet_reads_session_half_days_and_people(sheet):
    read = attendance_import.read_paper_sheet(typed(sheet, {(2, 0): "09:05", (2, 1): "x"}))
    first = xlsx.attendance_layout(sheet).first_data_row
    assert read.session_id == 7
    assert list(read.half_days) == [11, 12]
    assert read.half_days[11].startswith("J (07/12/2026 matin")
    assert [(r.row, r.participant_id, r.last_name) for r in read.rows] == [
        (first + i, str(101 + i), name) for i, name in
        enumerate(["ALAOUI", "BENALI", "CHRAIBI", "DAOUDI"])]
    chraibi = read.rows[2]
    assert chraibi.marks[11] == attendance_import.Mark("time", "09:05", time(9, 5))
    assert chraibi.marks[12].kind == "start"
    assert read.rows[0].marks[11].kind == "recorded"
    assert read.rows[1].marks[12].kind == "absent"


def test_paper_sheet_stops_at_the_totals(sheet):
    read = attendance_import.read_paper_sheet(xlsx.session_workbook(sheet, LABELS), ("absent·e",))
    assert len(read.rows) == 4
    assert read.rows[2].marks[11].kind == "absent"


def test_paper_sheet_refuses_a_workbook_without_the_keys_row():
    buffer = io.BytesIO()
    from openpyxl import Workbook

    Workbook().save(buffer)
    with pytest.raises(attendance_import.NotAnAttendanceSheet):
        attendance_import.read_paper_sheet(buffer.getvalue())


def test_paper_sheet_refuses_what_is_not_a_workbook():
    with pytest.raises(attendance_import.UnreadableWorkbook):
        attendance_import.read_paper_sheet(b"not a zip file")


@pytest.mark.parametrize("value, kind, at", [
    (None, "absent", None), ("", "absent", None), ("absent·e", "absent", None),
    ("Absente", "absent", None), ("-", "absent", None), (0, "absent", None),
    ("x", "start", None), ("X", "start", None), ("présent·e", "start", None),
    ("Présente", "start", None), (1, "start", None),
    ("09:05", "time", time(9, 5)), ("9:05", "time", time(9, 5)), ("9h05", "time", time(9, 5)),
    ("14h", "time", time(14)), ("14.30", "time", time(14, 30)), (time(8, 55), "time", time(8, 55)),
    (0.375, "time", time(9)), (timedelta(hours=9, minutes=10), "time", time(9, 10)),
    ("09:12 (QR code)", "recorded", time(9, 12)),
    ("07:55 (QR code) ¹", "recorded", time(7, 55)),  # flagged early, as exported
    ("04/12 09:40 (pointage manuel) ²", "recorded", time(9, 40)),  # flagged late, next day
    ("07:55 (QR code) ³", "invalid", None),
    ("25:00", "invalid", None), ("9:75", "invalid", None), ("abc", "invalid", None),
    (timedelta(hours=25), "invalid", None), (3.5, "invalid", None),
])
def test_read_mark(value, kind, at):
    mark = attendance_import.read_mark(value)
    assert (mark.kind, mark.at) == (kind, at)


def test_read_mark_keeps_the_date_of_a_full_datetime():
    mark = attendance_import.read_mark(datetime(1900, 1, 1, 1, 0))  # 25:00 in an h:mm cell
    assert (mark.kind, mark.day) == ("time", date(1900, 1, 1))
