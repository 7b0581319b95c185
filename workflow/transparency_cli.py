"""`flask transparency checkpoint`: sign a checkpoint of the transparency log now (the job queue's workers also
sign one every LOG_CHECKPOINT_SECONDS when the log grew). Recorded in the audit trail as the system's act."""
import click
from flask.cli import AppGroup

from certificates.public_keys import KeyNotConfigured

from .extensions import db
from .log_key import log_signer
from .rules.errors import DomainError
from .services import transparency_log

transparency_cli = AppGroup("transparency", help="Nhật ký minh bạch: điểm kiểm chứng có chữ ký.")


@transparency_cli.command("checkpoint")
def checkpoint() -> None:
    """Sign a checkpoint of the log as it is now (or show the latest, when nothing was added since)."""
    try:
        before = transparency_log.latest(db.session)
        made = transparency_log.sign_on_demand(db.session, log_signer(), by=None)
        db.session.commit()
    except (KeyNotConfigured, DomainError) as error:
        db.session.rollback()
        raise click.ClickException(str(getattr(error, "message", error))) from None
    fresh = before is None or made.size != before.size
    click.echo(("Đã ký điểm kiểm chứng mới" if fresh else "Nhật ký không có gì mới; điểm kiểm chứng mới nhất")
               + f" ({made.size} sự kiện công khai):\n\n{made.note}", nl=False)
