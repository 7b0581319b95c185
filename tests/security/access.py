"""The access matrix: for every endpoint of the app, the URL(s) to try and what each role must get.

Adding a route? Add its endpoint to ROUTES with one of the helpers below (`public`, `signed_in`, `staff`,
`own_unit`, `nowhere`) and a URL whose {placeholders} name fields of tests/security/scene.py's Scene. A GET
route is fetched; a POST-only route is posted with a valid CSRF token and the case's `data` (usually none), so
what answers is the guard (login, role, scope) and then the form's own validation, and nothing changes.

Outcomes: 200, 400, 403, 404, LOGIN (302 to /login) and AWAY (302 anywhere else).
"""
import re
import time
from dataclasses import dataclass, field

from flask import Flask
from flask.testing import FlaskClient

from .scene import ROLES, Scene

LOGIN, AWAY = "login", "away"
STAFF_ROLES = ROLES[1:]


@dataclass(frozen=True)
class Case:
    url: str
    expect: dict[str, int | str] = field(hash=False)
    note: str = ""
    data: dict[str, str] = field(default_factory=dict, hash=False)  # posted besides the token (POST-only routes)

    def path(self, scene: Scene) -> str:
        return self.url.format(**vars(scene))


def public(url: str, status: int | str = 200, note: str = "") -> Case:
    """The same answer for everyone, signed in or not."""
    return Case(url, dict.fromkeys(ROLES, status), note)


def signed_in(url: str, status: int | str = 200) -> Case:
    """Any staff account; anonymous users are sent to the login page."""
    return Case(url, {"anonymous": LOGIN} | dict.fromkeys(STAFF_ROLES, status))


def staff(role: str, url: str, status: int | str = 200, **others: int | str) -> Case:
    """Only `role` (else 403); `others` overrides single roles, e.g. officer_b=200 for a list of one's own."""
    return Case(url, {"anonymous": LOGIN} | dict.fromkeys(STAFF_ROLES, 403) | {role: status} | others)


def own_unit(url: str, status: int | str = 200) -> Case:
    """Unit A's object: its officer gets `status`, unit B's officer 404 (existence does not leak)."""
    return staff("officer_a", url, status, officer_b=404)


def nowhere(url: str, note: str) -> Case:
    """Nobody gets it (a private file on a public URL, say): 404 for every role."""
    return public(url, 404, note)


SEC, COUNCIL, AUTH, ADMIN = "secretariat", "council", "authority", "admin"

