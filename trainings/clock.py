"""Time handling: the database keeps UTC, people read Morocco's local time (Africa/Casablanca)."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

LOCAL_TZ = ZoneInfo("Africa/Casablanca")

# The instant the whole application takes for "now" when tests set it (tests/clock.py); None:
# the system's clock. Everything reads the time through utcnow() and local_today().
frozen_at: datetime | None = None


def utcnow() -> datetime:
    return frozen_at if frozen_at is not None else datetime.now(timezone.utc)


def local_today() -> date:
    return to_local(utcnow()).date()


def local_to_utc(day: date, at: time) -> datetime:
    """The UTC instant of a local wall-clock time in Morocco (Ramadan shifts included)."""
    return datetime.combine(day, at, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def to_local(instant: datetime) -> datetime:
    return instant.astimezone(LOCAL_TZ)


def local_time(instant: datetime | None) -> str:
    """The local wall-clock time of an instant, HH:MM; empty for None (a template filter too)."""
    return to_local(instant).strftime("%H:%M") if instant else ""


class UTCDateTime(sa.types.TypeDecorator):
    """Store aware datetimes as naive UTC, read them back as aware UTC, on every database."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where UTC is expected")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)
