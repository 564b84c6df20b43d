"""The knowledge-gain workbook, written and read back with openpyxl, without an application."""
from __future__ import annotations

import dataclasses
import io
import re
from datetime import date, datetime

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart
from openpyxl.utils.cell import range_boundaries

from trainings.reports import workbook
from trainings.reports.report_data import Breakdown, GainReport, GainRow, PeopleCounts
from trainings.reports.statistics import gain_summary, question_figures, satisfaction_figures

FIGURE_WORDS = {
    "n_pre": "n pré-test", "n_post": "n post-test", "n_paired": "n apparié",
    "mean_pre": "Score moyen pré (%)", "mean_post": "Score moyen post (%)",
    "mean_gain": "Gain moyen (points)", "ci95_low": "IC 95 % bas", "ci95_high": "IC 95 % haut",
    "normalized_gain": "Gain normalisé ⟨g⟩", "effect_size_dz": "Taille d'effet dz",
    "improved": "Ont progressé", "stable": "Stables", "declined": "Ont régressé",
    "share_pass_pre": "Part ≥ seuil (pré)", "share_pass_post": "Part ≥ seuil (post)",
    "wilcoxon_p": "p (Wilcoxon)",
}
LABELS = workbook.GainLabels(
    gains_sheet="Gains", data_sheet="Données", codes_sheet="Codes", sessions="Sessions",
    pass_mark="Seuil de réussite (%)", gains_table="Gains de connaissances par sexe",
    figures=FIGURE_WORDS, women="Femmes", men="Hommes", unknown="Non renseigné",
    total="Total", female="Femme", male="Homme", sex_unknown="Non renseigné",
    small_group="Effectif faible (n apparié < 5)", small_group_flag="effectif faible",
    gap_mean_gain="Écart F − H : gain moyen", gap_normalized_gain="Écart F − H : ⟨g⟩",
    distribution_table="Répartition des gains", gain_bin="Gain (points)",
    bin_below="[{low} ; {high}[", bin_above="]{low} ; {high}]",
    means_chart_title="Score moyen avant et après", means_chart_x="Test",
    means_chart_y="Score moyen (%)", distribution_chart_title="Gains individuels",
    distribution_chart_x="Gain (points)", distribution_chart_y="Participant·e·s",
    by_region="Par région", by_theme="Par thème", region="Région", theme="Thème",
    people_table="Personnes formées", people="Personnes (uniques)",
    attendances="Présences", share_of_women="Part des femmes", questions_table="Par question",
    question="Question", n="n", pre="Pré", post="Post", difference="Écart",
    satisfaction_table="Satisfaction", item="Question", mean_rating="Moyenne (1–5)",
    comments="Commentaires",
    regions={"oriental": "Oriental"}, provinces={"berkane": "Province de Berkane"},
    themes={"gender-migration": "Approche genre et migration"},
    organization_kinds={"commune": "Commune"},
)
START, END = date(2026, 3, 2), date(2026, 3, 3)


def gain_row(code: str, sex: str | None, pre: float | None, post: float | None,
             session_id: int = 1) -> GainRow:
    return GainRow(participant_code=code, sex=sex, organization_kind="commune",
                   region="oriental", province="berkane", training="Approche genre",
                   theme="gender-migration", session_id=session_id,
                   session_title="Berkane mars", start_date=START, end_date=END,
                   pre=pre, post=post)


def report_of(rows: list[GainRow], **extra) -> GainReport:
    return GainReport(title="Gains : Berkane mars", summary=gain_summary(r.pair for r in rows),
                      rows=rows, n_sessions=1, filters=[("Session", "Berkane mars")], **extra)


