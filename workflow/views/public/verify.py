"""Certificate verification (/verify/<code>, the QR code on every certificate): VALID, REVOKED with the
reason and the revoking decision, or UNKNOWN (404); the issued PDF's three checks (signature intact, signer
is the issuer, sha256 equals the recorded one); a form to paste a code or upload the PDF one received."""
import hashlib
import logging
import threading
from collections import OrderedDict

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import press
from ...extensions import db
from ...forms.public import VerifyCodeForm, VerifyPdfForm
from ...rules.errors import DomainError
from ...rules.i18n import N_
from ...log_key import log_public_key
from ...services import documents, register, transparency_log
from ...files import file_store
from ...services.blobs import FileStore
from ..helpers import send_made_pdf, send_stored
from . import bp, no_store, public_for
from .limits import UPLOADS_PER_IP, limiter
from ...urls import public_base_url

log = logging.getLogger(__name__)

# The certificates package reports its checks in Vietnamese (it imports nothing from workflow): the pages
# translate a check by its stable name, and a detail by its fixed words (a value after them stays as it is).
CHECK_LABELS = {"signature_intact": N_("Chữ ký số nguyên vẹn"), "signer_is_issuer": N_("Người ký là cơ quan ban hành"),
                "chain_trusted": N_("Chứng thư số do tổ chức tin cậy cấp"),
                "sha256_matches": N_("Tệp trùng khớp với bản đã lưu (SHA-256)"),
                "credential_valid": N_("Chứng nhận điện tử đính kèm (W3C VC, eddsa-jcs-2022) hợp lệ")}
CHECK_DETAILS = frozenset({N_("nội dung đã bị thay đổi sau khi ký"), N_("chữ ký không hợp lệ"),
                           N_("có nội dung thêm vào sau khi ký"), N_("không đọc được chứng thư của người ký"),
                           N_("tệp không có chữ ký số")})
CHECK_DETAIL_PREFIXES = {"không kiểm tra được: ": N_("không kiểm tra được: %(detail)s"),
                         "người ký: ": N_("người ký: %(detail)s"), "sha256 của tệp: ": N_("sha256 của tệp: %(detail)s"),
                         "không có văn bản nào đã phát hành với sha256 ": N_(
                             "không có văn bản nào đã phát hành với sha256 %(detail)s")}


@bp.app_template_global()
def check_label(check) -> str:
    return _(CHECK_LABELS[check.name]) if check.name in CHECK_LABELS else check.label


@bp.app_template_global()
def check_detail(detail: str) -> str:
    for prefix, message in CHECK_DETAIL_PREFIXES.items():
        if detail.startswith(prefix):
            return _(message, detail=check_detail(detail[len(prefix):]))
    return _(detail) if detail in CHECK_DETAILS else detail


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(UPLOADS_PER_IP, methods=["POST"])
@no_store
def verify_form():
    code_form, pdf_form, no_match, checks = VerifyCodeForm(request.args), VerifyPdfForm(), None, None
    if request.args and code_form.validate():
        code = register.clean_code(code_form.code.data)
        return redirect(url_for(".verify", code=code)) if code else _form(code_form, pdf_form, unknown=True)
    if pdf_form.validate_on_submit():
        data = pdf_form.upload()
        if not data:
            pdf_form.pdf.errors.append(_("Chọn tệp PDF cần kiểm tra."))
        else:
            no_match = hashlib.sha256(data).hexdigest()
            code = register.code_for_pdf(db.session, no_match)
            if code:
                return redirect(url_for(".verify", code=code, pdf="khop"), 303)
            # not an issued file: still say what is wrong with it (altered after signing, another signer…)
            issuer = _issuer()
            if issuer is not None:
                key = press.issuer_key()
                result = documents.check_file(db.session, data, expected_issuer=issuer, trust_roots=press.trust_roots(),
                                              issuer_public=key.public if key else None, base_url=public_base_url())
                checks = result.report.checks
                if result.decision is not None:
                    return redirect(url_for(".decision", decision_id=result.decision.id, pdf="khop"), 303)
    return _form(code_form, pdf_form, no_match=no_match, checks=checks)


def _form(code_form, pdf_form, *, unknown: bool = False, no_match: str | None = None, checks=None):
    status = 404 if unknown else (400 if request.method == "POST" else 200)
    return render_template("public/verify_form.html", code_form=code_form, pdf_form=pdf_form, unknown=unknown,
                           no_match=no_match, checks=checks), status


@bp.get("/verify/<code>")
def verify(code: str):
    clean = register.clean_code(code)
    if clean != code and register.is_code(clean):
        return redirect(url_for(".verify", code=clean, **request.args))
    result = register.verification(db.session, clean)
    if result is None:
        return _form(VerifyCodeForm(), VerifyPdfForm(), unknown=True)
    stored = pdf_stored(result.pdf_sha256)
    report = stored_file_report(result.pdf_sha256) if stored else None
    return render_template("public/verify.html", v=result, pdf_checked=request.args.get("pdf") == "khop",
                           pdf_stored=stored, checks=report.checks if report else None,
                           signatures=report.signatures if report else (),
                           log_panel=transparency_log.certificate_in_log(db.session, clean, log_public_key()))


@bp.get("/verify/<code>/certificate.pdf")
@public_for(300)
def certificate_pdf(code: str):
    """The issued file; for a revoked certificate a copy stamped "ĐÃ THU HỒI" (the signed original is the
    record: the page shows its checks, and a holder of it can upload it above to check it)."""
    result = register.verification(db.session, register.clean_code(code))
    if result is None or not pdf_stored(result.pdf_sha256):
        abort(404)
    if not result.valid:
        pdf = documents.revoked_copy(blob_store(), result.pdf_sha256, revoked_at=result.revoked_at,
                                     revoking_decision_no=result.revoking_decision_no)
        return send_made_pdf(pdf, f"bang-khen-{result.code}-da-thu-hoi.pdf", public=True,
                             etag=f"{result.pdf_sha256}-thu-hoi")
    return send_stored(result.pdf_sha256, f"bang-khen-{result.code}.pdf", public=True)


def _issuer():
    """The configured issuer's certificate (public, from the signing key), or None when none is configured."""
    try:
        return press.signer().certificate
    except DomainError:
        return None


_checked: OrderedDict = OrderedDict()   # sha256 → report of the stored file: immutable, so checked once
_checked_lock = threading.Lock()


def stored_file_checks(sha256: str):
    report = stored_file_report(sha256)
    return report.checks if report is not None else None


def stored_file_report(sha256: str):
    """The checks of the file kept at issuance, and its signatures in order: re-reading it from the store and
    re-validating every signature catches a file changed or damaged on disk. Remembered per process (the file
    never changes)."""
    issuer = _issuer()
    if issuer is None:
        return None
    with _checked_lock:
        if sha256 in _checked:
            _checked.move_to_end(sha256)
            return _checked[sha256]
    from certificates.signing import verify
    report = verify(blob_store().read(sha256), issuer, expected_sha256=sha256, trust_roots=press.trust_roots())
    if not report.ok:
        log.error("stored certificate file %s fails its checks: %s", sha256, report.checks)
        return report  # a failure is not remembered: it is shown, logged, and checked again next time
    with _checked_lock:
        _checked[sha256] = report
        while len(_checked) > 1024:
            _checked.popitem(last=False)
    return report


def blob_store() -> FileStore:
    return file_store()


def pdf_stored(sha256: str | None) -> bool:
    """Whether the issued PDF with this hash is in the blob store (documents.issue puts it there)."""
    try:
        return bool(sha256) and blob_store().exists(sha256)
    except ValueError:
        return False

