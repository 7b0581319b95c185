"""A failed sign-in costs the same whatever the account's state (issue 13, point 5): an unknown account, a
deactivated one and a wrong password each run exactly one password check, at the configured cost, so the time
of the answer tells nothing about which accounts exist or are deactivated."""
import statistics
import time

import pytest
from sqlalchemy import select
from werkzeug.security import check_password_hash

from tests import factories
from tests.web.conftest import csrf_token
from workflow.extensions import db
from workflow.models import User
from workflow.services import admin, users

WRONG = "khong-phai-mat-khau-nay"


@pytest.fixture
def checks(monkeypatch):
    """Every password check the sign-in makes, as the method (and cost) named by the hash it checked. Werkzeug's
    own function does the work: only the call is counted."""
    seen: list[str] = []

    def counting(pwhash: str, password: str) -> bool:
        seen.append(pwhash.partition("$")[0])
        return check_password_hash(pwhash, password)

    monkeypatch.setattr(users, "check_password_hash", counting)
    return seen


@pytest.fixture
def retired(app, world):
    """An account the administrator has deactivated (its password is still the factories' one)."""
    user = users.create_user(db.session, username="nghi.huu", full_name="Cán bộ đã nghỉ", password=factories.PASSWORD)
    admin.deactivate_user(db.session, user, by=world.admin)
    db.session.commit()
    return user


@pytest.mark.parametrize(("kind", "username", "password"), [
    ("unknown account", "khong.co.ai", factories.PASSWORD),
    ("deactivated account", "nghi.huu", factories.PASSWORD),
    ("wrong password", "donvi.a", WRONG),
])
def test_every_failed_login_runs_one_password_check_at_the_configured_cost(app, retired, browser, checks,
                                                                         kind, username, password):
    response = browser.post("/login", {"username": username, "password": password})
    assert response.status_code == 200, kind
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert checks == [users.PASSWORD_METHOD], kind


def test_the_stand_in_check_follows_a_change_of_method(app, retired, checks, monkeypatch):
    monkeypatch.setattr(users, "PASSWORD_METHOD", "pbkdf2:sha256:2000")
    for name in ("khong.co.ai", "nghi.huu"):
        assert users.authenticate(db.session, name, factories.PASSWORD) is None
    assert checks == ["pbkdf2:sha256:2000"] * 2


def _medians(browser, attempts: dict[str, tuple[str, str]], rounds: int = 5) -> dict[str, float]:
    """Median seconds of each kind of attempt, the kinds interleaved round by round: a burst of load from the
    other test worker then slows every kind alike instead of one block of tries."""
    times: dict[str, list[float]] = {kind: [] for kind in attempts}
    for _ in range(rounds):
        for kind, (username, password) in attempts.items():
            token_page = browser.get("/login")
            assert token_page.status_code == 200
            started = time.perf_counter()
            response = browser.client.post("/login", data={"csrf_token": _token(token_page), "username": username,
                                                           "password": password})
            times[kind].append(time.perf_counter() - started)
            assert response.status_code == 200
    return {kind: statistics.median(seconds) for kind, seconds in times.items()}


def _token(page) -> str:
    return csrf_token(page.get_data(as_text=True))


def test_a_deactivated_account_answers_as_slowly_as_a_wrong_password_at_production_cost(app, world, browser,
                                                                                        monkeypatch):
    """Coarse, with the real scrypt cost: medians of five interleaved tries (the sign-in rate limit allows fifteen) within a factor of two (the old code answered a
    deactivated account about 25 times faster)."""
    monkeypatch.setattr(users, "PASSWORD_METHOD", "scrypt")
    for name in ("dang.lam", "da.nghi"):
        users.create_user(db.session, username=name, full_name=name, password=factories.PASSWORD)
    admin.deactivate_user(db.session, db.session.scalar(select(User).where(User.username == "da.nghi")), by=world.admin)
    db.session.commit()
    users.authenticate(db.session, "khong.co.ai", WRONG)   # the stand-in hash is made once per process: not timed
    medians = _medians(browser, {"wrong": ("dang.lam", WRONG), "deactivated": ("da.nghi", factories.PASSWORD),
                                 "unknown": ("khong.co.ai", factories.PASSWORD)})
    wrong, deactivated, unknown = medians["wrong"], medians["deactivated"], medians["unknown"]
    assert wrong / 2 < deactivated < wrong * 2, (wrong, deactivated)
    assert wrong / 2 < unknown < wrong * 2, (wrong, unknown)
