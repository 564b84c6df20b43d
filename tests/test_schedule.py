"""Sessions and half-days: planning, editing, bad input, list filters and calendar."""
from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa

from tests import factories
from trainings.clock import to_local
from trainings.extensions import db
from trainings.models import HalfDay, Period, Role, Session
from trainings.schedule.selection import Selection
from trainings.schedule.services import filtered_sessions


def session_form(training_id: int, **overrides) -> dict:
    data = {
        "training_id": training_id, "title": "Approche genre – Oujda", "region": "oriental",
        "province": "oujda-angad", "venue": "Hôtel Atlas", "start_date": "2026-12-07",
        "end_date": "2026-12-08", "audience": ["osc", "commune"], "trainers": "Experte",
        "capacity": "25", "status": "planned", "notes": "", "certificate_threshold": "80",
    }
    data.update(overrides)
    return data


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_expert_creates_two_day_session_with_four_half_days(client, auth):
    auth.as_role(Role.EXPERT)
    training = factories.training()
    response = client.post("/sessions/new", data=session_form(training.id))
    assert response.status_code == 302
    session = db.session.scalar(sa.select(Session))
    assert session.audience == ["commune", "osc"]
    halves = [(h.date, h.period) for h in session.half_days]
    assert halves == [(date(2026, 12, 7), Period.MORNING), (date(2026, 12, 7), Period.AFTERNOON),
                      (date(2026, 12, 8), Period.MORNING), (date(2026, 12, 8), Period.AFTERNOON)]


