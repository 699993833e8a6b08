"""Audit events in words: what a timeline or the audit search shows a person reading them."""

from django.apps import apps

OBJECT_LABELS = {
    "people.person": "record",
    "casework.workitem": "hub work item",
    "casework.keydate": "key date",
    "casework.attachment": "attachment",
    "casework.casetype": "case type",
    "people.alias": "alias",
    "accounts.user": "staff account",
    "accounts.apitoken": "API token",
    "accounts.unit": "unit",
    "calculations.calculation": "sentence calculation",
    "calculations.confirmedkeydates": "confirmed key dates",
    "calculations.booking": "sentence records",
    "calculations.courtcase": "court case",
    "calculations.sentence": "sentence",
    "calculations.adjustment": "adjustment",
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


# What a step of a work item's life is called on a timeline.
WORK_ITEM_STEPS = {
    "start": "Started preparing", "submit": "Sent for check", "return": "Returned to preparer",
    "approve": "Approved", "send": "Recorded as sent onward", "close": "Closed", "withdraw": "Withdrew",
    "reopen": "Reopened", "allocate": "Allocated", "pause": "Stopped the clock on", "resume": "Restarted the clock on",
    "extend": "Extended the deadline of", "recompute": "Applied the new deadline rule to",
    "details": "Changed the details of", "flag-for-review": "Flagged for review", "replan": "Re-planned",
}
WORK_ITEM_QUIET_FIELDS = {"step", "reason", "values", "checklist_done"}


def _work_item_lines(event, usernames: dict) -> list[str]:
    before, after = event.before or {}, event.after or {}
    lines = []
    for key, value in after.items():
        if key in WORK_ITEM_QUIET_FIELDS:
            continue
        old = before.get(key)
        if key == "assignee":
            old, value = usernames.get(old, old), usernames.get(value, value) or "the team queue"
        elif key == "status":
            old, value = _status_label(old), _status_label(value)
        lines.append(f"{_field_label(event.object_type, key)}: {_value(old)} → {_value(value)}")
    if "checklist_done" in after:
        lines.append(f"Checklist: {len(after['checklist_done'] or [])} done")
    if after.get("reason"):
        lines.append(f"Reason: {after['reason']}")
    return lines


def _status_label(value):
    from omhub.casework.models import Status

    return dict(Status.choices).get(value, value)


def decorate(events):
    events = list(events)
    user_ids = {value for event in events if event.object_type == "casework.workitem"
                for data in (event.before or {}, event.after or {}) if isinstance(data, dict)
                for key, value in data.items() if key == "assignee" and value}
    usernames = {}
    if user_ids:
        from omhub.accounts.models import User

        usernames = dict(User.objects.filter(pk__in=user_ids).values_list("pk", "username"))
    for event in events:
        event.object_label = OBJECT_LABELS.get(event.object_type, event.object_type)
        event.headline = f"{event.get_action_display()} {event.object_label}"
        if event.object_type == "casework.workitem" and isinstance(event.after, dict):
            reference = event.object_repr.split(" ")[0]
            step = event.after.get("step")
            if event.action == "create":
                event.headline = f"Opened hub work item {event.object_repr}"
            elif step in WORK_ITEM_STEPS:
                event.headline = f"{WORK_ITEM_STEPS[step]} {reference}"
            else:
                event.headline = f"Changed hub work item {reference}"
            event.change_lines = [] if event.action == "create" else _work_item_lines(event, usernames)
        else:
            event.change_lines = change_lines(event)
            if event.object_type == "casework.attachment":
                event.headline = {"create": "Attached a file", "update": "Removed a file",
                                  "read": "Downloaded a file"}.get(event.action, event.headline)
    return events
