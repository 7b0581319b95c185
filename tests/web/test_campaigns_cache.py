"""The movement dashboard's figures are computed once per change of the data (workflow/views/campaigns/
figures.py): a second reading runs none of the statistics' queries, and every write, whatever its path, shows
at once because it moves the audit chain's head the cache key carries. With a Redis, every worker shares the
computed figures."""
import re
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from tests import factories
from tests.web.test_campaigns import indicator, progress_rows, result_form, text  # noqa: F401  (fixture)
from workflow import create_app
from workflow.extensions import db


@contextmanager
def statements(app):
    """The SQL statements the app runs inside the block."""
    seen: list[str] = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, *args):
        seen.append(statement)
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def test_a_second_reading_of_the_dashboard_runs_no_statistics_query(app, world, indicator):  # noqa: F811
    client, url = app.test_client(), f"/campaigns/{world.campaign.id}?on=2025-03-31"
    with statements(app) as first:
        page = client.get(url).get_data(as_text=True)
    with statements(app) as second:
        again = client.get(url).get_data(as_text=True)
    assert again == page
    assert not [s for s in second if "decision_line" in s or "indicator_result" in s]
    assert len(second) <= 4 < len(first)   # the campaign, its authority, the chain's head


def test_a_result_entered_corrected_and_removed_shows_at_once_on_a_cached_dashboard(app, session, world,
                                                                                     indicator, signed_in):  # noqa: F811
    clerk, reader = signed_in(world.secretariat), app.test_client()
    url = f"/campaigns/{world.campaign.id}?on=2025-03-31"
    shown = lambda: progress_rows(reader.get(url).get_data(as_text=True), 0)["Huyện Vĩnh Lợi"][1]
    assert shown() == "—" and shown() == "—"   # computed, then from the cache
    results = f"/campaigns/{world.campaign.id}/results"
    assert clerk.post(results, result_form(indicator, world.district_a)).status_code == 302
    assert shown() == "5"
    assert clerk.post(results, result_form(indicator, world.district_a, value="7")).status_code == 302   # correction
    assert shown() == "7"
    from workflow.models import IndicatorResult
    result_id = session.query(IndicatorResult.id).scalar()
    assert clerk.post(f"/campaigns/results/{result_id}/remove", {}).status_code == 302
    assert shown() == "—"


def test_a_nomination_sent_by_another_path_shows_at_once_in_the_staff_counts(app, session, world, store, indicator,  # noqa: F811
                                                                          signed_in):
    browser = signed_in(world.secretariat)
    url = f"/campaigns/{world.campaign.id}/internal"
    count = lambda: int(re.search(r'<span class="kpi-figure">(\d+)</span><span>hồ sơ đề nghị',
                                  browser.get(url).get_data(as_text=True)).group(1))
    before = count()
    assert count() == before
    factories.submitted(session, world, store, name="Tập thể Ấp Cái Cùng")   # the unit's own service path
    session.commit()
    assert count() == before + 1
    assert "Tập thể Ấp Cái Cùng" not in text(app.test_client().get(f"/campaigns/{world.campaign.id}"))


def test_each_language_and_audience_keeps_its_own_figures(app, world, indicator, signed_in):  # noqa: F811
    url = f"/campaigns/{world.campaign.id}"
    internal = signed_in(world.secretariat).get(f"{url}/internal").get_data(as_text=True)
    assert "hồ sơ quá" in internal
    reader = app.test_client()
    reader.get("/lang/en")
    english = reader.get(url).get_data(as_text=True)
    vietnamese = app.test_client().get(url).get_data(as_text=True)
    assert "Indicators as of" in english
    assert "Chỉ tiêu tính đến ngày" in vietnamese and "Chỉ tiêu tính đến ngày" not in english
    assert "hồ sơ quá" not in vietnamese


# --- several workers sharing one Redis ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A throw-away Redis on a loopback port, no persistence (as scripts/with-redis starts one)."""
    server = shutil.which("redis-server")
    assert server, "Debian's redis-server is needed (make test installs it)"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    folder = tmp_path_factory.mktemp("redis")
    process = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                                "no", "--dir", str(folder)], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0"
    process.terminate()
    process.wait(timeout=10)


def test_two_workers_share_the_figures_through_redis_and_a_write_on_one_shows_on_the_other(redis_url, tmp_path):
    from tests.web.conftest import Browser
    from workflow.models import Comparator, Indicator, Target
    settings = {"CACHE_TYPE": "RedisCache", "CACHE_REDIS_URL": redis_url, "BLOB_DIR": str(tmp_path / "blobs"),
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'shared.db'}"}
    one, two = create_app("testing", **settings), create_app("testing", **settings)
    with one.app_context():
        db.create_all()
        world = factories.make_world(db.session)
        chosen = Indicator(campaign=world.campaign, code="NTM", name="Xã nông thôn mới",
                           targets=[Target(unit=world.district_a, value=6, comparator=Comparator.EXACTLY)])
        db.session.add(chosen)
        db.session.commit()
        campaign_id, secretariat = world.campaign.id, world.secretariat.username
        form = result_form(chosen, world.district_a)
    url = f"/campaigns/{campaign_id}?on=2025-03-31"
    page = one.test_client().get(url).get_data(as_text=True)
    with statements(two) as queries:
        assert two.test_client().get(url).get_data(as_text=True) == page   # computed by the first worker
    assert not [s for s in queries if "indicator_result" in s or "decision_line" in s]
    clerk = Browser(one.test_client())
    clerk.login(secretariat)
    assert clerk.post(f"/campaigns/{campaign_id}/results", form).status_code == 302
    assert progress_rows(two.test_client().get(url).get_data(as_text=True), 0)["Huyện Vĩnh Lợi"][1] == "5"
    for each in (one, two):
        with each.app_context():
            db.engine.dispose()
