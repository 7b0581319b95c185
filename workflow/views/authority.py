"""The authority's area (chairperson or vice-chair who signs): decision drafts to issue, lines to refuse,
issued decisions and the revocation of an awarded line. Scoped to the authorities the user signs for."""
from flask import Blueprint, abort, render_template
from flask_login import current_user

from ..extensions import db
from ..forms.authority import IssueForm, RefuseForm, RevokeForm
from ..models import Decision, DecisionDraft
from ..rules.errors import Conflict
from ..rules.nominees import NOMINEE_KIND_LABELS
from ..rules.permissions import Role
from ..rules.states import State
from ..services import council_queries as queries
from ..services import decisions
from .helpers import authority_ids_of, done, form_errors, nomination_of_my_authority, paginate, role_required

bp = Blueprint("authority", __name__)


@bp.context_processor
def labels() -> dict:
    return {"NOMINEE_KIND_LABELS": NOMINEE_KIND_LABELS}


def my_authorities() -> set[int]:
    return authority_ids_of(current_user, Role.AUTHORITY)


def draft_of_my_authority(draft_id: int) -> DecisionDraft:
    draft = db.session.get(DecisionDraft, draft_id)
    if draft is None or draft.authority_id not in my_authorities():
        abort(404)
    return draft


def decision_of_my_authority(decision_id: int) -> Decision:
    decision = db.session.get(Decision, decision_id)
    if decision is None or decision.authority_id not in my_authorities():
        abort(404)
    return decision


@bp.get("/")
@role_required(Role.AUTHORITY)
def index():
    mine = my_authorities()
    return render_template("authority/index.html", drafts=paginate(queries.open_drafts(mine), page_arg="du_thao"),
                           waiting=paginate(queries.endorsed_without_draft(mine), page_arg="cho_du_thao"),
                           issued=paginate(queries.issued_decisions(mine), page_arg="quyet_dinh"))


@bp.get("/drafts/<int:draft_id>")
@role_required(Role.AUTHORITY)
def draft(draft_id: int):
    draft = draft_of_my_authority(draft_id)
    return render_template("authority/draft.html", **_draft_context(draft))


@bp.route("/drafts/<int:draft_id>/issue", methods=["GET", "POST"])
@role_required(Role.AUTHORITY)
def issue(draft_id: int):
    """GET lists exactly what will be issued; POST issues it as long as that is still so."""
    draft = draft_of_my_authority(draft_id)
    context = _draft_context(draft)
    pending = [line.nomination for line in context["lines"] if line.pending]
    form = IssueForm(ids=",".join(str(n.id) for n in pending), versions=",".join(str(n.version) for n in pending))
    if not form.validate_on_submit():
        form_errors(form)
        return render_template("authority/issue.html", form=form, **context)
    expected = form.expected_versions()
    if draft.status == "open" and set(expected) != {n.id for n in pending}:
        raise Conflict("Danh sách hồ sơ của dự thảo đã thay đổi sau khi bạn mở trang xác nhận. Vui lòng tải lại.")
    decision = decisions.issue_draft(db.session, draft, by=current_user._get_current_object(),
                                     expected_versions=expected)
    return done(f"Đã ban hành Quyết định số {decision.number}.", "authority.decision", decision_id=decision.id)


@bp.route("/nominations/<int:nomination_id>/refuse", methods=["GET", "POST"])
@role_required(Role.AUTHORITY)
def refuse(nomination_id: int):
    nomination = nomination_of_my_authority(nomination_id, Role.AUTHORITY)
    draft = queries.open_draft_of(db.session, nomination)
    form = RefuseForm(version=nomination.version)
    if not form.validate_on_submit():
        form_errors(form)
        return render_template("authority/refuse.html", form=form, nomination=nomination, draft=draft)
    decisions.refuse(db.session, nomination, by=current_user._get_current_object(),
                     expected_version=form.version.data, reason=form.reason.data)
    back = ("authority.draft", {"draft_id": draft.id}) if draft else ("authority.index", {})
    return done(f"Đã không khen thưởng «{nomination.nominee.full_name}».", back[0], **back[1])


@bp.get("/decisions/<int:decision_id>")
@role_required(Role.AUTHORITY)
def decision(decision_id: int):
    return render_template("authority/decision.html", decision=decision_of_my_authority(decision_id),
                           AWARDED=State.AWARDED)


@bp.route("/nominations/<int:nomination_id>/revoke", methods=["GET", "POST"])
@role_required(Role.AUTHORITY)
def revoke(nomination_id: int):
    nomination = nomination_of_my_authority(nomination_id, Role.AUTHORITY)
    certificate = decisions.certificate_of(db.session, nomination)
    if certificate is None:
        abort(404)  # only a decided line can be revoked
    form = RevokeForm(version=nomination.version)
    if not form.validate_on_submit():
        form_errors(form)
        return render_template("authority/revoke.html", form=form, nomination=nomination, line=certificate.line)
    decisions.revoke(db.session, nomination, by=current_user._get_current_object(),
                     expected_version=form.version.data, reason=form.reason.data,
                     revoking_decision_no=form.revoking_decision_no.data.strip())
    return done(f"Đã thu hồi khen thưởng của «{nomination.nominee.full_name}».", "authority.decision",
                decision_id=certificate.line.decision_id)


def _draft_context(draft: DecisionDraft) -> dict:
    lines = queries.draft_lines(db.session, draft) if draft.status == "open" else []
    return {"draft": draft, "lines": lines, "number": queries.number_preview(db.session, draft),
            "legal_basis": queries.legal_basis_lines(draft.nominations),
            "total": sum(line.amount or 0 for line in lines)}
