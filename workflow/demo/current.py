"""The round in progress, relative to the service clock's today: tỉnh Cà Mau's summing-up of the 2021–2025
movement, under the Cà Mau authority, its campaign, its award types (legal basis: NĐ 152/2025) and the communes
formed on 01/07/2025 (xã Vĩnh Lợi and xã Hồng Dân propose; the old districts and communes have ended).

A few weeks back (backdated, in working days) two proposals from xã Vĩnh Lợi were disclosed; one was
endorsed by a council session last week and awaits the chairman's decision, the other drew an objection
that has been answered and sits today on an open session with some votes cast. Today the units draft,
submit and withdraw proposals, the secretariat returns one and appraises another, and a new public
notice opens with two citizens' comments.
"""
from collections.abc import Callable, Iterable
from datetime import date

from ..models import CommentKind, CouncilSession, Gender, Nomination, Resolution, User
from ..rules.nominees import NomineeKind
from ..rules.prerequisites import Evidence, InitiativeEvidence, MemberFigure, TitleEvidence
from ..rules.tally import Choice
from ..services import clock, council, field_checks, nominations, notices
from ..services.nominations import NomineeData
from .kit import (Kit, Proposal, accept, collective, individual, propose, submit, text_pdf, vote,
                  working_days_before)

PERIOD = (date(2021, 1, 1), date(2025, 12, 31))
NOTICE_TITLE = ("Thông báo công khai lấy ý kiến Nhân dân về danh sách đề nghị khen thưởng tổng kết phong trào "
                "thi đua “Cả nước chung sức xây dựng nông thôn mới” giai đoạn 2021–2025")
HOW_TO_COMMENT = ("Ý kiến xin gửi về Sở Nội vụ tỉnh Cà Mau qua biểu mẫu trên trang này, ghi rõ họ tên, số điện "
                  "thoại hoặc thư điện tử và địa chỉ.")


def weeks_ago_round(kit: Kit) -> Nomination:
    """Backdated: proposed 30 working days ago, disclosed for 10, one endorsed 8 working days ago.
    Returns the Chiến sĩ thi đua proposal, whose objection is answered and which goes to council today."""
    t, today = kit.t, clock.today()

    def ago(n: int) -> date:
        return working_days_before(kit.calendar, today, n)

    t.on(ago(30))
    chau_thoi, champion = _vinh_loi_summing_up(kit, letter=("215/TTr-UBND", ago(31)))
    t.on(ago(28))
    for nomination in (chau_thoi, champion):
        accept(kit, nomination, "Hồ sơ đủ thành phần; đủ điều kiện đưa ra công khai lấy ý kiến Nhân dân.")
    _disclose_with_objection(kit, [chau_thoi, champion], champion, ago)
    t.on(ago(8))
    meeting = _session(kit, "Phiên họp Hội đồng Thi đua – Khen thưởng tỉnh xét khen thưởng tổng kết phong trào "
                            "xây dựng nông thôn mới (đợt 1)", present=kit.people.council)
    item = council.to_council(kit.session, chau_thoi, meeting, by=kit.people.secretariat, today=t.today,
                              now=t.now(), expected_version=chau_thoi.version)
    vote(kit, item, [Choice.AGREE] * 6)
    council.close_session(kit.session, meeting, by=kit.people.secretariat, now=t.now())
    return champion


def _vinh_loi_summing_up(kit: Kit, letter: tuple[str, date]) -> tuple[Nomination, Nomination]:
    officer = kit.people.officer_vinh_loi
    chau_thoi = Proposal(officer, "cm.bang_khen", collective(kit, "CM.CT"), period=PERIOD, letter=letter, summary=(
        "Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” giai đoạn "
        "2021–2025, xây dựng xã Châu Thới đạt chuẩn nông thôn mới nâng cao, đời sống vật chất và tinh thần của "
        "Nhân dân được nâng lên rõ rệt."))
    champion = Proposal(officer, "cm.chien_si_thi_dua", individual(
        "Võ Thị Thanh Thảo", position="Trưởng phòng Kinh tế Ủy ban nhân dân xã (nguyên Phó Trưởng phòng Nông "
                                      "nghiệp và Phát triển nông thôn huyện Vĩnh Lợi)",
        workplace="xã Vĩnh Lợi, tỉnh Cà Mau", gender=Gender.FEMALE, born=date(1982, 4, 19)),
        period=(date(2023, 1, 1), date(2025, 12, 31)), letter=letter, summary=(
            "Đã có thành tích xuất sắc tiêu biểu: ba năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở "
            "(2023–2025), chủ nhiệm sáng kiến “Bộ tiêu chí chấm điểm vườn mẫu nông thôn mới” được công nhận có "
            "phạm vi ảnh hưởng cấp tỉnh, tham mưu hiệu quả xây dựng nông thôn mới nâng cao trên địa bàn huyện Vĩnh "
            "Lợi (cũ)."), evidence=Evidence(
                titles=tuple(TitleEvidence("Chiến sĩ thi đua cơ sở", year, f"{number}/QĐ-UBND", day)
                             for year, number, day in ((2023, 2841, date(2023, 12, 20)),
                                                       (2024, 3017, date(2024, 12, 18)),
                                                       (2025, 4127, date(2025, 12, 22)))),
                initiatives=(InitiativeEvidence(
                    "Bộ tiêu chí chấm điểm vườn mẫu nông thôn mới", "tinh",
                    "Quyết định số 96/QĐ-HĐSK ngày 15/5/2025 của Hội đồng sáng kiến tỉnh Bạc Liêu"),)))
    return submit(kit, chau_thoi), submit(kit, champion)


