"""Issue 15, councils as the rules say: each recusal reason (the nominee, the proposing unit, a unit above or
below it on the meeting date, a declared relation), written ballots of absent members (recorded by the
secretariat with the scan, secret ones kept secret, counted: one changes the outcome), the three denominators."""
import hashlib
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from tests.factories import PDF, in_appraisal
from workflow.models import AgendaItem, AuditEvent, AwardType, BallotScan, ConflictDeclaration, UnitParent
from workflow.rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.nominees import NomineeKind
from workflow.rules.permissions import Grant, Relation, Role
from workflow.rules.tally import Choice, Denominator
from workflow.services import council, users

from .helpers import assert_event, audit_mark, meeting, on_agenda, one_event_since, refused, vote


def _user(session, world, name, unit, role=Role.COUNCIL_MEMBER):
    grant = (Grant(role, authority_id=world.authority.id) if role is Role.COUNCIL_MEMBER
             else Grant(role, unit_id=unit.id))
    return users.create_user(session, username=name, full_name=name.title(), password="mat-khau-thu-nghiem-1",
                             unit_id=unit.id, grants=(grant,))


# --- recusal: one answer, with its reason --------------------------------------------------------------

def test_the_nominee_does_not_vote_on_their_own_nomination(session, world, store):
    member = world.members[3]  # "Hoidong4", of the province: no unit conflict with district_a
    item = on_agenda(session, world, store, meeting(session, world), kind=NomineeKind.INDIVIDUAL, name="hoidong4")
    assert council.recusal_reason(item, member) == (
        "Thành viên là người (hoặc thuộc tập thể) được đề nghị khen thưởng trong hồ sơ này.")
    with refused(session, NotAllowed, "được đề nghị khen thưởng trong hồ sơ này", item.nomination):
        council.cast_vote(session, item, by=member, choice=Choice.AGREE)
    assert council.recusal_reason(item, world.members[4]) is None


def test_a_member_of_the_proposing_unit_is_recused_with_that_reason(session, world, store):
    item = on_agenda(session, world, store, meeting(session, world))  # proposed by district_a
    assert council.recusal_reason(item, world.members[0]) == (
        "Thành viên thuộc đơn vị đề nghị khen thưởng nên không tham gia biểu quyết hồ sơ này.")


def test_a_member_of_a_unit_above_the_proposer_on_the_meeting_date_is_recused(session, world, store):
    """members[0] sits in district_a; the commune is district_a's until 30/06/2025, the province's from
    01/07/2025: a session on 30/06 recuses the member, one on 01/07 does not. The province itself (the council's
    own unit) never counts as "above"."""
    world.commune.parent_periods = [
        UnitParent(parent_id=world.district_a.id, valid_from=date(2000, 1, 1), valid_to=date(2025, 6, 30)),
        UnitParent(parent_id=world.province.id, valid_from=date(2025, 7, 1))]
    officer = _user(session, world, "donvi.xa", world.commune, Role.UNIT_OFFICER)
    nomination = in_appraisal(session, world, store, officer=officer, award_type=world.giay_khen)
    before = council.create_session(session, by=world.secretariat, authority=world.authority, title="Họp 30/6",
                                    meeting_date=date(2025, 6, 30))
    item = council.to_council(session, nomination, before, by=world.secretariat,
                              expected_version=nomination.version)
    assert council.recusal_reason(item, world.members[0]) == (
        "Thành viên thuộc Huyện Vĩnh Lợi, đơn vị cấp trên của đơn vị đề nghị khen thưởng, nên không tham gia biểu "
        "quyết hồ sơ này.")
    assert council.recusal_reason(item, world.members[1]) is None  # the province: the council's own unit
    before.meeting_date = date(2025, 7, 1)
    assert council.recusal_reason(item, world.members[0]) is None


def test_a_member_of_a_unit_below_the_proposer_is_recused(session, world, store):
    below = _user(session, world, "hoidong.xa", world.commune)  # the commune is under district_a
    item = on_agenda(session, world, store, meeting(session, world))
    assert council.recusal_reason(item, below) == (
        "Thành viên thuộc Xã Vĩnh Hưng A, đơn vị trực thuộc đơn vị đề nghị khen thưởng, nên không tham gia biểu "
        "quyết hồ sơ này.")
    assert council.recusal_reason(on_agenda(session, world, store, meeting(session, world),
                                            officer=world.officer_b), below) is None  # district_b: unrelated


