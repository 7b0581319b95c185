"""The demo's reference data, as an administrator would enter it: the units of tỉnh Bạc Liêu with their
2025 history, the two issuing authorities and their signers, the award-type catalogue, the new-rural
campaign with the seed's targets, the base salary table and the calendar's make-up working day.

Plain model rows (the catalogue has no audited service); no Flask here.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from ..models import (Authority, AwardCategory, AwardType, BaseSalary, CalendarDay, CalendarDayKind, Campaign,
                      Comparator, Indicator, Signer, Target, Unit, UnitKind)
from ..rules.tally import BallotKind, Denominator

PROVINCE_ENDS = date(2025, 6, 30)  # the 2025 reorganisation: districts abolished, Bạc Liêu merged into Cà Mau
MERGED_FROM = date(2025, 7, 1)
PROVINCE_AUTHORITY = "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu"

# code, name, kind: the seven district-level units, in the seed's order
DISTRICTS = [
    ("BL.TPBL", "Thành phố Bạc Liêu", UnitKind.CITY),
    ("BL.PL", "Huyện Phước Long", UnitKind.DISTRICT),
    ("BL.GR", "Thị xã Giá Rai", UnitKind.TOWN),
    ("BL.DH", "Huyện Đông Hải", UnitKind.DISTRICT),
    ("BL.VL", "Huyện Vĩnh Lợi", UnitKind.DISTRICT),
    ("BL.HB", "Huyện Hòa Bình", UnitKind.DISTRICT),
    ("BL.HD", "Huyện Hồng Dân", UnitKind.DISTRICT),
]
# commune code suffix, name, district code. Communes stay open-ended: the demo invents no commune mergers.
COMMUNES = [
    ("VHA", "Xã Vĩnh Hưng A", "BL.VL"), ("VH", "Xã Vĩnh Hưng", "BL.VL"), ("CT", "Xã Châu Thới", "BL.VL"),
    ("HT", "Xã Hưng Thành", "BL.VL"), ("NQA", "Xã Ninh Quới A", "BL.HD"), ("LN", "Xã Lộc Ninh", "BL.HD"),
    ("VPD", "Xã Vĩnh Phú Đông", "BL.PL"), ("LD", "Xã Long Điền", "BL.DH"), ("VHau", "Xã Vĩnh Hậu", "BL.HB"),
    ("PTD", "Xã Phong Thạnh Đông", "BL.GR"), ("HTh", "Xã Hiệp Thành", "BL.TPBL"),
]
# The seed's targets (Kế hoạch 2021–2025): communes at the advanced and at the model new-rural level.
ADVANCED_TARGETS = {"BL": 42, "BL.TPBL": 3, "BL.PL": 7, "BL.GR": 7, "BL.DH": 5, "BL.VL": 6, "BL.HB": 7, "BL.HD": 7}
MODEL_TARGETS = {"BL": 15, "BL.PL": 7, "BL.TPBL": 3}  # every other district: at least 1

LEGAL_BASIS = "\n".join([
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    ("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
     "một số điều của Luật Thi đua, khen thưởng;"),
])

CAMPAIGN_DESCRIPTION = (
    "Phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” là phong trào trọng tâm, nòng cốt trong các "
    "phong trào thi đua yêu nước của tỉnh Bạc Liêu. Đến năm 2025, toàn tỉnh hoàn thành nhiệm vụ xây dựng nông "
    "thôn mới, trong đó huyện Phước Long đạt chuẩn nông thôn mới nâng cao; phấn đấu có 42 xã đạt chuẩn nông thôn "
    "mới nâng cao và 15/49 xã đạt chuẩn nông thôn mới kiểu mẫu. Việc công nhận, biểu dương, khen thưởng phải "
    "thực chất, công khai, minh bạch; tuyệt đối tránh chạy theo thành tích.")


@dataclass
class Reference:
    """What the stories need to find again: units by code, authorities, signers, award types, campaign."""

    units: dict[str, Unit]
    province_authority: Authority
    district_authority: Authority
    chairman: Signer      # Phạm Văn Thiều, the one real person named in the seed
    vice_chair: Signer
    award_types: dict[str, AwardType]
    campaign: Campaign

    def unit(self, code: str) -> Unit:
        return self.units[code]


def create(session: Session) -> Reference:
    units = _units(session)
    province_authority, district_authority, chairman, vice_chair = _authorities(session, units)
    award_types = _award_types(session, province_authority, district_authority)
    campaign = _campaign(session, province_authority, award_types, units)
    _base_salary_and_calendar(session)
    return Reference(units=units, province_authority=province_authority, district_authority=district_authority,
                     chairman=chairman, vice_chair=vice_chair, award_types=award_types, campaign=campaign)


def _units(session: Session) -> dict[str, Unit]:
    """Founding dates are not part of the demo: the default valid_from reads "in force before the records"."""
    ca_mau = Unit(code="CM", name="Tỉnh Cà Mau", kind=UnitKind.PROVINCE, valid_from=MERGED_FROM)
    province = Unit(code="BL", name="Tỉnh Bạc Liêu", kind=UnitKind.PROVINCE, valid_to=PROVINCE_ENDS, successor=ca_mau)
    units = {"CM": ca_mau, "BL": province}
    for code, name, kind in DISTRICTS:
        units[code] = Unit(code=code, name=name, kind=kind, parent=province, valid_to=PROVINCE_ENDS, successor=ca_mau)
    for suffix, name, district in COMMUNES:
        units[f"{district}.{suffix}"] = Unit(code=f"{district}.{suffix}", name=name, kind=UnitKind.COMMUNE,
                                             parent=units[district])
    units["BL.SNV"] = Unit(code="BL.SNV", name="Sở Nội vụ tỉnh Bạc Liêu", kind=UnitKind.DEPARTMENT, parent=province)
    session.add_all(units.values())
    session.flush()
    return units


def _authorities(session: Session, units: dict[str, Unit]) -> tuple[Authority, Authority, Signer, Signer]:
    province = Authority(name=PROVINCE_AUTHORITY,
                         issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
                         organ_name="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", place_name="Bạc Liêu",
                         decision_suffix="QĐ-UBND", unit=units["BL"])
    district = Authority(name="Chủ tịch Ủy ban nhân dân huyện Vĩnh Lợi",
                         issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĨNH LỢI",
                         organ_name="ỦY BAN NHÂN DÂN HUYỆN VĨNH LỢI", place_name="Vĩnh Lợi",
                         decision_suffix="QĐ-UBND", unit=units["BL.VL"])
    chairman = Signer(authority=province, full_name="Phạm Văn Thiều", signing_form="", title="CHỦ TỊCH")
    vice_chair = Signer(authority=province, full_name="Trần Thanh Phong", signing_form="KT. CHỦ TỊCH",
                        title="PHÓ CHỦ TỊCH")
    district_chair = Signer(authority=district, full_name="Lê Văn Hiền", signing_form="", title="CHỦ TỊCH")
    session.add_all([province, district, chairman, vice_chair, district_chair])
    session.flush()
    return province, district, chairman, vice_chair


def _award_types(session: Session, province: Authority, district: Authority) -> dict[str, AwardType]:
    """Coefficients as Decree 98/2023 sets them; council and disclosure rules as sensible defaults."""
    common = dict(authority=province, legal_basis=LEGAL_BASIS, effective_from=date(2024, 1, 1),
                  quorum_num=2, quorum_den=3, disclosure_required=True, notice_working_days=10,
                  certificate_layout="bang_khen")
    types = {
        "bang_khen": AwardType(
            code="BK-CT-UBND-TINH", name="Bằng khen của Chủ tịch UBND tỉnh", certificate_title="BẰNG KHEN",
            category=AwardCategory.FORM, individual_allowed=True, collective_allowed=True, household_allowed=True,
            threshold_pct=Decimal(70), denominator=Denominator.ALL, ballot=BallotKind.SECRET,
            coefficient_individual=Decimal("1.0"), coefficient_collective=Decimal("2.0"), **common),
        "tap_the_ldxs": AwardType(
            code="TTLDXS-TINH", name="Tập thể lao động xuất sắc", certificate_title="TẬP THỂ LAO ĐỘNG XUẤT SẮC",
            category=AwardCategory.TITLE, individual_allowed=False, collective_allowed=True,
            coefficient_collective=Decimal("1.5"), **common),
        "chien_si_thi_dua": AwardType(
            code="CSTD-TINH", name="Chiến sĩ thi đua cấp tỉnh", certificate_title="CHIẾN SĨ THI ĐUA CẤP TỈNH",
            category=AwardCategory.TITLE, individual_allowed=True, collective_allowed=False,
            threshold_pct=Decimal(90), ballot=BallotKind.SECRET, coefficient_individual=Decimal("3.0"), **common),
        "co_thi_dua": AwardType(
            code="CTD-UBND-TINH", name="Cờ thi đua của UBND tỉnh", certificate_title="CỜ THI ĐUA",
            category=AwardCategory.TITLE, individual_allowed=False, collective_allowed=True,
            coefficient_collective=Decimal("8.0"), **common),
        "giay_khen": AwardType(
            code="GK-CT-UBND-HUYEN-VL", name="Giấy khen của Chủ tịch UBND huyện Vĩnh Lợi",
            certificate_title="GIẤY KHEN", category=AwardCategory.FORM, authority=district,
            individual_allowed=True, collective_allowed=True, household_allowed=True,
            threshold_pct=Decimal(70), denominator=Denominator.PRESENT, ballot=BallotKind.OPEN,
            disclosure_required=False, notice_working_days=5,  # when the secretariat chooses to disclose anyway
            coefficient_individual=Decimal("0.3"), coefficient_collective=Decimal("0.6"),
            certificate_layout="giay_khen", legal_basis=LEGAL_BASIS, effective_from=date(2024, 1, 1)),
    }
    session.add_all(types.values())
    session.flush()
    return types


def _campaign(session: Session, authority: Authority, award_types: dict[str, AwardType],
              units: dict[str, Unit]) -> Campaign:
    campaign = Campaign(
        name="Cả nước chung sức xây dựng nông thôn mới giai đoạn 2021–2025", description=CAMPAIGN_DESCRIPTION,
        authority=authority, period_start=date(2021, 1, 1), period_end=date(2025, 12, 31),
        nomination_deadline=date(2025, 10, 31), is_public=True,
        award_types=[t for t in award_types.values() if t.authority is authority])
    advanced = Indicator(campaign=campaign, code="XA_NTM_NANG_CAO", name="Xã đạt chuẩn nông thôn mới nâng cao")
    model = Indicator(campaign=campaign, code="XA_NTM_KIEU_MAU", name="Xã đạt chuẩn nông thôn mới kiểu mẫu")
    for code, value in ADVANCED_TARGETS.items():
        advanced.targets.append(Target(unit=units[code], value=value, comparator=Comparator.EXACTLY))
    for code in ["BL"] + [district for district, _, _ in DISTRICTS]:
        value = MODEL_TARGETS.get(code, 1)
        comparator = Comparator.EXACTLY if code in MODEL_TARGETS else Comparator.AT_LEAST
        model.targets.append(Target(unit=units[code], value=value, comparator=comparator))
    session.add_all([campaign, advanced, model])
    session.flush()
    return campaign


def _base_salary_and_calendar(session: Session) -> None:
    session.add_all([
        BaseSalary(valid_from=date(2019, 7, 1), amount=1_490_000, legal_basis="Nghị định số 38/2019/NĐ-CP"),
        BaseSalary(valid_from=date(2023, 7, 1), amount=1_800_000, legal_basis="Nghị định số 24/2023/NĐ-CP"),
        BaseSalary(valid_from=date(2024, 7, 1), amount=2_340_000, legal_basis="Nghị định số 73/2024/NĐ-CP"),
        # worked to bridge 30/4–1/5/2025; the day off it pays for (Fri 02/05) is already in holidays.VN
        CalendarDay(day=date(2025, 4, 26), kind=CalendarDayKind.MAKEUP_WORKDAY,
                    note="Làm bù cho ngày nghỉ thứ Sáu 02/05/2025"),
    ])
    session.flush()
