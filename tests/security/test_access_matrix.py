"""Access control across the whole app (ASVS 5.0 V8): every route × every role answers what the matrix in
tests/security/access.py says (200, 302 to the login page, 403, 404…), and a route missing from the matrix
fails the inventory test, so a new page cannot ship without someone deciding who may see it.
"""
import pytest

from workflow import create_app

from .access import ROUTES, fetch, methods_of, outcome
from .scene import ROLES

CASES = [pytest.param(endpoint, i, role, id=f"{endpoint}[{i}]-{role}")
         for endpoint, cases in ROUTES.items() for i in range(len(cases)) for role in ROLES]


def test_every_route_of_the_app_has_an_entry_in_the_access_matrix():
    endpoints = set(methods_of(create_app("testing")))
    missing = sorted(endpoints - set(ROUTES))
    assert not missing, ("Routes without an access-matrix entry (add them to tests/security/access.py ROUTES): "
                         + ", ".join(missing))


def test_the_matrix_names_no_route_that_does_not_exist():
    stale = sorted(set(ROUTES) - set(methods_of(create_app("testing"))))
    assert not stale, f"Matrix entries for routes that no longer exist: {', '.join(stale)}"


def test_every_matrix_entry_says_what_each_role_gets():
    for endpoint, cases in ROUTES.items():
        for case in cases:
            assert set(case.expect) == set(ROLES), endpoint


def test_the_inventory_holds_every_area():
    endpoints = set(ROUTES)
    for blueprint in ("public", "auth", "unit", "secretariat", "council", "authority", "admin"):
        assert any(e.startswith(blueprint + ".") for e in endpoints), blueprint


@pytest.mark.parametrize("endpoint, index, role", CASES)
def test_access(scene_app, scene, client_as, endpoint, index, role):
    case = ROUTES[endpoint][index]
    url = case.path(scene)
    response = fetch(scene_app, client_as(role), endpoint, url, case.data)
    got, expected = outcome(response), case.expect[role]
    response.close()
    assert got == expected, f"{role} on {url}: expected {expected}, got {got} {case.note}"
