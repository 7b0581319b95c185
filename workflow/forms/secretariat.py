"""The secretariat's forms: return with a reason, appraisal checklist, public notice, comments, council
sessions and decision drafts. Validation only; every message is a Vietnamese sentence."""
from flask_wtf import FlaskForm
from wtforms import (BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField,
                     SelectMultipleField, StringField, SubmitField, TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..models import CommentKind, CommentStatus, Resolution
from ..rules.states import ACTION_LABELS, Action, State
from .common import REQUIRED, ActionForm, BulkForm

MAX_NOTICE_DAYS = 60
NOT_A_CHOICE = "Lựa chọn không hợp lệ; vui lòng chọn một mục trong danh sách."
CHOICE_MESSAGES = {"invalid_choice_message": NOT_A_CHOICE, "invalid_value_message": NOT_A_CHOICE}

COMMENT_KIND_LABELS = {
    CommentKind.UNCLASSIFIED: "Chưa phân loại",
    CommentKind.OBJECTION: "Phản ánh, khiếu nại",
    CommentKind.SUPPORT: "Đồng tình",
    CommentKind.QUESTION: "Hỏi, đề nghị làm rõ",
    CommentKind.OTHER: "Khác",
}
COMMENT_STATUS_LABELS = {
    CommentStatus.RECEIVED: "Mới tiếp nhận",
    CommentStatus.UNDER_REVIEW: "Đang xem xét",
    CommentStatus.ANSWERED: "Đã trả lời",
}
RESOLUTION_LABELS = {
    Resolution.REJECTED: "Không chấp nhận ý kiến phản ánh (nêu rõ lý do)",
    Resolution.NOTED: "Ghi nhận và trả lời ý kiến",
    Resolution.UPHELD: "Chấp nhận ý kiến phản ánh",
}
UPHOLD_OUTCOMES = {
    State.IN_APPRAISAL: "Đưa hồ sơ về thẩm định lại",
    State.NOT_AWARDED: "Không khen thưởng",
}
# Shown when an award type has no checklist of its own (AwardType.appraisal_checklist is empty).
DEFAULT_CHECKLIST = (
    "Thành phần hồ sơ đầy đủ (Tờ trình, báo cáo thành tích, biên bản bình xét)",
    "Đối tượng và thành tích đạt tiêu chuẩn của hình thức khen thưởng",
    "Không trùng lặp với thành tích đã được khen thưởng",
    "Đúng thẩm quyền đề nghị và đúng thời hạn",
)


class VietnameseDateField(DateField):
    """A date field whose parse error is a Vietnamese sentence (WTForms ships no Vietnamese catalogue)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Ngày không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm.") from exc


class WholeNumberField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as exc:
            raise ValueError("Vui lòng nhập một số nguyên.") from exc


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StagedForm(FlaskForm):
    """An irreversible step in two stages: `preview` shows exactly what will change, `confirm` does it,
    `edit` goes back to the form with what was typed."""

    preview = SubmitField("Xem trước")
    confirm = SubmitField("Xác nhận")
    edit = SubmitField("Quay lại sửa")

    @property
    def stage(self) -> str:
        for name in ("confirm", "preview"):
            if getattr(self, name).data:
                return name
        return "edit"


class ReturnForm(ActionForm):
    reason = TextAreaField("Lý do trả lại hồ sơ", validators=[
        DataRequired("Cần nêu lý do trả lại để đơn vị bổ sung."), Length(max=2000, message="Lý do dài quá 2000 ký tự.")])
    submit = SubmitField(ACTION_LABELS[Action.RETURN])


class AcceptForm(ActionForm):
    submit = SubmitField(ACTION_LABELS[Action.ACCEPT])


def appraisal_form(items: list[str], **kwargs) -> FlaskForm:
    """The appraisal note with one checkbox per checklist item; `form.checklist()` gives {item: bool}."""
    class AppraisalForm(FlaskForm):
        body = TextAreaField("Ý kiến thẩm định", validators=[
            DataRequired("Cần nhập nội dung ý kiến thẩm định."), Length(max=5000, message="Ý kiến dài quá 5000 ký tự.")])
        submit = SubmitField(ACTION_LABELS[Action.APPRAISE])

        def item_fields(self):
            return [self[f"item_{i}"] for i in range(len(items))]

        def checklist(self) -> dict[str, bool]:
            return {item: bool(self[f"item_{i}"].data) for i, item in enumerate(items)}

    for i, item in enumerate(items):
        setattr(AppraisalForm, f"item_{i}", BooleanField(item))
    return AppraisalForm(**kwargs)


class NoticeForm(StagedForm, BulkForm):
    """Open a public notice for the selected nominations (`ids`, `versions` carried from the list)."""

    title = StringField("Tiêu đề thông báo", validators=[
        DataRequired("Cần nhập tiêu đề thông báo."), Length(max=300, message="Tiêu đề dài quá 300 ký tự.")])
    working_days = WholeNumberField("Số ngày làm việc công khai", validators=[InputRequired(REQUIRED)])
    how_to_comment = TextAreaField("Cách thức góp ý (để trống: dùng nội dung mặc định)", validators=[
        Optional(), Length(max=2000, message="Nội dung dài quá 2000 ký tự.")])
    confirm = SubmitField(ACTION_LABELS[Action.OPEN_NOTICE])
    minimum = 1  # set by the view: the largest minimum among the selected award types

    def validate_working_days(self, field):
        if field.data is not None and field.data < self.minimum:
            raise ValidationError(f"Thời gian công khai tối thiểu là {self.minimum} ngày làm việc.")
        if field.data is not None and field.data > MAX_NOTICE_DAYS:
            raise ValidationError(f"Thời gian công khai tối đa {MAX_NOTICE_DAYS} ngày làm việc.")


class CommentFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    status = SelectField("Trạng thái", validators=[Optional()], **CHOICE_MESSAGES, choices=[SelectChoice("", "Tất cả")] + [
        SelectChoice(str(k), v) for k, v in COMMENT_STATUS_LABELS.items()])


class ClassifyForm(FlaskForm):
    classification = SelectField("Phân loại ý kiến", **CHOICE_MESSAGES, choices=[
        SelectChoice(str(k), v) for k, v in COMMENT_KIND_LABELS.items() if k != CommentKind.UNCLASSIFIED])
    submit = SubmitField(ACTION_LABELS[Action.CLASSIFY_COMMENT])


class AnswerForm(StagedForm):
    answer = TextAreaField("Nội dung trả lời (sẽ được công khai)", validators=[
        DataRequired("Cần nhập nội dung trả lời; nội dung này sẽ được công khai."),
        Length(max=5000, message="Nội dung trả lời dài quá 5000 ký tự.")])
    resolution = RadioField("Kết quả xử lý", default=str(Resolution.REJECTED), **CHOICE_MESSAGES, choices=[
        SelectChoice(str(r), RESOLUTION_LABELS[r]) for r in (Resolution.REJECTED, Resolution.NOTED)],
        validators=[InputRequired("Cần chọn kết quả xử lý.")])
    confirm = SubmitField("Công bố trả lời")


class UpholdForm(StagedForm, ActionForm):
    answer = TextAreaField("Trả lời công khai và lý do chấp nhận", validators=[
        DataRequired("Cần nêu trả lời; nội dung này được công khai và là lý do xử lý hồ sơ."),
        Length(max=5000, message="Nội dung trả lời dài quá 5000 ký tự.")])
    outcome = RadioField("Xử lý hồ sơ", default=str(State.IN_APPRAISAL), **CHOICE_MESSAGES,
                         choices=[SelectChoice(str(s), label) for s, label in UPHOLD_OUTCOMES.items()],
                         validators=[InputRequired("Cần chọn cách xử lý hồ sơ.")])
    confirm = SubmitField(ACTION_LABELS[Action.UPHOLD_OBJECTION])


class SessionForm(FlaskForm):
    title = StringField("Tên phiên họp", validators=[
        DataRequired("Cần nhập tên phiên họp."), Length(max=300, message="Tên phiên họp dài quá 300 ký tự.")])
    meeting_date = VietnameseDateField("Ngày họp", validators=[InputRequired("Cần chọn ngày họp.")])
    authority_id = SelectField("Cấp có thẩm quyền", coerce=int, **CHOICE_MESSAGES)
    submit = SubmitField(ACTION_LABELS[Action.CREATE_SESSION])


class AttendanceForm(FlaskForm):
    present = MultiCheckboxField("Thành viên có mặt", coerce=int, **CHOICE_MESSAGES)
    submit = SubmitField("Lưu điểm danh")


class AgendaForm(ActionForm):
    nomination_id = HiddenField(validators=[DataRequired(REQUIRED)])
    submit = SubmitField(ACTION_LABELS[Action.TO_COUNCIL])


class ConfirmForm(FlaskForm):
    submit = SubmitField("Xác nhận")


class DraftForm(FlaskForm):
    nominations = MultiCheckboxField("Hồ sơ đưa vào dự thảo", coerce=int, **CHOICE_MESSAGES, validators=[
        DataRequired("Chọn ít nhất một hồ sơ đã được Hội đồng đề nghị.")])
    decision_date = VietnameseDateField("Ngày quyết định dự kiến", validators=[InputRequired("Cần chọn ngày quyết định.")])
    signer_id = SelectField("Người ký", coerce=int, **CHOICE_MESSAGES, validators=[InputRequired("Cần chọn người ký.")])
    title = StringField("Trích yếu (để trống: «Về việc tặng …»)", validators=[
        Optional(), Length(max=300, message="Trích yếu dài quá 300 ký tự.")])
    proposal = TextAreaField("Xét đề nghị của …", validators=[
        Optional(), Length(max=1000, message="Nội dung dài quá 1000 ký tự.")])
    submit = SubmitField(ACTION_LABELS[Action.PREPARE_DECISION])
