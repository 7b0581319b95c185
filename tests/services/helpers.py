"""Helpers shared by the service tests: reading the audit trail, asserting that a refused action wrote
nothing, and builders that put nominations on a council agenda through the real services.

"""
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tests import factories
from tests.factories import TODAY, World
from workflow.models import AgendaItem, AuditEvent, CouncilSession, Nomination, PublicComment, PublicNotice, User
from workflow.rules.errors import DomainError
from workflow.rules.nominees import NomineeKind
from workflow.rules.tally import Choice
from workflow.services import council, decisions, notices

VIETNAMESE = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.IGNORECASE)

# A citizen's contact data: none of it may reach the audit trail.
COMMENTER = dict(full_name="Trần Thị Bích Ngọc", contact="0912 345 678 / ngoc.tran@example.vn",
                 address="Ấp Xóm Lớn, xã Vĩnh Hưng A, huyện Vĩnh Lợi")


# --- the audit trail ------------------------------------------------------------------------------------

def audit_mark(session: Session) -> int:
    """The last sequence number written so far (0 on an empty chain)."""
    return session.scalar(select(func.coalesce(func.max(AuditEvent.seq), 0)))


def events_since(session: Session, mark: int) -> list[AuditEvent]:
    return list(session.scalars(select(AuditEvent).where(AuditEvent.seq > mark).order_by(AuditEvent.seq)))


def one_event_since(session: Session, mark: int) -> AuditEvent:
    events = events_since(session, mark)
    assert len(events) == 1, [(e.seq, e.action) for e in events]
    return events[0]


def assert_event(event: AuditEvent, *, action: str, object_id: int | None, actor: User | None, role: str,
                 public: bool, object_type: str = "nomination", from_state: str | None = None,
                 to_state: str | None = None) -> None:
    assert event.action == action
    assert (event.object_type, event.object_id) == (object_type, object_id)
    assert (event.from_state, event.to_state) == (from_state, to_state)
    assert event.actor_id == (actor.id if actor else None)
    assert event.actor_name == (actor.full_name if actor else "Công dân")
    assert event.role == role
    assert event.visibility == ("public" if public else "internal")


def is_vietnamese(message: str) -> bool:
    return bool(VIETNAMESE.search(message))


@contextmanager
def refused(session: Session, error: type[DomainError], match: str, *watched: Nomination) -> Iterator[None]:
    """The action in the block raises `error` with a Vietnamese message matching `match`; after the
    caller's rollback the audit trail and every watched nomination are as they were."""
    session.commit()
    before = factories.audit_count(session)
    snapshot = [(n, n.state, n.version) for n in watched]
    with pytest.raises(error) as info:
        yield
    session.rollback()
    assert type(info.value) is error
    assert re.search(match, info.value.message), info.value.message
    assert is_vietnamese(info.value.message), info.value.message
    assert factories.audit_count(session) == before
    for nomination, state, version in snapshot:
        assert (nomination.state, nomination.version) == (state, version)


# --- builders ----------------------------------------------------------------------------------------

def comment(session: Session, notice: PublicNotice, nomination: Nomination, *, today: date = TODAY,
            body: str = "Tôi đề nghị xem xét lại thành tích của tập thể này.") -> PublicComment:
    return notices.receive_comment(session, notice, nomination, body=body, today=today, **COMMENTER)


def meeting(session: Session, world: World, *, present: Iterable[User] | None = None) -> CouncilSession:
    """A council session of the world's authority; `present` defaults to all seven members."""
    session_ = council.create_session(session, by=world.secretariat, authority=world.authority,
                                      title="Phiên họp Hội đồng Thi đua – Khen thưởng tỉnh",
                                      meeting_date=factories.MEETING_DAY)
    council.record_attendance(session, session_, by=world.secretariat,
                              present_user_ids={m.id for m in (world.members if present is None else present)})
    return session_


def on_agenda(session: Session, world: World, store, council_session: CouncilSession, **kw) -> AgendaItem:
    """A nomination put on the session's agenda through the real path: public notice first when its award
    type requires disclosure, straight from appraisal otherwise."""
    award_type = kw.get("award_type") or world.bang_khen
    if award_type.disclosure_required:
        nomination, notice = factories.in_notice(session, world, store, **kw)
        today = notice.end_date + timedelta(days=1)
    else:
        nomination, today = factories.in_appraisal(session, world, store, **kw), TODAY
    return council.to_council(session, nomination, council_session, by=world.secretariat,
                              expected_version=nomination.version, today=today)


def vote(session: Session, item: AgendaItem, voters: Iterable[User], choice: Choice = Choice.AGREE) -> None:
    for member in voters:
        council.cast_vote(session, item, by=member, choice=choice)


def eligible(item: AgendaItem, members: Iterable[User]) -> list[User]:
    return [m for m in members if council.recusal_reason(item, m) is None]


def endorsed_many(session: Session, world: World, store, n: int, **kw) -> list[Nomination]:
    """`n` nominations endorsed in one council session (Giấy khen for individuals by default: no notice)."""
    kw.setdefault("award_type", world.giay_khen)
    kw.setdefault("kind", NomineeKind.INDIVIDUAL)
    council_session = meeting(session, world)
    items = [on_agenda(session, world, store, council_session, **kw) for _ in range(n)]
    for item in items:
        vote(session, item, eligible(item, world.members))
    council.close_session(session, council_session, by=world.secretariat)
    return [item.nomination for item in items]


def decide(session: Session, world: World, nominations: list[Nomination], on: date = TODAY, **kw):
    return decisions.decide(session, nominations, by=world.chair, signer=kw.pop("signer", world.signer),
                            decision_date=on, expected_versions={n.id: n.version for n in nominations}, **kw)
