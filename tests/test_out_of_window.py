"""Acts outside a half-day's check-in times: opening it by hand long before its start or on
another day, and staff checking people in (roster, badge) outside its window, each ask for a
reason first; the reason goes to the out-of-window log, and the sign-in sheets show it and flag
check-ins made too early or too late."""
from __future__ import annotations

import html
import io
import re
from datetime import date, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from pypdf import PdfReader

from tests import factories
from tests.conftest import log_in
from trainings.attendance import services
from trainings.clock import local_to_utc
from trainings.extensions import db
from trainings.models import (
    CheckIn, CheckInMethod, OutOfWindowAct, OutOfWindowLog, Role, Sex, WindowOverride,
)
from trainings.phone import links

THURSDAY, FRIDAY = date(2026, 12, 3), date(2026, 12, 4)
# What a reason may hold and every output must keep as plain text: a formula, markup, Arabic
# with digits, a line break.
HOSTILE = ('=HYPERLINK("http://evil.example/x","Cliquez") <script>alert(1)</script>\n'
           "تأجيل الجلسة رقم 2 بطلب من الجماعة 15")


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def logs() -> list[OutOfWindowLog]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(OutOfWindowLog).order_by(OutOfWindowLog.id)))


def check_ins() -> list[CheckIn]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(CheckIn).order_by(CheckIn.id)))


@pytest.fixture
def workshop():
    """A two-day workshop in Oujda, Thursday and Friday, 09:00–12:30 and 14:00–17:00, with
    Nadia and Omar registered."""
    session = factories.session(start=THURSDAY, days=2, title="Atelier genre Oujda")
    nadia = factories.participant(first_name="Nadia", last_name="Kettani", sex=Sex.FEMALE)
    omar = factories.participant(first_name="Omar", last_name="Berrada", sex=Sex.MALE)
    for person in (nadia, omar):
        factories.registration(session, person)
    thursday_morning, thursday_afternoon, friday_morning, _friday_afternoon = session.half_days
    return {"session": session, "thursday_morning": thursday_morning,
            "thursday_afternoon": thursday_afternoon, "friday_morning": friday_morning,
            "nadia": nadia, "omar": omar}


def window(client, workshop, half_day, **data):
    return client.post(f"/sessions/{workshop['session'].id}/half-days/{half_day.id}/window",
                       data={"state": "open", **data})


def check_in(client, workshop, half_day, person, **data):
    return client.post(f"/sessions/{workshop['session'].id}/half-days/{half_day.id}"
                       f"/check-in/{person.id}", data=data)


def scan(app, client, workshop, half_day, person, **fields):
    """The scanner's JSON request for the person's badge, with the fields given (reason)."""
    with app.test_request_context():
        badge = links.badge_content(person.id)
    return client.post(f"/sessions/{workshop['session'].id}/half-days/{half_day.id}/scan",
                       json={"content": badge, **fields})


def override(half_day) -> WindowOverride | None:
    db.session.expire_all()
    return db.session.get(type(half_day), half_day.id).window_override


# Opening a half-day by hand -------------------------------------------------------------------

def test_opening_thursday_afternoon_at_0751_asks_for_a_reason_and_opens_nothing(
        client, auth, clock, workshop):
    clock.set(THURSDAY, "07:51")
    auth.as_role(Role.EXPERT)
    afternoon = workshop["thursday_afternoon"]
    response = window(client, workshop, afternoon)
    assert response.status_code == 200
    page = text(response)
    assert "Ouvrir le pointage hors des heures ?" in page
    assert "Il est 07:51, le jeudi 3 décembre 2026 : plus de 2 heures avant le début." in page
    assert re.search(r'<textarea[^>]*name="reason"', page)
    assert '<input type="hidden" name="state" value="open">' in page
    assert f'action="/sessions/{workshop["session"].id}/half-days/{afternoon.id}/window"' in page
    assert override(afternoon) is None and not services.window_is_open(afternoon)
    assert logs() == []


def test_opening_fridays_half_day_on_thursday_asks_for_a_reason(client, auth, clock, workshop):
    clock.set(THURSDAY, "16:30")  # well within two hours of nothing: it is another day
    auth.as_role(Role.EXPERT)
    friday = workshop["friday_morning"]
    response = window(client, workshop, friday)
    assert response.status_code == 200
    assert "ce n'est pas le jour de cette demi-journée" in text(response)
    assert override(friday) is None and logs() == []


