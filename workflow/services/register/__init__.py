"""The public side's read-only queries: the register of recognitions and its one search function
(`search`), recognitions and their public timeline, decisions, certificate verification, notices with
their published answers, comment receipts, the home page and the feed.

Never imports flask; changes nothing except `index()`, which fills a new decision line's register fields
inside the caller's transaction (services.decisions calls it).
"""
from . import open_data
from .notices import (FeedEntry, Home, NoticeView, PublicNominee, Receipt, archived_notices, commentable,
                      feed_entries, home, notice, notice_view, open_notices, public_attachment, receipt,
                      remaining_working_days)
from .recognitions import (TimelineEntry, Verification, clean_code, code_for_pdf, corrections, decision,
                           decisions_query, is_code, latest_decisions, public_timeline, recipients, recognition,
                           verification)
from .search import (CARD_FIELDS, COUNT_CAP, PAGE_SIZE, Cursor, Filters, Options, Page, count, filter_options, index,
                     indexed_text, search, stream, unit_and_below, words)

__all__ = [
    "CARD_FIELDS", "COUNT_CAP", "PAGE_SIZE", "Cursor", "FeedEntry", "Filters", "Home", "NoticeView", "Options", "Page",
    "PublicNominee", "Receipt", "TimelineEntry", "Verification", "archived_notices", "clean_code", "code_for_pdf",
    "commentable",
    "corrections", "count", "decision", "decisions_query", "feed_entries", "filter_options", "home", "index",
    "indexed_text", "is_code", "latest_decisions", "notice", "notice_view", "open_data", "open_notices",
    "public_attachment", "public_timeline", "receipt", "recipients", "recognition", "remaining_working_days", "search",
    "stream", "unit_and_below", "verification", "words",
]
