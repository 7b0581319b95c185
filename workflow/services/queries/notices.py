"""Questions about public notices, one function each. A nomination whose objection was upheld goes back
to appraisal and may be disclosed again, so it can sit in several notices: its window is always the one of
its *latest* notice (the one opened last), as the council's guard reads it (services.notices.latest_notice,
services.council.to_council)."""
from collections.abc import Iterable
from datetime import date

from sqlalchemy import ColumnElement, Select, exists, select

from ...models import CommentStatus, Nomination, NoticeItem, PublicComment, PublicNotice
from ...rules.states import State
from . import nominations


def latest_end():
    """SQL, correlated to `Nomination`: the last day of the nomination's latest notice (NULL if none)."""
    return (select(PublicNotice.end_date).join(NoticeItem, NoticeItem.notice_id == PublicNotice.id)
            .where(NoticeItem.nomination_id == Nomination.id)
            .order_by(PublicNotice.id.desc()).limit(1).scalar_subquery())


def is_window_over(today: date) -> ColumnElement[bool]:
    """SQL: the nomination is in public notice and its latest notice ended before `today`."""
    return (Nomination.state == str(State.IN_PUBLIC_NOTICE)) & (latest_end() < today)


def is_window_open(today: date) -> ColumnElement[bool]:
    """SQL: the nomination is in public notice and its latest notice still receives comments on `today`."""
    return (Nomination.state == str(State.IN_PUBLIC_NOTICE)) & (latest_end() >= today)


def window_over(authority_ids: Iterable[int], today: date) -> Select:
    """The authorities' nominations whose notice window is over: they may go to the council."""
    return nominations.of_authorities(authority_ids).where(is_window_over(today))


def window_open(authority_ids: Iterable[int], today: date) -> Select:
    """The authorities' nominations still inside their notice window."""
    return nominations.of_authorities(authority_ids).where(is_window_open(today))


def ever_disclosed() -> ColumnElement[bool]:
    """SQL: the nomination has been listed in a public notice at least once."""
    return exists().where(NoticeItem.nomination_id == Nomination.id)


def comments_of(authority_ids: Iterable[int]) -> Select:
    """Citizens' comments on these authorities' notices, the latest first."""
    return (select(PublicComment).join(PublicNotice, PublicComment.notice_id == PublicNotice.id)
            .where(PublicNotice.authority_id.in_(list(authority_ids)))
            .order_by(PublicComment.received_at.desc(), PublicComment.id.desc()))


def unanswered_comments(authority_ids: Iterable[int]) -> Select:
    """Comments still waiting for a published answer."""
    return comments_of(authority_ids).where(PublicComment.status != CommentStatus.ANSWERED)
