"""Check-in closed: the projector shows no code but why and until when; the participant is told
whether it has not opened yet, was closed by the trainer or is over, and when; typed codes
forgive typing slips and say when they expired; the participants' error pages keep their
layout and lead back to checking in."""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from html import unescape

import pytest
import sqlalchemy as sa

from tests import factories
from trainings.attendance import services
from trainings.attendance.window import Window, WindowState
from trainings.clock import local_time, local_today, utcnow
from trainings.extensions import db
from trainings.models import CheckIn, Role
from trainings.phone import links, tokens
from trainings.schedule.models import WindowOverride

TITLE = "Atelier genre et migration Berkane"
HOSTILE = "=HYPERLINK(\"http://x\")<script>alert(1)</script>\x07 ورشة 2026"


@pytest.fixture
def step(monkeypatch):
    """Freeze the QR rotation; set step.value to move to another rotation."""

    class Step:
        value = 1000

    monkeypatch.setattr(links, "now_step", lambda now=None: Step.value)
    return Step


@pytest.fixture
def half_day(app):
    session = factories.session(start=local_today(), title=TITLE)
    return session.half_days[0]


def starting_in(half_day, delay: timedelta, override=None):
    """Move the half-day (kept today) to start `delay` from now, for three hours."""
    half_day.starts_at = utcnow() + delay
    half_day.ends_at = half_day.starts_at + timedelta(hours=3)
    half_day.window_override = override
    db.session.commit()
    return half_day


def token_for(app, half_day) -> str:
    with app.test_request_context():
        return links.checkin_token(half_day)


def code_for(app, half_day) -> str:
    with app.test_request_context():
        return links.typed_code(half_day)


def projection(client, half_day) -> str:
    return client.get(f"/sessions/{half_day.session_id}/half-days/{half_day.id}/project").text


def live(client, half_day) -> dict:
    return client.get(f"/sessions/{half_day.session_id}/half-days/{half_day.id}/live").get_json()


