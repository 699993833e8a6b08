"""The small forms a System Administrator edits a case type with, one part at a time.

The forms only read what was typed; every rule about what a case type may hold is checked by
case_type_services.validate, so the pages and the API say the same thing. Each form turns itself into
the ``changes`` the service takes, and knows which of its boxes an error of the service is about.
"""

from django import forms

from omhub.accounts.models import Role
from omhub.accounts.permissions import Capability
from omhub.casework.case_type_services import (
    FIELD_KINDS,
    OPEN_CONDITIONS,
    RECEIVED,
    UNIT_LABELS,
    date_field_names,
)
from omhub.casework.models import CaseType, KeyDate

BLANK_ROWS = 3
MAX_ROWS = 60


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class CaseTypeForm(forms.Form):
    """One part of a case type. ``changes()`` is what the service is asked to change; ``box_for(key)``
    the form field an error of the service belongs beside (None: at the top)."""

    title = ""
    intro = ""

    def __init__(self, *args, case_type: CaseType, **kwargs):
        self.case_type = case_type
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, case_type: CaseType) -> dict:
        raise NotImplementedError

    def changes(self) -> dict:
        raise NotImplementedError

    def box_for(self, key: str) -> str | None:
        name = key.rsplit(".", 1)[-1]
        return name if name in self.fields else None

    def message_for(self, key: str, message: str) -> str:
        return message


class GeneralForm(CaseTypeForm):
    title = "Name, description and trigger"
    name = forms.CharField(required=False, label="Name")
    short_name = forms.CharField(required=False, label="Short name",
                                 help_text="The start of every new work item's reference, like HDC in HDC-000123")
    description = forms.CharField(required=False, widget=forms.Textarea, label="Description (optional)")
    trigger = forms.CharField(required=False, label="What usually starts one (optional)")
    evidence = forms.CharField(required=False, label="Where the rules come from (optional)",
                               help_text="E: found in policy or an HMPPS service; G: a default to confirm with users")
    is_active = forms.BooleanField(required=False, label="In use: new work of this type can be opened")

    @classmethod
    def initial_for(cls, case_type):
        return {name: getattr(case_type, name) for name in
                ("name", "short_name", "description", "trigger", "evidence", "is_active")}

    def changes(self):
        return dict(self.cleaned_data)


class _RowsForm(CaseTypeForm):
    """A table of rows (fields, checks): each existing row, then blank rows to add; a row with
    "remove" ticked, or left blank, is not kept."""

    rows = forms.IntegerField(widget=forms.HiddenInput, required=False)
    prefix_name = ""
    row_label = ""
    columns: list[str] = []

    def __init__(self, *args, case_type, add_rows: bool = False, **kwargs):
        super().__init__(*args, case_type=case_type, **kwargs)
        count = self._row_count() + (BLANK_ROWS if add_rows else 0)
        self.row_count = max(1, min(count, MAX_ROWS))
        for index in range(self.row_count):
            for name, field in self.row_fields().items():
                self.fields[f"{self.prefix_name}_{index}_{name}"] = field
        self.kept: list[int] = []

    def _row_count(self) -> int:
        if self.is_bound:
            try:
                return int(self.data.get("rows", 0))
            except (TypeError, ValueError):
                return BLANK_ROWS
        return int(self.initial.get("rows") or BLANK_ROWS)

    def row_fields(self) -> dict:
        raise NotImplementedError

    def row_groups(self) -> list[tuple[int, list]]:
        return [(index + 1, [self[f"{self.prefix_name}_{index}_{name}"] for name in self.row_fields()])
                for index in range(self.row_count)]

    def _row(self, index: int) -> dict:
        return {name: self.cleaned_data.get(f"{self.prefix_name}_{index}_{name}") for name in self.row_fields()}

    def _kept_rows(self) -> list[dict]:
        """The rows to keep, remembering which row of the page each came from, for placing errors."""
        kept, self.kept = [], []
        for index in range(self.row_count):
            row = self._row(index)
            if row.pop("remove", False) or not any(row.get(name) for name in self.columns):
                continue
            kept.append(row)
            self.kept.append(index)
        return kept

    def box_for(self, key):
        parts = key.split(".")
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(self.kept):
            row = self.kept[int(parts[1])]
            name = parts[2] if len(parts) > 2 else self.columns[0]
            box = f"{self.prefix_name}_{row}_{name}"
            return box if box in self.fields else f"{self.prefix_name}_{row}_{self.columns[0]}"
        return None

    def message_for(self, key, message):
        """Which row a message is about, since the summary at the top lists them all."""
        parts = key.split(".")
        if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) < len(self.kept):
            return f"{self.row_label} {self.kept[int(parts[1])] + 1}: {message}"
        return message


