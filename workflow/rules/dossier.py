"""Giấy tờ bắt buộc của hồ sơ: the documents an award type asks a dossier to carry, as data, and the one check
that says which are missing. Pure: imports neither Flask nor SQLAlchemy.

The administrator writes one document a line («Biên bản họp xét của đơn vị đề nghị», «Báo cáo thành tích»);
each attachment of a nomination may name the document it is. The service refuses a submission while a required
document is missing, and the nomination page shows the same check as a checklist.
"""
from collections.abc import Iterable, Sequence

from .errors import ValidationFailed
from .folding import fold

MAX_DOCUMENTS = 20
MAX_NAME = 200


def parse_documents(text: str) -> list[str]:
    """One document per line; blank lines go, spaces are tidied, a line written twice counts once."""
    found: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        name = " ".join(raw.split())
        if not name:
            continue
        if len(name) > MAX_NAME:
            raise ValidationFailed(f"Dòng {number}: tên giấy tờ tối đa {MAX_NAME} ký tự.", field="required_documents")
        if fold(name) not in {fold(seen) for seen in found}:
            found.append(name)
    if len(found) > MAX_DOCUMENTS:
        raise ValidationFailed(f"Tối đa {MAX_DOCUMENTS} loại giấy tờ bắt buộc.", field="required_documents")
    return found


def format_documents(documents: Sequence[str]) -> str:
    return "\n".join(documents)


def missing_documents(required: Sequence[str], attached: Iterable[str | None]) -> list[str]:
    """The required documents no attachment names, in the administrator's order (compared folded, so a
    document renamed only in case or accents still counts)."""
    present = {fold(name) for name in attached if name}
    return [name for name in required if fold(name) not in present]


def checklist(required: Sequence[str], attached: Iterable[str | None]) -> list[tuple[str, bool]]:
    """(document, present) for each required document: what the nomination page shows."""
    missing = set(missing_documents(required, attached))
    return [(name, name not in missing) for name in required]


def missing_sentence(missing: Sequence[str]) -> str | None:
    """The refusal, one Vietnamese sentence naming every missing document; None when nothing is missing."""
    if not missing:
        return None
    return f"Hồ sơ còn thiếu giấy tờ bắt buộc: {'; '.join(f'«{name}»' for name in missing)}."


def chosen_document(required: Sequence[str], value: str | None) -> str:
    """The document an upload says it is: '' for none, else one of the award type's list (as written there)."""
    if not value:
        return ""
    for name in required:
        if fold(name) == fold(value):
            return name
    raise ValidationFailed(f"«{value}» không có trong danh sách giấy tờ của hình thức khen thưởng này.",
                           field="document")
