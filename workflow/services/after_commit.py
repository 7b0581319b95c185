"""Work that may start only once the caller's transaction has committed (today: handing a background job's id
to the queue, services/jobs.py). A service queues a call on the session; it runs after the outermost commit,
and is dropped when that transaction, or the savepoint it was queued in, rolls back or ends without a commit.

Not durable by itself: a process that stops right after the commit loses the call. That is why the job's row
is written in the transaction itself (the outbox) and the workers' sweeper hands over any job still waiting
(workflow/jobs). Plain SQLAlchemy; never imports flask."""
import logging
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction, scoped_session

log = logging.getLogger(__name__)
KEY = "vinhdanh.after_commit"   # in Session.info: [(call, transaction it was queued in), …]


def call_after_commit(session: Session | scoped_session, call: Callable[[], object]) -> None:
    """Run `call()` after the session's outermost transaction commits; never if it rolls back."""
    real = session() if isinstance(session, scoped_session) else session
    if not event.contains(real, "after_commit", _after_commit):
        event.listen(real, "after_commit", _after_commit)
        event.listen(real, "after_soft_rollback", _after_soft_rollback)
        event.listen(real, "after_transaction_end", _after_transaction_end)
    transaction = real.get_nested_transaction() or real.get_transaction() or real.begin()
    real.info.setdefault(KEY, []).append((call, transaction))


def pending(session: Session | scoped_session) -> int:
    """How many calls wait for the commit (for tests and diagnostics)."""
    return len(session.info.get(KEY, ()))


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():   # a savepoint released: its calls now wait for the outer commit
        return
    for call, _ in session.info.pop(KEY, []):
        try:
            call()
        except Exception:   # the transaction is committed: a failed start must not turn it into an error page
            log.exception("work after commit failed to start: %r", call)


def _after_soft_rollback(session: Session, previous: SessionTransaction) -> None:
    queued = session.info.get(KEY, [])
    queued[:] = [(call, tx) for call, tx in queued if not _within(tx, previous)]


def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:   # the outermost transaction ended: committed calls already ran
        session.info.pop(KEY, None)


def _within(transaction: SessionTransaction | None, outer: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is outer:
            return True
        transaction = transaction.parent
    return False
