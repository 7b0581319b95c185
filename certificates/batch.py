"""Many certificates at once, rendered in worker processes with the split render (split.py): the shared
background of a decision once, each certificate's own text per page.

- `write_batch` / `render_batch`: one printable PDF. Chunks of at most 100 foreground pages are rendered
  in the workers and joined here with pikepdf, every page of a decision drawing the same background Form
  XObject (one copy in the file, not one per page).
- `render_each`: one complete PDF per certificate, in order, for issuing: the workers lay out chunks of
  foregrounds and cut them into one file each with the background under its page.
- `render_and_sign`: `render_each` with every file signed here as it arrives, while the workers render
  the next chunks (signing overlaps rendering).

Why chunks: one WeasyPrint document is faster than one per page, and a chunk bounds a worker's memory.
Why processes: rendering is CPU-bound Python. Workers come from a fork server (never a fork of a threaded
web process), keep one renderer each (engine.py), and die with the process that started them
(a watchdog on the pidfd of that process: a killed job worker leaves no renderers behind). A job starts its own workers, or uses
the process's long-lived pool (`warm=True`: no start-up per job).
"""
import ctypes
import math
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from io import BytesIO
from itertools import groupby
from typing import BinaryIO

import pikepdf

from . import split
from .data import CertificateData
from .engine import renderer

CHUNK_PAGES = 100       # a printable batch's chunks
EACH_CHUNK = 25         # render_each's chunks: smaller, so the first files (and signing) start early
WORKERS = 2
MIN_CHUNK = 10          # below this, splitting a run across workers costs more than it saves
PR_SET_PDEATHSIG = 1    # linux/prctl.h

Progress = Callable[[int, int], None]   # (pages done, pages in all)


@dataclass(frozen=True)
class Chunk:
    """Consecutive certificates rendered together: of one background (`key`), or rendered whole (key None)."""

    key: tuple | None
    items: list[CertificateData]


# -- one printable PDF ------------------------------------------------------------------------------------------
def render_batch(items: Sequence[CertificateData], *, chunk_size: int = CHUNK_PAGES, workers: int = WORKERS,
                 progress: Progress | None = None, warm: bool = False) -> bytes:
    """All certificates as one PDF, in the given order. Deterministic for the same items and settings."""
    out = BytesIO()
    write_batch(items, out, chunk_size=chunk_size, workers=workers, progress=progress, warm=warm)
    return out.getvalue()


