"""Reading a client's JSON into what the services take (the API's counterpart of the web forms: validation only).
A wrong field is a ValidationFailed naming it by its path («nominations[0].period_to»), answered 422."""
import base64
import binascii
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask import request

from ...extensions import db
from ...models import AttachmentKind, AwardType, Campaign, Gender, Unit
from ...rules.errors import ValidationFailed
from ...rules.nominees import NomineeKind
from ...services.api_proposals import Line
from ...services.nominations import NomineeData, Upload
from ...services.proposals import Header

MAX_LINES = 200
UPLOAD_KINDS = tuple(str(k) for k in AttachmentKind if k != AttachmentKind.COMMENT_EVIDENCE)


@dataclass(frozen=True)
class ProposalInput:
    campaign: Campaign
    unit: Unit | None   # None: the client's own unit
    header: Header
    lines: tuple[Line, ...]
    submit: bool


def json_body() -> dict[str, Any]:
    body = request.get_json(silent=True) if request.is_json else None
    if not isinstance(body, dict):
        raise ValidationFailed("Nội dung gửi lên phải là một đối tượng JSON (Content-Type: application/json).")
    return body


def proposal_input(body: dict[str, Any]) -> ProposalInput:
    letter = _object(body, "letter")
    lines = body.get("nominations")
    if not isinstance(lines, list) or not 1 <= len(lines) <= MAX_LINES:
        raise ValidationFailed(f"Cần danh sách «nominations» có từ 1 đến {MAX_LINES} hồ sơ.", field="nominations")
    return ProposalInput(
        campaign=_row(Campaign, body, "campaign_id", "Không có đợt xét này."),
        unit=_row(Unit, body, "proposing_unit_id", "Không có đơn vị này.") if body.get("proposing_unit_id") is not None
        else None,
        header=Header(number=_text(letter, "number", "letter."), letter_date=_date(letter, "date", "letter."),
                      signer_name=_text(letter, "signer_name", "letter."),
                      signer_title=_text(letter, "signer_title", "letter.")),
        lines=tuple(_line(item, f"nominations[{i}].") for i, item in enumerate(lines)),
        submit=_bool(body, "submit", default=True))


def _line(item: Any, at: str) -> Line:
    if not isinstance(item, dict):
        raise ValidationFailed("Mỗi hồ sơ phải là một đối tượng JSON.", field=at.rstrip("."))
    nominee = _object(item, "nominee", at)
    files = item.get("attachments", [])
    if not isinstance(files, list) or len(files) > 20:
        raise ValidationFailed("«attachments» là danh sách tối đa 20 tệp.", field=f"{at}attachments")
    return Line(
        award_type=_row(AwardType, item, "award_type_id", "Không có hình thức khen thưởng này.", at),
        nominee=_nominee(nominee, f"{at}nominee."),
        achievement_summary=_text(item, "achievement_summary", at, limit=4000),
        period_from=_date(item, "period_from", at), period_to=_date(item, "period_to", at),
        uploads=tuple(_upload(f, f"{at}attachments[{i}].") for i, f in enumerate(files)))


def _nominee(data: dict, at: str) -> NomineeData:
    kind = _choice(data, "kind", tuple(str(k) for k in NomineeKind), at)
    gender = data.get("gender")
    if gender is not None and gender not in {str(g) for g in Gender}:
        raise ValidationFailed("«gender» chỉ nhận female, male hoặc null.", field=f"{at}gender")
    birth = _date(data, "birth_date", at) if data.get("birth_date") is not None else None
    return NomineeData(kind=NomineeKind(kind), full_name=_text(data, "full_name", at, limit=200),
                       position=_text(data, "position", at, required=False),
                       workplace=_text(data, "workplace", at, required=False), gender=gender,
                       unit_id=_int(data, "unit_id", required=False, at=at),
                       works_in_production=_bool(data, "works_in_production", default=False, at=at),
                       birth_date=birth, id_number=_text(data, "id_number", at, required=False) or None,
                       address=_text(data, "address", at, required=False))


def _upload(data: Any, at: str) -> Upload:
    if not isinstance(data, dict):
        raise ValidationFailed("Mỗi tệp đính kèm phải là một đối tượng JSON.", field=at.rstrip("."))
    try:
        content = base64.b64decode(_text(data, "content_base64", at, limit=20_000_000), validate=True)
    except (binascii.Error, ValueError):
        raise ValidationFailed("«content_base64» không phải base64 hợp lệ.", field=f"{at}content_base64") from None
    return Upload(filename=_text(data, "filename", at), data=content,
                  kind=AttachmentKind(_choice(data, "kind", UPLOAD_KINDS, at)),
                  is_public=_bool(data, "public", default=False, at=at), field=f"{at}content_base64",
                  document=_text(data, "document", at, required=False))


# --- fields -----------------------------------------------------------------------------------------------------

def _object(data: dict, name: str, at: str = "") -> dict:
    value = data.get(name)
    if not isinstance(value, dict):
        raise ValidationFailed(f"Cần đối tượng «{at}{name}».", field=f"{at}{name}")
    return value


def _text(data: dict, name: str, at: str = "", *, required: bool = True, limit: int = 300) -> str:
    value = data.get(name, "")
    if value is None and not required:
        return ""
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise ValidationFailed(f"«{at}{name}» phải là chuỗi{' không rỗng' if required else ''}, tối đa {limit} ký tự.",
                               field=f"{at}{name}")
    return value.strip()


def _int(data: dict, name: str, *, required: bool = True, at: str = "") -> int | None:
    value = data.get(name)
    if value is None and not required:
        return None
    if type(value) is not int or not 1 <= value <= 2**31 - 1:
        raise ValidationFailed(f"«{at}{name}» phải là số nguyên dương.", field=f"{at}{name}")
    return value


def _bool(data: dict, name: str, *, default: bool, at: str = "") -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise ValidationFailed(f"«{at}{name}» phải là true hoặc false.", field=f"{at}{name}")
    return value


def _date(data: dict, name: str, at: str = "") -> date:
    value = data.get(name)
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else date.fromisoformat("x")
    except ValueError:
        raise ValidationFailed(f"«{at}{name}» phải là ngày dạng YYYY-MM-DD.", field=f"{at}{name}") from None


def _choice(data: dict, name: str, choices: tuple[str, ...], at: str = "") -> str:
    value = data.get(name)
    if value not in choices:
        raise ValidationFailed(f"«{at}{name}» chỉ nhận: {', '.join(choices)}.", field=f"{at}{name}")
    return value


def _row(model, data: dict, name: str, missing: str, at: str = ""):
    found = db.session.get(model, _int(data, name, at=at))
    if found is None:
        raise ValidationFailed(missing, field=f"{at}{name}")
    return found
