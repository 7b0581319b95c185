"""The authority's forms: issue a decision draft, refuse a line, revoke an award, print certificates.
Validation only."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from wtforms import (BooleanField, HiddenField, SelectChoice, SelectField, StringField, SubmitField, TextAreaField,
                     ValidationError)
from wtforms.validators import DataRequired, InputRequired, Length, Regexp

from ..rules.errors import DomainError
from ..rules.states import ACTION_CONTEXT, ACTION_LABELS, Action
from ..services.documents import PrintSettings
from .after_issue import RecoverFields
from .common import ActionForm, BulkForm, FlaskForm, ReasonForm


REGISTER_NUMBER = _l("Số quyết định trong sổ đăng ký văn bản đi")


class IssueForm(BulkForm):
    """Ban hành quyết định: carries each line's id and the version the authority saw on the confirmation page."""

    STALE = _l("Danh sách hồ sơ gửi lên không hợp lệ. Vui lòng tải lại trang xác nhận.")

    ids = HiddenField(validators=[InputRequired(STALE)])
    versions = HiddenField(validators=[InputRequired(STALE)])
    # only when the issuer takes its numbers from the office's register (services.office_register checks it)
    register_number = StringField(REGISTER_NUMBER, validators=[Length(max=60)])
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.DECIDE]))

    def validate_versions(self, field) -> None:
        try:
            self.expected_versions()
        except ValueError:
            raise ValidationError(self.STALE) from None

    def expected_versions(self) -> dict[int, int]:
        ids = [int(v) for v in (self.ids.data or "").split(",") if v.strip()]
        versions = [int(v) for v in (self.versions.data or "").split(",") if v.strip()]
        if not ids or len(ids) != len(versions):
            raise ValueError("ids and versions differ")
        return dict(zip(ids, versions, strict=True))


class RefuseForm(ReasonForm):
    reason = TextAreaField(_l("Lý do không khen thưởng"),
                           validators=[DataRequired(_l("Cần nêu lý do không khen thưởng.")), Length(
                               max=2000, message=_l("Lý do không được dài quá 2.000 ký tự."))])
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.REFUSE]))


class RevokeForm(RecoverFields, ActionForm):
    reason = TextAreaField(_l("Lý do thu hồi"), validators=[
        DataRequired(_l("Cần nêu lý do thu hồi.")),
        Length(max=2000, message=_l("Lý do không được dài quá 2.000 ký tự."))])
    revoking_decision_no = StringField(_l("Số quyết định thu hồi"), validators=[
        DataRequired(_l("Cần ghi số quyết định thu hồi.")), Length(max=60, message=_l("Số quyết định quá dài.")),
        Regexp(r"^\s*\d+/[\wĐđ.\-]+\s*$", message=_l("Số quyết định có dạng «số/ký hiệu», ví dụ 45/QĐ-UBND."))],
        render_kw={"placeholder": "45/QĐ-UBND", "autocomplete": "off"})
    submit = SubmitField(_lp(ACTION_CONTEXT, ACTION_LABELS[Action.REVOKE]))


PAPER_LABELS = [SelectChoice("", _l("Khổ của mẫu (Bằng khen 400 × 300 mm, Giấy khen A4 ngang)")),
                SelectChoice("a4", _l("A4 ngang (máy in văn phòng)")), SelectChoice("a3", _l("A3 ngang")),
                SelectChoice("400x300", "400 × 300 mm")]


class PrintForm(FlaskForm):
    """How to print: the whole design on plain paper, or only the text onto pre-printed blanks (phôi), with
    the printer's calibration in millimetres. Checked again by documents.PrintSettings.parse."""

    overlay = BooleanField(_l("Chỉ in phần chữ lên phôi in sẵn"))
    paper = SelectField(_l("Khổ giấy"), choices=PAPER_LABELS, default="", validate_choice=False)
    offset_x_mm = StringField(_l("Căn chỉnh ngang (mm, + sang phải)"), default="0",
                              render_kw={"inputmode": "decimal", "autocomplete": "off"})
    offset_y_mm = StringField(_l("Căn chỉnh dọc (mm, + xuống dưới)"), default="0",
                              render_kw={"inputmode": "decimal", "autocomplete": "off"})
    submit = SubmitField(_l("Tạo bản in"))

    def validate(self, extra_validators=None) -> bool:
        """The print settings' own checks (offsets within ±50 mm, a known paper), beside their fields."""
        if not super().validate(extra_validators):
            return False
        try:
            self.settings()
        except DomainError as error:
            getattr(self, error.field or "paper").errors.append(error.message)
            return False
        return True

    def settings(self, base=None):
        return PrintSettings.parse(overlay=self.overlay.data, paper=self.paper.data, offset_x_mm=self.offset_x_mm.data,
                                   offset_y_mm=self.offset_y_mm.data, base=base)


class PrintPreviewForm(PrintForm):
    """The same settings for one certificate, asked with GET (it changes nothing), so no CSRF token."""

    class Meta:
        csrf = False

    submit = SubmitField(_l("Tải bản in (PDF)"))
