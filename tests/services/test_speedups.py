"""The test-only speed-ups of tests/speedups.py change nothing a test can observe."""
from sqlalchemy import func, select, text
from werkzeug.routing import rules

from tests import speedups
from tests.conftest import _reset_schema
from workflow import create_app
from workflow.extensions import db


def test_every_route_gets_the_url_builder_an_uncached_compile_makes():
    assert rules.Rule._compile_builder is speedups._cached_compile_builder
    create_app("testing")
    other = create_app("testing")  # its builders come from the cache the first app filled
    checked = 0
    for rule in other.url_map.iter_rules():
        for append_unknown, built in ((False, rule._build), (True, rule._build_unknown)):
            fresh = speedups._compile_builder(rule, append_unknown)
            assert built.__self__ is rule
            assert built.__func__.__code__.co_code == fresh.__code__.co_code, rule.rule
            assert built.__func__.__code__.co_consts == fresh.__code__.co_consts, rule.rule
            assert built.__func__.__code__.co_varnames == fresh.__code__.co_varnames, rule.rule
            assert built.__func__.__defaults__ == fresh.__defaults__, rule.rule
            checked += 1
    assert checked > 200


def test_a_copied_schema_is_the_models_schema():
    """Whatever TEST_DATABASE_URL says: the copy is what the SQLite leg's `app` fixture does. sqlite_master holds
    every table, index, trigger and virtual table (the full-text search) with the SQL that made it."""
    copy = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    reference = create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")
    with copy.app_context():
        assert speedups.is_memory_sqlite(db.engine)
        _reset_schema()
        copied = schema()
        db.session.remove()
        db.engine.dispose()
    with reference.app_context():
        db.create_all()
        made = schema()
        db.session.remove()
        db.engine.dispose()
    assert set(db.metadata.tables) <= {name for kind, name, _ in made if kind == "table"}
    assert any(kind == "trigger" for kind, _, _ in made)
    assert copied == made


def schema() -> list[tuple]:
    return [tuple(row) for row in db.session.execute(text("SELECT type, name, sql FROM sqlite_master ORDER BY name"))]


def test_emptying_the_database_between_tests_leaves_every_table_empty_and_every_id_restarted(app, session, world):
    """What the `app` fixture leaves for the next test, on either database: after rows in many tables and a
    rolled-back insert that moved the decision table's id sequence, every table is empty and ids start at 1."""
    from tests import factories
    from workflow.models import Decision, User

    ids = session.scalar(select(func.min(User.id))), world.admin.id
    if db.engine.dialect.name == "postgresql":
        session.execute(text("SELECT nextval(pg_get_serial_sequence('decision', 'id'))"))  # an insert rolled back
        session.commit()
    session.remove()
    _reset_schema()
    for name, table in db.metadata.tables.items():
        assert session.scalar(select(func.count()).select_from(table)) == 0, name
    again = factories.make_world(session)
    session.commit()
    assert (session.scalar(select(func.min(User.id))), again.admin.id) == ids
    assert ids[0] == 1
    if db.engine.dialect.name == "postgresql":
        assert session.scalar(text("SELECT nextval(pg_get_serial_sequence('decision', 'id'))")) == 1
    assert session.scalar(select(func.count()).select_from(Decision)) == 0


def test_every_rule_gets_the_parts_trace_and_converters_an_uncached_parse_makes():
    assert rules.Rule._parse_rule is speedups._cached_parse_rule
    create_app("testing")
    other = create_app("testing")  # its parses come from the cache the first app filled
    checked = 0
    for rule in other.url_map.iter_rules():
        fresh = rules.Rule(rule.rule, endpoint=rule.endpoint, methods=rule.methods, defaults=rule.defaults)
        fresh.map, fresh._trace, fresh._converters = other.url_map, [], {}
        parts = list(speedups._parse_rule(fresh, rule.rule))
        assert rule._parts[1:] == parts and rule._trace[1:] == fresh._trace, rule.rule
        assert rule.arguments == fresh.arguments, rule.rule
        assert {name: (type(c), vars(c)) for name, c in rule._converters.items()} == \
            {name: (type(c), vars(c)) for name, c in fresh._converters.items()}, rule.rule
        assert all(c.map is other.url_map for c in rule._converters.values())
        checked += 1
    assert checked > 200


def test_a_copied_world_holds_the_rows_a_made_world_holds(app, session, world):
    """The `world` fixture's copy (made once per worker, restored into each test's database) against a world
    made now, table by table: the same rows, but for the moments they were written and the salted hashes."""
    from tests import factories
    copied = _rows(session)
    session.remove()
    _reset_schema()
    factories.make_world(session)
    session.commit()
    assert _rows(session) == copied
    assert speedups._worlds and speedups._engines   # the copy and the reused engine were both used
    assert db.engine in speedups._engines.values()


def _rows(session) -> dict[str, list[tuple]]:
    rows = {}
    for name, table in sorted(db.metadata.tables.items()):
        columns = [c for c in table.columns if not c.name.endswith(("_at", "_token", "_hash"))]
        rows[name] = sorted(tuple(map(repr, row)) for row in session.execute(select(*columns)).all())
    return rows
