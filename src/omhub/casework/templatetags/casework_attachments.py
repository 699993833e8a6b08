"""The "Attachments and documents" section of a work item's page, rendered from the item and the
signed-in user alone so that the page's own view needs to know nothing about it."""

from django import template

from omhub.accounts.permissions import Capability, has
from omhub.casework import attachments
from omhub.casework.attachment_forms import AttachmentForm, upload_context

register = template.Library()


@register.inclusion_tag("casework/_attachments.html", takes_context=True)
def attachments_section(context, item):
    user = context["request"].user
    return {
        "item": item, "attachments": list(attachments.attachments_of(user, item)),
        "may_attach": attachments.may_attach(user, item), "may_remove": attachments.may_remove(user, item),
        "is_auditor": has(user, Capability.VIEW_AUDIT), "has_template": bool(item.case_type.document_template),
        "form": AttachmentForm(auto_id="attachment_%s"), "csrf_token": context.get("csrf_token"),
        **upload_context(),
    }