def _disclose_with_objection(kit: Kit, batch: list[Nomination], champion: Nomination,
                             ago: Callable[[int], date]) -> None:
    t, secretariat = kit.t, kit.people.secretariat
    t.on(ago(25))
    notice = notices.open_notice(kit.session, batch, by=secretariat, title=NOTICE_TITLE, today=t.today,
                                 now=t.now(), how_to_comment=HOW_TO_COMMENT,
                                 expected_versions={n.id: n.version for n in batch})
    t.on(ago(20))
    comment = notices.receive_comment(
        kit.session, notice, champion, today=t.today, now=t.now(), full_name="Nguyễn Hoàng Phúc",
        contact="hoangphuc.ng@example.com", address="xã Vĩnh Lợi, tỉnh Cà Mau",
        body="Đề nghị làm rõ sáng kiến nêu trong hồ sơ là của cá nhân bà Thảo hay của tập thể Phòng Nông "
             "nghiệp và Phát triển nông thôn huyện Vĩnh Lợi (cũ).")
    t.on(ago(19))
    notices.classify_comment(kit.session, comment, by=secretariat, classification=CommentKind.OBJECTION,
                             now=t.now())
    t.on(ago(12))
    notices.answer_comment(
        kit.session, comment, by=secretariat, resolution=Resolution.REJECTED, now=t.now(),
        answer="Qua xác minh, bà Võ Thị Thanh Thảo là chủ nhiệm sáng kiến, được Hội đồng sáng kiến tỉnh công "
               "nhận; các đồng tác giả được ghi nhận đầy đủ trong hồ sơ. Ý kiến phản ánh không có cơ sở, hồ sơ "
               "đủ điều kiện trình Hội đồng Thi đua – Khen thưởng.")


def _session(kit: Kit, title: str, present: Iterable[User]) -> CouncilSession:
    meeting = council.create_session(kit.session, by=kit.people.secretariat, authority=kit.ref.ca_mau_authority,
                                     title=title, meeting_date=kit.t.today, now=kit.t.now())
    council.record_attendance(kit.session, meeting, by=kit.people.secretariat, now=kit.t.now(),
                              present_user_ids={m.id for m in present})
    return meeting


def today_stories(kit: Kit, champion: Nomination) -> None:
    """Live: every action happens now, on the services' own clock."""
    kit.t.live()
    _on_open_session(kit, champion)
    vinh_loi = ("231/TTr-UBND", kit.t.today)
    hong_dan = ("118/TTr-UBND", kit.t.today)
    _draft(kit, hong_dan)
    _submitted(kit, vinh_loi)
    _returned(kit, hong_dan)
    _withdrawn(kit, vinh_loi)
    _in_appraisal(kit, hong_dan)
    _in_public_notice(kit, vinh_loi)


def _on_open_session(kit: Kit, champion: Nomination) -> None:
    """Today's session: six of seven present, hoidong3 recused (Vĩnh Lợi), three ballots in so far.
    Chiến sĩ thi đua needs 90 % of all members: the session is still open."""
    meeting = _session(kit, "Phiên họp Hội đồng Thi đua – Khen thưởng tỉnh xét khen thưởng tổng kết phong trào "
                            "xây dựng nông thôn mới (đợt 2)", present=kit.people.council[:6])
    item = council.to_council(kit.session, champion, meeting, by=kit.people.secretariat,
                              expected_version=champion.version)
    vote(kit, item, [Choice.AGREE] * 3)


