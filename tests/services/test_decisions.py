"""Service tests for workflow.services.decisions: decide allocates the decision number, the golden-book number
and the certificate in one transaction, numbers never repeat, prize money follows the base salary table,
refuse and revoke carry their reasons, and the database's unique constraints stand behind the counters."""
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from tests.factories import TODAY, endorsed, in_council
from workflow.models import Authority, Certificate, Decision, DecisionLine, IssuerCounter, Job, Nomination, Signer
from workflow.rules.errors import Conflict, InvalidTransition, NotAllowed, ValidationFailed
from workflow.rules.nominees import NomineeKind
from workflow.services import decisions

from .helpers import (assert_event, audit_mark, decide, endorsed_many, events_since,
                      one_event_since, refused)


def _count(session, model) -> int:
    query = select(func.count()).select_from(model)
    if model is IssuerCounter:  # the council's minutes are numbered from a series of their own
        query = query.where(~IssuerCounter.series.startswith("minutes:"))
    return session.scalar(query)


# --- decide ----------------------------------------------------------------------------------------------

def test_decide_writes_one_public_event_per_nomination(session, world, store):
    batch = endorsed_many(session, world, store, 3)
    mark = audit_mark(session)
    decision = decide(session, world, batch)
    events = events_since(session, mark)
    assert [e.object_id for e in events] == [n.id for n in batch]
    for event, line in zip(events, decision.lines, strict=True):
        assert_event(event, action="decide", object_id=line.nomination_id, actor=world.chair, role="authority",
                     public=True, from_state="endorsed", to_state="awarded")
        assert event.changes == {"decision": "1/QĐ-UBND", "decision_date": "2025-03-03", "signer": "Phạm Văn Thiều",
                                 "prize_amount": 710_000, "golden_book_no": line.certificate.golden_book_no}
    assert {n.state for n in batch} == {"awarded"}


def test_decide_allocates_number_golden_book_numbers_and_certificates_together(session, world, store):
    batch = endorsed_many(session, world, store, 2)
    decision = decide(session, world, batch, title="Về việc tặng Giấy khen", proposal="Xét đề nghị của Sở Nội vụ")
    session.commit()
    decision = session.get(Decision, decision.id)
    assert (decision.number, decision.year, decision.seq) == ("1/QĐ-UBND", 2025, 1)
    assert (decision.signer_name, decision.signer_title, decision.issued_by_id) == ("Phạm Văn Thiều", "CHỦ TỊCH",
                                                                                   world.chair.id)
    assert decision.legal_basis == "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;"
    assert [line.nomination_id for line in decision.lines] == [n.id for n in batch]
    assert [line.position for line in decision.lines] == [1, 2]
    assert [line.certificate.golden_book_no for line in decision.lines] == [1, 2]
    assert decision.total_prize == 2 * 710_000
    assert {c.authority_id for c in session.scalars(select(Certificate))} == {world.authority.id}
    assert decisions.certificate_of(session, batch[1]).golden_book_no == 2
    counters = dict(session.execute(select(IssuerCounter.series, IssuerCounter.value)
                                    .where(~IssuerCounter.series.startswith("minutes:"))).all())
    assert counters == {"decision:2025": 1, "golden_book": 2}


def test_a_rolled_back_decision_leaves_no_number_used(session, world, store):
    batch = endorsed_many(session, world, store, 2)
    session.commit()
    decide(session, world, batch)
    session.rollback()  # e.g. the caller failed after the service returned
    assert (_count(session, Decision), _count(session, Certificate), _count(session, IssuerCounter)) == (0, 0, 0)
    assert {n.state for n in batch} == {"endorsed"}
    decision = decide(session, world, batch)
    assert decision.number == "1/QĐ-UBND"
    assert [line.certificate.golden_book_no for line in decision.lines] == [1, 2]


def test_decision_and_golden_book_numbers_never_repeat(session, world, store):
    batch = endorsed_many(session, world, store, 9)
    issued = [decide(session, world, batch[i:i + 3], on=date(2025, 3, 3 + i)) for i in (0, 3, 6)]
    session.commit()
    assert [d.number for d in issued] == ["1/QĐ-UBND", "2/QĐ-UBND", "3/QĐ-UBND"]
    golden = [line.certificate.golden_book_no for d in issued for line in d.lines]
    assert golden == list(range(1, 10))
    codes = session.scalars(select(Certificate.verify_code)).all()
    assert len(set(codes)) == 9 and all(len(code) >= 16 for code in codes)
    assert decisions.next_number_preview(session, world.authority, date(2025, 12, 31)) == "4/QĐ-UBND"


