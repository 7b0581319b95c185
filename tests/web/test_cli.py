"""The flask commands: create-user and init-db on an existing database."""
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import select

from workflow import create_app
from workflow.extensions import db
from workflow.models import RoleGrant, Unit, User, search_index
from workflow.services import users


def test_create_user_makes_an_account_with_a_scoped_role(app, world):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "thuky2", "--full-name", "Trần Thị Thư Ký", "--role", "secretariat",
        "--authority-id", str(world.authority.id), "--password", "mot-mat-khau-dai"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.username == "thuky2"))
    assert user.full_name == "Trần Thị Thư Ký"
    assert [(g.role, g.authority_id) for g in user.grants] == [("secretariat", world.authority.id)]
    assert users.authenticate(db.session, "thuky2", "mot-mat-khau-dai") is not None


def test_create_user_refuses_an_officer_without_a_unit(app, world):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "donvi.x", "--role", "unit_officer", "--password", "mot-mat-khau-dai"])
    assert result.exit_code != 0
    assert "đơn vị" in result.output
    assert db.session.scalar(select(RoleGrant).join(User).where(User.username == "donvi.x")) is None


def test_create_user_refuses_a_short_password(app, world):
    result = app.test_cli_runner().invoke(args=["create-user", "ngan", "--password", "ngan"])
    assert result.exit_code != 0
    assert "ít nhất" in result.output


def test_migrations_build_the_models_schema_and_keep_data_on_upgrade(tmp_path):
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'm.db'}")
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:
            # the register's search index (FTS5 and its shadow tables) is hand-written DDL, outside the models
            context = MigrationContext.configure(connection, opts={"include_name": search_index.include_name})
            assert compare_metadata(context, db.metadata) == []
        db.session.add(Unit(code="BL", name="Tỉnh Bạc Liêu", kind="province"))
        db.session.commit()
        result = app.test_cli_runner().invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert db.session.scalar(select(Unit.name).where(Unit.code == "BL")) == "Tỉnh Bạc Liêu"
        db.session.remove()


def test_init_db_says_how_many_migrations_it_ran_and_only_then_that_nothing_was_left(tmp_path):
    """Issue 13, point 9: the first run on a fresh database reports every migration and the revision reached."""
    from alembic.script import ScriptDirectory
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'n.db'}", BLOB_DIR=str(tmp_path))
    migrations = list((Path(__file__).parents[2] / "migrations" / "versions").glob("*.py"))
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        head = script.get_current_head()
        first = app.test_cli_runner().invoke(args=["init-db"])
        assert first.exit_code == 0, first.output
        assert f"Đã chạy {len(migrations)} bản nâng cấp cấu trúc" in first.output and head in first.output
        assert "đã ở phiên bản mới nhất" not in first.output
        second = app.test_cli_runner().invoke(args=["init-db"])
        assert second.exit_code == 0, second.output
        assert "đã ở phiên bản mới nhất" in second.output and head in second.output and "Đã chạy" not in second.output
        db.session.remove()


def test_init_db_counts_only_the_migrations_still_to_run(tmp_path):
    from alembic.script import ScriptDirectory
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'p.db'}", BLOB_DIR=str(tmp_path))
    with app.app_context():
        script = ScriptDirectory.from_config(app.extensions["migrate"].migrate.get_config())
        chain = [r.revision for r in script.walk_revisions()]   # newest first
        upgrade(revision=chain[2])
        result = app.test_cli_runner().invoke(args=["init-db"])
        assert result.exit_code == 0, result.output
        assert "Đã chạy 2 bản nâng cấp cấu trúc" in result.output and chain[0] in result.output
        db.session.remove()
