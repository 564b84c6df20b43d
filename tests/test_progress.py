"""The quarterly progress report (issue 17): indicators by sex equal to the programme report,
the API and an independent count from the attendance and gains APIs; the 80 % completion rule
and unique people across sessions; targets; coordinators confined to their region; the Word
document and the workbook, hostile text included."""
from __future__ import annotations

import io
import re
import zipfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from tests import audit, factories
from tests.test_api import bearer
from tests.test_demo import demo, logins_file  # noqa: F401 (fixtures)
from tests.test_reports import pair, person
from trainings.assessments.models import (
    SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind, SatisfactionResponse,
)
from trainings.attendance import services as attendance
from trainings.attendance.models import CheckInMethod
from trainings.auth.models import Role
from trainings.extensions import db
from trainings.progress.indicators import DEFINITIONS
from trainings.progress.models import ProgressTarget
from trainings.registry.models import Sex
from trainings.reports.services import ReportFilters, programme_report

API = "/api/v1"
Q1 = {"date_from": "2026-01-01", "date_to": "2026-03-31"}
Q2 = {"date_from": "2026-04-01", "date_to": "2026-06-30"}


def present(session, who, half_days=None):
    for half_day in session.half_days[:half_days]:
        attendance.record_check_in(half_day.id, who.id, CheckInMethod.QR)


def attend(session, who, half_days=None):
    factories.registration(session, who)
    present(session, who, half_days)


def rate(session, who, *ratings):
    items = [SatisfactionItem(text=f"Question {n}", kind=SatisfactionItemKind.SCALE,
                              position=n) for n in range(len(ratings))]
    db.session.add_all(items)
    db.session.flush()
    response = SatisfactionResponse(session_id=session.id, participant_id=who.id)
    response.answers = [SatisfactionAnswer(item_id=item.id, rating=rating)
                        for item, rating in zip(items, ratings)]
    db.session.add(response)
    db.session.flush()


@pytest.fixture
def programme():
    """Q1: two sessions in l'Oriental (one of 3 days: 6 half-days), one in Souss-Massa; Q2:
    one in l'Oriental. Ana goes to three sessions, one a returning person in Q2."""
    first = factories.session(start=date(2026, 2, 2), days=3, title="Oujda, février")
    second = factories.session(start=date(2026, 3, 10), title="Berkane, mars",
                               province="berkane")
    south = factories.session(region="souss-massa", start=date(2026, 3, 17))
    later = factories.session(start=date(2026, 5, 5), title="Nador, mai", province="nador")
    ana = person(Sex.FEMALE, kind="osc")
    bouchra = person(Sex.FEMALE, kind="commune")
    chafik = person(Sex.MALE, kind="diaspora")
    driss = person(Sex.MALE, kind="commune")
    nobody = person(None, kind="osc")
    attend(first, ana)  # 6 of 6
    attend(first, bouchra, 5)  # 5 of 6: 83 %, completed
    attend(first, chafik, 4)  # 4 of 6: 67 %, not completed
    factories.registration(first, driss)  # registered, never came
    attend(second, ana)  # Ana again: one person, more attendances
    attend(second, nobody, 1)  # 1 of 2: 50 %
    attend(south, driss)
    attend(later, ana)
    attend(later, chafik, 1)
    pair(first, ana, 40, 80)
    pair(first, bouchra, 50, 70)
    pair(first, chafik, 60, 65)
    pair(second, ana, 70, 90)
    pair(second, nobody, 30, None)
    pair(south, driss, 20, 60)
    pair(later, ana, 60, 90)
    rate(first, ana, 5, 4)
    rate(first, chafik, 3)
    db.session.commit()
    return {"first": first, "second": second, "south": south, "later": later}


def indicators_of(client, headers, **query) -> dict:
    response = client.get(f"{API}/indicators", query_string=query, headers=headers)
    assert response.status_code == 200, response.text
    return {item["key"]: item for item in response.json["indicators"]}


def value(document, key, group="total", field="value"):
    return document[key]["groups"][group][field]


# Equal to the programme report and the gains API -------------------------------------------------