def write_batch(items: Sequence[CertificateData], target: BinaryIO, *, chunk_size: int = CHUNK_PAGES,
                workers: int = WORKERS, progress: Progress | None = None, warm: bool = False) -> int:
    """Like render_batch, written to a binary file object; returns the number of pages.
    `progress(done, total)` is called in this process after each chunk, e.g. to update a job record."""
    items = list(items)
    if not items:
        raise ValueError("no certificates to render")
    chunks = plan(items, chunk_size=chunk_size, workers=workers)
    out = pikepdf.new()
    forms: dict[tuple, pikepdf.Object] = {}
    done = 0
    for chunk, layer, pdf in _rendered(chunks, _render_chunk, workers=workers, warm=warm, window=workers + 1):
        with pikepdf.open(BytesIO(pdf)) as part:
            first = len(out.pages)
            out.pages.extend(part.pages)          # joined while the workers render the next chunks
        if layer is not None:
            if chunk.key not in forms:
                forms[chunk.key] = split.background_form(out, layer[0])
            for page in out.pages[first:]:
                split.underlay(out, page, forms[chunk.key])
        done += len(chunk.items)
        if progress:
            progress(done, len(items))
    out.docinfo[pikepdf.Name.Title] = f"{items[0].certificate_title} – {items[0].decision_number}"
    out.docinfo[pikepdf.Name.Producer] = split.PRODUCER
    buffer = BytesIO()           # pikepdf writes to real files and seekable streams; `target` may be neither
    out.save(buffer, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    target.write(buffer.getbuffer())
    return len(items)


# -- one PDF per certificate ------------------------------------------------------------------------------------
def render_each(items: Sequence[CertificateData], *, workers: int = WORKERS, chunk_size: int = EACH_CHUNK,
                warm: bool = False) -> Iterator[bytes]:
    """One PDF per certificate, in the given order, each drawing what `certificates.render(item)` draws
    (same pixels, same text, same page size and metadata; not the same bytes: the file carries the
    decision's background as a Form XObject and its chunk's font subsets). Files come out as soon as
    each and all before it are ready; at most a few chunks are rendered ahead of the consumer."""
    items = list(items)
    chunks = plan(items, chunk_size=chunk_size, workers=workers, each=True)
    for _, _, files in _rendered(chunks, _render_files, workers=workers, warm=warm, window=2 * max(workers, 1)):
        yield from files


def render_and_sign(items: Sequence[CertificateData], signer, *, workers: int = WORKERS,
                    chunk_size: int = EACH_CHUNK, warm: bool = False) -> Iterator[bytes]:
    """`signer.sign(pdf)` of each of `render_each(items)`, in order: this process signs while the workers
    render the next chunks. The same as `signer.sign(certificates.render(item))` per item, drawn the same."""
    for pdf in render_each(items, workers=workers, chunk_size=chunk_size, warm=warm):
        yield signer.sign(pdf)


# -- planning ---------------------------------------------------------------------------------------------------
def plan(items: list[CertificateData], *, chunk_size: int, workers: int, each: bool = False) -> list[Chunk]:
    """The chunks to render: consecutive certificates sharing one background (or, rendered whole, one
    style), cut by plan_chunks."""
    return [Chunk(key[1], chunk) for key, run in groupby(items, key=_chunk_key)
            for chunk in plan_chunks(list(run), chunk_size=chunk_size, workers=1 if each else workers)]


def _chunk_key(item: CertificateData) -> tuple:
    return (True, split.shared_key(item)) if split.splittable(item) else (False, item.style_key())


def plan_chunks(items: list[CertificateData], *, chunk_size: int, workers: int,
                key: Callable[[CertificateData], tuple] = CertificateData.style_key) -> list[list[CertificateData]]:
    """Consecutive items of one `key` (by default paper, layout, colours) in chunks of at most `chunk_size`,
    as many as needed and a multiple of `workers` when that keeps chunks reasonably large, so no worker idles."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be at least 1")
    chunks = []
    for _, run in groupby(items, key=key):
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


# -- the work, in the renderer processes --------------------------------------------------------------------
Layer = tuple[bytes, tuple[float, float]]    # a background page and its spacers


def _render_chunk(task: tuple[list[CertificateData], Layer | None]) -> bytes:
    """A batch chunk: its foreground pages, or (no layer) its pages rendered whole."""
    items, layer = task
    return split.foregrounds(items, layer[1]) if layer else renderer().certificates(items)


def _render_files(task: tuple[list[CertificateData], Layer | None]) -> list[bytes]:
    items, layer = task
    return split.each(items, layer)


def _rendered(chunks: list[Chunk], work: Callable, *, workers: int, warm: bool,
              window: int) -> Iterator[tuple[Chunk, Layer | None, object]]:
    """(chunk, its background layer, `work((items, layer))`) in the chunks' order, each as soon as it and
    all before it are ready. The background of a key is rendered once, before its first chunk is sent;
    at most `window` chunks are in flight."""
    pool: _Executor
    if workers <= 1 or (len(chunks) == 1 and not warm):
        pool = _InProcess()
    elif warm:
        pool = warm_pool(workers)
    else:
        pool = RenderPool(min(workers, len(chunks) + 1))
    layers: dict[tuple, Future | _Later] = {}
    pending: deque[tuple[Chunk, Layer | None, Future | _Later]] = deque()
    upcoming = iter(chunks)

    def send() -> None:
        while len(pending) < window and (chunk := next(upcoming, None)) is not None:
            layer = None
            if chunk.key is not None:
                if chunk.key not in layers:
                    layers[chunk.key] = pool.submit(split.background, chunk.items[0])
                layer = layers[chunk.key].result()
            pending.append((chunk, layer, pool.submit(work, (chunk.items, layer))))

    try:
        send()
        while pending:
            chunk, layer, future = pending.popleft()
            result = future.result()
            send()
            yield chunk, layer, result
    finally:
        for _, _, future in pending:
            future.cancel()
        if not warm:
            pool.close()


# -- processes ------------------------------------------------------------------------------------------------------
class _Later:
    """A task of _InProcess: run when its result is asked for."""

    def __init__(self, fn, args):
        self._call = (fn, args)

    def result(self):
        fn, args = self._call
        return fn(*args)

    def cancel(self) -> bool:
        return True


class _Executor:
    def submit(self, fn, *args) -> Future | _Later: ...
    def close(self) -> None: ...


class _InProcess(_Executor):
    """Runs each task in this process, when its result is asked for."""

    def submit(self, fn, *args) -> _Later:
        return _Later(fn, args)

    def close(self) -> None:
        pass


class RenderPool(_Executor):
    """`workers` renderer processes from a fork server that has imported WeasyPrint once: they start fast,
    never inherit the threads and locks of a web server process, and die with this process."""

    def __init__(self, workers: int = WORKERS):
        self.workers = workers
        self.owner = os.getpid()
        self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context(),
                                             initializer=die_with, initargs=(self.owner,))

    def submit(self, fn, *args) -> Future:
        return self._executor.submit(fn, *args)

    def close(self, wait: bool = True) -> None:
        """Stop the workers; tasks not yet started are dropped."""
        self._executor.shutdown(wait=wait, cancel_futures=True)

    @property
    def broken(self) -> bool:
        return bool(getattr(self._executor, "_broken", False))

    def pids(self) -> list[int]:
        """The worker processes' ids (those started so far)."""
        return list(getattr(self._executor, "_processes", None) or {})


_warm: RenderPool | None = None
_warm_lock = threading.Lock()


def warm_pool(workers: int = WORKERS) -> RenderPool:
    """This process's long-lived renderer pool, started on first use (and again after a worker died)."""
    global _warm
    with _warm_lock:
        if _warm is None or _warm.owner != os.getpid() or _warm.broken or _warm.workers != workers:
            if _warm is not None and _warm.owner == os.getpid():
                _warm.close(wait=False)
            _warm = RenderPool(workers)
        return _warm


def close_warm_pool() -> None:
    """Stop the long-lived pool's workers (they stop by themselves when this process ends)."""
    global _warm
    with _warm_lock:
        if _warm is not None and _warm.owner == os.getpid():
            _warm.close()
        _warm = None


def die_with(owner: int) -> None:
    """In a renderer process: end as soon as the process `owner` that started the pool ends, however it ends
    (SIGKILL included), so a killed job worker or web process leaves no renderers behind (issue 14).

    The worker's parent is the fork server, not `owner`, and neither notices `owner`'s end by itself: the
    fork server stays up while any process it forked lives, and an idle worker holds both ends of its task
    pipe. So a thread waits on a pidfd of `owner` (polls, on kernels without pidfd) and ends the process.
    PR_SET_PDEATHSIG also ends it if the fork server dies first. The fork server, and multiprocessing's
    resource tracker, end by themselves once `owner` and the workers are gone."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    try:
        handle = os.pidfd_open(owner)
    except ProcessLookupError:
        os._exit(1)                   # it ended before this process started
    except (AttributeError, OSError):
        handle = None
    threading.Thread(target=_watch, args=(owner, handle), name="die-with-owner", daemon=True).start()


def _watch(owner: int, handle: int | None) -> None:
    if handle is not None:
        select.select([handle], [], [])          # a pidfd turns readable when its process ends
    else:
        while _exists(owner):
            time.sleep(0.5)
    os._exit(1)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _context():
    """A fork server that has imported WeasyPrint (and pikepdf) once."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["certificates.split"])
    return context


__all__ = ["BrokenProcessPool", "RenderPool", "close_warm_pool", "plan_chunks", "render_and_sign", "render_batch",
           "render_each", "warm_pool", "write_batch"]
