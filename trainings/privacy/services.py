"""Queries and changes of a person's rights: finding the person, exporting all their data,
erasing it by anonymisation, and the retention limit. Flushes; the caller commits."""
from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import force_locale, gettext as _, lazy_gettext as _l
from sqlalchemy.orm import selectinload

from trainings import i18n, places
from trainings.assessments.models import (
    ATTEMPT_KIND_LABELS, Answer, Attempt, AttemptReset, Question, SatisfactionAnswer,
    SatisfactionItem, SatisfactionResponse,
)
from trainings.attendance.models import (
    METHOD_LABELS, OUT_OF_WINDOW_ACT_LABELS, CheckIn, OutOfWindowLog,
)
from trainings.audit.log import record
from trainings.notice.notices import LEGAL_BASIS_LABELS
from trainings.audit.models import AuditEntry, AuditEvent
from trainings.clock import local_today, utcnow
from trainings.documents.services import CERTIFICATE_KIND, CERTIFICATES_KIND, font_dir
from trainings.downloads.files import Download
from trainings.extensions import db
from trainings.privacy import document as doc, pdf
from trainings.registry.models import (
    ERASED_NAME, SEX_LABELS, Participant, PersonMerge, Registration,
)
from trainings.registry.normalize import normalize_email, normalize_phone
from trainings.registry.services import SOURCE_LABELS
from trainings.schedule.models import PERIOD_LABELS, HalfDay, Session

ZIP_MIMETYPE = "application/zip"
# A key of digits this short is a record number; a phone number has more digits.
MAX_ID_DIGITS = 8
# The file names of what an erased person's certificates were saved as (they held the name).
ERASED_COMMENT = _l("(commentaire effacé)")


# Finding the person -----------------------------------------------------------------------------

def find_person(key: str) -> Participant | None:
    """The person a phone number (any way of writing it), an e-mail address or a record number
    names; None when nobody. Erased people have neither phone nor e-mail any more."""
    key = (key or "").strip()
    if "@" in key:
        email = normalize_email(key)
        return db.session.scalar(sa.select(Participant).where(Participant.email == email))
    if key.isdecimal() and len(key) <= MAX_ID_DIGITS:
        return db.session.get(Participant, int(key))
    phone = normalize_phone(key)
    if phone is None:
        return None
    person = db.session.scalar(sa.select(Participant).where(Participant.phone == phone))
    if person is None:  # a number stored before numbers were normalised (see its migration)
        person = next((p for p in db.session.scalars(sa.select(Participant).where(
            ~Participant.phone.startswith("+"))) if normalize_phone(p.phone) == phone), None)
    return person


# Access and portability -------------------------------------------------------------------------

def _identity(person: Participant) -> dict:
    organization = person.organization
    return {
        "numero": person.id, "nom": person.last_name, "prenom": person.first_name,
        "sexe": str(SEX_LABELS[person.sex]),
        "organisation": organization.name if organization else None,
        "type_organisation": (places.label(places.ORGANIZATION_KINDS, organization.kind)
                              if organization else None),
        "fonction": person.function, "telephone": person.phone, "email": person.email,
        "region": places.label(places.REGIONS, person.region),
        "base_legale": str(LEGAL_BASIS_LABELS[person.legal_basis]),
        "informee_le": person.informed_on, "consentement_le": person.consent_at,
        "version_notice": person.notice_version, "enregistree_le": person.created_at,
        "anonymisee_le": person.erased_at,
    }


def _session_title(session: Session) -> str:
    return f"{session.title} ({session.training.title})"


def _registrations(person: Participant) -> list[dict]:
    rows = db.session.scalars(
        sa.select(Registration).where(Registration.participant_id == person.id)
        .options(selectinload(Registration.session)).order_by(Registration.id))
    return [{"session": _session_title(r.session), "session_numero": r.session_id,
             "du": r.session.start_date, "au": r.session.end_date,
             "lieu": ", ".join(part for part in (r.session.venue, places.province_label(
                 r.session.province)) if part),
             "inscription": str(SOURCE_LABELS[r.source]), "inscrite_le": r.created_at,
             "a_verifier": r.needs_review} for r in rows]


