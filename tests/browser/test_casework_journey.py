"""Hub casework in a real browser: an HDC item prepared by a Business Administrator, returned and then
approved by a Hub Manager, sent onward, and every step on the person's timeline."""

import datetime

import pytest
from playwright.sync_api import expect

from omhub.casework.models import Attachment, WorkItem
from omhub.casework.reference_data import load_case_types
from tests.browser.conftest import sign_in, sign_out
from tests.browser.test_journeys import fill_date

# The smallest well-formed PDF: what a scanned address check form would be, in miniature.
PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj "
       b"3 0 obj<</Type/Page/MediaBox[0 0 612 792]/Parent 2 0 R>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


@pytest.fixture
def case_types(transactional_db):
    load_case_types()


def open_item_page(page, reference: str) -> None:
    page.goto(f"/casework/{reference}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(reference)


def status_of(page):
    return page.get_by_role("heading", level=1).locator(".govuk-tag")


def test_an_hdc_item_is_prepared_returned_fixed_approved_and_sent_with_every_step_on_the_timeline(
        page, staff, person, case_types, tmp_path):
    ba, manager = staff["business-administrator"], staff["hub-manager"]

    # The Business Administrator opens an HDC item for the person from their prison number.
    sign_in(page, ba)
    page.goto("/casework/")
    page.get_by_role("link", name="Open a work item").click()
    page.get_by_label("Case type").select_option(label="Home Detention Curfew (HDC)")
    page.get_by_label("Prison number or CRN").fill(person.prison_number)
    page.get_by_role("button", name="Open").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been opened, due")
    reference = page.get_by_role("heading", level=1).inner_text().split()[0]
    item = WorkItem.objects.get(reference=reference)
    expect(status_of(page)).to_have_text("Received")

    # Starts preparing, fills in the details and ticks the checklist.
    page.get_by_role("button", name="Start preparing").click()
    expect(status_of(page)).to_have_text("In preparation")
    page.get_by_role("link", name="Change details and checklist").click()
    fill_date(page, "id_value_hdced", datetime.date(2027, 3, 1))
    page.get_by_label("Community offender manager (optional)").fill("Sam Okafor, Leeds PDU")
    for check in ("Eligibility and exclusions checked", "Address checks requested from the COM",
                  "At least 4 weeks to CRD confirmed", "Risk management information gathered"):
        page.get_by_label(check).check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(f"{reference} has been updated")

    # Attaches the address check form.
    form = tmp_path / "address-check-request.pdf"
    form.write_bytes(PDF)
    page.locator("input[type=file]").set_input_files(str(form))
    page.get_by_label("Description (optional)").fill("Address check request sent to the COM")
    page.get_by_role("button", name="Attach file").click()
    expect(page.get_by_role("table").filter(has_text="address-check-request.pdf")).to_be_visible()

    # Sends it for check.
    page.get_by_role("button", name="Send for check").click()
    expect(status_of(page)).to_have_text("Ready for check")
    # A Business Administrator cannot approve, their own item or any other: no button, and the page refuses.
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    response = page.goto(f"/casework/{reference}/action/approve/")
    assert response.status == 403
    sign_out(page)

    # The Hub Manager finds it in the ready-for-check queue and returns it with a reason.
    sign_in(page, manager)
    page.goto("/casework/?view=check")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("link", name="Return to preparer").click()
    page.get_by_role("button", name="Return to preparer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give a reason to return to preparer")
    page.get_by_label("Reason").fill("The proposed curfew address is missing")
    page.get_by_role("button", name="Return to preparer").click()
    expect(status_of(page)).to_have_text("Returned")
    sign_out(page)

    # The Business Administrator sees why, fixes it and sends it for check again.
    sign_in(page, ba)
    open_item_page(page, reference)
    expect(page.locator(".omhub-timeline")).to_contain_text("The proposed curfew address is missing")
    page.get_by_role("link", name="Change details and checklist").click()
    page.get_by_label("Proposed curfew address (optional)").fill("14 Park Lane, Leeds LS1 2AB")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Send for check").click()
    expect(status_of(page)).to_have_text("Ready for check")
    sign_out(page)

    # The Hub Manager approves it and records it as sent to the decision maker.
    sign_in(page, manager)
    open_item_page(page, reference)
    page.get_by_role("button", name="Approve").click()
    expect(status_of(page)).to_have_text("Approved")
    page.get_by_role("link", name="Record as sent onward").click()
    page.get_by_label("Sent to").fill("HDC decision maker, HMP Leeds")
    page.get_by_label("How it was sent").select_option(label="Email (secure)")
    fill_date(page, "id_sent_on", datetime.date.today())
    page.get_by_label("Reference (optional)").fill("DM/2026/0142")
    page.get_by_role("button", name="Record as sent onward").click()
    expect(status_of(page)).to_have_text("Sent onward")

    # The person's timeline tells the whole story.
    page.goto(f"/people/{person.pk}/")
    timeline = page.locator(".omhub-timeline")
    for line in (f"Opened hub work item {reference}", f"Started preparing {reference}",
                 f"Sent for check {reference}", f"Returned to preparer {reference}",
                 "Reason: The proposed curfew address is missing", f"Approved {reference}",
                 f"Recorded as sent onward {reference}", "address-check-request.pdf"):
        expect(timeline).to_contain_text(line)

    item.refresh_from_db()
    assert (item.status, item.prepared_by, item.checked_by) == ("sent", ba, manager)
    assert item.sent_reference == "DM/2026/0142"
    assert Attachment.objects.get(work_item=item).filename == "address-check-request.pdf"
    assert [t.action for t in item.transitions.order_by("at", "id")] == [
        "receive", "start", "attach", "submit", "return", "submit", "approve", "send"]


def test_a_hub_manager_who_prepared_an_item_cannot_approve_it(page, staff, person, case_types):
    from omhub.casework import services
    from tests.casework.conftest import ready

    manager = staff["hub-manager"]
    item = services.open_work_item(actor=manager, case_type=WorkItem._meta.get_field("case_type").related_model
                                   .objects.get(code="legal-correspondence"), person=person)
    services.take_action(actor=manager, item=item, action="start", expected_version=item.version)
    item = ready(WorkItem.objects.get(pk=item.pk), manager)
    services.take_action(actor=manager, item=item, action="submit", expected_version=item.version)

    sign_in(page, manager)
    open_item_page(page, item.reference)
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"You prepared {item.reference}, so someone else must check it.")
    item.refresh_from_db()
    assert item.status == "ready-for-check"
