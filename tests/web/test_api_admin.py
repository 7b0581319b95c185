"""The administrator's screen and command for integration clients: the token is shown once and works, revoking it
stops it at once; the command line does the same through the same service."""
import re

from sqlalchemy import select

from tests.web.test_api import bearer
from workflow.models import ApiClient


def test_the_admin_issues_a_token_shown_once_and_revokes_it(app, session, world, signed_in):
    admin = signed_in(world.admin)
    page = admin.post("/admin/api-clients", {"name": "Cổng dịch vụ công tỉnh", "unit": str(world.district_a.id),
                                             "scopes": ["proposals:read"], "webhook_url": ""})
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and page.headers["Cache-Control"] == "no-store"
    token = re.search(r"vd_[a-z0-9]{10}_[A-Za-z0-9_-]{43}", body).group(0)
    client = session.scalar(select(ApiClient))
    assert token not in admin.get(f"/admin/api-clients/{client.id}").get_data(as_text=True)
    assert app.test_client().get("/api/v1/proposals", headers=bearer(token)).status_code == 200
    admin.post(f"/admin/api-clients/{client.id}/revoke", {}, from_page=f"/admin/api-clients/{client.id}")
    assert app.test_client().get("/api/v1/proposals", headers=bearer(token)).status_code == 401
    listing = admin.get("/admin/api-clients").get_data(as_text=True)
    assert "Cổng dịch vụ công tỉnh" in listing and "Đã thu hồi" in listing


def test_an_officer_cannot_open_the_screen(world, signed_in):
    assert signed_in(world.officer_a).get("/admin/api-clients").status_code == 403


def test_the_command_issues_lists_and_revokes(app, session, world):
    runner = app.test_cli_runner()
    issued = runner.invoke(args=["api-clients", "issue", "Hệ thống văn bản", "--unit", world.district_b.code,
                                 "--scope", "proposals:write", "--webhook-url", "https://vanban.example/hook",
                                 "--admin", world.admin.username])
    assert issued.exit_code == 0, issued.output
    token = re.search(r"vd_[a-z0-9]{10}_\S{43}", issued.output).group(0)
    assert "Khóa ký webhook" in issued.output
    prefix = token.split("_")[1]
    assert prefix in runner.invoke(args=["api-clients", "list"]).output
    refused = runner.invoke(args=["api-clients", "revoke", prefix, "--admin", world.officer_a.username])
    assert refused.exit_code == 1
    assert runner.invoke(args=["api-clients", "revoke", prefix, "--admin", world.admin.username]).exit_code == 0
    session.expire_all()
    assert session.scalar(select(ApiClient)).revoked_at is not None
