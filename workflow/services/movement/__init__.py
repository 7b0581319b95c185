"""The movement dashboard (phong trào thi đua): targets against results per unit as of a date, the
campaign's statistics, the summary report's exports, and the entry of results. Never imports flask.

    dashboard(session, campaign, on=, today=, internal=) -> Dashboard   (read-only)
    data_version(session) -> str: changes with every write (the views cache the figures under it)
    tables(dashboard) -> [Table]; export.xlsx / csv_text / csv_zip / report_pdf -> bytes
    record_result / remove_result (secretariat), set_counted_award_types (administrator): audited
"""
from . import export
from .dashboard import Dashboard, dashboard, data_version, default_date, overdue_now
from .progress import COMMUNE_LEVEL, IndicatorProgress, ProgressRow, Reported, campaign_progress, indicator_progress
from .results import may_record, record_result, remove_result, set_counted_award_types
from .statistics import OPEN_STATES, STAFF_STATES, AwardCount, OverdueItem, ProcessingTime, Share
from .tables import Column, Table, history_note, tables, unit_label

__all__ = [
    "COMMUNE_LEVEL", "OPEN_STATES", "STAFF_STATES", "AwardCount", "Column", "Dashboard", "IndicatorProgress",
    "OverdueItem", "ProcessingTime", "ProgressRow", "Reported", "Share", "Table", "campaign_progress", "dashboard",
    "data_version", "default_date", "export", "history_note", "indicator_progress", "may_record", "overdue_now",
    "record_result", "remove_result", "set_counted_award_types", "tables", "unit_label",
]
