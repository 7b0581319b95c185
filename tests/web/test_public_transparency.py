"""The transparency page and the public audit export: the export alone, with workflow.rules.audit_chain,
re-verifies every link and every public event, and ends at the published chain head. Internal events leave
only their links; no contact data, no ballot."""
import json

import pytest

from tests import factories
from tests.web.test_public import text
from workflow.rules.audit_chain import GENESIS, event_hash
from workflow.services import notices

STUB = {"seq", "visibility", "prev_hash", "hash"}


@pytest.fixture
def history(session, world, store):
    nomination, notice = factories.in_notice(session, world, store, name="Xã Vĩnh Hưng A")
    notices.receive_comment(session, notice, nomination, full_name="Lê Văn Tám", contact="0912 345 678",
                            address="Ấp Năm Căn", body="Tôi phản ánh số liệu.", today=factories.TODAY)
    factories.awarded(session, world, store, award_type=world.giay_khen, name="Hợp tác xã Đông Hải")  # open ballot
    session.commit()


def exported(client) -> tuple[list[dict], object]:
    response = client.get("/transparency/audit-public.jsonl")
    assert response.status_code == 200
    assert response.content_type == "application/x-ndjson; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    body = response.get_data(as_text=True)
    return [json.loads(line) for line in body.splitlines()], response


def verify_export(records: list[dict]) -> tuple[str, int]:
    """What anyone can do with the file: check each link, recompute each public event's hash."""
    previous, public = GENESIS, 0
    for expected_seq, record in enumerate(records, start=1):
        assert record["seq"] == expected_seq, "a missing or reordered event"
        assert record["prev_hash"] == previous, f"broken link at {expected_seq}"
        if record["visibility"] == "public":
            assert event_hash(record) == record["hash"], f"event {expected_seq} was altered"
            public += 1
        else:
            assert set(record) == STUB
        previous = record["hash"]
    return previous, public


def test_the_public_export_reverifies_and_ends_at_the_published_head(app, history):
    client = app.test_client()
    records, response = exported(client)
    last_hash, public = verify_export(records)
    page = text(client.get("/transparency"))
    assert last_hash == response.headers["X-Audit-Head-Hash"] and last_hash in page
    assert str(len(records)) == response.headers["X-Audit-Head-Seq"]
    assert f"Số sự kiện {len(records)}" in page and f"Trong đó công khai {public}" in page
    assert 0 < public < len(records)
    assert {r["action"] for r in records if r["visibility"] == "public"} >= {"submit", "open_notice",
                                                                            "receive_comment", "tally", "decide"}


def test_an_altered_public_event_no_longer_verifies(app, history):
    records, _ = exported(app.test_client())
    tampered = next(r for r in records if r["visibility"] == "public" and r["action"] == "decide")
    tampered["changes"]["prize_amount"] = 99_000_000
    with pytest.raises(AssertionError, match="altered"):
        verify_export(records)


def test_the_export_carries_no_contact_data_no_ballot_and_no_internal_content(app, world, history):
    records, response = exported(app.test_client())
    body = response.get_data(as_text=True)
    for private in ("Lê Văn Tám", "0912 345 678", "Ấp Năm Căn", "Tôi phản ánh số liệu."):
        assert private not in body
    assert not any(r.get("action") in ("vote", "appraise", "record_attendance") for r in records)
    assert '"choice"' not in body


def test_the_transparency_page_explains_the_method_on_an_empty_chain(app):
    response = app.test_client().get("/transparency")
    page = text(response)
    assert response.headers["Cache-Control"] == "public, max-age=60"
    assert GENESIS in page and "Cách tự kiểm tra" in page and "SHA-256" in page
    assert app.test_client().get("/transparency/audit-public.jsonl").get_data() == b""
