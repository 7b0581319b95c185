"""Campaigns with the award types they allow, their indicators (chỉ tiêu) and the targets set per unit."""
from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ...extensions import db
from ...forms.admin import CampaignForm, ConfirmForm, IndicatorForm, TargetForm
from ...models import Authority, AwardType, Campaign, Indicator, Target, Unit
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...services import admin
from ...services.admin import CampaignData
from ..helpers import done, form_errors, paginate, role_required
from . import bp
from .common import authority_choices, award_type_choices, get_or_404, refusal_beside_field, row, unit_choices


@bp.get("/campaigns")
@role_required(Role.ADMIN)
def campaigns():
    page = paginate(select(Campaign).order_by(Campaign.period_end.desc(), Campaign.id.desc()))
    return render_template("admin/campaigns.html", page=page)


@bp.route("/campaigns/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def campaign_new():
    form = _choices(CampaignForm(is_public=True))
    if form.validate_on_submit():
        try:
            campaign = admin.create_campaign(db.session, _data(form), by=current_user)
            return done(_("Đã thêm «%(name)s». Hãy thêm chỉ tiêu nếu có.", name=campaign.name), "admin.campaign",
                        campaign_id=campaign.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("admin/campaign_form.html", form=form, campaign=None)


@bp.route("/campaigns/<int:campaign_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def campaign_edit(campaign_id: int):
    campaign = get_or_404(Campaign, campaign_id)
    form = _choices(CampaignForm(data=_initial(campaign)))
    if form.validate_on_submit():
        try:
            changes = admin.update_campaign(db.session, campaign, _data(form), by=current_user)
            return done(_("Đã lưu phong trào.") if changes else _("Không có thay đổi nào."), "admin.campaign",
                        campaign_id=campaign.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("admin/campaign_form.html", form=form, campaign=campaign)


@bp.route("/campaigns/<int:campaign_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def campaign(campaign_id: int):
    """The campaign's page, where a new indicator is added."""
    campaign, form = get_or_404(Campaign, campaign_id), IndicatorForm()
    if form.validate_on_submit():
        try:
            indicator = admin.create_indicator(db.session, campaign, by=current_user, code=form.code.data,
                                               name=form.name.data, measure_unit=form.measure_unit.data)
            return done(_("Đã thêm chỉ tiêu «%(name)s».", name=indicator.name), "admin.indicator",
                        indicator_id=indicator.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    page = paginate(select(Indicator).where(Indicator.campaign_id == campaign.id).order_by(Indicator.id))
    return render_template("admin/campaign.html", campaign=campaign, page=page, form=form)


@bp.route("/indicators/<int:indicator_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def indicator(indicator_id: int):
    """The indicator's targets, where a unit's target is set (or changed: one target per unit)."""
    indicator, form = get_or_404(Indicator, indicator_id), _target_form()
    if form.validate_on_submit():
        try:
            admin.set_target(db.session, indicator, by=current_user, unit=row(Unit, form.unit.data),
                             value=form.value.data, comparator=form.comparator.data)
            return done(_("Đã giao chỉ tiêu."), "admin.indicator", indicator_id=indicator.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return _indicator_page(indicator, target_form=form)


@bp.post("/indicators/<int:indicator_id>/edit")
@role_required(Role.ADMIN)
def indicator_edit(indicator_id: int):
    indicator, form = get_or_404(Indicator, indicator_id), IndicatorForm()
    if form.validate_on_submit():
        try:
            changes = admin.update_indicator(db.session, indicator, by=current_user, code=form.code.data,
                                             name=form.name.data, measure_unit=form.measure_unit.data)
            return done(_("Đã lưu chỉ tiêu.") if changes else _("Không có thay đổi nào."), "admin.indicator",
                        indicator_id=indicator.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return _indicator_page(indicator, edit_form=form)


@bp.route("/targets/<int:target_id>/remove", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def target_remove(target_id: int):
    target, form = get_or_404(Target, target_id), ConfirmForm()
    indicator = target.indicator
    if form.validate_on_submit():
        admin.remove_target(db.session, target, by=current_user)
        return done(_("Đã bỏ chỉ tiêu của đơn vị."), "admin.indicator", indicator_id=indicator.id)
    return render_template("admin/target_remove.html", target=target, form=form)


def _indicator_page(indicator: Indicator, *, target_form: TargetForm | None = None,
                    edit_form: IndicatorForm | None = None):
    page = paginate(select(Target).where(Target.indicator_id == indicator.id).order_by(Target.id))
    edit_form = edit_form or IndicatorForm(code=indicator.code, name=indicator.name,
                                           measure_unit=indicator.measure_unit)
    return render_template("admin/indicator.html", indicator=indicator, page=page,
                           target_form=target_form or _target_form(), edit_form=edit_form)


def _target_form() -> TargetForm:
    form = TargetForm()
    form.unit.choices = unit_choices(blank=_("— Chọn đơn vị —"))
    return form


def _initial(campaign: Campaign) -> dict:
    names = ("name", "description", "period_start", "period_end", "nomination_deadline", "is_public")
    return {name: getattr(campaign, name) for name in names} | {
        "authority": campaign.authority_id, "award_types": [t.id for t in campaign.award_types]}


def _choices(form: CampaignForm) -> CampaignForm:
    form.authority.choices = authority_choices(blank=_("— Chọn cấp có thẩm quyền —"))
    form.award_types.choices = award_type_choices()
    return form


def _data(form: CampaignForm) -> CampaignData:
    chosen = db.session.scalars(select(AwardType).where(AwardType.id.in_(form.award_types.data or []))).all()
    return CampaignData(name=form.name.data, authority=row(Authority, form.authority.data),
                        period_start=form.period_start.data, period_end=form.period_end.data,
                        description=form.description.data, nomination_deadline=form.nomination_deadline.data,
                        is_public=form.is_public.data, award_types=list(chosen))
