"""Every attachment page and API endpoint, tried by every role and by someone from another prison:
preparers and checkers attach, remove and generate; whoever sees the item may download; the rest are
refused, and another prison's staff do not learn that the item exists."""

import pytest
from django.test import Client

from omhub.casework import attachments
from tests.casework import sample_files as files

ROLES = ["business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
         "job-evaluation-panel", "system-administrator", "auditor"]
SEE = {"business-administrator", "hub-manager", "head-of-omd", "auditor"}
PREPARE = {"business-administrator", "hub-manager"}

BODIES = {"reason": {"reason": "Duplicate"}, "docx": {"format": "docx"}, "pdf": {"format": "pdf"}}
# (method, path, body) -> roles allowed, and the status they get
PAGES = {
    ("get", "/casework/{item}/attachments/", None): (PREPARE, 200),
    ("post", "/casework/{item}/attachments/", "upload"): (PREPARE, 302),
    ("get", "/casework/{item}/attachments/{attachment}/", None): (SEE, 200),
    ("get", "/casework/{item}/attachments/{attachment}/remove/", None): (PREPARE, 200),
    ("post", "/casework/{item}/attachments/{attachment}/remove/", "reason"): (PREPARE, 302),
    ("post", "/casework/{item}/documents/", "docx"): (PREPARE, 302),
}
API = {
    ("get", "/api/v1/work-items/{item}/attachments", None): (SEE, 200),
    ("post", "/api/v1/work-items/{item}/attachments", "upload"): (PREPARE, 201),
    ("get", "/api/v1/work-items/{item}/attachments/{attachment}", None): (SEE, 200),
    ("delete", "/api/v1/work-items/{item}/attachments/{attachment}", "reason"): (PREPARE, 200),
    ("post", "/api/v1/work-items/{item}/documents", "pdf"): (PREPARE, 201),
}
# Roles without the API capability are refused at the door, like everywhere in the API.
NO_API = {"system-administrator"}


@pytest.fixture
def world(staff, hdc_item, attachment_storage):
    attachment = attachments.attach(actor=staff["business-administrator"], item=hdc_item,
                                    upload=files.upload("reply.pdf", files.PDF))
    return {"item": hdc_item.reference, "attachment": attachment.pk}


def _call(client, method, path, data, world, *, api=False):
    url = path.format(**world)
    if data == "upload":
        return client.post(url, {"file": files.upload("evidence.pdf", files.PDF)})
    if data is None:
        return getattr(client, method)(url)
    if api:
        return getattr(client, method)(url, BODIES[data], content_type="application/json")
    return getattr(client, method)(url, BODIES[data])


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_attachment_pages(role, staff, signed_in, world):
    client = signed_in(staff[role])
    outcomes = {key: _call(client, *key, world).status_code for key in PAGES}
    assert outcomes == {key: status if role in allowed else 403 for key, (allowed, status) in PAGES.items()}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_attachment_endpoints(role, staff, api_client, world):
    client = api_client(staff[role])
    outcomes = {key: _call(client, *key, world, api=True).status_code for key in API}
    assert outcomes == {key: status if role in allowed and role not in NO_API else 403
                        for key, (allowed, status) in API.items()}


def test_another_prisons_staff_get_not_found_everywhere(outsider, signed_in, api_client, world):
    page_client, api = signed_in(outsider), api_client(outsider)
    for key in PAGES:
        assert _call(page_client, *key, world).status_code == 404, key
    for key in API:
        assert _call(api, *key, world, api=True).status_code == 404, key


def test_an_attachment_of_another_item_is_not_found_through_this_one(staff, signed_in, world, person, case_types):
    from omhub.casework import services

    other = services.open_work_item(actor=staff["business-administrator"], case_type=case_types["recall"],
                                    person=person)
    client = signed_in(staff["hub-manager"])
    assert client.get(f"/casework/{other.reference}/attachments/{world['attachment']}/").status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in_and_api_callers_without_a_token_refused(world):
    for key in PAGES:
        response = _call(Client(), *key, world)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], key
    for key in API:
        assert _call(Client(), *key, world, api=True).status_code == 401, key
