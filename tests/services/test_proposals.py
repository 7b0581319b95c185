"""Proposals with lists: an imported workbook becomes one proposal of draft lines, checked row by row by the
single nomination's own rules; the proposal is submitted, returned and resubmitted as one, each line through the
audited lifecycle with its processing clock; the secretariat still acts on single lines."""
from datetime import date, datetime

import pytest
from flask import current_app
from sqlalchemy import func, select

from tests import factories
from tests.proposal_lists import HEADER, row, workbook
from tests.services.helpers import audit_mark, events_since
from workflow.forms.proposals import read_list
from workflow.models import AttachmentKind, AuditEvent, Nomination, Proposal
from workflow.rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.proposals import ProposalState
from workflow.rules.states import Action, State
from workflow.services import nominations, proposal_queries, proposals
from workflow.services.proposals import ListRefused

NOW = datetime(2025, 3, 3, 3, 0)   # factories.TODAY, a Monday


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, 0)


def imported(session, world, rows, *, keep_valid=False, officer=None, unit=None):
    awards = proposal_queries.award_names(session, world.campaign, factories.TODAY)
    with current_app.test_request_context():   # the form's messages are translated for a request's locale
        lines = read_list(workbook(rows, awards.values()), awards)
    return proposals.import_list(session, by=officer or world.officer_a, campaign=world.campaign,
                                 proposing_unit=unit or world.district_a, header=HEADER, lines=lines,
                                 file_sha256="ab" * 32, keep_valid=keep_valid, now=NOW)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def with_reports(session, world, store, proposal):
    for line in proposal.lines:
        nominations.add_attachment(session, line, by=world.officer_a, store=store, filename="bc.pdf",
                                   data=factories.PDF, kind=AttachmentKind.ACHIEVEMENT_REPORT, now=NOW)


def test_a_50_row_import_makes_one_proposal_of_50_draft_lines(session, world):
    mark = audit_mark(session)
    outcome = imported(session, world, [row(n) for n in range(1, 51)])
    session.commit()
    proposal = session.scalars(select(Proposal)).one()
    assert outcome.problems == [] and len(outcome.saved) == 50
    assert [line.state for line in proposal.lines] == [State.DRAFT] * 50
    assert {line.letter_no for line in proposal.lines} == {"45/TTr-UBND"}
    assert proposal.lines[6].nominee.id_number == "089080000007"
    assert proposal.lines[0].nominee.birth_date == date(1980, 9, 5) and proposal.lines[0].nominee.gender == "male"
    assert proposal.lines[0].nominee.works_in_production is True
    assert proposal.state is ProposalState.DRAFT and proposal.import_rows == 50
    events = events_since(session, mark)
    imports = [e for e in events if e.action == Action.IMPORT_LIST]
    assert len(imports) == 1 and imports[0].changes["rows"] == 50 and imports[0].changes["sha256"] == "ab" * 32
    assert sum(1 for e in events if e.action == Action.CREATE and e.object_type == "nomination") == 50


def test_a_list_with_errors_is_refused_row_by_row_and_saves_nothing(session, world):
    rows = [row(1), row(2, kind="Cơ quan"), row(3, start="31/02/2024"), row(4, award="Huân chương Lao động"),
            row(5, cccd="12345"), row(6, summary=""), row(7, kind="Tập thể", award="Chiến sĩ thi đua cấp tỉnh"),
            row(8)]
    before = audit_mark(session)
    with pytest.raises(ListRefused) as refused:
        imported(session, world, rows)
    session.rollback()
    messages = [str(p) for p in refused.value.problems]
    assert any(m.startswith("Dòng 7, cột B: loại đối tượng «Cơ quan»") for m in messages)
    assert any(m.startswith("Dòng 8, cột G:") and "31/02/2024" in m for m in messages)
    assert any(m.startswith("Dòng 9, cột F:") and "Huân chương Lao động" in m for m in messages)
    assert any(m.startswith("Dòng 10, cột J:") and "12 chữ số" in m for m in messages)
    assert any(m.startswith("Dòng 11, cột I:") and "tóm tắt thành tích" in m for m in messages)
    # the service's own rule (the award type's kinds), placed in the award's column
    assert any(m.startswith("Dòng 12, cột F:") and "không áp dụng cho đối tượng tập thể" in m for m in messages)
    assert refused.value.valid_rows == 2
    assert count(session, Proposal) == 0 and count(session, Nomination) == 0
    assert audit_mark(session) == before


