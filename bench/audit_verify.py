"""Benchmark of `audit verify` (issue 14): time and peak memory of the streaming verify over a chain of
1,000,000 events, next to baselines measured in the same run:

- `before`: the verify as it was before issue 14 (kept below, unchanged): every row through the ORM session
  as a mapping, no yield_per (on PostgreSQL the driver fetches the whole table first);
- `scan`: the floor, a plain streamed `SELECT` of the same columns (Core, yield_per) with no hashing at all.

The chain is built quickly: the rows and their hashes are computed in Python (the real `event_hash`) and
bulk-inserted with executemany in batches, not through the ORM one by one. The build and each measurement run
in fresh subprocesses; a measurement reports its own wall time for the verify and its peak RSS (ru_maxrss), so
one mode's memory never counts against another; modes alternate within each round and the medians are printed.

    .venv/bin/python bench/audit_verify.py                          # 1,000,000 events, 3 rounds, SQLite
    .venv/bin/python bench/audit_verify.py --events 100000 --rounds 1 --keep /tmp/bench-audit   # a folder of its own
    BENCH_DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/audit_verify.py   # an EMPTY database

Targets: streaming verify of 1,000,000 events in < 10 s and < 150 MB peak RSS.
"""
import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MODES = ("streaming", "before", "scan")
ACTIONS = ("create", "submit", "accept", "appraise", "vote", "issue")


def build(url: str, events: int, batch: int = 20_000) -> float:
    """An empty schema, then `events` chained rows and the head; seconds taken."""
    from sqlalchemy import insert

    from workflow import create_app
    from workflow.extensions import db
    from workflow.models import AuditEvent, AuditHead
    from workflow.rules.audit_chain import GENESIS, event_hash

    started = time.perf_counter()
    app = create_app(None, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.create_all()
        moment, prev, rows = datetime(2026, 1, 5, 8, 0, 0, 123456), GENESIS, []
        with db.engine.begin() as conn:
            for seq in range(1, events + 1):
                row = {"seq": seq, "occurred_at": moment + timedelta(seconds=seq), "actor_id": None,
                       "actor_name": f"Cán bộ {seq % 97}", "role": "unit_officer", "action": ACTIONS[seq % 6],
                       "object_type": "nomination", "object_id": seq // 5 + 1, "from_state": "draft",
                       "to_state": "submitted", "changes": {"ghi_chu": f"Hồ sơ số {seq}", "lan": seq % 3},
                       "reason": None if seq % 4 else "Bổ sung minh chứng", "visibility": "internal",
                       "prev_hash": prev}
                record = dict(row, occurred_at=row["occurred_at"].isoformat())
                row["hash"] = prev = event_hash(record)
                rows.append(row)
                if len(rows) == batch:
                    conn.execute(insert(AuditEvent.__table__), rows)
                    rows = []
            if rows:
                conn.execute(insert(AuditEvent.__table__), rows)
            conn.execute(insert(AuditHead.__table__).values(id=1, seq=events, hash=prev))
        db.engine.dispose()
    return time.perf_counter() - started


def before_issue_14(session):
    """The verify as it was (workflow/services/audit.py and the hash of rules/audit_chain.py before issue 14),
    the baseline: every row through the ORM session as a mapping, a new JSON encoder per event."""
    import hashlib

    from sqlalchemy import select

    from workflow.models import AuditEvent, AuditHead
    from workflow.rules.audit_chain import GENESIS, HASHED_FIELDS, ChainReport

    def as_record(row):
        record = dict(row)
        record["occurred_at"] = record["occurred_at"].isoformat()
        record["changes"] = record["changes"] or {}
        return record

    def event_hash(record):
        payload = {name: record.get(name) for name in HASHED_FIELDS}
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                                         default=str).encode("utf-8")).hexdigest()

    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)
                           .with_for_update(read=True)).one_or_none()
    rows = session.execute(select(AuditEvent.__table__).order_by(AuditEvent.id)).mappings()
    prev, count = GENESIS, 0
    for record in (as_record(row) for row in rows):  # the walk of verify_chain, with the hash as it was
        if record["seq"] != count + 1 or record["prev_hash"] != prev or event_hash(record) != record["hash"]:
            return ChainReport(False, count, prev, record["seq"], record["id"], "broken")
        prev, count = record["hash"], count + 1
    return ChainReport(head is not None and tuple(head) == (count, prev), count, prev)


