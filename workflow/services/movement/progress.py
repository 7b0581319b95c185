"""Where each unit stands against its targets on a date: the latest reported result (báo cáo, chưa xác minh),
the verified results the indicator counts (services.verified_results), the roll-up of sub-units, and the province's total. Read-only.

The tree is the units' own (parent, valid_to, successor): a unit that ended before the date is shown under
its own name with its figures frozen on its last day, so the 2025 merger does not rewrite history.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Campaign, Indicator, IndicatorResult, Target, Unit
from ...rules.i18n import vietnamese
from ...rules.targets import AT_LEAST, EXACTLY, Progress, figure_of, percent, progress

from .. import verified_results
from ..verified_results import COMMUNE_LEVEL  # noqa: F401  (re-exported: the commune level of the tree)


@dataclass(frozen=True)
class Reported:
    value: int
    as_of: date
    source: str
    note: str
    result_id: int


@dataclass
class ProgressRow:
    unit: Unit | None          # None: the sum row of several tops
    target: int
    comparator: str
    asked_on: date             # the date the dashboard is for
    counted_to: date           # the date the figures are read on: the date asked, or the unit's last day
    depth: int = 0             # 0 for the top of the indicator's tree
    reported: Reported | None = None   # the secretariat's figure: báo cáo, chưa xác minh
    recognised: int = 0        # verified: distinct communes with a decision the indicator counts, up to counted_to
    figure: int | None = None
    status: Progress = Progress.NO_DATA
    children: list["ProgressRow"] = field(default_factory=list)

    @property
    def verified(self) -> int:
        """The verified figure (from decisions), beside the reported one."""
        return self.recognised

    @property
    def ended(self) -> bool:
        """The unit ended before the date asked: its row is history, kept under its own name."""
        return self.counted_to < self.asked_on

    @property
    def percent(self) -> Decimal | None:
        return percent(self.figure, self.target)

    @property
    def history_note(self) -> str:
        return self.history_text()

    def history_text(self, gettext=vietnamese) -> str:
        """Why an ended unit's figures stop at its last day (translated on the page, Vietnamese in reports)."""
        if self.unit is None or not self.ended:
            return ""
        day = f"{self.counted_to:%d/%m/%Y}"
        if self.unit.successor:
            return gettext("Đơn vị kết thúc ngày %(day)s, nay thuộc %(heir)s; số liệu tính đến ngày đó.", day=day,
                           heir=self.unit.successor.name)
        return gettext("Đơn vị kết thúc ngày %(day)s; số liệu tính đến ngày đó.", day=day)


@dataclass(frozen=True)
class IndicatorProgress:
    indicator: Indicator
    rows: list[ProgressRow]        # tree order, the total's row left out
    total: ProgressRow | None      # the unit above all the others, or a sum row (unit None) when there is none
    counted_award_types: list[str]

    def count(self, status: Progress) -> int:
        return sum(row.status == status for row in self.rows)

    def history_notes(self, gettext=vietnamese) -> list[str]:
        """The distinct reasons why rows stop early, said once above the table."""
        rows = self.rows + ([self.total] if self.total else [])
        return list(dict.fromkeys(note for row in rows if (note := row.history_text(gettext))))


def campaign_progress(session: Session, campaign: Campaign, on: date) -> list[IndicatorProgress]:
    units = {u.id: u for u in session.scalars(select(Unit))}
    return [indicator_progress(session, indicator, on, units) for indicator in campaign.indicators]


def indicator_progress(session: Session, indicator: Indicator, on: date,
                       units: dict[int, Unit] | None = None) -> IndicatorProgress:
    units = units if units is not None else {u.id: u for u in session.scalars(select(Unit))}
    targets = list(session.scalars(select(Target).where(Target.indicator_id == indicator.id).order_by(Target.id)))
    rows = {t.unit_id: _row(units[t.unit_id], t, on) for t in targets}
    roots = _link(rows, units)
    reports = _reports(session, indicator, on)
    recognitions = _recognitions(session, indicator, on, units)
    for root in roots:
        _fill(root, reports, recognitions, units)
    total, shown = _total(roots, on)
    return IndicatorProgress(indicator, [row for root in shown for row in _walk(root, 0)], total,
                             [t.name for t in indicator.counted_award_types])


