"""The unit officer's proposals (Tờ trình kèm danh sách), on the unit blueprint: the list, a proposal's page with
its lines, the import template, importing a list (all rows checked, every problem by row and column, nothing kept
unless all are valid or the officer saves the valid rows as drafts), the signed letter's scan, and «Gửi tờ trình»
after a confirmation page. Every change goes through services.proposals."""
import hashlib
from io import BytesIO

from flask import abort, render_template, request, send_file
from flask import session as cookie
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ..errors import STATUS
from ..extensions import db
from ..files import file_store
from ..forms.common import ActionForm
from ..forms.proposals import GatherForm, ImportForm, ProposalFields, ScanForm, read_list
from ..models import Campaign, Proposal, Unit
from ..rules.errors import DomainError, InvalidTransition, ValidationFailed
from ..rules.nominees import NOMINEE_KIND_LABELS
from ..rules.permissions import Role
from ..rules.proposals import PROPOSAL_STATE_LABELS, ProposalState
from ..rules.workbook import WorkbookRefused
from ..services import clock, proposal_queries, proposals, unit_queries
from ..services.list_template import template
from ..services.proposals import ListRefused
from ..templating import Translated
from .helpers import MAX_ID, done, form_errors, paginate, refusal_beside_field, role_required, scoped_or_404, \
    send_stored, unit_ids_of
from .unit import bp

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LINES_PER_PAGE = 50
UPLOAD_KEY = "list_upload"   # the hash of the last refused upload, so "save the valid rows" may reuse it


@bp.context_processor
def proposal_labels():
    return {"PROPOSAL_STATE_LABELS": Translated(PROPOSAL_STATE_LABELS), "ProposalState": ProposalState,
            "NOMINEE_KIND_LABELS": Translated(NOMINEE_KIND_LABELS)}


@bp.get("/proposals")
@role_required(Role.UNIT_OFFICER)
def proposals_list():
    page = paginate(proposal_queries.proposals_of(unit_ids_of(current_user)))
    return render_template("unit/proposals.html", page=page)


@bp.get("/proposals/<int:proposal_id>")
@role_required(Role.UNIT_OFFICER)
def proposal(proposal_id: int):
    item = _mine(proposal_id)
    return _page(item, ScanForm(data={"version": item.version}))


