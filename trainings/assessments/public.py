"""The participant's test pages: no account, no JavaScript needed, a few kilobytes.

The session's test link /t/<token> opens whichever test is open now. The phone is recognised
as at check-in (its signed cookie, or the phone or e-mail typed), and the test form carries a
signed proof of who answers which test since when, so that the answers count for that person
only and a test closed meanwhile refuses them.

Scores and answers are shown only on the phone that sent them: its `test_results` cookie lists
the attempts it sent. Typing someone's phone number leads to the same test form whoever they
are, and a second answer is refused without a score or a name.
"""
from __future__ import annotations

from datetime import datetime

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeSerializer

from trainings import i18n, ratelimits
from trainings.assessments import attempts, taking
from trainings.assessments.models import (
    ATTEMPT_KIND_LABELS, Attempt, AttemptKind, AttemptMethod, SessionTest,
)
from trainings.assessments.public_forms import ContactForm, ProofForm
from trainings.attendance import next_steps
from trainings.attendance.services import current_half_day, find_by_contact, find_person
from trainings.clock import utcnow
from trainings.extensions import db
from trainings.phone import identity, links
from trainings.registry.models import Participant
from trainings.schedule.models import Session

bp = Blueprint("tests", __name__, url_prefix="/t")
# Not the check-in's counter of requests: a room checks in, then takes the pre-test at once.
ratelimits.limit_participant_pages(bp, scope="tests")
# The check-in pages show the open test's link and offer the tests; attendance, below
# assessments, learns of them here.
next_steps.register("tests", projected_link=taking.projected_link, offers=taking.offers)


def _signer(purpose: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"test-{purpose}")


def _session_of(token: str) -> Session | None:
    """The session a test link names; its default language applies from now on, to the
    messages of a form validated before the page is rendered."""
    session_id = taking.read_test_token(token)
    session = db.session.get(Session, session_id) if session_id is not None else None
    if session is not None:
        i18n.use_session_language(session.language)
    return session


RESULTS_COOKIE = identity.RESULTS_COOKIE
RESULTS_KEPT = 20  # the attempts a phone remembers: a pre- and a post-test of several sessions


def _device_record() -> list:
    """What this phone sent (its signed cookie), oldest first: attempt ids, and "s<session>" for
    a satisfaction questionnaire."""
    try:
        kept = _signer("device").loads(request.cookies.get(RESULTS_COOKIE) or "")
    except BadSignature:
        return []
    return [i for i in kept if isinstance(i, (int, str))] if isinstance(kept, list) else []


def _own_attempts() -> list[int]:
    """The attempts this phone sent, oldest first."""
    return [i for i in _device_record() if isinstance(i, int)]


def _keep_on_device(response, sent: int | str):
    """Let this phone, and only it, see what it sent: an attempt's results, or that it gave
    its opinion."""
    kept = [i for i in _device_record() if i != sent][-(RESULTS_KEPT - 1):] + [sent]
    response.set_cookie(RESULTS_COOKIE, _signer("device").dumps(kept), max_age=identity.COOKIE_AGE,
                        path=identity.RESULTS_PATH, httponly=True, samesite="Lax",
                        secure=current_app.config.get("SESSION_COOKIE_SECURE", False))
    return response


def _opinion_mark(session: Session) -> str:
    return f"s{session.id}"


def _message(kind: str, status: int, session: Session | None = None, **context):
    return render_template("tests/message.html", kind=kind, session=session, **context), status


def _invalid():
    return _message("invalid", 404)


def _identify_page(session: Session, token: str, target: str, form: ContactForm | None = None,
                   status: int = 200):
    form = form or ContactForm(target=target)
    return render_template("tests/identify.html", session=session, token=token, form=form,
                           target=target), status


def _unknown(session: Session, token: str, target: str, person: Participant | None):
    """Someone who is not a participant of this session: through check-in first."""
    half_day = current_half_day(session)
    checkin_url = links.checkin_url(links.checkin_token(half_day)) if half_day else None
    return _message("unknown", 404, session, token=token, person=person, checkin_url=checkin_url,
                    form=ContactForm(target=target, formdata=None))


# The test ---------------------------------------------------------------------------------------

