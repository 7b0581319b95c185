"""Certificate rendering: the ways side by side, issuing 1,000 certificates, and a memory check. Not a
test: it prints figures.

    .venv/bin/python bench/certificates.py                 # N = 500, 3 rounds, pixels, issuing, memory
    .venv/bin/python bench/certificates.py --n 200 --rounds 1 --no-memory --issue 300 --today-issue 50

Ways, each run in its own subprocess so its peak RSS is its own (the sum over the subprocess and every
process it starts, sampled every 50 ms from /proc):
  naive   one WeasyPrint document per certificate with the default API: HTML(string=…).write_pdf(), the
          stylesheet inlined, so every document makes a new font configuration and parses the CSS again;
  batch   the batch as it was before the split render (issue 14): whole pages in chunks of ≤ 100 in 2
          worker processes started for the job, joined with pypdf (reproduced here, same code);
  split   certificates.render_batch: the decision's background once, chunks of own text in 2 workers
          started for the job, joined with pikepdf over one shared Form XObject;
  warm    the same with the process's long-lived pool (certificates.batch.warm_pool): timed as the second
          job of the process, the workers already started by a small first one;
  single  certificates.render per certificate: one shared FontConfiguration, stylesheets parsed once.
Rounds interleave the ways (naive, batch, split, warm, naive, …) so a change of load on the machine hits all
alike; the figures are medians over rounds. After the first round every page of the split and warm batches
is compared with the same page of today's batch (pdftoppm, 50 dpi). Issuing: --issue certificates of one
decision rendered, signed (a development key) and stored (BlobStore in a temp dir) with
certificates.render_and_sign, against today's path (render, sign, store one at a time) on --today-issue
of them. The memory check renders 2,000 certificates in one process the way a batch worker did (chunks of
100 whole pages) and the way a web process does (one at a time), printing RSS as it goes.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

WAYS = ("naive", "batch", "split", "warm", "single")
DEFAULT_WAYS = ("naive", "batch", "split", "warm")
ISSUE_WAYS = ("issue", "issue-today")


# --- the child: one way, timed -------------------------------------------------------------------------------
def today_batch(items) -> bytes:
    """certificates.render_batch as it was before the split render: whole pages, joined with pypdf."""
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    from certificates.batch import RenderPool, _render_chunk, plan_chunks
    chunks = plan_chunks(items, chunk_size=100, workers=2)
    pool = RenderPool(2)
    try:
        futures = [pool.submit(_render_chunk, (chunk, None)) for chunk in chunks]
        writer = PdfWriter()
        for future in futures:
            writer.append(PdfReader(BytesIO(future.result())))
        writer.add_metadata({"/Title": f"{items[0].certificate_title} – {items[0].decision_number}"})
        out = BytesIO()
        writer.write(out)
        return out.getvalue()
    finally:
        pool.close()


def tree_cpu() -> float:
    """CPU seconds so far of this process and every live process under it."""
    seen: dict[int, float] = {}
    sample_tree(os.getpid(), seen)
    return sum(seen.values())


def run_way(way: str, n: int, keep: str = "") -> dict:
    from certificates import render, render_batch, samples
    items = [samples.certificate(i) for i in range(n)]
    if way == "warm":
        render_batch(items[:60], chunk_size=20, warm=True)   # the pool's start, once per process: not timed
    elif way.startswith("issue"):
        return run_issue(way, items)
    setup_cpu = sum(os.times()[:2])        # imports and sample data: not part of the rendering
    cpu_before = tree_cpu()
    start = time.perf_counter()
    pdf = b""
    if way == "naive":
        from weasyprint import HTML

        from certificates.engine import renderer, stylesheet_text
        from certificates.fetcher import LAYOUTS_DIR
        env_html = renderer().certificate_html      # the same HTML the package renders, built the same way
        for item in items:
            html = env_html([item]).replace("</head>", f"<style>{stylesheet_text(item)}</style></head>")
            HTML(string=html, base_url=str(LAYOUTS_DIR) + "/").write_pdf()
    elif way == "batch":
        pdf = today_batch(items)
    elif way == "split":
        pdf = render_batch(items)
    elif way == "warm":
        pdf = render_batch(items, warm=True)
    elif way == "single":
        for item in items:
            render(item)
    seconds = time.perf_counter() - start
    result = {"way": way, "n": n, "seconds": seconds, "per_second": n / seconds, "setup_cpu": setup_cpu}
    if way == "warm":          # the pool outlives the job: its CPU is read here, not from exited processes
        result["cpu_ms_per_cert"] = (tree_cpu() - cpu_before) / n * 1000
    if pdf:
        from io import BytesIO

        from pypdf import PdfReader
        assert len(PdfReader(BytesIO(pdf)).pages) == n
        if keep:
            Path(keep).write_bytes(pdf)
    return result


def run_issue(way: str, items) -> dict:
    """Render, sign and store every certificate of one decision: the new path or today's."""
    from certificates import render, render_and_sign
    from certificates.signing import Signer, generate_dev_keys
    from workflow.services.blobs import BlobStore
    with tempfile.TemporaryDirectory() as folder:
        keys = generate_dev_keys(Path(folder, "keys"))
        signer = Signer(keys.p12_path, keys.password)
        store = BlobStore(Path(folder, "files"))
        setup_cpu = sum(os.times()[:2])
        start = time.perf_counter()
        if way == "issue":
            stored = [store.put(pdf) for pdf in render_and_sign(items, signer)]
        else:
            stored = [store.put(signer.sign(render(item))) for item in items]
        seconds = time.perf_counter() - start
        size = sum(store.path(sha).stat().st_size for sha in stored)
    assert len(set(stored)) == len(items)
    return {"way": way, "n": len(items), "seconds": seconds, "per_second": len(items) / seconds,
            "setup_cpu": setup_cpu, "kb_per_file": size / len(items) / 1024}


