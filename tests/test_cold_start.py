"""What the application imports to start: scipy.stats (0.8 s of a 2 s start) only when a report
computes a p-value or a quantile, not for the check-in pages a new worker serves first."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import sys
from trainings import create_app
app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
print("scipy" in sys.modules)
from trainings.reports import statistics
statistics._t_quantile(9)
print("scipy.stats" in sys.modules)
"""


def test_scipy_is_imported_by_the_first_figure_that_needs_it_not_at_start():
    result = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
