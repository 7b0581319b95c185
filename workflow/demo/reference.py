"""The demo's reference data, as an administrator would enter it: the units of tỉnh Bạc Liêu with their
2025 history (districts, communes and Bạc Liêu itself end on 30/06/2025; tỉnh Cà Mau and its new communes
take over on 01/07/2025), the issuing authorities with their dates, successors and signers, the award-type
catalogue of each era with its dated legal basis, the new-rural campaign 2021–2025 (Bạc Liêu's, ended) with
the seed's targets, the current Cà Mau campaign, the base salary table and the calendar's make-up working day.

Plain model rows (the catalogue has no audited service); no Flask here.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy.orm import Session

from ..models import (Authority, AwardCategory, AwardType, BaseSalary, CalendarDay, CalendarDayKind, Campaign,
                      Comparator, Indicator, LegalBasis, Signer, Target, Unit, UnitKind, UnitParent)
from ..rules.prerequisites import parse_requirements, requirements_to_json
from ..rules.tally import BallotKind, Denominator

PROVINCE_ENDS = date(2025, 6, 30)  # the 2025 reorganisation: districts abolished, Bạc Liêu merged into Cà Mau
MERGED_FROM = date(2025, 7, 1)
PROVINCE_AUTHORITY = "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu"
CA_MAU_AUTHORITY = "Chủ tịch Ủy ban nhân dân tỉnh Cà Mau"
SINCE_THE_RECORDS = date(1900, 1, 1)

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
# The communes of tỉnh Cà Mau from 01/07/2025 that took over the demo's communes (code, name, old suffixes).
# The arrangement is Nghị quyết số 1655/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội (verified:
# number, date and title). Which old communes each new commune was formed from could NOT be verified here:
# the names below are plausible (each new commune named after one of the old communes or districts of the
# former Bạc Liêu area), not quoted from the resolution's article list.
NEW_COMMUNES = [
    ("CM.VL", "Xã Vĩnh Lợi", ["VHA", "VH"]), ("CM.CT", "Xã Châu Thới", ["CT"]), ("CM.HH", "Xã Hưng Hội", ["HT"]),
    ("CM.NQ", "Xã Ninh Quới", ["NQA"]), ("CM.HD", "Xã Hồng Dân", ["LN"]), ("CM.PL", "Xã Phước Long", ["VPD"]),
    ("CM.LD", "Xã Long Điền", ["LD"]), ("CM.VHau", "Xã Vĩnh Hậu", ["VHau"]), ("CM.PT", "Xã Phong Thạnh", ["PTD"]),
    ("CM.HTh", "Phường Hiệp Thành", ["HTh"]),
]
# Head counts (Unit.headcount: residents of a territorial unit, staff of an agency or school), so that the
# per-head red flag (nominations per 1,000 head against the other units of the same kind) can speak in the demo.
# Round, illustrative figures: NOT statistics read from a census or a staffing decision.
HEADCOUNTS = {
    "CM": 2_600_000, "BL": 1_000_000,
    "BL.TPBL": 160_000, "BL.PL": 120_000, "BL.GR": 140_000, "BL.DH": 150_000, "BL.VL": 100_000, "BL.HB": 110_000,
    "BL.HD": 110_000,
    "BL.VL.VHA": 12_000, "BL.VL.VH": 11_000, "BL.VL.CT": 14_000, "BL.VL.HT": 13_000, "BL.HD.NQA": 15_000,
    "BL.HD.LN": 12_000, "BL.PL.VPD": 16_000, "BL.DH.LD": 18_000, "BL.HB.VHau": 13_000, "BL.GR.PTD": 17_000,
    "BL.TPBL.HTh": 20_000,
    "CM.VL": 30_000, "CM.CT": 14_000, "CM.HH": 13_000, "CM.NQ": 15_000, "CM.HD": 12_000, "CM.PL": 16_000,
    "CM.LD": 18_000, "CM.VHau": 13_000, "CM.PT": 17_000, "CM.HTh": 25_000,
    "CM.SNV": 80, "BL.SNV": 60, "BL.THPT": 95,
}
# The seed's targets (Kế hoạch 2021–2025): communes at the advanced and at the model new-rural level.
ADVANCED_TARGETS = {"BL": 42, "BL.TPBL": 3, "BL.PL": 7, "BL.GR": 7, "BL.DH": 5, "BL.VL": 6, "BL.HB": 7, "BL.HD": 7}
MODEL_TARGETS = {"BL": 15, "BL.PL": 7, "BL.TPBL": 3}  # every other district: at least 1

LEGAL_BASIS = "\n".join([
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;",
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
    ("Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết thi hành "
     "một số điều của Luật Thi đua, khen thưởng;"),
])
LEGAL_BASIS_SOURCE = "Căn cứ in trên các quyết định của Chủ tịch UBND tỉnh Bạc Liêu đến 30/06/2025"
# From 01/07/2025: the 2025 Law on Local Government (cited by number, as Nghị quyết 1655/NQ-UBTVQH15 cites it)
# and Decree 152/2025/NĐ-CP, which replaced Decree 98/2023/NĐ-CP; its title as published (the date of signing is
# left out because it could not be verified here: the administrator adds it on the legal-basis screen).
NEW_LEGAL_BASIS = "\n".join([
    "Căn cứ Luật Tổ chức chính quyền địa phương số 72/2025/QH15;",
    "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022;",
    ("Căn cứ Nghị định số 152/2025/NĐ-CP của Chính phủ quy định về phân cấp, phân quyền trong lĩnh vực thi đua, "
     "khen thưởng; quy định chi tiết và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng;"),
])
NEW_LEGAL_BASIS_SOURCE = ("Luật số 72/2025/QH15 (trích dẫn theo Nghị quyết 1655/NQ-UBTVQH15); Nghị định "
                          "152/2025/NĐ-CP thay thế Nghị định 98/2023/NĐ-CP từ 01/07/2025. Cần bổ sung ngày ban hành.")

CAMPAIGN_DESCRIPTION = (
    "Phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” là phong trào trọng tâm, nòng cốt trong các "
    "phong trào thi đua yêu nước của tỉnh Bạc Liêu. Đến năm 2025, toàn tỉnh hoàn thành nhiệm vụ xây dựng nông "
    "thôn mới, trong đó huyện Phước Long đạt chuẩn nông thôn mới nâng cao; phấn đấu có 42 xã đạt chuẩn nông thôn "
    "mới nâng cao và 15/49 xã đạt chuẩn nông thôn mới kiểu mẫu. Việc công nhận, biểu dương, khen thưởng phải "
    "thực chất, công khai, minh bạch; tuyệt đối tránh chạy theo thành tích.")


CURRENT_DESCRIPTION = (
    "Từ ngày 01/7/2025, tỉnh Bạc Liêu và tỉnh Cà Mau hợp nhất thành tỉnh Cà Mau; chính quyền địa phương tổ chức "
    "hai cấp (tỉnh, xã). Ủy ban nhân dân tỉnh Cà Mau xét khen thưởng tổng kết phong trào thi đua “Cả nước chung "
    "sức xây dựng nông thôn mới” giai đoạn 2021–2025 cho các tập thể, cá nhân trên địa bàn tỉnh, kể cả thành tích "
    "đạt được trên địa bàn tỉnh Bạc Liêu trước khi hợp nhất.")


@dataclass
class Reference:
    """What the stories need to find again: units by code, authorities, signers, award types, campaign."""

    units: dict[str, Unit]
    province_authority: Authority   # Bạc Liêu's, until 30/06/2025
    district_authority: Authority
    chairman: Signer      # Phạm Văn Thiều, the one real person named in the seed
    vice_chair: Signer
    award_types: dict[str, AwardType]   # Bạc Liêu's catalogue; "cm.<key>" the Cà Mau one from 01/07/2025
    campaign: Campaign                  # the 2021–2025 movement, Bạc Liêu's
    ca_mau_authority: Authority
    current_campaign: Campaign          # the current round, Cà Mau's

    def unit(self, code: str) -> Unit:
        return self.units[code]

    def campaign_of(self, award_type: AwardType) -> Campaign:
        return self.current_campaign if award_type.authority is self.ca_mau_authority else self.campaign


def create(session: Session, *, today: date) -> Reference:
    units = _units(session)
    province_authority, district_authority, chairman, vice_chair, ca_mau = _authorities(session, units)
    award_types = _award_types(session, province_authority, district_authority)
    _legal_bases(session, award_types)
    award_types |= _ca_mau_award_types(session, award_types, ca_mau)
    campaign = _campaign(session, province_authority, award_types, units)
    current = _current_campaign(session, ca_mau, award_types, today)
    _base_salary_and_calendar(session)
    return Reference(units=units, province_authority=province_authority, district_authority=district_authority,
                     chairman=chairman, vice_chair=vice_chair, award_types=award_types, campaign=campaign,
                     ca_mau_authority=ca_mau, current_campaign=current)


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
    units["CM.SNV"] = Unit(code="CM.SNV", name="Sở Nội vụ tỉnh Cà Mau", kind=UnitKind.DEPARTMENT, parent=ca_mau,
                           valid_from=MERGED_FROM)
    units["BL.SNV"] = Unit(code="BL.SNV", name="Sở Nội vụ tỉnh Bạc Liêu", kind=UnitKind.DEPARTMENT, parent=province,
                           valid_to=PROVINCE_ENDS, successor=units["CM.SNV"])
    for code, name, old_suffixes in NEW_COMMUNES:
        new = units[code] = Unit(code=code, name=name, kind=UnitKind.WARD if name.startswith("Phường")
                                 else UnitKind.COMMUNE, parent=ca_mau, valid_from=MERGED_FROM)
        for old in (units[c] for c in units if c.startswith("BL.") and c.split(".")[-1] in old_suffixes):
            old.valid_to, old.successor = PROVINCE_ENDS, new
    units["BL.THPT"] = _moved_school(province, ca_mau)
    for code, headcount in HEADCOUNTS.items():
        units[code].headcount = headcount
    session.add_all(units.values())
    session.flush()
    return units


def _moved_school(province: Unit, ca_mau: Unit) -> Unit:
    """A unit that lives on through the merger and changes parent on 01/07/2025: the dated parents."""
    school = Unit(code="BL.THPT", name="Trường Trung học phổ thông chuyên Bạc Liêu", kind=UnitKind.ORGANISATION,
                  parent=ca_mau)
    school.parent_periods = [UnitParent(parent=province, valid_from=SINCE_THE_RECORDS, valid_to=PROVINCE_ENDS),
                             UnitParent(parent=ca_mau, valid_from=MERGED_FROM)]
    return school


def _authorities(session: Session, units: dict[str, Unit]) -> tuple[Authority, Authority, Signer, Signer, Authority]:
    """Bạc Liêu's and Vĩnh Lợi's authorities end on 30/06/2025 (Cà Mau's takes over the province's); their
    signers sign until then. Cà Mau's signers are fictional names."""
    ca_mau = Authority(name=CA_MAU_AUTHORITY, issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
                       organ_name="ỦY BAN NHÂN DÂN TỈNH CÀ MAU", place_name="Cà Mau", decision_suffix="QĐ-UBND",
                       unit=units["CM"], valid_from=MERGED_FROM)
    province = Authority(name=PROVINCE_AUTHORITY,
                         issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU",
                         organ_name="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", place_name="Bạc Liêu",
                         decision_suffix="QĐ-UBND", unit=units["BL"], valid_to=PROVINCE_ENDS, successor=ca_mau)
    district = Authority(name="Chủ tịch Ủy ban nhân dân huyện Vĩnh Lợi",
                         issuer_title="CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĨNH LỢI",
                         organ_name="ỦY BAN NHÂN DÂN HUYỆN VĨNH LỢI", place_name="Vĩnh Lợi",
                         decision_suffix="QĐ-UBND", unit=units["BL.VL"], valid_to=PROVINCE_ENDS)
    until_merger = dict(valid_to=PROVINCE_ENDS)
    chairman = Signer(authority=province, full_name="Phạm Văn Thiều", signing_form="", title="CHỦ TỊCH",
                      **until_merger)
    vice_chair = Signer(authority=province, full_name="Trần Thanh Phong", signing_form="KT. CHỦ TỊCH",
                        title="PHÓ CHỦ TỊCH", **until_merger)
    district_chair = Signer(authority=district, full_name="Lê Văn Hiền", signing_form="", title="CHỦ TỊCH",
                            **until_merger)
    ca_mau_signers = [
        Signer(authority=ca_mau, full_name="Nguyễn Thành Nhân", signing_form="", title="CHỦ TỊCH",
               valid_from=MERGED_FROM),
        Signer(authority=ca_mau, full_name="Lâm Thị Diễm Trang", signing_form="KT. CHỦ TỊCH", title="PHÓ CHỦ TỊCH",
               valid_from=MERGED_FROM)]
    session.add_all([ca_mau, province, district, chairman, vice_chair, district_chair, *ca_mau_signers])
    session.flush()
    return province, district, chairman, vice_chair, ca_mau


