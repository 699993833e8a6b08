from django import forms
from django.utils import timezone

from omhub import identifiers
from omhub.accounts.models import Unit
from omhub.core.forms import GovukDateField
from omhub.people.models import (
    ImmigrationStatus,
    LegalStatus,
    MappaCategory,
    MappaLevel,
    RoshLevel,
    SecurityCategory,
    Sex,
    Tier,
)
from omhub.people.services import date_of_birth_problem

IDENTIFIER_FORMATS = {
    "prison_number": identifiers.normalise_prison_number,
    "crn": identifiers.normalise_crn,
    "pnc_number": identifiers.normalise_pnc,
    "cro_number": identifiers.normalise_cro,
    "booking_number": identifiers.normalise_booking_number,
}


def _blank(label: str, choices) -> list[tuple[str, str]]:
    return [("", label), *[(str(value), text) for value, text in choices]]


class PersonForm(forms.Form):
    """The nominal record. Identifiers are checked here for their shape and again by the service, which
    also applies the rules across fields and across records (one person per prison number)."""

    first_name = forms.CharField(max_length=60, error_messages={"required": "Enter a first name"},
                                 widget=forms.TextInput(attrs={"spellcheck": "false"}))
    middle_names = forms.CharField(max_length=120, required=False,
                                   widget=forms.TextInput(attrs={"spellcheck": "false"}))
    last_name = forms.CharField(max_length=60, error_messages={"required": "Enter a last name"},
                                widget=forms.TextInput(attrs={"spellcheck": "false"}))
    date_of_birth = GovukDateField(subject="Date of birth", required_message="Enter a date of birth",
                                   help_text="For example, 27 3 1985")
    sex = forms.ChoiceField(choices=Sex.choices, initial=Sex.NOT_KNOWN, widget=forms.RadioSelect)

    prison_number = forms.CharField(max_length=20, required=False, label="Prison number",
                                    help_text="For example, A1234BC",
                                    widget=forms.TextInput(attrs={"spellcheck": "false"}))
    crn = forms.CharField(max_length=20, required=False, label="Case reference number (CRN)",
                          help_text="The probation case reference, for example X123456. "
                                    "Enter a prison number, a CRN or both.")
    pnc_number = forms.CharField(max_length=20, required=False, label="PNC number (optional)",
                                 help_text="For example, 2012/0052834K")
    cro_number = forms.CharField(max_length=20, required=False, label="CRO number (optional)",
                                 help_text="For example, 123456/08T")
    booking_number = forms.CharField(max_length=20, required=False, label="Booking number (optional)",
                                     help_text="For example, 12345A")

    legal_status = forms.ChoiceField(choices=_blank("Choose legal status", LegalStatus.choices), required=False)
    establishment = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False,
                                           empty_label="Not in custody", label="Establishment")
    cell_location = forms.CharField(max_length=30, required=False, label="Cell location (optional)",
                                    help_text="For example, A-1-012")
    probation_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False,
                                            empty_label="Not on probation", label="Probation delivery unit")
    security_category = forms.ChoiceField(choices=_blank("Not categorised", SecurityCategory.choices), required=False)
    nationality = forms.CharField(max_length=60, required=False, label="Nationality (optional)",
                                  help_text="For example, British or Polish")
    immigration_status = forms.ChoiceField(choices=ImmigrationStatus.choices, initial=ImmigrationStatus.NOT_KNOWN)

    rosh_level = forms.ChoiceField(choices=_blank("Not assessed", RoshLevel.choices), required=False,
                                   label="Risk of serious harm (RoSH)")
    tier = forms.ChoiceField(choices=_blank("Not tiered", Tier.choices), required=False)
    mappa_level = forms.TypedChoiceField(choices=_blank("Not managed under MAPPA", MappaLevel.choices),
                                         coerce=int, empty_value=None, required=False, label="MAPPA level")
    mappa_category = forms.TypedChoiceField(choices=_blank("None", MappaCategory.choices), coerce=int,
                                            empty_value=None, required=False, label="MAPPA category")
    risk_to_children = forms.BooleanField(required=False, label="Risk to children")
    safeguarding_concern = forms.BooleanField(required=False, label="Safeguarding concern")
    harassment_or_restraining_order = forms.BooleanField(required=False, label="Harassment or restraining order")
    visor_registered = forms.BooleanField(required=False, label="Registered on ViSOR")
    public_protection_concern = forms.BooleanField(required=False, label="Public protection concern")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(is_active=True).order_by("name")
        self.fields["establishment"].queryset = units.filter(kind=Unit.Kind.PRISON)
        self.fields["probation_unit"].queryset = units.filter(kind=Unit.Kind.PROBATION_DELIVERY_UNIT)

    def clean(self):
        """Identifier formats are checked here too, so a form with a missing name also reports a
        mistyped prison number: every problem at once, not one per attempt."""
        data = super().clean()
        for field, normalise in IDENTIFIER_FORMATS.items():
            value = (data.get(field) or "").strip()
            if value and field not in self.errors:
                try:
                    data[field] = normalise(value)
                except identifiers.InvalidIdentifier as error:
                    self.add_error(field, str(error))
        return data

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if problem := date_of_birth_problem(value, timezone.localdate()):
            raise forms.ValidationError(problem)
        return value

    def clean_legal_status(self):
        value = self.cleaned_data.get("legal_status")
        if not value:
            raise forms.ValidationError("Choose the person's legal status")
        return value


class AliasForm(forms.Form):
    first_name = forms.CharField(max_length=60, required=False)
    last_name = forms.CharField(max_length=60, required=False)
    date_of_birth = GovukDateField(subject="Date of birth", required=False, label="Date of birth (optional)",
                                   help_text="If the alias came with a different date of birth")


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, label="Name or identifier",
                        help_text="A name, prison number, CRN, PNC, CRO or booking number")
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), required=False, empty_label="All your units",
                                  label="Unit")
    legal_status = forms.ChoiceField(choices=_blank("Any", LegalStatus.choices), required=False)
    rosh_level = forms.ChoiceField(choices=_blank("Any", RoshLevel.choices), required=False, label="RoSH")

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()
