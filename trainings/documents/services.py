"""The session's PDF documents: sign-in sheet, certificates of attendance and their public
verification. Builds plain data and translated labels for trainings.documents.pdf; views commit."""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from flask import current_app, url_for
from flask_babel import force_locale, format_date, gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from trainings.clock import local_today
from trainings.downloads.files import PDF_MIMETYPE, Download
from trainings.downloads.log import log_download
from trainings.exports.services import timing_legends
from trainings.exports.sheet_data import HalfDayColumn, PersonRow, SessionSheet, session_sheet
from trainings.extensions import db
from trainings.i18n import (
    DEFAULT_LANGUAGE, RIGHT_TO_LEFT, babel_locale, reads_right_to_left, translated_language, valid,
)
from trainings.documents import pdf
from trainings.phone.links import public_base_url
from trainings.schedule.models import Session

SIGNIN_KIND = "signin-pdf"
CERTIFICATES_KIND = "certificates-pdf"
CERTIFICATE_KIND = "certificate-pdf"


def font_dir() -> str:
    return os.path.join(current_app.static_folder, "fonts")


def slug(text: str, limit: int = 40) -> str:
    """ASCII, lower case, words joined by hyphens: safe in a file name on every system."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:limit].rstrip("-") or "session"


def _dates_labels() -> dict[str, str]:
    return {"dates_single": _("le %(date)s"), "dates_range": _("du %(start)s au %(end)s")}


def sheet_labels() -> dict:
    return {
        **_dates_labels(),
        "title": _("Feuille de présence"),
        "funders": _("Financement : %(funders)s"),
        "training": _("Formation"), "session": _("Session"), "dates": _("Dates"),
        "venue": _("Lieu"), "place": _("Province, région"), "trainers": _("Formateur·rice·s"),
        "instructions": _("Une case par demi-journée : heure et mode d'émargement, signature. "
                          "Case vide : signer sur papier. Personnes non inscrites : lignes "
                          "vierges en fin de liste."),
        "columns": {"number": _("N°"), "last_name": _("Nom"), "first_name": _("Prénom"),
                    "sex": _("Sexe (F/H)"), "organization": _("Organisation"),
                    "function": _("Fonction"), "contact": _("Téléphone / e-mail")},
        "methods": {"qr": _("QR code"), "badge": _("badge"), "manual": _("manuel"),
                    "paper": _("papier")},
        "timings": timing_legends(),
        "women": _("Femmes (F)"), "men": _("Hommes (H)"), "unknown": _("Sexe non renseigné"),
        "total": _("Total présent·e·s"),
        "page": _("page %(page)s / %(pages)s"),
    }


def certificate_labels() -> dict:
    return {
        **_dates_labels(),
        "title": _("Attestation de présence"),
        "funders": _("Avec le soutien de : %(funders)s"),
        # No-break spaces inside the guillemets: « never ends a line apart from its title.
        "statement": _("Nous attestons que %(name)s a participé à la formation "
                       "«\u00a0%(training)s\u00a0» (session «\u00a0%(session)s\u00a0»), "
                       "%(dates)s, à %(place)s."),
        "attended": _("Demi-journées de présence : %(count)s sur %(total)s"),
        "closing": _("Cette attestation est délivrée pour servir et valoir ce que de droit."),
        "issued": _("Fait le %(date)s"),
        "verify": _("Vérifier l'authenticité de cette attestation : scanner le code ou ouvrir "
                    "l'adresse ci-dessous."),
    }


def half_day_label(column: HalfDayColumn) -> str:
    return _("%(date)s, %(period)s (%(start)s–%(end)s)", date=format_date(column.date,
             "EEEE d MMMM y"), period=column.period_label, start=f"{column.start:%H:%M}",
             end=f"{column.end:%H:%M}")


# Sign-in sheet -------------------------------------------------------------------------------

def signin_sheet(session: Session, user_id: int | None, *, contacts: bool) -> Download:
    """The sign-in sheet of the session, with the people's phones and e-mails only when
    contacts is true (visibility.sees_contacts); the download is logged."""
    # In the staff member's language: the labels, the dates, and the direction of the page.
    content = pdf.signin_sheet_pdf(session_sheet(session, contacts), sheet_labels(), font_dir(),
                                   babel_locale(translated_language()), reads_right_to_left())
    filename = f"feuille_presence_{slug(session.title)}_{session.start_date.isoformat()}.pdf"
    log_download(user_id, SIGNIN_KIND, filename, session.id)
    return Download(content, filename, PDF_MIMETYPE)


# Certificates --------------------------------------------------------------------------------

def attended(sheet: SessionSheet, row: PersonRow) -> list[HalfDayColumn]:
    return [column for column, presence in zip(sheet.half_days, row.presences)
            if presence is not None]


def is_eligible(sheet: SessionSheet, row: PersonRow) -> bool:
    """Present at no fewer than the session's threshold share of its half-days (and at one)."""
    count, total = len(attended(sheet, row)), len(sheet.half_days)
    return count > 0 and count * 100 >= sheet.certificate_threshold * total


def eligible_rows(sheet: SessionSheet) -> list[PersonRow]:
    return [row for row in sheet.rows if is_eligible(sheet, row)]


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="certificate")


