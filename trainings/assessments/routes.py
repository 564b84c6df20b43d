"""Staff pages of tests: the question bank of a training (and its Excel sheet), the test settings
of a session and what is open, results and resets, paper tests, the satisfaction questionnaire."""
from __future__ import annotations

import io

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainings.access import catalogue_editors as bank_editors
from trainings.access import editors as session_editors
from trainings.access import guard_staff_blueprint
from trainings.assessments import attempts, paper, question_bank, satisfaction, session_tests
from trainings.assessments import merging  # noqa: F401  (declares tests to merges of people)
# The view results() below takes the module's name.
from trainings.assessments import results as test_results
from trainings.assessments.forms import (
    QuestionForm, ResetAttemptForm, SatisfactionItemForm, SessionTestForm, UploadForm,
    paper_answers, paper_attempt_form,
)
from trainings.assessments.models import (
    ATTEMPT_KIND_LABELS, QUESTION_KIND_LABELS, AttemptKind, AttemptMethod, Question,
    SatisfactionItem,
)
from trainings.assessments.question_rules import letter
from trainings.assessments.translated import in_language
from trainings.catalogue import usage
from trainings.catalogue.services import get_training
from trainings.downloads.files import send
from trainings.extensions import db
from trainings.i18n import current_language
from trainings.schedule import pages
from trainings.schedule.models import Session
from trainings.schedule.services import get_session

bp = Blueprint("assessments", __name__)
bp.before_request(guard_staff_blueprint)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEST_STATES = {"pre": session_tests.OpenState.PRE, "post": session_tests.OpenState.POST,
               "closed": session_tests.OpenState.CLOSED}

# The catalogue's page of a training shows the size of its question bank, and the session
# page the tests' state and links: both belong to features below assessments.
usage.add_counter(usage.QUESTIONS, question_bank.bank_sizes)
pages.add_panel("tests", pages.Panel(
    "assessments/_session_tests.html",
    lambda session, _forms: {"test_panel": session_tests.tests_panel(session)}, position=10))


@bp.app_template_filter()
def score_percent(value: float | None) -> str:
    return attempts.percent_text(value)


@bp.app_template_filter()
def question_points(value) -> str:
    return attempts.points_text(value)


def translated(item, field: str = "text") -> str:
    """A question's, choice's or satisfaction item's text in the page's language, else in
    French (read when the template shows it: the session's default language is known then)."""
    return in_language(item, current_language(), field)


@bp.app_context_processor
def labels() -> dict:
    return {"QUESTION_KIND_LABELS": QUESTION_KIND_LABELS,
            "ATTEMPT_KIND_LABELS": ATTEMPT_KIND_LABELS, "choice_letter": letter,
            "translated": translated}


def _kind_arg() -> AttemptKind:
    try:
        return AttemptKind(request.args.get("kind", AttemptKind.PRE.value))
    except ValueError:
        abort(400)


# The question bank --------------------------------------------------------------------------

@bp.get("/trainings/<int:training_id>/questions")
def questions(training_id: int):
    return render_questions(get_training(training_id))


def render_questions(training, status: int = 200, upload_form: UploadForm | None = None,
                     import_result: question_bank.ImportResult | None = None):
    bank = question_bank.bank(training.id)
    return render_template(
        "assessments/questions.html", training=training, questions=bank,
        answered=question_bank.answered_ids(q.id for q in bank),
        upload_form=upload_form or UploadForm(), import_result=import_result), status


def _save_question(training, question: Question, form: QuestionForm, answered: bool = False):
    """Save the question; one with answers only gets its translations changed."""
    if form.validate_on_submit():
        if not answered:
            question_bank.save_question(training.id, question, form.clean)
        elif not question_bank.save_translations(question, form.clean):
            return _refuse_answered(training)
        db.session.commit()
        flash(_("Question enregistrée."), "success")
        return redirect(url_for(".questions", training_id=training.id,
                                _anchor=f"question-{question.id}"))
    problems = [question_bank.problem_message(p) for p in form.problems]
    return render_template("assessments/question_form.html", training=training,
                           question=question if question.id else None, form=form,
                           problems=problems, answered=answered
                           ), 400 if form.is_submitted() else 200


