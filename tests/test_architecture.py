"""The shape of the code, checked with the tests: the import contracts of pyproject.toml (layers,
no cycles between packages, no view importing another feature's view) and no function more
tangled than radon's grade C."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from radon.complexity import cc_rank, cc_visit

ROOT = Path(__file__).resolve().parent.parent
MOST_COMPLEX = "C"  # radon's grades: A (1-5), B (6-10), C (11-20), D (21-30), E, F


def test_the_import_contracts_are_kept():
    run = subprocess.run(
        [sys.executable, "-c",
         "import sys; from importlinter.cli import lint_imports; "
         "sys.exit(lint_imports(no_cache=True, no_logo=True))"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "3 kept, 0 broken" in run.stdout


def test_no_function_is_graded_above_c():
    tangled = []
    for path in sorted((ROOT / "trainings").rglob("*.py")):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if cc_rank(block.complexity) > MOST_COMPLEX:
                tangled.append(f"{path.relative_to(ROOT)}:{block.lineno} {block.name} "
                               f"{cc_rank(block.complexity)} ({block.complexity})")
    assert tangled == []
