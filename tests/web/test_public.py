"""The public blueprint through the test client (CSRF on)."""


def test_home_page_lists_the_campaign_with_its_targets(app, world):
    response = app.test_client().get("/")
    assert response.status_code == 200
    assert response.content_type == "text/html; charset=utf-8"
    page = response.get_data(as_text=True)
    assert "Cả nước chung sức xây dựng nông thôn mới" in page
    assert world.authority.name in page
    assert "01/01/2021" in page and "31/12/2025" in page


def test_home_page_says_what_to_do_when_there_is_no_campaign(app):
    page = app.test_client().get("/").get_data(as_text=True)
    assert "Chưa có phong trào thi đua nào" in page


def test_unknown_page_answers_a_vietnamese_404_without_a_stack_trace(app):
    response = app.test_client().get("/khong-co-trang-nay")
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Không tìm thấy trang" in page
    assert "Traceback" not in page


def test_csrf_protection_is_on(app):
    assert app.config["WTF_CSRF_ENABLED"] is True
