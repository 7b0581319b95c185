"""The durable job queue through the screens and the worker's eyes: a worker killed mid-signing, a full disk,
the "issue missing files" button, a print batch whose worker died, the commands that finish their own work,
and the administrator's jobs view. The queue is the app's memory queue: `jobs.drain` does what a worker does
with each task (claim the job, sign in batches); tests/web/test_job_worker.py runs a real worker process."""
import errno
import json
import time
from datetime import timedelta
from itertools import islice

import pytest
from sqlalchemy import event, func, select, update

from tests.services.helpers import decide, endorsed_many
from tests.web.test_authority import _hidden
from tests.web.test_public import text
from workflow import jobs
from workflow.jobs import runner
from workflow.models import AuditEvent, Decision, Job, JobKind, JobState, PrintJob
from workflow.services import blobs, clock, documents
from workflow.services import jobs as outbox

LINES = 12   # 13 files: two batches of runner.ISSUE_BATCH


@pytest.fixture
def chair(world, signed_in):
    return signed_in(world.chair)


@pytest.fixture
def admin(world, signed_in):
    return signed_in(world.admin)


@pytest.fixture
def unsigned(session, world, store) -> Decision:
    """A decision of LINES lines whose files are not signed yet (as if decided before a key was configured)."""
    decision = decide(session, world, endorsed_many(session, world, store, LINES))
    session.commit()
    return decision


def _blobs(store) -> set[str]:
    return {p.name for p in store.root.glob("??/*") if p.is_file()}


def _referenced(session, decision_id: int) -> list[str]:
    session.expire_all()
    decision = session.get(Decision, decision_id)
    return [line.certificate.pdf_sha256 for line in decision.lines] + [decision.pdf_sha256]


def _issue_events(session) -> list[str]:
    return list(session.scalars(select(AuditEvent.changes["sha256"].as_string())
                                .where(AuditEvent.action == "issue_pdf")))


def _queue(session, world, decision) -> Job:
    job = documents.queue_missing(session, decision, by=world.chair, base_url="https://vinhdanh.example")
    session.commit()
    return job


def test_a_worker_killed_mid_signing_leaves_a_job_the_sweeper_hands_to_another_worker(app, session, world, store,
                                                                                      chair, unsigned):
    before = _blobs(store)
    job = _queue(session, world, unsigned)
    jobs.queue_of(app).flush()   # the queue lost its task too (Huey keeps no acknowledgement)
    # the first worker claims the job, signs and commits its first batch, then is killed (SIGKILL: no cleanup)
    assert runner.claim(app, job.id, "web-1:4242:dead")
    assert documents.issue(session, unsigned, press=_press(app), by=world.chair, limit=runner.ISSUE_BATCH) == 10
    session.commit()
    assert not runner.claim(app, job.id, "web-2:77:alive")   # its heartbeat is fresh: nobody else may take it
    page_url = f"/authority/decisions/{unsigned.id}"
    assert "Đang ký số các tệp PDF trong nền: còn 3 / 13 tệp." in text(chair.get(page_url))

    _heartbeat_ago(session, job.id, seconds=90)   # …and then nothing: its heartbeat grows stale
    page = text(chair.get(page_url))
    assert "Việc ký số trong nền bị gián đoạn: 3 văn bản chưa có tệp PDF có chữ ký số." in page
    assert "Đang ký số" not in page and 'http-equiv="refresh"' not in chair.get(page_url).get_data(as_text=True)

    assert jobs.sweep(app) == [job.id] and jobs.sweep(app) == []   # handed over once, not every sweep
    assert jobs.drain(app) == 1
    session.expire_all()
    done = session.get(Job, job.id)
    assert (done.state, done.attempts, done.error) == (JobState.DONE, 2, None) and done.worker != "web-1:4242:dead"
    referenced = _referenced(session, unsigned.id)
    assert all(referenced) and len(set(referenced)) == LINES + 1
    assert sorted(_issue_events(session)) == sorted(referenced)    # every certificate signed exactly once
    assert _blobs(store) - before == set(referenced)               # and no orphan file in the store
    assert "chưa có tệp PDF" not in text(chair.get(page_url))


