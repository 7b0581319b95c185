"""Which actions tell whom: notifications are written in the action's own transaction (the outbox), only to the
people the action concerns — a unit officer only about their own unit's nominations — and a refused or rolled
back action leaves none."""
import pytest
from sqlalchemy import func, select

from tests import factories
from tests.factories import TODAY
from tests.services.helpers import COMMENTER
from workflow.models import Job, JobKind, Notification
from workflow.rules.errors import ValidationFailed
from workflow.rules.notifications import Kind, MailState
from workflow.rules.states import State
from workflow.services import council, decisions, nominations, notices, notifications, users


def told(session, kind: Kind | None = None) -> list[tuple[str, str]]:
    """(kind, username or mail address) of every notification, oldest first."""
    query = select(Notification).order_by(Notification.id)
    if kind is not None:
        query = query.where(Notification.kind == kind)
    return [(n.kind, n.user.username if n.user else n.mail_to) for n in session.scalars(query)]


def mail_jobs(session) -> int:
    return session.scalar(select(func.count()).select_from(Job).where(Job.kind == JobKind.SEND_MAIL))


@pytest.fixture
def addressed(session, world):
    """Everyone has an e-mail address, as in the demo."""
    for user in (world.officer_a, world.officer_b, world.secretariat, world.chair, *world.members):
        users.set_contact(session, user, email=f"{user.username}@vinhdanh.local", phone=None)
    session.commit()
    return world


def test_submit_tells_the_secretariat_in_the_same_transaction(session, addressed, store):
    nomination = factories.make_nomination(session, addressed, store)
    session.commit()
    nominations.submit(session, nomination, by=addressed.officer_a, expected_version=nomination.version)
    assert told(session) == [(Kind.SUBMITTED, "thuky")]   # flushed with the action, before any commit
    session.rollback()
    assert told(session) == [] and mail_jobs(session) == 0   # rolled back with it


def test_a_refused_action_writes_no_notification(session, addressed, store):
    nomination = factories.submitted(session, addressed, store)
    session.commit()
    before = told(session)
    with pytest.raises(ValidationFailed):
        nominations.return_(session, nomination, by=addressed.secretariat, expected_version=nomination.version,
                            reason="   ")
    assert told(session) == before


def test_a_return_tells_only_the_officers_of_the_proposing_unit(session, addressed, store):
    second = factories.commune_officer(session, addressed, addressed.district_a)
    users.set_contact(session, second, email="canbo.xa@vinhdanh.local", phone=None)
    other_unit = factories.submitted(session, addressed, store, officer=addressed.officer_b)
    ours = factories.submitted(session, addressed, store)
    session.commit()
    nominations.return_(session, ours, by=addressed.secretariat, expected_version=ours.version,
                        reason="Thiếu biên bản họp xét.")
    session.commit()
    returned = session.scalars(select(Notification).where(Notification.kind == Kind.RETURNED)).all()
    # both officers of the district, never officer_b, whose unit is another
    assert [n.user for n in returned] == [addressed.officer_a, second]
    notice = returned[0]
    assert notice.params["reason"] == "Thiếu biên bản họp xét."
    assert (notice.link_endpoint, notice.link_args) == ("unit.nomination", {"nomination_id": ours.id})
    assert notice.mail_state == MailState.PENDING and notice.mail_to == "donvi.a@vinhdanh.local"
    assert other_unit.id not in {n.nomination_id for n in returned}


def test_the_actor_is_not_told_of_their_own_action(session, addressed, store):
    factories.submitted(session, addressed, store)
    session.commit()
    assert ("submitted", "donvi.a") not in told(session)


def test_many_nominations_in_one_action_make_one_notification_per_person(session, addressed, store):
    lines = [factories.make_nomination(session, addressed, store, name=f"Tập thể {i}") for i in range(3)]
    session.commit()
    for line in lines:
        nominations.submit(session, line, by=addressed.officer_a, expected_version=line.version)
    session.commit()
    (one,) = session.scalars(select(Notification).where(Notification.kind == Kind.SUBMITTED)).all()
    assert one.item_count == 3 and one.params["names"] == ["Tập thể 0", "Tập thể 1", "Tập thể 2"]
    assert one.link_endpoint == "secretariat.index"
    assert mail_jobs(session) == 1   # one delivery job per transaction


def test_each_transaction_queues_its_own_delivery(session, addressed, store):
    for _ in range(2):
        factories.submitted(session, addressed, store)
        session.commit()
    assert len(told(session, Kind.SUBMITTED)) == 2 and mail_jobs(session) == 2


def test_no_address_means_inbox_only_and_digest_users_wait_for_their_digest(session, world, store):
    users.set_contact(session, world.secretariat, email="", phone=None, daily_digest=True)
    nomination = factories.submitted(session, world, store)
    session.commit()
    (inbox_only,) = session.scalars(select(Notification)).all()
    assert inbox_only.mail_state == MailState.NONE and mail_jobs(session) == 0
    users.set_contact(session, world.officer_a, email="donvi.a@vinhdanh.local", phone=None, daily_digest=True)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    session.commit()
    accepted = session.scalar(select(Notification).where(Notification.kind == Kind.ACCEPTED))
    assert accepted.mail_state == MailState.DIGEST and mail_jobs(session) == 0
    assert notifications.unread_count(session, world.officer_a) == 1


