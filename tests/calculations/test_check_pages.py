"""The calculation journey in the pages, without JavaScript: reason, check information, calculate, the
dates and their breakdown, dates by hand, the second check, and the person's confirmed key dates."""

import datetime
import html
import re

import pytest

from omhub.calculations import checking
from omhub.calculations.models import Calculation, ConfirmedKeyDates
from omhub.casework import services as casework
from omhub.casework.models import WorkItem
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import booking_case, imported, reference_case, send_for_check, version
from tests.factories import PersonFactory


def text(response) -> str:
    """The page as a person reads it: its words, without the markup."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_preparer_chooses_the_reason_checks_the_information_and_calculates(staff, signed_in, calculation_item):
    client = signed_in(staff["business-administrator"])
    reference = calculation_item.reference
    journey = client.get(f"/calculations/{reference}/")
    assert journey.status_code == 200 and "Calculate release dates" in text(journey)
    assert f'href="/calculations/{reference}/reason/"' in journey.content.decode()

    response = client.post(f"/calculations/{reference}/reason/", {"reason": "initial"})
    assert response.status_code == 302
    assert response["Location"] == f"/calculations/{reference}/check-information/?reason=initial&reason_detail="

    page = text(client.get(response["Location"]))
    for expected in ("Reason for the calculation: Initial calculation", "John Smith", "27 March 1985",
                     "Line 1: Standard determinate sentence (SDS)", "TH68010", "committed 5 January 2026",
                     "Sentenced 20 October 2026", "Term 12 months", "Term 6 months",
                     "The first of consecutive sentences: line 2 runs after it",
                     "Consecutive to line 1", "Remand 30 20 Sep 2026 to 19 Oct 2026",
                     "Days that bring release forward 30",
                     "The law in force (SDS40 early release) (calculation-params)",
                     "Calculate release dates"):
        assert expected in page, expected
    assert f'href="/calculations/people/{calculation_item.person_id}/booking/"' in client.get(
        response["Location"]).content.decode()

    calculated = client.post(f"/calculations/{reference}/calculate/", {"reason": "initial", "reason_detail": ""})
    calculation = Calculation.objects.get()
    assert calculated.status_code == 302
    assert calculated["Location"] == f"/calculations/{reference}/results/{calculation.pk}/"
    result = text(client.get(calculated["Location"]))
    for expected in ("Sentence and licence expiry date (SLED) Monday 20 March 2028",
                     "Conditional release date (CRD) Tuesday 27 April 2027",
                     "Home detention curfew eligibility date (HDCED) Friday 8 January 2027",
                     "Effective sentence length: 1 year 6 months", "How these dates were calculated",
                     "deductions of 30 days", "Go to " + reference):
        assert expected in result, expected
    assert result.index("(SLED)") < result.index("(CRD)") < result.index("(HDCED)") < result.index("(ERSED)")


def test_a_missing_reason_or_an_unexplained_other_is_said_on_the_reason_page(staff, signed_in, calculation_item):
    client = signed_in(staff["business-administrator"])
    reference = calculation_item.reference
    page = text(client.post(f"/calculations/{reference}/reason/", {}))
    assert "There is a problem" in page and "Choose the reason for the calculation" in page
    page = text(client.post(f"/calculations/{reference}/reason/", {"reason": "other"}))
    assert "Say what the other reason for the calculation is" in page
    response = client.post(f"/calculations/{reference}/calculate/", {"reason": "nonsense"})
    assert response.status_code == 200 and "Choose the reason for the calculation" in text(response)
    assert not Calculation.objects.exists()


def test_a_person_without_sentences_is_told_on_the_check_page(staff, signed_in, case_types, person):
    ba = staff["business-administrator"]
    item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
    client = signed_in(ba)
    page = text(client.get(f"/calculations/{item.reference}/check-information/?reason=initial"))
    assert "No sentences are recorded" in page
    response = client.post(f"/calculations/{item.reference}/calculate/", {"reason": "initial"})
    assert "There is a problem" in text(response) and "John Smith has no sentences recorded" in text(response)


def test_a_refused_case_is_entered_by_hand_with_every_problem_shown_at_once(staff, signed_in, case_types):
    ba = staff["business-administrator"]
    case = reference_case("validation/crs-2115.json")
    person = PersonFactory(establishment=ba.units.get(),
                           date_of_birth=datetime.date.fromisoformat(case["booking"]["offender"]["dateOfBirth"]))
    imported(ba, person, case)
    item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
    client = signed_in(ba)
    response = client.post(f"/calculations/{item.reference}/calculate/", {"reason": "recall"})
    result = text(client.get(response["Location"]))
    assert "The engine could not calculate these dates" in result and "Enter the dates by hand" in result
    manual = f"/calculations/{item.reference}/manual/"
    form = text(client.get(manual))
    assert "Post-recall release date (PRRD) (optional)" in form and "Why are these dates entered by hand?" in form
    page = text(client.post(manual, {"date_PRRD_0": "31", "date_PRRD_1": "2", "date_PRRD_2": "2027",
                                     "date_SLED_0": "1", "date_SLED_1": "8"}))
    for problem in ("Post-recall release date must be a real date", "Sentence and licence expiry date must include a "
                    "year", "Give the reason the dates are entered by hand"):
        assert problem in page, problem
    assert not Calculation.objects.filter(is_manual=True).exists()
    saved = client.post(manual, {"date_PRRD_0": "1", "date_PRRD_1": "2", "date_PRRD_2": "2027",
                                 "reason": "No return to custody date on the booking: taken from the dossier"})
    assert saved.status_code == 302
    page = text(client.get(saved["Location"]))
    assert "Release dates entered by hand" in page and "Monday 1 February 2027" in page
    assert "No return to custody date on the booking" in page


def test_the_manual_page_refuses_where_the_engine_gave_dates(staff, signed_in, calculation_item):
    ba = staff["business-administrator"]
    checking.calculate(actor=ba, item=calculation_item, reason="initial")
    client = signed_in(ba)
    page = text(client.get(f"/calculations/{calculation_item.reference}/manual/"))
    assert "only when the engine has refused the case" in page and "Save the dates" not in page
    client.post(f"/calculations/{calculation_item.reference}/manual/", {"date_CRD_0": "1", "date_CRD_1": "1",
                                                                         "date_CRD_2": "2027", "reason": "x"})
    assert not Calculation.objects.filter(is_manual=True).exists()


def test_the_work_item_page_leads_to_the_calculation_and_offers_no_generic_approve(staff, signed_in, submitted):
    item, _ = submitted
    client = signed_in(staff["hub-manager"])
    page = client.get(f"/casework/{item.reference}/").content.decode()
    assert f'href="/calculations/{item.reference}/"' in page and "Second check of the release dates" in page
    assert ">Approve<" not in page and ">Return to preparer<" in page
    response = client.post(f"/casework/{item.reference}/action/", {"action": "approve", "version": version(item)})
    assert "use the second check page" in text(response)
    assert WorkItem.objects.get(pk=item.pk).status == "ready-for-check"


def test_the_second_check_recalculates_and_confirms(staff, signed_in, submitted, person):
    item, calculation = submitted
    client = signed_in(staff["hub-manager"])
    page = text(client.get(f"/calculations/{item.reference}/"))
    for expected in ("Dates to check", "Conditional release date (CRD) Tuesday 27 April 2027", "Second check",
                     "The information the calculation used", "Consecutive to line 1", "Recalculate",
                     "Confirm these dates", "Return to preparer"):
        assert expected in page, expected
    response = client.post(f"/calculations/{item.reference}/calculate/")
    assert response.status_code == 302 and response["Location"].endswith("#recalculation")
    page = text(client.get(f"/calculations/{item.reference}/"))
    assert "The recalculation matches the preparer's calculation" in page
    response = client.post(f"/calculations/{item.reference}/confirm/", {"version": version(item),
                                                                        "calculation": calculation.pk})
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    hdc = WorkItem.objects.get(person=person, case_type__code="hdc")
    assert "Release dates confirmed: version 1 of John Smith's key dates." in page
    assert f"The bring-forward diary opened {hdc.reference}" in page
    assert ConfirmedKeyDates.objects.get().calculation == calculation


def test_a_stale_confirmation_is_told_on_the_page_and_nothing_is_saved(staff, signed_in, submitted):
    item, calculation = submitted
    client = signed_in(staff["hub-manager"])
    response = client.post(f"/calculations/{item.reference}/confirm/", {"version": version(item) - 1,
                                                                        "calculation": calculation.pk})
    assert response.status_code == 200
    assert "There is a problem" in text(response) and "Someone else changed" in text(response)
    assert not ConfirmedKeyDates.objects.exists()


def test_the_preparer_sees_no_second_check_of_their_own_work(staff, signed_in, calculation_item):
    manager = staff["hub-manager"]
    checking.calculate(actor=manager, item=calculation_item, reason="initial")
    send_for_check(calculation_item, manager)
    page = text(signed_in(manager).get(f"/calculations/{calculation_item.reference}/"))
    assert "someone else must check it" in page and "Confirm these dates" not in page


def test_the_checker_returns_it_with_a_reason(staff, signed_in, submitted):
    item, _ = submitted
    client = signed_in(staff["hub-manager"])
    page = text(client.post(f"/calculations/{item.reference}/return/", {"version": version(item), "reason": ""}))
    assert "Give a reason to return to preparer" in page
    response = client.post(f"/calculations/{item.reference}/return/",
                           {"version": version(item), "reason": "Remand days do not match the warrant"})
    assert response.status_code == 302 and response["Location"] == f"/casework/{item.reference}/"
    assert WorkItem.objects.get(pk=item.pk).status == "returned"


def test_the_person_page_shows_the_confirmed_key_dates_and_their_history(staff, signed_in, submitted, person):
    from tests.calculations.check_support import confirm_current

    item, _ = submitted
    manager, ba = staff["hub-manager"], staff["business-administrator"]
    client = signed_in(ba)
    assert "No release dates have been confirmed on second check yet" in text(client.get(f"/people/{person.pk}/"))
    confirm_current(item, manager)
    imported(ba, person, booking_case(remand_days=20), replace=True)
    again = casework.open_work_item(actor=ba, case_type=item.case_type, person=person)
    again = casework.take_action(actor=ba, item=again, action="start", expected_version=again.version)
    checking.calculate(actor=ba, item=again, reason="further-sentences")
    send_for_check(again, ba)
    confirm_current(again, manager)
    page = text(client.get(f"/people/{person.pk}/"))
    for expected in ("Confirmed key dates", "Version 2, confirmed on 23 November 2026",
                     "Conditional release date (CRD) 7 May 2027", "Confirmed by hm on 23 November 2026",
                     "Engine 0.1.0, The law in force (SDS40 early release) (calculation-params)",
                     "What changed from version 1:", "CRD: 27 April 2027 → 7 May 2027 (10 days later)",
                     "Earlier versions (1)", "Version 1, confirmed on 23 November 2026 by hm",
                     "Print a release dates slip"):
        assert expected in page, expected
    assert "Print a release dates slip" not in text(signed_in(staff["head-of-omd"]).get(f"/people/{person.pk}/"))


# -- who reaches which page ------------------------------------------------------------------------------------

ROLES = ["business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
         "job-evaluation-panel", "system-administrator", "auditor"]
SEE = {"business-administrator", "hub-manager", "head-of-omd", "auditor"}
PREPARE = {"business-administrator", "hub-manager"}
CHECK = {"hub-manager"}
PAGES = {
    "/calculations/{item}/": SEE,
    "/calculations/{item}/check-information/?reason=initial": SEE,
    "/calculations/{item}/results/{calculation}/": SEE,
    "/calculations/{item}/reason/": PREPARE,
    "/calculations/{item}/manual/": PREPARE,
    "/calculations/{item}/return/": CHECK,
    "/calculations/people/{person}/release-dates-slip.pdf": PREPARE,
}
# Offender managers work in the Leeds PDU: a Leeds prisoner is someone they cannot see (404), not a page
# they may not use.
HIDDEN_PERSON = {"offender-manager", "senior-offender-manager"}


@pytest.fixture
def confirmed_world(staff, submitted):
    from tests.calculations.check_support import confirm_current

    item, calculation = submitted
    confirm_current(item, staff["hub-manager"])
    return {"item": item.reference, "calculation": calculation.pk, "person": item.person_id}


def _expected(role, path):
    if role in PAGES[path]:
        return 200
    if "{person}" in path and role in HIDDEN_PERSON:
        return 404
    return 403


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_calculation_pages(role, staff, signed_in, confirmed_world):
    client = signed_in(staff[role])
    outcomes = {path: client.get(path.format(**confirmed_world)).status_code for path in PAGES}
    assert outcomes == {path: _expected(role, path) for path in PAGES}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_post_only_what_its_role_allows(role, staff, signed_in, submitted):
    item, calculation = submitted
    client = signed_in(staff[role])
    recalculate = client.post(f"/calculations/{item.reference}/calculate/")
    confirm = client.post(f"/calculations/{item.reference}/confirm/", {"version": version(item),
                                                                       "calculation": calculation.pk})
    returned = client.post(f"/calculations/{item.reference}/return/", {"version": version(item), "reason": "x"})
    if role == "hub-manager":
        assert (recalculate.status_code, confirm.status_code) == (302, 302)
        assert "is approved: it cannot be" in text(returned)  # confirmed by then, so there is nothing to return
    elif role == "business-administrator":
        assert (confirm.status_code, returned.status_code) == (403, 403)
        assert "waiting for its second check" in text(recalculate)  # the preparer is told why not
    else:
        assert (recalculate.status_code, confirm.status_code, returned.status_code) == (403, 403, 403)
    assert WorkItem.objects.get(pk=item.pk).status == ("approved" if role == "hub-manager" else "ready-for-check")


def test_another_establishments_staff_find_nothing(outsider, signed_in, confirmed_world):
    client = signed_in(outsider)
    for path in PAGES:
        assert client.get(path.format(**confirmed_world)).status_code == 404, path
    item = confirmed_world["item"]
    assert client.post(f"/calculations/{item}/calculate/", {"reason": "initial"}).status_code == 404
    assert client.post(f"/calculations/{item}/confirm/", {"version": 1, "calculation": 1}).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, confirmed_world):
    for path in PAGES:
        response = client.get(path.format(**confirmed_world))
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], path


def test_another_case_types_item_is_not_a_calculation(staff, signed_in, case_types, person):
    item = casework.open_work_item(actor=staff["business-administrator"], case_type=case_types["hdc"], person=person)
    assert signed_in(staff["business-administrator"]).get(f"/calculations/{item.reference}/").status_code == 404
