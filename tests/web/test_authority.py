"""The authority's area through the test client (CSRF on): decision drafts with the number preview and the
prize money, issuing with a confirmation, refusing a line, the decision page and revoking an awarded line."""
import re

import pytest
from sqlalchemy import func, select

from tests import factories
from tests.factories import TODAY
from workflow.models import Authority, Certificate, Decision, DecisionDraft, Nomination, Signer
from workflow.rules.permissions import Grant, Role
from workflow.rules.states import State
from workflow.services import decisions, users


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', page)
    assert match, f"no hidden field {name}"
    return match.group(1)


def _count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def _draft(session, world, store, count: int = 1, *, signer: Signer | None = None) -> DecisionDraft:
    """`count` collective Bằng khen proposals from Hồng Dân, endorsed, in a draft the secretariat prepared."""
    batch = [factories.endorsed(session, world, store, officer=world.officer_b, name=f"Xã Ninh Quới {i + 1}")
             for i in range(count)]
    draft = decisions.prepare_draft(session, batch, by=world.secretariat, signer=signer or world.signer,
                                    decision_date=TODAY,
                                    proposal="Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV.")
    session.commit()
    return draft


def _issue(chair, draft):
    url = f"/authority/drafts/{draft.id}/issue"
    page = chair.get(url).get_data(as_text=True)
    return chair.post(url, {"ids": _hidden(page, "ids"), "versions": _hidden(page, "versions")}, from_page=url)


@pytest.fixture
def chair(world, signed_in):
    return signed_in(world.chair)


# --- the index -------------------------------------------------------------------------------------------

def test_the_index_says_what_to_do_when_nothing_waits(app, world, chair):
    page = chair.get("/authority/").get_data(as_text=True)
    assert "Không có dự thảo nào chờ ký" in page
    assert "Không có hồ sơ nào đang chờ lập dự thảo" in page
    assert "Chưa có quyết định nào được ban hành" in page


def test_the_index_lists_open_drafts_endorsed_nominations_without_a_draft_and_decisions(
        app, session, world, store, chair):
    draft = _draft(session, world, store)
    waiting = factories.endorsed(session, world, store, officer=world.officer_b, name="Hợp tác xã Tân Tiến")
    done = factories.awarded(session, world, store, officer=world.officer_b, name="Ấp Chợ")
    session.commit()
    page = chair.get("/authority/").get_data(as_text=True)
    assert f'href="/authority/drafts/{draft.id}"' in page and draft.title in page
    assert "Hợp tác xã Tân Tiến" in page and f"/authority/nominations/{waiting.id}/refuse" in page
    assert "Xã Ninh Quới 1" not in page  # in a draft already
    decision = session.scalar(select(Decision))
    assert f'href="/authority/decisions/{decision.id}"' in page and "1/QĐ-UBND" in page
    assert done.state == State.AWARDED


def test_a_nomination_waiting_for_a_draft_can_be_refused_from_the_index(app, session, world, store, chair):
    waiting = factories.endorsed(session, world, store, officer=world.officer_b, name="Hợp tác xã Tân Tiến")
    session.commit()
    url = f"/authority/nominations/{waiting.id}/refuse"
    response = chair.post(url, {"version": str(waiting.version), "reason": "Chưa đủ 5 năm hoạt động."})
    assert response.headers["Location"].endswith("/authority/")
    assert (waiting.state, waiting.outcome_reason) == (State.NOT_AWARDED, "Chưa đủ 5 năm hoạt động.")
    page = chair.get("/authority/").get_data(as_text=True)
    assert "Đã không khen thưởng «Hợp tác xã Tân Tiến»." in page and "Không có hồ sơ nào đang chờ lập dự thảo" in page


def test_other_roles_get_403_on_the_authority_area(app, world, signed_in):
    assert signed_in(world.secretariat).get("/authority/").status_code == 403
    assert signed_in(world.members[1]).get("/authority/").status_code == 403


# --- the draft -------------------------------------------------------------------------------------------