def _row(unit: Unit, target: Target, on: date) -> ProgressRow:
    counted_to = min(on, unit.valid_to) if unit.valid_to is not None else on
    return ProgressRow(unit=unit, target=target.value, comparator=target.comparator, asked_on=on,
                       counted_to=counted_to)


def _link(rows: dict[int, ProgressRow], units: dict[int, Unit]) -> list[ProgressRow]:
    """Hang each row under the nearest unit above it that has a target too; return the tops, in target order."""
    roots = []
    for unit_id, row in rows.items():
        parent = _nearest(units[unit_id], rows, units)
        (rows[parent].children if parent is not None else roots).append(row)
    return roots


def _nearest(unit: Unit, rows: dict[int, ProgressRow], units: dict[int, Unit]) -> int | None:
    seen, parent_id = {unit.id}, unit.parent_id
    while parent_id is not None and parent_id not in seen:
        if parent_id in rows:
            return parent_id
        seen.add(parent_id)
        parent_id = units[parent_id].parent_id
    return None


def _reports(session: Session, indicator: Indicator, on: date) -> dict[int, list[IndicatorResult]]:
    """Each unit's results up to the date, oldest first."""
    found = session.scalars(select(IndicatorResult).where(IndicatorResult.indicator_id == indicator.id,
                                                          IndicatorResult.as_of <= on)
                            .order_by(IndicatorResult.as_of, IndicatorResult.id))
    by_unit: dict[int, list[IndicatorResult]] = defaultdict(list)
    for result in found:
        by_unit[result.unit_id].append(result)
    return by_unit


def _recognitions(session: Session, indicator: Indicator, on: date, units: dict[int, Unit]) -> dict[int, date]:
    """The verified results the indicator counts: services.verified_results' one answer."""
    return verified_results.counted(session, indicator, on)


def _fill(row: ProgressRow, reports: dict[int, list[IndicatorResult]], recognitions: dict[int, date],
          units: dict[int, Unit]) -> None:
    """Bottom-up: the sub-units first, then this unit's figure from its report, recognitions and sub-units."""
    for child in row.children:
        _fill(child, reports, recognitions, units)
    latest = [r for r in reports.get(row.unit.id, []) if r.as_of <= row.counted_to]
    if latest:
        r = latest[-1]
        row.reported = Reported(r.value, r.as_of, r.source, r.note, r.id)
    row.recognised = sum(1 for unit_id, decided in recognitions.items()
                         if decided <= row.counted_to and _within(units[unit_id], row.unit.id, units))
    row.figure = figure_of(row.reported.value if row.reported else None, row.recognised,
                           [child.figure for child in row.children])
    row.status = progress(row.target, row.comparator, row.figure)


def _within(unit: Unit, ancestor_id: int, units: dict[int, Unit]) -> bool:
    seen, current = set(), unit
    while current is not None and current.id not in seen:
        if current.id == ancestor_id:
            return True
        seen.add(current.id)
        current = units.get(current.parent_id) if current.parent_id is not None else None
    return False


def _total(roots: list[ProgressRow], on: date) -> tuple[ProgressRow | None, list[ProgressRow]]:
    """One unit above all the others (the province) is the total and its sub-units are the rows; otherwise
    the rows are the tops and the total is their sum."""
    if len(roots) == 1 and roots[0].children:
        return roots[0], roots[0].children
    if len(roots) < 2:
        return None, roots
    known = [r.figure for r in roots if r.figure is not None]
    comparator = AT_LEAST if all(r.comparator == AT_LEAST for r in roots) else EXACTLY
    total = ProgressRow(unit=None, target=sum(r.target for r in roots), comparator=comparator, asked_on=on,
                        counted_to=on, recognised=sum(r.recognised for r in roots),
                        figure=sum(known) if known else None)
    total.status = progress(total.target, total.comparator, total.figure)
    return total, roots


def _walk(row: ProgressRow, depth: int) -> list[ProgressRow]:
    row.depth = depth
    return [row] + [r for child in row.children for r in _walk(child, depth + 1)]
