"""Changing a case type, and applying its current rule to the open work that follows an older one.

A case type is edited by a System Administrator without a release. Every problem with an edit is
reported at once, against the part of the form it is about, in words a hub administrator understands;
two administrators editing at once: the second is told and nothing of theirs is saved. An edit never
touches open work: each item keeps the rule it was opened under until a Hub Manager applies the current
rule to it, explicitly and with a reason (``recompute_open_items``).

Errors are keyed by the path of what is wrong, e.g. ``fields.2.name`` or ``deadline_rule.amount``, so
the API can say exactly where and each page can put the message beside its own box.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from omhub.accounts.models import Role
from omhub.accounts.permissions import Capability, has
from omhub.audit import services as audit
from omhub.casework import deadlines, selectors, services
from omhub.casework.models import CaseType, KeyDate
from omhub.core.errors import ConflictError
from omhub.timescales.errors import RuleError
from omhub.timescales.rules import MAX_AMOUNT, DeadlineRule, Direction, Unit

EDITABLE = ["name", "short_name", "description", "trigger", "is_active", "evidence", "fields", "checklist",
            "deadline_rule", "open_rule", "open_only_if", "reminder_steps", "onward_recipients", "preparer_roles",
            "checker_roles", "document_template"]
# What decides deadlines or the bring-forward diary: a change to one of these is a new version of the rules.
RULE_FIELDS = {"deadline_rule", "open_rule", "open_only_if", "reminder_steps"}

FIELD_KINDS = {
    "date": "Date",
    "text": "Text",
    "choice": "Choice from a list",
    "person": "Person (a prison number or CRN)",
    "stakeholder": "Stakeholder (a person or organisation, as text)",
}
OPEN_CONDITIONS = {
    "foreign-national": "The person is a foreign national",
    "mappa": "The person is managed under MAPPA",
    "in-custody": "The person is in custody",
    "category-a": "The person is Category A",
}
UNIT_LABELS = {Unit.WORKING_DAYS: "Working days", Unit.CALENDAR_DAYS: "Calendar days", Unit.WEEKS: "Weeks",
               Unit.MONTHS: "Months", Unit.HOURS: "Hours"}
REMINDER_STEPS = {"due-soon": "Due soon", "due-today": "Due today", "overdue": "Overdue"}
RECEIVED = "received"

MAX_FIELDS = MAX_CHECKS = 40
MAX_CHOICES = 50
MAX_RECIPIENTS = 20
MAX_DUE_SOON_DAYS = 20
_FIELD_NAME = re.compile(r"[a-z][a-z0-9_]{0,39}")
_CHECK_CODE = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
_SHORT_NAME = re.compile(r"[A-Z][A-Z0-9]{0,11}")
_CUT_OFF = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


class _Errors(dict):
    def add(self, key: str, message: str) -> None:
        self.setdefault(key, []).append(message)


def _text(value, key: str, label: str, errors: _Errors, *, max_length: int, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(key, f"{label} must be text")
        return ""
    value = value.strip()
    if required and not value:
        errors.add(key, f"Enter {label.lower()}")
    elif len(value) > max_length:
        errors.add(key, f"{label} must be {max_length:,} characters or fewer")
    return value


def _word(value) -> str | None:
    """A code or choice as sent, or None for anything that is not text (a list where a code belongs)."""
    return value if isinstance(value, str) and value else None


def _list(value, key: str, label: str, errors: _Errors) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add(key, f"{label} must be a list")
        return []
    return value


# -- each part of a case type --------------------------------------------------------------------------


def _general(changes: dict, errors: _Errors, case_type: CaseType) -> dict:
    cleaned = {}
    if "name" in changes:
        cleaned["name"] = _text(changes["name"], "name", "The name", errors, max_length=120, required=True)
    if "short_name" in changes:
        short = _text(changes["short_name"], "short_name", "The short name", errors, max_length=12, required=True)
        short = short.upper()
        if short and not _SHORT_NAME.fullmatch(short):
            errors.add("short_name", "The short name must start with a letter and have only letters and numbers, "
                                     "like HDC or CAT2")
        elif short and CaseType.objects.exclude(pk=case_type.pk).filter(short_name__iexact=short).exists():
            errors.add("short_name", f"Another case type already uses the short name {short}: references would "
                                     "be confused")
        cleaned["short_name"] = short
    if "description" in changes:
        cleaned["description"] = _text(changes["description"], "description", "The description", errors,
                                       max_length=5000)
    if "trigger" in changes:
        cleaned["trigger"] = _text(changes["trigger"], "trigger", "The trigger", errors, max_length=300)
    if "evidence" in changes:
        cleaned["evidence"] = _text(changes["evidence"], "evidence", "Where the rules come from", errors,
                                    max_length=300)
    if "is_active" in changes:
        if not isinstance(changes["is_active"], bool):
            errors.add("is_active", "Say whether the case type is in use: true or false")
        cleaned["is_active"] = bool(changes["is_active"])
    return cleaned


def _fields(value, errors: _Errors) -> list[dict]:
    rows = _list(value, "fields", "The fields", errors)
    if len(rows) > MAX_FIELDS:
        errors.add("fields", f"A case type can have at most {MAX_FIELDS} fields")
    cleaned, seen = [], set()
    for index, row in enumerate(rows):
        key = f"fields.{index}"
        if not isinstance(row, dict):
            errors.add(key, f"Field {index + 1} must have a name, a label and a kind")
            continue
        name = _text(row.get("name"), f"{key}.name", "The name", errors, max_length=40, required=True)
        if name and not _FIELD_NAME.fullmatch(name):
            errors.add(f"{key}.name", "The name must start with a small letter and have only small letters, "
                                      "numbers and underscores, like hearing_date")
        elif name in seen:
            errors.add(f"{key}.name", f"Another field is already called {name}: each name must be different")
        seen.add(name)
        label = _text(row.get("label"), f"{key}.label", "The label", errors, max_length=120, required=True)
        kind = _word(row.get("kind"))
        if kind not in FIELD_KINDS:
            errors.add(f"{key}.kind", f"Choose the kind of field: {', '.join(FIELD_KINDS)}")
        required = row.get("required", False)
        if not isinstance(required, bool):
            errors.add(f"{key}.required", "Say whether the field is required: true or false")
        spec = {"name": name, "label": label, "kind": kind, "required": bool(required)}
        if kind == "choice":
            spec["choices"] = _choices(row.get("choices"), f"{key}.choices", errors)
        cleaned.append(spec)
    return cleaned


def _choices(value, key: str, errors: _Errors) -> list[str]:
    choices = [choice.strip() if isinstance(choice, str) else choice
               for choice in _list(value, key, "The choices", errors)]
    choices = [choice for choice in choices if choice != ""]
    if any(not isinstance(choice, str) for choice in choices):
        errors.add(key, "Each choice must be text")
        return []
    if len(choices) < 2:
        errors.add(key, "Give at least 2 choices, one on each line")
    elif len(choices) > MAX_CHOICES:
        errors.add(key, f"Give at most {MAX_CHOICES} choices")
    if any(len(choice) > 120 for choice in choices):
        errors.add(key, "Each choice must be 120 characters or fewer")
    if len({choice.lower() for choice in choices}) != len(choices):
        errors.add(key, "Each choice must be different")
    return choices


def _checklist(value, errors: _Errors) -> list[dict]:
    rows = _list(value, "checklist", "The checklist", errors)
    if len(rows) > MAX_CHECKS:
        errors.add("checklist", f"A checklist can have at most {MAX_CHECKS} checks")
    cleaned, seen = [], set()
    for index, row in enumerate(rows):
        key = f"checklist.{index}"
        if not isinstance(row, dict):
            errors.add(key, f"Check {index + 1} must have a code and a label")
            continue
        code = _text(row.get("code"), f"{key}.code", "The code", errors, max_length=40, required=True)
        if code and not _CHECK_CODE.fullmatch(code):
            errors.add(f"{key}.code", "The code must have only small letters, numbers and hyphens, like "
                                      "address-checked")
        elif code in seen:
            errors.add(f"{key}.code", f"Another check already has the code {code}: each code must be different")
        seen.add(code)
        label = _text(row.get("label"), f"{key}.label", "The label", errors, max_length=200, required=True)
        cleaned.append({"code": code, "label": label})
    return cleaned


def date_field_names(fields: list[dict]) -> list[str]:
    return [spec["name"] for spec in fields if isinstance(spec, dict) and spec.get("kind") == "date"]


def _rule(value, key: str, errors: _Errors, *, anchors: set[str], opening: bool) -> dict | None:
    """A deadline rule (or, with ``opening``, the rule for when the diary opens an item), checked part by
    part so that each box of the form gets its own message."""
    if not isinstance(value, dict):
        errors.add(key, "Give the rule: how much, of what, before or after what")
        return None
    count_before = sum(len(messages) for messages in errors.values())
    unit, anchor = _word(value.get("unit")), _word(value.get("anchor"))
    direction = _word(value.get("direction")) or Direction.AFTER.value
    if unit not in set(Unit):
        errors.add(f"{key}.unit", "Choose what the rule counts: working days, calendar days, weeks, months or hours")
    amount = value.get("amount")
    if isinstance(amount, str) and amount.strip().isdigit():
        amount = int(amount.strip())
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= MAX_AMOUNT:
        errors.add(f"{key}.amount", f"Enter how many, as a whole number from 0 to {MAX_AMOUNT:,}")
    if direction not in set(Direction):
        errors.add(f"{key}.direction", "Choose before or after")
    anchor = anchor or (None if opening else RECEIVED)
    if anchor not in anchors:
        errors.add(f"{key}.anchor", "Choose the key date the diary counts from" if opening else
                   "Choose what the deadline counts from: receipt, a key date, or a date field of this case type")
    cut_off = value.get("cut_off") or None
    if cut_off is not None:
        if opening:
            errors.add(f"{key}.cut_off", "A rule for opening work has no cut-off time")
        elif not isinstance(cut_off, str) or not _CUT_OFF.fullmatch(cut_off.strip()):
            errors.add(f"{key}.cut_off", "Enter the cut-off time as hours and minutes on the 24-hour clock, like 15:00")
        elif anchor != RECEIVED or unit == Unit.HOURS:
            errors.add(f"{key}.cut_off", "A cut-off time applies only to working or calendar days counted from "
                                         "receipt: leave it blank")
        else:
            cut_off = cut_off.strip()
    if unit == Unit.HOURS and (anchor != RECEIVED or direction != Direction.AFTER):
        errors.add(f"{key}.unit", "A rule in hours counts only after receipt")
    elif direction == Direction.BEFORE and anchor == RECEIVED and not opening:
        errors.add(f"{key}.direction", "A deadline cannot fall before the work is received: count after receipt, "
                                       "or before a key date")
    if sum(len(messages) for messages in errors.values()) > count_before:
        return None
    rule = {"unit": unit, "amount": amount, "direction": direction, "anchor": anchor}
    if cut_off:
        rule["cut_off"] = cut_off
    if value.get("land_on_working_day") is False:
        rule["land_on_working_day"] = False
    try:
        DeadlineRule.from_dict(rule)
    except RuleError as error:
        errors.add(key, f"This rule cannot be used: {error}")
        return None
    return rule


def _open_only_if(value, errors: _Errors) -> list[str]:
    chosen = [_word(condition) for condition in _list(value, "open_only_if", "The conditions", errors)]
    unknown = [str(condition) for condition in chosen if condition not in OPEN_CONDITIONS]
    if unknown:
        errors.add("open_only_if", f"Choose conditions from: {', '.join(OPEN_CONDITIONS)}")
    return [condition for condition in OPEN_CONDITIONS if condition in chosen]


def _reminder_steps(value, errors: _Errors) -> list[dict]:
    steps = _list(value, "reminder_steps", "The reminder steps", errors)
    found: dict[str, dict] = {}
    roles = set(Role.objects.values_list("code", flat=True))
    for index, step in enumerate(steps):
        when = _word(step.get("when")) if isinstance(step, dict) else None
        if when not in REMINDER_STEPS:
            errors.add(f"reminder_steps.{index}", f"Each step is one of: {', '.join(REMINDER_STEPS)}")
            continue
        key = f"reminder_steps.{when}"
        if when in found:
            errors.add(key, f"The {REMINDER_STEPS[when].lower()} step is given twice")
            continue
        cleaned = {"when": when}
        if when == "due-soon":
            days = step.get("working_days_before")
            if isinstance(days, str) and days.strip().isdigit():
                days = int(days.strip())
            if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DUE_SOON_DAYS:
                errors.add(f"{key}.working_days_before", "Enter how many working days before the due date to "
                                                         f"remind, from 1 to {MAX_DUE_SOON_DAYS}")
            cleaned["working_days_before"] = days
        escalate = _word(step.get("escalate_to"))
        if escalate is not None:
            if when != "overdue":
                errors.add(f"{key}.escalate_to", "Only an overdue step escalates")
            elif escalate not in roles:
                errors.add(f"{key}.escalate_to", "Choose the role to escalate to")
            cleaned["escalate_to"] = escalate
        found[when] = cleaned
    return [found[when] for when in REMINDER_STEPS if when in found]


def _recipients(value, errors: _Errors) -> list[str]:
    names = _list(value, "onward_recipients", "The onward recipients", errors)
    if any(not isinstance(name, str) for name in names):
        errors.add("onward_recipients", "Each recipient must be text")
        return []
    names = [name.strip() for name in names if name.strip()]
    if not names:
        errors.add("onward_recipients", "Enter at least one recipient the work is sent onward to")
    if len(names) > MAX_RECIPIENTS:
        errors.add("onward_recipients", f"Enter at most {MAX_RECIPIENTS} recipients")
    too_long = [name for name in names if len(name) > 200]
    if too_long:
        errors.add("onward_recipients", f"Each recipient must be 200 characters or fewer: {too_long[0][:40]}…")
    seen, duplicates = set(), []
    for name in names:
        if name.lower() in seen:
            duplicates.append(name)
        seen.add(name.lower())
    if duplicates:
        errors.add("onward_recipients", f"{duplicates[0]} is listed twice")
    return names


def _roles(value, key: str, capability: Capability, errors: _Errors) -> list[str]:
    chosen = [_word(code) for code in _list(value, key, "The roles", errors)]
    roles = {role.code: role for role in Role.objects.all()}
    unknown = [str(code) for code in chosen if code not in roles]
    if unknown:
        errors.add(key, f"There is no role {unknown[0]}")
        return []
    what = "prepare" if capability == Capability.PREPARE_CASEWORK else "check"
    unable = [roles[code].name for code in chosen if str(capability) not in roles[code].capabilities]
    if unable:
        errors.add(key, f"{', '.join(unable)} cannot {what} hub casework: choose roles that can")
    if not chosen:
        errors.add(key, f"Choose at least one role to {what} this work")
    return [code for code in roles if code in chosen]


def _document_template(value, fields: list[dict], errors: _Errors) -> dict:
    from omhub.casework import documents

    if value in (None, {}):
        return {}
    if not isinstance(value, dict) or any(not isinstance(value.get(part, ""), str) for part in ("title", "body")):
        errors.add("document_template", "The document template has a title and a body, both text")
        return {}
    template = {"title": value.get("title", "").strip(), "body": value.get("body", "").replace("\r\n", "\n").strip()}
    if not template["title"] and not template["body"]:
        return {}
    for part, messages in documents.template_errors(template, fields).items():
        key = f"document_template.{part}" if part in ("title", "body") else "document_template"
        for message in messages:
            errors.add(key, message)
    return template


def _fields_the_template_still_needs(template: dict, old_fields: list[dict], new_fields: list[dict],
                                     errors: _Errors) -> None:
    """A field removed or renamed while the document template still uses it would print as
    [not recorded] on every document: refused, saying what to do, on the fields (what is being changed)."""
    from omhub.casework import documents

    if not isinstance(template, dict):
        return
    kept = {spec.get("name") for spec in new_fields}
    had = {spec.get("name") for spec in old_fields if isinstance(spec, dict)}
    text = "\n".join(part for part in (template.get("title"), template.get("body")) if isinstance(part, str))
    used = dict.fromkeys(match.group(1) for match in documents.PLACEHOLDER.finditer(text))
    for placeholder in used:
        name = placeholder.removeprefix(documents.FIELD_PREFIX)
        if placeholder.startswith(documents.FIELD_PREFIX) and name in had and name not in kept:
            errors.add("fields", f"The document template uses {{{{ {placeholder} }}}}: take it out of the template "
                                 "first, or keep the field")


# -- the service -----------------------------------------------------------------------------------------


def validate(case_type: CaseType, changes: dict) -> dict:
    """The changes, cleaned, or a ValidationError listing every problem."""
    errors = _Errors()
    if not isinstance(changes, dict):
        raise ValidationError({"changes": ["Send the parts of the case type to change"]})
    for key in changes:
        if key not in EDITABLE:
            errors.add(key, "The code and number of a case type never change" if key in ("code", "number")
                       else f"{key} is not a part of a case type that can be changed")
    cleaned = _general(changes, errors, case_type)
    fields = case_type.fields
    if "fields" in changes:
        fields = cleaned["fields"] = _fields(changes["fields"], errors)
    if "checklist" in changes:
        cleaned["checklist"] = _checklist(changes["checklist"], errors)
    key_dates = set(KeyDate.Kind.values)
    anchors = {RECEIVED, *key_dates, *date_field_names(fields)}
    if "deadline_rule" in changes:
        cleaned["deadline_rule"] = _rule(changes["deadline_rule"], "deadline_rule", errors, anchors=anchors,
                                         opening=False)
    elif "fields" in changes and case_type.deadline_rule.get("anchor", RECEIVED) not in anchors:
        errors.add("fields", f"The deadline counts from the field {case_type.deadline_rule['anchor']}: keep it as "
                             "a date field, or change the deadline rule first")
    if "open_rule" in changes:
        cleaned["open_rule"] = None if changes["open_rule"] is None else _rule(
            changes["open_rule"], "open_rule", errors, anchors=key_dates, opening=True)
    if "open_only_if" in changes:
        cleaned["open_only_if"] = _open_only_if(changes["open_only_if"], errors)
    if "reminder_steps" in changes:
        cleaned["reminder_steps"] = _reminder_steps(changes["reminder_steps"], errors)
    if "onward_recipients" in changes:
        cleaned["onward_recipients"] = _recipients(changes["onward_recipients"], errors)
    if "preparer_roles" in changes:
        cleaned["preparer_roles"] = _roles(changes["preparer_roles"], "preparer_roles", Capability.PREPARE_CASEWORK,
                                           errors)
    if "checker_roles" in changes:
        cleaned["checker_roles"] = _roles(changes["checker_roles"], "checker_roles", Capability.CHECK_CASEWORK,
                                          errors)
    if "document_template" in changes:
        cleaned["document_template"] = _document_template(changes["document_template"], fields, errors)
    elif "fields" in changes and case_type.document_template:
        _fields_the_template_still_needs(case_type.document_template, case_type.fields, fields, errors)
    if errors:
        raise ValidationError(dict(errors))
    return cleaned


@transaction.atomic
def update_case_type(*, actor, case_type: CaseType, expected_version: int, changes: dict) -> CaseType:
    """Change parts of a case type. Open work items are never changed: they keep the rule they were
    opened under. A change to what decides deadlines or the diary raises the rules version."""
    if not has(actor, Capability.CONFIGURE_CASEWORK):
        raise PermissionDenied("Your roles do not allow you to change case types.")
    locked = CaseType.objects.select_for_update().get(pk=case_type.pk)
    if locked.version != expected_version:
        raise ConflictError(f"Someone else changed the {locked.name} case type while you were editing it (it is "
                            f"now at version {locked.version}). Nothing you did was saved: look at it as it is now "
                            "and make your change again.", current_version=locked.version)
    cleaned = validate(locked, changes)
    tracked = EDITABLE + ["rules_version", "version"]
    before = audit.snapshot(locked, tracked)
    for key, value in cleaned.items():
        setattr(locked, key, value)
    if audit.snapshot(locked, EDITABLE) == {key: before[key] for key in EDITABLE}:
        return locked
    if any(audit.snapshot(locked, [key])[key] != before[key] for key in RULE_FIELDS):
        locked.rules_version += 1
    locked.version += 1
    locked.save()
    audit.record_change(actor=actor, instance=locked, before=before, after=audit.snapshot(locked, tracked))
    return locked


# -- applying the current rule to open work ----------------------------------------------------------------


@dataclass
class RecomputeResult:
    """What a bulk recompute did: how many items now follow the current rule, how many of their deadlines
    moved and by how many working days, and any that could not be recomputed (with why)."""

    recomputed: int = 0
    moved: int = 0
    earliest_shift: int = 0
    latest_shift: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        if not self.recomputed:
            return "No item was recomputed."
        one = self.recomputed == 1
        text = f"{self.recomputed} item{'' if one else 's'} now follow{'s' if one else ''} the current rule"
        if not self.moved:
            return text + "; no deadline moved."
        text += f"; {self.moved} deadline{'s' if self.moved != 1 else ''} moved"
        return text + f" ({_shift(self.earliest_shift)}" + (
            f" to {_shift(self.latest_shift)})." if self.latest_shift != self.earliest_shift else ")."
        )


def _shift(days: int) -> str:
    if days == 0:
        return "no change"
    word = "later" if days > 0 else "earlier"
    return f"{abs(days)} working day{'s' if abs(days) != 1 else ''} {word}"


@transaction.atomic
def recompute_open_items(*, actor, case_type: CaseType, reason: str) -> RecomputeResult:
    """Apply the case type's current rule to every open item in the actor's units that follows an older
    one, in one transaction. Each item is recomputed (and audited, with the reason) by
    services.recompute_deadline; one that cannot be (a key date it needs is missing, or someone changed
    it meanwhile) is left as it was and reported."""
    if not services.can_check(actor, case_type):
        raise PermissionDenied(f"Only a Hub Manager who checks {case_type.name} work can apply its current rule "
                               "to open items.")
    if not (reason or "").strip():
        raise ValidationError({"reason": ["Give a reason to apply the current rule to these items"]})
    calendar = deadlines.calendar()
    result = RecomputeResult()
    shifts = []
    for item in selectors.on_older_rules(actor, case_type).select_related("case_type", "unit", "person").order_by("id"):
        old_due = item.due_date
        try:
            updated = services.recompute_deadline(actor=actor, item=item, expected_version=item.version,
                                                  reason=reason)
        except (ValidationError, ConflictError, PermissionDenied) as error:
            message = error.message if isinstance(error, ConflictError) else " ".join(
                error.messages if isinstance(error, ValidationError) else [str(error)])
            result.failed.append((item.reference, message))
            continue
        result.recomputed += 1
        if updated.due_date != old_due:
            result.moved += 1
            shifts.append(calendar.working_days_between(old_due, updated.due_date))
    if shifts:
        result.earliest_shift, result.latest_shift = min(shifts), max(shifts)
    return result