class FieldsForm(_RowsForm):
    title = "Fields"
    intro = ("The details a preparer records for work of this type. A field's name is how documents and rules "
             "refer to it (small letters, numbers and underscores, like hearing_date). Values already recorded "
             "on work items are kept when a field is removed, but no longer shown.")
    prefix_name = "field"
    row_label = "Field"
    columns = ["name", "label", "choices"]

    def row_fields(self):
        return {
            "name": forms.CharField(required=False, label="Name",
                                    widget=forms.TextInput(attrs={"spellcheck": "false"})),
            "label": forms.CharField(required=False, label="Label"),
            "kind": forms.ChoiceField(choices=[("", "Choose a kind"), *FIELD_KINDS.items()], required=False,
                                      label="Kind"),
            "required": forms.BooleanField(required=False, label="Required before the work is sent for check"),
            "choices": forms.CharField(required=False, widget=forms.Textarea, label="Choices (for a choice field)",
                                       help_text="One on each line"),
            "remove": forms.BooleanField(required=False, label="Remove this field"),
        }

    @classmethod
    def initial_for(cls, case_type):
        initial = {"rows": len(case_type.fields) + BLANK_ROWS}
        for index, spec in enumerate(case_type.fields):
            initial.update({f"field_{index}_name": spec.get("name"), f"field_{index}_label": spec.get("label"),
                            f"field_{index}_kind": spec.get("kind"), f"field_{index}_required": spec.get("required"),
                            f"field_{index}_choices": "\n".join(spec.get("choices") or [])})
        return initial

    def changes(self):
        fields = []
        for row in self._kept_rows():
            spec = {"name": row["name"], "label": row["label"], "kind": row["kind"], "required": row["required"]}
            if row["kind"] == "choice":
                spec["choices"] = _lines(row["choices"])
            fields.append(spec)
        return {"fields": fields}


class ChecklistForm(_RowsForm):
    title = "Checklist"
    intro = "Every check must be ticked before a work item can be sent for check."
    prefix_name = "check"
    row_label = "Check"
    columns = ["code", "label"]

    def row_fields(self):
        return {
            "code": forms.CharField(required=False, label="Code",
                                    help_text="Small letters, numbers and hyphens, like address-checked",
                                    widget=forms.TextInput(attrs={"spellcheck": "false"})),
            "label": forms.CharField(required=False, label="What is checked"),
            "remove": forms.BooleanField(required=False, label="Remove this check"),
        }

    @classmethod
    def initial_for(cls, case_type):
        initial = {"rows": len(case_type.checklist) + BLANK_ROWS}
        for index, check in enumerate(case_type.checklist):
            initial.update({f"check_{index}_code": check.get("code"), f"check_{index}_label": check.get("label")})
        return initial

    def changes(self):
        return {"checklist": [{"code": row["code"], "label": row["label"]} for row in self._kept_rows()]}


def _anchor_choices(case_type: CaseType, *, with_received: bool, with_fields: bool) -> list:
    choices = [(RECEIVED, "When the work is received")] if with_received else []
    choices += [(kind, f"The person's {label[0].lower()}{label[1:]}") for kind, label in KeyDate.Kind.choices]
    if with_fields:
        labels = {spec["name"]: spec.get("label", spec["name"]) for spec in case_type.fields}
        choices += [(name, f"The field “{labels[name]}” ({name})") for name in date_field_names(case_type.fields)]
    return choices


