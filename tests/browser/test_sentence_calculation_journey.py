"""The journey issue 5 describes, in a real browser and only through the pages: a Business Administrator
records two consecutive sentences with remand for a person, calculates, sends for check; the Hub Manager
returns it (the remand days are wrong); the Business Administrator corrects the remand and calculates
again; the Hub Manager confirms; the person's key dates change and the HDC work item appears in the
bring-forward diary at the right date."""

import datetime

import pytest
from playwright.sync_api import expect

from omhub.calculations.models import ConfirmedKeyDates
from omhub.casework import diary
from omhub.casework.models import CaseType, KeyDate, WorkItem
from omhub.casework.reference_data import load_case_types
from tests.browser.conftest import sign_in, sign_out
from tests.browser.test_journeys import fill_date

TODAY = datetime.date.today()
SENTENCED = TODAY - datetime.timedelta(days=21)
OFFENCE = SENTENCED - datetime.timedelta(days=150)


@pytest.fixture
def case_types(transactional_db):
    load_case_types()


def status_of(page):
    return page.get_by_role("heading", level=1).locator(".govuk-tag")


def add_sds(page, *, years: int, months: int, consecutive_to: str = "") -> None:
    page.get_by_role("link", name="Add a sentence").click()
    page.get_by_label("Standard determinate sentence (SDS)").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Offence code (optional)").fill("TH68010")
    fill_date(page, "id_offence_committed_at", OFFENCE)
    fill_date(page, "id_sentenced_at", SENTENCED)
    page.locator("#id_duration_0").fill(str(years))
    page.locator("#id_duration_1").fill(str(months))
    if consecutive_to:
        page.get_by_label("Concurrent or consecutive").select_option(label=consecutive_to)
    page.get_by_role("button", name="Add sentence").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The sentence has been added.")


def calculate(page, reference: str) -> None:
    page.goto(f"/calculations/{reference}/")
    page.get_by_role("link", name="Calculate").first.click()
    page.get_by_label("Initial calculation").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the information the calculation will use")
    page.get_by_role("button", name="Calculate release dates").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Release dates")