def test_a_confirmed_opening_is_logged_with_its_reason_and_opens_the_half_day(
        client, auth, clock, workshop):
    now = clock.set(THURSDAY, "07:51")
    user = auth.as_role(Role.COORDINATOR, "oriental")
    afternoon = workshop["thursday_afternoon"]
    response = window(client, workshop, afternoon, confirm="1",
                      reason="  Séance avancée à la demande de la commune  ")
    assert response.status_code == 302 and response.headers["Location"].endswith("/project")
    assert override(afternoon) == WindowOverride.OPEN
    (entry,) = logs()
    assert (entry.act, entry.half_day_id, entry.participant_id, entry.user_id) == (
        OutOfWindowAct.OPENED, afternoon.id, None, user.id)
    assert entry.reason == "Séance avancée à la demande de la commune"
    assert entry.created_at == now


@pytest.mark.parametrize("reason, message", [
    ("", "Indiquez le motif"),
    ("   \n ", "Indiquez le motif"),
    ("Report\x00 de séance", "caractères de contrôle"),
    ("\x1b[31mrouge", "caractères de contrôle"),
    ("x" * 10_000, "trop long : 500 caractères au plus"),
])
def test_a_faulty_reason_is_refused_in_french_and_opens_nothing(client, auth, clock, workshop,
                                                                 reason, message):
    clock.set(THURSDAY, "07:51")
    auth.as_role(Role.EXPERT)
    afternoon = workshop["thursday_afternoon"]
    response = window(client, workshop, afternoon, confirm="1", reason=reason)
    assert response.status_code == 400
    assert message in text(response)
    assert override(afternoon) is None and logs() == []


def test_a_hostile_reason_is_kept_exactly_and_shown_as_text(client, auth, clock, workshop):
    clock.set(THURSDAY, "07:51")
    auth.as_role(Role.EXPERT)
    afternoon = workshop["thursday_afternoon"]
    refused = window(client, workshop, afternoon, confirm="1", reason="\x0b".join(
        HOSTILE.split("\n")))  # a vertical tab for the line break
    assert refused.status_code == 400
    page = refused.get_data(as_text=True)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "تأجيل الجلسة رقم 2" in page  # given back to be corrected, not lost
    assert window(client, workshop, afternoon, confirm="1", reason=HOSTILE).status_code == 302
    assert [entry.reason for entry in logs()] == [HOSTILE]


def test_opening_within_two_hours_of_the_start_asks_nothing(client, auth, clock, workshop):
    clock.set(THURSDAY, "12:00")  # the afternoon starts at 14:00
    auth.as_role(Role.EXPERT)
    afternoon = workshop["thursday_afternoon"]
    response = window(client, workshop, afternoon)
    assert response.status_code == 302
    assert override(afternoon) == WindowOverride.OPEN and logs() == []


def test_closing_or_returning_to_automatic_never_asks(client, auth, clock, workshop):
    clock.set(THURSDAY, "07:51")
    auth.as_role(Role.EXPERT)
    friday = workshop["friday_morning"]
    for state in ("closed", "auto"):
        assert window(client, workshop, friday, state=state).status_code == 302
    assert override(friday) is None and logs() == []


# Staff checking people in ---------------------------------------------------------------------

def test_a_manual_check_in_before_the_window_asks_for_a_reason_and_records_nothing(
        client, auth, clock, workshop):
    clock.set(THURSDAY, "07:51")  # the morning's window opens at 08:30
    auth.as_role(Role.EXPERT)
    response = check_in(client, workshop, workshop["thursday_morning"], workshop["nadia"])
    assert response.status_code == 200
    page = text(response)
    assert "Pointer hors des heures ?" in page
    assert "plus de 30 minutes avant le début de cette demi-journée" in page
    assert "KETTANI Nadia serait pointé·e maintenant" in page
    assert check_ins() == [] and logs() == []


