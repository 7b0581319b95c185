"""Fuzzing (ASVS 5.0 V1, V2): random and hostile values posted into every form and every query string of the
app, each by a role the route is meant for, with a valid CSRF token so the values reach the form and the
service. No response may be a 5xx (the testing app re-raises, so a crash fails at once), and the audit chain
verifies afterwards, whatever the fuzzing managed to change.

Examples: FUZZ_QUERY_EXAMPLES per GET route and FUZZ_FORM_EXAMPLES per POST route (defaults 8 and 24: about
2,200 in all, a minute on two cores); raise them with the environment variables for a longer hunt.
"""
import io
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workflow import create_app
from workflow.extensions import db
from workflow.services import audit

from .access import ROUTES, client_for, csrf_token_for, methods_of, owner

QUERY_EXAMPLES = int(os.environ.get("FUZZ_QUERY_EXAMPLES", "8"))
FORM_EXAMPLES = int(os.environ.get("FUZZ_FORM_EXAMPLES", "24"))

HOSTILE = [
    "", " ", "0", "-1", "1", "2", "2147483647", "2147483648", "9223372036854775808", "9" * 40, "-9" * 20, "1e309",
    "NaN", "inf", "-0", "0x1F", "١٢", "１２", "1.5", "1,5", "' OR 1=1 --", '" OR ""="', "'; DROP TABLE nomination; --",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}}", "${7*7}", "{% raw %}", "../../etc/passwd",
    "%00", "\x00", "a\x00b", "\u202e\u0301", "\r\n\r\nSet-Cookie: x=1", "null", "true", "[]", "{}", "a" * 5000,
    "2025-02-30", "31/12/2025", "9999-12-31", "0001-01-01", "99999-01-01", "1:1", "1:99999999999999999999", "x:y",
    "1,2,3", ",,,", "Đông Hải", "vinh hung a", "//evil.example/", "https://evil.example/", "javascript:alert(1)",
    "YK-", "YK-ZZZZZZZZ", "individual", "collective", "household", "objection", "rejected", "agree", "admin",
    "unit_officer", "secretariat", "edit", "preview", "confirm", "y", "on",
]
VALUE = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
                  st.integers(min_value=-(2**70), max_value=2**70).map(str))
VALUES = st.one_of(VALUE, st.lists(VALUE, min_size=0, max_size=4))

# Names no page shows but views read, and query parameters of the lists
COMMON_FIELDS = ["version", "reason", "answer", "resolution", "classification", "choice", "present", "nomination_id",
                 "ids", "versions", "full_name", "unit", "role", "authority", "password", "code", "name", "preview",
                 "confirm", "edit", "stage", "outcome", "kind", "value", "comparator", "measure_unit", "note", "day"]
QUERY_FIELDS = ["page", "q", "sel", "after", "next", "status", "year", "campaign", "award_type", "unit", "role",
                "action", "object_type", "code", "pdf", "nomination", "du_thao", "cho_du_thao", "quyet_dinh", "cpage",
                "state", "from", "to", "visibility", "lang", "index", "size", "start", "end", "date"]
FILE_FIELDS = {"file", "attachment", "pdf"}
NAME = re.compile(r'\sname="([A-Za-z_][\w\-]*)"')

APP = create_app("testing")
RULES = methods_of(APP)
GET_ROUTES = sorted(e for e, methods in RULES.items() if "GET" in methods and e in ROUTES and e != "static")
# A valid print request starts a background render of every certificate (worker processes): not a thing to do
# two dozen times in a unit-test run. Left out here; the matrix posts it once, with an offset out of range.
NOT_FUZZED = {"authority.print_decision"}
POST_ROUTES = sorted(e for e, methods in RULES.items() if "POST" in methods and e in ROUTES and e not in NOT_FUZZED)


def fuzz(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def field_names(client, url: str, endpoint: str) -> list[str]:
    """The names the route's own page uses, plus the ones views read without a visible field."""
    names = set(COMMON_FIELDS)
    if "GET" in RULES[endpoint]:
        response = client.get(url)
        names |= set(NAME.findall(response.get_data(as_text=True)))
        response.close()
    return sorted(names - {"csrf_token"})


def payload(values: dict, upload: dict, token: str) -> dict:
    """Text values as they are (a file field sent as text too), files as (stream, name), and the token."""
    files = {name: (io.BytesIO(data), filename) for name, (data, filename) in upload.items()}
    return values | files | {"csrf_token": token}


def check(response, what: str) -> None:
    assert response.status_code < 500, f"{what}: {response.status_code}"
    response.close()


@pytest.fixture(scope="module")
def chain_checked(scene_app):
    yield
    db.session.expire_all()
    report = audit.verify(db.session)
    assert report.ok, report


@pytest.mark.parametrize("endpoint", GET_ROUTES)
def test_hostile_query_strings_never_crash_a_page(scene_app, scene, chain_checked, endpoint):
    role = owner(endpoint)
    url = ROUTES[endpoint][0].path(scene).split("?")[0]
    client = client_for(scene_app, scene, role)

    @fuzz(QUERY_EXAMPLES)
    @given(query=st.dictionaries(st.sampled_from(QUERY_FIELDS + ["x"]), VALUES, max_size=5))
    def fetch(query):
        check(client.get(url, query_string=query), f"{role} GET {url} {query!r}")

    fetch()


ID_ROUTES = sorted({rule.endpoint for rule in APP.url_map.iter_rules() if "<int:" in rule.rule} & set(GET_ROUTES))


@pytest.mark.parametrize("endpoint", ID_ROUTES)
def test_absurd_ids_in_the_path_answer_404_not_a_crash(scene_app, scene, endpoint):
    role = owner(endpoint)
    url = ROUTES[endpoint][0].path(scene).split("?")[0]
    client = client_for(scene_app, scene, role)

    @fuzz(QUERY_EXAMPLES)
    @given(number=st.one_of(st.integers(min_value=2**31, max_value=2**80), st.sampled_from([0, 2**31 - 1, 2**63])))
    def fetch(number):
        response = client.get(re.sub(r"/\d+(?=[/.]|$)", f"/{number}", url))
        check(response, f"{role} GET {url} with id {number}")

    fetch()


@pytest.mark.parametrize("endpoint", POST_ROUTES)
def test_hostile_forms_never_crash_and_the_audit_chain_still_verifies(scene_app, scene, chain_checked, endpoint):
    role = owner(endpoint)
    url = ROUTES[endpoint][0].path(scene).split("?")[0]
    client = client_for(scene_app, scene, role)
    token = csrf_token_for(client)
    names = field_names(client, url, endpoint)
    file_value = st.tuples(st.binary(max_size=300), st.sampled_from(["a.pdf", "../x.png", "", "báo cáo.docx", "x"]))
    fields = st.dictionaries(st.sampled_from(names), VALUES, max_size=8)
    files = st.dictionaries(st.sampled_from(sorted(FILE_FIELDS)), file_value, max_size=1)

    @fuzz(FORM_EXAMPLES)
    @given(values=fields, upload=files)
    def post(values, upload):
        nonlocal client, token
        if client.get_cookie("session") is None or endpoint == "auth.logout":
            client = client_for(scene_app, scene, role)
            token = csrf_token_for(client)
        data = payload(values, upload, token)
        kwargs = {"content_type": "multipart/form-data"} if upload else {}
        check(client.post(url, data=data, **kwargs), f"{role} POST {url} {values!r}")

    post()
    db.session.expire_all()
    assert audit.verify(db.session).ok
