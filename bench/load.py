"""Load test (issue 5): 50 simulated people on the real app under gunicorn on 127.0.0.1 for 60 s.

A fresh SQLite database is built by the migrations and filled with the demo data, plus load-test accounts (unit
officers of the demo's districts and secretariat clerks). Then, at once and with a short think time between
clicks:
  * unit officers list their nominations, open the form, create a draft, attach the report, confirm and submit;
  * clerks open the intake queue, open a submitted nomination and accept it (two clerks on one nomination: the
    loser gets the 409 page, counted apart as a conflict, not an error), and look at appraisal and comments;
  * citizens read the home page, the notices, the register (searches included), decisions and a verification
    page, and now and then send a comment on the open notice.

    .venv/bin/python bench/load.py                       # 50 users, 60 s
    .venv/bin/python bench/load.py --users 20 --duration 10 --keep /tmp/load

Prints requests, errors (5xx, refused connections, unexpected answers: must be 0), conflicts, req/s and a
Markdown table of p50 / p95 / max latency per route. The rate limiter is off for the run: every simulated
person comes from 127.0.0.1, which the per-address limits would (rightly) stop.
"""
import argparse
import http.client
import itertools
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PASSWORD = "tai-thu-mat-khau-2025"
CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SEARCHES = ["vinh hung a", "nguyen", "hung thanh", "dong hai", "tran thi", "nong thon moi", "hong dan"]
EXPECTED = {200, 302, 303, 404}  # 404: a verification code or page that is not there is an answer, not an error


# --- the database and the server -------------------------------------------------------------------------------

def app_factory():
    """gunicorn's entry (`bench.load:app_factory()`): the real app on the load-test database, limiter off."""
    from workflow import create_app
    return create_app(None, SQLALCHEMY_DATABASE_URI=os.environ["BENCH_DATABASE_URL"],
                      BLOB_DIR=os.environ["BENCH_BLOB_DIR"], RATELIMIT_ENABLED=False)


def build(workdir: Path, officers: int, clerks: int) -> dict:
    """Migrate, load the demo, add the load-test accounts; return what the simulated people need to know."""
    from flask_migrate import upgrade
    from sqlalchemy import select

    from workflow import demo
    from workflow.extensions import db
    from workflow.models import Campaign, Certificate, Nomination, PublicNotice, User
    from workflow.rules.permissions import Grant, Role
    from workflow.services import clock, users
    from workflow.services.blobs import BlobStore

    os.environ["BENCH_DATABASE_URL"] = f"sqlite:///{workdir / 'load.db'}"
    os.environ["BENCH_BLOB_DIR"] = str(workdir / "blobs")
    app = app_factory()
    with app.app_context():
        upgrade()
        demo.load(db.session, password=PASSWORD, store=BlobStore(os.environ["BENCH_BLOB_DIR"]))
        model = {name: db.session.scalar(select(User).where(User.username == name))
                 for name in ("donvi.vinhloi", "donvi.hongdan", "thuky")}
        accounts = {"officer": [], "clerk": []}
        for i in range(officers):
            template = model[("donvi.vinhloi", "donvi.hongdan")[i % 2]]
            grant = template.grants[0]
            users.create_user(db.session, username=f"taithu.donvi{i}", full_name=f"Cán bộ thử tải {i}",
                              password=PASSWORD, unit_id=template.unit_id,
                              grants=[Grant(Role.UNIT_OFFICER, unit_id=grant.unit_id)])
            accounts["officer"].append({"username": f"taithu.donvi{i}", "unit": grant.unit_id})
        for i in range(clerks):
            grant = model["thuky"].grants[0]
            users.create_user(db.session, username=f"taithu.thuky{i}", full_name=f"Thư ký thử tải {i}",
                              password=PASSWORD, unit_id=model["thuky"].unit_id,
                              grants=[Grant(Role.SECRETARIAT, authority_id=grant.authority_id)])
            accounts["clerk"].append({"username": f"taithu.thuky{i}"})
        draft = db.session.scalar(select(Nomination).where(Nomination.state == "draft").limit(1))
        today = clock.today()
        notice = next((n for n in db.session.scalars(select(PublicNotice)) if n.is_open_on(today)), None)
        plan = {
            "accounts": accounts,
            "campaign": draft.campaign_id if draft else db.session.scalar(select(Campaign.id).limit(1)),
            "award_type": draft.award_type_id,
            "notice": notice.id if notice else None,
            "notice_nominations": [item.nomination_id for item in notice.items] if notice else [],
            "codes": list(db.session.scalars(select(Certificate.verify_code).limit(20))),
        }
        db.session.commit()
    return plan


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(port: int, workers: int, threads: int) -> subprocess.Popen:
    command = [str(Path(sys.executable).with_name("gunicorn")), "-w", str(workers), "-k", "gthread", "--threads",
               str(threads), "-b", f"127.0.0.1:{port}", "--log-level", "warning", "bench.load:app_factory()"]
    server = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


# --- a simulated person ------------------------------------------------------------------------------------

