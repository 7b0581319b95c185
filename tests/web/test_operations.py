"""Operations endpoints (docs/OPERATIONS.md): /healthz and /readyz for load balancers, /metrics for
Prometheus from allowed networks or with the bearer token, and the request id on responses and log lines."""
import json
import re
from pathlib import Path

import pytest

from workflow import create_app

BALANCER = {"REMOTE_ADDR": "10.0.0.9"}
OUTSIDE = {"REMOTE_ADDR": "203.0.113.9"}


def _app(tmp_path: Path, **settings):
    return create_app("testing", BLOB_DIR=str(tmp_path / "blobs"), **settings)


def test_healthz_answers_a_balancer_probe_with_the_servers_own_address_without_touching_anything(tmp_path):
    app = _app(tmp_path, TRUSTED_HOSTS=["vinhdanh.camau.gov.vn"],
               SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/healthz", headers={"Host": "10.0.0.5:8000"}, environ_base=BALANCER)
    assert (response.status_code, response.data) == (200, b"ok\n")
    assert "Set-Cookie" not in response.headers
    assert app.test_client().head("/healthz", headers={"Host": "10.0.0.5:8000"}).status_code == 200


def test_readyz_lists_each_check_when_everything_is_reachable(app):
    app.config["TRUSTED_HOSTS"] = ["vinhdanh.camau.gov.vn"]
    response = app.test_client().get("/readyz", headers={"Host": "10.0.0.5:8000"}, environ_base=BALANCER)
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "checks": {"database": "ok", "files": "ok", "queue": "ok"}}
    assert not list(Path(app.config["BLOB_DIR"]).glob(".readyz-*"))   # the probe file is gone


def test_readyz_names_an_unreachable_database_without_a_stack_trace(tmp_path):
    app = _app(tmp_path, SQLALCHEMY_DATABASE_URI="postgresql+psycopg://nobody@127.0.0.1:1/none")
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["failing"] == ["database"]
    assert body["checks"] == {"database": "failing", "files": "ok", "queue": "ok"}
    assert "Traceback" not in response.get_data(as_text=True) and "psycopg" not in response.get_data(as_text=True)


def test_readyz_names_a_file_store_that_takes_no_file(app, tmp_path):
    (tmp_path / "not-a-folder").write_text("x")
    app.config["BLOB_DIR"] = str(tmp_path / "not-a-folder" / "blobs")
    response = app.test_client().get("/readyz")
    assert (response.status_code, response.get_json()["failing"]) == (503, ["files"])


def test_readyz_names_an_unreachable_job_queue(tmp_path):
    app = _app(tmp_path, JOB_QUEUE_URL="redis://127.0.0.1:1/0")   # Redis is down
    with app.app_context():
        from workflow.extensions import db
        db.create_all()
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"] == {"database": "ok", "files": "ok", "queue": "failing"}
    assert "redis" not in response.get_data(as_text=True).lower()


# --- metrics -------------------------------------------------------------------------------------------------

def _count(text: str, route: str, status: str) -> float:
    pattern = (r'^vinhdanh_http_responses_total\{method="GET",route="' + re.escape(route)
               + r'",status="' + status + r'"\} ([\d.e+]+)$')
    match = re.search(pattern, text, re.MULTILINE)
    return float(match.group(1)) if match else 0.0


def test_metrics_count_requests_by_url_rule_never_by_raw_path(app):
    client = app.test_client()
    scrape = lambda: client.get("/metrics").get_data(as_text=True)
    before = _count(scrape(), "/campaigns/<int:campaign_id>", "404")
    for campaign_id in (987654, 987655, 987656):
        assert client.get(f"/campaigns/{campaign_id}").status_code == 404
    client.get("/no/such/page/at/all")
    text = scrape()
    assert _count(text, "/campaigns/<int:campaign_id>", "404") == before + 3
    # the raw paths (a bare "987654" may be digits of some duration's float)
    assert "/campaigns/987654" not in text and "/no/such/page" not in text and 'route="<unmatched>"' in text
    assert 'vinhdanh_http_request_duration_seconds_bucket{le="0.05",method="GET",route="/campaigns/<int:campaign_id>"}' \
        in text


def test_metrics_are_refused_to_the_internet_and_open_to_the_allowed_networks_or_the_token(tmp_path):
    app = _app(tmp_path, METRICS_ALLOW="10.0.0.0/8", METRICS_TOKEN="s3cret-scrape-token")
    client = app.test_client()
    assert client.get("/metrics", environ_base=OUTSIDE).status_code == 403
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "127.0.0.1"}).status_code == 403   # not listed here
    assert client.get("/metrics", environ_base=BALANCER).status_code == 200
    assert client.get("/metrics", environ_base=OUTSIDE, headers={"Authorization": "Bearer wrong"}).status_code == 403
    response = client.get("/metrics", environ_base=OUTSIDE, headers={"Authorization": "Bearer s3cret-scrape-token"})
    assert response.status_code == 200 and "vinhdanh_http_responses_total" in response.get_data(as_text=True)
    assert "forbidden" in client.get("/metrics", environ_base=OUTSIDE).get_data(as_text=True)


def test_behind_the_proxy_metrics_judge_the_forwarded_client_not_the_proxy_on_this_machine(tmp_path):
    app = _app(tmp_path, TRUSTED_PROXY_COUNT=1)
    client = app.test_client()
    local_proxy = {"REMOTE_ADDR": "127.0.0.1"}
    assert client.get("/metrics", environ_base=local_proxy, headers={"X-Forwarded-For": "203.0.113.9"}).status_code \
        == 403
    assert client.get("/metrics", environ_base=local_proxy, headers={"X-Forwarded-For": "127.0.0.1"}).status_code == 200


