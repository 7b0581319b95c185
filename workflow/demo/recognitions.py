"""The new-rural recognition (rules.new_rural) on the demo's timeline, through the services: xã Vĩnh Hưng A is
recognised «đạt chuẩn» on 06/06/2025 and «nâng cao» on 23/06/2025 by decisions of Chủ tịch UBND tỉnh Bạc Liêu;
after the 2025 merger, Cà Mau's xã Hưng Hội waits in appraisal with its field check, and xã Châu Thới posts its
self-assessment today. Each commune's officer acts for it (the procedure gives the commune its own notice)."""
from datetime import date, timedelta

from ..models import AttachmentKind, Nomination, Signer, User
from ..rules import new_rural
from ..rules.nominees import NomineeKind
from ..rules.permissions import Grant, Role
from ..rules.states import State
from ..services import clock, decisions, field_checks, nominations, recognition, users
from ..services.nominations import NominationData, NomineeData
from ..services.recognition import Row, SurveyData
from .kit import Kit, _pdf
from .reference import MERGED_FROM

INSPECTORS = "Trần Thị Ngọc Mai – Sở Nội vụ\nVõ Minh Luân – Văn phòng Điều phối nông thôn mới tỉnh"


def vinh_hung_a(kit: Kit, password: str) -> None:
    """Backdated between the spring round (ends 20/05/2025) and the June report (26/06/2025)."""
    officer = _officer(kit, "xa.vinhhunga", "Huỳnh Thị Kim Loan", "BL.VL.VHA", password)
    standard = _to_endorsed(kit, officer, "ntm", date(2025, 5, 21), period=(date(2024, 1, 1), date(2024, 12, 31)))
    _decide(kit, standard, kit.ref.chairman)
    advanced = _to_endorsed(kit, officer, "ntm_nang_cao", date(2025, 6, 6),
                            period=(date(2025, 1, 1), date(2025, 5, 31)))
    _decide(kit, advanced, kit.ref.chairman, on=date(2025, 6, 23))


def in_appraisal(kit: Kit, password: str) -> None:
    """Cà Mau's xã Hưng Hội, 10 weeks ago: posted, surveyed, sent, accepted, checked on the spot (đạt)."""
    officer = _officer(kit, "xa.hunghoi", "Đặng Văn Tuấn", "CM.HH", password)
    nomination = _posted(kit, officer, "cm.ntm", max(MERGED_FROM, clock.today() - timedelta(days=70)))
    _submitted_and_checked(kit, officer, nomination)


def posting_today(kit: Kit, password: str) -> None:
    """Live: Cà Mau's xã Châu Thới posts its self-assessment for comments today."""
    officer = _officer(kit, "xa.chauthoi", "Lê Thị Mỹ Duyên", "CM.CT", password)
    kit.t.live()
    _posted(kit, officer, "cm.ntm", None)


def _officer(kit: Kit, username: str, full_name: str, unit_code: str, password: str) -> User:
    unit = kit.ref.unit(unit_code)
    return users.create_user(kit.session, username=username, full_name=full_name, password=password,
                             unit_id=unit.id, grants=[Grant(Role.UNIT_OFFICER, unit_id=unit.id)])


def _posted(kit: Kit, officer: User, award: str, day: date | None,
            period: tuple[date, date] = (date(2025, 1, 1), date(2025, 12, 31))) -> Nomination:
    if day is not None:
        kit.t.on(day)
    award_type, unit = kit.ref.award_types[award], officer.unit
    level = new_rural.LEVEL_LABELS[new_rural.Level(award_type.new_rural_level)]
    data = NominationData(award_type=award_type, nominee=NomineeData(
        kind=NomineeKind.COLLECTIVE, full_name=unit.name, unit_id=unit.id),
        achievement_summary=f"Báo cáo kết quả xây dựng {unit.name} {level}.", period_from=period[0],
        period_to=period[1])
    nomination = nominations.create(kit.session, by=officer, campaign=kit.ref.campaign_of(award_type),
                                    proposing_unit=unit, data=data, now=kit.t.now())
    table = nominations.add_attachment(
        kit.session, nomination, by=officer, store=kit.store, filename="Biểu chi tiết kết quả thực hiện tiêu chí.pdf",
        data=_pdf(["BIEU CHI TIET KET QUA THUC HIEN TIEU CHI"]), kind=AttachmentKind.ACHIEVEMENT_REPORT,
        is_public=True, now=kit.t.now())
    items = new_rural.items_of(recognition.criteria_set_of(kit.session, nomination))
    recognition.record_self_assessment(kit.session, nomination, by=officer, now=kit.t.now(), rows=[
        Row(item.code, True, "Đạt theo biểu chi tiết kèm theo", table.id) for item in items])
    recognition.post_self_assessment(kit.session, nomination, by=officer, expected_version=nomination.version,
                                     today=kit.t.today, now=kit.t.now())
    held = kit.t.today
    recognition.record_survey(kit.session, nomination, by=officer, now=kit.t.now(), data=SurveyData(
        surveyed=1240, satisfied=1197, held_from=held, held_to=held + timedelta(days=7), file_id=table.id,
        method="Phiếu lấy ý kiến hộ gia đình do Ban công tác Mặt trận các ấp phát và thu lại."))
    return nomination


def _submitted_and_checked(kit: Kit, officer: User, nomination: Nomination) -> None:
    notice_end = recognition.dossier(kit.session, nomination).posting_ends_on
    kit.t.on(notice_end + timedelta(days=1))
    nominations.submit(kit.session, nomination, by=officer, expected_version=nomination.version, now=kit.t.now())
    nominations.accept(kit.session, nomination, by=kit.people.secretariat, expected_version=nomination.version,
                       now=kit.t.now())
    field_checks.record(kit.session, nomination, by=kit.people.secretariat, now=kit.t.now(), store=kit.store,
                        data=field_checks.FieldCheckData(
                            checked_on=kit.t.today, place=f"Trụ sở UBND {nomination.nominee.full_name} và các ấp",
                            inspectors=INSPECTORS, conclusion="passed",
                            findings="Các tiêu chí đạt như báo cáo tự đánh giá; không có nợ đọng xây dựng cơ bản."))


def _to_endorsed(kit: Kit, officer: User, award: str, day: date, *, period: tuple[date, date]) -> Nomination:
    nomination = _posted(kit, officer, award, day, period)
    _submitted_and_checked(kit, officer, nomination)
    recognition.conclude_appraisal(kit.session, nomination, by=kit.people.secretariat,
                                   expected_version=nomination.version, outcome=State.ENDORSED, now=kit.t.now())
    return nomination


def _decide(kit: Kit, nomination: Nomination, signer: Signer, on: date | None = None) -> None:
    if on is not None:
        kit.t.on(on)
    decisions.decide(kit.session, [nomination], by=kit.people.chair, signer=signer, decision_date=kit.t.today,
                     now=kit.t.now(), expected_versions={nomination.id: nomination.version},
                     proposal="Xét đề nghị của Hội đồng thẩm định xét, công nhận xã đạt chuẩn nông thôn mới tỉnh.")
