"""The participant's check-in pages: no account, no JavaScript needed, a few kilobytes.

Scanning opens /c/<token>. The page then carries its own signed proof of the scan, so that a
slow typist is not caught by the QR code's rotation: only the check-in window limits them.
"""
from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint, abort, make_response, redirect, render_template, request, session, url_for,
)
from flask_babel import gettext as _, lazy_gettext as _l
from itsdangerous import BadSignature

from trainings import i18n, ratelimits
from trainings.attendance import next_steps, services
from trainings.attendance.forms import CodeForm, ConfirmForm, IdentifyForm, WalkInForm
from trainings.attendance.models import CheckIn
from trainings.clock import to_local, utcnow
from trainings.extensions import db
from trainings.phone import identity, links, tokens
from trainings.registry.models import Participant
from trainings.schedule.models import HalfDay

bp = Blueprint("checkin", __name__, url_prefix="/c")
ratelimits.limit_participant_pages(bp, scope="checkin")

_signer = identity.signer


def _proof_for(half_day: HalfDay) -> str:
    return _signer("proof").dumps(half_day.id)


def _person_ref(half_day: HalfDay, person: Participant) -> str:
    """Who the confirmation is for, valid for this half-day only."""
    return _signer("person").dumps([half_day.id, person.id])


def _person_of_ref(half_day_id: int, value: str | None) -> int:
    try:
        ref_half_day_id, person_id = _signer("person").loads(value or "")
    except (BadSignature, ValueError, TypeError):
        abort(400)
    if ref_half_day_id != half_day_id or not isinstance(person_id, int):
        abort(400)
    return person_id


def _proof_half_day_key() -> str:
    """The half-day a form's proof names, for the rate limit of its code."""
    return str(identity.signed_id("proof", request.form.get("proof")))


def _problem(kind: str, status: int):
    return render_template("checkin/problem.html", kind=kind), status


def _closed(half_day: HalfDay):
    """Check-in is closed: say why (not open yet, closed by the trainer, or over) and when."""
    window = services.window(half_day)
    return render_template("checkin/problem.html", kind="closed", half_day=half_day,
                           session=half_day.session, window=window,
                           resume_url=url_for("checkin.resume", proof=_proof_for(half_day)),
                           notice=services.closed_notice(window)), 403


def _half_day_id_from_proof(proof: str | None) -> int:
    half_day_id = identity.signed_id("proof", proof)
    return abort(400) if half_day_id is None else half_day_id


def _half_day_from_proof(proof: str | None) -> HalfDay:
    """The half-day a form's proof names; its session's default language applies from now
    on, to the messages the view writes before the page is rendered."""
    half_day = db.get_or_404(HalfDay, _half_day_id_from_proof(proof))
    i18n.use_session_language(half_day.session.language)
    return half_day


def _page(template: str, half_day: HalfDay, status: int = 200, **context):
    proof = _proof_for(half_day)
    return render_template(f"checkin/{template}", half_day=half_day, session=half_day.session,
                           proof=proof, resume_url=url_for("checkin.resume", proof=proof),
                           **context), status


def _start(half_day: HalfDay):
    """What someone who just scanned sees: one tap if this phone knows them (their initials
    only, and « Ce n'est pas moi » for the next person on a shared phone), else a contact."""
    if not services.window_is_open(half_day):
        return _closed(half_day)
    person = services.find_person(identity.remembered_person_id())
    if person is not None:
        earlier = db.session.scalar(sa.select(CheckIn).where(
            CheckIn.half_day_id == half_day.id, CheckIn.participant_id == person.id))
        if earlier is not None:
            return _done(earlier.id, person.id, created=False)
        return _confirm_page(half_day, person)
    return _identify_page(half_day)


def _identify_page(half_day: HalfDay, form: IdentifyForm | None = None, status: int = 200):
    return _page("identify.html", half_day, status,
                 form=form or IdentifyForm(proof=_proof_for(half_day)))


def _confirm_page(half_day: HalfDay, person: Participant, form: ConfirmForm | None = None,
                  status: int = 200):
    form = form or ConfirmForm(proof=_proof_for(half_day), person=_person_ref(half_day, person))
    return _page("confirm.html", half_day, status, form=form,
                 initials=identity.initials(person.first_name, person.last_name))


