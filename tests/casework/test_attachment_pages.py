"""The "Attachments and documents" section of a work item's page, and the pages behind it: they work as
plain HTML forms (no JavaScript), show every problem at once, and send files as downloads."""

import pytest

from omhub.casework import attachments
from omhub.casework.models import Attachment, Status, WorkItem
from tests.casework import sample_files as files


@pytest.fixture
def ba(staff, signed_in):
    return signed_in(staff["business-administrator"])


def upload(client, item, name="reply.pdf", data=files.PDF, description="", follow=False):
    return client.post(f"/casework/{item.reference}/attachments/",
                       {"file": files.upload(name, data), "description": description}, follow=follow)


def test_the_item_page_offers_an_upload_form_that_works_without_javascript(ba, hdc_item, attachment_storage):
    page = ba.get(f"/casework/{hdc_item.reference}/").content.decode()
    assert "Attachments and documents" in page and "Nothing is attached yet." in page
    assert 'enctype="multipart/form-data"' in page and 'class="govuk-file-upload"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    assert 'value="docx"' in page and "Generate DOCX" in page and "Generate PDF" in page

    response = upload(ba, hdc_item, name="COM reply.pdf", description="COM reply", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/casework/{hdc_item.reference}/"
    assert "“COM reply.pdf” has been attached to" in page
    attachment = Attachment.objects.get()
    assert f'href="/casework/{hdc_item.reference}/attachments/{attachment.pk}/"' in page
    assert "COM reply" in page and "Uploaded" in page


def test_a_refused_upload_shows_every_problem_in_the_error_summary_and_saves_nothing(ba, hdc_item,
                                                                                     attachment_storage):
    response = upload(ba, hdc_item, name="dossier.pdf", data=files.plain_zip(), description="x" * 201)
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert '<a href="#id_file">“dossier.pdf” is named as a PDF but its content is a ZIP archive' in page
    assert '<a href="#id_description">The description must be 200 characters or fewer</a>' in page
    assert 'class="govuk-file-upload govuk-file-upload--error"' in page
    assert page.count("<title>Error: ") == 1
    assert not Attachment.objects.exists()


def test_an_empty_upload_asks_for_a_file(ba, hdc_item, attachment_storage):
    page = ba.post(f"/casework/{hdc_item.reference}/attachments/", {"description": ""}).content.decode()
    assert '<a href="#id_file">Select a file to attach</a>' in page


def test_a_download_is_an_attachment_with_a_safe_name_and_its_own_content_type(ba, hdc_item, attachment_storage):
    document = files.docx()
    upload(ba, hdc_item, name="Réponse \"finale\".docx", data=document)
    attachment = Attachment.objects.get()
    response = ba.get(f"/casework/{hdc_item.reference}/attachments/{attachment.pk}/")

    assert response.status_code == 200 and response.content == document
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == "attachment; filename*=utf-8''R%C3%A9ponse%20%22finale%22.docx"
    assert response["X-Content-Type-Options"] == "nosniff" and "no-store" in response["Cache-Control"]


def test_a_damaged_file_is_refused_with_a_message_on_the_item_page(ba, hdc_item, attachment_storage):
    upload(ba, hdc_item)
    attachment = Attachment.objects.get()
    (attachment_storage / attachment.storage_name).write_bytes(b"%PDF-1.4 something else")
    response = ba.get(f"/casework/{hdc_item.reference}/attachments/{attachment.pk}/", follow=True)
    assert response.redirect_chain[-1][0] == f"/casework/{hdc_item.reference}/"
    assert "no longer matches the checksum taken when it was attached" in response.content.decode()


def test_removing_asks_why_and_leaves_the_file_struck_through_without_a_link(ba, hdc_item, attachment_storage):
    upload(ba, hdc_item)
    attachment = Attachment.objects.get()
    path = f"/casework/{hdc_item.reference}/attachments/{attachment.pk}/remove/"
    assert "Why are you removing it?" in ba.get(path).content.decode()
    missing = ba.post(path, {"reason": ""}).content.decode()
    assert '<a href="#id_reason">Give a reason for removing the file</a>' in missing

    page = ba.post(path, {"reason": "Letter about someone else"}, follow=True).content.decode()
    assert "<del>reply.pdf</del>" in page and "“Letter about someone else”" in page
    assert f'href="/casework/{hdc_item.reference}/attachments/{attachment.pk}/"' not in page
    assert "Remove attachment" in page  # in the item's history


def test_generate_buttons_make_and_attach_the_document(ba, hdc_item, attachment_storage):
    page = ba.post(f"/casework/{hdc_item.reference}/documents/", {"format": "pdf"}, follow=True).content.decode()
    attachment = Attachment.objects.get()
    assert attachment.kind == "generated" and attachment.filename.endswith(".pdf")
    assert f"“{attachment.filename}” has been generated and attached" in page and "Generated by omhub" in page


def test_a_generation_problem_is_shown_on_the_item_page(ba, hdc_item, attachment_storage):
    page = ba.post(f"/casework/{hdc_item.reference}/documents/", {"format": "html"}, follow=True).content.decode()
    assert "Choose DOCX or PDF" in page and not Attachment.objects.exists()


def test_those_who_only_oversee_see_the_files_but_no_forms(staff, signed_in, hdc_item, attachment_storage):
    attachments.attach(actor=staff["business-administrator"], item=hdc_item, upload=files.upload("a.pdf", files.PDF))
    page = signed_in(staff["head-of-omd"]).get(f"/casework/{hdc_item.reference}/").content.decode()
    assert "a.pdf" in page and "Download" in page
    assert "govuk-file-upload" not in page and "Generate PDF" not in page and "/remove/" not in page


def test_a_closed_item_shows_its_files_but_takes_no_more(ba, hdc_item, attachment_storage):
    upload(ba, hdc_item)
    WorkItem.objects.filter(pk=hdc_item.pk).update(status=Status.CLOSED)
    page = ba.get(f"/casework/{hdc_item.reference}/").content.decode()
    assert "reply.pdf" in page and "govuk-file-upload" not in page and "/remove/" not in page
    response = upload(ba, hdc_item)
    assert "nothing can be attached to it now" in response.content.decode()


def test_the_persons_timeline_shows_what_was_attached_and_removed(ba, hdc_item, attachment_storage):
    upload(ba, hdc_item, name="COM reply.pdf")
    attachment = Attachment.objects.get()
    ba.post(f"/casework/{hdc_item.reference}/attachments/{attachment.pk}/remove/", {"reason": "Duplicate"})
    page = ba.get(f"/people/{hdc_item.person_id}/").content.decode()
    assert "Attached a file" in page and f"COM reply.pdf on {hdc_item.reference}" in page
    assert "Removed a file" in page and "Removed reason: (blank) → Duplicate" in page
