"""The split render (certificates/split.py, batch.render_each / render_batch) draws exactly what the whole
page draws: every page compared pixel by pixel with pdftoppm at 50 dpi, and its text with pdftotext, for
each layout variant; a revoked certificate's stamped copy too."""
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pikepdf
import pytest

from certificates import render, render_batch, render_each, samples
from certificates.signing import Signer, generate_dev_keys, verify
from certificates.stamp import stamp_revoked

LONG = "Bà Nguyễn Thị Hồng Nhung Phương Thảo Trần Lê Hoàng Bảo Ngọc Khánh Linh Huyền Trang Mỹ Duyên"
VARIANTS = {
    "collective": samples.certificate(0),
    "individual": samples.certificate(1),
    "household": samples.certificate(3),
    "deputy signs, A4": samples.certificate(4, paper="a4", signing_form="KT. CHỦ TỊCH", signer_title="PHÓ CHỦ TỊCH"),
    "giay khen": samples.giay_khen(2),
    "overlay on a blank, offsets": samples.certificate(5, overlay=True, offset_x_mm=4.0, offset_y_mm=-2.5),
    "long name and unit that wrap": samples.certificate(6, recipient=LONG, unit_line=LONG + ", " + LONG,
                                                        achievement=samples.ACHIEVEMENT * 2),
    "title award, A3": samples.certificate(7, paper="a3", award_verb="TẶNG DANH HIỆU",
                                           certificate_title="TẬP THỂ LAO ĐỘNG XUẤT SẮC"),
    "golden number too long to split": samples.certificate(8, golden_book_no="9" * 40),
}


def pages(pdf: bytes, folder: Path, name: str) -> list[bytes]:
    """Each page's pixels at 50 dpi (pdftoppm's raw PPM)."""
    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "50", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    found = [path.read_bytes() for path in sorted(folder.glob(f"{name}-*.ppm"))]
    assert found and all(found), f"pdftoppm drew no page of {name}"
    return found


def pdf_text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


@pytest.fixture(scope="module")
def whole():
    return {name: render(item) for name, item in VARIANTS.items()}


@pytest.fixture(scope="module")
def each():
    files = list(render_each(list(VARIANTS.values()), workers=2))
    return dict(zip(VARIANTS, files, strict=True))


@pytest.mark.parametrize("name", VARIANTS)
def test_each_file_draws_the_same_pixels_and_text_as_the_whole_page(name, whole, each, tmp_path):
    assert pages(each[name], tmp_path, "split") == pages(whole[name], tmp_path, "whole")
    assert pdf_text(each[name]) == pdf_text(whole[name])
    with pikepdf.open(BytesIO(each[name])) as split, pikepdf.open(BytesIO(whole[name])) as original:
        assert len(split.pages) == 1
        assert split.pages[0].MediaBox == original.pages[0].MediaBox
        assert {k: str(v) for k, v in split.docinfo.items()} == {k: str(v) for k, v in original.docinfo.items()}


def test_a_batch_shares_one_background_and_draws_every_page_as_before(whole, tmp_path):
    items = [samples.certificate(i) for i in range(6)] + [VARIANTS["giay khen"], VARIANTS["overlay on a blank, offsets"]]
    batch = render_batch(items, chunk_size=3, workers=2)
    expected = [page for i, item in enumerate(items) for page in pages(render(item), tmp_path, f"w{i}")]
    assert pages(batch, tmp_path, "batch") == expected
    with pikepdf.open(BytesIO(batch)) as pdf:
        forms = {page.Resources.XObject["/Bg0"].objgen for page in pdf.pages}
    assert len(forms) == 3     # one Bằng khen background for six pages, one Giấy khen, one overlay


def test_signed_files_verify_and_a_revoked_copy_is_stamped_alike(whole, each, tmp_path):
    keys = generate_dev_keys(tmp_path / "keys")
    signer = Signer(keys.p12_path, keys.password)
    signed = signer.sign(each["collective"])
    assert verify(signed, signer).ok
    revoked = {"decision_number": "200/QĐ-UBND", "revoked_on": date(2025, 6, 1)}
    assert (pages(stamp_revoked(signed, **revoked), tmp_path, "stamped-split")
            == pages(stamp_revoked(signer.sign(whole["collective"]), **revoked), tmp_path, "stamped-whole"))
