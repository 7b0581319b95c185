"""Who is told what: the kinds of notification, which action tells which audience, the states of an e-mail in
the outbox, the retry pause and the Message-ID. Pure: imports neither Flask nor SQLAlchemy."""
from datetime import timedelta
from enum import StrEnum
from typing import NamedTuple

from .i18n import N_
from .states import Action, State


class Kind(StrEnum):
    SUBMITTED = "submitted"                # a unit sent (or sent again) a nomination: the secretariat receives it
    WITHDRAWN = "withdrawn"                # the unit took back one the secretariat held
    RETURNED = "returned"                  # trả lại để bổ sung: the unit must act
    ACCEPTED = "accepted"
    NOTICE_OPENED = "notice_opened"
    OBJECTION_UPHELD = "objection_upheld"
    COMMENT_RECEIVED = "comment_received"  # a citizen's comment waits for an answer
    COMMENT_ANSWERED = "comment_answered"  # to the unit, and to the citizen who asked to be told
    SESSION_CALLED = "session_called"      # a member is called to a council session
    VOTE_NEEDED = "vote_needed"            # an item on the agenda of a session the member is called to
    COUNCIL_RESULT = "council_result"
    DECISION_NEEDED = "decision_needed"    # endorsed by the council: the authority decides
    DECISION_ISSUED = "decision_issued"
    REFUSED = "refused"
    REVOKED = "revoked"
    DEADLINE = "deadline"                  # a reminder in working days (rules below, services/reminders.py)
    DIGEST = "digest"                      # the daily summary mail of a user who chose it (never in the inbox)


class Audience(StrEnum):
    UNIT = "unit"                # the officers of the nomination's proposing unit, never another unit's
    SECRETARIAT = "secretariat"  # of the award type's authority
    AUTHORITY = "authority"      # the signers' role of that authority
    MEMBERS = "members"          # the members called to the session
    CITIZEN = "citizen"          # a commenter who left an e-mail address and asked to be told


class MailState(StrEnum):
    PENDING = "pending"      # waits in the outbox for a worker (or for an SMTP server to be configured)
    SENDING = "sending"      # claimed by a worker at `mail_claimed_at`, being handed to the SMTP server
    SENT = "sent"            # the server accepted it: never sent again
    FAILED = "failed"        # the server refused it for good (bad address) or retries ran out
    NONE = "none"            # in-app only: the user has no e-mail address
    DIGEST = "digest"        # waits for the user's daily digest
    DIGESTED = "digested"    # carried by a digest (`digest_id`)
    CANCELLED = "cancelled"  # the citizen unsubscribed before it left


class Rule(NamedTuple):
    kind: Kind
    audience: Audience


R = Rule
BY_ACTION: dict[Action, tuple[Rule, ...]] = {
    Action.SUBMIT: (R(Kind.SUBMITTED, Audience.SECRETARIAT),),
    Action.RESUBMIT: (R(Kind.SUBMITTED, Audience.SECRETARIAT),),
    Action.RETURN: (R(Kind.RETURNED, Audience.UNIT),),
    Action.ACCEPT: (R(Kind.ACCEPTED, Audience.UNIT),),
    Action.OPEN_NOTICE: (R(Kind.NOTICE_OPENED, Audience.UNIT),),
    Action.UPHOLD_OBJECTION: (R(Kind.OBJECTION_UPHELD, Audience.UNIT),),
    Action.TO_COUNCIL: (R(Kind.VOTE_NEEDED, Audience.MEMBERS),),
    Action.TALLY: (R(Kind.COUNCIL_RESULT, Audience.UNIT),),
    Action.DECIDE: (R(Kind.DECISION_ISSUED, Audience.UNIT),),
    Action.REFUSE: (R(Kind.REFUSED, Audience.UNIT),),
    Action.REVOKE: (R(Kind.REVOKED, Audience.UNIT),),
    Action.WITHDRAW: (R(Kind.WITHDRAWN, Audience.SECRETARIAT),),
}


def rules_for(action: Action, source: State, target: State) -> tuple[Rule, ...]:
    """Whom a state change tells. A draft withdrawn was never the secretariat's business; a nomination the
    council endorsed now waits for the authority's decision."""
    if action == Action.WITHDRAW and source == State.DRAFT:
        return ()
    found = BY_ACTION.get(action, ())
    if action == Action.TALLY and target == State.ENDORSED:
        found += (R(Kind.DECISION_NEEDED, Audience.AUTHORITY),)
    return found


# the title of each kind, in the inbox and the mail's subject (one nomination; services count the rest)
TITLES: dict[Kind, str] = {
    Kind.SUBMITTED: N_("Hồ sơ mới gửi chờ tiếp nhận"),
    Kind.WITHDRAWN: N_("Đơn vị đã rút hồ sơ"),
    Kind.RETURNED: N_("Hồ sơ bị trả lại, cần bổ sung"),
    Kind.ACCEPTED: N_("Hồ sơ đã được tiếp nhận"),
    Kind.NOTICE_OPENED: N_("Hồ sơ đã được công khai lấy ý kiến"),
    Kind.OBJECTION_UPHELD: N_("Ý kiến phản ánh về hồ sơ được chấp nhận"),
    Kind.COMMENT_RECEIVED: N_("Có ý kiến nhân dân mới chờ trả lời"),
    Kind.COMMENT_ANSWERED: N_("Ý kiến nhân dân đã được trả lời"),
    Kind.SESSION_CALLED: N_("Triệu tập phiên họp Hội đồng Thi đua – Khen thưởng"),
    Kind.VOTE_NEEDED: N_("Hồ sơ chờ Hội đồng biểu quyết"),
    Kind.COUNCIL_RESULT: N_("Kết quả xét của Hội đồng"),
    Kind.DECISION_NEEDED: N_("Hồ sơ Hội đồng đề nghị, chờ quyết định"),
    Kind.DECISION_ISSUED: N_("Đã có quyết định khen thưởng"),
    Kind.REFUSED: N_("Hồ sơ không được khen thưởng"),
    Kind.REVOKED: N_("Khen thưởng đã bị thu hồi"),
    Kind.DEADLINE: N_("Sắp đến hạn"),
    Kind.DIGEST: N_("Tổng hợp thông báo trong ngày"),
}

# which deadline a reminder is about (params["deadline"])
DEADLINES: dict[str, str] = {
    "notice_ends": N_("Thời hạn công khai lấy ý kiến kết thúc"),
    "processing_due": N_("Hạn giải quyết hồ sơ"),
    "session": N_("Phiên họp Hội đồng"),
}


def retry_pause(attempts: int) -> timedelta:
    """The pause before an e-mail's next try after a transient failure: 1, 2, 4, … minutes, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def message_id(notification_id: int, domain: str) -> str:
    """One Message-ID per notification, whatever attempt sends it: a retry after a lost acknowledgement carries
    the same id, so the receiving side (and our tests) can tell it from a new message."""
    return f"<thong-bao.{notification_id}@{domain}>"