def test_decision_numbers_restart_on_the_first_of_january_while_the_golden_book_runs_on(session, world, store):
    batch = endorsed_many(session, world, store, 5)
    last_of_2025 = [decide(session, world, batch[:2], on=date(2025, 12, 30)),
                    decide(session, world, batch[2:3], on=date(2025, 12, 31))]
    first_of_2026 = decide(session, world, batch[3:], on=date(2026, 1, 1))
    session.commit()
    assert [d.number for d in last_of_2025] == ["1/QĐ-UBND", "2/QĐ-UBND"]
    assert (first_of_2026.number, first_of_2026.year, first_of_2026.seq) == ("1/QĐ-UBND", 2026, 1)
    assert [line.certificate.golden_book_no for line in first_of_2026.lines] == [4, 5]
    assert decisions.next_number_preview(session, world.authority, date(2026, 6, 1)) == "2/QĐ-UBND"


def test_each_authority_numbers_its_own_decisions(session, world, store):
    other = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", issuer_title="CHỦ TỊCH", organ_name="UBND",
                      place_name="Cà Mau")
    session.add(other)
    session.flush()
    session.add(IssuerCounter(authority_id=other.id, series="decision:2025", value=41))
    decision = decide(session, world, endorsed_many(session, world, store, 1))
    assert decision.number == "1/QĐ-UBND"


# --- prize money -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("award", "kind", "on", "amount", "base"), [
    ("giay_khen", NomineeKind.INDIVIDUAL, date(2025, 3, 3), 710_000, 2_340_000),      # 0.3 × 2,340,000 = 702,000
    ("giay_khen", NomineeKind.COLLECTIVE, date(2025, 3, 3), 1_410_000, 2_340_000),    # 0.6 × … = 1,404,000
    ("giay_khen", NomineeKind.INDIVIDUAL, date(2024, 6, 30), 540_000, 1_800_000),     # before 1 Jul 2024
    ("giay_khen", NomineeKind.INDIVIDUAL, date(2024, 7, 1), 710_000, 2_340_000),      # the day the rise applies
    ("bang_khen", NomineeKind.COLLECTIVE, date(2024, 6, 28), 3_600_000, 1_800_000),   # 2.0 × 1,800,000
    ("chien_si", NomineeKind.INDIVIDUAL, date(2025, 3, 3), 7_020_000, 2_340_000),     # exact: no rounding
])
def test_prize_money_is_the_coefficient_times_the_base_salary_rounded_up(session, world, store, award, kind, on,
                                                                          amount, base):
    award_type = getattr(world, award)
    officer = world.officer_b  # no recusal, so every member may vote
    nomination = endorsed_many(session, world, store, 1, award_type=award_type, kind=kind, officer=officer)[0] \
        if not award_type.disclosure_required else endorsed(session, world, store, award_type=award_type, kind=kind,
                                                            officer=officer)
    decision = decide(session, world, [nomination], on=on)
    line = decision.lines[0]
    assert (line.base_salary, line.prize_amount) == (base, amount)
    assert line.coefficient == getattr(award_type, f"coefficient_{kind}")


def test_a_decision_dated_before_any_base_salary_is_refused(session, world, store):
    nomination = endorsed_many(session, world, store, 1)[0]
    nomination.award_type.effective_from = date(2023, 1, 1)   # in force that day: only the salary is missing
    with refused(session, ValidationFailed, "Chưa có mức lương cơ sở áp dụng cho ngày 30/06/2023", nomination):
        decide(session, world, [nomination], on=date(2023, 6, 30))
    assert _count(session, IssuerCounter) == 0


# --- decide refusals ---------------------------------------------------------------------------------

def test_a_decision_needs_a_signer_of_the_same_authority(session, world, store):
    nomination = endorsed_many(session, world, store, 1)[0]
    other = Authority(name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau", issuer_title="CHỦ TỊCH", organ_name="UBND",
                      place_name="Cà Mau")
    foreign = Signer(authority=other, full_name="Lữ Văn Hùng", title="CHỦ TỊCH")
    retired = Signer(authority=world.authority, full_name="Người Đã Nghỉ", title="PHÓ CHỦ TỊCH",
                     signing_form="KT. CHỦ TỊCH", active=False)
    session.add_all([foreign, retired])
    for signer in (foreign, retired):
        with refused(session, ValidationFailed, "Người ký không thuộc cấp có thẩm quyền", nomination):
            decide(session, world, [nomination], signer=signer)
    assert (_count(session, Decision), _count(session, Certificate), _count(session, IssuerCounter)) == (0, 0, 0)


