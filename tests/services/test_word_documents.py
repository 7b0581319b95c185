"""The Word documents built from the records through the real services: the draft decision says what the
PDF preview says (lines, prizes, the legal basis in force, the signer) and becomes the numbered decision once
issued; the proposal letter lists the session's agenda; the minutes need a closed session; the achievement
report carries the nomination's evidence."""
import io
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from tests import factories
from workflow.models import Decision, DecisionDraft
from workflow.rules.errors import InvalidTransition, NotAllowed
from workflow.rules.nominees import NomineeKind
from workflow.rules.prerequisites import parse_evidence
from workflow.rules.states import Action
from workflow.services import decisions, nominations, word_documents


def opened(made: word_documents.MadeFile):
    assert made.mimetype == word_documents.DOCX
    return Document(io.BytesIO(made.data))


def all_text(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    parts += [p.text for p in doc.sections[0].header.paragraphs + doc.sections[0].footer.paragraphs]
    return "\n".join(parts)


def annex_names(doc) -> list[str]:
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
    return [row.cells[1].text for row in table.rows[1:-1]]


def _draft(session, world, store, count: int) -> DecisionDraft:
    batch = [factories.endorsed(session, world, store, officer=world.officer_b, name=f"Xã Ninh Quới {i + 1}")
             for i in range(count)]
    return decisions.prepare_draft(session, batch, by=world.secretariat, signer=world.signer,
                                   decision_date=factories.TODAY, proposal="Xét đề nghị của Giám đốc Sở Nội vụ.")


def test_the_draft_decision_is_the_preview_in_word_and_the_issued_decision_after(session, world, store):
    draft = _draft(session, world, store, 6)
    made = word_documents.draft_decision(session, draft, by=world.chair)
    doc = opened(made)
    text = all_text(doc)
    assert "BẢN DỰ THẢO" in text and "Số: \u00a0" in text
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text   # the basis in force on the date
    assert "Bạc Liêu, ngày 03 tháng 3 năm 2025" in text
    assert "PHẠM VĂN THIỀU" not in text and "Phạm Văn Thiều" in text and "CHỦ TỊCH" in text
    assert annex_names(doc) == [f"Xã Ninh Quới {i}" for i in range(1, 7)]
    preview = decisions.preview_data(session, draft, by=world.chair)
    assert [r.name for r in preview.recipients] == annex_names(doc)     # one answer for both documents
    amounts = [row.cells[4].text for row in doc.tables[-1].rows[1:-1]]
    assert amounts == [f"{r.prize_money:,}".replace(",", ".") for r in preview.recipients]
    assert made.filename == f"Dự thảo quyết định số {draft.id}.docx"

    decision = decisions.issue_draft(session, draft, by=world.chair,
                                     expected_versions={n.id: n.version for n in draft.nominations})
    issued = opened(word_documents.draft_decision(session, draft, by=world.chair))
    text = all_text(issued)
    assert "DỰ THẢO" not in text and f"Số: {decision.number}" in text
    assert f"Quyết định số {decision.number}" in text and "tệp PDF có chữ ký số" in text
    same = opened(word_documents.issued_decision(session.scalars(select(Decision)).one()))
    assert all_text(same) == text


def test_the_secretariat_reads_the_draft_but_a_unit_officer_may_not(session, world, store):
    draft = _draft(session, world, store, 1)
    doc = opened(word_documents.draft_annex(session, draft, by=world.secretariat, action=Action.PREPARE_DECISION))
    assert annex_names(doc) == ["Xã Ninh Quới 1"]
    with pytest.raises(NotAllowed):
        word_documents.draft_decision(session, draft, by=world.officer_a, action=Action.PREPARE_DECISION)


def test_the_proposal_letter_lists_the_agenda_with_the_units_letters(session, world, store):
    first, meeting = factories.in_council(session, world, store, name="Xã Vĩnh Hưng A")
    made = word_documents.proposal_letter(session, meeting)
    doc = opened(made)
    table = doc.tables[1]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [["1", "Xã Vĩnh Hưng A", "Huyện Vĩnh Lợi", "Bằng khen của Chủ tịch UBND tỉnh",
                     f"Huyện Vĩnh Lợi (Tờ trình số {first.letter_no})"]]
    text = all_text(doc)
    assert "TỜ TRÌNH" in text and "BẢN DỰ THẢO" in text and "Bạc Liêu, ngày 31 tháng 3 năm 2025" in text
    assert "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU" in text and "TỈNH BẠC LIÊU" in text   # the secretariat's unit
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "01 hồ sơ" in text


def test_a_session_without_an_agenda_has_no_proposal_letter(session, world):
    meeting = factories.new_session(session, world)
    with pytest.raises(InvalidTransition, match="chưa có hồ sơ"):
        word_documents.proposal_letter(session, meeting)


def test_the_minutes_wait_for_the_session_to_close(session, world, store):
    nomination, meeting = factories.in_council(session, world, store)
    with pytest.raises(InvalidTransition, match="chưa kết thúc"):
        word_documents.minutes(meeting)
    from workflow.rules.tally import Choice
    from workflow.services import council
    for member in world.members:
        if council.recusal_reason(meeting.items[0], member) is None:
            council.cast_vote(session, meeting.items[0], by=member, choice=Choice.AGREE)
    council.close_session(session, meeting, by=world.secretariat)
    doc = opened(word_documents.minutes(meeting))
    results = next(t for t in doc.tables if len(t.columns) == 8)
    row = [c.text for c in results.rows[1].cells]
    assert nomination.nominee.full_name in row[1] and row[4] == "6" and row[7].startswith("Thông qua")
    assert "Hoidong1" in all_text(doc)


def test_the_achievement_report_carries_the_nominations_evidence(session, world, store):
    nomination = factories.make_nomination(session, world, store, award_type=world.chien_si,
                                           kind=NomineeKind.INDIVIDUAL, name="Nguyễn Thị Ánh Tuyết",
                                           period_from=date(2022, 1, 1), period_to=date(2024, 12, 31))
    nominations.edit(session, nomination, by=world.officer_a, expected_version=nomination.version,
                     changes={"evidence": parse_evidence(
                         "Chiến sĩ thi đua cơ sở | 2023 | 11/QĐ-UBND | 20/12/2023",
                         "Số hóa hồ sơ một cửa | tỉnh | Quyết định 5/QĐ-UBND")})
    doc = opened(word_documents.achievement_report(nomination))
    text = all_text(doc)
    assert "Họ và tên: Nguyễn Thị Ánh Tuyết" in text
    assert "ĐỀ NGHỊ TẶNG DANH HIỆU “CHIẾN SĨ THI ĐUA CẤP TỈNH”" in text
    assert "từ ngày 01/01/2022 đến ngày 31/12/2024" in text
    assert "Quyết định số 11/QĐ-UBND ngày 20/12/2023" in text
    assert "Số hóa hồ sơ một cửa" in text and "cấp tỉnh (bộ, ban, ngành)" in text
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in text
    pdf = word_documents.achievement_report(nomination, as_pdf=True)
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert pdf.filename == "Báo cáo thành tích Nguyễn Thị Ánh Tuyết.pdf"


def test_a_collective_gets_the_collectives_form(session, world, store):
    nomination = factories.make_nomination(session, world, store, name="Xã Vĩnh Hưng A")
    text = all_text(opened(word_documents.achievement_report(nomination)))
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in text and "XÃ VĨNH HƯNG A" in text
    assert "I. SƠ LƯỢC LÝ LỊCH" not in text


@pytest.mark.parametrize(("parts", "name"), [
    (("Quyết định", "12/QĐ-UBND"), "Quyết định 12-QĐ-UBND.docx"),
    (("Báo cáo", 'a:b*c?"<>|'), "Báo cáo a-b-c.docx"),
    (("", "  "), "van-ban.docx"),
])
def test_file_names_keep_diacritics_and_drop_what_file_systems_refuse(parts, name):
    assert word_documents.file_name(*parts) == name
