"""The register search's migration on a database that already holds decisions: downgrading drops the new
columns and the FTS5 index, upgrading fills them from the decisions and rebuilds the index, and the
migrated schema still matches the models (the search index aside)."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.models import DecisionLine, search_index
from workflow.services import register
from workflow.files import file_store

BEFORE = "f0aefd9a5fce"  # the revision before the register search


def test_the_migration_fills_existing_lines_and_rebuilds_the_index(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        store = file_store(app)
        for name in ("Xã Vĩnh Hưng A", "Hợp tác xã Đông Hải"):
            factories.awarded(db.session, world, store, name=name)
        db.session.commit()
        db.session.remove()

        downgrade(revision=BEFORE)
        columns = {c["name"] for c in inspect(db.engine).get_columns("decision_line")}
        assert not {"decision_date", "search_text"} & columns
        assert search_index.FTS_TABLE not in inspect(db.engine).get_table_names()

        upgrade()
        lines = db.session.scalars(select(DecisionLine).order_by(DecisionLine.id)).all()
        assert [line.decision_date for line in lines] == [factories.TODAY] * 2
        assert lines[1].search_text == "hop tac xa dong hai huyen vinh loi huyen vinh loi"
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
            triggers = connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars()
            assert set(triggers) == {f"{search_index.FTS_TABLE}_{t}" for t in ("ai", "ad", "au")}
        found = register.search(db.session, register.Filters(q="ĐÔNG HẢI")).rows
        assert [row.recipient_name for row in found] == ["Hợp tác xã Đông Hải"]
        db.session.remove()
