"""The Word documents opened back with python-docx: the NĐ 30/2020 blocks (organ, motto, number, place and
date, title, signature, recipients), the annexed list as a table, the draft marker before issue and the record
footer after, Times New Roman everywhere; the achievement report's two forms, as DOCX and as PDF."""
import io
import subprocess
from dataclasses import replace
from datetime import date, datetime

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from certificates import DecisionData, Recipient, word
from certificates.achievement import AchievementData, Initiative, PriorTitle, render_docx, render_pdf
from certificates.letters import ProposalLetter, ProposalLine
from certificates.minutes import MinutesData, MinutesItem, MinutesMember

NAMES = ["Ủy ban nhân dân xã Vĩnh Hưng A", "Ông Nguyễn Văn Ấn", "Bà Trần Thị Ngọc Hường", "Hộ ông Lê Văn Đởm",
         "Trường Tiểu học Châu Hưng", "Ông Phạm Đức Lộc", "Bà Huỳnh Thị Mỹ Xuyên"]


def decision_data(count: int = 7, **kw) -> DecisionData:
    recipients = tuple(Recipient(name=name, unit_line="xã Vĩnh Lợi, tỉnh Cà Mau", award="Bằng khen",
                                 prize_money=2_340_000 * (1 + n % 2)) for n, name in enumerate(NAMES[:count]))
    values = dict(organ_name="ỦY BAN NHÂN DÂN\nTỈNH CÀ MAU", number="…/QĐ-UBND", place_name="Cà Mau",
                  decision_date=date(2026, 12, 4), summary="Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                  authority_title="CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
                  issuer_name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau",
                  legal_basis=("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",),
                  proposal="Xét đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV.",
                  award_text="Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho các tập thể, cá nhân",
                  recipients=recipients, article2="Chánh Văn phòng … chịu trách nhiệm thi hành Quyết định này./.",
                  copy_to=("Như Điều 2;", "Lưu: VT."), signing_form="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH",
                  signer_name="Lê Văn Sử", draft=True)
    return DecisionData(**values | kw)


def opened(data: bytes):
    return Document(io.BytesIO(data))


def texts(doc) -> list[str]:
    """Every paragraph's text, the tables' cells included, in reading order."""
    out = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out += [p.text for p in cell.paragraphs]
    return out


def runs(doc):
    for p in doc.paragraphs:
        yield from p.runs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    yield from p.runs


def find_run(doc, text: str):
    found = [r for r in runs(doc) if r.text == text]
    assert found, f"no run {text!r}"
    return found[0]


def header_text(doc) -> str:
    return " ".join(p.text for p in doc.sections[0].header.paragraphs)


def footer_text(doc) -> str:
    return " ".join(p.text for p in doc.sections[0].footer.paragraphs)


def test_the_draft_decision_has_the_decree_header_blocks():
    doc = opened(word.decision(decision_data()))
    top = doc.tables[0]
    organ, nation = top.rows[0].cells
    assert [p.text for p in organ.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"]
    assert all(r.bold for p in organ.paragraphs for r in p.runs)
    assert [p.text for p in nation.paragraphs if p.text] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                                                              "Độc lập - Tự do - Hạnh phúc"]
    assert find_run(doc, "Độc lập - Tự do - Hạnh phúc").bold
    # the short rules under the organ and the motto are paragraph borders
    assert sum(1 for p in organ.paragraphs if p._p.pPr is not None and p._p.pPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pBdr") is not None) == 1
    number, place = top.rows[1].cells
    assert number.text.startswith("Số:") and number.text.endswith("/QĐ-UBND") and "…" not in number.text
    assert number.text.replace("\u00a0", "").replace(" ", "") == "Số:/QĐ-UBND"   # no number before issue
    assert place.text == "Cà Mau, ngày 04 tháng 12 năm 2026"
    assert place.paragraphs[0].runs[0].italic


def test_the_title_body_and_signature_are_laid_out_as_the_pdf():
    doc = opened(word.decision(decision_data()))
    body = [p for p in doc.paragraphs if p.text]
    title = next(p for p in body if p.text == "QUYẾT ĐỊNH")
    summary = body[body.index(title) + 1]
    assert summary.text == "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    for p in (title, summary):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER and p.runs[0].bold
    basis = next(p for p in body if p.text.startswith("Căn cứ Luật Thi đua"))
    assert basis.runs[0].italic
    assert any(p.text.startswith("Điều 1. Tặng Bằng khen") and "gồm 07 tập thể, cá nhân" in p.text for p in body)
    assert "Tổng số tiền thưởng: 23.400.000 đồng." in [p.text for p in body]
    copy_to, signer = doc.tables[1].rows[0].cells
    label = copy_to.paragraphs[0].runs[0]
    assert label.text == "Nơi nhận:" and label.bold and label.italic and label.font.size.pt == 12
    assert [p.text for p in copy_to.paragraphs[1:]] == ["- Như Điều 2;", "- Lưu: VT."]
    assert all(r.font.size.pt == 11 for p in copy_to.paragraphs[1:] for r in p.runs)
    lines = [p.text for p in signer.paragraphs if p.text]
    assert lines == ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lê Văn Sử"]
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.CENTER for p in signer.paragraphs)


