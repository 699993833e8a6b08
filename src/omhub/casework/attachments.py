"""Files kept with a work item: evidence a Business Administrator attaches, and the documents omhub
generates. Each is permission-checked, validated, audited (with the person, so it shows on their
timeline) and recorded in the item's history.

The bytes go to the "attachments" storage (settings.STORAGES), never the database, and the SHA-256
checksum taken on the way in is checked on every way out: a file altered or damaged in storage is
refused rather than handed over. A file and its row exist together or not at all: the file is stored
first, and deleted again if the database write then fails; a storage that fails writes no row.

Attaching or removing a file does not change the item's version, so nobody's open form on the item
goes stale because a document was added to it.
"""

import hashlib
import logging
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from omhub.accounts.permissions import Capability, has
from omhub.audit import services as audit
from omhub.casework import file_checks, selectors
from omhub.casework.models import Attachment, Status, Transition, WorkItem
from omhub.casework.services import _require_unit, can_check, can_prepare
from omhub.core.errors import ConflictError

logger = logging.getLogger(__name__)

CLOSED_STATUSES = (Status.CLOSED, Status.WITHDRAWN)
REMOVABLE_STATUSES = (Status.RECEIVED, Status.IN_PREPARATION, Status.RETURNED)
MAX_DESCRIPTION = 200
MAX_REASON = 300


class StorageFailure(Exception):
    """The attachment storage could not keep or give back a file; nothing was saved."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DamagedFile(StorageFailure):
    """The stored bytes are missing or no longer match the checksum taken when they were attached."""


def storage():
    return storages["attachments"]


def max_bytes() -> int:
    return settings.OMHUB_ATTACHMENT_MAX_MB * 1024 * 1024


# ----- who may do what ---------------------------------------------------------------------------------

def works_on(user, item: WorkItem) -> bool:
    """Preparers and checkers of the item's case type: the people who attach, remove and generate."""
    return can_prepare(user, item.case_type) or can_check(user, item.case_type)


def may_attach(user, item: WorkItem) -> bool:
    return works_on(user, item) and item.status not in CLOSED_STATUSES


def may_remove(user, item: WorkItem) -> bool:
    return works_on(user, item) and item.status in REMOVABLE_STATUSES


def _require_works_on(actor, item: WorkItem, doing: str) -> None:
    _require_unit(actor, item.unit)
    if not works_on(actor, item):
        raise PermissionDenied(f"Your roles do not allow you to {doing} {item.case_type.name} work.")


def _require_open(item: WorkItem) -> None:
    if item.status in CLOSED_STATUSES:
        raise ConflictError(f"{item.reference} is {item.get_status_display().lower()}: nothing can be attached to "
                            "it now. Reopen it first if more is needed.", current_version=item.version)


# ----- reads -------------------------------------------------------------------------------------------

def attachments_of(user, item: WorkItem) -> QuerySet[Attachment]:
    """The item's attachments, removed ones included (they are shown struck through)."""
    selectors.get_work_item(user, item.reference)
    return item.attachments.select_related("uploaded_by", "removed_by").order_by("uploaded_at", "id")


def get_attachment(user, reference: str, attachment_id: int) -> Attachment:
    """An attachment of a work item the user can see; Attachment.DoesNotExist (or WorkItem's) otherwise."""
    item = selectors.get_work_item(user, reference)
    attachment = item.attachments.select_related("uploaded_by", "removed_by").get(pk=attachment_id)
    attachment.work_item = item
    return attachment


# ----- writes ------------------------------------------------------------------------------------------

def attach(*, actor, item: WorkItem, upload, description: str = "") -> Attachment:
    """Attach an uploaded file (a Django UploadedFile) with an optional description."""
    _require_works_on(actor, item, "attach files to")
    _require_open(item)
    errors: dict[str, list[str]] = {}
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        errors["description"] = [f"The description must be {MAX_DESCRIPTION} characters or fewer"]
    data = filename = file_type = None
    if upload is None:
        errors["file"] = ["Select a file to attach"]
    else:
        filename = file_checks.display_name(getattr(upload, "name", "") or "")
        size = getattr(upload, "size", None) or 0
        try:
            file_checks.check_size(filename, size, max_bytes=max_bytes())
            data = b"".join(upload.chunks()) if hasattr(upload, "chunks") else upload.read()
            file_type = file_checks.check(filename, data, max_bytes=max_bytes())
        except file_checks.RefusedFile as refusal:
            errors["file"] = [str(refusal)]
    if errors:
        raise ValidationError(errors)
    return add_file(actor=actor, item=item, kind=Attachment.Kind.UPLOAD, filename=filename,
                    content_type=file_type.content_type, data=data, description=description)


