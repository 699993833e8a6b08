"""Journeys through omhub in a real browser, each read as a specification of what staff can do."""

import datetime

import pytest
from playwright.sync_api import expect

from omhub.audit.models import AuditEvent
from omhub.people.models import Person, RoshLevel
from tests.browser.conftest import sign_in
from tests.factories import PersonFactory


@pytest.fixture
def high_risk_person(units):
    """John Smith at HMP Leeds, assessed as high risk of serious harm."""
    return PersonFactory(establishment=units["LEI"], first_name="John", last_name="Smith",
                         date_of_birth=datetime.date(1985, 3, 27), rosh_level=RoshLevel.HIGH)


def fill_date(page, prefix: str, date: datetime.date) -> None:
    page.locator(f"#{prefix}_0").fill(str(date.day))
    page.locator(f"#{prefix}_1").fill(str(date.month))
    page.locator(f"#{prefix}_2").fill(str(date.year))


def test_a_business_administrator_finds_a_person_despite_a_typo_and_corrects_their_record(
        page, staff, high_risk_person):
    person = high_risk_person
    old_prison_number = person.prison_number

    # Signed in, the home page says who they are and in what role.
    sign_in(page, staff["business-administrator"])
    expect(page).to_have_title("Home – Offender Management Hub")
    expect(page.locator("main .govuk-caption-l")).to_have_text("Business Administrator")

    # A misspelt surname still finds the person.
    page.get_by_label("Find a person").fill("Smtih")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("status")).to_contain_text("1 match for Smtih")
    page.get_by_role("link", name="SMITH, John").click()

    # The person's page opens with their risk context first, and their timeline.
    expect(page.get_by_role("heading", level=1)).to_have_text("John Smith")
    banner = page.get_by_role("region", name="Risk context")
    expect(banner).to_contain_text(old_prison_number)
    expect(banner.locator(".govuk-tag")).to_have_text(["RoSH: High"])
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()

    # Bad input: a prison number in the wrong shape, a birthday to come, no first name.
    page.get_by_role("link", name="Change record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change John Smith's record")
    page.get_by_label("First name").fill("")
    fill_date(page, "id_date_of_birth", datetime.date.today() + datetime.timedelta(days=30))
    page.get_by_label("Prison number").fill("1234ABC")
    page.get_by_role("button", name="Save").click()

    # The GOV.UK error summary lists each problem, linked to its field, and takes the focus.
    expect(page).to_have_title("Error: Change John Smith's record – Offender Management Hub")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    problems = {
        "Enter a first name": "#id_first_name",
        "Date of birth must be in the past": "#id_date_of_birth_0",
        "Enter a prison number in the format A1234BC: a letter, 4 numbers, then 2 letters": "#id_prison_number",
    }
    links = summary.get_by_role("link")
    expect(links).to_have_count(len(problems))
    for text, href in problems.items():
        link = summary.get_by_role("link", name=text)
        expect(link).to_have_attribute("href", href)
        expect(page.locator(href)).to_have_count(1)
    # Each field shows its own error, and the inputs are marked as in error.
    expect(page.locator("#id_first_name-error")).to_have_text("Error: Enter a first name")
    expect(page.locator("#id_date_of_birth-error")).to_have_text("Error: Date of birth must be in the past")
    expect(page.locator("#id_prison_number-error")).to_contain_text("Enter a prison number in the format A1234BC")
    expect(page.locator("#id_prison_number")).to_have_class("govuk-input govuk-input--error govuk-input--width-10")
    # Following a link in the summary puts the cursor in the field.
    summary.get_by_role("link", name="Enter a first name").click()
    expect(page.locator("#id_first_name")).to_be_focused()

    # Nothing was saved.
    person.refresh_from_db()
    assert (person.first_name, person.prison_number, person.date_of_birth, person.version) == (
        "John", old_prison_number, datetime.date(1985, 3, 27), 1)
    assert not AuditEvent.objects.filter(person_id=person.pk, action=AuditEvent.Action.UPDATE).exists()

    # Mended, the record saves, and the change is on the timeline.
    page.get_by_label("First name").fill("John")
    fill_date(page, "id_date_of_birth", datetime.date(1985, 3, 27))
    page.get_by_label("Prison number").fill("A1234BC")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "John Smith's record has been updated.")
    expect(page.get_by_role("region", name="Risk context")).to_contain_text("A1234BC")
    expect(page.locator(".omhub-timeline li").first).to_contain_text("Changed record")
    expect(page.locator(".omhub-timeline li").first).to_contain_text(f"Prison number: {old_prison_number} → A1234BC")
    person.refresh_from_db()
    assert (person.prison_number, person.version) == ("A1234BC", 2)


def test_five_wrong_passwords_lock_the_account_and_then_even_the_right_one_is_refused(page, staff):
    user = staff["hub-manager"]
    for _ in range(5):
        sign_in(page, user, password="not the password")
        expect(page.locator(".govuk-error-summary")).to_be_visible()

    sign_in(page, user)

    expect(page).to_have_url("/accounts/sign-in/")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "This account is locked after 5 failed sign-in attempts")
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    user.refresh_from_db()
    assert user.locked_until is not None


def test_without_javascript_staff_sign_in_search_open_and_change_a_record(page_without_javascript, staff, person):
    page = page_without_javascript
    sign_in(page, staff["business-administrator"])
    expect(page.get_by_role("button", name="Sign out ba")).to_be_visible()
    expect(page.locator("body")).not_to_have_class("js-enabled")

    page.get_by_label("Find a person").fill("john smith")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="SMITH, John").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("John Smith")

    page.get_by_role("link", name="Change record").click()
    page.get_by_label("Cell location (optional)").fill("B-2-014")
    page.get_by_role("button", name="Save").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "John Smith's record has been updated.")
    expect(page.get_by_role("region", name="Risk context")).to_contain_text("HMP Leeds, B-2-014")
    expect(page.locator(".omhub-timeline")).to_contain_text("Cell location: (blank) → B-2-014")
    person.refresh_from_db()
    assert person.cell_location == "B-2-014"


def test_an_auditor_reads_the_audit_trail_and_verifies_its_chain(page, staff):
    sign_in(page, staff["auditor"])
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit trail").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Audit trail")
    expect(page.get_by_role("table")).to_contain_text("Signed in")
    expect(page.get_by_role("table")).to_contain_text("auditor")

    page.get_by_role("button", name="Verify the chain now").click()
    success = page.locator(".govuk-notification-banner--success")
    expect(success).to_contain_text("Success")
    expect(success).to_contain_text("The audit chain is intact")


def test_staff_of_another_establishment_get_page_not_found_for_a_leeds_person(page, outsider, person):
    sign_in(page, outsider)

    response = page.goto(f"/people/{person.pk}/")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("Smith")
    assert not AuditEvent.objects.filter(person_id=person.pk, action=AuditEvent.Action.READ).exists()
    assert Person.objects.filter(pk=person.pk).exists()
