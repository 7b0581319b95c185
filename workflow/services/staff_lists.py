"""The staff's lists as one query each, searchable and filterable: the secretariat's intake, appraisal and
comments, the authority's issued decisions and the register of decision lines. The page paginates a list, its
print view and its Excel download walk every row of the very same `Listing`, so the three cannot disagree.

Text search ignores accents, case and đ/Đ as the public register does: the query's words are folded by
register.search.words (rules.folding.fold), and a row matches when each word is one of the row's words. Decision
lines already carry those folded words (DecisionLine.search_text), so the register and the decisions are searched
in SQL; a queue's rows (names, units, letters) are folded as they are read. Read-only; never imports flask."""
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import Select, and_, literal, select
from sqlalchemy.orm import Session, selectinload, undefer

from ..models import AwardType, Campaign, Decision, DecisionLine, Nomination, PublicComment, Unit
from ..rules.i18n import N_
from ..rules.spreadsheet import formula_like, xlsx_text
from ..rules.states import STATE_LABELS, State
from . import queries
from .register.search import unit_and_below, words

MAX_EXPORT_ROWS = 50_000
BOLD = Font(bold=True)


@dataclass(frozen=True)
class ListFilters:
    """What a staff list is narrowed to; "" or None means any."""

    q: str = ""
    campaign_id: int | None = None
    unit_id: int | None = None
    award_type_id: int | None = None
    state: str = ""

    @property
    def terms(self) -> list[str]:
        return words(self.q)[:8]

    @property
    def active(self) -> bool:
        return bool(self.terms or self.campaign_id or self.unit_id or self.award_type_id or self.state)


@dataclass(frozen=True)
class Column:
    label: str                     # a message id (N_): the page, the print view and the workbook translate it
    value: Callable[[Any], Any]    # the cell: text, a number or a date
    width: int = 20
    translated: bool = False       # the cell is a message id too (a state's or a status's label)

    def cell(self, row, translate: Callable[[str], str]) -> Any:
        """The cell as the workbook and the print view hold it: datetimes as dates, None as empty."""
        value = self.value(row)
        if isinstance(value, datetime):
            return value.date()
        if value is None:
            return ""
        return translate(value) if self.translated and value else value


@dataclass
class Listing:
    """A list's one query: the SQL part, and for a queue the folded-text test applied as rows are read."""

    title: str
    query: Select
    columns: Sequence[Column]
    keep: Callable[[Any], bool] | None = None
    scalars: bool = True           # rows are entities (else Row objects)
    filters: ListFilters = field(default_factory=ListFilters)

    def rows(self, session: Session) -> Iterator[Any]:
        """Every row of the list, in its order, read in batches (the print view and the export)."""
        result = session.execute(self.query.execution_options(yield_per=500))
        for row in (result.scalars() if self.scalars else result):
            if self.keep is None or self.keep(row):
                yield row


def matches(terms: Sequence[str], *texts: str | None) -> bool:
    """Each folded query word is one of the texts' folded words (whole words, as the register matches)."""
    found = set(words(" ".join(t for t in texts if t)))
    return all(term in found for term in terms)


def _word_in(column, term: str):
    """SQL: `term` is one of the space-separated folded words in `column` (DecisionLine.search_text)."""
    return (literal(" ") + column + literal(" ")).like(f"% {term} %")


def _state_label(row) -> str:
    return STATE_LABELS.get(State(row.state), str(row.state)) if row.state else ""


# --- the secretariat's queues -------------------------------------------------------------------------------

NOMINATION_COLUMNS = (
    Column(N_("Đối tượng"), lambda n: n.nominee.full_name, 30),
    Column(N_("Chức vụ, đơn vị công tác"), lambda n: n.nominee.public_line(), 35),
    Column(N_("Hình thức đề nghị"), lambda n: n.award_type.name, 30),
    Column(N_("Đơn vị đề nghị"), lambda n: n.proposing_unit.name, 25),
    Column(N_("Phong trào, đợt xét"), lambda n: n.campaign.name, 35),
    Column(N_("Số Tờ trình"), lambda n: n.letter_no, 15),
    Column(N_("Ngày gửi"), lambda n: n.last_submitted_at.date() if n.last_submitted_at else None, 12),
    Column(N_("Hạn xử lý"), lambda n: n.processing_due_on, 12),
    Column(N_("Trạng thái"), _state_label, 18, translated=True),
)


def nominations(session: Session, authority_ids: set[int], states: Sequence[State], filters: ListFilters,
                title: str) -> Listing:
    """A queue (intake: submitted; appraisal: in appraisal), most urgent first, as services.queries has it."""
    query = queries.nominations.in_states(authority_ids, *states).options(*_NOMINATION_LOADS)
    query = _nomination_filters(session, query, filters)
    terms = filters.terms
    keep = (lambda n: matches(terms, n.nominee.full_name, n.nominee.position, n.nominee.workplace,
                              n.proposing_unit.name, n.letter_no)) if terms else None
    return Listing(title, query, NOMINATION_COLUMNS, keep, filters=filters)