@bp.route("/proposals/new", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def proposal_new():
    """Lập tờ trình từ hồ sơ nháp: the letter, and the unit's free drafts it carries (same unit and campaign)."""
    drafts = db.session.scalars(proposal_queries.free_drafts(unit_ids_of(current_user))).all()
    form = _choices(GatherForm())
    form.lines.choices = [SelectChoice(str(n.id), f"{n.nominee.full_name} — {n.award_type.name} ({n.campaign.name})")
                          for n in drafts]
    if form.validate_on_submit():
        try:
            item = proposals.create(
                db.session, by=current_user._get_current_object(), campaign=db.session.get(Campaign, form.campaign.data),
                proposing_unit=db.session.get(Unit, form.proposing_unit.data), header=form.header(),
                lines=[n for n in drafts if n.id in set(form.lines.data)])
        except DomainError as refusal:
            db.session.rollback()
            refusal_beside_field(form, refusal, default="lines")
        else:
            return done(_("Đã lập Tờ trình %(number)s với %(count)d hồ sơ.", number=item.number,
                          count=len(form.lines.data)), "unit.proposal", proposal_id=item.id)
    form_errors(form)
    return render_template("unit/proposal_new.html", form=form, drafts=drafts), 400 if form.errors else 200


@bp.get("/proposals/template.xlsx")
@role_required(Role.UNIT_OFFICER)
def list_template():
    wanted = request.args.get("campaign", 0, type=int) or 0
    campaign = db.session.get(Campaign, wanted) if 0 < wanted <= MAX_ID else None   # an absurd id is no campaign
    campaigns = [campaign] if campaign else unit_queries.campaigns(db.session)
    offered = {a.id: a for c in campaigns for a in proposal_queries.offered_award_types(db.session, c, clock.today())}
    return send_file(BytesIO(template(list(offered.values()), campaign.name if campaign else "")), mimetype=XLSX,
                     as_attachment=True, download_name="mau-danh-sach-de-nghi-khen-thuong.xlsx")


@bp.route("/proposals/import", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def import_list():
    """Check every row; save all (or, when asked, the valid ones as drafts); else show each problem, save nothing."""
    form = _choices(ImportForm())
    if not form.validate_on_submit():
        form_errors(form)
        return render_template("unit/proposal_import.html", form=form)
    try:
        data, sha = _upload(form)
        lines = _read(data, form)
        file_store().put(data)   # a readable workbook only: kept as the proposal's source
        outcome = proposals.import_list(
            db.session, by=current_user._get_current_object(), campaign=db.session.get(Campaign, form.campaign.data),
            proposing_unit=db.session.get(Unit, form.proposing_unit.data), header=form.header(), lines=lines,
            file_sha256=sha, keep_valid=bool(form.keep_valid.data))
    except ListRefused as refused:
        return _refused_list(form, data, sha, refused, lines)
    except (WorkbookRefused, ValidationFailed) as refusal:
        refusal_beside_field(form, refusal, default="file")
        return render_template("unit/proposal_import.html", form=form), 400
    cookie.pop(UPLOAD_KEY, None)
    return done(_saved_message(outcome), "unit.proposal", proposal_id=outcome.proposal.id)


@bp.post("/proposals/<int:proposal_id>/scan")
@role_required(Role.UNIT_OFFICER)
def proposal_scan(proposal_id: int):
    item = _mine(proposal_id)
    form = ScanForm()
    file = form.scan.data
    if form.validate_on_submit() and file and getattr(file, "filename", ""):
        try:
            proposals.attach_scan(db.session, item, by=current_user._get_current_object(), store=file_store(),
                                  filename=file.filename, data=file.read(), expected_version=form.version.data)
        except ValidationFailed as refusal:
            refusal_beside_field(form, refusal, default="scan")
        else:
            return done(_("Đã đính kèm bản quét Tờ trình."), "unit.proposal", proposal_id=item.id)
    elif not form.scan.errors:
        form.scan.errors = [_("Hãy chọn tệp cần tải lên.")]
    return _page(item, form), 400


@bp.get("/proposals/<int:proposal_id>/scan")
@role_required(Role.UNIT_OFFICER)
def proposal_scan_file(proposal_id: int):
    item = _mine(proposal_id)
    if not item.scan_sha256:
        abort(404)
    return send_stored(item.scan_sha256, item.scan_filename or "to-trinh.pdf")


@bp.route("/proposals/<int:proposal_id>/submit", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def proposal_submit(proposal_id: int):
    """Gửi tờ trình: a confirmation page listing the lines that will move; then every one moves, or none."""
    item = _mine(proposal_id)
    form, refusal = ActionForm(data={"version": item.version} if request.method == "GET" else None), None
    if form.validate_on_submit():
        try:
            moved = proposals.submit(db.session, item, by=current_user._get_current_object(),
                                     expected_version=form.version.data)
        except DomainError as error:
            db.session.rollback()
            refusal = error.message
        else:
            return done(_("Đã gửi Tờ trình %(number)s: %(count)d dòng.", number=item.number, count=len(moved)),
                        "unit.proposal", proposal_id=item.id)
    moving = proposals.sendable_lines(item)
    return render_template("unit/proposal_submit.html", proposal=item, form=form, refusal=refusal,
                           moving=moving), STATUS[InvalidTransition] if refusal else 200


# --- helpers -----------------------------------------------------------------------------------------------

def _mine(proposal_id: int) -> Proposal:
    return scoped_or_404(Proposal, proposal_id, lambda p: p.proposing_unit_id in unit_ids_of(current_user))


def _page(item: Proposal, scan_form: ScanForm):
    return render_template("unit/proposal.html", proposal=item, scan_form=scan_form,
                           lines=paginate(proposal_queries.lines_of(item), per_page=LINES_PER_PAGE),
                           sendable=proposals.sendable_lines(item), may_attach=proposals.may_attach_scan(item))


def _choices(form: ProposalFields) -> ProposalFields:
    form.proposing_unit.choices = [SelectChoice(str(u.id), u.name)
                                   for u in unit_queries.my_units(db.session, unit_ids_of(current_user))]
    form.campaign.choices = [SelectChoice("", _("— Chọn phong trào / đợt xét —"))] + [
        SelectChoice(str(c.id), c.name) for c in unit_queries.campaigns(db.session)]
    return form


def _read(data: bytes, form: ImportForm) -> list:
    campaign = db.session.get(Campaign, form.campaign.data)
    return read_list(data, proposal_queries.award_names(db.session, campaign, clock.today()))


def _refused_list(form: ImportForm, data: bytes, sha: str, refused: ListRefused, lines: list):
    """Nothing of the attempt is kept but the file (in the store, by hash; the hash in the form and in the signed
    session), so «Lưu các dòng hợp lệ thành bản nháp» may use it without choosing it again."""
    db.session.rollback()
    file_store().put(data)
    db.session.commit()
    cookie[UPLOAD_KEY] = form.token.data = sha
    return render_template("unit/proposal_import.html", form=form, refused=refused, lines=lines)


def _saved_message(outcome) -> str:
    if not outcome.problems:
        return _("Đã lập Tờ trình %(number)s với %(saved)d dòng (bản nháp).", number=outcome.proposal.number,
                 saved=len(outcome.saved))
    return _("Đã lưu %(saved)d dòng hợp lệ thành bản nháp trong Tờ trình %(number)s; %(bad)d dòng có lỗi không "
             "được lưu.", saved=len(outcome.saved), number=outcome.proposal.number,
             bad=len({p.row for p in outcome.problems}))


def _upload(form: ImportForm) -> tuple[bytes, str]:
    """The workbook sent now, or the one refused a moment ago (its hash in the form and in the signed session)."""
    file = form.file.data
    if file and getattr(file, "filename", ""):
        data = file.read()
        if not data:
            raise WorkbookRefused(_("Tệp rỗng."), field="file")
        return data, hashlib.sha256(data).hexdigest()
    token = form.token.data or ""
    if token and token == cookie.get(UPLOAD_KEY) and file_store().exists(token):
        return file_store().read(token), token
    raise WorkbookRefused(_("Hãy chọn tệp danh sách (.xlsx) cần nhập."), field="file")
