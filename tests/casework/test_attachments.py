"""Attaching, removing and downloading files of a work item: kept outside the database, proved by
checksum, audited, and never half-done."""

import hashlib
import logging
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import DatabaseError

from omhub.audit.models import AuditEvent
from omhub.casework import attachments, services
from omhub.casework.models import Attachment, Status, Transition, WorkItem
from omhub.core.errors import ConflictError
from tests.casework import sample_files as files
from tests.casework.conftest import ready


def attach(item, actor, name="reply.pdf", data=files.PDF, description=""):
    return attachments.attach(actor=actor, item=item, upload=files.upload(name, data), description=description)


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file())


def move_to(item, status):
    WorkItem.objects.filter(pk=item.pk).update(status=status)
    item.refresh_from_db()
    return item


def test_an_attached_file_is_stored_outside_the_database_with_its_checksum(staff, hdc_item, attachment_storage):
    attachment = attach(hdc_item, staff["business-administrator"], name="COM reply.pdf", description="COM reply")

    assert (attachment.kind, attachment.filename, attachment.content_type, attachment.size) == (
        "upload", "COM reply.pdf", "application/pdf", len(files.PDF))
    assert attachment.sha256 == hashlib.sha256(files.PDF).hexdigest()
    assert attachment.description == "COM reply" and attachment.uploaded_by == staff["business-administrator"]
    assert re.fullmatch(rf"work-items/{hdc_item.reference}/[0-9a-f]{{32}}/COM-reply\.pdf", attachment.storage_name)
    assert (attachment_storage / attachment.storage_name).read_bytes() == files.PDF


def test_attaching_is_audited_with_the_person_and_shown_in_the_items_history(staff, hdc_item, attachment_storage):
    attachment = attach(hdc_item, staff["business-administrator"])

    event = AuditEvent.objects.get(object_type="casework.attachment", object_id=str(attachment.pk))
    assert event.action == "create" and event.person_id == hdc_item.person_id
    assert event.after["sha256"] == attachment.sha256 and event.after["work_item"] == hdc_item.reference
    step = Transition.objects.filter(work_item=hdc_item).last()
    assert step.action == "attach" and step.details["filename"] == "reply.pdf"


def test_attaching_leaves_the_items_version_alone_so_no_open_form_goes_stale(staff, hdc_item, attachment_storage):
    attach(hdc_item, staff["business-administrator"])
    assert WorkItem.objects.get(pk=hdc_item.pk).version == hdc_item.version


def test_the_same_file_twice_gets_two_unguessable_storage_names(staff, hdc_item, attachment_storage):
    first = attach(hdc_item, staff["business-administrator"])
    second = attach(hdc_item, staff["business-administrator"])
    assert first.storage_name != second.storage_name
    assert len(stored_files(attachment_storage)) == 2


def test_a_pdf_that_is_really_a_zip_is_refused_and_nothing_is_kept(staff, hdc_item, attachment_storage):
    with pytest.raises(ValidationError) as refused:
        attach(hdc_item, staff["business-administrator"], name="dossier.pdf", data=files.plain_zip())
    assert refused.value.message_dict == {"file": [
        "“dossier.pdf” is named as a PDF but its content is a ZIP archive: attach the file in its real format, "
        "with the right name"]}
    assert not Attachment.objects.exists() and not stored_files(attachment_storage)


def test_a_program_renamed_docx_is_refused(staff, hdc_item, attachment_storage):
    with pytest.raises(ValidationError, match="“reply.docx” is a Windows program, not a document"):
        attach(hdc_item, staff["business-administrator"], name="reply.docx", data=files.WINDOWS_PROGRAM)


def test_a_file_over_the_configured_size_is_refused(staff, hdc_item, attachment_storage, settings):
    settings.OMHUB_ATTACHMENT_MAX_MB = 1
    with pytest.raises(ValidationError, match="“scan.pdf” is 2.0 MB: a file must be 1 MB or smaller"):
        attach(hdc_item, staff["business-administrator"], name="scan.pdf", data=files.PDF + b"0" * (2 * 1024 * 1024))


def test_every_problem_is_reported_at_once(staff, hdc_item, attachment_storage):
    with pytest.raises(ValidationError) as refused:
        attachments.attach(actor=staff["business-administrator"], item=hdc_item, upload=None, description="x" * 201)
    assert refused.value.message_dict == {"file": ["Select a file to attach"],
                                          "description": ["The description must be 200 characters or fewer"]}


@pytest.mark.parametrize("status", [Status.CLOSED, Status.WITHDRAWN])
def test_nothing_can_be_attached_to_a_closed_or_withdrawn_item(staff, hdc_item, attachment_storage, status):
    move_to(hdc_item, status)
    with pytest.raises(ConflictError, match="nothing can be attached to it now"):
        attach(hdc_item, staff["business-administrator"])
    assert not stored_files(attachment_storage)


