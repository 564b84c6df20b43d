"""The plain data of one period of the progress report, as services.py counts it and
indicators.py reads it. Pure: no Flask, no database; codes stay codes."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

GROUPS = ("women", "men", "unknown", "total")




def by_sex() -> dict[str, int]:
    return dict.fromkeys(GROUPS, 0)


@dataclass
class SessionHeld:
    """A session of the period with at least one attendance."""

    session_id: int
    title: str
    venue: str
    province: str  # code of places.PROVINCES
    region: str  # code of places.REGIONS
    theme: str  # code of places.THEMES
    start_date: date
    end_date: date
    audiences: list[str]  # codes of places.ORGANIZATION_KINDS the session was meant for
    half_days: int  # half-days delivered (with at least one attendance)
    people: dict[str, int]  # unique people present, by sex
    mean_gain: float | None  # pooled over the session's pairs, None without pairs
    n_paired: int


@dataclass
class PeriodFigures:
    """Every count the indicators are made of, for one period and one selection. Dicts by sex
    have the keys of GROUPS; unknown-sex people count in "total" and in "unknown"."""

    sessions: list[SessionHeld] = field(default_factory=list)
    people: dict[str, int] = field(default_factory=by_sex)  # unique, present ≥ 1 half-day
    attendances: dict[str, int] = field(default_factory=by_sex)  # person × half-day
    registered_half_days: dict[str, int] = field(default_factory=by_sex)  # registrations × hd
    present_half_days: dict[str, int] = field(default_factory=by_sex)  # of registered people
    completed: dict[str, int] = field(default_factory=by_sex)  # present ≥ threshold somewhere
    returning: dict[str, int] = field(default_factory=by_sex)  # trained before the period
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)  # "" = no organisation
    by_region: dict[str, dict[str, int]] = field(default_factory=dict)
    gains: dict[str, dict] = field(default_factory=dict)  # statistics' groups
    pass_mark: float = 70.0
    satisfaction: dict[str, dict] = field(default_factory=dict)  # {"mean", "n"} by sex
    gains_by_sex: dict[str, list[float]] = field(default_factory=dict)  # charts.gains_by_sex

    @property
    def half_days(self) -> int:
        return sum(session.half_days for session in self.sessions)

