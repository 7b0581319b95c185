"""The secretariat enters each unit's results (and removes a wrong entry after confirming); the
administrator chooses which award types count towards an indicator."""
from flask import abort, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from ...forms.campaigns import ConfirmRemoveForm, CountingForm, ResultForm
from ...models import AwardType, Campaign, Indicator, IndicatorResult, Target, Unit
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...rules.targets import target_text
from ...services import movement
from ..helpers import done, form_errors, paginate, role_required
from . import MAX_ID, bp, get_campaign


def row(model, object_id: int | None):
    """The chosen row of a select, or None when nothing (or an impossible id) was chosen."""
    return db.session.get(model, object_id) if object_id is not None and 0 < object_id <= MAX_ID else None


def refusal_beside_field(form, error: DomainError) -> None:
    """Undo the failed attempt and show the service's sentence beside the field it names (else on top)."""
    db.session.rollback()
    if error.field and error.field in form:
        form[error.field].errors = [*form[error.field].errors, error.message]
    else:
        form.form_errors.append(error.message)


def _recordable(campaign: Campaign) -> Campaign:
    if not movement.may_record(current_user, campaign):
        abort(403)
    return campaign


@bp.route("/<int:campaign_id>/results", methods=["GET", "POST"])
@login_required
def results(campaign_id: int):
    campaign = _recordable(get_campaign(campaign_id))
    form = _result_form(campaign)
    if form.validate_on_submit():
        indicator = row(Indicator, form.indicator.data)
        if indicator is None or indicator.campaign_id != campaign.id:
            form.indicator.errors = [_("Cần chọn một chỉ tiêu của phong trào này.")]
        else:
            try:
                result = movement.record_result(db.session, indicator, by=current_user, unit=row(Unit, form.unit.data),
                                                value=form.value.data, as_of=form.as_of.data,
                                                source=form.source.data, note=form.note.data)
                return done(_("Đã lưu kết quả của %(unit)s tính đến ngày %(day)s.", unit=result.unit.name,
                              day=f"{result.as_of:%d/%m/%Y}"), "campaigns.results", campaign_id=campaign.id)
            except DomainError as error:
                refusal_beside_field(form, error)
    form_errors(form)
    page = paginate(select(IndicatorResult).join(Indicator).where(Indicator.campaign_id == campaign.id)
                    .order_by(IndicatorResult.as_of.desc(), IndicatorResult.id.desc()))
    return render_template("campaigns/results.html", campaign=campaign, form=form, page=page)


def _result_form(campaign: Campaign) -> ResultForm:
    form = ResultForm()
    form.indicator.choices = [SelectChoice("", _l("— Chọn chỉ tiêu —"))] + [
        SelectChoice(str(i.id), i.name) for i in campaign.indicators]
    targets = db.session.scalars(select(Target).join(Indicator).where(Indicator.campaign_id == campaign.id)
                                 .order_by(Target.id)).all()
    units: dict[int, list[str]] = {}
    for t in targets:
        units.setdefault(t.unit_id, []).append(target_text(t.value, t.comparator, t.indicator.measure_unit, _))
    choices = [SelectChoice("", _l("— Chọn đơn vị —"))]
    for unit_id, texts in units.items():
        unit = db.session.get(Unit, unit_id)
        label = _("%(unit)s (chỉ tiêu: %(targets)s)", unit=unit.name, targets="; ".join(texts))
        if unit.valid_to:
            label = _("%(unit)s — đã kết thúc %(day)s", unit=label, day=f"{unit.valid_to:%d/%m/%Y}")
        choices.append(SelectChoice(str(unit.id), label))
    form.unit.choices = choices
    return form


@bp.route("/results/<int:result_id>/remove", methods=["GET", "POST"])
@login_required
def result_remove(result_id: int):
    result = db.session.get(IndicatorResult, result_id) if 0 < result_id <= MAX_ID else None
    if result is None:
        abort(404)
    campaign = _recordable(result.indicator.campaign)
    form = ConfirmRemoveForm()
    if form.validate_on_submit():
        movement.remove_result(db.session, result, by=current_user)
        return done(_("Đã xóa kết quả."), "campaigns.results", campaign_id=campaign.id)
    return render_template("campaigns/result_remove.html", result=result, form=form)


@bp.get("/<int:campaign_id>/counting")
@role_required(Role.ADMIN)
def counting(campaign_id: int):
    campaign = get_campaign(campaign_id)
    return render_template("campaigns/counting.html", campaign=campaign,
                           forms={i.id: _counting_form(i) for i in campaign.indicators})


@bp.post("/indicators/<int:indicator_id>/counting")
@role_required(Role.ADMIN)
def counting_save(indicator_id: int):
    indicator = db.session.get(Indicator, indicator_id) if 0 < indicator_id <= MAX_ID else None
    if indicator is None:
        abort(404)
    form = _counting_form(indicator, from_request=True)
    if form.validate_on_submit():
        chosen = db.session.scalars(select(AwardType).where(AwardType.id.in_(form.award_types.data or []))).all()
        try:
            changed = movement.set_counted_award_types(db.session, indicator, list(chosen), by=current_user)
            return done(_("Đã lưu cách tính chỉ tiêu «%(name)s».", name=indicator.name) if changed
                        else _("Không có thay đổi nào."), "campaigns.counting", campaign_id=indicator.campaign_id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    forms = {i.id: _counting_form(i) for i in indicator.campaign.indicators} | {indicator.id: form}
    return render_template("campaigns/counting.html", campaign=indicator.campaign, forms=forms)


def _counting_form(indicator: Indicator, *, from_request: bool = False) -> CountingForm:
    form = CountingForm(prefix=f"i{indicator.id}") if from_request else CountingForm(
        prefix=f"i{indicator.id}", formdata=None, award_types=[t.id for t in indicator.counted_award_types])
    form.award_types.choices = [SelectChoice(str(t.id), t.name) for t in indicator.campaign.award_types]
    return form
