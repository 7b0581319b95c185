"""Kiểm tra kho tệp: the files the database refers to against the files the store holds.

Missing: named by a row but not in the store (a lost or never-written file: a download would fail).
Orphans: in the store but named by no row (a signing whose transaction rolled back, a removed attachment).
Temporaries: half-written files a crash left behind (the local directory only).

`clean` removes orphans and temporaries older than a limit, never a referenced file: the references are read
again just before deleting, and a file stored (or stored again) since the limit is kept. One audit event
records what was removed. Never commits: the caller does (the command), as for any service."""
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from ..models import User
from ..rules.states import Action
from . import audit, clock
from .blobs import FileStore, StoredEntry
from .queries import files as file_queries


@dataclass(frozen=True)
class Reference:
    sha256: str
    source: str     # attachment, certificate, decision, print_job
    row_id: int


@dataclass
class FileReport:
    referenced: int                      # distinct files the database names
    stored: int                          # files in the store
    missing: list[Reference] = field(default_factory=list)
    orphans: list[StoredEntry] = field(default_factory=list)
    temporaries: list[StoredEntry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.missing

    def missing_by_source(self) -> Counter:
        return Counter(reference.source for reference in self.missing)


def check(session: Session, store: FileStore) -> FileReport:
    references = [Reference(*row) for row in session.execute(file_queries.references())]
    referenced = {reference.sha256 for reference in references}
    stored = {entry.name: entry for entry in store.names()}
    return FileReport(referenced=len(referenced), stored=len(stored),
                      missing=sorted((r for r in references if r.sha256 not in stored),
                                     key=lambda r: (r.source, r.row_id)),
                      orphans=[entry for name, entry in sorted(stored.items()) if name not in referenced],
                      temporaries=list(store.temporaries()))


@dataclass(frozen=True)
class Cleaned:
    removed: list[str]
    bytes: int
    kept_young: int      # orphans and temporaries not old enough yet


def clean(session: Session, store: FileStore, *, older_than: timedelta, by: User | None = None,
          now: datetime | None = None) -> Cleaned:
    """Remove the orphans and temporaries last written before now − older_than; one audit event lists them."""
    now = now or clock.now()
    cutoff = now - older_than
    report = check(session, store)
    candidates = [entry for entry in (*report.orphans, *report.temporaries) if entry.modified < cutoff]
    still_referenced = file_queries.referenced_names(session)   # a row written since the check keeps its file
    removed, size = [], 0
    for entry in candidates:
        if entry.name not in still_referenced and store.delete(entry.name, older_than=cutoff):
            removed.append(entry.name)
            size += entry.size
    if removed:
        audit.record(session, by=by, actor_name=None if by else audit.SYSTEM_NAME, action=Action.CLEAN_FILES,
                     object_type="file_store", object_id=None, now=now,
                     changes={"removed": len(removed), "bytes": size, "store": store.kind,
                              "older_than_hours": f"{older_than / timedelta(hours=1):g}", "files": removed})
    return Cleaned(removed, size, len(report.orphans) + len(report.temporaries) - len(candidates))