def test_files_a_killed_worker_stored_but_never_committed_are_removed_by_the_next_run(app, session, world, store,
                                                                                      unsigned):
    """A worker stages its batch's names (committed), stores the files, and is killed before the batch commits:
    re-signing makes new bytes, so without the staged names those files would stay orphans for ever."""
    before = _blobs(store)
    job = _queue(session, world, unsigned)
    jobs.queue_of(app).flush()
    assert runner.claim(app, job.id, "web-1:4242:dead")
    batch = list(islice(documents.sign_missing(session, unsigned, press=_press(app), by=world.chair), 4))
    runner._stage(job.id, json.dumps([each.sha256 for each in batch]))   # what the runner commits first
    for each in batch:
        store.put(each.pdf)
    session.rollback()                                                  # killed: its batch never commits
    left = {each.sha256 for each in batch}
    assert left <= _blobs(store) - before and not any(_referenced(session, unsigned.id))

    time.sleep(1.1)   # the next worker's signatures carry a later signing time: different bytes, new names
    _heartbeat_ago(session, job.id, seconds=90)
    assert jobs.sweep(app) == [job.id] and jobs.drain(app) == 1
    session.expire_all()
    assert (session.get(Job, job.id).state, session.get(Job, job.id).staged_files) == (JobState.DONE, None)
    referenced = _referenced(session, unsigned.id)
    assert all(referenced) and not left & set(referenced)
    assert _blobs(store) - before == set(referenced)   # the dead worker's files are gone, nothing else is


def test_disk_full_fails_the_job_with_its_reason_and_the_admins_retry_completes_it(app, session, world, store,
                                                                                    chair, admin, unsigned,
                                                                                    monkeypatch):
    before = _blobs(store)
    job = _queue(session, world, unsigned)
    real_put, calls = blobs.BlobStore.put, []

    def put_until_full(self, data: bytes) -> str:   # the disk fills up after the first 4 files
        calls.append(1)
        if len(calls) > 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_put(self, data)
    monkeypatch.setattr(blobs.BlobStore, "put", put_until_full)
    assert jobs.drain(app) == 1
    session.expire_all()
    failed = session.get(Job, job.id)
    assert failed.state == JobState.FAILED and failed.attempts == 1 and "Ổ đĩa lưu trữ tệp đã đầy" in failed.error
    assert _blobs(store) == before   # the batch rolled back: the 4 files it wrote are gone with it
    page = text(chair.get(f"/authority/decisions/{unsigned.id}"))
    assert "Ký số trong nền không thành công: 13 văn bản chưa có tệp PDF có chữ ký số." in page
    assert "Lý do: Ổ đĩa lưu trữ tệp đã đầy" in page

    listing = admin.get("/admin/jobs?state=failed").get_data(as_text=True)
    assert "Ổ đĩa lưu trữ tệp đã đầy" in listing and "Chạy lại" in listing
    monkeypatch.setattr(blobs.BlobStore, "put", real_put)   # space returns
    response = admin.post(f"/admin/jobs/{job.id}/retry", {"csrf_token": _hidden(listing, "csrf_token")},
                          from_page="/admin/jobs?state=failed")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Job, job.id).state == JobState.QUEUED and _referenced(session, unsigned.id)[0] is None
    retried = session.scalars(select(AuditEvent).where(AuditEvent.action == "retry_job")).one()
    assert (retried.object_type, retried.object_id, retried.actor_id) == ("job", job.id, world.admin.id)
    assert jobs.drain(app) == 1
    assert all(_referenced(session, unsigned.id)) and session.get(Job, job.id).state == JobState.DONE


def test_a_missing_signing_key_fails_the_job_with_what_to_do(app, session, world, store, unsigned, tmp_path):
    job = _queue(session, world, unsigned)
    app.config["SIGNING_P12_PATH"] = str(tmp_path / "nowhere" / "signer.p12")
    jobs.drain(app)
    session.expire_all()
    failed = session.get(Job, job.id)
    assert failed.state == JobState.FAILED and "Chưa cấu hình khóa ký số" in failed.error


def test_a_transient_error_is_retried_later_with_a_growing_pause(app, session, world, store, unsigned, monkeypatch):
    job = _queue(session, world, unsigned)

    def timing_out(self, data: bytes) -> str:   # a shared file store that does not answer for a moment
        raise TimeoutError("the file store did not answer")
    monkeypatch.setattr(blobs.BlobStore, "put", timing_out)
    jobs.drain(app)
    session.expire_all()
    waiting = session.get(Job, job.id)
    assert (waiting.state, waiting.attempts) == (JobState.QUEUED, 1) and "sẽ tự thử lại" in waiting.error
    assert timedelta(seconds=9) <= waiting.next_attempt_at - clock.now() <= timedelta(seconds=10)
    assert jobs.sweep(app) == []   # not due yet
    session.execute(update(Job).values(next_attempt_at=clock.now() - timedelta(seconds=1)))
    session.commit()
    monkeypatch.undo()
    assert jobs.sweep(app) == [job.id] and jobs.drain(app) == 1
    session.expire_all()
    assert (session.get(Job, job.id).state, session.get(Job, job.id).attempts) == (JobState.DONE, 2)


