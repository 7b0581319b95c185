"""Authentication and sessions (ASVS 5.0 V6, V7): the login rate limit per address and per account, sessions
that really end (logout, sign out everywhere, password change, idle and absolute limits), cookie flags,
no remember-me, and role changes that apply on the very next request."""
import ast
import html
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from tests import factories
from tests.web.conftest import Browser, csrf_token
from workflow import security
from workflow.models import RoleGrant, User
from workflow.services import admin as admin_services
from workflow.services import users

TOO_MANY = "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút."


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def attempt(client, username: str, password: str, token: str):
    return client.post("/login", data={"csrf_token": token, "username": username, "password": password})


def fresh(app) -> tuple[object, str]:
    client = app.test_client()
    return client, csrf_token(client.get("/login").get_data(as_text=True))


# --- the login rate limit ------------------------------------------------------------------------------------

def test_five_wrong_passwords_lock_the_account_for_a_while_even_for_the_right_one(app, world):
    client, token = fresh(app)
    for _ in range(5):
        response = attempt(client, "donvi.a", "sai-mat-khau-roi", token)
        assert response.status_code == 200 and "không đúng" in text(response)
    locked = attempt(client, "donvi.a", factories.PASSWORD, token)
    assert locked.status_code == 429 and TOO_MANY in text(locked)
    # the same account from another address is locked too; another account from this address is not
    other_ip = app.test_client()
    token2 = csrf_token(other_ip.get("/login", environ_base={"REMOTE_ADDR": "10.0.0.7"}).get_data(as_text=True))
    assert other_ip.post("/login", data={"csrf_token": token2, "username": "DONVI.A ", "password": factories.PASSWORD},
                         environ_base={"REMOTE_ADDR": "10.0.0.7"}).status_code == 429
    assert attempt(client, "donvi.b", factories.PASSWORD, token).status_code == 302


def test_one_address_guessing_many_accounts_is_stopped(app, world):
    client, token = fresh(app)
    for i in range(20):
        assert attempt(client, f"khong-co-{i}", "doan-mat-khau-thu", token).status_code == 200
    response = attempt(client, "donvi.a", factories.PASSWORD, token)
    assert response.status_code == 429 and TOO_MANY in text(response)
    elsewhere = app.test_client()
    token2 = csrf_token(elsewhere.get("/login", environ_base={"REMOTE_ADDR": "10.0.0.8"}).get_data(as_text=True))
    assert elsewhere.post("/login", data={"csrf_token": token2, "username": "donvi.a", "password": factories.PASSWORD},
                          environ_base={"REMOTE_ADDR": "10.0.0.8"}).status_code == 302


def test_successful_sign_ins_do_not_count_against_a_shared_office_address(app, world):
    client, token = fresh(app)
    for _ in range(25):
        assert attempt(client, "donvi.a", factories.PASSWORD, token).status_code == 302


def test_an_app_made_without_rate_limits_does_not_switch_them_off_for_the_next(tmp_path, monkeypatch):
    """Flask-Limiter has one limiter object for every app of the process (the bench's app turns it off)."""
    from workflow import create_app
    from workflow.extensions import limiter
    create_app("testing", RATELIMIT_ENABLED=False, BLOB_DIR=str(tmp_path))
    assert limiter.enabled is False
    create_app("testing", BLOB_DIR=str(tmp_path))
    assert limiter.enabled is True


# --- sessions that end -----------------------------------------------------------------------------------------

def test_a_cookie_replayed_after_logout_is_sent_to_the_login_page(app, world, signed_in):
    officer = signed_in(world.officer_a)
    cookie = officer.client.get_cookie("session").value
    assert officer.post("/logout", {"version": "0"}, from_page="/dashboard").status_code == 302
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    replay = thief.get("/unit/")
    assert replay.status_code == 302 and "/login" in replay.headers["Location"]