def test_the_indicators_count_unique_people_attendances_and_the_80_percent_rule(client,
                                                                              programme):
    found = indicators_of(client, bearer(factories.user(Role.EXPERT)), **Q1)
    assert value(found, "sessions_held") == 3
    assert value(found, "half_days_delivered") == 6 + 2 + 2
    # Ana twice in Q1 counts once; the person of unknown sex counts in the total.
    assert {group: value(found, "people_trained", group)
            for group in ("women", "men", "unknown", "total")} == {
        "women": 2, "men": 2, "unknown": 1, "total": 5}
    assert value(found, "attendances") == 6 + 5 + 4 + 2 + 1 + 2
    # ≥ 80 % of a session's half-days: Ana, Bouchra (5/6), Driss; not Chafik (4/6) nor 1/2.
    assert value(found, "people_completed") == 3
    assert value(found, "people_completed", "men") == 1
    assert value(found, "completion_rate") == pytest.approx(60.0)
    assert value(found, "share_women") == pytest.approx(40.0)
    # Associations: Ana (osc), Chafik (diaspora), the unknown person (osc): one woman of 3.
    assert value(found, "share_women_associations") == pytest.approx(100 / 3)
    # Half-days registered: first 4 people × 6, second 2 × 2, south 1 × 2.
    assert value(found, "attendance_rate") == pytest.approx(100 * 20 / 30)
    assert value(found, "satisfaction_mean") == pytest.approx(4.0)
    assert value(found, "satisfaction_mean", "women", "n") == 1
    assert value(found, "satisfaction_mean", "women", "small_group") is True


def test_a_threshold_of_50_percent_counts_chafik_and_the_half_present(app, client, programme):
    app.config["PROGRESS_COMPLETION_THRESHOLD"] = 50
    found = indicators_of(client, bearer(factories.user(Role.EXPERT)), **Q1)
    assert value(found, "people_completed") == 5
    assert found["people_completed"]["groups"]["total"]["n"] == 5


def test_every_figure_equals_the_programme_report_and_the_gains_api(app, client, programme):
    headers = bearer(factories.user(Role.EXPERT))
    for period in (Q1, Q2):
        found = indicators_of(client, headers, region="oriental", **period)
        filters = ReportFilters(region="oriental", date_from=date.fromisoformat(
            period["date_from"]), date_to=date.fromisoformat(period["date_to"]))
        report = programme_report(filters, None)
        assert {g: value(found, "people_trained", g) for g in report.people.people} == \
            report.people.people
        assert {g: value(found, "attendances", g) for g in report.people.attendances} == \
            report.people.attendances
        completed = programme_report(ReportFilters(**{**filters.__dict__,
                                                       "min_attendance": 80}), None)
        assert value(found, "people_completed") == completed.people.people["total"]
        gains = client.get(f"{API}/gains", headers=headers, query_string={
            "region": "oriental", **period}).json
        for group in ("women", "men", "total"):
            assert value(found, "mean_gain", group) == gains["groups"][group]["mean_gain"]
            assert value(found, "mean_gain", group, "ci95_low") == \
                gains["groups"][group]["ci95_low"]
            assert value(found, "mean_gain", group, "n") == gains["groups"][group]["n_paired"]
            share = gains["groups"][group]["share_pass_post"]
            assert value(found, "share_pass_post", group) == (
                None if share is None else pytest.approx(100 * share))


def independent_count(client, headers, period: dict, region: str | None = None,
                      threshold: int = 80) -> dict:
    """People, attendances, completion and returning people counted from the sessions' and
    attendance API only, as a donor's analyst would."""
    query = {"from": period["date_from"], "to": period["date_to"]}
    if region:
        query["region"] = region
    sessions = client.get(f"{API}/sessions", headers=headers, query_string=query).json
    people, attendances, completed = {}, defaultdict(int), {}
    held = half_days = 0
    for session in sessions["sessions"]:
        rows = client.get(f"{API}/sessions/{session['id']}/attendance", headers=headers).json
        if not rows["rows"]:
            continue
        held += 1
        half_days += len({row["half_day_id"] for row in rows["rows"]})
        present = defaultdict(int)
        for row in rows["rows"]:
            people[row["participant_id"]] = row["sex"]
            attendances[row["sex"]] += 1
            present[row["participant_id"]] += 1
        for participant, n in present.items():
            if 100 * n >= threshold * len(session["half_days"]):
                completed[participant] = people[participant]
    by_sex = defaultdict(int)
    for sex in people.values():
        by_sex[sex] += 1
    return {"sessions": held, "half_days": half_days, "people": dict(by_sex),
            "total": len(people), "attendances": dict(attendances),
            "completed": len(completed)}