# Seven women with both tests (six non-zero gains, so Wilcoxon is defined), one with only the
# pre-test; no man; nobody of unknown sex.
WOMEN_ONLY = [
    gain_row("P-0001", "female", 100 * 1 / 3, 100 * 2 / 3),
    gain_row("P-0002", "female", 40.0, 80.0),
    gain_row("P-0003", "female", 50.0, 50.0),
    gain_row("P-0004", "female", 20.0, 90.0),
    gain_row("P-0005", "female", 60.0, 70.0),
    gain_row("P-0006", "female", 100 * 7 / 30, 100 * 10 / 30),  # 10.000000000000004 points
    gain_row("P-0007", "female", 90.0, 80.0),
    gain_row("P-0008", "female", 30.0, None),
]
# Two women and three men paired, one person of unknown sex with only a pre-test.
MIXED = [
    gain_row("P-0101", "female", 0.0, 100.0),
    gain_row("P-0102", "female", 100.0, 0.0),
    gain_row("P-0201", "male", 50.0, 60.0),
    gain_row("P-0202", "male", 45.5, 45.5),
    gain_row("P-0203", "male", 70.0, 65.0),
    gain_row("P-0301", None, 55.0, None),
]


def same(value):
    """openpyxl writes a float with 16 significant digits: equal to that precision, which is
    beyond Excel's own 15, and far from any rounding for display."""
    return pytest.approx(value, rel=1e-15, abs=0)


def write_and_open(report: GainReport):
    return load_workbook(io.BytesIO(workbook.gains_workbook(report, LABELS)))


def find_row(ws, text: str) -> int:
    rows = [cell.row for cell in ws["A"] if cell.value == text]
    assert len(rows) == 1, text
    return rows[0]


def header_of(ws) -> list:
    row = find_row(ws, LABELS.gains_table) + 1
    return [cell.value for cell in ws[row] if cell.value is not None]


def column_of(ws, word: str) -> int:
    row = find_row(ws, LABELS.gains_table) + 1
    return next(cell.column for cell in ws[row] if cell.value == word)


def cells_of(ws, formula: str) -> list:
    """The cells a chart reference such as 'Gains'!$B$12:$B$13 points at."""
    sheet, _, bounds = formula.rpartition("!")
    assert sheet.strip("'") == ws.title
    min_col, min_row, max_col, max_row = range_boundaries(bounds.replace("$", ""))
    return [ws.cell(row, column) for row in range(min_row, max_row + 1)
            for column in range(min_col, max_col + 1)]


def test_figures_land_unrounded_with_their_display_format():
    report = report_of(WOMEN_ONLY)
    ws = write_and_open(report)["Gains"]
    women = report.summary["groups"]["women"]
    column = column_of(ws, "Femmes")
    expected_formats = dict(workbook.FIGURES)
    for key, word in FIGURE_WORDS.items():
        cell = ws.cell(find_row(ws, word), column)
        assert cell.value == same(women[key]), key
        assert cell.number_format == expected_formats[key], key
    assert ws.cell(find_row(ws, "Gain moyen (points)"), column).number_format == "0.0"
    assert ws.cell(find_row(ws, "Gain normalisé ⟨g⟩"), column).number_format == "0.00"
    assert ws.cell(find_row(ws, "Part ≥ seuil (post)"), column).number_format == "0.0%"
    assert women["wilcoxon_p"] is not None
    # The test would catch a rounding for display.
    assert women["mean_gain"] != same(round(women["mean_gain"], 1))


def test_an_empty_group_shows_a_dash_never_zero():
    ws = write_and_open(report_of(WOMEN_ONLY))["Gains"]
    men = column_of(ws, "Hommes")
    for word in FIGURE_WORDS.values():
        assert ws.cell(find_row(ws, word), men).value == "—", word
    assert ws.cell(find_row(ws, LABELS.gap_mean_gain), 2).value == "—"


def test_a_zero_count_in_a_group_with_pairs_stays_zero():
    ws = write_and_open(report_of(MIXED))["Gains"]
    # Nobody among the women kept the same score: 0 is a true count there, not "no data".
    assert ws.cell(find_row(ws, "Stables"), column_of(ws, "Femmes")).value == 0