@dataclass
class Stats:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, route: str, ms: float, status: int | None, detail: str = "") -> None:
        with self.lock:
            self.times[route].append(ms)
            if status == 409:
                self.conflicts += 1
            elif status not in EXPECTED:
                self.errors.append(f"{route}: {status} {detail}"[:300])


class Person:
    """One browser: a keep-alive connection, the session cookie, and a record of every answer."""

    def __init__(self, port: int, stats: Stats, rng: random.Random):
        self.port, self.stats, self.rng = port, stats, rng
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.location = ""  # the last redirect's target, e.g. the page of the nomination just created

    def request(self, method: str, path: str, body: bytes | None = None, content_type: str = "") -> tuple[int, str]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        if content_type:
            headers["Content-Type"] = content_type
        route = f"{method} " + re.sub(r"/\d+(?=/|$|\.)", "/{id}", path.split("?")[0])
        route = re.sub(r"/verify/[^/]+", "/verify/{code}", re.sub(r"/comments/YK-[^/]+", "/comments/{code}", route))
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (OSError, http.client.HTTPException) as error:
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                # the server closed an idle keep-alive connection before our request: a browser retries too
                if attempt == 1 and isinstance(error, http.client.RemoteDisconnected | BrokenPipeError
                                               | ConnectionResetError):
                    continue
                self.stats.add(route, (time.perf_counter() - started) * 1000, None, repr(error))
                return 0, ""
        self.stats.add(route, (time.perf_counter() - started) * 1000, response.status, text[:120])
        self.location = (response.getheader("Location") or "").replace(f"http://127.0.0.1:{self.port}", "")
        for value in response.headers.get_all("Set-Cookie") or []:
            if value.startswith("session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, text

    def get(self, path: str) -> str:
        return self.request("GET", path)[1]

    def post(self, path: str, data: dict, token_from: str) -> tuple[int, str]:
        match = CSRF.search(token_from)
        body = urlencode({"csrf_token": (match.group(1) or match.group(2)) if match else ""} | data, doseq=True)
        return self.request("POST", path, body.encode(), "application/x-www-form-urlencoded")

    def upload(self, path: str, fields: dict, file: tuple[str, str, bytes], token_from: str) -> int:
        match = CSRF.search(token_from)
        boundary = f"----vinhdanh{self.rng.getrandbits(64):x}"
        parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                 for k, v in ({"csrf_token": match.group(1) or match.group(2)} | fields).items()]
        name, filename, data = file
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     "Content-Type: application/pdf\r\n\r\n".encode() + data + b"\r\n")
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")[0]

    def login(self, username: str) -> None:
        page = self.get("/login")
        status, _ = self.post("/login", {"username": username, "password": PASSWORD}, page)
        if status != 302:
            raise RuntimeError(f"login of {username} refused: {status}")

    def think(self) -> None:
        time.sleep(self.rng.uniform(0.2, 1.0))


def officer(person: Person, account: dict, plan: dict, until: float, serial) -> None:
    while time.monotonic() < until:
        person.get("/unit/")
        person.think()
        form = person.get("/unit/nominations/new")
        person.think()
        n = next(serial)
        status, _ = person.post("/unit/nominations/new", {
            "kind": "collective", "collective_name": f"Tổ tự quản thử tải số {n} – {account['username']}",
            "collective_line": "ấp thử tải", "campaign": plan["campaign"], "award_type": plan["award_type"],
            "proposing_unit": account["unit"], "period_from": "2021-01-01", "period_to": "2025-06-30",
            "achievement_summary": "Đã có thành tích xuất sắc trong xây dựng nông thôn mới nâng cao.",
            "letter_no": f"{n}/TTr-UBND", "letter_date": "2025-06-30"}, form)
        location = person.location
        if status != 302 or not location:
            continue
        page = person.get(location)
        person.think()
        person.upload(f"{location}/attachments", {"kind": "achievement_report", "is_public": "y"},
                      ("file", "bao-cao.pdf", PDF), page)
        confirm = person.get(f"{location}/submit")
        version = re.search(r'name="version" (?:type="hidden" )?value="(\d+)"', confirm.split("<main", 1)[-1])
        person.think()
        if version:
            person.post(f"{location}/submit", {"version": version.group(1)}, confirm)
        person.get(location)
        person.think()


def clerk(person: Person, account: dict, plan: dict, until: float) -> None:
    while time.monotonic() < until:
        queue = person.get("/secretariat/intake")
        person.think()
        selection = re.findall(r'name="sel" value="(\d+):(\d+)"', queue)
        if selection:
            nomination_id, version = person.rng.choice(selection[:3])  # clerks pick near the top: real races
            page = person.get(f"/secretariat/nominations/{nomination_id}")
            person.think()
            person.post(f"/secretariat/nominations/{nomination_id}/accept", {"version": version}, page)
        person.get(person.rng.choice(["/secretariat/appraisal", "/secretariat/comments", "/secretariat/"]))
        person.think()