def test_a_draft_says_ban_du_thao_on_every_page_and_the_issued_copy_does_not():
    draft = opened(word.decision(decision_data()))
    assert "BẢN DỰ THẢO" in header_text(draft)
    assert footer_text(draft).strip() == ""
    issued = opened(word.decision(decision_data(number="12/QĐ-UBND", draft=False)))
    assert "DỰ THẢO" not in header_text(issued) and not any("DỰ THẢO" in t for t in texts(issued))
    assert issued.tables[0].rows[1].cells[0].text == "Số: 12/QĐ-UBND"
    assert "tệp PDF có chữ ký số" in footer_text(issued) and "12/QĐ-UBND" in footer_text(issued)


def test_the_annexed_list_is_a_table_with_one_row_per_recipient_and_a_total():
    data = decision_data(number="12/QĐ-UBND", draft=False)
    for made in (word.annex(data), word.decision(data)):
        doc = opened(made)
        table = next(t for t in doc.tables if t.rows[0].cells[0].text == "STT")
        assert [c.text for c in table.rows[0].cells] == list(word.ANNEX_HEADERS)
        rows = [[c.text for c in row.cells] for row in table.rows[1:]]
        assert [r[1] for r in rows[:-1]] == NAMES
        assert [r[0] for r in rows[:-1]] == [str(n) for n in range(1, 8)]
        assert rows[0][2:] == ["xã Vĩnh Lợi, tỉnh Cà Mau", "Bằng khen", "2.340.000"]
        assert rows[-1][1] == "Tổng cộng" and rows[-1][4] == "23.400.000"
        ref = next(p.text for p in doc.paragraphs if p.text.startswith("(Kèm theo"))
        assert ref == ("(Kèm theo Quyết định số 12/QĐ-UBND ngày 04 tháng 12 năm 2026 của Chủ tịch Ủy ban nhân dân "
                       "tỉnh Cà Mau)")


def test_a_short_decision_names_its_recipients_in_article_one_and_has_no_list():
    doc = opened(word.decision(decision_data(count=2)))
    body = [p.text for p in doc.paragraphs]
    assert "1. Ủy ban nhân dân xã Vĩnh Hưng A, xã Vĩnh Lợi, tỉnh Cà Mau; tiền thưởng: 2.340.000 đồng." in body
    assert "DANH SÁCH" not in body and len(doc.tables) == 2


@pytest.mark.parametrize("make", [
    lambda: word.decision(decision_data()), lambda: word.annex(decision_data()),
    lambda: word.minutes(minutes_data()), lambda: word.proposal(proposal()),
    lambda: render_docx(report("individual")), lambda: render_docx(report("collective"))])
def test_every_style_and_run_is_times_new_roman(make):
    doc = opened(make())
    qn = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14
    every = list(runs(doc)) + [r for p in doc.sections[0].header.paragraphs for r in p.runs]
    assert every
    for r in every:
        assert r.font.name == "Times New Roman", r.text
        fonts = r._element.rPr.find(f"{qn}rFonts")
        assert fonts.get(f"{qn}eastAsia") == fonts.get(f"{qn}cs") == "Times New Roman"
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30


def test_text_is_cleaned_as_in_the_pdfs():
    doc = opened(word.decision(decision_data(count=1, recipients=(Recipient(name="Ông A\u202eB\u200bC"),))))
    assert any("Ông ABC" in t for t in texts(doc))


# --- the minutes and the proposal letter ---------------------------------------------------------------