def assert_counts_agree(found: dict, counted: dict) -> None:
    assert value(found, "sessions_held") == counted["sessions"]
    assert value(found, "half_days_delivered") == counted["half_days"]
    assert value(found, "people_trained") == counted["total"]
    for sex, group in (("female", "women"), ("male", "men"), (None, "unknown")):
        if group in found["people_trained"]["groups"]:
            assert value(found, "people_trained", group) == counted["people"].get(sex, 0)
            assert value(found, "attendances", group) == counted["attendances"].get(sex, 0)
    assert value(found, "attendances") == sum(counted["attendances"].values())
    assert value(found, "people_completed") == counted["completed"]


def test_the_indicators_equal_an_independent_count_from_the_attendance_api(client, programme):
    headers = bearer(factories.user(Role.EXPERT))
    for period in (Q1, Q2):
        for region in (None, "oriental"):
            query = {**period, **({"region": region} if region else {})}
            assert_counts_agree(indicators_of(client, headers, **query),
                                independent_count(client, headers, period, region))


def test_cumulative_totals_previous_quarter_and_returning_people(client, programme):
    found = indicators_of(client, bearer(factories.user(Role.EXPERT)), **Q2)
    # Q2: Ana and Chafik, both trained in Q1: returning, nobody new.
    assert value(found, "people_trained") == 2
    assert value(found, "returning_people") == 2
    assert value(found, "new_people") == 0
    assert value(found, "people_trained", field="previous") == 5
    # Since the first session (2 February) to 30 June: the 5 people, each once.
    assert value(found, "people_trained", field="cumulative") == 5
    assert value(found, "sessions_held", field="cumulative") == 4


def test_the_demo_indicators_equal_an_independent_count(client, demo):
    headers = bearer(factories.user(Role.EXPERT))
    answer = client.get(f"{API}/indicators", headers=headers).json  # the quarter of today
    found = {item["key"]: item for item in answer["indicators"]}
    period = {"date_from": answer["period"]["from"], "date_to": answer["period"]["to"]}
    assert_counts_agree(found, independent_count(client, headers, period))
    gains = client.get(f"{API}/gains", headers=headers, query_string=period).json
    assert value(found, "mean_gain") == gains["groups"]["total"]["mean_gain"]
    assert value(found, "mean_gain", "women", "n") == gains["groups"]["women"]["n_paired"]
    previous = indicators_of(client, headers, date_from=answer["previous"]["from"],
                             date_to=answer["previous"]["to"])
    assert_counts_agree(previous, independent_count(client, headers, {
        "date_from": answer["previous"]["from"], "date_to": answer["previous"]["to"]}))
    # The demo's targets: some indicators on track, some behind.
    statuses = {group["behind"] for item in found.values() for group in item["groups"].values()
                if group["target"] is not None}
    assert statuses == {True, False}


# Regions ---------------------------------------------------------------------------------------

def test_a_coordinator_gets_their_region_only(client, auth, programme):
    coordinator = auth.as_role(Role.COORDINATOR, "oriental")
    assert client.get("/reports/progress?region=souss-massa").status_code == 403
    assert client.get("/reports/progress.docx?region=souss-massa").status_code == 403
    headers = bearer(coordinator)
    assert client.get(f"{API}/indicators?region=souss-massa", headers=headers).status_code == 403
    found = indicators_of(client, headers, **Q1)
    assert value(found, "people_trained") == 4  # Driss trained in Souss-Massa only
    page = client.get("/reports/progress?quarter=2026-T1")
    assert page.status_code == 200
    by_region = re.search(r'<table class="by-region">.*?</table>', page.text, re.S).group(0)
    assert "Oriental" in by_region and "Souss-Massa" not in by_region


def test_the_api_refuses_unknown_parameters(client, programme):
    headers = bearer(factories.user(Role.EXPERT))
    response = client.get(f"{API}/indicators?audience=osc", headers=headers)
    assert response.status_code == 400
    assert "audience" in response.json["error"]


# Targets ---------------------------------------------------------------------------------------

