"""One answer per question (workflow/services/queries): the screens that ask the same question about notices,
the council agenda and decision drafts count the same rows. The case that made them disagree: a nomination
disclosed, its objection upheld (back to appraisal), and disclosed again in a second notice."""
from datetime import timedelta

import pytest

from tests import factories
from tests.factories import TODAY
from workflow.rules.states import State
from workflow.services import decisions, inbox, lookups, notices, queries

from .helpers import comment, endorsed_many


def _disclosed_twice(session, world, store):
    """Disclosed on TODAY; an objection upheld; disclosed again a week later, so the second window ends last."""
    nomination, first = factories.in_notice(session, world, store, name="Tập thể Ấp Hai Lần")
    objection = comment(session, first, nomination, body="Thành tích kê khai chưa đúng, đề nghị xem xét lại.")
    notices.uphold_objection(session, objection, by=world.secretariat, expected_version=nomination.version,
                             answer="Phản ánh có cơ sở; đơn vị đã bổ sung số liệu, công khai lại.")
    assert nomination.state == State.IN_APPRAISAL
    second = notices.open_notice(session, [nomination], by=world.secretariat, title="Công khai lại",
                                 expected_versions={nomination.id: nomination.version},
                                 today=TODAY + timedelta(days=7))
    session.commit()
    assert first.end_date < second.end_date
    return nomination, first, second


def _answers(session, world, today) -> dict[str, int]:
    """What every screen that asks "whose notice window is over" says, on `today`."""
    authorities = {world.authority.id}
    tasks = {t.endpoint: t.count for t in inbox.secretariat_tasks(session, authorities, today=today)}
    candidates = session.scalars(lookups.agenda_candidates(world.authority.id, today)).all()
    return {"secretariat index": lookups.overview(session, authorities, today).windows_over,
            "dashboard": tasks["secretariat.sessions"],
            "council agenda": sum(1 for n in candidates if n.state is State.IN_PUBLIC_NOTICE),
            "query": queries.count(session, queries.notices.window_over(authorities, today))}


def test_a_nomination_disclosed_again_is_not_over_while_its_second_window_is_open(session, world, store):
    """The first notice has ended, the second still receives comments: no screen counts it as over, and the
    one still open is counted as such (the council's own guard reads the latest notice too)."""
    _, first, second = _disclosed_twice(session, world, store)
    between = first.end_date + timedelta(days=1)
    assert between <= second.end_date
    assert _answers(session, world, between) == dict.fromkeys(
        ("secretariat index", "dashboard", "council agenda", "query"), 0)
    assert lookups.still_disclosed(session, world.authority.id, between) == 1


def test_once_the_second_window_is_over_every_screen_counts_it_once(session, world, store):
    _, _, second = _disclosed_twice(session, world, store)
    after = second.end_date + timedelta(days=1)
    assert _answers(session, world, after) == dict.fromkeys(
        ("secretariat index", "dashboard", "council agenda", "query"), 1)
    assert lookups.still_disclosed(session, world.authority.id, after) == 0


@pytest.mark.parametrize("day", [0, 1])
def test_a_single_notice_is_over_the_day_after_its_last_day(session, world, store, day):
    _, notice = factories.in_notice(session, world, store)
    session.commit()
    on = notice.end_date + timedelta(days=day)
    assert _answers(session, world, on) == dict.fromkeys(
        ("secretariat index", "dashboard", "council agenda", "query"), day)


def test_the_secretariat_and_the_authority_see_the_same_open_drafts_and_waiting_nominations(session, world,
                                                                                            store):
    from workflow.services import council_queries
    drafted, waiting = endorsed_many(session, world, store, 2)
    decisions.prepare_draft(session, [drafted], by=world.secretariat, signer=world.signer, decision_date=TODAY,
                            title="", proposal="")
    session.commit()
    authorities = {world.authority.id}
    counts = lookups.overview(session, authorities, TODAY)
    assert counts.endorsed == 1 and counts.open_drafts == 1
    for endorsed_query in (lookups.endorsed_without_draft, council_queries.endorsed_without_draft,
                           queries.drafts.endorsed_without_draft):
        assert [n.id for n in session.scalars(endorsed_query(authorities))] == [waiting.id]
    for open_query in (council_queries.open_drafts, queries.drafts.open_drafts):
        assert [d.nominations for d in session.scalars(open_query(authorities))] == [[drafted]]
