"""Citizens' comments (ý kiến nhân dân): the list with receipt codes, a comment with the commenter's
private contact data, classifying it, publishing a reasoned answer (reject or note), and upholding an
objection (back to appraisal, or not awarded) after a confirmation step, and correcting a published answer
(đính chính: the earlier text stays public, marked as corrected)."""
from flask import abort, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from ...extensions import db
from ...forms.corrections import CorrectionForm
from ...forms.secretariat import COMMENT_STATUS_LABELS, AnswerForm, ClassifyForm, UpholdForm
from ...models import Attachment, CommentKind, CommentStatus, PublicComment, Resolution
from ...rules.errors import DomainError
from ...rules.permissions import Role
from ...rules.states import STATE_LABELS, Action, State
from ...rules.i18n import N_
from ...services import notices, staff_lists
from .. import lists
from ..helpers import done, form_errors, may, role_required
from . import bp
from ._common import comment_or_404, download, my_authorities


@bp.get("/comments")
@role_required(Role.SECRETARIAT)
def comments():
    form, filters = lists.filter_form(my_authorities(), COMMENT_STATUS_LABELS)
    listing = staff_lists.comments(db.session, my_authorities(), filters, N_("Ý kiến nhân dân"))
    return lists.respond(listing, form, "secretariat/comments.html", "y-kien-nhan-dan")


def _comment_page(comment: PublicComment, *, answer_form: AnswerForm | None = None,
                  classify_form: ClassifyForm | None = None, error: str | None = None, status: int = 200):
    classification = comment.classification if comment.classification != CommentKind.UNCLASSIFIED else None
    return render_template(
        "secretariat/comment.html", comment=comment, error=error,
        answer_form=answer_form or AnswerForm(formdata=None),
        classify_form=classify_form or ClassifyForm(formdata=None, classification=classification),
        can_uphold=may(comment.nomination, Action.UPHOLD_OBJECTION, Role.SECRETARIAT)), status


@bp.get("/comments/<int:comment_id>")
@role_required(Role.SECRETARIAT)
def comment(comment_id: int):
    return _comment_page(comment_or_404(comment_id))


@bp.get("/comments/<int:comment_id>/attachments/<int:attachment_id>")
@role_required(Role.SECRETARIAT)
def comment_attachment(comment_id: int, attachment_id: int):
    """The citizen's evidence: staff only, like the commenter's contact data."""
    comment = comment_or_404(comment_id)
    item = db.session.get(Attachment, attachment_id)
    if item is None or item.comment_id != comment.id:
        abort(404)
    return download(item)


@bp.post("/comments/<int:comment_id>/classify")
@role_required(Role.SECRETARIAT)
def classify(comment_id: int):
    comment = comment_or_404(comment_id)
    form = ClassifyForm()
    if not form.validate_on_submit():
        return _comment_page(comment, classify_form=form, status=400)
    notices.classify_comment(db.session, comment, by=current_user, classification=CommentKind(form.classification.data))
    return done(_("Đã phân loại ý kiến %(code)s.", code=comment.receipt_code), ".comment", comment_id=comment.id)


@bp.post("/comments/<int:comment_id>/answer")
@role_required(Role.SECRETARIAT)
def answer(comment_id: int):
    comment = comment_or_404(comment_id)
    form = AnswerForm()
    if form.stage == "edit" or not form.validate_on_submit():
        form_errors(form)
        return _comment_page(comment, answer_form=form)
    if form.stage == "preview":
        return render_template("secretariat/comment_confirm.html", comment=comment, form=form, uphold=False)
    try:
        notices.answer_comment(db.session, comment, by=current_user, answer=form.answer.data,
                               resolution=Resolution(form.resolution.data))
    except DomainError as error:
        db.session.rollback()
        return _comment_page(comment, answer_form=form, error=error.message)
    return done(_("Đã công bố trả lời ý kiến %(code)s.", code=comment.receipt_code), ".comment", comment_id=comment.id)


@bp.route("/comments/<int:comment_id>/uphold", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def uphold(comment_id: int):
    comment = comment_or_404(comment_id)
    form = UpholdForm(version=comment.nomination.version)
    if request.method == "GET" or form.stage == "edit" or not form.validate_on_submit():
        form_errors(form)
        return render_template("secretariat/uphold.html", comment=comment, form=form,
                               allowed=may(comment.nomination, Action.UPHOLD_OBJECTION, Role.SECRETARIAT))
    if form.stage == "preview":
        return render_template("secretariat/comment_confirm.html", comment=comment, form=form, uphold=True)
    notices.uphold_objection(db.session, comment, by=current_user, answer=form.answer.data,
                             expected_version=form.version.data, outcome=State(form.outcome.data))
    return done(_("Đã chấp nhận ý kiến phản ánh %(code)s; hồ sơ chuyển sang «%(state)s».", code=comment.receipt_code,
                  state=_(STATE_LABELS[comment.nomination.state])), ".comment", comment_id=comment.id)


@bp.route("/comments/<int:comment_id>/correct", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def correct(comment_id: int):
    """Đính chính: preview what the public will see, then publish; a refusal is shown beside its field."""
    comment = comment_or_404(comment_id)
    if comment.status != CommentStatus.ANSWERED:
        abort(404)
    upheld = comment.resolution == Resolution.UPHELD
    form = CorrectionForm(data={"answer": comment.answer, "resolution": None if upheld else comment.resolution}
                          if request.method == "GET" else None)
    if upheld:
        form.for_upheld()
    if request.method == "GET" or form.stage == "edit" or not form.validate_on_submit():
        form_errors(form)
        return render_template("secretariat/comment_correct.html", comment=comment, form=form, upheld=upheld)
    if form.stage == "preview":
        return render_template("secretariat/comment_correct.html", comment=comment, form=form, upheld=upheld,
                               preview=True)
    try:
        resolution = None if upheld else Resolution(form.resolution.data)
        notices.correct_answer(db.session, comment, by=current_user, answer=form.answer.data,
                               reason=form.reason.data, resolution=resolution)
    except DomainError as error:
        db.session.rollback()
        getattr(form, getattr(error, "field", None) or "answer").errors = [error.message]
        return render_template("secretariat/comment_correct.html", comment=comment, form=form, upheld=upheld), 400
    return done(_("Đã đính chính trả lời ý kiến %(code)s; nội dung trước vẫn được công khai kèm ghi chú đính chính.",
                  code=comment.receipt_code), ".comment", comment_id=comment.id)