def test_a_row_repeating_another_achievement_is_refused_by_the_services_rule(session, world):
    with pytest.raises(ListRefused) as refused:
        imported(session, world, [row(1), row(2, cccd="089080000001")])
    assert [str(p)[:14] for p in refused.value.problems] == ["Dòng 7, cột C:"]
    assert "không khen nhiều lần cho một thành tích" in refused.value.problems[0].message


def test_saving_the_valid_rows_as_drafts_keeps_them_and_lists_the_others(session, world):
    outcome = imported(session, world, [row(1), row(2, kind="?"), row(3)], keep_valid=True)
    session.commit()
    assert [line.nominee.full_name for line in outcome.proposal.lines] == ["Nguyễn Văn Thứ 1", "Nguyễn Văn Thứ 3"]
    assert [p.row for p in outcome.problems] == [7]
    event = session.scalars(select(Proposal)).one()
    assert event.import_rows == 3


def test_saving_valid_rows_when_none_is_valid_is_refused(session, world):
    with pytest.raises(ListRefused):
        imported(session, world, [row(1, kind="?")], keep_valid=True)


def test_another_units_officer_cannot_import_into_this_unit(session, world):
    with pytest.raises(NotAllowed):
        imported(session, world, [row(1)], officer=world.officer_b)


def test_a_proposal_is_submitted_returned_and_resubmitted_as_one(session, world, store):
    proposal = imported(session, world, [row(n) for n in range(1, 4)]).proposal
    with_reports(session, world, store, proposal)
    session.commit()
    mark = audit_mark(session)
    proposals.submit(session, proposal, by=world.officer_a, expected_version=proposal.version, now=at(date(2025, 3, 3)))
    session.commit()
    assert proposal.state is ProposalState.SUBMITTED
    due = {line.id: line.processing_due_on for line in proposal.lines}
    assert all(due.values())
    nominations.accept(session, proposal.lines[0], by=world.secretariat, expected_version=proposal.lines[0].version)
    proposals.return_(session, proposal, by=world.secretariat, expected_version=proposal.version,
                      reason="Thiếu biên bản bình xét.", now=at(date(2025, 3, 10)))
    session.commit()
    assert proposal.state is ProposalState.RETURNED
    assert all(line.processing_due_on is None and line.processing_days_left for line in proposal.lines)
    left = proposal.lines[1].processing_days_left
    proposals.submit(session, proposal, by=world.officer_a, expected_version=proposal.version,
                     now=at(date(2025, 3, 17)))
    session.commit()
    assert [line.state for line in proposal.lines] == [State.SUBMITTED] * 3
    assert all(line.revision == 2 and line.processing_days_left is None for line in proposal.lines)
    assert proposal.lines[1].processing_due_on > due[proposal.lines[1].id]   # resumed, not restarted or lost
    assert left == 15
    events = events_since(session, mark)
    per_line = [(e.object_id, e.action) for e in events if e.object_type == "nomination"]
    for line in proposal.lines:
        assert [a for i, a in per_line if i == line.id and a != "accept"] == ["submit", "return", "resubmit"]
    own = [(e.action, e.to_state) for e in events if e.object_type == "proposal"]
    assert own == [("submit", "submitted"), ("return", "returned"), ("resubmit", "submitted")]


def test_a_line_that_cannot_move_refuses_the_whole_submission_naming_it(session, world, store):
    proposal = imported(session, world, [row(1), row(2)]).proposal
    nominations.add_attachment(session, proposal.lines[0], by=world.officer_a, store=store, filename="bc.pdf",
                               data=factories.PDF, kind=AttachmentKind.ACHIEVEMENT_REPORT)
    session.commit()
    mark = audit_mark(session)
    with pytest.raises(InvalidTransition) as refused:
        proposals.submit(session, proposal, by=world.officer_a, expected_version=proposal.version)
    session.rollback()
    assert "dòng 2 «Nguyễn Văn Thứ 2»" in refused.value.message and "báo cáo thành tích" in refused.value.message
    assert [line.state for line in proposal.lines] == [State.DRAFT, State.DRAFT]
    assert audit_mark(session) == mark