def _award_types(session: Session, province: Authority, district: Authority) -> dict[str, AwardType]:
    """Coefficients as Decree 98/2023 sets them; council and disclosure rules as sensible defaults."""
    common = dict(authority=province, effective_from=date(2024, 1, 1), effective_to=PROVINCE_ENDS,
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
            threshold_pct=Decimal(90), ballot=BallotKind.SECRET, written_ballot_allowed=True,  # absent: in writing
            coefficient_individual=Decimal("3.0"), prerequisites=CHIEN_SI_PREREQUISITES, **common),
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
            certificate_layout="giay_khen", effective_from=date(2024, 1, 1), effective_to=PROVINCE_ENDS),
    } | _recognition_types(province)
    session.add_all(types.values())
    session.flush()
    return types


def _recognition_types(province: Authority) -> dict[str, AwardType]:
    """Công nhận xã đạt chuẩn nông thôn mới at each level (rules.new_rural): decided by the province's chairperson,
    on a self-assessment posted for 15 days and an appraisal with a field check; no prize money."""
    common = dict(authority=province, effective_from=date(2024, 1, 1), effective_to=PROVINCE_ENDS,
                  category=AwardCategory.FORM, certificate_title="BẰNG CÔNG NHẬN", individual_allowed=False,
                  collective_allowed=True, procedure_code="new_rural", field_check_required=True,
                  coefficient_individual=Decimal(0), coefficient_collective=Decimal(0), certificate_layout="bang_khen")
    return {key: AwardType(code=code, name=name, new_rural_level=level, **common) for key, code, name, level in (
        ("ntm", "CN-NTM", "Công nhận xã đạt chuẩn nông thôn mới", "standard"),
        ("ntm_nang_cao", "CN-NTM-NC", "Công nhận xã đạt chuẩn nông thôn mới nâng cao", "advanced"),
        ("ntm_kieu_mau", "CN-NTM-KM", "Công nhận xã đạt chuẩn nông thôn mới kiểu mẫu", "model"))}


