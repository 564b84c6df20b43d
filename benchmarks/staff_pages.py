"""B3: the staff pages, served in process by the Flask test client to a logged-in expert:
server time (p50, p95) and SQL statements per page, at one tenth and at full size.

Budget: the same number of statements at both sizes (no query per row), p95 ≤ 150 ms at full
size (scale 1), ≤ 300 ms for a national programme (scale above 1). A page whose endpoint does not exist (yet) is reported "absent".
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from sqlalchemy import event

from benchmarks.database import bench_app
from benchmarks.measure import Line, expert, percentile
from benchmarks.synthetic import LARGE_SESSION_TITLE, named_session_id
from trainings.auth import logins
from trainings.extensions import db

P95_BUDGET = 0.150
# A national programme (--scale 10, issue 16): the staff pages' p95 stays within 300 ms.
P95_BUDGET_NATIONAL = 0.300


def p95_budget(scale: float) -> float:
    return P95_BUDGET if scale <= 1 else P95_BUDGET_NATIONAL
# (name, endpoint, path); {session} is the large session (500 people at full size).
PAGES = (
    ("session list", "schedule.sessions", "/sessions/"),
    ("session page", "schedule.detail", "/sessions/{session}"),
    ("roster", "attendance.roster", "/sessions/{session}/roster"),
    ("session report", "reports.session_report", "/sessions/{session}/report"),
    ("programme report", "reports.programme", "/reports/programme"),
)


@dataclass
class PageTiming:
    name: str
    present: bool
    status: int = 0
    p50: float = 0.0
    p95: float = 0.0
    queries: int = 0
    query_counts: tuple[int, ...] = ()
    path: str = ""


def measure(url: str, repeat: int = 15, warmup: int = 2) -> dict[str, PageTiming]:
    """Each page requested warmup + repeat times; its statements counted on every request."""
    app = bench_app(url)
    client = app.test_client()
    results = {}
    with app.app_context():
        session_id = named_session_id(LARGE_SESSION_TITLE)
        # a live login, as the login form opens one: the session names it, not just the account
        user = expert()
        secret = logins.open_login(user, app.config["REMEMBER_COOKIE_DURATION"])
        login_id = f"{user.id}:{secret}"
        db.session.commit()
        engine = db.engine
        endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
        db.session.remove()
    with client.session_transaction() as cookie:
        cookie["_user_id"] = login_id
        cookie["_fresh"] = True
    statements: list[str] = []

    def record(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        for name, endpoint, pattern in PAGES:
            if endpoint not in endpoints:
                results[name] = PageTiming(name, present=False)
                continue
            path = pattern.format(session=session_id)
            times, counts, status = [], [], 0
            for n in range(warmup + repeat):
                statements.clear()
                start = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - start
                status = response.status_code
                if n >= warmup:
                    times.append(elapsed)
                    counts.append(len(statements))
            results[name] = PageTiming(name, True, status, percentile(times, 50),
                                       percentile(times, 95), max(counts),
                                       tuple(sorted(set(counts))), path)
    finally:
        event.remove(engine, "before_cursor_execute", record)
        with app.app_context():
            db.engine.dispose()
    return results


def lines(small: dict[str, PageTiming], full: dict[str, PageTiming],
          small_scale: float, full_scale: float) -> list[Line]:
    out = []
    for name, *_rest in PAGES:
        page, tenth = full[name], small[name]
        if not page.present:
            out.append(Line("B3", name, "absent", budget="endpoint not there yet"))
            continue
        ok_status = page.status == 200 and tenth.status == 200
        same = page.queries == tenth.queries and len(page.query_counts) == 1
        budget = p95_budget(full_scale)
        passed = ok_status and same and page.p95 <= budget
        status = "" if ok_status else f" HTTP {page.status}/{tenth.status}"
        out.append(Line(
            "B3", name,
            f"p50 {page.p50 * 1000:.0f} / p95 {page.p95 * 1000:.0f} ms, {page.queries} q{status}",
            f"scale {small_scale:g}: p95 {tenth.p95 * 1000:.0f} ms, {tenth.queries} q",
            f"same q; p95 ≤ {budget * 1000:.0f} ms", passed,
            {"path": page.path, "scale": full_scale, "p50_s": page.p50, "p95_s": page.p95,
             "queries": page.queries, "status": page.status,
             "small_scale": small_scale, "small_p50_s": tenth.p50, "small_p95_s": tenth.p95,
             "small_queries": tenth.queries, "small_status": tenth.status}))
    return out