def _check_ins(person: Participant) -> list[dict]:
    rows = db.session.execute(
        sa.select(CheckIn, HalfDay, Session).join(HalfDay, HalfDay.id == CheckIn.half_day_id)
        .join(Session, Session.id == HalfDay.session_id)
        .where(CheckIn.participant_id == person.id).order_by(CheckIn.checked_in_at, CheckIn.id))
    return [{"session": _session_title(session), "demi_journee":
             f"{half_day.date.isoformat()} {PERIOD_LABELS[half_day.period]}",
             "pointe_le": check_in.checked_in_at, "mode": str(METHOD_LABELS[check_in.method]),
             "signature": check_in.signature} for check_in, half_day, session in rows]


def _attempts(person: Participant) -> list[dict]:
    attempts = list(db.session.scalars(
        sa.select(Attempt).where(Attempt.participant_id == person.id)
        .options(selectinload(Attempt.answers)).order_by(Attempt.submitted_at, Attempt.id)))
    question_ids = {answer.question_id for attempt in attempts for answer in attempt.answers}
    questions = {q.id: q for q in db.session.scalars(
        sa.select(Question).where(Question.id.in_(question_ids)))} if question_ids else {}
    choices = {c.id: c.text for q in questions.values() for c in q.choices}
    sessions = _sessions({attempt.session_id for attempt in attempts})
    return [{"session": _session_title(sessions[a.session_id]),
             "test": str(ATTEMPT_KIND_LABELS[a.kind]),
             "saisie": _("Sur papier") if a.method == "paper" else _("En ligne"),
             "score_pourcent": a.percent, "points": a.earned, "sur": a.possible,
             "remis_le": a.submitted_at,
             "reponses": [_answer(answer, questions, choices) for answer in
                          sorted(a.answers, key=lambda answer: answer.id)]} for a in attempts]


def _answer(answer: Answer, questions: dict[int, Question], choices: dict[int, str]) -> dict:
    chosen = [choices.get(int(i), i) for i in answer.chosen.split(",") if i.strip().isdecimal()]
    question = questions.get(answer.question_id)
    return {"question": question.text if question else answer.question_id,
            "reponse": " ; ".join(chosen), "correcte": answer.correct, "points": answer.earned}


def _sessions(ids: set[int]) -> dict[int, Session]:
    if not ids:
        return {}
    return {s.id: s for s in db.session.scalars(sa.select(Session).where(Session.id.in_(ids)))}


def _satisfaction(person: Participant) -> list[dict]:
    responses = list(db.session.scalars(
        sa.select(SatisfactionResponse).where(SatisfactionResponse.participant_id == person.id)
        .options(selectinload(SatisfactionResponse.answers)).order_by(SatisfactionResponse.id)))
    items = {item.id: item.text for item in db.session.scalars(sa.select(SatisfactionItem))
             } if responses else {}
    sessions = _sessions({response.session_id for response in responses})
    return [{"session": _session_title(sessions[r.session_id]), "repondu_le": r.submitted_at,
             "reponses": [{"question": items.get(a.item_id, a.item_id), "note": a.rating,
                           "commentaire": a.text}
                          for a in sorted(r.answers, key=lambda a: a.id)]} for r in responses]


def _resets(person: Participant) -> list[dict]:
    rows = db.session.execute(
        sa.select(AttemptReset, Session).join(Session, Session.id == AttemptReset.session_id)
        .where(AttemptReset.participant_id == person.id).order_by(AttemptReset.id))
    return [{"session": _session_title(session), "test": str(ATTEMPT_KIND_LABELS[r.kind]),
             "score_pourcent": r.percent, "motif": r.reason, "le": r.created_at}
            for r, session in rows]


