"""The Word (DOCX) copies of the administrative documents: the decision (a draft or issued), its annexed list,
the council's minutes and the standing body's proposal letter, with the same content as their PDFs and the
layout helpers of docx.py (Decree 30/2020/NĐ-CP). Plain data in, bytes out. Imports nothing from `workflow`.
"""
from __future__ import annotations

from .data import DecisionData
from .docx import (add_row, blank_number, closing, grid, header, mark_draft, mark_record, new_document, organ_lines,
                   page_break, para, rule, run, title, to_bytes, two_signatures)
from .letters import ProposalLetter
from .minutes import MinutesData
from .text import day_text, money


# --- the decision and its annexed list --------------------------------------------------------------------

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
    two_signatures(doc, ("THƯ KÝ HỘI ĐỒNG", m.secretary), ("CHỦ TỌA PHIÊN HỌP", m.chair))
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
    for i in m.items:
        if i.field_checks:
            para(doc, f"Thẩm tra thực tế – hồ sơ số {i.position} ({i.nominee}):", bold=True, space_before=4,
                 space_after=2)
            for line in i.field_checks:
                para(doc, f"- {line}", space_after=2)
    for i in m.items:
        if i.flags:
            para(doc, f"Cảnh báo Hội đồng đã được xem – hồ sơ số {i.position} ({i.nominee}):", bold=True,
                 space_before=4, space_after=2)
            for line in i.flags:
                para(doc, f"- {line}", space_after=2)


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
