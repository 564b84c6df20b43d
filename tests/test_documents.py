"""PDF downloads of a session (sign-in sheet, certificates) and the public certificate check."""
from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
import zxingcpp
from pypdf import PdfReader

from tests import audit, factories
from tests.pdfdrawn import drawn_glyphs, drawn_lines
from trainings.attendance.models import CheckIn, CheckInMethod
from trainings.attendance.services import record_check_in, undo_check_in
from trainings.clock import to_local
from trainings.documents.services import certificate_token
from trainings.extensions import db
from trainings.models import Role, Sex
from trainings.phone.links import badge_content

URL = re.compile(r"https?://\S+/attestation/\S+")


def pdf_pages(response) -> list[str]:
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.fixture
def world():
    """Two days (four half-days): Fatima came to all four, Youssef to three, Salma to none."""
    session = factories.session(region="oriental", days=2, title="Atelier genre Nador",
                                venue="Salle de la Wilaya")
    organization = factories.organization(name="Association Tanmia")
    people = {
        "fatima": factories.participant(first_name="Fatima", last_name="El Amrani",
                                        phone="+212611111111", email="fatima@example.org",
                                        organization_id=organization.id),
        "youssef": factories.participant(first_name="Youssef", last_name="Benali", sex=Sex.MALE,
                                         phone="+212622222222", email="youssef@example.org"),
        "salma": factories.participant(first_name="Salma", last_name="Idrissi"),
    }
    for person in people.values():
        factories.registration(session, person)
    half_days = session.half_days
    assert len(half_days) == 4
    for half_day in half_days:
        record_check_in(half_day.id, people["fatima"].id, CheckInMethod.QR,
                        signature="M10 10L60 80L120 20")
    for half_day in half_days[:3]:
        record_check_in(half_day.id, people["youssef"].id, CheckInMethod.MANUAL,
                        signature="typed:Youssef Benali")
    db.session.commit()
    return {"session": session, "half_days": half_days, **people}


def certificate_url(world, person: str) -> str:
    return (f"/sessions/{world['session'].id}/participants/{world[person].id}"
            "/certificate.pdf")


