"""Plain factory functions: a small world of units, an authority, award types, a campaign and one user
per role, and helpers that walk a nomination to any state through the real services."""
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import get_args
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workflow.models import (AttachmentKind, AuditEvent, Authority, AwardCategory, AwardType, BaseSalary, Campaign,
                             CouncilSession, LegalBasis, Nomination, PublicNotice, Signer, Unit, User)
from workflow.rules.nominees import NomineeKind
from workflow.rules.permissions import Grant, Role
from workflow.rules.states import State
from workflow.rules.tally import BallotKind, Choice, Denominator
from workflow.services import council, decisions, field_checks, nominations, notices, users
from workflow.services.blobs import FileStore
from workflow.services.nominations import NominationData, NomineeData

PASSWORD = "mat-khau-thu-nghiem"
# A real (if tiny) PDF: the upload check reads the magic bytes.
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TODAY = date(2025, 3, 3)  # a Monday, clear of holidays
# council sessions meet after the notice windows opened on TODAY (the window is measured to the meeting date)
MEETING_DAY = date(2025, 3, 31)


@dataclass
class World:
    province: Unit
    district_a: Unit
    district_b: Unit
    commune: Unit
    authority: Authority
    signer: Signer
    bang_khen: AwardType      # disclosure required, secret ballot, 70 % of all members
    chien_si: AwardType       # individuals only, 90 %
    giay_khen: AwardType      # no disclosure, open ballot, 70 % of those present
    campaign: Campaign
    officer_a: User
    officer_b: User
    secretariat: User
    members: list[User]       # seven council members; members[0] belongs to district_a
    chair: User
    admin: User


def make_world(session: Session) -> World:
    province = Unit(code="BL", name="Tỉnh Bạc Liêu", kind="province", valid_from=date(1997, 1, 1))
    district_a = Unit(code="VL", name="Huyện Vĩnh Lợi", kind="district", parent=province)
    district_b = Unit(code="HD", name="Huyện Hồng Dân", kind="district", parent=province)
    commune = Unit(code="VHA", name="Xã Vĩnh Hưng A", kind="commune", parent=district_a)
    authority = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu",
                          issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
                          organ_name="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", place_name="Bạc Liêu", unit=province)
    session.add_all([province, district_a, district_b, commune, authority])
    session.flush()
    signer = Signer(authority=authority, full_name="Phạm Văn Thiều", title="CHỦ TỊCH")
    common = dict(authority=authority, category=AwardCategory.FORM)
    bang_khen = AwardType(code="BK", name="Bằng khen của Chủ tịch UBND tỉnh", certificate_title="BẰNG KHEN",
                          household_allowed=True, coefficient_individual=Decimal("1.0"),
                          coefficient_collective=Decimal("2.0"), **common)
    chien_si = AwardType(code="CSTD", name="Chiến sĩ thi đua cấp tỉnh", certificate_title="CHIẾN SĨ THI ĐUA",
                         collective_allowed=False, threshold_pct=Decimal(90), coefficient_individual=Decimal("3.0"),
                         **common | {"category": AwardCategory.TITLE})
    giay_khen = AwardType(code="GK", name="Giấy khen", certificate_title="GIẤY KHEN", disclosure_required=False,
                          ballot=BallotKind.OPEN, denominator=Denominator.PRESENT, notice_working_days=5,
                          coefficient_individual=Decimal("0.3"), coefficient_collective=Decimal("0.6"),
                          certificate_layout="giay_khen", **common)
    campaign = Campaign(name="Cả nước chung sức xây dựng nông thôn mới", authority=authority,
                        period_start=date(2021, 1, 1), period_end=date(2025, 12, 31),
                        award_types=[bang_khen, chien_si, giay_khen])
    session.add_all([LegalBasis(award_type=t, body="Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;")
                     for t in (bang_khen, chien_si, giay_khen)])
    session.add_all([signer, bang_khen, chien_si, giay_khen, campaign,
                     BaseSalary(valid_from=date(2023, 7, 1), amount=1_800_000),
                     BaseSalary(valid_from=date(2024, 7, 1), amount=2_340_000)])
    session.flush()
    a = authority.id

    def user(name: str, unit: Unit | None, *grants: Grant) -> User:
        return users.create_user(session, username=name, full_name=name.title(), password=PASSWORD,
                                 unit_id=unit.id if unit else None, grants=grants)

    members = [user(f"hoidong{i}", district_a if i == 1 else province, Grant(Role.COUNCIL_MEMBER, authority_id=a))
               for i in range(1, 8)]
    return World(
        province=province, district_a=district_a, district_b=district_b, commune=commune, authority=authority,
        signer=signer, bang_khen=bang_khen, chien_si=chien_si, giay_khen=giay_khen, campaign=campaign,
        officer_a=user("donvi.a", district_a, Grant(Role.UNIT_OFFICER, unit_id=district_a.id)),
        officer_b=user("donvi.b", district_b, Grant(Role.UNIT_OFFICER, unit_id=district_b.id)),
        secretariat=user("thuky", province, Grant(Role.SECRETARIAT, authority_id=a)),
        members=members,
        chair=user("chutich", province, Grant(Role.AUTHORITY, authority_id=a)),
        admin=user("quantri", None, Grant(Role.ADMIN)))



