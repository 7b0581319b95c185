"""Nhập sổ vàng cũ: the secretariat downloads the template and uploads the old golden book; every problem is
listed by row and column, and nothing is saved unless every row is valid."""
from io import BytesIO

from flask import render_template, send_file
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from ...forms.after_issue import HistoryImportForm
from ...models import Authority, HistoricalImport
from ...rules.errors import ValidationFailed
from ...rules.permissions import Role
from ...services import history
from ..helpers import authority_ids_of, done, form_errors, paginate, role_required
from . import bp


def _page(form, errors=(), status=200):
    mine = authority_ids_of(current_user, Role.SECRETARIAT)
    imports = select(HistoricalImport).where(HistoricalImport.authority_id.in_(mine)).order_by(
        HistoricalImport.id.desc())
    return render_template("after_issue/history.html", form=form, errors=errors, page=paginate(imports)), status


@bp.route("/secretariat/history-import", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def history_import():
    form = HistoryImportForm()
    mine = authority_ids_of(current_user, Role.SECRETARIAT)
    form.authority_id.choices = [SelectChoice(a.id, a.name) for a in db.session.scalars(
        select(Authority).where(Authority.id.in_(mine)).order_by(Authority.name))]
    if not form.validate_on_submit():
        form_errors(form)
        return _page(form, status=400 if form.is_submitted() else 200)
    upload = form.upload()
    if upload is None:
        form.workbook.errors = [_("Chọn tệp Excel (.xlsx) cần nhập.")]
        return _page(form, status=400)
    try:
        made = history.import_workbook(db.session, upload[1], upload[0], by=current_user._get_current_object(),
                                       authority=db.session.get(Authority, form.authority_id.data))
    except history.ImportRefused as refused:
        db.session.rollback()
        return _page(form, [refused.message, *refused.errors], status=400)
    except ValidationFailed as error:
        db.session.rollback()
        return _page(form, [error.message], status=400)
    return done(_("Đã nhập %(rows)s khen thưởng từ tệp «%(file)s».", rows=made.rows, file=made.filename),
                "after_issue.history_import")


@bp.get("/secretariat/history-import/mau-so-vang.xlsx")
@role_required(Role.SECRETARIAT)
def history_template():
    response = send_file(BytesIO(history.template_workbook()), as_attachment=True, download_name="mau-so-vang.xlsx",
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