def _out_of_window(person: Participant) -> list[dict]:
    rows = db.session.execute(
        sa.select(OutOfWindowLog, HalfDay, Session)
        .join(HalfDay, HalfDay.id == OutOfWindowLog.half_day_id)
        .join(Session, Session.id == HalfDay.session_id)
        .where(OutOfWindowLog.participant_id == person.id).order_by(OutOfWindowLog.id))
    return [{"session": _session_title(session), "demi_journee":
             f"{half_day.date.isoformat()} {PERIOD_LABELS[half_day.period]}",
             "acte": str(OUT_OF_WINDOW_ACT_LABELS[log.act]), "motif": log.reason,
             "le": log.created_at} for log, half_day, session in rows]


def _merges(person: Participant) -> list[dict]:
    rows = db.session.scalars(sa.select(PersonMerge).where(PersonMerge.kept_id == person.id)
                              .order_by(PersonMerge.id))
    return [{"fiche_fusionnee": m.removed_id, "le": m.created_at,
             "repris": json.loads(m.moved or "{}")} for m in rows]


def _certificate_logs(person: Participant) -> list[tuple[AuditEntry, dict]]:
    """The downloads of certificates naming the person (one person's, or a session's), from
    the audit log, with their details."""
    sessions = sa.select(Registration.session_id).where(Registration.participant_id == person.id)
    entries = db.session.scalars(sa.select(AuditEntry).where(
        AuditEntry.event == str(AuditEvent.DOWNLOAD),
        AuditEntry.session_id.in_(sessions)).order_by(AuditEntry.id))
    found = []
    for entry in entries:
        details = _details(entry)
        if details.get("kind") in (CERTIFICATE_KIND, CERTIFICATES_KIND) and (
                details.get("participant_id") == person.id
                or person.id in (details.get("participant_ids") or ())):
            found.append((entry, details))
    return found


def _details(entry: AuditEntry) -> dict:
    try:
        details = json.loads(entry.details or "{}")
    except ValueError:
        return {}
    return details if isinstance(details, dict) else {}


def _downloads(person: Participant) -> list[dict]:
    return [{"fichier": details.get("filename", ""), "type": details.get("kind", ""),
             "session_numero": entry.session_id, "le": entry.created_at}
            for entry, details in _certificate_logs(person)]


def _audit(person: Participant) -> list[dict]:
    rows = db.session.scalars(sa.select(AuditEntry).where(AuditEntry.person_id == person.id)
                              .order_by(AuditEntry.id))
    return [{"evenement": entry.event, "le": entry.created_at,
             "session_numero": entry.session_id, "details": json.loads(entry.details or "{}")}
            for entry in rows]


def collect(person: Participant) -> dict:
    """Everything held about the person, as document.person_document builds it."""
    sections = {
        "inscriptions": _registrations(person), "emargements": _check_ins(person),
        "tests": _attempts(person), "satisfaction": _satisfaction(person),
        "reinitialisations": _resets(person), "hors_creneau": _out_of_window(person),
        "fusions": _merges(person), "telechargements": _downloads(person),
        "journal": _audit(person),
    }
    return doc.person_document(_identity(person), sections, utcnow())


