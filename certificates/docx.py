"""Word (DOCX) copies of the administrative documents, laid out as Decree 30/2020/NĐ-CP (Appendix I)
prescribes: A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt; the header table (governing organ, issuing
organ in bold over a short rule, "Số: …" at left; national motto block and the place and date in italics at
right); the document type and title centred in bold; the signature block at right and "Nơi nhận:" at left.

The layout helpers of every Word document live here, once; the documents themselves (decision, annexed
list, minutes, proposal letter; the achievement report in achievement.py) are plain data in, bytes out.
Every printed value goes through text.printable, as in the PDFs. Imports nothing from `workflow`.
"""
from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from .data import DecisionData
from .letters import ProposalLetter
from .minutes import MinutesData
from .text import day_text, money, printable

FONT = "Times New Roman"
BODY_PT = 14
REPUBLIC = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
DRAFT_MARK = "BẢN DỰ THẢO"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# the documents' own date, so the same data gives the same file (as the PDFs are deterministic)
_EPOCH = datetime(2020, 1, 1)


# --- the page and the type ------------------------------------------------------------------------------

def new_document(*, landscape: bool = False) -> Document:
    """An A4 document in the decree's margins whose every style and run is Times New Roman."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    for style in doc.styles:
        if getattr(style, "font", None) is not None and style.type in (1, 3):   # paragraph and table styles
            _set_font(style.element, style.font)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    props = doc.core_properties
    props.created = props.modified = _EPOCH
    props.author = props.last_modified_by = "Vinh danh"
    props.revision = 1
    return doc


def _set_font(element, font) -> None:
    """Latin, East-Asian and complex-script slots all Times New Roman: Word picks the slot by character,
    and a Vietnamese letter with two marks must not fall back to another family."""
    font.name = FONT
    r_pr = element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)


def run(paragraph, text: str, *, bold: bool = False, italic: bool = False, size: float | None = None,
        underline: bool = False, colour: RGBColor | None = None):
    """One run of text in Times New Roman (set on the run too: a pasted paragraph keeps it)."""
    r = paragraph.add_run(printable(text))
    _set_font(r._element, r.font)
    r.bold, r.italic, r.underline = bold or None, italic or None, underline or None
    if size:
        r.font.size = Pt(size)
    if colour is not None:
        r.font.color.rgb = colour
    return r


def para(container, text: str = "", *, align: str = "justify", indent: bool = False, space_after: float = 0,
         space_before: float = 0, **style):
    """A paragraph of one run: `align` left, centre, right or justify; `indent` the 1.27 cm first line."""
    p = container.add_paragraph()
    p.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "centre": WD_ALIGN_PARAGRAPH.CENTER,
                   "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
    fmt = p.paragraph_format
    fmt.space_after, fmt.space_before = Pt(space_after), Pt(space_before)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        run(p, text, **style)
    return p


def rule(container, width_cm: float, cell_width_cm: float):
    """The short solid line under the organ's name, the motto or a title: an empty centred paragraph whose
    bottom border is `width_cm` long (Word draws a paragraph border between its indents)."""
    p = container.add_paragraph()
    side = max(0.0, (cell_width_cm - width_cm) / 2)
    p.paragraph_format.left_indent = p.paragraph_format.right_indent = Cm(side)
    p.paragraph_format.space_before, p.paragraph_format.space_after = Pt(1), Pt(4)
    p_pr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.append(borders)
    p.paragraph_format.line_spacing = Pt(3)   # exactly: an empty line only as high as the rule needs
    return p


def page_break(doc) -> None:
    run(doc.add_paragraph(), "").add_break(WD_BREAK.PAGE)


def plain_table(container, columns: int, widths_cm: Sequence[float], *, borders: bool = False):
    table = container.add_table(rows=0, cols=columns)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if borders:
        table.style = "Table Grid"
    table._widths = widths_cm
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)   # the grid: LibreOffice lays columns out by it, Word by the cells' widths
    return table


def add_row(table, *cells: str, bold: bool = False, size: float = 12, aligns: Sequence[str] = ()):
    row = table.add_row()
    for i, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
        cell.width = Cm(table._widths[i])
        p = cell.paragraphs[0]
        p.alignment = {"centre": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(
            aligns[i] if i < len(aligns) else "", WD_ALIGN_PARAGRAPH.LEFT)
        lines = str(text).split("\n")
        for n, line in enumerate(lines):
            r = run(p, line, bold=bold, size=size)
            if n < len(lines) - 1:
                r.add_break()
    return row


def grid(container, headers: Sequence[str], rows: Iterable[Sequence[str]], widths_cm: Sequence[float], *,
         aligns: Sequence[str] = (), size: float = 12):
    """A ruled table, its header row in bold and repeated on every page."""
    table = plain_table(container, len(headers), widths_cm, borders=True)
    head = add_row(table, *headers, bold=True, size=size, aligns=["centre"] * len(headers))
    tr_pr = head._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    for cells in rows:
        add_row(table, *cells, size=size, aligns=aligns)
    return table


# --- the decree's blocks ---------------------------------------------------------------------------------

def header(doc, *, organ_lines: Sequence[str], parent: str = "", number: str, place_date: str,
           organ_width_cm: float = 6.0, nation_width_cm: float = 10.5) -> None:
    """The top table: the organ (governing organ above, issuing organ in bold, short rule) and "Số: …" at
    left; the national name, the motto (bold, short rule) and the place and date in italics at right."""
    table = plain_table(doc, 2, (organ_width_cm, nation_width_cm))
    row = table.add_row()
    left, right = row.cells
    left.width, right.width = Cm(organ_width_cm), Cm(nation_width_cm)
    first = left.paragraphs[0]
    first.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if parent:
        run(first, parent.upper(), size=13)
        first = para(left, align="centre")
    for n, line in enumerate(organ_lines):
        p = first if n == 0 else para(left, align="centre")
        run(p, line.upper(), bold=True, size=13)
    rule(left, organ_width_cm / 3, organ_width_cm)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(p, REPUBLIC, bold=True, size=12.5)
    run(para(right, align="centre"), MOTTO, bold=True, size=14)
    rule(right, 5.8, nation_width_cm)
    row = table.add_row()
    row.cells[0].width, row.cells[1].width = Cm(organ_width_cm), Cm(nation_width_cm)
    row.cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(row.cells[0].paragraphs[0], f"Số: {number}", size=13)
    row.cells[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(row.cells[1].paragraphs[0], place_date, italic=True, size=14)


def title(doc, kind: str, summary: str = "", *, space_before: float = 18) -> None:
    """"QUYẾT ĐỊNH" / "Về việc …": the document type and its summary, centred bold, a short rule under."""
    para(doc, kind, align="centre", bold=True, size=14, space_before=space_before)
    if summary:
        para(doc, summary, align="centre", bold=True, size=14)
    rule(doc, 4.5, 16.5)


def blank_number(number: str) -> str:
    """"…/QĐ-UBND" or "12/QĐ-UBND" → "        /QĐ-UBND": a draft has no number, only its space."""
    suffix = number.split("/", 1)[1] if "/" in number else number
    return "\u00a0" * 8 + "/" + suffix


def closing(doc, *, copy_to: Sequence[str], signer_lines: Sequence[str], signer_name: str,
            hint: str = "", left_widths: tuple[float, float] = (7.0, 9.0)) -> None:
    """Nơi nhận at left (the label italic bold 12 pt, the list 11 pt), the signature block at right: the
    signing form and the title in bold, room to sign, the name in bold."""
    table = plain_table(doc, 2, left_widths)
    row = table.add_row()
    left, right = row.cells
    left.width, right.width = Cm(left_widths[0]), Cm(left_widths[1])
    if copy_to:
        run(left.paragraphs[0], "Nơi nhận:", bold=True, italic=True, size=12)
        for line in copy_to:
            para(left, f"- {line}", align="left", size=11)
    p = right.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for n, line in enumerate(signer_lines):
        run(p if n == 0 else para(right, align="centre"), line, bold=True, size=14)
    if hint:
        para(right, hint, align="centre", italic=True, size=13)
    for _ in range(4):
        para(right, align="centre")
    para(right, signer_name or "", align="centre", bold=True, size=14)


def mark_draft(doc, note: str = "chưa ban hành, chưa có số") -> None:
    """"BẢN DỰ THẢO" at the top of every page (the section's header), in red bold."""
    p = doc.sections[0].header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run(p, DRAFT_MARK, bold=True, size=12, colour=RGBColor(0xC8, 0x10, 0x2E))
    if note:
        run(p, f" – {note}", italic=True, size=11, colour=RGBColor(0xC8, 0x10, 0x2E))


def mark_record(doc, text: str) -> None:
    """The footer line of an issued document's Word copy: which file is the record."""
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(p, text, italic=True, size=10)


def to_bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- the decision and its annexed list --------------------------------------------------------------------

def organ_lines(organ_name: str) -> list[str]:
    return [line for line in organ_name.split("\n") if line.strip()]


def _frame(doc, d: DecisionData, record_note: str) -> str:
    """The draft's marker or the issued copy's footer; returns the number as printed."""
    if d.draft:
        mark_draft(doc)
        return blank_number(d.number)
    mark_record(doc, record_note or f"Bản Word để tham khảo. Văn bản có giá trị là tệp PDF có chữ ký số của "
                                    f"Quyết định số {d.number}.")
    return d.number


def decision(d: DecisionData, *, record_note: str = "") -> bytes:
    """Quyết định khen thưởng: the same content as the PDF (certificates/layouts/decision.html)."""
    doc = new_document()
    number = _frame(doc, d, record_note)
    header(doc, organ_lines=organ_lines(d.organ_name), parent=d.parent_organ, number=number,
           place_date=f"{d.place_name}, {day_text(d.decision_date)}")
    title(doc, d.title, d.summary)
    para(doc, d.authority_title, align="centre", bold=True, space_before=8, space_after=8)
    for line in (*d.legal_basis, *([d.proposal] if d.proposal else [])):
        para(doc, line, indent=True, italic=True, space_after=4)
    para(doc, "QUYẾT ĐỊNH:", align="centre", bold=True, space_before=6, space_after=8)
    _articles(doc, d)
    closing(doc, copy_to=d.copy_to, signer_lines=[x for x in (d.signing_form, d.signer_title) if x],
            signer_name=d.signer_name)
    if d.has_list:
        page_break(doc)
        _annex(doc, d, number)
    return to_bytes(doc)


def _articles(doc, d: DecisionData) -> None:
    p = para(doc, indent=True, space_after=4)
    run(p, "Điều 1. ", bold=True)
    if d.has_list:
        run(p, f"{d.award_text} (có danh sách kèm theo gồm {len(d.recipients):02d} tập thể, cá nhân).")
        para(doc, f"Tổng số tiền thưởng: {money(d.total_prize)} đồng.", indent=True, space_after=4)
    else:
        run(p, f"{d.award_text}:")
        for n, r in enumerate(d.recipients, 1):
            where = f", {r.unit_line}" if r.unit_line else ""
            para(doc, f"{n}. {r.name}{where}; tiền thưởng: {money(r.prize_money)} đồng.", indent=True,
                 space_after=2)
        if len(d.recipients) > 1:
            para(doc, f"Tổng số tiền thưởng: {money(d.total_prize)} đồng.", indent=True, space_after=4)
    for n, text in enumerate((d.article2, *d.more_articles), 2):
        p = para(doc, indent=True, space_after=4)
        run(p, f"Điều {n}. ", bold=True)
        run(p, text)


def annex(d: DecisionData, *, record_note: str = "") -> bytes:
    """Danh sách kèm theo Quyết định, alone: for the secretariat to check names and amounts in Word."""
    doc = new_document()
    number = _frame(doc, d, record_note)
    _annex(doc, d, number)
    return to_bytes(doc)


ANNEX_HEADERS = ("STT", "Họ tên / Tập thể", "Chức vụ, đơn vị", "Hình thức / danh hiệu", "Số tiền (đồng)")


def _annex(doc, d: DecisionData, number: str) -> None:
    para(doc, "DANH SÁCH", align="centre", bold=True)
    para(doc, d.list_title, align="centre", bold=True)
    issuer = f" của {d.issuer_name}" if d.issuer_name else ""
    para(doc, f"(Kèm theo Quyết định số {number} {day_text(d.decision_date)}{issuer})", align="centre",
         italic=True)
    rule(doc, 4.5, 16.5)
    rows = [(str(n), r.name, r.unit_line, r.award, money(r.prize_money)) for n, r in enumerate(d.recipients, 1)]
    table = grid(doc, ANNEX_HEADERS, rows, (1.2, 4.8, 4.6, 3.2, 2.6), aligns=("centre", "", "", "", "right"))
    add_row(table, "", "Tổng cộng", "", "", money(d.total_prize), bold=True, aligns=("", "", "", "", "right"))


# --- the council's minutes -------------------------------------------------------------------------------

def minutes(m: MinutesData) -> bytes:
    """Biên bản họp Hội đồng: the same record as the PDF (certificates/layouts/minutes.html). Signed on
    paper, so always marked as the copy to print and sign."""
    doc = new_document()
    mark_draft(doc, "để in, ký trên giấy")
    place_date = f"{m.place_name}, {day_text(m.meeting_date)}"
    header(doc, organ_lines=[m.council_name], parent=m.organ_name, number=m.number or blank_number("/BB-HĐTĐKT"),
           place_date=place_date)
    title(doc, "BIÊN BẢN", m.title)
    closed = f", kết thúc lúc {m.closed_at.strftime('%H giờ %M')}" if m.closed_at else ""
    para(doc, f"Hội đồng Thi đua – Khen thưởng của {m.authority_name} họp {day_text(m.meeting_date)}{closed}.",
         indent=True, space_after=6)
    present = sum(1 for x in m.members if x.present)
    para(doc, "I. Thành phần dự họp", bold=True, space_before=6, space_after=4)
    para(doc, f"Số thành viên được triệu tập: {len(m.members)}; có mặt: {present}; vắng mặt: "
              f"{len(m.members) - present}.", indent=True, space_after=4)
    grid(doc, ("STT", "Họ và tên", "Đơn vị công tác", "Điểm danh"),
         [(str(n), x.name, x.unit, "Có mặt" if x.present else "Vắng mặt") for n, x in enumerate(m.members, 1)],
         (1.2, 5.6, 6.2, 3.0), aligns=("centre",))
    para(doc, "II. Nội dung và kết quả biểu quyết", bold=True, space_before=8, space_after=4)
    _minutes_items(doc, m)
    if m.rules:
        para(doc, "III. Quy tắc biểu quyết đã áp dụng", bold=True, space_before=8, space_after=4)
        for award, sentences in m.rules:
            para(doc, f"{award}:", bold=True, space_after=2)
            for sentence in sentences:
                para(doc, f"- {sentence}", space_after=2)
    para(doc, "Biên bản được lập thành văn bản, các thành viên dự họp thống nhất với nội dung trên.", indent=True,
         space_before=6, space_after=8)
    _two_signatures(doc, ("THƯ KÝ HỘI ĐỒNG", m.secretary), ("CHỦ TỌA PHIÊN HỌP", m.chair))
    return to_bytes(doc)


MINUTES_HEADERS = ("STT", "Đối tượng, hình thức đề nghị", "Đơn vị đề nghị", "Không tham gia", "Đồng ý",
                   "Không đồng ý", "Không biểu quyết", "Kết quả")


def _minutes_items(doc, m: MinutesData) -> None:
    if not m.items:
        para(doc, "Phiên họp không có hồ sơ nào trong chương trình.", indent=True)
        return
    rows = []
    for i in m.items:
        who = "\n".join(x for x in (i.nominee, i.nominee_line, f"{i.award} ({i.ballot.lower()})" if i.ballot
                                    else i.award) if x)
        rows.append((str(i.position), who, i.proposing_unit, str(i.recused), str(i.agree), str(i.disagree),
                     str(i.abstain), "\n".join(x for x in (i.outcome, i.reason) if x)))
    grid(doc, MINUTES_HEADERS, rows, (0.9, 4.2, 2.4, 1.7, 1.4, 1.7, 1.7, 2.5),
         aligns=("centre", "", "", "centre", "centre", "centre", "centre", ""), size=11)
    for i in m.items:
        if i.recusals:
            para(doc, f"Hồ sơ số {i.position} ({i.nominee}):", bold=True, space_before=4, space_after=2)
            for line in i.recusals:
                para(doc, f"- {line}", space_after=2)


def _two_signatures(doc, left: tuple[str, str], right: tuple[str, str], *,
                    hints: tuple[str, str] = ("(Ký, ghi rõ họ tên)", "(Ký, ghi rõ họ tên)")) -> None:
    table = plain_table(doc, 2, (8.0, 8.0))
    row = table.add_row()
    for cell, (role, name), hint in zip(row.cells, (left, right), hints, strict=True):
        cell.width = Cm(8.0)
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        for n, line in enumerate(role.split("\n")):
            run(p if n == 0 else para(cell, align="centre"), line, bold=True, size=13)
        para(cell, hint, align="centre", italic=True, size=12)
        for _ in range(4):
            para(cell, align="centre")
        para(cell, name, align="centre", bold=True, size=13)


# --- the proposal letter to the council ------------------------------------------------------------------

PROPOSAL_HEADERS = ("STT", "Tập thể, cá nhân", "Chức vụ, đơn vị", "Hình thức đề nghị", "Đơn vị đề nghị, tờ trình")


def proposal(t: ProposalLetter) -> bytes:
    """Tờ trình of the council's standing body: the nominations it puts before a session, one row each.
    The secretariat numbers and signs it on paper, so it stays a draft here."""
    doc = new_document()
    mark_draft(doc, "số và chữ ký ghi khi ban hành")
    header(doc, organ_lines=organ_lines(t.organ_name), parent=t.parent_organ, number=blank_number(t.suffix),
           place_date=f"{t.place_name}, {day_text(t.letter_date)}")
    title(doc, "TỜ TRÌNH", t.summary)
    para(doc, f"Kính gửi: {t.addressee}.", align="centre", space_before=6, space_after=8)
    for line in t.legal_basis:
        para(doc, line, indent=True, italic=True, space_after=4)
    para(doc, t.opening, indent=True, space_after=6)
    rows = [(str(n), x.name, x.line, x.award, x.proposer) for n, x in enumerate(t.lines, 1)]
    grid(doc, PROPOSAL_HEADERS, rows, (1.2, 4.4, 4.4, 3.0, 3.4), aligns=("centre",))
    para(doc, t.closing, indent=True, space_before=6, space_after=8)
    closing(doc, copy_to=t.copy_to, signer_lines=t.signer_lines, signer_name=t.signer_name,
            hint="(Ký, ghi rõ họ tên)" if not t.signer_name else "")
    return to_bytes(doc)
