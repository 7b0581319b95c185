"""Who may do what: every check is role **and** scope (DESIGN.md §3). Pure.

A unit officer acts for exactly one unit; the secretariat, council members and the authority act for one
issuing authority. The administrator runs the catalogue and never touches workflow records.
"""
from dataclasses import dataclass, field
from enum import StrEnum

from .i18n import N_
from .states import COMMENDATION, Action, Procedure, ProcedureCode, State, procedure_of


class Role(StrEnum):
    UNIT_OFFICER = "unit_officer"
    SECRETARIAT = "secretariat"
    COUNCIL_MEMBER = "council_member"
    AUTHORITY = "authority"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.UNIT_OFFICER: N_("Cán bộ thi đua đơn vị"),
    Role.SECRETARIAT: N_("Thường trực / Ban Thi đua – Khen thưởng"),
    Role.COUNCIL_MEMBER: N_("Thành viên Hội đồng TĐKT"),
    Role.AUTHORITY: N_("Người có thẩm quyền ký quyết định"),
    Role.ADMIN: N_("Quản trị hệ thống"),
}

# Roles scoped by a unit, and roles scoped by an authority; the admin is unscoped.
UNIT_SCOPED = frozenset({Role.UNIT_OFFICER})
AUTHORITY_SCOPED = frozenset({Role.SECRETARIAT, Role.COUNCIL_MEMBER, Role.AUTHORITY})


@dataclass(frozen=True)
class Grant:
    role: Role
    unit_id: int | None = None
    authority_id: int | None = None


@dataclass(frozen=True)
class Actor:
    """The acting user as the rules see them: their home unit and their grants. `None` id: a citizen."""

    user_id: int | None
    unit_id: int | None = None
    grants: frozenset[Grant] = field(default_factory=frozenset)

    def has(self, role: Role, *, unit_id: int | None = None, authority_id: int | None = None) -> bool:
        return any(g.role == role and (role not in UNIT_SCOPED or g.unit_id == unit_id)
                   and (role not in AUTHORITY_SCOPED or g.authority_id == authority_id)
                   for g in self.grants)

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(g.role for g in self.grants)


CITIZEN = Actor(user_id=None)


@dataclass(frozen=True)
class NominationFacts:
    """What the permission rules need to know of a nomination."""

    proposing_unit_id: int
    authority_id: int
    state: State | None = None  # where it stands now: what available() offers; None when only scope matters
    procedure: ProcedureCode = ProcedureCode.COMMENDATION  # its award type's (rules.states.PROCEDURES)


UNIT_ACTIONS = frozenset({Action.CREATE, Action.EDIT, Action.SUBMIT, Action.RESUBMIT, Action.WITHDRAW,
                          Action.ADD_ATTACHMENT, Action.REMOVE_ATTACHMENT, Action.IMPORT_LIST,
                          Action.RECORD_SELF_ASSESSMENT, Action.RECORD_SURVEY})
SECRETARIAT_ACTIONS = frozenset({Action.RETURN, Action.ACCEPT, Action.OPEN_NOTICE, Action.UPHOLD_OBJECTION,
                                 Action.TO_COUNCIL, Action.TALLY, Action.APPRAISE, Action.ANSWER_COMMENT,
                                 Action.CLASSIFY_COMMENT, Action.PREPARE_DECISION,
                                 Action.CREATE_SESSION, Action.RECORD_ATTENDANCE, Action.CLOSE_SESSION,
                                 Action.RECORD_RESULT, Action.CORRECT_ANSWER, Action.RECORD_WRITTEN_BALLOT,
                                 Action.RESCHEDULE_SESSION, Action.EXTEND_DEADLINE, Action.REISSUE_CERTIFICATE,
                                 Action.RECORD_RECOVERY, Action.IMPORT_HISTORY, Action.RECORD_FIELD_CHECK,
                                 Action.CONCLUDE_APPRAISAL})
AUTHORITY_ACTIONS = frozenset({Action.DECIDE, Action.REFUSE, Action.REVOKE, Action.ISSUE_PDF,
                               Action.PRINT_CERTIFICATES, Action.CORRECT_DECISION})


def can(actor: Actor, action: Action, facts: NominationFacts) -> bool:
    """Whether `actor` may take `action` on the nomination described by `facts`. Exhaustive."""
    role = role_for(action, procedure_of(facts.procedure))
    if role is Role.UNIT_OFFICER:
        return actor.has(Role.UNIT_OFFICER, unit_id=facts.proposing_unit_id)
    if role is Role.SECRETARIAT:
        return actor.has(Role.SECRETARIAT, authority_id=facts.authority_id)
    if role is Role.AUTHORITY:
        return actor.has(Role.AUTHORITY, authority_id=facts.authority_id)
    if action is Action.VOTE:
        return (actor.has(Role.COUNCIL_MEMBER, authority_id=facts.authority_id)
                and not is_conflicted(actor, facts))
    if action is Action.DECLARE_RELATION:  # any member of the council, conflicted or not: declaring is the point
        return actor.has(Role.COUNCIL_MEMBER, authority_id=facts.authority_id)
    if action is Action.RECEIVE_COMMENT:  # noqa: SIM103 - one branch per kind of action, as above
        return True  # anyone, signed in or not, may comment on an open notice
    return False


