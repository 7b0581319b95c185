"""The 2025 round, backdated through the services in chronological order: xã Vĩnh Hưng A (huyện Vĩnh Lợi)
and others from Vĩnh Lợi and Hồng Dân are proposed in January, disclosed for 10 working days after Tết,
weighed by the council on 27/02/2025 and awarded by the Bằng khen decision of 05/03/2025 that Chủ tịch
UBND tỉnh Phạm Văn Thiều signs. One proposal fails the council's tally, one is refused by the chairman,
and one award is revoked in May.
"""
from datetime import date

from ..models import CommentKind, Gender, Nomination, Resolution
from ..rules.tally import Choice
from ..services import council, decisions, notices
from .kit import Kit, Proposal, accept, collective, household, individual, submit, vote

A, D, ABS = Choice.AGREE, Choice.DISAGREE, Choice.ABSTAIN
PERIOD = (date(2021, 1, 1), date(2024, 12, 31))
APPRAISAL = "Hồ sơ đủ thành phần theo quy định; thành tích phù hợp tiêu chuẩn Bằng khen; chưa phát hiện trùng lặp."


def vinh_hung_a_round(kit: Kit) -> None:
    """Six proposals, from the Tờ trình of 06/01/2025 to the decision of 05/03/2025 and one revocation."""
    t = kit.t
    t.on(date(2025, 1, 7))
    vinh_hung_a, clerk, family = _vinh_loi_proposals(kit)
    revoked, failed, refused = _hong_dan_proposals(kit)
    batch = [vinh_hung_a, clerk, family, revoked, failed, refused]
    t.on(date(2025, 1, 9))
    for nomination in batch:
        accept(kit, nomination, APPRAISAL)
    _disclose(kit, batch, vinh_hung_a)
    _council(kit, batch, votes={failed: [A, A, A, D, D, ABS]})
    t.on(date(2025, 3, 5))
    _decide(kit, [vinh_hung_a, clerk, revoked, family])
    decisions.refuse(kit.session, refused, by=kit.people.chair, expected_version=refused.version, now=t.now(),
                     reason="Thành tích nêu trong hồ sơ đã được Chủ tịch UBND huyện Hồng Dân tặng Giấy khen năm "
                            "2024; theo nguyên tắc không khen thưởng nhiều lần cho một thành tích.")
    t.on(date(2025, 5, 20))
    decisions.revoke(kit.session, revoked, by=kit.people.chair, expected_version=revoked.version, now=t.now(),
                     revoking_decision_no="1035/QĐ-UBND",
                     reason="Qua kiểm tra, xác minh, số liệu kê khai trong báo cáo thành tích (vận động hiến đất "
                            "mở rộng 3,5 km đường giao thông nông thôn) không đúng thực tế.")


def _vinh_loi_proposals(kit: Kit) -> list[Nomination]:
    officer, letter = kit.people.officer_vinh_loi, ("03/TTr-UBND", date(2025, 1, 6))
    return [submit(kit, p) for p in [
        Proposal(officer, "bang_khen", collective(kit, "BL.VL.VHA"), period=PERIOD, letter=letter, summary=(
            "Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”, "
            "xây dựng xã Vĩnh Hưng A đạt chuẩn nông thôn mới nâng cao.")),
        Proposal(officer, "bang_khen", individual(
            "Trần Văn Hậu", position="Công chức Địa chính – Nông nghiệp – Xây dựng và Môi trường xã",
            workplace="xã Vĩnh Hưng A, huyện Vĩnh Lợi", gender=Gender.MALE, born=date(1978, 5, 14)),
            period=PERIOD, letter=letter, summary=(
                "Đã có thành tích xuất sắc trong tham mưu thực hiện các tiêu chí giao thông, thủy lợi và môi "
                "trường, góp phần xây dựng xã Vĩnh Hưng A đạt chuẩn nông thôn mới nâng cao.")),
        Proposal(officer, "bang_khen", household("Hộ ông Lý Văn Sang", "xã Vĩnh Hưng A, huyện Vĩnh Lợi"),
                 period=PERIOD, letter=letter, summary=(
                "Đã có thành tích xuất sắc trong xây dựng nông thôn mới nâng cao: tự nguyện hiến 1.200 m² đất, "
                "đóng góp 40 ngày công mở rộng đường giao thông nông thôn và xây dựng vườn mẫu.")),
    ]]