def measure(url: str, mode: str) -> dict:
    """Run in a child process: one verify (or scan), its wall time and this process's peak RSS."""
    from sqlalchemy import select

    from workflow import create_app
    from workflow.extensions import db
    from workflow.models import AuditEvent
    from workflow.services import audit

    app = create_app(None, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.session.execute(select(1))  # connect before the clock starts
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started = time.perf_counter()
        if mode == "streaming":
            report = audit.verify(db.session)
            ok, count = report.ok, report.count
        elif mode == "before":
            report = before_issue_14(db.session)
            ok, count = report.ok, report.count
        else:
            table = AuditEvent.__table__
            rows = db.session.connection().execute(select(*(table.c[n] for n in audit._VERIFIED_COLUMNS))
                                                   .order_by(table.c.id).execution_options(yield_per=audit.VERIFY_BATCH))
            ok, count = True, sum(1 for _ in rows)
        seconds = time.perf_counter() - started
        db.session.rollback()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"mode": mode, "ok": ok, "count": count, "seconds": seconds, "peak_mb": peak / 1024,
            "startup_mb": rss_before / 1024}


def child(url: str, mode: str) -> dict:
    result = subprocess.run([sys.executable, __file__, "--measure", mode, "--url", url], capture_output=True,
                            text=True, check=True, timeout=900)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated subset of " + ",".join(MODES))
    parser.add_argument("--keep", type=Path, help="a folder of its own (the app makes a database's folder owner-only) "
                        "where chain.sqlite3 is built, or reused if it exists, and kept")
    parser.add_argument("--measure", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.url, args.measure)))
        return
    if args.build:
        print(build(args.url, args.build))
        return

    with tempfile.TemporaryDirectory(prefix="bench-audit-") as folder:
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
        database = (args.keep or Path(folder)) / "chain.sqlite3"
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{database}"
        if args.keep and database.exists():
            print(f"reusing {database}")
        else:
            print(f"building {args.events:,} events in {url.split('@')[-1]} …", flush=True)
            # in a child too: a process's peak RSS survives fork and exec on Linux, so a parent grown by the build
            # would show up as every measuring child's peak
            built = subprocess.run([sys.executable, __file__, "--build", str(args.events), "--url", url],
                                   capture_output=True, text=True, check=True, timeout=3600)
            print(f"built in {float(built.stdout.strip().splitlines()[-1]):.1f} s", flush=True)
        modes = args.modes.split(",")
        results: dict[str, list[dict]] = {mode: [] for mode in modes}
        for round_ in range(args.rounds):
            for mode in modes if round_ % 2 == 0 else reversed(modes):
                result = child(url, mode)
                results[mode].append(result)
                print(f"  round {round_ + 1} {mode:9} {result['seconds']:6.2f} s  {result['peak_mb']:7.1f} MB  "
                      f"(ok={result['ok']}, {result['count']:,} rows; {result['startup_mb']:.0f} MB before the "
                      "first row)", flush=True)
    print(f"\n{platform.node()} · {platform.processor() or platform.machine()} · {os.cpu_count()} cores · "
          f"Python {platform.python_version()} · {url.split(':')[0]} · {args.rounds} rounds, medians\n")
    print("| mode | verify s | peak RSS MB |\n|---|---|---|")
    medians = {mode: (statistics.median(r["seconds"] for r in rs), statistics.median(r["peak_mb"] for r in rs))
               for mode, rs in results.items()}
    for mode, (seconds, peak) in medians.items():
        print(f"| {mode} | {seconds:.2f} | {peak:.0f} |")
    if "streaming" in medians and "before" in medians:
        (s, m), (b, bm) = medians["streaming"], medians["before"]
        print(f"\nstreaming vs before: {b / s:.2f}× faster, {bm / m:.1f}× less memory; target < 10 s and < 150 MB: "
              f"{'met' if s < 10 and m < 150 else 'NOT met'}")


if __name__ == "__main__":
    main()
