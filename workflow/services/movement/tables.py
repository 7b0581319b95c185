"""The dashboard's figures as plain tables, one per sheet of the Excel report, per CSV file and per section
of the printed report: Vietnamese headers whatever language the reader chose for the pages (the report is an
official record; only the page passes a translating gettext), and a kind per column so each export formats
numbers, shares and dates properly. Read-only; never imports flask."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from ...rules.i18n import vietnamese
from ...rules.states import STATE_LABELS
from ...rules.targets import PROGRESS_LABELS, target_text
from .dashboard import Dashboard
from .progress import IndicatorProgress, ProgressRow

TEXT, INT, SHARE, DAYS, DATE = "text", "int", "share", "days", "date"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: int = 14          # characters, for the Excel column


@dataclass(frozen=True)
class Table:
    key: str                 # file name of its CSV, e.g. "chi-tieu"
    title: str               # sheet name (Excel allows 31 characters) and section heading
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]


def tables(d: Dashboard) -> list[Table]:
    found = [_progress(d), _states(d), _awards(d), _shares(d), _processing(d)]
    return found + ([_overdue(d)] if d.internal else [])


PROGRESS_COLUMNS = (
    Column("Chỉ tiêu", width=36), Column("Đơn vị", width=28), Column("Chỉ tiêu giao", width=16),
    Column("Giá trị chỉ tiêu", INT), Column("Kết quả", INT, 10), Column("Tỷ lệ hoàn thành", SHARE),
    Column("Đánh giá", width=16), Column("Số liệu báo cáo, chưa xác minh", INT), Column("Ngày số liệu", DATE, 12),
    Column("Nguồn số liệu", width=40), Column("Đã xác minh (theo quyết định)", INT), Column("Ghi chú", width=40))


def _progress(d: Dashboard) -> Table:
    rows = []
    for item in d.indicators:
        rows += [_progress_row(item, row) for row in item.rows]
        if item.total is not None:
            rows.append(_progress_row(item, item.total, total=True))
    return Table("chi-tieu", "Chỉ tiêu và kết quả", PROGRESS_COLUMNS, rows)


def _progress_row(item: IndicatorProgress, row: ProgressRow, *, total: bool = False) -> tuple:
    unit = unit_label(row, total=total)
    reported = row.reported
    return (item.indicator.name, unit, target_text(row.target, row.comparator, item.indicator.measure_unit),
            row.target, row.figure, _fraction(row.percent), PROGRESS_LABELS[row.status],
            reported.value if reported else None, reported.as_of if reported else None,
            reported.source if reported else "", row.recognised, history_note(row))


def unit_label(row: ProgressRow, *, total: bool = False, gettext=vietnamese) -> str:
    """The row's unit; the page passes flask_babel's gettext, the exports keep the Vietnamese."""
    if row.unit is None:
        return gettext("Tổng cộng")
    return gettext("Toàn tỉnh (%(unit)s)", unit=row.unit.name) if total else row.unit.name


def history_note(row: ProgressRow) -> str:
    return row.history_note


def _states(d: Dashboard) -> Table:
    return Table("trang-thai", "Hồ sơ theo trạng thái", (Column("Trạng thái", width=34), Column("Số hồ sơ", INT)),
                 [(STATE_LABELS[state], count) for state, count in d.states])


def _awards(d: Dashboard) -> Table:
    # "Loại" (danh hiệu thi đua / hình thức khen thưởng) comes last: the columns before it keep their places
    columns = (Column("Năm", INT, 8), Column("Đơn vị đề nghị", width=28),
               Column("Danh hiệu / hình thức khen thưởng", width=36), Column("Còn hiệu lực", INT),
               Column("Đã thu hồi", INT), Column("Loại", width=22))
    # revoked awards stay listed with their count: a revocation is visible, never erased
    return Table("khen-thuong", "Khen thưởng", columns,
                 [(r.year, r.unit, r.award_type, r.awarded, r.revoked, r.category) for r in d.awards])


def _shares(d: Dashboard) -> Table:
    columns = (Column("Nhóm", width=40), Column("Số được khen thưởng", INT), Column("Trên tổng số", INT),
               Column("Tỷ lệ", SHARE, 10))
    return Table("ty-le", "Tỷ lệ khen thưởng", columns,
                 [(s.label, s.part, s.whole, _fraction(s.percent)) for s in d.shares])


def _processing(d: Dashboard) -> Table:
    columns = (Column("Hình thức khen thưởng", width=36), Column("Số hồ sơ đã quyết định", INT),
               Column("Trung vị (ngày làm việc)", DAYS), Column("Phân vị 90 (ngày làm việc)", DAYS),
               Column("Lâu nhất (ngày làm việc)", DAYS), Column("Quyết định quá hạn", INT))
    return Table("thoi-gian", "Thời gian xử lý", columns,
                 [(p.award_type or "Tất cả hình thức", p.decided, p.median, p.p90, p.longest, p.over_limit)
                  for p in d.processing])


def _overdue(d: Dashboard) -> Table:
    columns = (Column("Mã hồ sơ", INT, 10), Column("Đối tượng", width=32), Column("Hình thức khen thưởng", width=32),
               Column("Đơn vị đề nghị", width=24), Column("Trạng thái", width=24), Column("Ngày gửi", DATE, 12),
               Column("Hạn xử lý", DATE, 12), Column("Quá hạn (ngày làm việc)", INT))
    return Table("qua-han", "Hồ sơ quá hạn xử lý", columns,
                 [(o.nomination_id, o.nominee, o.award_type, o.unit, STATE_LABELS.get(o.state, o.state),
                   o.submitted_on, o.due_on, o.working_days) for o in d.overdue])


def _fraction(value: Decimal | None) -> Decimal | None:
    """A percentage as the fraction Excel's percent format expects (85.7 → 0.857)."""
    return None if value is None else value / 100


def display(value: Any, kind: str) -> str:
    """How a cell reads on paper and in CSV: Vietnamese decimal comma, dd/mm/yyyy dates, blanks for none."""
    if value is None:
        return ""
    if kind == SHARE:
        return f"{Decimal(value) * 100:.1f} %".replace(".", ",")
    if kind == DATE and isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    if kind == DAYS and isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if kind == INT and isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return str(value)
