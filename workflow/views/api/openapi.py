"""The API's OpenAPI 3.1 document, as data: one entry per operation with its parameters, responses and an example,
so /api/v1/openapi.json, the /api/v1/docs page and the property-based tests (tests/web/test_api_schema.py) read
the same description. Field names here are the stable ones of views/api/shapes.py."""
import re
from typing import Any

VERSION = "1.0.0"
JSON, PROBLEM = "application/json", "application/problem+json"

STR, INT, BOOL = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
TIME = {"type": "string", "format": "date-time"}


def nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def obj(properties: dict[str, Any], required: tuple[str, ...] | None = None, **extra) -> dict:
    return {"type": "object", "properties": properties,
            "required": list(properties if required is None else required), **extra}


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def listing(item: str) -> dict:
    return obj({"items": {"type": "array", "items": ref(item)}, "next_cursor": nullable(STR)})


RECOGNITION = obj({
    "id": INT, "recipient_name": STR, "recipient_line": nullable(STR), "nominee_kind": STR, "award_type": STR,
    "status": {"type": "string", "enum": ["awarded", "revoked"]}, "decision_number": STR, "decision_date": DATE,
    "signer": nullable(STR), "authority": nullable(STR), "campaign": nullable(STR), "proposing_unit": nullable(STR),
    "achievement_summary": nullable(STR), "period_from": DATE, "period_to": DATE, "prize_amount": nullable(INT),
    "revoking_decision_no": nullable(STR), "revocation_reason": nullable(STR), "url": nullable(STR),
    "verify_url": nullable(STR), "imported": BOOL, "decision_id": nullable(INT)})
TIMELINE_ENTRY = obj({"occurred_at": TIME, "action": STR, "label": STR, "who": STR, "detail": STR,
                      "reason": nullable(STR), "receipt_code": nullable(STR), "notice_id": nullable(INT)})
DECISION = obj({"id": INT, "number": STR, "decision_date": DATE, "title": STR, "full_title": STR, "authority": STR,
                "signer": STR, "recipients_count": INT, "url": STR})
NOTICE = obj({"id": INT, "title": STR, "authority": STR, "campaign_id": nullable(INT), "start_date": DATE,
              "end_date": DATE, "working_days": INT, "remaining_working_days": INT, "nominees_count": INT, "url": STR})
ANSWER = obj({"receipt_code": STR, "status": STR, "received_at": TIME, "resolution": nullable(STR),
              "answer": nullable(STR), "answered_at": nullable(TIME)})
ATTACHMENT_LINK = obj({"id": INT, "filename": STR, "size": INT, "url": STR})
PUBLIC_NOMINEE = obj({
    "nomination_id": INT, "name": STR, "line": STR, "kind": STR, "award_type": STR, "proposing_unit": STR,
    "achievement_summary": STR, "period_from": DATE, "period_to": DATE, "state": STR,
    "recognition_id": nullable(INT), "can_comment": BOOL, "attachments": {"type": "array", "items": ATTACHMENT_LINK},
    "answers": {"type": "array", "items": ANSWER}})
CAMPAIGN = obj({"id": INT, "name": STR, "description": STR, "authority": STR, "period_start": DATE,
                "period_end": DATE, "nomination_deadline": nullable(DATE), "open_for_nominations": BOOL,
                "disclosed": INT, "awarded": INT, "revoked": INT, "url": STR})
CELL = {"type": ["string", "number", "integer", "boolean", "null"]}
TABLE = obj({"key": STR, "title": STR, "columns": {"type": "array", "items": STR},
             "rows": {"type": "array", "items": {"type": "array", "items": CELL}}})
CERTIFICATE = obj({
    "code": STR, "status": {"type": "string", "enum": ["valid", "revoked", "corrected", "replaced"]},
    "golden_book_no": INT, "revoked_at": nullable(TIME), "revocation_reason": nullable(STR),
    "revoking_decision_no": nullable(STR), "url": STR, "superseded_by": nullable(STR), "stands_for": nullable(STR),
    "succession_date": nullable(DATE), "recognition": ref("Recognition")})
AUDIT_EVENT = obj({"seq": INT, "visibility": {"type": "string", "enum": ["public", "internal"]}, "prev_hash": STR,
                   "hash": STR}, additionalProperties=True,
                  description="A public event carries every hashed field; an internal one only these four.")
