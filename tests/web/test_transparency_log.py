"""The transparency log through the test client: signed checkpoints anyone can check with the published key,
proofs that verify against them, leaves that re-hash from the public export, the verify page's panel (proved,
pending, and failing once a row is changed under a published checkpoint), the periodic job, the administrator's
button, the feed, and Vietnamese 400/404s for bad query strings."""
import base64
import json

import pytest
from sqlalchemy import func, select, text as sql

from certificates.public_keys import PublicKey, open_note
from tests import factories
from tests.web.test_public import text
from workflow import jobs
from workflow.log_key import log_signer
from workflow.models import AuditEvent, Certificate, Job, JobKind, LogCheckpoint
from workflow.rules import merkle
from workflow.rules.errors import Conflict
from workflow.rules.transparency_log import parse_checkpoint
from workflow.services import clock, decisions, log_tree, transparency, transparency_log


@pytest.fixture
def awarded(session, world, store):
    nomination = factories.awarded(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    return session.scalar(select(Certificate)), nomination


def _sign(app, session) -> LogCheckpoint:
    made = transparency_log.checkpoint(session, log_signer(app))
    session.commit()
    return made


def _key(client) -> tuple[str, PublicKey]:
    key = client.get("/transparency/key").get_json()
    name, key_id, encoded = key["verifier_key"].split("+", 2)
    raw = base64.b64decode(encoded)
    assert name == key["origin"] and raw[:1] == b"\x01" and len(key_id) == 8
    assert client.get("/transparency/key.txt").get_data(as_text=True).strip() == key["verifier_key"]
    return name, PublicKey(raw[1:])


def _canonical(line: dict) -> bytes:
    return json.dumps(line, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def test_the_latest_checkpoint_is_signed_and_states_the_tree_of_the_public_export(app, session, awarded):
    checkpoint = _sign(app, session)
    client = app.test_client()
    response = client.get("/transparency/checkpoint")
    assert response.status_code == 200 and response.content_type == "text/plain; charset=utf-8"
    name, public = _key(client)
    body = open_note(response.get_data(as_text=True), name, public)
    stated = parse_checkpoint(body)
    assert stated.origin == "127.0.0.1:5000/nhat-ky" and stated.size == checkpoint.size
    # the root a citizen computes from the public export: each public line re-encoded canonically
    leaves = [merkle.leaf_hash(_canonical(json.loads(transparency.as_line(r))))
              for r in transparency.export(session, transparency.head(session).seq) if r["visibility"] == "public"]
    frontier = []
    for size, leaf in enumerate(leaves):
        frontier, _ = merkle.append(size, frontier, leaf)
    assert len(leaves) == stated.size and merkle.root_from_frontier(frontier) == stated.root
    assert client.get(f"/transparency/checkpoints/{stated.size}").get_data(as_text=True) == checkpoint.note
    # a second signature of the same, unchanged tree is the same checkpoint: never two of one size
    assert _sign(app, session).id == checkpoint.id


def test_inclusion_proofs_and_leaves_verify_against_the_checkpoint(app, session, awarded):
    stated = parse_checkpoint(_sign(app, session).note.split("\n\n")[0] + "\n")
    client = app.test_client()
    page = client.get(f"/transparency/leaves?start=0&end={stated.size}").get_json()
    assert [leaf["index"] for leaf in page["leaves"]] == list(range(stated.size)) and page["next"] is None
    for leaf in page["leaves"]:
        data = leaf["data"].encode()
        assert data == _canonical(json.loads(leaf["data"]))          # canonical, as documented
        assert json.loads(leaf["data"])["visibility"] == "public"
        proof = client.get(f"/transparency/proof/inclusion?index={leaf['index']}&size={stated.size}").get_json()
        assert base64.b64decode(proof["leaf_hash"]) == merkle.leaf_hash(data)
        hashes = [base64.b64decode(h) for h in proof["proof"]]
        assert merkle.verify_inclusion(leaf["index"], stated.size, merkle.leaf_hash(data), hashes, stated.root)
    # internal events are no leaves: the tree holds exactly the public ones
    internal = session.scalar(select(func.count()).where(AuditEvent.visibility == "internal",
                                                         AuditEvent.leaf_index.is_not(None)))
    assert internal == 0 and session.scalar(select(func.count()).where(AuditEvent.visibility == "internal")) > 0


def test_a_consistency_proof_links_two_checkpoints(app, session, world, store, awarded):
    first = _sign(app, session)
    factories.submitted(session, world, store)
    session.commit()
    second = _sign(app, session)
    assert second.size > first.size
    proof = app.test_client().get(f"/transparency/proof/consistency?from={first.size}&to={second.size}").get_json()
    hashes = [base64.b64decode(h) for h in proof["proof"]]
    assert merkle.verify_consistency(first.size, second.size, first.root, second.root, hashes)
    listing = text(app.test_client().get("/transparency/checkpoints"))
    assert f"{second.size}" in listing and "Bằng chứng nhất quán với bản mới nhất" in listing
    found = app.test_client().get(f"/transparency/checkpoints.json?size={first.size}").get_json()
    assert [c["size"] for c in found["checkpoints"]] == [first.size] and found["total"] == 1
    day = first.signed_at.date().isoformat()
    assert app.test_client().get(f"/transparency/checkpoints.json?date={day}").get_json()["total"] == 2
    assert app.test_client().get("/transparency/checkpoints.json?date=2000-01-01").get_json()["total"] == 0
    empty = text(app.test_client().get("/transparency/checkpoints?date=2000-01-01"))
    assert "Không có điểm kiểm chứng nào khớp điều kiện tìm." in empty


def test_the_verify_page_proves_the_certificates_events_and_catches_a_changed_row(app, session, world, awarded):
    cert, nomination = awarded
    client = app.test_client()
    before = text(client.get(f"/verify/{cert.verify_code}"))
    assert "Trong nhật ký minh bạch" in before and "Chưa có điểm kiểm chứng nào được ký" in before
    _sign(app, session)
    proved = text(client.get(f"/verify/{cert.verify_code}"))
    assert "Chữ ký của nhật ký hợp lệ." in proved and "có trong nhật ký; bằng chứng bao hàm đã được kiểm tra" in proved
    lookup = client.get(f"/transparency/certificates/{cert.verify_code}").get_json()
    assert [e["action"] for e in lookup["events"]] == ["decide"] and lookup["events"][0]["proof"]
    decisions.revoke(session, nomination, by=world.chair, expected_version=nomination.version,
                     reason="Số liệu kê khai không đúng thực tế.", revoking_decision_no="1035/QĐ-UBND")
    session.commit()
    pending = text(client.get(f"/verify/{cert.verify_code}"))
    assert "sẽ có trong điểm kiểm chứng kế tiếp" in pending and "Thu hồi" in pending
    # someone with database access rewrites the published decide event: the proof no longer holds
    session.execute(sql("UPDATE audit_event SET reason = 'sửa lén' WHERE action = 'decide'"))
    session.commit()
    tampered = client.get(f"/verify/{cert.verify_code}")
    assert 'data-log-ok="no"' in tampered.get_data(as_text=True)
    assert "KHÔNG khớp với điểm kiểm chứng" in text(tampered)
    # the stored tree changed under the published checkpoint: no new checkpoint is signed over it
    session.execute(sql("UPDATE log_node SET hash = :h WHERE idx = 0"), {"h": b"\x00" * 32})
    session.commit()
    with pytest.raises(Conflict):
        transparency_log.checkpoint(session, log_signer(app))
    session.rollback()


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/transparency/checkpoint", 404, "Chưa có điểm kiểm chứng nào được ký."),
    ("/transparency/proof/inclusion?index=abc&size=1", 400, "phải là số nguyên"),
    ("/transparency/proof/inclusion?index=5&size=2", 400, "phải nhỏ hơn kích thước cây"),
    ("/transparency/proof/inclusion?index=0&size=99999", 404, "chưa có cây kích thước 99999"),
    ("/transparency/proof/inclusion", 400, "Thiếu tham số «index»"),
    ("/transparency/proof/consistency?from=3&to=2", 400, "không được lớn hơn"),
    ("/transparency/proof/consistency?from=0&to=2", 400, "từ 1 trở lên"),
    ("/transparency/leaves?start=5&end=5", 400, "«end» phải lớn hơn «start»"),
    ("/transparency/leaves?start=%EF%BC%91", 400, "phải là số nguyên"),
    ("/transparency/checkpoints/7", 404, "Không có điểm kiểm chứng nào ở kích thước 7."),
    ("/transparency/certificates/KHONGCOMA", 404, "Không tìm thấy bằng khen"),
    ("/transparency/checkpoints?date=31/12/2025", 400, "YYYY-MM-DD"),
])
def test_a_bad_query_is_a_vietnamese_400_or_404(app, awarded, url, status, words):
    response = app.test_client().get(url)
    body = response.get_json(silent=True)
    message = body["error"] if body else text(response)
    assert response.status_code == status and words in message


