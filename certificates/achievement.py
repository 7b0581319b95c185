"""Báo cáo thành tích (the achievement report) in the decree's form, for the proposing unit to complete and
sign: the collective's form (its features, functions, results, the measures behind them, the titles and awards
already received) or the individual's (a short curriculum, duties, results, titles and awards); households use
the individual's form with the head of household. What the nomination already says is filled in; what only the
unit knows is left as dotted lines.

The form's content is built once (`blocks`) and laid out twice: as PDF (layouts/achievement.html, through the
engine's fonts and locked fetcher) and as DOCX (docx.py's helpers). Imports nothing from `workflow`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

DOTS = "." * 70                       # one line left for the unit to write on
SHORT_DOTS = "." * 30
FORM_SOURCE = ("Theo mẫu báo cáo thành tích ban hành kèm theo Nghị định số 152/2025/NĐ-CP của Chính phủ "
               "(mẫu của Nghị định số 98/2023/NĐ-CP trước ngày 01/07/2025)")
FORMS = {"collective": "Mẫu số 01 (tập thể)", "individual": "Mẫu số 02 (cá nhân)",
         "household": "Mẫu số 02 (cá nhân), dùng cho hộ gia đình"}


@dataclass(frozen=True)
class PriorTitle:
    year: int
    title: str
    decision: str = ""           # "Quyết định số 12/QĐ-UBND ngày 15/12/2024"


@dataclass(frozen=True)
class Initiative:
    name: str
    scope: str = ""              # "cấp tỉnh"
    document: str = ""           # the document recognising it


@dataclass(frozen=True, kw_only=True)
class AchievementData:
    kind: str                    # "collective", "individual" or "household"
    nominee: str                 # "Ông Nguyễn Văn An" / "Ủy ban nhân dân xã Vĩnh Hưng A"
    award: str                   # what is proposed: "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"
    proposing_unit: str          # the unit that proposes: a collective's unit above, an individual's unit
    place_name: str = ""         # "Cà Mau": the place of the date line; the date is left blank
    position: str = ""
    workplace: str = ""
    gender: str = ""             # "Nam" / "Nữ"
    birth_date: date | None = None
    address: str = ""
    period_from: date
    period_to: date
    campaign: str = ""
    summary: str = ""
    titles: tuple[PriorTitle, ...] = ()
    initiatives: tuple[Initiative, ...] = ()

    def __post_init__(self):
        if self.kind not in FORMS:
            raise ValueError(f"unknown nominee kind {self.kind!r}")
        if not self.nominee.strip():
            raise ValueError("AchievementData.nominee must be non-empty text")

    @property
    def collective(self) -> bool:
        return self.kind == "collective"

    @property
    def parent(self) -> str:
        """The organ printed above a collective's name: the unit that proposes it, unless it proposes itself."""
        return "" if self.proposing_unit.strip().lower() == self.nominee.strip().lower() else self.proposing_unit


@dataclass(frozen=True)
class Block:
    """One element of the form: a field ("label: value"), a paragraph, a sub-heading, a line to fill in, or
    a table (headers and rows)."""

    kind: str                    # "field", "text", "sub", "dots", "table"
    text: str = ""
    value: str = ""
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


def or_dots(value: str) -> str:
    return value.strip() or SHORT_DOTS


def period_text(d: AchievementData) -> str:
    return f"từ ngày {d.period_from:%d/%m/%Y} đến ngày {d.period_to:%d/%m/%Y}"


def heading(d: AchievementData) -> tuple[str, str, str]:
    """The title, what is proposed, and the named nominee line under it."""
    who = "Tên tập thể" if d.collective else ("Họ và tên chủ hộ" if d.kind == "household" else "Họ và tên")
    return ("BÁO CÁO THÀNH TÍCH", f"ĐỀ NGHỊ TẶNG {d.award.upper()}", f"{who}: {d.nominee}")


def blocks(d: AchievementData) -> list[tuple[str, list[Block]]]:
    """The form's sections in order: (section title, its blocks)."""
    return _collective(d) if d.collective else _person(d)