ROUTES: dict[str, tuple[Case, ...]] = {
    # --- public portal -------------------------------------------------------------------------------------
    "static": (public("/static/css/site.css"),),
    "favicon": (public("/favicon.ico"),),
    "public.index": (public("/"),),
    "public.notices_index": (public("/notices"),),
    "public.archive": (public("/notices/archive"),),
    "public.notice": (public("/notices/{notice}"), public("/notices/999999", 404)),
    "public.comment": (public("/notices/{notice}/comment"),),
    "public.receipt_lookup": (public("/comments"),),
    "public.receipt": (public("/comments/{comment_code}"),),
    "public.attachment": (
        public("/attachments/{notice_public_file}", note="a public report of a disclosed nomination"),
        nowhere("/attachments/{notice_private_file}", "a private file of a disclosed nomination"),
        nowhere("/attachments/{draft_a_public_file}", "a 'public' report of a nomination not yet disclosed"),
        nowhere("/attachments/{evidence_file}", "a citizen's evidence"),
    ),
    "public.decisions": (public("/decisions"),),
    "public.decision": (public("/decisions/{decision}"),),
    "public.decision_pdf": (public("/decisions/{decision}/decision.pdf"),),
    "public.recognitions": (public("/recognitions"),),
    "public.recognition": (public("/recognitions/{decision_line}"),),
    "public.feed": (public("/feed.atom"),),
    "public.open_data": (public("/open-data"),),
    "public.recognitions_csv": (public("/open-data/recognitions.csv"),),
    "public.recognitions_json": (public("/open-data/recognitions.json"),),
    "public.distribution_page": (public("/thong-ke"),),
    "public.distribution_csv": (public("/thong-ke/2025.csv"),),
    "public.distribution_json": (public("/thong-ke/2025.json"),),
    "public.transparency": (public("/transparency"),),
    "public.audit_export": (public("/transparency/audit-public.jsonl"),),
    "public.log_checkpoint_latest": (public("/transparency/checkpoint", 404, "no checkpoint signed in the scene"),),
    "public.log_checkpoint": (public("/transparency/checkpoints/1", 404),
                              public("/transparency/checkpoints/99999999999999999999", 404)),
    "public.log_checkpoints": (public("/transparency/checkpoints"), public("/transparency/checkpoints?size=x", 400),
                               public("/transparency/checkpoints?date=9999-12-31")),
    "public.log_checkpoints_json": (public("/transparency/checkpoints.json"),),
    "public.log_key": (public("/transparency/key", 404, "the scene's app has no log key"),),
    "public.log_key_text": (public("/transparency/key.txt", 404, "the scene's app has no log key"),),
    "public.log_inclusion": (public("/transparency/proof/inclusion?index=0&size=1"),
                             public("/transparency/proof/inclusion?index=%D9%A1", 400),
                             public("/transparency/proof/inclusion?index=0&size=99999999", 404)),
    "public.log_consistency": (public("/transparency/proof/consistency?from=1&to=2"),
                               public("/transparency/proof/consistency?from=2&to=1", 400)),
    "public.log_leaves": (public("/transparency/leaves?start=0&end=2"), public("/transparency/leaves?end=-1", 400)),
    "public.log_certificate": (public("/transparency/certificates/{verify_code}"),
                               public("/transparency/certificates/YK-ZZZZ", 404)),
    "public.verify_form": (public("/verify"),),
    "public.verify": (public("/verify/{verify_code}"),),
    "public.certificate_pdf": (public("/verify/{verify_code}/certificate.pdf"),),
    # issue 19: public to everyone; the scene has no issuer key (nor a credential), so these three answer 404 here
    # alike for every role (tests/web/test_credentials.py reads them with a key)
    "public.credential": (nowhere("/verify/{verify_code}/credential.json", "no issuer key in the scene"),),
    "public.issuer": (nowhere("/issuer", "no issuer key in the scene"),),
    "public.status_list": (nowhere("/credentials/status/1", "no issuer key in the scene"),),
    "public.record": (public("/verify/{verify_code}/record.json"),),
    "public.verify_qr": (public("/verify/qr"),),
    # --- signing in ------------------------------------------------------------------------------------------
    "auth.login": (public("/login"),),
    "auth.logout": (signed_in("/logout"),),
    "auth.password": (signed_in("/account/password"),),
    "auth.dashboard": (signed_in("/dashboard"),),
    "auth.set_language": (public("/lang/vi", AWAY),),
    # --- issue 18: one's own notifications; a citizen's signed unsubscribe link ---------------------------------
    "notifications.index": (signed_in("/thong-bao/"),),
    "notifications.settings": (signed_in("/thong-bao/cai-dat"),),
    "notifications.read_all": (signed_in("/thong-bao/da-doc", AWAY),),
    "notifications.open_one": (signed_in("/thong-bao/999999/mo", 404),),   # another's (or none): 404 for all
    "notifications.unsubscribe": (public("/thong-bao/huy-nhan/gia-mao", 404, note="a forged token"),),
    # --- unit officer ----------------------------------------------------------------------------------------
    "unit.index": (staff("officer_a", "/unit/", officer_b=200),),
    "unit.new": (staff("officer_a", "/unit/nominations/new", officer_b=200),),
    "unit.nomination": (own_unit("/unit/nominations/{draft_a}"),
                        staff("officer_b", "/unit/nominations/{draft_b}", officer_a=404)),
    "unit.edit": (own_unit("/unit/nominations/{draft_a}/edit"),),
    "unit.submit": (own_unit("/unit/nominations/{draft_a}/submit"),),
    "unit.withdraw": (own_unit("/unit/nominations/{draft_a}/withdraw"),),
    "unit.achievement_report": (own_unit("/unit/nominations/{draft_a}/bao-cao-thanh-tich.docx"),
                                own_unit("/unit/nominations/{draft_a}/bao-cao-thanh-tich.pdf")),
    "unit.upload": (own_unit("/unit/nominations/{draft_a}/attachments", 200),),
    "unit.attachment": (own_unit("/unit/attachments/{draft_a_private_file}"),),
    # the new-rural recognition's pages refuse a commendation's nomination by the rules (state-bound: 400; the
    # commune's own notice and answers: 403, a commendation's are the secretariat's)
    "unit.self_assessment": (own_unit("/unit/nominations/{draft_a}/tu-danh-gia", 400),),
    "unit.survey": (own_unit("/unit/nominations/{draft_a}/y-kien-hai-long", 400),),
    "unit.post_self_assessment": (own_unit("/unit/nominations/{draft_a}/cong-khai", 403),),
    "unit.answer_comment": (own_unit("/unit/comments/{comment}/answer", 403),),
    "unit.field_check_file": (own_unit("/unit/field-check-files/{field_check_file}"),),
    "unit.remove_attachment": (own_unit("/unit/attachments/{draft_a_private_file}/remove"),),  # the confirmation
    # issue 16: proposals with lists (the submit page of a proposal already sent shows there is nothing to send)
    "unit.proposals_list": (staff("officer_a", "/unit/proposals", officer_b=200),),
    "unit.proposal": (own_unit("/unit/proposals/{proposal}"),),
    "unit.list_template": (staff("officer_a", "/unit/proposals/template.xlsx", officer_b=200),),
    "unit.import_list": (staff("officer_a", "/unit/proposals/import", officer_b=200),),
    "unit.proposal_new": (staff("officer_a", "/unit/proposals/new", officer_b=200),),
    "unit.proposal_submit": (own_unit("/unit/proposals/{proposal}/submit"),),
    "unit.proposal_scan": (own_unit("/unit/proposals/{proposal}/scan", 400),),
    "unit.proposal_scan_file": (own_unit("/unit/proposals/{proposal}/scan"),),
    # --- secretariat -----------------------------------------------------------------------------------------
    "secretariat.proposals_list": (staff(SEC, "/secretariat/proposals"),),
    "secretariat.proposal": (staff(SEC, "/secretariat/proposals/{proposal}"),),
    "secretariat.proposal_return": (staff(SEC, "/secretariat/proposals/{proposal}/return"),),
    "secretariat.index": (staff(SEC, "/secretariat/"),),
    "secretariat.intake": (staff(SEC, "/secretariat/intake"), staff(SEC, "/secretariat/intake?format=xlsx"),
                           staff(SEC, "/secretariat/intake?print=1&q=a&unit=x")),
    "secretariat.register": (staff(SEC, "/secretariat/register"), staff(SEC, "/secretariat/register?format=xlsx"),
                             staff(SEC, "/secretariat/register?print=1&state=revoked")),
    "secretariat.bulk_accept_confirm": (staff(SEC, "/secretariat/intake/accept?sel={submitted_a}:1"),),
    "secretariat.bulk_accept": (staff(SEC, "/secretariat/intake/accept", AWAY),),
    "secretariat.nomination": (staff(SEC, "/secretariat/nominations/{submitted_a}"),
                               staff(SEC, "/secretariat/nominations/{draft_a}", 404)),
    "secretariat.achievement_report": (staff(SEC, "/secretariat/nominations/{submitted_a}/bao-cao-thanh-tich.docx"),
                                       staff(SEC, "/secretariat/nominations/{draft_a}/bao-cao-thanh-tich.pdf", 404)),
    "secretariat.attachment": (staff(SEC, "/secretariat/nominations/{notice_a}/attachments/{notice_private_file}"),
                               staff(SEC, "/secretariat/nominations/{notice_a}/attachments/{submitted_a_file}", 404)),
    "secretariat.accept": (staff(SEC, "/secretariat/nominations/{submitted_a}/accept"),),
    "secretariat.return_": (staff(SEC, "/secretariat/nominations/{submitted_a}/return"),),
    "secretariat.appraisal_list": (staff(SEC, "/secretariat/appraisal"),),
    "secretariat.processing": (staff(SEC, "/secretariat/processing"),),
    "secretariat.appraisal": (staff(SEC, "/secretariat/nominations/{appraisal_a}/appraisal"),),
    # issue 17: thẩm tra thực tế (the open item's nomination, in council now, has one with its minutes)
    "secretariat.conclude_appraisal": (staff(SEC, "/secretariat/nominations/{appraisal_a}/ket-luan-tham-dinh", 404),),
    "secretariat.field_checks_page": (staff(SEC, "/secretariat/nominations/{appraisal_a}/field-checks"),),
    "secretariat.field_check_file": (
        staff(SEC, "/secretariat/nominations/{open_item_nomination}/field-checks/files/{field_check_file}"),
        staff(SEC, "/secretariat/nominations/{appraisal_a}/field-checks/files/{field_check_file}", 404)),
    "secretariat.notices_list": (staff(SEC, "/secretariat/notices"),),
    "secretariat.notice": (staff(SEC, "/secretariat/notices/{notice}"),),
    "secretariat.notice_new": (staff(SEC, "/secretariat/notices/new?sel={appraisal_a}:1"),),
    "secretariat.notice_open": (staff(SEC, "/secretariat/notices/new"),),
    "secretariat.comments": (staff(SEC, "/secretariat/comments"),),
    "secretariat.comment": (staff(SEC, "/secretariat/comments/{comment}"),),
    "secretariat.comment_attachment": (staff(SEC, "/secretariat/comments/{comment}/attachments/{evidence_file}"),),
    "secretariat.classify": (staff(SEC, "/secretariat/comments/{comment}/classify", 400),),
    "secretariat.answer": (staff(SEC, "/secretariat/comments/{comment}/answer"),),
    "secretariat.uphold": (staff(SEC, "/secretariat/comments/{comment}/uphold"),),
    # the scene's comment has no published answer yet, so there is nothing to correct (404 even to its secretariat)
    "secretariat.correct": (staff(SEC, "/secretariat/comments/{comment}/correct", 404),),
    "secretariat.sessions": (staff(SEC, "/secretariat/sessions"),),
    "secretariat.session_new": (staff(SEC, "/secretariat/sessions/new"),),
    "secretariat.session": (staff(SEC, "/secretariat/sessions/{open_session}"),),
    "secretariat.proposal_docx": (staff(SEC, "/secretariat/sessions/{open_session}/to-trinh.docx"),),
    "secretariat.minutes_docx": (staff(SEC, "/secretariat/sessions/{closed_session}/bien-ban.docx"),),
    "secretariat.attendance": (staff(SEC, "/secretariat/sessions/{closed_session}/attendance", AWAY),),
    "secretariat.candidates": (staff(SEC, "/secretariat/sessions/{open_session}/candidates"),),
    "secretariat.to_council": (staff(SEC, "/secretariat/sessions/{open_session}/agenda", AWAY),),
    "secretariat.close": (staff(SEC, "/secretariat/sessions/{open_session}/close"),),
    "secretariat.reschedule": (staff(SEC, "/secretariat/sessions/{open_session}/date", AWAY),),
    "secretariat.written_ballot": (staff(SEC, "/secretariat/sessions/items/{open_item}/written-ballot", AWAY),),
    "secretariat.drafts": (staff(SEC, "/secretariat/drafts"),),
    "secretariat.draft_new": (staff(SEC, "/secretariat/drafts/new"),),
    "secretariat.draft": (staff(SEC, "/secretariat/drafts/{decision_draft}"),),
    "secretariat.draft_docx": (staff(SEC, "/secretariat/drafts/{decision_draft}/du-thao.docx"),),
    "secretariat.draft_annex_docx": (staff(SEC, "/secretariat/drafts/{decision_draft}/danh-sach.docx"),),
    # --- council ---------------------------------------------------------------------------------------------
    "council.index": (staff(COUNCIL, "/council/"),),
    "council.session": (staff(COUNCIL, "/council/sessions/{open_session}"),),
    "council.field_check_file": (staff(COUNCIL, "/council/items/{open_item}/field-checks/files/{field_check_file}"),),
    "council.minutes": (staff(COUNCIL, "/council/sessions/{closed_session}/minutes"),),
    "council.minutes_pdf": (staff(COUNCIL, "/council/sessions/{closed_session}/minutes.pdf"),),
    "council.minutes_docx": (staff(COUNCIL, "/council/sessions/{closed_session}/bien-ban.docx"),),
    "council.proposal_docx": (staff(COUNCIL, "/council/sessions/{open_session}/to-trinh.docx"),),
    "council.vote": (staff(COUNCIL, "/council/items/{open_item}/vote", 400),),
    "council.declare": (staff(COUNCIL, "/council/items/{open_item}/declare", 400),),
    # --- authority -------------------------------------------------------------------------------------------
    "authority.index": (staff(AUTH, "/authority/"),),
    "authority.decisions_list": (staff(AUTH, "/authority/decisions"), staff(AUTH, "/authority/decisions?format=xlsx")),
    "authority.draft": (staff(AUTH, "/authority/drafts/{decision_draft}"),),
    "authority.issue": (staff(AUTH, "/authority/drafts/{decision_draft}/issue"),),
    "authority.draft_pdf": (staff(AUTH, "/authority/drafts/{decision_draft}/preview.pdf"),),
    "authority.draft_docx": (staff(AUTH, "/authority/drafts/{decision_draft}/du-thao.docx"),),
    "authority.draft_annex_docx": (staff(AUTH, "/authority/drafts/{decision_draft}/danh-sach.docx"),),
    "authority.decision_docx": (staff(AUTH, "/authority/decisions/{decision}/quyet-dinh.docx"),),
    "authority.decision_annex_docx": (staff(AUTH, "/authority/decisions/{decision}/danh-sach.docx"),),
    "authority.refuse": (staff(AUTH, "/authority/nominations/{endorsed}/refuse"),),
    "authority.decision": (staff(AUTH, "/authority/decisions/{decision}"),),
    "authority.revoke": (staff(AUTH, "/authority/nominations/{awarded}/revoke"),),
    # issue 16: after issue
    "after_issue.correct": (staff(AUTH, "/authority/nominations/{awarded}/correct"),),
    "after_issue.reissue_for": (staff(SEC, "/secretariat/nominations/{awarded}/reissue", AWAY),),
    "after_issue.reissue": (staff(SEC, "/secretariat/certificates/{certificate}/reissue"),),
    "after_issue.recovery_list": (staff(SEC, "/secretariat/recoveries"),),
    "after_issue.record_recovery": (staff(SEC, "/secretariat/recoveries/999999", 404),),
    "after_issue.history_import": (staff(SEC, "/secretariat/history-import"),),
    "after_issue.history_template": (staff(SEC, "/secretariat/history-import/mau-so-vang.xlsx"),),
    "authority.decision_pdf": (staff(AUTH, "/authority/decisions/{decision}/decision.pdf"),),
    "authority.issue_files": (staff(AUTH, "/authority/decisions/{decision}/issue-files", 400),),
    "authority.certificate_pdf": (staff(AUTH, "/authority/certificates/{certificate}.pdf"),),
    "authority.certificate_original_pdf": (staff(AUTH, "/authority/certificates/{certificate}/original.pdf"),),
    "authority.certificate_print": (staff(AUTH, "/authority/certificates/{certificate}/print"),),
    "authority.print_decision": (Case("/authority/decisions/{decision}/print",
                                      staff(AUTH, "", 400).expect, "an offset out of range: no print job is started",
                                      {"offset_x_mm": "999"}),),
    "authority.print_job": (staff(AUTH, "/authority/print-jobs/{print_job}"),),
    "authority.print_job_pdf": (staff(AUTH, "/authority/print-jobs/{print_job}.pdf"),),
    # --- movement dashboard: public page and exports, the staff variant under /internal -----------------------
    "campaigns.index": (public("/campaigns/"),),
    "campaigns.dashboard": (public("/campaigns/{campaign}"), public("/campaigns/999999", 404),
                            staff(SEC, "/campaigns/{campaign}/internal", authority=200, admin=200)),
    "campaigns.report_xlsx": (public("/campaigns/{campaign}/report.xlsx"),
                              staff(SEC, "/campaigns/{campaign}/internal/report.xlsx", authority=200, admin=200)),
    "campaigns.report_zip": (public("/campaigns/{campaign}/report.zip"),
                             staff(SEC, "/campaigns/{campaign}/internal/report.zip", authority=200, admin=200)),
    "campaigns.report_csv": (public("/campaigns/{campaign}/csv/chi-tieu.csv"),
                             public("/campaigns/{campaign}/csv/qua-han.csv", 404, note="the overdue list is internal"),
                             staff(SEC, "/campaigns/{campaign}/internal/csv/qua-han.csv", authority=200, admin=200)),
    "campaigns.report_pdf": (public("/campaigns/{campaign}/report.pdf"),),
    "campaigns.results": (staff(SEC, "/campaigns/{campaign}/results"),),
    "campaigns.extend_deadline": (staff(SEC, "/campaigns/{campaign}/deadline"),),
    "campaigns.result_remove": (signed_in("/campaigns/results/999999/remove", 404),),
    "campaigns.counting": (staff(ADMIN, "/campaigns/{campaign}/counting"),),
    # a POST with only the token is refused in place (it used to be read as "count nothing" and saved: issue 13)
    "campaigns.counting_save": (staff(ADMIN, "/campaigns/indicators/{indicator}/counting"),),
    # --- administrator ---------------------------------------------------------------------------------------
    "admin.index": (staff(ADMIN, "/admin/"),),
    "reports.index": (staff(SEC, "/reports/", admin=200), staff(SEC, "/reports/?year=1900", admin=200)),
    "reports.download": (staff(SEC, "/reports/0601.xlsx?year=2025", admin=200),
                         staff(SEC, "/reports/0699.xlsx", 404, admin=404)),
    "admin.units": (staff(ADMIN, "/admin/units"),),
    "admin.unit_new": (staff(ADMIN, "/admin/units/new"),),
    "admin.unit_edit": (staff(ADMIN, "/admin/units/{unit}/edit"),),
    "admin.unit_parent": (staff(ADMIN, "/admin/units/{unit}/parent"),),
    "admin.authorities": (staff(ADMIN, "/admin/authorities"),),
    "admin.authority_edit": (staff(ADMIN, "/admin/authorities/{issuer}"),),
    "admin.authority_numbering": (staff(ADMIN, "/admin/authorities/{issuer}/numbering"),),
    "admin.signer_new": (staff(ADMIN, "/admin/authorities/{issuer}/signers"),),
    "admin.signer_edit": (staff(ADMIN, "/admin/signers/{signer}"),),
    "admin.legal_bases": (staff(ADMIN, "/admin/award-types/{award_type}/legal-bases"),),
    "admin.users": (staff(ADMIN, "/admin/users"),),
    "admin.user_new": (staff(ADMIN, "/admin/users/new"),),
    "admin.user": (staff(ADMIN, "/admin/users/{other_user}"),),
    "admin.user_edit": (staff(ADMIN, "/admin/users/{other_user}/edit"),),
    "admin.password": (staff(ADMIN, "/admin/users/{other_user}/password"),),
    "admin.grant": (staff(ADMIN, "/admin/users/{other_user}/roles"),),
    "admin.revoke": (staff(ADMIN, "/admin/roles/{grant}/revoke"),),
    "admin.deactivate": (staff(ADMIN, "/admin/users/{other_user}/deactivate"),),
    "admin.reactivate": (staff(ADMIN, "/admin/users/{other_user}/reactivate", 400),),
    "admin.award_types": (staff(ADMIN, "/admin/award-types"),),
    "admin.award_type_new": (staff(ADMIN, "/admin/award-types/new"),),
    "admin.award_type_edit": (staff(ADMIN, "/admin/award-types/{award_type}/edit"),),
    "admin.campaigns": (staff(ADMIN, "/admin/campaigns"),),
    "admin.campaign_new": (staff(ADMIN, "/admin/campaigns/new"),),
    "admin.campaign": (staff(ADMIN, "/admin/campaigns/{campaign}"),),
    "admin.campaign_edit": (staff(ADMIN, "/admin/campaigns/{campaign}/edit"),),
    "admin.indicator": (staff(ADMIN, "/admin/indicators/{indicator}"),),
    "admin.indicator_edit": (staff(ADMIN, "/admin/indicators/{indicator}/edit"),),
    "admin.target_remove": (staff(ADMIN, "/admin/targets/{target}/remove"),),
    "admin.calendar": (staff(ADMIN, "/admin/calendar"),),
    "admin.calendar_remove": (staff(ADMIN, "/admin/calendar/{calendar_day}/remove"),),
    "admin.base_salary": (staff(ADMIN, "/admin/base-salary"),),
    "admin.confirm_base_salary": (staff(ADMIN, "/admin/base-salary/999999/confirm", 404),),
    "admin.audit": (staff(ADMIN, "/admin/audit"),),
    "admin.jobs": (staff(ADMIN, "/admin/jobs"), staff(ADMIN, "/admin/jobs?state=failed")),
    "admin.job_retry": (staff(ADMIN, "/admin/jobs/{job}/retry", AWAY),),
    "admin.checkpoint": (staff(ADMIN, "/admin/transparency/checkpoint"),),
    "admin.audit_csv": (staff(ADMIN, "/admin/audit.csv"),),
    # issue 18: integration clients' tokens (admin only)
    "admin.api_clients_list": (staff(ADMIN, "/admin/api-clients"),),
    "admin.api_client": (staff(ADMIN, "/admin/api-clients/{api_client}"), staff(ADMIN, "/admin/api-clients/999999", 404)),
    "admin.api_client_revoke": (staff(ADMIN, "/admin/api-clients/{api_client}/revoke", AWAY),),
    # --- issue 18: the integration API: public reads for everyone; the client API answers a browser session (any
    # role's cookie) 401, since it takes only a client's bearer token
    "api.openapi": (public("/api/v1/openapi.json"),),
    "api.docs": (public("/api/v1/docs"),),
    "api.recognitions": (public("/api/v1/recognitions"), public("/api/v1/recognitions?q=vinh+hung")),
    "api.recognition": (public("/api/v1/recognitions/{decision_line}"), public("/api/v1/recognitions/999999", 404)),
    "api.decisions": (public("/api/v1/decisions"),),
    "api.decision": (public("/api/v1/decisions/{decision}"),),
    "api.notices": (public("/api/v1/notices"), public("/api/v1/notices?status=archived")),
    "api.notice": (public("/api/v1/notices/{notice}"),),
    "api.campaigns": (public("/api/v1/campaigns"),),
    "api.campaign_results": (public("/api/v1/campaigns/{campaign}/results"),),
    "api.certificate": (public("/api/v1/certificates/{verify_code}"),),
    "api.audit_events": (public("/api/v1/audit-events"),),
    "api.proposals_list": (public("/api/v1/proposals", 401, "a cookie never reaches the client API"),),
    "api.proposal": (public("/api/v1/proposals/{proposal}", 401, "a cookie never reaches the client API"),),
    "api.proposal_create": (public("/api/v1/proposals", 401, "a cookie never reaches the client API"),),
}


