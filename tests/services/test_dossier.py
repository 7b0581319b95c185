"""Required documents on a real session: a submission without them is refused with one sentence and writes
nothing; with them it goes; an award type that lists none (every existing one) asks for nothing new."""
import pytest

from tests.factories import PDF, audit_count, make_nomination
from workflow.models import AttachmentKind
from workflow.rules.errors import InvalidTransition, ValidationFailed
from workflow.rules.states import State
from workflow.services import nominations

MINUTES, REPORT = "Biên bản họp xét của đơn vị đề nghị", "Báo cáo thành tích"


def _attach(session, world, store, nomination, document: str):
    return nominations.add_attachment(session, nomination, by=world.officer_a, store=store, filename="tep.pdf",
                                      data=PDF, kind=AttachmentKind.OTHER, document=document)


def test_submitting_without_a_required_document_is_refused_with_one_sentence_and_writes_nothing(
        session, world, store):
    world.bang_khen.required_documents = [MINUTES, REPORT]
    nomination = make_nomination(session, world, store)   # has its report file, but not named as a document
    before = audit_count(session)
    with pytest.raises(InvalidTransition) as refused:
        nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    assert refused.value.message == ("Hồ sơ còn thiếu giấy tờ bắt buộc: «Biên bản họp xét của đơn vị đề nghị»; "
                                     "«Báo cáo thành tích».")
    assert nomination.state == State.DRAFT and audit_count(session) == before


def test_with_every_required_document_the_nomination_is_submitted(session, world, store):
    world.bang_khen.required_documents = [MINUTES, REPORT]
    nomination = make_nomination(session, world, store)
    _attach(session, world, store, nomination, MINUTES)
    with pytest.raises(InvalidTransition, match="«Báo cáo thành tích»"):
        nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    attachment = _attach(session, world, store, nomination, "bao cao thanh tich")
    assert attachment.document == REPORT   # stored as the administrator wrote it
    assert nominations.document_checklist(nomination) == [(MINUTES, True), (REPORT, True)]
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    assert nomination.state == State.SUBMITTED


def test_an_award_type_without_required_documents_submits_as_before(session, world, store):
    assert world.bang_khen.required_documents == []
    nomination = make_nomination(session, world, store)
    nominations.submit(session, nomination, by=world.officer_a, expected_version=nomination.version)
    assert nomination.state == State.SUBMITTED and nominations.document_checklist(nomination) == []


def test_a_document_not_on_the_award_types_list_is_refused(session, world, store):
    world.bang_khen.required_documents = [REPORT]
    nomination = make_nomination(session, world, store, with_report=False)
    with pytest.raises(ValidationFailed, match="không có trong danh sách"):
        _attach(session, world, store, nomination, "Giấy khai sinh")
    assert nomination.attachments == []
