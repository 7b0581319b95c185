"""The unit officer's area: their units' nominations, creating and editing them, attachments, submitting
(with confirmation), withdrawing, and each nomination's timeline. Every change goes through
services.nominations; the read-only questions live in services.unit_queries.
"""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..errors import STATUS
from ..extensions import db
from ..forms.common import ActionForm
from ..forms.unit import (ATTACHMENT_KIND_LABELS, GENDER_LABELS, NAME_FIELDS, EditNominationForm, NewNominationForm,
                          NominationFilterForm, UploadForm, WithdrawForm, initial_values)
from ..models import Attachment, AttachmentKind, AwardType, Campaign, FieldCheckFile, Nomination, Unit
from ..rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from ..rules.files import MAX_UPLOAD_BYTES
from ..rules.prerequisites import evidence_from_json
from ..rules.nominees import NOMINEE_KIND_LABELS, NomineeKind
from ..rules.permissions import Role, can
from ..rules.states import ACTION_CONTEXT, ACTION_LABELS, Action, State
from ..services import (audit, clock, field_checks, nominations, recognition, unit_queries, verified_results,
                        word_documents)
from ..files import file_store
from ..services.blobs import FileStore
from ..services.nominations import MAX_SUMMARY_CHARS, NominationData, NomineeData
from ..services.unit_queries import Filters
from ..templating import Translated
from .helpers import (ActionBar, done, form_errors, nomination_of_my_unit, paginate, refusal_beside_field,
                      role_required, scoped_or_404, send_made, send_stored, unit_ids_of)

bp = Blueprint("unit", __name__)

# The form field beside which a service's refusal about a data field is shown.
REFUSAL_FIELDS = {"award_type": "award_type", "achievement_summary": "achievement_summary",
                  "period_to": "period_to", "nominee.full_name": "name", "report": "report", "minutes": "minutes",
                  "evidence_titles": "evidence_titles", "evidence_initiatives": "evidence_initiatives",
                  "evidence_members": "evidence_members"}


@bp.get("/")
@role_required(Role.UNIT_OFFICER)
def index():
    units = _my_unit_ids()
    form = NominationFilterForm(formdata=request.args, campaigns=unit_queries.campaigns(db.session))
    filters = _filters(form)
    page = paginate(unit_queries.nominations_of(db.session, units, filters))
    return render_template("unit/index.html", form=form, page=page, filters=filters,
                           units=unit_queries.my_units(db.session, units),
                           counts=unit_queries.state_counts(db.session, units),
                           kind_labels=Translated(NOMINEE_KIND_LABELS))


