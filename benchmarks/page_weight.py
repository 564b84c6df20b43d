"""B2: the weight of the participant's check-in pages on a phone: the bytes of each page and of
everything it loads (stylesheets, scripts, images, icons, fonts, and what the stylesheets load),
the number of requests, and the requests to other hosts.

Walked through as a phone does, with the application's real configuration (CSRF on): the page a
scan opens, the confirmation page of a known person, the form of a newcomer and the final page.
Budget: ≤ 30 KB per page with everything it loads, no other host.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import sqlalchemy as sa

from benchmarks.database import bench_app
from benchmarks.measure import Line, hidden_field
from benchmarks.synthetic import ROOM_SESSION_TITLE, named_session_id
from trainings.attendance.models import CheckIn
from trainings.extensions import db
from trainings.phone import links
from trainings.registry.models import Participant, Registration
from trainings.schedule.models import HalfDay

BUDGET_BYTES = 30 * 1024
BASE = "http://localhost/"
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


class _Resources(HTMLParser):
    """The URLs a page makes the browser load."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = (attrs.get("rel") or "").lower().split()
        if tag == "link" and attrs.get("href") and set(rel) & {
                "stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "manifest",
                "modulepreload"}:
            self.urls.append(attrs["href"])
        elif tag in ("script", "img", "iframe", "audio", "video", "source", "embed") \
                and attrs.get("src"):
            self.urls.append(attrs["src"])
        if attrs.get("srcset"):
            self.urls += [part.split()[0] for part in attrs["srcset"].split(",") if part.strip()]
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])
        if attrs.get("style"):
            self.inline_css.append(attrs["style"])
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.inline_css.append(data)


def _css_urls(css: str) -> list[str]:
    return [a or b for a, b in _CSS_URL.findall(css) if not (a or b).startswith("data:")]


@dataclass
class PageWeight:
    name: str
    status: int
    page_bytes: int
    total_bytes: int = 0
    requests: int = 1
    other_hosts: list[str] = field(default_factory=list)
    resources: dict[str, int] = field(default_factory=dict)


def weigh(client, name: str, response) -> PageWeight:
    """The page's bytes and those of everything it loads, fetched from the application."""
    html = response.get_data()
    result = PageWeight(name, response.status_code, len(html))
    parser = _Resources()
    parser.feed(html.decode("utf-8", "replace"))
    queue = [urljoin(BASE, url) for url in parser.urls]
    queue += [urljoin(BASE, url) for css in parser.inline_css for url in _css_urls(css)]
    while queue:
        url = queue.pop(0)
        if url in result.resources or url.startswith("data:"):
            continue
        parts = urlsplit(url)
        if parts.netloc and parts.netloc != "localhost":
            result.other_hosts.append(url)
            result.resources[url] = 0
            continue
        asset = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        body = asset.get_data()
        asset.close()  # a static file is served from an open file
        result.resources[url] = len(body)
        if asset.mimetype == "text/css":
            queue += [urljoin(url, found) for found in _css_urls(body.decode("utf-8", "replace"))]
    result.requests = 1 + len(result.resources)
    result.total_bytes = result.page_bytes + sum(result.resources.values())
    return result


def measure(url: str) -> list[PageWeight]:
    app = bench_app(url)
    with app.app_context():
        session_id = named_session_id(ROOM_SESSION_TITLE)
        half_day = db.session.scalar(sa.select(HalfDay).where(HalfDay.session_id == session_id)
                                     .order_by(HalfDay.starts_at).limit(1))
        person = db.session.scalar(
            sa.select(Participant).join(Registration, Registration.participant_id == Participant.id)
            .where(Registration.session_id == session_id, Participant.phone.is_not(None))
            .order_by(Participant.id).limit(1))
        with app.test_request_context():
            token = links.checkin_token(half_day)
        half_day_id, phone = half_day.id, person.phone
        db.session.remove()
    pages = []
    try:
        phone_client = app.test_client()
        scan = phone_client.get(f"/c/{token}")
        pages.append(weigh(phone_client, "scan page (identify)", scan))
        text = scan.get_data(as_text=True)
        confirm = phone_client.post("/c/identify", data={
            "csrf_token": hidden_field(text, "csrf_token"), "proof": hidden_field(text, "proof"),
            "contact": phone})
        pages.append(weigh(phone_client, "confirm page", confirm))
        text = confirm.get_data(as_text=True)
        done = phone_client.post("/c/confirm", data={
            "csrf_token": hidden_field(text, "csrf_token"), "proof": hidden_field(text, "proof"),
            "person": hidden_field(text, "person")})
        pages.append(weigh(phone_client, "done page", phone_client.get(done.headers["Location"])))
        newcomer = app.test_client()
        text = newcomer.get(f"/c/{token}").get_data(as_text=True)
        walk_in = newcomer.post("/c/identify", data={
            "csrf_token": hidden_field(text, "csrf_token"), "proof": hidden_field(text, "proof"),
            "contact": "0699999999"})
        pages.append(weigh(newcomer, "newcomer form", walk_in))
    finally:
        with app.app_context():
            db.session.execute(sa.delete(CheckIn).where(CheckIn.half_day_id == half_day_id))
            db.session.commit()
            db.engine.dispose()
    return pages


def lines(pages: list[PageWeight]) -> list[Line]:
    return [Line(
        "B2", page.name,
        f"{page.total_bytes / 1024:.1f} KB, {page.requests} req, {len(page.other_hosts)} other"
        + ("" if page.status == 200 else f" (HTTP {page.status})"),
        f"page alone {page.page_bytes / 1024:.1f} KB",
        f"≤ {BUDGET_BYTES // 1024} KB, 0 other hosts",
        page.status == 200 and page.total_bytes <= BUDGET_BYTES and not page.other_hosts,
        {"status": page.status, "page_bytes": page.page_bytes, "total_bytes": page.total_bytes,
         "requests": page.requests, "other_hosts": page.other_hosts,
         "resources": page.resources}) for page in pages]
