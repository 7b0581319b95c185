"""The recognition of a commune meeting the new-rural standard (xét, công nhận xã đạt chuẩn nông thôn mới) as
data: its levels, the criteria sets with their legal source and validity, the posting period, the residents'
satisfaction thresholds, the level a commune must already hold, and the checks a dossier must pass before it is
sent. Pure: imports neither Flask nor SQLAlchemy. The lifecycle itself is rules.states.NEW_RURAL.

Sources (docs/new-rural.md): QĐ 18/2022/QĐ-TTg (procedure, 2021-2025), QĐ 318/QĐ-TTg and 319/QĐ-TTg of
08/3/2022 (criteria 2021-2025), QĐ 51/2025/QĐ-TTg (criteria 2026-2030, in force 15/02/2026). Values marked
UNVERIFIED could not be read in the official text and are kept here, as data, to be corrected in one place.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .i18n import N_


class Level(StrEnum):
    STANDARD = "standard"   # xã đạt chuẩn nông thôn mới
    ADVANCED = "advanced"   # xã đạt chuẩn nông thôn mới nâng cao
    MODEL = "model"         # xã đạt chuẩn nông thôn mới kiểu mẫu


LEVEL_LABELS: dict[Level, str] = {
    Level.STANDARD: N_("đạt chuẩn nông thôn mới"),
    Level.ADVANCED: N_("đạt chuẩn nông thôn mới nâng cao"),
    Level.MODEL: N_("đạt chuẩn nông thôn mới kiểu mẫu"),
}

# The level a commune must already hold before it is recognised at this one (QĐ 319/QĐ-TTg Điều 1 for kiểu mẫu;
# QĐ 318/QĐ-TTg Phụ lục II for nâng cao).
PREREQUISITE_LEVEL: dict[Level, Level] = {Level.ADVANCED: Level.STANDARD, Level.MODEL: Level.ADVANCED}

# Tỷ lệ hài lòng của người dân, minimum per level, in per cent. UNVERIFIED: QĐ 18/2022 requires the rate
# "đáp ứng yêu cầu theo quy định" without a figure in the excerpts read; these are the values the project was given.
SATISFACTION_THRESHOLD: dict[Level, Decimal] = {
    Level.STANDARD: Decimal(90), Level.ADVANCED: Decimal(95), Level.MODEL: Decimal(95)}


class DayUnit(StrEnum):
    CALENDAR = "calendar"   # "ngày"
    WORKING = "working"     # "ngày làm việc"


@dataclass(frozen=True)
class Period:
    days: int
    unit: DayUnit
    source: str

    def end(self, start: date, add_working_days=None) -> date:
        """The last day of a period that opens on `start` (counted from the day after, inclusive of the last).
        Working days need the working calendar's `add_working_days(start, n)`."""
        if self.unit == DayUnit.CALENDAR:
            return start + timedelta(days=self.days)
        if add_working_days is None:
            raise ValueError("a period in working days needs the working calendar")
        return add_working_days(start, self.days)


# The commune posts its report "ít nhất 05 lần trong thời hạn 15 ngày" (QĐ 18/2022/QĐ-TTg Điều 5 khoản 1): days
# unqualified, so calendar days (working days are written "ngày làm việc").
POSTING_PERIOD = Period(15, DayUnit.CALENDAR, "Điều 5 khoản 1 Quyết định số 18/2022/QĐ-TTg")
POSTING_MIN_ANNOUNCEMENTS = 5


@dataclass(frozen=True)
class Criterion:
    code: str
    number: int | None   # its number in the set; None for a condition of recognition
    name: str


@dataclass(frozen=True)
class CriteriaSet:
    code: str
    source: str
    valid_from: date
    valid_to: date | None
    levels: frozenset[Level]
    criteria: tuple[Criterion, ...]

    def is_in_force_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def _numbered(prefix: str, names: Iterable[str]) -> tuple[Criterion, ...]:
    return tuple(Criterion(f"{prefix}-{i:02d}", i, name) for i, name in enumerate(names, start=1))


