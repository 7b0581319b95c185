"""Import of historical awards: the old golden book (sổ vàng) typed in Excel, read only through
rules.workbook.read_table. Every problem is reported by row and column; nothing is saved unless every row is
valid. Imported awards are marked as imported with their source (file name, sha256, the «nguồn» column), are
never signed and get no certificate; queries.nominations.prior_awards counts them. One audit event per import.
Never imports flask; never commits."""
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Authority, AwardType, HistoricalAward, HistoricalImport, User
from ..rules.errors import NotAllowed, ValidationFailed
from ..rules.folding import fold
from ..rules.nominees import NomineeKind, identity_key
from ..rules.permissions import NominationFacts, can
from ..rules.states import Action
from ..rules.workbook import Column, Row, Table, as_date, as_number, as_text, read_table
from . import audit, clock
from .register import indexed_text

COLUMNS = (
    Column("name", ("Họ và tên / tập thể", "Họ và tên/tập thể", "Họ và tên", "Họ tên", "Tên tập thể", "Tập thể")),
    Column("kind", ("Cá nhân / tập thể", "Cá nhân/tập thể", "Đối tượng", "Loại đối tượng"), required=False),
    Column("unit", ("Đơn vị", "Đơn vị công tác")),
    Column("award", ("Hình thức / danh hiệu", "Hình thức/danh hiệu", "Hình thức", "Danh hiệu")),
    Column("number", ("Số quyết định", "Số QĐ")),
    Column("date", ("Ngày quyết định", "Ngày QĐ", "Ngày ký")),
    Column("issuer", ("Cơ quan ban hành", "Cấp khen")),
    Column("year", ("Năm", "Năm thành tích")),
    Column("book", ("Sổ vàng số", "Số sổ vàng"), required=False),
    Column("note", ("Ghi chú nguồn", "Nguồn", "Ghi chú"), required=False),
)
TEMPLATE_HEADERS = ("STT", "Họ và tên / tập thể", "Cá nhân / tập thể", "Đơn vị", "Hình thức / danh hiệu",
                    "Số quyết định", "Ngày quyết định", "Cơ quan ban hành", "Năm", "Sổ vàng số", "Ghi chú nguồn")
KINDS = {"ca nhan": NomineeKind.INDIVIDUAL, "tap the": NomineeKind.COLLECTIVE, "ho gia dinh": NomineeKind.HOUSEHOLD}
_NUMBER = re.compile(r"\d+/[\wĐđ.\-]+")
MAX_ERRORS = 200


class ImportRefused(ValidationFailed):
    """Rows with problems: each a sentence naming its row and column; nothing was saved."""

    def __init__(self, errors: list[str]):
        super().__init__(f"Tệp có {len(errors)} lỗi; chưa nhập dòng nào.")
        self.errors = errors


@dataclass(frozen=True)
class Catalogue:
    """What the rows are checked against: the award types and issuers of the importing authority."""

    award_types: dict[str, AwardType]   # folded name → award type
    issuers: set[str]                   # folded names the authority is known by

    @classmethod
    def of(cls, session: Session, authority: Authority) -> "Catalogue":
        types = session.scalars(select(AwardType).where(AwardType.authority_id == authority.id)).all()
        return cls({fold(t.name): t for t in types}, {fold(authority.name), fold(authority.organ_name)})


def import_workbook(session: Session, data: bytes, filename: str, *, by: User, authority: Authority,
                    now: datetime | None = None) -> HistoricalImport:
    """Read, check every row, and save all of them or none (ImportRefused lists the problems)."""
    if not can(by.actor(), Action.IMPORT_HISTORY, NominationFacts(proposing_unit_id=-1, authority_id=authority.id)):
        raise NotAllowed("Chỉ Thường trực Thi đua – Khen thưởng của cấp có thẩm quyền được nhập sổ vàng cũ.")
    table = read_table(data, COLUMNS)
    if not table.rows:
        raise ValidationFailed("Bảng không có dòng dữ liệu nào dưới dòng tiêu đề.")
    catalogue, errors, awards = Catalogue.of(session, authority), [], []
    for row in table.rows:
        award = _award(table, row, catalogue, errors)
        if award is not None:
            awards.append(award)
        if len(errors) >= MAX_ERRORS:
            break
    if errors:
        raise ImportRefused(errors)
    sha256 = hashlib.sha256(data).hexdigest()
    source = HistoricalImport(authority_id=authority.id, filename=(filename or "so-vang.xlsx")[:255], sha256=sha256,
                              rows=len(awards), imported_by_id=by.id, imported_at=now or clock.now())
    session.add(source)
    for award in awards:
        award.source = source
    session.add_all(awards)
    session.flush()
    audit.record(session, by=by, action=Action.IMPORT_HISTORY, object_type="historical_import", object_id=source.id,
                 now=now, changes={"filename": source.filename, "sha256": sha256, "rows": len(awards),
                                   "sheet": table.sheet, "authority_id": authority.id})
    return source


