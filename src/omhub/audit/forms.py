from django import forms

from omhub.audit.models import AuditEvent
from omhub.core.forms import GovukDateField


class AuditSearchForm(forms.Form):
    actor = forms.CharField(required=False, max_length=150, label="Username")
    action = forms.ChoiceField(choices=[("", "Any action"), *AuditEvent.Action.choices], required=False)
    object_type = forms.ChoiceField(choices=[("", "Any kind of record")], required=False, label="Kind of record")
    object_id = forms.CharField(required=False, max_length=64, label="Record id")
    person_id = forms.IntegerField(required=False, min_value=1, label="Person id",
                                   error_messages={"invalid": "Person id must be a whole number"})
    request_id = forms.CharField(required=False, max_length=64, label="Request id")
    date_from = GovukDateField(subject="From date", required=False, label="From")
    date_to = GovukDateField(subject="To date", required=False, label="To")

    def __init__(self, *args, object_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", "Any kind of record"), *[(t, t) for t in object_types]]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "To date must be the same as or after the from date")
        return data