def world_ids(world: World) -> dict[str, int | list[int]]:
    """The ids of a world's rows, field by field: enough to load the same world from a copy of its database."""
    return {f.name: [each.id for each in value] if isinstance(value := getattr(world, f.name), list) else value.id
            for f in fields(World)}


def load_world(session: Session, ids: dict[str, int | list[int]]) -> World:
    """The world whose rows (made by make_world, then copied) have these ids, loaded in this session."""
    def model(field) -> type:
        return (get_args(field.type) or (field.type,))[0]
    return World(**{f.name: [session.get(model(f), i) for i in ids[f.name]] if isinstance(ids[f.name], list)
                    else session.get(model(f), ids[f.name]) for f in fields(World)})

_serial = iter(range(1, 10_000_000))


def make_nomination(session: Session, world: World, store: FileStore, *, award_type: AwardType | None = None,
                    officer: User | None = None, kind: NomineeKind = NomineeKind.COLLECTIVE,
                    name: str | None = None, period_from: date = date(2024, 1, 1),
                    period_to: date = date(2024, 12, 31), with_report: bool = True, gender: str | None = None,
                    works_in_production: bool = False, position: str = "",
                    campaign: Campaign | None = None) -> Nomination:
    officer = officer or world.officer_a
    unit = session.get(Unit, officer.unit_id)
    n = next(_serial)
    data = NominationData(
        award_type=award_type or world.bang_khen,
        nominee=NomineeData(kind=kind, full_name=name or f"Tập thể số {n}", workplace=unit.name, gender=gender,
                            works_in_production=works_in_production, position=position),
        achievement_summary="Đã có thành tích xuất sắc trong xây dựng nông thôn mới nâng cao.",
        period_from=period_from, period_to=period_to, letter_no=f"{n}/TTr-NM", letter_date=date(2025, 2, 20))  # never an "N/TTr-UBND" a test edits to
    nomination = nominations.create(session, by=officer, campaign=campaign or world.campaign, proposing_unit=unit,
                                    data=data)
    if with_report:
        nominations.add_attachment(session, nomination, by=officer, store=store, filename="bao-cao.pdf", data=PDF,
                                   kind=AttachmentKind.ACHIEVEMENT_REPORT, is_public=True)
    return nomination


def submitted(session, world, store, **kw) -> Nomination:
    nomination = make_nomination(session, world, store, **kw)
    nominations.submit(session, nomination, by=kw.get("officer") or world.officer_a,
                       expected_version=nomination.version)
    return nomination


def in_appraisal(session, world, store, **kw) -> Nomination:
    nomination = submitted(session, world, store, **kw)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    return nomination


def in_notice(session, world, store, today: date = TODAY, **kw) -> tuple[Nomination, PublicNotice]:
    nomination = in_appraisal(session, world, store, **kw)
    notice = notices.open_notice(session, [nomination], by=world.secretariat, title="Lấy ý kiến nhân dân",
                                 expected_versions={nomination.id: nomination.version}, today=today)
    return nomination, notice


