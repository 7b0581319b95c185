"""The standalone verifier (tools/vinhdanh_verify.py) run as a citizen runs it: a subprocess against a live
server. It passes an honest log, and catches a rewritten history (an earlier public event changed after a
checkpoint was published, the tree left as is or recomputed and re-signed), a forked view (two different signed
checkpoints of one size) and a missing event. One server for the module; each test builds its own log."""
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import delete, insert, select, text, update

from tests import factories
from workflow.extensions import db
from workflow.files import file_store
from workflow.log_key import log_signer
from workflow.models import AuditEvent, AuditHead, Certificate, LogCheckpoint, LogNode
from workflow.rules import merkle
from workflow.rules.audit_chain import event_hash
from workflow.rules.transparency_log import leaf_data
from workflow.services import clock, transparency_log
from workflow.services.transparency import FULL_FIELDS, exported

TOOL = Path(__file__).resolve().parents[2] / "tools" / "vinhdanh_verify.py"


@pytest.fixture(scope="module")
def server(tmp_path_factory, signing_keys):
    """The testing app on a file SQLite database, served by werkzeug from a thread for the whole module."""
    from werkzeug.serving import make_server

    from workflow import create_app

    folder = tmp_path_factory.mktemp("verifier")
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'log.db'}",
                     BLOB_DIR=str(folder / "blobs"), SIGNING_P12_PATH=str(signing_keys.p12_path),
                     SIGNING_P12_PASSWORD=signing_keys.password)
    served = make_server("127.0.0.1", 0, app, threaded=True)
    app.config["PUBLIC_BASE_URL"] = f"http://127.0.0.1:{served.server_port}"
    thread = threading.Thread(target=served.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield app, folder / "log.db"
    served.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def honest(server):
    """The honest log, built once: the world, an awarded certificate, a submission after it, a signed checkpoint.
    Returns the database file's bytes (each test starts from a copy), the log's key and the certificate's code."""
    app, database = server
    clock.advance(reset=True)
    with app.app_context():
        db.create_all()
        world = factories.make_world(db.session)
        factories.awarded(db.session, world, file_store(app))
        factories.submitted(db.session, world, file_store(app))
        db.session.commit()
        code = db.session.scalar(select(Certificate.verify_code))
        transparency_log.checkpoint(db.session, log_signer(app))
        db.session.commit()
        signer = log_signer(app)
        ids = factories.world_ids(world)
        db.session.remove()
        db.engine.dispose()
    return database.read_bytes(), signer.key.public.note_verifier_key(signer.origin), code, ids


@pytest.fixture
def log(server, honest, tmp_path):
    app, database = server
    data, key, code, ids = honest
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    database.write_bytes(data)
    return Log(app, key, code, tmp_path / "state", ids)


class Log:
    def __init__(self, app, key, code, state, world_ids):
        self.app, self.key, self.code, self.state, self.world_ids = app, key, code, state, world_ids

    def verify(self, *args: str, key: str | None = "given") -> subprocess.CompletedProcess:
        options = ["--server", self.app.config["PUBLIC_BASE_URL"], "--state", str(self.state)]
        if key:
            options += ["--key", self.key if key == "given" else key]
        return subprocess.run([sys.executable, str(TOOL), *options, *args], capture_output=True, text=True,
                              timeout=120, check=False, env={**os.environ, "PYTHONIOENCODING": "utf-8"})

    def sql(self, statement, **values) -> None:
        with self.app.app_context():
            db.session.execute(text(statement) if isinstance(statement, str) else statement, values or None)
            db.session.commit()
            db.session.remove()

    def sign(self) -> None:
        with self.app.app_context():
            transparency_log.checkpoint(db.session, log_signer(self.app))
            db.session.commit()
            db.session.remove()

    def add_event(self) -> None:
        with self.app.app_context():
            world = factories.load_world(db.session, self.world_ids)
            factories.submitted(db.session, world, file_store(self.app))
            db.session.commit()
            db.session.remove()

    def rewrite_decide_event(self) -> None:
        """The forger edits the published decide event, and recomputes its chain hash so the event looks whole."""
        with self.app.app_context():
            event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "decide"))
            record = event.record() | {"reason": "sửa lén sau khi công bố"}
            db.session.execute(text("UPDATE audit_event SET reason = :r, hash = :h WHERE id = :id"),
                               {"r": record["reason"], "h": event_hash(record), "id": event.id})
            db.session.commit()
            db.session.remove()

    def rebuild_tree_and_resign(self, *, forget_checkpoints: bool = True) -> None:
        """The forger with the log key: every public event row made a leaf again, the tree recomputed from them,
        the old checkpoints deleted, and a new one signed, as if the rewritten history had always been."""
        with self.app.app_context():
            columns = [getattr(AuditEvent, name) for name in FULL_FIELDS]
            rows = db.session.execute(select(AuditEvent.id, *columns).where(AuditEvent.visibility == "public")
                                      .order_by(AuditEvent.seq)).mappings().all()
            db.session.execute(text("UPDATE audit_event SET leaf_index = NULL"))
            db.session.execute(delete(LogNode))
            frontier, nodes = [], []
            for size, row in enumerate(rows):
                frontier, made = merkle.append(size, frontier, merkle.leaf_hash(leaf_data(exported(row))))
                nodes += [{"level": level, "idx": index, "hash": digest} for level, index, digest in made]
                db.session.execute(text("UPDATE audit_event SET leaf_index = :i WHERE id = :id"),
                                   {"i": size, "id": row["id"]})
            db.session.execute(insert(LogNode), nodes)
            db.session.execute(update(AuditHead).values(log_size=len(rows),
                                                        log_frontier="".join(h.hex() for h in frontier)))
            if forget_checkpoints:
                db.session.execute(delete(LogCheckpoint))
            transparency_log.checkpoint(db.session, log_signer(self.app))
            db.session.commit()
            db.session.remove()