# what the columns and the folded-word test read of each row, loaded per batch rather than per row
_NOMINATION_LOADS = (selectinload(Nomination.nominee), selectinload(Nomination.proposing_unit),
                     selectinload(Nomination.award_type), selectinload(Nomination.campaign))


def _nomination_filters(session: Session, query: Select, filters: ListFilters) -> Select:
    if filters.campaign_id:
        query = query.where(Nomination.campaign_id == filters.campaign_id)
    if filters.award_type_id:
        query = query.where(Nomination.award_type_id == filters.award_type_id)
    if filters.unit_id:
        query = query.where(Nomination.proposing_unit_id.in_(sorted(unit_and_below(session, filters.unit_id))))
    if filters.state:
        query = query.where(Nomination.state == filters.state)
    return query


COMMENT_STATUS = {"received": N_("Đã tiếp nhận"), "under_review": N_("Đang xem xét"), "answered": N_("Đã trả lời")}
COMMENT_COLUMNS = (
    Column(N_("Mã tiếp nhận"), lambda c: c.receipt_code, 14),
    Column(N_("Ngày nhận"), lambda c: c.received_at.date(), 12),
    Column(N_("Người gửi"), lambda c: c.full_name, 25),
    Column(N_("Về hồ sơ"), lambda c: c.nomination.nominee.full_name, 30),
    Column(N_("Đơn vị đề nghị"), lambda c: c.nomination.proposing_unit.name, 25),
    Column(N_("Nội dung"), lambda c: c.body, 60),
    Column(N_("Tình trạng"), lambda c: COMMENT_STATUS.get(c.status, c.status), 15, translated=True),
)


def comments(session: Session, authority_ids: set[int], filters: ListFilters, title: str) -> Listing:
    """Citizens' comments on these authorities' notices, the latest first (services.queries.notices), narrowed
    by the commented nomination's campaign, unit and award type, and by the comment's status (`state`)."""
    query = (queries.notices.comments_of(authority_ids).join(Nomination, Nomination.id == PublicComment.nomination_id)
             .options(selectinload(PublicComment.nomination).selectinload(Nomination.nominee),
                      selectinload(PublicComment.nomination).selectinload(Nomination.proposing_unit)))
    query = _nomination_filters(session, query, ListFilters(campaign_id=filters.campaign_id, unit_id=filters.unit_id,
                                                            award_type_id=filters.award_type_id))
    if filters.state:
        query = query.where(PublicComment.status == filters.state)
    terms = filters.terms
    keep = (lambda c: matches(terms, c.receipt_code, c.full_name, c.body, c.nomination.nominee.full_name,
                              c.nomination.proposing_unit.name)) if terms else None
    return Listing(title, query, COMMENT_COLUMNS, keep, filters=filters)


# --- decisions and their lines ------------------------------------------------------------------------------

DECISION_COLUMNS = (
    Column(N_("Số quyết định"), lambda d: d.number, 16),
    Column(N_("Ngày"), lambda d: d.decision_date, 12),
    Column(N_("Trích yếu"), lambda d: d.title, 50),
    Column(N_("Người ký"), lambda d: d.signer_name, 22),
    Column(N_("Số người, tập thể"), lambda d: d.line_count, 10),
)


def decisions(session: Session, authority_ids: set[int], filters: ListFilters, title: str) -> Listing:
    """Issued decisions, newest first (council_queries.issued_decisions' order); the words are looked for in the
    decision's number, title and signer, or in one of its lines (recipient, position, proposing unit)."""
    query = (select(Decision).where(Decision.authority_id.in_(authority_ids)).options(undefer(Decision.line_count))
             .order_by(Decision.decision_date.desc(), Decision.id.desc()))
    lines = _line_filters(session, select(DecisionLine.decision_id).join(
        Nomination, Nomination.id == DecisionLine.nomination_id), filters)
    if filters.campaign_id or filters.unit_id or filters.award_type_id or filters.state:
        query = query.where(Decision.id.in_(lines))
    terms = filters.terms
    if not terms:
        return Listing(title, query, DECISION_COLUMNS, filters=filters)
    by_line = set(session.scalars(lines.where(*(_word_in(DecisionLine.search_text, t) for t in terms))))
    keep = lambda d: d.id in by_line or matches(terms, d.number, d.title, d.signer_name)
    return Listing(title, query, DECISION_COLUMNS, keep, filters=filters)


def _line_filters(session: Session, query: Select, filters: ListFilters) -> Select:
    if filters.campaign_id:
        query = query.where(Nomination.campaign_id == filters.campaign_id)
    if filters.award_type_id:
        query = query.where(DecisionLine.award_type_id == filters.award_type_id)
    if filters.unit_id:
        query = query.where(Nomination.proposing_unit_id.in_(sorted(unit_and_below(session, filters.unit_id))))
    if filters.state:
        query = query.where(Nomination.state == filters.state)
    return query


