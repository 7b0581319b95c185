"""The award-type catalogue: each type's rules are data (council quorum and threshold, disclosure, prize
coefficients, certificate, legal basis, appraisal checklist, title prerequisites, required documents, effective
dates). Everything the database's CHECK constraints refuse is refused here first, with a sentence beside the field.
Never imports flask."""
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from ...models import AwardCategory, AwardType, User
from ...models.units import Authority
from ...rules.dossier import parse_documents
from ...rules.prerequisites import format_requirements, parse_requirements, requirements_to_json
from ...rules.states import ProcedureCode
from ...rules.processing import DEFAULT_PROCESSING_DAYS, MAX_PROCESSING_DAYS
from ...rules.tally import BallotKind, Denominator
from .dating import no_cycle
from .common import assign, created, invalid, record, require_admin, taken, text, values_of

# The layouts the certificates package draws (certificates.data.LAYOUTS; importing it would load WeasyPrint).
CERTIFICATE_LAYOUTS = ("bang_khen", "giay_khen")
MAX_COEFFICIENT = Decimal("9999.99")  # Numeric(6, 2)
MAX_NOTICE_DAYS = 60
MAX_QUORUM_TERM = 1000  # a fraction like 2/3 or 3/4; also keeps the value inside the database's integer


@dataclass
class AwardTypeData:
    code: str
    name: str
    certificate_title: str
    category: str
    authority: Authority | None
    individual_allowed: bool = True
    collective_allowed: bool = True
    household_allowed: bool = False
    quorum_num: int = 2
    quorum_den: int = 3
    threshold_pct: Decimal = Decimal(70)
    denominator: str = Denominator.ALL
    ballot: str = BallotKind.SECRET
    written_ballot_allowed: bool = False
    disclosure_required: bool = True
    exclusive_achievement: bool = False   # one achievement, one form: refuse instead of flag (issue 17)
    notice_working_days: int = 10
    processing_working_days: int = DEFAULT_PROCESSING_DAYS
    coefficient_individual: Decimal = Decimal(0)
    coefficient_collective: Decimal = Decimal(0)
    coefficient_household: Decimal | None = None
    certificate_layout: str = "bang_khen"
    appraisal_checklist: str = ""
    prerequisite_lines: str = ""   # rules.prerequisites' lines, one requirement a line; stored as JSON
    document_lines: str = ""       # rules.dossier: the required documents, one a line; stored as a JSON list
    field_check_required: bool = False   # issue 17: a field check concluded «đạt» before the council
    effective_from: date = date(2024, 1, 1)
    effective_to: date | None = None
    successor: AwardType | None = None   # who takes over once it ends (named in refusals)
    # issue 17: a nomination must cite a recognition in force of this new-rural award type (verified result)
    requires_recognition_type: AwardType | None = None


def create_award_type(session: Session, data: AwardTypeData, *, by: User) -> AwardType:
    require_admin(by)
    values = _validated(session, data, None)
    award_type = AwardType(**values)
    session.add(award_type)
    session.flush()
    record(session, by=by, object_type="award_type", object_id=award_type.id, changes=created(values))
    return award_type


def update_award_type(session: Session, award_type: AwardType, data: AwardTypeData, *, by: User) -> dict:
    """New rules apply to what happens from now on (a tally already taken keeps its result)."""
    require_admin(by)
    values = _validated(session, data, award_type)
    requirements = values.pop("prerequisites")
    changes = assign(award_type, values)
    if requirements != award_type.prerequisites:  # the audit shows the lines as the administrator wrote them
        changes["prerequisites"] = {"old": format_requirements(award_type.requirements()),
                                    "new": data.prerequisite_lines.strip()}
        award_type.prerequisites = requirements
    if changes:
        session.flush()
        record(session, by=by, object_type="award_type", object_id=award_type.id, changes=changes)
    return changes


def _validated(session: Session, data: AwardTypeData, current: AwardType | None) -> dict:
    data = replace(data, **{name: _decimal(getattr(data, name)) for name in DECIMALS})
    values = values_of(data)
    values["code"] = text(data.code, "code", "Cần nhập mã hình thức khen thưởng.", max_length=40)
    if taken(session, AwardType.code, values["code"], current):
        raise invalid(f"Mã «{values['code']}» đã được dùng cho hình thức khác.", "code")
    values["name"] = text(data.name, "name", "Cần nhập tên hình thức khen thưởng.", max_length=200)
    values["certificate_title"] = text(data.certificate_title, "certificate_title",
                                       "Cần nhập tiêu đề in trên bằng (ví dụ: BẰNG KHEN).", max_length=80)
    values["appraisal_checklist"] = (data.appraisal_checklist or "").strip()
    values["prerequisites"] = requirements_to_json(parse_requirements(values.pop("prerequisite_lines")))
    if values["prerequisites"] and data.category != AwardCategory.TITLE:
        raise invalid("Điều kiện xét chỉ đặt cho danh hiệu thi đua: chọn loại «Danh hiệu thi đua» hoặc để trống "
                      "điều kiện.", "prerequisite_lines")
    values["required_documents"] = parse_documents(values.pop("document_lines"))
    _check_choices(data)
    _check_council_rule(data)
    _check_disclosure(data)
    _check_processing(data)
    _check_coefficients(data)
    if data.effective_to is not None and data.effective_to < data.effective_from:
        raise invalid("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực.", "effective_to")
    if data.successor is not None:
        if data.effective_to is None:
            raise invalid("Chỉ chọn hình thức kế thừa khi hình thức có ngày hết hiệu lực.", "successor")
        no_cycle(current, data.successor, "Hình thức kế thừa không thể dẫn vòng về chính hình thức này.")
    _check_required_recognition(data, current)
    return values


