"""What needs each user's action, with counts, for the dashboard. Read-only: changes nothing."""
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import (Nomination, User)
from ..rules.i18n import N_
from ..rules.permissions import Role
from ..rules.states import State
from . import clock, council_queries, queries


@dataclass(frozen=True)
class Task:
    label: str
    count: int
    endpoint: str
    args: tuple[tuple[str, str], ...] = ()


def _by_state(session: Session, query, state: State) -> int:
    return session.scalar(select(func.count()).select_from(query.where(Nomination.state == state).subquery()))


def _queue(session: Session, authority_ids: set[int], state: State) -> int:
    return queries.count(session, queries.nominations.in_states(authority_ids, state))


def unit_tasks(session: Session, unit_ids: set[int]) -> list[Task]:
    base = select(Nomination.id).where(Nomination.proposing_unit_id.in_(unit_ids))
    return [
        Task(N_("Hồ sơ bị trả lại cần bổ sung"), _by_state(session, base, State.RETURNED), "unit.index",
             (("state", State.RETURNED),)),
        Task(N_("Bản nháp chưa gửi"), _by_state(session, base, State.DRAFT), "unit.index", (("state", State.DRAFT),)),
        Task(N_("Hồ sơ đang chờ xử lý"), sum(_by_state(session, base, s) for s in (
            State.SUBMITTED, State.IN_APPRAISAL, State.IN_PUBLIC_NOTICE, State.IN_COUNCIL, State.ENDORSED)),
            "unit.index"),
    ]


def secretariat_tasks(session: Session, authority_ids: set[int], today: date | None = None) -> list[Task]:
    today = today or clock.today()
    unanswered = queries.count(session, queries.notices.unanswered_comments(authority_ids))
    # the secretariat's index counts the same query: the window of a nomination's latest notice
    windows_over = queries.count(session, queries.notices.window_over(authority_ids, today))
    return [
        Task(N_("Hồ sơ mới gửi chờ tiếp nhận"), _queue(session, authority_ids, State.SUBMITTED), "secretariat.intake"),
        Task(N_("Hồ sơ đang thẩm định"), _queue(session, authority_ids, State.IN_APPRAISAL),
             "secretariat.appraisal_list"),
        Task(N_("Ý kiến nhân dân chưa trả lời"), unanswered, "secretariat.comments"),
        Task(N_("Hồ sơ đã hết thời hạn công khai"), windows_over, "secretariat.sessions"),
    ]


def council_tasks(session: Session, user: User) -> list[Task]:
    """Only what the member may vote on now: never an item he is recused from or a session he is absent from."""
    pending = len(council_queries.awaiting_ballot(session, user))
    return [Task(N_("Nội dung chờ bạn biểu quyết"), pending, "council.index")]


def authority_tasks(session: Session, authority_ids: set[int]) -> list[Task]:
    endorsed = queries.count(session, queries.nominations.in_states(authority_ids, State.ENDORSED))
    return [Task(N_("Hồ sơ Hội đồng đề nghị, chờ quyết định"), endorsed, "authority.index")]


def tasks_for(session: Session, user: User) -> dict[Role, list[Task]]:
    grants = user.grants
    units = {g.unit_id for g in grants if g.role == Role.UNIT_OFFICER}
    authorities = {role: {g.authority_id for g in grants if g.role == role} for role in Role}
    tasks: dict[Role, list[Task]] = {}
    if units:
        tasks[Role.UNIT_OFFICER] = unit_tasks(session, units)
    if authorities[Role.SECRETARIAT]:
        tasks[Role.SECRETARIAT] = secretariat_tasks(session, authorities[Role.SECRETARIAT])
    if authorities[Role.COUNCIL_MEMBER]:
        tasks[Role.COUNCIL_MEMBER] = council_tasks(session, user)
    if authorities[Role.AUTHORITY]:
        tasks[Role.AUTHORITY] = authority_tasks(session, authorities[Role.AUTHORITY])
    if user.has_role(Role.ADMIN):
        tasks[Role.ADMIN] = []
    return tasks
