"""A record's columns as JSON values and back, by the columns' own types: dates and instants
in ISO 8601, decimals as text, uids as text, enums by their stored value. The kit and the
results name only the columns listed here; ids never travel (they differ between servers),
uids and natural keys do."""
from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from trainings.clock import UTCDateTime

SESSION = ("uid", "title", "region", "province", "venue", "start_date", "end_date", "trainers",
           "status", "notes", "qr_rotation", "require_signature", "certificate_threshold",
           "language")
TRAINING = ("title", "theme", "objectives", "duration_hours", "description")
HALF_DAY = ("uid", "date", "period", "starts_at", "ends_at", "window_override")
ORGANIZATION = ("name", "kind", "region", "province")
PARTICIPANT = ("uid", "first_name", "last_name", "sex", "function", "phone", "email", "region",
               "legal_basis", "informed_on", "notice_version", "consent_at", "created_at")
REGISTRATION = ("uid", "source", "needs_review", "contact_match_name", "created_at")
QUESTION = ("uid", "kind", "text", "text_ar", "text_en", "points", "explanation",
            "explanation_ar", "explanation_en", "position")
CHOICE = ("uid", "text", "text_ar", "text_en", "is_correct", "position")
SESSION_TEST = ("pass_mark", "shuffle", "pre_open", "post_open", "satisfaction_open")
SATISFACTION_ITEM = ("uid", "kind", "text", "text_ar", "text_en", "position", "active")
CHECK_IN = ("uid", "method", "checked_in_at", "signature")
OUT_OF_WINDOW = ("uid", "act", "reason", "created_at")
ATTEMPT = ("uid", "kind", "method", "earned", "possible", "percent", "without_pre",
           "started_at", "submitted_at")
ANSWER = ("correct", "earned")
RESET = ("uid", "kind", "percent", "reason", "created_at")
SATISFACTION = ("uid", "submitted_at")
SATISFACTION_ANSWER = ("rating", "text")


def dump(record, fields: tuple[str, ...]) -> dict:
    return {name: _out(getattr(record, name)) for name in fields}


def _out(value):
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (Decimal, uuid.UUID)):
        return str(value)
    return value


def values(model, data: dict, fields: tuple[str, ...]) -> dict:
    """The Python values of `fields` read from `data` for `model`'s columns. A missing or
    malformed value raises ValueError (the package is then refused as altered)."""
    columns = sa.inspect(model).columns
    result = {}
    for name in fields:
        if name not in data:
            raise ValueError(f"{model.__tablename__}.{name} missing")
        result[name] = _in(columns[name], data[name])
    return result


def _in(column, value):
    if value is None:
        if not column.nullable:
            raise ValueError(f"{column.name} may not be empty")
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        parsed = datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            raise ValueError(f"{column.name} has no time zone")
        return parsed
    if isinstance(kind, sa.Date):
        return date.fromisoformat(value)
    if isinstance(kind, sa.Uuid):
        return uuid.UUID(value)
    if isinstance(kind, sa.Numeric) and not isinstance(kind, sa.Float):
        return Decimal(str(value))
    if isinstance(kind, sa.Enum):
        return _enum_value(kind, value)
    return _plain(column, kind, value)


def _enum_value(kind: sa.Enum, value):
    if kind.enum_class is not None:
        return kind.enum_class(value)
    if value not in kind.enums:
        raise ValueError(f"unknown code {value!r}")
    return value


def _plain(column, kind, value):
    expected = {sa.Boolean: bool, sa.Integer: int, sa.Float: (int, float),
                sa.String: str, sa.Text: str}
    for type_, python in expected.items():
        if isinstance(kind, type_):
            if not isinstance(value, python) or (python is int and isinstance(value, bool)):
                raise ValueError(f"{column.name}: {value!r}")
            return value
    raise ValueError(f"{column.name}: unsupported type")
