"""tests/cluster: several processes on one machine in the shape of a production installation (docs/DEPLOY.md).

They need a PostgreSQL server (TEST_DATABASE_URL) and a Redis server (TEST_REDIS_URL), which `make test-pg`
starts (scripts/with-postgres scripts/with-redis). Without them these tests FAIL, saying so: they never skip.
The SQLite leg never collects this folder (norecursedirs in pyproject.toml); name it to run it:

    PGTEST_PORT=54336 REDISTEST_PORT=63796 scripts/with-postgres scripts/with-redis \\
        .venv/bin/python -m pytest -q tests/cluster
"""
import os

import pytest


@pytest.fixture(scope="module")
def servers_environment() -> tuple[str, str]:
    """(PostgreSQL URL, Redis URL) from the environment, or a failure that says how to provide them."""
    database, redis = os.environ.get("TEST_DATABASE_URL", ""), os.environ.get("TEST_REDIS_URL", "")
    missing = [name for name, ok in (("TEST_DATABASE_URL (a PostgreSQL server)", database.startswith("postgresql")),
                                     ("TEST_REDIS_URL (a Redis server)", redis.startswith("redis://"))) if not ok]
    if missing:
        pytest.fail(f"tests/cluster needs {' and '.join(missing)}. Run it as `make test-pg` does: "
                    "scripts/with-postgres scripts/with-redis .venv/bin/python -m pytest tests/cluster", pytrace=False)
    return database, redis
