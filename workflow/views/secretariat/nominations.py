"""A nomination as the secretariat sees it: every fact including the private ones, the attachments
(downloaded, never displayed inline), appraisal notes, the timeline and a resubmission's diff."""
from flask import current_app, render_template

from ...extensions import db
from ...models import Attachment
from ...rules.permissions import Role
from ...services import audit, field_checks, lookups, nominations, prerequisites, red_flags, word_documents
from ...services.notices import latest_notice
from ..helpers import ActionBar, role_required, scoped_or_404, send_made
from . import bp
from ._common import download, nomination_or_404


@bp.get("/nominations/<int:nomination_id>")
@role_required(Role.SECRETARIAT)
def nomination(nomination_id: int):
    nomination = nomination_or_404(nomination_id)
    return render_template(
        "secretariat/nomination.html", nomination=nomination, actions=ActionBar(Role.SECRETARIAT)(nomination),
        diff=lookups.revision_diff(db.session, nomination), notice=latest_notice(db.session, nomination),
        events=audit.events_for(db.session, "nomination", nomination.id),
        findings=prerequisites.findings(db.session, nomination),
        documents=nominations.document_checklist(nomination),
        field_checks=field_checks.panel(db.session, nomination),
        flags=red_flags.flags_for(db.session, nomination, red_flags.settings_from(current_app.config)))


@bp.get("/nominations/<int:nomination_id>/attachments/<int:attachment_id>")
@role_required(Role.SECRETARIAT)
def attachment(nomination_id: int, attachment_id: int):
    nomination = nomination_or_404(nomination_id)
    return download(scoped_or_404(Attachment, attachment_id, lambda item: item.nomination_id == nomination.id))


@bp.get("/nominations/<int:nomination_id>/bao-cao-thanh-tich.<any(docx, pdf):ext>")
@role_required(Role.SECRETARIAT)
def achievement_report(nomination_id: int, ext: str):
    """The achievement report in the decree's form, filled from the nomination, for the unit to complete."""
    return send_made(word_documents.achievement_report(nomination_or_404(nomination_id), as_pdf=ext == "pdf"))
