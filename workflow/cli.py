"""Flask commands: init-db, demo-data, create-user, audit verify. Run as `flask --app wsgi <command>`."""
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import func, inspect, select

from . import backup
from .extensions import db
from .files import file_store
from .models import User
from .rules.errors import DomainError
from .rules.permissions import Grant, Role
from .rules.text import clean_line
from .services import audit, users

audit_cli = AppGroup("audit", help="Nhật ký: kiểm tra chuỗi băm.")
keys_cli = AppGroup("keys", help="Khóa ký số của cơ quan ban hành.")
certificates_cli = AppGroup("certificates", help="Bằng khen, quyết định: tệp PDF có chữ ký số.")


@click.command("init-db")
def init_db() -> None:
    """Create or migrate the database to the latest schema (alembic upgrade head) and say what was run."""
    from flask_migrate import upgrade
    before = _schema_revisions()
    upgrade()
    after = _schema_revisions()
    ran, version = _migrations_between(before, after), ", ".join(after) or "—"
    where = db.engine.url.render_as_string(hide_password=True)
    if ran:
        click.echo(f"Đã chạy {ran} bản nâng cấp cấu trúc (migration) trên {where}. "
                   f"Cơ sở dữ liệu nay ở phiên bản {version} (mới nhất).")
    else:
        click.echo(f"Cơ sở dữ liệu {where} đã ở phiên bản mới nhất ({version}); không có bản nâng cấp nào cần chạy.")


def _schema_revisions() -> tuple[str, ...]:
    from alembic.migration import MigrationContext
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_heads()


def _migrations_between(before: tuple[str, ...], after: tuple[str, ...]) -> int:
    """How many migrations lead from `before` (nothing: an empty database) up to `after`."""
    from alembic.script import ScriptDirectory
    script = ScriptDirectory.from_config(current_app.extensions["migrate"].migrate.get_config())
    return sum(1 for _ in script.iterate_revisions(after, before or "base")) if after != before else 0


@click.command("demo-data")
@click.option("--password", envvar="DEMO_PASSWORD", default=None, help="Mật khẩu chung của tài khoản demo.")
def demo_data(password: str | None) -> None:
    """Load the demo data from the seed (idempotent; refused in production)."""
    if current_app.config.get("ENV_NAME") == "production":
        raise click.ClickException("Không nạp dữ liệu mẫu trên hệ thống chính thức (VINHDANH_ENV=production).")
    if not inspect(db.engine).has_table("nomination"):
        raise click.ClickException("Chưa có cơ sở dữ liệu: chạy `flask --app wsgi init-db` trước.")
    from . import demo
    loaded = demo.load(db.session, password=password or current_app.config["DEMO_PASSWORD"],
                       store=file_store(current_app))
    db.session.commit()
    click.echo("Đã nạp dữ liệu mẫu." if loaded else "Dữ liệu mẫu đã có sẵn, không nạp lại.")
    _issue_demo_documents()


def _issue_demo_documents() -> None:
    """The demo's decisions get their signed PDFs like any issued decision, when a key is configured: as
    background jobs, run here before the command returns (so `make run` opens on signed decisions)."""
    from .press import press
    try:
        press(current_app)
    except DomainError as error:
        click.echo(f"Chưa phát hành PDF của các quyết định mẫu: {error.message}")
        return
    issued, failed = _issue_missing_in_jobs()
    if issued:
        click.echo(f"Đã phát hành {issued} tệp PDF có chữ ký số cho các quyết định mẫu. {_qr_address()}")
    for reason in failed:
        click.echo(f"Chưa phát hành hết PDF của các quyết định mẫu: {reason}", err=True)


def _issue_missing_in_jobs() -> tuple[int, list[str]]:
    """Queue a signing job for each decision with files missing (the outbox, as the page's button does), then
    run each here, batch by batch, each batch its own short transaction: the database is never locked for
    long, and a worker that finds a job already done leaves it. Returns the files issued and the failures."""
    from . import jobs as queue
    from .models import Certificate, Decision, Job
    from .services import documents
    from .urls import public_base_url

    def signed() -> int:
        return (db.session.scalar(select(func.count()).where(Certificate.pdf_sha256.is_not(None))) or 0) + (
            db.session.scalar(select(func.count()).where(Decision.pdf_sha256.is_not(None))) or 0)

    before = signed()
    ids = [documents.queue_missing(db.session, decision, by=db.session.get(User, decision.issued_by_id),
                                   base_url=public_base_url()).id for decision in documents.without_files(db.session)]
    db.session.commit()
    failed = []
    for job_id in ids:
        queue.run_now(current_app._get_current_object(), job_id)
        job = db.session.get(Job, job_id)
        if job.state != "done":
            failed.append(job.error or f"việc {job_id} chưa xong ({job.state})")
    return signed() - before, failed