def test_the_periodic_job_signs_a_checkpoint_once_the_log_grew(app, session, world, store, awarded):
    app.config["LOG_CHECKPOINT_SECONDS"] = 3600
    job_id = jobs.schedule_checkpoint(app)
    assert job_id is not None and jobs.drain(app) == 1
    first = session.scalar(select(LogCheckpoint))
    assert first is not None and first.size == log_tree.size(session)
    assert session.get(Job, job_id).state == "done"
    factories.submitted(session, world, store)
    session.commit()
    assert jobs.schedule_checkpoint(app) is None                 # grew, but the hour is not over
    clock.advance(days=1)
    assert jobs.schedule_checkpoint(app) is not None and jobs.drain(app) == 1
    assert session.scalar(select(func.count()).select_from(LogCheckpoint)) == 2
    clock.advance(days=1)
    assert jobs.schedule_checkpoint(app) is None                 # nothing new since
    assert session.scalar(select(func.count()).where(Job.kind == JobKind.CHECKPOINT)) == 2


def test_the_administrator_signs_one_now_and_it_is_recorded(app, session, world, awarded, signed_in):
    admin = signed_in(world.admin)
    page = text(admin.get("/admin/transparency/checkpoint"))
    assert "Ký điểm kiểm chứng ngay" in page and "Chưa có điểm kiểm chứng nào được ký." in page
    response = admin.post("/admin/transparency/checkpoint")
    assert response.status_code == 302
    made = session.scalar(select(LogCheckpoint))
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "sign_checkpoint"))
    assert made is not None and event.actor_id == world.admin.id and event.visibility == "internal"
    assert event.leaf_index is None and event.changes["size"] == made.size
    assert "không cần ký thêm" in text(admin.get("/admin/transparency/checkpoint"))
    assert signed_in(world.secretariat).get("/admin/transparency/checkpoint").status_code == 403


def test_the_command_signs_and_the_feed_carries_the_note(app, session, awarded):
    result = app.test_cli_runner().invoke(args=["transparency", "checkpoint"])
    assert result.exit_code == 0 and "Đã ký điểm kiểm chứng mới" in result.output
    note = session.scalar(select(LogCheckpoint.note))
    again = app.test_cli_runner().invoke(args=["transparency", "checkpoint"])
    assert "Nhật ký không có gì mới" in again.output
    feed = app.test_client().get("/feed.atom").get_data(as_text=True)
    assert '<category term="checkpoint"/>' in feed and note.split("\n")[2] in feed
    assert "Điểm kiểm chứng mới nhất" in text(app.test_client().get("/transparency"))