NOMINATION_STATUS = obj({
    "id": INT, "nominee_name": STR, "nominee_kind": STR, "award_type_id": INT, "award_type": STR, "state": STR,
    "state_label": STR, "return_reason": nullable(STR), "version": INT,
    "attachments": {"type": "array", "items": obj({"id": INT, "filename": STR, "kind": STR, "sha256": STR,
                                                   "public": BOOL})}})
PROPOSAL = obj({"id": INT, "number": STR, "letter_date": DATE, "campaign_id": INT, "proposing_unit_id": INT,
                "state": STR, "version": INT, "created_at": TIME,
                "nominations": {"type": "array", "items": ref("NominationStatus")}})
PROPOSAL_EXAMPLE = {
    "campaign_id": 1, "submit": True,
    "letter": {"number": "15/TTr-UBND", "date": "2025-02-20", "signer_name": "Nguyễn Văn An",
               "signer_title": "Chủ tịch UBND xã"},
    "nominations": [{
        "award_type_id": 1, "achievement_summary": "Hoàn thành xuất sắc nhiệm vụ xây dựng nông thôn mới năm 2024.",
        "period_from": "2024-01-01", "period_to": "2024-12-31",
        "nominee": {"kind": "collective", "full_name": "Ấp Vĩnh Hưng A", "workplace": "Xã Vĩnh Lợi"},
        "attachments": [{"kind": "achievement_report", "filename": "bao-cao-thanh-tich.pdf", "public": True,
                         "content_base64": "JVBERi0xLjQK..."}]}]}
NOMINEE_INPUT = obj({
    "kind": {"type": "string", "enum": ["individual", "collective", "household"]}, "full_name": STR,
    "position": STR, "workplace": STR, "unit_id": nullable(INT), "gender": {"enum": ["female", "male", None]},
    "works_in_production": BOOL, "birth_date": nullable(DATE), "id_number": nullable(STR), "address": STR},
    required=("kind", "full_name"))
UPLOAD_INPUT = obj({
    "kind": {"type": "string", "enum": ["achievement_report", "minutes", "initiative", "other"]}, "filename": STR,
    "content_base64": {"type": "string", "contentEncoding": "base64"}, "public": BOOL, "document": STR},
    required=("kind", "filename", "content_base64"))
PROPOSAL_INPUT = obj({
    "campaign_id": INT, "proposing_unit_id": nullable(INT), "submit": BOOL,
    "letter": obj({"number": STR, "date": DATE, "signer_name": STR, "signer_title": STR}),
    "nominations": {"type": "array", "minItems": 1, "maxItems": 200, "items": obj({
        "award_type_id": INT, "achievement_summary": STR, "period_from": DATE, "period_to": DATE,
        "nominee": ref("NomineeInput"), "attachments": {"type": "array", "maxItems": 20, "items": ref("UploadInput")}},
        required=("award_type_id", "achievement_summary", "period_from", "period_to", "nominee"))}},
    required=("campaign_id", "letter", "nominations"))
PROBLEM_SCHEMA = obj({"type": STR, "title": STR, "status": INT, "detail": STR, "instance": STR, "field": STR},
                     required=("type", "title", "status", "detail"))

SCHEMAS = {
    "Recognition": RECOGNITION, "RecognitionDetail": {"allOf": [ref("Recognition"), obj({
        "timeline": {"type": "array", "items": TIMELINE_ENTRY}})]},
    "Decision": DECISION, "DecisionDetail": {"allOf": [ref("Decision"), obj({
        "recipients": {"type": "array", "items": ref("Recognition")}})]},
    "Notice": NOTICE, "NoticeDetail": {"allOf": [ref("Notice"), obj({
        "is_open": BOOL, "how_to_comment": STR, "legal_basis": {"type": "array", "items": STR},
        "nominees": {"type": "array", "items": PUBLIC_NOMINEE}})]},
    "Campaign": CAMPAIGN, "CampaignResults": obj({"campaign_id": INT, "name": STR, "on": DATE,
                                                  "tables": {"type": "array", "items": TABLE}}),
    "Certificate": CERTIFICATE, "AuditEvent": AUDIT_EVENT,
    "NominationStatus": NOMINATION_STATUS, "Proposal": PROPOSAL, "ProposalInput": PROPOSAL_INPUT,
    "NomineeInput": NOMINEE_INPUT, "UploadInput": UPLOAD_INPUT, "Problem": PROBLEM_SCHEMA,
    "RecognitionPage": listing("Recognition"), "DecisionPage": listing("Decision"), "NoticePage": listing("Notice"),
    "CampaignPage": listing("Campaign"), "ProposalPage": listing("Proposal"),
    "AuditEventPage": {"allOf": [listing("AuditEvent"), obj({"head": obj({"seq": INT, "hash": STR})})]},
}


