"""The council member's area: the sessions they are called to, each agenda item's summary sheet and ballot,
the tally once the session is closed, and the minutes (biên bản) as a printable page and a PDF."""
from io import BytesIO

from flask import Blueprint, abort, render_template, send_file
from flask_babel import get_locale, gettext
from flask_login import current_user

from ..extensions import db
from ..forms.council import CHOICE_LABELS, BallotForm, DeclarationForm
from ..models import AgendaItem, CouncilSession, FieldCheckFile
from ..rules.nominees import NOMINEE_KIND_LABELS
from ..rules.permissions import Role
from ..rules.tally import DENOMINATOR_RULES, WRITTEN_RULE, Choice, Reason, TallyResult, percent
from ..services import council, council_queries, documents, field_checks, word_documents
from ..templating import Translated
from .helpers import done, form_errors, paginate, role_required, scoped_or_404, send_made, send_stored

bp = Blueprint("council", __name__)

AGENDA_PER_PAGE = 10


def explain(result: TallyResult) -> str:
    """A tally's sentence in the reader's language (the stored record stays Vietnamese)."""
    mark = "." if get_locale() and get_locale().language == "en" else ","
    return result.explanation.text(gettext, pct=lambda value: percent(value, mark))


def tally_reason(item: AgendaItem) -> str:
    """Why the item passed or failed, from the numbers and the frozen rule it recorded; the stored Vietnamese
    sentence (the minutes' record) when those cannot say it."""
    result = council_queries.recorded_tally(item)
    return explain(result) if result else item.result_reason or ""


def outcome_reason(nomination) -> str:
    """Why a nomination was not awarded, for its pages: the council's tally in the reader's language when that is
    the reason recorded; a person's own words (a refusal, an upheld objection) as written."""
    stored = nomination.outcome_reason or ""
    item = council_queries.failed_item_of(db.session, nomination) if stored else None
    if item is not None and stored == council.failed_tally_reason(item.result_reason or ""):
        return gettext("Hội đồng không thông qua: %(reason)s", reason=tally_reason(item))
    return stored


@bp.app_context_processor
def outcome_helpers() -> dict:
    """Every area's nomination page says a council's "no" the same way."""
    return {"outcome_reason": outcome_reason}


def say(reason: Reason) -> str:
    """A service's sentence (a recusal, an absence) in the reader's language."""
    return reason.text(gettext)


def tally_helpers() -> dict:
    """For every page that shows a session: the translated reasons, how many may vote on an item, who may not
    and why (council.recusals, the one answer), and the denominator rules in words."""
    return {"tally_reason": tally_reason, "explain": explain, "entitled": council.entitled_count, "say": say,
            "recusals": council.recusals, "written_count": council.written_count,
            "DENOMINATOR_RULES": DENOMINATOR_RULES, "WRITTEN_RULE": WRITTEN_RULE}


@bp.context_processor
def labels() -> dict:
    return {"CHOICE_LABELS": CHOICE_LABELS, "NOMINEE_KIND_LABELS": Translated(NOMINEE_KIND_LABELS),
            "ABSENT_MESSAGE": gettext(council_queries.ABSENT), **tally_helpers()}


def session_of_mine(session_id: int) -> CouncilSession:
    """A session the user was called to; any other answers 404, so its existence does not leak."""
    meeting = db.session.get(CouncilSession, session_id)
    if meeting is None or meeting.member(current_user.id) is None:
        abort(404)
    return meeting