def pdf_labels() -> dict:
    return {
        "title": _("Données personnelles détenues sur une personne"),
        "generated": _("Document établi le %(when)s (heure UTC)."),
        "intro": _("Ce document reprend tout ce que la plateforme de formation détient sur "
                   "cette personne (loi 09-08, droit d'accès). Le fichier JSON joint contient "
                   "les mêmes données, complètes, dans un format réutilisable."),
        "empty": _("Aucune donnée de ce type."), "yes": _("oui"), "no": _("non"),
        "personne": _("Identité"), "inscriptions": _("Inscriptions aux sessions"),
        "emargements": _("Émargements"), "tests": _("Pré-tests et post-tests"),
        "satisfaction": _("Questionnaires de satisfaction"),
        "reinitialisations": _("Tests réinitialisés"),
        "hors_creneau": _("Pointages hors créneau"), "fusions": _("Fiches fusionnées"),
        "telechargements": _("Attestations téléchargées"),
        "journal": _("Journal d'audit"),
        # fields
        "numero": _("N° de fiche"), "nom": _("Nom"), "prenom": _("Prénom"), "sexe": _("Sexe"),
        "organisation": _("Organisation"), "type_organisation": _("Type d'organisation"),
        "fonction": _("Fonction"), "telephone": _("Téléphone"), "email": _("E-mail"),
        "region": _("Région"), "base_legale": _("Base légale"),
        "informee_le": _("Informée le"), "consentement_le": _("Consentement donné le"),
        "version_notice": _("Version de la notice"),
        "enregistree_le": _("Enregistrée le"), "anonymisee_le": _("Anonymisée le"),
        "session": _("Session"), "session_numero": _("N° de session"), "du": _("Du"),
        "au": _("Au"), "lieu": _("Lieu"), "inscription": _("Inscription"),
        "inscrite_le": _("Inscrite le"), "a_verifier": _("À vérifier"),
        "demi_journee": _("Demi-journée"), "pointe_le": _("Pointé le"), "mode": _("Mode"),
        "signature": _("Signature"), "test": _("Test"), "saisie": _("Saisie"),
        "score_pourcent": _("Score (%)"), "points": _("Points"), "sur": _("Sur"),
        "remis_le": _("Remis le"), "reponses": _("Réponses"), "question": _("Question"),
        "reponse": _("Réponse choisie"), "correcte": _("Correcte"),
        "repondu_le": _("Répondu le"), "note": _("Note"), "commentaire": _("Commentaire"),
        "motif": _("Motif"), "le": _("Le"), "acte": _("Acte"),
        "fiche_fusionnee": _("Fiche fusionnée (n°)"), "repris": _("Repris"),
        "fichier": _("Fichier"), "type": _("Type"), "evenement": _("Événement"),
        "details": _("Détails"),
    }


@dataclass(frozen=True)
class PersonalData:
    """One person's export: the JSON and the PDF, and the name they are saved under."""

    json: bytes
    pdf: bytes
    basename: str

    def zip(self) -> Download:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(f"{self.basename}.json", self.json)
            archive.writestr(f"{self.basename}.pdf", self.pdf)
        return Download(buffer.getvalue(), f"{self.basename}.zip", ZIP_MIMETYPE)


def export(person: Participant, actor_id: int | None, language: str | None = None,
           ) -> PersonalData:
    """Everything held about the person, as JSON and PDF, the PDF in `language` (fr, ar, en;
    None: the current one) and right to left in Arabic; the export is logged (ids only)."""
    language = language or i18n.current_language()
    with force_locale(i18n.babel_locale(language)):
        document = collect(person)
        labels = {**pdf_labels(), "rtl": i18n.direction(language) == "rtl"}
        content = PersonalData(doc.document_json(document),
                               pdf.person_pdf(document, labels, font_dir()),
                               f"donnees-personnelles_{person.id}_{local_today().isoformat()}")
    record(AuditEvent.PERSON_EXPORTED, actor_id=actor_id, person_id=person.id,
           details={"language": language})
    return content


# Erasure by anonymisation -----------------------------------------------------------------------

# Every table naming a person, and what erase() does to its rows: a table added later that names
# a person must be reviewed here (tests/test_privacy_erasure.py fails until it is).
REVIEWED_TABLES = {
    "participants": "identity removed: names, phone, e-mail, function; erased_at set",
    "registrations": "the name a newcomer typed when their contact matched removed",
    "check_ins": "signature removed; time and method kept",
    "attempts": "kept: scores; answers hold choice ids only",
    "attempt_resets": "staff's reason removed",
    "satisfaction_responses": "kept; the comments of their answers replaced",
    "out_of_window_logs": "staff's reason removed",
    "participant_merges": "kept: ids and field names only",
}

