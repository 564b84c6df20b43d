"""Knowledge-gain reports: a session's figures by sex, per question and for satisfaction; the
programme's pooled figures with their filters and people counts; regions; constant queries."""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa

from tests import audit, factories
from tests.querycount import count_queries
from trainings.assessments.models import (
    Answer, Attempt, AttemptKind, AttemptMethod, Choice, Question, QuestionKind,
    SatisfactionAnswer, SatisfactionItem, SatisfactionItemKind, SatisfactionResponse,
    SessionQuestion, SessionTest,
)
from trainings.attendance import services as attendance
from trainings.attendance.models import CheckInMethod
from trainings.auth.models import Role
from trainings.extensions import db
from trainings.registry.models import Sex
from trainings.reports import statistics


def attempt(session, person, kind, percent, answers=()):
    item = Attempt(session_id=session.id, participant_id=person.id, kind=AttemptKind(kind),
                   method=AttemptMethod.ONLINE, earned=Decimal(str(percent)),
                   possible=Decimal(100), percent=float(percent))
    item.answers = [Answer(question_id=question.id, correct=correct)
                    for question, correct in answers]
    db.session.add(item)
    db.session.flush()
    return item


def person(sex=Sex.FEMALE, region="oriental", kind="osc"):
    organization = factories.organization(region=region, kind=kind)
    return factories.participant(region=region, sex=sex, organization_id=organization.id)


def pair(session, who, pre, post):
    if pre is not None:
        attempt(session, who, "pre", pre)
    if post is not None:
        attempt(session, who, "post", post)


def cells(page: str, row: str) -> list[str]:
    """The text of the cells of one row of the gains table, tags stripped."""
    match = re.search(rf'<tr class="row-{row}">(.*?)</tr>', page, re.S)
    assert match, f"no row {row}"
    return [re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", "", cell)).strip()
            for cell in re.findall(r"<td>(.*?)</td>", match.group(1), re.S)]


def headers(page: str) -> list[str]:
    table = re.search(r'<table class="gains">.*?<thead>(.*?)</thead>', page, re.S).group(1)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", table, re.S)][1:]


@pytest.fixture
def expert(auth):
    return auth.as_role(Role.EXPERT)


# The session report ----------------------------------------------------------------------------

def test_session_report_shows_the_figures_by_sex(client, expert):
    session = factories.session()
    women = [person(Sex.FEMALE) for _ in range(3)]
    man = person(Sex.MALE)
    for who, (pre, post) in zip(women, [(40, 80), (50, 70), (60, None)]):
        pair(session, who, pre, post)
    pair(session, man, 55, 55)
    page = client.get(f"/sessions/{session.id}/report").get_data(as_text=True)

    assert headers(page)[:2] == ["Femmes n = 2 effectif faible", "Hommes n = 1 effectif faible"]
    assert "Non renseigné" not in headers(page)[2]  # nobody of unknown sex took a test
    assert cells(page, "n_pre") == ["3", "1", "4"]
    assert cells(page, "n_post") == ["2", "1", "3"]
    assert cells(page, "n_paired") == ["2", "1", "3"]
    assert cells(page, "mean_pre") == ["45,0 (n = 2)", "55,0 (n = 1)", "48,3 (n = 3)"]
    assert cells(page, "mean_gain") == ["30,0 (n = 2)", "0,0 (n = 1)", "20,0 (n = 3)"]
    # (75 − 45) / (100 − 45) for women; undefined CI and dz for one man.
    assert cells(page, "normalized_gain")[0] == "0,55"
    assert cells(page, "ci95")[1] == "—" and cells(page, "effect_size_dz")[1] == "—"
    assert cells(page, "stable") == ["0", "1", "1"]
    # A post-test of 70 passes.
    assert cells(page, "share_pass_post") == ["100,0\u00a0%", "0,0\u00a0%", "66,7\u00a0%"]
    assert cells(page, "wilcoxon_p") == ["—", "—", "—"]  # fewer than 6 non-zero gains
    assert re.search(r'class="gap-mean_gain">\s*30,0', page)


