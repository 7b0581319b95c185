"""Red flags (cảnh báo) against chasing achievements (chạy theo thành tích). Pure.

`flags(facts, settings)` reads a few numbers the service gathered about one nomination and returns the
warnings, each with its reason in words and the numbers behind it. Flags inform the people who decide (the
secretariat's appraisal, the council); they never block on their own.
"""
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from .i18n import N_, vietnamese

OWN_REPORT_ONLY = "own_report_only"
EVERY_ROUND = "every_round"
LEADER_SHARE = "leader_share"
PRODUCTION_SHARE = "production_share"
PER_HEAD = "per_head"
UPHELD_OBJECTIONS = "upheld_objections"
SAME_ACHIEVEMENT = "same_achievement"
NO_VERIFIED_RESULT = "no_verified_result"

CODES: tuple[str, ...] = (OWN_REPORT_ONLY, EVERY_ROUND, LEADER_SHARE, PRODUCTION_SHARE, PER_HEAD,
                          UPHELD_OBJECTIONS, SAME_ACHIEVEMENT, NO_VERIFIED_RESULT)
CODE_LABELS: dict[str, str] = {
    OWN_REPORT_ONLY: N_("Chỉ có báo cáo của đơn vị"),
    EVERY_ROUND: N_("Đề nghị ở mọi đợt gần đây"),
    LEADER_SHARE: N_("Tỷ lệ lãnh đạo cao"),
    PRODUCTION_SHARE: N_("Ít người trực tiếp sản xuất"),
    PER_HEAD: N_("Đề nghị nhiều so với quy mô"),
    UPHELD_OBJECTIONS: N_("Từng có phản ánh được chấp nhận"),
    SAME_ACHIEVEMENT: N_("Một thành tích, nhiều đề nghị"),
    NO_VERIFIED_RESULT: N_("Không có kết quả đã được công nhận"),
}
# the achievement speaks of the new-rural standard: its words, folded (no diacritics, lowercase)
NEW_RURAL_WORDS = ("nong thon moi",)


@dataclass(frozen=True)
class Settings:
    rounds: int = 3                    # RED_FLAG_ROUNDS
    leader_ceiling_pct: float = 30     # RED_FLAG_LEADER_CEILING_PCT
    production_floor_pct: float = 20   # RED_FLAG_PRODUCTION_FLOOR_PCT
    min_list: int = 5                  # RED_FLAG_MIN_LIST
    per_head_ratio: float = 2.0        # RED_FLAG_PER_HEAD_RATIO
    upheld_min: int = 1                # RED_FLAG_UPHELD_MIN


@dataclass(frozen=True)
class Overlap:
    """Another live nomination of the same nominee whose achievement period overlaps this one's."""
    nomination_id: int
    award_type: str
    unit: str
    other_award: bool   # a different award type
    other_unit: bool    # proposed by a different unit


@dataclass(frozen=True)
class Facts:
    is_individual: bool = True
    other_documents: int = 0           # attachments other than the achievement report
    prerequisite_evidence: int = 0     # entries of evidence for the award type's prerequisites
    earlier_rounds: tuple[bool, ...] = ()   # newest first: was the nominee proposed/awarded in that round?
    unit_individuals: int = 0          # the unit's individuals in this round (or proposal)
    unit_leaders: int = 0
    unit_in_production: int = 0
    unit_count: int = 0                # the unit's nominations in this round
    unit_headcount: int | None = None
    peer_rates: tuple[float, ...] = ()  # other units' nominations per 1,000 head in this round
    upheld_objections: int = 0         # upheld objections on the unit's nominations of earlier rounds
    overlaps: tuple[Overlap, ...] = ()
    # issue 17, verified results: whether the award type requires one, whether the nomination cites one in
    # force, how many recognitions in force its communes have, and whether its achievement speaks of the
    # new-rural standard (folded words, NEW_RURAL_WORDS)
    verified_required: str = ""        # the required recognition's name, "" when none is required
    verified_cited: bool = False
    recognitions_in_force: int = 0
    mentions_new_rural: bool = False


def mentions_new_rural(folded_summary: str) -> bool:
    """Whether a folded achievement summary speaks of the new-rural standard (nông thôn mới)."""
    return any(word in folded_summary for word in NEW_RURAL_WORDS)


@dataclass(frozen=True)
class Flag:
    code: str
    message: str                       # the Vietnamese message id with %(name)s placeholders
    figures: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return CODE_LABELS[self.code]

    @property
    def sentence(self) -> str:
        return vietnamese(self.message, **self.figures)

    def frozen(self) -> dict[str, Any]:
        """What the council's minutes keep: the code, the sentence as read and its figures."""
        return {"code": self.code, "message": self.message, "sentence": self.sentence, "figures": self.figures}