def query(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


def path_id(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description,
            "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}}


CURSOR = query("cursor", {"type": "string", "minLength": 1, "maxLength": 200}, "The `next_cursor` of the previous page, unchanged (opaque).")
LIMIT = query("limit", {"type": "integer", "minimum": 1, "maximum": 100}, "Items per page (default 50).")
ID_PARAM = {"type": "integer", "minimum": 1, "maximum": 2**31 - 1}


def problem(description: str) -> dict:
    return {"description": description, "content": {PROBLEM: {"schema": ref("Problem")}}}


def ok(schema: str, description: str, example: Any = None, status: str = "200") -> dict:
    content: dict[str, Any] = {"schema": ref(schema)}
    if example is not None:
        content["example"] = example
    responses = {status: {"description": description, "content": {JSON: content},
                          "headers": {"ETag": {"schema": STR, "description": "Send it back in If-None-Match."}}},
                 "default": problem("An error as problem+json (RFC 9457), title and detail in Vietnamese."),
                 "429": problem("Too many requests (rate limit).")}
    if status == "200":
        responses["304"] = {"description": "Not modified (If-None-Match matched the ETag)."}
    return responses


def operation(op_id: str, summary: str, tag: str, responses: dict, parameters: list | None = None,
              secured: str | None = None, body: str | None = None, example: Any = None) -> dict:
    found: dict[str, Any] = {"operationId": op_id, "summary": summary, "tags": [tag], "responses": responses,
                             "parameters": parameters or []}
    if secured:
        found["security"] = [{"bearer": [secured]}]
        found["responses"] = {**responses, "401": problem("No token, or a token unknown or revoked."),
                              "403": problem("The token lacks the scope, or the unit may not do this.")}
    if body:
        found["requestBody"] = {"required": True, "content": {JSON: {"schema": ref(body), "example": example}}}
    return found


PATHS = {
    "/recognitions": {"get": operation(
        "listRecognitions", "The public register of recognitions, newest decision first; search and filters.",
        "register", ok("RecognitionPage", "A page of recognitions."),
        [query("q", {"type": "string", "maxLength": 200}, "Words, ignoring diacritics and case (`vinh hung a`)."),
         query("year", {"type": "integer", "minimum": 1900, "maximum": 2100}, "Decision year."),
         query("campaign", ID_PARAM, "Campaign id."), query("award_type", ID_PARAM, "Award type id."),
         query("unit", ID_PARAM, "Proposing unit id (and the units under it)."), CURSOR, LIMIT])},
    "/recognitions/{line_id}": {"get": operation(
        "getRecognition", "One recognition with its public timeline.", "register",
        ok("RecognitionDetail", "The recognition."), [path_id("line_id", "The recognition's id.")])},
    "/decisions": {"get": operation("listDecisions", "Decisions, newest first.", "register",
                                    ok("DecisionPage", "A page of decisions."), [CURSOR, LIMIT])},
    "/decisions/{decision_id}": {"get": operation(
        "getDecision", "One decision with its full recipient list.", "register",
        ok("DecisionDetail", "The decision."), [path_id("decision_id", "The decision's id.")])},
    "/notices": {"get": operation(
        "listNotices", "Public notices: the open ones, or the archive by pages.", "notices",
        ok("NoticePage", "Notices."),
        [query("status", {"type": "string", "enum": ["open", "archived"]}, "open (default) or archived."),
         CURSOR, LIMIT])},
    "/notices/{notice_id}": {"get": operation(
        "getNotice", "One notice with its nominees, public files and published answers.", "notices",
        ok("NoticeDetail", "The notice."), [path_id("notice_id", "The notice's id.")])},
    "/campaigns": {"get": operation("listCampaigns", "Public campaigns with their counts.", "campaigns",
                                    ok("CampaignPage", "Every public campaign (one page)."))},
    "/campaigns/{campaign_id}/results": {"get": operation(
        "getCampaignResults", "A campaign's public results: the dashboard's tables.", "campaigns",
        ok("CampaignResults", "The tables."),
        [path_id("campaign_id", "The campaign's id."),
         query("on", DATE, "The date the targets are read on (default: today, or the campaign's last day).")])},
    "/certificates/{code}": {"get": operation(
        "getCertificate", "A certificate's status by its verification code (the QR code).", "certificates",
        ok("Certificate", "The certificate's status."),
        [{"name": "code", "in": "path", "required": True, "description": "16 characters, A–Z and 2–7.",
          "schema": {"type": "string", "minLength": 1, "maxLength": 60}}])},
    "/audit-events": {"get": operation(
        "listAuditEvents", "The hash-chained audit trail in order (public events in full, internal as stubs).",
        "transparency", ok("AuditEventPage", "A page of events and the chain's head."), [CURSOR, LIMIT])},
    "/proposals": {
        "get": operation("listProposals", "The client's unit's proposals, newest first.", "proposals",
                         ok("ProposalPage", "A page of proposals."), [CURSOR, LIMIT], secured="proposals:read"),
        "post": operation(
            "createProposal", "Send a proposal (Tờ trình) with its nominees and files; submitted unless submit=false.",
            "proposals", ok("Proposal", "The proposal as created (or, for a retried Idempotency-Key, as it was "
                                        "created the first time, with Idempotent-Replayed: true).", status="201")
            | {"409": problem("A request with this Idempotency-Key is still being done."),
               "422": problem("Refused by the rules, or the Idempotency-Key was used for another request.")},
            [{"name": "Idempotency-Key", "in": "header", "required": False,
              "description": "Your own unique value (a UUID) per proposal: a retry with the same key and body gets "
                             "the first answer again and files nothing twice (kept 24 hours). 1–255 visible ASCII.",
              "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}}],
            secured="proposals:write", body="ProposalInput", example=PROPOSAL_EXAMPLE)},
    "/proposals/{proposal_id}": {"get": operation(
        "getProposal", "One proposal of the client's unit with each nomination's status.", "proposals",
        ok("Proposal", "The proposal."), [path_id("proposal_id", "The proposal's id.")],
        secured="proposals:read")},
}


def document(server_url: str) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Vinh danh API", "version": VERSION,
                 "description": "Dữ liệu công khai về thi đua, khen thưởng và tiếp nhận hồ sơ đề nghị từ hệ thống "
                                "khác. Public register, decisions, notices, campaigns, certificate status and audit "
                                "trail; proposals from integration clients (bearer tokens). See docs/API.md."},
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "webhooks": {"nominationStatusChanged": {"post": {
            "summary": "A nomination of the client's unit changed state (signed: X-Vinhdanh-Signature).",
            "requestBody": {"content": {JSON: {"schema": ref("WebhookEvent")}}},
            "responses": {"200": {"description": "Any 2xx acknowledges; anything else is retried with backoff."}}}}},
        "components": {"schemas": SCHEMAS | {"WebhookEvent": WEBHOOK_EVENT}, "securitySchemes": {"bearer": {
            "type": "http", "scheme": "bearer",
            "description": "A client's token (vd_…), issued by the administrator; scopes proposals:read, "
                           "proposals:write."}}},
    }


WEBHOOK_EVENT = obj({"id": INT, "event": {"type": "string", "enum": ["nomination.status_changed"]},
                     "occurred_at": TIME, "data": obj({
                         "proposal_id": nullable(INT), "nomination_id": INT, "action": STR, "from_state": STR,
                         "to_state": STR, "reason": nullable(STR)})})


def query_names(rule: str, method: str) -> frozenset[str]:
    """The query parameters the document gives an operation, from its Flask rule («/api/v1/decisions/<int:id>»)."""
    path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.removeprefix("/api/v1"))
    operation = PATHS.get(path, {}).get(method.lower(), {})
    return frozenset(p["name"] for p in operation.get("parameters", []) if p["in"] == "query")