def test_a_confirmed_manual_check_in_is_recorded_and_logged(client, auth, clock, workshop):
    now = clock.set(FRIDAY, "09:40")  # Thursday afternoon ended yesterday at 17:00
    user = auth.as_role(Role.EXPERT)
    afternoon, nadia = workshop["thursday_afternoon"], workshop["nadia"]
    assert "après la fin de cette demi-journée" in text(check_in(client, workshop, afternoon,
                                                                 nadia))
    response = check_in(client, workshop, afternoon, nadia, confirm="1",
                        reason="Présente jeudi, signature sur la feuille papier")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/roster#p{nadia.id}")
    (record,) = check_ins()
    assert (record.method, record.recorded_by_id, record.checked_in_at) == (
        CheckInMethod.MANUAL, user.id, now)
    (entry,) = logs()
    assert (entry.act, entry.half_day_id, entry.participant_id, entry.user_id, entry.reason) == (
        OutOfWindowAct.MANUAL, afternoon.id, nadia.id, user.id,
        "Présente jeudi, signature sur la feuille papier")


def test_the_next_person_is_offered_the_same_reason(client, auth, clock, workshop):
    clock.set(FRIDAY, "09:40")
    auth.as_role(Role.EXPERT)
    afternoon = workshop["thursday_afternoon"]
    check_in(client, workshop, afternoon, workshop["nadia"], confirm="1", reason="Feuille papier")
    page = text(check_in(client, workshop, afternoon, workshop["omar"]))
    assert re.search(r'<textarea[^>]*name="reason"[^>]*>\s*Feuille papier</textarea>', page)
    assert len(check_ins()) == 1  # Omar is not checked in until it is confirmed


def test_inside_the_window_staff_check_in_without_a_reason(client, auth, clock, workshop):
    clock.set(THURSDAY, "08:30")  # 30 minutes before the start: the window is open
    auth.as_role(Role.EXPERT)
    assert check_in(client, workshop, workshop["thursday_morning"],
                    workshop["nadia"]).status_code == 302
    assert len(check_ins()) == 1 and logs() == []


def test_a_half_day_opened_by_hand_still_asks_staff_for_a_reason_outside_its_times(
        client, auth, clock, workshop):
    clock.set(THURSDAY, "07:51")
    afternoon = workshop["thursday_afternoon"]
    afternoon.window_override = WindowOverride.OPEN
    auth.as_role(Role.EXPERT)
    assert check_in(client, workshop, afternoon, workshop["nadia"]).status_code == 200
    assert check_ins() == []


def test_someone_already_present_is_not_asked_for_a_reason(client, auth, clock, workshop):
    clock.set(THURSDAY, "09:10")
    morning, nadia = workshop["thursday_morning"], workshop["nadia"]
    services.record_check_in(morning.id, nadia.id, CheckInMethod.QR)
    clock.set(THURSDAY, "19:00")
    auth.as_role(Role.EXPERT)
    response = check_in(client, workshop, morning, nadia)
    assert response.status_code == 302
    assert "était déjà pointé·e à 09:10" in text(client.get(response.headers["Location"]))
    assert logs() == []


def test_a_badge_scanned_outside_the_window_asks_for_a_reason_and_records_nothing(
        app, client, auth, clock, workshop):
    clock.set(THURSDAY, "07:51")
    auth.as_role(Role.EXPERT)
    response = scan(app, client, workshop, workshop["thursday_morning"], workshop["nadia"])
    assert response.status_code == 409
    answer = response.get_json()
    assert answer["status"] == "needs_reason" and answer["name"] == "KETTANI Nadia"
    assert "de 08:30 à 12:30" in answer["message"] and "motif" in answer["message"]
    assert check_ins() == [] and logs() == []


def test_a_badge_scanned_with_a_reason_is_recorded_and_logged(app, client, auth, clock,
                                                              workshop):
    clock.set(THURSDAY, "07:51")
    user = auth.as_role(Role.EXPERT)
    morning, nadia = workshop["thursday_morning"], workshop["nadia"]
    response = scan(app, client, workshop, morning, nadia, reason="Accueil avant l'ouverture")
    assert response.status_code == 200
    assert response.get_json()["status"] == "checked_in"
    (record,) = check_ins()
    assert (record.method, record.recorded_by_id) == (CheckInMethod.BADGE, user.id)
    (entry,) = logs()
    assert (entry.act, entry.participant_id, entry.reason) == (
        OutOfWindowAct.BADGE, nadia.id, "Accueil avant l'ouverture")


