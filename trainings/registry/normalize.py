"""Normal forms of what identifies a person (e-mail, phone, names), so that the same person typed
twice in two ways is recognised as one. Plain strings in, plain strings out."""
from __future__ import annotations

import unicodedata

import email_validator
import phonenumbers

DEFAULT_PHONE_REGION = "MA"  # a number typed without country code is Moroccan
# What a typed number may hold besides digits (of any script): spaces, "+", dots, dashes,
# brackets, slashes. Letters are refused, not read as a keypad's (1-800-FLOWERS).
_PHONE_PUNCTUATION = frozenset(" \u00a0+-.()/")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})


def normalize_email(value: str | None) -> str | None:
    """The address stripped and lower-cased, or None when empty."""
    value = (value or "").strip().lower()
    return value or None


def normalize_phone(value: str | None) -> str | None:
    """The number in its one stored form, E.164 (+212661234567), whether it was typed 06…, 07…,
    00212…, +212 6 …, with dots, dashes or Arabic-Indic digits; a number without a country
    code is Moroccan, one with a + keeps its country. None when blank or not a phone number
    (letters, a formula, too few or too many digits)."""
    value = (value or "").strip()
    if not value or not all(c.isdecimal() or c in _PHONE_PUNCTUATION for c in value):
        return None
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phone_is_valid(value: str | None) -> bool:
    """A normalised number that exists in its country's numbering plan (a Moroccan mobile is
    +2126… or +2127… with 8 more digits): a digit too few or too many is not one."""
    if not value:
        return False
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(value, DEFAULT_PHONE_REGION))
    except phonenumbers.NumberParseException:
        return False


def checked_phone(value: str | None) -> str | None:
    """A phone number typed by someone, in its stored form; None when blank; InvalidPhone when
    it is not a valid number."""
    if not (value or "").strip():
        return None
    phone = normalize_phone(value)
    if phone is None or not phone_is_valid(phone):
        raise InvalidPhone(value)
    return phone


class InvalidPhone(ValueError):
    """A typed phone number that is not one."""


def contact_key(value: str | None) -> tuple[str, str] | None:
    """What a participant typed to be recognised, as stored: ("email", the address) or
    ("phone", the number in E.164); None when it is neither an address nor a number."""
    value = (value or "").strip()
    if "@" in value:
        return ("email", normalize_email(value)) if email_is_valid(value) else None
    phone = normalize_phone(value)
    return ("phone", phone) if phone else None


def email_is_valid(value: str) -> bool:
    try:
        email_validator.validate_email(value, check_deliverability=False)
    except email_validator.EmailNotValidError:
        return False
    return True


def fold(text: str | None) -> str:
    """A comparison key: no accents, no case, single spaces, one kind of apostrophe."""
    text = unicodedata.normalize("NFKD", (text or "").translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())
