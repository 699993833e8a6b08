"""The sentence record endpoints fuzzed from the API's own OpenAPI description, at a real person with real
records and the booking's current version (the API-wide fuzz test mostly meets people who do not exist):
whatever a client sends, the answer is documented and never a server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import ignored_auth, negative_data_rejection, positive_data_acceptance

from omhub.accounts.services import create_api_token
from omhub.calculations.models import Adjustment, Booking, CourtCase
from omhub.config.wsgi import application
from tests.calculations.record_helpers import NOW, add_adjustment, add_court_case, add_sentence, remand, sds

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(path_regex="/booking")


@pytest.fixture(autouse=True)
def _keep_the_test_transactions_connection():
    """As tests/api/test_fuzzing.py: calls go straight to the WSGI application."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=True)


def recorded(ba, person) -> dict:
    """A court case, a sentence and a remand, made once: every example of an operation runs in one test."""
    court_case = CourtCase.objects.filter(booking__person=person).first()
    if court_case is None:
        court_case = add_court_case(ba, person)
        add_sentence(ba, person, sds(court_case))
        add_adjustment(ba, person, **remand())
    return {"person_id": person.pk, "court_case_id": court_case.pk, "line": 1,
            "adjustment_id": Adjustment.objects.filter(booking__person=person).values_list("pk", flat=True).first()
            or 1}


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_input_makes_the_sentence_record_api_fail(case, staff, person):
    ba = staff["business-administrator"]
    ids = recorded(ba, person)
    _, raw = create_api_token(user=ba)
    for name in list(case.path_parameters or {}):
        case.path_parameters[name] = ids[name]
    if isinstance(case.body, dict) and "version" in case.body:
        case.body["version"] = Booking.objects.get(person=person).version
    response = case.call(headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code < 500, (case.as_curl_command(), response.text[:500])
    case.validate_response(response, excluded_checks=[ignored_auth, negative_data_rejection,
                                                      positive_data_acceptance])