def _collective(d: AchievementData) -> list[tuple[str, list[Block]]]:
    return [
        ("I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH", [
            Block("sub", "1. Đặc điểm, tình hình:"),
            Block("field", "Tên đơn vị", d.nominee),
            Block("field", "Đơn vị cấp trên trực tiếp", or_dots(d.parent)),
            Block("field", "Địa điểm trụ sở chính, điện thoại, địa chỉ trang tin điện tử", or_dots(d.address)),
            Block("text", "Quá trình thành lập và phát triển; đặc điểm chính của đơn vị, địa phương (điều kiện tự "
                          "nhiên, xã hội, cơ cấu tổ chức, cơ sở vật chất, tổng số cán bộ, công chức, viên chức, "
                          "người lao động):"),
            Block("dots"), Block("dots"), Block("dots"),
            Block("sub", "2. Chức năng, nhiệm vụ được giao:"),
            Block("dots"), Block("dots"),
        ]),
        ("II. THÀNH TÍCH ĐẠT ĐƯỢC", [
            Block("field", "Thời gian lập thành tích", period_text(d)),
            *([Block("field", "Phong trào thi đua", d.campaign)] if d.campaign else []),
            Block("sub", "1. Kết quả thực hiện nhiệm vụ chính trị được giao (các chỉ tiêu cụ thể so với kế hoạch, "
                         "so với cùng kỳ):"),
            *_summary(d),
            Block("dots"), Block("dots"),
            Block("sub", "2. Những biện pháp, nguyên nhân đạt được thành tích; các phong trào thi đua đã áp dụng:"),
            *_initiatives(d),
            Block("dots"), Block("dots"),
            Block("sub", "3. Việc thực hiện chủ trương, chính sách, pháp luật; công tác xây dựng Đảng, đoàn thể:"),
            Block("dots"), Block("dots"),
        ]),
        ("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", _awards(d, "Danh hiệu thi đua")),
    ]


def _person(d: AchievementData) -> list[tuple[str, list[Block]]]:
    born = f"{d.birth_date:%d/%m/%Y}" if d.birth_date else ""
    return [
        ("I. SƠ LƯỢC LÝ LỊCH", [
            Block("field", "Họ và tên (chủ hộ)" if d.kind == "household" else "Họ và tên", d.nominee),
            Block("field", "Sinh ngày, tháng, năm", or_dots(born)),
            Block("field", "Giới tính", or_dots(d.gender)),
            Block("field", "Quê quán", SHORT_DOTS),
            Block("field", "Trú quán" if d.kind == "household" else "Nơi thường trú", or_dots(d.address)),
            Block("field", "Đơn vị công tác", or_dots(d.workplace)),
            Block("field", "Chức vụ (Đảng, chính quyền, đoàn thể)", or_dots(d.position)),
            Block("field", "Trình độ chuyên môn, nghiệp vụ", SHORT_DOTS),
            Block("field", "Học hàm, học vị, danh hiệu, giải thưởng", SHORT_DOTS),
        ]),
        ("II. THÀNH TÍCH ĐẠT ĐƯỢC", [
            Block("field", "Thời gian lập thành tích", period_text(d)),
            *([Block("field", "Phong trào thi đua", d.campaign)] if d.campaign else []),
            Block("sub", "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận:"),
            Block("dots"), Block("dots"),
            Block("sub", "2. Thành tích đạt được (kết quả thực hiện nhiệm vụ; sáng kiến, đề tài, giải pháp đã "
                         "được công nhận):"),
            *_summary(d),
            *_initiatives(d),
            Block("dots"), Block("dots"),
        ]),
        ("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", _awards(d, "Danh hiệu thi đua")),
    ]


def _summary(d: AchievementData) -> list[Block]:
    return [Block("text", line.strip()) for line in d.summary.splitlines() if line.strip()]


def _initiatives(d: AchievementData) -> list[Block]:
    if not d.initiatives:
        return []
    rows = tuple((str(n), i.name, i.scope, i.document) for n, i in enumerate(d.initiatives, 1))
    return [Block("table", "Sáng kiến, đề tài, giải pháp đã được công nhận:",
                  headers=("STT", "Tên sáng kiến, đề tài", "Phạm vi ảnh hưởng", "Văn bản công nhận"), rows=rows)]


def _awards(d: AchievementData, label: str) -> list[Block]:
    titles = tuple((str(t.year), t.title, t.decision) for t in sorted(d.titles, key=lambda t: t.year))
    blank = ((SHORT_DOTS[:8], SHORT_DOTS, SHORT_DOTS),)
    return [
        Block("table", f"1. {label}:", headers=("Năm", "Danh hiệu thi đua",
              "Số, ngày, tháng, năm của quyết định công nhận; cơ quan ban hành"), rows=titles or blank),
        Block("table", "2. Hình thức khen thưởng:", headers=("Năm", "Hình thức khen thưởng",
              "Số, ngày, tháng, năm của quyết định khen thưởng; cơ quan ban hành"), rows=blank),
    ]