def test_the_issue_missing_button_returns_at_once_and_the_job_signs(app, session, world, store, chair, unsigned):
    page_url = f"/authority/decisions/{unsigned.id}"
    page = chair.get(page_url).get_data(as_text=True)
    assert "13 văn bản của quyết định này chưa có tệp PDF có chữ ký số" in text(chair.get(page_url))
    response = chair.post(f"/authority/decisions/{unsigned.id}/issue-files",
                          {"csrf_token": _hidden(page, "csrf_token")}, from_page=page_url)
    assert response.status_code == 302
    assert not any(_referenced(session, unsigned.id))   # nothing signed in the request
    again = chair.post(f"/authority/decisions/{unsigned.id}/issue-files", from_page=page_url)
    assert again.status_code == 302 and session.scalar(select(func.count()).select_from(Job)) == 1   # one job
    assert jobs.drain(app) == 1   # the second press found the job already waiting: handed over once
    assert all(_referenced(session, unsigned.id))


def test_a_print_job_whose_worker_died_is_not_running_forever(app, session, world, store, chair, unsigned):
    documents.issue(session, unsigned, press=_press(app), by=world.chair)
    printing = documents.request_print(session, unsigned, by=world.chair, settings=documents.PrintSettings())
    session.commit()
    jobs.queue_of(app).flush()   # the dead worker had taken its task from the queue
    job = outbox.latest(session, JobKind.PRINT, printing.id)
    assert runner.claim(app, job.id, "web-1:4242:dead")
    session.execute(update(PrintJob).where(PrintJob.id == printing.id).values(status="running", done=5))
    session.commit()
    _heartbeat_ago(session, job.id, seconds=120)
    page = chair.get(f"/authority/print-jobs/{printing.id}").get_data(as_text=True)
    assert "Bản in bị gián đoạn." in page and 'http-equiv="refresh"' not in page
    assert "bị gián đoạn" in text(chair.get(f"/authority/decisions/{unsigned.id}"))
    assert jobs.sweep(app) == [job.id] and jobs.drain(app) == 1
    session.expire_all()
    assert (session.get(PrintJob, printing.id).status, session.get(PrintJob, printing.id).done) == ("done", LINES)
    assert "Đã xong: 12 bằng khen." in text(chair.get(f"/authority/print-jobs/{printing.id}"))


def test_the_decision_page_and_the_admins_view_call_a_job_stalled_at_the_same_moment(app, session, world, chair,
                                                                                      admin, unsigned):
    """One answer (workflow.jobs.progress): stalled once the heartbeat is older than the sweeper's threshold,
    here 10 s, on every page (the admin's view used a fixed 60 s and still said "in progress")."""
    app.config["JOB_HEARTBEAT_STALE_SECONDS"] = 10
    job = _queue(session, world, unsigned)
    assert runner.claim(app, job.id, "web-1:4242:dead")
    _heartbeat_ago(session, job.id, seconds=30)
    assert "bị gián đoạn" in text(chair.get(f"/authority/decisions/{unsigned.id}"))
    assert "Tiến trình xử lý nền đã ngừng báo tiến độ" in text(admin.get("/admin/jobs"))


def test_issue_missing_signs_in_batches_each_its_own_transaction(app, session, world, store, unsigned):
    commits = []

    def count(connection) -> None:
        commits.append(1)
    event.listen(session.get_bind(), "commit", count)
    try:
        result = app.test_cli_runner().invoke(args=["certificates", "issue-missing"])
    finally:
        event.remove(session.get_bind(), "commit", count)
    assert result.exit_code == 0, result.output
    assert "Đã phát hành 13 tệp PDF có chữ ký số." in result.output
    assert all(_referenced(session, unsigned.id))
    assert session.scalars(select(Job.state)).all() == [JobState.DONE]
    assert len(commits) >= 2 + 2   # the job's claim, at least two signing batches, its end


def test_the_admin_jobs_view_filters_pages_and_says_when_empty(app, session, world, admin):
    assert "Chưa có việc chạy nền nào." in text(admin.get("/admin/jobs"))
    for subject in range(1, 56):
        session.add(Job(kind=JobKind.ISSUE_DECISION, subject_id=subject, state=JobState.DONE, attempts=1,
                        base_url=""))
    session.commit()
    page = text(admin.get("/admin/jobs"))
    assert "55 việc, mới nhất trước" in page and "Trang 1 / 2" in page and "đã xong" in page
    assert "Không có việc nào ở tình trạng này." in text(admin.get("/admin/jobs?state=failed"))


def _press(app):
    from workflow.press import press
    return press(app)


def _heartbeat_ago(session, job_id: int, *, seconds: int) -> None:
    session.execute(update(Job).where(Job.id == job_id).values(heartbeat_at=clock.now() - timedelta(seconds=seconds),
                                                               dispatched_at=clock.now() - timedelta(seconds=seconds)))
    session.commit()