def is_conflicted(actor: Actor, facts: NominationFacts) -> bool:
    """The role check's shortcut: a council member never votes on a nomination proposed by their own unit. The
    full answer, with its reason, is `recusal` below (services.council.recusal feeds it the facts)."""
    return actor.unit_id is not None and actor.unit_id == facts.proposing_unit_id


class Relation(StrEnum):
    """Quan hệ a council member declares with a nominee (khai báo quan hệ)."""

    SPOUSE = "spouse"
    PARENT = "parent"
    CHILD = "child"
    SIBLING = "sibling"
    OTHER = "other"


RELATION_LABELS = {
    Relation.SPOUSE: N_("vợ hoặc chồng"),
    Relation.PARENT: N_("cha, mẹ"),
    Relation.CHILD: N_("con"),
    Relation.SIBLING: N_("anh, chị, em ruột"),
    Relation.OTHER: N_("quan hệ khác"),
}


@dataclass(frozen=True)
class ConflictFacts:
    """What decides whether a council member may vote on an agenda item, on the session's meeting date.

    `member_unit_id` is the member's unit when called to the session; `proposer_above` the units above the
    proposing unit on that date and `member_above` those above the member's unit, both without the council's own
    unit (the authority's unit is above every proposer: sitting in it is the council's job, not a conflict).
    `is_nominee`: the member is the nominee (an individual of the same name, or a member of the nominated
    collective); `declared`: the relation the member declared with the nominee, if any, in words."""

    member_unit_id: int | None
    member_unit_name: str
    proposing_unit_id: int
    proposer_above: frozenset[int] = frozenset()
    member_above: frozenset[int] = frozenset()
    is_nominee: bool = False
    declared: str = ""  # the declared relation in words ("vợ hoặc chồng"; "quan hệ khác: …")


RECUSED_NOMINEE = N_("Thành viên là người (hoặc thuộc tập thể) được đề nghị khen thưởng trong hồ sơ này.")
RECUSED_OWN_UNIT = N_("Thành viên thuộc đơn vị đề nghị khen thưởng nên không tham gia biểu quyết hồ sơ này.")
RECUSED_UNIT_ABOVE = N_("Thành viên thuộc %(unit)s, đơn vị cấp trên của đơn vị đề nghị khen thưởng, nên không tham "
                        "gia biểu quyết hồ sơ này.")
RECUSED_UNIT_BELOW = N_("Thành viên thuộc %(unit)s, đơn vị trực thuộc đơn vị đề nghị khen thưởng, nên không tham "
                        "gia biểu quyết hồ sơ này.")
RECUSED_DECLARED = N_("Thành viên đã khai báo có quan hệ với người được đề nghị khen thưởng (%(relation)s) nên "
                      "không tham gia biểu quyết hồ sơ này.")


def recusal(facts: ConflictFacts) -> tuple[str, dict[str, str]] | None:
    """Why the member may not vote on the item — a message template and its values — or None when they may.
    The first reason that applies, in this order: the nominee, the proposing unit, a unit above it, a unit
    below it, a declared relation."""
    unit = facts.member_unit_id
    if facts.is_nominee:
        return RECUSED_NOMINEE, {}
    if unit is not None and unit == facts.proposing_unit_id:
        return RECUSED_OWN_UNIT, {}
    if unit is not None and unit in facts.proposer_above:
        return RECUSED_UNIT_ABOVE, {"unit": facts.member_unit_name}
    if facts.proposing_unit_id in facts.member_above:
        return RECUSED_UNIT_BELOW, {"unit": facts.member_unit_name}
    if facts.declared:
        return RECUSED_DECLARED, {"relation": facts.declared}
    return None


def role_for(action: Action, procedure: Procedure = COMMENDATION) -> Role | None:
    """The role an action is taken in, as the audit trail records it; None for a citizen. A procedure may give
    an action to another role (rules.states.Procedure.roles)."""
    if action in procedure.roles:
        return Role(procedure.roles[action])
    for role, actions in ((Role.UNIT_OFFICER, UNIT_ACTIONS), (Role.SECRETARIAT, SECRETARIAT_ACTIONS),
                          (Role.AUTHORITY, AUTHORITY_ACTIONS)):
        if action in actions:
            return role
    if action in (Action.CONFIGURE, Action.RETRY_JOB, Action.CLEAN_FILES, Action.SIGN_CHECKPOINT):
        return Role.ADMIN
    return Role.COUNCIL_MEMBER if action in (Action.VOTE, Action.DECLARE_RELATION) else None


def available(actor: Actor, facts: NominationFacts, *, role: Role | None = None) -> list[Action]:
    """Which actions `actor` may take on this nomination now: legal from its state (the transition table and
    the state-bound actions, in that order) and allowed by can(). With `role`, only the actions taken in that
    role, so a staff area offers its own. Every staff page draws its buttons from this; no template restates
    the table."""
    if facts.state is None:
        return []
    procedure = procedure_of(facts.procedure)
    return [action for action in procedure.actions_on(facts.state)
            if (role is None or role_for(action, procedure) is role) and can(actor, action, facts)]