def test_a_group_without_pairs_shows_dashes_never_zero(client, expert):
    session = factories.session()
    pair(session, person(Sex.FEMALE), 40, 90)
    pair(session, person(Sex.MALE), 70, None)  # a man with a pre-test only
    page = client.get(f"/sessions/{session.id}/report").get_data(as_text=True)
    assert cells(page, "n_pre")[1] == "1"
    assert cells(page, "n_paired")[1] == "—"
    for row in ("mean_pre", "mean_post", "mean_gain", "normalized_gain", "share_pass_pre",
                "improved", "wilcoxon_p"):
        assert cells(page, row)[1] == "—", row
    assert re.search(r'class="gap-mean_gain">\s*—', page)


def test_the_not_recorded_column_appears_when_someone_of_unknown_sex_took_a_test(client, expert):
    session = factories.session()
    pair(session, person(Sex.FEMALE), 40, 90)
    pair(session, person(None), 20, 30)
    page = client.get(f"/sessions/{session.id}/report").get_data(as_text=True)
    assert [h.split(" n =")[0] for h in headers(page)] == [
        "Femmes", "Hommes", "Non renseigné", "Total"]
    assert cells(page, "mean_gain") == ["50,0 (n = 1)", "—", "10,0 (n = 1)", "30,0 (n = 2)"]


def test_session_report_per_question_on_the_matched_set(client, expert):
    session = factories.session()
    db.session.add(SessionTest(session_id=session.id))
    db.session.flush()
    questions = []
    for n in range(2):
        question = Question(training_id=session.training_id, kind=QuestionKind.TRUE_FALSE,
                            text=f"Question {n}", position=n)
        question.choices = [Choice(text="Vrai", is_correct=True), Choice(text="Faux")]
        db.session.add(question)
        db.session.flush()
        db.session.add(SessionQuestion(session_id=session.id, question_id=question.id,
                                       position=n))
        questions.append(question)
    first, second = questions
    woman, man, alone = person(Sex.FEMALE), person(Sex.MALE), person(Sex.FEMALE)
    attempt(session, woman, "pre", 0, [(first, False), (second, False)])
    attempt(session, woman, "post", 100, [(first, True), (second, True)])
    attempt(session, man, "pre", 50, [(first, True), (second, False)])
    attempt(session, man, "post", 50, [(first, True), (second, False)])
    attempt(session, alone, "pre", 100, [(first, True), (second, True)])  # no post: left out
    page = client.get(f"/sessions/{session.id}/report").get_data(as_text=True)
    row = re.search(rf'<tr class="question-{first.id}">(.*?)</tr>', page, re.S).group(1)
    values = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
              for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    # women before / after / difference, men …, total …, n; every group here is small
    assert values == ["0,0 %", "100,0 %", "100,0 n = 1", "100,0 %", "100,0 %", "0,0 n = 1",
                      "50,0 %", "100,0 %", "50,0 n = 2", "2"]
    assert page.index("1. Question 0") < page.index("2. Question 1")


def test_session_report_shows_satisfaction_by_sex(client, expert):
    session = factories.session()
    scale = SatisfactionItem(kind=SatisfactionItemKind.SCALE, text="Satisfaction globale")
    comment = SatisfactionItem(kind=SatisfactionItemKind.TEXT, text="Remarques", position=1)
    db.session.add_all([scale, comment])
    db.session.flush()
    for who, rating, text in [(person(Sex.FEMALE), 5, "Très utile"), (person(Sex.FEMALE), 4, ""),
                              (person(Sex.MALE), 2, "Trop court")]:
        response = SatisfactionResponse(session_id=session.id, participant_id=who.id)
        response.answers = [SatisfactionAnswer(item_id=scale.id, rating=rating),
                            SatisfactionAnswer(item_id=comment.id, text=text)]
        db.session.add(response)
    page = client.get(f"/sessions/{session.id}/report").get_data(as_text=True)
    row = re.search(rf'<tr class="item-{scale.id}">(.*?)</tr>', page, re.S).group(1)
    values = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
              for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert values == ["4,5 (n = 2)", "2,0 (n = 1)", "3,7 (n = 3)"]
    comments = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<li>(.*?)</li>", page, re.S)]
    assert "Femme — Très utile" in comments and "Homme — Trop court" in comments