def signatures(d: AchievementData) -> tuple[tuple[str, str], tuple[str, str]]:
    """(left, right): who confirms and who reports, with the hint under each."""
    if d.collective:
        return (("THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN\nTRỰC TIẾP XÁC NHẬN, ĐỀ NGHỊ", "(Ký, đóng dấu)"),
                ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký, đóng dấu)"))
    return (("THỦ TRƯỞNG ĐƠN VỊ\nXÁC NHẬN, ĐỀ NGHỊ", "(Ký, đóng dấu)"),
            ("NGƯỜI BÁO CÁO THÀNH TÍCH", "(Ký, ghi rõ họ và tên)"))


def date_line(d: AchievementData) -> str:
    """"Cà Mau, ngày … tháng … năm …": the unit dates the report when it signs it."""
    return f"{d.place_name or SHORT_DOTS[:12]}, ngày ...... tháng ...... năm ......"


def render_pdf(d: AchievementData) -> bytes:
    from .engine import _identifier, renderer
    r = renderer()
    view = {"heading": heading(d), "sections": blocks(d), "signatures": signatures(d), "date_line": date_line(d),
            "form": FORMS[d.kind], "source": FORM_SOURCE, "dots": DOTS, "number": "\u00a0" * 8 + "/BC",
            "created": f"{d.period_to.isoformat()}T00:00:00+07:00"}
    with r._lock:   # WeasyPrint's font objects are shared with the certificates: one render at a time
        html = r.env.get_template("achievement.html").render(d=d, v=view)
        return r._pdf(html, [r._sheet("decision.css"), r._sheet("minutes.css"), r._sheet("achievement.css")],
                      _identifier(repr(d)))


def render_docx(d: AchievementData) -> bytes:
    from . import docx as w
    doc = w.new_document()
    w.mark_draft(doc, "mẫu để đơn vị hoàn thiện, ký")
    w.para(doc, f"{FORMS[d.kind]}. {FORM_SOURCE}.", align="right", italic=True, size=10, space_after=6)
    if d.collective:
        w.header(doc, organ_lines=[d.nominee], parent=d.parent, number=w.blank_number("/BC"), place_date=date_line(d))
    else:
        w.para(doc, w.REPUBLIC, align="centre", bold=True, size=12.5)
        w.para(doc, w.MOTTO, align="centre", bold=True, size=14)
        w.rule(doc, 5.8, 16.5)
        w.para(doc, date_line(d), align="right", italic=True, size=14)
    title, award, who = heading(d)
    w.para(doc, title, align="centre", bold=True, size=14, space_before=14)
    w.para(doc, award, align="centre", bold=True, size=14)
    w.para(doc, who, align="centre", bold=True, size=14, space_after=10)
    for section, items in blocks(d):
        w.para(doc, section, bold=True, space_before=8, space_after=4)
        for block in items:
            _docx_block(w, doc, block)
    w.two_signatures(doc, *((role, "") for role, _ in signatures(d)), hints=tuple(h for _, h in signatures(d)))
    return w.to_bytes(doc)


def _docx_block(w, doc, block: Block) -> None:
    if block.kind == "field":
        p = w.para(doc, indent=True, space_after=2)
        w.run(p, f"- {block.text}: ")
        w.run(p, block.value, bold=block.value != SHORT_DOTS)
    elif block.kind == "sub":
        w.para(doc, block.text, indent=True, italic=True, space_before=4, space_after=2)
    elif block.kind == "dots":
        w.para(doc, DOTS, indent=True, space_after=2)
    elif block.kind == "text":
        w.para(doc, block.text, indent=True, space_after=2)
    else:
        w.para(doc, block.text, indent=True, space_before=4, space_after=2)
        widths = (1.6, 5.4, 9.0) if len(block.headers) == 3 else (1.2, 5.0, 3.4, 6.4)
        w.grid(doc, block.headers, block.rows, widths, aligns=("centre",))


__all__ = ["AchievementData", "Block", "Initiative", "PriorTitle", "blocks", "render_docx", "render_pdf"]
