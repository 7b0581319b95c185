"""Journeys 4 and 5 in Chromium: the council members vote on their screens, the member from the proposing unit
recused, and the tally shows once the secretariat closes the session; the chairperson issues the decision and
downloads a recipient's signed certificate, whose text carries the name with its diacritics."""
import io
import re
import unicodedata

from playwright.sync_api import expect
from pypdf import PdfReader

from tests import factories
from tests.browser.helpers import badge, flash, go_to_area, go_to_queue, reread
from workflow.models import AgendaItem, Nomination
from workflow.rules.nominees import NomineeKind
from workflow.rules.states import State
from workflow.services import decisions

COLLECTIVE = "Hợp tác xã Nông nghiệp Ấp Cái Dầy"
PERSON = "Nguyễn Thị Hồng Nhung"


def test_council_members_vote_one_is_recused_and_the_tally_shows(session, world, store, visitor, shoot):
    nomination, meeting = factories.in_council(session, world, store, name=COLLECTIVE)
    session.commit()
    item_id, nid = meeting.items[-1].id, nomination.id
    choices = ["Đồng ý"] * 5 + ["Không đồng ý"]  # members[1:], six who may vote

    recused = visitor(world.members[0])  # of Huyện Vĩnh Lợi, the proposing unit
    go_to_area(recused, "Hội đồng")
    recused.get_by_role("link", name=meeting.title).click()
    sheet = recused.locator(f"#muc-{item_id}")
    expect(sheet).to_contain_text(COLLECTIVE)
    expect(sheet.get_by_role("note")).to_contain_text("Bạn không bỏ phiếu hồ sơ này.")
    expect(sheet.get_by_role("radio")).to_have_count(0)
    shoot(recused, "4-council-recused")

    for n, (member, choice) in enumerate(zip(world.members[1:], choices, strict=True)):
        page = visitor(member)
        go_to_area(page, "Hội đồng")
        page.get_by_role("link", name=meeting.title).click()
        sheet = page.locator(f"#muc-{item_id}")
        expect(sheet).to_contain_text(f"{n}/6 đã bỏ phiếu")  # participation only: six may vote
        sheet.get_by_label(choice, exact=True).check()
        if n == 0:
            shoot(page, "4-council-ballot")
        sheet.get_by_role("button", name="Bỏ phiếu").click()
        expect(flash(page)).to_have_text("Phiếu biểu quyết của bạn đã được ghi nhận.")
        expect(page.locator(f"#muc-{item_id}").get_by_role("status")).to_contain_text("Bạn đã bỏ phiếu.")

    secretariat = visitor(world.secretariat)
    go_to_area(secretariat, "Thường trực TĐKT")
    go_to_queue(secretariat, "Phiên họp Hội đồng")
    secretariat.get_by_role("table").get_by_role("link", name=meeting.title).click()
    secretariat.get_by_role("link", name=re.compile("Kết thúc phiên họp và kiểm phiếu")).click()
    secretariat.get_by_role("button", name="Kết thúc phiên họp và kiểm phiếu").click()
    expect(flash(secretariat)).to_have_text("Đã kết thúc phiên họp và kiểm phiếu.")

    page.reload()  # the last member who voted
    tally = page.get_by_role("table", name="Kết quả kiểm phiếu hồ sơ số 1")
    counts = {"Thành viên Hội đồng": "7", "Có mặt": "7", "Không tham gia biểu quyết (có liên quan)": "1",
              "Đồng ý": "5", "Không đồng ý": "1", "Không biểu quyết": "0"}
    for label, value in counts.items():
        expect(tally.get_by_role("row", name=f"{label} {value}", exact=True)).to_be_visible()
    expect(page.locator(f"#muc-{item_id} .outcome")).to_contain_text("Thông qua")
    shoot(page, "4-council-tally")
    item = reread(session, AgendaItem, item_id)
    assert (item.agree, item.disagree, item.abstain, item.recused_count, item.result) == (5, 1, 0, 1, "passed")
    assert reread(session, Nomination, nid).state == State.ENDORSED


def pdf_text(data: bytes) -> str:
    return unicodedata.normalize("NFC", "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))


def test_the_authority_issues_the_decision_and_the_certificate_pdf_carries_the_name_with_diacritics(
        session, world, store, visitor, shoot, tmp_path):
    nomination = factories.endorsed(session, world, store, kind=NomineeKind.INDIVIDUAL, name=PERSON)
    draft = decisions.prepare_draft(session, [nomination], by=world.secretariat, signer=world.signer,
                                    decision_date=factories.TODAY,
                                    proposal="Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV.")
    session.commit()
    nid = nomination.id
    chair = visitor(world.chair)

    go_to_area(chair, "Lãnh đạo ký")
    chair.get_by_role("link", name=draft.title).click()
    expect(chair.get_by_text("1/QĐ-UBND").first).to_be_visible()
    chair.get_by_role("link", name="Xem lại và ban hành quyết định").click()
    shoot(chair, "5-authority-issue-confirm")
    chair.get_by_role("button", name="Quyết định khen thưởng").click()
    expect(flash(chair)).to_contain_text("Đã ban hành Quyết định số 1/QĐ-UBND")
    expect(badge(chair)).to_have_text("Đã khen thưởng")
    shoot(chair, "5-authority-decision")

    with chair.expect_download() as download:
        chair.get_by_role("link", name=re.compile("Tải PDF")).first.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-")
    certificate = decisions.certificate_of(session, reread(session, Nomination, nid))
    text = pdf_text(data)
    assert PERSON in text, text[:500]
    assert certificate.verify_code in text.replace(" ", "")
    assert reread(session, Nomination, nid).state == State.AWARDED