def _hong_dan_proposals(kit: Kit) -> list[Nomination]:
    officer, letter = kit.people.officer_hong_dan, ("05/TTr-UBND", date(2025, 1, 6))
    workplace = "xã {}, huyện Hồng Dân"
    return [submit(kit, p) for p in [
        Proposal(officer, "bang_khen", individual(
            "Lâm Hoàng Khải", position="Chi hội trưởng Chi hội Nông dân ấp",
            workplace=workplace.format("Lộc Ninh"), gender=Gender.MALE, born=date(1969, 11, 20),
            works_in_production=True), period=PERIOD, letter=letter, summary=(
                "Đã có thành tích xuất sắc trong vận động hội viên nông dân hiến đất, đóng góp ngày công làm "
                "đường giao thông nông thôn, góp phần xây dựng xã Lộc Ninh đạt chuẩn nông thôn mới.")),
        Proposal(officer, "bang_khen", individual(
            "Nguyễn Thị Diễm", position="Tổ trưởng Tổ hợp tác sản xuất lúa – tôm",
            workplace=workplace.format("Ninh Quới A"), gender=Gender.FEMALE, born=date(1981, 3, 8),
            works_in_production=True), period=PERIOD, letter=letter, summary=(
                "Đã có thành tích xuất sắc trong phát triển mô hình sản xuất lúa – tôm theo hướng hữu cơ, nâng "
                "cao thu nhập cho thành viên tổ hợp tác, góp phần xây dựng nông thôn mới.")),
        Proposal(officer, "bang_khen", individual(
            "Quách Văn Thành", position="Công chức Văn hóa – Xã hội xã",
            workplace=workplace.format("Ninh Quới A"), gender=Gender.MALE, born=date(1985, 7, 27)),
            period=PERIOD, letter=letter, summary=(
                "Đã có thành tích xuất sắc trong xây dựng đời sống văn hóa ở khu dân cư, góp phần hoàn thành "
                "tiêu chí văn hóa của xã Ninh Quới A trong xây dựng nông thôn mới.")),
    ]]


def _disclose(kit: Kit, batch: list[Nomination], vinh_hung_a: Nomination) -> None:
    """Ten working days from Monday 10/02/2025, after Tết; one citizen writes in support and is answered."""
    t, secretariat = kit.t, kit.people.secretariat
    t.on(date(2025, 2, 10))
    notice = notices.open_notice(
        kit.session, batch, by=secretariat, today=t.today, now=t.now(),
        expected_versions={n.id: n.version for n in batch},
        title="Thông báo công khai lấy ý kiến Nhân dân về danh sách đề nghị tặng Bằng khen của Chủ tịch UBND "
              "tỉnh trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới”")
    t.on(date(2025, 2, 12))
    comment = notices.receive_comment(
        kit.session, notice, vinh_hung_a, today=t.today, now=t.now(), full_name="Nguyễn Văn Út",
        contact="ut.nguyen@example.com", address="xã Vĩnh Hưng A, huyện Vĩnh Lợi, tỉnh Bạc Liêu",
        body="Tôi đồng tình đề nghị khen thưởng xã Vĩnh Hưng A: đường ấp được mở rộng, có đèn chiếu sáng, "
             "bà con được hỗ trợ chuyển đổi mô hình sản xuất.")
    t.on(date(2025, 2, 14))
    notices.answer_comment(kit.session, comment, by=secretariat, resolution=Resolution.NOTED,
                           classification=CommentKind.SUPPORT, now=t.now(),
                           answer="Cảm ơn ông đã quan tâm và đồng tình. Ý kiến được tổng hợp báo cáo Hội đồng "
                                  "Thi đua – Khen thưởng tỉnh.")


def _council(kit: Kit, batch: list[Nomination], votes: dict[Nomination, list[Choice]]) -> None:
    """Hội đồng meets on 27/02/2025, after the window; hoidong7 is absent, hoidong3 (Vĩnh Lợi) recuses."""
    t, secretariat = kit.t, kit.people.secretariat
    t.on(date(2025, 2, 27))
    meeting = council.create_session(kit.session, by=secretariat, authority=kit.ref.province_authority,
                                     title="Phiên họp Hội đồng Thi đua – Khen thưởng tỉnh tháng 02/2025",
                                     meeting_date=t.today, now=t.now())
    council.record_attendance(kit.session, meeting, by=secretariat, now=t.now(),
                              present_user_ids={m.id for m in kit.people.council[:6]})
    for nomination in batch:
        item = council.to_council(kit.session, nomination, meeting, by=secretariat, today=t.today, now=t.now(),
                                  expected_version=nomination.version)
        vote(kit, item, votes.get(nomination, [A] * 7))
    council.close_session(kit.session, meeting, by=secretariat, now=t.now())


def _decide(kit: Kit, awarded: list[Nomination]) -> None:
    decisions.decide(
        kit.session, awarded, by=kit.people.chair, signer=kit.ref.chairman, decision_date=kit.t.today,
        now=kit.t.now(), expected_versions={n.id: n.version for n in awarded},
        title="Về việc tặng Bằng khen cho các tập thể, cá nhân và hộ gia đình có thành tích xuất sắc trong phong "
              "trào thi đua “Cả nước chung sức xây dựng nông thôn mới”",
        proposal="Xét đề nghị của Chủ tịch Ủy ban nhân dân huyện Vĩnh Lợi, Chủ tịch Ủy ban nhân dân huyện Hồng "
                 "Dân và Giám đốc Sở Nội vụ.")