def test_the_draft_shows_the_number_preview_the_legal_basis_the_signer_and_the_prize(app, session, world, store,
                                                                                      chair):
    vice = Signer(authority=world.authority, full_name="Lê Thị Ái Nam", signing_form="KT. CHỦ TỊCH",
                  title="PHÓ CHỦ TỊCH")
    session.add(vice)
    draft = _draft(session, world, store, signer=vice)
    response = chair.get(f"/authority/drafts/{draft.id}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for text in ("1/QĐ-UBND", "03/03/2025", "Bạc Liêu", "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                 "Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV.", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                 "Lê Thị Ái Nam", "Xã Ninh Quới 1", "Huyện Hồng Dân",
                 "4.680.000 đ", "2 × 2.340.000 đ = 4.680.000 đ"):
        assert text in page, text
    assert page.index("KT. CHỦ TỊCH") < page.index("PHÓ CHỦ TỊCH") < page.index("Lê Thị Ái Nam")
    assert _count(session, Decision) == 0  # looking numbers nothing


def test_another_authoritys_draft_and_decision_answer_404(app, session, world, store, signed_in):
    draft = _draft(session, world, store)
    other = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
                      organ_name="ỦY BAN NHÂN DÂN TỈNH CÀ MAU", place_name="Cà Mau")
    session.add(other)
    session.flush()
    stranger = users.create_user(session, username="chutich.camau", full_name="Chủ tịch Cà Mau",
                                 password=factories.PASSWORD, grants=[Grant(Role.AUTHORITY, authority_id=other.id)])
    session.commit()
    browser = signed_in(stranger)
    nomination = draft.nominations[0]
    assert browser.get(f"/authority/drafts/{draft.id}").status_code == 404
    assert browser.get(f"/authority/drafts/{draft.id}/issue").status_code == 404
    assert browser.get(f"/authority/nominations/{nomination.id}/refuse").status_code == 404
    response = browser.post(f"/authority/drafts/{draft.id}/issue", {"ids": str(nomination.id), "versions": "9"},
                            from_page="/authority/")
    assert response.status_code == 404
    page = browser.get("/authority/").get_data(as_text=True)
    assert "Xã Ninh Quới 1" not in page and "Không có dự thảo nào chờ ký" in page
    decisions.issue_draft(session, draft, by=world.chair, expected_versions={nomination.id: nomination.version})
    session.commit()
    decision = session.scalar(select(Decision))
    assert browser.get(f"/authority/decisions/{decision.id}").status_code == 404
    assert browser.get(f"/authority/nominations/{nomination.id}/revoke").status_code == 404
    assert session.get(Nomination, nomination.id).state == State.AWARDED


# --- issuing ---------------------------------------------------------------------------------------------

def test_issuing_asks_for_confirmation_then_numbers_the_decision_and_awards_every_line(app, session, world, store,
                                                                                       chair):
    draft = _draft(session, world, store, count=2)
    confirm = chair.get(f"/authority/drafts/{draft.id}/issue").get_data(as_text=True)
    assert "Xác nhận ban hành quyết định" in confirm and "Quyết định số 1/QĐ-UBND" in confirm
    assert "Xã Ninh Quới 1" in confirm and "Xã Ninh Quới 2" in confirm and "9.360.000 đ" in confirm
    assert "Quyết định khen thưởng" in confirm  # the button says the action
    assert _count(session, Decision) == 0

    response = _issue(chair, draft)
    assert response.status_code == 302
    decision = session.scalar(select(Decision))
    assert response.headers["Location"].endswith(f"/authority/decisions/{decision.id}")
    assert (decision.number, decision.decision_date, decision.signer_name) == ("1/QĐ-UBND", TODAY, "Phạm Văn Thiều")
    assert [line.recipient_name for line in decision.lines] == ["Xã Ninh Quới 1", "Xã Ninh Quới 2"]
    assert [line.prize_amount for line in decision.lines] == [4_680_000, 4_680_000]
    assert [line.certificate.golden_book_no for line in decision.lines] == [1, 2]
    assert {n.state for n in draft.nominations} == {State.AWARDED}
    assert (session.get(DecisionDraft, draft.id).status, session.get(DecisionDraft, draft.id).decision_id) == \
        ("issued", decision.id)

    page = chair.get(response.headers["Location"]).get_data(as_text=True)
    assert "Đã ban hành Quyết định số 1/QĐ-UBND và" in page
    for line in decision.lines:
        assert line.certificate.verify_code in page
    assert "<td>1</td>" in page and "<td>2</td>" in page and "9.360.000 đ" in page
    assert page.count(">Thu hồi</a>") == 2
    assert "Dự thảo này đã được ban hành" in chair.get(f"/authority/drafts/{draft.id}").get_data(as_text=True)