class _RuleFields(CaseTypeForm):
    unit = forms.ChoiceField(choices=[("", "Choose"), *((unit.value, label) for unit, label in UNIT_LABELS.items())],
                             required=False, label="Counted in")
    amount = forms.CharField(required=False, label="How many",
                             widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    direction = forms.ChoiceField(choices=[("after", "After"), ("before", "Before")], required=False,
                                  widget=forms.RadioSelect, label="Before or after")

    def _rule(self) -> dict:
        data = self.cleaned_data
        amount = (data.get("amount") or "").strip()
        return {"unit": data.get("unit") or None, "amount": int(amount) if amount.isdigit() else amount or None,
                "direction": data.get("direction") or "after", "anchor": data.get("anchor") or None}


class DeadlineForm(_RuleFields):
    title = "Deadline rule"
    intro = ("When a work item of this type is due. A change applies to work opened from now on; open work keeps "
             "the rule it was opened under until a Hub Manager applies the new one.")
    anchor = forms.ChoiceField(required=False, label="Counted from",
                               help_text="A date field must be filled in when the work is opened, which only the "
                                         "API allows: prefer receipt or a key date")
    cut_off = forms.CharField(required=False, label="Cut-off time (optional)",
                              help_text="Work received at or after this time counts from the next working day, "
                                        "like 15:00. Only for a rule counted from receipt.")

    def __init__(self, *args, case_type, **kwargs):
        super().__init__(*args, case_type=case_type, **kwargs)
        self.fields["anchor"].choices = _anchor_choices(case_type, with_received=True, with_fields=True)

    @classmethod
    def initial_for(cls, case_type):
        rule = case_type.deadline_rule or {}
        return {"unit": rule.get("unit"), "amount": rule.get("amount"), "direction": rule.get("direction", "after"),
                "anchor": rule.get("anchor", RECEIVED), "cut_off": rule.get("cut_off") or ""}

    def changes(self):
        rule = self._rule()
        if self.cleaned_data.get("cut_off"):
            rule["cut_off"] = self.cleaned_data["cut_off"].strip()
        if (self.case_type.deadline_rule or {}).get("land_on_working_day") is False:
            rule["land_on_working_day"] = False
        return {"deadline_rule": rule}


class OpeningForm(_RuleFields):
    title = "When the diary opens work"
    intro = ("The bring-forward diary opens work of this type by itself, a set time before or after one of the "
             "person's key dates, for people who meet every condition ticked.")
    opens = forms.BooleanField(required=False, label="The bring-forward diary opens work of this type")
    anchor = forms.ChoiceField(required=False, label="Counted from")
    open_only_if = forms.MultipleChoiceField(choices=list(OPEN_CONDITIONS.items()), required=False,
                                             widget=forms.CheckboxSelectMultiple,
                                             label="Only for people who meet every one of these conditions")

    field_order = ["opens", "unit", "amount", "direction", "anchor", "open_only_if"]

    def __init__(self, *args, case_type, **kwargs):
        super().__init__(*args, case_type=case_type, **kwargs)
        self.fields["anchor"].choices = [("", "Choose a key date")] + _anchor_choices(
            case_type, with_received=False, with_fields=False)

    @classmethod
    def initial_for(cls, case_type):
        rule = case_type.open_rule or {}
        return {"opens": bool(case_type.open_rule), "unit": rule.get("unit"), "amount": rule.get("amount"),
                "direction": rule.get("direction", "before"), "anchor": rule.get("anchor"),
                "open_only_if": case_type.open_only_if}

    def changes(self):
        return {"open_rule": self._rule() if self.cleaned_data.get("opens") else None,
                "open_only_if": self.cleaned_data.get("open_only_if") or []}


class RemindersForm(CaseTypeForm):
    title = "Reminders and escalation"
    intro = "Who is reminded of open work of this type, and when. Counted in working days."
    due_soon = forms.BooleanField(required=False, label="Remind when the work is due soon")
    working_days_before = forms.CharField(required=False, label="Working days before the due date",
                                          widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    due_today = forms.BooleanField(required=False, label="Remind on the day the work is due")
    overdue = forms.BooleanField(required=False, label="Remind when the work is overdue")
    escalate_to = forms.ChoiceField(required=False, label="When overdue, also tell")

    def __init__(self, *args, case_type, **kwargs):
        super().__init__(*args, case_type=case_type, **kwargs)
        self.fields["escalate_to"].choices = [("", "No one else")] + [
            (role.code, f"Every {role.name} of the unit") for role in Role.objects.all()]

    @classmethod
    def initial_for(cls, case_type):
        steps = {step.get("when"): step for step in case_type.reminder_steps if isinstance(step, dict)}
        return {"due_soon": "due-soon" in steps,
                "working_days_before": steps.get("due-soon", {}).get("working_days_before", 2),
                "due_today": "due-today" in steps, "overdue": "overdue" in steps,
                "escalate_to": steps.get("overdue", {}).get("escalate_to") or ""}

    def changes(self):
        data, steps = self.cleaned_data, []
        if data.get("due_soon"):
            days = (data.get("working_days_before") or "").strip()
            steps.append({"when": "due-soon", "working_days_before": int(days) if days.isdigit() else days or None})
        if data.get("due_today"):
            steps.append({"when": "due-today"})
        if data.get("overdue"):
            steps.append({"when": "overdue", **({"escalate_to": data["escalate_to"]} if data.get("escalate_to")
                                                else {})})
        return {"reminder_steps": steps}


class RecipientsForm(CaseTypeForm):
    title = "Onward recipients"
    recipients = forms.CharField(required=False, widget=forms.Textarea, label="Sent onward to",
                                 help_text="One recipient on each line. The preparer picks from these when recording "
                                           "where the work was sent.")

    @classmethod
    def initial_for(cls, case_type):
        return {"recipients": "\n".join(case_type.onward_recipients)}

    def changes(self):
        return {"onward_recipients": _lines(self.cleaned_data.get("recipients"))}

    def box_for(self, key):
        return "recipients" if key.startswith("onward_recipients") else None


def _role_choices(capability: Capability) -> list:
    return [(role.code, role.name + ("" if str(capability) in role.capabilities else
                                     " (cannot " + ("prepare" if capability == Capability.PREPARE_CASEWORK
                                                    else "check") + " casework)"))
            for role in Role.objects.all()]


class RolesForm(CaseTypeForm):
    title = "Who prepares and who checks"
    intro = "A checker never checks work they prepared themselves."
    preparer_roles = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                               label="Roles that prepare this work")
    checker_roles = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                              label="Roles that check this work")

    def __init__(self, *args, case_type, **kwargs):
        super().__init__(*args, case_type=case_type, **kwargs)
        self.fields["preparer_roles"].choices = _role_choices(Capability.PREPARE_CASEWORK)
        self.fields["checker_roles"].choices = _role_choices(Capability.CHECK_CASEWORK)

    @classmethod
    def initial_for(cls, case_type):
        return {"preparer_roles": case_type.preparer_roles, "checker_roles": case_type.checker_roles}

    def changes(self):
        return {"preparer_roles": self.cleaned_data.get("preparer_roles") or [],
                "checker_roles": self.cleaned_data.get("checker_roles") or []}


