"""The background jobs (việc chạy nền): what is waiting, running, stalled or failed, with the reason; a failed
job's retry button puts it back in the queue (audited) once the cause is fixed. The work itself always runs
in a worker, never in this request."""
from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import jobs as job_queue
from ...extensions import db
from ...forms.admin import ConfirmForm
from ...models import Job, JobState
from ...rules.permissions import Role
from ...services import jobs as outbox
from ..helpers import done, paginate, role_required
from . import bp
from .common import get_or_404

PER_PAGE = 50


@bp.get("/jobs")
@role_required(Role.ADMIN)
def jobs():
    state = request.args.get("state", "")
    state = state if state in set(JobState) else ""
    page = paginate(outbox.listing(state or None), per_page=PER_PAGE)
    rows = [(job, job_queue.progress(job)) for job in page.items]
    return render_template("admin/jobs.html", page=page, state=state, retry_form=ConfirmForm(), rows=rows,
                           subjects=outbox.subjects(db.session, page.items),
                           refresh=any(status.active for _, status in rows))


@bp.post("/jobs/<int:job_id>/retry")
@role_required(Role.ADMIN)
def job_retry(job_id: int):
    job, form = get_or_404(Job, job_id), ConfirmForm()
    if not form.validate_on_submit():   # CSRF is checked before this; nothing else to fill in
        return redirect(url_for("admin.jobs"))
    outbox.retry(db.session, job, by=current_user._get_current_object())
    return done(_("Đã đưa lại việc số %(number)s vào hàng đợi; tiến trình xử lý nền sẽ chạy nó.", number=job.id),
                "admin.jobs", state=request.args.get("state", ""))