def test_issuing_twice_is_refused_without_a_second_number(app, session, world, store, chair):
    draft = _draft(session, world, store)
    url = f"/authority/drafts/{draft.id}/issue"
    page = chair.get(url).get_data(as_text=True)
    fields = {"ids": _hidden(page, "ids"), "versions": _hidden(page, "versions")}
    assert chair.post(url, fields, from_page=url).status_code == 302
    again = chair.post(url, fields, from_page="/authority/")
    assert again.status_code == 400
    assert "Dự thảo này đã được ban hành." in again.get_data(as_text=True)
    assert _count(session, Decision) == 1 and _count(session, Certificate) == 1


def test_a_line_refused_after_the_confirmation_page_was_opened_stops_the_issue(app, session, world, store, chair):
    draft = _draft(session, world, store, count=2)
    url = f"/authority/drafts/{draft.id}/issue"
    page = chair.get(url).get_data(as_text=True)
    fields = {"ids": _hidden(page, "ids"), "versions": _hidden(page, "versions")}
    first = draft.nominations[0]
    decisions.refuse(session, first, by=world.chair, expected_version=first.version, reason="Trùng thành tích.")
    session.commit()
    response = chair.post(url, fields, from_page=url)
    assert response.status_code == 409
    assert "đã thay đổi sau khi bạn mở trang xác nhận" in response.get_data(as_text=True)
    assert _count(session, Decision) == 0
    assert draft.nominations[1].state == State.ENDORSED


def test_a_stale_version_on_the_confirmation_page_gets_the_friendly_409(app, session, world, store, chair):
    draft = _draft(session, world, store)
    nomination = draft.nominations[0]
    url = f"/authority/drafts/{draft.id}/issue"
    response = chair.post(url, {"ids": str(nomination.id), "versions": str(nomination.version - 1)}, from_page=url)
    assert response.status_code == 409
    assert "Hồ sơ đã có người xử lý trước" in response.get_data(as_text=True)
    assert _count(session, Decision) == 0 and nomination.state == State.ENDORSED


# --- refusing a line -------------------------------------------------------------------------------------

def test_refusing_a_line_needs_a_reason_then_leaves_it_out_of_the_decision(app, session, world, store, chair):
    draft = _draft(session, world, store, count=2)
    refused, kept = draft.nominations
    url = f"/authority/nominations/{refused.id}/refuse"
    confirm = chair.get(url).get_data(as_text=True)
    assert "Không khen thưởng một hồ sơ" in confirm and "Xã Ninh Quới 1" in confirm and draft.title in confirm
    assert 'for="reason"' in confirm

    empty = chair.post(url, {"version": str(refused.version), "reason": "  "})
    assert empty.status_code == 200 and "Cần nêu lý do không khen thưởng." in empty.get_data(as_text=True)
    assert refused.state == State.ENDORSED

    reason = "Thành tích đã được khen thưởng tại Quyết định số 12/QĐ-UBND năm 2024."
    response = chair.post(url, {"version": str(refused.version), "reason": reason})
    assert response.headers["Location"].endswith(f"/authority/drafts/{draft.id}")
    assert (refused.state, refused.outcome_reason) == (State.NOT_AWARDED, reason)

    page = chair.get(f"/authority/drafts/{draft.id}").get_data(as_text=True)
    assert "Đã không khen thưởng «Xã Ninh Quới 1»." in page and reason in page and "Không đưa vào quyết định." in page
    confirm = chair.get(f"/authority/drafts/{draft.id}/issue").get_data(as_text=True)
    assert "Không đưa vào quyết định (1)" in confirm and "4.680.000 đ" in confirm
    assert _issue(chair, draft).status_code == 302
    decision = session.scalar(select(Decision))
    assert [line.nomination_id for line in decision.lines] == [kept.id]
    assert (refused.state, kept.state) == (State.NOT_AWARDED, State.AWARDED)