def add_file(*, actor, item: WorkItem, kind: str, filename: str, content_type: str, data: bytes,
             description: str = "", audit_details: dict | None = None) -> Attachment:
    """Store the bytes, then record them; the caller has checked the file and the actor's right to add it."""
    storage_name = _store(item, filename, data)
    try:
        with transaction.atomic():
            locked = WorkItem.objects.select_for_update().select_related("case_type").get(pk=item.pk)
            _require_open(locked)
            attachment = Attachment.objects.create(
                work_item=locked, kind=kind, filename=filename, content_type=content_type, size=len(data),
                sha256=hashlib.sha256(data).hexdigest(), storage_name=storage_name,
                description=description[:MAX_DESCRIPTION], uploaded_by=actor)
            Transition.objects.create(work_item=locked, action="attach" if kind == Attachment.Kind.UPLOAD
                                      else "generate document", from_status=locked.status,
                                      to_status=locked.status, actor=actor,
                                      details={"attachment": attachment.pk, "filename": filename})
            audit.record(actor=actor, action=audit.Action.CREATE, instance=attachment, person_id=locked.person_id,
                         after={"work_item": locked.reference, "kind": kind, "filename": filename,
                                "content_type": content_type, "size": len(data), "sha256": attachment.sha256,
                                "description": attachment.description, **(audit_details or {})})
    except BaseException:
        _delete_quietly(storage_name)
        raise
    return attachment


def _store(item: WorkItem, filename: str, data: bytes) -> str:
    """Keep the bytes under a name nobody can guess and no two files share."""
    name = f"work-items/{item.reference}/{uuid.uuid4().hex}/{file_checks.storage_safe_name(filename)}"
    try:
        return storage().save(name, ContentFile(data))
    except Exception as error:
        logger.exception("Attachment storage refused %s for %s", name, item.reference)
        _delete_quietly(name)
        raise StorageFailure("The file could not be stored, so nothing was attached. Try again; if it happens "
                             "again, tell your system administrator.") from error


def _delete_quietly(name: str) -> None:
    try:
        storage().delete(name)
    except Exception:  # cleaning up after another failure must not hide that failure
        logger.exception("Could not delete %s from the attachment storage after a failed attachment", name)


@transaction.atomic
def remove(*, actor, attachment: Attachment, reason: str) -> Attachment:
    """Take an attachment off the item with a reason. The row and the file are kept: what was once
    attached can always be accounted for."""
    locked_item = WorkItem.objects.select_for_update().select_related("case_type", "unit").get(
        pk=attachment.work_item_id)
    _require_works_on(actor, locked_item, "remove attachments from")
    if locked_item.status not in REMOVABLE_STATUSES:
        raise ConflictError(f"{locked_item.reference} is {locked_item.get_status_display().lower()}: attachments can "
                            "only be removed while it is being prepared or after it was returned.",
                            current_version=locked_item.version)
    locked = Attachment.objects.select_for_update().get(pk=attachment.pk)
    if locked.removed_at is not None:
        when = timezone.localtime(locked.removed_at)
        raise ConflictError(f"“{locked.filename}” was already removed on {when:%-d %B %Y at %H:%M}.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Give a reason for removing the file"]})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": [f"The reason must be {MAX_REASON} characters or fewer"]})
    before = audit.snapshot(locked, ["removed_at", "removed_by", "removed_reason"])
    locked.removed_at, locked.removed_by, locked.removed_reason = timezone.now(), actor, reason
    locked.save(update_fields=["removed_at", "removed_by", "removed_reason"])
    Transition.objects.create(work_item=locked_item, action="remove attachment", from_status=locked_item.status,
                              to_status=locked_item.status, actor=actor, reason=reason,
                              details={"attachment": locked.pk, "filename": locked.filename})
    audit.record_change(actor=actor, instance=locked, person_id=locked_item.person_id, before=before,
                        after=audit.snapshot(locked, ["removed_at", "removed_by", "removed_reason"]))
    return locked


def may_download(user, attachment: Attachment) -> bool:
    """Anyone who can see the item may download what is attached; a removed file only an auditor."""
    return attachment.removed_at is None or has(user, Capability.VIEW_AUDIT)


def open_for_download(*, actor, attachment: Attachment) -> bytes:
    """The stored bytes, once their checksum proves they are the bytes that were attached. Audited as a
    sensitive read."""
    item = selectors.get_work_item(actor, attachment.work_item.reference)
    attachment = item.attachments.get(pk=attachment.pk)  # as stored now: removed or not, and its checksum
    if not may_download(actor, attachment):
        raise PermissionDenied(f"“{attachment.filename}” was removed from {item.reference}: only an auditor can "
                               "download it now.")
    try:
        with storage().open(attachment.storage_name, "rb") as stored:
            data = stored.read()
    except Exception as error:
        logger.error("Attachment %s (%s) of %s is missing from the attachment storage: %s", attachment.pk,
                     attachment.storage_name, item.reference, error)
        raise DamagedFile(f"“{attachment.filename}” cannot be downloaded: its file is missing from the attachment "
                          f"storage. Tell your system administrator (attachment {attachment.pk} of "
                          f"{item.reference}).") from error
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        logger.error("Attachment %s (%s) of %s fails its checksum: stored %s, found %s", attachment.pk,
                     attachment.storage_name, item.reference, attachment.sha256, hashlib.sha256(data).hexdigest())
        raise DamagedFile(f"“{attachment.filename}” cannot be downloaded: the stored file no longer matches the "
                          "checksum taken when it was attached, so it may have been altered or damaged. Tell your "
                          f"system administrator (attachment {attachment.pk} of {item.reference}).")
    audit.record(actor=actor, action=audit.Action.READ, instance=attachment, person_id=item.person_id,
                 after={"work_item": item.reference, "filename": attachment.filename, "sha256": attachment.sha256})
    return data
