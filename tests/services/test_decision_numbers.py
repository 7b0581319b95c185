"""Decision numbers whoever gives them (issue 18, services/office_register): the product's own counter (the
default, as before), the number the clerical officer enters from the office's register, or the document-management
system's (a real local HTTP server). Unique per authority and year across the three; a number another document holds
is refused, naming it; the counter steps over numbers entered by hand; issued decisions keep their numbers and where
they came from; the administrator's setting is audited without any token."""
from datetime import date

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from tests.document_system_fake import FakeDocumentSystem
from tests.factories import TODAY, awarded, endorsed
from workflow.models import AuditEvent, Decision, IssuerCounter, Nomination
from workflow.rules.errors import NotAllowed, ValidationFailed
from workflow.rules.numbering import NumberingMode
from workflow.services import corrections, decisions, office_register
from workflow.services.admin.numbering import NumberingSetting, set_numbering
from workflow.services.office_register import NumberSource

from .helpers import audit_mark, decide, events_since, one_event_since, refused

TOKEN = {"REGISTER_TOKEN_BAC_LIEU": "ma-bi-mat-9f2c"}


def _numbering(session, world, mode: str, url: str = "", token_env: str = "") -> None:
    set_numbering(session, world.authority, NumberingSetting(mode, url, token_env), by=world.admin)
    session.commit()


def _entered(number: str) -> NumberSource:
    return NumberSource(entered=number)


def _from(world, fake: FakeDocumentSystem) -> NumberSource:
    return NumberSource(system=office_register.system_for(world.authority, timeout=2, environ=TOKEN))


def _decisions(session) -> list[tuple[str, str]]:
    return [(d.number, d.number_source) for d in session.scalars(select(Decision).order_by(Decision.id))]


def _decision_counter(session) -> int | None:
    return session.scalar(select(IssuerCounter.value).where(IssuerCounter.series == f"decision:{TODAY.year}"))


# --- the product numbers (the default) ----------------------------------------------------------------------

def test_by_default_the_product_numbers_its_decisions_as_before(session, world, store):
    assert world.authority.numbering_mode == NumberingMode.SELF
    nomination = endorsed(session, world, store)
    mark = audit_mark(session)
    decision = decide(session, world, [nomination])
    assert (decision.number, decision.seq, decision.number_source) == ("1/QĐ-UBND", 1, NumberingMode.SELF)
    assert "number_source" not in one_event_since(session, mark).changes


# --- the office's register, entered at issue time -----------------------------------------------------------

def test_the_number_entered_from_the_office_register_is_the_decisions_number(session, world, store):
    _numbering(session, world, "office_register")
    nomination = endorsed(session, world, store)
    assert decisions.next_number_preview(session, world.authority, TODAY) is None
    mark = audit_mark(session)
    decision = decide(session, world, [nomination], numbering=_entered("123/QĐ-UBND"))
    session.commit()
    assert (decision.number, decision.year, decision.seq) == ("123/QĐ-UBND", 2025, 123)
    assert decision.number_source == NumberingMode.OFFICE_REGISTER
    event = one_event_since(session, mark)
    assert event.changes["decision"] == "123/QĐ-UBND" and event.changes["number_source"] == "office_register"
    assert _decision_counter(session) is None   # the product's counter gave nothing


def test_without_a_number_the_office_register_mode_refuses_and_writes_nothing(session, world, store):
    _numbering(session, world, "office_register")
    nomination = endorsed(session, world, store)
    for entered in (None, " ", "12b"):
        with refused(session, ValidationFailed, "(?i)số quyết định", nomination):
            decide(session, world, [nomination], numbering=_entered(entered))
    assert _decisions(session) == []


def test_a_number_another_decision_holds_is_refused_naming_that_decision(session, world, store):
    first = awarded(session, world, store, name="Xã Ninh Quới")
    held = decisions.certificate_of(session, first).line.decision
    _numbering(session, world, "office_register")
    nomination = endorsed(session, world, store, name="Xã Ninh Thạnh Lợi")
    with refused(session, ValidationFailed, "đã được cấp cho Quyết định số 1/QĐ-UBND ngày 03/03/2025", nomination):
        decide(session, world, [nomination], numbering=_entered("1"))
    with pytest.raises(ValidationFailed) as info:
        decide(session, world, [nomination], numbering=_entered("1"))
    session.rollback()
    assert f"«{held.title}»" in info.value.message and info.value.field == "register_number"
    assert _decisions(session) == [("1/QĐ-UBND", "self")]


