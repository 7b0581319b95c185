"""Forms of the movement dashboard: the date the targets are read on (a GET filter), the secretariat's
result entry, and the administrator's choice of award types that count towards an indicator. Shape only;
the rules live in services.movement."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import DateField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from .admin import DATE_FORMATS, AdminForm, ChecklistField, ChoiceField
from .common import FlaskForm

MAX_VALUE = 1_000_000


class DateFilterForm(AdminForm):
    """?on=YYYY-MM-DD: changes nothing, so no CSRF token; built with `formdata=request.args`."""

    class Meta:
        csrf = False

    on = DateField(_l("Số liệu chỉ tiêu tính đến ngày"), validators=[Optional()], format=DATE_FORMATS)
    submit = SubmitField("Xem")


class ResultForm(AdminForm):
    indicator = ChoiceField(_lp("indicator", "Chỉ tiêu"), validators=[InputRequired(_l("Cần chọn chỉ tiêu."))])
    unit = ChoiceField(_l("Đơn vị"), validators=[InputRequired(_l("Cần chọn đơn vị."))])
    value = IntegerField(_l("Kết quả đạt được (lũy kế)"), validators=[
        InputRequired(_l("Cần nhập kết quả.")),
        NumberRange(0, MAX_VALUE, _l("Kết quả phải là số nguyên từ 0 đến 1.000.000."))])
    as_of = DateField(_l("Số liệu tính đến ngày"), validators=[InputRequired(_l("Cần nhập ngày của số liệu."))],
                      format=DATE_FORMATS)
    source = StringField(_l("Nguồn số liệu"), validators=[InputRequired(_l("Cần ghi nguồn số liệu.")), Length(max=300)])
    note = TextAreaField(_l("Ghi chú"), validators=[Optional(), Length(max=2000)])
    submit = SubmitField(_l("Lưu kết quả"))


class ConfirmRemoveForm(FlaskForm):
    submit = SubmitField(_l("Xóa kết quả này"))


class CountingForm(AdminForm):
    award_types = ChecklistField(_l("Hình thức khen thưởng được tính"))
    submit = SubmitField(_l("Lưu"))