def test_a_vice_chair_signs_for_the_chair(session, world, store):
    deputy = Signer(authority=world.authority, full_name="Lê Thị Ái Nam", title="PHÓ CHỦ TỊCH",
                    signing_form="KT. CHỦ TỊCH")
    session.add(deputy)
    decision = decide(session, world, endorsed_many(session, world, store, 1), signer=deputy)
    assert (decision.signing_form, decision.signer_title, decision.signer_name) == ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH",
                                                                                   "Lê Thị Ái Nam")


def test_decide_by_the_secretariat_is_refused(session, world, store):
    nomination = endorsed_many(session, world, store, 1)[0]
    with refused(session, NotAllowed, "Quyết định khen thưởng", nomination):
        decisions.decide(session, [nomination], by=world.secretariat, signer=world.signer, decision_date=TODAY,
                         expected_versions={nomination.id: nomination.version})


def test_deciding_a_nomination_still_in_council_is_refused(session, world, store):
    nomination, _ = in_council(session, world, store)
    with refused(session, InvalidTransition, "Đang trình Hội đồng", nomination):
        decide(session, world, [nomination])


def test_one_stale_line_refuses_the_whole_decision(session, world, store):
    first, second = endorsed_many(session, world, store, 2)
    with refused(session, Conflict, "đã có người xử lý trước", first, second):
        decisions.decide(session, [first, second], by=world.chair, signer=world.signer, decision_date=TODAY,
                         expected_versions={first.id: first.version})  # second's version missing: stale page
    assert (_count(session, Decision), _count(session, IssuerCounter)) == (0, 0)


def test_an_empty_decision_is_refused(session, world):
    with refused(session, ValidationFailed, "ít nhất một hồ sơ"):
        decide(session, world, [])


def test_a_nomination_cannot_be_decided_twice(session, world, store):
    nomination = endorsed_many(session, world, store, 1)[0]
    decide(session, world, [nomination])
    with refused(session, InvalidTransition, "Đã khen thưởng", nomination):
        decide(session, world, [nomination])
    assert _count(session, DecisionLine) == 1


# --- refuse --------------------------------------------------------------------------------------------

def test_refuse_writes_one_public_event_and_sets_the_outcome_reason(session, world, store):
    nomination = endorsed_many(session, world, store, 1)[0]
    mark = audit_mark(session)
    decisions.refuse(session, nomination, by=world.chair, expected_version=nomination.version,
                     reason="  Đơn vị vi phạm quy định về an toàn thực phẩm trong năm.  ")
    event = one_event_since(session, mark)
    assert_event(event, action="refuse", object_id=nomination.id, actor=world.chair, role="authority", public=True,
                 from_state="endorsed", to_state="not_awarded")
    assert event.reason == nomination.outcome_reason == "Đơn vị vi phạm quy định về an toàn thực phẩm trong năm."


def test_refuse_without_a_reason_or_by_the_secretariat_is_refused(session, world, store):
    nomination = endorsed_many(session, world, store, 1)[0]
    with refused(session, ValidationFailed, "lý do không khen thưởng", nomination):
        decisions.refuse(session, nomination, by=world.chair, expected_version=nomination.version, reason=" ")
    with refused(session, NotAllowed, "Không khen thưởng", nomination):
        decisions.refuse(session, nomination, by=world.secretariat, expected_version=nomination.version,
                         reason="Không đạt.")
    assert session.get(Nomination, nomination.id).outcome_reason is None


# --- revoke --------------------------------------------------------------------------------------------

def test_revoke_writes_one_public_event_and_marks_the_certificate_revoked(session, world, store):
    nomination = endorsed_many(session, world, store, 1)[0]
    decide(session, world, [nomination])
    mark = audit_mark(session)
    decisions.revoke(session, nomination, by=world.chair, expected_version=nomination.version,
                     reason="Phát hiện kê khai không trung thực.", revoking_decision_no="215/QĐ-UBND")
    event = one_event_since(session, mark)
    assert_event(event, action="revoke", object_id=nomination.id, actor=world.chair, role="authority", public=True,
                 from_state="awarded", to_state="revoked")
    assert event.reason == "Phát hiện kê khai không trung thực."
    assert event.changes == {"revoking_decision_no": "215/QĐ-UBND"}
    session.commit()
    certificate = decisions.certificate_of(session, nomination)
    assert certificate.revoked and certificate.revoked_at is not None
    assert (certificate.revocation_reason, certificate.revoking_decision_no) == (
        "Phát hiện kê khai không trung thực.", "215/QĐ-UBND")
    assert (nomination.state, nomination.revocation_reason, nomination.revoking_decision_no) == (
        "revoked", "Phát hiện kê khai không trung thực.", "215/QĐ-UBND")