def test_a_checker_may_attach_to_work_already_sent_onward(staff, hdc_item, attachment_storage):
    move_to(hdc_item, Status.SENT)
    assert attach(hdc_item, staff["hub-manager"], name="receipt.eml", data=files.EMAIL).content_type == "message/rfc822"


@pytest.mark.parametrize("role", ["head-of-omd", "auditor", "offender-manager", "system-administrator"])
def test_only_preparers_and_checkers_attach(staff, hdc_item, attachment_storage, role):
    with pytest.raises(PermissionDenied):
        attach(hdc_item, staff[role])


def test_staff_of_another_prison_cannot_attach(outsider, hdc_item, attachment_storage):
    with pytest.raises(PermissionDenied, match="unit you do not work in"):
        attach(hdc_item, outsider)


def test_a_download_gives_back_the_stored_bytes_and_is_audited_as_a_sensitive_read(staff, hdc_item,
                                                                                    attachment_storage):
    attachment = attach(hdc_item, staff["business-administrator"])
    found = attachments.get_attachment(staff["head-of-omd"], hdc_item.reference, attachment.pk)

    assert attachments.open_for_download(actor=staff["head-of-omd"], attachment=found) == files.PDF
    event = AuditEvent.objects.filter(action="read", object_type="casework.attachment").get()
    assert event.actor == staff["head-of-omd"] and event.person_id == hdc_item.person_id


def test_a_file_altered_in_storage_is_refused_and_logged(staff, hdc_item, attachment_storage, caplog):
    attachment = attach(hdc_item, staff["business-administrator"])
    (attachment_storage / attachment.storage_name).write_bytes(files.PDF.replace(b"Catalog", b"Catalof"))
    found = attachments.get_attachment(staff["hub-manager"], hdc_item.reference, attachment.pk)

    with caplog.at_level(logging.ERROR, logger="omhub.casework.attachments"), \
            pytest.raises(attachments.DamagedFile, match="no longer matches the checksum"):
        attachments.open_for_download(actor=staff["hub-manager"], attachment=found)
    assert "fails its checksum" in caplog.text
    assert not AuditEvent.objects.filter(action="read").exists()


def test_a_file_missing_from_storage_is_refused(staff, hdc_item, attachment_storage):
    attachment = attach(hdc_item, staff["business-administrator"])
    (attachment_storage / attachment.storage_name).unlink()
    with pytest.raises(attachments.DamagedFile, match="its file is missing from the attachment storage"):
        attachments.open_for_download(actor=staff["hub-manager"], attachment=attachment)


def test_another_prisons_staff_cannot_find_the_attachment(outsider, staff, hdc_item, attachment_storage):
    attachment = attach(hdc_item, staff["business-administrator"])
    with pytest.raises(WorkItem.DoesNotExist):
        attachments.get_attachment(outsider, hdc_item.reference, attachment.pk)


def test_removing_keeps_the_row_and_the_file_and_records_who_and_why(staff, hdc_item, attachment_storage):
    attachment = attach(hdc_item, staff["business-administrator"])
    removed = attachments.remove(actor=staff["hub-manager"], attachment=attachment, reason="Wrong person's letter")

    assert removed.removed_by == staff["hub-manager"] and removed.removed_reason == "Wrong person's letter"
    assert removed.removed_at is not None
    assert Attachment.objects.filter(pk=attachment.pk).exists()
    assert (attachment_storage / attachment.storage_name).exists()
    event = AuditEvent.objects.filter(object_type="casework.attachment", action="update").get()
    assert event.after["removed_reason"] == "Wrong person's letter" and event.person_id == hdc_item.person_id
    assert Transition.objects.filter(work_item=hdc_item).last().reason == "Wrong person's letter"


def test_removing_needs_a_reason_and_happens_once(staff, hdc_item, attachment_storage):
    attachment = attach(hdc_item, staff["business-administrator"])
    with pytest.raises(ValidationError, match="Give a reason for removing the file"):
        attachments.remove(actor=staff["business-administrator"], attachment=attachment, reason="  ")
    attachments.remove(actor=staff["business-administrator"], attachment=attachment, reason="Duplicate")
    with pytest.raises(ConflictError, match="was already removed"):
        attachments.remove(actor=staff["hub-manager"], attachment=attachment, reason="Duplicate")


