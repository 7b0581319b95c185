"""The secretariat's forms: return with a reason, appraisal checklist, public notice, comments, council
sessions and decision drafts. Validation only; every message is a Vietnamese sentence."""
from flask_babel import ngettext
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField,
                     SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..models import CommentKind, CommentStatus, Resolution
from ..rules.i18n import N_
from ..rules.states import ACTION_CONTEXT, ACTION_LABELS, Action, State
from .common import REQUIRED, ActionForm, BulkForm, FlaskForm

MAX_NOTICE_DAYS = 60
NOT_A_CHOICE = _l("Lựa chọn không hợp lệ; vui lòng chọn một mục trong danh sách.")
CHOICE_MESSAGES = {"invalid_choice_message": NOT_A_CHOICE, "invalid_value_message": NOT_A_CHOICE}

COMMENT_KIND_LABELS = {
    CommentKind.UNCLASSIFIED: _l("Chưa phân loại"),
    CommentKind.OBJECTION: _l("Phản ánh, khiếu nại"),
    CommentKind.SUPPORT: _l("Đồng tình"),
    CommentKind.QUESTION: _l("Hỏi, đề nghị làm rõ"),
    CommentKind.OTHER: _l("Khác"),
}
COMMENT_STATUS_LABELS = {
    CommentStatus.RECEIVED: _l("Mới tiếp nhận"),
    CommentStatus.UNDER_REVIEW: _l("Đang xem xét"),
    CommentStatus.ANSWERED: _l("Đã trả lời"),
}
RESOLUTION_LABELS = {
    Resolution.REJECTED: _l("Không chấp nhận ý kiến phản ánh (nêu rõ lý do)"),
    Resolution.NOTED: _l("Ghi nhận và trả lời ý kiến"),
    Resolution.UPHELD: _l("Chấp nhận ý kiến phản ánh"),
}
UPHOLD_OUTCOMES = {
    State.IN_APPRAISAL: _l("Đưa hồ sơ về thẩm định lại"),
    State.NOT_AWARDED: _l("Không khen thưởng"),
}
# Shown when an award type has no checklist of its own (AwardType.appraisal_checklist is empty). Plain strings:
# they are stored as the keys of the appraisal's checklist; only the form's labels are translated.
DEFAULT_CHECKLIST = (
    N_("Thành phần hồ sơ đầy đủ (Tờ trình, báo cáo thành tích, biên bản bình xét)"),
    N_("Đối tượng và thành tích đạt tiêu chuẩn của hình thức khen thưởng"),
    N_("Không trùng lặp với thành tích đã được khen thưởng"),
    N_("Đúng thẩm quyền đề nghị và đúng thời hạn"),
)


