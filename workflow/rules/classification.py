"""Danh hiệu thi đua or hình thức khen thưởng: how an award type is named by its category. Pure.

The law (Luật Thi đua, khen thưởng 2022) keeps the two apart: a title (Chiến sĩ thi đua, Cờ thi đua, Tập thể lao
động xuất sắc) is awarded as «danh hiệu “…”», a form (Bằng khen, Giấy khen) by its own name."""
from collections.abc import Iterable

from .i18n import N_

TITLE, FORM = "title", "form"   # the values of models.catalog.AwardCategory
CATEGORY_NAMES = {TITLE: N_("Danh hiệu thi đua"), FORM: N_("Hình thức khen thưởng")}


def award_phrase(name: str, category: str) -> str:
    """What a decision awards: «danh hiệu “Chiến sĩ thi đua cấp tỉnh”», or «Bằng khen của …» as it is."""
    return f"danh hiệu “{name}”" if category == TITLE else name


def awards_phrase(awards: Iterable[tuple[str, str]]) -> str:
    """(name, category) pairs as one phrase: «Bằng khen … và danh hiệu “Chiến sĩ thi đua cấp tỉnh”»."""
    phrases = [award_phrase(name, category) for name, category in sorted(set(awards))]
    return f"{', '.join(phrases[:-1])} và {phrases[-1]}" if len(phrases) > 1 else "".join(phrases)


def decision_subject(awards: Iterable[tuple[str, str]]) -> str:
    """A decision's title (trích yếu): «Về việc tặng danh hiệu “…”», «Về việc tặng Bằng khen …»."""
    return f"Về việc tặng {awards_phrase(awards)}"


def noun(category: str) -> str:
    """How a sentence calls an award type of this category: «danh hiệu» or «hình thức khen thưởng»."""
    return "danh hiệu" if category == TITLE else "hình thức khen thưởng"


def category_name(category: str) -> str:
    return CATEGORY_NAMES.get(category, category)
