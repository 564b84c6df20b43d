"""The application's clock in tests: set it to a local Moroccan time, and every page, service and
model default that reads trainings.clock takes that instant for "now"."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from trainings import clock as app_clock
from trainings.clock import local_to_utc


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._monkeypatch = monkeypatch

    def set(self, day: date, at: str | time) -> datetime:
        """Stop the clock at this wall-clock time in Morocco ("07:51"); return it as UTC."""
        if isinstance(at, str):
            at = time.fromisoformat(at)
        return self.set_utc(local_to_utc(day, at))

    def set_utc(self, instant: datetime) -> datetime:
        self._monkeypatch.setattr(app_clock, "frozen_at", instant)
        return instant

    def advance(self, delta: timedelta) -> datetime:
        return self.set_utc(app_clock.utcnow() + delta)
