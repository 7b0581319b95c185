"""Word (DOCX) copies of the administrative documents, laid out as Decree 30/2020/NĐ-CP (Appendix I)
prescribes: A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt; the header table (governing organ, issuing
organ in bold over a short rule, "Số: …" at left; national motto block and the place and date in italics at
right); the document type and title centred in bold; the signature block at right and "Nơi nhận:" at left.

The layout helpers of every Word document live here, once; the documents themselves are in word.py (decision,
annexed list, minutes, proposal letter) and achievement.py (the achievement report): plain data in, bytes out.
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

from .text import printable

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
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)   # the grid: LibreOffice lays columns out by it, Word by the cells' widths
    return table


def add_row(table, *cells: str, bold: bool = False, size: float = 12, aligns: Sequence[str] = ()):
    row = table.add_row()
    for i, (cell, text) in enumerate(zip(row.cells, cells, strict=True)):
        cell.width = table.columns[i].width
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


def organ_lines(organ_name: str) -> list[str]:
    return [line for line in organ_name.split("\n") if line.strip()]


def two_signatures(doc, left: tuple[str, str], right: tuple[str, str], *,
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
