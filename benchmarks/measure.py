"""What every benchmark shares: percentiles, peak memory, a logged-in request context, and the
lines of the results table."""
from __future__ import annotations

import math
import re
import tracemalloc
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

import sqlalchemy as sa
from flask_login import login_user

from benchmarks.synthetic import EXPERT_EMAIL
from trainings.extensions import db
from trainings.models import User

MB = 1024 * 1024


@dataclass
class Line:
    """One line of the results table: a measure beside its baseline and its budget."""

    bench: str  # "B1" ... "B5"
    what: str
    value: str
    baseline: str = ""
    budget: str = ""
    passed: bool | None = None  # None: informative, or not measured
    data: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by the nearest-rank method; nan for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def hidden_field(page: str, name: str) -> str:
    """The value of a form's hidden input, as a phone would send it back."""
    tag = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', page).group(0)
    return re.search(r'\bvalue="([^"]*)"', tag).group(1)


def _status_kib(name: str) -> int:
    with open("/proc/self/status") as status:
        return int(re.search(rf"^{name}:\s+(\d+) kB", status.read(), re.M)[1])


def peak_memory_growth(action) -> tuple[object, int]:
    """(action's result, bytes the process's peak resident memory grew by while it ran).
    On Linux the kernel's own peak (VmHWM, reset first), which sees C allocations too and does
    not slow Python down the way tracemalloc does; elsewhere tracemalloc's peak."""
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")  # the peak resident size starts again from the current one
    except OSError:
        tracemalloc.start()
        try:
            result = action()
            return result, tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    before = _status_kib("VmRSS")
    result = action()
    return result, max(0, _status_kib("VmHWM") - before) * 1024


def expert() -> User:
    return db.session.scalar(sa.select(User).where(User.email == EXPERT_EMAIL))


@contextmanager
def as_expert(app):
    """A request context with the benchmark's expert logged in, rolled back afterwards (the
    download log is not kept)."""
    with app.test_request_context():
        login_user(expert())
        try:
            yield
        finally:
            db.session.rollback()
