"""Thẩm tra thực tế: the secretariat records a field check of a nomination's achievement (who checked, when,
where, findings, conclusion, photos and minutes), and the council may consider a nomination whose award type
requires one only after a check concluded «đạt». A check is never edited: a wrong one is corrected by
recording another, and the newest check is the one that counts. Never commits: the caller does."""
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import FieldCheck, FieldCheckConclusion, FieldCheckFile, Nomination, User
from ..rules.errors import InvalidTransition, ValidationFailed
from ..rules.files import safe_filename
from ..rules.field_checks import CONCLUSION_LABELS, allows_council
from ..rules.i18n import vietnamese
from ..rules.states import Action, Procedure, State
from . import audit, clock
from .blobs import FileStore
from .lifecycle import authorize, flush_or_conflict
from .nominations import checked_upload

MAX_FILES = 10


@dataclass(frozen=True)
class Upload:
    filename: str
    data: bytes


@dataclass
class FieldCheckData:
    checked_on: date | None
    place: str
    inspectors: str
    findings: str
    conclusion: str


def record(session: Session, nomination: Nomination, *, by: User, data: FieldCheckData, store: FileStore,
           files: Sequence[Upload] = (), now: datetime | None = None) -> FieldCheck:
    """Record one field check, with its files, as one audit event on the nomination."""
    authorize(by, Action.RECORD_FIELD_CHECK, nomination)
    if not nomination.procedure.allows(Action.RECORD_FIELD_CHECK, nomination.state):
        procedure = nomination.procedure
        states = sorted(procedure.state_bound[Action.RECORD_FIELD_CHECK], key=list(State).index)
        raise InvalidTransition("Chỉ ghi biên bản thẩm tra thực tế khi hồ sơ ở trạng thái "
                                + " hoặc ".join(f"«{vietnamese(procedure.state_label(s))}»" for s in states) + ".")
    moment = now or clock.now()
    checked_on = _checked_on(nomination, data.checked_on, clock.local_date(moment))
    place = _text(data.place, "place", "Cần nhập nơi thẩm tra (địa chỉ, cơ sở sản xuất, công trình…).", 300)
    inspectors = _text(data.inspectors, "inspectors", "Cần nhập người thẩm tra (họ tên, đơn vị công tác).", 5000)
    if data.conclusion not in set(FieldCheckConclusion):
        raise ValidationFailed("Cần chọn kết luận thẩm tra: đạt, không đạt hoặc cần bổ sung.", field="conclusion")
    uploads = [upload for upload in files if upload.data or upload.filename]
    if len(uploads) > MAX_FILES:
        raise ValidationFailed(f"Mỗi biên bản đính kèm tối đa {MAX_FILES} tệp.", field="files")
    typed = [(upload, checked_upload(upload.data, field="files")) for upload in uploads]  # all checked, then stored
    check = FieldCheck(nomination_id=nomination.id, checked_on=checked_on, place=place, inspectors=inspectors,
                       findings=(data.findings or "").strip(), conclusion=data.conclusion, recorded_by_id=by.id,
                       recorded_at=moment)
    check.files = [FieldCheckFile(filename=safe_filename(upload.filename, content_type), content_type=content_type,
                                  size=len(upload.data), sha256=store.put(upload.data), uploaded_at=moment)
                   for upload, content_type in typed]
    session.add(check)
    flush_or_conflict(session)
    audit.record(session, by=by, action=Action.RECORD_FIELD_CHECK, object_type="nomination", object_id=nomination.id,
                 changes={"field_check_id": check.id, "checked_on": checked_on.isoformat(), "place": place,
                          "inspectors": check.inspector_lines(), "conclusion": data.conclusion,
                          "findings": check.findings,
                          "files": [{"filename": f.filename, "sha256": f.sha256} for f in check.files]}, now=now)
    return check


def _checked_on(nomination: Nomination, checked_on: date | None, today: date) -> date:
    if checked_on is None:
        raise ValidationFailed("Cần nhập ngày thẩm tra.", field="checked_on")
    if checked_on > today:
        raise ValidationFailed("Ngày thẩm tra không được sau ngày hôm nay.", field="checked_on")
    if nomination.submitted_at is not None and checked_on < clock.local_date(nomination.submitted_at):
        submitted = clock.local_date(nomination.submitted_at).strftime("%d/%m/%Y")
        raise ValidationFailed(f"Ngày thẩm tra không được trước ngày đơn vị gửi hồ sơ ({submitted}).",
                               field="checked_on")
    return checked_on


