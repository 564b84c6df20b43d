"""python -m benchmarks.compare SMALL.json LARGE.json [SMALL.json LARGE.json ...]: the results of
runs at two scales side by side, as a Markdown table for docs/benchmarks.md: each measure's value
at each scale (with pass or FAIL against its budget) and how much it grew from one to the other.
The files are the JSON `python -m benchmarks` writes; give them in pairs (e.g. scale 1 then
scale 10 on SQLite, then the same on PostgreSQL). B3's growth is taken within the larger run,
which measures the smaller size too, under the same load."""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

# The figure whose growth is shown, by benchmark: where it sits in a line's data.
GROWING = {"B1": ("checkin", "rps"), "B3": (None, "p95_s"), "B4": (None, "seconds"),
           "B5": (None, "p50_s")}
MARKS = {True: "pass", False: "**FAIL**", None: ""}


def label(run: dict) -> str:
    machine = run["machine"]
    database = "PostgreSQL" if machine.get("database") == "postgresql" else "SQLite"
    return f"{database} ×{machine['scale']:g}"


def figure(line: dict) -> float | None:
    """The number that grows with the data for this line, or None (page weights, ratios)."""
    where = GROWING.get(line["bench"])
    if where is None or "memory" in line["what"] or "latency" in line["what"]:
        return None
    data = line.get("data", {})
    if where[0] is not None:
        data = data.get(where[0], {})
    value = data.get(where[1])
    return value if isinstance(value, (int, float)) and value == value else None


def growth(small: dict, large: dict, small_scale: float) -> str:
    """After over before. B3 measures the smaller size in the same run as the larger one, under
    the same load: that figure is taken when it is the smaller run's scale."""
    before, after = figure(small), figure(large)
    data = large.get("data", {})
    if large["bench"] == "B3" and data.get("small_scale") == small_scale:
        before = data.get("small_p95_s")
    if not before or after is None:
        return ""
    return f"{after / before:.1f}×"


def measure_name(line: dict) -> str:
    """The measure without the row count that changes with the scale."""
    return re.sub(r" \([\d,]+ rows\)", "", line["what"])


def cell(line: dict) -> str:
    mark = MARKS[line.get("passed")]
    return f"{line['value']} {mark}".strip().replace("|", "/")


def table(runs: list[dict]) -> str:
    pairs = [(runs[i], runs[i + 1]) for i in range(0, len(runs), 2)]
    header = ["", "measure"]
    for small, large in pairs:
        header += [label(small), label(large), "growth"]
    out = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for index, first in enumerate(runs[0]["results"]):
        row = [first["bench"], measure_name(first)]
        for small, large in pairs:
            a, b = small["results"][index], large["results"][index]
            row += [cell(a), cell(b), growth(a, b, small["machine"]["scale"])]
        out.append("| " + " | ".join(row) + " |")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.compare", description=__doc__)
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args(argv)
    if len(args.files) % 2:
        parser.error("give the files in pairs: the smaller scale, then the larger")
    runs = [json.loads(path.read_text()) for path in args.files]
    if len({len(run["results"]) for run in runs}) != 1:
        parser.error("the runs measured different benchmarks (--only)")
    print(table(runs))
    print()
    for run in runs:
        machine = run["machine"]
        load = ", ".join(f"{value:.1f}" for value in machine.get("load_average", ()))
        print(f"- {label(run)}: finished {machine.get('finished_at')}, "
              f"{machine.get('seconds')} s, load average (1, 5, 15 min) at the end {load}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
