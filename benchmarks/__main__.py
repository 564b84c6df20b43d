"""python -m benchmarks: build (or reuse) the synthetic databases, run B1-B5, print the table and
write the JSON. SQLite files under benchmarks/out/ by default; PostgreSQL when DATABASE_URL is
set (that database's public schema is dropped and rebuilt)."""
from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from benchmarks import checkin, database, exports, gains_api, page_weight, staff_pages
from benchmarks.measure import Line

ALL = ("B1", "B2", "B3", "B4", "B5")


def machine() -> dict:
    """What the figures were measured on."""
    info = {"nproc": os.cpu_count(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "platform": platform.platform()}
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            info["cpu"] = next((line.split(":", 1)[1].strip() for line in cpuinfo
                                if line.startswith("model name")), "")
        with open("/proc/meminfo") as meminfo:
            info["ram_gb"] = round(int(meminfo.readline().split()[1]) / 1024 / 1024, 1)
        info["load_average"] = os.getloadavg()
    except OSError:
        pass
    return info


def postgres_version(url: str) -> str | None:
    if database.is_sqlite(url):
        return None
    app = database.bench_app(url)
    with app.app_context():
        from trainings.extensions import db

        version = db.session.execute(sa.text("SHOW server_version")).scalar()
        db.engine.dispose()
        return version


def table(lines: list[Line]) -> str:
    header = ("", "measure", "value", "baseline / other size", "budget", "")
    rows = [(line.bench, line.what, line.value, line.baseline, line.budget,
             {True: "pass", False: "FAIL", None: "-"}[line.passed]) for line in lines]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    out = ["  ".join(str(cell).ljust(width) for cell, width in zip(header, widths)).rstrip(),
           "  ".join("-" * width for width in widths)]
    out += ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths)).rstrip()
            for row in rows]
    return "\n".join(out)


def run(scale: float, small_scale: float, only: tuple[str, ...], checkins: int, phones: int,
        repeat: int, log=print) -> tuple[list[Line], dict]:
    started = time.perf_counter()
    lines: list[Line] = []
    small_results = None
    if "B3" in only:
        small_url = database.ensure_database(small_scale, log=log)
        log(f"B3 at scale {small_scale:g} ...")
        small_results = staff_pages.measure(small_url, repeat=repeat)
    url = database.ensure_database(scale, log=log)
    if "B1" in only:
        log("B1 check-in under load (gunicorn, 2 workers) ...")
        lines += checkin.lines(checkin.measure(url, checkins=checkins, phones=phones, log=log))
    if "B2" in only:
        log("B2 check-in pages' weight ...")
        lines += page_weight.lines(page_weight.measure(url))
    if "B3" in only:
        log(f"B3 at scale {scale:g} ...")
        lines += staff_pages.lines(small_results, staff_pages.measure(url, repeat=repeat),
                                   small_scale, scale)
    if "B4" in only:
        log("B4 exports (each in its own process) ...")
        lines += exports.run(url)
    if "B5" in only:
        log("B5 pooled gains API ...")
        lines += gains_api.lines(gains_api.measure(url, repeat=max(3, repeat // 3)))
    info = {**machine(), "postgresql": postgres_version(url),
            "database": "postgresql" if not database.is_sqlite(url) else "sqlite",
            "scale": scale, "small_scale": small_scale,
            "seconds": round(time.perf_counter() - started, 1),
            "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    return lines, info


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="size of the programme, 1 = 600 sessions, 20,000 people, 100,000 "
                             "attendances (default 1)")
    parser.add_argument("--small-scale", type=float, default=None,
                        help="the second size of B3 (default: scale / 10)")
    parser.add_argument("--only", default=",".join(ALL), help="e.g. B1,B4 (default: all)")
    parser.add_argument("--checkins", type=int, default=400,
                        help="B1: check-in POSTs (and as many baseline INSERTs)")
    parser.add_argument("--phones", type=int, default=16, help="B1: concurrent phones")
    parser.add_argument("--repeat", type=int, default=15, help="B3: timed requests per page")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the databases")
    parser.add_argument("--json", type=Path, default=database.OUT / "latest.json",
                        help="where to write the results (default benchmarks/out/latest.json)")
    args = parser.parse_args(argv)
    only = tuple(name.strip().upper() for name in args.only.split(","))
    small_scale = args.small_scale or args.scale / 10
    if args.rebuild:
        for scale in {args.scale, small_scale}:
            database.ensure_database(scale, rebuild=True)
    lines, info = run(args.scale, small_scale, only, args.checkins, args.phones, args.repeat)
    print()
    print(table(lines))
    print()
    print(", ".join(f"{key} {value}" for key, value in info.items()))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    results = [line.as_dict() for line in lines]
    args.json.write_text(json.dumps({"machine": info, "results": results},
                                    indent=2, ensure_ascii=False, default=str))
    print(f"written to {args.json}")
    return 1 if any(line.passed is False for line in lines) else 0


if __name__ == "__main__":
    raise SystemExit(main())