@pytest.mark.parametrize("reason", ["Accueil\x07", "\ud800", "y" * 501])
def test_a_badge_with_a_faulty_reason_is_refused(app, client, auth, clock, workshop, reason):
    clock.set(THURSDAY, "07:51")
    auth.as_role(Role.EXPERT)
    response = scan(app, client, workshop, workshop["thursday_morning"], workshop["nadia"],
                    reason=reason)
    assert response.status_code == 400
    answer = response.get_json()
    assert answer["status"] == "invalid_reason" and "motif" in answer["message"].lower()
    assert check_ins() == [] and logs() == []


def test_a_badge_typed_without_javascript_goes_through_the_confirmation(app, client, auth,
                                                                        clock, workshop):
    clock.set(THURSDAY, "07:51")
    auth.as_role(Role.EXPERT)
    session, morning = workshop["session"], workshop["thursday_morning"]
    with app.test_request_context():
        badge = links.badge_content(workshop["omar"].id)
    path = f"/sessions/{session.id}/half-days/{morning.id}/scan"
    page = text(client.post(path, data={"content": badge}))
    assert "BERRADA Omar serait pointé·e maintenant" in page
    assert f'<input type="hidden" name="content" value="{badge}">' in page
    assert check_ins() == []
    response = client.post(path, data={"content": badge, "confirm": "1",
                                       "reason": "Arrivé avec l'équipe"},
                           follow_redirects=True)
    assert "BERRADA Omar : pointé·e à 07:51" in text(response)
    assert [entry.act for entry in logs()] == [OutOfWindowAct.BADGE]


def test_the_scanner_offers_the_reason_field_only_outside_the_times(client, auth, clock,
                                                                    workshop):
    session, morning = workshop["session"], workshop["thursday_morning"]
    auth.as_role(Role.EXPERT)
    path = f"/sessions/{session.id}/scan?half_day={morning.id}"
    clock.set(THURSDAY, "07:51")
    page = text(client.get(path))
    assert '<div class="warning scan-reason" id="scan-reason">' in page
    assert 'name="reason" id="scan-reason-text" form="scan-manual"' in page
    assert page.count('data-outside="1"') == 4  # at 07:51 every half-day is outside its times
    clock.set(THURSDAY, "09:10")
    page = text(client.get(path))
    assert '<div class="warning scan-reason" id="scan-reason" hidden>' in page
    assert page.count('data-outside="1"') == 3


@pytest.mark.browser
def test_the_scanner_asks_for_the_reason_then_checks_the_badge_in(app, live_server, browser,
                                                                   clock, workshop):
    clock.set(THURSDAY, "07:51")
    expert = factories.user(Role.EXPERT)
    session, morning = workshop["session"], workshop["thursday_morning"]
    db.session.commit()
    with app.test_request_context():
        badge = links.badge_content(workshop["nadia"].id)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    log_in(page, live_server, expert)
    page.goto(f"{live_server}/sessions/{session.id}/scan?half_day={morning.id}")
    assert page.is_visible("#scan-reason-text") and page.is_hidden("#scan-retry")
    page.fill("#scan-content", badge)
    page.press("#scan-content", "Enter")
    page.wait_for_selector("#scan-retry", state="visible")
    assert page.inner_text("#scan-main") == "KETTANI Nadia"
    assert "indiquez le motif" in page.inner_text("#scan-detail")
    assert check_ins() == []
    page.fill("#scan-reason-text", "Accueil avant l'ouverture")
    page.click("#scan-retry")
    page.wait_for_selector(".scan-result.is-new")
    assert page.is_hidden("#scan-retry")
    assert [(entry.act, entry.reason) for entry in logs()] == [
        (OutOfWindowAct.BADGE, "Accueil avant l'ouverture")]
    page.close()


# Who may confirm, and the CSRF token -----------------------------------------------------------

@pytest.mark.parametrize("role, region", [(Role.OBSERVER, None),
                                          (Role.COORDINATOR, "souss-massa")])
