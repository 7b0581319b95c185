"""Signing in and out, and the dashboard."""
import re

from tests.web.conftest import Browser


def test_login_with_the_right_password_lands_on_the_dashboard(app, world, browser):
    response = browser.login("donvi.a")
    assert response.headers["Location"].endswith("/dashboard")
    page = browser.get("/dashboard").get_data(as_text=True)
    assert "Việc cần làm" in page and "Cán bộ thi đua đơn vị" in page


def test_login_with_a_wrong_password_says_so_in_vietnamese(app, world, browser):
    response = browser.post("/login", {"username": "donvi.a", "password": "sai-mat-khau-roi"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)


def test_login_form_fields_are_named_username_and_password(app, browser):
    page = browser.get("/login").get_data(as_text=True)
    assert 'name="username"' in page and 'name="password"' in page


def test_login_without_csrf_token_is_refused(app, world):
    response = app.test_client().post("/login", data={"username": "donvi.a", "password": "x" * 12})
    assert response.status_code == 400


def test_staff_pages_redirect_anonymous_users_to_login(app, world, browser):
    for url in ("/dashboard", "/unit/", "/secretariat/", "/council/", "/authority/", "/admin/"):
        response = browser.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_a_staff_area_of_another_role_is_forbidden(app, world, signed_in):
    officer = signed_in(world.officer_a)
    assert officer.get("/unit/").status_code == 200
    for url in ("/secretariat/", "/council/", "/authority/", "/admin/"):
        assert officer.get(url).status_code == 403, url


def test_logout_ends_the_session_and_a_replayed_cookie_no_longer_works(app, world, signed_in):
    officer = signed_in(world.officer_a)
    cookie = officer.client.get_cookie("session").value
    response = officer.post("/logout", {"version": "0"}, from_page="/dashboard")
    assert response.status_code == 302
    thief = Browser(app.test_client())
    thief.client.set_cookie("session", cookie)
    replay = thief.get("/dashboard")
    assert replay.status_code == 302 and "/login" in replay.headers["Location"]


def test_login_does_not_redirect_to_another_site(app, world, browser):
    page = browser.get("/login?next=https://evil.example/").get_data(as_text=True)
    from tests.web.conftest import csrf_token
    response = browser.client.post("/login?next=https://evil.example/", data={
        "csrf_token": csrf_token(page), "username": "donvi.a", "password": "mat-khau-thu-nghiem"})
    assert response.headers["Location"].endswith("/dashboard")


def test_english_is_available_and_vietnamese_is_the_default(app, world, browser):
    assert "Đăng nhập" in browser.get("/login").get_data(as_text=True)
    browser.get("/lang/en?next=/login")
    page = browser.get("/login").get_data(as_text=True)
    assert "Sign in" in page and 'lang="en"' in page
    browser.get("/lang/vi")
    assert 'lang="vi"' in browser.get("/login").get_data(as_text=True)


def test_state_labels_follow_the_chosen_language(app, world, signed_in):
    officer = signed_in(world.officer_a)
    officer.get("/lang/en")
    page = officer.get("/dashboard").get_data(as_text=True)
    assert "Returned nominations to complete" in page and "Unit emulation officer" in page


def test_every_staff_page_links_the_password_change_from_the_users_name(app, world, signed_in):
    page = signed_in(world.officer_a).get("/unit/").get_data(as_text=True)
    assert f'<a class="who" href="/account/password" title="Đổi mật khẩu">{world.officer_a.full_name}</a>' in page


def test_the_login_page_puts_the_cursor_in_the_username_field(app, browser):
    """Exactly one field carries autofocus, and it is the username (issue 13, point 10)."""
    page = browser.get("/login").get_data(as_text=True)
    focused = re.findall(r"<input[^>]*\bautofocus\b[^>]*>", page)
    assert len(focused) == 1 and 'name="username"' in focused[0]
    again = browser.post("/login", {"username": "donvi.a", "password": "sai-mat-khau-roi"}).get_data(as_text=True)
    assert re.findall(r'<input[^>]*\bautofocus\b[^>]*name="username"', again)
