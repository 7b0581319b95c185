"""What the public sees of disclosure and campaigns: open and archived notices with their nominees, public
attachments and published answers, a comment's progress by receipt code, the home page's campaigns, and
the Atom feed's entries. Read-only. Commenters appear by receipt code only; the text of a comment and its
author's name leave here only through `own_comment` (for the citizen's own receipt); contact never does.
"""
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Select, exists, func, select
from sqlalchemy.orm import Session, joinedload, undefer

from ...models import (Attachment, Campaign, Decision, DecisionLine, Nomination, NoticeItem, PublicComment,
                       PublicNotice, legal_basis_lines_on)
from ...rules.calendar import WorkingCalendar, notice_days_left
from ...rules.nominees import NOMINEE_KIND_LABELS, NomineeKind
from ...rules.states import COMMENTABLE_STATES
from .. import transparency_log
from ..calendar import working_calendar
from ..movement.statistics import award_totals
from .recognitions import latest_decisions
from .search import MAX_ID

RECEIPT = re.compile(r"YK-[A-Z2-7]{10}")


def remaining_working_days(calendar: WorkingCalendar, notice: PublicNotice, today: date) -> int:
    """Working days left to comment on this notice (rules.calendar.notice_days_left: never more than its own
    number of working days, 1 on its last day, 0 once it is over)."""
    return notice_days_left(calendar, notice.start_date, notice.end_date, today, notice.working_days)


@dataclass(frozen=True)
class NoticeSummary:
    notice: PublicNotice
    nominees: int
    remaining: int


def open_notices(session: Session, today: date) -> list[NoticeSummary]:
    notices = session.scalars(select(PublicNotice).where(PublicNotice.start_date <= today,
                                                         PublicNotice.end_date >= today)
                              .order_by(PublicNotice.end_date, PublicNotice.id)).all()
    calendar = working_calendar(session)
    return [NoticeSummary(n, len(n.items), remaining_working_days(calendar, n, today)) for n in notices]


def archived_notices(today: date) -> Select:
    """Notices whose window is over, the latest first (for the paginator)."""
    return select(PublicNotice).where(PublicNotice.end_date < today).order_by(PublicNotice.end_date.desc(),
                                                                               PublicNotice.id.desc())


def notice(session: Session, notice_id: int) -> PublicNotice | None:
    return session.get(PublicNotice, notice_id) if 0 < notice_id <= MAX_ID else None


@dataclass(frozen=True)
class PublicCorrection:
    """An answer as published before a correction (đính chính), and why it was corrected."""

    previous_answer: str
    previous_resolution: str
    previous_answered_at: datetime
    reason: str
    corrected_at: datetime


def corrections_of(comment: PublicComment) -> tuple[PublicCorrection, ...]:
    return tuple(PublicCorrection(c.previous_answer, c.previous_resolution, c.previous_answered_at, c.reason,
                                  c.corrected_at) for c in comment.corrections)


@dataclass(frozen=True)
class PublicAnswer:
    receipt_code: str
    status: str
    received_at: datetime
    resolution: str | None
    answer: str | None
    answered_at: datetime | None
    corrections: tuple[PublicCorrection, ...] = ()  # earlier answers, oldest first


@dataclass(frozen=True)
class PublicNominee:
    """A disclosed nomination as the public sees it: name, position or unit, never a private field."""

    nomination_id: int
    name: str
    line: str
    kind: str
    award_type: str
    proposing_unit: str
    summary: str
    period_from: date
    period_to: date
    state: str
    line_id: int | None
    can_comment: bool
    attachments: list[tuple[int, str, int]] = field(default_factory=list)  # (id, filename, size)
    answers: list[PublicAnswer] = field(default_factory=list)


@dataclass(frozen=True)
class NoticeView:
    notice: PublicNotice
    is_open: bool
    remaining: int
    legal_basis: list[str]
    nominees: list[PublicNominee]


def notice_view(session: Session, notice: PublicNotice, today: date) -> NoticeView:
    is_open = notice.is_open_on(today)
    lines = dict(session.execute(select(DecisionLine.nomination_id, DecisionLine.id).where(
        DecisionLine.nomination_id.in_([i.nomination_id for i in notice.items]))).all())
    # the basis in force on the notice's own date, not today's: a notice opened under the old decree cites it
    legal_basis = legal_basis_lines_on((item.nomination.award_type for item in notice.items), notice.start_date)
    nominees = [_public_nominee(item.nomination, notice, is_open, lines.get(item.nomination_id))
                for item in notice.items]
    return NoticeView(notice, is_open, remaining_working_days(working_calendar(session), notice, today),
                      legal_basis, nominees)


def _public_nominee(nomination: Nomination, notice: PublicNotice, is_open: bool,
                    line_id: int | None) -> PublicNominee:
    nominee = nomination.nominee
    answers = [PublicAnswer(c.receipt_code, c.status, c.received_at, c.resolution, c.answer, c.answered_at,
                            corrections_of(c))
               for c in notice.comments if c.nomination_id == nomination.id]
    return PublicNominee(
        nomination_id=nomination.id, name=nominee.full_name, line=nominee.public_line(),
        kind=NOMINEE_KIND_LABELS[NomineeKind(nominee.kind)], award_type=nomination.award_type.name,
        proposing_unit=nomination.proposing_unit.name, summary=nomination.achievement_summary,
        period_from=nomination.period_from, period_to=nomination.period_to, state=nomination.state,
        line_id=line_id, can_comment=is_open and nomination.state in COMMENTABLE_STATES,
        attachments=[(a.id, a.filename, a.size) for a in nomination.attachments if a.is_public], answers=answers)


