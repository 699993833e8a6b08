"""A Business Administrator attaches evidence to an HDC item and generates its document, in a real
browser: without JavaScript (a plain multipart form), and with the page checked for accessibility."""

import pytest
from playwright.sync_api import expect

from omhub.casework import services
from omhub.casework.models import Attachment, CaseType
from omhub.casework.reference_data import load_case_types
from tests.browser.conftest import sign_in
from tests.casework import sample_files as files


@pytest.fixture
def hdc_item(staff, person, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path / "files")}}}
    load_case_types()
    return services.open_work_item(actor=staff["business-administrator"], case_type=CaseType.objects.get(code="hdc"),
                                   person=person)


def test_without_javascript_a_business_administrator_attaches_a_document_to_an_hdc_item(
        page_without_javascript, staff, hdc_item, tmp_path):
    page = page_without_javascript
    sign_in(page, staff["business-administrator"])
    page.goto(f"/casework/{hdc_item.reference}/")
    section = page.locator("#attachments")
    expect(section).to_have_text("Attachments and documents")

    # A file whose content is not what its name says is refused, with the GOV.UK error summary.
    fake = tmp_path / "dossier.pdf"
    fake.write_bytes(files.plain_zip())
    page.get_by_label("Upload a file").set_input_files(str(fake))
    page.get_by_role("button", name="Attach file").click()
    expect(page).to_have_title(f"Error: Attach a file: {hdc_item.reference} – Offender Management Hub")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("“dossier.pdf” is named as a PDF but its content is a ZIP archive")

    # The real reply is attached, with a description, and listed on the item.
    reply = tmp_path / "COM address check reply.docx"
    reply.write_bytes(files.docx())
    page.get_by_label("Upload a file").set_input_files(str(reply))
    page.get_by_label("Description (optional)").fill("COM reply: address suitable")
    page.get_by_role("button", name="Attach file").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "“COM address check reply.docx” has been attached")
    table = page.locator("table.govuk-table")
    expect(table).to_contain_text("COM address check reply.docx")
    expect(table).to_contain_text("COM reply: address suitable")

    # The document of the case type is generated and kept with the item.
    page.get_by_role("button", name="Generate PDF").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("has been generated and attached")
    expect(table).to_contain_text(f"{hdc_item.reference}-hdc-")
    assert sorted(Attachment.objects.values_list("kind", flat=True)) == ["generated", "upload"]

    # A download comes back as a file.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download COM address check reply.docx").click()
    assert download_info.value.suggested_filename == "COM address check reply.docx"


def test_the_attachments_section_and_upload_page_meet_wcag_a_and_aa(axe_page, staff, hdc_item, check_accessibility):
    page = axe_page
    sign_in(page, staff["business-administrator"])
    page.goto(f"/casework/{hdc_item.reference}/")
    page.get_by_role("button", name="Generate DOCX").click()
    expect(page.locator("table.govuk-table")).to_be_visible()
    check_accessibility(page)
    page.goto(f"/casework/{hdc_item.reference}/attachments/")
    page.get_by_role("button", name="Attach file").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessibility(page)
