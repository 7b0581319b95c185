"""A printable PDF of many certificates: chunks of at most 100 pages, each one WeasyPrint document
rendered in a worker process, joined in order with pypdf.

Why chunks: one document holds about 0.9 MB per page until it is written, so a chunk bounds a worker's
memory; one multi-page document is also faster than one document per page. Why processes: rendering is
CPU-bound Python. Workers come from a fork server (never a fork of a threaded web process) and keep one
renderer each (see engine.py), so their memory stays flat from chunk to chunk.
"""
import math
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from io import BytesIO
from itertools import groupby
from typing import BinaryIO

from pypdf import PdfReader, PdfWriter

from .data import CertificateData
from .engine import renderer

CHUNK_PAGES = 100
WORKERS = 2
MIN_CHUNK = 10          # below this, splitting a run across workers costs more than it saves

Progress = Callable[[int, int], None]   # (pages done, pages in all)


def render_batch(items: Sequence[CertificateData], *, chunk_size: int = CHUNK_PAGES, workers: int = WORKERS,
                 progress: Progress | None = None) -> bytes:
    """All certificates as one PDF, in the given order. Deterministic for the same items and settings."""
    out = BytesIO()
    write_batch(items, out, chunk_size=chunk_size, workers=workers, progress=progress)
    return out.getvalue()


def write_batch(items: Sequence[CertificateData], target: BinaryIO, *, chunk_size: int = CHUNK_PAGES,
                workers: int = WORKERS, progress: Progress | None = None) -> int:
    """Like render_batch, written to a binary file object; returns the number of pages.
    `progress(done, total)` is called in this process after each chunk, e.g. to update a job record."""
    items = list(items)
    if not items:
        raise ValueError("no certificates to render")
    chunks = plan_chunks(items, chunk_size=chunk_size, workers=workers)
    writer = PdfWriter()
    done = 0
    for chunk, pdf in _rendered(chunks, workers):
        writer.append(PdfReader(BytesIO(pdf)))     # joined while the workers render the next chunks
        done += len(chunk)
        if progress:
            progress(done, len(items))
    writer.add_metadata({"/Title": f"{items[0].certificate_title} – {items[0].decision_number}",
                         "/Producer": "WeasyPrint, pypdf (Vinh danh certificates)"})
    writer.write(target)
    return len(items)


def plan_chunks(items: list[CertificateData], *, chunk_size: int, workers: int) -> list[list[CertificateData]]:
    """Consecutive items of one style (paper, layout, colours) in chunks of at most `chunk_size`, as many
    as needed and a multiple of `workers` when that keeps chunks reasonably large, so no worker idles."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    chunks = []
    for _, run in groupby(items, key=CertificateData.style_key):
        run = list(run)
        count = math.ceil(len(run) / chunk_size)
        balanced = math.ceil(count / workers) * workers
        if len(run) >= balanced * MIN_CHUNK:
            count = balanced
        size, extra = divmod(len(run), count)
        start = 0
        for i in range(count):
            end = start + size + (1 if i < extra else 0)
            chunks.append(run[start:end])
            start = end
    return chunks


def _render_chunk(chunk: list[CertificateData]) -> bytes:
    return renderer().certificates(chunk)


def _rendered(chunks: list[list[CertificateData]], workers: int) -> Iterator[tuple[list, bytes]]:
    """(chunk, its PDF) in the chunks' order, as soon as each and all before it are ready."""
    if workers <= 1 or len(chunks) == 1:
        for chunk in chunks:
            yield chunk, _render_chunk(chunk)
        return
    ready: dict[int, bytes] = {}
    upcoming = 0
    pool = ProcessPoolExecutor(max_workers=min(workers, len(chunks)), mp_context=_context())
    try:
        futures = {pool.submit(_render_chunk, chunk): i for i, chunk in enumerate(chunks)}
        for future in as_completed(futures):
            ready[futures[future]] = future.result()
            while upcoming in ready:
                yield chunks[upcoming], ready.pop(upcoming)
                upcoming += 1
    finally:
        pool.shutdown(wait=True, cancel_futures=True)   # on an error, drop the chunks not yet started


def _context():
    """A fork server that has imported WeasyPrint once: workers start fast and never inherit the threads
    and locks of a web server process."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["certificates.engine"])
    return context
