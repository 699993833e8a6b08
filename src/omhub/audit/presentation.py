"""Audit events in words: what a timeline or the audit search shows a person reading them."""

from django.apps import apps

OBJECT_LABELS = {
    "people.person": "record",
    "people.alias": "alias",
    "accounts.user": "staff account",
    "accounts.apitoken": "API token",
    "accounts.unit": "unit",
    "casework.attachment": "attachment",
}


def _field_label(object_type: str, field: str) -> str:
    try:
        model = apps.get_model(object_type)
        return str(model._meta.get_field(field).verbose_name).capitalize()
    except (LookupError, ValueError, Exception):
        return field.replace("_", " ").capitalize()


def _value(value) -> str:
    if value in (None, "", []):
        return "(blank)"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def change_lines(event) -> list[str]:
    """One line per changed field: 'Legal status: remand → sentenced'."""
    if event.action == "update" and isinstance(event.after, dict):
        before = event.before or {}
        return [f"{_field_label(event.object_type, key)}: {_value(before.get(key))} → {_value(value)}"
                for key, value in event.after.items()]
    if event.object_type == "casework.attachment" and event.action in ("create", "read") and \
            isinstance(event.after, dict):
        return [f"{event.after.get('filename', '')} on {event.after.get('work_item', '')}"]
    if event.object_type == "people.alias" and isinstance(event.after or event.before, dict):
        data = event.after or event.before
        return [f"{data.get('first_name', '')} {data.get('last_name', '')}".strip()]
    return []


def decorate(events):
    for event in events:
        event.object_label = OBJECT_LABELS.get(event.object_type, event.object_type)
        event.change_lines = change_lines(event)
    return events