def test_a_refusal_with_a_stale_version_gets_409_and_changes_nothing(app, session, world, store, chair):
    draft = _draft(session, world, store)
    nomination = draft.nominations[0]
    url = f"/authority/nominations/{nomination.id}/refuse"
    response = chair.post(url, {"version": str(nomination.version + 1), "reason": "Không đạt."})
    assert response.status_code == 409
    assert nomination.state == State.ENDORSED and nomination.outcome_reason is None


def test_a_nomination_not_awaiting_a_decision_offers_no_refusal_form(app, session, world, store, chair):
    nomination = factories.in_appraisal(session, world, store)
    session.commit()
    page = chair.get(f"/authority/nominations/{nomination.id}/refuse").get_data(as_text=True)
    assert "không ở trạng thái chờ quyết định" in page and 'name="reason"' not in page


# --- revoking --------------------------------------------------------------------------------------------

def test_revoking_an_awarded_line_marks_the_nomination_and_the_certificate(app, session, world, store, chair):
    draft = _draft(session, world, store)
    _issue(chair, draft)
    nomination = draft.nominations[0]
    decision = session.scalar(select(Decision))
    certificate = decision.lines[0].certificate
    url = f"/authority/nominations/{nomination.id}/revoke"
    confirm = chair.get(url).get_data(as_text=True)
    assert "Thu hồi khen thưởng" in confirm and certificate.verify_code in confirm and "1/QĐ-UBND" in confirm
    assert 'for="revoking_decision_no"' in confirm and 'for="reason"' in confirm

    bad = chair.post(url, {"version": str(nomination.version), "reason": "", "revoking_decision_no": "bốn lăm"})
    page = bad.get_data(as_text=True)
    assert "Cần nêu lý do thu hồi." in page and "Số quyết định có dạng «số/ký hiệu»" in page
    assert nomination.state == State.AWARDED and certificate.revoked is False

    reason = "Phát hiện kê khai không trung thực thành tích."
    response = chair.post(url, {"version": str(nomination.version), "reason": reason,
                                "revoking_decision_no": "45/QĐ-UBND"})
    assert response.headers["Location"].endswith(f"/authority/decisions/{decision.id}")
    assert (nomination.state, nomination.revocation_reason, nomination.revoking_decision_no) == \
        (State.REVOKED, reason, "45/QĐ-UBND")
    assert (certificate.revoked, certificate.revocation_reason, certificate.revoking_decision_no) == \
        (True, reason, "45/QĐ-UBND")
    page = chair.get(f"/authority/decisions/{decision.id}").get_data(as_text=True)
    assert "Thu hồi theo Quyết định số 45/QĐ-UBND" in page and reason in page and "Đã thu hồi" in page
    assert ">Thu hồi</a>" not in page
    again = chair.get(url).get_data(as_text=True)
    assert "đã bị thu hồi" in again and 'name="reason"' not in again


def test_a_line_without_a_decision_cannot_be_revoked(app, session, world, store, chair):
    draft = _draft(session, world, store)
    assert chair.get(f"/authority/nominations/{draft.nominations[0].id}/revoke").status_code == 404


def test_the_authority_pages_never_show_a_stack_trace(app, session, world, store, chair):
    draft = _draft(session, world, store)
    for url in ("/authority/", f"/authority/drafts/{draft.id}", f"/authority/drafts/{draft.id}/issue",
                "/authority/drafts/999", "/authority/decisions/999", "/authority/nominations/999/refuse",
                "/authority/?du_thao=50&quyet_dinh=-1"):
        response = chair.get(url)
        assert response.status_code in (200, 404), url
        assert "Traceback" not in response.get_data(as_text=True)
