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


REQUIRED_TEXT = {"name": "họ và tên (hoặc tên tập thể)", "award": "hình thức hoặc danh hiệu",
                 "number": "số quyết định", "issuer": "cơ quan ban hành"}


class _RowReader:
    """One row's cells read and checked; each problem is added to `errors` as «Dòng n, cột X: …»."""

    def __init__(self, table: Table, row: Row, errors: list[str]):
        self.table, self.row, self.errors = table, row, errors
        self.text = {key: as_text(row.values.get(key)) for key in
                     ("name", "kind", "unit", "award", "number", "issuer", "book", "note")}

    def problem(self, key: str, sentence: str) -> None:
        self.errors.append(f"{self.table.where(self.row, key)}: {sentence}")

    def required(self) -> None:
        for key, what in REQUIRED_TEXT.items():
            if not self.text[key]:
                self.problem(key, f"thiếu {what}.")

    def kind(self) -> NomineeKind | None:
        kind = KINDS.get(fold(self.text["kind"]) if self.text["kind"] else "ca nhan")
        if kind is None:
            self.problem("kind", f"«{self.text['kind'][:40]}» không phải «cá nhân», «tập thể» hoặc «hộ gia đình».")
        return kind

    def award_type(self, catalogue: Catalogue) -> AwardType | None:
        found = catalogue.award_types.get(fold(self.text["award"])) if self.text["award"] else None
        if self.text["award"] and found is None:
            self.problem("award", f"«{self.text['award'][:60]}» không có trong danh mục hình thức, danh hiệu của cấp "
                                  "có thẩm quyền; ghi đúng tên trong danh mục.")
        return found

    def decision(self, catalogue: Catalogue) -> date | None:
        """The decision's issuer, number and date as the book has them."""
        if self.text["issuer"] and fold(self.text["issuer"]) not in catalogue.issuers:
            self.problem("issuer", f"«{self.text['issuer'][:60]}» không phải cơ quan ban hành của danh mục này; chỉ "
                                   "nhập khen thưởng do chính cấp có thẩm quyền ban hành.")
        if self.text["number"] and not _NUMBER.fullmatch(self.text["number"]):
            self.problem("number", "số quyết định có dạng «số/ký hiệu», ví dụ 123/QĐ-UBND.")
        decided = self.checked(lambda where: as_date(self.row.values.get("date"), where), "date")
        if self.row.values.get("date") in (None, ""):
            self.problem("date", "thiếu ngày quyết định.")
        elif decided is not None and decided > clock.today():
            self.problem("date", "ngày quyết định sau hôm nay.")
        return decided

    def year(self) -> int | None:
        number = self.checked(lambda where: as_number(self.row.values.get("year"), where), "year")
        if self.row.values.get("year") in (None, ""):
            self.problem("year", "thiếu năm thành tích.")
        elif number is not None and (number != int(number) or not 1945 <= int(number) <= 2100):
            self.problem("year", "năm phải là một năm như 2019.")
        elif number is not None:
            return int(number)
        return None

    def checked(self, read, key: str):
        try:
            return read(self.table.where(self.row, key))
        except ValidationFailed as error:
            self.errors.append(error.message)
            return None


def _award(table: Table, row: Row, catalogue: Catalogue, errors: list[str]) -> HistoricalAward | None:
    """One row as an imported award, or None with its problems added to `errors`."""
    before, cells = len(errors), _RowReader(table, row, errors)
    cells.required()
    kind, award_type = cells.kind(), cells.award_type(catalogue)
    decided, year = cells.decision(catalogue), cells.year()
    if len(errors) > before:
        return None
    text = cells.text
    return HistoricalAward(
        row_number=row.number, nominee_kind=str(kind), recipient_name=text["name"][:200], unit_name=text["unit"][:300],
        nominee_key=identity_key(kind, text["name"], affiliation=text["unit"]), award_type=award_type,
        decision_number=text["number"][:60], decision_date=decided, issuer=text["issuer"][:300],
        period_from=date(year, 1, 1), period_to=date(year, 12, 31), golden_book_no=text["book"][:30],
        source_note=text["note"], search_text=indexed_text(text["name"], text["unit"]))


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
