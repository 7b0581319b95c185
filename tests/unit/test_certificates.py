"""Certificates and decisions as PDFs (certificates/): what the rendered files say, their paper, the QR
code, deterministic bytes, the locked URL fetcher, escaping, Decree 30/2020 dates and money.
No app, no database. Reads PDFs with poppler-utils (pdftotext, pdftoppm) and QR codes with zbar-tools."""
import hashlib
import io
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from certificates import Paper, Recipient, render, render_decision, samples
from certificates.fetcher import LAYOUTS_DIR, LockedFetcher, RefusedURL
from certificates.text import count, day_text, money, place_date

MM = 72 / 25.4
ROOT = Path(__file__).resolve().parents[2]


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: apt-get install poppler-utils zbar-tools (make system-deps)")
    return path


def pdf_text(pdf: bytes) -> str:
    """The text pdftotext reads, with runs of whitespace (line breaks) folded to one space."""
    out = subprocess.run([tool("pdftotext"), "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def squash(text: str) -> str:
    """Without any whitespace: long URLs wrap anywhere, and pdftotext reads each break as a space."""
    return "".join(text.split())


def page_sizes_mm(pdf: bytes) -> list[tuple[float, float]]:
    from io import BytesIO
    pages = PdfReader(BytesIO(pdf)).pages
    return [(round(float(p.mediabox.width) / MM, 1), round(float(p.mediabox.height) / MM, 1)) for p in pages]


def qr_codes(pdf: bytes, tmp_path: Path, dpi: int = 200) -> list[str]:
    """Rasterise the bottom-left quarter of page 1 (where the QR code sits) with pdftoppm, and decode
    every QR code in it with zbarimg."""
    width, height = (round(side / 25.4 * dpi) for side in page_sizes_mm(pdf)[0])
    png = tmp_path / "page"
    subprocess.run([tool("pdftoppm"), "-r", str(dpi), "-png", "-singlefile", "-f", "1", "-l", "1",
                    "-x", "0", "-y", str(height // 2), "-W", str(width // 2), "-H", str(height // 2), "-", png],
                   input=pdf, check=True)
    out = subprocess.run([tool("zbarimg"), "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable",
                          f"{png}.png"], capture_output=True, check=False)   # exit 4: nothing found
    return out.stdout.decode("utf-8").split()


@pytest.fixture(scope="module")
def bang_khen() -> bytes:
    return render(samples.certificate())


# --- what a certificate says ------------------------------------------------------------------------------

def test_certificate_text_has_recipient_issuer_decision_and_golden_book_with_exact_diacritics(bang_khen):
    text = pdf_text(bang_khen)
    assert "Ủy ban nhân dân xã Vĩnh Hưng A" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU" in text
    assert "Quyết định số 123/QĐ-UBND ngày 05 tháng 3 năm 2025" in text
    assert "Số sổ vàng: 1045" in text


def test_certificate_reads_top_to_bottom_as_the_real_document(bang_khen):
    text = pdf_text(bang_khen)
    order = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
             "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", "TẶNG", "BẰNG KHEN", "Ủy ban nhân dân xã Vĩnh Hưng A",
             "Huyện Vĩnh Lợi, tỉnh Bạc Liêu", "Đã có thành tích xuất sắc", "Quyết định số 123/QĐ-UBND",
             "Số sổ vàng: 1045", "Mã xác thực K7Q2M4XW00000000"]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    # the signer's block, on the right: the QR code (10.5rem since it carries the signed statement, issue 19) and
    # its code stand level with the space left for the seal, so pdftotext may read them between title and name
    signer = ["Bạc Liêu, ngày 05 tháng 3 năm 2025", "CHỦ TỊCH", "Phạm Văn Thiều"]
    positions = [text.index(part, text.index("Số sổ vàng")) for part in signer]
    assert positions == sorted(positions)


def test_a_vice_chair_signs_for_the_chair():
    text = pdf_text(render(samples.certificate(signing_form="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH",
                                               signer_name="Trần Thanh Phong")))
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert text.index("KT. CHỦ TỊCH PHÓ CHỦ TỊCH") < text.index("Trần Thanh Phong")


def test_giay_khen_says_tang_giay_khen_on_one_line():
    text = pdf_text(render(samples.giay_khen()))
    assert "TẶNG GIẤY KHEN" in text
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN VĨNH LỢI" in text
    assert "Vĩnh Lợi, ngày 05 tháng 3 năm 2025" in text


def test_overlay_prints_only_the_variable_text():
    text = pdf_text(render(samples.certificate(overlay=True)))
    assert "Ủy ban nhân dân xã Vĩnh Hưng A" in text
    assert "Phạm Văn Thiều" in text and "Số sổ vàng: 1045" in text
    for preprinted in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "BẰNG KHEN", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"):
        assert preprinted not in text


def test_overlay_calibration_offsets_move_the_text_by_that_many_millimetres():
    def position(pdf: bytes) -> tuple[float, float]:
        out = subprocess.run([tool("pdftotext"), "-bbox", "-", "-"], input=pdf, capture_output=True, check=True)
        word = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>Hưng</word>', out.stdout.decode())
        return float(word[1]), float(word[2])

    x0, y0 = position(render(samples.certificate(overlay=True)))
    x1, y1 = position(render(samples.certificate(overlay=True, offset_x_mm=4.0, offset_y_mm=-2.5)))
    assert (x1 - x0) / MM == pytest.approx(4.0, abs=0.05)
    assert (y1 - y0) / MM == pytest.approx(-2.5, abs=0.05)


# --- paper --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("data, size", [
    (samples.certificate(), (400.0, 300.0)),                         # the traditional Bằng khen
    (samples.certificate(paper="a4"), (297.0, 210.0)),               # A4 landscape for office printers
    (samples.giay_khen(), (297.0, 210.0)),                           # Giấy khen: A4 landscape
    (samples.certificate(paper=Paper(330, 230)), (330.0, 230.0)),    # any blank
    (samples.certificate(overlay=True), (400.0, 300.0)),
], ids=["bang_khen", "bang_khen_a4", "giay_khen", "custom", "overlay"])
def test_each_layout_has_its_paper_size_on_one_page(data, size):
    assert page_sizes_mm(render(data)) == [size]


def test_decision_is_a4_portrait():
    assert set(page_sizes_mm(render_decision(samples.decision()))) == {(210.0, 297.0)}


def test_an_unknown_layout_or_paper_is_refused():
    with pytest.raises(ValueError, match="layout"):
        samples.certificate(layout="bang_khen_xl")
    with pytest.raises(ValueError, match="paper"):
        samples.certificate(paper="letter")


# --- the QR code --------------------------------------------------------------------------------------------

def test_qr_code_decodes_to_the_verify_url(bang_khen, tmp_path):
    assert qr_codes(bang_khen, tmp_path) == ["https://vinhdanh.baclieu.gov.vn/verify/K7Q2M4XW00000000"]


def test_qr_code_of_the_small_a4_sheet_decodes_too(tmp_path):
    data = samples.certificate(paper="a4", verify_url="https://example.gov.vn/verify/ABCDEFGHJKMNPQRS")
    assert qr_codes(render(data), tmp_path) == ["https://example.gov.vn/verify/ABCDEFGHJKMNPQRS"]


# --- determinism ---------------------------------------------------------------------------------------------

def test_the_same_data_gives_the_same_bytes(bang_khen):
    assert render(samples.certificate()) == bang_khen


def test_the_same_data_gives_the_same_bytes_in_a_fresh_process(bang_khen):
    code = ("import hashlib, sys; from certificates import render, samples; "
            "sys.stdout.write(hashlib.sha256(render(samples.certificate())).hexdigest())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True, text=True)
    assert out.stdout == hashlib.sha256(bang_khen).hexdigest()


def test_different_data_gives_a_different_file_identifier(bang_khen):
    other = render(samples.certificate(golden_book_no="1046"))
    ids = [PdfReader(__import__("io").BytesIO(pdf)).trailer["/ID"][0] for pdf in (bang_khen, other)]
    assert ids[0] != ids[1]


def test_metadata_dates_are_the_decision_date_not_the_time_of_rendering(bang_khen):
    from io import BytesIO
    info = PdfReader(BytesIO(bang_khen)).metadata
    assert info["/CreationDate"].startswith("D:20250305")
    assert info["/Title"] == "BẰNG KHEN – Ủy ban nhân dân xã Vĩnh Hưng A"


def test_decision_rendering_is_deterministic():
    assert render_decision(samples.decision(8)) == render_decision(samples.decision(8))


# --- the locked URL fetcher and escaping ------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "file://localhost/etc/passwd",
    f"file://{LAYOUTS_DIR}/../data.py",
    f"file://{LAYOUTS_DIR}/../../requirements.txt",
    f"file://{LAYOUTS_DIR}/nothing-here.png",
    f"file://example.org{LAYOUTS_DIR}/band.png",
    "http://127.0.0.1:9/x.png",
    "https://example.org/x.css",
    "ftp://example.org/x.png",
    "gopher://example.org/x",
    "jar:file:///etc/passwd!/",
])
def test_the_fetcher_refuses_everything_outside_the_layouts_folder(url):
    with pytest.raises(RefusedURL):
        LockedFetcher().fetch(url)