def _refuse_answered(training):
    flash(_("Cette question a déjà des réponses : créez-en une nouvelle plutôt que de la "
            "modifier."), "error")
    return redirect(url_for(".questions", training_id=training.id))


@bp.route("/trainings/<int:training_id>/questions/new", methods=["GET", "POST"])
@bank_editors
def create_question(training_id: int):
    return _save_question(get_training(training_id), Question(), QuestionForm())


@bp.route("/trainings/<int:training_id>/questions/<int:question_id>/edit",
          methods=["GET", "POST"])
@bank_editors
def edit_question(training_id: int, question_id: int):
    training = get_training(training_id)
    question = question_bank.get_question(training.id, question_id)
    form = QuestionForm()
    if not form.is_submitted():
        form.fill(question)
    return _save_question(training, question, form, question_bank.is_answered(question))


@bp.post("/trainings/<int:training_id>/questions/<int:question_id>/delete")
@bank_editors
def delete_question(training_id: int, question_id: int):
    training = get_training(training_id)
    question = question_bank.get_question(training.id, question_id)
    if question_bank.is_answered(question):
        flash(_("Cette question a déjà des réponses : elle ne peut pas être supprimée."),
              "error")
        return redirect(url_for(".questions", training_id=training.id))
    question_bank.delete_question(question)
    db.session.commit()
    flash(_("Question supprimée."), "success")
    return redirect(url_for(".questions", training_id=training.id))


@bp.get("/trainings/<int:training_id>/questions.xlsx")
def export_questions(training_id: int):
    training = get_training(training_id)
    return send_file(io.BytesIO(question_bank.bank_workbook(training.id)), mimetype=XLSX_MIMETYPE,
                     as_attachment=True, download_name=f"questions-formation-{training.id}.xlsx")


@bp.post("/trainings/<int:training_id>/questions/import")
@bank_editors
def import_questions(training_id: int):
    training = get_training(training_id)
    form = UploadForm()
    if not form.validate_on_submit():
        return render_questions(training, 400, upload_form=form)
    result = question_bank.import_bank(training.id, form.file.data.read(), current_user.id)
    if not result.ok:
        return render_questions(training, 400, upload_form=form, import_result=result)
    db.session.commit()
    flash(_("%(n)s question(s) ajoutée(s) à la banque.", n=result.created), "success")
    return redirect(url_for(".questions", training_id=training.id))


# The test of a session ----------------------------------------------------------------------

