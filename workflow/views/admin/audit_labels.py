"""How the audit viewer says an event in words: each field of its changes by its label, each coded value
(a unit level, a role, a ballot kind…) by the label of its vocabulary, an empty value as "(chưa có)", and an
object or an id by its name. Display only; the trail itself keeps the codes (they are hashed).

One table per vocabulary: the labels come from where each vocabulary is defined (rules, forms, services);
this module only says which field speaks which vocabulary.
"""
import json
import re
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext

from ...forms.admin import (BALLOT_LABELS, CALENDAR_KIND_LABELS, CATEGORY_LABELS, COMPARATOR_LABELS,
                            DENOMINATOR_LABELS, LAYOUT_LABELS, UNIT_KIND_LABELS)
from ...forms.council import CHOICE_LABELS
from ...forms.secretariat import COMMENT_KIND_LABELS, RESOLUTION_LABELS
from ...models import AuditEvent
from ...rules.nominees import NOMINEE_KIND_LABELS
from ...rules.permissions import ROLE_LABELS
from ...rules.prize import format_vnd
from ...services.admin.log import EMPTY, FIELD_LABELS, ID_LIST_OWNERS, ID_LISTS, OBJECT_TYPE_LABELS
from ...services.audit import CITIZEN_NAME, SYSTEM_NAME
from ...services.lookups import ATTACHMENT_KIND_LABELS, GENDER_LABELS
from ...services.lookups import FIELD_LABELS as REVISION_FIELD_LABELS

# Which vocabulary a field's values are in; (object type, field) where one field name means two.
VALUE_LABELS: dict[Any, Any] = {
    "role": ROLE_LABELS, "category": CATEGORY_LABELS, "denominator": DENOMINATOR_LABELS, "ballot": BALLOT_LABELS,
    "certificate_layout": LAYOUT_LABELS, "comparator": COMPARATOR_LABELS, "classification": COMMENT_KIND_LABELS,
    "resolution": RESOLUTION_LABELS, "choice": CHOICE_LABELS, "document": OBJECT_TYPE_LABELS,
    "nominee.kind": NOMINEE_KIND_LABELS, "nominee.gender": GENDER_LABELS,
    ("unit", "kind"): UNIT_KIND_LABELS, ("calendar_day", "kind"): CALENDAR_KIND_LABELS,
    ("nomination", "kind"): ATTACHMENT_KIND_LABELS,
}
ALL_FIELD_LABELS = REVISION_FIELD_LABELS | FIELD_LABELS
MONEY_FIELDS = frozenset({"prize_amount", "amount"})   # đồng
COUNT_FIELDS = frozenset({"bytes"})
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ACTOR_NAMES = frozenset({CITIZEN_NAME, SYSTEM_NAME})   # written by the system in Vietnamese: translated


@dataclass(frozen=True)
class ShownChange:
    name: str            # the field as recorded (a tooltip)
    label: str           # translated
    old: str | None      # None: not an old → new change, just a value
    new: str


def translated(label) -> str:
    """A label marked N_ (a message id) or _l (a lazy string already in the page's language)."""
    return gettext(label) if isinstance(label, str) else str(label)


def object_text(event: AuditEvent, names: dict[tuple[str, int], str]) -> str:
    """"Hồ sơ đề nghị số 7 — Nguyễn Văn A"; the type alone when the event has no object id."""
    kind = translated(OBJECT_TYPE_LABELS[event.object_type]) if event.object_type in OBJECT_TYPE_LABELS \
        else event.object_type
    if event.object_id is None:
        return kind
    name = names.get((event.object_type, event.object_id))
    numbered = gettext("%(kind)s số %(id)s", kind=kind, id=event.object_id)
    return f"{numbered} — {name}" if name else numbered


def actor_text(event: AuditEvent) -> str:
    return gettext(event.actor_name) if event.actor_id is None and event.actor_name in ACTOR_NAMES \
        else event.actor_name


def changes(event: AuditEvent, names: dict[tuple[str, int], str]) -> list[ShownChange]:
    shown = []
    for name, change in (event.changes or {}).items():
        label = translated(ALL_FIELD_LABELS[name]) if name in ALL_FIELD_LABELS else name
        if isinstance(change, dict) and set(change) == {"old", "new"}:
            shown.append(ShownChange(name, label, value_text(event, name, change["old"], names),
                                     value_text(event, name, change["new"], names)))
        else:
            shown.append(ShownChange(name, label, None, value_text(event, name, change, names)))
    return shown


def value_text(event: AuditEvent, name: str, value: Any, names: dict[tuple[str, int], str]) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return gettext(EMPTY)
    if isinstance(value, bool):
        return gettext("có") if value else gettext("không")
    ids_of = ID_LISTS.get(name) if (name, event.object_type) in ID_LIST_OWNERS or name == "nomination_id" else None
    if ids_of and isinstance(value, list | int):
        return ", ".join(_named(ids_of, v, names) for v in (value if isinstance(value, list) else [value]))
    if isinstance(value, list):
        return ", ".join(value_text(event, name, v, names) for v in value)
    if isinstance(value, dict) and value and set(value) <= set(ALL_FIELD_LABELS):  # a frozen council rule
        return "; ".join(f"{translated(ALL_FIELD_LABELS[k])}: {value_text(event, k, v, names)}"
                         for k, v in value.items())
    if isinstance(value, dict):  # an appraisal's checklist: {item: ticked}
        return "; ".join(f"{k}: {value_text(event, name, v, names)}" for k, v in value.items()) \
            if all(isinstance(v, bool) for v in value.values()) else json.dumps(value, ensure_ascii=False)
    if name in MONEY_FIELDS and isinstance(value, int):
        return format_vnd(value)                       # "2.340.000 đ", as on the decision
    if name in COUNT_FIELDS and isinstance(value, int):
        return f"{value:,}".replace(",", ".")          # "41.177"
    vocabulary = VALUE_LABELS.get((event.object_type, name)) or VALUE_LABELS.get(name)
    if vocabulary is not None and isinstance(value, str) and value in vocabulary:
        return translated(vocabulary[value])
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        return f"{value[8:10]}/{value[5:7]}/{value[:4]}"   # as every other date on the screen
    return str(value)


def _named(kind: str, value: Any, names: dict[tuple[str, int], str]) -> str:
    name = names.get((kind, value)) if isinstance(value, int) else None
    if kind == "nomination":
        numbered = gettext("hồ sơ số %(id)s", id=value)
        return f"{name} ({numbered})" if name else numbered
    return name or str(value)