def erase(person: Participant, actor_id: int | None) -> None:
    """Remove what identifies the person and keep the statistical trace: sex, organisation,
    region, registrations, check-ins (their time, not their signature), tests and scores. Every
    figure of the reports stays as it was. Logged with the person's number only."""
    person.last_name, person.first_name = str(ERASED_NAME), ""
    person.function = ""
    person.phone = person.email = None
    person.erased_at = person.erased_at or utcnow()
    pid = person.id
    db.session.execute(sa.update(CheckIn).where(CheckIn.participant_id == pid)
                       .values(signature=None))
    # The name typed on the newcomer form when the phone or e-mail matched this person.
    db.session.execute(sa.update(Registration).where(Registration.participant_id == pid)
                       .values(contact_match_name=None))
    # A comment is replaced, not emptied: the number of comments per sex stays as reported.
    db.session.execute(sa.update(SatisfactionAnswer).where(
        SatisfactionAnswer.text != "",
        SatisfactionAnswer.response_id.in_(sa.select(SatisfactionResponse.id).where(
            SatisfactionResponse.participant_id == pid))).values(text=str(ERASED_COMMENT)))
    # What staff wrote about the person (a reason) may name them.
    db.session.execute(sa.update(AttemptReset).where(AttemptReset.participant_id == pid)
                       .values(reason=""))
    db.session.execute(sa.update(OutOfWindowLog).where(OutOfWindowLog.participant_id == pid)
                       .values(reason=""))
    record(AuditEvent.PERSON_ERASED, actor_id=actor_id, person_id=pid)
    db.session.flush()


# Retention --------------------------------------------------------------------------------------

def months_before(instant: datetime, months: int) -> datetime:
    """The same day and time `months` months earlier (the month's last day when it has fewer)."""
    year, month = divmod(instant.year * 12 + instant.month - 1 - months, 12)
    month += 1
    for day in range(instant.day, 27, -1):
        try:
            return instant.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return instant.replace(year=year, month=month, day=min(instant.day, 28))


def inactive_people(cutoff: datetime) -> sa.Select:
    """People not erased, recorded before the cutoff, with no registration to a session ending
    after it, no check-in and no test since."""
    cutoff_day = (cutoff + timedelta(hours=1)).date()  # sessions are dated in Morocco's time
    recent_session = sa.exists().where(
        Registration.participant_id == Participant.id,
        Registration.session_id == Session.id, Session.end_date >= cutoff_day)
    recent_check_in = sa.exists().where(CheckIn.participant_id == Participant.id,
                                        CheckIn.checked_in_at >= cutoff)
    recent_attempt = sa.exists().where(Attempt.participant_id == Participant.id,
                                       Attempt.submitted_at >= cutoff)
    recent_response = sa.exists().where(SatisfactionResponse.participant_id == Participant.id,
                                        SatisfactionResponse.submitted_at >= cutoff)
    return (sa.select(Participant).where(
        Participant.erased_at.is_(None), Participant.created_at < cutoff,
        ~recent_session, ~recent_check_in, ~recent_attempt, ~recent_response)
        .order_by(Participant.id))


@dataclass(frozen=True)
class RetentionResult:
    months: int
    cutoff: datetime
    people: int  # erased, or to be erased with dry_run
    dry_run: bool


def retention(months: int, dry_run: bool = False) -> RetentionResult:
    """Erase everyone inactive for `months` months (by the system: no actor); with dry_run,
    only count them. Logged as one RETENTION_RUN, plus one PERSON_ERASED per person; a dry
    run is not logged."""
    cutoff = months_before(utcnow(), months)
    people = list(db.session.scalars(inactive_people(cutoff)))
    if not dry_run:  # a dry run changes nothing, the log included
        for person in people:
            erase(person, None)
        record(AuditEvent.RETENTION_RUN, details={
            "months": months, "cutoff": cutoff.isoformat(), "people": len(people)})
    return RetentionResult(months, cutoff, len(people), dry_run)
