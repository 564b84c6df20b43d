"""B5: the programme's pooled knowledge gains over every pre/post pair (GET /api/v1/gains with
a bearer token), timed in process. Budget: ≤ 1 s. Reported "absent" while the endpoint is not
there."""
from __future__ import annotations

import time

from benchmarks.database import bench_app
from benchmarks.measure import Line, percentile
from benchmarks.synthetic import EXPERT_EMAIL
from trainings.extensions import db

BUDGET = 1.0
ENDPOINT = "api.gains"


def measure(url: str, repeat: int = 5) -> dict | None:
    app = bench_app(url)
    if ENDPOINT not in {rule.endpoint for rule in app.url_map.iter_rules()}:
        return None
    with app.app_context():
        issued = app.test_cli_runner().invoke(args=["users", "token", EXPERT_EMAIL])
        if issued.exit_code != 0:
            raise RuntimeError(f"flask users token failed: {issued.output}")
        token = issued.output.strip().splitlines()[-1]
        db.session.remove()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    times, status, size = [], 0, 0
    for n in range(repeat + 1):
        start = time.perf_counter()
        response = client.get("/api/v1/gains", headers=headers)
        elapsed = time.perf_counter() - start
        status, size = response.status_code, len(response.get_data())
        if n:  # the first one warms the caches up
            times.append(elapsed)
    with app.app_context():
        db.engine.dispose()
    return {"status": status, "bytes": size, "times_s": times,
            "p50_s": percentile(times, 50), "max_s": max(times)}


def lines(result: dict | None) -> list[Line]:
    if result is None:
        return [Line("B5", "pooled gains /api/v1/gains", "absent",
                     budget="endpoint not there yet")]
    ok = result["status"] == 200
    return [Line("B5", "pooled gains /api/v1/gains, all pairs",
                 f"p50 {result['p50_s']:.2f} s, max {result['max_s']:.2f} s"
                 + ("" if ok else f" (HTTP {result['status']})"),
                 "", f"≤ {BUDGET:g} s", ok and result["max_s"] <= BUDGET, result)]