def commentable(notice: PublicNotice, today: date) -> list[tuple[int, str]]:
    """(nomination id, label) of the nominees one may comment on today."""
    if not notice.is_open_on(today):
        return []
    return [(i.nomination.id, f"{i.nomination.nominee.full_name} — {i.nomination.award_type.name}")
            for i in notice.items if i.nomination.state in COMMENTABLE_STATES]


@dataclass(frozen=True)
class Receipt:
    receipt_code: str
    status: str
    received_at: datetime
    notice_id: int
    notice_title: str
    notice_end: date
    nominee: str
    award_type: str
    resolution: str | None
    answer: str | None
    answered_at: datetime | None
    with_attachment: bool
    corrections: tuple[PublicCorrection, ...] = ()


def _comment_by_code(session: Session, code: str) -> PublicComment | None:
    code = "".join((code or "").split()).upper()
    if not RECEIPT.fullmatch(code):
        return None
    return session.scalar(select(PublicComment).where(PublicComment.receipt_code == code))


def receipt(session: Session, code: str) -> Receipt | None:
    """A comment's public progress by its receipt code (any case, spaces ignored), or None."""
    comment = _comment_by_code(session, code)
    if comment is None:
        return None
    nomination = comment.nomination
    return Receipt(comment.receipt_code, comment.status, comment.received_at, comment.notice_id,
                   comment.notice.title, comment.notice.end_date, nomination.nominee.full_name,
                   nomination.award_type.name, comment.resolution, comment.answer, comment.answered_at,
                   bool(comment.attachments), corrections_of(comment))


@dataclass(frozen=True)
class OwnComment:
    """What the citizen wrote, for their own printable receipt only: never the contact data, never for
    anyone who does not hold the receipt's private key (the receipt code alone is public)."""

    full_name: str
    body: str
    received_at: datetime


def own_comment(session: Session, code: str) -> OwnComment | None:
    comment = _comment_by_code(session, code)
    return None if comment is None else OwnComment(comment.full_name, comment.body, comment.received_at)


def public_attachment(session: Session, attachment_id: int) -> Attachment | None:
    """An attachment the proposing unit marked public, of a nomination already disclosed or decided;
    None for everything else (private files, citizens' evidence, drafts)."""
    if not 0 < attachment_id <= MAX_ID:
        return None
    disclosed = exists().where(NoticeItem.nomination_id == Attachment.nomination_id)
    decided = exists().where(DecisionLine.nomination_id == Attachment.nomination_id)
    return session.scalar(select(Attachment).where(
        Attachment.id == attachment_id, Attachment.is_public.is_(True), Attachment.nomination_id.is_not(None),
        Attachment.comment_id.is_(None), disclosed | decided))


@dataclass(frozen=True)
class CampaignSummary:
    campaign: Campaign
    disclosed: int   # nominations the public has seen (disclosed or decided)
    awarded: int     # lines of decisions still in force
    revoked: int     # lines of decisions revoked since
    open_for_nominations: bool


def campaigns(session: Session, today: date) -> list[CampaignSummary]:
    found = session.scalars(select(Campaign).where(Campaign.is_public.is_(True))
                            .order_by(Campaign.period_end.desc(), Campaign.id)).all()
    seen = exists().where(NoticeItem.nomination_id == Nomination.id) | exists().where(
        DecisionLine.nomination_id == Nomination.id)
    public = dict(session.execute(select(Nomination.campaign_id, func.count()).where(seen)
                                  .group_by(Nomination.campaign_id)).all())
    awarded = award_totals(session)   # the dashboard's own count
    return [CampaignSummary(c, public.get(c.id, 0), *awarded.get(c.id, (0, 0)), c.is_open_on(today)) for c in found]


@dataclass(frozen=True)
class Home:
    campaigns: list[CampaignSummary]
    notices: list[NoticeSummary]
    decisions: list


def home(session: Session, today: date) -> Home:
    return Home(campaigns(session, today), open_notices(session, today), latest_decisions(session))


def decision_title(decision: Decision) -> str:
    """A decision as a list names it (the feed, in Vietnamese like its documents; the pages say the same
    through the `decision_title` macro): numbers restart every year and at every issuer, so the number
    alone does not tell two decisions apart."""
    return f"Quyết định số {decision.number} ngày {decision.decision_date:%d/%m/%Y} của {decision.authority.name}"


@dataclass(frozen=True)
class FeedEntry:
    kind: str          # "decision", "notice" or "checkpoint" (id: the tree size)
    id: int
    title: str
    summary: str
    updated: datetime


def feed_entries(session: Session, limit: int = 30) -> list[FeedEntry]:
    """The newest decisions and notices, newest first."""
    decisions = session.scalars(select(Decision).options(undefer(Decision.line_count), joinedload(Decision.authority))
                                .order_by(Decision.issued_at.desc()).limit(limit)).all()
    notices = session.scalars(select(PublicNotice).order_by(PublicNotice.opened_at.desc()).limit(limit)).all()
    entries = [FeedEntry("decision", d.id, decision_title(d),
                         f"{d.title} — {d.line_count} tập thể, cá nhân được khen thưởng.", d.issued_at)
               for d in decisions]
    entries += [FeedEntry("notice", n.id, n.title,
                          f"Lấy ý kiến từ {n.start_date:%d/%m/%Y} đến hết {n.end_date:%d/%m/%Y}, "
                          f"{len(n.items)} đối tượng.", n.opened_at) for n in notices]
    # issue 19: each signed checkpoint of the transparency log, its note whole, so readers of the feed keep copies
    entries += [FeedEntry("checkpoint", c.size, f"Điểm kiểm chứng nhật ký minh bạch: {c.size} sự kiện công khai",
                          c.note, c.signed_at) for c in transparency_log.recent(session, limit)]
    return sorted(entries, key=lambda e: e.updated, reverse=True)[:limit]