def test_only_editors_of_the_region_may_confirm(app, client, auth, clock, workshop, role,
                                                region):
    clock.set(THURSDAY, "07:51")
    auth.as_role(role, region)
    morning, nadia = workshop["thursday_morning"], workshop["nadia"]
    confirmed = {"confirm": "1", "reason": "Motif"}
    assert window(client, workshop, morning, **confirmed).status_code == 403
    assert check_in(client, workshop, morning, nadia, **confirmed).status_code == 403
    assert scan(app, client, workshop, morning, nadia, reason="Motif").status_code == 403
    assert override(morning) is None and check_ins() == [] and logs() == []


def test_the_confirmation_posts_its_csrf_token(app, client, auth, clock, workshop):
    clock.set(THURSDAY, "07:51")
    auth.as_role(Role.EXPERT)
    app.config["WTF_CSRF_ENABLED"] = True  # after the login; checked at every request
    session, afternoon = workshop["session"], workshop["thursday_afternoon"]
    roster = text(client.get(f"/sessions/{session.id}/roster"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', roster).group(1)
    page = text(window(client, workshop, afternoon, csrf_token=token))
    (form,) = re.findall(r'<form method="post" action="[^"]*/window".*?</form>', page, re.S)
    assert re.search(r'name="csrf_token" type="hidden" value="[^"]+"', form)
    assert window(client, workshop, afternoon, confirm="1", reason="Motif").status_code == 400
    assert override(afternoon) is None
    assert window(client, workshop, afternoon, confirm="1", reason="Motif",
                  csrf_token=token).status_code == 302
    assert override(afternoon) == WindowOverride.OPEN


# The sign-in sheets -------------------------------------------------------------------------------

@pytest.fixture
def audited(workshop):
    """Thursday afternoon opened by hand at 07:51 with a hostile reason; Nadia checked in to it
    by phone at 07:55 (flagged early), Omar at 14:05 (on time) and, by hand on Friday at 09:40
    (flagged late, with a reason), to Thursday morning."""
    staff = factories.user(Role.EXPERT, name="Experte terrain")
    morning, afternoon = workshop["thursday_morning"], workshop["thursday_afternoon"]
    nadia, omar = workshop["nadia"], workshop["omar"]

    def at(person, half_day, day, hhmm, method=CheckInMethod.QR):
        services.record_check_in(half_day.id, person.id, method,
                                 recorded_by_id=staff.id if method != CheckInMethod.QR else None)
        db.session.execute(sa.update(CheckIn).where(
            CheckIn.half_day_id == half_day.id, CheckIn.participant_id == person.id,
        ).values(checked_in_at=local_to_utc(day, time.fromisoformat(hhmm))))

    afternoon.window_override = WindowOverride.OPEN
    db.session.add(OutOfWindowLog(half_day_id=afternoon.id, act=OutOfWindowAct.OPENED,
                                  reason=HOSTILE, user_id=staff.id,
                                  created_at=local_to_utc(THURSDAY, time(7, 51))))
    at(nadia, afternoon, THURSDAY, "07:55")
    at(omar, afternoon, THURSDAY, "14:05")
    at(omar, morning, FRIDAY, "09:40", CheckInMethod.MANUAL)
    db.session.add(OutOfWindowLog(half_day_id=morning.id, act=OutOfWindowAct.MANUAL,
                                  participant_id=omar.id, reason="=1+1", user_id=staff.id,
                                  created_at=local_to_utc(FRIDAY, time(9, 40))))
    db.session.commit()
    return {**workshop, "staff": staff}


def row_of(ws, name: str) -> list:
    for row in ws.iter_rows(values_only=True):
        if name in row:
            return list(row)
    raise AssertionError(f"{name} not found")


def cell_with(ws, fragment: str):
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and fragment in cell.value:
                return cell
    raise AssertionError(f"{fragment!r} not found")


def test_the_workbook_flags_early_and_late_check_ins_with_a_legend(client, auth, audited):
    auth.as_role(Role.EXPERT)
    response = client.get(f"/sessions/{audited['session'].id}/attendance.xlsx")
    ws = load_workbook(io.BytesIO(response.data))["Émargement"]
    # Half-day columns J to M: Thursday morning, Thursday afternoon, Friday morning, afternoon.
    assert row_of(ws, "KETTANI")[9:11] == ["absent·e", "07:55 (QR code) ¹"]
    assert row_of(ws, "BERRADA")[9:11] == ["04/12 09:40 (pointage manuel) ²",
                                           "14:05 (QR code)"]
    legend = [ws.cell(row, 1).value for row in range(ws.max_row - 1, ws.max_row + 1)]
    assert legend == ["¹ pointé plus de 30 min avant le début", "² pointé après la fin"]
    assert ws.print_area.endswith(f"${ws.max_row}")  # the legend is printed too


def test_the_workbook_summary_shows_the_reasons_next_to_their_half_day(client, auth, audited):
    auth.as_role(Role.EXPERT)
    response = client.get(f"/sessions/{audited['session'].id}/attendance.xlsx")
    ws = load_workbook(io.BytesIO(response.data))["Synthèse"]
    heading = row_of(ws, "Demi-journée")
    column = heading.index("Pointage ouvert à la main hors des heures (motif)")
    thursday_afternoon = row_of(ws, "03/12/2026 après-midi 14:00–17:00")
    assert thursday_afternoon[column] == f"03/12/2026 07:51, Experte terrain : {HOSTILE}"
    assert row_of(ws, "03/12/2026 matin 09:00–12:30")[column] is None
    # The staff's check-in outside the times, its reason kept as text, never as a formula.
    (line,) = [row for row in ws.iter_rows() if row[4].value == "BERRADA Omar"]
    assert [cell.value for cell in line[:6]] == [
        "03/12/2026 matin 09:00–12:30", datetime(2026, 12, 4, 9, 40), "Pointage manuel",
        "Experte terrain", "BERRADA Omar", "=1+1"]
    assert line[5].data_type == "s" and line[5].quotePrefix
    assert cell_with(ws, "<script>").data_type == "s"


def test_the_exported_workbook_with_its_marks_uploads_back_unchanged(client, auth, audited):
    auth.as_role(Role.EXPERT)
    before = [(c.id, c.checked_in_at) for c in check_ins()]
    exported = client.get(f"/sessions/{audited['session'].id}/attendance.xlsx").data
    response = client.post(f"/sessions/{audited['session'].id}/paper",
                           data={"file": (io.BytesIO(exported), "emargement.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert [(c.id, c.checked_in_at) for c in check_ins()] == before


def test_the_sign_in_pdf_flags_early_and_late_check_ins_with_a_legend(client, auth, audited):
    auth.as_role(Role.EXPERT)
    response = client.get(f"/sessions/{audited['session'].id}/signin-sheet.pdf")
    assert response.status_code == 200
    pages = PdfReader(io.BytesIO(response.data)).pages
    content = " ".join(" ".join(page.extract_text().split()) for page in pages)
    assert "07:55 · QR code ¹" in content
    assert "04/12 09:40 · manuel ²" in content
    assert "14:05 · QR code" in content and "14:05 · QR code ¹" not in content
    assert "¹ pointé plus de 30 min avant le début" in content
    assert "² pointé après la fin" in content


def test_sheets_without_such_check_ins_have_no_legend(client, auth, clock, workshop):
    clock.set(THURSDAY, "09:10")
    services.record_check_in(workshop["thursday_morning"].id, workshop["nadia"].id,
                             CheckInMethod.QR)
    db.session.commit()
    auth.as_role(Role.EXPERT)
    session_id = workshop["session"].id
    book = load_workbook(io.BytesIO(client.get(f"/sessions/{session_id}/attendance.xlsx").data))
    assert row_of(book["Émargement"], "KETTANI")[9] == "09:10 (QR code)"
    assert not any("pointé" in str(value) for row in book["Émargement"].iter_rows(values_only=True)
                   for value in row if value)
    pdf = client.get(f"/sessions/{session_id}/signin-sheet.pdf").data
    content = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "avant le début" not in content and "après la fin" not in content


def test_the_log_keeps_its_entries_in_order_for_the_session(app, audited):
    lines = services.out_of_window_log(audited["session"])
    assert [(line.act, line.person, line.by) for line in lines] == [
        (OutOfWindowAct.OPENED, "", "Experte terrain"),
        (OutOfWindowAct.MANUAL, "BERRADA Omar", "Experte terrain")]
    assert lines[1].at - lines[0].at == timedelta(days=1, hours=1, minutes=49)
