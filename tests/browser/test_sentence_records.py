"""Sentence records in a real browser: a Business Administrator records two consecutive sentences and the
remand before them through the forms, with and without JavaScript; the booking page and the forms with
mistakes on them break no WCAG A or AA rule that axe-core checks, and log no CSP violation."""

import datetime

import pytest
from playwright.sync_api import expect

from omhub.calculations.models import Adjustment, Sentence
from tests.browser.conftest import sign_in
from tests.browser.test_journeys import fill_date

TODAY = datetime.date.today()
SENTENCED = TODAY - datetime.timedelta(days=60)
OFFENCE = SENTENCED - datetime.timedelta(days=200)
REMAND_FROM = SENTENCED - datetime.timedelta(days=30)


def booking_page(page, person) -> None:
    page.goto(f"/people/{person.pk}/")
    page.get_by_role("link", name="Sentences and adjustments").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sentences and adjustments")


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


def test_a_hub_administrator_records_two_consecutive_sentences_and_the_remand_before_them(page, staff, person):
    sign_in(page, staff["business-administrator"])
    booking_page(page, person)
    expect(page.locator("main")).to_contain_text("No court cases or sentences recorded.")

    page.get_by_role("link", name="Add a court case").click()
    page.get_by_label("Court", exact=True).fill("Leeds Crown Court")
    page.get_by_label("Case reference (optional)").fill("T20267001")
    page.get_by_role("button", name="Add court case").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The court case has been added.")

    add_sds(page, years=2, months=6)
    add_sds(page, years=0, months=6,
            consecutive_to=f"Consecutive to Line 1: TH68010, 2 years 6 months, passed {SENTENCED:%-d %B %Y}")

    page.get_by_role("link", name="Add an adjustment").click()
    page.get_by_label("Remand", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label(f"Sentences passed on {SENTENCED:%-d %B %Y}").check()
    fill_date(page, "id_from_date", REMAND_FROM)
    fill_date(page, "id_to_date", SENTENCED - datetime.timedelta(days=1))
    page.get_by_role("button", name="Add adjustment").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("The remand has been added.")

    rows = page.locator("table").first.locator("tbody tr")
    expect(rows.nth(0)).to_contain_text("2 years 6 months")
    expect(rows.nth(1)).to_contain_text("Consecutive to line 1")
    taken_off = page.locator(".govuk-summary-list__row", has_text="Days taken off (remand and tagged bail)")
    expect(taken_off.locator("dd")).to_have_text("30 days")
    assert list(Sentence.objects.order_by("line_number").values_list("line_number", "duration")) == [
        (1, {"YEARS": 2, "MONTHS": 6}), (2, {"MONTHS": 6})]
    assert Sentence.objects.get(line_number=2).consecutive_to.line_number == 1
    assert list(Adjustment.objects.values_list("kind", "days", "applies_from")) == [("REMAND", 30, SENTENCED)]
    log = page.console_log
    assert log.errors == [] and log.page_errors == []


def test_sentences_are_recorded_without_javascript(page_without_javascript, staff, person):
    page = page_without_javascript
    sign_in(page, staff["hub-manager"])
    page.goto(f"/calculations/people/{person.pk}/booking/court-cases/new/")
    page.get_by_label("Court", exact=True).fill("Leeds Crown Court")
    page.get_by_role("button", name="Add court case").click()
    add_sds(page, years=1, months=0)
    expect(page.locator("table").first).to_contain_text("1 year")


def booking_with_records(page, data):
    sign_in(page, data["ba"])
    page.goto(f"/calculations/people/{data['person'].pk}/booking/")
    expect(page.locator("table").first).to_contain_text("2 years 6 months")


def sentence_type_not_chosen(page, data):
    sign_in(page, data["ba"])
    page.goto(f"/calculations/people/{data['person'].pk}/booking/sentences/new/")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the type of sentence")


def sentence_form_with_mistakes(page, data):
    sign_in(page, data["ba"])
    page.goto(f"/calculations/people/{data['person'].pk}/booking/sentences/new/?kind=ExtendedDeterminateSentence")
    fill_date(page, "id_offence_committed_at", SENTENCED)
    fill_date(page, "id_sentenced_at", OFFENCE)
    page.locator("#id_custodial_duration_0").fill("x")
    page.get_by_role("button", name="Add sentence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "An extended sentence needs a custodial term and an extension period")


def remand_form_with_mistakes(page, data):
    sign_in(page, data["ba"])
    page.goto(f"/calculations/people/{data['person'].pk}/booking/adjustments/new/?kind=REMAND")
    fill_date(page, "id_from_date", REMAND_FROM)
    fill_date(page, "id_to_date", SENTENCED - datetime.timedelta(days=1))
    page.get_by_label("Number of days (optional)").fill("31")
    page.get_by_role("button", name="Add adjustment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the sentence date the remand counts towards")


def import_with_mistakes(page, data):
    sign_in(page, data["ba"])
    page.goto(f"/calculations/people/{data['person'].pk}/booking/import/")
    page.get_by_label("Or paste the booking JSON").fill('{"booking": {"sentences": [{"sentencedAt": "x"}]}}')
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("(booking.sentences[0].sentencedAt)")


def removing_a_sentence(page, data):
    sign_in(page, data["ba"])
    page.goto(f"/calculations/people/{data['person'].pk}/booking/sentences/1/remove/")
    expect(page.get_by_role("button", name="Remove sentence")).to_be_visible()


VISITS = [booking_with_records, sentence_type_not_chosen, sentence_form_with_mistakes, remand_form_with_mistakes,
          import_with_mistakes, removing_a_sentence]


@pytest.fixture
def records(staff, person):
    from omhub.calculations import records

    ba = staff["business-administrator"]
    court_case = records.add_court_case(actor=ba, person=person, expected_version=0,
                                        data={"court_name": "Leeds Crown Court", "case_reference": "T20267001"})
    records.add_sentence(actor=ba, person=person, expected_version=1, data={
        "kind": "StandardSentence", "court_case": court_case.pk, "offence_code": "TH68010",
        "offence_committed_at": OFFENCE, "sentenced_at": SENTENCED, "duration": {"YEARS": 2, "MONTHS": 6}})
    records.add_adjustment(actor=ba, person=person, expected_version=2, data={
        "kind": "REMAND", "from_date": REMAND_FROM, "to_date": SENTENCED - datetime.timedelta(days=1),
        "applies_from": SENTENCED})
    return {"ba": ba, "person": person}


@pytest.mark.parametrize("visit", VISITS, ids=[visit.__name__ for visit in VISITS])
def test_the_sentence_record_page_meets_wcag_a_and_aa(axe_page, records, check_accessibility, visit):
    visit(axe_page, records)
    check_accessibility(axe_page)


def test_no_sentence_record_page_logs_a_csp_violation_or_a_javascript_error(page, records):
    for visit in VISITS:
        page.context.clear_cookies()
        visit(page, records)
        expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    log = page.console_log
    assert log.errors == [], "\n".join(log.errors)
    assert log.page_errors == [], "\n".join(log.page_errors)
    assert [warning for warning in log.warnings if "Content Security Policy" in warning] == []