def test_a_declared_relation_recuses_the_member_and_is_audited(session, world, store):
    item = on_agenda(session, world, store, meeting(session, world))
    member = world.members[2]
    with refused(session, ValidationFailed, "ghi rõ quan hệ khác"):
        council.declare_relation(session, item, by=member, relation=Relation.OTHER)
    with refused(session, NotAllowed, "Chỉ thành viên Hội đồng"):
        council.declare_relation(session, item, by=world.secretariat, relation=Relation.SPOUSE)
    mark = audit_mark(session)
    council.declare_relation(session, item, by=member, relation=Relation.SIBLING)
    event = one_event_since(session, mark)
    assert_event(event, action="declare_relation", object_type="agenda_item", object_id=item.id, actor=member,
                 role="council_member", public=False)
    assert event.changes == {"nomination_id": item.nomination_id, "relation": "sibling", "note": ""}
    assert council.recusal_reason(item, member) == (
        "Thành viên đã khai báo có quan hệ với người được đề nghị khen thưởng (anh, chị, em ruột) nên không tham "
        "gia biểu quyết hồ sơ này.")
    with refused(session, NotAllowed, "anh, chị, em ruột", item.nomination):
        council.cast_vote(session, item, by=member, choice=Choice.AGREE)
    with refused(session, InvalidTransition, "đã khai báo"):
        council.declare_relation(session, item, by=member, relation=Relation.SPOUSE)


def test_a_relation_cannot_be_declared_after_ones_own_ballot(session, world, store):
    item = on_agenda(session, world, store, meeting(session, world))
    council.cast_vote(session, item, by=world.members[2], choice=Choice.AGREE)
    with refused(session, InvalidTransition, "trước khi bỏ phiếu"):
        council.declare_relation(session, item, by=world.members[2], relation=Relation.CHILD)
    assert session.scalar(select(ConflictDeclaration.id)) is None


def test_the_tally_leaves_out_every_recused_member_with_their_reasons(session, world, store):
    """Recused: members[0] (proposing unit) and members[2] (declared). 5 may vote, 4 agree: 80 % ≥ 70 %."""
    created = meeting(session, world)
    item = on_agenda(session, world, store, created)
    council.declare_relation(session, item, by=world.members[2], relation=Relation.SPOUSE)
    assert [(m.user_id, r.text()) for m, r in council.recusals(item)] == [
        (world.members[0].id, ("Thành viên thuộc đơn vị đề nghị khen thưởng nên không tham gia biểu quyết hồ sơ "
                              "này.")),
        (world.members[2].id, ("Thành viên đã khai báo có quan hệ với người được đề nghị khen thưởng (vợ hoặc "
                              "chồng) nên không tham gia biểu quyết hồ sơ này."))]
    vote(session, item, world.members[3:7])
    council.close_session(session, created, by=world.secretariat)
    item = session.get(AgendaItem, item.id)
    assert (item.result, item.recused_count) == ("passed", 2)
    assert item.result_reason == ("4/5 phiếu đồng ý (80% số thành viên được biểu quyết: 7 thành viên, trừ 2 thành "
                                  "viên không tham gia do liên quan), đạt ngưỡng 70%.")


# --- written ballots -----------------------------------------------------------------------------------

def _written(session, world, store, item, member, choice=Choice.AGREE, by=None):
    return council.record_written_ballot(session, item, by=by or world.secretariat, member=member, choice=choice,
                                         store=store, filename="phieu-bau.pdf", data=PDF)


@pytest.fixture()
def written_allowed(session, world) -> AwardType:
    """Chiến sĩ thi đua cấp tỉnh as the rules say: secret ballot, 90 % of all members, written ballots allowed."""
    world.chien_si.written_ballot_allowed = True
    session.flush()
    return world.chien_si


def test_a_written_ballot_changes_the_outcome(session, world, store, written_allowed):
    """Five of seven present, members[0] recused (district_a): 6 may vote, 90 % of 6 needs 6. Item 1 has the
    four ballots of the room only and fails; item 2 has the same four and the two absent members' written
    ballots, and passes."""
    created = meeting(session, world, present=world.members[:5])
    kw = dict(award_type=written_allowed, kind=NomineeKind.INDIVIDUAL)
    without, with_written = (on_agenda(session, world, store, created, name=n, **kw) for n in ("Ông A", "Bà B"))
    for item in (without, with_written):
        vote(session, item, world.members[1:5])
    for absent in world.members[5:7]:
        _written(session, world, store, with_written, absent)
    council.close_session(session, created, by=world.secretariat)
    without, with_written = session.get(AgendaItem, without.id), session.get(AgendaItem, with_written.id)
    assert (without.result, without.written_count) == ("failed", 0)
    assert without.result_reason.startswith("4/6 phiếu đồng ý (66,67% số thành viên được biểu quyết")
    assert (with_written.result, with_written.agree, with_written.written_count) == ("passed", 6, 2)
    assert with_written.result_reason == (
        "6/6 phiếu đồng ý (100% số thành viên được biểu quyết: 7 thành viên, trừ 1 thành viên không tham gia do "
        "liên quan), đạt ngưỡng 90%. Trong đó có 2 phiếu bằng văn bản của thành viên vắng mặt.")


