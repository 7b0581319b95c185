"""Hostile text in every PDF layout (certificate, decision with and without its attached list, council minutes,
summary report), proved on the rendered files: a 200-character unbroken string wraps inside the page and
prints whole, and a right-to-left override inside a name is dropped, so the sentence after the name still
reads forwards. Reads the PDFs with pdftotext (poppler-utils). No app, no database."""
import re
import subprocess
from dataclasses import replace
from datetime import date, datetime

import pytest

from certificates import Recipient, render, render_decision, samples
from certificates.minutes import MinutesData, MinutesItem, MinutesMember, render_minutes
from certificates.report import ReportData, ReportTable, render_report

from .test_certificates import pdf_text, squash, tool

LONG = ("HuỳnhThịNgọcHân" * 14)[:200]          # no space in 200 characters
RLO_NAME = "Nguyễn Văn\u202e An"                 # the override a name brought into a decision
NAME = "Nguyễn Văn An"
WORD = re.compile(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" yMax="([-\d.]+)">')
PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.DOTALL)


def outside_the_page(pdf: bytes) -> list[tuple[float, ...]]:
    """Every word box (pdftotext -bbox) that does not lie within its page."""
    out = subprocess.run([tool("pdftotext"), "-bbox", "-", "-"], input=pdf, capture_output=True, check=True)
    bad = []
    for width, height, body in PAGE.findall(out.stdout.decode("utf-8")):
        for box in WORD.findall(body):
            x0, y0, x1, y1 = map(float, box)
            if x0 < 0 or y0 < 0 or x1 > float(width) or y1 > float(height):
                bad.append((x0, y0, x1, y1, float(width), float(height)))
    return bad


def _minutes() -> MinutesData:
    return MinutesData(
        organ_name="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", council_name="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        place_name="Bạc Liêu", meeting_date=date(2025, 2, 20), title="Phiên họp " + LONG,
        authority_name="Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu", closed_at=datetime(2025, 2, 20, 10, 30),
        members=(MinutesMember(LONG, LONG), MinutesMember("Lê Văn Đức", "Sở Nội vụ", False)),
        items=(MinutesItem(1, RLO_NAME, "huyện Vĩnh Lợi", "Bằng khen", "Huyện Vĩnh Lợi", "Bỏ phiếu kín", 0, 1, 0, 0,
                           "Thông qua", "1/1 phiếu đồng ý."),
               MinutesItem(2, LONG, LONG, LONG, LONG, "Bỏ phiếu kín", 0, 1, 0, 0, "Thông qua", LONG)),
        rules=((LONG, (LONG,)),))


def _report() -> ReportData:
    row = (RLO_NAME + " – Huyện Vĩnh Lợi", "Báo cáo của Sở", "80", "90,0 %")
    return ReportData(title="Báo cáo tổng kết phong trào thi đua", subtitle=LONG, generated=datetime(2025, 3, 5, 9),
                      facts=(("Phong trào", LONG),),
                      tables=(ReportTable("Chỉ tiêu", ("Đơn vị", "Nguồn số liệu", "Kết quả", "Tỷ lệ"),
                                          (row, (LONG, LONG, "1", "2,0 %")), (False, False, True, True)),))


def _decision(recipients: int):
    people = [Recipient(name=RLO_NAME, unit_line="huyện Vĩnh Lợi", prize_money=4_680_000, golden_book_no="1045")]
    people += [Recipient(name=LONG, unit_line=LONG, award=LONG, prize_money=2_340_000)] * (recipients - 1)
    return render_decision(replace(samples.decision(), award_text="Tặng Bằng khen cho " + LONG,
                                   recipients=tuple(people)))


DOCUMENTS = {
    "bang_khen": lambda: render(samples.certificate(recipient=RLO_NAME + " " + LONG, unit_line=LONG,
                                                    achievement="Đã có thành tích " + LONG)),
    "giay_khen": lambda: render(samples.giay_khen(recipient=RLO_NAME + " " + LONG, unit_line=LONG,
                                                  achievement="Đã có thành tích " + LONG)),
    "decision": lambda: _decision(2),
    "decision_with_list": lambda: _decision(7),
    "minutes": lambda: render_minutes(_minutes()),
    "report": lambda: render_report(_report()),
}
# the name and what follows it in the same line or cell, in reading order: an override left in place printed
# them backwards ("Nguyễn Văn nA, …")
AFTER_THE_NAME = {
    "bang_khen": f"{NAME} {LONG[:20]}",
    "giay_khen": f"{NAME} {LONG[:20]}",
    "decision": f"1. {NAME}, huyện Vĩnh Lợi; tiền thưởng: 4.680.000 đồng.",
    "decision_with_list": f"Tập thể, cá nhân {NAME} ",
    "minutes": f"1 {NAME} huyện Vĩnh Lợi Bằng khen (bỏ phiếu kín) Huyện Vĩnh Lợi 0 1 0 0 Thông qua",
    "report": f"{NAME} – Huyện Vĩnh Lợi",
}


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    return {name: make() for name, make in DOCUMENTS.items()}


@pytest.mark.parametrize("layout", DOCUMENTS)
def test_a_200_character_unbroken_string_wraps_inside_the_page(pdfs, layout):
    assert outside_the_page(pdfs[layout]) == []


@pytest.mark.parametrize("layout", DOCUMENTS)
def test_the_long_string_prints_whole_and_in_order(pdfs, layout):
    assert LONG in squash(pdf_text(pdfs[layout]))


@pytest.mark.parametrize("layout", DOCUMENTS)
def test_a_right_to_left_override_in_a_name_is_dropped_and_the_sentence_reads_forwards(pdfs, layout):
    text = pdf_text(pdfs[layout])
    assert "\u202e" not in text
    assert AFTER_THE_NAME[layout] in text


def test_ordinary_documents_have_no_break_inside_a_word():
    """The break opportunities are for long runs only: every word of a real decision's list prints whole."""
    text = pdf_text(render_decision(samples.decision(9)))
    words = set(text.split())
    expected = " ".join(samples._NAMES + samples._UNITS).replace(",", "").split()
    assert [word for word in expected if word not in words and word + "," not in words] == []
    assert "\u200b" not in text
