"""Renderer processes die with the process that started them: a job worker killed in the middle of a batch
(SIGKILL, no clean-up code runs) leaves no fork server and no renderer behind (issue 14: ~355 MB of orphans)."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BATCH = """
import sys
from certificates import samples
from certificates.batch import {call}
items = [samples.certificate(i) for i in range(400)]
print("started", flush=True)
for _ in {call}(items, workers=2{extra}):
    pass
"""


def descendants(root: int) -> set[int]:
    """Every live process under `root` (from /proc: parent links)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    """Running (a zombie holds no memory: it only waits to be reaped by whoever adopted it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture(scope="module")
def killed_mid_batch() -> dict[str, set[int]]:
    """Two children, one printing a batch (workers started for the job), one issuing with the long-lived
    pool, run side by side; each is SIGKILLed once its renderers work. Returns each one's renderers."""
    children = {name: subprocess.Popen([sys.executable, "-c", BATCH.format(call=call, extra=extra)], cwd=ROOT,
                                       stdout=subprocess.PIPE, text=True)
                for name, (call, extra) in {"print": ("render_batch", ""),
                                            "issue": ("render_each", ", warm=True")}.items()}
    renderers = {}
    try:
        for name, child in children.items():
            assert child.stdout.readline().strip() == "started"
            # the fork server (and multiprocessing's resource tracker) and two workers, busy
            assert wait_for(lambda pid=child.pid: len(descendants(pid)) >= 4, timeout=60), "no renderers started"
            renderers[name] = descendants(child.pid)
    finally:
        for child in children.values():
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
    return renderers


@pytest.mark.parametrize("job", ["print", "issue"])
def test_renderers_of_a_killed_job_end_within_seconds(job, killed_mid_batch):
    renderers = killed_mid_batch[job]
    assert wait_for(lambda: not any(alive(pid) for pid in renderers), timeout=5), \
        f"renderer processes left behind: {sorted(pid for pid in renderers if alive(pid))}"
