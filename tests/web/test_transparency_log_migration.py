"""The transparency log's migration (f19a00000001) on a database whose chain already holds public and internal
events: down to f18d00000001 drops the tree, up again makes every public event a leaf in chain order, with the
root a citizen computes from the public export, and the schema then matches the models."""
import json

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import AuditEvent, Job, JobKind, search_index
from workflow.rules import merkle
from workflow.rules.states import Action
from workflow.services import audit, log_tree, transparency

BEFORE = "f18d00000001"


def _export_root(session) -> tuple[int, bytes]:
    """The tree a citizen builds from the export: each public line re-encoded canonically, hashed as a leaf."""
    frontier, size = [], 0
    for record in transparency.export(session, transparency.head(session).seq):
        if record["visibility"] == "public":
            line = json.loads(transparency.as_line(record))
            data = json.dumps(line, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
            frontier, _ = merkle.append(size, frontier, merkle.leaf_hash(data))
            size += 1
    return size, merkle.root_from_frontier(frontier)


def test_down_and_up_again_makes_every_public_event_a_leaf_in_chain_order(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        factories.submitted(db.session, world, file_store(app))
        db.session.commit()
        appended = (log_tree.size(db.session), log_tree.root(db.session, log_tree.size(db.session)))
        assert appended == _export_root(db.session) and appended[0] > 0
        db.session.remove()

        downgrade(revision=BEFORE)
        tables = inspect(db.engine)
        assert "log_node" not in tables.get_table_names()
        assert "leaf_index" not in {c["name"] for c in tables.get_columns("audit_event")}
        upgrade()
        assert (log_tree.size(db.session), log_tree.root(db.session, appended[0])) == appended
        public = db.session.execute(select(AuditEvent.seq, AuditEvent.leaf_index, AuditEvent.visibility)
                                    .order_by(AuditEvent.seq)).all()
        assert [leaf for _, leaf, visibility in public if visibility == "public"] == list(range(appended[0]))
        assert all(leaf is None for _, leaf, visibility in public if visibility == "internal")
        assert audit.verify(db.session).ok
        # the next event continues the same tree from the backfilled right edge
        audit.record(db.session, by=None, action=Action.RECEIVE_COMMENT, object_type="nomination", object_id=1)
        db.session.commit()
        assert (log_tree.size(db.session), log_tree.root(db.session, log_tree.size(db.session))) == \
            _export_root(db.session)
        db.session.add(Job(kind=JobKind.CHECKPOINT, subject_id=1))   # the widened CHECK accepts it
        db.session.commit()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()
