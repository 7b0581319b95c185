"""Forms of the movement dashboard: the date the targets are read on (a GET filter), the secretariat's
result entry, and the administrator's choice of award types that count towards an indicator. Shape only;
the rules live in services.movement."""
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from .admin import DATE_FORMATS, AdminForm, ChecklistField, ChoiceField

MAX_VALUE = 1_000_000


class DateFilterForm(AdminForm):
    """?on=YYYY-MM-DD: changes nothing, so no CSRF token; built with `formdata=request.args`."""

    class Meta:
        csrf = False

    on = DateField("Số liệu chỉ tiêu tính đến ngày", validators=[Optional()], format=DATE_FORMATS)
    submit = SubmitField("Xem")


class ResultForm(AdminForm):
    indicator = ChoiceField("Chỉ tiêu", validators=[InputRequired("Cần chọn chỉ tiêu.")])
    unit = ChoiceField("Đơn vị", validators=[InputRequired("Cần chọn đơn vị.")])
    value = IntegerField("Kết quả đạt được (lũy kế)", validators=[
        InputRequired("Cần nhập kết quả."),
        NumberRange(0, MAX_VALUE, "Kết quả phải là số nguyên từ 0 đến 1.000.000.")])
    as_of = DateField("Số liệu tính đến ngày", validators=[InputRequired("Cần nhập ngày của số liệu.")],
                      format=DATE_FORMATS)
    source = StringField("Nguồn số liệu", validators=[InputRequired("Cần ghi nguồn số liệu."), Length(max=300)])
    note = TextAreaField("Ghi chú", validators=[Optional(), Length(max=2000)])
    submit = SubmitField("Lưu kết quả")


class ConfirmRemoveForm(FlaskForm):
    submit = SubmitField("Xóa kết quả này")


class CountingForm(AdminForm):
    award_types = ChecklistField("Hình thức khen thưởng được tính")
    submit = SubmitField("Lưu")