# Chiến sĩ thi đua cấp tỉnh: three consecutive Chiến sĩ thi đua cơ sở titles and an initiative of provincial scope
# (docs/titles.md says what of the law was verified); rules.prerequisites' lines, as the administrator writes them
CHIEN_SI_PREREQUISITES = requirements_to_json(parse_requirements(
    "danh hiệu | Chiến sĩ thi đua cơ sở | 3\nsáng kiến | tỉnh"))
# Tập thể lao động xuất sắc (Cà Mau's, from 01/07/2025): the law's member criteria, as the administrator writes them
TAP_THE_LDXS_PREREQUISITES = requirements_to_json(parse_requirements(
    "thành viên | hoàn thành nhiệm vụ | 100%\nthành viên | Lao động tiên tiến | 70%\n"
    "thành viên | Chiến sĩ thi đua cơ sở | 1 người\nthành viên | bị kỷ luật từ hình thức cảnh cáo trở lên | không"))


def _legal_bases(session: Session, award_types: dict[str, AwardType]) -> None:
    """Bạc Liêu's catalogue cites the 2015 Law on Local Government and Decree 98/2023 until 30/06/2025."""
    session.add_all([LegalBasis(award_type=t, valid_from=SINCE_THE_RECORDS, valid_to=PROVINCE_ENDS, body=LEGAL_BASIS,
                                source=LEGAL_BASIS_SOURCE) for t in award_types.values()])
    session.flush()