def test_the_same_number_is_free_again_in_the_next_year(session, world, store):
    _numbering(session, world, "office_register")
    decide(session, world, [endorsed(session, world, store, name="Xã A")], numbering=_entered("1"))
    decide(session, world, [endorsed(session, world, store, name="Xã B")], on=date(2026, 1, 5),
           numbering=_entered("1"))
    session.commit()
    assert [(d.year, d.number) for d in session.scalars(select(Decision).order_by(Decision.id))] == [
        (2025, "1/QĐ-UBND"), (2026, "1/QĐ-UBND")]


def test_the_counter_steps_over_numbers_entered_from_the_register(session, world, store):
    _numbering(session, world, "office_register")
    for number, name in (("2", "Xã A"), ("3", "Xã B")):
        decide(session, world, [endorsed(session, world, store, name=name)], numbering=_entered(number))
    _numbering(session, world, "self")
    assert decisions.next_number_preview(session, world.authority, TODAY) == "1/QĐ-UBND"
    decide(session, world, [endorsed(session, world, store, name="Xã C")])
    assert decisions.next_number_preview(session, world.authority, TODAY) == "4/QĐ-UBND"
    decide(session, world, [endorsed(session, world, store, name="Xã D")])
    session.commit()
    assert _decisions(session) == [("2/QĐ-UBND", "office_register"), ("3/QĐ-UBND", "office_register"),
                                   ("1/QĐ-UBND", "self"), ("4/QĐ-UBND", "self")]
    assert _decision_counter(session) == 4


def test_issued_decisions_keep_their_numbers_and_source_when_the_setting_changes(session, world, store):
    decide(session, world, [endorsed(session, world, store, name="Xã A")])
    _numbering(session, world, "office_register")
    decide(session, world, [endorsed(session, world, store, name="Xã B")], numbering=_entered("57"))
    _numbering(session, world, "document_system", "https://qlvb.baclieu.example/cap-so", "REGISTER_TOKEN_BAC_LIEU")
    _numbering(session, world, "self")
    session.expire_all()
    assert _decisions(session) == [("1/QĐ-UBND", "self"), ("57/QĐ-UBND", "office_register")]


def test_a_correcting_decision_takes_its_number_from_the_register_too(session, world, store):
    line = decisions.certificate_of(session, awarded(session, world, store, name="Ủy ban nhân dân xã Vĩnh Hưng")).line
    _numbering(session, world, "office_register")
    change = corrections.Change(line, "Ủy ban nhân dân xã Vĩnh Hưng A", line.recipient_line)
    kwargs = dict(by=world.chair, signer=world.signer, decision_date=date(2025, 4, 10), reason="Ghi sai tên xã.")
    with refused(session, ValidationFailed, "Cần nhập số quyết định"):
        corrections.correct(session, [change], **kwargs)
    with refused(session, ValidationFailed, "đã được cấp cho Quyết định số 1/QĐ-UBND"):
        corrections.correct(session, [change], numbering=_entered("1"), **kwargs)
    correcting = corrections.correct(session, [change], numbering=_entered("88"), **kwargs)
    assert (correcting.number, correcting.number_source) == ("88/QĐ-UBND", NumberingMode.OFFICE_REGISTER)


# --- the document-management system ----------------------------------------------------------------------

def test_the_document_system_gives_the_number_and_is_sent_the_token_from_the_environment(session, world, store):
    nomination = endorsed(session, world, store)
    with FakeDocumentSystem(first=41) as fake:
        _numbering(session, world, "document_system", fake.url, "REGISTER_TOKEN_BAC_LIEU")
        decision = decide(session, world, [nomination], numbering=_from(world, fake))
        session.commit()
    assert (decision.number, decision.number_source) == ("41/QĐ-UBND", NumberingMode.DOCUMENT_SYSTEM)
    headers, body = fake.requests[0]
    assert headers["Authorization"] == "Bearer ma-bi-mat-9f2c"
    assert body["symbol"] == "QĐ-UBND" and body["date"] == "2025-03-03" and body["title"] == decision.title
    assert _decision_counter(session) is None


@pytest.mark.parametrize(("status", "body", "words"), [
    (503, None, "mã lỗi HTTP 503"), (200, b"Service Unavailable", "không phải JSON"),
    (200, b'{"number": -3}', "không có số văn bản hợp lệ")])
def test_when_the_document_system_fails_nothing_is_issued(session, world, store, status, body, words):
    nomination = endorsed(session, world, store)
    with FakeDocumentSystem() as fake:
        _numbering(session, world, "document_system", fake.url)
        fake.answer(status=status, body=body)
        with refused(session, office_register.DocumentSystemUnavailable, words, nomination):
            decide(session, world, [nomination], numbering=_from(world, fake))
    assert _decisions(session) == [] and nomination.state == "endorsed"


def test_a_document_system_setting_without_its_client_is_refused(session, world, store):
    nomination = endorsed(session, world, store)
    _numbering(session, world, "document_system", "https://qlvb.baclieu.example/cap-so")
    with refused(session, ValidationFailed, "chưa cấu hình kết nối", nomination):
        decide(session, world, [nomination])


