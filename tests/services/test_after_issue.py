"""After issue (issue 16), through the real services: a correction is a numbered decision that rewrites the
line, gives its certificate a new code signed through the usual path and keeps the old code answering; a
replacement gives a new code with "Cấp lại lần N"; a revocation opens a recovery the secretariat records."""
from datetime import date

import pytest
from sqlalchemy import select

from certificates.signing import Signer, generate_dev_keys
from tests.factories import TODAY, awarded, issuer_key
from workflow.models import AuditEvent, Certificate, CertificateReissue, LineCorrection, Recovery
from workflow.rules.errors import InvalidTransition, NotAllowed, ValidationFailed
from workflow.services import clock, corrections, decisions, documents, recoveries, register
from workflow.services.register import Filters

CORRECTED_ON = date(2025, 4, 10)


@pytest.fixture(scope="module")
def signer(tmp_path_factory):
    keys = generate_dev_keys(tmp_path_factory.mktemp("after-issue-keys"))
    signer = Signer(keys.p12_path, keys.password)
    signer.issuer_key = issuer_key(keys.p12_path)   # the credentials' and QR statements' key beside it
    return signer


@pytest.fixture
def press(signer, store):
    return documents.Press(signer=signer, store=store, public_base_url="https://vinhdanh.example/",
                           issuer_key=signer.issuer_key)


@pytest.fixture
def line(session, world, store, press):
    nomination = awarded(session, world, store, name="Ủy ban nhân dân xã Vĩnh Hưng")
    found = decisions.certificate_of(session, nomination).line
    documents.issue(session, found.decision, press=press, by=world.chair)
    session.commit()
    return found


def _correct(session, world, line, press=None, **kw):
    change = corrections.Change(line, kw.pop("name", "Ủy ban nhân dân xã Vĩnh Hưng A"),
                                kw.pop("recipient_line", line.recipient_line))
    return corrections.correct(session, [change], by=kw.pop("by", world.chair), signer=world.signer,
                               decision_date=CORRECTED_ON, reason=kw.pop("reason", "Ghi sai tên đơn vị."),
                               press=press, **kw)


def test_a_correction_is_a_numbered_decision_that_rewrites_the_line_and_signs_a_new_certificate(
        session, world, line, press, store):
    old_code, old_sha = line.certificate.verify_code, line.certificate.pdf_sha256
    decision = _correct(session, world, line, press)
    session.commit()
    assert decision.number == "2/QĐ-UBND"   # the same counter as the awarding decision 1/QĐ-UBND
    assert decision.title == "Về việc đính chính Quyết định số 1/QĐ-UBND ngày 03/03/2025"
    certificate = session.get(Certificate, line.certificate.id)
    assert certificate.verify_code != old_code and certificate.pdf_sha256 not in (None, old_sha)
    assert store.exists(old_sha)            # the superseded signed file stays kept
    assert line.recipient_name == "Ủy ban nhân dân xã Vĩnh Hưng A"
    correction = session.scalar(select(LineCorrection))
    assert (correction.old_name, correction.old_code, correction.new_code) == (
        "Ủy ban nhân dân xã Vĩnh Hưng", old_code, certificate.verify_code)
    events = session.scalars(select(AuditEvent).where(AuditEvent.action == "correct_decision")).all()
    assert {(e.object_type, e.object_id) for e in events} == {("decision", decision.id),
                                                              ("nomination", line.nomination_id)}
    line_event = next(e for e in events if e.object_type == "nomination")
    assert line_event.changes["decision_id"] == decision.id and line_event.changes["certificate_id"] == certificate.id
    assert line_event.changes["old_code"] == old_code and line_event.changes["new_code"] == certificate.verify_code


def test_the_old_code_says_it_was_corrected_and_the_new_one_points_back(session, world, line):
    old_code = line.certificate.verify_code
    decision = _correct(session, world, line)
    session.commit()
    old = register.verification(session, old_code)
    assert old.status == "corrected" and not old.valid and old.pdf_sha256 is None
    assert old.superseded_by.decision_number == decision.number and old.superseded_by.reason == "Ghi sai tên đơn vị."
    assert old.superseded_by.old_name == "Ủy ban nhân dân xã Vĩnh Hưng"
    old_file = session.scalar(select(LineCorrection.old_pdf_sha256))
    assert old_file and register.code_for_pdf(session, old_file) == old_code   # the superseded file finds its page
    new = register.verification(session, old.superseded_by.new_code)
    assert new.valid and new.stands_for.old_code == old_code and new.stands_for.title == "Bằng khen"


def test_the_register_finds_the_corrected_wording(session, world, line):
    _correct(session, world, line)
    session.commit()
    found = register.search(session, Filters(q="vinh hung a")).rows
    assert [row.recipient_name for row in found] == ["Ủy ban nhân dân xã Vĩnh Hưng A"]


@pytest.mark.parametrize("who", ["secretariat", "officer_a", "admin"])
def test_only_the_authority_corrects(session, world, line, who):
    with pytest.raises(NotAllowed):
        _correct(session, world, line, by=getattr(world, who))


def test_a_correction_that_changes_nothing_or_has_no_reason_is_refused(session, world, line):
    with pytest.raises(ValidationFailed, match="không khác"):
        _correct(session, world, line, name=line.recipient_name)
    with pytest.raises(ValidationFailed, match="lý do"):
        _correct(session, world, line, reason="  ")
    assert session.scalar(select(LineCorrection)) is None


def test_a_revoked_award_is_not_corrected(session, world, line):
    decisions.revoke(session, line.nomination, by=world.chair, expected_version=line.nomination.version,
                     reason="Kê khai sai.", revoking_decision_no="9/QĐ-UBND")
    with pytest.raises(InvalidTransition):
        _correct(session, world, line)


