"""One named query per question a screen asks about a concept, and every screen that asks it uses it: the
secretariat's index, the dashboard's task list, the council agenda and the authority's lists count and
list the same rows, so they cannot disagree (DESIGN.md §6, "one answer per question").

Read-only: builds `Select`s and SQL predicates, changes nothing, never imports flask.
"""
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


def count(session: Session, query: Select) -> int:
    """How many rows `query` returns (its ordering dropped)."""
    return session.scalar(select(func.count()).select_from(query.order_by(None).subquery()))


from . import council, drafts, files, nominations, notices

__all__ = ["council", "count", "drafts", "files", "nominations", "notices"]