def test_the_not_recorded_column_only_when_someone_of_unknown_sex_took_a_test():
    assert header_of(write_and_open(report_of(WOMEN_ONLY))["Gains"]) == [
        "Femmes", "Hommes", "Total"]
    ws = write_and_open(report_of(MIXED))["Gains"]
    assert header_of(ws) == ["Femmes", "Hommes", "Non renseigné", "Total"]
    unknown = column_of(ws, "Non renseigné")
    assert ws.cell(find_row(ws, "n pré-test"), unknown).value == 1
    assert ws.cell(find_row(ws, "n apparié"), unknown).value == "—"


def test_groups_under_five_pairs_are_flagged():
    ws = write_and_open(report_of(MIXED))["Gains"]
    row = find_row(ws, LABELS.small_group)
    flags = {word: ws.cell(row, column_of(ws, word)).value
             for word in ("Femmes", "Hommes", "Non renseigné", "Total")}
    assert flags == {"Femmes": "effectif faible", "Hommes": "effectif faible",
                     "Non renseigné": "—", "Total": None}


def test_the_gap_women_minus_men():
    report = report_of(MIXED)
    ws = write_and_open(report)["Gains"]
    gap = report.summary["gap_women_minus_men"]
    cell = ws.cell(find_row(ws, LABELS.gap_mean_gain), 2)
    assert (cell.value, cell.number_format) == (same(gap["mean_gain"]), "0.0")
    normalized = ws.cell(find_row(ws, LABELS.gap_normalized_gain), 2)
    assert (normalized.value, normalized.number_format) == (same(gap["normalized_gain"]), "0.00")


def test_the_means_chart_reads_the_mean_pre_and_post_cells_of_the_table():
    report = report_of(MIXED)
    ws = write_and_open(report)["Gains"]
    assert len(ws._charts) == 2
    chart = ws._charts[0]
    assert isinstance(chart, BarChart)
    assert (chart.type, chart.grouping) == ("col", "clustered")
    pre_row, post_row = find_row(ws, "Score moyen pré (%)"), find_row(ws, "Score moyen post (%)")
    words = {"Femmes": "women", "Hommes": "men", "Total": "total"}
    seen = []
    for series in chart.series:
        title = cells_of(ws, series.tx.strRef.f)[0].value
        group = report.summary["groups"][words[title]]
        pre, post = cells_of(ws, series.val.numRef.f)
        assert (pre.row, post.row) == (pre_row, post_row)
        assert (pre.value, post.value) == (same(group["mean_pre"]), same(group["mean_post"]))
        seen.append(title)
    assert seen == ["Femmes", "Hommes", "Total"]  # unknown sex has no pair: no bar of 0
    categories = cells_of(ws, chart.series[0].cat.strRef.f)
    assert [cell.row for cell in categories] == [pre_row, post_row]


def test_the_means_chart_leaves_out_a_group_without_pairs():
    ws = write_and_open(report_of(WOMEN_ONLY))["Gains"]
    titles = [cells_of(ws, series.tx.strRef.f)[0].value for series in ws._charts[0].series]
    assert titles == ["Femmes", "Total"]


def test_the_histogram_counts_add_up_to_the_pairs_of_each_group():
    report = report_of(MIXED + WOMEN_ONLY)
    ws = write_and_open(report)["Gains"]
    chart = ws._charts[1]
    assert isinstance(chart, BarChart)
    assert chart.grouping == "stacked"
    words = {"Femmes": "women", "Hommes": "men"}
    titles = []
    for series in chart.series:
        title = cells_of(ws, series.tx.strRef.f)[0].value
        counts = [cell.value for cell in cells_of(ws, series.val.numRef.f)]
        assert len(counts) == workbook.N_BINS
        assert sum(counts) == report.summary["groups"][words[title]]["n_paired"]
        titles.append(title)
    assert titles == ["Femmes", "Hommes"]  # nobody of unknown sex has a gain: no series
    bins = [cell.value for cell in cells_of(ws, chart.series[0].cat.strRef.f)]
    assert bins[0] == "[−100 ; −90[" and bins[10] == "0" and bins[-1] == "]90 ; 100]"
    total_column = column_of(ws, "Total")  # the bins table has the gains table's columns
    totals = [ws.cell(cell.row, total_column).value
              for cell in cells_of(ws, chart.series[0].val.numRef.f)]
    assert sum(totals) == report.summary["groups"]["total"]["n_paired"]


