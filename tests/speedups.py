"""What makes a test's fresh app and fresh database cheap, without sharing either between tests.

Every test that takes `app` gets a new Flask app and a new empty database. Two costs dominated that setup:

- **Compiling the URL builders.** werkzeug compiles two Python functions per route (`Rule._compile_builder`,
  through `ast` and `compile()`) each time an app registers its blueprints: about 2/3 of `create_app()`'s time.
  The function it generates depends only on the rule's text, its parsed parts, its defaults and whether unknown
  arguments are appended, never on the app, and takes the rule as its first argument; so the generated function
  is kept per worker process and reused, bound to each new rule as werkzeug binds it. `test_speedups.py` checks
  that every route of a fresh app gets the same code as an uncached compile.
- **Creating the schema.** `create_all()` issues one PRAGMA and one CREATE per table and index. For the
  in-memory SQLite of the testing config the schema is created once per worker in a template database and copied
  into each test's new database with SQLite's online backup (a page copy, a few milliseconds).
"""
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


def cache_url_builders() -> None:
    rules.Rule._compile_builder = _cached_compile_builder


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
