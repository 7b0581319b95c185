"""Public disclosure: opening a notice, receiving citizens' comments, classifying and answering them, and
upholding an objection."""
import base64
import secrets
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import (AnswerCorrection, Attachment, AttachmentKind, CommentKind, CommentStatus, Nomination, NoticeItem,
                      PublicComment, PublicNotice, Resolution, User)
from ..rules import in_force, new_rural
from ..rules.errors import InvalidTransition, ValidationFailed
from ..rules.states import COMMENTABLE_STATES, NEW_RURAL, Action, State
from . import audit, clock, notifications, prerequisites
from .users import checked_email
from .blobs import FileStore
from .calendar import working_calendar
from .lifecycle import apply, authorize, check, flush_or_conflict, require_distinct, require_text
from .nominations import stored_attachment

DEFAULT_HOW_TO_COMMENT = ("Mọi ý kiến góp ý, phản ánh xin gửi qua biểu mẫu trên trang này, ghi rõ họ tên, số điện "
                          "thoại hoặc thư điện tử và địa chỉ. Ý kiến không ghi rõ danh tính sẽ không được xem xét.")


def open_notice(session: Session, nominations: Sequence[Nomination], *, by: User, title: str,
                expected_versions: Mapping[int, int], working_days: int | None = None, today: date | None = None,
                how_to_comment: str = "", now: datetime | None = None) -> PublicNotice:
    """Disclose a batch of nominations for at least each award type's minimum of working days."""
    if not nominations:
        raise ValidationFailed("Chọn ít nhất một hồ sơ để công khai.")
    require_distinct(nominations)
    targets = [check(n, Action.OPEN_NOTICE, by=by, expected_version=expected_versions.get(n.id, -1))
               for n in nominations]
    authorities = {n.award_type.authority_id for n in nominations}
    if len(authorities) != 1:
        raise ValidationFailed("Các hồ sơ trong một thông báo phải cùng một cấp có thẩm quyền.")
    if len({n.procedure.code for n in nominations}) != 1:
        raise ValidationFailed("Không công khai chung hồ sơ khen thưởng với hồ sơ đề nghị công nhận trong một "
                               "thông báo.")
    start = today or clock.today()
    calendar = working_calendar(session)
    if nominations[0].procedure is NEW_RURAL:
        # the commune posts its own self-assessment for the period rules.new_rural gives (calendar days)
        from . import recognition  # it builds on this module
        for nomination in nominations:
            recognition.require_assessed(session, nomination)
        end = new_rural.POSTING_PERIOD.end(start, calendar.add_working_days)
        days = calendar.working_days_between(start, end)
    else:
        for nomination in nominations:
            prerequisites.require_met(session, nomination)
        minimum = max(n.award_type.notice_working_days for n in nominations)
        days = minimum if working_days is None else working_days
        if days < max(minimum, 1):
            raise ValidationFailed(f"Thời gian công khai tối thiểu là {max(minimum, 1)} ngày làm việc.")
        end = calendar.add_working_days(start, days)
    authority = nominations[0].award_type.authority
    in_force.require([(authority, "cấp có thẩm quyền")], start)
    notice = PublicNotice(
        authority_id=authorities.pop(), campaign_id=nominations[0].campaign_id,
        title=require_text(title, "Cần nhập tiêu đề thông báo."),
        how_to_comment=how_to_comment.strip() or DEFAULT_HOW_TO_COMMENT, start_date=start,
        end_date=end, working_days=days,
        opened_by_id=by.id, opened_at=now or clock.now(), items=[NoticeItem(nomination=n) for n in nominations])
    session.add(notice)
    session.flush()
    for nomination, target in zip(nominations, targets, strict=True):
        apply(session, nomination, Action.OPEN_NOTICE, target, by=by, now=now,
              changes={"notice_id": notice.id, "start_date": notice.start_date, "end_date": notice.end_date,
                       "working_days": days})
    return notice


def latest_notice(session: Session, nomination: Nomination) -> PublicNotice | None:
    query = (select(PublicNotice).join(NoticeItem).where(NoticeItem.nomination_id == nomination.id)
             .order_by(PublicNotice.id.desc()).limit(1))
    return session.scalar(query)


