"""Every notifications page and endpoint, tried by every role: everyone signed in has their own, and
no one reaches anyone else's (another person's notification is not found, as if it did not exist)."""

import pytest
from django.test import Client

from omhub.notifications.models import Notification
from tests.conftest import ROLE_CODES

PAGES = [("get", "/notifications/"), ("get", "/notifications/?show=unread"), ("get", "/notifications/preferences/"),
         ("post", "/notifications/preferences/"), ("post", "/notifications/read/"),
         ("post", "/notifications/{own}/read/")]
# every role with the capability to use the API (the System Administrator has it to change case types)
API_USERS = {"business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
             "job-evaluation-panel", "system-administrator", "auditor"}
ENDPOINTS = [("get", "/api/v1/notifications", None), ("get", "/api/v1/notifications?unread=true", None),
             ("post", "/api/v1/notifications/read", {"all": True}),
             ("post", "/api/v1/notifications/read", {"ids": ["{own}"]}),
             ("get", "/api/v1/notifications/preferences", None),
             ("put", "/api/v1/notifications/preferences", {"enabled": {"due-soon": False}})]


def _call(client, method, path, body=None, **values):
    path = path.format(**values)
    if body is None:
        return getattr(client, method)(path)
    body = {key: [int(v.format(**values)) for v in value] if key == "ids" else value for key, value in body.items()}
    return getattr(client, method)(path, body, content_type="application/json")


@pytest.mark.parametrize("role", ROLE_CODES)
def test_every_role_uses_its_own_notification_pages(role, staff, signed_in, make_notification):
    own = make_notification(staff[role])
    client = signed_in(staff[role])
    outcomes = {(method, path): _call(client, method, path, own=own.pk).status_code for method, path in PAGES}
    assert outcomes == {(method, path): 200 if method == "get" else 302 for method, path in PAGES}


@pytest.mark.parametrize("role", ROLE_CODES)
def test_every_role_with_the_api_uses_its_own_notification_endpoints(role, staff, api_client, make_notification):
    own = make_notification(staff[role])
    client = api_client(staff[role])
    outcomes = {(method, path, str(body)): _call(client, method, path, body, own=own.pk).status_code
                for method, path, body in ENDPOINTS}
    expected = 200 if role in API_USERS else 403
    assert outcomes == {(method, path, str(body)): expected for method, path, body in ENDPOINTS}


def test_someone_elses_notification_is_not_found_on_a_page_or_the_api(staff, signed_in, api_client,
                                                                      make_notification, outsider):
    theirs = make_notification(staff["business-administrator"])
    for intruder in (staff["hub-manager"], outsider, staff["auditor"]):
        assert signed_in(intruder).post(f"/notifications/{theirs.pk}/read/").status_code == 404
        response = api_client(intruder).post("/api/v1/notifications/read", {"ids": [theirs.pk]},
                                             content_type="application/json")
        assert response.status_code == 404
        assert theirs.title not in signed_in(intruder).get("/notifications/").content.decode()
        assert api_client(intruder).get("/api/v1/notifications").json()["count"] == 0
        signed_in(intruder).post("/notifications/read/")
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_signed_out_visitors_are_sent_to_sign_in_and_the_api_asks_for_a_token(staff, make_notification):
    own = make_notification(staff["business-administrator"])
    for method, path in PAGES:
        response = _call(Client(), method, path, own=own.pk)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], path
    for method, path, body in ENDPOINTS:
        assert _call(Client(), method, path, body, own=own.pk).status_code == 401, path
