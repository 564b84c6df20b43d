"""PDF downloads for staff (sign-in sheet, certificates), and the public page that confirms a
certificate is genuine (no login: the link is printed on the certificate)."""
from __future__ import annotations


from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainings.downloads.files import send
from trainings.access import guard_staff_blueprint
from trainings.documents import services
from trainings.documents.forms import CertificateLanguageForm
from trainings.extensions import db
from trainings.registry.visibility import sees_contacts
from trainings.schedule import pages
from trainings.schedule.services import get_session

bp = Blueprint("documents", __name__, url_prefix="/sessions")
bp.before_request(guard_staff_blueprint)

public_bp = Blueprint("certificates", __name__, url_prefix="/attestation")


def _certificate_panel(session, _forms) -> dict:
    """The certificates' language on the session page: the session's default language first."""
    return {"certificate_form": CertificateLanguageForm(
        formdata=None, language=services.certificate_language(session, None))}


pages.add_panel("certificates", pages.Panel("documents/_session_certificates.html",
                                            _certificate_panel, position=5))


def _asked_language() -> tuple[str | None, bool]:
    """The certificates' language from the query (None: the session's default), and whether
    the query was valid."""
    if not request.args.get("language"):
        return None, True
    form = CertificateLanguageForm(request.args)
    if not form.validate():
        flash(_("Langue de l'attestation inconnue : choisissez le français, l'arabe ou "
                "l'anglais."), "error")
        return None, False
    return form.language.data, True


@bp.get("/<int:session_id>/signin-sheet.pdf")
def signin_sheet(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    document = services.signin_sheet(session, current_user.id,
                                     contacts=sees_contacts(current_user.role))
    db.session.commit()
    return send(document)


@bp.get("/<int:session_id>/certificates.pdf")
def certificates(session_id: int):
    session = get_session(session_id, current_user.scope_region)
    language, valid = _asked_language()
    if not valid:
        return redirect(url_for("schedule.detail", session_id=session.id))
    document = services.certificates(session, current_user.id, language)
    if document is None:
        flash(_("Aucune attestation à produire : personne n'a atteint %(threshold)s %% des "
                "demi-journées de la session.", threshold=session.certificate_threshold),
              "info")
        return redirect(url_for("schedule.detail", session_id=session.id))
    db.session.commit()
    return send(document)


@bp.get("/<int:session_id>/participants/<int:participant_id>/certificate.pdf")
def certificate(session_id: int, participant_id: int):
    session = get_session(session_id, current_user.scope_region)
    language, valid = _asked_language()
    if not valid:
        return redirect(url_for("schedule.detail", session_id=session.id))
    try:
        document = services.certificate(session, participant_id, current_user.id, language)
    except services.NotRegistered:
        abort(404)
    except services.NotEligible as refusal:
        flash(_("Pas d'attestation pour %(name)s : présence inférieure à %(threshold)s %% des "
                "demi-journées.", name=refusal.name, threshold=session.certificate_threshold),
              "error")
        return redirect(url_for("schedule.detail", session_id=session.id))
    db.session.commit()
    return send(document)


@public_bp.get("/<token>")
def verify(token: str):
    verification = services.verify(token)
    status = 404 if verification is None else 200 if verification.valid else 410
    # session=None: the check-in layout would otherwise read Flask's cookie session.
    return render_template("certificates/verify.html", verification=verification,
                           session=None), status