def receive_comment(session: Session, notice: PublicNotice, nomination: Nomination, *, full_name: str,
                    contact: str, address: str, body: str, today: date | None = None,
                    now: datetime | None = None, attachment: tuple[str, bytes] | None = None,
                    store: FileStore | None = None, notify_email: str | None = None) -> PublicComment:
    """A citizen's comment; named and reachable, within the window, on a nominee of this notice. An optional
    (filename, bytes) attachment passes the staff uploads' checks and stays private; still one audit event.
    `notify_email`: the citizen asks to be told at this address when the comment is answered (opt-in)."""
    today = today or clock.today()
    if not notice.is_open_on(today):
        raise InvalidTransition(f"Thông báo đã hết hạn nhận ý kiến (hạn cuối {notice.end_date:%d/%m/%Y}).")
    if nomination.id not in {item.nomination_id for item in notice.items} or \
            nomination.state not in COMMENTABLE_STATES:
        raise ValidationFailed("Đối tượng được góp ý không có trong thông báo đang công khai.")
    comment = PublicComment(
        notice=notice, nomination=nomination, receipt_code=_receipt_code(),
        full_name=require_text(full_name, "Cần ghi họ và tên."),
        contact=require_text(contact, "Cần ghi số điện thoại hoặc thư điện tử."),
        address=require_text(address, "Cần ghi địa chỉ."), body=require_text(body, "Cần ghi nội dung ý kiến."),
        received_at=now or clock.now(), notify_email=checked_email(notify_email, field="notify_email"))
    evidence = _evidence(store, attachment)  # after the text checks: a refused comment stores no file
    if evidence is not None:
        evidence.uploaded_at = comment.received_at
        comment.attachments.append(evidence)
    session.add(comment)
    session.flush()
    # contact data never enters the audit trail: the public timeline shows only the receipt code
    audit.record(session, by=None, action=Action.RECEIVE_COMMENT, object_type="nomination",
                 object_id=nomination.id, changes={"receipt_code": comment.receipt_code, "notice_id": notice.id},
                 now=now)
    notifications.comment_received(session, comment, now=now)
    return comment


def _evidence(store: FileStore | None, attachment: tuple[str, bytes] | None) -> Attachment | None:
    """The citizen's file, checked like a staff upload (size, real type by content) and never public."""
    if attachment is None:
        return None
    if store is None:
        raise ValueError("an attachment needs a blob store")
    filename, data = attachment
    return stored_attachment(store, filename, data, AttachmentKind.COMMENT_EVIDENCE, is_public=False)


def classify_comment(session: Session, comment: PublicComment, *, by: User, classification: CommentKind,
                     now: datetime | None = None) -> None:
    _authorize(by, comment, Action.CLASSIFY_COMMENT)
    if comment.status == CommentStatus.ANSWERED:
        raise InvalidTransition("Ý kiến đã được trả lời.")
    old = comment.classification
    comment.classification = str(CommentKind(classification))
    comment.status = CommentStatus.UNDER_REVIEW
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.CLASSIFY_COMMENT, object_type="nomination",
                 object_id=comment.nomination_id, changes={"receipt_code": comment.receipt_code,
                                                           "classification": {"old": old, "new": classification}},
                 now=now, procedure=comment.nomination.procedure)


def answer_comment(session: Session, comment: PublicComment, *, by: User, answer: str,
                   resolution: Resolution = Resolution.REJECTED, classification: CommentKind | None = None,
                   now: datetime | None = None) -> None:
    """Publish a reasoned answer. An objection is rejected here; upholding one is `uphold_objection`."""
    _authorize(by, comment)
    if comment.status == CommentStatus.ANSWERED:
        raise InvalidTransition("Ý kiến đã được trả lời.")
    if resolution == Resolution.UPHELD:
        raise InvalidTransition("Chấp nhận ý kiến phản ánh dùng thao tác «Chấp nhận ý kiến phản ánh».")
    old_classification = comment.classification
    _answer(comment, by, answer, resolution, classification, now)
    flush_or_conflict(session)
    changes = {"receipt_code": comment.receipt_code, "resolution": resolution}
    if comment.classification != old_classification:
        changes["classification"] = {"old": old_classification, "new": comment.classification}
    audit.record(session, by=by, action=Action.ANSWER_COMMENT, object_type="nomination",
                 object_id=comment.nomination_id, reason=comment.answer, now=now, changes=changes,
                 procedure=comment.nomination.procedure)
    notifications.comment_answered(session, comment, by=by, now=now)


