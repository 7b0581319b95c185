"""Certificate verification (/verify/<code>, the QR code on every certificate): VALID, REVOKED with the
reason and the revoking decision, or UNKNOWN (404); a form to paste a code or upload the PDF one received,
and the issued PDF itself once the certificate has one."""
import hashlib
from io import BytesIO

from flask import abort, current_app, redirect, render_template, request, send_file, url_for

from ...extensions import db
from ...forms.public import VerifyCodeForm, VerifyPdfForm
from ...services import register
from ...services.blobs import BlobStore
from . import bp, no_store, public_for
from .limits import UPLOADS_PER_IP, limiter


@bp.route("/verify", methods=["GET", "POST"])
@limiter.limit(UPLOADS_PER_IP, methods=["POST"])
@no_store
def verify_form():
    code_form, pdf_form, no_match = VerifyCodeForm(request.args), VerifyPdfForm(), None
    if request.args and code_form.validate():
        code = register.clean_code(code_form.code.data)
        return redirect(url_for(".verify", code=code)) if code else _form(code_form, pdf_form, unknown=True)
    if pdf_form.validate_on_submit():
        data = pdf_form.upload()
        if not data:
            pdf_form.pdf.errors.append("Chọn tệp PDF cần kiểm tra.")
        else:
            no_match = hashlib.sha256(data).hexdigest()
            code = register.code_for_pdf(db.session, no_match)
            if code:
                return redirect(url_for(".verify", code=code, pdf="khop"), 303)
    return _form(code_form, pdf_form, no_match=no_match)


def _form(code_form, pdf_form, *, unknown: bool = False, no_match: str | None = None):
    status = 404 if unknown else (400 if request.method == "POST" else 200)
    return render_template("public/verify_form.html", code_form=code_form, pdf_form=pdf_form, unknown=unknown,
                           no_match=no_match), status


@bp.get("/verify/<code>")
def verify(code: str):
    clean = register.clean_code(code)
    if clean != code and register.is_code(clean):
        return redirect(url_for(".verify", code=clean, **request.args))
    result = register.verification(db.session, clean)
    if result is None:
        return _form(VerifyCodeForm(), VerifyPdfForm(), unknown=True)
    return render_template("public/verify.html", v=result, pdf_checked=request.args.get("pdf") == "khop",
                           pdf_stored=pdf_stored(result.pdf_sha256))


@bp.get("/verify/<code>/certificate.pdf")
@public_for(300)
def certificate_pdf(code: str):
    result = register.verification(db.session, register.clean_code(code))
    if result is None or not pdf_stored(result.pdf_sha256):
        abort(404)
    data = _store().read(result.pdf_sha256)
    return send_file(BytesIO(data), mimetype="application/pdf", as_attachment=True,
                     download_name=f"bang-khen-{result.code}.pdf", etag=result.pdf_sha256, max_age=300)


def _store() -> BlobStore:
    return BlobStore(current_app.config["BLOB_DIR"])


def pdf_stored(sha256: str | None) -> bool:
    """Whether the issued certificate PDF with this hash is in the blob store (the certificates package
    stores it there once a certificate is issued as a file)."""
    try:
        return bool(sha256) and _store().exists(sha256)
    except ValueError:
        return False