class VietnameseDateField(DateField):
    """A date field whose parse error is a Vietnamese sentence (WTForms ships no Vietnamese catalogue)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Ngày không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm.")) from exc


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError(_l("Vui lòng nhập một số nguyên.")) from exc


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StagedForm(FlaskForm):
    """An irreversible step in two stages: `preview` shows exactly what will change, `confirm` does it,
    `edit` goes back to the form with what was typed."""

    preview = SubmitField(_l("Xem trước"))
    confirm = SubmitField(_l("Xác nhận"))
    edit = SubmitField(_l("Quay lại sửa"))

    @property
    def stage(self) -> str:
        for name in ("confirm", "preview"):
            if getattr(self, name).data:
                return name
        return "edit"


class ReturnForm(ActionForm):
    reason = TextAreaField(_l("Lý do trả lại hồ sơ"), validators=[
        DataRequired(_l("Cần nêu lý do trả lại để đơn vị bổ sung.")),
        Length(max=2000, message=_l("Lý do dài quá 2000 ký tự."))])
    # The same words name the state "returned"; the context lets English say "Return" on the button.
    submit = SubmitField(_lp("action", "Trả lại để bổ sung"))


class AcceptForm(ActionForm):
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.ACCEPT]))


def appraisal_form(items: list[str], **kwargs) -> FlaskForm:
    """The appraisal note with one checkbox per checklist item; `form.checklist()` gives {item: bool}."""
    class AppraisalForm(FlaskForm):
        body = TextAreaField(_l("Ý kiến thẩm định"), validators=[
            DataRequired(_l("Cần nhập nội dung ý kiến thẩm định.")),
            Length(max=5000, message=_l("Ý kiến dài quá 5000 ký tự."))])
        submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.APPRAISE]))

        def item_fields(self):
            return [self[f"item_{i}"] for i in range(len(items))]

        def checklist(self) -> dict[str, bool]:
            return {item: bool(self[f"item_{i}"].data) for i, item in enumerate(items)}

    for i, item in enumerate(items):
        setattr(AppraisalForm, f"item_{i}", BooleanField(_l(item)))
    return AppraisalForm(**kwargs)


class NoticeForm(StagedForm, BulkForm):
    """Open a public notice for the selected nominations (`ids`, `versions` carried from the list)."""

    title = StringField(_l("Tiêu đề thông báo"), validators=[
        DataRequired(_l("Cần nhập tiêu đề thông báo.")), Length(max=300, message=_l("Tiêu đề dài quá 300 ký tự."))])
    working_days = WholeNumberField(_l("Số ngày làm việc công khai"), validators=[InputRequired(REQUIRED)])
    how_to_comment = TextAreaField(_l("Cách thức góp ý (để trống: dùng nội dung mặc định)"), validators=[
        Optional(), Length(max=2000, message=_l("Nội dung dài quá 2000 ký tự."))])
    confirm = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.OPEN_NOTICE]))
    minimum = 1  # set by the view: the largest minimum among the selected award types

    def validate_working_days(self, field):
        if field.data is not None and field.data < self.minimum:
            raise ValidationError(ngettext("Thời gian công khai tối thiểu là %(num)d ngày làm việc.",
                                           "Thời gian công khai tối thiểu là %(num)d ngày làm việc.", self.minimum))
        if field.data is not None and field.data > MAX_NOTICE_DAYS:
            raise ValidationError(ngettext("Thời gian công khai tối đa %(num)d ngày làm việc.",
                                           "Thời gian công khai tối đa %(num)d ngày làm việc.", MAX_NOTICE_DAYS))


class ClassifyForm(FlaskForm):
    # no kind chosen in advance: an unclassified comment shows "— Chọn —", never "Phản ánh, khiếu nại"
    classification = SelectField(_l("Phân loại ý kiến"), **CHOICE_MESSAGES, choices=[SelectChoice("", _l("— Chọn —"))] + [
        SelectChoice(str(k), v) for k, v in COMMENT_KIND_LABELS.items() if k != CommentKind.UNCLASSIFIED],
        validators=[InputRequired(_l("Chọn một loại ý kiến."))])
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.CLASSIFY_COMMENT]))


class AnswerForm(StagedForm):
    answer = TextAreaField(_l("Nội dung trả lời (sẽ được công khai)"), validators=[
        DataRequired(_l("Cần nhập nội dung trả lời; nội dung này sẽ được công khai.")),
        Length(max=5000, message=_l("Nội dung trả lời dài quá 5000 ký tự."))])
    # no default: the secretariat chooses the outcome itself (issue 13: a pre-selected "không chấp nhận" was
    # published by mistake)
    resolution = RadioField(_l("Kết quả xử lý"), **CHOICE_MESSAGES, choices=[
        SelectChoice(str(r), RESOLUTION_LABELS[r]) for r in (Resolution.REJECTED, Resolution.NOTED)],
        validators=[InputRequired(_l("Cần chọn kết quả xử lý."))])
    confirm = SubmitField(_l("Công bố trả lời"))


class UpholdForm(StagedForm, ActionForm):
    answer = TextAreaField(_l("Trả lời công khai và lý do chấp nhận"), validators=[
        DataRequired(_l("Cần nêu trả lời; nội dung này được công khai và là lý do xử lý hồ sơ.")),
        Length(max=5000, message=_l("Nội dung trả lời dài quá 5000 ký tự."))])
    outcome = RadioField(_l("Xử lý hồ sơ"), default=str(State.IN_APPRAISAL), **CHOICE_MESSAGES,
                         choices=[SelectChoice(str(s), label) for s, label in UPHOLD_OUTCOMES.items()],
                         validators=[InputRequired(_l("Cần chọn cách xử lý hồ sơ."))])
    confirm = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.UPHOLD_OBJECTION]))


class SessionForm(FlaskForm):
    title = StringField(_l("Tên phiên họp"), validators=[
        DataRequired(_l("Cần nhập tên phiên họp.")), Length(max=300, message=_l("Tên phiên họp dài quá 300 ký tự."))])
    meeting_date = VietnameseDateField(_l("Ngày họp"), validators=[InputRequired(_l("Cần chọn ngày họp."))])
    authority_id = SelectField(_l("Cấp có thẩm quyền"), coerce=int, **CHOICE_MESSAGES)
    # optional: without it the first member called chairs; the service checks the choice is a member called
    chair_id = SelectField(_l("Chủ tọa phiên họp"), coerce=int, validate_choice=False,
                           validators=[Optional()])
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.CREATE_SESSION]))


class RescheduleForm(FlaskForm):
    meeting_date = VietnameseDateField(_l("Ngày họp mới"), validators=[InputRequired(_l("Cần chọn ngày họp."))])
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.RESCHEDULE_SESSION]))


class AttendanceForm(FlaskForm):
    present = MultiCheckboxField(_l("Thành viên có mặt"), coerce=int, **CHOICE_MESSAGES)
    submit = SubmitField(_l("Lưu điểm danh"))


class AgendaForm(ActionForm):
    nomination_id = HiddenField(validators=[DataRequired(REQUIRED)])
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.TO_COUNCIL]))


class ConfirmForm(FlaskForm):
    submit = SubmitField(_l("Xác nhận"))


class DraftForm(FlaskForm):
    nominations = MultiCheckboxField(_l("Hồ sơ đưa vào dự thảo"), coerce=int, **CHOICE_MESSAGES, validators=[
        DataRequired(_l("Chọn ít nhất một hồ sơ đã được Hội đồng đề nghị."))])
    decision_date = VietnameseDateField(_l("Ngày quyết định dự kiến"),
                                        validators=[InputRequired(_l("Cần chọn ngày quyết định."))])
    signer_id = SelectField(_l("Người ký"), coerce=int, **CHOICE_MESSAGES,
                            validators=[InputRequired(_l("Cần chọn người ký."))])
    title = StringField(_l("Trích yếu (để trống: «Về việc tặng …»)"), validators=[
        Optional(), Length(max=300, message=_l("Trích yếu dài quá 300 ký tự."))])
    proposal = TextAreaField(_l("Xét đề nghị của …"), validators=[
        Optional(), Length(max=1000, message=_l("Nội dung dài quá 1000 ký tự."))])
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.PREPARE_DECISION]))
