"""The transition table (workflow/rules/states.py) against DESIGN.md §4, transcribed by hand."""
import pytest

from workflow.rules.errors import InvalidTransition
from workflow.rules.states import (ACTION_LABELS, ALTERNATIVE_TARGETS, CLAIMING_STATES, COMMENDATION, FINAL_STATES,
                                   NEW_RURAL, PROCEDURES, STATE_LABELS, TRANSITIONS, Action, ProcedureCode, State,
                                   actions_from, next_state, procedure_of)

from .expected_lifecycle import ALL_STATES, LIFECYCLE, LIFECYCLES, NEW_RURAL_LIFECYCLE


def test_state_enum_is_exactly_the_states_of_the_design():
    assert sorted(State) == sorted(ALL_STATES)


def test_transition_table_covers_exactly_the_lifecycle_actions_in_design_order():
    assert [str(a) for a in TRANSITIONS] == list(LIFECYCLE)


@pytest.mark.parametrize("action", list(LIFECYCLE))
@pytest.mark.parametrize("state", ALL_STATES)
def test_next_state_follows_the_design_table(state, action):
    row = LIFECYCLE[action]
    if state in row.sources:
        assert next_state(State(state), Action(action)) == State(row.target or state)
    else:
        with pytest.raises(InvalidTransition):
            next_state(State(state), Action(action))


def test_edit_keeps_the_state():
    assert next_state(State.DRAFT, Action.EDIT) is State.DRAFT
    assert next_state(State.RETURNED, Action.EDIT) is State.RETURNED


@pytest.mark.parametrize("action", ["create", "add_attachment", "appraise", "receive_comment", "answer_comment",
                                    "create_session", "record_attendance", "vote", "close_session",
                                    "classify_comment", "record_self_assessment", "record_survey"])
def test_actions_outside_the_lifecycle_never_move_a_nomination(action):
    for state in State:
        with pytest.raises(InvalidTransition):
            next_state(state, Action(action))


def test_invalid_transition_explains_itself_in_vietnamese():
    with pytest.raises(InvalidTransition) as caught:
        next_state(State.AWARDED, Action.SUBMIT)
    assert caught.value.message == "Không thể «Gửi hồ sơ» khi hồ sơ đang ở trạng thái «Đã khen thưởng»."


EXPECTED_ACTIONS_FROM = {
    "draft": ["edit", "submit", "withdraw"],
    "submitted": ["return", "accept", "withdraw"],
    "returned": ["edit", "resubmit", "withdraw"],
    "in_appraisal": ["return", "open_notice", "to_council", "withdraw"],
    "in_public_notice": ["uphold_objection", "to_council"],
    "in_council": ["tally"],
    "endorsed": ["decide", "refuse"],
    "awarded": ["revoke"],
    "not_awarded": [],
    "withdrawn": [],
    "revoked": [],
}


@pytest.mark.parametrize("state", ALL_STATES)
def test_actions_from_lists_the_legal_actions_in_table_order(state):
    assert [str(a) for a in actions_from(State(state))] == EXPECTED_ACTIONS_FROM[state]


# --- actions whose target is chosen: uphold_objection and tally -----------------------------------------

@pytest.mark.parametrize("action, source, chosen", [
    ("uphold_objection", "in_public_notice", "in_appraisal"),
    ("uphold_objection", "in_public_notice", "not_awarded"),
    ("tally", "in_council", "endorsed"),
    ("tally", "in_council", "not_awarded"),
])
def test_a_chosen_alternative_target_is_honoured(action, source, chosen):
    assert next_state(State(source), Action(action), State(chosen)) is State(chosen)


def test_alternative_targets_are_those_of_the_design():
    assert ALTERNATIVE_TARGETS == {
        Action.UPHOLD_OBJECTION: {State.IN_APPRAISAL, State.NOT_AWARDED},
        Action.TALLY: {State.ENDORSED, State.NOT_AWARDED},
    }


@pytest.mark.parametrize("action, source", [("uphold_objection", "in_public_notice"), ("tally", "in_council")])
def test_any_other_chosen_target_is_refused(action, source):
    allowed = {"uphold_objection": {"in_appraisal", "not_awarded"}, "tally": {"endorsed", "not_awarded"}}[action]
    for chosen in set(ALL_STATES) - allowed:
        with pytest.raises(InvalidTransition):
            next_state(State(source), Action(action), State(chosen))