@pytest.mark.parametrize(("gain", "index"), [
    (-100.0, 0), (-90.0, 1), (-0.5, 9), (0.0, 10), (0.5, 11), (10.0, 11),
    (100 * 10 / 30 - 100 * 7 / 30, 11),  # 10.000000000000004: float noise, not (10, 20]
    (100 * 7 / 30 - 100 * 10 / 30, 9), (10.5, 12), (100.0, 20),
])
def test_gain_bins(gain, index):
    assert workbook.gain_bin(gain) == index


def test_a_report_without_any_attempt_still_writes():
    wb = write_and_open(report_of([]))
    ws = wb["Gains"]
    assert ws.cell(find_row(ws, "n pré-test"), column_of(ws, "Total")).value == "—"
    assert ws._charts == []  # no pair, nothing to draw
    assert list(wb["Données"].iter_rows(values_only=True)) == [workbook.DATA_COLUMNS]


def test_the_data_sheet_has_the_machine_columns_and_one_unrounded_row_per_gain_row():
    wb = write_and_open(report_of(WOMEN_ONLY + MIXED))
    ws = wb["Données"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == workbook.DATA_COLUMNS == (
        "participant_code", "sex", "organization_kind", "region", "province", "training",
        "theme", "session_id", "session", "start_date", "end_date", "pre", "post", "gain")
    assert len(rows) == 1 + len(WOMEN_ONLY + MIXED)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert (first["pre"], first["post"]) == (same(100 / 3), same(200 / 3))
    # The gain is d_i as every figure uses it: post − pre rounded to 9 decimals, so that two
    # equal gains are equal in the sheet too (200/3 − 100/3 is 33.33333333333333 as floats).
    assert first["gain"] == 33.333333333
    assert first["sex"] == "female" and first["region"] == "oriental"
    assert first["start_date"] == datetime(2026, 3, 2)
    only_pre = dict(zip(rows[0], rows[8], strict=True))
    assert only_pre["participant_code"] == "P-0008"
    assert (only_pre["post"], only_pre["gain"]) == (None, None)
    unknown = dict(zip(rows[0], rows[-1], strict=True))
    assert unknown["sex"] is None
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:N{len(rows)}"


def test_no_merged_cells_and_no_identifier_but_the_pseudonymous_code():
    wb = write_and_open(full_report())
    assert [field.name for field in dataclasses.fields(GainRow)][:1] == ["participant_code"]
    assert not {"name", "last_name", "first_name", "phone", "email"} & {
        field.name for field in dataclasses.fields(GainRow)}
    codes = set()
    for ws in wb.worksheets:
        assert not ws.merged_cells.ranges, ws.title
        for row in ws.iter_rows(values_only=True):
            for value in row:
                if isinstance(value, str):
                    assert "@" not in value
                    assert not re.search(r"\d{8,}", value)
                    if value.startswith("P-"):
                        codes.add((ws.title, value))
    # The codes sit in "Données" only, never on the formatted sheet.
    assert {sheet for sheet, _ in codes} == {"Données"}


def test_the_codes_sheet_turns_the_data_codes_into_words():
    rows = list(write_and_open(report_of(MIXED))["Codes"].iter_rows(values_only=True))
    assert rows[0] == ("field", "code", "label")
    assert ("sex", "female", "Femme") in rows and ("sex", "male", "Homme") in rows
    assert ("province", "berkane", "Province de Berkane") in rows
    assert ("organization_kind", "commune", "Commune") in rows


def full_report() -> GainReport:
    rows = WOMEN_ONLY + MIXED + [gain_row("P-0401", "male", 10.0, 20.0, session_id=2)]
    questions = question_figures(
        [(1, "Qu'est-ce que l'approche genre ?"), (2, "Citez un outil du PAC.")],
        [("a", "female", "pre", 1, False), ("a", "female", "post", 1, True),
         ("b", "male", "pre", 1, True), ("b", "male", "post", 1, True),
         ("a", "female", "pre", 2, False), ("a", "female", "post", 2, False)])
    satisfaction = satisfaction_figures(
        [(1, "scale", "Utilité de la formation"), (2, "text", "Vos suggestions")],
        [("female", 1, 5, ""), ("male", 1, 4, ""), ("female", 1, 4, ""),
         ("female", 2, None, "Plus d'exercices pratiques"), ("male", 2, None, "  ")])
    summary = gain_summary(row.pair for row in rows)
    return GainReport(
        title="Gains du programme", summary=summary, rows=rows, n_sessions=2,
        filters=[("Région", "Oriental"), ("Période", "2026")], questions=questions,
        satisfaction=satisfaction,
        breakdowns={"region": [Breakdown("oriental", "Oriental", summary)],
                    "theme": [Breakdown("gender-migration", "Approche genre",
                                        gain_summary(row.pair for row in MIXED))]},
        people=PeopleCounts(people={"women": 9, "men": 4, "unknown": 0, "total": 13},
                            attendances={"women": 30, "men": 12, "unknown": 0, "total": 42}))


def test_the_header_block_breakdowns_and_people():
    report = full_report()
    ws = write_and_open(report)["Gains"]
    assert ws["A1"].value == "Gains du programme"
    assert [ws["A2"].value, ws["B2"].value] == ["Région", "Oriental"]
    assert ws.cell(find_row(ws, "Sessions"), 2).value == 2
    assert ws.cell(find_row(ws, "Seuil de réussite (%)"), 2).value == 70.0

    theme = find_row(ws, "Approche genre")
    header = [cell.value for cell in ws[find_row(ws, "Par thème") + 2]]
    assert header[:9] == [None, "Femmes", "Hommes", "Non renseigné", "Total",
                          "Femmes", "Hommes", "Non renseigné", "Total"]
    line = [cell.value for cell in ws[theme]][:12]
    mixed = gain_summary(row.pair for row in MIXED)["groups"]
    assert line[1:5] == [2, 3, "—", 5]
    assert line[5:9] == [same(mixed["women"]["mean_gain"]), same(mixed["men"]["mean_gain"]),
                         "—", same(mixed["total"]["mean_gain"])]
    assert line[9] == same(mixed["total"]["normalized_gain"])
    assert line[10] == "Femmes, Hommes"

    people = find_row(ws, "Personnes (uniques)")
    # No attendance of unknown sex: that column is left out of the people table.
    assert [cell.value for cell in ws[people]][:5] == ["Personnes (uniques)", 9, 4, 13, None]
    share = ws.cell(find_row(ws, "Part des femmes"), 2)
    assert (share.value, share.number_format) == (9 / 13, "0.0%")


def test_the_questions_and_the_satisfaction():
    ws = write_and_open(full_report())["Gains"]
    first = find_row(ws, "Qu'est-ce que l'approche genre ?")
    cells = list(ws[first])
    # Women: n, pre, post, difference; then men; then total (nobody of unknown sex answered).
    assert [cell.value for cell in cells[1:13]] == [1, 0, 1, 1, 1, 1, 1, 0, 2, 0.5, 1, 0.5]
    assert cells[2].number_format == "0.0%"
    second = [cell.value for cell in ws[first + 1]][1:9]
    assert second[4:8] == ["—", "—", "—", "—"]  # no man answered question 2 both times

    utility = [cell.value for cell in ws[find_row(ws, "Utilité de la formation")]]
    assert utility[1:7] == [2, 4.5, 1, 4, 3, pytest.approx(13 / 3)]
    comment = find_row(ws, "Plus d'exercices pratiques")
    assert ws.cell(comment, 2).value == "Femme"
    assert ws.cell(comment - 1, 1).value == "Commentaires"


def test_labels_without_every_figure_are_refused():
    with pytest.raises(ValueError, match="wilcoxon_p"):
        dataclasses.replace(LABELS, figures={k: v for k, v in FIGURE_WORDS.items()
                                             if k != "wilcoxon_p"})