def test_targets_are_edited_by_experts_and_shown_behind_or_on_track(app, client, auth,
                                                                   programme):
    auth.as_role(Role.EXPERT)
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/reports/progress/targets")
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.text).group(1)
    form = {"indicator": "share_women", "group": "total", "year": "2026", "value": "60"}
    assert client.post("/reports/progress/targets", data=form).status_code == 400  # no token
    assert client.post("/reports/progress/targets",
                       data={**form, "csrf_token": token}).status_code == 302
    assert client.post("/reports/progress/targets", data={
        "indicator": "mean_gain", "group": "women", "year": "2026", "value": "10,5",
        "csrf_token": token}).status_code == 302
    app.config["WTF_CSRF_ENABLED"] = False
    targets = {(t.indicator, t.group): t.value for t in db.session.query(ProgressTarget)}
    assert targets == {("share_women", "total"): 60.0, ("mean_gain", "women"): 10.5}
    html = client.get("/reports/progress?quarter=2026-T1").text
    women_row = re.search(r'<tr class="row-share_women group-total".*?</tr>', html, re.S).group(0)
    assert "60,0" in women_row and "en retard" in women_row  # 40 % of 60 %
    gain_row = re.search(r'<tr class="row-mean_gain group-women".*?</tr>', html, re.S).group(0)
    assert "dans les temps" in gain_row  # women's gain 30 points ≥ 10.5


@pytest.mark.parametrize("form, message", [
    ({"indicator": "share_women", "group": "total", "year": "2026", "value": "140"},
     "ne dépasse pas 100"),
    ({"indicator": "sessions_held", "group": "women", "year": "2026", "value": "3"},
     "pas donné par sexe"),
    ({"indicator": "people_trained", "group": "total", "year": "20x6", "value": "3"},
     "Une année s'écrit en chiffres"),
    ({"indicator": "people_trained", "group": "total", "year": "2026", "value": "beaucoup"},
     "La cible est un nombre"),
    ({"indicator": "<script>", "group": "total", "year": "2026", "value": "3"},
     "choix valide"),
])
def test_a_bad_target_is_re_rendered_with_its_error(client, auth, form, message):
    auth.as_role(Role.ADMIN)
    response = client.post("/reports/progress/targets", data=form)
    assert response.status_code == 400
    assert message in response.text.replace("&#39;", "'")
    assert db.session.query(ProgressTarget).count() == 0


def test_coordinators_and_observers_cannot_edit_targets(client, auth):
    auth.as_role(Role.COORDINATOR, "oriental")
    assert client.get("/reports/progress/targets").status_code == 403
    assert client.post("/reports/progress/targets", data={}).status_code == 403


# Documents -------------------------------------------------------------------------------------

def test_the_word_document_has_headings_real_tables_and_pictures(client, auth, programme):
    auth.as_role(Role.EXPERT)
    response = client.get("/reports/progress.docx?quarter=2026-T1")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.data))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings == ["Période", "Synthèse", "Indicateurs", "Sessions réalisées",
                        "Graphiques", "Note de méthode", "Effectifs faibles"]
    indicators, sessions = document.tables
    assert indicators.rows[0].cells[0].text == "Indicateur"
    people = [[c.text for c in row.cells] for row in indicators.rows
              if row.cells[0].text == "Personnes formées (uniques)"]
    assert ["Personnes formées (uniques)", "Total", "5", "0", "5", "—", "—", "pas de cible"] \
        in people
    assert [c.text for c in sessions.rows[1].cells][:7] == [
        "02/02/2026 – 04/02/2026", "Oujda, février", "Salle de conférence, Préfecture "
        "d'Oujda-Angad", "2", "1", "0", "3"]
    text = "\n".join(p.text for p in document.paragraphs)
    assert "5 personnes formées, dont 2 femmes (40,0\u00a0%)." in text
    assert "Satisfaction moyenne (1 à 5), Femmes : n = 1, moins de 5 personnes" in text
    assert "4,00 (effectif faible)" in [row.cells[2].text for row in indicators.rows]
    assert len(document.inline_shapes) == 2
    logged = audit.download()
    assert (logged.kind, logged.filename) == ("progress-docx",
                                              "avancement_2026-01-01_2026-03-31.docx")
    assert logged.details["from"] == "2026-01-01" and logged.details["language"] == "fr"


