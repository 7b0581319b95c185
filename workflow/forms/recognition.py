"""The recognition dossier's forms (xét, công nhận xã đạt chuẩn nông thôn mới): the satisfaction survey, the
commune's answer to a comment, the appraisal's conclusion. The self-assessment table is one row per criterion,
read by the view from the posted fields met-<code>, figures-<code>, evidence-<code>."""
from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..models import CommentKind, Resolution
from .common import REQUIRED, ActionForm, FlaskForm
from .secretariat import COMMENT_KIND_LABELS, RESOLUTION_LABELS



class SurveyForm(FlaskForm):
    surveyed = IntegerField(_l("Số được lấy ý kiến"), validators=[InputRequired(REQUIRED), NumberRange(min=1)])
    satisfied = IntegerField(_l("Số hài lòng"), validators=[InputRequired(REQUIRED), NumberRange(min=0)])
    unit_of_count = SelectField(_l("Đơn vị đếm"), choices=[SelectChoice("household", _l("Hộ gia đình")),
                                                          SelectChoice("person", _l("Người dân"))])
    held_from = DateField(_l("Lấy ý kiến từ ngày"), validators=[InputRequired(REQUIRED)])
    held_to = DateField(_l("Đến ngày"), validators=[InputRequired(REQUIRED)])
    method = TextAreaField(_l("Cách thức lấy ý kiến"), validators=[Length(max=2000)])
    file_id = SelectField(_l("Tệp kết quả (tệp đính kèm của hồ sơ)"), coerce=lambda v: int(v) if v else None,
                          validators=[Optional()])
    submit = SubmitField(_l("Ghi kết quả lấy ý kiến"))


class CommuneAnswerForm(FlaskForm):
    classification = SelectField(_l("Phân loại ý kiến"), choices=[
        SelectChoice(str(k), v) for k, v in COMMENT_KIND_LABELS.items() if k != CommentKind.UNCLASSIFIED],
        validators=[InputRequired(REQUIRED)])
    resolution = RadioField(_l("Kết quả xử lý"), choices=[
        SelectChoice(str(r), RESOLUTION_LABELS[r]) for r in (Resolution.REJECTED, Resolution.NOTED)],
        validators=[InputRequired(_l("Cần chọn kết quả xử lý."))])
    answer = TextAreaField(_l("Nội dung trả lời (sẽ được công khai)"), validators=[
        DataRequired(_l("Cần nhập nội dung trả lời; nội dung này sẽ được công khai.")), Length(max=5000)])
    submit = SubmitField(_l("Công bố trả lời"))


class ConcludeForm(ActionForm):
    outcome = RadioField(_l("Kết luận thẩm định"), choices=[SelectChoice("endorsed", _l("Đạt: trình công nhận")),
                                                           SelectChoice("not_awarded", _l("Không đạt"))],
                         validators=[InputRequired(_l("Cần chọn kết luận."))])
    reason = TextAreaField(_l("Lý do (bắt buộc khi không đạt)"), validators=[Length(max=2000)])
