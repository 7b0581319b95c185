"""Shared fixtures. Services and web tests use a real database: in-memory SQLite by default,
PostgreSQL when TEST_DATABASE_URL is set (each test gets empty tables). The clock starts at real time.

The app is imported inside the fixtures, so the pure unit tests never load Flask or SQLAlchemy.
"""
import pytest

from tests import speedups


def _per_worker_database() -> None:
    """Under pytest-xdist each worker gets a PostgreSQL database of its own (`<name>_gw0`, `<name>_gw1`, …), made
    on the server of TEST_DATABASE_URL when missing: two workers emptying one schema would wipe each other's rows.
    SQLite needs nothing: every test has its own in-memory or tmp-folder database.

    Done when this file is imported, not in pytest_configure: the conftest files of the test folders are loaded
    before that hook and import config.py, which reads TEST_DATABASE_URL once."""
    import os

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    url = os.environ.get("TEST_DATABASE_URL", "")
    if worker and url.startswith("postgresql") and not url.endswith(f"_{worker}"):
        os.environ["TEST_DATABASE_URL"] = _worker_database(url, worker)


def _worker_database(url: str, worker: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


_per_worker_database()
speedups.cache_url_builders()
speedups.reuse_engines()


@pytest.fixture(autouse=True, scope="session")
def _compiled_translations():
    """The English catalogue as `make translations` builds it, so a plain `pytest` run has it too."""
    import os
    from pathlib import Path

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po
    for po in Path(__file__).resolve().parent.parent.glob("translations/*/LC_MESSAGES/messages.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            # written aside and renamed: parallel workers may compile at the same moment
            part = mo.with_suffix(f".mo.{os.getpid()}")
            with po.open("rb") as source, part.open("wb") as target:
                write_mo(target, read_po(source))
            part.replace(mo)


@pytest.fixture(autouse=True, scope="session")
def _cheap_password_hashing():
    """Real hashing, lower cost: check_password_hash reads the method from each hash."""
    from workflow.services import users
    users.PASSWORD_METHOD = "pbkdf2:sha256:1000"


@pytest.fixture(scope="session")
def signing_keys(tmp_path_factory):
    """A development CA and signer, made once per run: issuing a decision signs its PDFs with it."""
    from certificates.signing import generate_dev_keys
    return generate_dev_keys(tmp_path_factory.mktemp("keys"))


@pytest.fixture
def app(tmp_path, signing_keys):
    from workflow import create_app
    from workflow.extensions import db
    from workflow.services import clock

    with speedups.reused_engines():   # the same engine as the last test's, so its compiled statements
        app = create_app("testing", BLOB_DIR=str(tmp_path / "blobs"), SIGNING_P12_PATH=str(signing_keys.p12_path),
                         SIGNING_P12_PASSWORD=signing_keys.password)
    clock.advance(reset=True)
    with app.app_context():
        _reset_schema()
        yield app
        db.session.remove()
        _reset_schema(create=False)
        db.engine.dispose()  # its pooled connections now, not when the app is collected: the server has a limit
    clock.advance(reset=True)


def _reset_schema(create: bool = True) -> None:
    from workflow.extensions import db

    if db.engine.dialect.name == "postgresql":
        if create:
            _empty_postgresql_tables(db)
        return
    if speedups.is_memory_sqlite(db.engine):
        if create:  # a new app's in-memory database is empty, and goes with the engine: nothing to drop
            speedups.copy_schema_into(db)
        return
    db.drop_all()
    if create:
        db.create_all()


def _empty_postgresql_tables(db) -> None:
    """Empty tables for the next test. TRUNCATE … RESTART IDENTITY takes milliseconds where dropping and
    recreating the schema took most of a PostgreSQL test's time; the schema is rebuilt whenever it is not
    exactly the models' (first test, or a test that restored a backup or changed it).

    Only the tables the last test touched are truncated: those holding a row, and those whose id sequence has
    handed out a value (a rolled-back insert leaves the table empty but the sequence moved). Truncating all 36
    cost more than the rest of a typical test's setup; what is left is the same: every table empty, every id
    sequence restarted."""
    from sqlalchemy import text

    tables = sorted(db.metadata.tables)
    with db.engine.begin() as conn:
        # the database is this worker's own: a connection still "idle in transaction" here is one the last test
        # left open (it would hold TRUNCATE's lock for ever, and the run would hang): end it; and never wait on a
        # lock long enough to hang the run
        conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                          " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'"))
        conn.execute(text("SET LOCAL lock_timeout = '60s'"))
        present = set(conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars())
        if present == set(tables):
            touched = _touched_tables(conn, tables)
            if touched:
                names = ", ".join(f'"{t}"' for t in sorted(touched))
                conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            return
        conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    db.create_all()


def _touched_tables(conn, tables: list[str]) -> set[str]:
    from sqlalchemy import text

    holding = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM \"{t}\")" for t in tables)
    moved = ("SELECT t.relname FROM pg_sequences s JOIN pg_class q ON q.relname = s.sequencename AND q.relkind = 'S'"
             " JOIN pg_depend d ON d.objid = q.oid AND d.deptype IN ('a', 'i') JOIN pg_class t ON t.oid = d.refobjid"
             " WHERE s.schemaname = 'public' AND s.last_value IS NOT NULL")
    return set(conn.execute(text(f"{holding} UNION {moved}")).scalars())


@pytest.fixture
def session(app):
    from workflow.extensions import db
    return db.session


@pytest.fixture
def store(app):
    """The store the app is configured with (FILE_STORE), as every part of the app gets it."""
    from workflow.files import file_store
    return file_store(app)


@pytest.fixture
def world(session):
    """factories.make_world's world, made once per worker and copied into each test's database (tests.speedups)."""
    from workflow.extensions import db

    from . import factories
    ids = speedups.restore_world(db)
    if ids is not None:
        return factories.load_world(session, ids)
    world = factories.make_world(session)
    session.commit()
    speedups.keep_world(db, factories.world_ids(world))
    return world


# The longest single tests, started first: under pytest-xdist the first worker takes them at once and the other
# worker runs the rest meanwhile, instead of one of them landing last (pytest-randomly shuffles the order) and
# leaving a worker idle for its whole length. The hypothesis state machine alone is ~1/6 of the SQLite leg's CPU.
LONGEST_FIRST = ("tests/services/test_state_machine.py::TestStateMachine",
                 "tests/services/test_state_machine_new_rural.py::TestNewRuralStateMachine",
                 "tests/cluster/",   # PostgreSQL leg: its one 40-s run (one worker, xdist_group) starts first too
                 "tests/browser/", "tests/web/test_upgrade_from_release.py")   # 5–18 s each: never last


@pytest.hookimpl(trylast=True)  # after pytest-randomly's shuffle, the same on every worker
def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: not item.nodeid.startswith(LONGEST_FIRST))
