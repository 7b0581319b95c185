"""Thông báo: the signed-in user's inbox (/thong-bao) with its unread count in every page's header, their
notification settings, and the citizen's unsubscribe link of a comment's mail (signed, no sign-in)."""
from flask import Blueprint, abort, current_app, has_request_context, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from ..forms.notifications import InboxForm, NotificationSettingsForm, UnsubscribeForm
from ..mail import comment_of_token
from ..models import Notification, PublicComment
from ..notification_text import describe
from ..rules.errors import DomainError
from ..services import notifications, users
from .helpers import done, form_errors, paginate, refusal_beside_field, scoped_or_404

bp = Blueprint("notifications", __name__)


@bp.get("/")
@login_required
def index():
    page = paginate(notifications.inbox(current_user))
    return render_template("notifications/index.html", page=page, form=InboxForm(),
                           described={n.id: describe(n) for n in page.items})


@bp.post("/<int:notification_id>/mo")
@login_required
def open_one(notification_id: int):
    """Mark it read and go to its page (the same page the e-mail links to)."""
    notification = scoped_or_404(Notification, notification_id, lambda n: n.user_id == current_user.id)
    if not InboxForm().validate_on_submit():
        abort(400)
    notifications.mark_read(db.session, notification, by=current_user)
    db.session.commit()
    return redirect(describe(notification).link or url_for(".index"))


@bp.post("/da-doc")
@login_required
def read_all():
    if not InboxForm().validate_on_submit():
        abort(400)
    notifications.mark_all_read(db.session, by=current_user)
    return done(_("Đã đánh dấu tất cả thông báo là đã đọc."), ".index")


@bp.route("/cai-dat", methods=["GET", "POST"])
@login_required
def settings():
    me = current_user._get_current_object()
    form = NotificationSettingsForm(obj=me) if request.method == "GET" else NotificationSettingsForm()
    if form.validate_on_submit():
        try:
            users.set_contact(db.session, me, email=form.email.data or "", phone=form.phone.data or "",
                              daily_digest=form.daily_digest.data)
            return done(_("Đã lưu cài đặt thông báo."), ".settings")
        except DomainError as error:
            refusal_beside_field(form, error)
    form_errors(form)
    return render_template("notifications/settings.html", form=form)


@bp.route("/huy-nhan/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """The link of a citizen's mail: a signed comment id. GET asks, POST stops the mail about that comment."""
    comment_id = comment_of_token(current_app, token)
    comment = scoped_or_404(PublicComment, comment_id or 0)
    form = UnsubscribeForm()
    if form.validate_on_submit():
        notifications.unsubscribe(db.session, comment)
        db.session.commit()
        return render_template("notifications/unsubscribed.html", comment=comment)
    return render_template("notifications/unsubscribe.html", form=form, comment=comment)


def unread_badge() -> dict:
    """For every page's header: the signed-in user's unread count (one COUNT query)."""
    if not has_request_context() or not current_user.is_authenticated:   # mail is rendered in workers too
        return {"unread_notifications": 0}
    try:
        return {"unread_notifications": notifications.unread_count(db.session, current_user)}
    except SQLAlchemyError:   # an error page after a failed transaction, or the database down: no badge
        return {"unread_notifications": 0}


def init_app(app) -> None:
    app.register_blueprint(bp, url_prefix="/thong-bao")
    app.context_processor(unread_badge)