def text_of(html: str) -> str:
    """The page's text, tags left out and white space collapsed, as a person reads it."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# 2. The projector while check-in is closed ----------------------------------------------------

def assert_no_code(html: str, state: dict, code: str):
    assert "/c/" not in html  # no check-in link, hence no QR code of one
    assert "<svg" not in html and code not in html
    assert state["qr_svg"] is None and state["url"] is None and state["code"] is None
    assert state["window_open"] is False


def test_before_the_window_the_projector_shows_when_it_opens_and_no_code(app, client, auth,
                                                                          half_day, step):
    starting_in(half_day, timedelta(hours=2))
    auth.as_role(Role.EXPERT)
    html, state = projection(client, half_day), live(client, half_day)
    assert_no_code(html, state, code_for(app, half_day))
    opens = local_time(half_day.starts_at - timedelta(minutes=30))
    assert "Pointage fermé" in text_of(html) and "ouvrira" in state["closed_notice"]
    assert opens in state["closed_notice"] and state["closed_notice"] in text_of(html)
    assert state["window_state"] == "not_yet"


def test_after_fermer_maintenant_the_projector_says_the_trainer_closed_it(app, client, auth,
                                                                           half_day, step):
    starting_in(half_day, timedelta(minutes=-10))
    auth.as_role(Role.EXPERT)
    assert live(client, half_day)["code"] == code_for(app, half_day)
    response = client.post(f"/sessions/{half_day.session_id}/half-days/{half_day.id}/window",
                           data={"state": "closed"}, follow_redirects=True)
    state = live(client, half_day)
    assert_no_code(response.text, state, code_for(app, half_day))
    assert state["closed_notice"] == "La formatrice ou le formateur a fermé le pointage."
    assert state["closed_notice"] in text_of(response.text)


def test_after_the_half_day_the_projector_says_it_is_over(app, client, auth, half_day, step):
    starting_in(half_day, timedelta(hours=-4))
    auth.as_role(Role.OBSERVER)
    html, state = projection(client, half_day), live(client, half_day)
    assert_no_code(html, state, code_for(app, half_day))
    assert f"a fermé à {local_time(half_day.ends_at)}" in state["closed_notice"] or (
        "a fermé le" in state["closed_notice"])  # ended before midnight, read after it
    assert state["window_state"] == "over"


def test_the_projector_shows_the_code_again_as_soon_as_the_window_opens(app, client, auth,
                                                                        half_day, step):
    starting_in(half_day, timedelta(hours=2))
    auth.as_role(Role.EXPERT)
    assert live(client, half_day)["code"] is None
    starting_in(half_day, timedelta(minutes=20))  # the window opened (30 minutes before)
    state = live(client, half_day)
    assert state["window_open"] is True and state["code"] == code_for(app, half_day)
    assert state["url"].endswith(f"/c/{token_for(app, half_day)}")
    assert state["qr_svg"].startswith("<svg")
    html = projection(client, half_day)
    assert f'id="code" aria-live="polite">{state["code"]}<' in html
    assert re.search(r'id="checkin-closed"[^>]* hidden', html)


# 3. What the participant is told --------------------------------------------------------------

def test_before_the_window_the_participant_is_told_when_it_opens(app, client, half_day):
    starting_in(half_day, timedelta(hours=2))
    response = client.get(f"/c/{token_for(app, half_day)}")
    page = text_of(response.text)
    assert response.status_code == 403
    assert "L'émargement n'est pas encore ouvert" in page and TITLE in page
    assert local_time(half_day.starts_at - timedelta(minutes=30)) in page


def test_closed_by_the_trainer_the_participant_is_told_so_without_a_time(app, client, half_day):
    starting_in(half_day, timedelta(minutes=-10), WindowOverride.CLOSED)
    response = client.get(f"/c/{token_for(app, half_day)}")
    page = text_of(response.text)
    assert response.status_code == 403
    assert "L'émargement a été fermé" in page and TITLE in page
    assert "La formatrice ou le formateur a fermé le pointage." in page
    assert "ouvrira" not in page and "pas encore" not in page


def test_after_the_half_day_the_participant_is_told_it_is_over_and_since_when(app, client,
                                                                             half_day):
    starting_in(half_day, timedelta(hours=-4))
    response = client.get(f"/c/{token_for(app, half_day)}")
    page = text_of(response.text)
    assert response.status_code == 403
    assert "L'émargement est terminé" in page and TITLE in page
    assert local_time(half_day.ends_at) in page


def test_a_submission_refused_after_closing_keeps_the_session_title(app, client, half_day):
    starting_in(half_day, timedelta(minutes=-10))
    person = factories.participant(phone="+212661000321")
    factories.registration(half_day.session, person)
    db.session.commit()
    page = client.get(f"/c/{token_for(app, half_day)}").text
    proof = re.search(r'name="proof" type="hidden" value="([^"]+)"', page).group(1)
    page = client.post("/c/identify", data={"proof": proof, "contact": "0661000321"}).text
    person_ref = re.search(r'name="person" type="hidden" value="([^"]+)"', page).group(1)
    starting_in(half_day, timedelta(minutes=-10), WindowOverride.CLOSED)
    response = client.post("/c/confirm", data={"proof": proof, "person": person_ref})
    assert response.status_code == 403
    assert TITLE in response.text and "L'émargement a été fermé" in text_of(response.text)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


def test_the_notice_gives_the_date_when_it_is_not_today(app):
    opens = datetime(2026, 12, 7, 7, 30, tzinfo=timezone.utc)  # 08:30 in Morocco
    window = Window(WindowState.NOT_YET, opens, opens + timedelta(hours=4))
    with app.test_request_context():
        assert services.closed_notice(window, today=date(2026, 12, 7)) == (
            "Le pointage ouvrira à 08:30.")
        assert services.closed_notice(window, today=date(2026, 12, 4)) == (
            "Le pointage ouvrira le lundi 7 décembre à 08:30.")
        over = Window(WindowState.OVER, opens, opens + timedelta(hours=4))
        assert services.closed_notice(over, today=date(2026, 12, 7)) == (
            "La demi-journée est terminée : le pointage a fermé à 12:30.")


# 3. Typed codes ---------------------------------------------------------------------------------

def a_step_whose_code_has_an_l(app, half_day) -> int:
    """A rotation whose code holds an L, to type it as 1 or i (about one code in six)."""
    secret = app.config["SECRET_KEY"].encode()
    return next(s for s in range(1000, 2000) if "L" in tokens.short_code(secret, half_day.id, s))


ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize("slip", [
    lambda code: code.lower(),
    lambda code: f"{code[:3]} {code[3:]}",
    lambda code: f" {code[:3].lower()}-{code[3:]} ",
    lambda code: code.replace("L", "1"),
    lambda code: code.replace("L", "i"),
    lambda code: code.translate(ARABIC_DIGITS),
], ids=["lower", "space", "hyphen", "L-as-1", "L-as-i", "arabic-digits"])
def test_a_code_typed_with_slips_is_accepted(app, client, half_day, step, slip):
    starting_in(half_day, timedelta(minutes=-10))
    step.value = a_step_whose_code_has_an_l(app, half_day)
    response = client.post("/c", data={"code": slip(code_for(app, half_day))})
    assert response.status_code == 200, text_of(response.text)
    assert 'name="contact"' in response.text and TITLE in response.text


def test_the_code_field_takes_a_code_typed_with_separators(client):
    field = re.search(r'<input[^>]*name="code"[^>]*>', client.get("/c").text).group(0)
    assert int(re.search(r'maxlength="(\d+)"', field).group(1)) >= len("ABC - DEF")


def test_an_expired_typed_code_says_so_and_points_to_the_screen(app, client, half_day, step):
    starting_in(half_day, timedelta(minutes=-10))
    old = code_for(app, half_day)
    step.value += 3  # a minute later
    response = client.post("/c", data={"code": old})
    page = text_of(response.text)
    assert response.status_code == 410
    assert "Ce code a expiré" in page and "nouveau code affiché à l'écran" in page
    assert "ne correspond à aucune" not in page


def test_a_wrong_code_says_it_matches_nothing(app, client, half_day, step):
    starting_in(half_day, timedelta(minutes=-10))
    code = code_for(app, half_day)
    wrong = ("B" if code[0] == "A" else "A") + code[1:]
    response = client.post("/c", data={"code": wrong})
    assert response.status_code == 400
    assert "Ce code ne correspond à aucune demi-journée ouverte" in text_of(response.text)


def test_a_current_code_of_a_closed_half_day_says_why_it_is_closed(app, client, half_day, step):
    starting_in(half_day, timedelta(minutes=-10), WindowOverride.CLOSED)
    response = client.post("/c", data={"code": code_for(app, half_day)})
    assert response.status_code == 403
    assert "L'émargement a été fermé" in text_of(response.text) and TITLE in response.text


@pytest.mark.parametrize("typed", [HOSTILE, "<script>", "ABC", "x" * 10_000, "\x00" * 6])
def test_hostile_codes_get_a_clear_message_and_change_nothing(client, half_day, typed):
    response = client.post("/c", data={"code": typed})
    assert response.status_code == 400
    assert "<script>" not in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn)) == 0


# 7. The participants' error pages ---------------------------------------------------------------

def assert_participant_layout(response):
    html = response.text
    assert "css/checkin.css" in html and "css/app.css" not in html
    assert 'href="/c"' in html  # back to typing the room's code
    assert "/login" not in html and "Retour à l'accueil" not in html


@pytest.mark.parametrize("path", ["/c/ok/garbage", "/c/ok/garbage/more", "/c/x/y/z", "/t/x/y"])
def test_a_participant_address_not_found_keeps_the_participant_layout(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert_participant_layout(response)
    assert "Ce lien n'est pas valide" in response.text


def test_a_participant_page_refused_for_too_many_attempts_keeps_the_participant_layout(app,
                                                                                     client):
    app.config["RATELIMIT_CHECKIN_FAILURES"] = "2 per minute"
    for _ in range(2):
        assert client.get("/c/ok/garbage").status_code == 404
    response = client.get("/c")
    assert response.status_code == 429 and int(response.headers["Retry-After"]) >= 1
    assert_participant_layout(response)
    assert "Trop de tentatives. Patientez une minute puis réessayez." in response.text


def test_an_expired_participant_form_keeps_the_participant_layout(app, client, half_day):
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/c", data={"code": "ABCDEF"})  # no CSRF token
    assert response.status_code == 400
    assert_participant_layout(response)


def test_a_wrong_method_on_a_participant_address_keeps_the_participant_layout(client):
    response = client.delete("/c")
    assert response.status_code == 405
    assert_participant_layout(response)


def test_staff_error_pages_stay_as_they_are(client, auth):
    for response in (client.get("/nowhere"), client.get("/cx/1"), client.get("/tests")):
        assert response.status_code == 404
        assert "css/app.css" in response.text and "Retour à l'accueil" in response.text
    auth.as_role(Role.EXPERT)
    response = client.get("/sessions/987654")
    assert response.status_code == 404 and "css/app.css" in response.text
    assert "Retour à l'accueil" in response.text
