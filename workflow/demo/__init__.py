"""Demo data from the seed (`flask --app wsgi demo-data`): tỉnh Bạc Liêu's units and their 2025 history,
the provincial authority with chairman Phạm Văn Thiều, the new-rural campaign 2021–2025 with its targets and
the results the districts reported (all ended on 30/06/2025, kept as issued), tỉnh Cà Mau with its new
communes, authority, signers and legal basis (NĐ 152/2025) since 01/07/2025, the award-type catalogue of
each, one account per role, and nominations in every state.

Every nomination reaches its state through the services, so the audit chain is real: the 2025 round is
backdated first, then the reorganisation of 01/07/2025, then the round in progress relative to today, under
tỉnh Cà Mau. Needs a today at least ~2 months after 01/07/2025 (the round began 30 working days ago).
`load()` never commits (the caller does)
and changes nothing when the demo data is already there. Imports neither Flask nor the tests.
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Authority, Unit, User
from ..rules.errors import ValidationFailed
from ..services import clock, users
from ..services.blobs import FileStore
from ..services.calendar import working_calendar
from . import current, history, lists, movement, people, recognitions, reference
from .kit import Kit, Timeline

ADMIN_USERNAME = "quantri"


def load(session: Session, *, password: str, store: FileStore) -> bool:
    """Load the demo data; False, changing nothing, when it is already present. Attachments go to `store`."""
    if is_loaded(session):
        return False
    if len(password) < users.MIN_PASSWORD_LENGTH:  # refuse before anything is written
        raise ValidationFailed(f"Mật khẩu demo cần ít nhất {users.MIN_PASSWORD_LENGTH} ký tự.")
    ref = reference.create(session, today=clock.today())
    kit = Kit(session=session, ref=ref, people=people.create(session, ref, password),
              store=store, t=Timeline(),
              calendar=working_calendar(session))
    movement.early_reports(kit)
    history.vinh_hung_a_round(kit)
    recognitions.vinh_hung_a(kit, password)
    movement.last_report(kit, next_round=movement.first_day_of_weeks_ago_round(kit))
    people.reorganise(session, ref, kit.people)
    recognitions.in_appraisal(kit, password)
    champion = current.weeks_ago_round(kit)
    current.today_stories(kit, champion)
    recognitions.posting_today(kit, password)
    lists.hong_dan_list(kit)
    movement.count_awards(kit)
    session.flush()
    return True


def is_loaded(session: Session) -> bool:
    """The demo's admin account, its province or its authority already exists."""
    return any(session.scalar(query) is not None for query in (
        select(User.id).where(User.username == ADMIN_USERNAME),
        select(Unit.id).where(Unit.code == "BL"),
        select(Authority.id).where(Authority.name == reference.PROVINCE_AUTHORITY)))

