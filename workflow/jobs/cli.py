"""`flask jobs worker`: the worker process (make run starts one beside the web server); `flask jobs sweep`:
hand the queue, once, what it lost (the worker does this every JOB_SWEEP_SECONDS)."""
import click
from flask import current_app
from flask.cli import AppGroup

jobs_cli = AppGroup("jobs", help="Việc chạy nền: ký số, in hàng loạt.")


@jobs_cli.command("worker")
@click.option("--workers", type=int, default=None, help="Số luồng xử lý (mặc định JOB_WORKERS).")
def worker(workers: int | None) -> None:
    """Run the queue's worker until stopped (Ctrl-C, SIGTERM)."""
    from . import work
    app = current_app._get_current_object()
    click.echo(f"Tiến trình xử lý nền đang chạy ({workers or app.config['JOB_WORKERS']} luồng); Ctrl-C để dừng.")
    work(app, workers=workers or app.config["JOB_WORKERS"])


@jobs_cli.command("sweep")
def sweep_once() -> None:
    """Hand the queue every job that is due and not taken, or whose worker stopped reporting."""
    from . import sweep
    ids = sweep(current_app._get_current_object())
    click.echo(f"Đã chuyển lại {len(ids)} việc vào hàng đợi." if ids else "Không có việc nào cần chuyển lại.")