def _start(session: Session, token: str, person: Participant | None, target: str):
    """Whichever page this person should see now, for the test or the questionnaire."""
    test = taking.settings(session.id)
    kind = taking.open_kind(test)
    if target == "satisfaction" or (kind is None and test is not None
                                     and test.satisfaction_open):
        return _satisfaction_for(session, test, token, person)
    if kind is None:
        return _message("none-open", 403, session)
    if person is None:
        return _identify_page(session, token, "test")
    if not taking.is_participant(session, person.id):
        return _unknown(session, token, "test", person)
    earlier = attempts.find_attempt(session.id, person.id, kind)
    if earlier is not None and earlier.id in _own_attempts():
        return _already(session, earlier)
    # Anyone else, who may merely have typed this person's number, gets the test form as if
    # nothing had been answered: sending it is refused without a score (submit).
    form = ProofForm(proof=_signer("proof").dumps(
        [session.id, person.id, kind.value, utcnow().isoformat()]))
    return _test_page(session, test, kind, token, person, form)


def _test_page(session: Session, test: SessionTest, kind: AttemptKind, token: str,
               person: Participant, form: ProofForm, answers: dict | None = None,
               missing: list[int] | None = None, status: int = 200):
    return render_template(
        "tests/take.html", session=session, token=token, person=person, form=form,
        kind=kind, kind_label=ATTEMPT_KIND_LABELS[kind],
        initials=identity.initials(person.first_name, person.last_name),
        shown=taking.shown_questions(test, person.id), answers=answers or {},
        missing=missing or [], contact_form=ContactForm(target="test", formdata=None)), status


def _already(session: Session, attempt: Attempt, status: int = 200):
    return _message("already", status, session, attempt=attempt,
                    score=attempts.percent_text(attempt.percent),
                    kind_label=ATTEMPT_KIND_LABELS[attempt.kind],
                    result_ref=_signer("result").dumps([attempt.id, attempt.participant_id]))


@bp.get("/<token>")
def start(token: str):
    session = _session_of(token)
    if session is None:
        return _invalid()
    return _start(session, token, find_person(identity.remembered_person_id()), "test")


def _token_session_key() -> str:
    """The session a test link names, for the rate limit of its identifications."""
    return str(taking.read_test_token((request.view_args or {}).get("token", "")))


@bp.post("/<token>/identify")
@ratelimits.limit_identification(code_key=_token_session_key)
def identify(token: str):
    session = _session_of(token)
    if session is None:
        return _invalid()
    form = ContactForm()
    target = form.target_page()
    if not form.validate_on_submit():
        return _identify_page(session, token, target, form, 400)
    person = find_by_contact(form.contact.data)
    if person is None or not taking.is_participant(session, person.id):
        ratelimits.count_as_miss()
        return _unknown(session, token, target, None)
    return _start(session, token, person, target)


def _read_proof(purpose: str, session: Session, size: int) -> list:
    """The signed proof of the form, for this session, or 400."""
    try:
        proof = _signer(purpose).loads(ProofForm().proof.data or "")
    except BadSignature:
        abort(400)
    if not isinstance(proof, list) or len(proof) != size or proof[0] != session.id:
        abort(400)
    return proof


@bp.post("/<token>/submit")
def submit(token: str):
    session = _session_of(token)
    if session is None:
        return _invalid()
    _session_id, person_id, kind, started = _read_proof("proof", session, 4)
    try:
        kind, started_at = AttemptKind(kind), datetime.fromisoformat(started)
    except (ValueError, TypeError):
        abort(400)
    form = ProofForm()
    if not form.validate_on_submit():
        abort(400)
    person = db.get_or_404(Participant, person_id)
    test = taking.settings(session.id)
    if not taking.is_open(test, kind):
        return _message("closed", 403, session, kind_label=ATTEMPT_KIND_LABELS[kind])
    shown = taking.shown_questions(test, person.id)
    answers = taking.answers_from(shown, request.form)
    missing = taking.unanswered(shown, answers)
    if missing and not request.form.get("confirm_unanswered"):
        return _test_page(session, test, kind, token, person, form, answers, missing)
    try:
        attempt, _score = attempts.record_attempt(session, person.id, kind, answers,
                                                  AttemptMethod.ONLINE, started_at=started_at)
    except attempts.AlreadyTaken as taken:
        if taken.attempt.id in _own_attempts():
            return _already(session, taken.attempt, 409)
        # Whoever sends this may have typed someone else's number: no score, no name.
        return _message("refused", 409, session, kind_label=ATTEMPT_KIND_LABELS[kind])
    db.session.commit()
    response = redirect(url_for(".result", ref=_signer("result").dumps([attempt.id, person.id])))
    return _keep_on_device(identity.remember(response, person.id), attempt.id)