def same_pages(a: Path, b: Path) -> tuple[int, list[int]]:
    """(pages compared, the page numbers that differ), every page drawn by pdftoppm at 50 dpi."""
    with tempfile.TemporaryDirectory() as folder:
        for pdf, name in ((a, "a"), (b, "b")):
            subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(Path(folder, name))], check=True)
        left = sorted(Path(folder).glob("a-*.png"))
        right = sorted(Path(folder).glob("b-*.png"))
        differ = [i + 1 for i, (x, y) in enumerate(zip(left, right)) if x.read_bytes() != y.read_bytes()]
        if len(left) != len(right):
            differ.append(-1)
        return len(left), differ


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def memory_check(total: int, every: int) -> None:
    from certificates import render, samples
    from certificates.batch import _render_chunk
    print(f"\nMemory check: {total} certificates in this one process (pid {os.getpid()})")
    print("  as a batch worker did it (chunks of 100 whole pages):")
    items = [samples.certificate(i) for i in range(100)]
    first = None
    for done in range(100, total + 1, 100):
        _render_chunk((items, None))
        if done == 200:                       # after warming up: caches filled, allocator settled
            first = rss_mb()
        if done % every == 0 or done == 100:
            print(f"    {done:5d} rendered   RSS {rss_mb():7.1f} MB")
    print(f"    growth from 200 to {total}: {rss_mb() - first:+.1f} MB")
    print("  as a web process does it (one certificate per document):")
    first = None
    for done in range(1, total + 1):
        render(samples.certificate(done))
        if done % every == 0 or done == 100:
            if done == 100:
                first = rss_mb()
            print(f"    {done:5d} rendered   RSS {rss_mb():7.1f} MB")
    print(f"    growth from 100 to {total}: {rss_mb() - first:+.1f} MB")


def naive_memory(total: int, every: int) -> None:
    """For contrast: the default API's growth per document."""
    from weasyprint import HTML

    from certificates import samples
    from certificates.engine import renderer, stylesheet_text
    from certificates.fetcher import LAYOUTS_DIR
    print(f"\nFor contrast, the default API in one process ({total} documents):")
    first = None
    for done in range(1, total + 1):
        item = samples.certificate(done)
        html = renderer().certificate_html([item]).replace("</head>", f"<style>{stylesheet_text(item)}</style></head>")
        HTML(string=html, base_url=str(LAYOUTS_DIR) + "/").write_pdf()
        if done == 50:
            first = rss_mb()
        if done % every == 0:
            print(f"    {done:5d} rendered   RSS {rss_mb():7.1f} MB")
    print(f"    growth from 50 to {total}: {rss_mb() - first:+.1f} MB "
          f"({(rss_mb() - first) / (total - 50) * 1024:.0f} kB per document)")


