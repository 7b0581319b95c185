"""The authority's area (chairperson or vice-chair who signs): decision drafts to issue, lines to refuse,
issued decisions and the revocation of an awarded line. Scoped to the authorities the user signs for."""


from flask import Blueprint, abort, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from .. import jobs as job_queue
from .. import press
from ..extensions import db
from ..forms.authority import IssueForm, PrintForm, PrintPreviewForm, RefuseForm, RevokeForm
from ..models import Certificate, Decision, DecisionDraft, DraftStatus, JobKind, PrintJob, PrintJobStatus
from ..rules import jobs as job_rules
from ..rules.nominees import NOMINEE_KIND_LABELS
from ..rules.numbering import NUMBERING_SOURCE_LABELS
from ..rules.errors import ValidationFailed
from ..rules.permissions import Role
from ..rules.states import Action
from ..services import council_queries as queries
from ..rules.i18n import N_
from ..services import corrections, decisions, documents, jobs, recoveries, register, staff_lists, word_documents
from ..templating import Translated
from ..urls import public_base_url
from . import lists
from .helpers import (ActionBar, authority_ids_of, done, form_errors, may, nomination_of_my_authority, numbering_from,
                      paginate, refusal_beside_field, role_required, salary_warnings, scoped_or_404, send_made,
                      send_made_pdf, send_stored)

bp = Blueprint("authority", __name__)


@bp.context_processor
def labels() -> dict:
    return {"NOMINEE_KIND_LABELS": Translated(NOMINEE_KIND_LABELS), "NUMBERING_SOURCE_LABELS": NUMBERING_SOURCE_LABELS}


def my_authorities() -> set[int]:
    return authority_ids_of(current_user, Role.AUTHORITY)


def mine(model, object_id: int, authority_of=lambda found: found.authority_id):
    """The object if it belongs to an authority this user signs for; otherwise 404, so another authority's
    drafts, decisions, certificates and print jobs do not even show that they exist."""
    return scoped_or_404(model, object_id, lambda found: authority_of(found) in my_authorities())


def draft_of_my_authority(draft_id: int) -> DecisionDraft:
    return mine(DecisionDraft, draft_id)


def decision_of_my_authority(decision_id: int) -> Decision:
    return mine(Decision, decision_id)


@bp.get("/")
@role_required(Role.AUTHORITY)
def index():
    mine = my_authorities()
    return render_template("authority/index.html", drafts=paginate(queries.open_drafts(mine), page_arg="du_thao"),
                           waiting=paginate(queries.endorsed_without_draft(mine), page_arg="cho_du_thao"),
                           issued=paginate(queries.issued_decisions(mine), page_arg="quyet_dinh"),
                           actions=ActionBar(Role.AUTHORITY, only={Action.REFUSE}))


@bp.get("/decisions")
@role_required(Role.AUTHORITY)
def decisions_list():
    """Issued decisions, searchable and filterable; ?print=1 prints them, ?format=xlsx downloads them."""
    form, filters = lists.filter_form(my_authorities(), None)
    listing = staff_lists.decisions(db.session, my_authorities(), filters, N_("Quyết định đã ban hành"))
    return lists.respond(listing, form, "authority/decisions.html", "quyet-dinh")


@bp.get("/drafts/<int:draft_id>")
@role_required(Role.AUTHORITY)
def draft(draft_id: int):
    draft = draft_of_my_authority(draft_id)
    return render_template("authority/draft.html", **_draft_context(draft))


@bp.route("/drafts/<int:draft_id>/issue", methods=["GET", "POST"])
@role_required(Role.AUTHORITY)
def issue(draft_id: int):
    """GET lists exactly what will be issued (and links the unsigned draft PDF); POST issues it as long as
    that is still so."""
    draft = draft_of_my_authority(draft_id)
    context = _draft_context(draft)
    pending = [line.nomination for line in context["lines"] if line.pending]
    form = IssueForm(ids=",".join(str(n.id) for n in pending), versions=",".join(str(n.version) for n in pending))
    if not form.validate_on_submit():
        form_errors(form)
        return render_template("authority/issue.html", form=form, **context)
    try:
        result = decisions.issue(db.session, draft, by=current_user._get_current_object(),
                                 expected_versions=form.expected_versions(), press=press.issuing(),
                                 numbering=numbering_from(form, draft.authority))
    except ValidationFailed as error:   # a number missing, malformed, taken, or the document system down
        refusal_beside_field(form, error)
        return render_template("authority/issue.html", form=form, **_draft_context(draft)), 400
    return done(_issued_message(result), "authority.decision", decision_id=result.decision.id)


