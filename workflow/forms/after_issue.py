"""After issue (issue 16): the authority's correction of an issued line, the secretariat's replacement of a
certificate and its record of a recovery, and what a revocation asks to recover. Validation only."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf.file import FileField
from wtforms import (BooleanField, HiddenField, IntegerField, RadioField, SelectField, StringField, SubmitField,
                     TextAreaField)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from ..rules.after_issue import REISSUE_REASON_LABELS
from ..rules.states import ACTION_CONTEXT, ACTION_LABELS, Action
from .common import FlaskForm
from .secretariat import CHOICE_MESSAGES, VietnameseDateField


class CorrectionForm(FlaskForm):
    """Đính chính: the line's new wording, the reason, and the correcting decision's date and signer. The
    first post shows the confirmation page (`confirmed` empty); the second, from that page, issues it."""

    name = StringField(_l("Họ và tên (tên tập thể) sau đính chính"), validators=[
        DataRequired(_l("Cần nhập họ và tên (hoặc tên tập thể) sau đính chính.")),
        Length(max=200, message=_l("Tên dài quá 200 ký tự."))])
    recipient_line = StringField(_l("Chức vụ, đơn vị sau đính chính"), validators=[
        Length(max=300, message=_l("Chức vụ, đơn vị dài quá 300 ký tự."))])
    reason = TextAreaField(_l("Lý do đính chính (được công khai)"), validators=[
        DataRequired(_l("Cần nêu lý do đính chính.")), Length(max=2000, message=_l("Lý do dài quá 2000 ký tự."))])
    decision_date = VietnameseDateField(_l("Ngày quyết định đính chính"),
                                        validators=[InputRequired(_l("Cần chọn ngày quyết định."))])
    signer_id = SelectField(_l("Người ký"), coerce=int, **CHOICE_MESSAGES,
                            validators=[InputRequired(_l("Cần chọn người ký."))])
    # only when the issuer takes its numbers from the office's register (services.office_register checks it)
    register_number = StringField(_l("Số quyết định trong sổ đăng ký văn bản đi"), validators=[Length(max=60)])
    confirmed = HiddenField()
    submit = SubmitField(_l("Xem lại trước khi ban hành"))
    issue = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.CORRECT_DECISION]))


class ReissueForm(FlaskForm):
    reason = RadioField(_l("Lý do cấp lại"), **CHOICE_MESSAGES,
                        choices=[SelectChoice(key, _l(label)) for key, label in REISSUE_REASON_LABELS.items()],
                        validators=[InputRequired(_l("Chọn lý do cấp lại: mất hoặc hư hỏng."))])
    requested_by = StringField(_l("Người, cơ quan đề nghị cấp lại"), validators=[
        DataRequired(_l("Cần ghi người hoặc cơ quan đề nghị cấp lại.")),
        Length(max=200, message=_l("Tên người đề nghị dài quá 200 ký tự."))])
    requested_on = VietnameseDateField(_l("Ngày đề nghị"), validators=[InputRequired(_l("Cần chọn ngày đề nghị."))])
    note = TextAreaField(_l("Ghi chú"), validators=[Length(max=2000, message=_l("Ghi chú dài quá 2000 ký tự."))])
    confirmed = HiddenField()
    submit = SubmitField(_l("Xem lại trước khi cấp lại"))
    issue = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.REISSUE_CERTIFICATE]))


class RecoveryForm(FlaskForm):
    recovered_on = VietnameseDateField(_l("Ngày đã thu hồi"), validators=[InputRequired(_l("Cần chọn ngày thu hồi."))])
    receipt_no = StringField(_l("Số biên lai, phiếu thu"), validators=[
        Length(max=60, message=_l("Số biên lai dài quá 60 ký tự."))])
    note = TextAreaField(_l("Ghi chú"), validators=[Length(max=2000, message=_l("Ghi chú dài quá 2000 ký tự."))])
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.RECORD_RECOVERY]))


class RecoverFields:
    """What the revocation form adds (forms.authority.RevokeForm): the objects and the prize money to recover."""

    recover_items = StringField(_l("Hiện vật phải thu hồi"), default="", validators=[
        Length(max=300, message=_l("Danh sách hiện vật dài quá 300 ký tự."))])
    recover_money = BooleanField(_l("Thu hồi tiền thưởng"), default=True)
    recover_amount = IntegerField(_l("Số tiền thu hồi (đồng)"), validators=[
        Optional(), NumberRange(min=0, max=10**12, message=_l("Số tiền thu hồi không hợp lệ."))])


class HistoryImportForm(FlaskForm):
    """Nhập sổ vàng cũ: the workbook and the authority whose golden book it is."""

    authority_id = SelectField(_l("Cấp có thẩm quyền"), coerce=int, **CHOICE_MESSAGES,
                               validators=[InputRequired(_l("Chọn cấp có thẩm quyền."))])
    workbook = FileField(_l("Tệp Excel sổ vàng (.xlsx)"))
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.IMPORT_HISTORY]))

    def upload(self) -> tuple[str, bytes] | None:
        file = self.workbook.data
        if not file or not getattr(file, "filename", ""):
            return None
        return file.filename, file.read()
