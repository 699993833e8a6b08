"""Every one of the 25 case types can be taken through its whole life in the pages, as the hub would:
opened, prepared (its own fields and checklist), sent for check, returned, sent again, approved, sent
onward, closed; and its document generated. Nothing in a case type's data stops its work being done."""

import datetime

import pytest

from omhub.casework.models import KeyDate, WorkItem
from omhub.casework.reference_data import CASE_TYPES

CODES = [spec["code"] for spec in CASE_TYPES]


def form_values(case_type, person) -> dict:
    """What a Business Administrator types into the details form: every field, and the whole checklist."""
    data = {"checklist": [check["code"] for check in case_type.checklist]}
    for spec in case_type.fields:
        name = f"value_{spec['name']}"
        if spec["kind"] == "date":
            data.update({f"{name}_0": "1", f"{name}_1": "3", f"{name}_2": "2027"})
        elif spec["kind"] == "choice":
            data[name] = spec["choices"][-1]
        elif spec["kind"] == "person":
            data[name] = person.prison_number
        else:
            data[name] = f"{spec['label']}: recorded by the hub"
    return data


def post_action(client, item, action, **extra):
    item.refresh_from_db()
    response = client.post(f"/casework/{item.reference}/action/", {"action": action, "version": item.version,
                                                                   **extra})
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    return item


def calculate_release_dates(client, staff, person, item):
    """The person's sentences recorded (imported, as the records pages would keep them) and the dates
    calculated for the reason the details form gave."""
    from omhub.calculations import services
    from tests.calculations.check_support import booking_case

    services.import_booking(actor=staff["business-administrator"], person=person, case=booking_case())
    response = client.post(f"/calculations/{item.reference}/calculate/", {"reason": "other",
                                                                          "reason_detail": "Warrant received"})
    assert response.status_code == 302, response.content.decode()[:2000]


def confirm_release_dates(client, item):
    from omhub.calculations import checking

    item.refresh_from_db()
    response = client.post(f"/calculations/{item.reference}/confirm/", {
        "version": item.version, "calculation": checking.current_calculation(item).pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    item.refresh_from_db()
    return item


@pytest.mark.parametrize("code", CODES)
def test_each_case_type_goes_through_its_whole_life_in_the_pages(code, signed_in, staff, person, case_types,
                                                                 attachment_storage):
    case_type = case_types[code]
    for kind, date in {"RELEASE": datetime.date(2027, 2, 1), "SENTENCE": datetime.date(2026, 11, 20),
                       "HDCED": datetime.date(2027, 6, 1), "PED": datetime.date(2028, 1, 10),
                       "TARIFF": datetime.date(2029, 5, 5)}.items():
        KeyDate.objects.create(person=person, kind=kind, date=date)
    ba, manager = signed_in(staff["business-administrator"]), signed_in(staff["hub-manager"])

    response = ba.post("/casework/new/", {"case_type": case_type.pk,
                                          "person": "" if code == "monitoring-return" else person.prison_number})
    assert response.status_code == 302, response.content.decode()[:2000]
    item = WorkItem.objects.get(case_type=case_type)
    post_action(ba, item, "start")
    response = ba.post(f"/casework/{item.reference}/details/", {"version": item.version,
                                                                 **form_values(case_type, person)})
    assert response.status_code == 302, response.content.decode()[:3000]
    calculation = code == "sentence-calculation"  # its dates are calculated first, and confirmed on their page
    if calculation:
        calculate_release_dates(ba, staff, person, item)
    item = post_action(ba, item, "submit")
    item = post_action(manager, item, "return", reason="Check the dates against the warrant")
    item = post_action(ba, item, "submit")
    if calculation:
        item = confirm_release_dates(manager, item)
    else:
        item = post_action(manager, item, "approve")
    generated = ba.post(f"/casework/{item.reference}/documents/", {"format": "pdf"})
    assert generated.status_code == 302, generated.content.decode()[:2000]
    item = post_action(manager, item, "send", sent_to=case_type.onward_recipients[0], sent_channel="email",
                       sent_on_0="23", sent_on_1="11", sent_on_2="2026", sent_reference="OMH/1")
    item = post_action(manager, item, "close")

    assert item.status == "closed" and item.prepared_by == staff["business-administrator"]
    assert [t.action for t in item.transitions.order_by("at", "id")] == [
        "receive", "start", *(["calculate"] if calculation else []), "submit", "return", "submit", "approve",
        "generate document", "send", "close"]
    assert item.attachments.get().kind == "generated"
