"""Benchmark of the transparency log (issue 19):

1. `append`: 1,048,576 (2^20) leaves appended through the real storage path (services/log_tree.append: the
   leaf's canonical JSON, its hash, the nodes it completes inserted in one statement, the right edge carried
   as audit.record carries it on the head row), committed every --batch leaves; then one signed checkpoint
   (services/transparency_log.checkpoint: the root read from the stored nodes, the note signed).
2. `record`: the extra cost per audit.record, the path every action takes: public events (each a leaf) next to
   internal events (no leaf) through the same audit.record, alternating in rounds, in the same run.
3. `proofs`: inclusion and consistency proofs at the full size, random leaves and sizes: p50/p99 of the service
   call (the queries and the hashing) in milliseconds.
4. `sizes`: proof lengths for n = 2^10 … 2^20 (largest over sampled leaves / old sizes), and the JSON's bytes.

    .venv/bin/python bench/transparency.py                       # 2^20 leaves, SQLite file in a temp folder
    .venv/bin/python bench/transparency.py --leaves 100000 --rounds 1
    BENCH_DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/transparency.py   # an EMPTY database
"""
import argparse
import base64
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def record_of(seq: int, prev: str) -> dict:
    """A public event's exported record, as audit.record hands it to the tree."""
    from workflow.rules.audit_chain import event_hash
    moment = datetime(2026, 1, 5, 8, 0, 0, 123456) + timedelta(seconds=seq)
    record = {"seq": seq, "occurred_at": moment.isoformat(), "actor_id": seq % 50 + 1,
              "actor_name": f"Cán bộ {seq % 97}", "role": "secretariat", "action": "submit",
              "object_type": "nomination", "object_id": seq // 5 + 1, "from_state": "draft", "to_state": "submitted",
              "changes": {"ghi_chú": f"Hồ sơ số {seq}"}, "reason": None, "visibility": "public", "prev_hash": prev}
    record["hash"] = event_hash(record)
    return record


def append(app, leaves: int, batch: int) -> dict:
    from workflow.extensions import db
    from workflow.services import log_tree
    from sqlalchemy import insert, update

    from workflow.models import AuditHead
    size, frontier, prev, started = 0, "", "0" * 64, time.perf_counter()
    with app.app_context():
        db.session.execute(insert(AuditHead).values(id=1, seq=0, hash="0" * 64, log_size=0, log_frontier=""))
        while size < leaves:
            for _ in range(min(batch, leaves - size)):
                record = record_of(size + 1, prev)
                head = log_tree.append(db.session, record, size, frontier)
                size, frontier, prev = head["log_size"], head["log_frontier"], record["hash"]
            db.session.commit()
        db.session.execute(update(AuditHead).where(AuditHead.id == 1).values(log_size=size, log_frontier=frontier))
        db.session.commit()
        elapsed = time.perf_counter() - started
        return {"leaves": size, "seconds": round(elapsed, 1), "us_per_leaf": round(elapsed / size * 1e6, 1)}


def checkpoint(app) -> dict:
    from workflow.extensions import db
    from workflow.log_key import log_signer
    from workflow.services import transparency_log
    with app.app_context():
        started = time.perf_counter()
        made = transparency_log.checkpoint(db.session, log_signer(app))
        db.session.commit()
        return {"size": made.size, "ms": round((time.perf_counter() - started) * 1000, 2),
                "note": made.note}