def _award(table: Table, row: Row, catalogue: Catalogue, errors: list[str]) -> HistoricalAward | None:
    """One row as an imported award, or None with its problems added to `errors`."""
    before = len(errors)
    cell = {key: as_text(row.values.get(key)) for key in ("name", "kind", "unit", "award", "number", "issuer",
                                                             "book", "note")}

    def need(key: str, what: str) -> None:
        if not cell[key]:
            errors.append(f"{table.where(row, key)}: thiếu {what}.")

    need("name", "họ và tên (hoặc tên tập thể)")
    need("award", "hình thức hoặc danh hiệu")
    need("number", "số quyết định")
    need("issuer", "cơ quan ban hành")
    kind = KINDS.get(fold(cell["kind"]) if cell["kind"] else "ca nhan")
    if kind is None:
        errors.append(f"{table.where(row, 'kind')}: «{cell['kind'][:40]}» không phải «cá nhân», «tập thể» hoặc "
                      "«hộ gia đình».")
    award_type = catalogue.award_types.get(fold(cell["award"])) if cell["award"] else None
    if cell["award"] and award_type is None:
        errors.append(f"{table.where(row, 'award')}: «{cell['award'][:60]}» không có trong danh mục hình thức, danh "
                      "hiệu của cấp có thẩm quyền; ghi đúng tên trong danh mục.")
    if cell["issuer"] and fold(cell["issuer"]) not in catalogue.issuers:
        errors.append(f"{table.where(row, 'issuer')}: «{cell['issuer'][:60]}» không phải cơ quan ban hành của danh "
                      "mục này; chỉ nhập khen thưởng do chính cấp có thẩm quyền ban hành.")
    if cell["number"] and not _NUMBER.fullmatch(cell["number"]):
        errors.append(f"{table.where(row, 'number')}: số quyết định có dạng «số/ký hiệu», ví dụ 123/QĐ-UBND.")
    decided, year = _checked(errors, lambda: as_date(row.values.get("date"), table.where(row, "date"))), None
    number = _checked(errors, lambda: as_number(row.values.get("year"), table.where(row, "year")))
    if number is not None and (number != int(number) or not 1945 <= int(number) <= 2100):
        errors.append(f"{table.where(row, 'year')}: năm phải là một năm như 2019.")
    elif number is not None:
        year = int(number)
    if row.values.get("date") in (None, "") and decided is None:
        errors.append(f"{table.where(row, 'date')}: thiếu ngày quyết định.")
    if row.values.get("year") in (None, ""):
        errors.append(f"{table.where(row, 'year')}: thiếu năm thành tích.")
    if decided is not None and decided > clock.today():
        errors.append(f"{table.where(row, 'date')}: ngày quyết định sau hôm nay.")
    if len(errors) > before:
        return None
    return HistoricalAward(
        row_number=row.number, nominee_kind=str(kind), recipient_name=cell["name"][:200], unit_name=cell["unit"][:300],
        nominee_key=identity_key(kind, cell["name"], affiliation=cell["unit"]), award_type=award_type,
        decision_number=cell["number"][:60], decision_date=decided, issuer=cell["issuer"][:300],
        period_from=date(year, 1, 1), period_to=date(year, 12, 31), golden_book_no=cell["book"][:30],
        source_note=cell["note"], search_text=indexed_text(cell["name"], cell["unit"]))


def _checked(errors: list[str], read):
    try:
        return read()
    except ValidationFailed as error:
        errors.append(error.message)
        return None


def template_workbook() -> bytes:
    """The downloadable template: a title, the header row, one example row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "So vang"
    sheet.append(["SỔ VÀNG KHEN THƯỞNG (DỮ LIỆU NHẬP TỪ SỔ SÁCH CŨ)"])
    sheet.append(list(TEMPLATE_HEADERS))
    sheet.append([1, "Nguyễn Văn An", "Cá nhân", "Phòng Nội vụ huyện Vĩnh Lợi", "Chiến sĩ thi đua cấp tỉnh",
                  "123/QĐ-UBND", "15/06/2019", "Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu", 2018, "1024",
                  "Sổ vàng quyển 3, trang 12"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEFGHIJK", (5, 30, 12, 30, 30, 16, 15, 36, 8, 10, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
