"""Benchmark of the movement dashboard (issue 14): a campaign with thousands of decided nominations, open
ones past the processing limit, and two indicators with targets for every district and commune and their
reported results, in a fresh SQLite database (the register benchmark's generator, bench/register.py, plus
the movement's figures). gunicorn serves the real app with 2 workers on 127.0.0.1; the public dashboard, the
same page on another date and a hello-world route of the same app under the same server are loaded in the same
run, in rounds, side by side (wrk, or a bounded Python client without it).

    .venv/bin/python bench/dashboard.py                          # 20,000 recognitions, 3 rounds of 5 s
    .venv/bin/python bench/dashboard.py --rows 5000 --duration 3 --rounds 2

Prints a Markdown table per round and the medians: req/s, p50 and p99 of each, and the dashboard's ratio to
hello (target: ≥ 0.1×). That the figures are fresh after every write is checked by
tests/web/test_campaigns_cache.py, not here. Traffic only goes to 127.0.0.1; every loop is bounded in time and count.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.register import free_port, generate, machine, python_client, wrk

CAMPAIGN = 1
INDICATORS = [("NTM", "Số xã đạt chuẩn nông thôn mới", "xã"), ("NTMNC", "Số xã đạt chuẩn nông thôn mới nâng cao", "xã")]


def add_movement(url: str, seed: int = 14) -> dict:
    """Submission dates on every nomination, 300 nominations still open (most past the limit), two indicators
    with a target for every unit and a reported result for most of them, counted award types."""
    import random

    from sqlalchemy import func, insert, select, update

    from workflow import create_app
    from workflow.extensions import db
    from workflow.models import Indicator, IndicatorResult, Nomination, Target, Unit, indicator_award_type

    rng = random.Random(seed)
    app = create_app(None, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        conn = db.session.connection()
        conn.execute(update(Nomination).values(submitted_at=func.datetime(Nomination.created_at, "-45 days")))
        open_ids = list(conn.execute(select(Nomination.id).where(Nomination.campaign_id == CAMPAIGN)
                                     .order_by(Nomination.id.desc()).limit(300)).scalars())
        for n, nomination_id in enumerate(open_ids):
            conn.execute(update(Nomination).where(Nomination.id == nomination_id).values(
                state=["submitted", "in_appraisal", "in_council"][n % 3],
                submitted_at=datetime(2026, 6, 1) + timedelta(days=n % 150)))
        units = list(conn.execute(select(Unit.id, Unit.kind)).all())
        for i, (code, name, measure) in enumerate(INDICATORS, start=1):
            conn.execute(insert(Indicator).values(id=i, campaign_id=CAMPAIGN, code=code, name=name, measure_unit=measure))
            conn.execute(insert(indicator_award_type).values(indicator_id=i, award_type_id=3))
            conn.execute(insert(Target.__table__), [{"indicator_id": i, "unit_id": uid, "value": 1 if kind == "commune"
                                                     else 12, "comparator": "at_least"} for uid, kind in units])
            results = [{"indicator_id": i, "unit_id": uid, "value": rng.randint(0, 1 if kind == "commune" else 15),
                        "as_of": date(2025, 6, 30) - timedelta(days=30 * k), "source": f"Báo cáo {k + 1}/BC-UBND",
                        "note": "", "entered_by_id": 1, "entered_at": datetime(2025, 7, 1)}
                       for uid, kind in units for k in range(3) if rng.random() < 0.8]
            conn.execute(insert(IndicatorResult.__table__), results)
        db.session.commit()
    return {"open": len(open_ids), "units": len(units)}


def app_factory():
    """gunicorn's entry (`bench.dashboard:app_factory()`): the real app on the bench database, the limiter
    off (every request comes from 127.0.0.1) and a hello-world route."""
    import gc

    from workflow import create_app
    app = create_app(None, SQLALCHEMY_DATABASE_URI=os.environ["BENCH_DATABASE_URL"], RATELIMIT_ENABLED=False)
    app.add_url_rule("/_bench/hello", "bench_hello", lambda: "Hello, World!")
    gc.freeze()  # as wsgi.py does for the served app
    return app


def serve(url: str, port: int, workdir: Path) -> subprocess.Popen:
    env = dict(os.environ, BENCH_DATABASE_URL=url, PYTHONPATH=str(ROOT), VINHDANH_INSTANCE=str(workdir),
               LOG_LEVEL="WARNING")
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "bench.dashboard:app_factory()"], cwd=ROOT, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_bench/hello", timeout=2).read()  # nosec B310
            return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def first_reading(base: str, path: str) -> float:
    """The first reading after a change: computed and rendered, then kept (ms)."""
    started = time.perf_counter()
    urllib.request.urlopen(base + path, timeout=60).read()  # nosec B310
    return round((time.perf_counter() - started) * 1000, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=5, help="seconds per scenario and round")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", help="directory to keep the database in (default: a temporary one)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    load_at_start = os.getloadavg()
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="vinhdanh-bench-dashboard-"))
    workdir.mkdir(parents=True, exist_ok=True)
    database = workdir / "dashboard.db"
    database.unlink(missing_ok=True)
    url = f"sqlite:///{database}"
    print(f"Generating {args.rows:,} recognitions and the movement's figures in {database} …", flush=True)
    built = generate(url, args.rows) | add_movement(url)
    port = free_port()
    server = serve(url, port, workdir)
    base = f"http://127.0.0.1:{port}"
    load = wrk if shutil.which("wrk") else python_client
    scenarios = {"hello world": ["/_bench/hello"], "dashboard (public)": [f"/campaigns/{CAMPAIGN}"],
                 "dashboard, another date": [f"/campaigns/{CAMPAIGN}?on=2024-06-30"]}
    rounds = []
    try:
        built["first_reading_ms"] = first_reading(base, scenarios["dashboard (public)"][0])
        for paths in scenarios.values():   # each worker computes each page once (its own cache without Redis)
            for _ in range(6):
                urllib.request.urlopen(base + paths[0], timeout=60).read()  # nosec B310
        for n in range(args.rounds):
            rounds.append({label: load(base, paths, args.duration, args.connections)
                           for label, paths in scenarios.items()})
            print(f"  round {n + 1}: " + json.dumps({k: {m: round(v, 1) for m, v in r.items()}
                                                     for k, r in rounds[-1].items()}), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(args, built, rounds, load.__name__, load_at_start)
    if args.json:
        Path(args.json).write_text(json.dumps({"machine": machine(), "data": built, "rounds": rounds}, indent=2))
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)


def report(args, built: dict, rounds: list[dict], client: str, load_at_start) -> None:
    print(f"\n### Dashboard benchmark: {built['rows']:,} recognitions, {built['open']} open nominations, "
          f"{built['units']} units × 2 indicators; gunicorn 2 workers, {client} -c{args.connections}, "
          f"{args.duration} s per scenario, {len(rounds)} rounds\n")
    print("| scenario | req/s (median) | × hello | p50 ms | p99 ms | errors |\n|---|---:|---:|---:|---:|---:|")
    hello = statistics.median(r["hello world"]["rps"] for r in rounds)
    for label in rounds[0]:
        rps = statistics.median(r[label]["rps"] for r in rounds)
        p50 = statistics.median(r[label]["p50"] for r in rounds)
        p99 = statistics.median(r[label]["p99"] for r in rounds)
        errors = sum(r[label]["errors"] for r in rounds)
        print(f"| {label} | {rps:,.0f} | {rps / hello:.3f} | {p50:.1f} | {p99:.1f} | {errors} |")
    print(f"\nThe first reading after a change (computed, rendered and kept): {built['first_reading_ms']} ms")
    ratios = [r["dashboard (public)"]["rps"] / r["hello world"]["rps"] for r in rounds]
    ratio = statistics.median(ratios)
    print(f"\nPer round, dashboard ÷ hello: {', '.join(f'{x:.3f}' for x in ratios)}; target ≥ 0.1 → median "
          f"{ratio:.3f} ({'met' if ratio >= 0.1 else 'NOT met'})")
    print(f"\nMachine: {json.dumps(machine(), ensure_ascii=False)}; load average at the start: {load_at_start}")


if __name__ == "__main__":
    main()
