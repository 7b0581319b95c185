"""Who a nominee is, for the rule "one achievement is awarded once". Pure.

The identity key is stable across nominations of the same person, collective or household, so the same
achievement cannot be nominated twice and prior awards can be found.
"""
from datetime import date
from enum import StrEnum

from .folding import fold
from .i18n import N_


class NomineeKind(StrEnum):
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    HOUSEHOLD = "household"


NOMINEE_KIND_LABELS = {
    NomineeKind.INDIVIDUAL: N_("Cá nhân"),
    NomineeKind.COLLECTIVE: N_("Tập thể"),
    NomineeKind.HOUSEHOLD: N_("Hộ gia đình"),
}


def identity_key(kind: NomineeKind, name: str, *, unit_id: int | None = None,
                 id_number: str | None = None, birth_date: date | None = None,
                 affiliation: str = "") -> str:
    """A collective that is a unit of the tree is that unit; an individual with an ID number is that
    number; otherwise the folded name with the birth date and workplace or address."""
    if kind is NomineeKind.COLLECTIVE and unit_id is not None:
        return f"unit:{unit_id}"
    if kind is NomineeKind.INDIVIDUAL and id_number:
        return f"id:{id_number.strip()}"
    born = birth_date.isoformat() if birth_date else ""
    return f"{kind}:{fold(name)}|{born}|{fold(affiliation)}"