def minutes_data() -> MinutesData:
    return MinutesData(
        organ_name="ỦY BAN NHÂN DÂN TỈNH CÀ MAU", council_name="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG", place_name="Cà Mau",
        meeting_date=date(2026, 12, 1), title="Phiên họp xét khen thưởng tổng kết năm 2026",
        authority_name="Chủ tịch Ủy ban nhân dân tỉnh Cà Mau",
        members=(MinutesMember("Nguyễn Văn Hội", "Sở Nội vụ"), MinutesMember("Trần Thị Đồng", "", False)),
        items=(MinutesItem(1, "Ủy ban nhân dân xã Vĩnh Hưng A", "xã Vĩnh Lợi", "Bằng khen", "Xã Vĩnh Lợi",
                           "Bỏ phiếu kín", 1, 6, 0, 0, "Thông qua", "6/7 phiếu đồng ý (85,71%).",
                           recusals=("Ông Nguyễn Văn Hội không tham gia biểu quyết: cùng đơn vị.",)),),
        rules=(("Bằng khen", ("Bỏ phiếu kín.", "Tán thành từ 70% tổng số thành viên.")),),
        closed_at=datetime(2026, 12, 1, 16, 30), number="5/BB-HĐTĐKT", secretary="Trần Thị Ngọc Mai",
        chair="Phạm Văn Thiều")


def test_the_minutes_carry_attendance_tally_recusals_and_the_rule():
    doc = opened(word.minutes(minutes_data()))
    all_text = texts(doc)
    assert doc.tables[0].rows[0].cells[0].paragraphs[0].text == "ỦY BAN NHÂN DÂN TỈNH CÀ MAU"
    assert doc.tables[0].rows[1].cells[0].text == "Số: 5/BB-HĐTĐKT"
    assert "Số thành viên được triệu tập: 2; có mặt: 1; vắng mặt: 1." in all_text
    results = next(t for t in doc.tables if t.rows[0].cells[1].text == "Đối tượng, hình thức đề nghị")
    assert [c.text for c in results.rows[1].cells][3:] == ["1", "6", "0", "0", "Thông qua\n6/7 phiếu đồng ý (85,71%)."]
    assert "- Ông Nguyễn Văn Hội không tham gia biểu quyết: cùng đơn vị." in all_text
    assert "- Tán thành từ 70% tổng số thành viên." in all_text
    assert "Trần Thị Ngọc Mai" in all_text and "Phạm Văn Thiều" in all_text
    assert "để in, ký trên giấy" in header_text(doc)


def proposal() -> ProposalLetter:
    return ProposalLetter(
        parent_organ="ỦY BAN NHÂN DÂN TỈNH CÀ MAU", organ_name="Sở Nội vụ", suffix="TTr-HĐTĐKT", place_name="Cà Mau",
        letter_date=date(2026, 11, 28), summary="Về việc đề nghị xét khen thưởng",
        addressee="Hội đồng Thi đua – Khen thưởng của Chủ tịch Ủy ban nhân dân tỉnh Cà Mau",
        opening="Cơ quan thường trực kính trình 02 hồ sơ sau:", closing="Kính trình./.",
        legal_basis=("Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",),
        lines=(ProposalLine("Ủy ban nhân dân xã Vĩnh Hưng A", "", "Bằng khen", "Xã Vĩnh Lợi (Tờ trình số 3/TTr-UBND)"),
               ProposalLine("Ông Nguyễn Văn Ấn", "Chủ tịch Hội Nông dân", "Chiến sĩ thi đua", "Xã Hồng Dân")))


def test_the_proposal_letter_lists_the_nominations_and_has_no_number_yet():
    doc = opened(word.proposal(proposal()))
    organ = doc.tables[0].rows[0].cells[0]
    assert [p.text for p in organ.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "SỞ NỘI VỤ"]
    assert doc.tables[0].rows[1].cells[0].text.replace("\u00a0", "") == "Số: /TTr-HĐTĐKT"
    assert "TỜ TRÌNH" in texts(doc) and "BẢN DỰ THẢO" in header_text(doc)
    table = doc.tables[1]
    assert [[c.text for c in row.cells][1] for row in table.rows[1:]] == ["Ủy ban nhân dân xã Vĩnh Hưng A",
                                                                          "Ông Nguyễn Văn Ấn"]
    assert "Kính gửi: Hội đồng Thi đua – Khen thưởng của Chủ tịch Ủy ban nhân dân tỉnh Cà Mau." in texts(doc)