def test_a_session_without_attempts_says_so(client, expert):
    session = factories.session()
    page = client.get(f"/sessions/{session.id}/report").get_data(as_text=True)
    assert "Personne n'a encore passé le pré-test" in page and 'class="gains"' not in page


def test_session_report_of_another_region_or_unknown_session(client, auth):
    session = factories.session(region="souss-massa")
    auth.as_role(Role.COORDINATOR, "oriental")
    assert client.get(f"/sessions/{session.id}/report").status_code == 403
    assert client.get("/sessions/999999/report").status_code == 404


def test_session_report_queries_do_not_grow_with_the_data(app, client, expert):
    def measure(n_people):
        session = factories.session()
        question = Question(training_id=session.training_id, kind=QuestionKind.TRUE_FALSE,
                            text="Q", position=0)
        db.session.add(question)
        db.session.flush()
        item = SatisfactionItem(kind=SatisfactionItemKind.SCALE, text="Note")
        db.session.add(item)
        db.session.flush()
        for n in range(n_people):
            who = person(Sex.FEMALE if n % 2 else Sex.MALE)
            attempt(session, who, "pre", 10 * (n % 5), [(question, n % 2 == 0)])
            attempt(session, who, "post", 60, [(question, True)])
            attendance.record_check_in(session.half_days[0].id, who.id, CheckInMethod.QR)
            response = SatisfactionResponse(session_id=session.id, participant_id=who.id)
            response.answers = [SatisfactionAnswer(item_id=item.id, rating=4)]
            db.session.add(response)
        db.session.commit()
        with count_queries() as statements:
            assert client.get(f"/sessions/{session.id}/report").status_code == 200
        return len(statements)

    assert measure(2) == measure(12)


# The programme report --------------------------------------------------------------------------

def test_programme_report_pools_pairs_never_averages_of_averages(client, expert):
    small, large = factories.session(), factories.session(region="souss-massa")
    pair(small, person(Sex.FEMALE), 0, 100)  # one pair with a gain of 100
    for _ in range(3):
        pair(large, person(Sex.FEMALE, region="souss-massa"), 50, 50)  # three pairs gaining 0
    page = client.get("/reports/programme").get_data(as_text=True)
    # Pooled: (100 + 0 + 0 + 0) / 4 = 25, not (100 + 0) / 2 = 50.
    assert cells(page, "mean_gain")[0] == "25,0 (n = 4)"
    assert re.search(r'class="n-sessions">2<', page)
    region_rows = re.findall(r'<tr class="part-([\w-]+)">', page)
    assert region_rows[:2] == ["oriental", "souss-massa"]


def test_programme_report_filters(client, expert):
    training = factories.training(theme="gender-audit")
    budget = factories.session(training_id=training.id, start=date(2026, 3, 2))
    other = factories.session(start=date(2026, 9, 7), region="souss-massa")
    pair(budget, person(Sex.FEMALE, kind="commune"), 20, 60)
    pair(budget, person(Sex.MALE, kind="osc"), 30, 40)
    pair(other, person(Sex.MALE, region="souss-massa"), 50, 90)

    def mean_gain(query):
        page = client.get(f"/reports/programme?{query}").get_data(as_text=True)
        return cells(page, "mean_gain")[-1]

    assert mean_gain("") == "30,0 (n = 3)"
    assert mean_gain("region=souss-massa") == "40,0 (n = 1)"
    assert mean_gain("province=oujda-angad") == "25,0 (n = 2)"
    assert mean_gain(f"training_id={training.id}") == "25,0 (n = 2)"
    assert mean_gain("theme=gender-audit") == "25,0 (n = 2)"
    assert mean_gain("audience=commune") == "40,0 (n = 1)"  # the participants' organisation kind
    assert mean_gain("date_from=2026-06-01") == "40,0 (n = 1)"
    assert mean_gain("date_to=2026-06-01") == "25,0 (n = 2)"


