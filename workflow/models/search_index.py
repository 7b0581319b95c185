"""The register's search index, kept beside `decision_line.search_text` by the database itself.

- SQLite: a contentless FTS5 table over the folded text, kept in step by three triggers. Its rowid is the
  line's register key, decision date and id in one integer (`register_key`), so a search walks the matches
  newest first straight from the index and stops after a page, however common the words are. The text is
  folded before it is stored (đ → d included, which FTS5's `remove_diacritics` does not do), so the
  tokenizer only splits words.
- PostgreSQL: the pg_trgm extension and a GIN trigram index on the column, which serves the word
  regular expressions `services.register` builds.

The same statements run for `create_all()` (a DDL listener on the table) and in the Alembic migration. They are
derived objects, like an index, so autogenerate and schema comparisons skip them: pass `include_name` to
`context.configure()`. A later migration that rebuilds `decision_line` in batch mode on SQLite drops the
triggers with the old table: it must run `create_statements()` and `SQLITE_FILL` again.
Plain SQLAlchemy: no Flask here.
"""
from datetime import date

from sqlalchemy import event

from .decisions import DecisionLine

FTS_TABLE = "decision_line_fts"
TRGM_INDEX = "ix_decision_line_search_trgm"
KEY_SPAN = 10_000_000_000  # line ids stay below this: the key is julian day × KEY_SPAN + id
_JULIAN_OFFSET = 1_721_424  # date.toordinal() + this = SQLite's julianday() of that date, truncated


def register_key(day: date, line_id: int) -> int:
    """Decision date and line id as one integer that sorts like the pair (the FTS rowid on SQLite)."""
    return (day.toordinal() + _JULIAN_OFFSET) * KEY_SPAN + line_id


def _key(row: str) -> str:
    return f"(CAST(julianday({row}.decision_date) AS INTEGER) * {KEY_SPAN} + {row}.id)"


# Module constants and column names only, no input: bandit's B608 (SQL built from strings) does not apply.
_DELETE_OLD = (f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, search_text) "  # nosec B608
               f"VALUES ('delete', {_key('old')}, old.search_text);")
_INSERT_NEW = f"INSERT INTO {FTS_TABLE}(rowid, search_text) VALUES ({_key('new')}, new.search_text);"  # nosec B608
_SQLITE_CREATE = (
    (f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(search_text, content='', "
     "tokenize='unicode61 remove_diacritics 2')"),
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ai AFTER INSERT ON decision_line BEGIN {_INSERT_NEW} END",
    f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_ad AFTER DELETE ON decision_line BEGIN {_DELETE_OLD} END",
    (f"CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_au AFTER UPDATE OF search_text, decision_date ON decision_line "
     f"BEGIN {_DELETE_OLD} {_INSERT_NEW} END"),
)
_POSTGRESQL_CREATE = (
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON decision_line USING gin (search_text gin_trgm_ops)",
)
# fills the index from existing lines (the migration, after filling search_text)
SQLITE_FILL = (f"INSERT INTO {FTS_TABLE}(rowid, search_text) "  # nosec B608
               f"SELECT {_key('decision_line')}, search_text FROM decision_line")


def create_statements(dialect: str) -> tuple[str, ...]:
    return {"sqlite": _SQLITE_CREATE, "postgresql": _POSTGRESQL_CREATE}.get(dialect, ())


def drop_statements(dialect: str) -> tuple[str, ...]:
    """Triggers and the trigram index go with the table; the FTS table and the extension stay unless dropped."""
    if dialect == "sqlite":
        return tuple(f"DROP TRIGGER IF EXISTS {FTS_TABLE}_{t}" for t in ("ai", "ad", "au")) + (
            f"DROP TABLE IF EXISTS {FTS_TABLE}",)
    if dialect == "postgresql":
        return (f"DROP INDEX IF EXISTS {TRGM_INDEX}",)
    return ()


def include_name(name: str | None, type_: str, parent_names: dict) -> bool:
    """Alembic's `include_name`: leave the search index's objects (and FTS5's shadow tables) out of
    autogenerate and schema comparison."""
    if type_ == "table" and name and (name == FTS_TABLE or name.startswith(f"{FTS_TABLE}_")):
        return False
    return not (type_ == "index" and name == TRGM_INDEX)


@event.listens_for(DecisionLine.__table__, "after_create")
def _create(target, connection, **kw):
    for statement in create_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


@event.listens_for(DecisionLine.__table__, "before_drop")
def _drop(target, connection, **kw):
    for statement in drop_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)
