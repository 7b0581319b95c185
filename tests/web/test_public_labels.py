"""No internal code reaches a reader (issue 13): `issue_pdf` in a public timeline, `∅ → ward`, `unit_officer`,
`revoking_decision_no` and `#7` in the audit viewer. A rich history is built through the real services
(admin edits of units, accounts, roles, award types, campaigns; nominations in every state, comments,
council votes, decisions with their signed PDFs, a refusal, a revocation), then the audit viewer and every
public page with a timeline are read as a person reads them, in Vietnamese and in English."""
import html
import re
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import select

from certificates.signing import Signer
from tests import factories
from tests.services.helpers import comment, eligible, meeting, on_agenda, vote
from workflow.models import AuditEvent, DecisionLine, PublicNotice, Resolution
from workflow.models.notices import CommentKind
from workflow.rules.nominees import NomineeKind
from workflow.rules.permissions import Role
from workflow.rules.states import Action, State
from workflow.rules.tally import Choice
from workflow.services import admin as admin_services
from workflow.services import council, decisions, documents, nominations, notices
from workflow.services.admin.award_types import AwardTypeData
from workflow.services.admin.campaigns import CampaignData
from workflow.services.admin.log import FIELD_LABELS, OBJECT_TYPE_LABELS
from workflow.services.admin.units import UnitData

SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")       # issue_pdf, unit_officer, revoking_decision_no
NUMBER_SIGN = re.compile(r"#\s?\d+")                    # "#7"


def visible(body: str) -> str:
    """What a reader sees: no tags (so no attribute), no <code>/<pre> (program text, named as such), no
    script or style, entities decoded."""
    body = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", body, flags=re.DOTALL)
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))
    return re.sub(r" ([:;,.)])", r"\1", text).replace("( ", "(")


def codes() -> set[str]:
    """Every internal code a page might leak: states, actions, roles, unit levels, object types, change
    field names, and the codes recorded in the trail's changes."""
    from workflow.models import UnitKind
    found = {str(v) for enum in (State, Action, Role, UnitKind, NomineeKind, CommentKind, Resolution, Choice)
             for v in enum}
    found |= set(OBJECT_TYPE_LABELS) | set(FIELD_LABELS) | {"citizen", "internal", "public"}
    return found


def leaks(page: str, allowed: set[str] = frozenset()) -> set[str]:
    words = set(re.findall(r"[A-Za-z_]+(?:\.[a-z_]+)?", page))
    # a code that is also an ordinary word of the page's language is not a leak by itself ("public", "vote"…)
    ordinary = {"public", "internal", "citizen", "draft", "submitted", "returned", "endorsed", "awarded",
                "withdrawn", "revoked", "edit", "submit", "return", "resubmit", "accept", "tally", "decide",
                "refuse", "withdraw", "revoke", "create", "appraise", "vote", "configure", "admin", "authority",
                "secretariat", "unit", "province", "city", "town", "district", "commune", "ward", "township",
                "department", "individual", "collective", "household", "objection", "support", "question",
                "other", "upheld", "rejected", "noted", "agree", "disagree", "abstain", "decision", "campaign",
                "indicator", "target", "certificate", "nomination", "code", "name", "kind", "parent", "role",
                "user", "active", "password", "category", "ballot", "denominator", "description", "note", "day",
                "amount", "source", "value", "comparator", "members", "present", "items", "choice", "paper",
                "document", "bytes", "decisions", "nominations", "certificates", "signer", "nominee", "revision",
                "filename", "checklist", "classification", "resolution", "recused", "passed", "overlay",
                "unclassified", "username"}
    snake = set(SNAKE.findall(page)) - allowed
    coded = {w for w in words & codes() if w not in ordinary and "_" in w} - allowed
    return snake | coded | set(NUMBER_SIGN.findall(page))


