"""Normal forms of what identifies a person (e-mail, phone, names), so that the same person typed
twice in two ways is recognised as one. Plain strings in, plain strings out."""
from __future__ import annotations

import re
import unicodedata

import email_validator

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalize_email(value: str | None) -> str | None:
    """The address stripped and lower-cased, or None when empty."""
    value = (value or "").strip().lower()
    return value or None


def normalize_phone(value: str | None) -> str | None:
    """Digits only, with a leading + kept; None when no digit is left."""
    value = (value or "").strip()
    digits = re.sub(r"\D", "", value)
    if not digits:
        return None
    return f"+{digits}" if value.startswith("+") else digits


def email_is_valid(value: str) -> bool:
    try:
        email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return False
    return True


def phone_is_plausible(value: str) -> bool:
    """Between 6 and 15 digits (E.164 allows at most 15)."""
    return 6 <= len(value.lstrip("+")) <= 15


def fold(text: str | None) -> str:
    """A comparison key: no accents, no case, single spaces, one kind of apostrophe."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())