def _text(value: str | None, name: str, message: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(message, field=name)
    if len(value) > max_length:
        raise ValidationFailed(f"Tối đa {max_length} ký tự.", field=name)
    return value


def checks_of(session: Session, nomination: Nomination) -> list[FieldCheck]:
    """The nomination's field checks, oldest first, with their files: what every screen lists."""
    return list(session.scalars(select(FieldCheck).where(FieldCheck.nomination_id == nomination.id)
                                .options(selectinload(FieldCheck.files), selectinload(FieldCheck.recorded_by))
                                .order_by(FieldCheck.checked_on, FieldCheck.id)))


def panels(session: Session, nominations: Sequence[Nomination]) -> dict[int, "Panel"]:
    """The panels of many nominations at once (one page of a council session's agenda), by nomination id."""
    found: dict[int, list[FieldCheck]] = {nomination.id: [] for nomination in nominations}
    if found:
        for check in session.scalars(select(FieldCheck).where(FieldCheck.nomination_id.in_(list(found)))
                                     .options(selectinload(FieldCheck.files), selectinload(FieldCheck.recorded_by))
                                     .order_by(FieldCheck.checked_on, FieldCheck.id)):
            found[check.nomination_id].append(check)
    return {n.id: Panel(found[n.id], n.award_type.field_check_required, _refusal(n, found[n.id]),
                        n.procedure.field_check_gate) for n in nominations}


@dataclass(frozen=True)
class Panel:
    """What a screen shows of a nomination's field checks: the checks, whether its award type requires one, and
    why it may not go before the council yet (None when it may)."""
    checks: list[FieldCheck]
    required: bool
    refusal: str | None
    gate: str = Procedure.field_check_gate   # what the «đạt» must precede: the council, or the conclusion


def minutes_line(check: FieldCheck) -> str:
    """A field check as the minutes record it (Vietnamese: the minutes are a record)."""
    findings = f" {check.findings}" if check.findings else ""
    return (f"Thẩm tra thực tế ngày {check.checked_on:%d/%m/%Y} tại {check.place}, kết luận: "
            f"{vietnamese(CONCLUSION_LABELS[FieldCheckConclusion(check.conclusion)]).lower()}.{findings}")


def panel(session: Session, nomination: Nomination) -> Panel:
    checks = checks_of(session, nomination)
    return Panel(checks, nomination.award_type.field_check_required, _refusal(nomination, checks),
                 nomination.procedure.field_check_gate)


def refusal(session: Session, nomination: Nomination) -> str | None:
    """Why the nomination may not go before the council for want of a field check, or None. The newest check
    counts: a «không đạt» or «cần bổ sung» after an «đạt» blocks again."""
    if not nomination.award_type.field_check_required:
        return None
    return _refusal(nomination, checks_of(session, nomination))


def _refusal(nomination: Nomination, checks: list[FieldCheck]) -> str | None:
    if not nomination.award_type.field_check_required:
        return None
    name = nomination.nominee.full_name
    if not checks:
        return (f"Hồ sơ chưa có biên bản thẩm tra thực tế kết luận «đạt» (hồ sơ của {name}): hình thức "
                f"«{nomination.award_type.name}» bắt buộc thẩm tra thực tế trước khi "
                f"{vietnamese(nomination.procedure.field_check_gate)}.")
    last = checks[-1]
    if not allows_council([check.conclusion for check in checks]):
        label = CONCLUSION_LABELS[FieldCheckConclusion(last.conclusion)].lower()
        return (f"Hồ sơ chưa có biên bản thẩm tra thực tế kết luận «đạt» (hồ sơ của {name}): lần thẩm tra ngày "
                f"{last.checked_on.strftime('%d/%m/%Y')} kết luận «{label}».")
    return None


def require_passed(session: Session, nomination: Nomination) -> None:
    sentence = refusal(session, nomination)
    if sentence:
        raise InvalidTransition(sentence)
