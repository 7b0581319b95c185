"""What the administrator's views share: the select choices read from the catalogue, showing a service's
refusal beside the field it names, and loading a row or answering 404."""
from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from ...forms.admin import UNIT_KIND_LABELS
from ...models import Authority, AwardType, Unit
from ...services import clock
from ..helpers import MAX_ID, refusal_beside_field, scoped_or_404  # noqa: F401 (the admin views import them from here)

NONE = _l("— Không chọn —")


def get_or_404(model, object_id: int):
    """The administrator's scope is the whole catalogue: any row, or 404."""
    return scoped_or_404(model, object_id)


def unit_choices(exclude: Unit | None = None, *, blank: str | LazyString = NONE) -> list[SelectChoice]:
    """Every unit, with its code and, for an ended one, its end date: picking a successor needs them too."""
    today = clock.today()
    units = db.session.scalars(select(Unit).order_by(Unit.name, Unit.code)).all()
    return [SelectChoice("", blank)] + [SelectChoice(str(u.id), _unit_label(u, today)) for u in units
                                        if u is not exclude]


def _unit_label(unit: Unit, today) -> str:
    label = f"{unit.name} ({unit.code}, {UNIT_KIND_LABELS.get(unit.kind, unit.kind)})"
    if unit.valid_to and unit.valid_to < today:
        return _("%(unit)s — đã kết thúc %(day)s", unit=label, day=f"{unit.valid_to:%d/%m/%Y}")
    return label


def authority_choices(*, blank: str | LazyString = NONE) -> list[SelectChoice]:
    authorities = db.session.scalars(select(Authority).order_by(Authority.name)).all()
    return [SelectChoice("", blank)] + [SelectChoice(str(a.id), a.name) for a in authorities]


def award_type_choices(procedure: str | None = None) -> list[SelectChoice]:
    """Every award type, or those of one procedure (rules.states.ProcedureCode)."""
    query = select(AwardType).order_by(AwardType.authority_id, AwardType.name)
    types = db.session.scalars(query if procedure is None else query.where(AwardType.procedure_code == procedure))
    return [SelectChoice(str(t.id), f"{t.name} ({t.code})") for t in types]


def row(model, object_id: int | None):
    """The chosen row of a select, or None when nothing was chosen."""
    return db.session.get(model, object_id) if object_id is not None and 0 < object_id <= MAX_ID else None

