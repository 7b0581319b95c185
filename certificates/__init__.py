"""Certificates of merit (Bằng khen, Giấy khen) and award decisions (Quyết định) as PDFs:
plain data in, PDF bytes out. Imports nothing from `workflow`.

    render(CertificateData) -> bytes             one certificate, one page
    render_batch([CertificateData, …]) -> bytes  one printable PDF, rendered in worker processes
    render_each([CertificateData, …]) -> iter    one PDF per certificate, in order, for issuing (workers)
    render_and_sign([…], signer) -> iter         the same, each signed here while the workers render on
    render_decision(DecisionData) -> bytes       the decision, Decree 30/2020 format (draft=True: DỰ THẢO)
    stamp.stamp_revoked(pdf, …) -> bytes         an unsigned copy stamped "ĐÃ THU HỒI" on every page
    minutes.render_minutes(MinutesData) -> bytes the council's minutes, in the same format
    word.decision / annex / minutes / proposal   the same documents as Word (DOCX) bytes, NĐ 30/2020 layout
    achievement.render_docx / render_pdf         the achievement report form (báo cáo thành tích)
    signing.Signer(p12, password).sign(pdf)      PAdES B-B; signing.verify(pdf, expected) -> report
    signing.SignatureSequence(personal, seal)    the signer's own signature (pkcs11_signing, remote_signing), then
                                                 the organisation's; verify lists every signature in order

Importing the package (e.g. for `LAYOUTS` or the dataclasses) does not load WeasyPrint: the rendering
modules are imported on first use.
"""
from collections.abc import Callable, Iterator, Sequence
from typing import BinaryIO

from .data import LAYOUTS, PAPERS, CertificateData, DecisionData, Paper, Recipient
from .text import day_text, money, place_date

__all__ = [
    "LAYOUTS", "PAPERS", "CertificateData", "DecisionData", "Paper", "Recipient", "day_text", "money",
    "place_date", "render", "render_and_sign", "render_batch", "render_decision", "render_each", "render_many",
    "write_batch",
]


def render(data: CertificateData) -> bytes:
    """One certificate as a one-page PDF. Deterministic: the same data gives the same bytes."""
    from .engine import renderer
    return renderer().certificates([data])


def render_many(items: Sequence[CertificateData]) -> bytes:
    """Certificates sharing one layout, paper and colours, as one multi-page PDF, in this process."""
    from .engine import renderer
    return renderer().certificates(list(items))


def render_decision(data: DecisionData) -> bytes:
    """The decision (and its attached list when it has many recipients). Deterministic."""
    from .engine import renderer
    return renderer().decision(data)


def render_batch(items: Sequence[CertificateData], *, chunk_size: int = 100, workers: int = 2,
                 progress: Callable[[int, int], None] | None = None, warm: bool = False) -> bytes:
    """All certificates as one printable PDF, in order: each decision's shared background drawn once,
    chunks of ≤ `chunk_size` pages of own text rendered in `workers` processes and joined over it;
    `progress(done, total)` after each chunk; `warm`: the process's long-lived workers. See batch.py."""
    from .batch import render_batch as batch
    return batch(items, chunk_size=chunk_size, workers=workers, progress=progress, warm=warm)


def write_batch(items: Sequence[CertificateData], target: BinaryIO, *, chunk_size: int = 100, workers: int = 2,
                progress: Callable[[int, int], None] | None = None, warm: bool = False) -> int:
    """render_batch written to a binary file object; returns the number of pages."""
    from .batch import write_batch as batch
    return batch(items, target, chunk_size=chunk_size, workers=workers, progress=progress, warm=warm)


def render_each(items: Sequence[CertificateData], *, workers: int = 2, warm: bool = False) -> Iterator[bytes]:
    """One PDF per certificate, in order, each drawing exactly what `render(item)` draws; the shared
    background rendered once per decision, the rest in `workers` processes. See batch.py."""
    from .batch import render_each as each
    return each(items, workers=workers, warm=warm)


def render_and_sign(items: Sequence[CertificateData], signer, *, workers: int = 2,
                    warm: bool = False) -> Iterator[bytes]:
    """`signer.sign(pdf)` for each of `render_each(items)`, in order, signing while the workers render."""
    from .batch import render_and_sign as each
    return each(items, signer, workers=workers, warm=warm)
