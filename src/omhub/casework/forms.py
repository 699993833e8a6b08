import datetime

from django import forms

from omhub.casework.models import CaseType, Status
from omhub.casework.selectors import VIEWS, WorkFilters
from omhub.core.forms import GovukDateField

CHANNELS = [("", "Choose how"), ("email", "Email (secure)"), ("post", "Post"), ("hand", "By hand"),
            ("system", "Another system (e.g. PPUD, nDelius)"), ("phone", "Phone, confirmed in writing")]


class NewWorkItemForm(forms.Form):
    case_type = forms.ModelChoiceField(queryset=CaseType.objects.filter(is_active=True),
                                       empty_label="Choose a case type",
                                       error_messages={"required": "Choose a case type"})
    person = forms.CharField(max_length=20, required=False, label="Prison number or CRN",
                             help_text="Leave blank for work about no one person, such as a monitoring return")
    received_on = GovukDateField(subject="Date received", required=False, label="Date received (optional)",
                                 help_text="Leave blank for now. For example, 27 3 2026")


def _person_identifier(value: str) -> None:
    from django.core.exceptions import ValidationError

    from omhub import identifiers

    found = identifiers.identify(value)
    if value and (not found or found[0] not in ("prison_number", "crn")):
        raise ValidationError("Enter a prison number like A1234BC or a CRN like X123456")


class DetailsForm(forms.Form):
    """The case type's own fields and its checklist, built from the case type's data."""

    def __init__(self, *args, case_type: CaseType, **kwargs):
        super().__init__(*args, **kwargs)
        self.case_type = case_type
        for spec in case_type.fields:
            label = spec["label"] + ("" if spec.get("required") else " (optional)")
            if spec["kind"] == "date":
                field = GovukDateField(subject=spec["label"], required=False, label=label,
                                       help_text="For example, 27 3 2026")
            elif spec["kind"] == "choice":
                field = forms.ChoiceField(choices=[("", "Choose")] + [(c, c) for c in spec.get("choices", [])],
                                          required=False, label=label)
            elif spec["kind"] == "person":
                field = forms.CharField(max_length=20, required=False, label=label, validators=[_person_identifier],
                                        help_text="A prison number like A1234BC or a CRN like X123456",
                                        widget=forms.TextInput(attrs={"spellcheck": "false"}))
            else:
                field = forms.CharField(max_length=2000, required=False, label=label,
                                        widget=forms.Textarea if spec["kind"] == "text" else forms.TextInput)
            self.fields[f"value_{spec['name']}"] = field
        self.fields["checklist"] = forms.MultipleChoiceField(
            choices=[(check["code"], check["label"]) for check in case_type.checklist], required=False,
            widget=forms.CheckboxSelectMultiple, label="Checklist",
            help_text="Every check must be done before the item can be sent for check")

    @staticmethod
    def initial_for(item) -> dict:
        initial = {"checklist": item.checklist_done}
        for spec in item.case_type.fields:
            value = item.values.get(spec["name"], "")
            if spec["kind"] == "date" and value:
                value = datetime.date.fromisoformat(value)
            initial[f"value_{spec['name']}"] = value
        return initial

    def values(self) -> dict:
        result = {}
        for spec in self.case_type.fields:
            value = self.cleaned_data.get(f"value_{spec['name']}")
            if value not in (None, ""):
                result[spec["name"]] = value.isoformat() if isinstance(value, datetime.date) else value
        return result


class ActionForm(forms.Form):
    action = forms.CharField(max_length=20)
    version = forms.IntegerField(min_value=1)
    reason = forms.CharField(max_length=2000, required=False, widget=forms.Textarea, label="Reason")
    sent_to = forms.CharField(max_length=200, required=False, label="Sent to")
    sent_channel = forms.ChoiceField(choices=CHANNELS, required=False, label="How it was sent")
    sent_on = GovukDateField(subject="Date sent", required=False, label="Date sent")
    sent_reference = forms.CharField(max_length=100, required=False, label="Reference (optional)")


class PauseForm(forms.Form):
    version = forms.IntegerField(min_value=1)
    on = GovukDateField(subject="Date", required_message="Enter the date", label="Date")
    reason = forms.CharField(max_length=300, required=False, label="Reason")