def _draft(kit: Kit, letter: tuple[str, date]) -> None:
    propose(kit, Proposal(kit.people.officer_hong_dan, "cm.bang_khen", individual(
        "Trương Thị Cẩm Tú", position="Bí thư Chi bộ ấp", workplace="xã Hồng Dân, tỉnh Cà Mau",
        gender=Gender.FEMALE, born=date(1979, 12, 1)), period=PERIOD, letter=letter, summary=(
            "Đã có thành tích xuất sắc trong lãnh đạo chi bộ ấp vận động Nhân dân chung sức xây dựng nông thôn "
            "mới, xây dựng ấp đạt chuẩn khu dân cư nông thôn mới kiểu mẫu.")), with_report=False)


def _submitted(kit: Kit, letter: tuple[str, date]) -> None:
    submit(kit, Proposal(kit.people.officer_vinh_loi, "cm.bang_khen", collective(kit, "CM.HH"), period=PERIOD,
                         letter=letter, summary=(
        "Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” giai đoạn "
        "2021–2025, huy động Nhân dân đóng góp xây dựng cầu, đường giao thông nông thôn, xây dựng xã Hưng Thành "
        "(nay thuộc xã Hưng Hội) đạt chuẩn nông thôn mới nâng cao.")))


def _returned(kit: Kit, letter: tuple[str, date]) -> None:
    nomination = submit(kit, Proposal(kit.people.officer_hong_dan, "cm.bang_khen", collective(kit, "CM.HD"),
                                      period=PERIOD, letter=letter, summary=(
        "Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” giai đoạn "
        "2021–2025, xây dựng xã Lộc Ninh (nay thuộc xã Hồng Dân) đạt chuẩn nông thôn mới nâng cao.")))
    nominations.return_(kit.session, nomination, by=kit.people.secretariat, expected_version=nomination.version,
                        reason="Báo cáo thành tích chưa có xác nhận của Ủy ban nhân dân xã Hồng Dân và chưa kèm "
                               "quyết định công nhận xã đạt chuẩn nông thôn mới nâng cao; đề nghị bổ sung.")


def _withdrawn(kit: Kit, letter: tuple[str, date]) -> None:
    officer = kit.people.officer_vinh_loi
    nomination = submit(kit, Proposal(officer, "cm.bang_khen", individual(
        "Huỳnh Văn Bé", position="Nông dân sản xuất, kinh doanh giỏi", workplace="xã Vĩnh Lợi, tỉnh Cà Mau",
        gender=Gender.MALE, born=date(1966, 2, 10), works_in_production=True), period=PERIOD, letter=letter,
        summary=("Đã có thành tích xuất sắc trong phát triển kinh tế hộ, liên kết tiêu thụ lúa sạch cho các hộ "
                 "trong ấp, tích cực đóng góp xây dựng nông thôn mới.")))
    nominations.withdraw(kit.session, nomination, by=officer, expected_version=nomination.version,
                         reason="Đơn vị rút hồ sơ để đề nghị Giấy khen của Chủ tịch UBND xã cho phù hợp.")


def _in_appraisal(kit: Kit, letter: tuple[str, date]) -> None:
    nomination = submit(kit, Proposal(kit.people.officer_hong_dan, "cm.bang_khen", collective(kit, "CM.NQ"),
                                      period=PERIOD, letter=letter, summary=(
        "Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” giai đoạn "
        "2021–2025, phát triển mô hình lúa – tôm bền vững, xây dựng xã Ninh Quới A (nay thuộc xã Ninh Quới) đạt "
        "chuẩn nông thôn mới nâng cao.")))
    accept(kit, nomination, "Đang đối chiếu số liệu tiêu chí thu nhập và tỷ lệ hộ nghèo với báo cáo của "
                            "Văn phòng Điều phối nông thôn mới tỉnh.")
    _field_check(kit, nomination)
    office = submit(kit, Proposal(kit.people.officer_hong_dan, "cm.tap_the_ldxs", NomineeData(
        kind=NomineeKind.COLLECTIVE, unit_id=kit.ref.unit("CM.HD").id, full_name="Phòng Kinh tế xã Hồng Dân",
        workplace="xã Hồng Dân, tỉnh Cà Mau"), period=(date(2025, 1, 1), date(2025, 12, 31)), letter=letter,
        summary="Hoàn thành xuất sắc nhiệm vụ năm 2025: tham mưu chuyển đổi 420 ha lúa – tôm, giải ngân 100% vốn "
                "chương trình mục tiêu quốc gia xây dựng nông thôn mới đúng hạn.", evidence=_members(18, (
                    ("hoàn thành nhiệm vụ", 18, "Biên bản đánh giá, xếp loại cuối năm 2025"),
                    ("Lao động tiên tiến", 13, "Quyết định số 55/QĐ-UBND ngày 26/12/2025 của UBND xã"),
                    ("Chiến sĩ thi đua cơ sở", 2, "Quyết định số 56/QĐ-UBND ngày 26/12/2025 của UBND xã"),
                    ("bị kỷ luật từ hình thức cảnh cáo trở lên", 0, "")))))
    accept(kit, office, "Số liệu thành viên đủ điều kiện; đang đối chiếu quyết định tặng danh hiệu Lao động tiên "
                        "tiến năm 2025 của Ủy ban nhân dân xã.")


