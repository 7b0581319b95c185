"""The whole API against its own OpenAPI document, property-based (schemathesis on the WSGI app, no server): for
every operation, generated parameters and bodies (valid and invalid), never a server error, and every response
(status, content type, headers, body) is one the document describes. Public operations run on a register with
lines, a notice and a certificate; the client's operations with a token holding both scopes."""
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests import factories
from tests.web.test_api import issue
from tests.web.test_public import award, disclosed, individual
from workflow.services import clock
from workflow.views.api.openapi import document


@pytest.fixture
def api_token(app, session, world, store):
    """A register with lines, an archived and an open notice, a certificate; a client's token."""
    app.config.update(API_RATE_LIMIT_PUBLIC="100000 per minute", API_RATE_LIMIT_CLIENT="100000 per minute")
    person = individual(session, world, store)
    award(session, world, person, disclosed(session, world, person, today=factories.TODAY))
    factories.in_notice(session, world, store, today=clock.today())   # an open notice beside the archived one
    factories.awarded(session, world, store, officer=world.officer_b, name="Hợp tác xã Đông Hải")
    session.commit()
    return issue(session, world)


# The document as the app serves it (the same data, views/api/openapi.py). Loaded at import, not through
# schemathesis.pytest.from_fixture, whose lazy loader does not run under pytest 9; each case is sent to the test's
# own app through the WSGI transport.
schema = schemathesis.openapi.from_dict(document("http://localhost/api/v1"))
# A schema-valid request may still break a rule the schema cannot state: a proposal whose award type the campaign
# does not consider, or an achievement already proposed, is refused with 422 naming the field (never a 5xx).
schema.config.checks.positive_data_acceptance.expected_statuses = ["2xx", "3xx", "401", "403", "404", "409", "422",
                                                                   "429"]


@schema.parametrize()
@settings(max_examples=50, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much, HealthCheck.data_too_large])
def test_every_operation_answers_as_its_document_says(case, app, api_token):
    secured = bool(case.operation.definition.raw.get("security"))
    # a cursor is opaque: any string fits its schema, only one the API wrote is valid (else 400, said in the detail)
    opaque = [positive_data_acceptance] if "cursor" in (case.query or {}) else []
    case.operation.schema.app = case.operation.app = app   # the test's own app, for the call and for the checks' own requests
    case.call_and_validate(headers={"Authorization": f"Bearer {api_token}"} if secured else None,
                           excluded_checks=opaque)


def test_the_document_is_valid_openapi_3_1(app):
    """Checked against the OpenAPI 3.1 meta-schema (schemathesis' validator), as the app serves it."""
    served = schemathesis.openapi.from_dict(app.test_client().get("/api/v1/openapi.json").get_json())
    served.validate()
    broken = document("http://localhost/api/v1")
    broken["paths"]["/recognitions"]["get"]["responses"] = "none"
    with pytest.raises(Exception, match="(?i)valid"):
        schemathesis.openapi.from_dict(broken).validate()
