"""Decision drafts (dự thảo quyết định): after the tally, the secretariat puts endorsed nominations before
the authority with the proposed date, signer, title and "Xét đề nghị của …" line. Nothing is numbered
until the authority issues it."""
from flask import render_template
from flask_babel import gettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from ...forms.secretariat import DraftForm
from ...models.decisions import DraftStatus
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...rules.states import Action
from ...services import clock, decisions, lookups, word_documents
from ..helpers import done, form_errors, paginate, role_required, salary_warnings, send_made
from . import bp
from ._common import draft_or_404, my_authorities, nomination_or_404


@bp.get("/drafts")
@role_required(Role.SECRETARIAT)
def drafts():
    page = paginate(lookups.drafts_of(my_authorities()))
    return render_template("secretariat/drafts.html", page=page)


@bp.route("/drafts/new", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def draft_new():
    endorsed = db.session.scalars(lookups.endorsed_without_draft(my_authorities())).all()
    form = DraftForm(decision_date=clock.today())
    signers = lookups.active_signers(db.session, my_authorities(), form.decision_date.data or clock.today())
    form.nominations.choices = [SelectChoice(n.id, n.nominee.full_name) for n in endorsed]
    form.signer_id.choices = [SelectChoice(s.id, f"{s.signing_form} {s.title} {s.full_name}".strip())
                              for s in signers]
    error = None
    if form.validate_on_submit():
        try:
            draft = decisions.prepare_draft(
                db.session, [nomination_or_404(i) for i in form.nominations.data], by=current_user,
                signer=next(s for s in signers if s.id == form.signer_id.data), decision_date=form.decision_date.data,
                title=form.title.data or "", proposal=form.proposal.data or "")
            return done(gettext("Đã lập dự thảo quyết định và chuyển lãnh đạo xem xét ký ban hành."),
                        ".draft", draft_id=draft.id)
        except DomainError as refusal:
            db.session.rollback()
            error = refusal.message
    form_errors(form)
    return render_template("secretariat/draft_form.html", form=form, endorsed=endorsed, error=error)


@bp.get("/drafts/<int:draft_id>")
@role_required(Role.SECRETARIAT)
def draft(draft_id: int):
    draft = draft_or_404(draft_id)
    prizes = {n.id: _prize(n, draft) for n in draft.nominations} if draft.status == DraftStatus.OPEN else {}
    return render_template("secretariat/draft.html", draft=draft, prizes=prizes,
                           salary_warnings=salary_warnings(draft))


@bp.get("/drafts/<int:draft_id>/du-thao.docx")
@role_required(Role.SECRETARIAT)
def draft_docx(draft_id: int):
    """The draft decision in Word (the issued decision once issued), to proof-read before it is signed."""
    return send_made(word_documents.draft_decision(db.session, draft_or_404(draft_id), by=current_user,
                                                   action=Action.PREPARE_DECISION))


@bp.get("/drafts/<int:draft_id>/danh-sach.docx")
@role_required(Role.SECRETARIAT)
def draft_annex_docx(draft_id: int):
    return send_made(word_documents.draft_annex(db.session, draft_or_404(draft_id), by=current_user,
                                                action=Action.PREPARE_DECISION))


def _prize(nomination, draft):
    """The prize preview, or None when no base salary is in force on the draft's date."""
    try:
        return decisions.prize_preview(db.session, nomination, draft.decision_date)
    except DomainError:
        return None
