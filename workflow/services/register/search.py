"""The register of recognitions: the folded words a decision line is found by, and the one search function
(filters, accent-insensitive words, keyset pages) behind the page, the open data and the benchmark.

On SQLite the words are matched through the FTS5 table, on PostgreSQL through word regular expressions on
the trigram-indexed column (models/search_index.py). Both see the same folded words, so both find the same
lines. Changes nothing but `index()`, which fills a new line's fields in the caller's transaction.
"""
import re
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from sqlalchemy import (Date, Integer, Select, String, bindparam, column, false, func, literal, literal_column,
                        select, table, true, tuple_, union_all)
from sqlalchemy.orm import Session, object_session

from ...models import (Authority, AwardType, Campaign, Certificate, Decision, DecisionLine, HistoricalAward,
                       Nomination, Nominee, Unit)
from ...models.search_index import FTS_TABLE, KEY_SPAN, register_key
from ...rules.folding import fold

PAGE_SIZE = 50
MAX_WORDS = 8        # a query's words beyond this are ignored
MAX_WORD_CHARS = 40  # and each word is cut to this
MAX_ID = 2**63 - 1   # ids past this would overflow the database's integer
_WORDS = re.compile(r"[^\W_]+")  # letters and digits: what FTS5's unicode61 tokenizer keeps as words


def words(text: str) -> list[str]:
    """Folded words: lowercase, no diacritics, đ → d, punctuation and control characters dropped."""
    return _WORDS.findall(fold(text))


def indexed_text(*parts: str | None) -> str:
    return " ".join(words(" ".join(p for p in parts if p)))


def index(line: DecisionLine) -> None:
    """Fill a new line's register fields: the decision's date, and its searchable words (the recipient,
    the public line and the proposing unit)."""
    session = object_session(line)
    with session.no_autoflush if session is not None else nullcontext():  # loading the unit must not flush
        unit = line.nomination.proposing_unit.name                         # the half-made line
    line.decision_date = line.decision.decision_date
    line.search_text = indexed_text(line.recipient_name, line.recipient_line, unit)


