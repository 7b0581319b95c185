"""The test-only clock hook: present in the browser tests' server, absent from every other app."""
import pytest

from workflow import create_app
from workflow.services import clock


@pytest.mark.parametrize("config_name, overrides", [
    ("development", {"TEST_HOOKS": True}),   # the flag alone does not open it outside testing
    ("production", {"TEST_HOOKS": True}),
    ("testing", {}),                          # a testing app that did not ask for the hooks
])
def test_the_clock_hook_does_not_exist_outside_a_testing_app_that_asks_for_it(config_name, overrides, tmp_path):
    app = create_app(config_name, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}", **overrides)
    assert not any(rule.rule.startswith("/_test") for rule in app.url_map.iter_rules())
    before = clock.today()
    response = app.test_client().post("/_test/clock/advance", data={"days": "40"})
    assert response.status_code == 404 and clock.today() == before


def test_the_live_server_moves_the_clock_through_the_hook(app, live, chromium):
    context = chromium.new_context(base_url=live.url)
    try:
        start = clock.today()
        response = context.request.post("/_test/clock/advance", form={"days": "12"})
        assert response.ok and response.json()["today"] == clock.today().isoformat()
        assert (clock.today() - start).days == 12
        assert context.request.post("/_test/clock/advance", form={"days": "soon"}).status == 400
        assert context.request.post("/_test/clock/advance", form={"days": "99999"}).status == 400
        assert (clock.today() - start).days == 12
        assert context.request.post("/_test/clock/reset").ok and clock.today() == start
    finally:
        context.close()