def test_programme_report_keeps_people_present_enough(client, expert):
    session = factories.session(days=2)  # four half-days
    assiduous, passing = person(Sex.FEMALE), person(Sex.MALE)
    for half_day in session.half_days:
        attendance.record_check_in(half_day.id, assiduous.id, CheckInMethod.QR)
    attendance.record_check_in(session.half_days[0].id, passing.id, CheckInMethod.QR)
    pair(session, assiduous, 20, 60)
    pair(session, passing, 20, 30)
    page = client.get("/reports/programme?min_attendance=75").get_data(as_text=True)
    assert cells(page, "n_paired") == ["1", "—", "1"]
    assert re.search(r'<tr class="row-people">.*?<td>1</td><td>0</td><td>1</td>', page, re.S)
    page = client.get("/reports/programme?min_attendance=25").get_data(as_text=True)
    assert cells(page, "n_paired") == ["1", "1", "2"]


def test_programme_report_counts_unique_people_and_attendances_by_sex(client, expert):
    first, second = factories.session(days=1), factories.session(days=1)
    woman, man, unknown = person(Sex.FEMALE), person(Sex.MALE), person(None)
    for session in (first, second):  # the woman attends both sessions: one person
        for half_day in session.half_days:
            attendance.record_check_in(half_day.id, woman.id, CheckInMethod.QR)
    attendance.record_check_in(first.half_days[0].id, man.id, CheckInMethod.QR)
    attendance.record_check_in(second.half_days[1].id, unknown.id, CheckInMethod.QR)
    page = client.get("/reports/programme").get_data(as_text=True)
    people = re.search(r'<tr class="row-people">(.*?)</tr>', page, re.S).group(1)
    attendances = re.search(r'<tr class="row-attendances">(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", people) == ["1", "1", "1", "3"]
    assert re.findall(r"<td>(\d+)</td>", attendances) == ["4", "1", "1", "6"]
    assert re.search(r"Part des femmes parmi les personnes formées :\s*<strong>33,3\u00a0%", page)


def test_coordinators_see_their_region_only(client, auth):
    pair(factories.session(region="oriental"), person(Sex.FEMALE), 10, 50)
    pair(factories.session(region="souss-massa"), person(Sex.FEMALE, "souss-massa"), 10, 90)
    auth.as_role(Role.COORDINATOR, "oriental")
    page = client.get("/reports/programme").get_data(as_text=True)
    assert cells(page, "mean_gain")[0] == "40,0 (n = 1)"
    assert client.get("/reports/programme?region=souss-massa").status_code == 403
    assert client.get("/reports/programme.xlsx?region=souss-massa").status_code == 403


def test_bad_filters_re_render_with_a_message(client, expert):
    response = client.get("/reports/programme?min_attendance=120&date_from=2026-05-01"
                          "&date_to=2026-04-01")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Entre 0 et 100 %." in page and "La date de fin précède la date de début." in page
    assert client.get("/reports/programme?region=nowhere").status_code == 400


def test_observers_read_the_reports(client, auth):
    pair(factories.session(), person(Sex.FEMALE), 10, 50)
    auth.as_role(Role.OBSERVER)
    assert client.get("/reports/programme").status_code == 200


def test_programme_report_queries_do_not_grow_with_the_data(client, expert):
    def measure(n_sessions):
        for n in range(n_sessions):
            session = factories.session(region=("oriental", "souss-massa")[n % 2])
            for k in range(3):
                who = person(Sex.FEMALE if k % 2 else Sex.MALE, region=session.region)
                pair(session, who, 20 + k, 60)
                attendance.record_check_in(session.half_days[0].id, who.id, CheckInMethod.QR)
            db.session.add(SessionTest(session_id=session.id, pass_mark=70))
        db.session.commit()
        with count_queries() as statements:
            assert client.get("/reports/programme?min_attendance=50").status_code == 200
        return len(statements)

    assert measure(2) == measure(8)


def test_the_page_and_the_pure_module_agree(client, expert):
    session = factories.session()
    scores = [(Sex.FEMALE, 10, 40), (Sex.FEMALE, 35, 80), (Sex.MALE, 60, 55), (None, 5, 45)]
    for sex, pre, post in scores:
        pair(session, person(sex), pre, post)
    expected = statistics.gain_summary(
        [(sex.value if sex else None, pre, post) for sex, pre, post in scores])
    page = client.get("/reports/programme").get_data(as_text=True)
    total = expected["groups"]["total"]
    assert cells(page, "mean_gain")[-1] == (
        f"{total['mean_gain']:.1f}".replace(".", ",") + " (n = 4)")
    assert cells(page, "effect_size_dz")[-1] == f"{total['effect_size_dz']:.2f}".replace(".", ",")


# Workbooks -------------------------------------------------------------------------------------

def _workbook(response):
    from io import BytesIO

    from openpyxl import load_workbook

    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(BytesIO(response.data))


def test_session_workbook_has_charts_and_a_pseudonymous_data_sheet(client, expert):
    session = factories.session(title="Atelier Oujda")
    fatima = factories.participant(first_name="Fatima", last_name="Zahraoui", sex=Sex.FEMALE,
                                   phone="+212661234567", email="fatima@example.org")
    pair(session, fatima, 40, 85)
    pair(session, person(Sex.MALE), 50, None)
    book = _workbook(client.get(f"/sessions/{session.id}/report.xlsx"))
    gains, data = book["Gains"], book["Données"]
    assert len(gains._charts) == 2
    rows = list(data.iter_rows(values_only=True))
    assert rows[0][:3] == ("participant_code", "sex", "organization_kind")
    by_sex = {row[1]: row for row in rows[1:]}
    assert set(by_sex) == {"female", "male"}
    header = rows[0]
    assert by_sex["female"][header.index("pre")] == 40
    assert by_sex["female"][header.index("gain")] == 45
    assert by_sex["male"][header.index("post")] is None
    assert by_sex["female"][0].startswith("P-")
    everything = " ".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                          for cell in row if cell is not None)
    for secret in ("Fatima", "Zahraoui", "661234567", "fatima@example.org"):
        assert secret not in everything
    log = audit.download()
    assert log.kind == "gains-xlsx" and log.session_id == session.id


