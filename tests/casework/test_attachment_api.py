"""Attachments in the API: the same rules and the same messages as the pages."""

import hashlib

import pytest

from omhub.casework.models import Attachment, Status, WorkItem
from tests.casework import sample_files as files


@pytest.fixture
def ba(staff, api_client):
    return api_client(staff["business-administrator"])


def url(item, rest=""):
    return f"/api/v1/work-items/{item.reference}/{rest}"


def test_a_file_is_uploaded_as_multipart_listed_and_downloaded(ba, hdc_item, attachment_storage):
    response = ba.post(url(hdc_item, "attachments"), {"file": files.upload("reply.eml", files.EMAIL),
                                                      "description": "COM reply"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {key: body[key] for key in ("kind", "filename", "content_type", "size", "sha256", "description",
                                       "uploaded_by", "removed_at")} == {
        "kind": "upload", "filename": "reply.eml", "content_type": "message/rfc822", "size": len(files.EMAIL),
        "sha256": hashlib.sha256(files.EMAIL).hexdigest(), "description": "COM reply", "uploaded_by": "ba",
        "removed_at": None}

    assert [a["id"] for a in ba.get(url(hdc_item, "attachments")).json()] == [body["id"]]
    download = ba.get(url(hdc_item, f"attachments/{body['id']}"))
    assert download.status_code == 200 and download.content == files.EMAIL
    assert download["Content-Type"] == "message/rfc822"
    assert download["Content-Disposition"] == 'attachment; filename="reply.eml"'


def test_refusals_carry_the_pages_messages_field_by_field(ba, hdc_item, attachment_storage):
    response = ba.post(url(hdc_item, "attachments"), {"file": files.upload("reply.docx", files.WINDOWS_PROGRAM),
                                                      "description": "x" * 201})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "description", "message": "The description must be 200 characters or fewer"},
        {"field": "file", "message": "“reply.docx” is a Windows program, not a document: programs and scripts "
                                     "cannot be attached"}]
    missing = ba.post(url(hdc_item, "attachments"), {"description": ""})
    assert missing.json()["errors"] == [{"field": "file", "message": "Select a file to attach"}]
    assert not Attachment.objects.exists()


def test_a_damaged_file_is_a_409_with_the_reason(ba, hdc_item, attachment_storage):
    created = ba.post(url(hdc_item, "attachments"), {"file": files.upload("a.pdf", files.PDF)}).json()
    stored = Attachment.objects.get(pk=created["id"])
    (attachment_storage / stored.storage_name).write_bytes(b"%PDF-1.7 altered")
    response = ba.get(url(hdc_item, f"attachments/{created['id']}"))
    assert response.status_code == 409
    assert "no longer matches the checksum" in response.json()["errors"][0]["message"]


def test_delete_removes_with_a_reason_and_keeps_the_record(ba, hdc_item, attachment_storage):
    created = ba.post(url(hdc_item, "attachments"), {"file": files.upload("a.pdf", files.PDF)}).json()
    path = url(hdc_item, f"attachments/{created['id']}")

    no_reason = ba.delete(path, {"reason": ""}, content_type="application/json")
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"] == [{"field": "reason", "message": "Give a reason for removing the file"}]

    removed = ba.delete(path, {"reason": "Duplicate"}, content_type="application/json")
    assert removed.status_code == 200
    assert removed.json()["removed_by"] == "ba" and removed.json()["removed_reason"] == "Duplicate"
    assert ba.get(url(hdc_item, "attachments")).json()[0]["removed_at"] is not None
    assert ba.get(path).status_code == 403
    assert ba.delete(path, {"reason": "Again"}, content_type="application/json").status_code == 409


def test_documents_are_generated_as_docx_or_pdf(ba, hdc_item, attachment_storage):
    response = ba.post(url(hdc_item, "documents"), {"format": "pdf"}, content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "generated" and response.json()["content_type"] == "application/pdf"
    assert ba.get(url(hdc_item, f"attachments/{response.json()['id']}")).content.startswith(b"%PDF-")
    wrong = ba.post(url(hdc_item, "documents"), {"format": "html"}, content_type="application/json")
    assert wrong.status_code == 422 and wrong.json()["errors"] == [{"field": "format", "message": "Choose DOCX or PDF"}]


def test_a_closed_item_takes_no_files_409(ba, hdc_item, attachment_storage):
    WorkItem.objects.filter(pk=hdc_item.pk).update(status=Status.CLOSED)
    response = ba.post(url(hdc_item, "attachments"), {"file": files.upload("a.pdf", files.PDF)})
    assert response.status_code == 409
    assert "nothing can be attached to it now" in response.json()["errors"][0]["message"]
    assert ba.post(url(hdc_item, "documents"), {"format": "docx"}, content_type="application/json").status_code == 409


def test_a_storage_failure_is_a_503_that_saves_nothing(ba, hdc_item, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "tests.casework.test_attachments.FullDiskStorage", "OPTIONS": {"location": str(tmp_path)}}}
    response = ba.post(url(hdc_item, "attachments"), {"file": files.upload("a.pdf", files.PDF)})
    assert response.status_code == 503 and "nothing was attached" in response.json()["errors"][0]["message"]
    assert not Attachment.objects.exists()