QD_318_2022 = CriteriaSet(
    "qd318-2022", "Quyết định số 318/QĐ-TTg ngày 08/3/2022 (Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn "
    "2021-2025); xã kiểu mẫu: Quyết định số 319/QĐ-TTg ngày 08/3/2022",
    date(2022, 3, 8), date(2026, 2, 14), frozenset(Level),
    _numbered("qd318", (
        N_("Quy hoạch"), N_("Giao thông"), N_("Thủy lợi và phòng, chống thiên tai"), N_("Điện"), N_("Trường học"),
        N_("Cơ sở vật chất văn hóa"), N_("Cơ sở hạ tầng thương mại nông thôn"), N_("Thông tin và Truyền thông"),
        N_("Nhà ở dân cư"), N_("Thu nhập"), N_("Nghèo đa chiều"), N_("Lao động"),
        N_("Tổ chức sản xuất và phát triển kinh tế nông thôn"), N_("Giáo dục và Đào tạo"), N_("Y tế"),
        N_("Văn hóa"), N_("Môi trường và an toàn thực phẩm"), N_("Hệ thống chính trị và tiếp cận pháp luật"),
        N_("Quốc phòng và An ninh"))))

# 10 criteria, 47 indicators by commune group (Phụ lục I). Only "xã nông thôn mới" is a national level for
# 2026-2030 in what was read (nâng cao / kiểu mẫu not found: UNVERIFIED that they are gone).
QD_51_2025 = CriteriaSet(
    "qd51-2025", "Quyết định số 51/2025/QĐ-TTg ngày 29/12/2025 (Bộ tiêu chí quốc gia về nông thôn mới giai đoạn "
    "2026-2030), Phụ lục I", date(2026, 2, 15), None, frozenset({Level.STANDARD}),
    _numbered("qd51", (
        N_("Quy hoạch"), N_("Hạ tầng kinh tế - xã hội"), N_("Phát triển kinh tế nông thôn"),
        N_("Đào tạo nguồn nhân lực nông thôn"), N_("Văn hóa, giáo dục, y tế"), N_("Giảm nghèo và an sinh xã hội"),
        N_("Khoa học công nghệ và chuyển đổi số"), N_("Môi trường và cảnh quan nông thôn"),
        N_("Xây dựng hệ thống chính trị và hành chính công"), N_("Tiếp cận pháp luật và an ninh, quốc phòng"))))

CRITERIA_SETS: tuple[CriteriaSet, ...] = (QD_318_2022, QD_51_2025)

# The conditions of recognition besides the criteria (QĐ 18/2022): assessed and evidenced like a criterion.
NO_CONSTRUCTION_DEBT = "no_construction_debt"
CONDITIONS: tuple[Criterion, ...] = (
    Criterion(NO_CONSTRUCTION_DEBT, None, N_("Không có nợ đọng xây dựng cơ bản thuộc Chương trình xây dựng nông thôn mới")),
    Criterion("security_order", None, N_("Xã không phức tạp về an ninh, trật tự")),
)


def criteria_set_on(day: date, level: Level | None = None) -> CriteriaSet:
    """The set in force on `day` (the day the self-assessment is made); with `level`, one that knows it."""
    for criteria_set in CRITERIA_SETS:
        if criteria_set.is_in_force_on(day) and (level is None or level in criteria_set.levels):
            return criteria_set
    label = f" cho mức «{LEVEL_LABELS[level]}»" if level else ""
    raise LookupError(f"Không có bộ tiêu chí nông thôn mới có hiệu lực ngày {day:%d/%m/%Y}{label}.")


def items_of(criteria_set: CriteriaSet) -> tuple[Criterion, ...]:
    """What the commune assesses itself against: the set's criteria, then the conditions of recognition."""
    return criteria_set.criteria + CONDITIONS


@dataclass(frozen=True)
class Assessment:
    """The commune's assessment of one criterion: met or not, and whether a file proves it."""
    met: bool
    has_evidence: bool


@dataclass(frozen=True)
class Survey:
    surveyed: int
    satisfied: int

    @property
    def rate(self) -> Decimal:
        """The share satisfied, in per cent, to one decimal (half up)."""
        if self.surveyed <= 0:
            return Decimal(0)
        return (Decimal(self.satisfied) * 100 / self.surveyed).quantize(Decimal("0.1"), ROUND_HALF_UP)


def format_rate(rate: Decimal) -> str:
    return f"{rate:.1f}".replace(".", ",") + " %"