def test_sentences_recorded_calculated_returned_corrected_and_confirmed_open_hdc_work_on_its_day(
        page, staff, person, case_types):
    ba, manager = staff["business-administrator"], staff["hub-manager"]

    # The Business Administrator records the court case, two consecutive sentences and the remand.
    sign_in(page, ba)
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="Sentences and adjustments").click()
    page.get_by_role("link", name="Add a court case").click()
    page.get_by_label("Court", exact=True).fill("Leeds Crown Court")
    page.get_by_label("Case reference (optional)").fill("T20267001")
    page.get_by_role("button", name="Add court case").click()
    add_sds(page, years=3, months=0)
    add_sds(page, years=1, months=0,
            consecutive_to=f"Consecutive to Line 1: TH68010, 3 years, passed {SENTENCED:%-d %B %Y}")
    page.get_by_role("link", name="Add an adjustment").click()
    page.get_by_label("Remand", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(f"Sentences passed on {SENTENCED:%-d %B %Y}").check()
    fill_date(page, "id_from_date", SENTENCED - datetime.timedelta(days=20))  # the warrant says 30 days
    fill_date(page, "id_to_date", SENTENCED - datetime.timedelta(days=1))
    page.get_by_role("button", name="Add adjustment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The remand has been added.")

    # Opens the calculation, calculates, ticks the initial checks and sends it for check.
    page.goto("/casework/new/")
    page.get_by_label("Case type").select_option(label="Sentence calculation (initial checks)")
    page.get_by_label("Prison number or CRN").fill(person.prison_number)
    page.get_by_role("button", name="Open").click()
    reference = page.get_by_role("heading", level=1).inner_text().split()[0]
    page.get_by_role("button", name="Start preparing").click()
    calculate(page, reference)
    expect(page.locator("main")).to_contain_text("Conditional release date (CRD)")
    page.get_by_text("How these dates were calculated").click()
    expect(page.locator("main")).to_contain_text("deductions of 20 days")
    page.get_by_role("link", name=f"Go to {reference}").click()
    page.get_by_role("link", name="Change details and checklist").click()
    page.get_by_label("Warrants and court results checked").check()
    page.get_by_label("Remand, tagged bail and adjustments checked").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Send for check").click()
    expect(status_of(page)).to_have_text("Ready for check")
    sign_out(page)

    # The Hub Manager finds the remand days wrong and returns it.
    sign_in(page, manager)
    page.goto(f"/calculations/{reference}/")
    expect(page.locator("main")).to_contain_text("Remand 20")
    page.get_by_role("link", name="Return to preparer").click()
    page.get_by_label("What does the preparer need to correct?").fill(
        "Remand days wrong: the warrant gives 30 days on remand, not 20")
    page.get_by_role("button", name="Return to preparer").click()
    expect(status_of(page)).to_have_text("Returned")
    sign_out(page)

    # The Business Administrator corrects the remand in its own form, calculates again and resubmits.
    sign_in(page, ba)
    page.goto(f"/casework/{reference}/")
    expect(page.locator(".omhub-timeline")).to_contain_text("Remand days wrong")
    page.goto(f"/calculations/people/{person.pk}/booking/")
    page.get_by_role("link", name="Change remand of 20 days").click()
    fill_date(page, "id_from_date", SENTENCED - datetime.timedelta(days=30))
    page.get_by_label("Number of days (optional)").fill("")  # counted from the dates
    page.get_by_role("button", name="Save adjustment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("main")).to_contain_text("30 days")
    calculate(page, reference)
    expect(page.locator("main")).to_contain_text("deductions of 30 days")
    page.get_by_role("link", name=f"Go to {reference}").click()
    page.get_by_role("button", name="Send for check").click()
    expect(status_of(page)).to_have_text("Ready for check")
    sign_out(page)

    # The Hub Manager confirms: the dates become the person's key dates.
    sign_in(page, manager)
    page.goto(f"/calculations/{reference}/")
    expect(page.locator("main")).to_contain_text("Remand 30")
    page.get_by_role("button", name="Confirm these dates").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Release dates confirmed: version 1 of John Smith's key dates.")
    confirmed = ConfirmedKeyDates.objects.get(person=person)
    hdced = datetime.date.fromisoformat(confirmed.dates["HDCED"])
    assert KeyDate.objects.get(person=person, kind="HDCED").date == hdced
    assert KeyDate.objects.get(person=person, kind="CRD").date == datetime.date.fromisoformat(confirmed.dates["CRD"])

    # The HDC work item is in the bring-forward diary on the day 14 weeks before HDCED.
    opens = diary.opens_on(diary._rule_of(CaseType.objects.get(code="hdc")), hdced)
    assert opens > TODAY, "the sentences are long enough for the HDC work to open later, from the diary"
    weeks = next(w for w in (1, 2, 4, 8, 13, 26) if opens <= TODAY + datetime.timedelta(weeks=w))
    page.goto(f"/casework/diary/?weeks={weeks}")
    row = page.get_by_role("row").filter(has_text=person.listing_name).filter(has_text="Home Detention Curfew (HDC)")
    expect(row).to_contain_text(f"{opens:%a %-d %b %Y}")
    expect(row).to_contain_text(f"HDCED {hdced:%-d %b %Y}")
    assert not WorkItem.objects.filter(person=person, case_type__code="hdc").exists()

    # On that day the diary opens it, exactly once.
    diary.plan(as_at=opens)
    diary.plan(as_at=opens + datetime.timedelta(days=1))
    hdc = WorkItem.objects.get(person=person, case_type__code="hdc")
    assert (hdc.key_date_kind, hdc.key_date, hdc.values["hdced"]) == ("HDCED", hdced, hdced.isoformat())
    assert page.console_log.errors == [] and page.console_log.page_errors == []
