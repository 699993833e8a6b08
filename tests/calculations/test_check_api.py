"""Calculations and confirmed key dates through the API: the pages' rules and messages. The API can
calculate; only a second checker who did not prepare the dates can confirm them."""

import datetime

import pytest

from omhub.calculations import checking
from omhub.calculations.models import ConfirmedKeyDates
from omhub.casework import services as casework
from omhub.casework.models import WorkItem
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import confirm_current, imported, reference_case, send_for_check, version
from tests.factories import PersonFactory

ROLES = ["business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
         "job-evaluation-panel", "system-administrator", "auditor"]
SEE = {"business-administrator", "hub-manager", "head-of-omd", "auditor"}


def post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_the_preparer_calculates_and_the_checker_confirms_through_the_api(staff, api_client, calculation_item,
                                                                        person):
    ba, manager = api_client(staff["business-administrator"]), api_client(staff["hub-manager"])
    base = f"/api/v1/work-items/{calculation_item.reference}/calculations"
    response = post(ba, base, {"reason": "initial"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["dates"] == {"SLED": "2028-03-20", "CRD": "2027-04-27", "HDCED": "2027-01-08", "ERSED": "2026-11-25",
                             "TUSED": "2028-04-27", "ESED": "2028-04-19"}
    assert list(body["dates"]) == ["SLED", "CRD", "HDCED", "ERSED", "TUSED", "ESED"]
    assert (body["is_current"], body["is_recalculation"], body["status"]) == (True, False, "preliminary")
    assert body["effective_sentence_length"] == "P1Y6M" and body["profile"] == "calculation-params"
    assert body["inputs"]["userInputs"] == {"calculateErsed": True} and body["calculated_by"] == "ba"
    send_for_check(calculation_item, staff["business-administrator"])

    recalculated = post(manager, base, {})
    assert recalculated.status_code == 201
    assert (recalculated.json()["is_recalculation"], recalculated.json()["matches_current"]) == (True, True)
    listed = manager.get(base).json()
    assert [row["id"] for row in listed] == [recalculated.json()["id"], body["id"]]

    confirmed = post(manager, f"{base}/{body['id']}/confirm", {"version": version(calculation_item)})
    assert confirmed.status_code == 200, confirmed.json()
    data = confirmed.json()
    assert (data["number"], data["prepared_by"], data["confirmed_by"]) == (1, "ba", "hm")
    assert data["key_dates"] == {"CRD": "2027-04-27", "HDCED": "2027-01-08", "ERSED": "2026-11-25",
                                 "RELEASE": "2027-04-27", "SENTENCE": "2026-10-20"}
    assert data["inputs"] == body["inputs"] and data["work_item"] == calculation_item.reference
    assert WorkItem.objects.get(pk=calculation_item.pk).status == "approved"

    versions = ba.get(f"/api/v1/people/{person.pk}/confirmed-key-dates")
    assert versions.status_code == 200 and [v["number"] for v in versions.json()] == [1]
    one = ba.get(f"/api/v1/people/{person.pk}/confirmed-key-dates/1").json()
    assert one["dates"] == body["dates"] and one["changes"] == []
    assert ba.get(f"/api/v1/people/{person.pk}/confirmed-key-dates/2").status_code == 404


def test_a_preparer_role_cannot_confirm_403(staff, api_client, submitted):
    item, calculation = submitted
    response = post(api_client(staff["business-administrator"]),
                    f"/api/v1/work-items/{item.reference}/calculations/{calculation.pk}/confirm", {"version":
                                                                                                   version(item)})
    assert response.status_code == 403
    assert "only a second checker confirms release dates" in response.json()["errors"][0]["message"]


def test_four_eyes_and_a_stale_version_are_409(staff, api_client, calculation_item):
    manager = staff["hub-manager"]
    calculation = checking.calculate(actor=manager, item=calculation_item, reason="initial")
    send_for_check(calculation_item, manager)
    url = f"/api/v1/work-items/{calculation_item.reference}/calculations/{calculation.pk}/confirm"
    own = post(api_client(manager), url, {"version": version(calculation_item)})
    assert own.status_code == 409 and "someone else must check it" in own.json()["errors"][0]["message"]
    stale = post(api_client(manager), url, {"version": version(calculation_item) - 1})
    assert stale.status_code == 409 and stale.json()["current_version"] == version(calculation_item)
    assert not ConfirmedKeyDates.objects.exists()


def test_bad_input_is_422_with_every_problem_named(staff, api_client, calculation_item):
    client = api_client(staff["business-administrator"])
    base = f"/api/v1/work-items/{calculation_item.reference}/calculations"
    response = post(client, base, {"reason": "other"})
    assert response.status_code == 422 and response.json()["errors"] == [
        {"field": "reason_detail", "message": "Say what the other reason for the calculation is"}]
    assert post(client, base, {"reason": "whim"}).json()["errors"][0]["field"] == "reason"
    checking.calculate(actor=staff["business-administrator"], item=calculation_item, reason="initial")
    manual = post(client, f"{base}/manual", {"dates": {"CRD": "2027-01-01"}, "reason": "x"})
    assert manual.status_code == 422 and "only where the engine cannot" in manual.json()["errors"][0]["message"]
    assert post(client, f"{base}/manual", {"dates": {"CRD": "not a date"}}).status_code == 422


def test_dates_by_hand_through_the_api(staff, api_client, case_types):
    ba = staff["business-administrator"]
    case = reference_case("validation/crs-2115.json")
    person = PersonFactory(establishment=ba.units.get(),
                           date_of_birth=datetime.date.fromisoformat(case["booking"]["offender"]["dateOfBirth"]))
    imported(ba, person, case)
    item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
    client = api_client(ba)
    base = f"/api/v1/work-items/{item.reference}/calculations"
    refused = post(client, base, {"reason": "recall"}).json()
    assert refused["error"] == "NoValidReturnToCustodyDateException" and refused["needs_manual_dates"]
    response = post(client, f"{base}/manual", {"dates": {"PRRD": "2027-02-01"}, "reason": "From the dossier"})
    assert response.status_code == 201
    assert (response.json()["is_manual"], response.json()["dates"]) == (True, {"PRRD": "2027-02-01"})


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_calculation_endpoints(role, staff, api_client, submitted):
    item, calculation = submitted
    confirm_current(item, staff["hub-manager"])
    client = api_client(staff[role])
    listed = client.get(f"/api/v1/work-items/{item.reference}/calculations").status_code
    versions = client.get(f"/api/v1/people/{item.person_id}/confirmed-key-dates").status_code
    one = client.get(f"/api/v1/people/{item.person_id}/confirmed-key-dates/1").status_code
    calculated = post(client, f"/api/v1/work-items/{item.reference}/calculations", {"reason": "initial"}).status_code
    assert listed == (200 if role in SEE else 403)
    sees_person = {"business-administrator", "hub-manager", "head-of-omd", "auditor"}
    hidden = {"offender-manager", "senior-offender-manager"}  # the Leeds PDU's: a Leeds prisoner is not theirs
    assert versions == one == (200 if role in sees_person else 404 if role in hidden else 403)
    # The item is approved: the hub is told it cannot be calculated now; everyone else may not calculate.
    assert calculated == (409 if role in {"business-administrator", "hub-manager"} else 403)


def test_another_establishment_finds_nothing(outsider, api_client, submitted):
    item, calculation = submitted
    client = api_client(outsider)
    base = f"/api/v1/work-items/{item.reference}/calculations"
    assert client.get(base).status_code == 404
    assert post(client, base, {"reason": "initial"}).status_code == 404
    assert post(client, f"{base}/manual", {"dates": {"CRD": "2027-01-01"}, "reason": "x"}).status_code == 404
    assert post(client, f"{base}/{calculation.pk}/confirm", {"version": 1}).status_code == 404
    assert client.get(f"/api/v1/people/{item.person_id}/confirmed-key-dates").status_code == 404


def test_an_unknown_item_or_calculation_is_404(staff, api_client, submitted, case_types):
    item, _ = submitted
    client = api_client(staff["hub-manager"])
    assert client.get("/api/v1/work-items/CALC-999999/calculations").status_code == 404
    assert post(client, f"/api/v1/work-items/{item.reference}/calculations/999999/confirm",
                {"version": 1}).status_code == 404
    hdc = casework.open_work_item(actor=staff["hub-manager"], case_type=case_types["hdc"], person=item.person)
    assert client.get(f"/api/v1/work-items/{hdc.reference}/calculations").status_code == 404


def test_the_generic_approve_transition_is_refused_with_the_way_to_confirm(staff, api_client, submitted):
    item, _ = submitted
    response = post(api_client(staff["hub-manager"]), f"/api/v1/work-items/{item.reference}/transitions",
                    {"action": "approve", "version": version(item)})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "action", "message": "A sentence calculation is approved by "
                                          f"confirming its dates: use the second check page, /calculations/"
                                          f"{item.reference}/"}]
    assert WorkItem.objects.get(pk=item.pk).status == "ready-for-check"
