"""Public notices (thông báo công khai lấy ý kiến): the open ones, the archive with its answers, one notice
with its nominees and public attachments, the comment form, a comment's receipt page, and the public
attachment download."""

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ...extensions import db
from ...forms.public import CommentForm
from ...forms.receipts import ReceiptLookupForm
from ...models import Nomination
from ...rules.errors import InvalidTransition, ValidationFailed
from ...rules.receipts import key_matches, receipt_key
from ...services import clock, notices, recognition, register
from ...files import file_store
from ...services.register.notices import own_comment
from ..helpers import send_stored
from . import bp, no_store, paginate, public_for
from .limits import COMMENTS_PER_CONTACT, COMMENTS_PER_IP, contact_key, limiter, received


@bp.get("/notices")
def notices_index():
    today = clock.today()
    return render_template("public/notices.html", open_notices=register.open_notices(db.session, today),
                           today=today)


@bp.get("/notices/archive")
def archive():
    return render_template("public/archive.html", page=paginate(register.archived_notices(clock.today())))


@bp.get("/notices/<int:notice_id>")
def notice(notice_id: int):
    found = register.notice(db.session, notice_id) or abort(404)
    return render_template("public/notice.html", view=register.notice_view(db.session, found, clock.today()),
                           recognition_panels=recognition.panels_of(db.session, found.nominations))


@bp.route("/notices/<int:notice_id>/comment", methods=["GET", "POST"])
@limiter.limit(COMMENTS_PER_IP, methods=["POST"])
@limiter.limit(COMMENTS_PER_CONTACT, key_func=contact_key, methods=["POST"], deduct_when=received)
@no_store
def comment(notice_id: int):
    found = register.notice(db.session, notice_id) or abort(404)
    today = clock.today()
    form = CommentForm(choices=register.commentable(found, today), nomination=request.args.get("nomination"))
    refusal = None if found.is_open_on(today) else _closed(found)
    if refusal is None and form.validate_on_submit():
        if form.is_bot:
            abort(400)
        try:
            received = notices.receive_comment(
                db.session, found, db.session.get(Nomination, form.nomination.data),
                full_name=form.full_name.data, contact=form.contact.data, address=form.address.data,
                body=form.body.data, attachment=form.upload(), store=file_store(),
                notify_email=form.notify_email.data)
        except (InvalidTransition, ValidationFailed) as error:
            db.session.rollback()
            refusal = error.message
        else:
            db.session.commit()
            _remember(received.receipt_code)
            flash(_("Đã tiếp nhận ý kiến của bạn. Mã tiếp nhận: %(code)s. Hãy ghi lại mã này để theo dõi kết quả "
                    "trả lời.", code=received.receipt_code), "success")
            return redirect(url_for(".receipt", code=received.receipt_code), 303)
    status = 400 if request.method == "POST" and (refusal or form.errors) else 200
    return render_template("public/comment.html", notice=found, form=form, refusal=refusal,
                           open=found.is_open_on(today)), status


def _closed(notice) -> str:
    return _("Thông báo này đã hết hạn nhận ý kiến (hạn cuối %(day)s). Ý kiến gửi sau thời hạn không được tiếp "
             "nhận; các ý kiến đã nhận và câu trả lời được công bố tại trang thông báo.",
             day=f"{notice.end_date:%d/%m/%Y}")


# The receipts whose text this browser may show: the ones it sent, and the ones unlocked with their key.
OWN_RECEIPTS, MAX_OWN_RECEIPTS = "own_receipts", 10


def _remember(code: str) -> None:
    kept = [c for c in session.get(OWN_RECEIPTS, []) if c != code]
    session[OWN_RECEIPTS] = kept[-(MAX_OWN_RECEIPTS - 1):] + [code]


def _secret() -> str:
    return current_app.config["SECRET_KEY"]


@bp.route("/comments", methods=["GET", "POST"])
@no_store
def receipt_lookup():
    form = ReceiptLookupForm(request.form if request.method == "POST" else request.args)
    if (request.args or request.method == "POST") and form.validate():
        code = form.clean_code
        if not form.key.data or register.receipt(db.session, code) is None:  # unknown: the receipt page says so
            return redirect(url_for(".receipt", code=code), 303 if request.method == "POST" else 302)
        if key_matches(_secret(), code, form.key.data):
            _remember(code)
            return redirect(url_for(".receipt", code=code), 303)
        form.key.errors.append(_("Mã bảo mật không đúng với mã tiếp nhận này. Hãy kiểm tra lại phiếu tiếp nhận."))
    status = 400 if request.method == "POST" else 200
    return render_template("public/receipt_lookup.html", form=form), status


@bp.get("/comments/<code>")
@no_store
def receipt(code: str):
    found = register.receipt(db.session, code)
    if found is None:
        return render_template("public/receipt_lookup.html", form=ReceiptLookupForm(formdata=None), unknown=True), 404
    own = found.receipt_code in session.get(OWN_RECEIPTS, [])
    return render_template("public/receipt.html", receipt=found,
                           own=own_comment(db.session, found.receipt_code) if own else None,
                           key=receipt_key(_secret(), found.receipt_code) if own else None)


@bp.get("/attachments/<int:attachment_id>")
@public_for(300)
def attachment(attachment_id: int):
    item = register.public_attachment(db.session, attachment_id) or abort(404)
    return send_stored(item.sha256, item.filename, mimetype=item.content_type, public=True)