def test_the_fetcher_serves_layout_files_and_data_uris():
    assert LockedFetcher().fetch((LAYOUTS_DIR / "band.png").as_uri()).read()[:4] == b"\x89PNG"
    assert LockedFetcher().fetch("data:text/plain;base64,eGluIGNow6Bv").read() == "xin chào".encode()


HOSTILE = {
    "recipient": '<img src="file:///etc/passwd"> Ông <b>A</b>',
    "unit_line": '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    "achievement": '<style>@import url("http://127.0.0.1:9/a.css");</style> & </p><svg><image href="ftp://x/y"/>',
    "issuer_title": "<iframe src='https://example.org/'></iframe>",
    "decision_number": '123/QĐ-UBND"><img src="http://127.0.0.1:9/d.png">',
    "golden_book_no": "<object data='file:///etc/shadow'></object>",
    "place_name": "url(file:///etc/passwd)",
    "signer_name": '{{ 7*7 }} <script src="http://127.0.0.1:9/s.js"></script>',
    "verify_code": "<base href='http://127.0.0.1:9/'>",
    "verify_url": "file:///etc/passwd",
}


def test_urls_in_any_field_are_printed_as_text_and_never_fetched(monkeypatch):
    requested = []
    original = LockedFetcher.fetch

    def spy(self, url, headers=None):
        requested.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(LockedFetcher, "fetch", spy)
    text = squash(pdf_text(render(samples.certificate(**HOSTILE))))
    for field, value in HOSTILE.items():
        if field != "verify_url":              # the URL is only in the QR code
            assert squash(value) in text, field
    assert "{{7*7}}" in text                   # no template evaluation either
    outside = [u for u in requested if not u.startswith((LAYOUTS_DIR.as_uri(), "data:image/png"))]
    assert outside == []


