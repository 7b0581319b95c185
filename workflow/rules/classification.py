"""Danh hiệu thi đua or hình thức khen thưởng: how an award type is named by its category. Pure.

The law (Luật Thi đua, khen thưởng 2022) keeps the two apart: a title (Chiến sĩ thi đua, Cờ thi đua, Tập thể lao
động xuất sắc) is awarded as «danh hiệu “…”», a form (Bằng khen, Giấy khen) by its own name."""
from collections.abc import Iterable

TITLE, FORM = "title", "form"   # the values of models.catalog.AwardCategory
CATEGORY_NAMES = {TITLE: "Danh hiệu thi đua", FORM: "Hình thức khen thưởng"}


def award_phrase(name: str, category: str) -> str:
    """What a decision awards: «danh hiệu “Chiến sĩ thi đua cấp tỉnh”», or «Bằng khen của …» as it is."""
    return f"danh hiệu “{name}”" if category == TITLE else name


def decision_subject(awards: Iterable[tuple[str, str]]) -> str:
    """A decision's title from its (name, category) pairs: «Về việc tặng danh hiệu “…” và Bằng khen …»."""
    phrases = [award_phrase(name, category) for name, category in sorted(set(awards))]
    if len(phrases) > 1:
        return f"Về việc tặng {', '.join(phrases[:-1])} và {phrases[-1]}"
    return f"Về việc tặng {''.join(phrases)}"


def category_name(category: str) -> str:
    return CATEGORY_NAMES.get(category, category)
