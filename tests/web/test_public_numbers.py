"""Numbers the public pages show must agree with each other (issue 13): the working days left in a notice
against the notice's own number of days, and decisions told apart by their issuer and date."""
import re
from datetime import date, timedelta

import pytest

from tests import factories
from tests.web.test_public import disclosed, individual, text
from workflow.services import clock

OPENED = factories.TODAY                 # Monday 03/03/2025
END = date(2025, 3, 17)                  # its 10th working day after


def on(day: date) -> None:
    """Set the app's clock to `day` (Việt Nam date)."""
    clock.advance((day - clock.today()).days)


@pytest.fixture
def ten_day_notice(session, world, store):
    notice = disclosed(session, world, individual(session, world, store), today=OPENED)
    session.commit()
    assert (notice.working_days, notice.end_date) == (10, END)
    return notice


def _left(page: str) -> list[int]:
    return [int(n) for n in re.findall(r"còn (\d+) ngày làm việc", page)]


@pytest.mark.parametrize("today, expected", [(OPENED, 10), (OPENED + timedelta(days=1), 10),
                                             (date(2025, 3, 10), 6), (END, 1)])
def test_every_page_says_the_same_days_left_never_more_than_the_notice_has(app, ten_day_notice, today, expected):
    on(today)
    client = app.test_client()
    notice_page = text(client.get(f"/notices/{ten_day_notice.id}"))
    assert "(10 ngày làm việc)" in notice_page
    assert _left(notice_page) == [expected]
    assert _left(text(client.get("/notices"))) == [expected]
    assert _left(text(client.get("/"))) == [expected]


def test_after_the_last_day_the_notice_says_it_is_over(app, ten_day_notice):
    on(END + timedelta(days=1))
    client = app.test_client()
    page = text(client.get(f"/notices/{ten_day_notice.id}"))
    assert "đã hết hạn nhận ý kiến" in page and not _left(page)
    assert ten_day_notice.title not in text(client.get("/notices"))
    assert not _left(text(client.get("/")))


# --- decisions told apart ----------------------------------------------------------------------------------

@pytest.fixture
def two_number_ones(session, world, store):
    """Two decisions numbered 1/QĐ-UBND: the sequence restarts every year."""
    factories.awarded(session, world, store, name="Xã Vĩnh Hưng A", decision_date=date(2024, 12, 20))
    factories.awarded(session, world, store, name="Hợp tác xã Đông Hải", decision_date=date(2025, 3, 3))
    session.commit()


TITLES = (f"Quyết định số 1/QĐ-UBND ngày 20/12/2024 của {'Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu'}",
          f"Quyết định số 1/QĐ-UBND ngày 03/03/2025 của {'Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu'}")


@pytest.mark.parametrize("url", ["/", "/decisions"])
def test_two_decisions_numbered_alike_are_told_apart_by_date_and_issuer(app, two_number_ones, url):
    page = text(app.test_client().get(url))
    assert all(title in page for title in TITLES), page


def test_the_feed_titles_carry_the_date_and_the_issuer(app, two_number_ones):
    feed = app.test_client().get("/feed.atom").get_data(as_text=True)
    titles = re.findall(r"<title>(Quyết định[^<]*)</title>", feed)
    assert sorted(titles) == sorted(TITLES)


def test_decision_titles_read_in_english_with_the_issuer(app, two_number_ones):
    client = app.test_client()
    client.get("/lang/en")
    page = text(client.get("/decisions"))
    assert "Decision no. 1/QĐ-UBND of 20/12/2024 by Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu" in page


def test_the_home_page_and_the_dashboard_count_a_campaigns_awards_alike(app, session, world, store):
    """Three awards, one revoked since: both pages say 2 in force, 1 revoked (the home page used to say 3)."""
    from workflow.services import decisions
    kept = [factories.awarded(session, world, store, name=f"Tập thể số {i}") for i in (1, 2)]
    gone = factories.awarded(session, world, store, name="Tập thể bị thu hồi")
    decisions.revoke(session, gone, by=world.chair, expected_version=gone.version,
                     reason="Kê khai không trung thực.", revoking_decision_no="9/QĐ-UBND")
    world.campaign.is_public = True
    session.commit()
    assert all(n.state == "awarded" for n in kept)
    client = app.test_client()
    home = text(client.get("/"))
    dashboard = text(client.get(f"/campaigns/{world.campaign.id}"))
    for page in (home, dashboard):
        assert re.search(r"\b2 khen thưởng còn hiệu lực \(1 đã thu hồi\)", page), page[:3000]
    assert "3 tập thể, cá nhân được khen thưởng" not in home
