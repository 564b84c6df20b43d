"""Fixtures: one database migrated per test run, emptied after every test; app, client, login."""
from __future__ import annotations

import os
import uuid
import tempfile
import threading

import pytest
import sqlalchemy as sa
from hypothesis import settings
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import make_server

from tests import factories
from tests.clock import Clock
from trainings import create_app
from trainings.extensions import db

# Property tests check behaviour, not speed: no per-example deadline, which a loaded CI machine
# would turn into random failures.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

_tmp = tempfile.mkdtemp(prefix="trainings-tests-")
DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_tmp}/test.db"


class IsolatedClient(FlaskClient):
    """Each request runs in its own application context, as in production: its own database
    session and its own flask.g, not the test's. Pending test setup is committed first."""

    def open(self, *args, **kwargs):
        db.session.commit()
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(**overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": DATABASE_URL,
        "WTF_CSRF_ENABLED": False,
    }
    config.update(overrides)
    app = create_app(config)
    app.test_client_class = IsolatedClient
    return app


@pytest.fixture(scope="session")
def _schema():
    """Build the schema once, through the migrations, on an empty database."""
    app = make_app()
    with app.app_context():
        if DATABASE_URL.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        db.engine.dispose()
    return True


@pytest.fixture
def app(_schema):
    app = make_app()
    with app.app_context():
        yield app
        db.session.remove()
        with db.engine.begin() as conn:
            for table in reversed(db.metadata.sorted_tables):
                if table.name == "audit_log":
                    empty_audit_log(conn)
                else:
                    conn.execute(table.delete())
        db.engine.dispose()


def empty_audit_log(conn) -> None:
    """Empty the append-only log between tests, around the triggers that forbid it."""
    if conn.dialect.name == "postgresql":
        conn.execute(sa.text("TRUNCATE audit_log"))  # row triggers do not fire on TRUNCATE
        return
    triggers = conn.execute(sa.text(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"
    )).all()
    for name, _ in triggers:
        conn.execute(sa.text(f"DROP TRIGGER {name}"))
    conn.execute(sa.text("DELETE FROM audit_log"))
    for _, sql in triggers:
        conn.execute(sa.text(sql))


@pytest.fixture
def empty_database_url(tmp_path):
    """The address of a database of its own, empty, for a test that builds it through the
    migrations up to a revision (a migration's own test): a SQLite file, or a PostgreSQL
    database beside the test one, dropped afterwards."""
    if not DATABASE_URL.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'own.db'}"
        return
    url = sa.engine.make_url(DATABASE_URL)
    name = f"{url.database}_own_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def clock(monkeypatch) -> Clock:
    """The application's clock, stopped where the test sets it; the system's again afterwards."""
    return Clock(monkeypatch)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user):
        """Log a user in through the login form, committing any pending setup first."""
        db.session.commit()
        response = self.client.post("/login", data={"email": user.email,
                                                    "password": factories.PASSWORD})
        assert response.status_code == 302, "login failed"
        return response

    def as_role(self, role, region=None):
        user = factories.user(role, region)
        self.login(user)
        return user


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def live_server(app):
    """The application served over HTTP on 127.0.0.1, in threads, for browsers and load."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without these, Chromium tries to reach Google's hosts, which this closed network refuses.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class FrenchBrowser:
    """The browser whose phones and laptops are set to French (their Accept-Language), as most
    of the programme's are, unless a test gives another locale; the Arabic and English journeys
    choose their language themselves."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **options):
        return self._browser.new_context(**{"locale": "fr-FR", **options})

    def new_page(self, **options):
        return self._browser.new_page(**{"locale": "fr-FR", **options})

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is missing at {CHROMIUM}: install Debian's chromium package")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield FrenchBrowser(browser)
        browser.close()


def log_in(page, base_url, user):
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("button[type=submit]")