def test_an_honest_log_passes_every_command_and_the_copies_are_kept(log):
    first = log.verify("checkpoint")
    assert first.returncode == 0, first.stderr
    assert "✓ Chữ ký hợp lệ" in first.stdout and len(list((log.state).rglob("checkpoints/*.txt"))) == 1
    log.add_event()
    log.sign()
    grown = log.verify("checkpoint", "--all", key=None)            # the key pinned by the first run
    assert grown.returncode == 0, grown.stderr
    assert "✓ Nhất quán" in grown.stdout and len(list(log.state.rglob("checkpoints/*.txt"))) == 2
    assert "✓ 2 điểm kiểm chứng máy chủ liệt kê" in grown.stdout
    certificate = log.verify("certificate", log.code)
    assert certificate.returncode == 0, certificate.stderr
    assert "✓ decide" in certificate.stdout and "quyết định khen thưởng có trong nhật ký" in certificate.stdout
    leaves = log.verify("leaves", "--start", "0", "--end", "3")
    assert leaves.returncode == 0, leaves.stderr
    assert "tính lại đúng gốc đã ký" in leaves.stdout and "Các lá 0…2" in leaves.stdout


def test_usage_and_network_problems_are_exit_2_and_a_wrong_key_is_exit_1(log, tmp_path):
    no_key = log.verify("checkpoint", key=None)
    assert no_key.returncode == 2 and "Cần khóa kiểm tra" in no_key.stderr
    assert log.verify("checkpoint", key="không-phải-khóa").returncode == 2
    other = log.key.split("+")[0] + "+00000000+" + log.key.split("+", 2)[2]
    assert log.verify("checkpoint", key=other).returncode == 2             # its id does not match: miscopied
    stranger = "127.0.0.1/nhat-ky+" + log.key.split("+", 2)[1] + "+" + log.key.split("+", 2)[2]
    assert log.verify("checkpoint", key=stranger).returncode == 2
    unreachable = subprocess.run([sys.executable, str(TOOL), "--server", "http://127.0.0.1:9", "--key", log.key,
                                  "--state", str(tmp_path / "s"), "checkpoint"], capture_output=True, text=True,
                                 timeout=60, check=False)
    assert unreachable.returncode == 2 and "Không kết nối được" in unreachable.stderr
    assert "certificate" in subprocess.run([sys.executable, str(TOOL), "--help"], capture_output=True, text=True,
                                           timeout=60, check=False).stdout
    assert log.verify("certificate", "KHONGCOMA").returncode == 1


