"""The commune's recognition dossier (xét, công nhận xã đạt chuẩn nông thôn mới): its self-assessment table,
its residents' satisfaction survey, posting the result for comments, and answering the comments on it. Every
change goes through services.recognition or services.notices; the buttons come from rules.permissions."""
from flask import render_template, request
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user

from ..extensions import db
from ..forms.common import ActionForm
from ..forms.recognition import CommuneAnswerForm, SurveyForm
from ..models import CommentKind, PublicComment, Resolution
from ..rules.errors import DomainError, InvalidTransition, NotAllowed
from ..rules.permissions import Role, can
from ..rules.states import Action
from ..services import notices, recognition
from ..services.recognition import Row, SurveyData
from .helpers import done, form_errors, nomination_of_my_unit, role_required, scoped_or_404, unit_ids_of
from .unit import _require, bp


@bp.route("/nominations/<int:nomination_id>/tu-danh-gia", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def self_assessment(nomination_id: int):
    nomination = nomination_of_my_unit(nomination_id)
    _require_bound(nomination, Action.RECORD_SELF_ASSESSMENT)
    form, refusal = ActionForm(), None
    if form.validate_on_submit():
        try:
            recognition.record_self_assessment(db.session, nomination, by=current_user, rows=_rows(nomination))
            return done(_("Đã ghi kết quả tự đánh giá."), "unit.nomination", nomination_id=nomination.id)
        except DomainError as error:
            db.session.rollback()
            refusal = error.message
    return render_template("recognition/self_assessment.html", nomination=nomination, form=form, refusal=refusal,
                           panel=recognition.panel(db.session, nomination)), 400 if refusal else 200


@bp.route("/nominations/<int:nomination_id>/y-kien-hai-long", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def survey(nomination_id: int):
    nomination = nomination_of_my_unit(nomination_id)
    _require_bound(nomination, Action.RECORD_SURVEY)
    form = _survey_form(nomination)
    if form.validate_on_submit():
        try:
            recognition.record_survey(db.session, nomination, by=current_user, data=_survey_data(form))
            return done(_("Đã ghi kết quả lấy ý kiến sự hài lòng."), "unit.nomination", nomination_id=nomination.id)
        except DomainError as error:
            db.session.rollback()
            form.surveyed.errors = [*form.surveyed.errors, error.message]
    form_errors(form)
    return render_template("recognition/survey.html", nomination=nomination, form=form
                           ), 400 if request.method == "POST" else 200


@bp.route("/nominations/<int:nomination_id>/cong-khai", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def post_self_assessment(nomination_id: int):
    nomination = nomination_of_my_unit(nomination_id)
    _require(nomination, Action.OPEN_NOTICE)
    form, refusal = ActionForm(data={"version": nomination.version} if request.method == "GET" else None), None
    if form.validate_on_submit():
        try:
            recognition.post_self_assessment(db.session, nomination, by=current_user,
                                             expected_version=form.version.data)
            return done(_("Đã công khai kết quả tự đánh giá."), "unit.nomination", nomination_id=nomination.id)
        except DomainError as error:
            db.session.rollback()
            refusal = error.message
    return render_template("recognition/post.html", nomination=nomination, form=form, refusal=refusal,
                           panel=recognition.panel(db.session, nomination)), 400 if refusal else 200


@bp.route("/comments/<int:comment_id>/answer", methods=["GET", "POST"])
@role_required(Role.UNIT_OFFICER)
def answer_comment(comment_id: int):
    """The commune answers a comment on its own self-assessment (the new-rural procedure gives it the answer)."""
    comment = scoped_or_404(PublicComment, comment_id,
                            lambda c: c.nomination.proposing_unit_id in unit_ids_of(current_user))
    if not can(current_user.actor(), Action.ANSWER_COMMENT, comment.nomination.facts()):
        raise NotAllowed(_("Bạn không có quyền trả lời ý kiến này."))
    form = CommuneAnswerForm()
    if form.validate_on_submit():
        notices.answer_comment(db.session, comment, by=current_user, answer=form.answer.data,
                               resolution=Resolution(form.resolution.data),
                               classification=CommentKind(form.classification.data))
        return done(_("Đã công bố trả lời ý kiến %(code)s.", code=comment.receipt_code), "unit.nomination",
                    nomination_id=comment.nomination_id)
    form_errors(form)
    return render_template("recognition/answer.html", comment=comment, form=form
                           ), 400 if request.method == "POST" else 200


def _require_bound(nomination, action: Action) -> None:
    """A state-bound action's page: the rules' permission, then the state it is legal in."""
    if not can(current_user.actor(), action, nomination.facts()):
        raise NotAllowed(_("Bạn không có quyền thực hiện thao tác này đối với hồ sơ."))
    if not nomination.procedure.allows(action, nomination.state):
        raise InvalidTransition(_("Thao tác «%(action)s» không thực hiện được ở trạng thái hiện tại của hồ sơ.",
                                  action=pgettext("action", nomination.procedure.action_label(action))))


def _rows(nomination) -> list[Row]:
    """The posted table: one row per criterion shown (met-<code> checked or not, figures, evidence file)."""
    panel = recognition.panel(db.session, nomination)
    rows = []
    for line in panel.lines:
        code = line.criterion.code
        evidence = request.form.get(f"evidence-{code}", "")
        rows.append(Row(code, request.form.get(f"met-{code}") == "1", request.form.get(f"figures-{code}", ""),
                        int(evidence) if evidence.isdigit() else None))
    return rows


def _survey_form(nomination) -> SurveyForm:
    existing = recognition.survey_of(db.session, nomination) if request.method == "GET" else None
    form = SurveyForm(obj=existing)
    form.file_id.choices = [("", _("— Không chọn —"))] + [(str(a.id), a.filename) for a in nomination.attachments]
    return form


def _survey_data(form: SurveyForm) -> SurveyData:
    return SurveyData(surveyed=form.surveyed.data, satisfied=form.satisfied.data, held_from=form.held_from.data,
                      held_to=form.held_to.data, method=form.method.data or "", unit_of_count=form.unit_of_count.data,
                      file_id=form.file_id.data)