# the catalogue's rule columns a successor type copies (everything but identity, issuer and dates)
_COPIED = ("certificate_title", "category", "individual_allowed", "collective_allowed", "household_allowed",
           "quorum_num", "quorum_den", "threshold_pct", "denominator", "ballot", "disclosure_required",
           "notice_working_days", "coefficient_individual", "coefficient_collective", "coefficient_household",
           "certificate_layout", "appraisal_checklist", "prerequisites", "written_ballot_allowed",
           "procedure_code", "new_rural_level", "field_check_required")


# Giấy tờ bắt buộc of Cà Mau's current catalogue (rules.dossier): every dossier carries the proposing unit's
# review minutes and the achievement report; Chiến sĩ thi đua cấp tỉnh also the initiative's recognised scope.
DOSSIER = ("Biên bản họp xét của đơn vị đề nghị", "Báo cáo thành tích")
REQUIRED_DOCUMENTS = {"chien_si_thi_dua": DOSSIER + ("Xác nhận phạm vi ảnh hưởng của sáng kiến",)}


def _ca_mau_award_types(session: Session, award_types: dict[str, AwardType], ca_mau: Authority
                        ) -> dict[str, AwardType]:
    """From 01/07/2025 each provincial award type has a Cà Mau successor with the same rules, the new legal basis
    (Decree 152/2025) and keys "cm.<key>"; the district's Giấy khen ends with the district, without successor."""
    types = {}
    for key, old in award_types.items():
        if old.authority.name != PROVINCE_AUTHORITY:
            continue
        new = AwardType(code=f"{old.code}-CM", name=old.name, authority=ca_mau, effective_from=MERGED_FROM,
                        required_documents=list(REQUIRED_DOCUMENTS.get(key, DOSSIER)),
                        **{column: getattr(old, column) for column in _COPIED})
        new.legal_bases = [LegalBasis(valid_from=MERGED_FROM, body=NEW_LEGAL_BASIS, source=NEW_LEGAL_BASIS_SOURCE)]
        old.successor = new
        types[f"cm.{key}"] = new
    types["cm.tap_the_ldxs"].prerequisites = TAP_THE_LDXS_PREREQUISITES
    # issue 17: the province's banner goes to a collective after its model was checked on the spot
    types["cm.co_thi_dua"].field_check_required = True
    session.add_all(types.values())
    session.flush()
    return types


