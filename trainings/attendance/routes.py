"""Staff attendance pages: projection, poster, roster, badges, scanner. Opening a half-day's
check-in far from its times, or checking someone in outside them, asks for a reason first."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainings.access import editors, guard_staff_blueprint
from trainings.attendance import merging  # noqa: F401  (declares check-ins to merges of people)
from trainings.attendance import next_steps, services
from trainings.attendance.forms import OutOfWindowForm, reason_problem
from trainings.attendance.models import OUT_OF_WINDOW_ACT_LABELS, CheckInMethod, OutOfWindowAct
from trainings.attendance.timing import Timing
from trainings.clock import local_time, utcnow
from trainings.extensions import db
from trainings.phone import links
from trainings.phone.qr import qr_svg
from trainings.registry import services as registry_services, visibility
from trainings.registry.models import Participant
from trainings.schedule import services as schedule_services
from trainings.schedule.models import HalfDay, Session, WindowOverride
from trainings.schedule.services import get_half_day, get_session

bp = Blueprint("attendance", __name__, url_prefix="/sessions")
bp.before_request(guard_staff_blueprint)
# A half-day with check-ins keeps its date (the schedule's half-day page asks).
schedule_services.add_check_in_test(services.has_check_ins)

WINDOW_STATES = {"open": WindowOverride.OPEN, "closed": WindowOverride.CLOSED, "auto": None}


def _live_state(half_day: HalfDay) -> dict:
    """What the projection shows now; the page and its JSON poll share it. While check-in is
    closed there is no code to show, not even in the page's source: scanning it would only
    earn a refusal. The notice says why it is closed and until or since when."""
    test = next_steps.projected_link(half_day.session)  # the open test's link, or None
    if test is not None:
        test["qr_svg"] = qr_svg(test["url"])
    window = services.window(half_day)
    state = {
        "counters": services.counters(half_day).as_dict(),
        "window_open": window.is_open,
        "window_state": window.state.value,
        "closed_notice": services.closed_notice(window),
        "qr_svg": None, "url": None, "code": None,
        "rotation_seconds": links.rotation_seconds() if half_day.session.qr_rotation else None,
        "test": test,
    }
    if window.is_open:
        url = links.checkin_url(links.checkin_token(half_day))
        state.update(qr_svg=qr_svg(url), url=url, code=links.typed_code(half_day))
    return state


# Projection ---------------------------------------------------------------------------------

@bp.get("/<int:session_id>/half-days/<int:half_day_id>/project")
def projection(session_id: int, half_day_id: int):
    session = get_session(session_id, current_user.scope_region)
    half_day = get_half_day(session, half_day_id)
    return render_template("attendance/projection.html", session=session, half_day=half_day,
                           state=_live_state(half_day), type_url=links.public_base_url() + "/c",
                           window_opens=services.window_bounds(half_day)[0],
                           local_only=links.points_to_this_machine_only(links.public_base_url()))


@bp.get("/<int:session_id>/half-days/<int:half_day_id>/live")
def live(session_id: int, half_day_id: int):
    half_day = get_half_day(get_session(session_id, current_user.scope_region), half_day_id)
    response = jsonify(_live_state(half_day))
    response.cache_control.no_store = True
    return response


def _confirm_out_of_window(session: Session, half_day: HalfDay, form: OutOfWindowForm,
                           act: OutOfWindowAct, why: Timing, hidden: dict[str, str],
                           cancel_url: str, person: Participant | None = None):
    """The step that asks staff to confirm an act outside the half-day's times and say why:
    shown as it comes (200), or again with the form's errors (400); nothing was changed."""
    return render_template(
        "attendance/confirm_out_of_window.html", session=session, half_day=half_day,
        form=form, act=act.value, why=why.value, now=utcnow(), person=person, action=request.path,
        hidden=hidden, cancel_url=cancel_url), 400 if form.errors else 200


