"""The user guide's pictures (docs/guide-utilisateur.md), taken while Chromium walks each role's
day: the expert plans and runs a session, participants check in and take the tests on a phone,
the regional coordinator downloads the lists and reads the gains, the administrator manages
accounts, the M&E officer reads without changing anything. Each journey also asserts what its
user relies on, so that a guide describing a broken screen fails here.

The pictures go to a temporary folder; to refresh the guide's own pictures:

    GUIDE_SCREENSHOTS_DIR=docs/img .venv/bin/python -m pytest tests/test_guide_screenshots.py

(a relative folder is taken from the repository's root). The journeys are marked `browser`;
the fast checks at the end are not (`-m "not browser"` keeps them): without a browser, they
check that the guide shows exactly the pictures the journeys take and that docs/img/ holds them
all and nothing else. The pictures of documents (DOCUMENT_PICTURES: the Word progress report as
LibreOffice prints it) are made by their own command instead, e.g.

    ./scripts/progress-report-picture    # docs/img/rapport-avancement-word.png
"""
from __future__ import annotations

import io
import os
import re
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from tests import factories
from trainings import demo, demo_data
from trainings.assessments import attempts, session_tests
from trainings.assessments.models import AttemptKind, AttemptMethod, Question
from trainings.phone import links
from trainings.attendance.models import CheckIn, CheckInMethod
from trainings.clock import local_today
from trainings.extensions import db
from trainings.models import Role, SessionStatus, Sex
from trainings.schedule.models import WindowOverride

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "guide-utilisateur.md"
GUIDE_IMAGES = ROOT / "docs" / "img"
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\(img/([^)\s]+)\)")
MAX_PNG_BYTES = 250_000


def morocco_clock() -> str:
    """The time zone the browsers' clocks show: Morocco's offset today. (Chromium's own zone
    data puts Africa/Casablanca at UTC+0 all year, an hour off the pages' times; an Etc zone
    with the offset Python's tzdata gives is exact for the run.)"""
    hours = int(datetime.now(ZoneInfo("Africa/Casablanca")).utcoffset().total_seconds() // 3600)
    return f"Etc/GMT{-hours:+d}" if hours else "Etc/UTC"


FRENCH = {"locale": "fr-FR", "timezone_id": morocco_clock()}
LAPTOP = {"viewport": {"width": 1280, "height": 800}, **FRENCH}
# A 360 px phone, pictured at its CSS size so that the guide shows it at a phone's scale.
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 1, **FRENCH}

# The address the projection shows, as on the venue's Wi-Fi (PUBLIC_BASE_URL); the phones of
# the tests reach the same application at the test server's address.
WIFI = "http://192.168.1.20:5000"

on_chromium = pytest.mark.browser

# Every picture of the guide, by the journey that takes it (and in the order it does).
SCREENSHOTS: dict[str, tuple[str, ...]] = {
    "test_expert_prepares_a_session": (
        "connexion.png", "experte-accueil.png", "experte-catalogue.png",
        "experte-nouvelle-question.png", "experte-banque-questions.png",
        "experte-nouvelle-session.png", "experte-session.png", "experte-parametres-test.png",
        "experte-inscriptions.png"),
    "test_expert_runs_the_room_and_closes_the_day": (
        "experte-tests-session.png", "experte-projection.png", "experte-liste-presence.png",
        "experte-badges.png", "experte-scanner.png", "experte-resultats.png",
        "experte-rapport-session.png", "experte-rapport-graphiques.png",
        "experte-documents.png"),
    "test_participant_checks_in_and_takes_both_tests_on_a_phone": (
        "participant-identification.png", "participant-nouvelle-personne.png",
        "participant-presence-enregistree.png", "participant-confirmation.png",
        "participant-pre-test.png", "participant-pre-test-merci.png",
        "participant-resultats.png", "participant-code.png", "participant-emargement-ferme.png"),
    "test_coordinator_finds_the_region_sessions_and_downloads_the_lists": (
        "coordination-sessions.png", "coordination-calendrier.png", "coordination-export.png",
        "coordination-acquis.png"),
    "test_administrator_manages_accounts_and_api_tokens": (
        "admin-comptes.png", "admin-nouveau-compte.png", "mon-compte-jeton.png"),
    "test_observer_reads_everything_and_changes_nothing": (
        "observation-acquis-par-region.png",),
}

# Pictures of documents rather than of pages, made by a command of their own (not by the
# browser journeys): the picture -> the command that remakes it.
DOCUMENT_PICTURES: dict[str, str] = {
    "rapport-avancement-word.png": "scripts/progress-report-picture",
}

_taken: dict[str, Path] = {}  # picture -> file, in this run
_finished: set[str] = set()  # journeys that took all their pictures


# --- Pictures ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def screenshot_dir(tmp_path_factory) -> Path:
    """GUIDE_SCREENSHOTS_DIR (relative to the repository) when set, else a temporary folder:
    a plain test run never touches the files the repository tracks."""
    wanted = os.environ.get("GUIDE_SCREENSHOTS_DIR")
    if not wanted:
        return tmp_path_factory.mktemp("guide-img")
    folder = Path(wanted) if Path(wanted).is_absolute() else ROOT / wanted
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Camera:
    """Takes one journey's declared pictures, each once, none other."""

    def __init__(self, journey: str, folder: Path, for_the_guide: bool):
        self.journey, self.folder, self.for_the_guide = journey, folder, for_the_guide
        self.declared = SCREENSHOTS[journey]
        self.taken: list[str] = []

    def shoot(self, page, name: str, *, full_page: bool = False,
              part: tuple[str, str] | None = None, width: int | None = None) -> None:
        """A picture of the window as the user sees it, from the top of the page (or the whole
        page); with `part`, of the page's band from the first element of one selector to the last
        element of the other (the part of a long page the guide talks about), `width` pixels
        wide from the left."""
        assert name in self.declared, f"{name} is not declared for {self.journey}"
        assert name not in self.taken, f"{name} taken twice"
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.evaluate("window.scrollTo(0, 0)")
        clip = None
        if part:
            start = page.locator(part[0]).first.evaluate(
                "element => element.getBoundingClientRect().top + window.scrollY")
            end = page.locator(part[1]).last.evaluate(
                "element => element.getBoundingClientRect().bottom + window.scrollY")
            clip = {"x": 0, "y": max(0, start - 16), "width": width or page.viewport_size["width"],
                    "height": end - start + 32}
            full_page = True
        path = self.folder / name
        png = page.screenshot(full_page=full_page, clip=clip, animations="disabled", caret="hide")
        path.write_bytes(smaller(png) if self.for_the_guide else png)
        size = path.stat().st_size
        assert size < MAX_PNG_BYTES, f"{name} weighs {size} bytes"
        self.taken.append(name)
        _taken[name] = path

    def done(self) -> None:
        assert tuple(self.taken) == self.declared, "the journey's pictures differ from SCREENSHOTS"
        _finished.add(self.journey)


