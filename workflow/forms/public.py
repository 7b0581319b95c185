"""The public portal's forms: a citizen's comment (with a honeypot), the register's filters, a verification
code or PDF, a receipt code. Validation only. Every text is cleaned of control characters (a %00 in a
query string must not reach the database) and bounded in length.
"""
import re

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from flask_wtf.file import FileField
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..services.register.search import MAX_ID, Filters
from .common import FlaskForm

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9 .()\-]{8,20}")


def clean(value):
    """Strip, and drop control characters (newlines and tabs stay)."""
    return _CONTROL.sub("", value).strip() if isinstance(value, str) else value


def optional_id(value):
    """A positive database id, or None for anything else (an empty, wrong or overlong choice is "any")."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


def optional_year(value):
    number = optional_id(value)
    return number if number and 1900 <= number <= 2999 else None


def contact_is_reachable(form, field):
    digits = re.sub(r"\D", "", field.data or "")
    if _EMAIL.fullmatch(field.data or "") or (_PHONE.fullmatch(field.data or "") and 9 <= len(digits) <= 12):
        return
    raise ValidationError(_l("Ghi số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ thư điện tử hợp lệ."))


class CommentForm(FlaskForm):
    """Ý kiến của Nhân dân: named and reachable. `website` is a honeypot people never see or fill."""

    nomination = SelectField(_l("Đối tượng được góp ý"), coerce=optional_id,
                             validators=[DataRequired(_l("Chọn đối tượng bạn muốn góp ý."))],
                             invalid_choice_message=_l("Đối tượng này không còn nhận ý kiến."))
    full_name = StringField(_l("Họ và tên"), filters=[clean], validators=[
        DataRequired(_l("Cần ghi họ và tên.")), Length(max=120, message=_l("Họ tên tối đa 120 ký tự."))])
    contact = StringField(_l("Số điện thoại hoặc thư điện tử"), filters=[clean], validators=[
        DataRequired(_l("Cần ghi số điện thoại hoặc thư điện tử.")), Length(max=120, message=_l("Tối đa 120 ký tự.")),
        contact_is_reachable])
    address = StringField(_l("Địa chỉ"), filters=[clean], validators=[
        DataRequired(_l("Cần ghi địa chỉ.")), Length(max=300, message=_l("Địa chỉ tối đa 300 ký tự."))])
    body = TextAreaField(_l("Nội dung ý kiến"), filters=[clean], validators=[
        DataRequired(_l("Cần ghi nội dung ý kiến.")), Length(max=5000, message=_l("Nội dung tối đa 5.000 ký tự."))])
    attachment = FileField(_l("Tệp đính kèm (không bắt buộc; PDF, DOCX, PNG hoặc JPEG, tối đa 10 MB)"))
    # issue 18: opt-in; the address is private and used only to say that the comment was answered
    notify_email = StringField(_l("Thư điện tử để nhận tin khi ý kiến được trả lời (không bắt buộc)"),
                               filters=[clean], validators=[Length(max=254, message=_l("Tối đa 254 ký tự."))],
                               render_kw={"type": "email", "autocomplete": "email"})
    website = StringField(_l("Để trống ô này"), filters=[clean])
    submit = SubmitField(_l("Gửi ý kiến"))

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.nomination.choices = [("", _l("— Chọn đối tượng —"))] + [(str(i), label) for i, label in choices]

    @property
    def is_bot(self) -> bool:
        return bool(self.website.data)

    def upload(self) -> tuple[str, bytes] | None:
        """The attached file as (filename, bytes), or None when none was chosen."""
        file = self.attachment.data
        if not file or not getattr(file, "filename", ""):
            return None
        return file.filename, file.read()


class RegisterFilterForm(FlaskForm):
    """The register's filters: a GET form that changes nothing, so no CSRF token; wrong values mean "any"."""

    class Meta:
        csrf = False

    q = StringField(_l("Tìm theo tên, chức vụ, đơn vị"), filters=[clean],
                    validators=[Optional(), Length(max=200, message=_l("Tối đa 200 ký tự."))])
    year = SelectField(_l("Năm quyết định"), coerce=optional_year, validate_choice=False)
    campaign = SelectField(_l("Phong trào / đợt xét"), coerce=optional_id, validate_choice=False)
    award_type = SelectField(_lp("award type", "Hình thức khen thưởng"), coerce=optional_id, validate_choice=False)
    unit = SelectField(_l("Đơn vị đề nghị"), coerce=optional_id, validate_choice=False)

    def __init__(self, *args, options=None, **kwargs):
        super().__init__(*args, **kwargs)
        if options is not None:
            self.year.choices = [("", _l("Mọi năm"))] + [(str(y), str(y)) for y in options.years]
            self.campaign.choices = [("", _l("Mọi phong trào"))] + [(str(i), n) for i, n in options.campaigns]
            self.award_type.choices = [("", _l("Mọi hình thức"))] + [(str(i), n) for i, n in options.award_types]
            self.unit.choices = [("", _l("Mọi đơn vị"))] + [(str(i), n) for i, n in options.units]

    def filters(self) -> Filters:
        """What the register is narrowed to; call after validate() (an overlong text then means none)."""
        return Filters(q="" if self.q.errors else (self.q.data or ""), year=self.year.data,
                       campaign_id=self.campaign.data, award_type_id=self.award_type.data, unit_id=self.unit.data)


class VerifyCodeForm(FlaskForm):
    class Meta:
        csrf = False

    code = StringField(_l("Mã xác thực in dưới mã QR"), filters=[clean],
                       validators=[DataRequired(_l("Nhập mã xác thực.")), Length(max=200, message=_l("Mã quá dài."))])


class VerifyPdfForm(FlaskForm):
    pdf = FileField(_l("Tệp PDF bằng khen, giấy khen đã nhận"))
    submit = SubmitField(_l("Kiểm tra tệp"))

    def upload(self) -> bytes | None:
        file = self.pdf.data
        return file.read() if file and getattr(file, "filename", "") else None


class ReceiptForm(FlaskForm):
    class Meta:
        csrf = False

    code = StringField(_l("Mã tiếp nhận ý kiến (dạng YK-…)"), filters=[clean],
                       validators=[DataRequired(_l("Nhập mã tiếp nhận.")), Length(max=40, message=_l("Mã quá dài."))])


class VerifyQrForm(FlaskForm):
    """A photo or scan of a certificate's QR code, or the text a phone's reader gave (issue 19)."""
    image = FileField(_l("Ảnh chụp hoặc ảnh quét mã QR trên bằng khen, giấy khen"),
                      render_kw={"accept": "image/*"})   # a phone offers its camera
    text = StringField(_l("Hoặc dán nội dung mã QR"), filters=[clean],
                       validators=[Length(max=2000, message=_l("Nội dung quá dài."))])
    submit = SubmitField(_l("Kiểm tra mã QR"))

    def upload(self) -> bytes | None:
        file = self.image.data
        return file.read(9 * 1024 * 1024) if file and getattr(file, "filename", "") else None