def record_overhead(app, events: int, rounds: int) -> dict:
    """audit.record of `events` public events (each a leaf: the tree's append runs) against as many internal
    events (no leaf), alternating in rounds: the same insert of the event row and update of the head, the
    difference being the tree's append."""
    from workflow.extensions import db
    from workflow.rules.states import Action
    from workflow.services import audit
    actions = {"internal_no_leaf": Action.CLASSIFY_COMMENT, "public_leaf": Action.RECEIVE_COMMENT}
    timings: dict[str, list[float]] = {mode: [] for mode in actions}
    with app.app_context():
        for _ in range(rounds):
            for mode, action in actions.items():
                started = time.perf_counter()
                for i in range(events):
                    audit.record(db.session, by=None, action=action, object_type="nomination", object_id=i,
                                 changes={"receipt": f"YK-{i:08d}"})
                    if i % 100 == 99:
                        db.session.commit()
                db.session.commit()
                timings[mode].append((time.perf_counter() - started) / events * 1e6)
    medians = {mode: round(statistics.median(values), 1) for mode, values in timings.items()}
    medians["extra_us"] = round(medians["public_leaf"] - medians["internal_no_leaf"], 1)
    return medians


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)
    return {"p50_ms": round(ordered[len(ordered) // 2] * 1000, 3),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 3)}


def proofs(app, size: int, samples: int) -> dict:
    from workflow.extensions import db
    from workflow.services import log_tree
    rng = random.Random(19)
    inclusion, consistency = [], []
    with app.app_context():
        for _ in range(samples):
            started = time.perf_counter()
            log_tree.inclusion(db.session, rng.randrange(size), size)
            inclusion.append(time.perf_counter() - started)
            started = time.perf_counter()
            log_tree.consistency(db.session, rng.randrange(1, size), size)
            consistency.append(time.perf_counter() - started)
            db.session.rollback()
    return {"inclusion": percentiles(inclusion), "consistency": percentiles(consistency)}


def sizes(app) -> list[dict]:
    from workflow.extensions import db
    from workflow.services import log_tree
    rng, rows = random.Random(20), []
    with app.app_context():
        for power in range(10, 21):
            n = 2 ** power
            indexes = [0, n - 1] + [rng.randrange(n) for _ in range(20)]
            olds = [1, n - 1, n // 2 + 1] + [rng.randrange(1, n) for _ in range(20)]
            inclusion = max((log_tree.inclusion(db.session, i, n) for i in indexes), key=lambda p: len(p.hashes))
            consistency = max((log_tree.consistency(db.session, o, n) for o in olds), key=lambda p: len(p.hashes))
            body = json.dumps({"index": 0, "size": n, "proof": [base64.b64encode(h).decode()
                                                                for h in inclusion.hashes]})
            rows.append({"n": n, "log2_n": power, "inclusion_hashes": len(inclusion.hashes),
                         "consistency_hashes": len(consistency.hashes), "inclusion_json_bytes": len(body)})
            db.session.rollback()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leaves", type=int, default=2 ** 20)
    parser.add_argument("--batch", type=int, default=10_000, help="leaves per commit")
    parser.add_argument("--events", type=int, default=2000, help="audit.record calls per mode and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--samples", type=int, default=2000, help="proofs of each kind at the full size")
    args = parser.parse_args()

    from certificates.public_keys import generate
    from workflow import create_app
    from workflow.extensions import db

    folder = Path(tempfile.mkdtemp(prefix="bench-transparency-"))
    url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder / 'log.db'}"
    generate(folder / "log-ed25519.pem")
    app = create_app(None, SQLALCHEMY_DATABASE_URI=url, LOG_KEY_PATH=str(folder / "log-ed25519.pem"),
                     LOG_ORIGIN="vinhdanh.example/nhat-ky")
    with app.app_context():
        db.create_all()
    print(f"# {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{url.split(':')[0]}, load {os.getloadavg()[0]:.1f}", flush=True)
    result = {"append": append(app, args.leaves, args.batch)}
    print(json.dumps(result["append"]), flush=True)
    result["checkpoint"] = checkpoint(app)
    print(json.dumps({k: v for k, v in result["checkpoint"].items() if k != "note"}), flush=True)
    print(result["checkpoint"]["note"], flush=True)
    result["proofs"] = proofs(app, args.leaves, args.samples)
    print(json.dumps(result["proofs"]), flush=True)
    for row in sizes(app) if args.leaves >= 2 ** 20 else []:
        print(json.dumps(row), flush=True)
    result["record"] = record_overhead(app, args.events, args.rounds)
    print(json.dumps({"audit_record_us": result["record"]}), flush=True)


if __name__ == "__main__":
    main()