def certificate_token(participant_id: int, session_id: int) -> str:
    return _serializer().dumps([participant_id, session_id])


def read_certificate_token(token: str) -> tuple[int, int] | None:
    try:
        participant_id, session_id = _serializer().loads(token)
        return int(participant_id), int(session_id)
    except (BadSignature, ValueError, TypeError):
        return None


def verification_url(participant_id: int, session_id: int) -> str:
    path = url_for("certificates.verify", token=certificate_token(participant_id, session_id))
    return public_base_url() + path


def full_name(row: PersonRow) -> str:
    return f"{row.first_name} {row.last_name}".strip()


def certificate_data(sheet: SessionSheet, row: PersonRow) -> pdf.CertificateData:
    return pdf.CertificateData(
        full_name=full_name(row), training=sheet.training, session_title=sheet.title,
        start_date=sheet.start_date, end_date=sheet.end_date, venue=sheet.venue,
        province=sheet.province, programme=sheet.programme, funders=sheet.funders,
        half_days_attended=tuple(half_day_label(c) for c in attended(sheet, row)),
        half_days_total=len(sheet.half_days),
        verification_url=verification_url(row.participant_id, sheet.session_id),
        issued_on=local_today())


def certificate_language(session: Session, language: str | None) -> str:
    """The language asked for, else the session's default language, else French."""
    return valid(language) or valid(session.language) or DEFAULT_LANGUAGE


def _certificates_pdf(sheet: SessionSheet, rows: list[PersonRow], language: str) -> bytes:
    """The certificates of these rows, every word (labels, dates, half-days) in the language:
    the sheet was read in it too (the half-days' names)."""
    with force_locale(babel_locale(language)):
        return pdf.certificates_pdf([certificate_data(sheet, row) for row in rows],
                                    certificate_labels(), font_dir(), babel_locale(language),
                                    language in RIGHT_TO_LEFT)


def _sheet_in(session: Session, language: str) -> SessionSheet:
    with force_locale(babel_locale(language)):
        return session_sheet(session)


def certificates(session: Session, user_id: int | None,
                 language: str | None = None) -> Download | None:
    """All the session's certificates in one PDF, or None when nobody reached the threshold;
    in the language given (fr, ar, en), else the session's default language. The download is
    logged."""
    language = certificate_language(session, language)
    sheet = _sheet_in(session, language)
    rows = eligible_rows(sheet)
    if not rows:
        return None
    content = _certificates_pdf(sheet, rows, language)
    filename = f"attestations_{slug(session.title)}_{session.start_date.isoformat()}.pdf"
    log_download(user_id, CERTIFICATES_KIND, filename, session.id,
                 details={"participant_ids": [row.participant_id for row in rows],
                          "language": language})
    return Download(content, filename, PDF_MIMETYPE)


class NotRegistered(Exception):
    pass


class NotEligible(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


def certificate(session: Session, participant_id: int, user_id: int | None,
                language: str | None = None) -> Download:
    """One person's certificate, in the language given, else the session's default language;
    raises NotRegistered or NotEligible. The download is logged."""
    language = certificate_language(session, language)
    sheet = _sheet_in(session, language)
    row = next((r for r in sheet.rows if r.participant_id == participant_id), None)
    if row is None:
        raise NotRegistered()
    if not is_eligible(sheet, row):
        raise NotEligible(full_name(row))
    content = _certificates_pdf(sheet, [row], language)
    filename = (f"attestation_{slug(full_name(row))}_{slug(session.title)}_"
                f"{session.start_date.isoformat()}.pdf")
    # The log keeps ids only: the name in the file's name is replaced by the person's id.
    log_download(user_id, CERTIFICATE_KIND, logged_certificate_name(participant_id, session),
                 session.id, details={"participant_id": participant_id, "language": language},
                 person_id=participant_id)
    return Download(content, filename, PDF_MIMETYPE)


def logged_certificate_name(participant_id: int, session: Session) -> str:
    """The certificate's file name as the audit log keeps it: the person's id for their name."""
    return (f"attestation_{participant_id}_{slug(session.title)}_"
            f"{session.start_date.isoformat()}.pdf")


# Public verification -------------------------------------------------------------------------

@dataclass
class Verification:
    """What the public page may say of a certificate: nothing beyond what it prints."""

    valid: bool
    full_name: str = ""
    training: str = ""
    start_date: date | None = None
    end_date: date | None = None
    half_days: list[str] = field(default_factory=list)
    half_days_total: int = 0


def verify(token: str) -> Verification | None:
    """None for a token we did not sign, or whose person or session is gone; not valid when the
    person no longer reaches the threshold (a check-in undone, the threshold raised)."""
    ids = read_certificate_token(token)
    if ids is None:
        return None
    participant_id, session_id = ids
    session = db.session.get(Session, session_id)
    if session is None:
        return None
    sheet = session_sheet(session)
    row = next((r for r in sheet.rows if r.participant_id == participant_id), None)
    if row is None or not is_eligible(sheet, row):
        return Verification(valid=False)
    return Verification(valid=True, full_name=full_name(row), training=sheet.training,
                        start_date=sheet.start_date, end_date=sheet.end_date,
                        half_days=[half_day_label(c) for c in attended(sheet, row)],
                        half_days_total=len(sheet.half_days))