def test_the_queue_gauges_read_the_job_table(tmp_path):
    from datetime import timedelta

    from workflow.extensions import db
    from workflow.models import Job, JobKind, JobState
    from workflow.services import clock
    app = _app(tmp_path)
    with app.app_context():
        db.create_all()
        now = clock.now()
        db.session.add_all([Job(kind=JobKind.PRINT, subject_id=1, next_attempt_at=now - timedelta(seconds=300)),
                            Job(kind=JobKind.PRINT, subject_id=2, next_attempt_at=now + timedelta(seconds=60)),
                            Job(kind=JobKind.ISSUE_DECISION, subject_id=3, state=JobState.FAILED, error="x"),
                            Job(kind=JobKind.ISSUE_DECISION, subject_id=4, state=JobState.DONE)])
        db.session.commit()
    text = app.test_client().get("/metrics").get_data(as_text=True)
    assert "vinhdanh_jobs_queued 2.0" in text and "vinhdanh_jobs_failed 1.0" in text
    age = float(re.search(r"^vinhdanh_jobs_oldest_queued_age_seconds (\S+)$", text, re.MULTILINE)[1])
    assert 295 <= age < 400


# --- request ids and the log ---------------------------------------------------------------------------------

def _json_lines(err: str) -> list[dict]:
    return [json.loads(line) for line in err.splitlines() if line.startswith("{")]


def test_every_request_gets_an_id_in_its_response_and_in_each_json_log_line(tmp_path, capsys):
    app = _app(tmp_path, LOG_FORMAT="json", LOG_LEVEL="INFO")
    with app.app_context():
        from workflow.extensions import db
        db.create_all()

    @app.get("/_test/logs")
    def _logs():
        app.logger.warning("xin chào %s", "nhật ký")
        return "ok"
    capsys.readouterr()
    first, second = app.test_client().get("/_test/logs"), app.test_client().get("/_test/logs")
    ids = [first.headers["X-Request-ID"], second.headers["X-Request-ID"]]
    assert ids[0] != ids[1] and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
    lines = _json_lines(capsys.readouterr().err)
    mine = [line for line in lines if line["request_id"] == ids[0]]
    assert {line["logger"] for line in mine} == {"workflow", "vinhdanh.access"}
    said = next(line for line in mine if line["logger"] == "workflow")
    assert said["message"] == "xin chào nhật ký" and said["level"] == "WARNING"
    access = next(line for line in mine if line["logger"] == "vinhdanh.access")
    assert (access["route"], access["status"]) == ("/_test/logs", 200)


@pytest.mark.parametrize(("hops", "given", "kept"), [
    (1, "0123456789abcdef0123456789abcdef", True),      # nginx's $request_id from the trusted proxy
    (1, "abc\" onerror=\"x", False),                    # malformed: replaced
    (1, "short", False),                                 # too short to be unique
    (0, "0123456789abcdef0123456789abcdef", False),     # no trusted proxy: anyone could choose it
])
def test_a_request_id_is_taken_from_the_trusted_proxy_only_when_well_formed(tmp_path, hops, given, kept):
    app = _app(tmp_path, TRUSTED_PROXY_COUNT=hops)
    response = app.test_client().get("/no-such-page", headers={"X-Request-ID": given})
    assert (response.headers["X-Request-ID"] == given) is kept
    assert re.fullmatch(r"[A-Za-z0-9._:=+/-]{8,128}", response.headers["X-Request-ID"])


def test_text_logs_carry_the_request_id_too(tmp_path, capsys):
    app = _app(tmp_path, LOG_FORMAT="text", LOG_LEVEL="INFO")
    capsys.readouterr()
    response = app.test_client().get("/no-such-page")
    err = capsys.readouterr().err
    assert f"INFO vinhdanh.access [{response.headers['X-Request-ID']}] GET <unmatched> 404" in err


# --- several gunicorn workers --------------------------------------------------------------------------------

def test_under_gunicorn_with_two_workers_every_scrape_sums_every_workers_requests(tmp_path):
    """PROMETHEUS_MULTIPROC_DIR: each worker writes its figures there; whichever worker answers the scrape
    reports all of them (one process's own counters would say about half, or nothing)."""
    import os
    import socket
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request
    from concurrent.futures import ThreadPoolExecutor

    root = Path(__file__).resolve().parents[2]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    (tmp_path / "prometheus").mkdir()
    env = dict(os.environ, PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prometheus"), VINHDANH_INSTANCE=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}", SECRET_KEY="test-only", LOG_LEVEL="WARNING")
    server = subprocess.Popen([str(Path(sys.executable).with_name("gunicorn")), "-w", "2", "-b", f"127.0.0.1:{port}",
                               "--log-level", "warning", "wsgi:app"], cwd=root, env=env)
    base = f"http://127.0.0.1:{port}"

    def get(path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(base + path, timeout=10) as response:  # nosec B310 - our own server
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if get("/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        with ThreadPoolExecutor(4) as pool:
            statuses = list(pool.map(lambda _: get("/no/such/page")[0], range(24)))
        assert statuses == [404] * 24
        totals = {_count(get("/metrics")[1], "<unmatched>", "404") for _ in range(10)}
        assert totals == {24.0}
    finally:
        server.terminate()
        server.wait(timeout=30)