def _confirmed_reason(form: OutOfWindowForm) -> str | None:
    """The reason of a confirmation posted valid; None when it is still to be asked (then with
    the form's errors when one was posted)."""
    if form.confirming and form.validate():
        return form.reason.data.strip()
    return None


@bp.post("/<int:session_id>/half-days/<int:half_day_id>/window")
@editors
def set_window(session_id: int, half_day_id: int):
    session = get_session(session_id, current_user.scope_region)
    half_day = get_half_day(session, half_day_id)
    state = request.form.get("state")
    if state not in WINDOW_STATES:
        abort(400)
    outside = services.opening_timing(half_day) if state == "open" else None
    reason = None
    if outside is not None:
        form = OutOfWindowForm()
        reason = _confirmed_reason(form)
        if reason is None:
            return _confirm_out_of_window(
                session, half_day, form, OutOfWindowAct.OPENED, outside, {"state": "open"},
                url_for(".projection", session_id=session.id, half_day_id=half_day.id))
    services.set_window(half_day, WINDOW_STATES[state], current_user.id, reason)
    db.session.commit()
    flash({"open": _("Pointage ouvert jusqu'à ce que vous le fermiez."),
           "closed": _("Pointage fermé : plus personne ne peut pointer avec le QR code."),
           "auto": _("Pointage automatique : ouvert de %(start)s à %(end)s.",
                     start=local_time(services.window_bounds(half_day)[0]),
                     end=local_time(half_day.ends_at))}[state], "success")
    return redirect(url_for(".projection", session_id=session_id, half_day_id=half_day_id))


# Printed material ---------------------------------------------------------------------------