@dataclass(frozen=True)
class Filters:
    """What the register is narrowed to; None or "" means any."""

    q: str = ""
    year: int | None = None
    campaign_id: int | None = None
    award_type_id: int | None = None
    unit_id: int | None = None

    @property
    def active(self) -> bool:
        return bool(words(self.q) or self.year or self.campaign_id or self.award_type_id or self.unit_id)

    def query_args(self) -> dict[str, str]:
        """The filters as the register page's query string names them (q, year, campaign, award_type, unit),
        set ones only: a link to the open data with these finds what the page found."""
        values = {"q": self.q.strip(), "year": self.year, "campaign": self.campaign_id,
                  "award_type": self.award_type_id, "unit": self.unit_id}
        return {name: str(value) for name, value in values.items() if value}


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: strictly before this (decision date, line id), newest first."""

    decision_date: date
    line_id: int

    def __str__(self) -> str:
        return f"{self.decision_date.isoformat()}.{self.line_id}"

    @classmethod
    def parse(cls, text: str | None) -> "Cursor | None":
        """None for anything that is not a cursor this module wrote (then the first page is shown)."""
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.(-?\d{1,19})", text or "")
        if not match or abs(int(match.group(2))) > MAX_ID:
            return None
        try:
            return cls(date.fromisoformat(match.group(1)), int(match.group(2)))
        except ValueError:
            return None


@dataclass(frozen=True)
class Page:
    rows: list            # Row objects of _register_select(): row.recipient_name, row.decision_date…
    next_cursor: Cursor | None


# What a card of the register page shows, in this order (the page unpacks each row into these names).
# `imported`: an award from the old golden book (HistoricalAward, issue 16), whose id is negative in the register
# (minus its own id), so one (decision_date, id) order and cursor pages both kinds.
CARD_FIELDS = ("id", "recipient_name", "recipient_line", "nominee_kind", "award_type", "state", "decision_date",
               "decision_id", "decision_number", "proposing_unit", "imported")
IMPORTED_CAMPAIGN = "Dữ liệu nhập từ sổ sách cũ"


def search(session: Session, filters: Filters, *, after: Cursor | None = None,
           limit: int = PAGE_SIZE, cards: bool = False) -> Page:
    """The register's one search: every awarded or revoked line matching the filters, newest decision
    first, `limit` rows after the cursor. Rows carry every public field of a line (the open data), or with
    `cards` only CARD_FIELDS (the page: a third of the columns, four joins fewer).

    Browsing, and searching on PostgreSQL, page with a row value `(decision_date, id) < (?, ?)` on the
    (decision_date, id) index. Searching on SQLite walks the FTS5 index, whose rowid is the same pair
    packed into one integer: the matches come newest first straight from the index, so a page costs the
    same for a rare name and for a word on every line. Same order, same cursor."""
    terms = _terms(filters.q)
    shape = _shape(session, filters, terms, after=after is not None, cards=cards)
    # plain columns, no entities: Core execution skips the ORM's per-row machinery; Row objects answer
    # attribute access directly (a template reading a mapping pays an AttributeError per field)
    rows = session.connection().execute(_statement(shape), _parameters(session, shape, filters, terms, after,
                                                                         limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(rows, Cursor(rows[-1].decision_date, rows[-1].id) if more and rows else None)


COUNT_CAP = 10_000


def count(session: Session, filters: Filters, cap: int = COUNT_CAP) -> int:
    """How many lines `search` finds for these filters, counted on the very statement it runs (so the number
    beside "download these results" is the number of rows the download holds); counting stops past `cap`
    (the answer is then cap + 1: "more than cap")."""
    terms = _terms(filters.q)
    shape = _shape(session, filters, terms, after=False, cards=True)
    statement = select(func.count()).select_from(_statement(shape).subquery())
    return session.connection().execute(statement, _parameters(session, shape, filters, terms, None, cap + 1)).scalar()


def stream(session: Session, filters: Filters = Filters(), batch: int = 1000) -> Iterator:
    """Every matching line, newest first, fetched in keyset batches (open data; memory stays flat)."""
    after = None
    while True:
        page = search(session, filters, after=after, limit=batch)
        yield from page.rows
        if page.next_cursor is None:
            return
        after = page.next_cursor


@dataclass(frozen=True)
class _Shape:
    """Which criteria a query has; the values travel as parameters. One statement per shape is built
    and kept, so SQLAlchemy reuses its cache key and compiled SQL (building a 23-column, 8-join select
    anew cost more than running it)."""

    fts: bool        # SQLite: the words through the FTS5 table
    words: int       # elsewhere: how many word patterns
    year: bool
    campaign: bool
    award_type: bool
    unit: bool
    after: bool
    cards: bool = False  # CARD_FIELDS only
    history: bool = False  # awards imported from the old golden book are paged in too

def _shape(session: Session, filters: Filters, terms: list[str], *, after: bool, cards: bool) -> _Shape:
    fts = bool(terms) and session.get_bind().dialect.name == "sqlite"
    # imported awards have no campaign or proposing unit: those filters leave them out; an empty table costs
    # nothing (one index probe)
    history = not (filters.campaign_id or filters.unit_id) and session.scalar(
        select(HistoricalAward.id).limit(1)) is not None
    return _Shape(fts=fts, words=0 if fts else len(terms), year=bool(filters.year),
                  campaign=bool(filters.campaign_id), award_type=bool(filters.award_type_id),
                  unit=bool(filters.unit_id), after=after, cards=cards, history=history)


@lru_cache(maxsize=512)
def _statement(shape: _Shape) -> Select:
    query = _card_select() if shape.cards else _register_select()
    if shape.year:
        query = query.where(DecisionLine.decision_date >= bindparam("year_from", type_=Date),
                            DecisionLine.decision_date < bindparam("year_to", type_=Date))
    if shape.campaign:
        query = query.where(Nomination.campaign_id == bindparam("campaign_id"))
    if shape.award_type:
        query = query.where(DecisionLine.award_type_id == bindparam("award_type_id"))
    if shape.unit:
        query = query.where(Nomination.proposing_unit_id.in_(bindparam("unit_ids", expanding=True)))
    query = _fts_order(query, shape) if shape.fts else _index_order(query, shape)
    query = query.limit(bindparam("limit", type_=Integer))
    if not shape.history:
        return query
    # each part reads a page of its own (date, id) index; the union of two pages is sorted, not the register
    both = union_all(select(query.subquery()), select(_history_page(shape).subquery())).subquery()
    return select(both).order_by(both.c.decision_date.desc(), both.c.id.desc()).limit(
        bindparam("limit", type_=Integer))


def _history_page(shape: _Shape) -> Select:
    """A page of imported awards with the same columns, filters and cursor as the lines' page."""
    query = _history_select(shape.cards)
    if shape.year:
        query = query.where(HistoricalAward.decision_date >= bindparam("year_from", type_=Date),
                            HistoricalAward.decision_date < bindparam("year_to", type_=Date))
    if shape.award_type:
        query = query.where(HistoricalAward.award_type_id == bindparam("award_type_id"))
    for n in range(MAX_WORDS if shape.fts or shape.words else 0):
        # the same folded words; a small table, matched without an index (unused word slots match anything)
        query = query.where((" " + HistoricalAward.search_text + " ").like(bindparam(f"hword{n}", type_=String)))
    if shape.after:
        query = query.where(tuple_(HistoricalAward.decision_date, -HistoricalAward.id)
                            < tuple_(bindparam("h_after_date", type_=Date), bindparam("h_after_id", type_=Integer)))
    return query.order_by(HistoricalAward.decision_date.desc(), HistoricalAward.id).limit(
        bindparam("limit", type_=Integer))