def new_session(session, world, *, present: int = 7) -> CouncilSession:
    meeting = council.create_session(session, by=world.secretariat, authority=world.authority,
                                     title="Phiên họp Hội đồng", meeting_date=MEETING_DAY)
    council.record_attendance(session, meeting, by=world.secretariat,
                              present_user_ids={m.id for m in world.members[:present]})
    return meeting


def in_council(session, world, store, **kw) -> tuple[Nomination, CouncilSession]:
    nomination, notice = in_notice(session, world, store, **kw)
    meeting = new_session(session, world)
    council.to_council(session, nomination, meeting, by=world.secretariat, expected_version=nomination.version,
                       today=notice.end_date + timedelta(days=1))
    return nomination, meeting


def endorsed(session, world, store, **kw) -> Nomination:
    nomination, meeting = in_council(session, world, store, **kw)
    item = meeting.items[-1]
    for member in world.members:
        if council.recusal_reason(item, member) is None:
            council.cast_vote(session, item, by=member, choice=Choice.AGREE)
    council.close_session(session, meeting, by=world.secretariat)
    assert nomination.state == State.ENDORSED
    return nomination


def awarded(session, world, store, decision_date: date = TODAY, **kw) -> Nomination:
    nomination = endorsed(session, world, store, **kw)
    decisions.decide(session, [nomination], by=world.chair, signer=world.signer, decision_date=decision_date,
                     expected_versions={nomination.id: nomination.version})
    return nomination


def field_check(session, world, store, nomination: Nomination, *, conclusion: str = "passed",
                checked_on: date | None = None, with_minutes: bool = True):
    """A field check recorded by the secretariat (issue 17), dated today unless told, with its minutes (PDF)."""
    from workflow.services import clock
    data = field_checks.FieldCheckData(
        checked_on=checked_on or clock.today(), place="Ấp Xóm Lớn, xã Vĩnh Hưng A",
        inspectors="Lê Văn Tâm – Ban Thi đua – Khen thưởng tỉnh\nTrần Thị Mai – Phòng Nội vụ huyện Vĩnh Lợi",
        findings="Mô hình sản xuất lúa – tôm hoạt động đúng như báo cáo thành tích.", conclusion=conclusion)
    files = [field_checks.Upload("bien-ban-tham-tra.pdf", PDF)] if with_minutes else []
    return field_checks.record(session, nomination, by=world.secretariat, data=data, store=store, files=files)


def audit_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEvent))


def new_rural_type(session: Session, world: World, *, code: str = "NTMNC",
                   name: str = "Xã đạt chuẩn nông thôn mới nâng cao", level: str | None = None) -> AwardType:
    """A new-rural recognition award type (issue 17) decided by the province's chairperson: collectives only, a
    field check required. The level follows the code unless told (NTMNC: advanced, otherwise the standard)."""
    from workflow.rules import new_rural
    award_type = session.scalar(select(AwardType).where(AwardType.code == code))
    if award_type is None:
        level = level or (new_rural.Level.ADVANCED if code == "NTMNC" else new_rural.Level.STANDARD)
        award_type = AwardType(code=code, name=name, certificate_title="BẰNG CÔNG NHẬN", category=AwardCategory.FORM,
                               authority=world.authority, individual_allowed=False, disclosure_required=False,
                               procedure_code="new_rural", new_rural_level=level, field_check_required=True)
        session.add_all([award_type, LegalBasis(award_type=award_type, body="Căn cứ Quyết định số 18/2022/QĐ-TTg;")])
        world.campaign.award_types.append(award_type)
        session.flush()
    return award_type


