"""Loading the signed-in user. The session cookie carries "id:token"; a rotated token ends every session
that carries the old one, so logout really logs out."""
from flask import Flask

from .extensions import db, login_manager
from .models import User


def load_user(value: str) -> User | None:
    user_id, _, token = value.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or user.session_token != token:
        return None
    return user


def init_app(app: Flask) -> None:
    login_manager.user_loader(load_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Vui lòng đăng nhập để tiếp tục."
    login_manager.login_message_category = "info"