@pytest.fixture
def history(app, session, world, store, signing_keys):
    """Everything the trail can hold, through the services."""
    a = world.admin
    # the administrator's catalogue: a ward (kind from nothing), a unit whose level changes, an account with a
    # role granted then revoked, a deactivated account, a changed award type, a campaign with a floor target
    ward = admin_services.create_unit(session, UnitData(code="P1", name="Phường 1", kind="ward",
                                                        parent=world.district_a), by=a)
    admin_services.update_unit(session, ward, UnitData(code="P1", name="Phường 1", kind="township",
                                                       parent=world.district_a), by=a)
    person = admin_services.create_user(session, by=a, username="canbo.moi", full_name="Lê Thị Mới",
                                        password=factories.PASSWORD, unit=world.district_a)
    grant = admin_services.grant_role(session, person, by=a, role="unit_officer", unit=world.district_a)
    admin_services.revoke_role(session, grant, by=a)
    admin_services.grant_role(session, person, by=a, role="secretariat", authority=world.authority)
    admin_services.reset_password(session, person, by=a, password="mot-mat-khau-moi-rat-dai")
    admin_services.deactivate_user(session, person, by=a)
    gk = world.giay_khen
    data = AwardTypeData(**{name: getattr(gk, name) for name in AwardTypeData.__dataclass_fields__})
    admin_services.update_award_type(session, gk, replace(data, category="title", certificate_layout="bang_khen",
                                                          denominator="all", notice_working_days=7), by=a)
    admin_services.update_award_type(session, gk, data, by=a)
    campaign = admin_services.create_campaign(session, CampaignData(
        name="Phong trào thi đua đặc biệt", authority=world.authority, period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31), award_types=[world.bang_khen]), by=a)
    indicator = admin_services.create_indicator(session, campaign, by=a, code="NTM", name="Xã nông thôn mới")
    admin_services.set_target(session, indicator, by=a, unit=world.district_a, value=2, comparator="at_least")
    admin_services.add_calendar_day(session, by=a, day=date(2025, 4, 26), kind="makeup", note="Làm bù 30/4")
    admin_services.add_base_salary(session, by=a, valid_from=date(2026, 7, 1), amount=2_530_000)

    # nominations in every state
    factories.make_nomination(session, world, store, name="Tập thể nháp")
    returned = factories.submitted(session, world, store, name="Tập thể bị trả lại")
    nominations.return_(session, returned, by=world.secretariat, expected_version=returned.version,
                        reason="Thiếu báo cáo thành tích có xác nhận.")
    nominations.resubmit(session, returned, by=world.officer_a, expected_version=returned.version)
    withdrawn = factories.submitted(session, world, store, name="Tập thể rút hồ sơ")
    nominations.withdraw(session, withdrawn, by=world.officer_a, expected_version=withdrawn.version, reason="Rút.")
    appraised = factories.in_appraisal(session, world, store, name="Tập thể đang thẩm định")
    nominations.appraise(session, appraised, by=world.secretariat, body="Đủ hồ sơ.",
                         checklist={"Có báo cáo thành tích": True, "Có xác nhận của cấp trên": False})

    # a notice with comments: classified, answered, and an objection upheld
    objected, notice = factories.in_notice(session, world, store, name="Tập thể bị phản ánh")
    answered = comment(session, notice, objected, body="Đồng tình.")
    notices.classify_comment(session, answered, by=world.secretariat, classification=CommentKind.SUPPORT)
    notices.answer_comment(session, answered, by=world.secretariat, answer="Cảm ơn ý kiến.",
                           resolution=Resolution.NOTED)
    upheld = comment(session, notice, objected, body="Số liệu không đúng.")
    notices.uphold_objection(session, upheld, by=world.secretariat, answer="Số liệu chưa được xác minh.",
                             expected_version=objected.version, outcome=State.NOT_AWARDED)

    # the council: an open ballot (choices recorded), one passed and one failed, then decisions
    session_ = meeting(session, world)
    passed = [on_agenda(session, world, store, session_, award_type=world.giay_khen, kind=NomineeKind.INDIVIDUAL,
                        name=name) for name in ("Nguyễn Văn Khen", "Trần Thị Thưởng", "Phạm Văn Từ Chối")]
    failed = on_agenda(session, world, store, session_, award_type=world.giay_khen, kind=NomineeKind.INDIVIDUAL,
                       name="Võ Văn Không Đạt")
    publicised = on_agenda(session, world, store, session_, name="Hợp tác xã Công Khai")
    for item in passed + [publicised]:
        vote(session, item, eligible(item, world.members))
    vote(session, failed, eligible(failed, world.members), Choice.DISAGREE)
    council.close_session(session, session_, by=world.secretariat)
    kept, revoked, refused = (item.nomination for item in passed)
    draft = decisions.prepare_draft(session, [kept, revoked, publicised.nomination], by=world.secretariat,
                                    signer=world.signer, decision_date=factories.TODAY)
    decision = decisions.issue_draft(session, draft, by=world.chair, expected_versions={
        n.id: n.version for n in (kept, revoked, publicised.nomination)})
    decisions.refuse(session, refused, by=world.chair, expected_version=refused.version,
                     reason="Chưa đủ thời gian công tác.")
    press = documents.Press(signer=Signer(signing_keys.p12_path, signing_keys.password), store=store,
                            public_base_url="https://vinhdanh.example/",
                            issuer_key=factories.issuer_key(signing_keys.p12_path))
    documents.issue(session, decision, press=press, by=world.chair)
    decisions.revoke(session, revoked, by=world.chair, expected_version=revoked.version,
                     reason="Kê khai thành tích không đúng.", revoking_decision_no="15/QĐ-UBND")
    session.commit()
    return {"decision": decision, "notice": notice, "ward": ward}


