"""Forms of the movement dashboard: the date the targets are read on (a GET filter), the secretariat's
result entry, and the administrator's choice of award types that count towards an indicator. Shape only;
the rules live in services.movement."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import DateField, HiddenField, IntegerField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional, StopValidation

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


class ExtensionForm(AdminForm):
    new_deadline = DateField(_l("Hạn nhận hồ sơ mới"), validators=[InputRequired(_l("Cần chọn hạn nhận hồ sơ mới."))],
                             format=DATE_FORMATS)
    reason = TextAreaField(_l("Lý do gia hạn"), validators=[InputRequired(_l("Cần nêu lý do gia hạn.")),
                                                            Length(max=2000)])
    submit = SubmitField(_l("Ghi gia hạn"))


class ConfirmRemoveForm(FlaskForm):
    submit = SubmitField(_l("Xóa kết quả này"))


class CountingForm(AdminForm):
    """An unticked box sends nothing, so "no award type counts" looks like a form that was never shown. The page
    always sends `shown`: without it and without any box, the request is refused rather than read as "clear
    everything"."""

    shown = HiddenField(default="1")
    award_types = ChecklistField(_l("Hình thức khen thưởng được tính"))
    submit = SubmitField(_l("Lưu"))

    def validate_award_types(self, field) -> None:
        if not field.raw_data and not self.shown.raw_data:
            raise StopValidation(_l("Không nhận được lựa chọn hình thức khen thưởng nào (biểu mẫu gửi lên không "
                                    "đầy đủ), nên chưa thay đổi gì. Vui lòng tải lại trang, chọn rồi bấm Lưu."))