def uphold_objection(session: Session, comment: PublicComment, *, by: User, answer: str, expected_version: int,
                     outcome: State = State.IN_APPRAISAL, now: datetime | None = None) -> None:
    """The objection stands: the nomination goes back to appraisal, or is not awarded, with the answer
    published as the reason."""
    nomination = comment.nomination
    target = check(nomination, Action.UPHOLD_OBJECTION, by=by, expected_version=expected_version, chosen=outcome)
    if comment.status == CommentStatus.ANSWERED:
        raise InvalidTransition("Ý kiến đã được trả lời.")
    _answer(comment, by, answer, Resolution.UPHELD, CommentKind.OBJECTION, now)
    fields = {"outcome_reason": comment.answer} if target == State.NOT_AWARDED else {}
    apply(session, nomination, Action.UPHOLD_OBJECTION, target, by=by, reason=comment.answer, now=now,
          changes={"receipt_code": comment.receipt_code}, **fields)
    # the unit was told by apply (objection upheld); the citizen who asked hears of the answer
    notifications.comment_answered(session, comment, by=by, now=now, citizen_only=True)


def correct_answer(session: Session, comment: PublicComment, *, by: User, answer: str, reason: str,
                   resolution: Resolution | None = None, now: datetime | None = None) -> AnswerCorrection:
    """Đính chính a published answer: the new text (and, unless the objection was upheld, the outcome) takes
    its place; the answer it replaces is kept with the reason, and both stay public. One audit event."""
    _authorize(by, comment, Action.CORRECT_ANSWER)
    if comment.status != CommentStatus.ANSWERED:
        raise InvalidTransition("Chỉ đính chính được câu trả lời đã công bố.")
    new_resolution = Resolution(resolution or comment.resolution)
    if Resolution.UPHELD in (comment.resolution, new_resolution) and new_resolution != comment.resolution:
        raise ValidationFailed("Không đổi được kết quả «chấp nhận ý kiến phản ánh» bằng đính chính: hồ sơ đã được "
                               "xử lý theo kết quả đó.", field="resolution")
    text = require_text(answer, "Cần nhập nội dung trả lời sau đính chính.", field="answer")
    why = require_text(reason, "Cần nêu lý do đính chính (được công khai).", field="reason")
    if text == comment.answer and new_resolution == comment.resolution:
        raise ValidationFailed("Nội dung và kết quả không khác câu trả lời đang công bố.", field="answer")
    correction = AnswerCorrection(comment=comment, previous_answer=comment.answer,
                                  previous_resolution=comment.resolution, previous_answered_at=comment.answered_at,
                                  reason=why, corrected_at=now or clock.now(), corrected_by_id=by.id)
    changes = {"receipt_code": comment.receipt_code, "answer": {"old": comment.answer, "new": text}}
    if new_resolution != comment.resolution:
        changes["resolution"] = {"old": comment.resolution, "new": str(new_resolution)}
    comment.answer, comment.resolution = text, str(new_resolution)
    session.add(correction)
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.CORRECT_ANSWER, object_type="nomination",
                 object_id=comment.nomination_id, reason=why, changes=changes, now=now,
                 procedure=comment.nomination.procedure)
    return correction


def unanswered_objections(session: Session, nomination: Nomination) -> list[PublicComment]:
    comments = session.scalars(select(PublicComment).where(PublicComment.nomination_id == nomination.id))
    return [c for c in comments if c.blocks_council]


def _answer(comment: PublicComment, by: User, answer: str, resolution: Resolution,
            classification: CommentKind | None, now: datetime | None) -> None:
    comment.answer = require_text(answer, "Cần nhập nội dung trả lời (sẽ được công khai).")
    comment.resolution = str(resolution)
    if classification is not None:
        comment.classification = str(CommentKind(classification))
    comment.status = CommentStatus.ANSWERED
    comment.answered_by_id = by.id
    comment.answered_at = now or clock.now()


def _authorize(by: User | None, comment: PublicComment, action: Action = Action.ANSWER_COMMENT) -> None:
    authorize(by, action, comment.nomination)


def _receipt_code() -> str:
    """YK- and 10 base32 characters: 50 random bits, short enough to read out on the phone."""
    return "YK-" + base64.b32encode(secrets.token_bytes(10)).decode()[:10]