@pytest.mark.parametrize("action, source, chosen", [
    ("submit", "draft", "submitted"),      # even the table's own target may not be "chosen"
    ("decide", "endorsed", "not_awarded"),
    ("refuse", "endorsed", "awarded"),
])
def test_choosing_a_target_for_a_fixed_action_is_refused(action, source, chosen):
    with pytest.raises(InvalidTransition):
        next_state(State(source), Action(action), State(chosen))


@pytest.mark.parametrize("action, source, chosen", [
    ("uphold_objection", "in_appraisal", "not_awarded"),
    ("tally", "endorsed", "not_awarded"),
])
def test_a_valid_choice_does_not_excuse_an_illegal_source_state(action, source, chosen):
    with pytest.raises(InvalidTransition):
        next_state(State(source), Action(action), State(chosen))


# --- derived sets and labels ----------------------------------------------------------------------------

def test_final_states_are_awarded_not_awarded_withdrawn_revoked():
    assert FINAL_STATES == {State.AWARDED, State.NOT_AWARDED, State.WITHDRAWN, State.REVOKED}


def test_only_withdrawn_and_not_awarded_release_the_achievement():
    assert set(State) - CLAIMING_STATES == {State.WITHDRAWN, State.NOT_AWARDED}


def test_every_state_and_action_has_a_vietnamese_label():
    assert set(STATE_LABELS) == set(State)
    assert set(ACTION_LABELS) == set(Action)
    assert all(label.strip() for label in [*STATE_LABELS.values(), *ACTION_LABELS.values()])


# --- procedures as data: the new-rural recognition beside the commendation -----------------------------------

@pytest.mark.parametrize("procedure", list(LIFECYCLES))
def test_each_procedures_table_covers_exactly_its_lifecycle_in_design_order(procedure):
    assert [str(a) for a in PROCEDURES[ProcedureCode(procedure)].transitions] == list(LIFECYCLES[procedure][0])


@pytest.mark.parametrize("procedure", list(LIFECYCLES))
@pytest.mark.parametrize("action", sorted(set(LIFECYCLE) | set(NEW_RURAL_LIFECYCLE)))
@pytest.mark.parametrize("state", ALL_STATES)
def test_each_procedure_moves_as_its_table_says(state, action, procedure):
    row = LIFECYCLES[procedure][0].get(action)
    code = procedure_of(procedure)
    if row is not None and state in row.sources:
        assert code.next_state(State(state), Action(action)) == State(row.target or state)
    else:
        with pytest.raises(InvalidTransition):
            code.next_state(State(state), Action(action))


@pytest.mark.parametrize("procedure", list(LIFECYCLES))
def test_each_procedures_state_bound_actions_are_those_of_the_design(procedure):
    expected = {action: sources for action, (sources, _who) in LIFECYCLES[procedure][1].items()}
    assert {str(a): {str(s) for s in states} for a, states in procedure_of(procedure).state_bound.items()} == expected


def test_the_appraisal_concludes_the_new_rural_procedure_with_endorsed_or_not_awarded():
    assert NEW_RURAL.alternative_targets == {Action.CONCLUDE_APPRAISAL: {State.ENDORSED, State.NOT_AWARDED}}
    assert NEW_RURAL.next_state(State.IN_APPRAISAL, Action.CONCLUDE_APPRAISAL, State.NOT_AWARDED) is State.NOT_AWARDED
    with pytest.raises(InvalidTransition):
        NEW_RURAL.next_state(State.IN_APPRAISAL, Action.CONCLUDE_APPRAISAL, State.AWARDED)
    assert NEW_RURAL.endorsed_by is Action.CONCLUDE_APPRAISAL and COMMENDATION.endorsed_by is Action.TALLY


def test_the_new_rural_procedure_never_meets_the_council():
    assert NEW_RURAL.states == set(State) - {State.IN_COUNCIL}
    assert COMMENDATION.states == set(State)


def test_a_procedure_speaks_its_own_words_and_falls_back_on_the_common_ones():
    assert NEW_RURAL.state_label(State.AWARDED) == "Đã công nhận"
    assert COMMENDATION.state_label(State.AWARDED) == "Đã khen thưởng"
    assert NEW_RURAL.state_label(State.SUBMITTED) == STATE_LABELS[State.SUBMITTED]
    with pytest.raises(InvalidTransition) as caught:
        NEW_RURAL.next_state(State.AWARDED, Action.SUBMIT)
    assert caught.value.message == "Không thể «Gửi hồ sơ đề nghị công nhận» khi hồ sơ đang ở trạng thái «Đã công nhận»."


def test_a_missing_procedure_is_the_commendation_and_an_unknown_one_is_refused():
    assert procedure_of(None) is COMMENDATION
    with pytest.raises(ValueError):
        procedure_of("khen_thuong_dot_xuat")