REGISTER_COLUMNS = (
    Column(N_("Người, tập thể được khen"), lambda r: r.recipient_name, 30),
    Column(N_("Chức vụ, đơn vị công tác"), lambda r: r.recipient_line, 35),
    Column(N_("Hình thức"), lambda r: r.award_type, 30),
    Column(N_("Quyết định số"), lambda r: r.decision_number, 16),
    Column(N_("Ngày quyết định"), lambda r: r.decision_date, 12),
    Column(N_("Đơn vị đề nghị"), lambda r: r.proposing_unit, 25),
    Column(N_("Phong trào, đợt xét"), lambda r: r.campaign, 35),
    Column(N_("Trạng thái"), _state_label, 15, translated=True),
)


def register(session: Session, authority_ids: set[int], filters: ListFilters, title: str) -> Listing:
    """The register of these authorities' decision lines (awarded, or revoked since), newest decision first;
    the words are matched in SQL on the lines' folded words, as the public register matches them."""
    query = (select(DecisionLine.id, DecisionLine.recipient_name, DecisionLine.recipient_line,
                    AwardType.name.label("award_type"), Decision.number.label("decision_number"),
                    DecisionLine.decision_date, Unit.name.label("proposing_unit"), Campaign.name.label("campaign"),
                    Nomination.state, Decision.id.label("decision_id"))
             .select_from(DecisionLine).join(Decision, Decision.id == DecisionLine.decision_id)
             .join(Nomination, Nomination.id == DecisionLine.nomination_id)
             .join(AwardType, AwardType.id == DecisionLine.award_type_id)
             .join(Unit, Unit.id == Nomination.proposing_unit_id)
             .join(Campaign, Campaign.id == Nomination.campaign_id)
             .where(Decision.authority_id.in_(authority_ids))
             .order_by(DecisionLine.decision_date.desc(), DecisionLine.id.desc()))
    query = _line_filters(session, query, filters)
    if filters.terms:
        query = query.where(and_(*(_word_in(DecisionLine.search_text, t) for t in filters.terms)))
    return Listing(title, query, REGISTER_COLUMNS, scalars=False, filters=filters)


# --- the filters' choices -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FilterOptions:
    campaigns: list[tuple[int, str]]
    units: list[tuple[int, str]]
    award_types: list[tuple[int, str]]


def filter_options(session: Session, authority_ids: set[int]) -> FilterOptions:
    """These authorities' campaigns and award types, and every unit that proposed to them (with the units above
    it: a district's filter finds its communes' nominations too, as unit_and_below reads it)."""
    campaigns = session.execute(select(Campaign.id, Campaign.name).where(Campaign.authority_id.in_(authority_ids))
                                .order_by(Campaign.name)).all()
    award_types = session.execute(select(AwardType.id, AwardType.name).where(
        AwardType.authority_id.in_(authority_ids)).order_by(AwardType.name, AwardType.id)).all()
    proposing = select(Nomination.proposing_unit_id).join(AwardType, AwardType.id == Nomination.award_type_id).where(
        AwardType.authority_id.in_(authority_ids))
    units = {uid: (name, parent) for uid, name, parent in session.execute(select(Unit.id, Unit.name, Unit.parent_id))}
    found: set[int] = set()
    for uid in session.scalars(proposing.distinct()):
        while uid is not None and uid not in found and uid in units:
            found.add(uid)
            uid = units[uid][1]
    return FilterOptions([tuple(r) for r in campaigns], sorted(((u, units[u][0]) for u in found), key=lambda x: x[1]),
                         [tuple(r) for r in award_types])


# --- the Excel download: exactly the rows the page lists -----------------------------------------------------

def xlsx(session: Session, listing: Listing, *, heading: Sequence[str], translate: Callable[[str], str]) -> bytes:
    """Every row of the listing (up to MAX_EXPORT_ROWS) as a workbook: the heading lines (list, filters, date),
    a header row, one row per list row. Text cells go through rules.spreadsheet as the other exports' do."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(translate(listing.title)[:31])
    for index, column in enumerate(listing.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for line in heading:
        sheet.append([_text_cell(sheet, line, bold=True)])
    sheet.append([_text_cell(sheet, translate(c.label), bold=True) for c in listing.columns])
    for number, row in enumerate(listing.rows(session)):
        if number >= MAX_EXPORT_ROWS:
            break
        sheet.append([_cell(sheet, c.cell(row, translate)) for c in listing.columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, value: str, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=xlsx_text(value))
    cell.data_type = "s"
    if formula_like(cell.value):
        cell.quotePrefix = True
    if bold:
        cell.font = BOLD
    return cell


def _cell(sheet, value: Any):
    if isinstance(value, str):
        return _text_cell(sheet, value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, date):
        cell.number_format = "DD/MM/YYYY"
    return cell