def item_of_mine(item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.session.member(current_user.id) is None:
        abort(404)
    return item


@bp.get("/")
@role_required(Role.COUNCIL_MEMBER)
def index():
    pagination = paginate(council_queries.sessions_of_member(current_user.id))
    return render_template("council/index.html", pagination=pagination)


@bp.get("/sessions/<int:session_id>")
@role_required(Role.COUNCIL_MEMBER)
def session(session_id: int):
    return _session_page(session_of_mine(session_id))


@bp.post("/items/<int:item_id>/vote")
@role_required(Role.COUNCIL_MEMBER)
def vote(item_id: int):
    item = item_of_mine(item_id)
    form = BallotForm()
    if not form.validate_on_submit():
        form_errors(form)
        return _session_page(item.session, bound=(item.id, form)), 400
    council.cast_vote(db.session, item, by=current_user._get_current_object(), choice=Choice(form.choice.data))
    page = council_queries.page_of(db.session, item, AGENDA_PER_PAGE)
    return done(gettext("Phiếu biểu quyết của bạn đã được ghi nhận."), "council.session", session_id=item.session_id,
                page=page, _anchor=f"muc-{item.id}")


@bp.post("/items/<int:item_id>/declare")
@role_required(Role.COUNCIL_MEMBER)
def declare(item_id: int):
    """Khai báo quan hệ: the member declares a relation with the nominee and from then on does not vote on it."""
    item = item_of_mine(item_id)
    form = DeclarationForm()
    if not form.validate_on_submit():
        form_errors(form)
        return _session_page(item.session), 400
    council.declare_relation(db.session, item, by=current_user._get_current_object(), relation=form.relation.data,
                             note=form.note.data or "")
    page = council_queries.page_of(db.session, item, AGENDA_PER_PAGE)
    return done(gettext("Đã ghi nhận khai báo quan hệ; bạn không tham gia biểu quyết hồ sơ này."), "council.session",
                session_id=item.session_id, page=page, _anchor=f"muc-{item.id}")


@bp.get("/items/<int:item_id>/field-checks/files/<int:file_id>")
@role_required(Role.COUNCIL_MEMBER)
def field_check_file(item_id: int, file_id: int):
    """A photo or the minutes of a field check of an item on the agenda of a session the member is called to."""
    item = item_of_mine(item_id)
    found = scoped_or_404(FieldCheckFile, file_id, lambda f: f.field_check.nomination_id == item.nomination_id)
    return send_stored(found.sha256, found.filename, mimetype=found.content_type)


@bp.get("/sessions/<int:session_id>/minutes")
@role_required(Role.COUNCIL_MEMBER)
def minutes(session_id: int):
    """Biên bản: the whole record on one page, unpaginated, since it is printed and signed as one document."""
    meeting = session_of_mine(session_id)
    return render_template("council/minutes.html", meeting=meeting,
                           cast=council_queries.ballots_cast(db.session, [i.id for i in meeting.items]),
                           checks=field_checks.panels(db.session, [i.nomination for i in meeting.items]))


@bp.get("/sessions/<int:session_id>/minutes.pdf")
@role_required(Role.COUNCIL_MEMBER)
def minutes_pdf(session_id: int):
    """The closed session's minutes as a PDF to print and sign (unsigned: the signatures are on paper)."""
    from certificates.minutes import render_minutes
    meeting = session_of_mine(session_id)
    pdf = render_minutes(documents.minutes_data(meeting))
    return send_file(BytesIO(pdf), mimetype="application/pdf", as_attachment=True,
                     download_name=f"bien-ban-phien-hop-{meeting.id}.pdf", max_age=0)


@bp.get("/sessions/<int:session_id>/bien-ban.docx")
@role_required(Role.COUNCIL_MEMBER)
def minutes_docx(session_id: int):
    """The closed session's minutes in Word: the same record as the PDF, to print and sign."""
    return send_made(word_documents.minutes(session_of_mine(session_id)))


@bp.get("/sessions/<int:session_id>/to-trinh.docx")
@role_required(Role.COUNCIL_MEMBER)
def proposal_docx(session_id: int):
    """The standing body's letter putting the agenda before the council: what the members vote on."""
    return send_made(word_documents.proposal_letter(db.session, session_of_mine(session_id)))


def _session_page(meeting: CouncilSession, bound: tuple[int, BallotForm] | None = None) -> str:
    """The session with one page of its agenda; `bound` keeps a just-posted ballot form and its errors."""
    pagination = paginate(council_queries.agenda(meeting.id), per_page=AGENDA_PER_PAGE)
    sheets = council_queries.sheets(db.session, pagination.items, current_user._get_current_object())
    forms = {s.item.id: BallotForm(formdata=None) for s in sheets if s.may_vote}
    if bound and bound[0] in forms:
        forms[bound[0]] = bound[1]
    return render_template("council/session.html", meeting=meeting, me=meeting.member(current_user.id),
                           pagination=pagination, sheets=sheets, forms=forms, declaration=DeclarationForm(formdata=None),
                           field_checks=field_checks.panels(db.session, [s.nomination for s in sheets]),
                           cast=council_queries.ballots_cast(db.session, [s.item.id for s in sheets]))