@bp.route("/sessions/<int:session_id>/test", methods=["GET", "POST"])
@session_editors
def edit_test(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    settings = session_tests.tests_settings(session)
    form = SessionTestForm()
    form.question_ids.choices = [
        (q.id, _("%(text)s (%(kind)s, %(points)s)", text=q.text,
                 kind=QUESTION_KIND_LABELS[q.kind], points=attempts.points_text(q.points))
         + (_(" — déjà des réponses") if q.id in settings.answered else "")
         + (_(" — sans texte en arabe") if q.id in settings.untranslated
            and session.language == "ar" else "")
         + (_(" — sans texte en anglais") if q.id in settings.untranslated
            and session.language == "en" else ""))
        for q in settings.bank]
    if not form.is_submitted():
        form.question_ids.data = sorted(settings.selected)
        form.pass_mark.data = settings.pass_mark
        form.shuffle.data = settings.shuffle
    if form.validate_on_submit():
        refused = session_tests.save_test_settings(session, form.question_ids.data,
                                                   form.pass_mark.data, form.shuffle.data)
        if not refused:
            db.session.commit()
            flash(_("Paramètres du test enregistrés."), "success")
            return redirect(url_for("schedule.detail", session_id=session.id, _anchor="tests"))
        form.question_ids.errors.append(_(
            "Ces questions ont déjà des réponses à cette session et restent dans le test : "
            "%(questions)s.", questions=" ; ".join(f"« {q.text} »" for q in refused)))
    return render_template("assessments/test_form.html", session=session, form=form,
                           settings=settings), 400 if form.errors else 200


@bp.post("/sessions/<int:session_id>/test/open")
@session_editors
def open_test(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    state = TEST_STATES.get(request.form.get("state", ""))
    if state is None:
        abort(400)
    if session_tests.open_test(session, state) is None:
        flash(_("Ce test n'a aucune question : écrivez-en dans la banque de la formation, puis "
                "choisissez-les dans les paramètres du test."), "error")
        return redirect(url_for("schedule.detail", session_id=session.id, _anchor="tests"))
    db.session.commit()
    flash({session_tests.OpenState.PRE: _("Pré-test ouvert."),
           session_tests.OpenState.POST: _("Post-test ouvert ; le pré-test est fermé."),
           session_tests.OpenState.CLOSED: _("Tests fermés.")}[state], "success")
    return redirect(url_for("schedule.detail", session_id=session.id, _anchor="tests"))


@bp.post("/sessions/<int:session_id>/satisfaction/open")
@session_editors
def open_satisfaction(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    state = request.form.get("state")
    if state not in ("open", "closed"):
        abort(400)
    session_tests.open_satisfaction(session, state == "open")
    db.session.commit()
    flash(_("Questionnaire de satisfaction ouvert.") if state == "open"
          else _("Questionnaire de satisfaction fermé."), "success")
    return redirect(url_for("schedule.detail", session_id=session.id, _anchor="tests"))


# Results and resets -------------------------------------------------------------------------

@bp.get("/sessions/<int:session_id>/results")
def results(session_id: int):
    return render_results(get_session(session_id, current_user.scope_region))


def render_results(session: Session, status: int = 200, upload_forms: dict | None = None,
                   import_kind: AttemptKind | None = None,
                   import_result: paper.PaperImportResult | None = None):
    forms = {kind: UploadForm(prefix=kind.value) for kind in AttemptKind} | (upload_forms or {})
    return render_template(
        "assessments/results.html", session=session, results=test_results.session_results(session),
        upload_forms=forms, import_kind=import_kind, import_result=import_result,
        reset_form=ResetAttemptForm(), AttemptMethod=AttemptMethod), status


@bp.post("/sessions/<int:session_id>/attempts/<int:attempt_id>/reset")
@session_editors
def reset_attempt(session_id: int, attempt_id: int):
    session = get_session(session_id, current_user.scope_region)
    attempt = test_results.get_attempt(session, attempt_id)
    form = ResetAttemptForm()
    if not form.validate_on_submit():
        errors = " ".join(str(e) for e in form.reason.errors) or _("Formulaire invalide.")
        flash(_("Réinitialisation refusée : %(error)s", error=errors), "error")
        return redirect(url_for(".results", session_id=session.id))
    name, kind = attempt.participant.full_name, attempt.kind
    test_results.reset_attempt(attempt, form.reason.data, current_user.id)
    db.session.commit()
    flash(_("%(test)s de %(name)s réinitialisé : la personne peut le repasser.",
            test=ATTEMPT_KIND_LABELS[kind], name=name), "success")
    return redirect(url_for(".results", session_id=session.id))


# Paper tests --------------------------------------------------------------------------------

@bp.route("/sessions/<int:session_id>/participants/<int:participant_id>/paper-test",
          methods=["GET", "POST"])
@session_editors
def edit_paper_attempt(session_id: int, participant_id: int):
    session = get_session(session_id, current_user.scope_region)
    person = paper.registered_participant(session, participant_id)
    kind = _kind_arg()
    questions = attempts.test_questions(attempts.session_test(session))
    existing = attempts.find_attempt(session.id, person.id, kind)
    form = paper_attempt_form(questions)
    if questions and form.validate_on_submit():
        try:
            attempt, _score = attempts.record_attempt(
                session, person.id, kind, paper_answers(form, questions), AttemptMethod.PAPER,
                recorded_by_id=current_user.id)
        except attempts.AlreadyTaken as taken:
            flash(_("%(name)s a déjà un %(test)s (%(percent)s) : rien n'a été enregistré. "
                    "Réinitialisez-le depuis les résultats pour le saisir à nouveau.",
                    name=person.full_name, test=str(ATTEMPT_KIND_LABELS[kind]).lower(),
                    percent=attempts.percent_text(taken.attempt.percent)), "error")
            return redirect(url_for(".results", session_id=session.id))
        db.session.commit()
        flash(_("%(test)s papier de %(name)s enregistré : %(percent)s.",
                test=ATTEMPT_KIND_LABELS[kind], name=person.full_name,
                percent=attempts.percent_text(attempt.percent)), "success")
        return redirect(url_for(".results", session_id=session.id))
    return render_template("assessments/paper_form.html", session=session, person=person,
                           kind=kind, form=form, questions=questions,
                           existing=existing), 400 if form.errors else 200


@bp.get("/sessions/<int:session_id>/paper-tests.xlsx")
def paper_template(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    kind = _kind_arg()
    download = paper.paper_template_download(session, kind, current_user.id)
    db.session.commit()
    return send(download)


@bp.post("/sessions/<int:session_id>/paper-tests/import")
@session_editors
def import_paper_tests(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    kind = _kind_arg()
    form = UploadForm(prefix=kind.value)
    if not form.validate_on_submit():
        return render_results(session, 400, upload_forms={kind: form}, import_kind=kind)
    result = paper.import_paper_answers(session, kind, form.file.data.read(),
                                        current_user.id)
    if not result.ok:
        db.session.rollback()
        return render_results(session, 400, upload_forms={kind: form}, import_kind=kind,
                              import_result=result)
    db.session.commit()
    flash(_("%(n)s %(test)s(s) papier enregistré(s).", n=result.recorded,
            test=str(ATTEMPT_KIND_LABELS[kind]).lower()), "success")
    if result.blank_rows:
        flash(_("Lignes sans réponse, ignorées : %(rows)s.",
                rows=", ".join(str(n) for n in result.blank_rows)), "info")
    return redirect(url_for(".results", session_id=session.id))


# Satisfaction questionnaire -----------------------------------------------------------------

@bp.get("/satisfaction/items")
def satisfaction_items():
    if satisfaction.ensure_default_satisfaction_items():
        db.session.commit()
    return render_template("assessments/satisfaction_items.html",
                           items=satisfaction.satisfaction_items())


@bp.route("/satisfaction/items/new", methods=["GET", "POST"])
@bank_editors
def create_satisfaction_item():
    form = SatisfactionItemForm()
    if form.validate_on_submit():
        satisfaction.save_satisfaction_item(SatisfactionItem(), form.text.data, form.kind.data,
                                            form.active.data, form.text_ar.data,
                                            form.text_en.data)
        db.session.commit()
        flash(_("Question de satisfaction ajoutée."), "success")
        return redirect(url_for(".satisfaction_items"))
    return render_template("assessments/satisfaction_item_form.html", form=form, item=None)


@bp.route("/satisfaction/items/<int:item_id>/edit", methods=["GET", "POST"])
@bank_editors
def edit_satisfaction_item(item_id: int):
    item = satisfaction.get_satisfaction_item(item_id)
    form = SatisfactionItemForm(obj=item)
    del form.kind  # the kind of an item is fixed: its answers are read by it
    if form.validate_on_submit():
        satisfaction.save_satisfaction_item(item, form.text.data, active=form.active.data,
                                            text_ar=form.text_ar.data, text_en=form.text_en.data)
        db.session.commit()
        flash(_("Question de satisfaction enregistrée."), "success")
        return redirect(url_for(".satisfaction_items"))
    return render_template("assessments/satisfaction_item_form.html", form=form, item=item)


@bp.post("/satisfaction/items/<int:item_id>/move")
@bank_editors
def move_satisfaction_item(item_id: int):
    item = satisfaction.get_satisfaction_item(item_id)
    step = {"up": -1, "down": 1}.get(request.form.get("direction", ""))
    if step is None:
        abort(400)
    satisfaction.move_satisfaction_item(item, step)
    db.session.commit()
    return redirect(url_for(".satisfaction_items", _anchor=f"item-{item.id}"))


@bp.post("/satisfaction/items/<int:item_id>/toggle")
@bank_editors
def toggle_satisfaction_item(item_id: int):
    item = satisfaction.get_satisfaction_item(item_id)
    satisfaction.save_satisfaction_item(item, item.text, active=not item.active,
                                        text_ar=item.text_ar, text_en=item.text_en)
    db.session.commit()
    flash(_("Question réactivée.") if item.active else _("Question désactivée."), "success")
    return redirect(url_for(".satisfaction_items"))
