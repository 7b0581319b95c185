"""Migration f18b00000001: the API's tables and the job kind that delivers webhooks, up and down again; the
database refuses what the models would (a token not hashed, a webhook without its secret)."""
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from workflow import create_app
from workflow.extensions import db
from workflow.models import search_index


def test_the_migration_adds_the_api_tables_and_goes_down_again(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade()
        downgrade(revision="f18a00000001")   # the notifications before it stay
        tables = inspect(db.engine).get_table_names()
        assert "api_client" not in tables and "notification" in tables
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        with db.engine.begin() as connection:   # the job kind is allowed now
            connection.execute(text("INSERT INTO job (kind, subject_id, state, attempts, next_attempt_at, base_url, "
                                    "created_at) VALUES ('deliver_webhook', 1, 'queued', 0, '2026-01-01', '', "
                                    "'2026-01-01')"))
        db.session.remove()


@pytest.mark.parametrize("values", [
    "'short', NULL, NULL",                        # a token kept in clear (not a SHA-256)
    f"'{'a' * 64}', 'https://x.example', NULL",   # a webhook without the secret that signs it
])
def test_the_database_refuses_what_the_models_would(app, world, values):
    with pytest.raises(IntegrityError), db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO api_client (name, unit_id, account_id, scopes, token_prefix, token_hash, webhook_url, "
            f"webhook_secret, created_at) VALUES ('x', {world.district_a.id}, {world.admin.id}, 'proposals:read', "
            f"'abcdefghij', {values}, '2026-01-01')"))


def test_the_idempotency_keys_migration_goes_up_and_down(tmp_path):
    """f18d00000001: the table of Idempotency-Keys, equal to the model, and gone again below it."""
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'k.db'}",
                     BLOB_DIR=str(tmp_path / "blobs"))
    with app.app_context():
        upgrade(revision="f18d00000001")
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert [d for d in compare_metadata(context, db.metadata) if "api_idempotency_key" in str(d)] == []
        downgrade(revision="f18c00000001")
        assert "api_idempotency_key" not in inspect(db.engine).get_table_names()
        assert "api_client" in inspect(db.engine).get_table_names()
        db.session.remove()
