"""One scene for the route-wide security tests: the factories' world, plus an object in every place a URL can
point to (a nomination of unit A in each stage, one of unit B, attachments public and private, a notice with
a citizen's comment and its evidence, council sessions, a decision draft, an issued decision with its
certificate PDF, and a row of every catalogue table). Built once per module through the real services.

Only ids are kept, so the scene outlives the session that built it.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from tests import factories
from tests.factories import PDF, TODAY, World
from workflow.models import (AttachmentKind, CalendarDayKind, CouncilSession, Job, JobKind, JobState, PrintJob,
                             PrintJobStatus, User)
from workflow.services import council, decisions, nominations, notices
from workflow.services.admin import campaigns as admin_campaigns
from workflow.services.admin import tables as admin_tables
from workflow.services.blobs import FileStore

ROLES = ("anonymous", "officer_a", "officer_b", "secretariat", "council", "authority", "admin")


@dataclass
class Scene:
    users: dict[str, int]             # role → user id (no entry for anonymous)
    draft_a: int                      # unit A's draft, with a public report and a private file
    draft_a_public_file: int
    draft_a_private_file: int
    draft_b: int                      # unit B's draft
    submitted_a: int
    submitted_a_file: int
    appraisal_a: int
    notice: int                       # open public notice on `notice_a`
    notice_a: int
    notice_public_file: int           # the disclosed nomination's public report
    notice_private_file: int          # … and its private file
    comment: int
    comment_code: str
    evidence_file: int                # the citizen's attachment (never public)
    open_session: int                 # a council session with `open_item` on its agenda
    open_item: int
    closed_session: int
    endorsed: int                     # endorsed, in `decision_draft`
    decision_draft: int
    awarded: int
    decision: int
    decision_line: int
    verify_code: str
    certificate: int
    print_job: int                    # a finished print batch of `decision`
    award_type: int
    campaign: int
    indicator: int
    target: int
    calendar_day: int
    unit: int
    grant: int                        # officer B's role grant
    other_user: int                   # an account the admin looks at (officer B)
    job: int                          # the background job of `print_job`, failed (the admin may retry it)
    issuer: int                       # the authority (its validity and signers, on the admin's screens)
    signer: int
    proposal: int = 0                 # issue 16: unit A's proposal of one line, sent, with its letter's scan
    field_check_file: int = 0         # issue 17: the minutes of the field check of `open_item`'s nomination
    open_item_nomination: int = 0     # … that nomination (unit A's, in council)
    api_client: int = 0               # issue 18: unit A's integration client (its token is not kept)


def build(session: Session, store: FileStore) -> Scene:
    world = factories.make_world(session)
    session.flush()
    draft_a = factories.make_nomination(session, world, store)
    private_a = _private_file(session, world, store, draft_a)
    draft_b = factories.make_nomination(session, world, store, officer=world.officer_b)
    submitted_a = factories.submitted(session, world, store)
    appraisal_a = factories.in_appraisal(session, world, store)
    notice_a, notice, private_notice = _disclosed_with_private_file(session, world, store)
    comment = notices.receive_comment(session, notice, notice_a, full_name="Nguyễn Văn Út", contact="0912 345 678",
                                      address="Ấp Xóm Lớn", body="Tôi đồng tình.", today=TODAY,
                                      attachment=("anh.pdf", PDF), store=store)
    open_session, open_item, field_check_file, open_item_nomination = _open_session_with_item(session, world, store)
    endorsed = factories.endorsed(session, world, store)
    closed_session = _last_closed_session(session)
    draft = decisions.prepare_draft(session, [endorsed], by=world.secretariat, signer=world.signer,
                                    decision_date=TODAY)
    awarded = factories.awarded(session, world, store)
    certificate = decisions.certificate_of(session, awarded)
    certificate.pdf_sha256 = certificate.line.decision.pdf_sha256 = store.put(PDF)
    # a finished batch as the background worker leaves it (rendering one here would cost seconds)
    job = PrintJob(decision_id=certificate.line.decision_id, requested_by_id=world.chair.id, total=1, done=1,
                   status=PrintJobStatus.DONE, pdf_sha256=store.put(PDF + b"% in\n"))
    session.add(job)
    session.flush()
    background = Job(kind=JobKind.PRINT, subject_id=job.id, state=JobState.FAILED, attempts=1, base_url="",
                     error="Ổ đĩa lưu trữ tệp đã đầy.", requested_by_id=world.chair.id)
    session.add(background)
    indicator = admin_campaigns.create_indicator(session, world.campaign, by=world.admin, code="XA_NTM",
                                                 name="Số xã đạt chuẩn nông thôn mới")
    target = admin_campaigns.set_target(session, indicator, by=world.admin, unit=world.district_a, value=5,
                                        comparator="at_least")
    day = admin_tables.add_calendar_day(session, by=world.admin, day=date(2025, 5, 5), kind=CalendarDayKind.DAY_OFF,
                                        note="Nghỉ bù lễ 30/4")
    session.flush()
    return Scene(
        users=_users(world), draft_a=draft_a.id, draft_a_public_file=draft_a.attachments[0].id,
        draft_a_private_file=private_a, draft_b=draft_b.id, submitted_a=submitted_a.id,
        submitted_a_file=submitted_a.attachments[0].id, appraisal_a=appraisal_a.id,
        notice=notice.id, notice_a=notice_a.id, notice_public_file=notice_a.attachments[0].id,
        notice_private_file=private_notice, comment=comment.id, comment_code=comment.receipt_code,
        evidence_file=comment.attachments[0].id, open_session=open_session, open_item=open_item,
        closed_session=closed_session, endorsed=endorsed.id,
        decision_draft=draft.id, awarded=awarded.id, decision=certificate.line.decision_id,
        decision_line=certificate.line.id, verify_code=certificate.verify_code, certificate=certificate.id,
        print_job=job.id, award_type=world.bang_khen.id,
        campaign=world.campaign.id, indicator=indicator.id, target=target.id, calendar_day=day.id,
        unit=world.district_b.id, grant=_grant_of(world.officer_b), other_user=world.officer_b.id,
        job=background.id, issuer=world.authority.id, signer=world.signer.id,
        proposal=_sent_proposal(session, world, store), field_check_file=field_check_file,
        open_item_nomination=open_item_nomination, api_client=_api_client(session, world))


def _api_client(session: Session, world: World) -> int:
    from workflow.services import api_clients
    return api_clients.issue(session, by=world.admin, name="Hệ thống quản lý văn bản", unit=world.district_a,
                             scopes=["proposals:read", "proposals:write"]).client.id


def _sent_proposal(session: Session, world: World, store: FileStore) -> int:
    from workflow.services import proposals
    line = factories.make_nomination(session, world, store)
    proposal = proposals.create(session, by=world.officer_a, campaign=world.campaign, proposing_unit=world.district_a,
                                header=proposals.Header("45/TTr-UBND", TODAY, "Nguyễn Văn Tư", "Chủ tịch"),
                                lines=[line])
    proposals.attach_scan(session, proposal, by=world.officer_a, store=store, filename="to-trinh.pdf", data=PDF,
                          expected_version=proposal.version)
    proposals.submit(session, proposal, by=world.officer_a, expected_version=proposal.version)
    return proposal.id


def _users(world: World) -> dict[str, int]:
    return {"officer_a": world.officer_a.id, "officer_b": world.officer_b.id, "secretariat": world.secretariat.id,
            "council": world.members[1].id, "authority": world.chair.id, "admin": world.admin.id}


def _private_file(session: Session, world: World, store: FileStore, nomination) -> int:
    item = nominations.add_attachment(session, nomination, by=world.officer_a, store=store, filename="ly-lich.pdf",
                                      data=PDF + b"% private\n", kind=AttachmentKind.OTHER, is_public=False)
    return item.id


def _disclosed_with_private_file(session: Session, world: World, store: FileStore):
    nomination = factories.make_nomination(session, world, store)
    private = _private_file(session, world, store, nomination)
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    nominations.accept(session, nomination, by=world.secretariat, expected_version=nomination.version)
    notice = notices.open_notice(session, [nomination], by=world.secretariat, title="Lấy ý kiến nhân dân",
                                 expected_versions={nomination.id: nomination.version}, today=TODAY)
    return nomination, notice, private


def _open_session_with_item(session: Session, world: World, store: FileStore) -> tuple[int, int, int, int]:
    """The item's nomination (unit A's) had a field check with its minutes before it went to the council."""
    nomination, notice = factories.in_notice(session, world, store, kind=factories.NomineeKind.HOUSEHOLD)
    check = factories.field_check(session, world, store, nomination)
    meeting = factories.new_session(session, world)
    council.to_council(session, nomination, meeting, by=world.secretariat, expected_version=nomination.version,
                       today=notice.end_date + timedelta(days=1))
    return meeting.id, meeting.items[-1].id, check.files[0].id, nomination.id


def _last_closed_session(session: Session) -> int:
    return session.scalar(select(CouncilSession.id).where(CouncilSession.closed_at.is_not(None))
                          .order_by(CouncilSession.id.desc()).limit(1))


def _grant_of(user: User) -> int:
    return user.grants[0].id
