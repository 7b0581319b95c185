"""The integration API through the test client: public reads answer what the public pages answer (same queries),
cursors page the register without gaps, ETags give 304, errors are problem+json in Vietnamese; client tokens are
hashed, scoped, revocable, rate-limited and every call is logged; the write API takes only bearer tokens and goes
through the unit's own services."""
import base64
from datetime import date

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.factories import PDF
from tests.web.test_public import award, disclosed, individual
from workflow.models import ApiCall, ApiClient, AuditEvent, Nomination, Proposal
from workflow.rules.api import Scope, token_hash
from workflow.rules.states import State
from workflow.services import api_clients

READ, WRITE = str(Scope.PROPOSALS_READ), str(Scope.PROPOSALS_WRITE)


def issue(session, world, *, unit=None, scopes=(READ, WRITE), webhook_url: str = "") -> str:
    issued = api_clients.issue(session, by=world.admin, name="Hệ thống quản lý văn bản huyện", scopes=scopes,
                               unit=unit or world.district_a, webhook_url=webhook_url)
    session.commit()
    return issued.token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def proposal_body(world, **changes) -> dict:
    body = {
        "campaign_id": world.campaign.id,
        "letter": {"number": "15/TTr-UBND", "date": "2025-02-20", "signer_name": "Nguyễn Văn An",
                   "signer_title": "Chủ tịch UBND huyện"},
        "nominations": [{
            "award_type_id": world.bang_khen.id, "period_from": "2024-01-01", "period_to": "2024-12-31",
            "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ xây dựng nông thôn mới năm 2024.",
            "nominee": {"kind": "collective", "full_name": "Ấp Vĩnh Hưng A", "workplace": "Huyện Vĩnh Lợi"},
            "attachments": [{"kind": "achievement_report", "filename": "bao-cao.pdf", "public": True,
                             "content_base64": base64.b64encode(PDF).decode()}]}]}
    return body | changes


