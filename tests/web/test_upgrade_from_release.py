"""A database made by the release before effective dating (commit 496c9c1: its own code, its own demo data,
signed decisions and audit trail) upgrades with today's `init-db`: nothing of its history changes, the audit chain
still verifies, and what the new schema adds is filled from what was there.

The old release is taken from this repository's history (`git archive`), installed nowhere: it runs from a
temporary folder with the same virtualenv, as an office's server would have run it before upgrading."""
import os
import sqlite3
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RELEASE = "496c9c1"  # main before issue 15: decisions of tỉnh Bạc Liêu issued in the present, no dated law


def _flask(folder: Path, env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=folder, env=env, check=False,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"flask {' '.join(args)} in {folder}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def released_database(tmp_path_factory):
    """The old release's demo database, made by the old release's code."""
    base = tmp_path_factory.mktemp("release")
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", RELEASE], check=False,
                             capture_output=True, timeout=120)
    assert archive.returncode == 0, f"the release {RELEASE} must be in this clone's history: {archive.stderr!r}"
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(base / "code", filter="data")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "VINHDANH", "FLASK"))}
    env |= {"VINHDANH_INSTANCE": str(base / "instance"), "DATABASE_URL": f"sqlite:///{base / 'instance' / 'v.db'}",
            "PYTHONPATH": str(base / "code")}
    for args in (["init-db"], ["keys", "dev-generate"], ["demo-data"]):
        _flask(base / "code", env, *args)
    return base, env


def _rows(database: Path, query: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def test_the_old_release_database_upgrades_and_its_history_still_verifies(released_database):
    base, env = released_database
    database = base / "instance" / "v.db"
    history = "SELECT id, hash FROM audit_event ORDER BY id"
    decisions = "SELECT number, decision_date, legal_basis, pdf_sha256 FROM decision ORDER BY id"
    before_events, before_decisions = _rows(database, history), _rows(database, decisions)
    assert before_decisions, "the old demo issued decisions"

    env = env | {"PYTHONPATH": str(ROOT)}
    output = _flask(ROOT, env, "init-db")
    assert "mới nhất" in output
    assert "Chuỗi nhật ký toàn vẹn" in _flask(ROOT, env, "audit", "verify")
    assert _rows(database, history) == before_events
    assert _rows(database, decisions) == before_decisions
    # dated parents: every parent the old tree had is now a period covering the unit's own validity
    assert _rows(database, "SELECT count(*) FROM unit WHERE parent_id IS NOT NULL") == \
        _rows(database, "SELECT count(*) FROM unit_parent")
    # legal bases: each award type's old text is now one dated row, still printed for its old decisions' dates
    assert _rows(database, "SELECT count(*) FROM award_type") == _rows(
        database, "SELECT count(DISTINCT award_type_id) FROM legal_basis")
    assert all("98/2023/NĐ-CP" in body for body, in _rows(database, "SELECT body FROM legal_basis"))
    # titles are titles: the old demo's Cờ thi đua was filed as a form
    assert _rows(database, "SELECT category FROM award_type WHERE code = 'CTD-UBND-TINH'") == [("title",)]
    # the processing clock runs for every dossier the old release had in process (from the audit trail)
    in_process = "state IN ('submitted', 'in_appraisal', 'in_public_notice', 'in_council', 'endorsed')"
    assert _rows(database, f"SELECT count(*) FROM nomination WHERE {in_process} AND processing_due_on IS NULL") \
        == [(0,)]
    assert _rows(database, f"SELECT count(*) FROM nomination WHERE {in_process}")[0][0] > 0