@click.command("create-user")
@click.argument("username")
@click.option("--full-name", default="", help="Họ và tên.")
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]),
              help="Vai trò (lặp lại được).")
@click.option("--unit-id", type=int, default=None, help="Đơn vị (bắt buộc với unit_officer).")
@click.option("--authority-id", type=int, default=None, help="Cấp có thẩm quyền (với secretariat, council_member, authority).")
@click.password_option()
def create_user(username: str, full_name: str, roles: tuple[str, ...], unit_id: int | None,
                authority_id: int | None, password: str) -> None:
    """Create a staff account with its roles."""
    grants = [Grant(Role(r), unit_id if Role(r) == Role.UNIT_OFFICER else None,
                    authority_id if Role(r) not in (Role.UNIT_OFFICER, Role.ADMIN) else None) for r in roles]
    try:
        user = users.create_user(db.session, username=username, full_name=clean_line(full_name), password=password,
                                 unit_id=unit_id, grants=grants)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    db.session.commit()
    click.echo(f"Đã tạo tài khoản {user.username} (id {user.id}).")


@audit_cli.command("verify")
@click.option("--since", metavar="HASH|ID", help="Chỉ kiểm tra các sự kiện sau một đầu chuỗi đã kiểm tra trước đó "
              "(hash của nó, hoặc id của sự kiện).")
def audit_verify(since: str | None) -> None:
    """Recompute the hash chain, streaming (constant memory); exit 1 and name the first bad event when it is broken.
    With --since, continue from a head verified earlier (incremental check)."""
    try:
        report = audit.verify(db.session, since=since)
    except audit.UnknownSincePoint as error:
        raise click.ClickException(error.message) from error
    finally:
        db.session.rollback()
    if report.ok:
        scope = f" (kiểm tra tiếp từ {since})" if since else ""
        click.echo(f"Chuỗi nhật ký toàn vẹn{scope}: {report.count} sự kiện, hash đầu chuỗi {report.head}")
        return
    where = f"sự kiện seq={report.bad_seq}" + (f" (id={report.bad_id})" if report.bad_id else "")
    click.echo(f"CHUỖI NHẬT KÝ BỊ HỎNG tại {where}: {report.problem}. "
               f"{report.count} sự kiện trước đó vẫn hợp lệ.", err=True)
    sys.exit(1)


@keys_cli.command("dev-generate")
@click.option("--overwrite", is_flag=True, help="Thay khóa đã có (các tệp đã ký trước đó sẽ không còn khớp người ký).")
def keys_dev_generate(overwrite: bool) -> None:
    """Create a self-signed development CA and signer at SIGNING_P12_PATH (never for real signing)."""
    from certificates.signing import generate_dev_keys

    from .press import signing_key_files
    if current_app.config.get("ENV_NAME") == "production":
        raise click.ClickException("Không tạo khóa thử trên hệ thống chính thức: cấu hình khóa PKCS#12 của cơ quan.")
    path, _ = signing_key_files(current_app)
    if path.exists() and not overwrite:
        made = [str(p) for p in _missing_public_keys(current_app)]
        click.echo(f"Đã có khóa ký số: {path} (dùng --overwrite để tạo lại)."
                   + (f" Đã tạo thêm khóa Ed25519: {', '.join(made)}." if made else ""))
        return
    if path.name != "signer.p12":
        raise click.ClickException("Khóa thử luôn có tên signer.p12: đặt SIGNING_P12_PATH tới …/signer.p12.")
    keys = generate_dev_keys(path.parent, overwrite=overwrite)
    _missing_public_keys(current_app)   # when LOG_KEY_PATH or ISSUER_KEY_PATH point elsewhere
    click.echo(f"Đã tạo khóa ký số thử nghiệm: {keys.p12_path} (mật khẩu trong {keys.p12_path}.password, "
               f"CA: {keys.ca_cert_path}). Không đưa các tệp này vào git.")


