"""Sign-in. The fields are named `username` and `password`, as password managers and scripts expect."""
from flask_babel import lazy_gettext as _l
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from .common import FlaskForm


class LoginForm(FlaskForm):
    username = StringField(_l("Tên đăng nhập"),
                           validators=[DataRequired(_l("Cần nhập tên đăng nhập.")), Length(max=80)],
                           render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired(_l("Cần nhập mật khẩu.")), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField(_l("Đăng nhập"))


class PasswordChangeForm(FlaskForm):
    """The user's own password change: the current one first, the new one twice."""

    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired(_l("Cần nhập mật khẩu hiện tại.")),
                                                                 Length(max=200)],
                            render_kw={"autocomplete": "current-password"})
    password = PasswordField(_l("Mật khẩu mới"), validators=[DataRequired(_l("Cần nhập mật khẩu mới.")),
                                                             Length(max=200)],
                             render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Nhập lại mật khẩu mới"),
                            validators=[EqualTo("password", _l("Hai lần nhập mật khẩu mới không khớp."))],
                            render_kw={"autocomplete": "new-password"})
    submit = SubmitField(_l("Đổi mật khẩu"))