def _fts_order(query: Select, shape: _Shape) -> Select:
    """SQLite: the words through the FTS5 table; the year and the cursor become ranges of its rowid (the
    register key). `decision_line_fts MATCH`, not `search_text MATCH`: a column filter makes FTS5 read
    every position list."""
    fts = table(FTS_TABLE, column("rowid"))
    query = query.join(fts, DecisionLine.id == fts.c.rowid % KEY_SPAN).where(
        literal_column(FTS_TABLE).op("MATCH")(bindparam("match", type_=String)))
    if shape.year:
        query = query.where(fts.c.rowid >= bindparam("key_from", type_=Integer),
                            fts.c.rowid < bindparam("key_to", type_=Integer))
    if shape.after:
        query = query.where(fts.c.rowid < bindparam("after_key", type_=Integer))
    return query.order_by(fts.c.rowid.desc())


def _index_order(query: Select, shape: _Shape) -> Select:
    """The (decision_date, id) index with a row-value keyset; words (PostgreSQL) as regular expressions
    on the folded, space-separated words, which the GIN trigram index answers."""
    for n in range(shape.words):
        query = query.where(DecisionLine.search_text.regexp_match(bindparam(f"word{n}", type_=String)))
    if shape.after:
        query = query.where(tuple_(DecisionLine.decision_date, DecisionLine.id)
                            < tuple_(bindparam("after_date", type_=Date), bindparam("after_id", type_=Integer)))
    return query.order_by(DecisionLine.decision_date.desc(), DecisionLine.id.desc())


def _parameters(session: Session, shape: _Shape, filters: Filters, terms: list[str], after: Cursor | None,
                limit: int) -> dict:
    values: dict = {"limit": limit}
    if filters.year:
        first, following = date(filters.year, 1, 1), date(filters.year + 1, 1, 1)
        values |= {"year_from": first, "year_to": following}
        if shape.fts:
            values |= {"key_from": register_key(first, 0), "key_to": register_key(following, 0)}
    if filters.campaign_id:
        values["campaign_id"] = filters.campaign_id
    if filters.award_type_id:
        values["award_type_id"] = filters.award_type_id
    if filters.unit_id:
        values["unit_ids"] = sorted(unit_and_below(session, filters.unit_id))
    if shape.fts:
        values["match"] = " ".join(f'"{t}"' for t in terms)  # quoted: no FTS5 query syntax gets through
    else:
        values |= {f"word{n}": f"(^| ){t}( |$)" for n, t in enumerate(terms)}
    if after is not None:
        values |= {"after_key": register_key(after.decision_date, after.line_id)} if shape.fts else {
            "after_date": after.decision_date, "after_id": after.line_id}
    if shape.history and (shape.fts or shape.words):
        padded = [f"% {t} %" for t in terms]
        values |= {f"hword{n}": padded[n] if n < len(padded) else "%" for n in range(MAX_WORDS)}
    if shape.history and after is not None:
        values |= {"h_after_date": after.decision_date, "h_after_id": after.line_id}
    return values


def _history_select(cards: bool) -> Select:
    """Imported awards as register rows: the same columns in the same order, what the old book does not say left
    empty, the issuer as typed, marked imported (and in the campaign's place, «Dữ liệu nhập từ sổ sách cũ»)."""
    h = HistoricalAward

    def none(name: str, type_=String):
        return literal(None, type_).label(name)   # typed: a bare NULL in a union is text on PostgreSQL

    shared = ((-h.id).label("id"), h.recipient_name, h.unit_name.label("recipient_line"), h.nominee_kind,
              AwardType.name.label("award_type"))
    if cards:
        columns = (*shared, literal("awarded").label("state"), h.decision_date, none("decision_id", Integer),
                   h.decision_number, h.unit_name.label("proposing_unit"), true().label("imported"))
    else:
        columns = (shared[0], none("nomination_id", Integer), *shared[1:], AwardType.category.label("award_category"),
                   literal("awarded").label("state"), h.decision_date, none("decision_id", Integer),
                   h.decision_number, literal("").label("signing_form"), literal("").label("signer_title"),
                   literal("").label("signer_name"), h.issuer.label("authority"),
                   literal(IMPORTED_CAMPAIGN).label("campaign"), h.unit_name.label("proposing_unit"),
                   h.source_note.label("achievement_summary"), h.period_from, h.period_to,
                   none("prize_amount", Integer), none("revocation_reason"), none("revoking_decision_no"),
                   none("verify_code"), none("pdf_sha256"), true().label("imported"))
    return select(*columns).select_from(h).join(AwardType, AwardType.id == h.award_type_id)


