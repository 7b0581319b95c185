"""The notification settings of one's own account, and the inbox's buttons."""
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import Length, Optional

from .common import FlaskForm


class NotificationSettingsForm(FlaskForm):
    email = StringField(_l("Thư điện tử nhận thông báo"), validators=[Optional(), Length(max=254)],
                        render_kw={"type": "email", "autocomplete": "email"})
    phone = StringField(_l("Số điện thoại"), validators=[Optional(), Length(max=20)],
                        render_kw={"type": "tel", "autocomplete": "tel"})
    daily_digest = BooleanField(_l("Gửi một thư tổng hợp mỗi ngày thay vì một thư cho mỗi thông báo"))
    submit = SubmitField(_l("Lưu cài đặt"))


class InboxForm(FlaskForm):
    """A button of the inbox (open one, mark all read): CSRF only."""

    submit = SubmitField(_l("Đánh dấu tất cả là đã đọc"))


class UnsubscribeForm(FlaskForm):
    submit = SubmitField(_l("Hủy nhận thư"))