@pytest.mark.parametrize(("reason", "number", "message"), [
    ("", "215/QĐ-UBND", "lý do thu hồi"),
    ("Kê khai không trung thực.", "  ", "số quyết định thu hồi"),
])
def test_revoke_without_reason_or_decision_number_is_refused(session, world, store, reason, number, message):
    nomination = endorsed_many(session, world, store, 1)[0]
    decide(session, world, [nomination])
    with refused(session, ValidationFailed, message, nomination):
        decisions.revoke(session, nomination, by=world.chair, expected_version=nomination.version, reason=reason,
                         revoking_decision_no=number)
    assert not decisions.certificate_of(session, nomination).revoked


def test_revoke_by_a_unit_officer_or_of_an_unawarded_nomination_is_refused(session, world, store):
    nomination = endorsed_many(session, world, store, 1)[0]
    with refused(session, InvalidTransition, "Thu hồi", nomination):
        decisions.revoke(session, nomination, by=world.chair, expected_version=nomination.version, reason="X.",
                         revoking_decision_no="1/QĐ-UBND")
    decide(session, world, [nomination])
    with refused(session, NotAllowed, "Thu hồi", nomination):
        decisions.revoke(session, nomination, by=world.officer_a, expected_version=nomination.version, reason="X.",
                         revoking_decision_no="1/QĐ-UBND")


# --- the database stands behind the counters -------------------------------------------------------------

def test_db_refuses_a_duplicate_decision_number_for_the_same_authority_and_year(session, world, store):
    decision = decide(session, world, endorsed_many(session, world, store, 1))
    session.commit()
    params = {"a": world.authority.id, "s": world.signer.id, "u": world.chair.id}
    insert = text("INSERT INTO decision (authority_id, year, seq, number, decision_date, title, legal_basis, "
                  "proposal, signer_id, signer_name, signing_form, signer_title, issued_by_id, issued_at) VALUES "
                  "(:a, :y, 1, '1/QĐ-UBND', :d, 'Trùng số', '', '', :s, 'X', '', 'CHỦ TỊCH', :u, :d)")
    with pytest.raises(IntegrityError):
        session.execute(insert, params | {"y": 2025, "d": date(2025, 5, 5)})
    session.rollback()
    session.execute(insert, params | {"y": 2026, "d": date(2026, 1, 2)})  # the next year may reuse 1
    assert decision.seq == 1


def test_db_refuses_a_duplicate_golden_book_number_or_verify_code(session, world, store):
    first, second = endorsed_many(session, world, store, 2)
    decision = decide(session, world, [first, second])
    session.commit()
    one, two = (line.certificate for line in decision.lines)
    for column, value in (("golden_book_no", one.golden_book_no), ("verify_code", one.verify_code)):
        with pytest.raises(IntegrityError):
            session.execute(text(f"UPDATE certificate SET {column} = :v WHERE id = :id"), {"v": value, "id": two.id})
        session.rollback()


def test_db_refuses_two_decision_lines_for_one_nomination(session, world, store):
    decision = decide(session, world, endorsed_many(session, world, store, 1))
    session.commit()
    line = decision.lines[0]
    session.add(DecisionLine(decision=decision, nomination_id=line.nomination_id, position=2, recipient_name="X",
                             award_type_id=line.award_type_id, coefficient=line.coefficient, base_salary=1,
                             prize_amount=1))
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_db_refuses_a_revoked_certificate_without_its_reason(session, world, store):
    decision = decide(session, world, endorsed_many(session, world, store, 1))
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(text("UPDATE certificate SET revoked = :t WHERE id = :id"),
                        {"t": True, "id": decision.lines[0].certificate.id})
    session.rollback()


# --- issue: one call that numbers the decision and signs its files, now or after the commit ---------------

class Started:
    """The jobs the app handed to its queue (a memory queue in tests; nothing runs until `run()`), and
    `press(...)` the app's issuing press (real signer and store, large decisions signed by a job)."""

    def __init__(self, app):
        from workflow import press
        self.app, self.kit = app, press.issuing(app)

    def press(self, **changes):
        return replace(self.kit, **changes)

    def __len__(self) -> int:
        return self.app.extensions["huey"].pending_count()

    def run(self) -> int:
        """What a worker does with the queue: each task claims its job and signs in batches."""
        from workflow import jobs
        return jobs.drain(self.app)