@pytest.mark.parametrize(("status", "allowed"), [
    (Status.RECEIVED, True), (Status.IN_PREPARATION, True), (Status.RETURNED, True),
    (Status.READY_FOR_CHECK, False), (Status.APPROVED, False), (Status.SENT, False), (Status.CLOSED, False),
])
def test_files_are_removed_only_while_the_item_is_being_prepared_or_was_returned(staff, hdc_item,
                                                                                  attachment_storage, status, allowed):
    attachment = attach(hdc_item, staff["business-administrator"])
    move_to(hdc_item, status)
    if allowed:
        attachments.remove(actor=staff["business-administrator"], attachment=attachment, reason="Duplicate")
    else:
        with pytest.raises(ConflictError, match="attachments can only be removed while it is being prepared"):
            attachments.remove(actor=staff["business-administrator"], attachment=attachment, reason="Duplicate")


def test_a_removed_file_can_be_downloaded_only_by_an_auditor(staff, hdc_item, attachment_storage):
    attachment = attach(hdc_item, staff["business-administrator"])
    attachments.remove(actor=staff["business-administrator"], attachment=attachment, reason="Duplicate")
    with pytest.raises(PermissionDenied, match="only an auditor can download it now"):
        attachments.open_for_download(actor=staff["hub-manager"], attachment=attachment)
    found = attachments.get_attachment(staff["auditor"], hdc_item.reference, attachment.pk)
    assert attachments.open_for_download(actor=staff["auditor"], attachment=found) == files.PDF


def test_only_preparers_and_checkers_remove(staff, hdc_item, attachment_storage):
    attachment = attach(hdc_item, staff["business-administrator"])
    with pytest.raises(PermissionDenied):
        attachments.remove(actor=staff["head-of-omd"], attachment=attachment, reason="Duplicate")


class FullDiskStorage(FileSystemStorage):
    """A storage that writes half the file and then runs out of space."""

    def _save(self, name, content):
        path = self.path(name)
        import os

        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as half:
            half.write(content.read()[:10])
        raise OSError(28, "No space left on device")


def test_a_storage_that_fails_leaves_no_row_and_no_file(staff, hdc_item, settings, tmp_path):
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": f"{__name__}.FullDiskStorage", "OPTIONS": {"location": str(tmp_path)}}}
    with pytest.raises(attachments.StorageFailure, match="could not be stored, so nothing was attached"):
        attach(hdc_item, staff["business-administrator"])
    assert not Attachment.objects.exists() and not stored_files(tmp_path)
    assert not AuditEvent.objects.filter(object_type="casework.attachment").exists()


def test_a_failed_database_write_deletes_the_stored_file(staff, hdc_item, attachment_storage, monkeypatch):
    def refuse(**kwargs):
        raise DatabaseError("could not write to the database")

    monkeypatch.setattr(attachments.audit, "record", refuse)
    with pytest.raises(DatabaseError):
        attach(hdc_item, staff["business-administrator"])
    assert not Attachment.objects.exists() and not stored_files(attachment_storage)
    assert not Transition.objects.filter(action="attach").exists()


def test_an_item_withdrawn_while_its_file_was_stored_gets_no_attachment_and_keeps_no_file(
        staff, hdc_item, attachment_storage, monkeypatch):
    real_store = attachments._store

    def store_then_withdraw(item, filename, data):
        name = real_store(item, filename, data)
        WorkItem.objects.filter(pk=item.pk).update(status=Status.WITHDRAWN)
        return name

    monkeypatch.setattr(attachments, "_store", store_then_withdraw)
    with pytest.raises(ConflictError):
        attach(hdc_item, staff["business-administrator"])
    assert not Attachment.objects.exists() and not stored_files(attachment_storage)


def test_the_attachment_storage_is_chosen_by_configuration(settings, staff, hdc_item):
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.InMemoryStorage"}}
    attachment = attach(hdc_item, staff["business-administrator"])
    assert attachments.storage().__class__.__name__ == "InMemoryStorage"
    assert attachments.open_for_download(actor=staff["hub-manager"], attachment=attachment) == files.PDF


def test_a_returned_item_can_take_new_evidence_and_lose_old(staff, hdc_item, attachment_storage):
    ba, hm = staff["business-administrator"], staff["hub-manager"]
    old = attach(hdc_item, ba)
    services.take_action(actor=ba, item=hdc_item, action="start", expected_version=hdc_item.version)
    item = ready(WorkItem.objects.get(pk=hdc_item.pk), ba)
    item = services.take_action(actor=ba, item=item, action="submit", expected_version=item.version)
    item = services.take_action(actor=hm, item=item, action="return", expected_version=item.version,
                                reason="Attach the COM's reply, not the request")
    attachments.remove(actor=ba, attachment=old, reason="The request, not the reply")
    attach(item, ba, name="reply.docx", data=files.docx())
    assert [a.filename for a in attachments.attachments_of(hm, item) if a.removed_at is None] == ["reply.docx"]
