"""Template tags that render Django form fields as GOV.UK Design System components."""

from django import forms, template

from omhub.core.forms import GovukDateWidget

register = template.Library()


def _component(field) -> str:
    widget = field.field.widget
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.inclusion_tag("govuk/field.html")
def govuk_field(field, classes="", label_size="s", hint=""):
    component = _component(field)
    return {
        "field": field,
        "component": component,
        "classes": classes,
        "label_size": label_size,
        "hint": hint or field.help_text,
        "input_type": getattr(field.field.widget, "input_type", "text"),
        "first_input_id": f"{field.auto_id}_0" if component in {"date", "radios", "checkboxes"} else field.auto_id,
    }


@register.inclusion_tag("govuk/error_summary.html")
def govuk_error_summary(form):
    errors = []
    if form.is_bound and form.errors:
        for message in form.non_field_errors():
            errors.append({"href": "", "text": message})
        for field in form:
            component = _component(field)
            anchor = f"{field.auto_id}_0" if component in {"date", "radios", "checkboxes"} else field.auto_id
            for message in field.errors:
                errors.append({"href": f"#{anchor}", "text": message})
    return {"errors": errors}


TAG_COLOURS = {
    "red": "govuk-tag--red",
    "orange": "govuk-tag--orange",
    "yellow": "govuk-tag--yellow",
    "blue": "govuk-tag--blue",
    "grey": "govuk-tag--grey",
    "purple": "govuk-tag--purple",
    "green": "govuk-tag--green",
}


@register.simple_tag
def govuk_tag(text, colour=""):
    from django.utils.html import format_html

    return format_html('<strong class="govuk-tag {}">{}</strong>', TAG_COLOURS.get(colour, ""), text)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """The current query string with another page number: paging keeps the search and filters."""
    params = context["request"].GET.copy()
    params["page"] = number
    return "?" + params.urlencode()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for counts keyed by a loop variable."""
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