def _current_campaign(session: Session, authority: Authority, award_types: dict[str, AwardType],
                      today: date) -> Campaign:
    """The round in progress: Cà Mau's summing-up of the 2021–2025 movement, open for nominations for six more
    weeks (every current action of the demo happens before its deadline)."""
    campaign = Campaign(
        name="Khen thưởng tổng kết phong trào thi đua “Cả nước chung sức xây dựng nông thôn mới” giai đoạn "
             "2021–2025 trên địa bàn tỉnh Cà Mau", description=CURRENT_DESCRIPTION, authority=authority,
        period_start=date(2021, 1, 1), period_end=date(2025, 12, 31), is_public=True,
        nomination_deadline=today + timedelta(days=42),
        award_types=[t for t in award_types.values() if t.authority is authority])
    session.add(campaign)
    session.flush()
    return campaign


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
        # announced, not yet set by a decree in force: warned of on the decision screens, not applied (issue 15)
        BaseSalary(valid_from=date(2026, 7, 1), amount=2_530_000, status="reported",
                   source="Cổng Thông tin điện tử Chính phủ (baochinhphu.vn), 09/03/2026: Phó Thủ tướng Phạm Thị "
                          "Thanh Trà cho biết lương cơ sở dự kiến tăng 8 %, từ 2.340.000 đồng lên 2.530.000 đồng/tháng "
                          "kể từ ngày 01/07/2026. Chưa có nghị định quy định: chờ xác nhận."),
        # worked to bridge 30/4–1/5/2025; the day off it pays for (Fri 02/05) is already in holidays.VN
        CalendarDay(day=date(2025, 4, 26), kind=CalendarDayKind.MAKEUP_WORKDAY,
                    note="Làm bù cho ngày nghỉ thứ Sáu 02/05/2025"),
    ])
    session.flush()