def problem_of(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.content_type == "application/problem+json"
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.fixture
def register_lines(session, world, store):
    person = individual(session, world, store, name="Trương Thị Cẩm Tú")
    award(session, world, person, disclosed(session, world, person, today=factories.TODAY))
    for name in ("Hợp tác xã Đông Hải", "Ấp Vĩnh Hưng A", "Tổ hợp tác Hồng Dân"):
        factories.awarded(session, world, store, officer=world.officer_b, name=name)
    session.commit()


# --- public reads -----------------------------------------------------------------------------------------------

def test_the_register_search_folds_diacritics_and_pages_by_an_opaque_cursor(app, register_lines):
    client = app.test_client()
    found = client.get("/api/v1/recognitions?q=dong hai").get_json()
    assert [item["recipient_name"] for item in found["items"]] == ["Hợp tác xã Đông Hải"]
    assert "birth_date" not in found["items"][0] and "id_number" not in found["items"][0]
    seen, cursor = [], None
    while True:
        page = client.get("/api/v1/recognitions", query_string={"limit": 1, **({"cursor": cursor} if cursor else {})})
        seen += [item["id"] for item in page.get_json()["items"]]
        cursor = page.get_json()["next_cursor"]
        if cursor is None:
            break
    whole = client.get("/api/v1/recognitions").get_json()["items"]
    assert seen == [item["id"] for item in whole] and len(seen) == 4


def test_a_recognition_carries_its_public_timeline_and_a_decision_its_recipients(app, register_lines):
    client = app.test_client()
    first = client.get("/api/v1/recognitions").get_json()["items"][-1]
    detail = client.get(f"/api/v1/recognitions/{first['id']}").get_json()
    assert detail["recipient_name"] == first["recipient_name"]
    assert [e["action"] for e in detail["timeline"]][:2] == ["submit", "open_notice"]
    decision = client.get(f"/api/v1/decisions/{first['decision_id']}").get_json()
    assert first["id"] in [r["id"] for r in decision["recipients"]]
    assert client.get("/api/v1/decisions").get_json()["items"][0]["number"]


def test_the_certificate_status_answers_by_code_and_unknown_is_a_problem(app, session, register_lines):
    from workflow.models import Certificate
    code = session.scalar(select(Certificate.verify_code).limit(1))
    found = app.test_client().get(f"/api/v1/certificates/{code.lower()}").get_json()
    assert found["status"] == "valid" and found["code"] == code
    problem = problem_of(app.test_client().get("/api/v1/certificates/AAAAAAAAAAAAAAAA"), 404)
    assert problem["title"] == "Không tìm thấy"


def test_notices_campaigns_and_audit_events_read_the_public_queries(app, session, world, store):
    person = individual(session, world, store)
    notice = disclosed(session, world, person)
    session.commit()
    client = app.test_client()
    assert [n["id"] for n in client.get("/api/v1/notices").get_json()["items"]] == [notice.id]
    detail = client.get(f"/api/v1/notices/{notice.id}").get_json()
    assert detail["nominees"][0]["name"] == "Trương Thị Cẩm Tú" and "birth_date" not in detail["nominees"][0]
    assert client.get("/api/v1/campaigns").get_json()["items"][0]["name"] == world.campaign.name
    results = client.get(f"/api/v1/campaigns/{world.campaign.id}/results").get_json()
    assert results["tables"] and all(len(row) == len(t["columns"]) for t in results["tables"] for row in t["rows"])
    events = client.get("/api/v1/audit-events?limit=2").get_json()
    rest = client.get("/api/v1/audit-events", query_string={"cursor": events["next_cursor"], "limit": 100}).get_json()
    seqs = [e["seq"] for e in events["items"] + rest["items"]]
    assert seqs == list(range(1, events["head"]["seq"] + 1))


def test_an_unchanged_answer_is_304_with_its_etag(app, register_lines):
    client = app.test_client()
    first = client.get("/api/v1/recognitions")
    assert first.headers["ETag"] and first.headers["Cache-Control"].startswith("public")
    again = client.get("/api/v1/recognitions", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()


def test_bad_parameters_are_problems_in_vietnamese(app, world):
    client = app.test_client()
    assert "cursor" in problem_of(client.get("/api/v1/recognitions?cursor=khong-phai"), 400)["detail"]
    assert "limit" in problem_of(client.get("/api/v1/decisions?limit=1000"), 400)["detail"]
    problem_of(client.get("/api/v1/khong-co"), 404)
    problem_of(client.delete("/api/v1/recognitions"), 405)


# --- tokens -----------------------------------------------------------------------------------------------------

def test_a_token_is_shown_once_and_kept_only_as_its_hash(app, session, world):
    token = issue(session, world)
    client = session.scalar(select(ApiClient))
    assert client.token_hash == token_hash(token) and token not in (client.token_hash, client.token_prefix)
    assert not client.account.active and client.account.unit_id == world.district_a.id
    assert session.scalar(select(AuditEvent).where(AuditEvent.object_type == "api_client")).actor_id == world.admin.id


def test_only_an_administrator_issues_tokens(session, world):
    from workflow.rules.errors import NotAllowed
    with pytest.raises(NotAllowed):
        api_clients.issue(session, by=world.officer_a, name="Tự cấp", unit=world.district_a, scopes=[WRITE])


def test_a_read_only_token_cannot_submit(app, session, world):
    token = issue(session, world, scopes=(READ,))
    response = app.test_client().post("/api/v1/proposals", json=proposal_body(world), headers=bearer(token))
    assert "proposals:write" in problem_of(response, 403)["detail"]
    assert session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_a_revoked_or_unknown_token_is_refused(app, session, world):
    token = issue(session, world)
    client = app.test_client()
    assert client.get("/api/v1/proposals", headers=bearer(token)).status_code == 200
    api_clients.revoke(session, session.scalar(select(ApiClient)), by=world.admin)
    session.commit()
    problem_of(client.get("/api/v1/proposals", headers=bearer(token)), 401)
    problem_of(client.get("/api/v1/proposals", headers=bearer(token[:-2] + "xx")), 401)
    problem_of(client.get("/api/v1/recognitions", headers={"Authorization": "Basic YTpi"}), 401)


def test_every_call_of_a_client_is_logged_refused_ones_too(app, session, world):
    token = issue(session, world, scopes=(READ,))
    client = app.test_client()
    client.get("/api/v1/proposals", headers=bearer(token))
    client.post("/api/v1/proposals", json={}, headers=bearer(token))
    calls = session.scalars(select(ApiCall).order_by(ApiCall.id)).all()
    assert [(c.method, c.path, c.status) for c in calls] == [("GET", "/api/v1/proposals", 200),
                                                            ("POST", "/api/v1/proposals", 403)]
    assert session.scalar(select(ApiClient)).last_used_at is not None


def test_the_rate_limit_answers_429_problem(app, session, world):
    app.config["API_RATE_LIMIT_CLIENT"] = "3 per minute"
    token = issue(session, world)
    client = app.test_client()
    answers = [client.get("/api/v1/proposals", headers=bearer(token)).status_code for _ in range(3)]
    assert answers == [200, 200, 200]
    assert problem_of(client.get("/api/v1/proposals", headers=bearer(token)), 429)["title"] == "Quá nhiều yêu cầu"


# --- the write API ----------------------------------------------------------------------------------------------

def test_a_client_submits_a_proposal_through_the_units_own_services(app, session, world):
    token = issue(session, world)
    response = app.test_client().post("/api/v1/proposals", json=proposal_body(world), headers=bearer(token))
    assert response.status_code == 201, response.get_data(as_text=True)
    sent = response.get_json()
    assert sent["state"] == "submitted" and sent["nominations"][0]["state"] == State.SUBMITTED
    assert response.headers["Location"] == f"/api/v1/proposals/{sent['id']}"
    nomination = session.get(Nomination, sent["nominations"][0]["id"])
    assert nomination.proposing_unit_id == world.district_a.id and nomination.attachments[0].is_public
    actions = session.scalars(select(AuditEvent.action).where(AuditEvent.object_type == "nomination",
                                                              AuditEvent.object_id == nomination.id)).all()
    assert actions == ["create", "add_attachment", "submit"]
    read = app.test_client().get(f"/api/v1/proposals/{sent['id']}", headers=bearer(token)).get_json()
    assert read["nominations"][0]["state_label"]


def test_a_refused_line_keeps_nothing_and_names_the_field(app, session, world):
    token = issue(session, world)
    body = proposal_body(world)
    body["nominations"][0]["period_to"] = "2023-12-31"
    problem = problem_of(app.test_client().post("/api/v1/proposals", json=body, headers=bearer(token)), 422)
    assert problem["field"] == "nominations[0].period_to" and "Hồ sơ thứ 1" in problem["detail"]
    assert session.scalar(select(func.count()).select_from(Nomination)) == 0


def test_a_units_token_cannot_submit_for_another_unit(app, session, world):
    token = issue(session, world, unit=world.district_a)
    body = proposal_body(world, proposing_unit_id=world.district_b.id)
    problem_of(app.test_client().post("/api/v1/proposals", json=body, headers=bearer(token)), 403)
    assert session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_another_units_proposal_is_not_found(app, session, world):
    mine, theirs = issue(session, world), issue(session, world, unit=world.district_b)
    client = app.test_client()
    sent = client.post("/api/v1/proposals", json=proposal_body(world), headers=bearer(mine)).get_json()
    problem_of(client.get(f"/api/v1/proposals/{sent['id']}", headers=bearer(theirs)), 404)
    assert client.get("/api/v1/proposals", headers=bearer(theirs)).get_json()["items"] == []


def test_a_signed_in_browser_cannot_call_the_write_api(app, session, world, signed_in):
    browser = signed_in(world.officer_a)
    for payload in ({"json": proposal_body(world)}, {"data": {"campaign_id": str(world.campaign.id)}}):
        problem_of(browser.client.post("/api/v1/proposals", **payload), 401)
    problem_of(browser.client.get("/api/v1/proposals"), 401)
    assert session.scalar(select(func.count()).select_from(Proposal)) == 0


def test_a_draft_is_kept_when_submit_is_false(app, session, world):
    token = issue(session, world)
    body = proposal_body(world, submit=False)
    sent = app.test_client().post("/api/v1/proposals", json=body, headers=bearer(token)).get_json()
    assert sent["nominations"][0]["state"] == State.DRAFT


def test_the_openapi_document_is_served_and_describes_every_route(app):
    document = app.test_client().get("/api/v1/openapi.json").get_json()
    assert document["openapi"] == "3.1.0" and document["servers"] == [{"url": "http://localhost/api/v1"}]
    routes = {rule.rule.removeprefix("/api/v1") for rule in app.url_map.iter_rules() if rule.endpoint.startswith("api.")}
    described = {path.replace("{", "<int:").replace("<int:code", "<code") for path in document["paths"]}
    assert routes - {"/openapi.json", "/docs"} == {p.replace("}", ">") for p in described}
    page = app.test_client().get("/api/v1/docs").get_data(as_text=True)
    assert "/api/v1/recognitions" in page and "curl" in page and "//cdn" not in page


def test_dates_are_iso(app, register_lines):
    item = app.test_client().get("/api/v1/recognitions").get_json()["items"][0]
    assert date.fromisoformat(item["decision_date"])


# --- retrying a write safely ------------------------------------------------------------------------------------

def another_body(world, n: int) -> dict:
    """A proposal of another letter and nominee (the same one twice is refused as a duplicate)."""
    body = proposal_body(world)
    body["letter"]["number"] = f"{20 + n}/TTr-UBND"
    body["nominations"][0]["nominee"]["full_name"] = f"Ấp số {n}"
    return body


def test_a_retry_with_the_same_idempotency_key_gets_the_first_answer_and_files_nothing_twice(app, session, world):
    token = issue(session, world)
    headers = bearer(token) | {"Idempotency-Key": "7f1c9a52-3f0e-4a57-9c55-2f4d3c1a9b10"}
    client = app.test_client()
    first = client.post("/api/v1/proposals", json=proposal_body(world), headers=headers)
    again = client.post("/api/v1/proposals", json=proposal_body(world), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.get_data() == first.get_data() and again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert session.scalar(select(func.count()).select_from(Nomination)) == 1
    # without a key, or with a new one, the same body is a new proposal
    assert client.post("/api/v1/proposals", json=another_body(world, 1), headers=bearer(token)).status_code == 201
    new_key = bearer(token) | {"Idempotency-Key": "another-key"}
    assert client.post("/api/v1/proposals", json=another_body(world, 2), headers=new_key).status_code == 201
    assert session.scalar(select(func.count()).select_from(Nomination)) == 3


def test_the_same_key_with_another_request_is_refused_and_a_bad_key_is_400(app, session, world):
    token = issue(session, world)
    client = app.test_client()
    headers = bearer(token) | {"Idempotency-Key": "k-1"}
    assert client.post("/api/v1/proposals", json=proposal_body(world), headers=headers).status_code == 201
    other = proposal_body(world, letter={"number": "16/TTr-UBND", "date": "2025-02-21", "signer_name": "Nguyễn Văn An",
                                         "signer_title": "Chủ tịch UBND huyện"})
    problem = problem_of(client.post("/api/v1/proposals", json=other, headers=headers), 422)
    assert "đã được dùng cho một yêu cầu khác" in problem["detail"]
    for bad in ("", "x" * 256, "khóa có dấu"):
        response = client.post("/api/v1/proposals", json=proposal_body(world),
                               headers=bearer(token) | {"Idempotency-Key": bad})
        assert "1–255 ký tự ASCII" in problem_of(response, 400)["detail"]
    assert session.scalar(select(func.count()).select_from(Nomination)) == 1


def test_a_refused_write_keeps_no_key_and_keys_are_each_clients_own_and_expire(app, session, world):
    from workflow.services import clock
    token, other_unit = issue(session, world), issue(session, world, unit=world.district_b)
    client = app.test_client()
    refused = proposal_body(world)
    refused["nominations"][0]["period_to"] = "2023-12-31"
    headers = bearer(token) | {"Idempotency-Key": "k-1"}
    assert client.post("/api/v1/proposals", json=refused, headers=headers).status_code == 422
    assert client.post("/api/v1/proposals", json=proposal_body(world), headers=headers).status_code == 201
    body_b = proposal_body(world)
    body_b["nominations"][0]["nominee"]["workplace"] = "Huyện Hồng Dân"
    created = client.post("/api/v1/proposals", json=body_b, headers=bearer(other_unit) | {"Idempotency-Key": "k-1"})
    assert created.status_code == 201 and "Idempotent-Replayed" not in created.headers
    clock.advance(2)
    later = client.post("/api/v1/proposals", json=another_body(world, 3), headers=headers)
    assert later.status_code == 201 and "Idempotent-Replayed" not in later.headers   # forgotten after a day
    assert session.scalar(select(func.count()).select_from(Nomination)) == 3
