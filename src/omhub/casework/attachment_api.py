"""The attachments of a work item in the JSON API: list, upload (multipart), download, remove with a
reason, and generate the case type's document. The same services as the pages, so the same rules and
the same messages."""

import datetime

from django.http import Http404
from ninja import Field, File, Form, Path, Router, Schema, Status, UploadedFile

from omhub.api.schemas import ERROR_RESPONSES, MAX_ID, CleanStr, ConflictOut, ErrorOut
from omhub.casework import attachments, documents, selectors
from omhub.casework.attachment_views import file_response
from omhub.casework.file_checks import ALLOWED
from omhub.casework.models import Attachment, WorkItem

router = Router()  # mounted on the casework router, whose tag it takes

FILE_RESPONSE = {
    "description": "The file, exactly as it was attached (its checksum is checked first)",
    "content": {content_type: {"schema": {"type": "string", "format": "binary"}}
                for content_type in sorted({file_type.content_type for file_type in ALLOWED.values()})},
}


class AttachmentOut(Schema):
    id: int
    kind: str
    filename: str
    content_type: str
    size: int
    sha256: str
    description: str
    uploaded_by: str | None
    uploaded_at: datetime.datetime
    removed_at: datetime.datetime | None
    removed_by: str | None
    removed_reason: str

    @staticmethod
    def resolve_uploaded_by(obj):
        return obj.uploaded_by.username if obj.uploaded_by_id else None

    @staticmethod
    def resolve_removed_by(obj):
        return obj.removed_by.username if obj.removed_by_id else None


class AttachmentRemove(Schema):
    reason: CleanStr = Field("", max_length=2000, description="Why the file is removed (kept with it)")


class DocumentIn(Schema):
    format: CleanStr = Field(..., max_length=10, description="docx or pdf")


def _item(request, reference: str) -> WorkItem:
    try:
        return selectors.get_work_item(request.user, reference)
    except WorkItem.DoesNotExist as error:
        raise Http404("No work item with this reference in your units") from error


def _attachment(request, reference: str, attachment_id: int) -> Attachment:
    try:
        return attachments.get_attachment(request.user, reference, attachment_id)
    except (WorkItem.DoesNotExist, Attachment.DoesNotExist) as error:
        raise Http404("No such attachment on a work item in your units") from error


def _storage_error(error: attachments.StorageFailure, status: int):
    return Status(status, {"errors": [{"field": None, "message": error.message}]})


@router.get("/work-items/{reference}/attachments", response={200: list[AttachmentOut], 404: ErrorOut,
                                                            **ERROR_RESPONSES},
            summary="A work item's attachments and generated documents (removed ones included)")
def list_attachments(request, reference: str = Path(..., max_length=30)):
    item = _item(request, reference)
    return list(attachments.attachments_of(request.user, item))


@router.post("/work-items/{reference}/attachments",
             response={201: AttachmentOut, 404: ErrorOut, 409: ConflictOut, 503: ErrorOut, **ERROR_RESPONSES},
             summary="Attach a file (multipart/form-data: file, and an optional description)")
def upload_attachment(request, reference: str = Path(..., max_length=30), file: UploadedFile | None = File(None),
                      description: CleanStr = Form("", max_length=2000)):
    item = _item(request, reference)
    try:
        attachment = attachments.attach(actor=request.user, item=item, upload=file, description=description)
    except attachments.StorageFailure as error:
        return _storage_error(error, 503)
    return Status(201, attachment)


@router.get("/work-items/{reference}/attachments/{attachment_id}",
            response={404: ErrorOut, 409: ErrorOut, **ERROR_RESPONSES},
            openapi_extra={"responses": {200: FILE_RESPONSE}},
            summary="Download an attached file (audited); refused when the stored file fails its checksum")
def download_attachment(request, reference: str = Path(..., max_length=30),
                        attachment_id: int = Path(..., ge=1, le=MAX_ID)):
    attachment = _attachment(request, reference, attachment_id)
    try:
        data = attachments.open_for_download(actor=request.user, attachment=attachment)
    except attachments.DamagedFile as error:
        return _storage_error(error, 409)
    return file_response(attachment, data)


@router.delete("/work-items/{reference}/attachments/{attachment_id}",
               response={200: AttachmentOut, 404: ErrorOut, 409: ConflictOut, **ERROR_RESPONSES},
               summary="Remove an attachment with a reason: it is kept, marked removed")
def remove_attachment(request, payload: AttachmentRemove, reference: str = Path(..., max_length=30),
                      attachment_id: int = Path(..., ge=1, le=MAX_ID)):
    attachment = _attachment(request, reference, attachment_id)
    return attachments.remove(actor=request.user, attachment=attachment, reason=payload.reason)


@router.post("/work-items/{reference}/documents",
             response={201: AttachmentOut, 404: ErrorOut, 409: ConflictOut, 503: ErrorOut, **ERROR_RESPONSES},
             summary="Generate the case type's document for the item as DOCX or PDF, kept as an attachment")
def generate_document(request, payload: DocumentIn, reference: str = Path(..., max_length=30)):
    item = _item(request, reference)
    try:
        attachment = documents.generate(actor=request.user, item=item, fmt=payload.format)
    except attachments.StorageFailure as error:
        return _storage_error(error, 503)
    return Status(201, attachment)