def _pages(session, history) -> list[str]:
    lines = session.scalars(select(DecisionLine.id)).all()
    notices_ = session.scalars(select(PublicNotice.id)).all()
    return ([f"/recognitions/{i}" for i in lines] + [f"/notices/{i}" for i in notices_]
            + [f"/decisions/{history['decision'].id}", "/decisions", "/recognitions", "/transparency", "/",
               "/notices", "/notices/archive"])


def test_the_history_holds_every_kind_of_event(session, history):
    recorded = set(session.scalars(select(AuditEvent.action)).all())
    assert {"issue_pdf", "revoke", "refuse", "configure", "uphold_objection", "answer_comment", "tally", "vote",
            "appraise", "withdraw", "return", "resubmit", "classify_comment", "prepare_decision"} <= recorded


@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_public_timeline_shows_an_internal_code(app, session, history, language):
    client = app.test_client()
    client.get(f"/lang/{language}")
    for url in _pages(session, history):
        response = client.get(url)
        assert response.status_code == 200, url
        page = visible(response.get_data(as_text=True))
        assert not leaks(page), (url, leaks(page))


def test_the_public_timeline_tells_the_signed_certificate_in_words(app, session, history):
    line = session.scalar(select(DecisionLine.id).where(DecisionLine.recipient_name == "Nguyễn Văn Khen"))
    page = visible(app.test_client().get(f"/recognitions/{line}").get_data(as_text=True))
    assert "Cấp bằng khen, giấy khen có chữ ký số" in page and "issue_pdf" not in page
    assert f"Theo Quyết định số {history['decision'].number}; số sổ vàng" in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_audit_viewer_shows_no_internal_code(app, world, session, history, signed_in, language):
    admin = signed_in(world.admin)
    admin.get(f"/lang/{language}")
    total = session.query(AuditEvent).count()
    pages = -(-total // 50)
    assert pages >= 2
    for number in range(1, pages + 1):
        page = visible(admin.get(f"/admin/audit?page={number}").get_data(as_text=True))
        # the filter form lists the actor's username (a person's login, not a code) and the page's own links
        found = leaks(page, allowed={"canbo.moi"})
        assert not found, (number, found)


def test_the_audit_viewer_names_objects_values_and_empty_ones(app, world, session, history, signed_in):
    admin = signed_in(world.admin)
    ward = history["ward"]
    page = visible(admin.get(f"/admin/audit?object_type=unit&object_id={ward.id}").get_data(as_text=True))
    assert f"Đơn vị số {ward.id} — Phường 1" in page
    assert "Loại: (chưa có) → Phường" in page and "Loại: Phường → Thị trấn" in page
    assert "∅" not in page and "ward" not in page and "Hiệu lực từ: (chưa có) → 01/01/1900" in page
    page = visible(admin.get("/admin/audit?object_type=role_grant").get_data(as_text=True))
    assert "Vai trò: (chưa có) → Cán bộ thi đua đơn vị" in page and "Cán bộ thi đua đơn vị → (chưa có)" in page
    page = visible(admin.get("/admin/audit?action=revoke").get_data(as_text=True))
    assert "Quyết định thu hồi số: 15/QĐ-UBND" in page and "Hồ sơ đề nghị số" in page and "Trần Thị Thưởng" in page
    page = visible(admin.get("/admin/audit?action=vote").get_data(as_text=True))
    assert "Lựa chọn: Đồng ý" in page and "Lựa chọn: Không đồng ý" in page
    assert re.search(r"Hồ sơ: Nguyễn Văn Khen \(hồ sơ số \d+\)", page)
    page = visible(admin.get("/admin/audit?action=receive_comment").get_data(as_text=True))
    assert "Công dân" in page and "Mã tiếp nhận: YK-" in page
    page = visible(admin.get("/admin/audit?object_type=base_salary").get_data(as_text=True))
    assert "Mức lương cơ sở: (chưa có) → 2.530.000 đ" in page and "2530000" not in page   # money as on decisions
    english = signed_in(world.admin)
    english.get("/lang/en")
    page = visible(english.get(f"/admin/audit?object_type=unit&object_id={ward.id}").get_data(as_text=True))
    assert "(none yet) → Ward" in page and f"Unit no. {ward.id} — Phường 1" in page


def test_every_field_the_trail_records_has_a_label(session, history):
    from workflow.views.admin.audit_labels import ALL_FIELD_LABELS
    recorded = {name for changes in session.scalars(select(AuditEvent.changes)) for name in (changes or {})}
    assert recorded <= set(ALL_FIELD_LABELS), recorded - set(ALL_FIELD_LABELS)


def test_every_public_action_is_told_in_words():
    from workflow.rules.states import PUBLIC_ACTIONS
    from workflow.services.register.recognitions import _TELLERS
    assert set(PUBLIC_ACTIONS) <= set(_TELLERS)