# --- the parent: runs children, samples their RSS --------------------------------------------------------------
def sample_tree(root: int, cpu_seen: dict[int, float]) -> tuple[float, float]:
    """(sum, largest) RSS in MB over `root` and all its descendants; records each one's CPU seconds so far
    in `cpu_seen` (the last sample before a process exits is within one interval of its total)."""
    children: dict[int, list[int]] = {}
    stats: dict[int, list[str]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = fields
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total = largest = 0.0
    stack = [root]
    page, tick = os.sysconf("SC_PAGE_SIZE") / 2**20, os.sysconf("SC_CLK_TCK")
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        if pid not in stats:
            continue
        cpu_seen[pid] = (int(stats[pid][11]) + int(stats[pid][12])) / tick     # utime + stime
        rss = int(stats[pid][21]) * page
        total += rss
        largest = max(largest, rss)
    return total, largest


def run_child(way: str, n: int, keep: str = "") -> dict:
    child = subprocess.Popen([sys.executable, __file__, "--child", way, "--n", str(n), "--keep", keep], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    peak_sum = peak_one = 0.0
    cpu_seen: dict[int, float] = {}
    while child.poll() is None:
        total, largest = sample_tree(child.pid, cpu_seen)
        peak_sum, peak_one = max(peak_sum, total), max(peak_one, largest)
        time.sleep(0.05)
    out = child.stdout.read()
    if child.returncode:
        raise SystemExit(f"{way} failed ({child.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    result.setdefault("cpu_ms_per_cert", (sum(cpu_seen.values()) - result["setup_cpu"]) / n * 1000)
    result.update(peak_rss_mb=peak_sum, peak_rss_one_mb=peak_one)
    return result


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    from ctypes.util import find_library
    subset = "yes" if find_library("harfbuzz-subset") else "NO (WeasyPrint falls back to a 3x slower subsetter)"
    packages = ", ".join(f"{p} {version(p)}" for p in ("weasyprint", "pydyf", "pypdf", "pikepdf", "segno", "Jinja2",
                                                         "pillow", "pyHanko"))
    return (f"Machine: {os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.platform()}\n"
            f"Packages: {packages}; libharfbuzz-subset: {subset}\n"
            f"Load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=500, help="certificates per way (default 500)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the ways (default 3)")
    parser.add_argument("--ways", default=",".join(DEFAULT_WAYS), help=f"comma-separated, of {','.join(WAYS)}")
    parser.add_argument("--issue", type=int, default=1000, help="certificates issued the new way (0: skip)")
    parser.add_argument("--today-issue", type=int, default=200, help="certificates issued today's way (0: skip)")
    parser.add_argument("--no-pixels", action="store_true", help="skip comparing the batches' pages")
    parser.add_argument("--keep", default="", help=argparse.SUPPRESS)
    parser.add_argument("--no-memory", action="store_true", help="skip the memory check")
    parser.add_argument("--memory-total", type=int, default=2000)
    parser.add_argument("--naive-memory", type=int, default=300, help="default-API documents for contrast (0: skip)")
    parser.add_argument("--child", choices=WAYS + ISSUE_WAYS + ("memory", "naive-memory"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child == "memory":
        memory_check(args.memory_total, every=200)
        return 0
    if args.child == "naive-memory":
        naive_memory(args.naive_memory, every=50)
        return 0
    if args.child:
        print(json.dumps(run_way(args.child, args.n, args.keep)))
        return 0

    print(machine())
    ways = [w for w in args.ways.split(",") if w]
    results: dict[str, list[dict]] = {w: [] for w in ways}
    kept = Path(tempfile.mkdtemp(prefix="bench-certificates-"))
    for round_no in range(1, args.rounds + 1):
        for way in ways:
            keep = str(kept / f"{way}.pdf") if round_no == 1 and way in ("batch", "split", "warm") else ""
            result = run_child(way, args.n, keep)
            results[way].append(result)
            print(f"  round {round_no} {way:6s} {result['per_second']:6.1f} certificates/s  "
                  f"{result['seconds']:6.1f} s  CPU {result['cpu_ms_per_cert']:5.1f} ms/certificate  "
                  f"peak RSS {result['peak_rss_mb']:4.0f} MB (largest process {result['peak_rss_one_mb']:.0f} MB)  "
                  f"load {os.getloadavg()[0]:.2f}", flush=True)
    print(f"\nN = {args.n}, median of {args.rounds} round(s); load average now "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'way':8s} {'cert/s':>8s} {'vs naive':>9s} {'CPU ms/cert':>12s} {'vs naive':>9s} "
          f"{'peak RSS, all processes':>24s} {'largest process':>16s}")
    median = {way: {key: statistics.median(r[key] for r in results[way])
                    for key in ("per_second", "cpu_ms_per_cert", "peak_rss_mb", "peak_rss_one_mb")} for way in ways}
    base = median.get("naive")
    for way, m in median.items():
        speed = f"{m['per_second'] / base['per_second']:8.2f}x" if base else "       -"
        cpu = f"{base['cpu_ms_per_cert'] / m['cpu_ms_per_cert']:8.2f}x" if base else "       -"
        print(f"{way:8s} {m['per_second']:8.1f} {speed:>9s} {m['cpu_ms_per_cert']:12.1f} {cpu:>9s} "
              f"{m['peak_rss_mb']:21.0f} MB {m['peak_rss_one_mb']:13.0f} MB")
    print("('vs naive' for CPU: naive's CPU time per certificate over this way's; the batch spreads its CPU "
          "time over 2 processes, so on 2 idle cores its speed-up is up to twice that figure)")
    if base:
        for way in [w for w in ways if w != "naive"]:
            paired = [r["per_second"] / n["per_second"] for r, n in zip(results[way], results["naive"])]
            print(f"{way} vs naive within each round (same load): "
                  f"{', '.join(f'{x:.2f}x' for x in paired)}; median {statistics.median(paired):.2f}x")
    if not args.no_pixels and (kept / "batch.pdf").exists():
        for way in ("split", "warm"):
            if (kept / f"{way}.pdf").exists():
                pages, differ = same_pages(kept / "batch.pdf", kept / f"{way}.pdf")
                print(f"pixels, {way} against today's batch (pdftoppm 50 dpi, every page): {pages} pages, "
                      + ("all identical" if not differ else f"DIFFERENT on pages {differ[:20]}"))
    for path in kept.iterdir():
        path.unlink()
    kept.rmdir()
    issued = {}
    for way, n in (("issue", args.issue), ("issue-today", args.today_issue)):
        if n:
            issued[way] = run_child(way, n)
            r = issued[way]
            print(f"{way:11s} {r['n']:5d} certificates rendered, signed, stored in {r['seconds']:6.1f} s "
                  f"({r['per_second']:5.1f}/s, CPU {r['cpu_ms_per_cert']:5.1f} ms/certificate over all processes, "
                  f"{r['kb_per_file']:.0f} kB/file, peak RSS {r['peak_rss_mb']:.0f} MB), load {os.getloadavg()[0]:.2f}",
                  flush=True)
    if len(issued) == 2:
        new, today = issued["issue"], issued["issue-today"]
        print(f"issuing: {new['per_second'] / today['per_second']:.2f}x today's certificates/s; "
              f"CPU {today['cpu_ms_per_cert'] / new['cpu_ms_per_cert']:.2f}x less per certificate; "
              f"on 2 idle cores {new['n']} would take about {new['cpu_ms_per_cert'] * new['n'] / 2000:.1f} s")
    if not args.no_memory:
        sys.stdout.flush()
        subprocess.run([sys.executable, __file__, "--child", "memory", "--memory-total", str(args.memory_total)],
                       cwd=ROOT, check=True)
        if args.naive_memory:
            subprocess.run([sys.executable, __file__, "--child", "naive-memory",
                            "--naive-memory", str(args.naive_memory)], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
