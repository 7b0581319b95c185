"""The lifecycles as data, one table per procedure (DESIGN.md §4). Pure: imports neither Flask nor SQLAlchemy.

One `Action` names a transition, its permission, its audit row, its service function and its button. A
`Procedure` is the data of one lifecycle: its transitions, the targets some actions choose among, the actions
that keep the state but are legal only in some states, its own words for some states and actions, and the
actions it gives to another role than the default (rules.permissions). Two procedures run on the backbone:
the commendation (xét khen thưởng, the table of DESIGN.md §4) and the recognition of a commune meeting the
new-rural standard (xét, công nhận xã đạt chuẩn nông thôn mới; rules/new_rural.py holds its criteria, periods
and thresholds). A nomination follows the procedure of its award type.
"""
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

from .errors import InvalidTransition
from .i18n import NC_, N_


class State(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    IN_APPRAISAL = "in_appraisal"
    IN_PUBLIC_NOTICE = "in_public_notice"
    IN_COUNCIL = "in_council"
    ENDORSED = "endorsed"
    AWARDED = "awarded"
    NOT_AWARDED = "not_awarded"
    WITHDRAWN = "withdrawn"
    REVOKED = "revoked"


class Action(StrEnum):
    # lifecycle transitions
    EDIT = "edit"
    SUBMIT = "submit"
    RETURN = "return"
    RESUBMIT = "resubmit"
    ACCEPT = "accept"
    OPEN_NOTICE = "open_notice"
    UPHOLD_OBJECTION = "uphold_objection"
    TO_COUNCIL = "to_council"
    TALLY = "tally"
    DECIDE = "decide"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"
    REVOKE = "revoke"
    # audited actions that do not move a nomination between states
    CREATE = "create"
    ADD_ATTACHMENT = "add_attachment"
    APPRAISE = "appraise"
    RECEIVE_COMMENT = "receive_comment"
    ANSWER_COMMENT = "answer_comment"
    CREATE_SESSION = "create_session"
    RECORD_ATTENDANCE = "record_attendance"
    VOTE = "vote"
    CLOSE_SESSION = "close_session"
    CLASSIFY_COMMENT = "classify_comment"
    # the administrator's changes to the catalogue (units, users, award types, campaigns, calendar, salary)
    CONFIGURE = "configure"
    PREPARE_DECISION = "prepare_decision"
    # the authority's documents: the signed PDFs issued with a decision, and printing its certificates
    ISSUE_PDF = "issue_pdf"
    PRINT_CERTIFICATES = "print_certificates"
    # the secretariat's figures of a campaign's indicators (kết quả thực hiện chỉ tiêu)
    RECORD_RESULT = "record_result"
    # issue 13: a unit takes a file off its draft or returned nomination; the secretariat corrects a published answer
    REMOVE_ATTACHMENT = "remove_attachment"
    CORRECT_ANSWER = "correct_answer"
    # issue 14: the administrator puts a failed background job back in the queue
    RETRY_JOB = "retry_job"
    # issue 14: `flask files check --clean` removes stored files no row names any more
    CLEAN_FILES = "clean_files"
    # issue 15: councils as the rules say
    RECORD_WRITTEN_BALLOT = "record_written_ballot"  # the secretariat records an absent member's written ballot
    DECLARE_RELATION = "declare_relation"            # a council member declares a relation with a nominee
    RESCHEDULE_SESSION = "reschedule_session"        # the secretariat moves a session's meeting date
    # issue 15: the secretariat extends a campaign's nomination deadline (reason, new date; public)
    EXTEND_DEADLINE = "extend_deadline"
    # issue 16: a unit imports a list of nominees from a workbook into a proposal (Tờ trình kèm danh sách)
    IMPORT_LIST = "import_list"
    # issue 16, after issue: a correcting decision (authority); a replacement certificate and the recovery of
    # what a revoked award gave (secretariat)
    CORRECT_DECISION = "correct_decision"
    REISSUE_CERTIFICATE = "reissue_certificate"
    RECORD_RECOVERY = "record_recovery"
    IMPORT_HISTORY = "import_history"      # the secretariat imports the old golden book
    # issue 17: the secretariat records a field check (thẩm tra thực tế) of the achievement on the spot
    RECORD_FIELD_CHECK = "record_field_check"
    # issue 19: an administrator (or `flask transparency checkpoint`) signs a checkpoint of the transparency log now
    SIGN_CHECKPOINT = "sign_checkpoint"
    # issue 17, the new-rural recognition procedure: the commune assesses itself against each criterion and
    # records its residents' satisfaction survey; the appraisal body concludes its appraisal (đạt / không đạt)
    RECORD_SELF_ASSESSMENT = "record_self_assessment"
    RECORD_SURVEY = "record_survey"
    CONCLUDE_APPRAISAL = "conclude_appraisal"


class ProcedureCode(StrEnum):
    COMMENDATION = "commendation"  # xét khen thưởng (Luật Thi đua, khen thưởng 2022)
    NEW_RURAL = "new_rural"        # xét, công nhận xã đạt chuẩn nông thôn mới (QĐ 18/2022/QĐ-TTg and successors)


class Transition(NamedTuple):
    sources: frozenset[State]
    target: State | None  # None: the state stays (edit)


S = State
# The commendation procedure's tables (DESIGN.md §4); COMMENDATION below holds them.
TRANSITIONS: dict[Action, Transition] = {
    Action.EDIT: Transition(frozenset({S.DRAFT, S.RETURNED}), None),
    Action.SUBMIT: Transition(frozenset({S.DRAFT}), S.SUBMITTED),
    Action.RETURN: Transition(frozenset({S.SUBMITTED, S.IN_APPRAISAL}), S.RETURNED),
    Action.RESUBMIT: Transition(frozenset({S.RETURNED}), S.SUBMITTED),
    Action.ACCEPT: Transition(frozenset({S.SUBMITTED}), S.IN_APPRAISAL),
    Action.OPEN_NOTICE: Transition(frozenset({S.IN_APPRAISAL}), S.IN_PUBLIC_NOTICE),
    # the target (back to appraisal, or not awarded) is chosen by the secretariat: see uphold_target()
    Action.UPHOLD_OBJECTION: Transition(frozenset({S.IN_PUBLIC_NOTICE}), S.IN_APPRAISAL),
    Action.TO_COUNCIL: Transition(frozenset({S.IN_APPRAISAL, S.IN_PUBLIC_NOTICE}), S.IN_COUNCIL),
    # the target (endorsed or not awarded) is computed by the tally: see tally_target()
    Action.TALLY: Transition(frozenset({S.IN_COUNCIL}), S.ENDORSED),
    Action.DECIDE: Transition(frozenset({S.ENDORSED}), S.AWARDED),
    Action.REFUSE: Transition(frozenset({S.ENDORSED}), S.NOT_AWARDED),
    Action.WITHDRAW: Transition(
        frozenset({S.DRAFT, S.SUBMITTED, S.RETURNED, S.IN_APPRAISAL}), S.WITHDRAWN),
    Action.REVOKE: Transition(frozenset({S.AWARDED}), S.REVOKED),
}

# Actions whose target is not fixed by the table but chosen among these.
ALTERNATIVE_TARGETS: dict[Action, frozenset[State]] = {
    Action.UPHOLD_OBJECTION: frozenset({S.IN_APPRAISAL, S.NOT_AWARDED}),
    Action.TALLY: frozenset({S.ENDORSED, S.NOT_AWARDED}),
}

# Actions on one nomination that keep its state but are legal only in some states (the service refuses them
# elsewhere): an appraisal note while the secretariat handles the nomination, a file while the unit may edit.
STATE_BOUND: dict[Action, frozenset[State]] = {
    Action.APPRAISE: frozenset({S.SUBMITTED, S.IN_APPRAISAL, S.IN_PUBLIC_NOTICE}),
    Action.ADD_ATTACHMENT: frozenset({S.DRAFT, S.RETURNED}),
    # issue 16: an award in force may be corrected (the authority) or its certificate reissued (the secretariat)
    Action.CORRECT_DECISION: frozenset({S.AWARDED}),
    Action.REISSUE_CERTIFICATE: frozenset({S.AWARDED}),
    # issue 17: a field check is part of the appraisal, before the council considers the nomination
    Action.RECORD_FIELD_CHECK: frozenset({S.IN_APPRAISAL, S.IN_PUBLIC_NOTICE}),
}

FINAL_STATES = frozenset({S.AWARDED, S.NOT_AWARDED, S.WITHDRAWN, S.REVOKED})
# A nomination in one of these still claims its achievement: the same nominee, award type and period
# cannot be nominated again ("không khen nhiều lần cho một thành tích").
CLAIMING_STATES = frozenset(State) - {S.WITHDRAWN, S.NOT_AWARDED}
# States the public may see a nomination in (it has been disclosed or decided).
PUBLIC_STATES = frozenset({S.IN_PUBLIC_NOTICE, S.IN_COUNCIL, S.ENDORSED, S.AWARDED, S.REVOKED})

STATE_LABELS: dict[State, str] = {
    S.DRAFT: N_("Bản nháp"),
    S.SUBMITTED: N_("Đã gửi"),
    S.RETURNED: N_("Trả lại để bổ sung"),
    S.IN_APPRAISAL: N_("Đang thẩm định"),
    S.IN_PUBLIC_NOTICE: N_("Đang công khai lấy ý kiến"),
    S.IN_COUNCIL: N_("Đang trình Hội đồng"),
    S.ENDORSED: N_("Hội đồng đề nghị khen thưởng"),
    S.AWARDED: N_("Đã khen thưởng"),
    S.NOT_AWARDED: N_("Không khen thưởng"),
    S.WITHDRAWN: N_("Đã rút hồ sơ"),
    S.REVOKED: N_("Đã thu hồi"),
}

# In Vietnamese an action and the state it leads to may read the same ("Trả lại để bổ sung" is the RETURN
# action and the RETURNED state, "Không khen thưởng" both REFUSE and NOT_AWARDED); English tells them apart,
# so every action label is translated in this message context: pgettext(ACTION_CONTEXT, label). (The
# markers spell it out: pybabel reads only a literal context.)
ACTION_CONTEXT = "action"
ACTION_LABELS: dict[Action, str] = {
    Action.EDIT: NC_("action", "Sửa hồ sơ"),
    Action.SUBMIT: NC_("action", "Gửi hồ sơ"),
    Action.RETURN: NC_("action", "Trả lại để bổ sung"),
    Action.RESUBMIT: NC_("action", "Gửi lại hồ sơ"),
    Action.ACCEPT: NC_("action", "Tiếp nhận"),
    Action.OPEN_NOTICE: NC_("action", "Công khai lấy ý kiến"),
    Action.UPHOLD_OBJECTION: NC_("action", "Chấp nhận ý kiến phản ánh"),
    Action.TO_COUNCIL: NC_("action", "Trình Hội đồng"),
    Action.TALLY: NC_("action", "Kiểm phiếu"),
    Action.DECIDE: NC_("action", "Quyết định khen thưởng"),
    Action.REFUSE: NC_("action", "Không khen thưởng"),
    Action.WITHDRAW: NC_("action", "Rút hồ sơ"),
    Action.REVOKE: NC_("action", "Thu hồi"),
    Action.CREATE: NC_("action", "Tạo hồ sơ"),
    Action.ADD_ATTACHMENT: NC_("action", "Đính kèm tệp"),
    Action.APPRAISE: NC_("action", "Ghi ý kiến thẩm định"),
    Action.RECEIVE_COMMENT: NC_("action", "Tiếp nhận ý kiến nhân dân"),
    Action.ANSWER_COMMENT: NC_("action", "Trả lời ý kiến"),
    Action.CREATE_SESSION: NC_("action", "Lập phiên họp Hội đồng"),
    Action.RECORD_ATTENDANCE: NC_("action", "Điểm danh thành viên"),
    Action.VOTE: NC_("action", "Bỏ phiếu"),
    Action.CLOSE_SESSION: NC_("action", "Kết thúc phiên họp"),
    Action.CLASSIFY_COMMENT: NC_("action", "Phân loại ý kiến"),
    Action.CONFIGURE: NC_("action", "Cập nhật danh mục"),
    Action.PREPARE_DECISION: NC_("action", "Lập dự thảo quyết định"),
    Action.ISSUE_PDF: NC_("action", "Phát hành bản PDF có chữ ký số"),
    Action.PRINT_CERTIFICATES: NC_("action", "In bằng khen"),
    Action.RECORD_RESULT: NC_("action", "Cập nhật kết quả thực hiện chỉ tiêu"),
    Action.REMOVE_ATTACHMENT: NC_("action", "Gỡ tệp đính kèm"),
    Action.CORRECT_ANSWER: NC_("action", "Đính chính trả lời"),
    Action.RETRY_JOB: NC_("action", "Chạy lại việc nền"),
    Action.EXTEND_DEADLINE: NC_("action", "Gia hạn nhận hồ sơ"),
    Action.CLEAN_FILES: NC_("action", "Dọn tệp không còn dùng"),
    Action.RECORD_WRITTEN_BALLOT: NC_("action", "Ghi nhận phiếu bầu bằng văn bản"),
    Action.DECLARE_RELATION: NC_("action", "Khai báo quan hệ với người được đề nghị"),
    Action.RESCHEDULE_SESSION: NC_("action", "Đổi ngày họp"),
    Action.IMPORT_LIST: NC_("action", "Nhập danh sách từ tệp Excel"),
    Action.CORRECT_DECISION: NC_("action", "Đính chính quyết định"),
    Action.REISSUE_CERTIFICATE: NC_("action", "Cấp lại bằng khen"),
    Action.RECORD_RECOVERY: NC_("action", "Ghi nhận đã thu hồi hiện vật, tiền thưởng"),
    Action.IMPORT_HISTORY: NC_("action", "Nhập sổ vàng cũ"),
    Action.RECORD_FIELD_CHECK: NC_("action", "Ghi biên bản thẩm tra thực tế"),
    Action.SIGN_CHECKPOINT: NC_("action", "Ký điểm kiểm chứng nhật ký minh bạch"),
    Action.RECORD_SELF_ASSESSMENT: NC_("action", "Ghi kết quả tự đánh giá"),
    Action.RECORD_SURVEY: NC_("action", "Ghi kết quả lấy ý kiến sự hài lòng của người dân"),
    Action.CONCLUDE_APPRAISAL: NC_("action", "Kết luận thẩm định"),
}


# Who may still be commented on while their notice is open: a nomination put on a council's agenda before its
# window ends (the window is measured to the meeting date, issue 15) keeps the public's full window.
COMMENTABLE_STATES = frozenset({State.IN_PUBLIC_NOTICE, State.IN_COUNCIL})

# Events the public timeline shows (DESIGN.md §5); everything else stays internal.
PUBLIC_ACTIONS = frozenset({Action.SUBMIT, Action.RESUBMIT, Action.OPEN_NOTICE, Action.RECEIVE_COMMENT,
                            Action.ANSWER_COMMENT, Action.UPHOLD_OBJECTION, Action.TALLY, Action.DECIDE,
                            Action.REFUSE, Action.REVOKE, Action.ISSUE_PDF, Action.CORRECT_ANSWER,
                            Action.CORRECT_DECISION, Action.REISSUE_CERTIFICATE})


@dataclass(frozen=True)
class Procedure:
    """One lifecycle as data. `roles` gives an action to another role than rules.permissions' default (in the
    new-rural procedure the commune posts its own self-assessment and answers the comments on it)."""

    code: ProcedureCode
    label: str
    transitions: Mapping[Action, Transition]
    alternative_targets: Mapping[Action, frozenset[State]]
    state_bound: Mapping[Action, frozenset[State]]
    state_labels: Mapping[State, str] = field(default_factory=dict)    # its own words, else STATE_LABELS
    action_labels: Mapping[Action, str] = field(default_factory=dict)  # its own words, else ACTION_LABELS
    roles: Mapping[Action, str] = field(default_factory=dict)          # action -> permissions.Role value
    # the action that must precede DECIDE: the council's tally, or the appraisal body's conclusion
    endorsed_by: Action = Action.TALLY
    # the step a required field check («đạt») must precede, in the sentences that say so
    field_check_gate: str = N_("trình Hội đồng")
    # the heading of a decision's bulk printing, in the name of what it prints
    bulk_print_heading: str = N_("In bằng khen hàng loạt")

    @property
    def states(self) -> frozenset[State]:
        """Every state a nomination of this procedure can be in."""
        reached = {S.DRAFT} | {t.target for t in self.transitions.values() if t.target}
        reached |= {s for targets in self.alternative_targets.values() for s in targets}
        return frozenset(reached)

    def next_state(self, current: State, action: Action, chosen: State | None = None) -> State:
        """The state after `action`, or InvalidTransition. `chosen` picks among the alternative targets."""
        transition = self.transitions.get(action)
        if transition is None or current not in transition.sources:
            raise InvalidTransition(f"Không thể «{self.action_label(action)}» khi hồ sơ đang ở trạng thái "
                                    f"«{self.state_label(current)}».")
        if chosen is not None:
            if chosen not in self.alternative_targets.get(action, frozenset()):
                raise InvalidTransition(f"Trạng thái đích «{chosen}» không hợp lệ cho thao tác này.")
            return chosen
        return transition.target or current

    def actions_from(self, state: State) -> list[Action]:
        """Lifecycle actions legal from `state`, in table order (for buttons and for the tests)."""
        return [action for action, t in self.transitions.items() if state in t.sources]

    def actions_on(self, state: State) -> list[Action]:
        """Every action on one nomination legal from `state`: the lifecycle's in table order, then the
        state-bound ones. Who may take them is permissions.available()'s question."""
        return self.actions_from(state) + [a for a, states in self.state_bound.items() if state in states]

    def allows(self, action: Action, state: State) -> bool:
        """Whether a state-bound action may be taken on a nomination in `state`."""
        return state in self.state_bound.get(action, frozenset())

    def state_label(self, state: State | str) -> str:
        return self.state_labels.get(State(state)) or STATE_LABELS[State(state)]

    def action_label(self, action: Action) -> str:
        return self.action_labels.get(action) or ACTION_LABELS[action]


COMMENDATION = Procedure(ProcedureCode.COMMENDATION, N_("Xét khen thưởng"), TRANSITIONS, ALTERNATIVE_TARGETS,
                         STATE_BOUND)

# The new-rural recognition (QĐ 18/2022/QĐ-TTg, as amended for two-level local government): the commune
# assesses itself against each criterion (draft), posts the result publicly for comments (in_public_notice),
# surveys its residents' satisfaction, then sends the dossier (submitted); the appraisal body accepts it,
# appraises it with a field check and concludes (endorsed, or not_awarded); the provincial chairperson decides
# the recognition (awarded: "Đã công nhận") and may revoke it. No council votes: the conclusion of the
# appraisal precedes the decision.
NEW_RURAL = Procedure(
    ProcedureCode.NEW_RURAL, N_("Xét, công nhận xã đạt chuẩn nông thôn mới"),
    transitions={
        Action.EDIT: Transition(frozenset({S.DRAFT, S.RETURNED}), None),
        Action.OPEN_NOTICE: Transition(frozenset({S.DRAFT}), S.IN_PUBLIC_NOTICE),
        Action.SUBMIT: Transition(frozenset({S.IN_PUBLIC_NOTICE}), S.SUBMITTED),
        Action.RETURN: Transition(frozenset({S.SUBMITTED, S.IN_APPRAISAL}), S.RETURNED),
        Action.RESUBMIT: Transition(frozenset({S.RETURNED}), S.SUBMITTED),
        Action.ACCEPT: Transition(frozenset({S.SUBMITTED}), S.IN_APPRAISAL),
        # the target (endorsed or not awarded) is the appraisal's conclusion
        Action.CONCLUDE_APPRAISAL: Transition(frozenset({S.IN_APPRAISAL}), S.ENDORSED),
        Action.DECIDE: Transition(frozenset({S.ENDORSED}), S.AWARDED),
        Action.REFUSE: Transition(frozenset({S.ENDORSED}), S.NOT_AWARDED),
        Action.WITHDRAW: Transition(
            frozenset({S.DRAFT, S.IN_PUBLIC_NOTICE, S.SUBMITTED, S.RETURNED, S.IN_APPRAISAL}), S.WITHDRAWN),
        Action.REVOKE: Transition(frozenset({S.AWARDED}), S.REVOKED),
    },
    alternative_targets={Action.CONCLUDE_APPRAISAL: frozenset({S.ENDORSED, S.NOT_AWARDED})},
    state_bound={
        Action.RECORD_SELF_ASSESSMENT: frozenset({S.DRAFT, S.RETURNED}),
        Action.RECORD_SURVEY: frozenset({S.DRAFT, S.IN_PUBLIC_NOTICE, S.RETURNED}),
        Action.ADD_ATTACHMENT: frozenset({S.DRAFT, S.RETURNED}),
        Action.APPRAISE: frozenset({S.SUBMITTED, S.IN_APPRAISAL}),
        Action.RECORD_FIELD_CHECK: frozenset({S.IN_APPRAISAL}),
        Action.CORRECT_DECISION: frozenset({S.AWARDED}),
        Action.REISSUE_CERTIFICATE: frozenset({S.AWARDED}),
    },
    state_labels={
        S.DRAFT: N_("Xã đang tự đánh giá"),
        S.IN_PUBLIC_NOTICE: N_("Đang công khai kết quả tự đánh giá"),
        S.ENDORSED: N_("Thẩm định đạt, trình công nhận"),
        S.AWARDED: N_("Đã công nhận"),
        S.NOT_AWARDED: N_("Không công nhận"),
        S.REVOKED: N_("Đã thu hồi quyết định công nhận"),
    },
    action_labels={
        Action.OPEN_NOTICE: NC_("action", "Công khai kết quả tự đánh giá"),
        Action.SUBMIT: NC_("action", "Gửi hồ sơ đề nghị công nhận"),
        Action.DECIDE: NC_("action", "Quyết định công nhận"),
        Action.REFUSE: NC_("action", "Không công nhận"),
        Action.REVOKE: NC_("action", "Thu hồi quyết định công nhận"),
    },
    # the commune posts its own self-assessment and answers (and classifies) the comments on it
    roles={Action.OPEN_NOTICE: "unit_officer", Action.ANSWER_COMMENT: "unit_officer",
           Action.CLASSIFY_COMMENT: "unit_officer", Action.CORRECT_ANSWER: "unit_officer"},
    endorsed_by=Action.CONCLUDE_APPRAISAL,
    field_check_gate=N_("kết luận thẩm định đạt"),
    bulk_print_heading=N_("In bằng công nhận hàng loạt"),
)

PROCEDURES: dict[ProcedureCode, Procedure] = {p.code: p for p in (COMMENDATION, NEW_RURAL)}


def procedure_of(code: str | None) -> Procedure:
    """The procedure named `code` (an award type's); None is the commendation (rows made before issue 17)."""
    return PROCEDURES[ProcedureCode(code or ProcedureCode.COMMENDATION)]


def next_state(current: State, action: Action, chosen: State | None = None, *,
               procedure: Procedure = COMMENDATION) -> State:
    """The state after `action` in `procedure`, or InvalidTransition."""
    return procedure.next_state(current, action, chosen)


def actions_from(state: State, *, procedure: Procedure = COMMENDATION) -> list[Action]:
    return procedure.actions_from(state)


def actions_on(state: State, *, procedure: Procedure = COMMENDATION) -> list[Action]:
    return procedure.actions_on(state)
