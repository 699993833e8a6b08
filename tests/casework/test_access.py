"""Every casework page, tried by every role and by someone from another establishment."""

import pytest
from django.test import Client

ROLES = ["business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
         "job-evaluation-panel", "system-administrator", "auditor"]
SEE = {"business-administrator", "hub-manager", "head-of-omd", "auditor"}
PREPARE = {"business-administrator", "hub-manager"}
CHECK = {"hub-manager"}

PAGES = {
    "/casework/": SEE,
    "/casework/?view=overdue": SEE,
    "/casework/case-types/": SEE,
    "/casework/diary/": SEE,
    "/casework/new/": PREPARE,
    "/casework/{item}/": SEE,
    "/casework/{item}/details/": PREPARE,
    "/casework/{item}/action/withdraw/": PREPARE,
    "/casework/{item}/action/reopen/": CHECK,
    "/casework/{item}/pause/": PREPARE,
    "/casework/{item}/extend/": PREPARE,
    "/casework/{item}/recompute/": PREPARE,
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_casework_pages(role, staff, hdc_item):
    client = Client()
    client.force_login(staff[role], backend="omhub.accounts.backends.StaffBackend")
    outcomes = {path: client.get(path.format(item=hdc_item.reference)).status_code for path in PAGES}
    assert outcomes == {path: 200 if role in allowed else 403 for path, allowed in PAGES.items()}


def test_another_establishments_staff_cannot_see_the_item(outsider, hdc_item):
    client = Client()
    client.force_login(outsider, backend="omhub.accounts.backends.StaffBackend")
    for path in PAGES:
        if "{item}" in path:
            assert client.get(path.format(item=hdc_item.reference)).status_code == 404, path
    assert hdc_item.reference not in client.get("/casework/?view=all").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(hdc_item):
    for path in PAGES:
        response = Client().get(path.format(item=hdc_item.reference))
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