def _register_select() -> Select:
    """One register row: the fields the pages and the open data show, and no private one."""
    return (_line_select(
        DecisionLine.id, DecisionLine.nomination_id, DecisionLine.recipient_name, DecisionLine.recipient_line, Nominee.kind.label("nominee_kind"),
        AwardType.name.label("award_type"), AwardType.category.label("award_category"), Nomination.state, DecisionLine.decision_date,
        Decision.id.label("decision_id"), Decision.number.label("decision_number"), Decision.signing_form,
        Decision.signer_title, Decision.signer_name, Authority.name.label("authority"),
        Campaign.name.label("campaign"), Unit.name.label("proposing_unit"), Nomination.achievement_summary,
        Nomination.period_from, Nomination.period_to, DecisionLine.prize_amount, Nomination.revocation_reason,
        Nomination.revoking_decision_no, Certificate.verify_code, Certificate.pdf_sha256, false().label("imported"))
        .join(Campaign, Campaign.id == Nomination.campaign_id)
        .join(Authority, Authority.id == Decision.authority_id)
        .outerjoin(Certificate, Certificate.decision_line_id == DecisionLine.id))


def _card_select() -> Select:
    """A register card: CARD_FIELDS, joined only as far as they need."""
    return _line_select(
        DecisionLine.id, DecisionLine.recipient_name, DecisionLine.recipient_line, Nominee.kind.label("nominee_kind"),
        AwardType.name.label("award_type"), Nomination.state, DecisionLine.decision_date,
        Decision.id.label("decision_id"), Decision.number.label("decision_number"), Unit.name.label("proposing_unit"),
        false().label("imported"))


def _line_select(*columns) -> Select:
    """Decision lines with what every register row needs: the decision, the nomination with its nominee and
    proposing unit, the award type."""
    return (select(*columns).select_from(DecisionLine)
            .join(Decision, Decision.id == DecisionLine.decision_id)
            .join(Nomination, Nomination.id == DecisionLine.nomination_id)
            .join(Nominee, Nominee.id == Nomination.nominee_id)
            .join(AwardType, AwardType.id == DecisionLine.award_type_id)
            .join(Unit, Unit.id == Nomination.proposing_unit_id))


def _terms(q: str) -> list[str]:
    """The query's folded words, bounded in number and length. Whole words only: a prefix search would
    make FTS5 merge every word sharing the prefix before it can hand out the newest match."""
    return [w[:MAX_WORD_CHARS] for w in words(q)[:MAX_WORDS]]


def unit_and_below(session: Session, unit_id: int) -> set[int]:
    """The unit and every unit under it (a district filter finds its communes' proposals too)."""
    children: dict[int | None, list[int]] = {}
    for uid, parent in session.execute(select(Unit.id, Unit.parent_id)):
        children.setdefault(parent, []).append(uid)
    found, todo = set(), [unit_id]
    while todo:
        uid = todo.pop()
        if uid not in found:
            found.add(uid)
            todo.extend(children.get(uid, []))
    return found


@dataclass(frozen=True)
class Options:
    """The choices of the register's filters."""

    years: list[int]
    campaigns: list[tuple[int, str]]
    award_types: list[tuple[int, str]]
    units: list[tuple[int, str]]


def filter_options(session: Session) -> Options:
    """Years with a decision, public campaigns, award types, and the units that proposed an award with the
    units above them (a district's filter finds its communes' proposals too)."""
    years = session.scalars(select(Decision.year).distinct().order_by(Decision.year.desc())).all()
    return Options(
        years=list(years),
        campaigns=[tuple(r) for r in session.execute(
            select(Campaign.id, Campaign.name).where(Campaign.is_public.is_(True)).order_by(Campaign.name))],
        award_types=[tuple(r) for r in session.execute(select(AwardType.id, AwardType.name).order_by(AwardType.name))],
        units=_proposing_units(session))


def _proposing_units(session: Session) -> list[tuple[int, str]]:
    units = {uid: (name, parent) for uid, name, parent in session.execute(select(Unit.id, Unit.name, Unit.parent_id))}
    found: set[int] = set()
    # per unit, the first decided nomination it proposed (an index probe), not every decided line
    decided = (select(Nomination.id).join(DecisionLine, DecisionLine.nomination_id == Nomination.id)
               .where(Nomination.proposing_unit_id == Unit.id))
    for uid in session.scalars(select(Unit.id).where(decided.exists())):
        while uid is not None and uid not in found and uid in units:
            found.add(uid)
            uid = units[uid][1]
    return sorted(((uid, units[uid][0]) for uid in found), key=lambda item: item[1])