def test_the_arabic_word_document_reads_right_to_left(client, auth, programme):
    auth.as_role(Role.EXPERT)
    response = client.get("/reports/progress.docx?quarter=2026-T1&language=ar")
    assert response.status_code == 200
    xml = zipfile.ZipFile(io.BytesIO(response.data)).read("word/document.xml").decode()
    assert "<w:bidi/>" in xml and "<w:bidiVisual/>" in xml and "<w:rtl/>" in xml
    assert "Période" not in xml  # translated


def test_the_workbook_has_the_tables_native_charts_and_a_data_sheet(client, auth, programme):
    auth.as_role(Role.EXPERT)
    response = client.get("/reports/progress.xlsx?quarter=2026-T1")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Indicateurs", "Sessions", "Données"]
    assert len(book["Indicateurs"]._charts) == 2
    data = list(book["Données"].iter_rows(values_only=True))
    rows = {(row[0], row[1]): row for row in data[1:]}
    assert rows[("people_trained", "total")][3] == 5
    assert rows[("share_women", "total")][3] == pytest.approx(40.0)
    assert book["Sessions"].cell(2, 2).value == "Oujda, février"


HOSTILE = ["=HYPERLINK(\"http://x\",\"clic\")", "+1+cmd|' /C calc'!A0", "Salle\x01\x0b\x1f",
           "<script>alert(1)</script>", "قاعة 12 بوجدة 2026", "é" * 10_000]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_titles_and_venues_go_safely_through_every_format(client, auth, text):
    session = factories.session(start=date(2026, 2, 2), title=text[:200], venue=text[:200])
    who = person(Sex.FEMALE)
    attend(session, who)
    pair(session, who, 40, 60)
    db.session.commit()
    auth.as_role(Role.EXPERT)
    page = client.get("/reports/progress?quarter=2026-T1")
    assert page.status_code == 200 and "<script>alert" not in page.text
    shown = text[:200].replace("\x01", "").replace("\x0b", "").replace("\x1f", "")
    document = Document(io.BytesIO(client.get("/reports/progress.docx?quarter=2026-T1").data))
    assert document.tables[1].rows[1].cells[1].text == shown
    book = load_workbook(io.BytesIO(client.get("/reports/progress.xlsx?quarter=2026-T1").data))
    cell = book["Sessions"].cell(2, 2)
    assert cell.value == shown and cell.data_type == "s"
    if shown.startswith(("=", "+")):
        assert cell.quotePrefix
    found = indicators_of(client, bearer(factories.user(Role.EXPERT)), **Q1)
    assert value(found, "people_trained") == 1


# Definitions -----------------------------------------------------------------------------------

def test_every_indicator_has_its_definition_in_the_docs(client, auth):
    text = (Path(__file__).parents[1] / "docs" / "indicateurs.md").read_text(encoding="utf-8")
    for definition in DEFINITIONS:
        assert f'<a id="{definition.key}"></a>' in text, definition.key
        assert f"(`{definition.key}`)" in text, definition.key
    auth.as_role(Role.OBSERVER)
    page = client.get("/aide/indicateurs")
    assert page.status_code == 200 and 'id="people_trained"' in page.text


def test_the_page_and_the_workbook_in_arabic(client, auth, programme):
    auth.as_role(Role.OBSERVER)  # observers read the report
    page = client.get("/reports/progress?quarter=2026-T1&lang=ar")
    assert page.status_code == 200
    assert 'dir="rtl"' in page.text and "تقرير التقدم" in page.text
    response = client.get("/reports/progress.xlsx?quarter=2026-T1&language=ar")
    book = load_workbook(io.BytesIO(response.data))
    assert book.worksheets[0].sheet_view.rightToLeft
    assert book.sheetnames[0] == "المؤشرات"


def test_a_target_is_deleted_with_its_form(app, client, auth):
    auth.as_role(Role.EXPERT)
    target = ProgressTarget(indicator="people_trained", group="total", year=2027, value=600)
    db.session.add(target)
    db.session.commit()
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/reports/progress/targets").text
    action = f"/reports/progress/targets/{target.id}/delete"
    form = re.search(rf'<form method="post" action="{action}".*?</form>', page, re.S).group(0)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
    assert client.post(action).status_code == 400
    assert client.post(action, data={"csrf_token": token}).status_code == 302
    assert db.session.query(ProgressTarget).count() == 0