@bp.get("/ok/<ref>")
def result(ref: str):
    """After the pre-test, thanks; after the post-test, both scores and the explanations.
    A redirect leads here, so that reloading records nothing. Only on the phone that sent the
    answers: a copied address shows nothing elsewhere."""
    try:
        attempt_id, person_id = _signer("result").loads(ref)
    except (BadSignature, ValueError, TypeError):
        abort(404)
    if attempt_id not in _own_attempts():
        abort(404)
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or attempt.participant_id != person_id:
        abort(404)
    session = db.session.get(Session, attempt.session_id)
    i18n.use_session_language(session.language)  # for the offers' labels
    test = taking.settings(session.id)
    pre = attempt if attempt.kind == AttemptKind.PRE else attempts.find_attempt(
        session.id, person_id, AttemptKind.PRE)
    post = attempt if attempt.kind == AttemptKind.POST else None
    return render_template(
        "tests/result.html", session=session, attempt=attempt, pre=pre, post=post,
        percent=attempts.percent_text, test=test,
        gain=taking.gain_text(post.percent - pre.percent) if pre and post else None,
        review=taking.review(attempt, test) if post else [],
        offers=[o for o in taking.offers(session, person_id) if o.what == "satisfaction"])


# Satisfaction (évaluation à chaud) -----------------------------------------------------------

def _satisfaction_for(session: Session, test: SessionTest | None, token: str,
                      person: Participant | None):
    if test is None or not test.satisfaction_open:
        return _message("satisfaction-closed", 403, session)
    if person is None:
        return _identify_page(session, token, "satisfaction")
    if not taking.is_participant(session, person.id):
        return _unknown(session, token, "satisfaction", person)
    if (taking.has_answered_satisfaction(session.id, person.id)
            and _opinion_mark(session) in _device_record()):
        return _message("satisfaction-already", 200, session)
    # Anyone else, who may merely have typed this person's number, gets the questionnaire as if
    # nobody had answered: sending it is refused without saying who answered (satisfaction).
    items = taking.satisfaction_items()
    db.session.commit()  # the default questionnaire, created on first use
    form = ProofForm(proof=_signer("opinion").dumps([session.id, person.id]))
    return render_template("tests/satisfaction.html", session=session, token=token,
                           initials=identity.initials(person.first_name, person.last_name),
                           form=form, items=items)


@bp.route("/<token>/satisfaction", methods=["GET", "POST"])
def satisfaction(token: str):
    session = _session_of(token)
    if session is None:
        return _invalid()
    test = taking.settings(session.id)
    if request.method == "GET":
        return _satisfaction_for(session, test, token, find_person(identity.remembered_person_id()))
    _session_id, person_id = _read_proof("opinion", session, 2)
    if not ProofForm().validate_on_submit():
        abort(400)
    person = db.get_or_404(Participant, person_id)
    if test is None or not test.satisfaction_open:
        return _message("satisfaction-closed", 403, session)
    answers = taking.satisfaction_answers(taking.satisfaction_items(), request.form)
    try:
        taking.record_satisfaction(session.id, person.id, answers)
    except taking.AlreadyAnswered:
        return _message("satisfaction-refused", 409, session)
    db.session.commit()
    response = redirect(url_for(".thanks", token=token))
    return _keep_on_device(identity.remember(response, person.id), _opinion_mark(session))


@bp.get("/<token>/merci")
def thanks(token: str):
    session = _session_of(token)
    if session is None:
        return _invalid()
    return _message("satisfaction-thanks", 200, session)
