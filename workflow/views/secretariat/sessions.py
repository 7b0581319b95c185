"""Council sessions (phiên họp Hội đồng): the list, calling a session, attendance, putting eligible
nominations on the agenda (Trình Hội đồng; the service's refusals are shown as messages), and closing the
session after a confirmation, which tallies every item."""
from flask import abort, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from ...extensions import db
from ...files import file_store
from ...forms.council import WrittenBallotForm
from ...forms.secretariat import AgendaForm, AttendanceForm, ConfirmForm, RescheduleForm, SessionForm
from ...models import AgendaItem, Authority, CouncilSession, User
from ...rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from ...rules.permissions import Role
from ...services import clock, council, council_queries, lookups, red_flags, word_documents
from ..council import tally_helpers
from ..helpers import done, form_errors, paginate, role_required, send_made
from . import bp
from ._common import my_authorities, nomination_or_404, refused, session_or_404


bp.context_processor(tally_helpers)


@bp.get("/sessions")
@role_required(Role.SECRETARIAT)
def sessions():
    page = paginate(lookups.sessions_of(my_authorities()))
    return render_template("secretariat/sessions.html", page=page)


@bp.route("/sessions/new", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def session_new():
    authorities = [db.session.get(Authority, i) for i in sorted(my_authorities())]
    members = [(a, m) for a in authorities for m in council.council_members(db.session, a.id)]
    form = SessionForm(meeting_date=clock.today(), authority_id=authorities[0].id,
                       chair_id=members[0][1].id if members else None)
    form.authority_id.choices = [SelectChoice(a.id, a.name) for a in authorities]
    form.chair_id.choices = [SelectChoice(m.id, m.full_name + (f" ({a.name})" if len(authorities) > 1 else ""))
                             for a, m in members]
    error = None
    if form.validate_on_submit():
        try:
            meeting = council.create_session(db.session, by=current_user, authority=db.session.get(
                Authority, form.authority_id.data), title=form.title.data, meeting_date=form.meeting_date.data,
                chair_id=form.chair_id.data)
            return done(_("Đã lập phiên họp; mời ghi điểm danh và đưa hồ sơ vào chương trình họp."),
                        ".session", session_id=meeting.id)
        except ValidationFailed as refusal:  # e.g. the authority has no council members yet
            db.session.rollback()
            if refusal.field == "chair_id":
                form.chair_id.errors = [refusal.message]
            else:
                error = refusal.message
    form_errors(form)
    return render_template("secretariat/session_form.html", form=form, error=error)


def _member_choices(meeting: CouncilSession) -> list[SelectChoice]:
    return [SelectChoice(m.user_id, m.user.full_name + (f" ({m.user.unit.name})" if m.user.unit else ""))
            for m in meeting.members]


def _session_page(meeting: CouncilSession, attendance: AttendanceForm | None = None):
    form = attendance or AttendanceForm(formdata=None, present=[m.user_id for m in meeting.members if m.present])
    form.present.choices = _member_choices(meeting)
    agenda = paginate(lookups.agenda_of(meeting))
    written = WrittenBallotForm(formdata=None)
    written.member_id.choices = [SelectChoice(m.user_id, m.user.full_name) for m in meeting.members if not m.present]
    return render_template("secretariat/session.html", meeting=meeting, attendance=form, agenda=agenda,
                           cast=council_queries.ballots_cast(db.session, [i.id for i in agenda.items]),
                           written=written, reschedule=RescheduleForm(formdata=None, meeting_date=meeting.meeting_date))


@bp.get("/sessions/<int:session_id>")
@role_required(Role.SECRETARIAT)
def session(session_id: int):
    return _session_page(session_or_404(session_id))


@bp.get("/sessions/<int:session_id>/to-trinh.docx")
@role_required(Role.SECRETARIAT)
def proposal_docx(session_id: int):
    """Tờ trình: the agenda's nominations put before the council, in Word, for the standing body to sign."""
    return send_made(word_documents.proposal_letter(db.session, session_or_404(session_id)))


@bp.get("/sessions/<int:session_id>/bien-ban.docx")
@role_required(Role.SECRETARIAT)
def minutes_docx(session_id: int):
    return send_made(word_documents.minutes(session_or_404(session_id)))


@bp.post("/sessions/<int:session_id>/attendance")
@role_required(Role.SECRETARIAT)
def attendance(session_id: int):
    meeting = session_or_404(session_id)
    form = AttendanceForm()
    form.present.choices = _member_choices(meeting)
    if not form.validate_on_submit():
        return _session_page(meeting, form), 400
    try:
        council.record_attendance(db.session, meeting, by=current_user, present_user_ids=set(form.present.data))
    except (InvalidTransition, ValidationFailed) as error:
        return refused(error, ".session", session_id=meeting.id)
    return done(_("Đã lưu điểm danh: %(present)d/%(members)d thành viên có mặt.", present=len(form.present.data),
                  members=len(meeting.members)),
                ".session", session_id=meeting.id)


@bp.get("/sessions/<int:session_id>/candidates")
@role_required(Role.SECRETARIAT)
def candidates(session_id: int):
    meeting = session_or_404(session_id)
    day = meeting.meeting_date  # the window is measured to the meeting date (council.window_refusal)
    page = paginate(lookups.agenda_candidates(meeting.authority_id, day))
    return render_template("secretariat/candidates.html", meeting=meeting, page=page, day=day,
                           rows=lookups.candidates(db.session, page.items), form=AgendaForm(formdata=None),
                           waiting=lookups.still_disclosed(db.session, meeting.authority_id, day))


@bp.post("/sessions/<int:session_id>/agenda")
@role_required(Role.SECRETARIAT)
def to_council(session_id: int):
    meeting = session_or_404(session_id)
    form = AgendaForm()
    if not form.validate_on_submit() or not form.nomination_id.data.isdigit():
        return refused(ValidationFailed(_("Thao tác không hợp lệ; vui lòng tải lại trang.")), ".candidates",
                       session_id=meeting.id)
    nomination = nomination_or_404(int(form.nomination_id.data))
    try:
        council.to_council(db.session, nomination, meeting, by=current_user, expected_version=form.version.data,
                           flag_settings=red_flags.settings_from(current_app.config))
    except (InvalidTransition, ValidationFailed) as error:
        return refused(error, ".candidates", session_id=meeting.id)
    return done(_("Đã trình Hội đồng hồ sơ «%(name)s».", name=nomination.nominee.full_name), ".candidates",
                session_id=meeting.id)


@bp.route("/sessions/<int:session_id>/close", methods=["GET", "POST"])
@role_required(Role.SECRETARIAT)
def close(session_id: int):
    meeting = session_or_404(session_id)
    form = ConfirmForm()
    if meeting.is_open and form.validate_on_submit():
        council.close_session(db.session, meeting, by=current_user)
        return done(_("Đã kết thúc phiên họp và kiểm phiếu."), ".session", session_id=meeting.id)
    preview = lookups.tally_preview(db.session, meeting) if meeting.is_open else []
    return render_template("secretariat/close_confirm.html", meeting=meeting, form=form, preview=preview)


@bp.post("/sessions/<int:session_id>/date")
@role_required(Role.SECRETARIAT)
def reschedule(session_id: int):
    meeting = session_or_404(session_id)
    form = RescheduleForm()
    if not form.validate_on_submit():
        return refused(ValidationFailed(_("Cần chọn ngày họp.")), ".session", session_id=meeting.id)
    try:
        council.reschedule(db.session, meeting, by=current_user, meeting_date=form.meeting_date.data)
    except (InvalidTransition, ValidationFailed) as error:
        return refused(error, ".session", session_id=meeting.id)
    return done(_("Đã đổi ngày họp."), ".session", session_id=meeting.id)


@bp.post("/sessions/items/<int:item_id>/written-ballot")
@role_required(Role.SECRETARIAT)
def written_ballot(item_id: int):
    """Phiếu bầu bằng văn bản: the secretariat records an absent member's written ballot with its scan."""
    item = db.session.get(AgendaItem, item_id)
    if item is None:
        abort(404)
    meeting = session_or_404(item.session_id)
    form = WrittenBallotForm()
    member = db.session.get(User, form.member_id.data or 0) if form.validate_on_submit() else None
    if member is None:
        return refused(ValidationFailed(_("Cần chọn thành viên vắng mặt và ý kiến ghi trên phiếu.")), ".session",
                       session_id=meeting.id)
    filename, data = form.upload()
    try:
        council.record_written_ballot(db.session, item, by=current_user, member=member, choice=form.choice.data,
                                      store=file_store(), filename=filename, data=data)
    except (InvalidTransition, ValidationFailed, NotAllowed) as error:
        return refused(error, ".session", session_id=meeting.id)
    return done(_("Đã ghi nhận phiếu bầu bằng văn bản của %(name)s.", name=member.full_name), ".session",
                session_id=meeting.id)