def citizen(person: Person, plan: dict, until: float) -> None:
    rng = person.rng
    while time.monotonic() < until:
        person.get("/")
        person.think()
        person.get("/notices")
        if plan["notice"]:
            person.get(f"/notices/{plan['notice']}")
        person.think()
        person.get(f"/recognitions?{urlencode({'q': rng.choice(SEARCHES)})}")
        person.think()
        person.get(rng.choice(["/recognitions", "/decisions", "/transparency", "/open-data"]))
        if plan["codes"]:
            person.get(f"/verify/{rng.choice(plan['codes'])}")
        person.think()
        if plan["notice"] and rng.random() < 0.15:
            form = person.get(f"/notices/{plan['notice']}/comment")
            person.post(f"/notices/{plan['notice']}/comment", {
                "nomination": rng.choice(plan["notice_nominations"]), "full_name": "Người dân thử tải",
                "contact": f"09{rng.randrange(10**8):08d}", "address": "ấp Thử Tải",
                "body": "Tôi đồng tình với đề nghị khen thưởng.", "website": ""}, form)
            person.think()


# --- running and reporting ---------------------------------------------------------------------------------

def run(port: int, plan: dict, users: int, duration: int, seed: int) -> tuple[Stats, float]:
    """Sign the staff in and warm the workers up first (not measured), then let everyone loose at once."""
    stats, serial = Stats(), itertools.count(1)  # next() on a count is atomic under the GIL
    officers, clerks = plan["accounts"]["officer"], plan["accounts"]["clerk"]
    warm_up, jobs = Stats(), []
    for i in range(users):
        person = Person(port, warm_up, random.Random(seed + i))
        if i < len(officers):
            person.login(officers[i]["username"])
            jobs.append((person, officer, (officers[i], plan)))
        elif i < len(officers) + len(clerks):
            person.login(clerks[i - len(officers)]["username"])
            jobs.append((person, clerk, (clerks[i - len(officers)], plan)))
        else:
            for path in ("/", "/notices", "/recognitions"):
                person.get(path)
            jobs.append((person, citizen, (plan,)))
    if warm_up.errors:
        raise RuntimeError(f"warm-up failed: {warm_up.errors[:3]}")
    until = time.monotonic() + duration
    threads = []
    for person, target, args in jobs:
        person.stats = stats
        extra = (until, serial) if target is officer else (until,)
        threads.append(threading.Thread(target=_guarded, args=(target, (person, *args, *extra), stats), daemon=True))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration + 120)
    return stats, time.monotonic() - started


def _guarded(target, args, stats: Stats) -> None:
    try:
        target(*args)
    except Exception as error:  # noqa: BLE001 - a person's crash is an error of the run, reported
        stats.add("(simulated person)", 0.0, None, repr(error))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def report(stats: Stats, elapsed: float, args, plan: dict) -> dict:
    total = sum(len(v) for v in stats.times.values())
    rows = sorted(stats.times.items(), key=lambda item: -len(item[1]))
    print(f"\n### Load test: {args.users} simulated users for {args.duration} s, gunicorn {args.workers} workers × "
          f"{args.threads} threads, SQLite, 127.0.0.1")
    print(f"\n{len(plan['accounts']['officer'])} unit officers, {len(plan['accounts']['clerk'])} secretariat clerks, "
          f"{args.users - len(plan['accounts']['officer']) - len(plan['accounts']['clerk'])} citizens; think time "
          "0.2–1.0 s between clicks.")
    print(f"\nRequests: {total:,} in {elapsed:.0f} s ({total / elapsed:.0f} req/s). **Errors: {len(stats.errors)}**. "
          f"Conflicts (409, two clerks on one nomination): {stats.conflicts}.\n")
    print("| route | requests | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|")
    for route, times in rows:
        print(f"| `{route}` | {len(times)} | {percentile(times, 0.5):.0f} | {percentile(times, 0.95):.0f} | "
              f"{max(times):.0f} |")
    everything = [t for times in stats.times.values() for t in times]
    print(f"| **all** | {total} | {percentile(everything, 0.5):.0f} | {percentile(everything, 0.95):.0f} | "
          f"{max(everything):.0f} |")
    for error in stats.errors[:20]:
        print(f"  error: {error}")
    load = os.getloadavg()
    print(f"\nMachine: {os.cpu_count()} cores, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end, "
          f"{datetime.now().isoformat(timespec='minutes')}.")
    return {"requests": total, "seconds": elapsed, "errors": stats.errors, "conflicts": stats.conflicts,
            "routes": {route: {"n": len(t), "p50": percentile(t, 0.5), "p95": percentile(t, 0.95), "max": max(t)}
                       for route, t in rows}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--officers", type=int, default=15)
    parser.add_argument("--clerks", type=int, default=5)
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--keep", help="directory to keep the database in (default: a temporary one, removed)")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    workdir = Path(args.keep or tempfile.mkdtemp(prefix="vinhdanh-load-"))
    workdir.mkdir(parents=True, exist_ok=True)
    print(f"Building the database in {workdir} …", flush=True)
    plan = build(workdir, args.officers, args.clerks)
    port = free_port()
    server = serve(port, args.workers, args.threads)
    try:
        stats, elapsed = run(port, plan, args.users, args.duration, args.seed)
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    results = report(stats, elapsed, args, plan)
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    sys.exit(1 if stats.errors else 0)


if __name__ == "__main__":
    main()
