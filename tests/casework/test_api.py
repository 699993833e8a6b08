"""The casework API: the same rules as the pages, and errors a person can act on."""

import pytest

from omhub.casework.models import WorkItem
from tests.casework.conftest import ready


def transition(client, item, action, **extra):
    item.refresh_from_db()
    return client.post(f"/api/v1/work-items/{item.reference}/transitions",
                       {"action": action, "version": item.version, **extra}, content_type="application/json")


def test_case_types_are_listed(staff, api_client, case_types):
    body = api_client(staff["business-administrator"]).get("/api/v1/case-types").json()
    assert len(body) == 25 and body[0]["code"] == "pre-discharge"


def test_opening_and_moving_an_item_through_the_api(staff, api_client, person, case_types):
    ba, hm = api_client(staff["business-administrator"]), api_client(staff["hub-manager"])
    response = ba.post("/api/v1/work-items", {"case_type": "hdc", "person": person.prison_number},
                       content_type="application/json")
    assert response.status_code == 201, response.json()
    item = WorkItem.objects.get(reference=response.json()["reference"])
    assert transition(ba, item, "start").status_code == 200
    ready(WorkItem.objects.get(pk=item.pk), staff["business-administrator"])
    assert transition(ba, item, "submit").json()["status"] == "ready-for-check"
    assert transition(hm, item, "approve").json()["status"] == "approved"


def test_four_eyes_breach_is_409(staff, api_client, hdc_item):
    from omhub.casework import services

    manager = staff["hub-manager"]
    services.take_action(actor=manager, item=hdc_item, action="start", expected_version=1)
    ready(WorkItem.objects.get(pk=hdc_item.pk), manager)
    item = WorkItem.objects.get(pk=hdc_item.pk)
    services.take_action(actor=manager, item=item, action="submit", expected_version=item.version)
    response = transition(api_client(manager), item, "approve")
    assert response.status_code == 409
    assert "someone else must check it" in response.json()["errors"][0]["message"]


def test_stale_version_is_409_and_wrong_role_403_and_bad_input_422(staff, api_client, hdc_item):
    ba = api_client(staff["business-administrator"])
    stale = ba.post(f"/api/v1/work-items/{hdc_item.reference}/transitions", {"action": "start", "version": 99},
                    content_type="application/json")
    assert stale.status_code == 409
    assert transition(api_client(staff["head-of-omd"]), hdc_item, "start").status_code == 403
    assert transition(ba, hdc_item, "teleport").status_code == 422
    assert transition(ba, hdc_item, "withdraw").json()["errors"][0]["field"] == "reason"


def test_listing_with_filters(staff, api_client, hdc_item):
    body = api_client(staff["hub-manager"]).get("/api/v1/work-items", {"view": "team", "case_type": "hdc"}).json()
    assert body["count"] == 1 and body["results"][0]["working_days_left"] is not None
    assert api_client(staff["hub-manager"]).get("/api/v1/work-items", {"view": "nonsense"}).status_code == 422


@pytest.mark.parametrize("role", ["offender-manager", "job-evaluation-panel", "system-administrator"])
def test_roles_without_casework_get_403(staff, api_client, role, case_types):
    response = api_client(staff[role]).get("/api/v1/work-items")
    assert response.status_code == 403


def test_another_units_item_is_404(outsider, api_client, hdc_item):
    assert api_client(outsider).get(f"/api/v1/work-items/{hdc_item.reference}").status_code == 404


def test_updating_details_and_checklist(staff, api_client, hdc_item):
    response = api_client(staff["business-administrator"]).patch(
        f"/api/v1/work-items/{hdc_item.reference}", {"version": 1, "values": {"hdced": "2027-03-01"},
                                                     "checklist_done": ["eligibility"]},
        content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["values"] == {"hdced": "2027-03-01"}
    bad = api_client(staff["business-administrator"]).patch(
        f"/api/v1/work-items/{hdc_item.reference}", {"version": 2, "values": {"hdced": "soon"}},
        content_type="application/json")
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "hdced"