def test_urls_in_decision_fields_are_printed_as_text_and_never_fetched(monkeypatch):
    requested = []
    original = LockedFetcher.fetch
    monkeypatch.setattr(LockedFetcher, "fetch", lambda self, url, h=None: requested.append(url) or original(self, url, h))
    hostile = samples.decision(
        2, number='<img src="file:///etc/passwd">', proposal='<img src="http://127.0.0.1:9/p.png">',
        legal_basis=("<link rel=stylesheet href='https://example.org/x.css'>",), copy_to=("ftp://example.org/;",))
    text = squash(pdf_text(render_decision(hostile)))
    assert squash('<img src="file:///etc/passwd">') in text and squash('<img src="http://127.0.0.1:9/p.png">') in text
    assert squash("<link rel=stylesheet href='https://example.org/x.css'>") in text
    assert [u for u in requested if not u.startswith(LAYOUTS_DIR.as_uri())] == []


@pytest.mark.parametrize("field, value", [
    ("red", "red; background: url(http://127.0.0.1:9/x)"),
    ("gold", "#fff} body{background:url(file:///etc/passwd)"),
    ("offset_x_mm", float("nan")),
    ("offset_y_mm", 500.0),
    ("offset_x_mm", "1mm; x: y"),
])
def test_style_settings_that_could_inject_css_are_refused(field, value):
    with pytest.raises(ValueError):
        samples.certificate(**{field: value})


