"""Registry pages: organisations, participants, and registrations to a session (one by one or
from an Excel roster)."""
from __future__ import annotations

import io
from collections.abc import Mapping

from flask import (
    Blueprint, abort, flash, redirect, render_template, request, send_file, url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from trainings.access import check_region, editors, guard_staff_blueprint
from trainings.extensions import db
from trainings.forms_common import region_choices
from trainings.registry import merge, services, visibility
from trainings.registry.forms import (
    MergeForm, OrganizationFilterForm, OrganizationForm, ParticipantFilterForm,
    ParticipantForm, RegistrationSearchForm, RosterUploadForm,
)
from trainings.notice.notices import LegalBasis
from trainings.registry.models import Organization, Participant
from trainings.schedule import pages, services as schedule_services
from trainings.schedule.models import Session

bp = Blueprint("registry", __name__)
bp.before_request(guard_staff_blueprint)

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _session_registrations(session: Session, forms: Mapping[str, object]) -> dict:
    """The session page's registrations: who, people to add (searched by ?q=), the roster
    import with the errors of a file just posted."""
    search_form = RegistrationSearchForm(request.args)
    query = search_form.q.data if search_form.validate() else ""
    roster_form = forms.get("roster_form") or RosterUploadForm()
    roster_result = forms.get("roster_result")
    if not (roster_result and roster_result.duplicates):
        del roster_form.duplicates_confirmed  # asked only about a file that names some
    return {"registrations": services.session_registrations(session), "search_form": search_form,
            "candidates": services.registration_candidates(session, query,
                                                           current_user.scope_region),
            "roster_form": roster_form, "roster_result": roster_result}


pages.add_panel("registrations", pages.Panel("registry/_session_registrations.html",
                                             _session_registrations, position=20))


def _filters(form_class) -> tuple:
    """The GET filter form of a list and its valid values (invalid ones are ignored)."""
    form = form_class(request.args)
    form.region.choices = [("", _("Toutes"))] + region_choices(current_user.scope_region)
    if request.args and not form.validate():
        flash(_("Certains filtres sont invalides et ont été ignorés."), "error")
    values = {field.name: (field.data or None) if not field.errors else None for field in form}
    values["q"] = values["q"] or ""
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    return form, values, args


# Organisations ------------------------------------------------------------------------------

@bp.get("/organizations/")
def organizations():
    form, values, args = _filters(OrganizationFilterForm)
    page = db.paginate(services.filtered_organizations(**values, scope=current_user.scope_region),
                       per_page=50, error_out=False)
    return render_template("registry/organizations.html", form=form, page=page, args=args,
                           counts=services.participant_counts(page.items))


def _organization_form(organization: Organization | None = None) -> OrganizationForm:
    form = OrganizationForm(obj=organization) if organization else OrganizationForm()
    scope = current_user.scope_region
    form.region.choices = region_choices(scope)
    form.province.restrict([scope] if scope else None)
    return form


def _save_organization(form: OrganizationForm, organization: Organization):
    check_region(form.region.data, current_user.scope_region)
    if services.organization_name_taken(form.name.data, form.region.data, organization.id):
        form.name.errors.append(_("Une organisation porte déjà ce nom dans cette région."))
        return None
    services.save_organization(organization, form.data)
    db.session.commit()
    flash(_("Organisation enregistrée."), "success")
    return redirect(url_for("registry.organizations"))


@bp.route("/organizations/new", methods=["GET", "POST"])
@editors
def create_organization():
    form = _organization_form()
    if form.validate_on_submit() and (response := _save_organization(form, Organization())):
        return response
    return render_template("registry/organization_form.html", form=form, organization=None)


@bp.route("/organizations/<int:organization_id>/edit", methods=["GET", "POST"])
@editors
def edit_organization(organization_id: int):
    organization = services.get_organization(organization_id, current_user.scope_region)
    form = _organization_form(organization)
    if form.validate_on_submit() and (response := _save_organization(form, organization)):
        return response
    return render_template("registry/organization_form.html", form=form,
                           organization=organization)


@bp.post("/organizations/<int:organization_id>/delete")
def delete_organization(organization_id: int):
    organization = services.get_organization(organization_id, current_user.scope_region)
    if services.organization_has_participants(organization):
        flash(_("Des participant·e·s sont rattaché·e·s à cette organisation : elle ne peut pas "
                "être supprimée."), "error")
        return redirect(url_for("registry.edit_organization", organization_id=organization.id))
    services.delete_organization(organization)
    db.session.commit()
    flash(_("Organisation supprimée."), "success")
    return redirect(url_for("registry.organizations"))


# Participants -------------------------------------------------------------------------------

@bp.get("/participants/")
def participants():
    form, values, args = _filters(ParticipantFilterForm)
    filters = services.ParticipantFilters(**values)
    page = db.paginate(services.filtered_participants(
        filters, current_user.scope_region, visibility.sees_contacts(current_user.role)),
        per_page=50, error_out=False)
    return render_template("registry/participants.html", form=form, page=page, args=args)


@bp.get("/participants/<int:participant_id>")
def participant(participant_id: int):
    person = services.get_participant(participant_id, current_user.scope_region)
    return render_template("registry/participant.html", person=person,
                           registrations=services.participant_registrations(
                               person, current_user.scope_region),
                           merges=services.merge_history(person),
                           may_delete=visibility.may_delete(person, current_user.role,
                                                            current_user.scope_region))


def _participant_form(person: Participant | None = None,
                      session: Session | None = None) -> ParticipantForm:
    form = ParticipantForm(obj=person) if person else ParticipantForm()
    form.organization_id.choices = [("", _("— Aucune —"))] + services.organization_choices(
        current_user.scope_region, person.organization if person else None)
    if current_user.scope_region:
        del form.region  # a coordinator records people of their own region
    else:
        form.region.choices = [("", _("—"))] + region_choices(None)
        if session and not form.is_submitted():
            form.region.data = session.region
    if person and not form.is_submitted():
        form.sex.data = person.sex.value if person.sex else services.SEX_UNKNOWN
        form.informed.data = person.informed_on is not None
        form.informed_on.data = person.informed_on or form.informed_on.data
    if person and person.legal_basis is LegalBasis.CONSENT:
        del form.informed, form.informed_on  # they agreed on their own phone
    return form


def _save_participant(form: ParticipantForm, person: Participant, session: Session | None,
                      ) -> tuple[object | None, list[services.Duplicate]]:
    """Save the form and redirect; or (None, the people it may duplicate) with its errors. A
    phone or e-mail already recorded is refused; a new person with the name of someone of the
    same organisation is recorded once staff have confirmed it is someone else."""
    scope = current_user.scope_region
    duplicates = services.probable_duplicates(form.data, scope, person.id)
    refusals = services.contact_refusals(form.email.data, form.phone.data, person.id, scope)
    for name, message in refusals.items():
        form[name].errors.append(message)
    if refusals:
        return None, duplicates
    if person.id is None and duplicates and not form.not_a_duplicate.data:
        return None, duplicates
    services.save_participant(person, form.data, form.sex_value, current_user.scope_region,
                              form.informed_day)
    if session:
        services.register(session, person)
    db.session.commit()
    if session:
        flash(_("%(name)s est enregistré·e et inscrit·e à la session.", name=person.full_name),
              "success")
        return redirect(url_for("schedule.detail", session_id=session.id,
                                _anchor="registrations")), []
    flash(_("Fiche enregistrée."), "success")
    return redirect(url_for("registry.participant", participant_id=person.id)), []


def _render_participant_form(form: ParticipantForm, person: Participant | None,
                             session: Session | None, duplicates: list[services.Duplicate]):
    if person is not None or not duplicates:
        del form.not_a_duplicate  # asked only when a new fiche resembles a recorded one
    return render_template("registry/participant_form.html", form=form, person=person,
                           session=session, duplicates=duplicates)


@bp.route("/participants/new", methods=["GET", "POST"])
@editors
def create_participant():
    session_id = request.args.get("session", type=int)
    session = (schedule_services.get_session(session_id, current_user.scope_region)
               if session_id else None)
    form = _participant_form(session=session)
    duplicates = []
    if form.validate_on_submit():
        response, duplicates = _save_participant(form, Participant(), session)
        if response:
            return response
    return _render_participant_form(form, None, session, duplicates)


def _refuse_anonymised(*people: Participant | None):
    """An anonymised record is changed by no one and merged with nothing: a message on the
    person's page instead; None when none of them is anonymised."""
    erased = next((p for p in people if p is not None and p.erased_at is not None), None)
    if erased is None:
        return None
    flash(_("Cette fiche est anonymisée : elle ne peut plus être modifiée ni fusionnée."),
          "error")
    return redirect(url_for("registry.participant", participant_id=people[0].id))


@bp.route("/participants/<int:participant_id>/edit", methods=["GET", "POST"])
@editors
def edit_participant(participant_id: int):
    person = services.get_participant(participant_id, current_user.scope_region)
    if refused := _refuse_anonymised(person):
        return refused
    form = _participant_form(person)
    duplicates = []
    if form.validate_on_submit():
        response, duplicates = _save_participant(form, person, None)
        if response:
            return response
    return _render_participant_form(form, person, None, duplicates)


@bp.post("/participants/<int:participant_id>/delete")
def delete_participant(participant_id: int):
    person = services.get_participant(participant_id, current_user.scope_region)
    if not visibility.may_delete(person, current_user.role, current_user.scope_region):
        flash(_("Cette fiche ne peut être supprimée que par une experte ou un·e "
                "administrateur·trice : la personne est aussi inscrite à des sessions d'une autre "
                "région."), "error")
        return redirect(url_for("registry.participant", participant_id=person.id))
    services.delete_participant(person)
    db.session.commit()
    flash(_("Fiche supprimée, avec ses inscriptions."), "success")
    return redirect(url_for("registry.participants"))


# Merging two records of one person ---------------------------------------------------------

def _keep_choices(person: Participant, other: Participant) -> list[tuple[str, str]]:
    """Which of the two records may be kept: either, since a merge loses nothing (the removed
    record's registrations, check-ins and tests move to the kept one) and whoever reaches both
    records may change them (visibility.may_change)."""
    return [(value, _("Conserver %(name)s (fiche n° %(id)s)", name=kept.full_name, id=kept.id))
            for value, kept in (("this", person), ("other", other))]


def _merge_page(person: Participant, other: Participant | None = None,
                form: MergeForm | None = None, reasons: list[str] | None = None,
                status: int = 200):
    """Choosing the other record (probable duplicates, a search), then comparing the two."""
    scope = current_user.scope_region
    context: dict = {"person": person, "other": other}
    if other is None:
        search_form = RegistrationSearchForm(request.args)
        query = search_form.q.data if search_form.validate() else ""
        duplicates = services.probable_duplicates(services.person_fields(person), scope,
                                                  person.id)
        context.update(search_form=search_form,
                       duplicates=[d for d in duplicates if d.visible],
                       candidates=services.merge_candidates(person, query, scope))
    else:
        form = form or MergeForm(other=str(other.id))
        form.keep.choices = _keep_choices(person, other)
        context.update(form=form, labels=merge.labels(),
                       reasons=merge.conflicts(person, other) if reasons is None else reasons,
                       counts=merge.row_counts([person, other]))
    return render_template("registry/merge.html", **context), status


@bp.get("/participants/<int:participant_id>/merge")
@editors
def new_merge(participant_id: int):
    person = services.get_participant(participant_id, current_user.scope_region)
    other_id = request.args.get("other", type=int)
    other = services.get_participant(other_id, current_user.scope_region) if other_id else None
    if refused := _refuse_anonymised(person, other):
        return refused
    return _merge_page(person, other)


def _merged_message(log, removed_name: str) -> str:
    labels = merge.labels()
    moved = ", ".join(f"{n} {labels[table]}" for table, n in merge.moved_counts(log).items()
                      if table in labels)
    return _("Fiches fusionnées : la fiche n° %(id)s (%(name)s) est supprimée ; repris : "
             "%(moved)s.", id=log.removed_id, name=removed_name, moved=moved or _("rien"))


@bp.post("/participants/<int:participant_id>/merge")
@editors
def merge_participants(participant_id: int):
    scope = current_user.scope_region
    person = services.get_participant(participant_id, scope)
    form = MergeForm()
    other_id = form.other_id()
    if other_id is None:
        abort(400)
    other = services.get_participant(other_id, scope)
    if refused := _refuse_anonymised(person, other):
        return refused
    form.keep.choices = _keep_choices(person, other)
    if not form.validate_on_submit():
        return _merge_page(person, other, form, status=400)
    kept, removed = (person, other) if form.keep.data == "this" else (other, person)
    kept_id, removed_name = kept.id, removed.full_name
    try:
        log = merge.merge(kept, removed, current_user.id)
    except merge.MergeRefused as refused:
        return _merge_page(person, other, form, refused.reasons, 409)
    message = _merged_message(log, removed_name)
    db.session.commit()
    flash(message, "success")
    return redirect(url_for("registry.participant", participant_id=kept_id))


# Registrations to a session -----------------------------------------------------------------

def _back_to_session(session: Session):
    return redirect(url_for("schedule.detail", session_id=session.id,
                            q=request.args.get("q") or None, _anchor="registrations"))


@bp.post("/sessions/<int:session_id>/participants/<int:participant_id>/register")
def register(session_id: int, participant_id: int):
    session = schedule_services.get_session(session_id, current_user.scope_region)
    person = services.get_participant(participant_id, current_user.scope_region)
    if services.register(session, person) is None:
        flash(_("%(name)s est déjà inscrit·e à cette session.", name=person.full_name), "error")
    else:
        db.session.commit()
        flash(_("%(name)s est inscrit·e.", name=person.full_name), "success")
    return _back_to_session(session)


@bp.post("/sessions/<int:session_id>/registrations/<int:registration_id>/delete")
def unregister(session_id: int, registration_id: int):
    session = schedule_services.get_session(session_id, current_user.scope_region)
    registration = services.get_registration(session, registration_id)
    name = registration.participant.full_name
    services.unregister(registration)
    db.session.commit()
    flash(_("%(name)s est retiré·e de la session.", name=name), "success")
    return _back_to_session(session)


@bp.get("/participants/roster-template.xlsx")
def roster_template():
    return send_file(io.BytesIO(services.roster_template()), mimetype=XLSX_MIMETYPE,
                     as_attachment=True, download_name="modele-inscriptions.xlsx")


@bp.post("/sessions/<int:session_id>/registrations/import")
def import_roster(session_id: int):
    session = schedule_services.get_session(session_id, current_user.scope_region)
    form = RosterUploadForm()
    if not form.validate_on_submit():
        return pages.render_detail(session, 400, roster_form=form)
    result = services.import_roster(session, form.file.data.read(),
                                    duplicates_confirmed=form.duplicates_confirmed.data,
                                    informed_on=form.informed_day,
                                    scope=current_user.scope_region, user_id=current_user.id)
    if not result.ok:  # faulty rows (400), or probable duplicates to confirm
        return pages.render_detail(session, 400 if result.errors or result.file_error else 200,
                                   roster_form=form, roster_result=result)
    db.session.commit()
    flash(_("Import terminé : %(registered)s inscription(s), dont %(created)s nouvelle(s) "
            "fiche(s) ; %(organizations)s organisation(s) créée(s).",
            registered=result.registered, created=result.created,
            organizations=result.organizations_created), "success")
    if result.already_registered:
        flash(_("Déjà inscrit·e·s, lignes ignorées : %(rows)s.",
                rows=", ".join(str(n) for n in result.already_registered)), "info")
    if result.duplicates:
        flash(_("Fiches créées malgré un nom déjà présent dans la même organisation, lignes "
                "%(rows)s : si ce sont les mêmes personnes, fusionnez leurs fiches.",
                rows=", ".join(str(error.row) for error in result.duplicates)), "info")
    return redirect(url_for("schedule.detail", session_id=session.id, _anchor="registrations"))