def test_a_rewritten_event_is_caught_with_the_tree_left_as_it_was(log):
    assert log.verify("checkpoint").returncode == 0
    log.rewrite_decide_event()
    certificate = log.verify("certificate", log.code)
    assert certificate.returncode == 1 and "KHÔNG có trong cây" in certificate.stderr
    leaves = log.verify("leaves")
    assert leaves.returncode == 1 and "đứt mắt xích" in leaves.stderr   # the next event's link no longer holds


def test_a_rewritten_history_recomputed_and_resigned_is_caught_by_the_kept_copy(log):
    assert log.verify("checkpoint").returncode == 0
    log.rewrite_decide_event()
    log.add_event()                       # the forger's tree grows on, so its checkpoint has a new size
    log.rebuild_tree_and_resign()
    result = log.verify("checkpoint")
    assert result.returncode == 1 and "Bằng chứng nhất quán SAI" in result.stderr
    # a newcomer without the old copy is not fooled about the certificate either once it has a copy: the honest
    # checkpoint is what the feed's readers kept; the forged one proves the forged row, which is all it can do
    assert log.verify("certificate", log.code).returncode == 1


def test_a_forked_view_two_checkpoints_of_one_size_is_reported_with_both_notes(log):
    kept = log.verify("checkpoint")
    assert kept.returncode == 0
    log.rewrite_decide_event()
    log.rebuild_tree_and_resign()         # same number of leaves, another root, signed with the log key
    result = log.verify("checkpoint")
    assert result.returncode == 1 and "PHÁT HIỆN RẼ NHÁNH" in result.stderr
    assert result.stderr.count("\u2014 127.0.0.1:") == 2      # both signed notes, in full
    assert len(list(log.state.rglob("checkpoints/*.re-nhanh-*.txt"))) == 1


def test_a_missing_event_is_caught(log):
    assert log.verify("checkpoint").returncode == 0
    # removed with the tree left as is: the export has a hole, and the certificate's leaf is gone
    log.sql("DELETE FROM audit_event WHERE action = 'decide'")
    leaves = log.verify("leaves")
    assert leaves.returncode == 1 and "đứt mắt xích" in leaves.stderr
    assert log.verify("certificate", log.code).returncode == 1
    # and removed from a recomputed, re-signed tree: smaller than the copy kept, it cannot prove it extends it
    log.rebuild_tree_and_resign()
    result = log.verify("checkpoint")
    assert result.returncode == 1 and "không chứng minh được" in result.stderr.lower()


def test_the_tools_proof_checks_agree_with_the_reference_vectors():
    sys.path.insert(0, str(TOOL.parent))
    try:
        import vinhdanh_verify as tool
    finally:
        sys.path.remove(str(TOOL.parent))
    leaves = [f"lá {i}".encode() for i in range(13)]
    nodes = {}
    frontier = []
    for size, data in enumerate(leaves):
        frontier, made = merkle.append(size, frontier, merkle.leaf_hash(data))
        nodes.update({(level, index): digest for level, index, digest in made})
    for size in range(1, 14):
        root = merkle.root(size, nodes)
        assert tool.root_of([merkle.leaf_hash(d) for d in leaves[:size]]) == root
        for index in range(size):
            proof = merkle.inclusion_proof(index, size, nodes)
            assert tool.verify_inclusion(index, size, merkle.leaf_hash(leaves[index]), proof, root)
        for old in range(1, size + 1):
            proof = merkle.consistency_proof(old, size, nodes)
            assert tool.verify_consistency(old, size, merkle.root(old, nodes), root, proof)
            if len(proof) > 1:
                assert not tool.verify_consistency(old, size, merkle.root(old, nodes), root, proof[::-1])
