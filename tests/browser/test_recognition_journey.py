"""Issue 17's journey in Chromium: a commune assesses itself against each criterion with its evidence, posts the
result, a citizen comments and the commune answers; the survey is recorded and, once the posting period is over
(the test-only clock hook), the commune sends its dossier; the secretariat accepts it, records a field check and
concludes «đạt»; the chairperson recognises the commune. The commune is then proposed for an award that requires
that recognition: refused without the citation, sent with it, and the cited decision and the red-flag panel are
on the appraisal screen."""
import re
from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from tests.browser.helpers import badge, flash, go_to_area, reread
from workflow.models import AttachmentKind, DecisionLine, Nomination, PublicComment, PublicNotice
from workflow.rules import new_rural
from workflow.rules.nominees import NomineeKind
from workflow.rules.states import State
from workflow.services import clock, council, decisions, nominations, notices, recognition
from workflow.services.nominations import NominationData, NomineeData

COMMENT = "Đường trục ấp Xóm Lớn còn đoạn chưa có đèn chiếu sáng, đề nghị xã làm rõ tiêu chí Giao thông."
AWARDED_NAME = "Nhân dân và cán bộ xã Vĩnh Hưng A"
SUMMARY = "Xã đạt chuẩn nông thôn mới năm 2024: 19/19 tiêu chí, thu nhập bình quân 62 triệu đồng/người/năm."
ANSWER = "Xã đã lắp 40 đèn chiếu sáng trên đường trục ấp Xóm Lớn, có biên bản nghiệm thu ngày 10/02/2025."


def _dossier(session, world, store, officer, award_type) -> Nomination:
    """The commune's dossier opened with its detailed report attached (the journey starts at the assessment)."""
    data = NominationData(award_type=award_type, nominee=NomineeData(
        kind=NomineeKind.COLLECTIVE, full_name=world.commune.name, workplace=world.commune.name,
        unit_id=world.commune.id), achievement_summary="Kết quả xây dựng nông thôn mới năm 2024.",
        period_from=date(2024, 1, 1), period_to=date(2024, 12, 31), letter_no="15/TTr-UBND",
        letter_date=clock.today())
    nomination = nominations.create(session, by=officer, campaign=world.campaign, proposing_unit=world.commune,
                                    data=data)
    nominations.add_attachment(session, nomination, by=officer, store=store, filename="bieu-chi-tiet-tieu-chi.pdf",
                               data=factories.PDF, kind=AttachmentKind.ACHIEVEMENT_REPORT)
    return nomination


