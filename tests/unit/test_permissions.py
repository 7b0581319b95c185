"""Role and scope (workflow/rules/permissions.py), combined with the transition table: every
(state, action, actor) triple of the lifecycle gives the exact target, NotAllowed or InvalidTransition."""
import re
from pathlib import Path

import pytest

from workflow.rules.errors import Conflict, DomainError, InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.permissions import (CITIZEN, Actor, Grant, NominationFacts, Role, available, can,
                                        is_conflicted, role_for)
from workflow.rules.states import NEW_RURAL, TRANSITIONS, Action, ProcedureCode, State, procedure_of

from .expected_lifecycle import ALL_STATES, LIFECYCLE, LIFECYCLES, NEW_RURAL_LIFECYCLE

PROPOSING_UNIT, OTHER_UNIT, COUNCIL_HOME_UNIT, PROVINCE_OFFICE = 11, 12, 13, 100
AUTHORITY, OTHER_AUTHORITY = 1, 2
FACTS = NominationFacts(proposing_unit_id=PROPOSING_UNIT, authority_id=AUTHORITY)


def _actor(user_id: int, unit_id: int, role: Role, *, unit: int | None = None, authority: int | None = None):
    return Actor(user_id, unit_id, frozenset({Grant(role, unit_id=unit, authority_id=authority)}))


ACTORS: dict[str, Actor] = {
    "citizen": CITIZEN,
    "unit_officer": _actor(1, PROPOSING_UNIT, Role.UNIT_OFFICER, unit=PROPOSING_UNIT),
    "unit_officer_of_other_unit": _actor(2, OTHER_UNIT, Role.UNIT_OFFICER, unit=OTHER_UNIT),
    "secretariat": _actor(3, PROVINCE_OFFICE, Role.SECRETARIAT, authority=AUTHORITY),
    "secretariat_of_other_authority": _actor(4, PROVINCE_OFFICE, Role.SECRETARIAT, authority=OTHER_AUTHORITY),
    "council_member": _actor(5, COUNCIL_HOME_UNIT, Role.COUNCIL_MEMBER, authority=AUTHORITY),
    "authority": _actor(6, PROVINCE_OFFICE, Role.AUTHORITY, authority=AUTHORITY),
    "authority_of_other_authority": _actor(7, PROVINCE_OFFICE, Role.AUTHORITY, authority=OTHER_AUTHORITY),
    "admin": _actor(8, PROVINCE_OFFICE, Role.ADMIN),
}


def attempt(actor: Actor, action: Action, state: State, procedure: str = "commendation"):
    """What a service does: permission first, then the procedure's transition table."""
    facts = NominationFacts(PROPOSING_UNIT, AUTHORITY, procedure=ProcedureCode(procedure))
    try:
        if not can(actor, action, facts):
            raise NotAllowed()
        return procedure_of(procedure).next_state(state, action)
    except NotAllowed:
        return NotAllowed
    except InvalidTransition:
        return InvalidTransition


def expected(actor_kind: str, action: str, state: str, procedure: str = "commendation"):
    row = LIFECYCLES[procedure][0].get(action)
    if row is None:  # an action outside this procedure's lifecycle: whoever may take it, it moves nothing
        return InvalidTransition if actor_kind == EXPECTED_WHO.get((procedure, action)) else NotAllowed
    if actor_kind != row.who:
        return NotAllowed
    if state not in row.sources:
        return InvalidTransition
    return State(row.target or state)


# Who takes the lifecycle actions that one procedure lacks and the other has, in the procedure that lacks them
EXPECTED_WHO = {("commendation", "conclude_appraisal"): "secretariat",
                ("new_rural", "uphold_objection"): "secretariat", ("new_rural", "to_council"): "secretariat",
                ("new_rural", "tally"): "secretariat"}
EVERY_LIFECYCLE_ACTION = sorted(set(LIFECYCLE) | set(NEW_RURAL_LIFECYCLE))


@pytest.mark.parametrize("procedure", list(LIFECYCLES))
@pytest.mark.parametrize("actor_kind", list(ACTORS))
@pytest.mark.parametrize("action", EVERY_LIFECYCLE_ACTION)
def test_every_state_action_actor_triple_matches_the_design(action, actor_kind, procedure):
    """One case per (procedure, action, actor); the eleven states are compared as one dict so a failure lists
    exactly the states where code and design disagree."""
    actual = {state: attempt(ACTORS[actor_kind], Action(action), State(state), procedure) for state in ALL_STATES}
    assert actual == {state: expected(actor_kind, action, state, procedure) for state in ALL_STATES}