@bp.route("", methods=["GET", "POST"])
def code():
    """Typing the 6-character code instead of scanning."""
    form = CodeForm()
    if not form.validate_on_submit():
        return render_template("checkin/code.html", form=form), 400 if form.errors else 200
    half_day, match = services.half_day_of_code(form.code.data)
    if match is tokens.CodeMatch.FRESH or (half_day is not None
                                           and not services.window_is_open(half_day)):
        return _start(half_day)  # or why check-in is closed, for an old code too
    if match is tokens.CodeMatch.EXPIRED:
        # 410 like an expired QR code: a genuine code read too late is no guess (ratelimits).
        form.code.errors.append(_("Ce code a expiré : il change toutes les %(n)s secondes. "
                                  "Tapez le nouveau code affiché à l'écran.",
                                  n=links.rotation_seconds()))
        return render_template("checkin/code.html", form=form), 410
    form.code.errors.append(_("Ce code ne correspond à aucune demi-journée ouverte. "
                              "Vérifiez le code affiché dans la salle."))
    return render_template("checkin/code.html", form=form), 400


@bp.get("/<token>")
def scan(token: str):
    try:
        data = links.read_checkin_token(token)
    except tokens.ExpiredToken:
        return _problem("expired", 410)
    except tokens.BadToken:
        return _problem("invalid", 404)
    half_day = db.session.get(HalfDay, data.half_day_id)
    if half_day is None:
        return _problem("invalid", 404)
    return _start(half_day)


@bp.get("/p/<proof>")
def resume(proof: str):
    """The scan's page again, from the signed proof a form carries: where the language switch
    of a page answering a form leads (a form's answer has no address of its own). The proof
    only lets one in while the window is open, as the forms it comes from do."""
    half_day_id = identity.signed_id("proof", proof)
    half_day = db.session.get(HalfDay, half_day_id) if half_day_id is not None else None
    if half_day is None:
        return _problem("invalid", 404)
    return _start(half_day)


@bp.post("/identify")
@ratelimits.limit_identification(code_key=_proof_half_day_key)
def identify():
    """A typed phone or e-mail. Only a person registered to this session is greeted (by their
    initials); anyone else, known elsewhere or not at all, gets the same newcomer's form."""
    form = IdentifyForm()
    half_day = _half_day_from_proof(form.proof.data)
    if not services.window_is_open(half_day):
        return _closed(half_day)
    if not form.validate_on_submit():
        return _identify_page(half_day, form, 400)
    person = services.find_by_contact(form.contact.data)
    if person is not None and services.registration_for(half_day.session, person.id) is not None:
        return _confirm_page(half_day, person)
    ratelimits.count_as_miss()
    contact = form.contact.data.strip()
    walk_in = WalkInForm(proof=_proof_for(half_day), formdata=None,
                         **({"email": contact} if "@" in contact else {"phone": contact}))
    return _walk_in_page(half_day, walk_in)


def _walk_in_page(half_day: HalfDay, form: WalkInForm, status: int = 200):
    """The newcomer's form: a bounded list of suggestions (the organisations of the people
    registered to this session), never the region's whole registry."""
    return _page("walk_in.html", half_day, status, form=form,
                 organizations=services.session_organization_names(half_day.session_id))


def _signature_missing(require_signature: bool, form) -> bool:
    if require_signature and form.signature_value() is None:
        form.typed_signature.errors.append(_l("Signez avec le doigt dans le cadre, ou tapez votre "
                                              "nom complet."))
        return True
    return False


# The half-day and person this phone last confirmed, kept in its session: a second tap of the
# same phone is then answered by reading only. A hint, not a proof: the database decides.
CONFIRMED_KEY = "checkin_confirmed"


@bp.post("/confirm")
def confirm():
    """The one-tap confirmation, the request a whole room sends at once: one INSERT … SELECT
    for a registered person (services.quick_self_check_in). When it records nothing, or on a
    phone's second tap, one SELECT (window, signature setting, registration, earlier check-in)
    says why; the full half-day and person are loaded only to show a page again."""
    form = ConfirmForm()
    half_day_id = _half_day_id_from_proof(form.proof.data)
    person_id = _person_of_ref(half_day_id, form.person.data)
    valid = form.validate_on_submit()
    if valid and session.get(CONFIRMED_KEY) != [half_day_id, person_id]:
        check_in_id = services.quick_self_check_in(half_day_id, person_id,
                                                   form.signature_value())
        if check_in_id is not None:
            db.session.commit()
            return _confirmed(half_day_id, check_in_id, person_id, True)
    context = services.self_check_in_context(half_day_id, person_id) or abort(404)
    if not services.window_is_open(context):
        return _closed(db.session.get(HalfDay, half_day_id))
    if not valid or _signature_missing(context.require_signature, form):
        return _confirm_page(db.session.get(HalfDay, half_day_id),
                             db.session.get(Participant, person_id), form, 400)
    check_in_id, created = services.self_check_in(context, person_id, form.signature_value())
    db.session.commit()
    return _confirmed(half_day_id, check_in_id, person_id, created)


