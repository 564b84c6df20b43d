"""The export of everything held about one person, as one JSON-ready document. Pure: plain data
in (already read from the database), a dict and bytes out; no Flask, no database."""
from __future__ import annotations

import enum
import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

FORMAT = "formations-genre-migration/donnees-personnelles/1"

# The sections of the document, in the order the PDF prints them.
SECTIONS = ("inscriptions", "emargements", "tests", "satisfaction", "reinitialisations",
            "hors_creneau", "fusions", "telechargements", "journal")


def plain(value):
    """A value JSON holds as such: dates and instants in ISO 8601, decimals as numbers, enums
    as their codes; lists and dicts value by value."""
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds").replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def person_document(identity: Mapping, sections: Mapping[str, Sequence[Mapping]],
                    generated_at: datetime) -> dict:
    """The whole document: identity first, then every section (empty ones too, so that the
    person sees that nothing of that kind is held)."""
    unknown = set(sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown sections: {sorted(unknown)}")
    return {
        "format": FORMAT,
        "genere_le": plain(generated_at),
        "personne": plain(identity),
        **{name: plain(list(sections.get(name, ()))) for name in SECTIONS},
    }


def document_json(document: Mapping) -> bytes:
    """UTF-8 JSON, indented, keys in the document's order; what people typed stays as typed."""
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