def test_the_participant_code_is_stable_across_exports(client, expert):
    who = person(Sex.FEMALE)
    first, second = factories.session(), factories.session()
    pair(first, who, 10, 20)
    pair(second, who, 30, 60)
    data = _workbook(client.get("/reports/programme.xlsx"))["Données"]
    codes = [row[0] for row in data.iter_rows(min_row=2, values_only=True)]
    assert len(codes) == 2 and codes[0] == codes[1]
    alone = _workbook(client.get(f"/sessions/{first.id}/report.xlsx"))["Données"]
    assert next(alone.iter_rows(min_row=2, values_only=True))[0] == codes[0]


def test_programme_workbook_follows_the_filters(client, expert):
    pair(factories.session(region="oriental"), person(Sex.FEMALE), 10, 50)
    pair(factories.session(region="souss-massa"), person(Sex.MALE, "souss-massa"), 10, 90)
    data = _workbook(client.get("/reports/programme.xlsx?region=souss-massa"))["Données"]
    regions = [row[3] for row in data.iter_rows(min_row=2, values_only=True)]
    assert regions == ["souss-massa"]
    assert client.get("/reports/programme.xlsx?min_attendance=-1").status_code == 400


def test_breakdowns_flag_each_small_group(client, expert):
    session = factories.session(region="oriental")
    for _ in range(5):
        pair(session, person(Sex.FEMALE), 20, 60)
    pair(session, person(Sex.MALE), 20, 40)  # one man: his mean gain is fragile
    page = client.get("/reports/programme").get_data(as_text=True)
    row = re.search(r'<tr class="part-oriental">(.*?)</tr>', page, re.S).group(1)
    cells_ = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", c)).strip()
              for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells_[:4] == ["5 / 1 / 6", "40,0", "20,0 effectif faible", "36,7"]


def test_both_reports_embed_their_two_charts_as_svg(client, expert):
    session = factories.session()
    pair(session, person(Sex.FEMALE), 40, 90)
    pair(session, person(Sex.MALE), 50, 60)
    for url in (f"/sessions/{session.id}/report", "/reports/programme"):
        page = client.get(url).get_data(as_text=True)
        assert page.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2, url
        assert "&lt;svg" not in page and "<script" not in page
