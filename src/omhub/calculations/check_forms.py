"""Forms of the calculation journey and its second check."""

from django import forms

from omhub.calculations import checking, release_dates
from omhub.calculations.models import CalculationReason
from omhub.core.forms import GovukDateField


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(choices=checking.CHOSEN_REASONS, widget=forms.RadioSelect,
                               label="Why are you calculating release dates?",
                               error_messages={"required": "Choose the reason for the calculation",
                                               "invalid_choice": "Choose the reason for the calculation"})
    reason_detail = forms.CharField(max_length=300, required=False, label="Other reason (if you chose other)",
                                    error_messages={"max_length": "The reason must be 300 characters or fewer"})

    def __init__(self, *args, item=None, **kwargs):
        super().__init__(*args, **kwargs)
        if item is not None and item.values.get("reason") == CalculationReason.RECHECK.label:
            # Opened by the nightly check: the one reason a person does not choose, offered first here.
            self.fields["reason"].choices = [(CalculationReason.RECHECK.value, CalculationReason.RECHECK.label),
                                             *checking.CHOSEN_REASONS]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "other" and not (cleaned.get("reason_detail") or "").strip():
            self.add_error("reason_detail", "Say what the other reason for the calculation is")
        return cleaned


class ManualDatesForm(forms.Form):
    """A date for each release date the case has, typed from the calculation done by hand, and why."""

    reason = forms.CharField(max_length=2000, required=False, widget=forms.Textarea,
                             label="Why are these dates entered by hand?",
                             help_text="For example: the engine does not support a sentence extinguished by "
                                       "remand; calculated by hand and checked against the warrant")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code in release_dates.MANUAL_DATE_CODES:
            name = release_dates.DATE_NAMES[code]
            self.fields[f"date_{code}"] = GovukDateField(subject=name.split(" (")[0], required=False,
                                                         label=f"{name} (optional)",
                                                         help_text="For example, 27 3 2027")
        self.order_fields([f"date_{code}" for code in release_dates.MANUAL_DATE_CODES] + ["reason"])

    def dates(self) -> dict:
        return {code: self.cleaned_data.get(f"date_{code}") for code in release_dates.MANUAL_DATE_CODES
                if self.cleaned_data.get(f"date_{code}")}

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.dates():
            self.add_error(None, "Enter at least one release date")
        if not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Give the reason the dates are entered by hand")
        return cleaned


class ConfirmForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    calculation = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ReturnForm(forms.Form):
    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(max_length=2000, required=False, widget=forms.Textarea,
                             label="What does the preparer need to correct?",
                             help_text="For example: the remand days do not match the warrant (30 days, not 20)")
