"""Static files: their URLs carry a hash of their content, and the response to such a URL is
cached for a year, so a phone on mobile data loads the style sheet once, not on every page."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask, render_template_string

from trainings import static_files

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
STATIC = Path(__file__).resolve().parent.parent / "static"
YEAR = "max-age=31536000"


def tiny_app(folder: Path) -> Flask:
    app = Flask(__name__, static_folder=str(folder), static_url_path="/static")
    static_files.init_app(app)
    return app


def link(app: Flask, filename: str) -> str:
    with app.test_request_context():
        return render_template_string("{{ url_for('static', filename=name) }}", name=filename)


def test_the_url_changes_when_the_content_does(tmp_path):
    (tmp_path / "css").mkdir()
    sheet = tmp_path / "css" / "app.css"
    sheet.write_text("body{color:#000}")
    before = link(tiny_app(tmp_path), "css/app.css")
    sheet.write_text("body{color:#111}")
    after = link(tiny_app(tmp_path), "css/app.css")
    assert before.startswith("/static/css/app.css?v=")
    assert after.startswith("/static/css/app.css?v=") and after != before
    sheet.write_text("body{color:#000}")
    assert link(tiny_app(tmp_path), "css/app.css") == before


def test_only_a_response_to_the_current_version_is_immutable(tmp_path):
    (tmp_path / "site.js").write_text("console.log(1)")
    app = tiny_app(tmp_path)
    client = app.test_client()
    with client.get(link(app, "site.js")) as current:
        assert current.status_code == 200 and current.get_data(as_text=True) == "console.log(1)"
        assert set(current.headers["Cache-Control"].split(", ")) == {"public", YEAR, "immutable"}
    for stale in ("/static/site.js", "/static/site.js?v=0123456789ab"):
        with client.get(stale) as response:
            assert response.status_code == 200
            assert "immutable" not in response.headers["Cache-Control"]
            assert "no-cache" in response.headers["Cache-Control"]
    assert client.get("/static/missing.js?v=0123456789ab").status_code == 404


def test_the_app_s_pages_link_their_assets_by_version(app, client):
    page = client.get("/login").get_data(as_text=True)
    href = re.search(r'href="(/static/css/app\.css[^"]*)"', page).group(1)
    version = static_files.version_of((STATIC / "css" / "app.css").read_bytes())
    assert href == f"/static/css/app.css?v={version}"
    with client.get(href) as response:
        assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]
        assert YEAR in response.headers["Cache-Control"]


def test_every_template_links_static_files_through_url_for():
    """A hand-written /static/ link would miss the version, and be cached as no-cache."""
    written = [f"{path.relative_to(TEMPLATES)}: {line.strip()}"
               for path in TEMPLATES.rglob("*.html")
               for line in path.read_text().splitlines() if "/static/" in line]
    assert written == []
    assert len(list(TEMPLATES.rglob("*.html"))) > 50


def test_in_debug_mode_a_changed_file_is_not_hidden_behind_a_year_of_cache(tmp_path):
    (tmp_path / "site.css").write_text("a{}")
    app = Flask(__name__, static_folder=str(tmp_path), static_url_path="/static")
    app.debug = True
    static_files.init_app(app)
    assert link(app, "site.css") == "/static/site.css"
    with app.test_client().get("/static/site.css") as response:
        assert "no-cache" in response.headers["Cache-Control"]


# The site's icon ------------------------------------------------------------------------------

def test_the_icon_is_served_where_browsers_look_for_it_without_an_account(app, client):
    icon = (STATIC / "img" / "favicon.ico").read_bytes()
    assert icon.startswith(b"\x00\x00\x01\x00") and len(icon) < 1024  # an ICO, and tiny
    with client.get("/favicon.ico") as response:
        assert response.status_code == 200 and response.data == icon
        assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
        assert set(response.headers["Cache-Control"].split(", ")) == {"public", "max-age=86400"}
        etag = response.headers["ETag"]
    with client.get("/favicon.ico", headers={"If-None-Match": etag}) as again:
        assert again.status_code == 304


@pytest.mark.parametrize("page", ["/login", "/donnees-personnelles"])
def test_pages_link_the_icon_by_version_cached_a_year(client, page):
    """Staff and participant pages: the browser takes the linked icon, once a year, and never
    asks for a missing /favicon.ico."""
    html = client.get(page).get_data(as_text=True)
    href = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    version = static_files.version_of((STATIC / "img" / "favicon.ico").read_bytes())
    assert href == f"/static/img/favicon.ico?v={version}"
    with client.get(href) as response:
        assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]


# Compression: the proxy's (deploy/Caddyfile `encode zstd gzip`), not the application's --------

def test_the_application_sends_static_files_uncompressed_for_the_proxy_to_compress(client):
    """Compressed twice, or compressed here and again by Caddy, a file would cost CPU for
    nothing: the application leaves it to the proxy (tests/test_deploy.py runs it)."""
    with client.get("/static/css/checkin.css", headers={"Accept-Encoding": "gzip, zstd"}) \
            as response:
        assert response.status_code == 200
        assert "Content-Encoding" not in response.headers
        assert response.data == (STATIC / "css" / "checkin.css").read_bytes()
