"""The notifications migration (f18a00000001) on a database that already holds accounts, nominations and their
notifications: down to f17e00000001 drops the outbox and the contact columns, up again gives every account no
address (inbox only) and no digest, and accepts the send_mail job; the schema then matches the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from tests import factories
from workflow import create_app
from workflow.extensions import db
from workflow.files import file_store
from workflow.models import Job, JobKind, Nomination, Notification, User, search_index
from workflow.rules.notifications import MailState

BEFORE = "f17e00000001"


def test_down_and_up_again_keeps_the_accounts_and_the_nominations(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        world = factories.make_world(db.session)
        nomination_id = factories.submitted(db.session, world, file_store(app)).id
        db.session.commit()
        assert db.session.scalar(select(Notification.mail_state)) == MailState.NONE
        db.session.remove()

        downgrade(revision=BEFORE)
        tables = inspect(db.engine)
        assert "notification" not in tables.get_table_names()
        assert "email" not in {c["name"] for c in tables.get_columns("user_account")}
        upgrade()
        accounts = db.session.scalars(select(User)).all()
        assert accounts and {(u.email, u.phone, u.daily_digest) for u in accounts} == {(None, None, False)}
        assert db.session.get(Nomination, nomination_id).state == "submitted"
        db.session.add(Job(kind=JobKind.SEND_MAIL, subject_id=1))   # the widened CHECK accepts it
        db.session.commit()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.remove()