def smaller(png: bytes) -> bytes:
    """The picture in 256 colours, without dithering: a page of text and flat colours loses
    nothing visible and weighs about half as much in the repository (done for the guide's own
    pictures only: it costs a few seconds)."""
    picture = Image.open(io.BytesIO(png)).convert("RGB").quantize(
        colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    picture.save(out, "PNG", optimize=True)
    return out.getvalue()


@pytest.fixture
def camera(request, screenshot_dir) -> Camera:
    return Camera(request.node.originalname, screenshot_dir,
                  for_the_guide=bool(os.environ.get("GUIDE_SCREENSHOTS_DIR")))


@pytest.fixture(scope="module")
def _devices(browser):
    """The module's laptop and phones (browser contexts), made once: a context costs about half
    a second of Chromium's time, and the journeys need ten."""
    devices: dict[tuple[str, int], object] = {}
    yield devices
    for context in devices.values():
        context.close()


@pytest.fixture
def device(browser, _devices):
    """device("laptop") or device("phone"): a new page on the test's first, second... laptop or
    phone, as fresh as a new one (no cookie, no page left open by an earlier test)."""
    used: list[tuple[str, int]] = []

    def new_page(kind: str):
        key = (kind, sum(1 for used_kind, _n in used if used_kind == kind))
        if key not in _devices:
            context = browser.new_context(**(LAPTOP if kind == "laptop" else PHONE))
            context.set_default_timeout(10_000)
            _devices[key] = context
        _devices[key].clear_cookies()
        used.append(key)
        return _devices[key].new_page()

    yield new_page
    for key in used:  # nothing keeps polling a server that is gone
        for page in _devices[key].pages:
            page.close()


def log_in(page, base_url: str, user) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", factories.PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("nav.mainnav")


def on_wifi(app, live_server: str):
    """Serve the pages as if on the venue's Wi-Fi; returns how a phone reaches a shown link."""
    app.config["PUBLIC_BASE_URL"] = WIFI
    return lambda url: live_server + url.removeprefix(WIFI)


def decode_qr(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert results, "no QR code found in the screenshot"
    return results[0].text


def download(page, click: str):
    """Click a download link; the downloaded file's bytes and suggested name."""
    with page.expect_download() as info:
        page.click(click)
    file = info.value
    return Path(file.path()).read_bytes(), file.suggested_filename


# --- A plausible programme: invented people, organisations and sessions ----------------------

ORGANIZATIONS = [  # name, kind, region, province
    ("Association Solidarité et accueil – Oujda", "osc", "oriental", "oujda-angad"),
    ("Commune d'Oujda", "commune", "oriental", "oujda-angad"),
    ("Entraide Nationale – délégation d'Oujda", "state-service", "oriental", "oujda-angad"),
    ("Association Pont des deux rives – Berkane", "diaspora", "oriental", "berkane"),
    ("Conseil régional de l'Oriental", "regional-council", "oriental", "oujda-angad"),
    ("Association Tanmia Nador", "osc", "oriental", "nador"),
    ("Association Tamount – Tiznit", "osc", "souss-massa", "tiznit"),
    ("Commune d'Agadir", "commune", "souss-massa", "agadir-ida-outanane"),
    ("Association des MRE de Tiznit", "diaspora", "souss-massa", "tiznit"),
]

F, M = Sex.FEMALE, Sex.MALE
PEOPLE = [  # first name, last name, sex, function, organisation, phone (None: no phone)
    ("Fatima", "El Amrani", F, "Présidente", 0, "+212600000101"),
    ("Youssef", "Benali", M, "Conseiller communal", 1, "+212600000102"),
    ("Khadija", "Bouzidi", F, "Assistante sociale", 2, "+212600000103"),
    ("Mohamed", "Ziani", M, "Chef de service", 4, None),
    ("Tafsut", "Amzil", F, "Chargée de projets", 3, "+212600000105"),
    ("Karim", "Haddad", M, "Chef de la division des affaires sociales", 1, "+212600000106"),
    ("Salma", "Tazi", F, "Coordinatrice de projets", 5, "+212600000107"),
    ("Mamadou", "Diop", M, "Animateur", 0, "+212600000108"),
    ("Nadia", "Cherkaoui", F, "Cheffe de service", 4, "+212600000109"),
    ("Brahim", "Aït Lahcen", M, "Trésorier", 3, "+212600000110"),
]
SOUSS_PEOPLE = [
    ("Itto", "Ouhammou", F, "Présidente", 6, "+212600000201"),
    ("Lahcen", "Amghar", M, "Technicien", 7, "+212600000202"),
    ("Hanane", "Naciri", F, "Chargée de projets", 8, "+212600000203"),
    ("Idir", "Oubaha", M, "Animateur", 6, "+212600000204"),
    ("Zineb", "Alaoui", F, "Conseillère communale", 7, "+212600000205"),
    ("Omar", "Boukili", M, "Secrétaire général", 8, "+212600000206"),
]
# (pre, post) right answers out of 10, in the order of PEOPLE; None: that test not taken.
SCORES = [(4, 8), (5, 7), (6, 9), (3, 7), (5, 10), (4, 8), (6, 8), (7, 9), (2, 6), (6, 7)]

BASICS = "Approche genre et migration : notions de base"
M_AND_E = "Suivi-évaluation sensible au genre"
PROJECTS = "Formuler un projet migration sensible au genre"
PAC = "Intégrer la migration et le genre dans le Plan d'Action de la Commune"


def staff():
    return {
        "expert": factories.user(Role.EXPERT, email="experte@example.org",
                                 name="Nadia Bensaïd"),
        "coordinator": factories.user(Role.COORDINATOR, "oriental",
                                      email="coordination.oriental@example.org",
                                      name="Hicham Talbi"),
        "observer": factories.user(Role.OBSERVER, email="sera@example.org", name="Sanae Filali"),
        "admin": factories.user(Role.ADMIN, email="admin@example.org", name="Administration"),
    }


def catalogue() -> dict:
    """Four trainings of `flask demo`'s catalogue, by title."""
    trainings = {}
    for spec in demo_data.TRAININGS:
        if spec["title"] in (BASICS, M_AND_E, PROJECTS, PAC):
            trainings[spec["title"]] = factories.training(
                title=spec["title"], theme=spec["theme"],
                duration_hours=Decimal(spec["duration_hours"]),
                objectives=spec["objectives"], description=spec["description"])
    return trainings


def add_bank(training) -> list[Question]:
    """The ten questions of the training's theme, as `flask demo` writes them."""
    questions = demo.theme_questions(training)
    db.session.add_all(questions)
    db.session.flush()
    return questions


def registry(people=PEOPLE) -> list:
    organizations = [factories.organization(region=region, name=name, kind=kind,
                                            province=province)
                     for name, kind, region, province in ORGANIZATIONS]
    persons = []
    for first, last, sex, function, org, phone in people:
        organization = organizations[org]
        email = (f"{first}.{last}".lower().replace(" ", "").replace("ï", "i")
                 .replace("é", "e") + "@example.org")
        persons.append(factories.participant(
            region=organization.region, first_name=first, last_name=last, sex=sex,
            function=function, phone=phone, email=email, organization_id=organization.id))
    return persons


def register(session, persons) -> None:
    for person in persons:
        factories.registration(session, person)


def attend(session, persons, staff_user=None, absent=()) -> None:
    """Everyone present at every half-day but the (person index, half-day index) pairs of
    `absent`, checked in around the start; people without a phone, by hand."""
    for h, half_day in enumerate(session.half_days):
        for n, person in enumerate(persons):
            if (n, h) in absent:
                continue
            manual = person.phone is None
            db.session.add(CheckIn(
                half_day_id=half_day.id, participant_id=person.id,
                method=CheckInMethod.MANUAL if manual else CheckInMethod.QR,
                recorded_by_id=staff_user.id if manual and staff_user else None,
                checked_in_at=half_day.starts_at + timedelta(minutes=(7 * n + 3 * h) % 25 - 10)))
    db.session.flush()


def answers_for(questions, n_right: int, offset: int) -> dict[int, list[int]]:
    """n_right questions answered right (which ones depends on offset); each of the others with
    its first wrong choice."""
    right = {(offset + i) % len(questions) for i in range(n_right)}
    answers = {}
    for i, question in enumerate(questions):
        correct = [c.id for c in question.choices if c.is_correct]
        wrong = [c.id for c in question.choices if not c.is_correct]
        answers[question.id] = correct if i in right else wrong[:1]
    return answers


def take_tests(session, persons, scores, backdate: bool = False) -> None:
    """Pre-tests and post-tests taken online, with the given numbers of right answers;
    backdated: at the first half-day and the last one, as in a session already held."""
    questions = attempts.test_questions(attempts.session_test(session))
    for n, (person, (pre, post)) in enumerate(zip(persons, scores)):
        for kind, n_right, offset in ((AttemptKind.PRE, pre, n), (AttemptKind.POST, post, 2 * n)):
            if n_right is None:
                continue
            attempt, _score = attempts.record_attempt(
                session, person.id, kind, answers_for(questions, n_right, offset),
                AttemptMethod.ONLINE)
            if backdate:
                half_day = session.half_days[0 if kind == AttemptKind.PRE else -1]
                attempt.submitted_at = (half_day.starts_at + timedelta(minutes=20 + n)
                                        if kind == AttemptKind.PRE
                                        else half_day.ends_at - timedelta(minutes=30 - n))
    db.session.flush()


def held_programme() -> dict:
    """Staff, the catalogue, and sessions of both regions: two held in the Oriental and one in
    Souss-Massa (with check-ins and tests), planned ones to come."""
    people = staff()
    trainings = catalogue()
    add_bank(trainings[BASICS])
    add_bank(trainings[M_AND_E])
    everyone = registry(PEOPLE + SOUSS_PEOPLE)
    oriental, souss = everyone[:len(PEOPLE)], everyone[len(PEOPLE):]
    today = local_today()
    sessions = {
        "oujda": factories.session(
            "oriental", "oujda-angad", today - timedelta(days=12), days=2,
            title="Approche genre et migration – Oujda", training_id=trainings[BASICS].id,
            venue="Maison des associations, Oujda", status=SessionStatus.HELD,
            trainers="Nadia Bensaïd (experte genre)"),
        "nador": factories.session(
            "oriental", "nador", today - timedelta(days=5), days=1,
            title="Suivi-évaluation sensible au genre – Nador",
            training_id=trainings[M_AND_E].id,
            venue="Salle de la commune, Nador", status=SessionStatus.HELD,
            trainers="Nadia Bensaïd (experte genre)"),
        "agadir": factories.session(
            "souss-massa", "agadir-ida-outanane", today - timedelta(days=8), days=2,
            title="Approche genre et migration – Agadir", training_id=trainings[BASICS].id,
            venue="Siège du conseil régional, Agadir", status=SessionStatus.HELD,
            trainers="Leïla Amrani (experte genre)"),
        "berkane": factories.session(
            "oriental", "berkane", today + timedelta(days=2), days=2,
            title="Formuler un projet sensible au genre – Berkane",
            training_id=trainings[PROJECTS].id,
            venue="Salle de la commune, Berkane", trainers="Nadia Bensaïd (experte genre)"),
        "tiznit": factories.session(
            "souss-massa", "tiznit", today + timedelta(days=3), days=2,
            title="Migration et genre dans le PAC – Tiznit",
            training_id=trainings[PAC].id,
            venue="Salle de la commune, Tiznit", trainers="Leïla Amrani (experte genre)"),
    }
    register(sessions["oujda"], oriental)
    attend(sessions["oujda"], oriental, people["expert"], absent={(8, 3), (9, 2), (9, 3)})
    take_tests(sessions["oujda"], oriental, SCORES, backdate=True)
    register(sessions["nador"], oriental[:6])
    attend(sessions["nador"], oriental[:6], people["expert"])
    take_tests(sessions["nador"], oriental[:6], [(3, 6), (5, 8), (4, 6), (6, 9), (5, 7), (4, 5)],
               backdate=True)
    register(sessions["agadir"], souss)
    attend(sessions["agadir"], souss, people["expert"])
    take_tests(sessions["agadir"], souss, [(5, 8), (3, 6), (4, 9), (6, 7), (5, 9), (4, 6)],
               backdate=True)
    register(sessions["berkane"], oriental[2:8])
    return {**people, "trainings": trainings, "sessions": sessions, "oriental": oriental,
            "souss": souss}


# --- L'experte / le formateur ------------------------------------------------------------------

@on_chromium
def test_expert_prepares_a_session(live_server, device, camera):
    people = staff()
    trainings = catalogue()
    add_bank(trainings[BASICS])
    persons = registry()
    today = local_today()
    factories.session("oriental", "nador", today + timedelta(days=9), days=1,
                      title="Suivi-évaluation sensible au genre – Nador",
                      training_id=trainings[M_AND_E].id,
                      venue="Salle de la commune, Nador", trainers="Nadia Bensaïd")
    db.session.commit()
    page = device("laptop")

    # Logging in.
    page.goto(f"{live_server}/login")
    page.fill("input[name=email]", people["expert"].email)
    page.fill("input[name=password]", factories.PASSWORD)
    camera.shoot(page, "connexion.png")
    page.click("text=Se connecter")
    page.wait_for_selector("h1:has-text('Bonjour Nadia Bensaïd')")
    assert page.locator("a.button", has_text="Planifier une session").count() == 1
    camera.shoot(page, "experte-accueil.png")

    # The catalogue, a training, its question bank.
    page.click("nav.mainnav >> text=Formations")
    page.wait_for_selector("h1:has-text('Catalogue des formations')")
    assert page.locator("tbody tr").count() == 4
    camera.shoot(page, "experte-catalogue.png")
    page.click(f"text={BASICS}")
    page.click("text=Banque de questions (10)")
    page.click("text=Nouvelle question")
    page.check("input[name=kind][value=single]")
    page.fill("textarea[name=text]", "Un indicateur sensible au genre est un indicateur :")
    page.fill("input[name='choices-0-text']", "Exprimé en dirhams")
    page.fill("input[name='choices-1-text']", "Désagrégé par sexe")
    page.check("input[name='choices-1-correct']")
    page.fill("input[name='choices-2-text']", "Mesuré une seule fois, à la fin du projet")
    page.fill("textarea[name=explanation]",
              "Compter séparément les femmes et les hommes rend les écarts visibles.")
    camera.shoot(page, "experte-nouvelle-question.png", full_page=True)
    page.click("form.question-form button[type=submit]")
    page.wait_for_selector("text=Question enregistrée.")
    assert page.locator("h1").inner_text() == "Banque de questions (11)"
    new = page.locator("li.question", has_text="Un indicateur sensible au genre")
    assert new.locator("li.choice-correct").inner_text().startswith("B.")
    camera.shoot(page, "experte-banque-questions.png")

    # A two-day session: four half-days.
    page.click(f"text=← {BASICS}")
    page.click("a.button:has-text('Planifier une session')")
    assert page.locator("select[name=training_id] option:checked").inner_text() == BASICS
    page.fill("input[name=title]", "Approche genre et migration – Oujda")
    page.select_option("select[name=region]", "oriental")
    page.select_option("select[name=province]", "oujda-angad")
    page.fill("input[name=venue]", "Maison des associations, Oujda")
    page.fill("input[name=start_date]", today.isoformat())
    page.fill("input[name=end_date]", (today + timedelta(days=1)).isoformat())
    for kind in ("osc", "diaspora", "commune", "state-service"):
        page.check(f"input[name=audience][value={kind}]")
    page.fill("input[name=trainers]", "Nadia Bensaïd (experte genre)")
    page.fill("input[name=capacity]", "25")
    page.select_option("select[name=status]", "planned")
    camera.shoot(page, "experte-nouvelle-session.png", full_page=True)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=Session créée avec 4 demi-journées.")
    assert page.locator("tr.half-day").count() == 4
    camera.shoot(page, "experte-session.png")

    # The test: the questions of the bank, the pass mark.
    page.click("text=Paramètres du test")
    assert page.locator("input[name=question_ids]:checked").count() == 11
    page.fill("input[name=pass_mark]", "70")
    camera.shoot(page, "experte-parametres-test.png", full_page=True)
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=Paramètres du test enregistrés.")
    assert "11 questions" in page.inner_text("p.test-state")

    # Registrations: people already in the registry, then a new record.
    for person in persons[1:3]:
        page.fill("input[name=q]", person.last_name)
        page.click("button:has-text('Rechercher')")
        page.locator("tr.candidate", has_text=person.last_name).locator(
            "button:has-text('Inscrire')").click()
        page.wait_for_selector(f"text={person.full_name} est inscrit·e.")
    page.click("text=Créer une nouvelle fiche et l'inscrire")
    page.fill("input[name=last_name]", "Oukhouya")
    page.fill("input[name=first_name]", "Tiziri")
    page.check("input[name=sex][value=female]")
    page.select_option("select[name=organization_id]", label="Association Tanmia Nador (Oriental)")
    page.fill("input[name=function]", "Éducatrice")
    page.fill("input[name=phone]", "+212 6 00 00 03 01")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=OUKHOUYA Tiziri est enregistré·e et inscrit·e à la session.")
    assert page.locator("tr.registration").count() == 3
    assert "Association Tanmia Nador" in page.locator("tr.registration",
                                                     has_text="OUKHOUYA Tiziri").inner_text()
    page.fill("input[name=q]", "Diop")
    page.click("button:has-text('Rechercher')")
    page.wait_for_selector("tr.candidate")
    camera.shoot(page, "experte-inscriptions.png",
                 part=("#registrations", "a:has-text(\"Créer une nouvelle fiche et l'inscrire\")"))
    camera.done()



def workshop_today(**session_fields):
    """The staff, the catalogue with its basic bank, the registry, and today's two-day
    workshop in Oujda with everyone registered."""
    people = staff()
    trainings = catalogue()
    add_bank(trainings[BASICS])
    persons = registry()
    session = factories.session(
        "oriental", "oujda-angad", local_today(), days=2,
        title="Approche genre et migration – Oujda", training_id=trainings[BASICS].id,
        venue="Maison des associations, Oujda", **session_fields)
    register(session, persons)
    return people, persons, session


@on_chromium
def test_expert_runs_the_room_and_closes_the_day(app, live_server, device, camera, clock):
    people, persons, session = workshop_today(trainers="Nadia Bensaïd (experte genre)")
    morning = session.half_days[0]
    # Within the morning's times: opening it and checking people in by hand ask no reason.
    clock.set(local_today(), "09:10")
    db.session.commit()
    reach = on_wifi(app, live_server)
    page = device("laptop")
    log_in(page, live_server, people["expert"])
    session_url = f"{live_server}/sessions/{session.id}"

    # Morning: the pre-test is opened, the QR codes projected.
    page.goto(session_url)
    page.click("button:has-text('Ouvrir le pré-test')")
    page.wait_for_selector("text=Pré-test ouvert.")
    camera.shoot(page, "experte-tests-session.png",
                 part=("#tests", "div.satisfaction-state + ul.attendance-links"))
    page.locator("tr.half-day").first.locator("text=Projeter").click()
    page.click("button:has-text('Ouvrir maintenant')")
    page.wait_for_selector("text=Pointage ouvert jusqu'à ce que vous le fermiez.")
    assert page.inner_text("#window-state").strip() == "Pointage ouvert"
    assert page.inner_text("#test-label") == "Pré-test"

    # Phones check in: five of them already did, Khadija does now with the projected code.
    for person in persons[4:9]:
        db.session.add(CheckIn(half_day_id=morning.id, participant_id=person.id,
                               method=CheckInMethod.QR))
    db.session.commit()
    phone = device("phone")
    projected = decode_qr(page.locator("#qr").screenshot())
    assert projected.startswith(f"{WIFI}/c/") and projected == page.inner_text("#url")
    phone.goto(reach(projected))
    phone.fill("input[name=contact]", "06 00 00 01 03")
    phone.click("text=Continuer")
    phone.click("text=Je suis présent·e")
    phone.wait_for_selector("text=Présence enregistrée")
    page.reload()
    assert page.inner_text("#count-total") == "6"
    assert page.inner_text("#count-registered") == "10"
    assert (page.inner_text("#count-women"), page.inner_text("#count-men")) == ("4", "2")
    assert len(page.inner_text("#code").strip()) == 6
    camera.shoot(page, "experte-projection.png")

    # Mohamed Ziani has no phone: checked in by hand on the roster.
    page.click("text=Liste de présence")
    ziani = persons[3]
    page.locator(f"tr#p{ziani.id} td.absent button:has-text('Pointer')").first.click()
    page.wait_for_selector("text=ZIANI Mohamed est pointé·e présent·e.")
    assert "Pointage manuel" in page.locator(f"tr#p{ziani.id} td.present").inner_text()
    assert page.locator("td.total-all").first.inner_text() == "7 / 10"
    camera.shoot(page, "experte-liste-presence.png")

    # Badges, and the badge scanner (its text box: a USB reader types there).
    page.goto(session_url)
    page.click("text=Badges à imprimer")
    assert page.locator("article.name-badge").count() == 10
    camera.shoot(page, "experte-badges.png")
    page.goto(session_url)
    page.click("text=Scanner les badges")
    assert page.locator("#half-day option:checked").inner_text().endswith("matin")
    page.fill("#scan-content", links.badge_content(persons[0].id))
    page.click("#scan-manual button[type=submit]")
    page.wait_for_selector("#scan-main:has-text('EL AMRANI Fatima')")
    assert "pointé·e à" in page.inner_text("#scan-detail")
    camera.shoot(page, "experte-scanner.png")

    # Everyone took the pre-test; at the end of the training, the post-test, then closing.
    # Hajar Saadi came on the second day only: a post-test without a pre-test.
    take_tests(session, persons, [(pre, None) for pre, _post in SCORES])
    db.session.commit()
    page.goto(session_url)
    page.click("button:has-text('Ouvrir le post-test')")
    page.wait_for_selector("text=Post-test ouvert ; le pré-test est fermé.")
    extra = factories.participant(first_name="Hajar", last_name="Saadi", phone="+212600000111",
                                  email="hajar.saadi@example.org")
    factories.registration(session, extra)
    take_tests(session, persons[:9] + [extra],
               [(None, post) for _pre, post in SCORES[:9]] + [(None, 7)])
    db.session.commit()
    page.click("button:has-text('Fermer les tests')")
    page.wait_for_selector("text=Tests fermés.")

    # Results, then the knowledge gains by sex.
    page.click("a[href$='/results']")
    page.wait_for_selector("h1:has-text('Résultats du pré-test et du post-test')")
    assert (page.inner_text(".count-pre"), page.inner_text(".count-post"),
            page.inner_text(".count-both")) == ("10", "10", "9")
    assert page.locator(f"#participant-{extra.id} .flag-review").inner_text() == "sans pré-test"
    camera.shoot(page, "experte-resultats.png")
    page.goto(session_url)
    page.click("text=Acquis de connaissances par sexe")
    page.wait_for_selector("table.gains")
    heads = page.locator("table.gains thead th").all_inner_texts()
    assert [h.split("\n")[0] for h in heads[1:]] == ["Femmes", "Hommes", "Total"]
    assert "n = 9" in heads[3]
    camera.shoot(page, "experte-rapport-session.png", part=("h1", "dl.gap"))
    assert page.locator(".charts svg").count() == 2
    camera.shoot(page, "experte-rapport-graphiques.png", part=(".charts", ".charts"))
    workbook, name = download(page, "text=Télécharger le rapport (.xlsx)")
    assert name.endswith(".xlsx") and workbook[:2] == b"PK"

    # Closing the day: the sign-in sheet (PDF and Excel), then the check-in window.
    page.goto(session_url)
    pdf, name = download(page, "text=Feuille d'émargement (PDF)")
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert name.endswith(".pdf")
    assert "ZIANI" in text and "Approche genre et migration – Oujda" in text
    sheet, _name = download(page, "text=Feuille d'émargement (Excel)")
    assert load_workbook(io.BytesIO(sheet)).sheetnames == ["Émargement", "Synthèse", "Données"]
    camera.shoot(page, "experte-documents.png", part=("#attendance", "h3 + ul.attendance-links"))
    page.locator("tr.half-day").first.locator("text=Projeter").click()
    page.click("button:has-text('Fermer maintenant')")
    page.wait_for_selector("text=Pointage fermé : plus personne ne peut pointer avec le QR code.")
    camera.done()


# --- La / le participant·e ---------------------------------------------------------------------

def answer(phone, picks: dict[str, list[str]]) -> None:
    """Tick the given choices (by their text) of the given questions (by their text)."""
    for text, choices in picks.items():
        block = phone.locator("fieldset.question", has_text=text)
        for choice in choices:
            block.locator("label.choice", has_text=choice).click()


def fits(phone) -> bool:
    return phone.evaluate("document.documentElement.scrollWidth") <= 360


@on_chromium
def test_participant_checks_in_and_takes_both_tests_on_a_phone(app, live_server, device,
                                                               camera):
    people, _persons, session = workshop_today()
    morning = session.half_days[0]
    morning.window_override = WindowOverride.OPEN
    session_tests.open_test(session, session_tests.OpenState.PRE)
    db.session.commit()
    trainer = device("laptop")
    log_in(trainer, live_server, people["expert"])
    projection = f"{live_server}/sessions/{session.id}/half-days/{morning.id}/project"
    reach = on_wifi(app, live_server)
    trainer.goto(projection)
    checkin_url = reach(decode_qr(trainer.locator("#qr").screenshot()))
    test_url = reach(decode_qr(trainer.locator("#test-qr").screenshot()))

    # Aminata was not registered: she scans, types her phone, fills in her details once.
    aminata = device("phone")
    aminata.goto(checkin_url)
    aminata.wait_for_selector("h1:has-text('Confirmez votre présence')")
    aminata.fill("input[name=contact]", "06 00 00 04 01")
    camera.shoot(aminata, "participant-identification.png")
    aminata.click("text=Continuer")
    aminata.wait_for_selector("h1:has-text('Vos informations')")
    aminata.fill("input[name=first_name]", "Aminata")
    aminata.fill("input[name=last_name]", "Diallo")
    aminata.check("input[name=sex][value=female]")
    aminata.fill("input[name=organization]", "Association Solidarité et accueil – Oujda")
    aminata.fill("input[name=function]", "Médiatrice")
    aminata.check("input[name=consent]")
    assert aminata.input_value("input[name=phone]") == "06 00 00 04 01"
    camera.shoot(aminata, "participant-nouvelle-personne.png", full_page=True)
    aminata.click("button.big")
    aminata.wait_for_selector("text=Présence enregistrée")
    main = aminata.inner_text("main")
    assert "Votre présence est enregistrée" in main and "Aminata" not in main
    assert "El Amrani" not in main and "Fatima" not in main
    assert aminata.locator("a.button", has_text="Passer le pré-test").count() == 1
    assert fits(aminata)
    camera.shoot(aminata, "participant-presence-enregistree.png")

    # Fatima was registered: her phone number is enough, then one tap.
    fatima = device("phone")
    fatima.goto(checkin_url)
    fatima.fill("input[name=contact]", "0600000101")
    fatima.click("text=Continuer")
    fatima.wait_for_selector("h1:has-text('Bonjour F. E.')")
    camera.shoot(fatima, "participant-confirmation.png")
    fatima.click("text=Je suis présent·e")
    fatima.wait_for_selector("text=Présence enregistrée")

    # The pre-test, from the confirmation page.
    fatima.click("text=Passer le pré-test")
    fatima.wait_for_selector("h1:has-text('Pré-test')")
    assert fatima.locator("fieldset.question").count() == 10
    answer(fatima, {"Le « genre » désigne": ["Le sexe biologique des personnes"],
                    "près de la moitié": ["Vrai"],
                    "besoins stratégiques": ["Participer aux décisions du conseil communal"]})
    assert fits(fatima)
    camera.shoot(fatima, "participant-pre-test.png")
    answer(fatima, {"triple rôle": ["Productif, reproductif et communautaire"],
                    "arrive à Oujda": ["Ne pas parler la langue locale"],
                    "activités réservées aux femmes": ["Vrai"],
                    "publics cibles": ["Les Marocain·e·s résidant à l'étranger"],
                    "Constitution marocaine": ["De la parité et de la lutte"],
                    "Désagréger des données": ["Présenter séparément les chiffres"],
                    "hommes migrants peuvent aussi": ["Vrai"]})
    fatima.click("text=Envoyer mes réponses")
    fatima.wait_for_selector("text=Merci, vos réponses sont enregistrées")
    assert "Votre score au pré-test : 50,0" in fatima.inner_text("main")
    camera.shoot(fatima, "participant-pre-test-merci.png")

    # End of the training: the post-test, from the test's own QR code; both scores.
    session_tests.open_test(session, session_tests.OpenState.POST)
    db.session.commit()
    fatima.goto(test_url)
    fatima.wait_for_selector("h1:has-text('Post-test')")
    answer(fatima, {"Le « genre » désigne": ["Les rôles, responsabilités"],
                    "près de la moitié": ["Vrai"],
                    "besoins stratégiques": ["Participer aux décisions",
                                             "Être propriétaire en son nom"],
                    "triple rôle": ["Productif, reproductif et communautaire"],
                    "arrive à Oujda": ["Être exposée aux violences"],
                    "activités réservées aux femmes": ["Faux"],
                    "publics cibles": ["Les ressortissant·e·s", "Les Marocain·e·s résidant",
                                       "Les migrant·e·s marocain·e·s de retour"],
                    "Constitution marocaine": ["De la parité et de la lutte"],
                    "Désagréger des données": ["Présenter séparément les chiffres"],
                    "hommes migrants peuvent aussi": ["Vrai"]})
    fatima.click("text=Envoyer mes réponses")
    fatima.wait_for_selector("text=Vos résultats")
    scores = fatima.inner_text("dl.scores")
    assert "50,0" in scores and "100,0" in scores
    assert "Progression : +50 points." in fatima.inner_text("main")
    assert fits(fatima)
    camera.shoot(fatima, "participant-resultats.png")

    # No camera: the 6-character code of the projection, typed at /c.
    trainer.reload()
    code = trainer.inner_text("#code").strip()
    youssef = device("phone")
    youssef.goto(f"{live_server}/c")
    youssef.fill("input[name=code]", code)
    camera.shoot(youssef, "participant-code.png")
    youssef.click("text=Continuer")
    youssef.wait_for_selector("h1:has-text('Confirmez votre présence')")

    # Once the trainer has closed the check-in, the code no longer opens it.
    trainer.click("button:has-text('Fermer maintenant')")
    trainer.wait_for_selector("text=Pointage fermé")
    youssef.goto(checkin_url)
    youssef.wait_for_selector("h1:has-text(\"L'émargement a été fermé\")")
    camera.shoot(youssef, "participant-emargement-ferme.png")
    camera.done()


# --- La coordinatrice / le coordinateur régional ----------------------------------------------

@on_chromium
def test_coordinator_finds_the_region_sessions_and_downloads_the_lists(live_server, device,
                                                                        camera):
    world = held_programme()
    db.session.commit()
    page = device("laptop")
    log_in(page, live_server, world["coordinator"])
    assert "Votre région : Oriental" in page.inner_text("main")

    # The sessions of the region: Souss-Massa's are not listed, nor reachable.
    page.click("nav.mainnav >> text=Sessions")
    listed = page.inner_text("table")
    assert "Oujda" in listed and "Berkane" in listed
    assert "Agadir" not in listed and "Tiznit" not in listed
    assert page.locator("select[name=region] option").all_inner_texts() == ["Toutes", "Oriental"]
    page.select_option("select[name=status]", "held")
    page.click("text=Filtrer")
    assert page.locator("tbody tr").count() == 2
    camera.shoot(page, "coordination-sessions.png")
    response = page.goto(f"{live_server}/sessions/{world['sessions']['agadir'].id}")
    assert response.status == 403
    page.click("nav.mainnav >> text=Calendrier")
    if world["sessions"]["berkane"].start_date.month != local_today().month:
        page.click("text=Mois suivant")
    assert page.locator("table.calendar a.badge", has_text="Berkane").count() >= 1
    assert page.locator("table.calendar a.badge", has_text="Tiznit").count() == 0
    camera.shoot(page, "coordination-calendrier.png")

    # A session's workbook, then every attendance of a period.
    page.goto(f"{live_server}/sessions/{world['sessions']['oujda'].id}")
    sheet, name = download(page, "text=Feuille d'émargement (Excel)")
    book = load_workbook(io.BytesIO(sheet))
    assert book.sheetnames == ["Émargement", "Synthèse", "Données"]
    assert "EL AMRANI" in " ".join(str(c.value) for row in book["Émargement"].iter_rows()
                                   for c in row if c.value)
    page.click("nav.mainnav >> text=Exports")
    start = local_today() - timedelta(days=30)
    page.fill("input[name=date_from]", start.isoformat())
    page.fill("input[name=date_to]", local_today().isoformat())
    camera.shoot(page, "coordination-export.png")
    export, name = download(page, "text=Télécharger (.xlsx)")
    book = load_workbook(io.BytesIO(export))
    assert {"Données", "Synthèse"} <= set(book.sheetnames)
    cities = " ".join(str(c.value) for row in book["Données"].iter_rows() for c in row if c.value)
    assert "Oujda" in cities and "Agadir" not in cities

    # The knowledge gains of the region, on the page and in Excel.
    page.click("nav.mainnav >> text=Acquis")
    page.click("form.filters >> text=Afficher")
    page.wait_for_selector("table.gains")
    assert "Seules les sessions de votre région sont prises en compte." in page.inner_text("main")
    assert page.inner_text("dd.n-sessions") == "2"
    camera.shoot(page, "coordination-acquis.png")
    report, name = download(page, "text=Télécharger le rapport (.xlsx)")
    assert name.endswith(".xlsx") and report[:2] == b"PK"
    camera.done()


# --- L'administratrice / l'administrateur ------------------------------------------------------

@on_chromium
def test_administrator_manages_accounts_and_api_tokens(app, live_server, device, camera):
    people = staff()
    db.session.commit()
    page = device("laptop")
    log_in(page, live_server, people["admin"])
    page.wait_for_selector("h1:has-text('Comptes')")  # an administrator's home
    assert page.locator("tbody tr").count() == 4
    camera.shoot(page, "admin-comptes.png")

    # A coordinator needs a region.
    page.click("text=Nouveau compte")
    page.fill("input[name=email]", "coordination.souss-massa@example.org")
    page.fill("input[name=name]", "Rachida Ouchen")
    page.select_option("select[name=role]", "coordinator")
    page.select_option("select[name=region]", "souss-massa")
    page.fill("input[name=password]", "un-mot-de-passe-long")
    page.fill("input[name=confirm]", "un-mot-de-passe-long")
    camera.shoot(page, "admin-nouveau-compte.png")
    page.select_option("select[name=region]", "")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=Un compte de coordination doit avoir une région.")
    page.select_option("select[name=region]", "souss-massa")
    page.fill("input[name=password]", "un-mot-de-passe-long")
    page.fill("input[name=confirm]", "un-mot-de-passe-long")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=Compte coordination.souss-massa@example.org créé.")
    page.locator("tr", has_text="sera@example.org").locator("text=Désactiver").click()
    page.wait_for_selector("text=Compte sera@example.org désactivé.")
    assert "Désactivé" in page.locator("tr", has_text="sera@example.org").inner_text()
    listing = app.test_cli_runner().invoke(args=["users", "list"])
    rows = [line.split() for line in listing.output.splitlines()]
    assert ["coordination.souss-massa@example.org", "coordinator", "souss-massa", "oui"] in rows
    assert ["sera@example.org", "observer", "-", "non"] in rows

    # Mon compte: an API token, shown once, that opens the read API.
    page.click(f"nav.mainnav >> text={people['admin'].name}")
    page.click("text=Créer un jeton")
    token = page.inner_text("#new-token").strip()
    camera.shoot(page, "mon-compte-jeton.png", part=("#tokens", "section.narrow > form"),
                 width=720)
    answer = page.request.get(f"{live_server}/api/v1/sessions",
                              headers={"Authorization": f"Bearer {token}"})
    assert answer.status == 200 and answer.json()["sessions"] == []
    assert page.request.get(f"{live_server}/api/v1/sessions").status == 401
    camera.done()


# --- La chargée / le chargé SERA (observation) -------------------------------------------------

@on_chromium
def test_observer_reads_everything_and_changes_nothing(live_server, device, camera):
    world = held_programme()
    db.session.commit()
    page = device("laptop")
    log_in(page, live_server, world["observer"])
    page.goto(f"{live_server}/sessions/{world['sessions']['oujda'].id}")
    assert page.locator("a.button", has_text="Modifier").count() == 0
    assert page.locator("button", has_text="Ouvrir le pré-test").count() == 0
    page.click("text=Liste de présence")
    assert page.locator("td button").count() == 0
    assert page.locator("td.present").count() == 37

    page.click("nav.mainnav >> text=Acquis")
    page.click("form.filters >> text=Afficher")
    page.wait_for_selector("table.breakdown")
    regions = page.locator("table.breakdown").first.locator("tbody th").all_inner_texts()
    assert regions == ["Oriental", "Souss-Massa"]
    assert page.inner_text("dd.n-sessions") == "3"
    camera.shoot(page, "observation-acquis-par-region.png",
                 part=("h2:has-text('Par région')", "table.breakdown"))
    camera.done()


@on_chromium
def test_the_run_made_exactly_the_pictures_of_the_guide():
    """After the journeys (this test comes last): the pictures the guide shows are the pictures
    this run wrote, no more, no less."""
    if _finished != set(SCREENSHOTS):
        pytest.skip("some journeys did not run to their end: run the whole module")
    assert guide_images() - set(DOCUMENT_PICTURES) == set(_taken)
    assert all(path.is_file() for path in _taken.values())


# --- Without a browser -------------------------------------------------------------------------

def guide_images() -> set[str]:
    return set(IMAGE_LINK.findall(GUIDE.read_text(encoding="utf-8")))


def test_the_guide_shows_exactly_the_pictures_the_journeys_take():
    declared = [name for names in SCREENSHOTS.values() for name in names]
    declared += list(DOCUMENT_PICTURES)
    assert len(declared) == len(set(declared)), "a picture is declared twice"
    assert guide_images() == set(declared)


def test_the_commands_that_make_the_document_pictures_exist():
    for command in DOCUMENT_PICTURES.values():
        assert os.access(ROOT / command, os.X_OK), command


def test_docs_img_holds_every_picture_of_the_guide_and_nothing_else():
    present = {path.name for path in GUIDE_IMAGES.glob("*.png")}
    assert guide_images() - present == set(), "missing pictures: regenerate them"
    assert present - guide_images() == set(), "pictures the guide no longer shows"
    for name in present:
        assert (GUIDE_IMAGES / name).stat().st_size < MAX_PNG_BYTES, name


def test_the_guide_links_stay_next_to_it():
    """Relative links only (they work in the repository and under /aide), nothing outside
    docs/: the application serves docs/*.md and docs/img/ and nothing else."""
    text = GUIDE.read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)\s]+)\)", text)
    assert targets
    for target in targets:
        assert not target.startswith(("/", "http:", "https:")), target
        assert ".." not in target, target
        assert re.fullmatch(r"img/[a-z0-9-]+\.png|[a-z0-9-]+\.md(#[\w-]+)?", target), target
