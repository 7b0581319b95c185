"""The dashboard of a campaign, public or with the staff's internal figures, and the same figures as plain
tables for the exports (Excel, CSV, PDF). The page, the workbook and the printed report read one Dashboard,
so they cannot disagree. Read-only; never imports flask."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import AuditHead, Campaign
from ...rules.states import State
from ..calendar import working_calendar
from .progress import IndicatorProgress, campaign_progress
from .statistics import (
    AwardCount,
    OverdueItem,
    ProcessingTime,
    Share,
    allowance,
    awards,
    by_state,
    overdue,
    processing_times,
    shares,
    totals,
)


@dataclass(frozen=True)
class Dashboard:
    campaign: Campaign
    on: date                 # the date the targets' progress is read on
    today: date
    internal: bool
    limit: int | None        # the award types' shared processing time in working days (None: they differ)
    indicators: list[IndicatorProgress]
    states: list[tuple[State, int]]
    awards: list[AwardCount]
    shares: list[Share]
    processing: list[ProcessingTime]
    overdue: list[OverdueItem]   # empty on the public dashboard

    def awards_by(self, key: str) -> list[tuple[str | int, int, int]]:
        return totals(self.awards, key)

    @property
    def awarded(self) -> int:
        return sum(row.awarded for row in self.awards)

    @property
    def revoked(self) -> int:
        return sum(row.revoked for row in self.awards)

    @property
    def nominations(self) -> int:
        return sum(count for _, count in self.states)


def default_date(campaign: Campaign, today: date) -> date:
    """Today while the campaign runs; its last day once it is over; its first day before it starts."""
    return min(max(today, campaign.period_start), campaign.period_end)


def dashboard(session: Session, campaign: Campaign, *, on: date, today: date, internal: bool) -> Dashboard:
    calendar = working_calendar(session)
    return Dashboard(
        campaign=campaign, on=on, today=today, internal=internal, limit=allowance(campaign),
        indicators=campaign_progress(session, campaign, on),
        states=by_state(session, campaign, internal=internal),
        awards=awards(session, campaign),
        shares=shares(session, campaign),
        processing=processing_times(session, campaign, calendar),
        overdue=overdue(session, campaign, calendar, today) if internal else [])


def overdue_now(session: Session, campaign: Campaign, *, today: date) -> list[OverdueItem]:
    """The staff's overdue list alone (one query), for the page whose other figures come from the cache."""
    return overdue(session, campaign, working_calendar(session), today)


def data_version(session: Session) -> str:
    """A name for the state of the data: the audit chain's head (its length and last hash). Every change is
    audited in its own transaction, which moves the head, so the name changes with every write; the hash
    keeps a different database (a restore, a fresh demo) from ever reusing a name for other data."""
    head = session.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one_or_none()
    return f"{head.seq}-{head.hash[:16]}" if head else "0"
