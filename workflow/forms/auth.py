"""Sign-in. The fields are named `username` and `password`, as password managers and scripts expect."""
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    username = StringField("Tên đăng nhập", validators=[DataRequired("Cần nhập tên đăng nhập."), Length(max=80)],
                           render_kw={"autocomplete": "username", "autofocus": True})
    password = PasswordField("Mật khẩu", validators=[DataRequired("Cần nhập mật khẩu."), Length(max=200)],
                             render_kw={"autocomplete": "current-password"})
    submit = SubmitField("Đăng nhập")
