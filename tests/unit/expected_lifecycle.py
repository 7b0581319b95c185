"""The lifecycle table of DESIGN.md §4, transcribed by hand as plain strings.

Deliberately NOT derived from `workflow.rules.states.TRANSITIONS`: the tests compare the code against
this independent copy, so a wrong source state, target or permission in the code makes them fail.

`who` names actor kinds of tests/unit/test_permissions.py: "unit_officer" is the officer of the
*proposing* unit, "secretariat" and "authority" those of the nomination's *own* authority.
"""
from typing import NamedTuple


class Row(NamedTuple):
    sources: frozenset[str]
    target: str | None  # None: the state stays the same (edit)
    who: str


def _row(sources: str, target: str | None, who: str) -> Row:
    return Row(frozenset(sources.split()), target, who)


# action: from-states -> to-state, who            (DESIGN.md §4, in table order)
LIFECYCLE: dict[str, Row] = {
    "edit": _row("draft returned", None, "unit_officer"),
    "submit": _row("draft", "submitted", "unit_officer"),
    "return": _row("submitted in_appraisal", "returned", "secretariat"),
    "resubmit": _row("returned", "submitted", "unit_officer"),
    "accept": _row("submitted", "in_appraisal", "secretariat"),
    "open_notice": _row("in_appraisal", "in_public_notice", "secretariat"),
    # "in_appraisal or not_awarded": the default (no choice given) is back to appraisal
    "uphold_objection": _row("in_public_notice", "in_appraisal", "secretariat"),
    "to_council": _row("in_appraisal in_public_notice", "in_council", "secretariat"),
    # "computed from the session's ballots": the secretariat closes the session and runs the tally;
    # the default (no choice given) is endorsed
    "tally": _row("in_council", "endorsed", "secretariat"),
    "decide": _row("endorsed", "awarded", "authority"),
    "refuse": _row("endorsed", "not_awarded", "authority"),
    "withdraw": _row("draft submitted returned in_appraisal", "withdrawn", "unit_officer"),
    "revoke": _row("awarded", "revoked", "authority"),
}

ALL_STATES = ("draft submitted returned in_appraisal in_public_notice in_council endorsed awarded "
              "not_awarded withdrawn revoked").split()


# The new-rural recognition procedure (xét, công nhận xã đạt chuẩn nông thôn mới; docs/new-rural.md), by hand:
# the commune ("unit_officer") assesses itself, posts the result for comments, surveys its residents and sends
# the dossier; the appraisal body ("secretariat") accepts, appraises with a field check and concludes; the
# provincial chairperson ("authority") decides the recognition. No council.
NEW_RURAL_LIFECYCLE: dict[str, Row] = {
    "edit": _row("draft returned", None, "unit_officer"),
    "open_notice": _row("draft", "in_public_notice", "unit_officer"),
    "submit": _row("in_public_notice", "submitted", "unit_officer"),
    "return": _row("submitted in_appraisal", "returned", "secretariat"),
    "resubmit": _row("returned", "submitted", "unit_officer"),
    "accept": _row("submitted", "in_appraisal", "secretariat"),
    # "endorsed or not_awarded", the appraisal's conclusion; the default (no choice given) is endorsed
    "conclude_appraisal": _row("in_appraisal", "endorsed", "secretariat"),
    "decide": _row("endorsed", "awarded", "authority"),
    "refuse": _row("endorsed", "not_awarded", "authority"),
    "withdraw": _row("draft in_public_notice submitted returned in_appraisal", "withdrawn", "unit_officer"),
    "revoke": _row("awarded", "revoked", "authority"),
}

# Actions that keep the state, legal only in some states: action -> (from-states, who)
STATE_BOUND: dict[str, tuple[frozenset[str], str]] = {
    "appraise": (frozenset("submitted in_appraisal in_public_notice".split()), "secretariat"),
    "add_attachment": (frozenset("draft returned".split()), "unit_officer"),
    "correct_decision": (frozenset({"awarded"}), "authority"),
    "reissue_certificate": (frozenset({"awarded"}), "secretariat"),
    "record_field_check": (frozenset("in_appraisal in_public_notice".split()), "secretariat"),
}
NEW_RURAL_STATE_BOUND: dict[str, tuple[frozenset[str], str]] = {
    "record_self_assessment": (frozenset("draft returned".split()), "unit_officer"),
    "record_survey": (frozenset("draft in_public_notice returned".split()), "unit_officer"),
    "add_attachment": (frozenset("draft returned".split()), "unit_officer"),
    "appraise": (frozenset("submitted in_appraisal".split()), "secretariat"),
    "record_field_check": (frozenset({"in_appraisal"}), "secretariat"),
    "correct_decision": (frozenset({"awarded"}), "authority"),
    "reissue_certificate": (frozenset({"awarded"}), "secretariat"),
}

# procedure code -> (its lifecycle, its state-bound actions)
LIFECYCLES = {"commendation": (LIFECYCLE, STATE_BOUND), "new_rural": (NEW_RURAL_LIFECYCLE, NEW_RURAL_STATE_BOUND)}
