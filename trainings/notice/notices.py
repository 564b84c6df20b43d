"""The versions of the data notice « Vos données personnelles », each kept readable, and the
legal bases a person's record can rest on. The texts go through Flask-Babel; a new wording is a
new version (never an edit of a published one), so that staff can read what a person agreed to.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


class LegalBasis(enum.StrEnum):
    """Why a person's data are held (law 09-08, article 4)."""

    UNKNOWN = "unknown"  # recorded before the basis was: never presumed
    REGISTRATION = "registration"  # registered by staff for the organisation's training
    CONSENT = "consent"  # registered themself on their phone, ticking the consent


LEGAL_BASIS_LABELS = {
    LegalBasis.UNKNOWN: _l("Non renseigné"),
    LegalBasis.REGISTRATION: _l("Inscription par l'organisation"),
    LegalBasis.CONSENT: _l("Consentement"),
}


@dataclass(frozen=True)
class NoticeVersion:
    """One published wording: its id (the date it took effect), the sentence a newcomer ticks
    to consent, and the template holding the notice's body."""

    version: str
    consent: object  # a lazy string
    template: str


# Oldest first. Never edit a published entry or its template: add a version.
VERSIONS = (
    NoticeVersion(
        "2026-12-01",
        _l("J'accepte que ces informations soient enregistrées pour la feuille de présence et "
           "les rapports du programme, comme l'explique la notice « Vos données personnelles »."),
        "notice/notice-2026-12-01.html"),
)
BY_VERSION = {notice.version: notice for notice in VERSIONS}
CURRENT_VERSION = VERSIONS[-1].version


def current() -> NoticeVersion:
    """The wording given to people from now on."""
    return BY_VERSION[CURRENT_VERSION]


def get(version: str | None) -> NoticeVersion | None:
    """A published wording by its id, or None."""
    return BY_VERSION.get(version or "")
