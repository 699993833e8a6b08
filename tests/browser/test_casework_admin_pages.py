"""The pages of casework exports and logs, the person's casework history and case type administration
break no WCAG A or AA rule that axe-core checks, with and without errors on them, log no Content
Security Policy violation, and work without JavaScript."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from omhub.casework import case_type_services, services
from omhub.casework.models import CaseType
from omhub.casework.reference_data import load_case_types
from tests.browser.conftest import sign_in

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def casework(staff, person):
    load_case_types()
    ba = staff["business-administrator"]
    for code in ("hdc", "fines", "legal-correspondence"):
        services.open_work_item(actor=ba, case_type=CaseType.objects.get(code=code), person=person,
                                received_at=datetime.datetime(2026, 11, 16, 10, tzinfo=LONDON))
    fines = CaseType.objects.get(code="fines")
    case_type_services.update_case_type(actor=staff["system-administrator"], case_type=fines, expected_version=1,
                                        changes={"reminder_steps": [{"when": "overdue"}]})
    return {"person": person, **staff}


def casework_list_with_downloads(page, data):
    sign_in(page, data["hub-manager"])
    page.goto("/casework/?view=all&case_type=fines")
    expect(page.get_by_role("link", name="Download this list as XLSX")).to_be_visible()


def logs_page(page, data):
    sign_in(page, data["business-administrator"])
    page.goto("/casework/logs/?received_from_0=1&received_from_1=11&received_from_2=2026"
              "&received_to_0=30&received_to_1=11&received_to_2=2026")
    expect(page.get_by_role("cell", name="Prisoner fines log", exact=True)).to_be_visible()


def logs_page_with_errors(page, data):
    sign_in(page, data["business-administrator"])
    page.goto("/casework/logs/?received_from_0=31&received_from_1=2&received_from_2=2026"
              "&received_to_0=1&received_to_1=1&received_to_2=2026")
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def person_page_with_casework(page, data):
    sign_in(page, data["hub-manager"])
    page.goto(f"/people/{data['person'].pk}/")
    expect(page.get_by_role("link", name="See all in hub casework")).to_be_visible()


def case_type_page_for_a_hub_manager(page, data):
    sign_in(page, data["hub-manager"])
    page.goto("/casework/case-types/fines/")
    expect(page.get_by_role("button", name="Apply the current rule to this item")).to_be_visible()


def case_type_page_for_an_administrator(page, data):
    sign_in(page, data["system-administrator"])
    page.goto("/casework/case-types/")
    page.get_by_role("link", name="Home Detention Curfew (HDC)").click()
    expect(page.get_by_role("link", name="Change the fields of Home Detention Curfew (HDC)")).to_be_visible()


def fields_page_with_errors(page, data):
    sign_in(page, data["system-administrator"])
    page.goto("/casework/case-types/fines/edit/fields/")
    page.locator("#id_field_2_name").fill("Bad Name")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The name must start with a small letter")


def deadline_page_with_errors(page, data):
    sign_in(page, data["system-administrator"])
    page.goto("/casework/case-types/fines/edit/deadline/")
    page.locator("#id_amount").fill("many")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter how many")


def opening_page(page, data):
    sign_in(page, data["system-administrator"])
    page.goto("/casework/case-types/hdc/edit/opening/")
    expect(page.get_by_role("heading", level=1)).to_have_text("When the diary opens work")


def roles_page_with_errors(page, data):
    sign_in(page, data["system-administrator"])
    page.goto("/casework/case-types/fines/edit/roles/")
    page.get_by_label("Auditor (cannot prepare casework)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Auditor cannot prepare hub casework")


def document_page(page, data):
    sign_in(page, data["system-administrator"])
    page.goto("/casework/case-types/fines/edit/document/")
    page.get_by_text("Placeholders you can use").click()
    expect(page.get_by_text("{{ field.amount }}", exact=True)).to_be_visible()


PAGES = [casework_list_with_downloads, logs_page, logs_page_with_errors, person_page_with_casework,
         case_type_page_for_a_hub_manager, case_type_page_for_an_administrator, fields_page_with_errors,
         deadline_page_with_errors, opening_page, roles_page_with_errors, document_page]


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
def test_the_page_meets_wcag_a_and_aa(axe_page, casework, check_accessibility, visit):
    visit(axe_page, casework)
    check_accessibility(axe_page)


def test_no_page_logs_a_csp_violation_or_a_javascript_error(page, casework):
    for visit in PAGES:
        page.context.clear_cookies()
        visit(page, casework)
        expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    assert page.console_log.errors == [], "\n".join(page.console_log.errors)
    assert page.console_log.page_errors == []
    assert [w for w in page.console_log.warnings if "Content Security Policy" in w] == []


def test_an_administrator_adds_a_field_without_javascript(page_without_javascript, casework):
    page = page_without_javascript
    sign_in(page, casework["system-administrator"])
    page.goto("/casework/case-types/fines/edit/fields/")
    page.get_by_role("button", name="Add more rows").click()
    page.locator("#id_field_5_name").fill("paid_on")
    page.locator("#id_field_5_label").fill("Paid on")
    page.locator("#id_field_5_kind").select_option("date")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Prisoner fines: fields saved.")
    expect(page.get_by_role("cell", name="paid_on")).to_be_visible()