def test_the_triple_table_covers_every_role_and_every_lifecycle_action():
    assert set().union(*(actor.roles for actor in ACTORS.values())) == set(Role)
    assert set(LIFECYCLE) == {str(a) for a in TRANSITIONS}
    assert set(NEW_RURAL_LIFECYCLE) == {str(a) for a in NEW_RURAL.transitions}


# --- actions that do not move the state -----------------------------------------------------------------

# action: the actor kinds that may take it (by hand, from DESIGN.md §3)
OTHER_ACTIONS = {
    "create": {"unit_officer"},
    "add_attachment": {"unit_officer"},
    "remove_attachment": {"unit_officer"},
    "import_list": {"unit_officer"},  # issue 16: a list imported into the officer's own unit's proposal
    "correct_answer": {"secretariat"},
    "appraise": {"secretariat"},
    "answer_comment": {"secretariat"},
    "classify_comment": {"secretariat"},
    "create_session": {"secretariat"},
    "record_attendance": {"secretariat"},
    "close_session": {"secretariat"},
    "prepare_decision": {"secretariat"},
    "record_result": {"secretariat"},
    "extend_deadline": {"secretariat"},  # the campaign's authority's secretariat (services.campaigns.may_extend)
    "issue_pdf": {"authority"},
    "print_certificates": {"authority"},
    "vote": {"council_member"},
    "declare_relation": {"council_member"},
    "record_written_ballot": {"secretariat"},
    "reschedule_session": {"secretariat"},
    "correct_decision": {"authority"},        # issue 16: after issue
    "reissue_certificate": {"secretariat"},
    "record_recovery": {"secretariat"},
    "import_history": {"secretariat"},
    "record_field_check": {"secretariat"},  # issue 17: thẩm tra thực tế
    "record_self_assessment": {"unit_officer"},  # issue 17, new-rural: the commune's self-assessment
    "record_survey": {"unit_officer"},           # and its residents' satisfaction survey
    "configure": set(),  # catalogue changes are checked by the admin services, never on a nomination
    "retry_job": set(),  # the admin's jobs view (role_required ADMIN), never on a nomination
    "clean_files": set(),  # `flask files check --clean`, run by the operator's shell, never on a nomination
    "sign_checkpoint": set(),  # the admin's checkpoint button (role_required ADMIN) or the CLI, never on a nomination
    "receive_comment": set(ACTORS),  # anyone, signed in or not, may comment on an open notice
}


def test_every_action_is_either_in_the_lifecycle_or_in_the_other_actions_table():
    assert {str(a) for a in Action} == set(LIFECYCLE) | {"conclude_appraisal"} | set(OTHER_ACTIONS)


@pytest.mark.parametrize("actor_kind", list(ACTORS))
@pytest.mark.parametrize("action", list(OTHER_ACTIONS))
def test_who_may_take_the_actions_outside_the_lifecycle(action, actor_kind):
    assert can(ACTORS[actor_kind], Action(action), FACTS) is (actor_kind in OTHER_ACTIONS[action])


def test_admin_may_not_touch_any_workflow_record():
    admin = ACTORS["admin"]
    assert [a for a in Action if can(admin, a, FACTS)] == [Action.RECEIVE_COMMENT]


# --- conflict of interest -------------------------------------------------------------------------------

def test_council_member_may_not_vote_on_a_nomination_from_their_own_unit():
    member = _actor(20, PROPOSING_UNIT, Role.COUNCIL_MEMBER, authority=AUTHORITY)
    assert is_conflicted(member, FACTS)
    assert not can(member, Action.VOTE, FACTS)


def test_the_same_member_may_vote_on_another_units_nomination():
    member = _actor(20, PROPOSING_UNIT, Role.COUNCIL_MEMBER, authority=AUTHORITY)
    other = NominationFacts(proposing_unit_id=OTHER_UNIT, authority_id=AUTHORITY)
    assert not is_conflicted(member, other)
    assert can(member, Action.VOTE, other)


def test_council_member_of_another_authority_may_not_vote():
    member = _actor(21, COUNCIL_HOME_UNIT, Role.COUNCIL_MEMBER, authority=OTHER_AUTHORITY)
    assert not can(member, Action.VOTE, FACTS)