def test_blank_required_fields_are_refused():
    with pytest.raises(ValueError, match="recipient"):
        samples.certificate(recipient="  ")


# --- dates and money as Decree 30/2020 writes them --------------------------------------------------------------

@pytest.mark.parametrize("day, expected", [
    (date(2025, 3, 5), "ngày 05 tháng 3 năm 2025"),      # day below 10: leading zero; March: none
    (date(2025, 1, 9), "ngày 09 tháng 01 năm 2025"),     # January and February take the zero
    (date(2025, 2, 28), "ngày 28 tháng 02 năm 2025"),
    (date(2025, 10, 10), "ngày 10 tháng 10 năm 2025"),
    (date(2024, 12, 1), "ngày 01 tháng 12 năm 2024"),
    (date(2025, 9, 30), "ngày 30 tháng 9 năm 2025"),
])
def test_day_text_pads_days_below_ten_and_months_one_and_two(day, expected):
    assert day_text(day) == expected


def test_place_date_line():
    assert place_date("Bạc Liêu", date(2025, 3, 5)) == "Bạc Liêu, ngày 05 tháng 3 năm 2025"


@pytest.mark.parametrize("amount, expected", [
    (0, "0"), (999, "999"), (1_000, "1.000"), (2_340_000, "2.340.000"), (117_000_000, "117.000.000")])
def test_money_groups_thousands_with_dots(amount, expected):
    assert money(amount) == expected


def test_counts_below_ten_take_a_leading_zero():
    assert (count(2), count(12)) == ("02", "12")


# --- the decision ---------------------------------------------------------------------------------------------

def test_decision_has_header_number_basis_proposal_and_each_recipient_with_prize_money():
    data = samples.decision(3)
    text = pdf_text(render_decision(data))
    for part in ("ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Số: 123/QĐ-UBND", "Bạc Liêu, ngày 05 tháng 3 năm 2025", "QUYẾT ĐỊNH",
                 "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
                 "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", *data.legal_basis, data.proposal, "QUYẾT ĐỊNH:",
                 "1. Ủy ban nhân dân xã Vĩnh Hưng A, Huyện Vĩnh Lợi, tỉnh Bạc Liêu; tiền thưởng: 4.680.000 đồng.",
                 ("2. Ông Nguyễn Văn Thành, Chủ tịch Ủy ban nhân dân xã Vĩnh Hưng A, huyện Vĩnh Lợi; "
                  "tiền thưởng: 2.340.000 đồng."),
                 "Tổng số tiền thưởng: 9.360.000 đồng.", "Điều 2.", "Nơi nhận:", "- Như Điều 2;",
                 "CHỦ TỊCH Phạm Văn Thiều"):
        assert " ".join(part.split()) in text, part
    assert "danh sách kèm theo" not in text


