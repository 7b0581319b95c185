"""Use cases: the only code that changes data. Each takes a session and the acting user (`by=`), checks the
rules, writes its audit event in the same transaction and flushes. Never imports flask; never commits:
the caller owns the transaction and rolls back on any error.
"""
from ..rules.errors import Conflict, DomainError, InvalidTransition, NotAllowed, ValidationFailed

__all__ = ["Conflict", "DomainError", "InvalidTransition", "NotAllowed", "ValidationFailed"]