# --- replacement ------------------------------------------------------------------------------------------------

def test_a_replacement_gets_a_new_code_and_the_old_one_says_replaced(session, world, line, press):
    certificate, old_code = line.certificate, line.certificate.verify_code
    reissue = corrections.reissue(session, certificate, by=world.secretariat, reason="lost",
                                  requested_by="Ông Nguyễn Văn Ba, Chủ tịch UBND xã", requested_on=TODAY)
    session.commit()
    assert (reissue.number, reissue.old_code) == (1, old_code) and certificate.verify_code == reissue.new_code
    assert certificate.pdf_sha256 is None          # signed again through the decision's missing files
    assert documents.files_pending(line.decision) == 1
    assert documents.certificate_data(certificate, verify_url="x").reissue_note.startswith("Cấp lại lần 1 ngày ")
    documents.issue(session, line.decision, press=press, by=world.chair)
    session.commit()
    assert certificate.pdf_sha256 is not None
    old = register.verification(session, old_code)
    assert old.status == "replaced" and old.superseded_by.new_code == certificate.verify_code
    assert register.verification(session, certificate.verify_code).valid
    second = corrections.reissue(session, certificate, by=world.secretariat, reason="damaged", requested_by="Xã",
                                 requested_on=TODAY)
    assert second.number == 2


def test_a_replacement_is_the_secretariats_and_not_of_a_revoked_award(session, world, line):
    with pytest.raises(NotAllowed):
        corrections.reissue(session, line.certificate, by=world.officer_a, reason="lost", requested_by="x",
                            requested_on=TODAY)
    decisions.revoke(session, line.nomination, by=world.chair, expected_version=line.nomination.version,
                     reason="Kê khai sai.", revoking_decision_no="9/QĐ-UBND")
    with pytest.raises(InvalidTransition):
        corrections.reissue(session, line.certificate, by=world.secretariat, reason="lost", requested_by="x",
                            requested_on=TODAY)
    assert session.scalar(select(CertificateReissue)) is None


def test_printing_one_certificate_is_audited(session, world, line):
    corrections.record_print(session, line.certificate, by=world.chair, settings=documents.PrintSettings())
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "print_certificates"))
    assert (event.object_type, event.object_id, event.actor_id) == ("certificate", line.certificate.id, world.chair.id)


# --- recovery ---------------------------------------------------------------------------------------------------

def _revoke(session, world, line, what):
    decisions.revoke(session, line.nomination, by=world.chair, expected_version=line.nomination.version,
                     reason="Kê khai sai.", revoking_decision_no="9/QĐ-UBND", recover=what)


def test_a_revocation_opens_a_recovery_defaulting_to_the_prize(session, world, line):
    _revoke(session, world, line, recoveries.ToRecover(items="Bằng khen", money=True))
    session.commit()
    recovery = session.scalar(select(Recovery))
    assert (recovery.items, recovery.money_amount, recovery.revoking_decision_no) == (
        "Bằng khen", line.prize_amount, "9/QĐ-UBND")
    assert session.scalars(recoveries.open_recoveries({world.authority.id}, "vinh hung")).all() == [recovery]
    assert session.scalars(recoveries.open_recoveries({world.authority.id}, "hong dan")).all() == []
    recoveries.record_recovered(session, recovery, by=world.secretariat, recovered_on=clock.today(),
                                receipt_no="PT-15", note="Nộp tại Sở Nội vụ")
    session.commit()
    assert recovery.recovered_by_id == world.secretariat.id and recovery.receipt_no == "PT-15"
    assert session.scalars(recoveries.open_recoveries({world.authority.id})).all() == []
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "record_recovery"))
    assert event.changes["receipt_no"] == "PT-15" and event.object_id == line.nomination_id
    with pytest.raises(InvalidTransition):
        recoveries.record_recovered(session, recovery, by=world.secretariat, recovered_on=clock.today())


def test_nothing_to_recover_opens_nothing_and_money_needs_a_receipt(session, world, line):
    _revoke(session, world, line, recoveries.ToRecover(items="", money=True, amount=500_000))
    recovery = session.scalar(select(Recovery))
    assert recovery.money_amount == 500_000 and recovery.items == ""
    with pytest.raises(ValidationFailed, match="biên lai"):
        recoveries.record_recovered(session, recovery, by=world.secretariat, recovered_on=clock.today())
    with pytest.raises(NotAllowed):
        recoveries.record_recovered(session, recovery, by=world.chair, recovered_on=clock.today(), receipt_no="1")


def test_a_revocation_with_nothing_to_recover_opens_no_recovery(session, world, line):
    _revoke(session, world, line, recoveries.ToRecover(items=" ", money=False))
    assert session.scalar(select(Recovery)) is None


def test_two_replacements_of_one_code_at_once_make_the_second_a_conflict(app, session, world, line):
    """Two sessions read the same certificate; the first records a replacement and commits; the second, still
    holding the old code, gets a conflict, and the certificate has one successor."""
    from sqlalchemy.orm import Session

    from workflow.extensions import db
    from workflow.models import User
    from workflow.rules.errors import Conflict

    other = Session(db.engine)
    try:
        stale = other.get(Certificate, line.certificate.id)
        assert stale.verify_code == line.certificate.verify_code
        corrections.reissue(session, line.certificate, by=world.secretariat, reason="lost", requested_by="A",
                            requested_on=TODAY)
        session.commit()
        with pytest.raises(Conflict):
            corrections.reissue(other, stale, by=other.get(User, world.secretariat.id), reason="lost",
                                requested_by="B", requested_on=TODAY)
        other.rollback()
    finally:
        other.close()
    assert len(session.scalars(select(CertificateReissue)).all()) == 1