def test_a_member_without_a_home_unit_is_never_conflicted():
    member = _actor(22, None, Role.COUNCIL_MEMBER, authority=AUTHORITY)
    assert not is_conflicted(member, FACTS)
    assert can(member, Action.VOTE, FACTS)


def test_an_officer_who_also_sits_on_the_council_may_edit_but_not_vote_on_own_units_nomination():
    both = Actor(23, PROPOSING_UNIT, frozenset({Grant(Role.UNIT_OFFICER, unit_id=PROPOSING_UNIT),
                                                Grant(Role.COUNCIL_MEMBER, authority_id=AUTHORITY)}))
    assert can(both, Action.EDIT, FACTS)
    assert not can(both, Action.VOTE, FACTS)


# --- scope comes from the grant, not from the home unit -------------------------------------------------

def test_unit_scope_is_the_grants_unit_not_the_home_unit():
    lives_here_acts_there = Actor(24, PROPOSING_UNIT, frozenset({Grant(Role.UNIT_OFFICER, unit_id=OTHER_UNIT)}))
    assert not can(lives_here_acts_there, Action.SUBMIT, FACTS)
    assert can(lives_here_acts_there, Action.SUBMIT, NominationFacts(OTHER_UNIT, AUTHORITY))


def test_a_user_with_several_grants_acts_within_each_scope():
    two_hats = Actor(25, PROVINCE_OFFICE, frozenset({Grant(Role.SECRETARIAT, authority_id=OTHER_AUTHORITY),
                                                     Grant(Role.AUTHORITY, authority_id=AUTHORITY)}))
    assert two_hats.roles == {Role.SECRETARIAT, Role.AUTHORITY}
    assert can(two_hats, Action.DECIDE, FACTS)
    assert not can(two_hats, Action.ACCEPT, FACTS)
    assert can(two_hats, Action.ACCEPT, NominationFacts(PROPOSING_UNIT, OTHER_AUTHORITY))


def test_citizen_has_no_roles():
    assert CITIZEN.user_id is None
    assert CITIZEN.roles == frozenset()


# --- role recorded in the audit trail -------------------------------------------------------------------

EXPECTED_ROLE = {
    "unit_officer": "create edit submit resubmit withdraw add_attachment remove_attachment import_list "
                    "record_self_assessment record_survey",
    "secretariat": "return accept open_notice uphold_objection to_council tally appraise answer_comment "
                   "classify_comment create_session record_attendance close_session prepare_decision record_result "
                   "correct_answer record_written_ballot reschedule_session extend_deadline reissue_certificate "
                   "record_recovery import_history record_field_check conclude_appraisal",
    "authority": "decide refuse revoke issue_pdf print_certificates correct_decision",
    "council_member": "vote declare_relation",
    "admin": "configure retry_job clean_files sign_checkpoint",
}
ROLE_OF_ACTION = {action: role for role, actions in EXPECTED_ROLE.items() for action in actions.split()}


@pytest.mark.parametrize("action", [str(a) for a in Action])
def test_role_for_names_the_role_the_action_is_taken_in(action):
    expected_role = ROLE_OF_ACTION.get(action)  # receive_comment: a citizen, no role
    assert role_for(Action(action)) == (Role(expected_role) if expected_role else None)


def test_a_comment_is_recorded_without_a_role():
    assert role_for(Action.RECEIVE_COMMENT) is None


# In the new-rural procedure the commune posts its own self-assessment and answers the comments on it
NEW_RURAL_ROLES = {"open_notice": "unit_officer", "answer_comment": "unit_officer",
                   "classify_comment": "unit_officer", "correct_answer": "unit_officer"}


@pytest.mark.parametrize("action", [str(a) for a in Action])
def test_role_for_in_the_new_rural_procedure(action):
    expected_role = NEW_RURAL_ROLES.get(action, ROLE_OF_ACTION.get(action))
    assert role_for(Action(action), NEW_RURAL) == (Role(expected_role) if expected_role else None)


@pytest.mark.parametrize("action, actor_kind", [(a, k) for a in NEW_RURAL_ROLES for k in ACTORS])
def test_who_answers_comments_in_the_new_rural_procedure(action, actor_kind):
    facts = NominationFacts(PROPOSING_UNIT, AUTHORITY, procedure=ProcedureCode.NEW_RURAL)
    assert can(ACTORS[actor_kind], Action(action), facts) is (actor_kind == "unit_officer")


# --- which actions may this user take on this nomination now: available() -----------------------------------

