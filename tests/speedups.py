"""What makes a test's fresh app and fresh database cheap, without sharing either between tests.

Every test that takes `app` gets a new Flask app and a new empty database. Two costs dominated that setup:

- **Compiling the URL builders.** werkzeug compiles two Python functions per route (`Rule._compile_builder`,
  through `ast` and `compile()`) each time an app registers its blueprints: about 2/3 of `create_app()`'s time.
  The function it generates depends only on the rule's text, its parsed parts, its defaults and whether unknown
  arguments are appended, never on the app, and takes the rule as its first argument; so the generated function
  is kept per worker process and reused, bound to each new rule as werkzeug binds it. `test_speedups.py` checks
  that every route of a fresh app gets the same code as an uncached compile.
- **Parsing the rules.** Each new rule's text is parsed into its parts (`Rule._parse_rule`: a regex walk per
  segment), the other third. The parts, the trace and the converters depend only on the text and the map's
  converter classes, so the parse is kept per worker too, and each new rule gets the kept parts and trace and
  copies of the kept converters bound to its own map (`test_speedups.py` compares with an uncached parse).
- **Compiling the SQL.** SQLAlchemy keeps each statement's compiled form in a cache of its engine, keyed by the
  engine's dialect; a new app has a new engine, so every test compiled again every statement it ran (a sixth of
  the services tests' time). The `app` fixture's apps therefore reuse one engine per worker and database URL
  (`reused_engines()`): the compiled statements stay, the database does not (it is emptied for each test, and
  the engine's connections are given back at teardown as before). Apps made inside a test get their own engine.
- **Making the world.** `factories.make_world` (units, an authority, award types, a campaign, twelve accounts through
  `users.create_user`) is made through the services once per worker and database, then copied: SQLite's backup of
  the whole database, or PostgreSQL's `INSERT … SELECT` from a `world_template` schema and the id sequences set
  where the first world left them. The `world` fixture loads the copy's rows by their ids (`factories.load_world`).
- **Creating the schema.** `create_all()` issues one PRAGMA and one CREATE per table and index. For the
  in-memory SQLite of the testing config the schema is created once per worker in a template database and copied
  into each test's new database with SQLite's online backup (a page copy, a few milliseconds).
"""
import copy
from contextlib import contextmanager

from werkzeug.routing import rules

_builders: dict = {}
_compile_builder = rules.Rule._compile_builder


def _cached_compile_builder(self, append_unknown: bool = True):
    defaults = self.defaults or {}
    # what the generated code reads: the parts (static text and argument names), the defaults, and the defaults
    # of arguments in the rule as their converter writes them (werkzeug folds those into the code)
    folded = tuple((name, self._converters[name].to_url(defaults[name]))
                   for dynamic, name in self._trace if dynamic and name in defaults)
    key = (self.rule, tuple(self._trace), tuple((str(k), repr(v)) for k, v in defaults.items()), folded,
           append_unknown)
    builder = _builders.get(key)
    if builder is None:
        builder = _builders[key] = _compile_builder(self, append_unknown)
    return builder


_parses: dict = {}
_parse_rule = rules.Rule._parse_rule


def _cached_parse_rule(self, rule: str):
    key = (rule, tuple(self.map.converters.items()))
    kept = _parses.get(key)
    if kept is None:
        trace, arguments = len(self._trace), set(self.arguments)
        parts = list(_parse_rule(self, rule))
        _parses[key] = (parts, self._trace[trace:], dict(self._converters), self.arguments - arguments)
        return iter(parts)
    parts, trace, converters, arguments = kept
    self._trace.extend(trace)
    for name, converter in converters.items():
        self._converters[name] = bound = copy.copy(converter)
        bound.map = self.map
    self.arguments.update(arguments)
    return iter(parts)


def cache_url_builders() -> None:
    rules.Rule._compile_builder = _cached_compile_builder
    rules.Rule._parse_rule = _cached_parse_rule


_template = None  # the engine of the per-worker template database, kept for the whole run


def is_memory_sqlite(engine) -> bool:
    return engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:")


def copy_schema_into(db) -> None:
    """Give the app's new in-memory SQLite database the models' schema by copying a template made once."""
    global _template
    if _template is None:
        from sqlalchemy import create_engine
        from sqlalchemy.pool import StaticPool

        _template = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
        db.metadata.create_all(_template)
    with _template.connect() as source, db.engine.connect() as target:
        source.connection.driver_connection.backup(target.connection.driver_connection)


_engines: dict = {}   # (URL and options) -> the engine every `app` fixture's app of this worker uses
_reusing = False


@contextmanager
def reused_engines():
    """While this is open, a new app whose engine options equal an earlier one's gets that earlier engine."""
    global _reusing
    _reusing = True
    try:
        yield
    finally:
        _reusing = False


def reuse_engines() -> None:
    from flask_sqlalchemy.extension import SQLAlchemy

    make_engine = SQLAlchemy._make_engine

    def _make_engine(self, bind_key, options, app):
        if not _reusing:
            return make_engine(self, bind_key, options, app)
        key = repr(sorted((name, repr(value)) for name, value in options.items()))
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = make_engine(self, bind_key, options, app)
        return engine

    SQLAlchemy._make_engine = _make_engine


_worlds: dict[str, tuple] = {}   # database URL -> (how the copy is kept, the copy, the world's ids)


def restore_world(db) -> dict | None:
    """Put the world kept by `keep_world` into this test's (empty) database; its ids, or None when none is kept
    (or the copy no longer fits the schema: the caller then makes the world and keeps it again)."""
    kept = _worlds.get(str(db.engine.url))
    if kept is None:
        return None
    kind, copy, ids = kept
    if kind == "sqlite":
        with db.engine.connect() as target:
            copy.backup(target.connection.driver_connection)
        return ids
    from sqlalchemy import exc
    try:
        with db.engine.begin() as conn:
            conn.connection.driver_connection.execute(copy)   # no parameters: several statements in one
    except exc.DBAPIError:
        del _worlds[str(db.engine.url)]
        return None
    return ids


def keep_world(db, ids: dict) -> None:
    """Keep a copy of this test's database, which holds the world just made and committed (and nothing else)."""
    if is_memory_sqlite(db.engine):
        import sqlite3
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        with db.engine.connect() as source:
            source.connection.driver_connection.backup(copy)
        _worlds[str(db.engine.url)] = ("sqlite", copy, ids)
    elif db.engine.dialect.name == "postgresql":
        _worlds[str(db.engine.url)] = ("postgresql", _postgresql_copy(db), ids)


def _postgresql_copy(db) -> str:
    """The world's rows copied into the schema world_template; returns the SQL that puts them back."""
    from sqlalchemy import text

    with db.engine.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS world_template CASCADE; CREATE SCHEMA world_template"))
        statements = []
        for table in db.metadata.sorted_tables:   # parents first
            if not conn.scalar(text(f'SELECT EXISTS (SELECT 1 FROM public."{table.name}")')):
                continue
            columns = ", ".join(f'"{column.name}"' for column in table.columns)
            conn.execute(text(f'CREATE TABLE world_template."{table.name}" AS SELECT {columns} '
                              f'FROM public."{table.name}"'))
            statements.append(f'INSERT INTO public."{table.name}" ({columns}) SELECT {columns} '
                              f'FROM world_template."{table.name}"')
        sequences = conn.execute(text("SELECT sequencename, last_value FROM pg_sequences"
                                      " WHERE schemaname = 'public' AND last_value IS NOT NULL")).all()
    statements += [f"SELECT setval('public.\"{name}\"', {value})" for name, value in sequences]
    return "; ".join(statements)