class DocumentForm(CaseTypeForm):
    title = "Document template"
    intro = ("The document omhub generates for a work item of this type. Write {{ placeholder }} where a value "
             "goes; a value that is not recorded prints as [not recorded]. Leave both boxes blank for no document.")
    document_title = forms.CharField(required=False, label="Title")
    body = forms.CharField(required=False, widget=forms.Textarea, label="Body",
                           help_text="Paragraphs separated by a blank line")

    @classmethod
    def initial_for(cls, case_type):
        template = case_type.document_template or {}
        return {"document_title": template.get("title", ""), "body": template.get("body", "")}

    def changes(self):
        title, body = self.cleaned_data.get("document_title") or "", self.cleaned_data.get("body") or ""
        return {"document_template": {"title": title, "body": body} if (title.strip() or body.strip()) else {}}

    def box_for(self, key):
        return {"document_template.title": "document_title", "document_template.body": "body"}.get(key)


PARTS = {
    "general": GeneralForm,
    "fields": FieldsForm,
    "checklist": ChecklistForm,
    "deadline": DeadlineForm,
    "opening": OpeningForm,
    "reminders": RemindersForm,
    "recipients": RecipientsForm,
    "roles": RolesForm,
    "document": DocumentForm,
}


class BulkRecomputeForm(forms.Form):
    reason = forms.CharField(max_length=300, required=False, label="Reason",
                             error_messages={"max_length": "The reason must be 300 characters or fewer"},
                             help_text="Recorded on every item's history, like “Rule corrected after policy change "
                                       "PSI 12/2026”")