def _issued_message(result: decisions.IssueResult) -> str:
    if result.in_background:   # hundreds of certificates take minutes to sign: the page shows the progress
        return ngettext("Đã ban hành Quyết định số %(number)s. Đang ký số %(num)d tệp PDF trong nền; trang này cho "
                        "biết tiến độ.", "Đã ban hành Quyết định số %(number)s. Đang ký số %(num)d tệp PDF trong "
                        "nền; trang này cho biết tiến độ.", result.files_scheduled, number=result.number)
    return ngettext("Đã ban hành Quyết định số %(number)s và %(num)d tệp PDF có chữ ký số.",
                    "Đã ban hành Quyết định số %(number)s và %(num)d tệp PDF có chữ ký số.", result.files_signed,
                    number=result.number)


@bp.get("/drafts/<int:draft_id>/preview.pdf")
@role_required(Role.AUTHORITY)
def draft_pdf(draft_id: int):
    """The decision as it would be issued, unsigned and marked DỰ THẢO: nothing numbered, stored or audited."""
    draft = draft_of_my_authority(draft_id)
    pdf = decisions.preview(db.session, draft, by=current_user._get_current_object())
    return send_made_pdf(pdf, f"du-thao-quyet-dinh-{draft.id}.pdf", inline=True)


@bp.get("/drafts/<int:draft_id>/du-thao.docx")
@role_required(Role.AUTHORITY)
def draft_docx(draft_id: int):
    """The draft decision in Word, to proof-read: marked BẢN DỰ THẢO, no number (the issued one once issued)."""
    draft = draft_of_my_authority(draft_id)
    return send_made(word_documents.draft_decision(db.session, draft, by=current_user._get_current_object()))


@bp.get("/drafts/<int:draft_id>/danh-sach.docx")
@role_required(Role.AUTHORITY)
def draft_annex_docx(draft_id: int):
    draft = draft_of_my_authority(draft_id)
    return send_made(word_documents.draft_annex(db.session, draft, by=current_user._get_current_object()))


@bp.get("/decisions/<int:decision_id>/quyet-dinh.docx")
@role_required(Role.AUTHORITY)
def decision_docx(decision_id: int):
    """The issued decision in Word: number and date, and a footer saying the signed PDF is the record."""
    return send_made(word_documents.issued_decision(decision_of_my_authority(decision_id)))


@bp.get("/decisions/<int:decision_id>/danh-sach.docx")
@role_required(Role.AUTHORITY)
def decision_annex_docx(decision_id: int):
    return send_made(word_documents.issued_annex(decision_of_my_authority(decision_id)))


@bp.route("/nominations/<int:nomination_id>/refuse", methods=["GET", "POST"])
@role_required(Role.AUTHORITY)
def refuse(nomination_id: int):
    nomination = nomination_of_my_authority(nomination_id, Role.AUTHORITY)
    draft = queries.open_draft_of(db.session, nomination)
    form = RefuseForm(version=nomination.version)
    if not form.validate_on_submit():
        form_errors(form)
        return render_template("authority/refuse.html", form=form, nomination=nomination, draft=draft,
                               allowed=may(nomination, Action.REFUSE, Role.AUTHORITY))
    decisions.refuse(db.session, nomination, by=current_user._get_current_object(),
                     expected_version=form.version.data, reason=form.reason.data)
    back = ("authority.draft", {"draft_id": draft.id}) if draft else ("authority.index", {})
    return done(_("Đã không khen thưởng «%(name)s».", name=nomination.nominee.full_name), back[0], **back[1])


