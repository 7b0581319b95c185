"""A proposal sent by an integration client (issue 18): the letter, its nominations with their files, and «Gửi tờ
trình», through exactly the services the unit's own forms use (proposals.create, nominations.create with its
uploads, proposals.submit), so the same rules refuse the same things. Never imports flask; never commits."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from ..models import AwardType, Campaign, Proposal, Unit, User
from ..rules.errors import DomainError
from . import nominations, proposals
from .blobs import FileStore
from .nominations import NominationData, NomineeData, Upload
from .proposals import Header


@dataclass(frozen=True)
class Line:
    award_type: AwardType
    nominee: NomineeData
    achievement_summary: str
    period_from: date
    period_to: date
    uploads: Sequence[Upload] = ()


def file(session: Session, *, by: User, campaign: Campaign, unit: Unit, header: Header, lines: Sequence[Line],
         store: FileStore, submit: bool = True, now: datetime | None = None) -> Proposal:
    """A new proposal of `unit` with its lines, sent at once unless `submit` is false (then kept as drafts). Any
    refusal raises, naming the line; the caller's rollback keeps nothing."""
    proposal = proposals.create(session, by=by, campaign=campaign, proposing_unit=unit, header=header, now=now)
    for position, line in enumerate(lines):
        data = NominationData(award_type=line.award_type, nominee=line.nominee,
                              achievement_summary=line.achievement_summary, period_from=line.period_from,
                              period_to=line.period_to, letter_no=proposal.number, letter_date=proposal.letter_date)
        try:
            nominations.create(session, by=by, campaign=campaign, proposing_unit=unit, data=data, now=now,
                               uploads=line.uploads, store=store, proposal_id=proposal.id)
        except DomainError as error:
            raise type(error)(f"Hồ sơ thứ {position + 1}: {error.message}",
                              field=f"nominations[{position}].{error.field}" if error.field else None) from error
    session.expire(proposal, ["lines"])
    if submit:
        proposals.submit(session, proposal, by=by, expected_version=proposal.version, now=now)
    return proposal


def of_unit(unit_id: int) -> Select:
    """A unit's proposals, newest first (the client's list)."""
    return select(Proposal).where(Proposal.proposing_unit_id == unit_id).order_by(Proposal.id.desc())