# --- the achievement report -------------------------------------------------------------------------------

def report(kind: str) -> AchievementData:
    return AchievementData(
        kind=kind, nominee="Bà Trần Thị Ngọc Hường" if kind != "collective" else "Ủy ban nhân dân xã Vĩnh Hưng A",
        award="Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", proposing_unit="Ủy ban nhân dân xã Vĩnh Lợi",
        place_name="Cà Mau", position="Chủ tịch Hội Phụ nữ xã", workplace="xã Vĩnh Lợi", gender="Nữ",
        birth_date=date(1980, 5, 17), period_from=date(2024, 1, 1), period_to=date(2025, 12, 31),
        campaign="Cả nước chung sức xây dựng nông thôn mới",
        summary="Đã có thành tích xuất sắc trong xây dựng nông thôn mới.\nVận động 120 hộ hiến đất làm đường.",
        titles=(PriorTitle(2024, "Chiến sĩ thi đua cơ sở", "Quyết định số 9/QĐ-UBND ngày 20/12/2024"),
                PriorTitle(2023, "Lao động tiên tiến", "Quyết định số 3/QĐ-UBND")),
        initiatives=(Initiative("Mô hình tổ tự quản đường hoa", "cấp cơ sở", "Quyết định số 7/QĐ-UBND"),))


def test_an_individuals_report_has_personal_details_and_dotted_blanks():
    doc = opened(render_docx(report("individual")))
    all_text = texts(doc)
    assert "BÁO CÁO THÀNH TÍCH" in all_text and "Họ và tên: Bà Trần Thị Ngọc Hường" in all_text
    assert "ĐỀ NGHỊ TẶNG BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" in all_text
    assert "I. SƠ LƯỢC LÝ LỊCH" in all_text and "- Sinh ngày, tháng, năm: 17/05/1980" in all_text
    assert "- Quê quán: " + "." * 30 in all_text          # what only the unit knows: dotted
    assert "Vận động 120 hộ hiến đất làm đường." in all_text
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in all_text and "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" not in all_text
    titles = next(t for t in doc.tables if t.rows[0].cells[1].text == "Danh hiệu thi đua")
    assert [[c.text for c in r.cells] for r in titles.rows[1:]] == [
        ["2023", "Lao động tiên tiến", "Quyết định số 3/QĐ-UBND"],
        ["2024", "Chiến sĩ thi đua cơ sở", "Quyết định số 9/QĐ-UBND ngày 20/12/2024"]]
    initiatives = next(t for t in doc.tables if t.rows[0].cells[1].text == "Tên sáng kiến, đề tài")
    assert initiatives.rows[1].cells[1].text == "Mô hình tổ tự quản đường hoa"
    assert "Cà Mau, ngày ...... tháng ...... năm ......" in all_text
    assert any("Nghị định số 152/2025/NĐ-CP" in t for t in all_text)


def test_a_collectives_report_has_the_units_structure_and_its_organ_header():
    doc = opened(render_docx(report("collective")))
    all_text = texts(doc)
    organ = doc.tables[0].rows[0].cells[0]
    assert [p.text for p in organ.paragraphs if p.text] == ["ỦY BAN NHÂN DÂN XÃ VĨNH LỢI",
                                                            "ỦY BAN NHÂN DÂN XÃ VĨNH HƯNG A"]
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in all_text and "2. Chức năng, nhiệm vụ được giao:" in all_text
    assert "- Sinh ngày, tháng, năm: 17/05/1980" not in all_text
    assert "THỦ TRƯỞNG ĐƠN VỊ" in all_text and "NGƯỜI BÁO CÁO THÀNH TÍCH" not in all_text


def test_the_report_pdf_embeds_the_vietnamese_name():
    pdf = render_pdf(report("individual"))
    words = " ".join(subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                                    check=True).stdout.decode().split())
    assert "Họ và tên: Bà Trần Thị Ngọc Hường" in words
    assert "I. SƠ LƯỢC LÝ LỊCH" in words and "Chiến sĩ thi đua cơ sở" in words
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    assert "yes yes" in fonts   # embedded, subset
    collective = " ".join(subprocess.run(["pdftotext", "-", "-"], input=render_pdf(report("collective")),
                                         capture_output=True, check=True).stdout.decode().split())
    assert "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in collective and "ỦY BAN NHÂN DÂN XÃ VĨNH HƯNG A" in collective


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        replace(report("individual"), kind="robot")