# --- running a case ----------------------------------------------------------------------------------------

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def client_for(app: Flask, scene: Scene, role: str) -> FlaskClient:
    """A client whose session is signed in as `role`'s user, exactly as Flask-Login and workflow.security
    write it at login (the user's current session token, the sign-in time)."""
    from workflow.extensions import db
    from workflow.models import User

    client = app.test_client()
    # one address per role, as in life: the per-address rate limits (report PDFs, say) must not make one role's
    # request answer for another's
    client.environ_base["REMOTE_ADDR"] = f"10.9.0.{ROLES.index(role) + 1}"
    if role != "anonymous":
        user = db.session.get(User, scene.users[role])
        db.session.refresh(user)
        with client.session_transaction() as session:
            session["_user_id"] = user.get_id()
            session["_fresh"] = True
            session["signed_in_at"] = session["seen_at"] = time.time()
    return client


def csrf_token_for(client: FlaskClient) -> str:
    """The token of this client's session, read from a page that carries a form."""
    page = client.get("/login").get_data(as_text=True)
    match = CSRF.search(page)
    assert match, "no CSRF token on /login"
    return match.group(1) or match.group(2)


def owner(endpoint: str) -> str:
    """A role the route is meant for: the first one the matrix lets through, else the first that at least gets
    past the login and role guards (a 404 for an object that is not there), else anonymous."""
    if endpoint not in ROUTES:
        return "anonymous"
    expect = ROUTES[endpoint][0].expect
    through = [role for role in ROLES if expect[role] not in (LOGIN, 403, 404)]
    past_guards = [role for role in ROLES if expect[role] not in (LOGIN, 403)]
    return (through or past_guards or ["anonymous"])[0]


def methods_of(app: Flask) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        found.setdefault(rule.endpoint, set()).update(rule.methods - {"HEAD", "OPTIONS"})
    return found


def fetch(app: Flask, client: FlaskClient, endpoint: str, url: str, data: dict | None = None):
    """GET when the route answers GET; otherwise POST with a valid CSRF token and the case's data, if any."""
    if "GET" in methods_of(app)[endpoint]:
        return client.get(url)
    return client.post(url, data={"csrf_token": csrf_token_for(client)} | (data or {}))


def outcome(response) -> int | str:
    if response.status_code in (301, 302, 303, 307, 308):
        return LOGIN if "/login" in response.headers.get("Location", "") else AWAY
    return response.status_code
