"""The Word downloads through the screens: each page that shows a document links its Word copy, the link
answers a DOCX under a Vietnamese file name (filename*, UTF-8) for whoever may see that page, and 403 or 404
for anyone else; the achievement report comes as DOCX and PDF from the nomination page."""
import io
import subprocess
from urllib.parse import quote

import pytest
from docx import Document
from sqlalchemy import select

from tests import factories
from tests.web.test_authority import _draft, _issue
from workflow.models import Authority, Decision
from workflow.rules.nominees import NomineeKind
from workflow.rules.permissions import Grant, Role
from workflow.rules.tally import Choice
from workflow.services import council, users

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def docx_text(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == DOCX
    assert response.headers["Cache-Control"] == "private, no-store"
    doc = Document(io.BytesIO(response.data))
    parts = [p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join(parts + [p.text for p in doc.sections[0].header.paragraphs + doc.sections[0].footer.paragraphs])


def disposition_name(response) -> str:
    header = response.headers["Content-Disposition"]
    assert header.startswith("attachment;") and "filename*=UTF-8''" in header
    return header.split("filename*=UTF-8''", 1)[1]


@pytest.fixture
def chair(world, signed_in):
    return signed_in(world.chair)


@pytest.fixture
def secretary(world, signed_in):
    return signed_in(world.secretariat)


def test_the_authority_downloads_the_draft_and_then_the_issued_decision(session, world, store, chair):
    draft = _draft(session, world, store, count=6)
    page = chair.get(f"/authority/drafts/{draft.id}").get_data(as_text=True)
    url, annex_url = f"/authority/drafts/{draft.id}/du-thao.docx", f"/authority/drafts/{draft.id}/danh-sach.docx"
    assert url in page and annex_url in page and "Tải dự thảo quyết định (Word)" in page
    response = chair.get(url)
    text = docx_text(response)
    assert "BẢN DỰ THẢO" in text and "Xã Ninh Quới 6" in text and "QUYẾT ĐỊNH" in text
    assert disposition_name(response) == quote(f"Dự thảo quyết định số {draft.id}.docx")
    assert "Xã Ninh Quới 3" in docx_text(chair.get(annex_url))

    assert _issue(chair, draft).status_code == 302
    decision = session.scalars(select(Decision)).one()
    page = chair.get(f"/authority/decisions/{decision.id}").get_data(as_text=True)
    url = f"/authority/decisions/{decision.id}/quyet-dinh.docx"
    assert url in page and f"/authority/decisions/{decision.id}/danh-sach.docx" in page
    response = chair.get(url)
    text = docx_text(response)
    assert "DỰ THẢO" not in text and f"Số: {decision.number}" in text and "tệp PDF có chữ ký số" in text
    assert disposition_name(response) == quote(f"Quyết định {decision.number.replace('/', '-')}.docx")


def test_another_authoritys_signer_gets_404_and_other_roles_403(session, world, store, signed_in, chair):
    draft = _draft(session, world, store)
    _issue(chair, draft)
    decision = session.scalars(select(Decision)).one()
    other = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Sóc Trăng", issuer_title="CHỦ TỊCH",
                      organ_name="ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG", place_name="Sóc Trăng")
    session.add(other)
    session.flush()
    stranger = users.create_user(session, username="chutich.st", full_name="Chủ tịch Sóc Trăng",
                                 password=factories.PASSWORD, grants=[Grant(Role.AUTHORITY, authority_id=other.id)])
    session.commit()
    urls = [f"/authority/drafts/{draft.id}/du-thao.docx", f"/authority/decisions/{decision.id}/quyet-dinh.docx",
            f"/authority/decisions/{decision.id}/danh-sach.docx"]
    for url in urls:
        assert signed_in(stranger).get(url).status_code == 404
        assert signed_in(world.officer_a).get(url).status_code == 403
        assert signed_in(world.members[1]).get(url).status_code == 403


def test_the_secretariat_downloads_the_draft_it_prepared(session, world, store, secretary):
    draft = _draft(session, world, store, count=2)
    page = secretary.get(f"/secretariat/drafts/{draft.id}").get_data(as_text=True)
    assert f"/secretariat/drafts/{draft.id}/du-thao.docx" in page
    text = docx_text(secretary.get(f"/secretariat/drafts/{draft.id}/du-thao.docx"))
    assert "BẢN DỰ THẢO" in text and "1. Xã Ninh Quới 1" in text
    assert "Xã Ninh Quới 2" in docx_text(secretary.get(f"/secretariat/drafts/{draft.id}/danh-sach.docx"))


def _closed_session(session, world, store):
    nomination, meeting = factories.in_council(session, world, store, name="Xã Vĩnh Hưng A")
    for member in world.members:
        if council.recusal_reason(meeting.items[0], member) is None:
            council.cast_vote(session, meeting.items[0], by=member, choice=Choice.AGREE)
    council.close_session(session, meeting, by=world.secretariat)
    session.commit()
    return nomination, meeting


def test_council_members_download_the_letter_and_the_minutes_of_their_session(session, world, store, signed_in):
    _, meeting = _closed_session(session, world, store)
    member = signed_in(world.members[2])
    page = member.get(f"/council/sessions/{meeting.id}").get_data(as_text=True)
    assert f"/council/sessions/{meeting.id}/to-trinh.docx" in page
    minutes_page = member.get(f"/council/sessions/{meeting.id}/minutes").get_data(as_text=True)
    assert f"/council/sessions/{meeting.id}/bien-ban.docx" in minutes_page
    text = docx_text(member.get(f"/council/sessions/{meeting.id}/bien-ban.docx"))
    assert "BIÊN BẢN" in text and "Xã Vĩnh Hưng A" in text and "Thông qua" in text
    letter = docx_text(member.get(f"/council/sessions/{meeting.id}/to-trinh.docx"))
    assert "TỜ TRÌNH" in letter and "Xã Vĩnh Hưng A" in letter
    assert signed_in(world.officer_a).get(f"/council/sessions/{meeting.id}/bien-ban.docx").status_code == 403


def test_a_member_not_called_to_the_session_gets_404(session, world, store, signed_in):
    _, meeting = _closed_session(session, world, store)
    outsider = users.create_user(session, username="hoidong9", full_name="Hội đồng 9", password=factories.PASSWORD,
                                 grants=[Grant(Role.COUNCIL_MEMBER, authority_id=world.authority.id)])
    session.commit()
    browser = signed_in(outsider)
    for url in (f"/council/sessions/{meeting.id}/bien-ban.docx", f"/council/sessions/{meeting.id}/to-trinh.docx"):
        assert browser.get(url).status_code == 404


def test_the_secretariat_downloads_the_letter_before_the_meeting_but_no_minutes_before_the_tally(
        session, world, store, secretary):
    _, meeting = factories.in_council(session, world, store, name="Xã Vĩnh Hưng A")
    session.commit()
    page = secretary.get(f"/secretariat/sessions/{meeting.id}").get_data(as_text=True)
    assert f"/secretariat/sessions/{meeting.id}/to-trinh.docx" in page
    assert f"/secretariat/sessions/{meeting.id}/bien-ban.docx" not in page    # no tally yet
    assert "Xã Vĩnh Hưng A" in docx_text(secretary.get(f"/secretariat/sessions/{meeting.id}/to-trinh.docx"))
    refused = secretary.get(f"/secretariat/sessions/{meeting.id}/bien-ban.docx")
    assert refused.status_code == 400 and "Phiên họp chưa kết thúc" in refused.get_data(as_text=True)


def test_the_unit_and_the_secretariat_download_the_achievement_report(session, world, store, signed_in, secretary):
    nomination = factories.submitted(session, world, store, kind=NomineeKind.INDIVIDUAL, name="Bà Lâm Thị Đẹp",
                                     award_type=world.bang_khen)
    session.commit()
    officer = signed_in(world.officer_a)
    page = officer.get(f"/unit/nominations/{nomination.id}").get_data(as_text=True)
    base = f"/unit/nominations/{nomination.id}/bao-cao-thanh-tich"
    assert f"{base}.docx" in page and f"{base}.pdf" in page
    response = officer.get(f"{base}.docx")
    assert "Họ và tên: Bà Lâm Thị Đẹp" in docx_text(response)
    assert disposition_name(response) == quote("Báo cáo thành tích Bà Lâm Thị Đẹp.docx")
    pdf = officer.get(f"{base}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    words = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf.data, capture_output=True,
                                    check=True).stdout.decode().split())
    assert "Bà Lâm Thị Đẹp" in words and "BÁO CÁO THÀNH TÍCH" in words
    assert signed_in(world.officer_b).get(f"{base}.docx").status_code == 404
    assert signed_in(world.chair).get(f"{base}.pdf").status_code == 403

    page = secretary.get(f"/secretariat/nominations/{nomination.id}").get_data(as_text=True)
    url = f"/secretariat/nominations/{nomination.id}/bao-cao-thanh-tich.docx"
    assert url in page
    assert "Bà Lâm Thị Đẹp" in docx_text(secretary.get(url))
    assert secretary.get(f"/secretariat/nominations/{nomination.id}/bao-cao-thanh-tich.xlsx").status_code == 404
