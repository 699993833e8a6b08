"""Every casework page, tried by every role and by someone from another establishment."""

import pytest
from django.test import Client

ROLES = ["business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
         "job-evaluation-panel", "system-administrator", "auditor"]
SEE = {"business-administrator", "hub-manager", "head-of-omd", "auditor"}
PREPARE = {"business-administrator", "hub-manager"}
CHECK = {"hub-manager"}
CONFIGURE = {"system-administrator"}
PERIOD = ("received_from_0=1&received_from_1=11&received_from_2=2026"
          "&received_to_0=30&received_to_1=11&received_to_2=2026")
EDIT_PARTS = ["general", "fields", "checklist", "deadline", "opening", "reminders", "recipients", "roles", "document"]

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
    "/casework/case-types/hdc/": SEE | CONFIGURE,
    "/casework/export/?format=csv": SEE,
    "/casework/export/?format=xlsx&view=all&case_type=hdc": SEE,
    "/casework/logs/": SEE,
    f"/casework/logs/hdc/?{PERIOD}&format=csv": SEE,
    f"/casework/logs/hdc/?{PERIOD}&format=xlsx": SEE,
    **{f"/casework/case-types/hdc/edit/{part}/": CONFIGURE for part in EDIT_PARTS},
}
PAGES["/casework/case-types/"] = SEE | CONFIGURE


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


@pytest.mark.parametrize("role", ROLES)
def test_only_a_hub_manager_applies_the_current_rule_to_open_items_in_bulk(role, staff, hdc_item):
    client = Client()
    client.force_login(staff[role], backend="omhub.accounts.backends.StaffBackend")
    response = client.post("/casework/case-types/hdc/recompute/", {"reason": "Policy change"})
    assert response.status_code == (302 if role in CHECK else 403)


@pytest.mark.parametrize("role", ROLES)
def test_only_a_system_administrator_saves_a_case_type(role, staff, hdc_item):
    client = Client()
    client.force_login(staff[role], backend="omhub.accounts.backends.StaffBackend")
    response = client.post("/casework/case-types/hdc/edit/recipients/", {"version": 1, "recipients": "Court"})
    assert response.status_code == (302 if role in CONFIGURE else 403)


def test_another_establishments_staff_export_and_log_nothing_of_it(outsider, hdc_item):
    client = Client()
    client.force_login(outsider, backend="omhub.accounts.backends.StaffBackend")
    for path in ("/casework/export/?format=csv&view=all", f"/casework/logs/hdc/?{PERIOD}&format=csv"):
        response = client.get(path)
        assert response.status_code == 200
        assert hdc_item.reference not in b"".join(response.streaming_content).decode("utf-8-sig"), path
    assert "0 open items" not in client.get("/casework/case-types/hdc/").content.decode()
    assert "follow an older rule" not in client.get("/casework/case-types/hdc/").content.decode()


def test_unknown_case_types_and_parts_are_not_found(staff):
    client = Client()
    client.force_login(staff["system-administrator"], backend="omhub.accounts.backends.StaffBackend")
    assert client.get("/casework/case-types/no-such-type/").status_code == 404
    assert client.get("/casework/case-types/no-such-type/edit/general/").status_code == 404