def test_the_secretariat_refuses_or_returns_a_single_line_inside_a_proposal(session, world, store):
    proposal = imported(session, world, [row(1), row(2), row(3)]).proposal
    with_reports(session, world, store, proposal)
    proposals.submit(session, proposal, by=world.officer_a, expected_version=proposal.version)
    first, second, third = proposal.lines
    nominations.return_(session, second, by=world.secretariat, expected_version=second.version,
                        reason="Sai ngày sinh.")
    nominations.withdraw(session, third, by=world.officer_a, expected_version=third.version, reason="Chuyển đợt.")
    session.commit()
    assert proposal.state is ProposalState.PARTLY_RETURNED
    proposals.submit(session, proposal, by=world.officer_a, expected_version=proposal.version)
    session.commit()
    assert (first.state, second.state, third.state) == (State.SUBMITTED, State.SUBMITTED, State.WITHDRAWN)
    assert second.revision == 2 and first.revision == 1
    nominations.accept(session, first, by=world.secretariat, expected_version=first.version)
    nominations.accept(session, second, by=world.secretariat, expected_version=second.version)
    assert proposal.state is ProposalState.ACCEPTED


def test_returning_a_proposal_with_a_line_in_public_notice_is_refused_naming_it(session, world, store):
    from workflow.services import notices
    proposal = imported(session, world, [row(1), row(2)]).proposal
    with_reports(session, world, store, proposal)
    proposals.submit(session, proposal, by=world.officer_a, expected_version=proposal.version)
    first = proposal.lines[0]
    nominations.accept(session, first, by=world.secretariat, expected_version=first.version)
    notices.open_notice(session, [first], by=world.secretariat, title="Lấy ý kiến", today=factories.TODAY,
                        expected_versions={first.id: first.version})
    session.commit()
    with pytest.raises(InvalidTransition) as refused:
        proposals.return_(session, proposal, by=world.secretariat, expected_version=proposal.version, reason="X")
    assert "dòng 1 «Nguyễn Văn Thứ 1»" in refused.value.message


def test_a_line_refused_after_an_upheld_objection_leaves_the_others_going_on(session, world, store):
    """Per-line refusal inside a proposal: the secretariat upholds a citizen's objection against one line (not
    awarded, the answer as the reason); the proposal's other line goes on, and the refused line keeps its own
    history."""
    from workflow.services import notices
    proposal = imported(session, world, [row(1), row(2)]).proposal
    with_reports(session, world, store, proposal)
    proposals.submit(session, proposal, by=world.officer_a, expected_version=proposal.version)
    first, second = proposal.lines
    for line in (first, second):
        nominations.accept(session, line, by=world.secretariat, expected_version=line.version)
    notice = notices.open_notice(session, [first], by=world.secretariat, title="Lấy ý kiến", today=factories.TODAY,
                                 expected_versions={first.id: first.version})
    comment = notices.receive_comment(session, notice, first, full_name="Trần Văn B", contact="0912 000 111",
                                      address="Ấp 1", body="Người này đã được khen cho cùng thành tích.",
                                      today=factories.TODAY)
    notices.uphold_objection(session, comment, by=world.secretariat, expected_version=first.version,
                             answer="Ý kiến đúng: thành tích đã được khen năm 2024.", outcome=State.NOT_AWARDED)
    session.commit()
    assert (first.state, second.state) == (State.NOT_AWARDED, State.IN_APPRAISAL)
    assert first.outcome_reason == "Ý kiến đúng: thành tích đã được khen năm 2024."
    assert proposal.state is ProposalState.ACCEPTED
    history = [e.action for e in session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "nomination", AuditEvent.object_id == first.id).order_by(AuditEvent.seq))]
    assert history[0] == "create" and history[-1] == "uphold_objection" and "submit" in history


def test_drafts_made_one_by_one_are_gathered_into_a_proposal_through_the_audited_edit(session, world, store):
    lines = [factories.make_nomination(session, world, store) for _ in range(2)]
    other = factories.make_nomination(session, world, store, officer=world.officer_b)
    mark = audit_mark(session)
    proposal = proposals.create(session, by=world.officer_a, campaign=world.campaign,
                                proposing_unit=world.district_a, header=HEADER, lines=lines)
    session.commit()
    assert [line.proposal_id for line in lines] == [proposal.id] * 2
    assert {(line.letter_no, line.letter_date) for line in lines} == {("45/TTr-UBND", date(2025, 2, 20))}
    events = events_since(session, mark)
    assert [(e.object_type, e.action) for e in events] == [("nomination", "edit")] * 2 + [("proposal", "create")]
    with pytest.raises(ValidationFailed, match="không cùng đơn vị đề nghị"):
        proposals.create(session, by=world.officer_a, campaign=world.campaign, proposing_unit=world.district_a,
                         header=HEADER, lines=[other])