def _field_check(kit: Kit, nomination: Nomination) -> None:
    """Thẩm tra thực tế (issue 17): the secretariat visited the lúa – tôm model the dossier reports."""
    place = "Ấp Ninh Thạnh Đông, xã Ninh Quới, tỉnh Cà Mau (vùng lúa – tôm của Hợp tác xã Ninh Quới A)"
    minutes = text_pdf(["BIEN BAN THAM TRA THUC TE", place, "Ket luan: dat"])
    field_checks.record(kit.session, nomination, by=kit.people.secretariat, store=kit.store, now=kit.t.now(),
                        data=field_checks.FieldCheckData(
                            checked_on=kit.t.today, place=place, conclusion="passed",
                            inspectors="Nguyễn Thanh Phong – Ban Thi đua – Khen thưởng, Sở Nội vụ tỉnh Cà Mau\n"
                                       "Lâm Thị Kiều – Văn phòng Điều phối nông thôn mới tỉnh",
                            findings="Đã xem 320 ha lúa – tôm luân canh, sổ sách của hợp tác xã và hộ nghèo còn lại "
                                     "của xã; số liệu khớp với báo cáo thành tích."),
                        files=[field_checks.Upload("Biên bản thẩm tra thực tế.pdf", minutes)])


def _members(total: int, figures: Iterable[tuple[str, int, str]]) -> Evidence:
    """A collective's member figures, as the unit declares them for Tập thể lao động xuất sắc."""
    return Evidence(members_total=total, members=tuple(MemberFigure(c, n, total, d) for c, n, d in figures))


def _in_public_notice(kit: Kit, letter: tuple[str, date]) -> None:
    """Opened today for ten working days: one comment answered, one just received."""
    nomination = submit(kit, Proposal(kit.people.officer_vinh_loi, "cm.bang_khen", collective(kit, "CM.VL"),
                                      period=PERIOD, letter=letter, summary=(
        "Đã có thành tích xuất sắc trong phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” giai đoạn "
        "2021–2025, xây dựng xã Vĩnh Hưng (nay thuộc xã Vĩnh Lợi) đạt chuẩn nông thôn mới nâng cao, cảnh quan "
        "môi trường xanh – sạch "
        "– đẹp.")))
    secretariat = kit.people.secretariat
    accept(kit, nomination, "Hồ sơ đủ thành phần; đủ điều kiện đưa ra công khai lấy ý kiến Nhân dân.")
    notice = notices.open_notice(kit.session, [nomination], by=secretariat, how_to_comment=HOW_TO_COMMENT,
                                 title=f"{NOTICE_TITLE} (đợt 2)", expected_versions={nomination.id: nomination.version})
    support = notices.receive_comment(
        kit.session, notice, nomination, full_name="Lê Thị Hồng Nhung", contact="hongnhung.le@example.com",
        address="xã Vĩnh Lợi, tỉnh Cà Mau",
        body="Tôi đồng tình: mấy năm nay đường ấp được bê tông hóa, có nhà văn hóa ấp, rác được thu gom hằng tuần.")
    notices.answer_comment(kit.session, support, by=secretariat, resolution=Resolution.NOTED,
                           classification=CommentKind.SUPPORT,
                           answer="Cảm ơn bà đã đóng góp ý kiến. Ý kiến được tổng hợp báo cáo Hội đồng Thi đua – "
                                  "Khen thưởng tỉnh.")
    notices.receive_comment(
        kit.session, notice, nomination, full_name="Trần Minh Tâm", contact="minhtam.tran@example.com",
        address="xã Vĩnh Lợi, tỉnh Cà Mau",
        body="Đề nghị cho biết tuyến đường nội đồng phía sau trường tiểu học đã được tính vào tiêu chí giao "
             "thông của xã chưa.")
