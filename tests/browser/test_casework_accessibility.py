"""The everyday casework pages - the queues, a work item with its history, its forms with errors on them,
the bring-forward diary and the key dates page - break no WCAG A or AA rule that axe-core checks, and
log no Content Security Policy violation or JavaScript error."""

import datetime
import zoneinfo

import pytest
from playwright.sync_api import expect

from omhub.casework import services
from omhub.casework.models import CaseType, KeyDate, WorkItem
from omhub.casework.reference_data import load_case_types
from tests.browser.conftest import sign_in
from tests.casework.conftest import ready

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def casework(staff, person):
    """Work in several states, one of it overdue and returned with a reason, and key dates the diary
    will act on in the coming weeks."""
    load_case_types()
    ba, manager = staff["business-administrator"], staff["hub-manager"]
    today = datetime.date.today()
    KeyDate.objects.create(person=person, kind="HDCED", date=today + datetime.timedelta(weeks=16))
    KeyDate.objects.create(person=person, kind="RELEASE", date=today + datetime.timedelta(weeks=30))
    returned = services.open_work_item(
        actor=ba, case_type=CaseType.objects.get(code="legal-correspondence"), person=person,
        received_at=datetime.datetime.combine(today - datetime.timedelta(days=20), datetime.time(10), LONDON))
    services.take_action(actor=ba, item=returned, action="start", expected_version=returned.version)
    returned = ready(WorkItem.objects.get(pk=returned.pk), ba)
    services.take_action(actor=ba, item=returned, action="submit", expected_version=returned.version)
    returned.refresh_from_db()
    services.take_action(actor=manager, item=returned, action="return", expected_version=returned.version,
                         reason="The solicitor's letter is not attached")
    waiting = services.open_work_item(actor=ba, case_type=CaseType.objects.get(code="bail-application"),
                                      person=person)
    services.assign(actor=manager, items=[waiting], assignee=ba)
    return {"person": person, "returned": WorkItem.objects.get(pk=returned.pk), "waiting": waiting, **staff}


def team_queue(page, data):
    sign_in(page, data["hub-manager"])
    page.goto("/casework/?view=all")
    expect(page.get_by_role("link", name=data["returned"].reference)).to_be_visible()


def overdue_view_filtered(page, data):
    sign_in(page, data["hub-manager"])
    page.goto("/casework/?view=overdue&risk=high-rosh&sort=-received")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hub casework")


def work_item_with_history(page, data):
    sign_in(page, data["business-administrator"])
    page.goto(f"/casework/{data['returned'].reference}/")
    expect(page.locator(".omhub-timeline")).to_contain_text("The solicitor's letter is not attached")


def open_form_with_errors(page, data):
    sign_in(page, data["business-administrator"])
    page.goto("/casework/new/")
    page.get_by_label("Prison number or CRN").fill("12345")
    page.get_by_role("button", name="Open").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def details_form_with_errors(page, data):
    sign_in(page, data["business-administrator"])
    page.goto(f"/casework/{data['waiting'].reference}/details/")
    page.locator("#id_value_hearing_date_0").fill("31")
    page.locator("#id_value_hearing_date_1").fill("2")
    page.locator("#id_value_hearing_date_2").fill("2027")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


def withdraw_form_without_a_reason(page, data):
    sign_in(page, data["hub-manager"])
    item = data["waiting"]
    page.goto(f"/casework/{item.reference}/action/withdraw/")
    page.get_by_role("button", name="Withdraw").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give a reason to withdraw")


def diary_page(page, data):
    sign_in(page, data["business-administrator"])
    page.goto("/casework/diary/?weeks=26")
    expect(page.get_by_role("table").first).to_contain_text("Home Detention Curfew (HDC)")


def key_dates_form_with_errors(page, data):
    sign_in(page, data["business-administrator"])
    page.goto(f"/casework/people/{data['person'].pk}/key-dates/")
    page.locator("#id_CRD_0").fill("31")
    page.locator("#id_CRD_1").fill("2")
    page.locator("#id_CRD_2").fill("2027")
    page.get_by_role("button", name="Save key dates").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()


PAGES = [team_queue, overdue_view_filtered, work_item_with_history, open_form_with_errors,
         details_form_with_errors, withdraw_form_without_a_reason, diary_page, key_dates_form_with_errors]


@pytest.mark.parametrize("visit", PAGES, ids=[visit.__name__ for visit in PAGES])
def test_the_page_meets_wcag_a_and_aa(axe_page, casework, check_accessibility, visit):
    visit(axe_page, casework)
    check_accessibility(axe_page)


def test_no_page_logs_a_csp_violation_or_a_javascript_error(page, casework):
    for visit in PAGES:
        page.context.clear_cookies()
        visit(page, casework)
        expect(page.locator("body")).to_have_class("govuk-template__body js-enabled govuk-frontend-supported")
    log = page.console_log
    assert log.errors == [], "\n".join(log.errors)
    assert log.page_errors == [], "\n".join(log.page_errors)
    assert [warning for warning in log.warnings if "Content Security Policy" in warning] == []
