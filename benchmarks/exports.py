"""B4: the attendance workbooks, timed and their peak memory measured, beside openpyxl's
write-only mode writing the same rows from memory in the same run.

- the per-session workbook of the large session (500 people over 6 half-days at full size);
- the consolidated workbook of every attendance (about 100,000 lines at full size).

The application's figure includes its queries; the baseline's rows are read beforehand and
only their writing is measured. Budget: at most 1.3 times the baseline, at most 150 MB.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook

from benchmarks.database import bench_app
from benchmarks.measure import MB, Line, as_expert, expert, peak_memory_growth
from benchmarks.synthetic import LARGE_SESSION_TITLE, named_session_id
from trainings.exports import services, sheet_data, xlsx
from trainings.extensions import db
from trainings.schedule.models import Session

ROOT = Path(__file__).resolve().parent.parent
TIME_RATIO = 1.3
MEMORY_BUDGET = 150 * MB


def _openpyxl_write_only(sheets: dict[str, list]) -> int:
    """The baseline: openpyxl in write-only mode, rows appended from memory, saved to a
    temporary file; returns the file's size."""
    workbook = Workbook(write_only=True)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    with tempfile.TemporaryFile() as file:
        workbook.save(file)
        return file.tell()


def _size(content) -> int:
    if isinstance(content, bytes):
        return len(content)
    if not hasattr(content, "read"):  # written while sent: the pieces are counted as they come
        return sum(len(chunk) for chunk in content)
    content.seek(0, 2)
    size = content.tell()
    content.close()
    return size


def _measured(action) -> tuple[object, float, int]:
    start = time.perf_counter()
    result, memory = peak_memory_growth(action)
    return result, time.perf_counter() - start, memory


def session_rows(sheet: sheet_data.SessionSheet, labels: xlsx.Labels) -> dict[str, list]:
    """The cells of the session workbook's sheets as plain rows (what the baseline writes)."""
    attendance = [[p.number, p.last_name, p.first_name, p.sex, p.organization,
                   p.organization_kind, p.function, p.phone, p.email,
                   *(xlsx.presence_text(presence, labels) for presence in p.presences),
                   p.participant_id] for p in sheet.rows]
    data = []
    for index, column in enumerate(sheet.half_days):
        for p in sheet.rows:
            presence = p.presences[index]
            data.append([sheet.session_id, sheet.title, sheet.training, sheet.theme,
                         sheet.region, sheet.province, column.id, column.date,
                         column.period_label, f"{column.start:%H:%M}", f"{column.end:%H:%M}",
                         p.participant_id, p.last_name, p.first_name, p.sex, p.organization,
                         p.organization_kind, p.function, int(p.walk_in),
                         int(presence is not None),
                         presence.at.replace(tzinfo=None) if presence else None,
                         presence.method if presence else "",
                         presence.recorded_by if presence else ""])
    return {"attendance": attendance, "data": data}


def _lines(what: str, app: dict, base: dict) -> list[Line]:
    data = {"rows": app["rows"], "seconds": app["seconds"],
            "peak_memory_bytes": app["memory"], "file_bytes": app["size"],
            "baseline_seconds": base["seconds"], "baseline_peak_memory_bytes": base["memory"],
            "baseline_file_bytes": base["size"],
            "rows_per_second": app["rows"] / app["seconds"] if app["seconds"] else None}
    ratio = app["seconds"] / base["seconds"] if base["seconds"] else float("inf")
    data["ratio"] = ratio
    return [
        Line("B4", f"{what}: time ({app['rows']:,} rows)",
             f"{app['seconds']:.2f} s ({ratio:.2f}×)",
             f"{base['seconds']:.2f} s openpyxl write-only", f"≤ {TIME_RATIO}× baseline",
             ratio <= TIME_RATIO, data),
        Line("B4", f"{what}: peak memory", f"{app['memory'] / MB:.0f} MB",
             f"{base['memory'] / MB:.0f} MB", f"≤ {MEMORY_BUDGET // MB} MB",
             app["memory"] <= MEMORY_BUDGET, data),
    ]


# Each workload runs in a fresh process: memory freed by one would hide the next one's peak.

def _session_app(app) -> dict:
    session = db.session.get(Session, named_session_id(LARGE_SESSION_TITLE))
    user_id = expert().id
    download, seconds, memory = _measured(
        lambda: services.session_workbook(session, user_id, contacts=True))
    sheet = sheet_data.session_sheet(session, contacts=True)
    return {"rows": len(sheet.rows) * len(sheet.half_days), "seconds": seconds,
            "memory": memory, "size": _size(download.content),
            "people": len(sheet.rows), "half_days": len(sheet.half_days)}


def _session_baseline(app) -> dict:
    session = db.session.get(Session, named_session_id(LARGE_SESSION_TITLE))
    rows = session_rows(sheet_data.session_sheet(session, contacts=True),
                        services.workbook_labels())
    size, seconds, memory = _measured(lambda: _openpyxl_write_only(rows))
    return {"rows": len(rows["data"]), "seconds": seconds, "memory": memory, "size": size}


def _consolidated_app(app) -> dict:
    filters = services.AttendanceFilters()
    user_id = expert().id  # the expert's scope is every region: None
    # The workbook is written as its pieces are taken: the measure covers sending it whole.
    size, seconds, memory = _measured(
        lambda: _size(services.consolidated_workbook(filters, None, user_id).content))
    return {"rows": None, "seconds": seconds, "memory": memory, "size": size}


def _consolidated_baseline(app) -> dict:
    rows = list(services.attendance_rows(services.AttendanceFilters(), None))
    sheets = {"summary": [["…"]], "data": [list(xlsx.DATA_COLUMNS), *rows]}
    size, seconds, memory = _measured(lambda: _openpyxl_write_only(sheets))
    return {"rows": len(rows), "seconds": seconds, "memory": memory, "size": size}


WORKLOADS = {"session-app": _session_app, "session-baseline": _session_baseline,
             "consolidated-app": _consolidated_app,
             "consolidated-baseline": _consolidated_baseline}


def isolated(workload: str, url: str) -> dict:
    """Run one workload in a new Python process on the database at url."""
    output = subprocess.run([sys.executable, "-m", "benchmarks.exports", workload, url],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def session_workbook(url: str) -> list[Line]:
    app, base = isolated("session-app", url), isolated("session-baseline", url)
    what = f"session workbook, {app['people']} people × {app['half_days']} half-days"
    return _lines(what, app, base)


def consolidated_workbook(url: str) -> list[Line]:
    base = isolated("consolidated-baseline", url)
    app = {**isolated("consolidated-app", url), "rows": base["rows"]}
    return _lines("consolidated workbook", app, base)


def run(url: str) -> list[Line]:
    return session_workbook(url) + consolidated_workbook(url)


def main(workload: str, url: str) -> None:
    app = bench_app(url)
    with as_expert(app):
        print(json.dumps(WORKLOADS[workload](app)))


if __name__ == "__main__":
    main(*sys.argv[1:3])
