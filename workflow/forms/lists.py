"""The staff lists' search and filters: a GET form that changes nothing (no CSRF). Validation only; the
choices are filled by the view from services.staff_lists.filter_options."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from .common import FlaskForm

ANY = _l("Tất cả")
NOT_A_CHOICE = _l("Lựa chọn không hợp lệ: hãy chọn một mục trong danh sách.")


def _int(value):
    return int(value) if value not in (None, "") and str(value).isdigit() else None


class ListFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField(_l("Tìm theo tên, đơn vị, số văn bản (không cần dấu)"), validators=[Optional(), Length(max=200)])
    campaign = SelectField(_l("Phong trào, đợt xét"), coerce=_int, validators=[Optional()],
                           invalid_choice_message=NOT_A_CHOICE)
    unit = SelectField(_l("Đơn vị đề nghị"), coerce=_int, validators=[Optional()], invalid_choice_message=NOT_A_CHOICE)
    award_type = SelectField(_l("Hình thức khen thưởng"), coerce=_int, validators=[Optional()],
                             invalid_choice_message=NOT_A_CHOICE)
    state = SelectField(_l("Trạng thái"), validators=[Optional()], invalid_choice_message=NOT_A_CHOICE)

    def with_choices(self, options, states: dict | None) -> "ListFilterForm":
        """Choices from services.staff_lists.FilterOptions; `states` (value → label) or None for no state filter."""
        self.campaign.choices = [SelectChoice(None, ANY)] + [SelectChoice(i, n) for i, n in options.campaigns]
        self.unit.choices = [SelectChoice(None, ANY)] + [SelectChoice(i, n) for i, n in options.units]
        self.award_type.choices = [SelectChoice(None, ANY)] + [SelectChoice(i, n) for i, n in options.award_types]
        self.state.choices = [SelectChoice("", ANY)] + [SelectChoice(str(k), v) for k, v in (states or {}).items()]
        if states is None:
            del self.state
        return self
