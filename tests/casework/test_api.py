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


def test_listing_by_assignee_and_every_bad_filter_named_at_once(staff, api_client, hdc_item):
    from omhub.casework import services

    manager = api_client(staff["hub-manager"])
    assert manager.get("/api/v1/work-items", {"assignee": "ba"}).json()["count"] == 0
    services.assign(actor=staff["hub-manager"], items=[hdc_item], assignee=staff["business-administrator"])
    body = manager.get("/api/v1/work-items", {"assignee": "ba"}).json()
    assert [item["reference"] for item in body["results"]] == [hdc_item.reference]
    response = manager.get("/api/v1/work-items", {"risk": "tall", "sort": "size", "assignee": "nobody"})
    assert response.status_code == 422
    assert {error["field"] for error in response.json()["errors"]} == {"risk", "sort", "assignee"}


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


# -- case type administration and exports ----------------------------------------------------------------

ROLES = ["business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
         "job-evaluation-panel", "system-administrator", "auditor"]
SEE_CASE_TYPES = {"business-administrator", "hub-manager", "head-of-omd", "auditor", "system-administrator"}
SEE_CASEWORK = SEE_CASE_TYPES - {"system-administrator"}


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_changes_and_exports_through_the_api(role, staff, api_client, hdc_item):
    client = api_client(staff[role])
    assert client.get("/api/v1/case-types/hdc").status_code == (200 if role in SEE_CASE_TYPES else 403)
    assert client.get("/api/v1/case-types").status_code == (200 if role in SEE_CASE_TYPES else 403)
    patched = client.patch("/api/v1/case-types/hdc", {"version": 1, "trigger": "HDCED near"},
                           content_type="application/json")
    assert patched.status_code == (200 if role == "system-administrator" else 403)
    exported = client.get("/api/v1/work-items/export", {"format": "csv"})
    assert exported.status_code == (200 if role in SEE_CASEWORK else 403)
    assert client.get(f"/api/v1/work-items/{hdc_item.reference}").status_code == (
        200 if role in SEE_CASEWORK else 403)


def test_a_case_type_is_read_with_its_version_and_changed_with_it(staff, api_client, case_types):
    admin = api_client(staff["system-administrator"])
    body = admin.get("/api/v1/case-types/fines").json()
    assert body["version"] == 1 and body["reminder_steps"][0] == {"when": "due-soon", "working_days_before": 2}
    response = admin.patch("/api/v1/case-types/fines", {
        "version": 1, "deadline_rule": {"unit": "working_days", "amount": 3, "anchor": "received", "cut_off": "15:00"},
        "open_rule": None, "fields": [{"name": "amount", "label": "Amount", "kind": "text"},
                                      {"name": "court", "label": "Court fines office", "kind": "stakeholder"}]},
        content_type="application/json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["version"], body["rules_version"], body["open_rule"]) == (2, 2, None)
    assert body["deadline_rule"] == {"unit": "working_days", "amount": 3, "direction": "after", "anchor": "received",
                                     "cut_off": "15:00"}
    assert body["fields"] == [{"name": "amount", "label": "Amount", "kind": "text", "required": False},
                              {"name": "court", "label": "Court fines office", "kind": "stakeholder",
                               "required": False}]


def test_a_field_the_document_template_uses_cannot_be_removed(staff, api_client, case_types):
    response = api_client(staff["system-administrator"]).patch("/api/v1/case-types/fines", {
        "version": 1, "fields": [{"name": "amount", "label": "Amount", "kind": "text"}]},
        content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "fields", "message": "The document template uses "
                                          "{{ field.court }}: take it out of the template first, or keep the field"}]


def test_case_type_changes_through_the_api_answer_409_422_and_404(staff, api_client, case_types):
    admin = api_client(staff["system-administrator"])
    stale = admin.patch("/api/v1/case-types/fines", {"version": 7, "name": "Fines"}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["current_version"] == 1
    invalid = admin.patch("/api/v1/case-types/fines", {
        "version": 1, "name": "",
        "fields": [*case_types["fines"].fields, {"name": "Bad", "label": "x", "kind": "text"}],
        "checker_roles": ["business-administrator"]}, content_type="application/json")
    assert invalid.status_code == 422
    assert {error["field"] for error in invalid.json()["errors"]} == {"name", "fields.2.name", "checker_roles"}
    assert admin.patch("/api/v1/case-types/fines", {"version": 1, "name": None},
                       content_type="application/json").status_code == 422
    assert admin.get("/api/v1/case-types/nothing").status_code == 404
    assert admin.patch("/api/v1/case-types/nothing", {"version": 1}, content_type="application/json").status_code == 404


def test_the_export_endpoint_gives_csv_or_xlsx_with_the_list_filters(staff, api_client, hdc_item, case_types,
                                                                     person):
    import csv
    import io

    import openpyxl

    from omhub.casework import services

    services.open_work_item(actor=staff["business-administrator"], case_type=case_types["fines"], person=person)
    client = api_client(staff["hub-manager"])
    response = client.get("/api/v1/work-items/export", {"format": "csv", "case_type": "hdc"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert [row["Reference"] for row in rows] == [hdc_item.reference]
    response = client.get("/api/v1/work-items/export", {"format": "xlsx", "sort": "type"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 3
    assert client.get("/api/v1/work-items/export", {"format": "pdf"}).status_code == 422
    assert client.get("/api/v1/work-items/export", {"view": "nonsense"}).status_code == 422


def test_the_api_export_leaves_out_other_units(outsider, api_client, hdc_item):
    response = api_client(outsider).get("/api/v1/work-items/export", {"format": "csv"})
    assert hdc_item.reference not in b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_openapi_description_documents_the_export_media_types(client):
    content = client.get("/api/v1/openapi.json").json()["paths"]["/api/v1/work-items/export"]["get"][
        "responses"]["200"]["content"]
    assert set(content) == {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
