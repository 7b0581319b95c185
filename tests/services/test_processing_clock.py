"""The processing clock kept by submit / return / resubmit, the inbox and the dashboard agreeing on what is overdue,
and the campaign's nomination deadline with the secretariat's extensions."""
from datetime import date, datetime

from sqlalchemy import select

from tests import factories
from tests.services.helpers import assert_event, audit_mark, one_event_since, refused
from workflow.models import DeadlineExtension, Nomination
from workflow.rules.errors import NotAllowed, ValidationFailed
from workflow.services import campaigns, movement, nominations, queries


def at(day: date) -> datetime:
    """10:00 in Việt Nam on `day`, as stored (naive UTC)."""
    return datetime(day.year, day.month, day.day, 3, 0)


def test_submit_starts_the_clock_return_pauses_it_and_resubmit_resumes_it_across_tet(session, world, store):
    world.bang_khen.processing_working_days = 20
    nomination = factories.make_nomination(session, world, store)
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                       now=at(date(2026, 2, 2)))
    assert (nomination.processing_due_on, nomination.processing_days_left) == (date(2026, 3, 9), None)

    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung biên bản.", now=at(date(2026, 2, 12)))
    assert (nomination.processing_due_on, nomination.processing_days_left) == (None, 12)

    mark = audit_mark(session)
    nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                         now=at(date(2026, 2, 24)))   # after Tết: 12 working days from Wednesday 25/02
    assert (nomination.processing_due_on, nomination.processing_days_left) == (date(2026, 3, 12), None)
    assert one_event_since(session, mark).changes["processing_due_on"] == "2026-03-12"
    session.commit()
    stored = session.execute(select(Nomination.processing_due_on, Nomination.processing_days_left)
                             .where(Nomination.id == nomination.id)).one()
    assert tuple(stored) == (date(2026, 3, 12), None)


def test_each_award_type_has_its_own_processing_time(session, world, store):
    world.giay_khen.processing_working_days = 5
    quick = factories.make_nomination(session, world, store, award_type=world.giay_khen)
    nominations.submit(session, quick, by=world.officer_a, expected_version=quick.version, now=at(date(2025, 3, 3)))
    assert quick.processing_due_on == date(2025, 3, 10)


def test_the_inbox_order_and_the_dashboard_overdue_list_agree(session, world, store):
    today = date(2025, 3, 31)
    late, later, due_today, not_yet, returned = (factories.submitted(session, world, store) for _ in range(5))
    late.processing_due_on, later.processing_due_on = date(2025, 3, 20), date(2025, 3, 10)
    due_today.processing_due_on, not_yet.processing_due_on = today, date(2025, 4, 2)
    nominations.accept(session, late, by=world.secretariat, expected_version=late.version)
    nominations.return_(session, returned, by=world.secretariat, expected_version=returned.version, reason="Bổ sung.")
    session.commit()

    inbox = session.scalars(queries.nominations.in_process({world.authority.id})).all()
    assert inbox == [later, late, due_today, not_yet]          # overdue first, then the nearest due date
    overdue = movement.dashboard(session, world.campaign, on=today, today=today, internal=True).overdue
    assert [o.nomination_id for o in overdue] == [later.id, late.id] == [n.id for n in inbox[:2]]
    assert [o.working_days for o in overdue] == [15, 7]
    assert queries.count(session, queries.nominations.overdue(today, {world.authority.id})) == 2


# --- the campaign's nomination deadline ------------------------------------------------------------------

DEADLINE = date(2025, 10, 31)


def close_on(session, world, day: date = DEADLINE) -> date:
    """Set the campaign's deadline (after the test's drafts are made: the factories make them today)."""
    world.campaign.nomination_deadline = day
    session.commit()
    return day


def test_a_proposal_on_the_deadline_day_is_received(session, world, store):
    nomination = factories.make_nomination(session, world, store)
    deadline = close_on(session, world)
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                       now=at(deadline))
    assert nomination.state == "submitted"


def test_a_proposal_the_day_after_the_deadline_is_refused_in_vietnamese(session, world, store):
    nomination = factories.make_nomination(session, world, store)
    close_on(session, world)
    with refused(session, ValidationFailed, r"^Đợt xét «Cả nước chung sức xây dựng nông thôn mới» đã hết hạn nhận "
                                            r"hồ sơ ngày 31/10/2025\.$", nomination):
        nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                           now=at(date(2025, 11, 1)))


def test_a_returned_dossier_cannot_be_resubmitted_after_the_deadline(session, world, store):
    nomination = factories.submitted(session, world, store)
    nominations.return_(session, nomination, by=world.secretariat, expected_version=nomination.version,
                        reason="Bổ sung.")
    close_on(session, world)
    with refused(session, ValidationFailed, "đã hết hạn nhận hồ sơ ngày 31/10/2025", nomination):
        nominations.resubmit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                             now=at(date(2025, 11, 3)))


def test_an_extension_is_audited_and_lets_proposals_in_until_the_new_date(session, world, store):
    nomination, late = factories.make_nomination(session, world, store), factories.make_nomination(session, world, store)
    deadline = close_on(session, world)
    mark = audit_mark(session)
    extension = campaigns.extend_deadline(session, world.campaign, by=world.secretariat, new_deadline=date(2025, 11, 14),
                                          reason="Đơn vị sáp nhập cần thêm thời gian.", now=at(date(2025, 11, 3)))
    event = one_event_since(session, mark)
    assert_event(event, action="extend_deadline", object_type="campaign", object_id=world.campaign.id,
                 actor=world.secretariat, role="secretariat", public=False)
    assert event.changes == {"new_deadline": "2025-11-14", "extension_id": extension.id, "previous": "2025-10-31"}
    assert event.reason == "Đơn vị sáp nhập cần thêm thời gian."
    session.commit()

    assert campaigns.deadline_on(world.campaign, date(2025, 11, 2)) == deadline   # not yet recorded that day
    assert campaigns.deadline_on(world.campaign, date(2025, 11, 3)) == date(2025, 11, 14)
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                       now=at(date(2025, 11, 14)))
    with refused(session, ValidationFailed, "đã hết hạn nhận hồ sơ ngày 14/11/2025", late):
        nominations.submit(session, late, by=world.officer_a, expected_version=late.version,
                           now=at(date(2025, 11, 17)))


def test_only_the_campaigns_secretariat_extends_and_the_new_date_must_move_the_deadline_on(session, world):
    close_on(session, world)
    with refused(session, NotAllowed, "Thường trực"):
        campaigns.extend_deadline(session, world.campaign, by=world.officer_a, new_deadline=date(2025, 11, 30),
                                  reason="Xin gia hạn.", now=at(date(2025, 11, 3)))
    with refused(session, ValidationFailed, "Hạn mới phải sau hạn đang áp dụng"):
        campaigns.extend_deadline(session, world.campaign, by=world.secretariat, new_deadline=date(2025, 10, 30),
                                  reason="Nhầm ngày.", now=at(date(2025, 10, 1)))
    with refused(session, ValidationFailed, "lý do"):
        campaigns.extend_deadline(session, world.campaign, by=world.secretariat, new_deadline=date(2025, 11, 30),
                                  reason="  ", now=at(date(2025, 11, 3)))
    assert session.scalars(select(DeadlineExtension)).all() == []
