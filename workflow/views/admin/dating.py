"""Effective dating (issue 15): authorities with their validity, successor and signers' dates; the legal bases of
an award type from a date; a unit's parent from a date. Every change goes through services.admin.dating."""
from flask import render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from ...forms.admin import (AuthorityValidityForm, LegalBasisForm, NumberingForm, SignerDatesForm, SignerForm,
                            UnitParentForm)
from ...models import Authority, AwardType, Signer, Unit
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...services.admin import dating
from ...services.admin.numbering import NumberingSetting, set_numbering
from ..helpers import done, form_errors, role_required
from . import bp
from .common import NONE, get_or_404, refusal_beside_field, row, unit_choices


def _undated(day):
    return None if day == dating.SINCE_THE_RECORDS else day


@bp.get("/authorities")
@role_required(Role.ADMIN)
def authorities():
    rows = db.session.scalars(select(Authority).order_by(Authority.valid_from, Authority.name)).all()
    return render_template("admin/authorities.html", authorities=rows)


@bp.route("/authorities/<int:authority_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def authority_edit(authority_id: int):
    authority = get_or_404(Authority, authority_id)
    form = _validity_form(authority)
    if form.validate_on_submit():
        try:
            changes = dating.update_authority(db.session, authority, dating.Validity(form.valid_from.data,
                                              form.valid_to.data), successor=row(Authority, form.successor.data),
                                              by=current_user)
            return done(_("Đã lưu «%(name)s».", name=authority.name) if changes else _("Không có thay đổi nào."),
                        "admin.authority_edit", authority_id=authority.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return _authority_page(authority, form=form)


@bp.post("/authorities/<int:authority_id>/signers")
@role_required(Role.ADMIN)
def signer_new(authority_id: int):
    authority = get_or_404(Authority, authority_id)
    form = SignerForm(prefix="signer")
    if form.validate_on_submit():
        try:
            signer = dating.add_signer(db.session, authority, full_name=form.full_name.data, title=form.title.data,
                                       signing_form=form.signing_form.data or "", by=current_user,
                                       validity=dating.Validity(form.valid_from.data, form.valid_to.data))
            return done(_("Đã thêm người ký «%(name)s».", name=signer.full_name), "admin.authority_edit",
                        authority_id=authority.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return _authority_page(authority, signer_form=form)


@bp.post("/authorities/<int:authority_id>/numbering")
@role_required(Role.ADMIN)
def authority_numbering(authority_id: int):
    """Who numbers the authority's decisions: itself, the office's register, or the document system (issue 18)."""
    authority = get_or_404(Authority, authority_id)
    form = NumberingForm(prefix="numbering")
    if form.validate_on_submit():
        try:
            changes = set_numbering(db.session, authority, NumberingSetting(
                form.numbering_mode.data, form.register_url.data or "", form.register_token_env.data or ""),
                by=current_user)
            return done(_("Đã lưu cách cấp số quyết định của «%(name)s».", name=authority.name) if changes
                        else _("Không có thay đổi nào."), "admin.authority_edit", authority_id=authority.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return _authority_page(authority, numbering_form=form)


def _authority_page(authority: Authority, **forms):
    """The authority's page with its three forms; the one just posted keeps what was typed and its errors."""
    forms.setdefault("form", _validity_form(authority, None))
    forms.setdefault("signer_form", SignerForm(prefix="signer"))
    forms.setdefault("numbering_form", NumberingForm(
        None, prefix="numbering", numbering_mode=str(authority.numbering_mode),
        register_url=authority.register_url or "", register_token_env=authority.register_token_env or ""))
    return render_template("admin/authority_form.html", authority=authority, **forms)


def _validity_form(authority: Authority, *formdata) -> AuthorityValidityForm:
    form = AuthorityValidityForm(*formdata, prefix="validity", valid_from=_undated(authority.valid_from),
                                 valid_to=authority.valid_to, successor=authority.successor_id)
    others = db.session.scalars(select(Authority).where(Authority.id != authority.id).order_by(Authority.name))
    form.successor.choices = [SelectChoice("", NONE)] + [SelectChoice(str(a.id), a.name) for a in others]
    return form


@bp.route("/signers/<int:signer_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def signer_edit(signer_id: int):
    signer = get_or_404(Signer, signer_id)
    form = SignerDatesForm(valid_from=_undated(signer.valid_from), valid_to=signer.valid_to)
    if form.validate_on_submit():
        try:
            changes = dating.update_signer(db.session, signer, dating.Validity(form.valid_from.data,
                                                                               form.valid_to.data), by=current_user)
            return done(_("Đã lưu thời gian được ký của «%(name)s».", name=signer.full_name) if changes
                        else _("Không có thay đổi nào."), "admin.authority_edit", authority_id=signer.authority_id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("admin/signer_form.html", signer=signer, form=form)


@bp.route("/award-types/<int:award_type_id>/legal-bases", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def legal_bases(award_type_id: int):
    award_type = get_or_404(AwardType, award_type_id)
    form = LegalBasisForm()
    if form.validate_on_submit():
        try:
            dating.add_legal_basis(db.session, award_type, valid_from=form.valid_from.data, body=form.body.data,
                                   source=form.source.data or "", by=current_user)
            return done(_("Đã thêm căn cứ pháp lý áp dụng từ ngày %(day)s.", day=f"{form.valid_from.data:%d/%m/%Y}"),
                        "admin.legal_bases", award_type_id=award_type.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("admin/legal_bases.html", award_type=award_type, form=form)


@bp.route("/units/<int:unit_id>/parent", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def unit_parent(unit_id: int):
    unit = get_or_404(Unit, unit_id)
    form = UnitParentForm()
    form.parent.choices = unit_choices(exclude=unit, blank=_("— Không có (cấp cao nhất) —"))
    if form.validate_on_submit():
        try:
            dating.set_parent(db.session, unit, row(Unit, form.parent.data), form.valid_from.data, by=current_user)
            return done(_("Đã ghi nhận đơn vị cấp trên của «%(name)s» từ ngày %(day)s.", name=unit.name,
                          day=f"{form.valid_from.data:%d/%m/%Y}"), "admin.unit_parent", unit_id=unit.id)
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("admin/unit_parent.html", unit=unit, form=form)
