"""Help pages: the user guide, the method of the knowledge-gain figures and the glossary, read
from docs/ so that the repository and the application say the same thing."""
from __future__ import annotations

import functools
import io
import os

from flask import Blueprint, abort, current_app, render_template, send_file
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from werkzeug.security import safe_join

from trainings.access import guard_staff_blueprint
from trainings.help import pages

bp = Blueprint("help", __name__, url_prefix="/aide")
bp.before_request(guard_staff_blueprint)

# The documents served, in the order of the index: file stem -> what it is for.
DOCUMENTS = {
    "guide-utilisateur": _l("Guide d'utilisation, rôle par rôle"),
    "statistics": _l("Méthode : comment sont calculés les acquis de connaissances"),
    "indicateurs": _l("Indicateurs du rapport d'avancement : définitions et cibles"),
    "glossaire": _l("Glossaire : les mots, les régions et les types d'organisation"),
    "donnees-personnelles": _l("Données personnelles : accès, anonymisation, conservation"),
}


def docs_folder() -> str:
    return os.path.join(current_app.root_path, "..", "docs")


@functools.lru_cache(maxsize=16)
def _rendered(path: str, _modified: float) -> pages.Page:
    with open(path, encoding="utf-8") as document:
        return pages.render(document.read())


def document(stem: str) -> pages.Page:
    """The rendered document, kept until its file changes."""
    if stem not in DOCUMENTS:
        abort(404)
    path = os.path.join(docs_folder(), f"{stem}.md")
    try:
        return _rendered(path, os.path.getmtime(path))
    except FileNotFoundError:
        abort(404)


@bp.get("/")
def index():
    return render_template("help/index.html", documents=DOCUMENTS)


@bp.get("/<stem>")
def page(stem: str):
    rendered = document(stem)
    return render_template("help/page.html", title=rendered.title, html=Markup(rendered.html))


@bp.get("/img/<name>")
def image(name: str):
    """A picture of the guide. Read whole (a few hundred KB at most) rather than streamed, so
    that no file stays open behind a response that a client never reads to the end."""
    path = safe_join(os.path.join(docs_folder(), "img"), name)
    if path is None or not name.endswith(".png") or not os.path.isfile(path):
        abort(404)
    with open(path, "rb") as picture:
        return send_file(io.BytesIO(picture.read()), mimetype="image/png", max_age=3600)