@bp.route("/nominations/new", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def new():
    form = _prepared(NewNominationForm())
    if form.validate_on_submit():
        try:
            nomination = nominations.create(
                db.session, by=_me(), campaign=db.session.get(Campaign, form.campaign.data),
                proposing_unit=db.session.get(Unit, form.proposing_unit.data), data=_nomination_data(form),
                uploads=form.uploads(), store=_store())
        except ValidationFailed as refusal:
            _refused(form, refusal)
        else:
            name, files = nomination.nominee.full_name, len(nomination.attachments)
            return done(_("Đã lập hồ sơ «%(name)s» (bản nháp) kèm %(files)d tệp.", name=name, files=files) if files
                        else _("Đã lập hồ sơ «%(name)s» (bản nháp).", name=name), "unit.nomination",
                        nomination_id=nomination.id)
    if request.method == "POST" and form.files_sent():  # a browser never refills a file input
        form.form_errors.append(_("Chưa lưu gì: hãy sửa các trường được đánh dấu rồi chọn lại tệp đính kèm."))
    form_errors(form)
    return _form_page(form, None)


@bp.route("/nominations/<int:nomination_id>/edit", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def edit(nomination_id: int):
    nomination = nomination_of_my_unit(nomination_id)
    if request.method == "GET":
        _require(nomination, Action.EDIT)
    form = _prepared(EditNominationForm(data=_on_get(initial_values(nomination))))
    _offer_results(form, nomination)
    if form.validate_on_submit():
        try:
            changes = form.edited_fields(nomination)
            if changes:
                nominations.edit(db.session, nomination, by=_me(), expected_version=form.version.data,
                                 changes=changes)
        except ValidationFailed as refusal:
            _refused(form, refusal)
        else:
            if not changes:
                flash(_("Không có thay đổi nào để lưu."), "info")
                return redirect(url_for("unit.nomination", nomination_id=nomination.id))
            return done(_("Đã lưu %(count)d thay đổi của hồ sơ.", count=len(changes)), "unit.nomination",
                        nomination_id=nomination.id)
    form_errors(form)
    return _form_page(form, nomination)


@bp.get("/nominations/<int:nomination_id>")
@role_required(Role.UNIT_OFFICER)
def nomination(nomination_id: int):
    nomination = nomination_of_my_unit(nomination_id)
    return _detail_page(nomination, _upload_form(nomination))


@bp.get("/nominations/<int:nomination_id>/bao-cao-thanh-tich.<any(docx, pdf):ext>")
@role_required(Role.UNIT_OFFICER)
def achievement_report(nomination_id: int, ext: str):
    """The achievement report in the decree's form, filled from the nomination, for the unit to complete."""
    return send_made(word_documents.achievement_report(nomination_of_my_unit(nomination_id), as_pdf=ext == "pdf"))


@bp.post("/nominations/<int:nomination_id>/attachments")
@role_required(Role.UNIT_OFFICER)
def upload(nomination_id: int):
    nomination = nomination_of_my_unit(nomination_id)
    form = _upload_form(nomination)
    if form.validate_on_submit():
        try:
            attachment = nominations.add_attachment(
                db.session, nomination, by=_me(), store=_store(), filename=form.file.data.filename or "",
                data=form.file.data.read(), kind=AttachmentKind(form.kind.data), is_public=form.is_public.data,
                document=form.document.data or "")
        except ValidationFailed as refusal:
            db.session.rollback()
            form.file.errors.append(refusal.message)
        else:
            return done(_("Đã đính kèm tệp «%(name)s».", name=attachment.filename), "unit.nomination",
                        nomination_id=nomination.id,
                        _anchor="tep-dinh-kem")
    form_errors(form)
    return _detail_page(nomination, form)


@bp.route("/attachments/<int:attachment_id>/remove", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def remove_attachment(attachment_id: int):
    """Gỡ tệp: a confirmation page, then the removal (draft or returned nominations only)."""
    item = _attachment_of_my_unit(attachment_id)
    nomination = item.nomination
    form = ActionForm(data=_on_get({"version": nomination.version}))
    if form.validate_on_submit():
        nominations.remove_attachment(db.session, item, by=_me(), expected_version=form.version.data)
        return done(_("Đã gỡ tệp «%(name)s» khỏi hồ sơ.", name=item.filename), "unit.nomination",
                    nomination_id=nomination.id, _anchor="tep-dinh-kem")
    if request.method == "GET" and nomination.state not in (State.DRAFT, State.RETURNED):
        raise InvalidTransition(_("Không gỡ được tệp của hồ sơ đã gửi: chỉ gỡ khi hồ sơ là bản nháp hoặc "
                                  "đang được trả lại để bổ sung."))
    return render_template("unit/confirm_remove.html", nomination=nomination, attachment=item, form=form,
                           labels=_labels())


@bp.get("/attachments/<int:attachment_id>")
@role_required(Role.UNIT_OFFICER)
def attachment(attachment_id: int):
    item = _attachment_of_my_unit(attachment_id)
    return send_stored(item.sha256, item.filename, mimetype=item.content_type)


@bp.get("/field-check-files/<int:file_id>")
@role_required(Role.UNIT_OFFICER)
def field_check_file(file_id: int):
    """A photo or the minutes of a field check of one of the unit's nominations (read-only for the unit)."""
    item = scoped_or_404(FieldCheckFile, file_id,
                         lambda found: found.field_check.nomination.proposing_unit_id in _my_unit_ids())
    return send_stored(item.sha256, item.filename, mimetype=item.content_type)


@bp.route("/nominations/<int:nomination_id>/submit", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def submit(nomination_id: int):
    nomination = nomination_of_my_unit(nomination_id)
    action = Action.RESUBMIT if nomination.state == State.RETURNED else Action.SUBMIT
    form, refusal = ActionForm(data=_on_get({"version": nomination.version})), None
    if form.validate_on_submit():
        service = nominations.resubmit if action is Action.RESUBMIT else nominations.submit
        try:
            service(db.session, nomination, by=_me(), expected_version=form.version.data)
        except (InvalidTransition, ValidationFailed) as error:
            db.session.rollback()
            refusal = error.message
        else:
            return done(_("Đã gửi hồ sơ (lần gửi thứ %(revision)d) đến cơ quan thường trực thi đua – khen thưởng.",
                          revision=nomination.revision), "unit.nomination", nomination_id=nomination.id)
    elif request.method == "GET":
        _require(nomination, action)
    return render_template("unit/confirm_submit.html", nomination=nomination, form=form, action=action,
                           refusal=refusal, labels=_labels()), STATUS[InvalidTransition] if refusal else 200


@bp.route("/nominations/<int:nomination_id>/withdraw", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def withdraw(nomination_id: int):
    nomination = nomination_of_my_unit(nomination_id)
    form = WithdrawForm(data=_on_get({"version": nomination.version}))
    if form.validate_on_submit():
        nominations.withdraw(db.session, nomination, by=_me(), expected_version=form.version.data,
                             reason=form.reason.data)
        return done(_("Đã rút hồ sơ. Hồ sơ không còn được xét trong đợt này."), "unit.nomination",
                    nomination_id=nomination.id)
    if request.method == "GET":
        _require(nomination, Action.WITHDRAW)
    form_errors(form)
    return render_template("unit/confirm_withdraw.html", nomination=nomination, form=form, labels=_labels())


# --- helpers -----------------------------------------------------------------------------------------------

def _me():
    return current_user._get_current_object()


def _my_unit_ids() -> set[int]:
    return unit_ids_of(current_user)


def _attachment_of_my_unit(attachment_id: int) -> Attachment:
    return scoped_or_404(Attachment, attachment_id, lambda found: found.nomination is not None
                         and found.nomination.proposing_unit_id in _my_unit_ids())


def _store() -> FileStore:
    return file_store()


def _require(nomination: Nomination, action: Action) -> None:
    """Ask the rules before showing a page that leads to `action`: a refusal is the service's own words."""
    if not can(_me().actor(), action, nomination.facts()):
        raise NotAllowed(_("Bạn không có quyền «%(action)s» đối với hồ sơ này.", action=pgettext(ACTION_CONTEXT, ACTION_LABELS[action])))
    nomination.procedure.next_state(nomination.state, action)


def _on_get(values: dict) -> dict | None:
    """Prefill a form only when showing it: a POST is judged on exactly what was sent."""
    return values if request.method == "GET" else None


def _filters(form: NominationFilterForm) -> Filters:
    """The list's filters; a value the form refused (shown beside its field) filters nothing."""
    form.validate()
    state = form.state.data if form.state.data and not form.state.errors else None
    return Filters(state=State(state) if state else None,
                   campaign_id=None if form.campaign.errors else form.campaign.data,
                   text="" if form.q.errors else form.q.data or "")


def _prepared(form):
    """Fill the choices that depend on the officer and the data: units, campaigns, award types."""
    today, units = clock.today(), _my_unit_ids()
    form.collective_unit.choices = [SelectChoice("", _("— Không phải đơn vị trong danh mục —"))] + [
        SelectChoice(str(u.id), _unit_label(u), {"data-name": u.name})
        for u in unit_queries.units_under(db.session, units, today)]
    if isinstance(form, NewNominationForm):
        mine = unit_queries.my_units(db.session, units)
        form.proposing_unit.choices = [SelectChoice(str(u.id), u.name) for u in mine]
        form.campaign.choices = [SelectChoice("", _("— Chọn phong trào / đợt xét —"))] + [
            SelectChoice(str(c.id), c.name) for c in unit_queries.campaigns(db.session)]
        form.award_type.choices = [SelectChoice("", _("— Chọn hình thức —"))] + [
            _award_choice(award_type, campaign_ids)
            for award_type, campaign_ids in unit_queries.award_type_offers(db.session, today)]
        # before the first save the nominee's commune is not known: the recognitions of the officer's units and
        # of the units under them (submission checks that the one chosen is the nominee's or the proposer's)
        communes = set(units) | {u.id for u in unit_queries.units_under(db.session, units, today)}
        form.verified_result.choices = [SelectChoice("", _("— Không dẫn chiếu —"))] + [
            SelectChoice(str(r.nomination_id), r.label)
            for r in verified_results.recognitions(db.session, unit_ids=communes)]
    return form


def _unit_label(unit: Unit) -> str:
    return f"{unit.name} — {unit.parent.name}" if unit.parent else unit.name


def _award_choice(award_type: AwardType, campaign_ids: list[int]) -> SelectChoice:
    kinds = unit_queries.allowed_kinds(award_type)
    label = _("%(award)s (cho %(kinds)s)", award=award_type.name,
              kinds=", ".join(_(NOMINEE_KIND_LABELS[k]).lower() for k in kinds))
    return SelectChoice(str(award_type.id), label, {"data-kinds": " ".join(kinds),
                                                    "data-campaigns": " ".join(map(str, campaign_ids))})


def _nomination_data(form: NewNominationForm) -> NominationData:
    return NominationData(award_type=db.session.get(AwardType, form.award_type.data),
                          nominee=NomineeData(**form.nominee_values()), verified_result_id=form.verified_result.data,
                          **form.nomination_values())


def _offer_results(form: EditNominationForm, nomination: Nomination) -> None:
    """The recognitions in force the nomination may cite (its communes'), and the one it cites even if no longer
    in force (submission then refuses it with its reason)."""
    offered = [SelectChoice(str(r.nomination_id), r.label)
               for r in verified_results.for_nomination(db.session, nomination)]
    if nomination.verified_result_id and all(c.value != str(nomination.verified_result_id) for c in offered):
        offered.append(SelectChoice(str(nomination.verified_result_id),
                                    _("Kết quả đã dẫn chiếu (không còn hiệu lực)")))
    form.verified_result.choices = [SelectChoice("", _("— Không dẫn chiếu —"))] + offered


def _refused(form, refusal: ValidationFailed) -> None:
    """Undo the attempt and put the service's message beside the field it is about (the nominee's name is
    asked in a field of its own per kind of nominee)."""
    fields = dict(REFUSAL_FIELDS)
    if fields.get(refusal.field or "") == "name":
        fields[refusal.field] = NAME_FIELDS[NomineeKind(form.kind.data)]
    refusal_beside_field(form, refusal, fields)


def _form_page(form, nomination: Nomination | None):
    # a new nomination's form lists what each title on offer requires (its evidence is entered once saved)
    conditional = [] if nomination else [award_type for award_type, _campaigns in
                                         unit_queries.award_type_offers(db.session, clock.today())
                                         if award_type.requirements()]
    return render_template("unit/form.html", form=form, nomination=nomination, max_summary=MAX_SUMMARY_CHARS,
                           conditional=conditional,
                           kinds=NomineeKind, kind_labels=Translated(NOMINEE_KIND_LABELS),
                           max_upload_mb=MAX_UPLOAD_BYTES // (1024 * 1024))


def _upload_form(nomination: Nomination) -> UploadForm:
    return UploadForm().for_documents(nomination.award_type.required_documents or ())


def _detail_page(nomination: Nomination, upload_form: UploadForm):
    bar = ActionBar(Role.UNIT_OFFICER)
    withdrawal = (unit_queries.last_event_reason(db.session, nomination, Action.WITHDRAW)
                  if nomination.state == State.WITHDRAWN else None)
    return render_template(
        "unit/nomination.html", nomination=nomination, upload_form=upload_form, withdrawal_reason=withdrawal,
        actions=bar(nomination), may_attach=bar.allows(nomination, Action.ADD_ATTACHMENT),
        events=audit.events_for(db.session, "nomination", nomination.id),
        max_upload_mb=MAX_UPLOAD_BYTES // (1024 * 1024), labels=_labels(),
        evidence_lines=lambda n: evidence_from_json(n.evidence).lines(),
        documents=nominations.document_checklist(nomination),
        field_checks=field_checks.panel(db.session, nomination),
        recognition=recognition.panel(db.session, nomination), comments=recognition.comments_of(db.session, nomination))


def _labels() -> dict:
    return {"kind": Translated(NOMINEE_KIND_LABELS), "attachment": ATTACHMENT_KIND_LABELS, "gender": GENDER_LABELS}


from . import unit_proposals  # noqa: F401 (registers the proposal routes on this blueprint)
from . import unit_recognition  # noqa: F401 (registers the recognition dossier's routes on this blueprint)