def test_half_day_times_are_stored_in_utc_and_shown_in_morocco_time(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(start=date(2026, 12, 7))
    morning = session.half_days[0]
    # Morocco is UTC+1 outside Ramadan: 09:00 local is 08:00 UTC.
    assert morning.starts_at.utcoffset().total_seconds() == 0
    assert (morning.starts_at.hour, to_local(morning.starts_at).hour) == (8, 9)
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert "09:00 – 12:30" in page


def test_ramadan_shift_is_applied_through_zoneinfo(app):
    from trainings.clock import local_to_utc

    # During Ramadan 2026 (mid-February to mid-March) Morocco runs on UTC+0.
    assert local_to_utc(date(2026, 3, 1), time(9, 0)).hour == 9
    assert local_to_utc(date(2026, 4, 1), time(9, 0)).hour == 8


@pytest.mark.parametrize("overrides, message", [
    ({"end_date": "2026-12-01"}, "La date de fin précède la date de début."),
    ({"capacity": "-3"}, "La capacité ne peut pas être négative."),
    ({"certificate_threshold": "120"}, "Un pourcentage entre 0 et 100."),
    ({"province": "tiznit"}, "Cette province n'appartient pas à la région choisie."),
    ({"title": ""}, "Ce champ est requis."),
    ({"start_date": "pas une date"}, "N&#39;est pas une date valide."),
])
def test_bad_session_input_rerenders_with_message_and_creates_nothing(client, auth, overrides,
                                                                       message):
    auth.as_role(Role.EXPERT)
    training = factories.training()
    db.session.commit()
    response = client.post("/sessions/new", data=session_form(training.id, **overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert count(Session) == 0
    assert count(HalfDay) == 0


def test_changing_dates_keeps_edited_half_days_and_adds_new_days(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(start=date(2026, 12, 7), days=2)
    first = session.half_days[0]
    client.post(f"/sessions/{session.id}/half-days/{first.id}", data={"start": "08:30", "end": "12:00"})
    response = client.post(f"/sessions/{session.id}/edit", data=session_form(
        session.training_id, start_date="2026-12-07", end_date="2026-12-09"))
    assert response.status_code == 302
    db.session.expire_all()
    session = db.session.get(Session, session.id)
    assert len(session.half_days) == 6
    assert to_local(session.half_days[0].starts_at).time() == time(8, 30)


def test_shortening_a_session_drops_half_days_outside_its_dates(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(start=date(2026, 12, 7), days=3)
    client.post(f"/sessions/{session.id}/edit", data=session_form(
        session.training_id, start_date="2026-12-08", end_date="2026-12-08"))
    db.session.expire_all()
    assert {h.date for h in db.session.get(Session, session.id).half_days} == {date(2026, 12, 8)}


def test_add_and_remove_a_half_day(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(start=date(2026, 12, 7), days=2)
    afternoon = session.half_days[3]
    client.post(f"/sessions/{session.id}/half-days/{afternoon.id}/delete")
    db.session.expire_all()
    assert len(db.session.get(Session, session.id).half_days) == 3
    response = client.post(f"/sessions/{session.id}/half-days", data={
        "date": "2026-12-08", "period": "afternoon", "start": "15:00", "end": "18:00"})
    assert response.status_code == 302
    db.session.expire_all()
    added = db.session.get(Session, session.id).half_days[-1]
    assert (added.period, to_local(added.starts_at).time()) == (Period.AFTERNOON, time(15, 0))


def test_half_day_outside_the_session_dates_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(start=date(2026, 12, 7), days=1)
    response = client.post(f"/sessions/{session.id}/half-days",
                           data={"date": "2026-12-10", "period": "morning"})
    assert response.status_code == 400
    assert "en dehors des dates de la session" in response.get_data(as_text=True)
    assert count(HalfDay) == 2


def test_the_same_half_day_twice_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(start=date(2026, 12, 7), days=1)
    response = client.post(f"/sessions/{session.id}/half-days",
                           data={"date": "2026-12-07", "period": "morning"})
    assert "Cette demi-journée existe déjà." in response.get_data(as_text=True)
    assert count(HalfDay) == 2


def test_half_day_end_before_start_is_refused(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    half_day = session.half_days[0]
    response = client.post(f"/sessions/{session.id}/half-days/{half_day.id}",
                           data={"start": "12:00", "end": "09:00"})
    assert "L'heure de fin doit suivre l'heure de début." in response.get_data(as_text=True)
    db.session.expire_all()
    assert to_local(db.session.get(HalfDay, half_day.id).starts_at).time() == time(9, 0)


def half_day_state(half_day_id: int):
    db.session.expire_all()
    half_day = db.session.get(HalfDay, half_day_id)
    return (half_day.date, half_day.period, to_local(half_day.starts_at).time(),
            to_local(half_day.ends_at).time())


def test_a_half_day_moves_to_another_day_of_its_session_with_new_times(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(start=date(2026, 12, 7), days=2)
    monday_morning, tuesday_morning = session.half_days[0], session.half_days[2]
    client.post(f"/sessions/{session.id}/half-days/{tuesday_morning.id}/delete")
    page = client.get(f"/sessions/{session.id}/half-days/{monday_morning.id}").get_data(
        as_text=True)
    assert 'name="date" required type="date" value="2026-12-07"' in page
    response = client.post(f"/sessions/{session.id}/half-days/{monday_morning.id}",
                           data={"date": "2026-12-08", "start": "08:30", "end": "12:00"})
    assert response.status_code == 302
    assert half_day_state(monday_morning.id) == (date(2026, 12, 8), Period.MORNING, time(8, 30),
                                                 time(12, 0))
    # The times are of the new day (UTC in the database, Morocco's time on the page).
    starts_at = to_local(db.session.get(HalfDay, monday_morning.id).starts_at)
    assert starts_at.date() == date(2026, 12, 8)


@pytest.mark.parametrize("day, message", [
    ("2026-12-09", "Cette date est en dehors des dates de la session (du 7 déc. 2026 au 8 déc. "
                   "2026)."),
    ("2026-12-06", "Cette date est en dehors des dates de la session"),
    ("2026-12-08", "Cette demi-journée existe déjà."),
    ("", "Indiquez une date."),
    ("08/12/2026", "Indiquez une date."),
])
def test_a_half_day_is_not_moved_where_it_may_not_be(client, auth, day, message):
    auth.as_role(Role.EXPERT)
    session = factories.session(start=date(2026, 12, 7), days=2)
    monday_morning = session.half_days[0]
    response = client.post(f"/sessions/{session.id}/half-days/{monday_morning.id}",
                           data={"date": day, "start": "08:30", "end": "12:00"})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert half_day_state(monday_morning.id) == (date(2026, 12, 7), Period.MORNING, time(9, 0),
                                                 time(12, 30))


def test_a_half_day_with_check_ins_keeps_its_date_but_its_times_may_change(client, auth):
    from trainings.attendance import services as attendance
    from trainings.attendance.models import CheckInMethod

    auth.as_role(Role.COORDINATOR, "oriental")
    session = factories.session(start=date(2026, 12, 7), days=2)
    monday_afternoon = session.half_days[1]
    attendance.record_check_in(monday_afternoon.id, factories.participant().id, CheckInMethod.QR)
    url = f"/sessions/{session.id}/half-days/{monday_afternoon.id}"
    response = client.post(url, data={"date": "2026-12-08", "start": "14:00", "end": "17:00"})
    assert response.status_code == 400
    assert "Des présences sont déjà enregistrées pour cette demi-journée" in response.get_data(
        as_text=True)
    assert half_day_state(monday_afternoon.id)[0] == date(2026, 12, 7)
    response = client.post(url, data={"date": "2026-12-07", "start": "14:30", "end": "17:30"})
    assert response.status_code == 302
    assert half_day_state(monday_afternoon.id) == (date(2026, 12, 7), Period.AFTERNOON,
                                                   time(14, 30), time(17, 30))


def test_a_coordinator_may_not_move_a_half_day_of_another_region(client, auth):
    auth.as_role(Role.COORDINATOR, "souss-massa")
    session = factories.session(region="oriental", start=date(2026, 12, 7), days=2)
    half_day = session.half_days[0]
    response = client.post(f"/sessions/{session.id}/half-days/{half_day.id}",
                           data={"date": "2026-12-08", "start": "14:00", "end": "17:00"})
    assert response.status_code == 403
    assert half_day_state(half_day.id)[0] == date(2026, 12, 7)


def test_the_last_half_day_cannot_be_removed(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session()
    first, second = (h.id for h in session.half_days)
    client.post(f"/sessions/{session.id}/half-days/{first}/delete")
    response = client.post(f"/sessions/{session.id}/half-days/{second}/delete", follow_redirects=True)
    assert "Une session garde au moins une demi-journée." in response.get_data(as_text=True)
    assert count(HalfDay) == 1


def test_half_day_of_another_session_is_404(client, auth):
    auth.as_role(Role.EXPERT)
    one, other = factories.session(), factories.session()
    response = client.get(f"/sessions/{one.id}/half-days/{other.half_days[0].id}")
    assert response.status_code == 404


def test_unknown_session_is_404(client, auth):
    auth.as_role(Role.EXPERT)
    assert client.get("/sessions/999999").status_code == 404
    assert client.post("/sessions/999999/delete").status_code == 404


def test_list_filters_by_region_theme_audience_status_and_period(client, auth):
    auth.as_role(Role.EXPERT)
    pac = factories.training(theme="pac")
    factories.session(title="Alpha Oujda", region="oriental", start=date(2026, 3, 2))
    factories.session(title="Beta Tiznit", region="souss-massa", training_id=pac.id,
                      audience=["commune"], start=date(2026, 6, 1), status="held")
    factories.session(title="Gamma Rabat", region="rabat", audience=["project-team"],
                      start=date(2027, 1, 11), status="draft")

    def titles(**args):
        page = client.get("/sessions/", query_string=args).get_data(as_text=True)
        return {t for t in ("Alpha Oujda", "Beta Tiznit", "Gamma Rabat") if t in page}

    assert titles() == {"Alpha Oujda", "Beta Tiznit", "Gamma Rabat"}
    assert titles(region="souss-massa") == {"Beta Tiznit"}
    assert titles(province="oujda-angad") == {"Alpha Oujda"}
    assert titles(theme="pac") == {"Beta Tiznit"}
    assert titles(training_id=pac.id) == {"Beta Tiznit"}
    assert titles(audience="project-team") == {"Gamma Rabat"}
    assert titles(status="draft") == {"Gamma Rabat"}
    assert titles(date_from="2026-05-01", date_to="2026-12-31") == {"Beta Tiznit"}


def test_invalid_filter_is_ignored_with_a_message(client, auth):
    auth.as_role(Role.EXPERT)
    factories.session(title="Alpha Oujda")
    page = client.get("/sessions/", query_string={"region": "paris"}).get_data(as_text=True)
    assert "Certains filtres sont invalides" in page
    assert "Alpha Oujda" in page


def test_the_valid_filters_are_kept_beside_an_invalid_one(client, auth):
    auth.as_role(Role.EXPERT)
    factories.session(title="Alpha Oujda", region="oriental")
    factories.session(title="Beta Tiznit", region="souss-massa", province="tiznit")
    query = {"region": "souss-massa", "date_from": "2026-13-01"}
    page = client.get("/sessions/", query_string=query).get_data(as_text=True)
    assert "Certains filtres sont invalides" in page and "N&#39;est pas une date valide." in page
    assert "Beta Tiznit" in page and "Alpha Oujda" not in page


def test_a_coordinator_filtering_on_another_region_is_told_and_stays_in_theirs(client, auth):
    factories.session(title="Alpha Oujda", region="oriental")
    factories.session(title="Beta Tiznit", region="souss-massa", province="tiznit")
    auth.as_role(Role.COORDINATOR, "oriental")
    for query in ({"region": "souss-massa"}, {"province": "tiznit"}):
        page = client.get("/sessions/", query_string=query).get_data(as_text=True)
        assert "Certains filtres sont invalides" in page
        assert "N&#39;est pas un choix valide." in page
        assert "Alpha Oujda" in page and "Beta Tiznit" not in page


def test_calendar_shows_sessions_on_each_of_their_days(client, auth):
    auth.as_role(Role.EXPERT)
    session = factories.session(title="Atelier PAC", start=date(2026, 12, 30), days=3)
    december = client.get("/sessions/calendar?month=2026-12").get_data(as_text=True)
    january = client.get("/sessions/calendar?month=2027-01").get_data(as_text=True)
    link = f"/sessions/{session.id}"
    # 30 and 31 December in December's grid (plus 1 January shown as a trailing day).
    assert december.count(link) == 3
    assert january.count(link) >= 1
    assert "Décembre 2026" in december


def test_coordinator_plans_only_in_their_region(client, auth):
    auth.as_role(Role.COORDINATOR, "souss-massa")
    training = factories.training()
    db.session.commit()
    response = client.post("/sessions/new", data=session_form(training.id))  # oriental
    assert response.status_code == 200
    assert count(Session) == 0
    response = client.post("/sessions/new", data=session_form(
        training.id, region="souss-massa", province="taroudant"))
    assert response.status_code == 302
    assert count(Session) == 1


def test_coordinator_lists_and_calendar_show_only_their_region(client, auth):
    factories.session(title="Alpha Oujda", region="oriental", start=date(2026, 12, 7))
    factories.session(title="Beta Tiznit", region="souss-massa", start=date(2026, 12, 8))
    auth.as_role(Role.COORDINATOR, "oriental")
    for url in ("/sessions/", "/sessions/calendar?month=2026-12"):
        page = client.get(url).get_data(as_text=True)
        assert "Alpha Oujda" in page and "Beta Tiznit" not in page


def test_observer_reads_but_cannot_create(client, auth):
    factories.session(title="Alpha Oujda")
    auth.as_role(Role.OBSERVER)
    assert "Alpha Oujda" in client.get("/sessions/").get_data(as_text=True)
    training = factories.training()
    db.session.commit()
    assert client.post("/sessions/new", data=session_form(training.id)).status_code == 403
    assert count(Session) == 1


def test_home_shows_this_weeks_and_upcoming_sessions(client, auth, monkeypatch):
    from trainings.schedule import services

    monkeypatch.setattr(services, "local_today", lambda: date(2026, 12, 9))
    factories.session(title="Cette semaine", start=date(2026, 12, 7), days=3)
    factories.session(title="Plus tard", start=date(2027, 1, 11))
    factories.session(title="Passée", start=date(2026, 11, 2))
    factories.session(title="Ailleurs", region="souss-massa", start=date(2026, 12, 8))
    auth.as_role(Role.COORDINATOR, "oriental")
    page = client.get("/").get_data(as_text=True)
    this_week, upcoming = page.split("Prochaines sessions")
    assert "Cette semaine" in this_week and "Plus tard" in upcoming
    assert "Passée" not in page and "Ailleurs" not in page


def test_session_page_links_to_its_sheets_certificates_and_paper_entry(client, auth):
    session = factories.session()
    auth.as_role(Role.EXPERT)
    page = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    for href in ("attendance.xlsx", "signin-sheet.pdf", "paper", "roster",
                 "badges", "posters", "results"):
        assert f'href="/sessions/{session.id}/{href}' in page, href
    # The certificates: a form, to choose their language.
    assert f'action="/sessions/{session.id}/certificates.pdf"' in page
    assert "80 % des demi-journées" in page


def test_filtered_sessions_takes_the_scope_as_an_argument_without_a_logged_in_user(app):
    souss = factories.session(region="souss-massa")
    oriental = factories.session(region="oriental")
    db.session.commit()
    in_souss = db.session.scalars(filtered_sessions(Selection(), "souss-massa")).all()
    everywhere = db.session.scalars(filtered_sessions(Selection(), None)).all()
    assert [s.id for s in in_souss] == [souss.id]
    assert {s.id for s in everywhere} == {souss.id, oriental.id}
