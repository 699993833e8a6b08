from django import forms

from omhub.notifications.models import KIND_DESCRIPTIONS, Kind


class EmailPreferencesForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        choices=[(kind.value, f"{kind.label}: {KIND_DESCRIPTIONS[kind].lower()}") for kind in Kind],
        required=False, widget=forms.CheckboxSelectMultiple, label="Email me when",
        help_text="You always see every notification in omhub. Untick the ones you do not want by email.",
        error_messages={"invalid_choice": "Choose only the kinds of email listed"})

    def enabled(self) -> dict[str, bool]:
        chosen = set(self.cleaned_data["kinds"])
        return {kind: kind in chosen for kind in Kind.values}