def test_session_called_and_vote_needed_reach_the_members_but_not_about_their_own_unit(session, addressed, store):
    nomination, _notice = factories.in_notice(session, addressed, store)
    meeting = factories.new_session(session, addressed)
    session.commit()
    assert {name for kind, name in told(session, Kind.SESSION_CALLED)} == {m.username for m in addressed.members}
    council.to_council(session, nomination, meeting, by=addressed.secretariat, expected_version=nomination.version)
    session.commit()
    voters = {name for kind, name in told(session, Kind.VOTE_NEEDED)}
    # hoidong1 works in the proposing district: recused, so not asked to vote
    assert voters == {m.username for m in addressed.members[1:]}
    vote = session.scalar(select(Notification).where(Notification.kind == Kind.VOTE_NEEDED))
    assert (vote.link_endpoint, vote.link_args) == ("council.session", {"session_id": meeting.id})


def test_an_endorsement_asks_the_authority_to_decide_and_the_decision_tells_the_unit(session, addressed, store):
    nomination = factories.endorsed(session, addressed, store)
    session.commit()
    assert told(session, Kind.DECISION_NEEDED) == [(Kind.DECISION_NEEDED, "chutich")]
    assert told(session, Kind.COUNCIL_RESULT) == [(Kind.COUNCIL_RESULT, "donvi.a")]
    decision = decisions.decide(session, [nomination], by=addressed.chair, signer=addressed.signer,
                                decision_date=TODAY, expected_versions={nomination.id: nomination.version})
    session.commit()
    issued = session.scalar(select(Notification).where(Notification.kind == Kind.DECISION_ISSUED))
    assert issued.user == addressed.officer_a and issued.params["decision"] == decision.number
    decisions.revoke(session, nomination, by=addressed.chair, reason="Kê khai thành tích không trung thực.",
                     revoking_decision_no="99/QĐ-UBND", expected_version=nomination.version)
    session.commit()
    revoked = session.scalar(select(Notification).where(Notification.kind == Kind.REVOKED))
    assert revoked.user == addressed.officer_a and revoked.params["revoking_decision_no"] == "99/QĐ-UBND"


def test_comments_tell_the_secretariat_and_the_citizen_only_if_asked(session, addressed, store):
    nomination, notice = factories.in_notice(session, addressed, store)
    silent = notices.receive_comment(session, notice, nomination, body="Ý kiến thứ nhất.", today=TODAY,
                                     **COMMENTER)
    asked = notices.receive_comment(session, notice, nomination, body="Ý kiến thứ hai.", today=TODAY,
                                    notify_email="Ngoc.Tran@Example.vn", **COMMENTER)
    session.commit()
    received = session.scalars(select(Notification).where(Notification.kind == Kind.COMMENT_RECEIVED)).all()
    assert [n.user.username for n in received] == ["thuky", "thuky"]
    assert all(COMMENTER["contact"] not in str(n.params) for n in received)   # no contact data
    for comment in (silent, asked):
        notices.answer_comment(session, comment, by=addressed.secretariat, answer="Đã xác minh, thành tích đúng.")
    session.commit()
    answered = told(session, Kind.COMMENT_ANSWERED)
    assert answered.count((Kind.COMMENT_ANSWERED, "donvi.a")) == 2
    citizen = [n for n in session.scalars(select(Notification).where(Notification.user_id.is_(None)))]
    assert [(n.mail_to, n.comment_id, n.link_endpoint) for n in citizen] == [
        ("Ngoc.Tran@example.vn", asked.id, "public.receipt")]


def test_an_unsubscribed_citizen_gets_nothing_more(session, addressed, store):
    nomination, notice = factories.in_notice(session, addressed, store)
    comment = notices.receive_comment(session, notice, nomination, body="Ý kiến.", today=TODAY,
                                      notify_email="ngoc@example.vn", **COMMENTER)
    notices.answer_comment(session, comment, by=addressed.secretariat, answer="Đã trả lời.")
    session.commit()
    assert notifications.unsubscribe(session, comment) == 1
    session.commit()
    (citizen,) = session.scalars(select(Notification).where(Notification.user_id.is_(None))).all()
    assert citizen.mail_state == MailState.CANCELLED and comment.notify_email is None


def test_a_bad_citizen_address_refuses_the_comment(session, addressed, store):
    nomination, notice = factories.in_notice(session, addressed, store)
    with pytest.raises(ValidationFailed) as refusal:
        notices.receive_comment(session, notice, nomination, body="Ý kiến.", today=TODAY, notify_email="khong-phai",
                                **COMMENTER)
    assert refusal.value.field == "notify_email"


def test_withdrawing_a_draft_tells_nobody_but_a_submitted_one_tells_the_secretariat(session, addressed, store):
    draft = factories.make_nomination(session, addressed, store)
    nominations.withdraw(session, draft, by=addressed.officer_a, expected_version=draft.version)
    sent = factories.submitted(session, addressed, store)
    nominations.withdraw(session, sent, by=addressed.officer_a, expected_version=sent.version)
    session.commit()
    assert told(session, Kind.WITHDRAWN) == [(Kind.WITHDRAWN, "thuky")]
    assert sent.state == State.WITHDRAWN


def test_reading_the_inbox(session, addressed, store):
    for _ in range(3):
        factories.submitted(session, addressed, store)
        session.commit()
    secretariat = addressed.secretariat
    assert notifications.unread_count(session, secretariat) == 3
    first = session.scalars(notifications.inbox(secretariat)).first()
    notifications.mark_read(session, first, by=addressed.officer_a)   # not theirs: nothing happens
    assert first.read_at is None
    notifications.mark_read(session, first, by=secretariat)
    assert notifications.unread_count(session, secretariat) == 2
    assert notifications.mark_all_read(session, by=secretariat) == 2
    assert notifications.unread_count(session, secretariat) == 0