@bp.get("/<int:session_id>/posters")
def posters(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    urls = {h.id: links.checkin_url(links.checkin_token(h, static=True))
            for h in session.half_days}
    return render_template("attendance/posters.html", session=session, urls=urls, qr_svg=qr_svg,
                           local_only=links.points_to_this_machine_only(links.public_base_url()))


@bp.get("/<int:session_id>/badges")
def badges(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    return render_template("attendance/badges.html", session=session,
                           registrations=registry_services.session_registrations(session),
                           qr_svg=qr_svg,
                           badge_content=links.badge_content)


# Roster and manual check-in -----------------------------------------------------------------

# Numbers no row has, put in a URL and then replaced by format slots: one url_for per kind of
# link instead of one per person and half-day (3,000 on a large roster).
HALF_DAY_SLOT, PERSON_SLOT = 987_654_301, 987_654_302


def _url_pattern(url: str) -> str:
    """A URL built with the slot numbers, as a str.format pattern with {h} and {p}."""
    return url.replace(str(HALF_DAY_SLOT), "{h}").replace(str(PERSON_SLOT), "{p}")


@bp.get("/<int:session_id>/roster")
def roster(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    slots = {"session_id": session.id, "half_day_id": HALF_DAY_SLOT, "participant_id": PERSON_SLOT}
    table = services.roster_page(session, _url_pattern(url_for(".check_in", **slots)),
                                 _url_pattern(url_for(".undo_check_in", **slots)))
    return render_template(
        "attendance/roster.html", session=session, roster=table,
        participant_url=_url_pattern(url_for("registry.participant", participant_id=PERSON_SLOT)))


@bp.get("/<int:session_id>/out-of-window")
def out_of_window(session_id: int):
    """The session's out-of-window log, read-only: who did what outside the times, and why."""
    session = get_session(session_id, current_user.scope_region)
    number = request.args.get("page", "1")
    page = services.out_of_window_page(
        session, int(number) if number.isdigit() and len(number) < 7 else 1)
    return render_template("attendance/out_of_window.html", session=session, page=page,
                           act_labels=OUT_OF_WINDOW_ACT_LABELS)


def _registered_person(session, participant_id: int) -> Participant:
    registration = services.registration_for(session, participant_id) or abort(404)
    return registration.participant


@bp.post("/<int:session_id>/half-days/<int:half_day_id>/check-in/<int:participant_id>")
@editors
def check_in(session_id: int, half_day_id: int, participant_id: int):
    session = get_session(session_id, current_user.scope_region)
    half_day = get_half_day(session, half_day_id)
    person = _registered_person(session, participant_id)
    roster_url = url_for(".roster", session_id=session.id, _anchor=f"p{person.id}")
    earlier = services.check_in_of(half_day.id, person.id)
    outside = services.staff_timing(half_day) if earlier is None else None
    reason = None
    if outside is not None:
        # Offered again: checking in a row of people from the paper sheet asks for it once.
        form = OutOfWindowForm(reason=services.last_reason(half_day.id, current_user.id))
        reason = _confirmed_reason(form)
        if reason is None:
            return _confirm_out_of_window(session, half_day, form, OutOfWindowAct.MANUAL,
                                          outside, {}, roster_url, person)
    checkin, created = (earlier, False) if earlier else services.record_staff_check_in(
        half_day, person.id, CheckInMethod.MANUAL, current_user.id, reason)
    db.session.commit()
    if created:
        flash(_("%(name)s est pointé·e présent·e.", name=person.full_name), "success")
    else:
        flash(_("%(name)s était déjà pointé·e à %(time)s : rien n'a été ajouté.",
                name=person.full_name, time=local_time(checkin.checked_in_at)), "info")
    return redirect(roster_url)


@bp.post("/<int:session_id>/half-days/<int:half_day_id>/undo/<int:participant_id>")
@editors
def undo_check_in(session_id: int, half_day_id: int, participant_id: int):
    session = get_session(session_id, current_user.scope_region)
    half_day = get_half_day(session, half_day_id)
    person = _registered_person(session, participant_id)
    removed = services.undo_check_in(half_day.id, person.id, current_user.id)
    db.session.commit()
    if removed:
        flash(_("Pointage de %(name)s annulé.", name=person.full_name), "success")
    else:
        flash(_("%(name)s n'était pas pointé·e.", name=person.full_name), "info")
    return redirect(url_for(".roster", session_id=session.id, _anchor=f"p{person.id}"))


@bp.post("/<int:session_id>/registrations/<int:registration_id>/review")
@editors
def review(session_id: int, registration_id: int):
    session = get_session(session_id, current_user.scope_region)
    registration = registry_services.get_registration(session, registration_id)
    services.mark_reviewed(registration)
    db.session.commit()
    flash(_("Inscription de %(name)s validée.", name=registration.participant.full_name),
          "success")
    return redirect(url_for(".roster", session_id=session.id,
                            _anchor=f"p{registration.participant_id}"))


# Badge scanner ------------------------------------------------------------------------------

@bp.get("/<int:session_id>/scan")
@editors
def new_scan(session_id: int):
    """The scanner page: it only serves to record check-ins, hence editors only."""
    session = get_session(session_id, current_user.scope_region)
    chosen = request.args.get("half_day", type=int)
    half_day = (next((h for h in session.half_days if h.id == chosen), None)
                or services.current_half_day(session))
    # Badges scanned now to these half-days ask for a reason: the page offers its field.
    outside = {h.id for h in session.half_days if services.staff_timing(h) is not None}
    return render_template("attendance/scanner.html", session=session, half_day=half_day,
                           outside=outside)


def _scan_answer(session_id: int, half_day_id: int, payload: dict, status: int = 200):
    """JSON for the scanner's fetch; a flash and a redirect for the form posted without it."""
    if request.is_json:
        return jsonify(payload), status
    message = payload["message"]
    if payload["status"] in ("checked_in", "already"):
        message = _("%(name)s : %(message)s", name=payload["name"], message=message)
    flash(message, "success" if payload["status"] == "checked_in" else "error")
    return redirect(url_for(".new_scan", session_id=session_id, half_day=half_day_id))


def _badge_holder(session: Session, content, scope: str | None,
                  ) -> tuple[Participant | None, dict, int]:
    """The registered person whose badge this is, or None with the scanner's answer and its
    HTTP status. A person not registered is named only to an account that may see them
    (visibility.may_see): a badge of another region's person gets the neutral answer."""
    participant_id = links.read_badge(content) if isinstance(content, str) else None
    if participant_id is None:
        return None, {"status": "invalid",
                      "message": _("Ce code n'est pas un badge de cette plateforme.")}, 400
    # a badge printed before its record was merged names the record kept
    registration, participant_id = services.badge_registration(session, participant_id)
    if registration is None:
        person = db.session.get(Participant, participant_id)
        name = person.full_name if person and visibility.may_see(person, scope) else ""
        return None, {
            "status": "not_registered", "name": name,
            "message": _("%(name)s n'est pas inscrit·e à cette session.", name=name) if name
            else _("Cette personne n'est pas inscrit·e à cette session.")}, 404
    return registration.participant, {}, 200


def _scan_data() -> dict:
    """The scanner's JSON, or the form posted without JavaScript (a MultiDict is a dict)."""
    data = request.get_json(silent=True) if request.is_json else request.form
    return data if isinstance(data, dict) else {}


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


def _ask_scan_reason(session: Session, half_day: HalfDay, person: Participant,
                     outside: Timing, data):
    """A badge scanned outside the half-day's times without a valid reason: the scanner is told
    to ask for one (409) or what is wrong with it (400); a form posted without JavaScript gets
    the confirmation step. Nothing is recorded."""
    reason = _text(data.get("reason"))
    if request.is_json:
        if not (reason or "").strip():
            opens, closes = services.window_bounds(half_day)
            payload, status = {"status": "needs_reason", "message": _(
                "Hors des heures de pointage de cette demi-journée (de %(start)s à %(end)s) : "
                "indiquez le motif, puis pointez à nouveau ce badge.",
                start=local_time(opens), end=local_time(closes))}, 409
        else:
            payload, status = {"status": "invalid_reason",
                               "message": str(reason_problem(reason))}, 400
        return _scan_answer(session.id, half_day.id, {**payload, "name": person.full_name},
                            status)
    form = OutOfWindowForm()
    if form.confirming or reason:
        form.validate()  # to show what is wrong with the reason typed
    return _confirm_out_of_window(
        session, half_day, form, OutOfWindowAct.BADGE, outside, {"content": data["content"]},
        url_for(".new_scan", session_id=session.id, half_day=half_day.id), person)


@bp.post("/<int:session_id>/half-days/<int:half_day_id>/scan")
@editors
def scan(session_id: int, half_day_id: int):
    session = get_session(session_id, current_user.scope_region)
    half_day = get_half_day(session, half_day_id)
    data = _scan_data()
    person, refusal, status = _badge_holder(session, data.get("content"),
                                            current_user.scope_region)
    if person is None:
        return _scan_answer(session_id, half_day_id, refusal, status)
    earlier = services.check_in_of(half_day.id, person.id)
    outside = services.staff_timing(half_day) if earlier is None else None
    reason = _text(data.get("reason"))
    if outside is not None and reason_problem(reason):
        return _ask_scan_reason(session, half_day, person, outside, data)
    checkin, created = (earlier, False) if earlier else services.record_staff_check_in(
        half_day, person.id, CheckInMethod.BADGE, current_user.id, reason if outside else None)
    db.session.commit()
    time = local_time(checkin.checked_in_at)
    status, message = (("checked_in", _("pointé·e à %(time)s", time=time)) if created
                       else ("already", _("déjà pointé·e à %(time)s", time=time)))
    return _scan_answer(session_id, half_day_id, {
        "status": status, "name": person.full_name, "time": time, "message": message})