def test_a_number_from_the_document_system_that_a_decision_already_holds_is_refused(session, world, store):
    decide(session, world, [endorsed(session, world, store, name="Xã A")])
    nomination = endorsed(session, world, store, name="Xã B")
    with FakeDocumentSystem(first=1) as fake:
        _numbering(session, world, "document_system", fake.url)
        with refused(session, ValidationFailed, "Số 1/QĐ-UBND năm 2025 đã được cấp cho Quyết định số 1/QĐ-UBND",
                     nomination):
            decide(session, world, [nomination], numbering=_from(world, fake))
    assert _decisions(session) == [("1/QĐ-UBND", "self")]


# --- the database stands behind it ---------------------------------------------------------------------------

def test_the_database_refuses_a_second_decision_with_the_same_number_whatever_its_source(session, world, store):
    decision = decide(session, world, [endorsed(session, world, store)])
    session.commit()
    with pytest.raises(IntegrityError):
        session.execute(text(
            "INSERT INTO decision (authority_id, year, seq, number, number_source, decision_date, title, legal_basis,"
            " proposal, signer_id, signer_name, signing_form, signer_title, issued_by_id, issued_at) SELECT"
            " authority_id, year, seq, number, 'office_register', decision_date, title, legal_basis, proposal,"
            " signer_id, signer_name, signing_form, signer_title, issued_by_id, issued_at FROM decision WHERE id = :id"),
            {"id": decision.id})
    session.rollback()


@pytest.mark.parametrize(("sql", "constraint"), [
    ("UPDATE authority SET numbering_mode = 'guess'", "numbering_mode"),
    ("UPDATE authority SET numbering_mode = 'document_system', register_url = NULL", "register_url"),
    ("UPDATE decision SET number_source = 'hand'", "number_source")])
def test_the_database_checks_the_setting_and_the_source(session, world, store, sql, constraint):
    decide(session, world, [endorsed(session, world, store)])
    session.commit()
    with pytest.raises(IntegrityError, match=constraint):
        session.execute(text(sql))
    session.rollback()


# --- the administrator's setting --------------------------------------------------------------------------------

def test_the_setting_is_one_audit_event_naming_the_variable_never_the_token(session, world, monkeypatch):
    monkeypatch.setenv("REGISTER_TOKEN_BAC_LIEU", "ma-bi-mat-9f2c")
    mark = audit_mark(session)
    _numbering(session, world, "document_system", "https://qlvb.baclieu.example/cap-so", "REGISTER_TOKEN_BAC_LIEU")
    event = one_event_since(session, mark)
    assert (event.action, event.object_type, event.object_id) == ("configure", "authority", world.authority.id)
    assert event.changes == {"numbering_mode": {"old": "self", "new": "document_system"},
                             "register_url": {"old": None, "new": "https://qlvb.baclieu.example/cap-so"},
                             "register_token_env": {"old": None, "new": "REGISTER_TOKEN_BAC_LIEU"}}
    assert "ma-bi-mat" not in str(event.changes)
    _numbering(session, world, "document_system", "https://qlvb.baclieu.example/cap-so", "REGISTER_TOKEN_BAC_LIEU")
    assert len(events_since(session, mark)) == 1   # nothing changed, nothing recorded


@pytest.mark.parametrize(("setting", "field"), [
    (NumberingSetting("document_system"), "register_url"),
    (NumberingSetting("document_system", "ftp://qlvb.example"), "register_url"),
    (NumberingSetting("document_system", "https://qlvb.example", "SECRET_KEY"), "register_token_env"),
    (NumberingSetting("by_guess"), "numbering_mode")])
def test_a_wrong_setting_is_refused_beside_its_field(session, world, setting, field):
    with refused(session, ValidationFailed, "."):
        set_numbering(session, world.authority, setting, by=world.admin)
    with pytest.raises(ValidationFailed) as info:
        set_numbering(session, world.authority, setting, by=world.admin)
    session.rollback()
    assert info.value.field == field
    assert world.authority.numbering_mode == NumberingMode.SELF


def test_only_the_administrator_sets_the_numbering(session, world):
    with refused(session, NotAllowed, "quản trị"):
        set_numbering(session, world.authority, NumberingSetting("office_register"), by=world.chair)
    assert session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "configure")) == 0


def test_nominations_refused_by_the_register_stay_endorsed(session, world, store):
    _numbering(session, world, "office_register")
    nomination = endorsed(session, world, store)
    with refused(session, ValidationFailed, "Cần nhập", nomination):
        decide(session, world, [nomination])
    assert session.get(Nomination, nomination.id).state == "endorsed"
