"""The app's printing press: the services' Press built from configuration, with the signing key loaded
once per process (re-reading a PKCS#12 per signature costs about 7×), and print jobs run in a background
thread so a request for hundreds of certificates returns at once."""
import logging
import threading
from dataclasses import replace
from decimal import Decimal
from functools import partial
from pathlib import Path

from flask import Flask, current_app

from .extensions import db
from .files import file_store
from .rules.errors import ValidationFailed
from .services import documents
from .urls import public_base_url

log = logging.getLogger(__name__)
_signers: dict[tuple, object] = {}
ISSUE_BATCH = 10   # files signed per transaction in the background: short write locks, visible progress
_signers_lock = threading.Lock()

NOT_CONFIGURED = ("Chưa cấu hình khóa ký số của cơ quan ban hành (SIGNING_P12_PATH), nên chưa thể phát hành văn "
                  "bản có chữ ký số. Quản trị hệ thống chạy `flask --app wsgi keys dev-generate` (môi trường thử) "
                  "hoặc cấu hình tệp PKCS#12 của cơ quan.")


def signing_key_files(app: Flask) -> tuple[Path, str | None]:
    """The PKCS#12 path and its password: from config, else the password file written beside the key by
    `keys dev-generate`."""
    path = Path(app.config["SIGNING_P12_PATH"])
    password = app.config.get("SIGNING_P12_PASSWORD")
    if password is None:
        password_file = path.with_name(path.name + ".password")
        password = password_file.read_text().strip() if password_file.exists() else None
    return path, password


def signer(app: Flask | None = None):
    """The issuer's Signer, or ValidationFailed with what to do when no key is configured."""
    from certificates.signing import Signer

    app = app or current_app
    path, password = signing_key_files(app)
    if not path.is_file():
        raise ValidationFailed(NOT_CONFIGURED)
    key = (str(path.resolve()), path.stat().st_mtime_ns, password)
    with _signers_lock:
        if key not in _signers:
            try:
                _signers[key] = Signer(path, password, location=app.config.get("SIGNING_LOCATION", ""))
            except (ValueError, OSError) as error:
                log.error("cannot load the signing key %s: %s", path, error)
                raise ValidationFailed("Không đọc được khóa ký số đã cấu hình (sai mật khẩu hoặc tệp hỏng). "
                                       "Vui lòng báo quản trị hệ thống.") from None
        return _signers[key]


def press(app: Flask | None = None, *, signing: bool = True, base_url: str | None = None) -> documents.Press:
    """`signing=False` for printing, which needs no key (print batches are not signed). The QR codes point at
    `base_url`, else at our public address now (workflow/urls.py)."""
    app = app or current_app
    c = app.config
    defaults = documents.PrintSettings(
        paper=c.get("CERTIFICATE_PAPER", ""), offset_x_mm=Decimal(str(c.get("CERTIFICATE_OFFSET_X_MM", 0))),
        offset_y_mm=Decimal(str(c.get("CERTIFICATE_OFFSET_Y_MM", 0))), red=c.get("CERTIFICATE_RED", "#c8102e"),
        gold=c.get("CERTIFICATE_GOLD", "#b8860b"))
    return documents.Press(signer=signer(app) if signing else None, store=file_store(app),
                           public_base_url=base_url or public_base_url(app), defaults=defaults)


def issuing(app: Flask | None = None) -> documents.Press:
    """The press for issuing a decision: a decision of up to SIGN_INLINE_MAX lines is signed in the request;
    a larger one by `start_issuing`, which services.decisions.issue queues to start after the commit."""
    app = app or current_app._get_current_object()
    return replace(press(app), sign_inline_max=app.config["SIGN_INLINE_MAX"],
                   start_signing=partial(start_issuing, app=app))


def start_issuing(decision_id: int, user_id: int, app: Flask | None = None) -> threading.Thread:
    """Sign and store a large decision's files after the decision is committed, a few per transaction,
    so the issuing request returns at once and the database is never locked for minutes. If it stops, the
    files still missing stay listed on the decision's page, with a button to issue them. The QR codes carry the
    public address of the request that started it: the thread has no request of its own."""
    base_url = public_base_url(app)

    def issue_all(app: Flask) -> None:
        from .models import Decision, User
        kit = press(app, base_url=base_url)
        while True:
            decision, user = db.session.get(Decision, decision_id), db.session.get(User, user_id)
            issued = documents.issue(db.session, decision, press=kit, by=user, limit=ISSUE_BATCH)
            db.session.commit()
            if not issued:
                return
    return _in_background(f"issue-decision-{decision_id}", issue_all, app)


def start_print_job(job_id: int, app: Flask | None = None) -> threading.Thread:
    """Run the job (it records its own failure). The worker processes that render the chunks come from a
    fork server, never a fork of this threaded process. Its QR codes carry the starting request's address."""
    base_url = public_base_url(app)

    def print_all(app: Flask) -> None:
        documents.run_print_job(db.session, job_id, press=press(app, signing=False, base_url=base_url),
                                chunk_size=app.config["PRINT_CHUNK_PAGES"], workers=app.config["PRINT_WORKERS"])
    return _in_background(f"print-job-{job_id}", print_all, app)


def _in_background(name: str, work, app: Flask | None) -> threading.Thread:
    """`work(app)` in a daemon thread with its own app context and database session; a failure is logged
    (the user sees its effect on the page: a failed job, files still missing)."""
    app = app or current_app._get_current_object()

    def run() -> None:
        with app.app_context():
            try:
                work(app)
            except Exception:
                db.session.rollback()
                log.exception("background work %s stopped", name)
            finally:
                db.session.remove()

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    return thread
