"""Benchmark of the list import (issue 16): one workbook of N rows (500 by default) imported into a new proposal,
every row read by rules.workbook.read_table, checked by the single-nomination form and created by
services.nominations.create (each with its audit event), in one transaction; next to the baseline measured in the
same run: N nominations created one by one through the same service (the data built beforehand, no workbook, no
form), also in one transaction.

Wall time and this process's CPU time are both reported: on a shared machine the CPU time is the steadier
figure. Each round builds a fresh SQLite database file (the models' schema) and the test world, then times the baseline
and the import, in alternating order, each on its own database; the medians of the rounds are printed, with the
SQL statements per row (the award types and units are loaded once per list: no query grows with the rows
except the service's own per-nomination statements).

    .venv/bin/python bench/list_import.py                  # 500 rows, 5 rounds
    .venv/bin/python bench/list_import.py --rows 100 --rounds 1

Target (issue 16): 500 rows import in under 10 seconds.
"""
import argparse
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def world_in(folder: Path, name: str):
    from tests import factories
    from workflow import create_app
    from workflow.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / name}.db", BLOB_DIR=str(folder / "b"))
    context = app.app_context()
    context.push()
    db.create_all()
    world = factories.make_world(db.session)
    db.session.commit()
    return app, context, world


class Statements:
    """Counts the SQL statements sent while it is active."""

    def __init__(self, engine):
        from sqlalchemy import event
        self.count, self.engine = 0, engine
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args):
        self.count += 1

    def close(self):
        from sqlalchemy import event
        event.remove(self.engine, "before_cursor_execute", self._seen)


def baseline(folder: Path, rows: int) -> tuple[float, float, int]:
    from datetime import date

    from workflow.extensions import db
    from workflow.services import nominations
    from workflow.services.nominations import NominationData, NomineeData

    _app, context, world = world_in(folder, "baseline")
    data = [NominationData(award_type=world.bang_khen, achievement_summary="Đã có thành tích xuất sắc.",
                           period_from=date(2024, 1, 1), period_to=date(2024, 12, 31), letter_no="45/TTr-UBND",
                           letter_date=date(2025, 2, 20),
                           nominee=NomineeData(kind="individual", full_name=f"Nguyễn Văn Thứ {n}",
                                               id_number=f"0890800{n:05d}", workplace="Ấp 1"))
            for n in range(1, rows + 1)]
    counter = Statements(db.engine)
    started, cpu = time.perf_counter(), time.process_time()
    for item in data:
        nominations.create(db.session, by=world.officer_a, campaign=world.campaign, proposing_unit=world.district_a,
                           data=item)
    db.session.commit()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    counter.close()
    db.session.remove()
    context.pop()
    return elapsed, cpu, counter.count


def list_import(folder: Path, rows: int) -> tuple[float, float, int]:
    import hashlib

    from tests.proposal_lists import HEADER, row, workbook
    from workflow.extensions import db
    from workflow.forms.proposals import read_list
    from workflow.services import clock, proposal_queries, proposals

    app, context, world = world_in(folder, "import")
    data = workbook([row(n) for n in range(1, rows + 1)], [world.bang_khen, world.giay_khen, world.chien_si])
    counter = Statements(db.engine)
    started, cpu = time.perf_counter(), time.process_time()
    with app.test_request_context():
        awards = proposal_queries.award_names(db.session, world.campaign, clock.today())
        lines = read_list(data, awards)
        outcome = proposals.import_list(db.session, by=world.officer_a, campaign=world.campaign,
                                        proposing_unit=world.district_a, header=HEADER, lines=lines,
                                        file_sha256=hashlib.sha256(data).hexdigest())
        db.session.commit()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    counter.close()
    assert len(outcome.saved) == rows and not outcome.problems, outcome.problems[:3]
    db.session.remove()
    context.pop()
    return elapsed, cpu, counter.count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float, int]]] = {"baseline": [], "import": []}
    for number in range(args.rounds):
        order = ("baseline", "import") if number % 2 == 0 else ("import", "baseline")
        for mode in order:
            with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
                run = baseline if mode == "baseline" else list_import
                results[mode].append(run(Path(folder), args.rows))
        print(f"round {number + 1}: " + ", ".join(f"{m} {results[m][-1][0]:.2f} s (CPU {results[m][-1][1]:.2f} s)"
                                                 for m in results), flush=True)
    print(f"\n{args.rows} rows, {args.rounds} rounds (medians); Python {platform.python_version()}, "
          f"{platform.machine()}\n")
    print("| way | median wall s | median CPU s | rows/s (wall) | SQL statements per row |\n|---|---:|---:|---:|---:|")
    medians = {}
    for mode, runs in results.items():
        medians[mode] = statistics.median(t for t, _c, _n in runs)
        cpu = statistics.median(c for _t, c, _n in runs)
        per_row = statistics.median(n for _t, _c, n in runs) / args.rows
        print(f"| {mode} | {medians[mode]:.2f} | {cpu:.2f} | {args.rows / medians[mode]:.0f} | {per_row:.1f} |")
    print(f"\nimport / baseline = {medians['import'] / medians['baseline']:.2f}; target: import of 500 rows < 10 s")


if __name__ == "__main__":
    main()
