"""A sentence calculation in a real browser: a Business Administrator calculates an imported booking and
sends it for check; the Hub Manager recalculates and returns it (the remand days are wrong); the records
are corrected, the Business Administrator calculates again and resubmits; the Hub Manager confirms; the
person's key dates change and the bring-forward diary opens the HDC work at once. Then the journey's
pages are checked against WCAG A and AA with axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from omhub.calculations import checking, services
from omhub.calculations.models import Calculation, ConfirmedKeyDates
from omhub.casework import services as casework
from omhub.casework.models import CaseType, KeyDate, WorkItem
from omhub.casework.reference_data import load_case_types
from tests.browser.conftest import sign_in, sign_out
from tests.calculations.check_support import booking_case, reference_case, send_for_check

# The live server runs on the real clock: the booking is dated from today, so its HDC eligibility date is
# about seven weeks away, inside the 14 weeks before it when the diary opens HDC work.
SENTENCED = datetime.date.today() - datetime.timedelta(days=35)


def booking(remand_days: int) -> dict:
    return booking_case(remand_days=remand_days, sentenced=SENTENCED.isoformat())


@pytest.fixture
def case_types(transactional_db):
    load_case_types()


def status_of(page):
    return page.get_by_role("heading", level=1).locator(".govuk-tag")


def calculate_in_the_pages(page, reference: str, reason: str) -> None:
    page.goto(f"/calculations/{reference}/")
    page.get_by_role("link", name="Calculate").first.click()
    page.get_by_label(reason).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the information the calculation will use")
    page.get_by_role("button", name="Calculate release dates").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Release dates")


def test_a_calculation_is_prepared_returned_corrected_and_confirmed_and_drives_the_diary(
        page, staff, person, case_types):
    ba, manager = staff["business-administrator"], staff["hub-manager"]
    # The sentences as first recorded: 20 days' remand where the warrant says 30.
    services.import_booking(actor=ba, person=person, case=booking(remand_days=20))

    # The Business Administrator opens the calculation for the person and starts it.
    sign_in(page, ba)
    page.goto("/casework/new/")
    page.get_by_label("Case type").select_option(label="Sentence calculation (initial checks)")
    page.get_by_label("Prison number or CRN").fill(person.prison_number)
    page.get_by_role("button", name="Open").click()
    reference = page.get_by_role("heading", level=1).inner_text().split()[0]
    page.get_by_role("button", name="Start preparing").click()
    expect(status_of(page)).to_have_text("In preparation")

    # Chooses the reason, checks the information and calculates: the dates with their names and breakdown.
    page.get_by_role("link", name="Calculate release dates").click()
    calculate_in_the_pages(page, reference, "Initial calculation")
    crd_before = Calculation.objects.get().dates["CRD"]
    results = page.locator("main")
    expect(results).to_contain_text("Conditional release date (CRD)")
    expect(results).to_contain_text("Effective sentence length: 1 year 6 months")
    page.get_by_text("How these dates were calculated").click()
    expect(results).to_contain_text("deductions of 20 days")

    # Completes the initial checks and sends it for check.
    page.get_by_role("link", name=f"Go to {reference}").click()
    page.get_by_role("link", name="Change details and checklist").click()
    page.get_by_label("Warrants and court results checked").check()
    page.get_by_label("Remand, tagged bail and adjustments checked").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Send for check").click()
    expect(status_of(page)).to_have_text("Ready for check")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    sign_out(page)

    # The Hub Manager checks it: recalculates (it matches), finds the remand wrong, and returns it.
    sign_in(page, manager)
    page.goto(f"/casework/{reference}/")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)  # approved only by confirming
    page.get_by_role("link", name="Second check of the release dates").click()
    expect(page.locator("main")).to_contain_text("Remand 20")
    page.get_by_role("button", name="Recalculate").click()
    expect(page.locator("#recalculation")).to_contain_text("matches the preparer's calculation")
    page.get_by_role("link", name="Return to preparer").click()
    page.get_by_role("button", name="Return to preparer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give a reason to return to preparer")
    page.get_by_label("What does the preparer need to correct?").fill(
        "Remand days wrong: the warrant gives 30 days on remand, not 20")
    page.get_by_role("button", name="Return to preparer").click()
    expect(status_of(page)).to_have_text("Returned")
    sign_out(page)

    # The remand is corrected in the sentence records (their own pages; imported here).
    services.import_booking(actor=ba, person=person, case=booking(remand_days=30), replace=True)

    # The Business Administrator reads why, calculates again and resubmits.
    sign_in(page, ba)
    page.goto(f"/casework/{reference}/")
    expect(page.locator(".omhub-timeline")).to_contain_text("Remand days wrong")
    page.get_by_role("link", name="Calculate release dates").click()
    calculate_in_the_pages(page, reference, "Initial calculation")
    expect(page.locator("main")).to_contain_text("Current")
    page.get_by_role("link", name=f"Go to {reference}").click()
    page.get_by_role("button", name="Send for check").click()
    expect(status_of(page)).to_have_text("Ready for check")
    sign_out(page)

    # The Hub Manager confirms: the dates become the person's key dates and the diary opens HDC work.
    sign_in(page, manager)
    page.goto(f"/calculations/{reference}/")
    expect(page.locator("main")).to_contain_text("Remand 30")
    page.get_by_role("button", name="Confirm these dates").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Release dates confirmed: version 1 of John Smith's key dates.")
    hdc = WorkItem.objects.get(person=person, case_type__code="hdc")
    expect(banner).to_contain_text(f"The bring-forward diary opened {hdc.reference}")
    expect(status_of(page)).to_have_text("Approved")

    confirmed = ConfirmedKeyDates.objects.get(person=person)
    hdced = datetime.date.fromisoformat(confirmed.dates["HDCED"])
    assert confirmed.dates["CRD"] != crd_before  # ten more days of remand: released ten days sooner
    assert (datetime.date.fromisoformat(crd_before) - datetime.date.fromisoformat(confirmed.dates["CRD"])).days == 10
    assert (hdc.key_date_kind, hdc.key_date) == ("HDCED", hdced)
    assert KeyDate.objects.get(person=person, kind="HDCED").date == hdced

    # The person page shows the confirmed dates; the HDC work is in their hub casework.
    page.goto(f"/people/{person.pk}/")
    section = page.locator("main")
    expect(section).to_contain_text("Confirmed key dates")
    expect(page.locator("#confirmed-key-dates + table")).to_contain_text("Conditional release date (CRD)")
    expect(section).to_contain_text(f"{manager.username} on ")
    expect(section).to_contain_text(f"{hdced:%-d %B %Y}")
    expect(page.get_by_role("link", name=hdc.reference)).to_be_visible()
    expect(page.get_by_role("link", name="Print a release dates slip")).to_be_visible()

    item = WorkItem.objects.get(reference=reference)
    assert (item.status, item.prepared_by, item.checked_by) == ("approved", ba, manager)
    assert page.console_log.errors == [] and page.console_log.page_errors == []


# -- accessibility of the journey's pages --------------------------------------------------------------------


@pytest.fixture
def journey(staff, person, case_types):
    """One item waiting for its check with a recalculation, one confirmed, one refused by the engine."""
    ba, manager = staff["business-administrator"], staff["hub-manager"]
    services.import_booking(actor=ba, person=person, case=booking(remand_days=30))
    calc_type = CaseType.objects.get(code="sentence-calculation")

    def started():
        item = casework.open_work_item(actor=ba, case_type=calc_type, person=person)
        return casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)

    confirmed = started()
    checking.calculate(actor=ba, item=confirmed, reason="initial")
    confirmed = send_for_check(confirmed, ba)
    checking.confirm(actor=manager, item=confirmed, expected_version=confirmed.version,
                     calculation=checking.current_calculation(confirmed))
    waiting = started()
    calculation = checking.calculate(actor=ba, item=waiting, reason="transfer")
    waiting = send_for_check(waiting, ba)
    checking.calculate(actor=manager, item=waiting)

    from tests.factories import PersonFactory

    case = reference_case("validation/crs-2115.json")
    recalled = PersonFactory(establishment=ba.units.get(), first_name="Piotr", last_name="Nowak",
                             date_of_birth=datetime.date.fromisoformat(case["booking"]["offender"]["dateOfBirth"]))
    services.import_booking(actor=ba, person=recalled, case=case)
    refused = casework.open_work_item(actor=ba, case_type=calc_type, person=recalled)
    refused_calculation = checking.calculate(actor=ba, item=refused, reason="recall")
    return {"waiting": waiting.reference, "calculation": calculation.pk, "refused": refused.reference,
            "refused_calculation": refused_calculation.pk, "person": person.pk, **staff}


PAGES = [
    ("business-administrator", "/calculations/{refused}/", None),
    ("business-administrator", "/calculations/{refused}/reason/?reason=other", "Continue"),
    ("business-administrator", "/calculations/{refused}/check-information/?reason=recall", None),
    ("business-administrator", "/calculations/{refused}/results/{refused_calculation}/", None),
    ("business-administrator", "/calculations/{refused}/manual/", "Save the dates"),
    ("hub-manager", "/calculations/{waiting}/", None),
    ("hub-manager", "/calculations/{waiting}/results/{calculation}/", None),
    ("hub-manager", "/calculations/{waiting}/return/", "Return to preparer"),
    ("hub-manager", "/people/{person}/", None),
    ("hub-manager", "/casework/{waiting}/", None),
]


@pytest.mark.parametrize("role, path, submit", PAGES, ids=[f"{path} {submit or ''}".strip() for _, path, submit
                                                            in PAGES])
def test_the_journeys_pages_meet_wcag_a_and_aa(axe_page, journey, check_accessibility, role, path, submit):
    sign_in(axe_page, journey[role])
    axe_page.goto(path.format(**journey))
    if submit:  # the page as it is when what was sent is wrong: its error summary and messages
        axe_page.get_by_role("button", name=submit).first.click()
        expect(axe_page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(axe_page)


def test_the_journeys_pages_log_no_csp_violation(page, journey):
    sign_in(page, journey["hub-manager"])
    for _, path, _ in PAGES:
        page.goto(path.format(**journey))
    assert page.console_log.errors == [] and page.console_log.page_errors == []
