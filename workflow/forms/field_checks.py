"""The secretariat's form recording a field check (thẩm tra thực tế)."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf.file import MultipleFileField
from wtforms import RadioField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length

from ..rules.states import ACTION_CONTEXT, ACTION_LABELS, Action
from ..rules.field_checks import CONCLUSION_LABELS
from ..services.field_checks import FieldCheckData, Upload
from .common import FlaskForm
from .secretariat import VietnameseDateField


class FieldCheckForm(FlaskForm):
    checked_on = VietnameseDateField(_l("Ngày thẩm tra"), validators=[InputRequired(_l("Cần nhập ngày thẩm tra."))])
    place = StringField(_l("Nơi thẩm tra"), validators=[Length(max=300)])
    inspectors = TextAreaField(_l("Người thẩm tra (mỗi dòng một người: họ tên – đơn vị công tác)"),
                               validators=[Length(max=5000)])
    findings = TextAreaField(_l("Kết quả thẩm tra (những gì đã xem, đối chiếu với báo cáo thành tích)"),
                             validators=[Length(max=10000)])
    conclusion = RadioField(_l("Kết luận"), choices=[SelectChoice(str(c), _l(label))
                                                     for c, label in CONCLUSION_LABELS.items()],
                            validators=[InputRequired(_l("Cần chọn kết luận thẩm tra."))],
                            invalid_choice_message=_l("Kết luận không hợp lệ."))
    files = MultipleFileField(_l("Ảnh hiện trường, biên bản thẩm tra (PDF, DOCX, PNG hoặc JPEG; tối đa 10 tệp)"))
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.RECORD_FIELD_CHECK]))

    def data_of(self) -> FieldCheckData:
        return FieldCheckData(checked_on=self.checked_on.data, place=self.place.data, inspectors=self.inspectors.data,
                              findings=self.findings.data, conclusion=self.conclusion.data)

    def uploads(self) -> list[Upload]:
        return [Upload(file.filename, file.read()) for file in self.files.data or []
                if getattr(file, "filename", "")]