@pytest.fixture
def started(app):
    return Started(app)


def _prepared(session, world, store, n: int):
    batch = endorsed_many(session, world, store, n)
    draft = decisions.prepare_draft(session, batch, by=world.secretariat, signer=world.signer, decision_date=TODAY)
    session.commit()
    return draft, {b.id: b.version for b in batch}


def _issue_draft(session, world, store, n: int, press):
    draft, versions = _prepared(session, world, store, n)
    return decisions.issue(session, draft, by=world.chair, expected_versions=versions, press=press)


def _signed(session, decision_id: int) -> int:
    session.expire_all()
    decision = session.get(Decision, decision_id)
    return sum(1 for line in decision.lines if line.certificate.pdf_sha256) + (1 if decision.pdf_sha256 else 0)


def _job_rows(session) -> list[tuple[str, int, str]]:
    return [tuple(row) for row in session.execute(select(Job.kind, Job.subject_id, Job.state).order_by(Job.id))]


def test_issue_signs_a_small_decision_in_its_own_transaction(app, session, world, store, started):
    result = _issue_draft(session, world, store, 2, started.press(sign_inline_max=2))
    assert (result.number, result.files_signed, result.files_scheduled, result.in_background) == (
        "1/QĐ-UBND", 3, 0, False)
    assert [c.golden_book_no for c in result.certificates] == [1, 2]
    assert all(c.pdf_sha256 for c in result.certificates) and result.decision.pdf_sha256   # before any commit
    session.commit()
    assert len(started) == 0 and _job_rows(session) == []


def test_a_large_decision_queues_its_signing_job_in_its_transaction_and_hands_it_over_after_commit(
        app, session, world, store, started):
    result = _issue_draft(session, world, store, 2, started.press(sign_inline_max=1))
    assert (result.files_signed, result.files_scheduled, result.in_background) == (0, 3, True)
    decision_id = result.decision.id
    assert len(started) == 0 and _job_rows(session) == [("issue_decision", decision_id, "queued")]
    assert not any(c.pdf_sha256 for c in result.certificates)
    session.commit()
    assert len(started) == 1
    assert started.run() == 1
    assert _signed(session, decision_id) == 3 and _job_rows(session) == [("issue_decision", decision_id, "done")]


def test_a_rollback_after_issue_starts_no_background_signer(app, session, world, store, started):
    _issue_draft(session, world, store, 2, started.press(sign_inline_max=1))
    session.rollback()   # e.g. the request failed after the service returned
    session.commit()     # a later commit on the same session runs nothing queued before the rollback
    assert len(started) == 0 and _job_rows(session) == []
    assert _count(session, Decision) == 0 and _count(session, Certificate) == 0


def test_a_rolled_back_savepoint_drops_the_signer_queued_inside_it(app, session, world, store, started):
    draft, versions = _prepared(session, world, store, 2)
    savepoint = session.begin_nested()
    decisions.issue(session, draft, by=world.chair, expected_versions=versions, press=started.press(sign_inline_max=1))
    savepoint.rollback()
    session.commit()
    assert len(started) == 0 and _count(session, Decision) == 0 and _job_rows(session) == []


def test_a_released_savepoint_keeps_the_signer_for_the_outer_commit(app, session, world, store, started):
    draft, versions = _prepared(session, world, store, 2)
    with session.begin_nested():
        result = decisions.issue(session, draft, by=world.chair, expected_versions=versions,
                                 press=started.press(sign_inline_max=1))
    assert len(started) == 0   # the savepoint is released, the transaction not yet committed
    session.commit()
    assert len(started) == 1
    started.run()
    assert _signed(session, result.decision.id) == 3


def test_issue_refuses_a_list_that_changed_since_the_confirmation_page(app, session, world, store, started):
    draft, versions = _prepared(session, world, store, 2)
    first = next(iter(versions))
    with pytest.raises(Conflict, match="Danh sách hồ sơ của dự thảo đã thay đổi"):
        decisions.issue(session, draft, by=world.chair, expected_versions={first: versions[first]},
                        press=started.press())
    session.rollback()
    assert _count(session, Decision) == 0 and draft.status == "open"


def test_issue_without_a_signing_key_numbers_nothing(app, session, world, store, started):
    with pytest.raises(ValidationFailed, match="Chưa có khóa ký số"):
        _issue_draft(session, world, store, 1, started.press(signer=None))
    assert _count(session, IssuerCounter) == 0 and len(started) == 0
