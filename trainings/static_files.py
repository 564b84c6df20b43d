"""Static files under long caching: their URLs carry a hash of their content (?v=...), computed
once at start-up, and a response to the URL of today's content may be kept for a year. The
site's icon is also served at /favicon.ico, where browsers look for it unasked."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from flask import Flask, Response, request

# A year, the longest a browser honours; `immutable` spares even the revalidation on reload.
CACHED = {"public": True, "max_age": 365 * 24 * 3600, "immutable": True}
FAVICON = "img/favicon.ico"
# /favicon.ico cannot carry a version: kept a day, so that a new icon shows within one.
FAVICON_MAX_AGE = 24 * 3600


def version_of(content: bytes) -> str:
    """The part of a URL that changes when a file's content does."""
    return hashlib.sha256(content).hexdigest()[:12]


def content_versions(folder: str | Path) -> dict[str, str]:
    """version_of() every file under the folder, by its name in a URL ("css/app.css")."""
    root = Path(folder)
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): version_of(path.read_bytes())
            for path in sorted(root.rglob("*")) if path.is_file()}


def is_current(versions: dict[str, str], filename: str, version: str | None) -> bool:
    """Whether a request names a file's content of today: only such a response is immutable."""
    return version is not None and versions.get(filename) == version


def init_app(app: Flask) -> None:
    """url_for('static', filename=...) adds ?v=<version>; the static view caches for a year the
    responses whose ?v= is the file's current version, and leaves the others to revalidate.
    In debug mode, where static files change under a running app, nothing changes."""
    versions = {} if app.debug or not app.static_folder else content_versions(app.static_folder)

    @app.url_defaults
    def add_version(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in versions:
            values.setdefault("v", versions[values["filename"]])

    app.view_functions["static"] = _cached(app.view_functions["static"], versions)
    if app.static_folder and (Path(app.static_folder) / FAVICON).is_file():
        app.add_url_rule("/favicon.ico", "favicon",
                         _favicon((Path(app.static_folder) / FAVICON).read_bytes()))


def _cached(serve: Callable, versions: dict[str, str]) -> Callable:
    def static(filename: str):
        response = serve(filename=filename)
        version = request.args.get("v")
        if response.status_code in (200, 304) and is_current(versions, filename, version):
            response.cache_control.no_cache = None
            for name, value in CACHED.items():
                setattr(response.cache_control, name, value)
        return response

    return static


def _favicon(icon: bytes) -> Callable:
    """The icon the pages link by version, at the address browsers ask without a link: a few
    hundred bytes read once, answered 304 to a browser that has them already."""
    etag = version_of(icon)

    def favicon():
        response = Response(icon, mimetype="image/vnd.microsoft.icon")
        response.set_etag(etag)
        response.cache_control.public = True
        response.cache_control.max_age = FAVICON_MAX_AGE
        return response.make_conditional(request)

    return favicon