def offered(actor_kind: str, state: str, procedure: str = "commendation") -> list[str]:
    """What the design offers: the lifecycle rows in table order, then the state-bound actions (actions that keep
    the state, legal only in some states: expected_lifecycle.STATE_BOUND, by hand from the services' refusals)."""
    lifecycle, state_bound = LIFECYCLES[procedure]
    rows = list(lifecycle.items()) + [(a, (sources, who)) for a, (sources, who) in state_bound.items()]
    return [action for action, row in rows if state in row[0] and actor_kind == row[-1]]


@pytest.mark.parametrize("procedure", list(LIFECYCLES))
@pytest.mark.parametrize("actor_kind", list(ACTORS))
def test_available_offers_exactly_the_designs_actions_in_every_state(actor_kind, procedure):
    """The whole transition table × every kind of actor: the buttons any staff page may show."""
    actual = {state: [str(a) for a in available(ACTORS[actor_kind], NominationFacts(
        PROPOSING_UNIT, AUTHORITY, State(state), ProcedureCode(procedure)))] for state in ALL_STATES}
    assert actual == {state: offered(actor_kind, state, procedure) for state in ALL_STATES}


def test_available_narrowed_to_a_role_offers_only_that_areas_actions():
    """An officer who is also the secretariat: the unit's page offers the unit's actions, the secretariat's
    page the secretariat's, whatever the other hat allows."""
    both = Actor(26, PROPOSING_UNIT, frozenset({Grant(Role.UNIT_OFFICER, unit_id=PROPOSING_UNIT),
                                                Grant(Role.SECRETARIAT, authority_id=AUTHORITY)}))
    submitted = NominationFacts(PROPOSING_UNIT, AUTHORITY, State.SUBMITTED)
    assert available(both, submitted) == [Action.RETURN, Action.ACCEPT, Action.WITHDRAW, Action.APPRAISE]
    assert available(both, submitted, role=Role.UNIT_OFFICER) == [Action.WITHDRAW]
    assert available(both, submitted, role=Role.SECRETARIAT) == [Action.RETURN, Action.ACCEPT, Action.APPRAISE]


def test_available_offers_nothing_without_a_state_or_out_of_scope():
    assert available(ACTORS["secretariat"], FACTS) == []
    assert available(ACTORS["secretariat_of_other_authority"],
                     NominationFacts(PROPOSING_UNIT, AUTHORITY, State.SUBMITTED)) == []


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
COMPARISON = re.compile(r"\b(?:state|status)\b\s*(?:==|!=|\bnot in\b|\bin\b)\s*([^%}]*)")
# Comparisons that choose a message, not a button: why a nomination was returned, not awarded, revoked or
# withdrawn; which state tabs the unit's list shows even when empty.
MESSAGES = {("unit/nomination.html", "returned"), ("unit/nomination.html", "not_awarded"),
            ("unit/nomination.html", "revoked"), ("unit/nomination.html", "withdrawn"),
            ("secretariat/nomination.html", "returned"), ("unit/index.html", "draft"),
            ("unit/index.html", "returned")}


def test_no_staff_template_restates_which_state_allows_which_action():
    """The staff pages draw their buttons and forms from available() (views.helpers.ActionBar, the
    action_bar macro); a template comparing a nomination's state with a lifecycle state would be a second
    copy of the transition table."""
    states = {str(s) for s in State}
    found = set()
    for area in ("unit", "secretariat", "authority", "council"):
        for path in (TEMPLATES / area).glob("*.html"):
            for match in COMPARISON.finditer(path.read_text(encoding="utf-8")):
                found |= {(f"{area}/{path.name}", word.lower()) for word in re.findall(r"[A-Za-z_]+", match.group(1))
                          if word.lower() in states}
    assert found <= MESSAGES, sorted(found - MESSAGES)


# --- domain errors --------------------------------------------------------------------------------------

@pytest.mark.parametrize("error, words", [
    (NotAllowed, "không có quyền"),
    (Conflict, "đã có người xử lý trước"),
    (InvalidTransition, "không hợp lệ"),
    (ValidationFailed, "không hợp lệ"),
])
def test_domain_errors_carry_a_vietnamese_message(error, words):
    assert issubclass(error, DomainError)
    assert words in error().message.lower()
    assert error("Lý do riêng.").message == "Lý do riêng."
    assert str(error("Lý do riêng.")) == "Lý do riêng."