def test_the_sheet_lists_registered_people_and_their_check_in_times(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.get(f"/sessions/{world['session'].id}/signin-sheet.pdf")
    text = " ".join(pdf_pages(response))
    for name in ("EL AMRANI", "Fatima", "BENALI", "Youssef", "IDRISSI", "Salma",
                 "Association Tanmia", "Atelier genre Nador", "Salle de la Wilaya"):
        assert name in text
    times = {to_local(c.checked_in_at).strftime("%H:%M")
             for c in db.session.scalars(sa.select(CheckIn))}
    assert all(time in text for time in times)
    assert "Youssef Benali" in text  # the typed signature
    assert "Total présent·e·s 2 2 2 1" in text
    disposition = response.headers["Content-Disposition"]
    assert "attachment" in disposition
    assert "feuille_presence_atelier-genre-nador_2026-12-07.pdf" in disposition
    assert response.headers["Cache-Control"] == "no-store"


def test_certificates_go_to_those_present_at_the_threshold(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.get(f"/sessions/{world['session'].id}/certificates.pdf")
    (page,) = pdf_pages(response)
    assert "Fatima EL AMRANI" in page and "BENALI" not in page
    assert "attestations_atelier-genre-nador_2026-12-07.pdf" in (
        response.headers["Content-Disposition"])


def test_an_arabic_name_reads_right_to_left_with_joined_letters_in_both_documents(
        client, auth, world):
    """From the database to the downloads: the sheet and the certificate draw the name from the
    right, letters joined, and the organisation's number in its place."""
    organization = factories.organization(name="جمعية 2030")
    aicha = factories.participant(first_name="عائشة", last_name="بنعلي",
                                  organization_id=organization.id)
    factories.registration(world["session"], aicha)
    for half_day in world["half_days"]:
        record_check_in(half_day.id, aicha.id, CheckInMethod.QR, signature="typed:عائشة بنعلي")
    db.session.commit()
    auth.as_role(Role.EXPERT)
    sheet = client.get(f"/sessions/{world['session'].id}/signin-sheet.pdf")
    assert sheet.status_code == 200
    lines = drawn_lines(sheet.data)
    row = next(line for line in lines if "بنعلي"[::-1] in line)
    assert "بنعلي"[::-1] + "عائشة"[::-1] + "F" + "2030 " + "جمعية"[::-1] in row
    assert "عائشة بنعلي"[::-1] * 4 in lines  # the typed signature, in each half-day
    certificate = client.get(f"/sessions/{world['session'].id}/participants/{aicha.id}"
                             "/certificate.pdf")
    (page,) = pdf_pages(certificate)
    assert "Nous attestons que عائشة بنعلي" in page  # copied, it reads in its order
    assert "Nous attestons que " + "عائشة بنعلي"[::-1] + " a participé" in "\n".join(
        drawn_lines(certificate.data))
    # عائشة: ain initial, alef final, hamza-on-yeh initial, sheen medial, teh marbuta final.
    assert set("\ufecb\ufe8e\ufe8b\ufeb8\ufe94") <= drawn_glyphs(certificate.data)


def test_a_lower_threshold_lets_more_people_in(client, auth, world):
    world["session"].certificate_threshold = 50
    auth.as_role(Role.EXPERT)
    pages = pdf_pages(client.get(f"/sessions/{world['session'].id}/certificates.pdf"))
    assert len(pages) == 2
    assert "Youssef BENALI" in " ".join(pages)
    assert "Demi-journées de présence : 3 sur 4" in " ".join(pages)
    assert "IDRISSI" not in " ".join(pages)  # never came: no certificate, even at 0 %


def test_nobody_eligible_sends_back_to_the_session_with_a_message(client, auth):
    session = factories.session(days=1)
    factories.registration(session, factories.participant())
    auth.as_role(Role.EXPERT)
    response = client.get(f"/sessions/{session.id}/certificates.pdf", follow_redirects=True)
    assert response.request.path == f"/sessions/{session.id}"
    assert "Aucune attestation à produire" in response.get_data(as_text=True)
    assert audit.downloads() == []


def test_one_persons_certificate(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.get(certificate_url(world, "fatima"))
    (page,) = pdf_pages(response)
    assert "Fatima EL AMRANI" in page
    assert ("attestation_fatima-el-amrani_atelier-genre-nador_2026-12-07.pdf"
            in response.headers["Content-Disposition"])


def test_no_certificate_below_the_threshold(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.get(certificate_url(world, "youssef"), follow_redirects=True)
    assert response.request.path == f"/sessions/{world['session'].id}"
    assert "Pas d&#39;attestation pour Youssef BENALI" in response.get_data(as_text=True)


def test_no_certificate_for_someone_not_registered(client, auth, world):
    stranger = factories.participant()
    auth.as_role(Role.EXPERT)
    response = client.get(f"/sessions/{world['session'].id}/participants/{stranger.id}"
                          "/certificate.pdf")
    assert response.status_code == 404


def test_the_link_on_the_certificate_confirms_it_and_says_nothing_else(client, auth, world):
    auth.as_role(Role.EXPERT)
    page = pdf_pages(client.get(certificate_url(world, "fatima")))[0]
    link = URL.search(page).group(0)
    client.post("/logout")
    response = client.get(urlsplit(link).path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Attestation authentique" in html
    assert "Fatima EL AMRANI" in html
    assert world["session"].training.title in html
    assert "du 7 décembre 2026 au 8 décembre 2026" in html
    # The counts are kept left to right (<bdi>) inside the sentence.
    assert "4 sur 4" in re.sub(r"<[^>]+>", "", html)
    assert "mardi 8 décembre 2026, après-midi" in html
    for private in ("+212611111111", "fatima@example.org", "Association Tanmia",
                    "Salle de la Wilaya"):
        assert private not in html


def test_the_qr_code_of_a_certificate_holds_its_link(client, auth, world):
    auth.as_role(Role.EXPERT)
    response = client.get(certificate_url(world, "fatima"))
    page = PdfReader(io.BytesIO(response.data)).pages[0]
    (image,) = page.images
    (code,) = zxingcpp.read_barcodes(image.image)
    assert code.text == URL.search(page.extract_text()).group(0)
    assert code.text.startswith("http://localhost/attestation/")
    assert client.get(urlsplit(code.text).path).status_code == 200


def test_the_public_base_url_goes_into_the_link(client, auth, world, app):
    app.config["PUBLIC_BASE_URL"] = "https://formations.example.org/"
    auth.as_role(Role.EXPERT)
    page = pdf_pages(client.get(certificate_url(world, "fatima")))[0]
    assert URL.search(page).group(0).startswith("https://formations.example.org/attestation/")


@pytest.mark.parametrize("forge", [
    lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
    lambda token: "not-a-token",
    lambda token: badge_content(1).split(":", 1)[1],  # signed by us, for another purpose
])
def test_a_forged_link_finds_no_certificate(client, world, forge):
    token = certificate_token(world["fatima"].id, world["session"].id)
    response = client.get(f"/attestation/{forge(token)}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Attestation introuvable" in html and "El Amrani" not in html


def test_a_certificate_whose_attendance_was_undone_is_no_longer_valid(client, world):
    token = certificate_token(world["fatima"].id, world["session"].id)
    undo_check_in(world["half_days"][0].id, world["fatima"].id)
    db.session.commit()
    response = client.get(f"/attestation/{token}")
    assert response.status_code == 410
    html = response.get_data(as_text=True)
    assert "Attestation non valide" in html and "EL AMRANI" not in html


def test_a_token_for_someone_never_eligible_is_not_valid(client, world):
    token = certificate_token(world["salma"].id, world["session"].id)
    response = client.get(f"/attestation/{token}")
    assert response.status_code == 410


PDF_URLS = ["/sessions/{session}/signin-sheet.pdf", "/sessions/{session}/certificates.pdf",
            "/sessions/{session}/participants/{fatima}/certificate.pdf"]


def fill(url: str, world) -> str:
    return url.format(session=world["session"].id, fatima=world["fatima"].id)


@pytest.mark.parametrize("url", PDF_URLS)
def test_anonymous_visitors_are_sent_to_login(client, world, url):
    response = client.get(fill(url, world))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("url", PDF_URLS)
def test_a_coordinator_of_another_region_is_refused(client, auth, world, url):
    auth.as_role(Role.COORDINATOR, "souss-massa")
    assert client.get(fill(url, world)).status_code == 403


@pytest.mark.parametrize("url", PDF_URLS)
def test_the_regions_coordinator_and_an_observer_download(client, auth, world, url):
    auth.as_role(Role.COORDINATOR, "oriental")
    assert client.get(fill(url, world)).status_code == 200
    auth.as_role(Role.OBSERVER)
    assert client.get(fill(url, world)).status_code == 200


def test_an_unknown_session_is_not_found(client, auth):
    auth.as_role(Role.EXPERT)
    assert client.get("/sessions/999999/signin-sheet.pdf").status_code == 404


def test_every_download_is_logged(client, auth, world):
    user = auth.as_role(Role.OBSERVER)
    for url in PDF_URLS:
        client.get(fill(url, world))
    logs = audit.downloads()
    assert [(log.kind, log.user_id, log.session_id) for log in logs] == [
        ("signin-pdf", user.id, world["session"].id),
        ("certificates-pdf", user.id, world["session"].id),
        ("certificate-pdf", user.id, world["session"].id),
    ]
    assert logs[0].filename == "feuille_presence_atelier-genre-nador_2026-12-07.pdf"
    assert logs[1].filename.startswith("attestations_")
    # The certificates' language: the session's default one, none having been asked for.
    assert logs[1].details == {"participant_ids": [world["fatima"].id], "language": "fr"}
    assert logs[2].details == {"participant_id": world["fatima"].id, "language": "fr"}
    # One person's certificate: the log names them by id, not by the name in the file's name.
    assert logs[2].person_id == world["fatima"].id
    assert logs[2].filename == (
        f"attestation_{world['fatima'].id}_atelier-genre-nador_2026-12-07.pdf")
    assert all(log.created_at is not None for log in logs)
