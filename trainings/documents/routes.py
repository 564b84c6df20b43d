"""PDF downloads for staff (sign-in sheet, certificates), and the public page that confirms a
certificate is genuine (no login: the link is printed on the certificate)."""
from __future__ import annotations


from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from trainings.downloads.files import send
from trainings.access import guard_staff_blueprint
from trainings.documents import services
from trainings.extensions import db
from trainings.registry.visibility import sees_contacts
from trainings.schedule.services import get_session

bp = Blueprint("documents", __name__, url_prefix="/sessions")
bp.before_request(guard_staff_blueprint)

public_bp = Blueprint("certificates", __name__, url_prefix="/attestation")


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
    document = services.certificates(session, current_user.id)
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
    try:
        document = services.certificate(session, participant_id, current_user.id)
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
