"""The printable batch (certificates/batch.py): how certificates are cut into chunks of at most 100 pages
for the worker processes, and that the joined PDF has every certificate once, in order, on its paper."""
from io import BytesIO

import pytest
from pypdf import PdfReader

from certificates import render_batch, samples
from certificates.batch import plan_chunks

MM = 72 / 25.4


def sizes(chunks):
    return [len(chunk) for chunk in chunks]


@pytest.mark.parametrize("n, expected", [
    (1, [1]),
    (15, [15]),                       # too small to be worth two processes
    (30, [15, 15]),                   # two workers, two chunks
    (100, [50, 50]),
    (250, [63, 63, 62, 62]),          # three chunks would leave a worker idle: four
    (500, [84, 84, 83, 83, 83, 83]),  # never more than 100 pages
    (2000, [100] * 20),
])
def test_chunks_hold_at_most_100_pages_and_keep_both_workers_busy(n, expected):
    items = [samples.certificate(i) for i in range(n)]
    chunks = plan_chunks(items, chunk_size=100, workers=2)
    assert sizes(chunks) == expected
    assert [item for chunk in chunks for item in chunk] == items       # every item once, in order


def test_a_change_of_paper_or_layout_starts_a_new_chunk():
    items = [samples.certificate(0), samples.certificate(1), samples.giay_khen(2),
             samples.certificate(3, paper="a4"), samples.certificate(4, paper="a4")]
    assert sizes(plan_chunks(items, chunk_size=100, workers=2)) == [2, 1, 2]


def test_a_chunk_size_below_one_is_refused():
    with pytest.raises(ValueError):
        plan_chunks([samples.certificate()], chunk_size=0, workers=2)


def test_batch_has_every_certificate_in_order_with_progress_reported():
    items = [samples.certificate(i) for i in range(5)] + [samples.giay_khen(5)]
    progress = []
    pdf = render_batch(items, chunk_size=2, workers=2, progress=lambda done, total: progress.append((done, total)))
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) == 6
    for page, item in zip(pages, items):
        text = " ".join(page.extract_text().split())
        assert item.recipient in text and f"Số sổ vàng: {item.golden_book_no}" in text
    assert [round(float(p.mediabox.width) / MM) for p in pages] == [400] * 5 + [297]
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
    assert progress[-1] == (6, 6)


def test_batch_of_the_same_items_gives_the_same_bytes():
    items = [samples.certificate(i) for i in range(3)]
    assert render_batch(items, chunk_size=2, workers=1) == render_batch(items, chunk_size=2, workers=2)


def test_an_empty_batch_is_refused():
    with pytest.raises(ValueError):
        render_batch([])


def test_a_failing_chunk_fails_the_batch(monkeypatch):
    def broken(chunk):
        raise RuntimeError("renderer down")

    monkeypatch.setattr("certificates.batch._render_chunk", broken)
    with pytest.raises(RuntimeError, match="renderer down"):
        render_batch([samples.certificate(i) for i in range(4)], chunk_size=2, workers=1)
