"""benchmarks.compare: two runs of the benchmark side by side, with how each figure grew."""
from __future__ import annotations

import json

import pytest

from benchmarks import compare


def run(database: str, scale: float, report_p95: float, small_p95: float | None,
        export_seconds: float) -> dict:
    report = {"p95_s": report_p95}
    if small_p95 is not None:
        report.update(small_scale=1.0, small_p95_s=small_p95)
    return {"machine": {"database": database, "scale": scale, "load_average": [3.5, 2.0, 1.0],
                        "finished_at": "2026-12-03T19:00:00+00:00", "seconds": 60},
            "results": [
                {"bench": "B3", "what": "programme report", "value": f"p95 {report_p95}",
                 "passed": report_p95 <= 0.3, "data": report},
                {"bench": "B4", "what": f"consolidated workbook: time ({int(scale):,} rows)",
                 "value": f"{export_seconds} s", "passed": True,
                 "data": {"seconds": export_seconds}},
                {"bench": "B4", "what": "consolidated workbook: peak memory", "value": "17 MB",
                 "passed": True, "data": {"seconds": export_seconds}},
            ]}


def test_figures_side_by_side_with_their_growth():
    small = run("sqlite", 1.0, 0.2, None, 4.0)
    # B3's growth comes from the larger run's own measure of scale 1 (0.25 s), not the other run.
    large = run("sqlite", 10.0, 2.5, 0.25, 50.0)
    lines = compare.table([small, large]).splitlines()
    assert lines[0] == "|  | measure | SQLite ×1 | SQLite ×10 | growth |"
    assert lines[2] == "| B3 | programme report | p95 0.2 pass | p95 2.5 **FAIL** | 10.0× |"
    # the row count leaves the measure's name; memory has no growth figure
    assert lines[3] == "| B4 | consolidated workbook: time | 4.0 s pass | 50.0 s pass | 12.5× |"
    assert lines[4].endswith("| 17 MB pass | 17 MB pass |  |")


def test_files_must_come_in_pairs(tmp_path, capsys):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(run("postgresql", 1.0, 0.1, None, 4.0)))
    with pytest.raises(SystemExit):
        compare.main([str(path)])
    assert "pairs" in capsys.readouterr().err
