"""Certificates as verifiable credentials (issue 19): the issuer's profile with its public key (/issuer), the
published Bitstring Status List (/credentials/status/1), each code's credential and the record its QR statement is
compared with (/verify/<code>/credential.json, /record.json), and the check of a photographed or pasted QR code
(/verify/qr). What the verify page shows of it is templates/public/_verify_credential_panel.html."""
import json

from flask import abort, current_app, make_response, render_template, request
from flask_babel import gettext as _

from ... import press
from ...extensions import db
from ...forms.public import VerifyQrForm
from ...identity import agency
from ...rules.i18n import N_
from ...services import credentials, register
from ...urls import public_base_url
from . import bp, no_store, public_for
from .limits import UPLOADS_PER_IP, limiter

# What certificates/qr_scan.py, certificates/qr_statement.py and services/credentials.py say, for the catalogue: the
# page translates a problem and a field's label by their Vietnamese words (those modules import nothing from here).
QR_MESSAGES = (
    N_("Chưa chọn ảnh mã QR."), N_("Ảnh quá lớn (tối đa 8 MB)."),
    N_("Tệp không phải ảnh (chỉ nhận PNG, JPEG, WEBP, GIF, BMP, TIFF)."),
    N_("Ảnh có quá nhiều điểm ảnh; hãy chụp hoặc quét ở độ phân giải thấp hơn."),
    N_("Không đọc được tệp này như một ảnh (tệp hỏng hoặc không phải ảnh)."),
    N_("Không tìm thấy mã QR trên ảnh. Hãy chụp lại gần hơn, đủ sáng, mã QR nằm trọn và rõ nét trong ảnh."),
    N_("Mã QR không mang bản tóm tắt có chữ ký của hệ thống này."),
    N_("Mã QR có bản tóm tắt nhưng bị hỏng, không đọc được."),
    N_("Chữ ký trên bản tóm tắt trong mã QR KHÔNG hợp lệ: nội dung đã bị sửa hoặc không do cơ quan ban hành ký."),
    N_("Chữ ký trên mã QR hợp lệ nhưng mã xác thực trong đó không có trong sổ khen thưởng."),
    N_("Người, tập thể được khen"), N_("Hình thức khen thưởng"), N_("Số quyết định"), N_("Ngày quyết định"),
    N_("Số sổ vàng"), N_("Mã xác thực"),
)
JSON_LD = "application/ld+json"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"


def _key():
    key = press.issuer_key()
    if key is None:
        abort(404)
    return key


def _json(document: dict, media_type: str = JSON_LD):
    response = make_response(json.dumps(document, ensure_ascii=False, indent=2))
    response.headers["Content-Type"] = f"{media_type}; charset=utf-8"
    response.headers["Access-Control-Allow-Origin"] = "*"   # verifiers on other sites read these
    return response


def issuer_name() -> str:
    return agency().name or current_app.config.get("SITE_NAME", "") or "Vinh danh"


@bp.get("/issuer")
@public_for(300)
def issuer():
    """The issuer's Open Badges Profile, also a controller document listing its Multikey (VC Data Integrity)."""
    key, base = _key(), public_base_url()
    method = credentials.vc.verification_method(base, key.public)
    profile = credentials.vc.issuer_url(base)
    return _json({"@context": [credentials.vc.VC_CONTEXT, credentials.vc.OB_CONTEXT, MULTIKEY_CONTEXT],
                  "id": profile, "type": ["Profile"], "name": issuer_name(), "url": base,
                  "verificationMethod": [{"id": method, "type": "Multikey", "controller": profile,
                                          "publicKeyMultibase": key.public.multibase}],
                  "assertionMethod": [method]})


@bp.get(credentials.STATUS_LIST_PATH)
@public_for(60)
def status_list():
    published = credentials.status_list(db.session, key=_key(), base_url=public_base_url(), issuer_name=issuer_name())
    return _json(published, "application/vc")


@bp.get("/verify/<code>/credential.json")
@public_for(300)
def credential(code: str):
    """The credential signed into the code's PDF; for a code in force issued before credentials existed, one made
    now from the record (the same proof every time: Ed25519 is deterministic and its date is the decision's)."""
    stored = credentials.stored_credential(db.session, code)
    if stored is None:
        stored = credentials.credential_on_demand(db.session, code, key=_key(), base_url=public_base_url())
    if stored is None:
        abort(404)
    return _json(json.loads(stored), "application/vc")


@bp.get("/verify/<code>/record.json")
@public_for(60)
def record(code: str):
    """What the register says of a code, in the QR statement's fields (tools/vinhdanh_verify.py qr compares with it)."""
    found = register.verification(db.session, register.clean_code(code))
    if found is None:
        abort(404)
    return _json(credentials.record_json(found), "application/json")


@bp.route("/verify/qr", methods=["GET", "POST"])
@limiter.limit(UPLOADS_PER_IP, methods=["POST"])
@no_store
def verify_qr():
    form, result = VerifyQrForm(), None
    if form.validate_on_submit():
        image, text = form.upload(), form.text.data
        if not image and not text:
            form.image.errors.append(_("Chọn ảnh mã QR hoặc dán nội dung mã QR."))
        else:
            result = credentials.check_qr(db.session, image=image, text=text, keys=[_key().public])
    status = 400 if request.method == "POST" and (result is None or result.problem) else 200
    return render_template("public/verify_qr.html", form=form, result=result), status


@bp.app_template_global()
def credential_panel(v) -> dict:
    """What the verify page's credential panel shows for a code (register.verification's result): its place in
    the published status list and the bit read back from it, whether that agrees with the register, and whether a
    credential can be downloaded."""
    key = press.issuer_key()
    if key is None:
        return {"configured": False}
    published = credentials.published_status(db.session, v.code, key=key, base_url=public_base_url(),
                                             issuer_name=issuer_name())
    stored = credentials.stored_credential(db.session, v.code) is not None
    agrees = published is not None and published.revoked is (not v.valid)
    return {"configured": True, "status": published, "agrees": agrees,
            "downloadable": stored or (published is not None and v.valid)}