def satisfaction_refusal(level: Level, survey: Survey | None) -> str | None:
    if survey is None or survey.surveyed <= 0:
        return "Chưa có kết quả lấy ý kiến sự hài lòng của người dân."
    if survey.satisfied > survey.surveyed:
        return "Số người hài lòng không thể lớn hơn số người được lấy ý kiến."
    threshold = SATISFACTION_THRESHOLD[level]
    if survey.rate < threshold:
        return (f"Tỷ lệ người dân hài lòng {format_rate(survey.rate)}, chưa đạt mức tối thiểu "
                f"{format_rate(threshold)} để công nhận xã {LEVEL_LABELS[level]}.")
    return None


def criteria_refusals(criteria_set: CriteriaSet, assessments: Mapping[str, Assessment]) -> list[str]:
    """A sentence per criterion (or condition) not assessed, not met, or without evidence."""
    sentences = []
    for item in items_of(criteria_set):
        name = f"Tiêu chí số {item.number} «{item.name}»" if item.number else f"Điều kiện «{item.name}»"
        found = assessments.get(item.code)
        if found is None:
            sentences.append(f"{name} chưa được tự đánh giá.")
        elif not found.met:
            sentences.append(f"{name} chưa đạt.")
        elif not found.has_evidence:
            sentences.append(f"{name} chưa có tài liệu minh chứng.")
    return sentences


@dataclass(frozen=True)
class Dossier:
    """What the checks need to know of a recognition dossier."""
    level: Level
    criteria_set: CriteriaSet
    assessments: Mapping[str, Assessment]
    survey: Survey | None
    posting_ends_on: date | None      # the last day of the public posting; None if never posted
    unanswered_objections: int
    recognised_levels: frozenset[Level]  # the levels the commune already holds


def submission_refusals(dossier: Dossier, today: date) -> list[str]:
    """Every reason the dossier cannot be sent yet, in Vietnamese; empty when it can."""
    sentences = criteria_refusals(dossier.criteria_set, dossier.assessments)
    survey = satisfaction_refusal(dossier.level, dossier.survey)
    if survey:
        sentences.append(survey)
    if dossier.posting_ends_on is None:
        sentences.append("Kết quả tự đánh giá chưa được công khai lấy ý kiến nhân dân.")
    elif today <= dossier.posting_ends_on:
        sentences.append(f"Chưa hết thời hạn công khai lấy ý kiến ({POSTING_PERIOD.days} ngày, đến hết ngày "
                         f"{dossier.posting_ends_on:%d/%m/%Y}).")
    if dossier.unanswered_objections:
        sentences.append(f"Còn {dossier.unanswered_objections} ý kiến phản ánh chưa được trả lời.")
    prerequisite = prerequisite_refusal(dossier.level, dossier.recognised_levels)
    if prerequisite:
        sentences.append(prerequisite)
    return sentences


def prerequisite_refusal(level: Level, recognised: Iterable[Level]) -> str | None:
    required = PREREQUISITE_LEVEL.get(level)
    if required is None or required in set(recognised):
        return None
    return (f"Xã chưa được công nhận {LEVEL_LABELS[required]}, điều kiện để xét công nhận xã "
            f"{LEVEL_LABELS[level]}.")


def endorsement_refusals(criteria_set: CriteriaSet, assessments: Mapping[str, Assessment],
                         level: Level, survey: Survey | None, recognised: Iterable[Level]) -> list[str]:
    """Why the appraisal cannot conclude «đạt» on these figures (the field check is the service's question). The
    prerequisite level is asked again: a recognition revoked since the dossier was sent no longer carries it."""
    sentences = criteria_refusals(criteria_set, assessments)
    survey_refusal = satisfaction_refusal(level, survey)
    prerequisite = prerequisite_refusal(level, recognised)
    return sentences + [s for s in (survey_refusal, prerequisite) if s]


def recognition_sentence(level: Level, commune_names: Iterable[str], year: int) -> str:
    """Điều 1 of the decision: «Công nhận xã …, xã … đạt chuẩn nông thôn mới nâng cao năm 2025»."""
    names = ", ".join(_without_prefix(name) for name in commune_names)
    return f"Công nhận xã {names} {LEVEL_LABELS[level]} năm {year}"


def decision_title(level: Level, commune_names: Iterable[str], year: int) -> str:
    """«Về việc công nhận xã … đạt chuẩn nông thôn mới nâng cao năm 2024»."""
    sentence = recognition_sentence(level, commune_names, year)
    return f"Về việc {sentence[:1].lower()}{sentence[1:]}"


def _without_prefix(name: str) -> str:
    return name[3:] if name.lower().startswith("xã ") else name