def _missing_public_keys(app) -> list:
    """The log and issuer keys (certificates.public_keys) where their settings point, made when missing."""
    from certificates import public_keys
    made = []
    for purpose in (public_keys.LOG, public_keys.ISSUER):
        path = public_keys.key_path(app.config, purpose)
        if not path.exists():
            made.append(public_keys.generate(path))
    return made


@certificates_cli.command("verify")
@click.argument("pdf_file", type=click.File("rb"))
def certificates_verify(pdf_file) -> None:
    """Check a PDF: every signature in order (signer, intact, chain to the SIGNING_TRUST_ROOTS), the last signer
    is the configured issuer, sha256 equals the recorded one, and the credential it carries (issue 19) holds under
    the issuer's Ed25519 key."""
    from .press import issuer_key, signer, trust_roots
    from .services import documents
    from .urls import public_base_url
    try:
        expected, roots = signer(current_app).certificate, trust_roots(current_app)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    key = issuer_key(current_app)
    result = documents.check_file(db.session, pdf_file.read(), expected_issuer=expected, trust_roots=roots,
                                  issuer_public=key.public if key else None, base_url=public_base_url(current_app))
    if result.certificate is not None:
        line = result.certificate.line
        click.echo(f"Bằng khen: {line.recipient_name} — Quyết định {line.decision.number}, "
                   f"số sổ vàng {result.certificate.golden_book_no}"
                   + (" — ĐÃ THU HỒI" if result.certificate.revoked else ""))
    elif result.decision is not None:
        click.echo(f"Quyết định số {result.decision.number} ngày {result.decision.decision_date:%d/%m/%Y}")
    for each in result.report.signatures:
        click.echo(f"  Chữ ký {each.position} ({each.field}): {each.signer_name}"
                   + (f" — {each.organization}" if each.organization else "")
                   + (f", ký lúc {each.signed_at:%d/%m/%Y %H:%M} UTC" if each.signed_at else "")
                   + f" — {'nguyên vẹn' if each.intact else 'KHÔNG nguyên vẹn'}"
                   + {True: ", chứng thư tin cậy", False: ", chứng thư KHÔNG tin cậy",
                      None: ", chưa cấu hình chứng thư gốc tin cậy"}[each.trusted])
    for check in result.report.checks:
        click.echo(f"  [{'ĐẠT' if check.ok else 'KHÔNG ĐẠT'}] {check.label}" + (f": {check.detail}" if check.detail else ""))
    click.echo(f"  sha256: {result.report.sha256}")
    if not result.report.ok:
        sys.exit(1)


@certificates_cli.command("issue-missing")
def certificates_issue_missing() -> None:
    """Sign and store the PDFs of decisions issued before a signing key was configured (or whose background
    signing failed): one job per decision, run here in batches of a few files, each batch committed."""
    from .press import press
    try:
        press(current_app)
    except DomainError as error:
        raise click.ClickException(error.message) from error
    total, failed = _issue_missing_in_jobs()
    click.echo(f"Đã phát hành {total} tệp PDF có chữ ký số." + (f" {_qr_address()}" if total else ""))
    if failed:
        raise click.ClickException("Chưa phát hành hết: " + " ".join(dict.fromkeys(failed)))


def _qr_address() -> str:
    from .urls import described, public_base
    return f"Mã QR trên bằng khen trỏ tới {described(public_base())}."


def init_app(app: Flask) -> None:
    for command in (init_db, demo_data, create_user):
        app.cli.add_command(command)
    app.cli.add_command(audit_cli)
    backup.init_app(app)  # backup PATH, restore PATH
    app.cli.add_command(keys_cli)
    app.cli.add_command(certificates_cli)
    from .notifications_cli import notifications_cli
    app.cli.add_command(notifications_cli)  # issue 18: reminders, digests, mail left waiting
    from .api_cli import api_cli
    app.cli.add_command(api_cli)  # issue 18: the integration API's client tokens
    from .transparency_cli import transparency_cli
    app.cli.add_command(transparency_cli)  # issue 19: the transparency log's checkpoints
