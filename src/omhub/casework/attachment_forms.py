"""Forms of the attachment pages. They only carry what was sent: the service checks the file and the
text, so the pages and the API refuse the same things with the same words."""

from django import forms

from omhub.casework import attachments
from omhub.casework.file_checks import ALLOWED, ALLOWED_SUMMARY


class AttachmentForm(forms.Form):
    file = forms.FileField(required=False, label="Upload a file")
    description = forms.CharField(required=False, label="Description (optional)",
                                  help_text="What the file is, for example “COM address check reply”")


class RemoveAttachmentForm(forms.Form):
    reason = forms.CharField(required=False, widget=forms.Textarea, label="Why are you removing it?",
                             help_text="The file is kept, struck through, with this reason")


def upload_context() -> dict:
    """What the upload field tells the browser and the person: the allowed types and the size limit."""
    return {"accept": ",".join(f".{ext}" for ext in ALLOWED), "allowed_summary": ALLOWED_SUMMARY,
            "max_mb": attachments.max_bytes() // (1024 * 1024)}
