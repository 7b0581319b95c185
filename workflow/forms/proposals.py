"""The proposal's forms (Tờ trình: its letter, the list's upload, returning it as one) and the check of an
imported list's rows: each row goes through the single-nomination form (forms.unit.NominationFields), so a row
is judged by exactly the rules a nomination typed by hand is. Validation only: the services decide."""
from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from werkzeug.datastructures import MultiDict
from wtforms import DateField, HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from ..rules.nominee_list import COLUMNS, row_fields, where_field
from ..rules.workbook import read_table
from ..services.nominations import NominationData, NomineeData
from ..services.proposals import Header, ListLine
from .common import ActionForm, FlaskForm
from .secretariat import CHOICE_MESSAGES, MultiCheckboxField
from .unit import NOT_A_CHOICE, NOT_A_DATE, NominationFields, _optional_int, _strip


class ProposalFields(FlaskForm):
    """The letter: the proposing unit and campaign, its number, date and signer."""

    proposing_unit = SelectField(_l("Đơn vị đề nghị"), coerce=_optional_int, choices=[],
                                 validators=[InputRequired(_l("Hãy chọn đơn vị đề nghị."))],
                                 invalid_choice_message=NOT_A_CHOICE)
    campaign = SelectField(_l("Phong trào / đợt xét"), coerce=_optional_int, choices=[],
                           validators=[InputRequired(_l("Hãy chọn phong trào hoặc đợt xét."))],
                           invalid_choice_message=NOT_A_CHOICE)
    number = StringField(_l("Số, ký hiệu Tờ trình"), filters=[_strip], render_kw={"placeholder": "45/TTr-UBND"},
                         validators=[DataRequired(_l("Cần nhập số, ký hiệu Tờ trình.")), Length(max=60)])
    letter_date = DateField(_l("Ngày Tờ trình"), validators=[InputRequired(_l("Cần nhập ngày Tờ trình."))],
                            invalid_value_message=NOT_A_DATE)
    signer_name = StringField(_l("Người ký"), filters=[_strip],
                              validators=[DataRequired(_l("Cần nhập người ký Tờ trình.")), Length(max=200)])
    signer_title = StringField(_l("Chức vụ người ký"), filters=[_strip], render_kw={"placeholder": "Chủ tịch"},
                               validators=[DataRequired(_l("Cần nhập chức vụ người ký.")), Length(max=200)])

    def header(self) -> Header:
        return Header(self.number.data, self.letter_date.data, self.signer_name.data, self.signer_title.data)


class ImportForm(ProposalFields):
    """Nhập danh sách: the letter and the workbook. After a refused list, the same upload travels on as `token`
    (its hash, also kept in the signed session) so the user may save the valid rows without choosing it again."""

    file = FileField(_l("Tệp danh sách (.xlsx, theo tệp mẫu)"))
    token = HiddenField()
    check = SubmitField(_l("Kiểm tra và lưu"))
    keep_valid = SubmitField(_l("Lưu các dòng hợp lệ thành bản nháp"))


class GatherForm(ProposalFields):
    """Lập tờ trình từ hồ sơ nháp: the letter and the free drafts (of its unit and campaign) it carries."""

    lines = MultiCheckboxField(_l("Hồ sơ nháp đưa vào tờ trình"), coerce=int, **CHOICE_MESSAGES,
                               validators=[DataRequired(_l("Hãy chọn ít nhất một hồ sơ nháp."))])
    save = SubmitField(_l("Lập tờ trình"))


class ScanForm(ActionForm):
    scan = FileField(_l("Bản quét Tờ trình đã ký (PDF, PNG hoặc JPEG)"))
    submit = SubmitField(_l("Tải lên"))


class ReturnProposalForm(ActionForm):
    reason = TextAreaField(_l("Lý do trả lại (đơn vị sẽ thấy lý do này ở từng dòng)"), filters=[_strip],
                           validators=[DataRequired(_l("Cần nêu lý do trả lại tờ trình.")),
                                       Length(max=2000, message=_l("Lý do tối đa 2000 ký tự."))])


def read_list(data: bytes, awards: Mapping[str, Any]) -> list[ListLine]:
    """The workbook's rows, each read by rules.nominee_list and checked by the single-nomination form.
    `awards` maps a folded award type name to the award type (loaded once by the caller). A file that cannot
    be read at all raises rules.workbook.WorkbookRefused."""
    table = read_table(data, COLUMNS)
    lines = []
    for row in table.rows:
        fields = row_fields(table, row, awards)
        lines.append(ListLine(fields, _checked(fields, dict(row.letters)), dict(row.letters)))
    return lines


def _checked(fields, letters: dict[str, str]) -> NominationData | None:
    form = NominationFields(formdata=MultiDict(fields.fields), meta={"csrf": False})
    form.collective_unit.choices = []
    valid = form.validate()
    judged = {problem.column for problem in fields.problems}   # a cell already refused is not refused twice
    for name, messages in form.errors.items():
        found = [where_field(fields, letters, name, str(message)) for message in messages]
        fields.problems.extend(problem for problem in found if problem.column not in judged)
    if not valid or fields.problems or fields.award is None:
        return None
    values = form.nomination_values()
    return NominationData(award_type=fields.award, nominee=NomineeData(**form.nominee_values()),
                          achievement_summary=values["achievement_summary"], period_from=values["period_from"],
                          period_to=values["period_to"])