def test_logout_signs_out_everywhere(app, world, signed_in):
    office, phone = signed_in(world.officer_a), signed_in(world.officer_a)
    assert phone.get("/unit/").status_code == 200
    office.post("/logout", {"version": "0"}, from_page="/dashboard")
    response = phone.get("/unit/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_deactivated_account_is_out_on_its_next_request(app, session, world, signed_in):
    officer = signed_in(world.officer_a)
    admin_services.deactivate_user(session, world.officer_a, by=world.admin)
    session.commit()
    response = officer.get("/unit/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_revoked_role_is_gone_on_the_next_request_and_a_granted_one_is_there(app, session, world, signed_in):
    officer = signed_in(world.officer_a)
    assert officer.get("/unit/").status_code == 200
    grant = session.scalar(select(RoleGrant).where(RoleGrant.user_id == world.officer_a.id))
    admin_services.revoke_role(session, grant, by=world.admin)
    session.commit()
    assert officer.get("/unit/").status_code == 403
    admin_services.grant_role(session, world.officer_a, by=world.admin, role="unit_officer", unit=world.district_a)
    session.commit()
    assert officer.get("/unit/").status_code == 200


class Clock:
    """workflow.security's clock, moved by hand."""

    def __init__(self, monkeypatch):
        self.moment = time.time()
        monkeypatch.setattr(security, "now", lambda: self.moment)

    def advance(self, seconds: float) -> None:
        self.moment += seconds


def signed_out(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("quiet, out", [(security.IDLE_SECONDS - 60, False), (security.IDLE_SECONDS + 60, True)])
def test_a_session_idle_for_too_long_ends(app, world, signed_in, monkeypatch, quiet, out):
    officer, clock = signed_in(world.officer_a), Clock(monkeypatch)
    clock.advance(quiet)
    assert signed_out(officer.get("/unit/")) is out


def test_a_session_ends_at_the_absolute_limit_however_busy(app, world, signed_in, monkeypatch):
    officer, clock = signed_in(world.officer_a), Clock(monkeypatch)
    hours = security.ABSOLUTE_SECONDS // 3600
    for _ in range(hours - 1):  # a request every hour: never idle
        clock.advance(3600)
        assert officer.get("/unit/").status_code == 200
    clock.advance(3600 + 60)
    assert signed_out(officer.get("/unit/"))


def test_session_cookie_is_httponly_and_samesite_lax_and_there_is_no_remember_me(app, world, browser):
    response = browser.login("donvi.a")
    cookies = response.headers.getlist("Set-Cookie")
    session_cookie = next(c for c in cookies if c.startswith("session="))
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie
    assert "Expires=" not in session_cookie  # a browser-session cookie: closing the browser ends it
    assert not any(c.startswith("remember_token=") for c in cookies)


def test_in_production_the_session_cookie_is_secure_host_only_and_hsts_is_sent(tmp_path, monkeypatch):
    from workflow import create_app
    from workflow.extensions import db
    monkeypatch.setenv("SECRET_KEY", "k" * 64)
    app = create_app("production", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/p.db", BLOB_DIR=str(tmp_path))
    assert app.config["SESSION_COOKIE_SECURE"] is True and app.config["SESSION_COOKIE_HTTPONLY"] is True
    with app.app_context():
        db.create_all()
        users.create_user(db.session, username="thuky", full_name="Thư ký", password=factories.PASSWORD)
        db.session.commit()
    client = app.test_client()
    base = "https://vinhdanh.example"
    token = csrf_token(client.get("/login", base_url=base).get_data(as_text=True))
    response = client.post("/login", base_url=base, headers={"Referer": f"{base}/login"},
                           data={"csrf_token": token, "username": "thuky", "password": factories.PASSWORD})
    assert response.status_code == 302
    session_cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("__Host-session="))
    assert "Secure" in session_cookie and "HttpOnly" in session_cookie and "Path=/" in session_cookie
    assert "Domain=" not in session_cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


# --- passwords -------------------------------------------------------------------------------------------------

def test_production_hashes_passwords_with_scrypt():
    """The tests lower the cost (tests/conftest.py); the code's own setting must stay a current algorithm."""
    source = Path(users.__file__).read_text(encoding="utf-8")
    assignments = {node.targets[0].id: node.value.value for node in ast.parse(source).body
                   if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                   and isinstance(node.targets[0], ast.Name)}
    assert assignments["PASSWORD_METHOD"] == "scrypt"


def test_a_user_changes_their_password_other_sessions_end_this_one_continues(app, world, signed_in, browser):
    here, elsewhere = signed_in(world.officer_a), signed_in(world.officer_a)
    new = "mua thu ha noi co gio"
    response = here.post("/account/password", {"current": factories.PASSWORD, "password": new, "confirm": new})
    assert response.status_code == 302 and response.headers["Location"].endswith("/dashboard")
    assert "Đã đổi mật khẩu" in text(here.get("/dashboard"))
    assert here.get("/unit/").status_code == 200
    assert elsewhere.get("/unit/").status_code == 302
    assert "không đúng" in text(browser.post("/login", {"username": "donvi.a", "password": factories.PASSWORD}))
    Browser(app.test_client()).login("donvi.a", new)


@pytest.mark.parametrize("current, new, confirm, field, message", [
    ("sai-mat-khau-roi", "mua thu ha noi co gio", "mua thu ha noi co gio", "current", "Mật khẩu hiện tại không đúng."),
    (factories.PASSWORD, "MatKhau2025!", "MatKhau2025!", "password", "Mật khẩu này quá phổ biến"),
    (factories.PASSWORD, "ngan", "ngan", "password", "Mật khẩu cần ít nhất 10 ký tự."),
    (factories.PASSWORD, "donvi.a-2025-moi", "donvi.a-2025-moi", "password",
     "Mật khẩu không được chứa tên đăng nhập."),
    (factories.PASSWORD, "mua thu ha noi co gio", "mua thu khac", "confirm", "Hai lần nhập mật khẩu mới không khớp."),
])
def test_a_refused_password_change_says_why_beside_the_field_and_changes_nothing(
        app, session, world, signed_in, current, new, confirm, field, message):
    officer = signed_in(world.officer_a)
    before = world.officer_a.password_hash
    response = officer.post("/account/password", {"current": current, "password": new, "confirm": confirm})
    assert response.status_code == 200
    error = re.search(rf'id="{field}-err" class="error-text">([^<]+)<', response.get_data(as_text=True))
    assert error and message in html.unescape(error.group(1))
    session.expire_all()
    assert world.officer_a.password_hash == before
    assert officer.get("/unit/").status_code == 200


def test_an_administrator_cannot_set_a_common_password(app, world, signed_in, session):
    admin = signed_in(world.admin)
    url = f"/admin/users/{world.officer_a.id}"
    response = admin.post(f"{url}/password", {"password": "Password123!"}, from_page=url)
    assert "Mật khẩu này quá phổ biến" in text(response)
    response = admin.post("/admin/users/new", {"username": "canbo.moi", "full_name": "Cán bộ mới",
                                               "password": "qwertyuiop", "unit": ""})
    assert "Mật khẩu này quá phổ biến" in text(response)
    assert session.scalar(select(User.id).where(User.username == "canbo.moi")) is None


# --- the security log ---------------------------------------------------------------------------------------

def test_sign_ins_and_refusals_are_in_the_security_log_without_passwords(app, world, signed_in, caplog):
    caplog.set_level("INFO", logger="vinhdanh.security")
    client, token = fresh(app)
    attempt(client, "donvi.a", "sai-mat-khau-roi", token)
    attempt(client, "ai-do-khong-co", "mot-mat-khau-doan", token)
    officer = signed_in(world.officer_a)
    officer.get("/admin/")
    records = [r.getMessage() for r in caplog.records if r.name == "vinhdanh.security"]
    assert f"sign-in refused for account id {world.officer_a.id}" in records
    assert "sign-in refused: no such account" in records
    assert any(r.startswith("sign-in of donvi.a") for r in records)
    refusal = next(r for r in records if r.startswith("refused GET"))
    assert "'/admin/'" in refusal and "403" in refusal and f"user {world.officer_a.id}" in refusal  # path as repr
    assert not any("sai-mat-khau-roi" in r or "mot-mat-khau-doan" in r or "ai-do-khong-co" in r for r in records)