def test_a_written_ballot_is_audited_with_its_scan_and_a_secret_one_keeps_no_choice(session, world, store,
                                                                                     written_allowed):
    created = meeting(session, world, present=world.members[:5])
    item = on_agenda(session, world, store, created, award_type=written_allowed, kind=NomineeKind.INDIVIDUAL)
    absent = world.members[6]
    mark = audit_mark(session)
    _written(session, world, store, item, absent, Choice.DISAGREE)
    event = one_event_since(session, mark)
    digest = hashlib.sha256(PDF).hexdigest()
    assert_event(event, action="record_written_ballot", object_type="agenda_item", object_id=item.id,
                 actor=world.secretariat, role="secretariat", public=False)
    assert event.changes == {"nomination_id": item.nomination_id, "member": absent.id, "scan": digest}
    assert session.execute(text("SELECT user_id, choice, written FROM ballot WHERE item_id = :id"),
                           {"id": item.id}).all() == [(absent.id, None, 1)]
    scan = session.scalar(select(BallotScan).where(BallotScan.item_id == item.id))
    assert (scan.sha256, scan.content_type, scan.recorded_by_id) == (digest, "application/pdf", world.secretariat.id)
    assert not hasattr(scan, "user_id") and store.read(digest) == PDF
    assert session.get(AgendaItem, item.id).disagree == 1


def test_a_written_ballot_is_refused_for_a_present_member_a_recused_one_and_twice(session, world, store,
                                                                                  written_allowed):
    created = meeting(session, world, present=world.members[1:6])
    item = on_agenda(session, world, store, created, award_type=written_allowed, kind=NomineeKind.INDIVIDUAL)
    with refused(session, ValidationFailed, "có mặt tại phiên họp bỏ phiếu trực tiếp"):
        _written(session, world, store, item, world.members[1])
    with refused(session, NotAllowed, "thuộc đơn vị đề nghị"):
        _written(session, world, store, item, world.members[0])  # absent, but recused: no written ballot either
    with refused(session, NotAllowed, "thường trực"):
        _written(session, world, store, item, world.members[6], by=world.members[1])
    _written(session, world, store, item, world.members[6])
    with refused(session, InvalidTransition, "đã có phiếu"):
        _written(session, world, store, item, world.members[6])


def test_a_written_ballot_is_refused_when_the_award_type_does_not_allow_it(session, world, store):
    created = meeting(session, world, present=world.members[:5])
    item = on_agenda(session, world, store, created)  # Bằng khen: no written ballots
    with refused(session, InvalidTransition, "không cho phép thành viên vắng mặt gửi phiếu bầu bằng văn bản"):
        _written(session, world, store, item, world.members[6])
    assert session.scalar(select(BallotScan.id)) is None


def test_a_written_ballot_is_refused_after_the_session_closed(session, world, store, written_allowed):
    created = meeting(session, world, present=world.members[:5])
    item = on_agenda(session, world, store, created, award_type=written_allowed, kind=NomineeKind.INDIVIDUAL)
    council.close_session(session, created, by=world.secretariat)
    with refused(session, InvalidTransition, "Phiên họp đã kết thúc"):
        _written(session, world, store, item, world.members[6])


def test_the_flag_is_frozen_on_the_item(session, world, store, written_allowed):
    created = meeting(session, world, present=world.members[:5])
    item = on_agenda(session, world, store, created, award_type=written_allowed, kind=NomineeKind.INDIVIDUAL)
    frozen = session.scalar(select(AuditEvent).where(AuditEvent.action == "to_council")
                            .order_by(AuditEvent.seq.desc()).limit(1))
    assert frozen.changes["rule"]["written_ballot_allowed"] is True  # the audit trail records the frozen flag
    written_allowed.written_ballot_allowed = False  # edited after the item was put on the agenda
    _written(session, world, store, item, world.members[6])
    assert item.written_allowed and item.rule().written


# --- the valid-ballots denominator, end to end ----------------------------------------------------------

def test_valid_ballots_divide_by_the_ballots_cast_written_included(session, world, store, written_allowed):
    """Valid ballots: 2 agree in the room, 1 written agree, 1 abstain = 3/4 = 75 %, under 90 %."""
    written_allowed.denominator, written_allowed.threshold_pct = Denominator.VALID, Decimal(75)
    created = meeting(session, world, present=world.members[:5])
    item = on_agenda(session, world, store, created, award_type=written_allowed, kind=NomineeKind.INDIVIDUAL)
    vote(session, item, world.members[1:3])
    vote(session, item, world.members[3:4], Choice.ABSTAIN)
    _written(session, world, store, item, world.members[5])
    council.close_session(session, created, by=world.secretariat)
    item = session.get(AgendaItem, item.id)
    assert item.result_reason == ("3/4 phiếu đồng ý (75% số phiếu hợp lệ), đạt ngưỡng 75%. Trong đó có 1 phiếu "
                                  "bằng văn bản của thành viên vắng mặt.")
    assert item.result == "passed"

