"""Every main page, as each role sees it, breaks none of the WCAG 2.0, 2.1 and 2.2 A and AA rules that
axe-core checks; and no page logs a Content Security Policy violation or a JavaScript error.

The pages carry realistic content (risk tags, aliases, a timeline, caseloads, a locked account), since
an empty page proves little. See docs/accessibility.md for what these checks do not cover.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from omhub.audit import services as audit
from omhub.people.models import Alias, MappaCategory, MappaLevel, RoshLevel
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import ROLE_CODES
from tests.factories import PersonFactory


@pytest.fixture
def populated(staff, units, person, make_user):
    """Records that make every section of every role's home page show something."""
    ba = staff["business-administrator"]
    Alias.objects.create(person=person, first_name="Jon", last_name="Smyth", date_of_birth=datetime.date(1985, 3, 28))
    audit.record(actor=ba, action=audit.Action.UPDATE, instance=person, person_id=person.pk,
                 before={"tier": ""}, after={"tier": "B2"})
    audit.record(actor=staff["offender-manager"], action=audit.Action.READ, instance=person, person_id=person.pk)
    PersonFactory(probation_unit=units["PDULDS"], establishment=None, prison_number=None, crn="X123456",
                  first_name="Aisha", last_name="Begum", rosh_level=RoshLevel.VERY_HIGH,
                  mappa_level=MappaLevel.LEVEL_2, mappa_category=MappaCategory.CATEGORY_1,
                  risk_to_children=True, visor_registered=True, nationality="Polish")
    PersonFactory(probation_unit=units["PDULDS"], establishment=None, prison_number=None, crn="X654321",
                  first_name="David", last_name="Jones", rosh_level=RoshLevel.MEDIUM, safeguarding_concern=True)
    make_user("hub-manager", units["LEI"], username="locked",
              locked_until=timezone.now() + datetime.timedelta(minutes=10))
    return {"person": person, **staff}


def sign_in_page(page, data):
    page.goto("/accounts/sign-in/")


def sign_in_page_with_errors(page, data):
    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def people_search_results(page, data):
    sign_in(page, data["business-administrator"])
    page.goto("/people/?q=Smith")
    expect(page.get_by_role("link", name="SMITH, John")).to_be_visible()


def person_page(page, data):
    sign_in(page, data["business-administrator"])
    page.goto(f"/people/{data['person'].pk}/")
    expect(page.locator(".omhub-timeline")).to_contain_text("Changed record")


def person_edit_form_with_errors(page, data):
    sign_in(page, data["business-administrator"])
    page.goto(f"/people/{data['person'].pk}/edit/")
    page.get_by_label("First name").fill("")
    page.get_by_label("Prison number").fill("1234ABC")
    page.locator("#id_date_of_birth_2").fill(str(datetime.date.today().year + 1))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary li")).to_have_count(3)


def add_alias_form_with_errors(page, data):
    sign_in(page, data["business-administrator"])
    page.goto(f"/people/{data['person'].pk}/aliases/new/")
    page.get_by_role("button", name="Add alias").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def audit_trail(page, data):
    sign_in(page, data["auditor"])
    page.goto("/audit/")
    expect(page.get_by_role("table")).to_contain_text("Tier: (blank) → B2")


def audit_trail_verified(page, data):
    sign_in(page, data["auditor"])
    page.goto("/audit/")
    page.get_by_role("button", name="Verify the chain now").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()


def audit_event_detail(page, data):
    sign_in(page, data["auditor"])
    page.goto("/audit/")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def staff_accounts(page, data):
    sign_in(page, data["system-administrator"])
    page.goto("/accounts/users/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def staff_account_form_with_errors(page, data):
    sign_in(page, data["system-administrator"])
    page.goto("/accounts/users/new/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def roles_page(page, data):
    sign_in(page, data["system-administrator"])
    page.goto("/accounts/roles/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def page_not_found(page, data):
    sign_in(page, data["business-administrator"])
    page.goto("/people/999999/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")


def accessibility_statement(page, data):
    page.goto("/accessibility/")


def cookies_page(page, data):
    page.goto("/cookies/")


def home_page_for(role_code):
    def home_page(page, data):
        sign_in(page, data[role_code])
        expect(page).to_have_title("Home – Offender Management Hub")
    home_page.__name__ = f"home_page_for_{role_code}"
    return home_page


PAGES = [
    sign_in_page, sign_in_page_with_errors, accessibility_statement, cookies_page,
    *[home_page_for(code) for code in ROLE_CODES],
    people_search_results, person_page, person_edit_form_with_errors, add_alias_form_with_errors,
    audit_trail, audit_trail_verified, audit_event_detail, staff_accounts, staff_account_form_with_errors, roles_page,
    page_not_found,
]


def test_the_checker_itself_finds_a_field_without_a_label(axe_page):
    """A guard on the guard: axe-core really runs, and really reports what it finds."""
    axe_page.goto("/accounts/sign-in/")
    axe_page.evaluate("document.querySelector('label[for=id_username]').remove()")
    assert "label" in [violation["id"] for violation in axe_violations(axe_page)]


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
def test_the_page_meets_wcag_a_and_aa(axe_page, populated, check_accessibility, visit):
    visit(axe_page, populated)
    check_accessibility(axe_page)


def test_no_page_logs_a_csp_violation_or_a_javascript_error(page, populated):
    """With the Content Security Policy enforced, the pages load their scripts, run them and say nothing."""
    for visit in PAGES:
        if visit is page_not_found:
            continue  # the browser logs the 404 status of the page itself as a console error
        page.context.clear_cookies()
        visit(page, populated)
        # GOV.UK Frontend's JavaScript ran: the module scripts were allowed by the policy.
        expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    log = page.console_log
    assert log.errors == [], "\n".join(log.errors)
    assert log.page_errors == [], "\n".join(log.page_errors)
    assert [warning for warning in log.warnings if "Content Security Policy" in warning] == []
