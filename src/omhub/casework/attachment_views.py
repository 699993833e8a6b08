"""Pages for a work item's attachments and generated documents: upload (a plain multipart form, so it
works without JavaScript), download, remove with a reason, and generate DOCX or PDF."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from omhub.casework import attachments, documents
from omhub.casework.attachment_forms import AttachmentForm, RemoveAttachmentForm, upload_context
from omhub.casework.models import Attachment, WorkItem
from omhub.casework.views import _item_or_404
from omhub.core.errors import ConflictError
from omhub.core.forms import apply_service_errors


def _attachment_or_404(request, reference: str, attachment_id: int) -> Attachment:
    try:
        return attachments.get_attachment(request.user, reference, attachment_id)
    except (WorkItem.DoesNotExist, Attachment.DoesNotExist) as error:
        raise Http404("No such attachment on a work item in your units") from error


@require_http_methods(["GET", "POST"])
def upload(request, reference: str):
    item = _item_or_404(request, reference)
    if not attachments.works_on(request.user, item):
        raise PermissionDenied(f"Your roles do not allow you to attach files to {item.case_type.name} work.")
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = attachments.attach(actor=request.user, item=item, upload=form.cleaned_data["file"],
                                            description=form.cleaned_data["description"])
        except ValidationError as error:
            apply_service_errors(form, error)
        except (ConflictError, attachments.StorageFailure) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"“{attachment.filename}” has been attached to {item.reference}.")
            return redirect("casework:detail", reference=item.reference)
    return render(request, "casework/attachment_form.html", {"form": form, "item": item, **upload_context()})


def download(request, reference: str, attachment_id: int):
    attachment = _attachment_or_404(request, reference, attachment_id)
    try:
        data = attachments.open_for_download(actor=request.user, attachment=attachment)
    except attachments.DamagedFile as error:
        messages.error(request, error.message)
        return redirect("casework:detail", reference=reference)
    return file_response(attachment, data)


@require_http_methods(["GET", "POST"])
def remove(request, reference: str, attachment_id: int):
    attachment = _attachment_or_404(request, reference, attachment_id)
    item = attachment.work_item
    if not attachments.works_on(request.user, item):
        raise PermissionDenied(f"Your roles do not allow you to remove attachments from {item.case_type.name} work.")
    form = RemoveAttachmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attachments.remove(actor=request.user, attachment=attachment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        except ConflictError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"“{attachment.filename}” has been removed from {item.reference}.")
            return redirect("casework:detail", reference=item.reference)
    return render(request, "casework/attachment_remove.html", {"form": form, "item": item, "attachment": attachment})


@require_POST
def generate(request, reference: str):
    item = _item_or_404(request, reference)
    if not attachments.works_on(request.user, item):
        raise PermissionDenied(f"Your roles do not allow you to generate documents for {item.case_type.name} work.")
    try:
        attachment = documents.generate(actor=request.user, item=item, fmt=request.POST.get("format", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (ConflictError, attachments.StorageFailure) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"“{attachment.filename}” has been generated and attached to {item.reference}.")
    return redirect("casework:detail", reference=item.reference)


def file_response(attachment: Attachment, data: bytes) -> HttpResponse:
    """The file as a download, never shown in the browser, under its own (safely encoded) name."""
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.filename)
    response["Cache-Control"] = "private, no-store"
    return response