@bp.get("/decisions/<int:decision_id>")
@role_required(Role.AUTHORITY)
def decision(decision_id: int):
    found = decision_of_my_authority(decision_id)
    pending = documents.files_pending(found)
    signing = job_status(JobKind.ISSUE_DECISION, found.id) if pending else None   # what its signer is doing now
    recent = queries.print_jobs(db.session, found)
    printing = jobs.latest_of(db.session, JobKind.PRINT, [job.id for job in recent])
    response = make_response(render_template(
        "authority/decision.html", decision=found,
        actions=ActionBar(Role.AUTHORITY, only={Action.REVOKE, Action.CORRECT_DECISION}),
        corrections=register.corrections(db.session, found.id),
        files_pending=pending, signing=signing,
        files_total=sum(1 for line in found.lines if not line.certificate.revoked) + 1, print_form=PrintForm(),
        jobs=[(job, _job_progress(printing.get(job.id))) for job in recent]))
    response.headers["Cache-Control"] = "no-store"
    return response


def job_status(kind: JobKind, subject_id: int) -> job_rules.Status | None:
    return _job_progress(jobs.latest(db.session, kind, subject_id))


def _job_progress(job) -> job_rules.Status | None:
    return job_queue.progress(job)


@bp.post("/decisions/<int:decision_id>/issue-files")
@role_required(Role.AUTHORITY)
def issue_files(decision_id: int):
    """Files still missing (issued before a key was configured, or a failed signer): a background job signs
    them; the page shows its progress."""
    found = decision_of_my_authority(decision_id)
    documents.queue_missing(db.session, found, by=current_user._get_current_object(), base_url=public_base_url())
    return done(_("Đã chuyển việc ký số các tệp còn thiếu cho tiến trình xử lý nền; trang này cho biết tiến độ."),
                "authority.decision", decision_id=found.id)


@bp.get("/decisions/<int:decision_id>/decision.pdf")
@role_required(Role.AUTHORITY)
def decision_pdf(decision_id: int):
    found = decision_of_my_authority(decision_id)
    return _stored_pdf(found.pdf_sha256, f"quyet-dinh-{found.number.replace('/', '-')}.pdf")


def certificate_of_my_authority(certificate_id: int) -> Certificate:
    return mine(Certificate, certificate_id)


@bp.get("/certificates/<int:certificate_id>.pdf")
@role_required(Role.AUTHORITY)
def certificate_pdf(certificate_id: int):
    """The signed file kept at issuance; for a revoked certificate a copy stamped "ĐÃ THU HỒI"."""
    certificate = certificate_of_my_authority(certificate_id)
    name = f"bang-khen-{certificate.golden_book_no}-{certificate.verify_code}"
    if not certificate.revoked:
        return _stored_pdf(certificate.pdf_sha256, f"{name}.pdf")
    store = press.press(signing=False).store
    if not certificate.pdf_sha256 or not store.exists(certificate.pdf_sha256):
        abort(404)
    pdf = documents.revoked_copy(store, certificate.pdf_sha256, revoking_decision_no=certificate.revoking_decision_no,
                                 revoked_at=certificate.revoked_at)
    return send_made_pdf(pdf, f"{name}-da-thu-hoi.pdf")


@bp.get("/certificates/<int:certificate_id>/original.pdf")
@role_required(Role.AUTHORITY)
def certificate_original_pdf(certificate_id: int):
    """The signed file exactly as issued, also once revoked: it is the record, to keep and to check."""
    certificate = certificate_of_my_authority(certificate_id)
    suffix = "-ban-goc-da-thu-hoi" if certificate.revoked else ""
    return _stored_pdf(certificate.pdf_sha256,
                       f"bang-khen-{certificate.golden_book_no}-{certificate.verify_code}{suffix}.pdf")