def _pct(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def per_thousand(count: int, headcount: int | None) -> float | None:
    """Unrounded: the comparison uses the exact figure, the sentence shows it rounded to two decimals."""
    return 1000 * count / headcount if headcount else None


def flags(facts: Facts, settings: Settings = Settings()) -> list[Flag]:
    found: list[Flag] = []
    if facts.other_documents == 0 and facts.prerequisite_evidence == 0:
        found.append(Flag(OWN_REPORT_ONLY, N_(
            "Hồ sơ chỉ có báo cáo thành tích của đơn vị: không có tài liệu nào khác (%(documents)d) và không có "
            "minh chứng điều kiện (%(evidence)d)."),
            {"documents": facts.other_documents, "evidence": facts.prerequisite_evidence}))
    recent = facts.earlier_rounds[:settings.rounds]
    if settings.rounds > 0 and len(recent) == settings.rounds and all(recent):
        found.append(Flag(EVERY_ROUND, N_(
            "Đối tượng đã được đề nghị hoặc khen thưởng ở cả %(rounds)d đợt gần nhất của cùng cấp khen."),
            {"rounds": settings.rounds}))
    if facts.is_individual and facts.unit_individuals >= settings.min_list:
        share = _pct(facts.unit_leaders, facts.unit_individuals)
        if share > settings.leader_ceiling_pct:
            found.append(Flag(LEADER_SHARE, N_(
                "Đơn vị đề nghị %(leaders)d lãnh đạo trên %(total)d cá nhân trong đợt (%(share)s%%), vượt mức "
                "%(ceiling)s%%."), {"leaders": facts.unit_leaders, "total": facts.unit_individuals,
                                     "share": share, "ceiling": settings.leader_ceiling_pct}))
        share = _pct(facts.unit_in_production, facts.unit_individuals)
        if share < settings.production_floor_pct:
            found.append(Flag(PRODUCTION_SHARE, N_(
                "Chỉ %(workers)d trên %(total)d cá nhân đơn vị đề nghị trong đợt trực tiếp lao động, sản xuất "
                "(%(share)s%%), dưới mức %(floor)s%%."), {"workers": facts.unit_in_production,
                                                          "total": facts.unit_individuals, "share": share,
                                                          "floor": settings.production_floor_pct}))
    rate = per_thousand(facts.unit_count, facts.unit_headcount)
    if rate is not None and facts.peer_rates:
        peer = median(facts.peer_rates)
        if peer > 0 and rate >= settings.per_head_ratio * peer:
            found.append(Flag(PER_HEAD, N_(
                "Đơn vị đề nghị %(count)d trường hợp trên %(headcount)d người (%(rate)s/1.000), gấp %(ratio)s lần "
                "trung vị %(median)s/1.000 của %(peers)d đơn vị khác trong đợt."),
                {"count": facts.unit_count, "headcount": facts.unit_headcount, "rate": round(rate, 2),
                 "ratio": round(rate / peer, 1), "median": round(peer, 2), "peers": len(facts.peer_rates)}))
    if settings.upheld_min > 0 and facts.upheld_objections >= settings.upheld_min:
        found.append(Flag(UPHELD_OBJECTIONS, N_(
            "Đã có %(count)d phản ánh được chấp nhận đối với hồ sơ của đơn vị ở các đợt trước."),
            {"count": facts.upheld_objections}))
    for other in facts.overlaps:
        if other.other_award:
            found.append(Flag(SAME_ACHIEVEMENT, N_(
                "Cùng đối tượng, thời gian thành tích trùng với hồ sơ #%(other)d (%(award)s, %(unit)s): một "
                "thành tích chỉ được đề nghị một hình thức khen thưởng."),
                {"other": other.nomination_id, "award": other.award_type, "unit": other.unit}))
        elif other.other_unit:
            found.append(Flag(SAME_ACHIEVEMENT, N_(
                "Cùng đối tượng, thời gian thành tích trùng với hồ sơ #%(other)d do đơn vị khác (%(unit)s) "
                "đề nghị."), {"other": other.nomination_id, "unit": other.unit}))
    found += _verified_result(facts)
    return found


def _verified_result(facts: Facts) -> list[Flag]:
    """Không có kết quả đã được công nhận: a required recognition not cited, or an achievement about the
    new-rural standard that cites none of the recognitions in force its commune has."""
    if facts.verified_cited:
        return []
    if facts.verified_required:
        return [Flag(NO_VERIFIED_RESULT, N_(
            "Hình thức này cần dẫn chiếu quyết định công nhận «%(required)s» còn hiệu lực, nhưng hồ sơ chưa dẫn "
            "chiếu."), {"required": facts.verified_required})]
    if facts.mentions_new_rural and facts.recognitions_in_force > 0:
        return [Flag(NO_VERIFIED_RESULT, N_(
            "Thành tích nêu nông thôn mới; xã có %(count)d quyết định công nhận còn hiệu lực nhưng hồ sơ không dẫn "
            "chiếu quyết định nào."), {"count": facts.recognitions_in_force})]
    return []
