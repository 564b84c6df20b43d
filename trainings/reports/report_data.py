"""The plain data of a knowledge-gain report (one session, or pooled over the programme), as the
services build it and the page, the SVG charts and the workbook read it. Pure: no Flask, no
database; codes (sex, region, theme…) stay codes, words come from the caller's labels."""
from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import date

from trainings.reports import statistics


@dataclass(slots=True)
class GainRow:
    """One participant in one session with at least one attempt: a row of the "Données" sheet.
    No name, phone or e-mail: the participant is a pseudonymous code. Read-only by convention
    (not frozen: a frozen dataclass is three times slower to build, and reports build 15,000)."""

    participant_code: str
    sex: str | None  # "female", "male" or None
    organization_kind: str | None  # code of places.ORGANIZATION_KINDS, None without organisation
    region: str  # code of places.REGIONS
    province: str  # code of places.PROVINCES
    training: str  # title
    theme: str  # code of places.THEMES
    session_id: int
    session_title: str
    start_date: date
    end_date: date
    pre: float | None  # percent, unrounded; None when missing
    post: float | None

    @property
    def gain(self) -> float | None:
        """post − pre in points, rounded as every gain figure is (statistics.gain)."""
        return statistics.gain(self.pre, self.post)

    @property
    def pair(self) -> tuple[str | None, float | None, float | None]:
        """The (sex, pre, post) triple that statistics.gain_summary takes."""
        return (self.sex, self.pre, self.post)


@dataclass(frozen=True)
class Breakdown:
    """The figures of one part of a pooled report (a region, a theme)."""

    key: str  # code (region or theme)
    label: str
    summary: dict  # statistics.gain_summary(significance=False): no Wilcoxon p-values


@dataclass(frozen=True)
class PeopleCounts:
    """Unique people trained (present at least one half-day) and attendances (person × half-day),
    by sex: keys "women", "men", "unknown", "total"."""

    people: dict[str, int]
    attendances: dict[str, int]

    @property
    def share_of_women(self) -> float | None:
        """Women among the unique people trained, as a fraction; None when nobody was trained."""
        total = self.people.get("total", 0)
        return self.people.get("women", 0) / total if total else None


@dataclass
class GainReport:
    """Everything a report shows. `questions` and `satisfaction` are filled for one session only
    (statistics.question_figures / satisfaction_figures); `breakdowns` and `people` for a pooled
    report; `filters` are (label, value) lines describing the selection, already translated."""

    title: str
    summary: dict  # statistics.gain_summary() over the pairs of `rows`
    rows: list[GainRow]
    n_sessions: int
    filters: list[tuple[str, str]] = field(default_factory=list)
    questions: list[dict] | None = None
    satisfaction: list[dict] | None = None
    breakdowns: dict[str, list[Breakdown]] = field(default_factory=dict)  # "region", "theme"
    people: PeopleCounts | None = None


def participant_code(secret: str | bytes, participant_id: int) -> str:
    """A pseudonymous, stable code for a participant: the same person has the same code in
    every export, and nobody without the application's secret can tell who it is."""
    key = secret.encode() if isinstance(secret, str) else secret
    digest = hmac.new(key, f"participant:{participant_id}".encode(), hashlib.sha256).digest()
    return "P-" + base64.b32encode(digest[:5]).decode()