def _confirmed(half_day_id: int, check_in_id: int, person_id: int, created: bool):
    session[CONFIRMED_KEY] = [half_day_id, person_id]
    return _done(check_in_id, person_id, created)


@bp.post("/forget")
def forget():
    """« Ce n'est pas moi »: this phone forgets the person it remembered; the next one types
    their own contact."""
    half_day = _half_day_from_proof(request.form.get("proof"))
    body, status = _identify_page(half_day, IdentifyForm(proof=_proof_for(half_day),
                                                         formdata=None))
    return identity.forget(make_response(body, status))


@bp.post("/register")
def register():
    """The newcomer's form. A phone or e-mail that is already someone's is attached to that
    person without a word (and flagged for staff): the newcomer sees exactly what any newcomer
    sees, whoever the contact belongs to."""
    form = WalkInForm()
    half_day = _half_day_from_proof(form.proof.data)
    if not services.window_is_open(half_day):
        return _closed(half_day)
    if not form.validate_on_submit() or _signature_missing(half_day.session.require_signature,
                                                           form):
        return _walk_in_page(half_day, form, 400)
    match = services.match_walk_in_organization(
        form.organization.data, form.organization_choice.data, half_day.session.region)
    if match.candidates:
        # Nothing recorded yet: the newcomer says whether they meant a known organisation.
        form.organization_choice.choices = [(str(row.id), row.name)
                                            for row in match.candidates]
        form.organization_choice.choices.append(("new", _l(
            "Aucune de celles-ci : enregistrer « %(name)s »",
            name=" ".join(form.organization.data.split()))))
        return _walk_in_page(half_day, form)
    person = services.walk_in_owner(form.data)
    if person is not None:
        check_in, _created = services.check_in_matched_walk_in(half_day, person, form.data,
                                                               form.signature_value())
    else:
        person, _raced = services.register_walk_in(half_day.session, form.data,
                                                   match.organization)
        check_in, _created = services.check_in_participant(half_day, person,
                                                           form.signature_value())
    check_in_id, person_id = check_in.id, person.id
    db.session.commit()
    # Whatever was recorded before (a double tap, a contact that was someone's), the newcomer
    # sees a check-in made now, and no name: nothing tells them whose contact it was.
    return _done(check_in_id, person_id, True, at=to_local(utcnow()).strftime("%H:%M"))


def _done(check_in_id: int, person_id: int, created: bool, at: str | None = None):
    """Redirect to the confirmation (so that reloading it records nothing) and remember the
    person on this phone for the next half-days. Takes ids, not the committed (expired)
    check-in, so that nothing is read back. `at`: the time to show a newcomer, who is shown
    neither a name nor the time of an earlier check-in; None for a person greeted by initials."""
    response = redirect(url_for("checkin.done", ref=_signer("done").dumps(
        [check_in_id, person_id, created, at])))
    return identity.remember(response, person_id)


@bp.get("/ok/<ref>")
def done(ref: str):
    try:
        check_in_id, person_id, created, newcomer_at = _signer("done").loads(ref)
    except (BadSignature, ValueError, TypeError):
        abort(404)
    check_in = db.session.get(CheckIn, check_in_id)
    if check_in is None or check_in.participant_id != person_id:
        abort(404)
    person = check_in.participant
    i18n.use_session_language(check_in.half_day.session.language)  # for the offers' labels
    return render_template(
        "checkin/done.html", check_in=check_in, half_day=check_in.half_day,
        session=check_in.half_day.session, proof=_proof_for(check_in.half_day),
        initials=None if newcomer_at else identity.initials(person.first_name, person.last_name),
        at=newcomer_at or to_local(check_in.checked_in_at).strftime("%H:%M"),
        created=bool(created), offers=next_steps.offers(check_in.half_day.session, person_id))