def test_many_recipients_go_to_the_attached_list_with_amounts_and_golden_book_numbers():
    data = samples.decision(40, signing_form="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH",
                            signer_name="Trần Thanh Phong")
    pdf = render_decision(data)
    text = pdf_text(pdf)
    assert "(có danh sách kèm theo gồm 40 tập thể, cá nhân)" in text
    assert data.total_prize == 109_980_000 and "Tổng số tiền thưởng: 109.980.000 đồng." in text
    assert "KT. CHỦ TỊCH PHÓ CHỦ TỊCH" in text
    assert text.index("KT. CHỦ TỊCH PHÓ CHỦ TỊCH") < text.index("Trần Thanh Phong")
    assert ("(Kèm theo Quyết định số 123/QĐ-UBND ngày 05 tháng 3 năm 2025 của Chủ tịch Ủy ban nhân dân "
            "tỉnh Bạc Liêu)") in text
    assert "40 Ông Nguyễn Văn Số 40" in text and "2.340.000 1084" in text
    assert re.search(r"Tổng cộng .*109\.980\.000", text)        # the table's total row (column order varies)
    assert len(page_sizes_mm(pdf)) >= 3


def test_decision_uses_a_times_compatible_serif_and_embeds_it(tmp_path):
    (tmp_path / "d.pdf").write_bytes(render_decision(samples.decision()))
    out = subprocess.run([tool("pdffonts"), tmp_path / "d.pdf"], capture_output=True, check=True, text=True).stdout
    fonts = [line.split() for line in out.splitlines()[2:]]
    assert fonts and all(f[-5] == "yes" for f in fonts)          # the "emb" column
    assert any(re.search("Times|Liberation-Serif|Tinos|DejaVu-Serif", f[0]) for f in fonts)


def test_replacing_fields_keeps_the_data_frozen():
    data = samples.certificate()
    with pytest.raises(AttributeError):
        data.recipient = "x"
    assert replace(data, recipient="Bà B").recipient == "Bà B"


def test_a_decision_without_recipients_or_with_negative_prize_money_is_refused():
    with pytest.raises(ValueError, match="recipient"):
        samples.decision(recipients=0)
    with pytest.raises(ValueError, match="prize_money"):
        Recipient(name="Ông A", prize_money=-1)


def test_importing_the_data_classes_does_not_load_weasyprint():
    code = "import sys, certificates, certificates.data; sys.stdout.write(str('weasyprint' in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, check=True, text=True)
    assert out.stdout == "False"


def test_the_council_minutes_render_with_exact_diacritics_on_a4_and_deterministically():
    from datetime import date, datetime

    from certificates.minutes import MinutesData, MinutesItem, MinutesMember, render_minutes
    data = MinutesData(
        organ_name="ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", council_name="HỘI ĐỒNG THI ĐUA – KHEN THƯỞNG",
        place_name="Bạc Liêu", meeting_date=date(2025, 2, 20), title="Phiên họp xét khen thưởng tổng kết",
        authority_name="Chủ tịch Ủy ban nhân dân tỉnh Bạc Liêu", closed_at=datetime(2025, 2, 20, 10, 30),
        members=(MinutesMember("Nguyễn Thị Hồng Nhung", "Sở Nội vụ"), MinutesMember("Lê Văn Đức", "", False)),
        items=(MinutesItem(1, "Ủy ban nhân dân xã Vĩnh Hưng A", "huyện Vĩnh Lợi", "Bằng khen", "Huyện Vĩnh Lợi",
                           "Bỏ phiếu kín", 0, 1, 0, 0, "Thông qua", "1/1 phiếu đồng ý."),))
    pdf = render_minutes(data)
    assert pdf == render_minutes(data)
    reader = PdfReader(io.BytesIO(pdf))
    words = " ".join(reader.pages[0].extract_text().split())
    assert "BIÊN BẢN" in words and "Nguyễn Thị Hồng Nhung" in words and "Ủy ban nhân dân xã Vĩnh Hưng A" in words
    assert "Bạc Liêu, ngày 20 tháng 02 năm 2025" in words and "có mặt: 1; vắng mặt: 1" in words
    assert (round(float(reader.pages[0].mediabox.width) * 25.4 / 72),
            round(float(reader.pages[0].mediabox.height) * 25.4 / 72)) == (210, 297)