@bp.get("/certificates/<int:certificate_id>/print")
@role_required(Role.AUTHORITY)
def certificate_print(certificate_id: int):
    """Print one certificate (unsigned): on plain paper, or only the text onto a pre-printed blank."""
    certificate = certificate_of_my_authority(certificate_id)
    documents.refuse_if_revoked(certificate)
    form = PrintPreviewForm(request.args if request.args else None)
    if request.args and form.validate():
        settings = form.settings(press.press(signing=False).defaults)
        pdf = documents.printable(certificate, press=press.press(signing=False), settings=settings)
        # who printed which certificate, when (a replacement above all): issue 16
        corrections.record_print(db.session, certificate, by=current_user._get_current_object(), settings=settings)
        db.session.commit()
        return send_made_pdf(pdf, f"ban-in-{certificate.golden_book_no}.pdf", inline=True)
    return render_template("authority/print.html", form=form, certificate=certificate,
                           line=certificate.line), 400 if request.args else 200


@bp.post("/decisions/<int:decision_id>/print")
@role_required(Role.AUTHORITY)
def print_decision(decision_id: int):
    """Queue a printable PDF of all its certificates in force, rendered in the background."""
    found = decision_of_my_authority(decision_id)
    form = PrintForm()
    if not form.validate_on_submit():
        form_errors(form)
        return render_template("authority/print.html", form=form, decision=found), 400
    job = documents.request_print(db.session, found, by=current_user._get_current_object(),
                                  settings=form.settings(press.press(signing=False).defaults),
                                  base_url=public_base_url())
    db.session.commit()
    return redirect(url_for("authority.print_job", job_id=job.id), 303)


def job_of_my_authority(job_id: int) -> PrintJob:
    return mine(PrintJob, job_id, lambda job: job.decision.authority_id)


@bp.get("/print-jobs/<int:job_id>")
@role_required(Role.AUTHORITY)
def print_job(job_id: int):
    job = job_of_my_authority(job_id)
    response = make_response(render_template("authority/print_job.html", job=job,
                                             status=job_status(JobKind.PRINT, job.id)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/print-jobs/<int:job_id>.pdf")
@role_required(Role.AUTHORITY)
def print_job_pdf(job_id: int):
    job = job_of_my_authority(job_id)
    if job.status != PrintJobStatus.DONE:
        abort(404)
    return _stored_pdf(job.pdf_sha256, f"ban-in-quyet-dinh-{job.decision.number.replace('/', '-')}-{job.id}.pdf")


def _stored_pdf(sha256: str | None, name: str):
    return send_stored(sha256, name)


@bp.route("/nominations/<int:nomination_id>/revoke", methods=["GET", "POST"])
@role_required(Role.AUTHORITY)
def revoke(nomination_id: int):
    nomination = nomination_of_my_authority(nomination_id, Role.AUTHORITY)
    certificate = decisions.certificate_of(db.session, nomination)
    if certificate is None:
        abort(404)  # only a decided line can be revoked
    form = RevokeForm(version=nomination.version, recover_items=_certificate_object(certificate.line))
    if not form.validate_on_submit():
        form_errors(form)
        return render_template("authority/revoke.html", form=form, nomination=nomination, line=certificate.line,
                               allowed=may(nomination, Action.REVOKE, Role.AUTHORITY))
    decisions.revoke(db.session, nomination, by=current_user._get_current_object(),
                     expected_version=form.version.data, reason=form.reason.data,
                     revoking_decision_no=form.revoking_decision_no.data.strip(),
                     recover=recoveries.ToRecover(items=form.recover_items.data or "", money=form.recover_money.data,
                                                  amount=form.recover_amount.data))
    return done(_("Đã thu hồi khen thưởng của «%(name)s».", name=nomination.nominee.full_name),
                "authority.decision", decision_id=certificate.line.decision_id)


def _certificate_object(line) -> str:
    """What the revocation recovers by default: the certificate itself ("Bằng khen", "Giấy khen")."""
    return (line.award_type.certificate_title or "Bằng khen").capitalize()


def _draft_context(draft: DecisionDraft) -> dict:
    lines = queries.draft_lines(db.session, draft) if draft.status == DraftStatus.OPEN else []
    return {"draft": draft, "lines": lines, "number": queries.number_preview(db.session, draft),
            "actions": ActionBar(Role.AUTHORITY, only={Action.REFUSE}),
            "legal_basis": queries.legal_basis_lines(draft.nominations, draft.decision_date),
            "salary_warnings": salary_warnings(draft),
            "total": sum(line.amount or 0 for line in lines)}