def test_a_commune_is_recognised_then_awarded_citing_the_decision(session, world, store, visitor, shoot):
    standard = factories.new_rural_type(session, world, code="NTM", name="Xã đạt chuẩn nông thôn mới",
                                        level=new_rural.Level.STANDARD)
    officer = factories.commune_officer(session, world)
    nomination = _dossier(session, world, store, officer, standard)
    nid = nomination.id
    criteria = new_rural.items_of(recognition.criteria_set_of(session, nomination))
    session.commit()
    commune, citizen = visitor(officer), visitor()

    # 1. the commune's self-assessment, criterion by criterion, with its evidence
    commune.goto(f"/unit/nominations/{nid}")
    expect(badge(commune)).to_have_text("Xã đang tự đánh giá")
    commune.locator(f"a[href$='/nominations/{nid}/tu-danh-gia']").first.click()
    for item in criteria:
        commune.locator(f"#met-{item.code}").check()
        commune.locator(f"select[name='evidence-{item.code}']").select_option(label="bieu-chi-tiet-tieu-chi.pdf")
    commune.locator(f"textarea[name='figures-{criteria[0].code}']").fill(
        "Quy hoạch chung xã được phê duyệt năm 2023")
    shoot(commune, "recognition-1-self-assessment")
    commune.get_by_role("button", name="Ghi kết quả tự đánh giá").click()
    expect(flash(commune)).to_contain_text("Đã ghi kết quả tự đánh giá.")

    commune.get_by_role("link", name="Công khai kết quả tự đánh giá").first.click()
    shoot(commune, "recognition-2-post-confirm")
    commune.get_by_role("button", name="Công khai kết quả tự đánh giá").click()
    expect(flash(commune)).to_contain_text("Đã công khai kết quả tự đánh giá.")
    expect(badge(commune)).to_have_text("Đang công khai kết quả tự đánh giá")
    notice = session.scalars(select(PublicNotice)).one()
    end = notice.end_date

    # a citizen comments on the public notice; the commune answers in public
    citizen.goto(f"/notices/{notice.id}")
    expect(citizen.locator("body")).to_contain_text("Kết quả tự đánh giá của xã")
    expect(citizen.locator("body")).to_contain_text("Quy hoạch chung xã được phê duyệt năm 2023")
    shoot(citizen, "recognition-3-public-notice")
    citizen.get_by_role("link", name="Góp ý về đối tượng này").first.click()
    citizen.get_by_label("Họ và tên").fill("Lê Văn Tám")
    citizen.get_by_label("Số điện thoại hoặc thư điện tử").fill("0912 345 678")
    citizen.get_by_label("Địa chỉ").fill("Ấp Xóm Lớn, xã Vĩnh Hưng A")
    citizen.get_by_label("Nội dung ý kiến").fill(COMMENT)
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    expect(flash(citizen)).to_contain_text("Đã tiếp nhận ý kiến của bạn. Mã tiếp nhận: YK-")
    code = session.scalars(select(PublicComment)).one().receipt_code

    commune.reload()
    expect(commune.locator("#y-kien-nhan-dan")).to_contain_text(code)
    commune.locator("#y-kien-nhan-dan").get_by_role("link", name="Trả lời ý kiến").click()
    commune.get_by_label("Phân loại ý kiến").select_option(index=1)
    commune.locator("input[name='resolution'][value='noted']").check()
    commune.get_by_label("Nội dung trả lời (sẽ được công khai)").fill(ANSWER)
    commune.get_by_role("button", name="Công bố trả lời").click()
    expect(flash(commune)).to_contain_text(f"Đã công bố trả lời ý kiến {code}.")

    # the residents' survey
    commune.locator(f"a[href$='/nominations/{nid}/y-kien-hai-long']").first.click()
    commune.get_by_label("Số được lấy ý kiến").fill("1000")
    commune.get_by_label("Số hài lòng").fill("960")
    commune.get_by_label("Lấy ý kiến từ ngày").fill(clock.today().isoformat())
    commune.get_by_label("Đến ngày").fill(clock.today().isoformat())
    commune.get_by_label("Cách thức lấy ý kiến").fill("Phiếu hỏi hộ gia đình qua Ban công tác Mặt trận ấp")
    commune.get_by_role("button", name="Ghi kết quả lấy ý kiến").click()
    expect(flash(commune)).to_contain_text("Đã ghi kết quả lấy ý kiến sự hài lòng.")
    expect(commune.locator("#y-kien-hai-long")).to_contain_text("96,0 %")

    # after the posting period, the commune sends its dossier
    days = (end - clock.today()).days + 1
    assert commune.request.post("/_test/clock/advance", form={"days": str(days)}).ok
    commune.reload()
    shoot(commune, "recognition-4-commune-dossier")
    commune.get_by_role("link", name="Gửi hồ sơ đề nghị công nhận").click()
    commune.locator("main form button.btn-primary").click()
    expect(badge(commune)).to_have_text(re.compile("Đã gửi|Chờ tiếp nhận"))
    assert reread(session, Nomination, nid).state == State.SUBMITTED

    # 2. the secretariat accepts, checks on the spot and concludes «đạt»
    secretariat = visitor(world.secretariat)
    secretariat.goto(f"/secretariat/nominations/{nid}")
    secretariat.locator(f"main a[href$='/nominations/{nid}/accept']").first.click()
    secretariat.locator("main form .btn-primary").first.click()
    expect(flash(secretariat)).to_be_visible()
    assert reread(session, Nomination, nid).state == State.IN_APPRAISAL
    secretariat.goto(f"/secretariat/nominations/{nid}/appraisal")
    secretariat.get_by_role("link", name=re.compile("Mở trang thẩm tra thực tế")).click()
    secretariat.get_by_label("Ngày thẩm tra").fill(clock.today().isoformat())
    secretariat.get_by_label("Nơi thẩm tra").fill("Ấp Xóm Lớn, xã Vĩnh Hưng A")
    secretariat.get_by_label(re.compile("Người thẩm tra")).fill(
        "Lê Văn Tâm – Ban Thi đua – Khen thưởng tỉnh\nTrần Thị Mai – Văn phòng Điều phối nông thôn mới tỉnh")
    secretariat.get_by_label(re.compile("Kết quả thẩm tra")).fill(
        "Đã đi thực tế đường trục ấp Xóm Lớn: 40 đèn chiếu sáng hoạt động, đúng như trả lời của xã.")
    secretariat.locator("input[name='conclusion'][value='passed']").check()
    secretariat.get_by_label(re.compile("Ảnh hiện trường")).set_input_files(files=[{
        "name": "bien-ban-tham-tra.pdf", "mimeType": "application/pdf", "buffer": factories.PDF}])
    shoot(secretariat, "recognition-5-field-check")
    secretariat.locator("main form .btn-primary").last.click()
    expect(flash(secretariat)).to_be_visible()
    secretariat.goto(f"/secretariat/nominations/{nid}/appraisal")
    secretariat.get_by_role("link", name="Kết luận thẩm định").first.click()
    expect(secretariat.locator("body")).to_contain_text("960/1000 hài lòng")
    secretariat.get_by_label("Đạt: trình công nhận").check()
    shoot(secretariat, "recognition-6-conclude")
    secretariat.get_by_role("button", name="Kết luận thẩm định").click()
    expect(badge(secretariat)).to_have_text("Thẩm định đạt, trình công nhận")

    # 3. the chairperson issues the recognition decision (the draft is the secretariat's, prepared here)
    nomination = reread(session, Nomination, nid)
    draft = decisions.prepare_draft(session, [nomination], by=world.secretariat, signer=world.signer,
                                    decision_date=clock.today())
    session.commit()
    chair = visitor(world.chair)
    go_to_area(chair, "Lãnh đạo ký")
    chair.get_by_role("link", name=draft.title).click()
    chair.get_by_role("link", name="Xem lại và ban hành quyết định").click()
    chair.locator("main form button.btn-primary").click()
    expect(flash(chair)).to_contain_text("Đã ban hành Quyết định số")
    expect(badge(chair)).to_have_text("Đã công nhận")
    number = session.scalar(select(DecisionLine).where(DecisionLine.nomination_id == nid)).decision.number
    shoot(chair, "recognition-7-decision")
    commune.reload()
    expect(badge(commune)).to_have_text("Đã công nhận")

    # 4. the commune is proposed for an award that requires its recognition: refused without the citation
    world.bang_khen.requires_recognition_type_id = standard.id
    session.commit()
    commune.goto("/unit/nominations/new")
    commune.get_by_label("Phong trào / đợt xét").select_option(str(world.campaign.id))
    commune.get_by_label("Hình thức khen thưởng / danh hiệu").select_option(str(world.bang_khen.id))
    commune.get_by_label("Tập thể", exact=True).check()
    commune.get_by_label("Tên tập thể").fill(AWARDED_NAME)
    commune.get_by_label("Địa chỉ / trực thuộc").fill("Huyện Vĩnh Lợi, tỉnh Cà Mau")
    commune.get_by_label("Thành tích từ ngày").fill("2024-01-01")
    commune.get_by_label("Đến ngày").fill("2024-12-31")
    commune.get_by_label("Tóm tắt thành tích").fill(SUMMARY)
    commune.get_by_label("Số Tờ trình").fill("27/TTr-UBND")
    commune.get_by_label("Ngày Tờ trình").fill(clock.today().isoformat())
    commune.get_by_label(re.compile("Báo cáo thành tích \\(PDF")).set_input_files(files=[{
        "name": "bao-cao-thanh-tich.pdf", "mimeType": "application/pdf", "buffer": factories.PDF}])
    commune.get_by_role("button", name="Lưu bản nháp").click()
    expect(flash(commune)).to_contain_text(f"Đã lập hồ sơ «{AWARDED_NAME}» (bản nháp) kèm 1 tệp.")
    award = session.scalars(select(Nomination).where(Nomination.id != nid)).one()
    commune.get_by_role("link", name="Gửi hồ sơ", exact=True).click()
    commune.locator("main form button.btn-primary").click()
    expect(commune.get_by_role("alert").first).to_contain_text("Xã đạt chuẩn nông thôn mới")
    shoot(commune, "verified-1-refused-without-citation")
    assert reread(session, Nomination, award.id).state == State.DRAFT
    commune.goto(f"/unit/nominations/{award.id}/edit")
    expect(commune.get_by_label("Tóm tắt thành tích")).to_have_value(SUMMARY)   # nothing lost
    commune.get_by_label("Kết quả đã được công nhận (quyết định công nhận)").select_option(str(nid))
    commune.get_by_role("button", name="Lưu thay đổi").click()
    expect(commune.locator("main")).to_contain_text(f"Quyết định số {number}")
    shoot(commune, "verified-2-cited")
    commune.get_by_role("link", name="Gửi hồ sơ", exact=True).click()
    commune.locator("main form button.btn-primary").click()
    expect(flash(commune)).to_be_visible()
    assert reread(session, Nomination, award.id).state == State.SUBMITTED

    # 5. the appraisal screen shows the cited decision and the red-flag panel
    secretariat.goto(f"/secretariat/nominations/{award.id}")
    secretariat.locator(f"main a[href$='/nominations/{award.id}/accept']").first.click()
    secretariat.locator("main form .btn-primary").first.click()
    expect(flash(secretariat)).to_be_visible()
    secretariat.goto(f"/secretariat/nominations/{award.id}/appraisal")
    expect(secretariat.locator("main")).to_contain_text("Kết quả đã được công nhận")
    expect(secretariat.locator("main")).to_contain_text(f"Quyết định số {number}")
    expect(secretariat.locator("section.flags")).to_be_visible()
    expect(secretariat.locator("section.flags [data-flag]").first).to_be_visible()
    shoot(secretariat, "verified-3-appraisal")

    # ... and so does the council's summary sheet (the notice and the agenda are the secretariat's, seeded here)
    award = reread(session, Nomination, award.id)
    notice = notices.open_notice(session, [award], by=world.secretariat, title="Lấy ý kiến Nhân dân",
                                 expected_versions={award.id: award.version})
    after = notice.end_date + timedelta(days=1)
    meeting = council.create_session(session, by=world.secretariat, authority=world.authority,
                                     title="Phiên họp Hội đồng Thi đua – Khen thưởng tỉnh", meeting_date=after)
    council.record_attendance(session, meeting, by=world.secretariat, present_user_ids={m.id for m in world.members})
    council.to_council(session, award, meeting, by=world.secretariat, expected_version=award.version,
                       today=after)
    session.commit()
    member = visitor(world.members[1])
    member.goto(f"/council/sessions/{meeting.id}")
    sheet = member.locator("main")
    expect(sheet).to_contain_text(AWARDED_NAME)
    expect(sheet).to_contain_text("Kết quả đã được công nhận")
    expect(sheet).to_contain_text(f"Quyết định số {number}")
    expect(member.locator("section.flags [data-flag]").first).to_be_visible()
    shoot(member, "verified-4-council-sheet")
