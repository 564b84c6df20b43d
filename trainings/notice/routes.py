"""The notice « Vos données personnelles », linked from the footer of every participant page:
the current wording, and every earlier one by its version, for staff checking what a person
was given. No account, no database, no script."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template
from flask_babel import lazy_gettext as _l

from trainings.notice import notices

bp = Blueprint("notice", __name__, url_prefix="/donnees-personnelles")

# Who is responsible and whom to ask, when the deployment names nobody (PRIVACY_CONTROLLER,
# PRIVACY_CONTACT): in the reader's language.
DEFAULT_CONTROLLER = _l("l'équipe du programme d'appui à la régionalisation de la politique "
                        "migratoire")
DEFAULT_CONTACT = _l("la formatrice ou le formateur de votre session, ou le bureau régional du "
                     "programme")


def _render(notice: notices.NoticeVersion):
    config = current_app.config
    return render_template("notice/notice.html", notice=notice,
                           is_current=notice.version == notices.CURRENT_VERSION,
                           current_version=notices.CURRENT_VERSION,
                           controller=config["PRIVACY_CONTROLLER"] or DEFAULT_CONTROLLER,
                           contact=config["PRIVACY_CONTACT"] or DEFAULT_CONTACT,
                           retention_months=config["RETENTION_MONTHS"])


@bp.get("")
def notice():
    return _render(notices.current())


@bp.get("/<version>")
def notice_version(version: str):
    notice = notices.get(version)
    if notice is None:
        abort(404)
    return _render(notice)