class ExtendForm(forms.Form):
    version = forms.IntegerField(min_value=1)
    working_days = forms.IntegerField(min_value=1, max_value=60, label="Working days to add",
                                      error_messages={"required": "Enter how many working days to add",
                                                      "min_value": "An extension must be at least 1 working day",
                                                      "max_value": "An extension must be 60 working days or fewer",
                                                      "invalid": "Enter a whole number of working days"})
    reason = forms.CharField(max_length=300, required=False, label="Reason")


class RecomputeForm(forms.Form):
    version = forms.IntegerField(min_value=1)
    reason = forms.CharField(max_length=300, required=False, label="Reason")


class FilterForm(forms.Form):
    view = forms.ChoiceField(choices=list(VIEWS.items()), required=False)
    case_type = forms.ChoiceField(required=False, label="Case type")
    status = forms.ChoiceField(choices=[("", "Any status"), *Status.choices], required=False)
    assignee = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Assigned to")
    person = forms.CharField(max_length=60, required=False, label="Person",
                             help_text="Prison number, CRN or last name")
    due_from = GovukDateField(subject="Due from date", required=False, label="Due from")
    due_to = GovukDateField(subject="Due to date", required=False, label="Due to")
    risk = forms.ChoiceField(choices=[("", "Any"), ("high-rosh", "High or very high RoSH"), ("mappa", "MAPPA"),
                                      ("children", "Risk to children"), ("category-a", "Category A"),
                                      ("visor", "ViSOR")], required=False, label="Risk")
    sort = forms.ChoiceField(choices=[("due", "Due date, soonest first"), ("-due", "Due date, latest first"),
                                      ("received", "Received, oldest first"), ("-received", "Received, newest first"),
                                      ("reference", "Reference"), ("type", "Case type")], required=False,
                             label="Sort by")

    def __init__(self, *args, assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_type"].choices = [("", "Any case type")] + [
            (ct.code, ct.name) for ct in CaseType.objects.order_by("number")]
        self.fields["assignee"].choices = [("", "Anyone")] + [(u.pk, u.username) for u in assignees]


class AllocateForm(forms.Form):
    items = forms.MultipleChoiceField(required=False)
    assignee = forms.TypedChoiceField(coerce=int, empty_value=None, required=False, label="Allocate to")

    def __init__(self, *args, item_choices=(), assignees=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].choices = [(ref, ref) for ref in item_choices]
        self.fields["assignee"].choices = [("", "No one (back to the team queue)")] + [
            (u.pk, f"{u.get_full_name() or u.username} ({u.username})") for u in assignees]




class KeyDatesForm(forms.Form):
    """One optional date per kind of key date; leaving one blank removes it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from omhub.casework.models import KeyDate

        for kind, label in KeyDate.Kind.choices:
            self.fields[kind] = GovukDateField(subject=label.split(" (")[0], required=False, label=label)


def work_filters(user, form: FilterForm) -> WorkFilters:
    """The filters of a list page from its form: the same for the page and its CSV and XLSX exports.
    Without valid filters a Hub Manager starts at the unallocated queue and everyone else at their own work."""
    from omhub.accounts.permissions import Capability, has

    filters = WorkFilters(view="team" if has(user, Capability.CHECK_CASEWORK) else "mine")
    if form.is_valid():
        data = form.cleaned_data
        filters = WorkFilters(view=data["view"] or filters.view, case_type=data["case_type"], status=data["status"],
                              assignee=data["assignee"], person_query=data["person"], due_from=data["due_from"],
                              due_to=data["due_to"], risk=data["risk"], sort=data["sort"] or "due")
    return filters


class LogsForm(forms.Form):
    """The period of the hub's logs of information: work received between two dates."""

    received_from = GovukDateField(subject="Received from date", label="Received from",
                                   help_text="For example, 1 11 2026")
    received_to = GovukDateField(subject="Received to date", label="Received to",
                                 help_text="For example, 30 11 2026")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("received_from"), cleaned.get("received_to")
        if first and last and first > last:
            self.add_error("received_to", "Received to date must be the same as or after the received from date")
        return cleaned

