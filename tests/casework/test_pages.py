"""The casework pages, as a business administrator and a hub manager use them."""

import datetime

from omhub.casework.models import WorkItem
from tests.casework.conftest import ready


def test_opening_an_item_from_a_prison_number(signed_in, staff, person, case_types):
    client = signed_in(staff["business-administrator"])
    response = client.post("/casework/new/", {"case_type": case_types["legal-correspondence"].pk,
                                              "person": person.prison_number.lower()})
    item = WorkItem.objects.get()
    assert response["Location"] == f"/casework/{item.reference}/"
    page = client.get(response["Location"]).content.decode()
    assert item.reference in page and "How this was worked out" in page and person.full_name in page


def test_opening_explains_a_person_outside_the_users_units(signed_in, outsider, person, case_types):
    page = signed_in(outsider).post("/casework/new/", {"case_type": case_types["hdc"].pk,
                                                       "person": person.prison_number}).content.decode()
    assert "No one in your units has this prison number or CRN" in page
    assert not WorkItem.objects.exists()


def test_the_queues_show_countdowns_and_the_manager_allocates_in_bulk(signed_in, staff, hdc_item):
    manager = signed_in(staff["hub-manager"])
    page = manager.get("/casework/", {"view": "team"}).content.decode()
    assert hdc_item.reference in page and "working days left" in page
    response = manager.post("/casework/allocate/", {"items": [hdc_item.reference],
                                                     "assignee": staff["business-administrator"].pk}, follow=True)
    assert "1 work item allocated to ba" in response.content.decode()
    hdc_item.refresh_from_db()
    assert hdc_item.assignee == staff["business-administrator"]
    page = signed_in(staff["business-administrator"]).get("/casework/", {"view": "mine"}).content.decode()
    assert hdc_item.reference in page


def test_filters_narrow_the_list(signed_in, staff, hdc_item, case_types, person):
    from omhub.casework import services

    services.open_work_item(actor=staff["business-administrator"], case_type=case_types["legal-correspondence"],
                            person=person)
    page = signed_in(staff["hub-manager"]).get("/casework/", {"view": "all", "case_type": "hdc"})
    assert page.context["page"].paginator.count == 1


def test_sending_for_check_with_an_incomplete_checklist_is_explained(signed_in, staff, hdc_item):
    client = signed_in(staff["business-administrator"])
    client.post(f"/casework/{hdc_item.reference}/action/", {"action": "start", "version": hdc_item.version})
    hdc_item.refresh_from_db()
    page = client.post(f"/casework/{hdc_item.reference}/action/", {"action": "submit",
                                                                     "version": hdc_item.version}).content.decode()
    assert "Complete the checklist first" in page


def test_a_return_needs_a_reason_on_its_own_page(signed_in, staff, hdc_item):
    from omhub.casework import services

    ba = staff["business-administrator"]
    services.take_action(actor=ba, item=hdc_item, action="start", expected_version=1)
    ready(WorkItem.objects.get(pk=hdc_item.pk), ba)
    item = WorkItem.objects.get(pk=hdc_item.pk)
    services.take_action(actor=ba, item=item, action="submit", expected_version=item.version)
    item.refresh_from_db()
    manager = signed_in(staff["hub-manager"])
    assert "Reason" in manager.get(f"/casework/{item.reference}/action/return/").content.decode()
    page = manager.post(f"/casework/{item.reference}/action/", {"action": "return", "version": item.version,
                                                                 "reason": ""}).content.decode()
    assert "Give a reason to return to preparer" in page
    response = manager.post(f"/casework/{item.reference}/action/", {"action": "return", "version": item.version,
                                                                     "reason": "Address missing"}, follow=True)
    assert "Address missing" in response.content.decode()


def test_details_and_checklist_are_edited_through_a_form(signed_in, staff, hdc_item):
    client = signed_in(staff["business-administrator"])
    response = client.post(f"/casework/{hdc_item.reference}/details/", {
        "version": hdc_item.version, "value_hdced_0": "1", "value_hdced_1": "3", "value_hdced_2": "2027",
        "checklist": ["eligibility"]})
    assert response.status_code == 302
    hdc_item.refresh_from_db()
    assert hdc_item.values["hdced"] == "2027-03-01" and hdc_item.checklist_done == ["eligibility"]


def test_stopping_the_clock_moves_the_deadline(signed_in, staff, hdc_item):
    client = signed_in(staff["business-administrator"])
    original = hdc_item.due_date
    client.post(f"/casework/{hdc_item.reference}/pause/", {"version": 1, "on_0": "17", "on_1": "11",
                                                            "on_2": "2026", "reason": "Waiting for the COM"})
    hdc_item.refresh_from_db()
    client.post(f"/casework/{hdc_item.reference}/resume/", {"version": hdc_item.version, "on_0": "20",
                                                             "on_1": "11", "on_2": "2026"})
    hdc_item.refresh_from_db()
    assert hdc_item.due_date > original
    assert hdc_item.pauses.get().ended_on == datetime.date(2026, 11, 20)


def test_the_case_types_page_lists_all_25_with_rules_in_words(signed_in, staff, case_types):
    page = signed_in(staff["hub-manager"]).get("/casework/case-types/").content.decode()
    assert page.count("<tr class=\"govuk-table__row\">") == 25 + 1  # and the header row
    assert "10 working days after receipt (15:00 cut-off)" in page


def test_key_dates_are_entered_by_hand_and_shown_on_the_person_page(signed_in, staff, person, case_types):
    from omhub.audit.models import AuditEvent

    client = signed_in(staff["business-administrator"])
    response = client.post(f"/casework/people/{person.pk}/key-dates/", {"HDCED_0": "1", "HDCED_1": "3",
                                                                         "HDCED_2": "2027"}, follow=True)
    page = response.content.decode()
    assert "1 key date changed. The bring-forward diary opened HDC-" in page and "1 March 2027" in page
    assert AuditEvent.objects.filter(object_type="casework.keydate", person_id=person.pk).exists()
    page = client.post(f"/casework/people/{person.pk}/key-dates/", {"CRD_0": "31", "CRD_1": "2",
                                                                     "CRD_2": "2027"}).content.decode()
    assert "must be a real date" in page


def test_only_record_editors_change_key_dates(signed_in, staff, person, outsider):
    assert signed_in(staff["offender-manager"]).get(f"/casework/people/{person.pk}/key-dates/").status_code == 403
    assert signed_in(outsider).get(f"/casework/people/{person.pk}/key-dates/").status_code == 404


def test_the_persons_timeline_tells_the_life_of_their_work_in_words(signed_in, staff, hdc_item):
    from omhub.casework import services

    ba, manager = staff["business-administrator"], staff["hub-manager"]
    services.take_action(actor=ba, item=hdc_item, action="start", expected_version=1)
    ready(WorkItem.objects.get(pk=hdc_item.pk), ba)
    item = WorkItem.objects.get(pk=hdc_item.pk)
    services.take_action(actor=ba, item=item, action="submit", expected_version=item.version)
    item.refresh_from_db()
    services.take_action(actor=manager, item=item, action="return", expected_version=item.version,
                         reason="The COM has not replied about the address")
    page = signed_in(ba).get(f"/people/{hdc_item.person_id}/").content.decode()
    assert f"Opened hub work item {item.reference}" in page
    assert f"Sent for check {item.reference}" in page
    assert f"Returned to preparer {item.reference}" in page
    assert "Status: Ready for check → Returned" in page
    assert "Reason: The COM has not replied about the address" in page