DECIMALS = ("threshold_pct", "coefficient_individual", "coefficient_collective", "coefficient_household")


def _decimal(value) -> Decimal | None:
    """Ints and strings from callers become Decimals; via str, so 1.1 stays 1.1."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def _check_required_recognition(data: AwardTypeData, current: AwardType | None) -> None:
    required = data.requires_recognition_type
    if required is None:
        return
    if required.procedure_code != ProcedureCode.NEW_RURAL or (current is not None and required.id == current.id):
        raise invalid("Chỉ chọn được một hình thức công nhận xã đạt chuẩn nông thôn mới (kết quả đã được công nhận).",
                      "requires_recognition_type")


def _check_choices(data: AwardTypeData) -> None:
    if data.category not in set(AwardCategory):
        raise invalid("Loại khen thưởng không hợp lệ.", "category")
    if data.authority is None:
        raise invalid("Cần chọn cấp có thẩm quyền khen thưởng.", "authority")
    if not (data.individual_allowed or data.collective_allowed or data.household_allowed):
        raise invalid("Cần chọn ít nhất một đối tượng được khen: cá nhân, tập thể hoặc hộ gia đình.",
                      "individual_allowed")
    if data.denominator not in set(Denominator):
        raise invalid("Cách tính tỷ lệ không hợp lệ.", "denominator")
    if data.ballot not in set(BallotKind):
        raise invalid("Hình thức biểu quyết không hợp lệ.", "ballot")
    if data.certificate_layout not in CERTIFICATE_LAYOUTS:
        raise invalid("Mẫu bằng không hợp lệ.", "certificate_layout")


def _check_council_rule(data: AwardTypeData) -> None:
    if data.quorum_den is None or not 0 < data.quorum_den <= MAX_QUORUM_TERM:
        raise invalid(f"Mẫu số của tỷ lệ dự họp phải là số nguyên dương, tối đa {MAX_QUORUM_TERM}.", "quorum_den")
    if data.quorum_num is None or not 0 < data.quorum_num <= MAX_QUORUM_TERM:
        raise invalid(f"Tử số của tỷ lệ dự họp phải là số nguyên dương, tối đa {MAX_QUORUM_TERM}.", "quorum_num")
    if data.quorum_num > data.quorum_den:
        raise invalid("Tỷ lệ dự họp không thể vượt quá toàn bộ thành viên (tử số lớn hơn mẫu số).", "quorum_num")
    threshold = data.threshold_pct
    if threshold is None or not threshold.is_finite() or not Decimal(0) < threshold <= Decimal(100):
        raise invalid("Ngưỡng đồng ý phải lớn hơn 0 % và không quá 100 %.", "threshold_pct")
    if threshold != threshold.quantize(Decimal("0.01")):
        raise invalid("Ngưỡng đồng ý chỉ lấy tối đa hai chữ số thập phân.", "threshold_pct")


def _check_disclosure(data: AwardTypeData) -> None:
    days = data.notice_working_days
    if days is None or days < 0 or days > MAX_NOTICE_DAYS:
        raise invalid(f"Số ngày công khai phải từ 0 đến {MAX_NOTICE_DAYS} ngày làm việc.", "notice_working_days")
    if data.disclosure_required and days < 1:
        raise invalid("Khi bắt buộc công khai, thời gian công khai phải có ít nhất 1 ngày làm việc.",
                      "notice_working_days")


def _check_processing(data: AwardTypeData) -> None:
    days = data.processing_working_days
    if days is None or not 1 <= days <= MAX_PROCESSING_DAYS:
        raise invalid(f"Thời hạn giải quyết phải từ 1 đến {MAX_PROCESSING_DAYS} ngày làm việc.",
                      "processing_working_days")


def _check_coefficients(data: AwardTypeData) -> None:
    for name in ("coefficient_individual", "coefficient_collective", "coefficient_household"):
        value = getattr(data, name)
        if value is None and name == "coefficient_household":
            continue
        if value is None or not value.is_finite() or value < 0 or value > MAX_COEFFICIENT:
            raise invalid("Hệ số phải là số từ 0 đến 9.999,99.", name)
        if value != value.quantize(Decimal("0.01")):
            raise invalid("Hệ số chỉ lấy tối đa hai chữ số thập phân.", name)
