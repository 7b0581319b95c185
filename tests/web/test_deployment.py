"""Settings for running behind a load balancer (docs/DEPLOY.md): the trusted proxy count decides whose
address the rate limits count, and the rate-limit store comes from configuration."""
import pytest

from workflow import create_app
from workflow.extensions import limiter


def _verify_uploads(app, forwarded_for: str, times: int) -> list[int]:
    client = app.test_client()
    return [client.post("/verify", data={}, environ_base={"REMOTE_ADDR": "10.0.0.2"},
                        headers={"X-Forwarded-For": forwarded_for}).status_code for _ in range(times)]


@pytest.mark.parametrize(("hops", "second_citizen_limited"), [(1, False), (0, True)])
def test_the_client_address_behind_one_balancer_is_the_forwarded_one_only_when_trusted(
        tmp_path, hops, second_citizen_limited):
    app = create_app("testing", TRUSTED_PROXY_COUNT=hops, BLOB_DIR=str(tmp_path), WTF_CSRF_ENABLED=False)
    with app.app_context():
        from workflow.extensions import db
        db.create_all()
        first = _verify_uploads(app, "203.0.113.7", 21)    # UPLOADS_PER_IP: 20 per minute
        assert 429 not in first[:20] and first[20] == 429
        second = _verify_uploads(app, "198.51.100.9", 1)
        assert (second == [429]) is second_citizen_limited
        db.session.remove()


def test_the_rate_limit_store_comes_from_configuration(tmp_path):
    app = create_app("testing", RATELIMIT_STORAGE_URI="memory://", BLOB_DIR=str(tmp_path))
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert type(limiter.storage).__name__ == "MemoryStorage"
    # a shared store (the redis client is installed for the job queue); it connects on first use
    create_app("testing", RATELIMIT_STORAGE_URI="redis://127.0.0.1:1", BLOB_DIR=str(tmp_path))
    assert type(limiter.storage).__name__ == "RedisStorage"


def test_trusted_hosts_refuse_a_forged_host_so_no_other_address_enters_a_page(tmp_path):
    """With PUBLIC_BASE_URL empty the links follow the request's Host: TRUSTED_HOSTS bounds it (docs/DEPLOY.md)."""
    app = create_app("testing", TRUSTED_HOSTS=["vinhdanh.camau.gov.vn"], BLOB_DIR=str(tmp_path))
    with app.app_context():
        from workflow.extensions import db
        db.create_all()
        client = app.test_client()
        feed = client.get("/feed.atom", base_url="https://vinhdanh.camau.gov.vn")
        assert feed.status_code == 200 and "https://vinhdanh.camau.gov.vn/feed.atom" in feed.get_data(as_text=True)
        forged = client.get("/feed.atom", base_url="https://evil.example")
        assert forged.status_code == 400 and "evil.example" not in forged.get_data(as_text=True)
        assert "không phục vụ địa chỉ máy chủ" in forged.get_data(as_text=True)   # an answer, not a 500
        db.session.remove()