def recognised_commune(session: Session, world: World, *, commune: Unit | None = None,
                       award_type: AwardType | None = None, decision_date: date = TODAY,
                       period_from: date = date(2024, 1, 1), period_to: date = date(2024, 12, 31)) -> Nomination:
    """A commune recognised as meeting the new-rural standard (state AWARDED: «Đã công nhận») by a decision
    of the province's chairperson dated `decision_date`, walked through the recognition's own services: the
    self-assessment with its evidence, 15 days' posting, the survey, submission, acceptance, a passed field check,
    the appraisal's conclusion and the decision. A level that needs a lower one first (nâng cao after đạt chuẩn)
    gets it recognised 60 days earlier."""
    from flask import current_app

    from workflow.files import file_store
    from workflow.rules import new_rural
    from workflow.services import recognition
    from workflow.services.recognition import Row, SurveyData
    commune = commune or world.commune
    award_type = award_type or new_rural_type(session, world)
    level = new_rural.Level(award_type.new_rural_level)
    below = new_rural.PREREQUISITE_LEVEL.get(level)
    if below is not None and below not in recognition.recognised_levels(session, commune.id):
        lower = new_rural_type(session, world, code=f"NTM-{below.upper()}",
                               name=f"Xã {new_rural.LEVEL_LABELS[below]}", level=below)
        recognised_commune(session, world, commune=commune, award_type=lower,
                           decision_date=decision_date - timedelta(days=60), period_from=period_from,
                           period_to=period_to)
    officer = commune_officer(session, world, commune)
    store = file_store(current_app)
    opened = datetime.combine(decision_date - timedelta(days=30), time(9))
    after_posting = opened + timedelta(days=17)
    data = NominationData(
        award_type=award_type,
        nominee=NomineeData(kind=NomineeKind.COLLECTIVE, full_name=commune.name, workplace=commune.name,
                            unit_id=commune.id),
        achievement_summary="Kết quả xây dựng nông thôn mới: đạt đủ các tiêu chí.", period_from=period_from,
        period_to=period_to, letter_no=f"{next(_serial)}/TTr-UBND", letter_date=opened.date())
    nomination = nominations.create(session, by=officer, campaign=world.campaign, proposing_unit=commune, data=data,
                                    now=opened)
    evidence = nominations.add_attachment(session, nomination, by=officer, store=store, filename="bieu-chi-tiet.pdf",
                                          data=PDF, kind=AttachmentKind.ACHIEVEMENT_REPORT, now=opened)
    items = new_rural.items_of(recognition.criteria_set_of(session, nomination))
    recognition.record_self_assessment(session, nomination, by=officer, now=opened, rows=[
        Row(item.code, True, "Đạt theo biểu chi tiết", evidence.id) for item in items])
    recognition.post_self_assessment(session, nomination, by=officer, expected_version=nomination.version,
                                     today=opened.date(), now=opened)
    recognition.record_survey(session, nomination, by=officer, now=opened, data=SurveyData(
        surveyed=1000, satisfied=960, held_from=opened.date() + timedelta(days=2),
        held_to=opened.date() + timedelta(days=9), method="Phiếu hỏi hộ gia đình qua Ban công tác Mặt trận ấp"))
    nominations.submit(session, nomination, by=officer, expected_version=nomination.version, now=after_posting)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version,
                       now=after_posting)
    field_check(session, world, store, nomination, checked_on=after_posting.date() + timedelta(days=1))
    recognition.conclude_appraisal(session, nomination, by=world.secretariat, expected_version=nomination.version,
                                   outcome=State.ENDORSED)
    decisions.decide(session, [nomination], by=world.chair, signer=world.signer, decision_date=decision_date,
                     expected_versions={nomination.id: nomination.version})
    assert nomination.state == State.AWARDED
    return nomination


def commune_officer(session: Session, world: World, commune: Unit | None = None) -> User:
    commune = commune or world.commune
    name = f"xa.{commune.code.lower()}"
    found = session.scalar(select(User).where(User.username == name))
    return found or users.create_user(session, username=name, full_name=f"Cán bộ {commune.name}", password=PASSWORD,
                                      unit_id=commune.id, grants=[Grant(Role.UNIT_OFFICER, unit_id=commune.id)])




def issuer_key(p12_path):
    """The issuer's Ed25519 key that `generate_dev_keys` wrote beside the PDF signing key (issue 19)."""
    from certificates.public_keys import ISSUER, signing_key
    return signing_key({"SIGNING_P12_PATH": str(p12_path)}, ISSUER)
