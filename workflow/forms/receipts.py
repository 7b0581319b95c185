"""The citizen's receipt lookup: the public receipt code, and optionally the private key printed on their
own receipt, which also shows what they wrote. Validation only."""
from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from .common import FlaskForm
from .public import clean


class ReceiptLookupForm(FlaskForm):
    """Read by GET (code only, a bookmarkable link) and by POST (with the key, which stays out of the URL
    and the browser's history); the app-wide CSRF check covers the POST."""

    class Meta:
        csrf = False

    code = StringField(_l("Mã tiếp nhận ý kiến (dạng YK-…)"), filters=[clean],
                       validators=[DataRequired(_l("Nhập mã tiếp nhận.")), Length(max=40, message=_l("Mã quá dài."))])
    key = StringField(_l("Mã bảo mật (không bắt buộc)"), filters=[clean],
                      validators=[Length(max=40, message=_l("Mã quá dài."))])

    @property
    def clean_code(self) -> str:
        return "".join((self.code.data or "").split()).upper()
