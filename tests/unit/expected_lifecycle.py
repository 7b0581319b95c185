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
