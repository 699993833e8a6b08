"""Forms of the sentence record pages. They carry what was typed, in the shape the services take; the
services (``record_checks``, then the engine) say what is wrong, so the pages and the API refuse the same
things in the same words. A sentence or adjustment form is built for one type, chosen first, so each type
shows only the fields it has and the pages need no JavaScript."""

import datetime
import json

from django import forms

from omhub.calculations import record_checks as checks
from omhub.calculations.models import AdjustmentKind, Booking, RecallType, Sentence, SentenceKind
from omhub.core.forms import GovukDateField, GovukDateWidget

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class DurationWidget(GovukDateWidget):
    """Years, months, weeks and days in four boxes, shown as the GOV.UK date input is (so the page's
    field tag gives it a fieldset, a legend and its errors)."""

    template_name = "calculations/booking_duration_widget.html"

    def __init__(self, attrs=None):
        def box():
            return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                          "class": "govuk-input govuk-date-input__input govuk-input--width-3"})

        forms.MultiWidget.__init__(self, widgets=[box(), box(), box(), box()], attrs=attrs)

    def decompress(self, value):
        if isinstance(value, dict):
            return [value.get(unit) or None for unit in checks.UNITS]
        return [None, None, None, None]


class DurationField(forms.MultiValueField):
    """A term as {"YEARS": 2, "MONTHS": 6}; None when every box is empty (the service says what is missing)."""

    widget = DurationWidget

    def __init__(self, **kwargs):
        super().__init__(fields=[forms.CharField() for _ in checks.UNITS], require_all_fields=False, required=False,
                         **kwargs)

    def clean(self, value):
        parts = [(part or "").strip() for part in (value or [])] + [""] * 4
        if not any(parts[:4]):
            return None
        elements = {}
        for unit, part in zip(checks.UNITS, parts[:4], strict=True):
            if not part:
                continue
            if not part.isascii() or not part.isdigit() or len(part) > 6:
                raise forms.ValidationError(f"{checks.UNIT_WORDS[unit][1].capitalize()} must be a whole number, "
                                            "like 2")
            elements[unit] = int(part)
        return elements

    def compress(self, data_list):
        return data_list


def _date(subject: str, label: str, hint: str = "For example, 27 3 2026") -> GovukDateField:
    return GovukDateField(subject=subject, required=False, label=label, help_text=hint)


class VersionedForm(forms.Form):
    """Every change names the version of the booking it was made from: a stale one is refused."""

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput,
                                 error_messages={"required": "Reload the page and try again",
                                                 "invalid": "Reload the page and try again"})


class BookingDetailsForm(VersionedForm):
    booking_number = forms.CharField(max_length=10, required=False, label="Booking number (optional)",
                                     help_text="5 numbers then a letter, like 12345A",
                                     widget=forms.TextInput(attrs={"spellcheck": "false"}))
    is_active_sex_offender = forms.BooleanField(
        required=False, label="Active sex offender",
        help_text="Subject to sex offender notification requirements: no home detention curfew")
    return_to_custody_date = _date("Return to custody date", "Return to custody date (optional)",
                                   "For a recall: the date they came back into custody. For example, 27 3 2026")

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in
                ("booking_number", "is_active_sex_offender", "return_to_custody_date")}


class CourtCaseForm(VersionedForm):
    court_name = forms.CharField(max_length=200, required=False, label="Court",
                                 help_text="For example, Leeds Crown Court")
    case_reference = forms.CharField(max_length=40, required=False, label="Case reference (optional)",
                                     help_text="For example, T20267001",
                                     widget=forms.TextInput(attrs={"spellcheck": "false"}))
    appearance_date = _date("Date of the hearing", "Date of the hearing (optional)",
                            "The hearing the sentences were passed at. For example, 27 3 2026")

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("court_name", "case_reference", "appearance_date")}


class SentenceKindForm(forms.Form):
    kind = forms.ChoiceField(choices=SentenceKind.choices, widget=forms.RadioSelect, label="Type of sentence",
                             error_messages={"required": "Choose the type of sentence",
                                             "invalid_choice": "Choose the type of sentence"})
    court_case = forms.IntegerField(required=False, widget=forms.HiddenInput)


def court_case_label(court_case) -> str:
    parts = [court_case.court_name, court_case.case_reference,
             checks.day(court_case.appearance_date) if court_case.appearance_date else ""]
    return ", ".join(part for part in parts if part)


def sentence_label(sentence: Sentence) -> str:
    from omhub.calculations.record_selectors import term_of

    offence = sentence.offence_code or sentence.offence_description[:40] or "offence not recorded"
    return f"Line {sentence.line_number}: {offence}, {term_of(sentence)}, passed {checks.day(sentence.sentenced_at)}"


class SentenceForm(VersionedForm):
    """The fields of one type of sentence (``kind``)."""

    def __init__(self, *args, kind: str, booking: Booking | None, sentence: Sentence | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        fields = checks.applicable_fields(kind)
        court_cases = list(booking.court_cases.order_by("appearance_date", "id")) if booking else []
        others = [s for s in booking.sentences.select_related("consecutive_to").order_by("line_number")
                  if sentence is None or s.pk != sentence.pk] if booking else []
        self.fields["court_case"] = forms.TypedChoiceField(
            coerce=int, empty_value=None, required=False, label="Court case",
            choices=[("", "Choose the court case")] + [(c.pk, court_case_label(c)) for c in court_cases],
            error_messages={"invalid_choice": "Choose the court case the sentence was passed in"})
        self.fields["offence_code"] = forms.CharField(
            max_length=20, required=False, label="Offence code (optional)", help_text="For example, TH68010",
            widget=forms.TextInput(attrs={"spellcheck": "false"}))
        self.fields["offence_description"] = forms.CharField(max_length=300, required=False,
                                                             label="Offence (optional)",
                                                             help_text="For example, Theft from a shop")
        self.fields["offence_committed_at"] = _date(
            "Offence date", "Offence date", "If it was committed over a period, its last day. For example, 27 3 2026")
        self.fields["sentenced_at"] = _date("Sentence date", "Sentence date")
        if "duration" in fields:
            self.fields["duration"] = DurationField(
                label="Default term" if kind == SentenceKind.A_FINE else "Length of the sentence",
                help_text="For example, 2 years 6 months: leave the others blank")
        if "custodial_duration" in fields:
            self.fields["custodial_duration"] = DurationField(label="Custodial term",
                                                              help_text="For example, 5 years")
            self.fields["extension_duration"] = DurationField(
                label="Extension period", help_text="The extended licence: 1 year for a SOPC" if kind ==
                SentenceKind.SOPC else "The extended licence, from 1 to 8 years")
        self.fields["consecutive_to"] = forms.TypedChoiceField(
            coerce=int, empty_value=None, required=False, label="Concurrent or consecutive",
            choices=[("", "Concurrent: not consecutive to another sentence")] + [
                (s.line_number, f"Consecutive to {sentence_label(s)}") for s in others],
            error_messages={"invalid_choice": "Choose a sentence of this booking, or concurrent"})
        if kind == SentenceKind.SDS:
            self.fields["is_sds_plus"] = forms.BooleanField(
                required=False, label="SDS+", help_text="Released at two thirds (serious violent or sexual offence)")
            self.fields["is_sds_plus_eligible"] = forms.BooleanField(
                required=False, label="SDS+ eligible by its type, length and offence")
            self.fields["early_release_exclusions"] = forms.MultipleChoiceField(
                choices=list(checks.EXCLUSIONS.items()), required=False, widget=forms.CheckboxSelectMultiple,
                label="Early release exclusions (optional)", help_text="Offences excluded from early release",
                error_messages={"invalid_choice": "Choose early release exclusions from the list"})
            self.fields["is_section_250"] = forms.BooleanField(
                required=False, label="Section 250", help_text="Detention of someone under 18 for a grave crime")
        if kind == SentenceKind.EDS:
            self.fields["automatic_release"] = forms.BooleanField(
                required=False, label="Automatic release at two thirds",
                help_text="An extended sentence (LASPO) with automatic release, not parole")
        if kind == SentenceKind.SOPC:
            self.fields["sdopcu18"] = forms.BooleanField(required=False,
                                                         label="Passed on someone under 18 (SDOPCU18)")
        if kind == SentenceKind.A_FINE:
            self.fields["fine_amount"] = forms.CharField(
                max_length=20, required=False, label="Amount of the fine, in pounds", help_text="For example, 1250.00",
                widget=forms.TextInput(attrs={"spellcheck": "false"}))
        if kind == SentenceKind.BOTUS:
            self.fields["latest_tused_date"] = _date("Latest TUSED date", "Latest top-up supervision end date "
                                                                          "(optional)")
        if "recall_type" in fields:
            self.fields["recall_type"] = forms.ChoiceField(
                choices=[("", "Not recalled")] + list(RecallType.choices), required=False, label="Recall",
                widget=forms.RadioSelect, error_messages={"invalid_choice": "Choose the type of recall"})
            self.fields["revocation_date"] = _date("Revocation date", "Date the licence was revoked (optional)")
            self.fields["return_to_custody_date"] = _date("Return to custody date",
                                                          "Date they returned to custody (optional)")
        self.order_fields(["court_case", "offence_code", "offence_description", "offence_committed_at",
                           "sentenced_at", "duration", "custodial_duration", "extension_duration", "consecutive_to"])

    @staticmethod
    def initial_for(sentence: Sentence | None, *, version: int, court_case: int | None = None,
                    kind: str = "") -> dict:
        if sentence is None:
            initial = {"court_case": court_case, "version": version}
            if kind == SentenceKind.SOPC:
                initial["extension_duration"] = {"YEARS": 1}
            return initial
        return {**checks.sentence_data(sentence), "version": version}

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in checks.applicable_fields(self.kind)
                if name in self.fields}
        data["kind"] = self.kind
        return data


class AdjustmentKindForm(forms.Form):
    kind = forms.ChoiceField(choices=[(kind, checks.ADJUSTMENT_NAMES[kind]) for kind in AdjustmentKind.values],
                             widget=forms.RadioSelect, label="Type of adjustment",
                             error_messages={"required": "Choose the type of adjustment",
                                             "invalid_choice": "Choose the type of adjustment"})


class AdjustmentForm(VersionedForm):
    """The fields of one type of adjustment (``kind``)."""

    def __init__(self, *args, kind: str, booking: Booking | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        name = checks.ADJUSTMENT_NAMES[kind].lower()
        if kind in checks.DEDUCTION_KINDS:
            dates = sorted(set(booking.sentences.values_list("sentenced_at", flat=True))) if booking else []
            self.fields["applies_from"] = forms.TypedChoiceField(
                coerce=datetime.date.fromisoformat, empty_value=None,
                required=False, widget=forms.RadioSelect, label=f"Which sentences does the {name} count towards?",
                choices=[(value.isoformat(), f"Sentences passed on {checks.day(value)}") for value in dates],
                error_messages={"invalid_choice": f"Choose the sentence date the {name} counts towards"})
        if kind in checks.AWARD_KINDS:
            self.fields["from_date"] = _date(
                "Date", "Date of the adjudication hearing" if kind == AdjustmentKind.ADDITIONAL_DAYS_AWARDED
                else "Date the days were restored")
            self.fields["adjudication_reference"] = forms.CharField(
                max_length=40, required=False, label="Adjudication reference", help_text="For example, ADJ-000123",
                widget=forms.TextInput(attrs={"spellcheck": "false"}))
        else:
            optional = "" if kind in checks.SPAN_KINDS else " (optional)"
            self.fields["from_date"] = _date("From date", f"From{optional}", "The first day. For example, 1 3 2026")
            self.fields["to_date"] = _date("To date", f"To{optional}", "The last day. For example, 30 3 2026")
        self.fields["days"] = forms.IntegerField(
            required=False, min_value=0, max_value=10**9, label="Number of days" + (
                " (optional)" if kind in checks.SPAN_KINDS else ""),
            help_text="Leave blank to count the days from the first to the last, both included"
            if kind in checks.SPAN_KINDS else "For example, 14",
            error_messages={"invalid": "Enter the number of days as a whole number, like 14",
                            "min_value": "The number of days must be 1 or more",
                            "max_value": f"The number of days must be {checks.MAX_ADJUSTMENT_DAYS:,} or fewer"},
            widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}))
        if kind == AdjustmentKind.UNLAWFULLY_AT_LARGE:
            self.fields["ual_reason"] = forms.ChoiceField(choices=list(checks.UAL_REASONS.items()), required=False,
                                                          widget=forms.RadioSelect,
                                                          label="Why were they unlawfully at large?",
                                                          error_messages={"invalid_choice": "Choose a reason"})

    @staticmethod
    def initial_for(adjustment, *, version: int) -> dict:
        if adjustment is None:
            return {"version": version}
        data = checks.adjustment_data(adjustment)
        if data["applies_from"]:
            data["applies_from"] = data["applies_from"].isoformat()
        return {**data, "version": version}

    def data_for_service(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in checks.ADJUSTMENT_DEFAULTS if name in self.fields}
        data["kind"] = self.kind
        return data


class ImportForm(forms.Form):
    """A booking JSON as a file or pasted; read here as JSON, then by the engine in the service."""

    file = forms.FileField(required=False, label="Upload a booking JSON file")
    pasted = forms.CharField(required=False, widget=forms.Textarea, label="Or paste the booking JSON")
    replace = forms.BooleanField(required=False, label="Replace the sentences and adjustments recorded now",
                                 help_text="Needed when the person already has sentence records: they are all "
                                           "removed first")

    def clean(self):
        cleaned = super().clean()
        upload, pasted = cleaned.get("file"), (cleaned.get("pasted") or "").strip()
        self.case = None
        if upload and pasted:
            self.add_error("pasted", "Choose a file or paste the booking JSON, not both")
            return cleaned
        if not upload and not pasted:
            self.add_error("file", "Choose a booking JSON file, or paste the booking JSON")
            return cleaned
        field = "file" if upload else "pasted"
        if upload:
            if not upload.name.lower().endswith(".json"):
                self.add_error("file", "The file must be a .json file")
                return cleaned
            if upload.size > MAX_IMPORT_BYTES:
                self.add_error("file", "The file must be smaller than 2 MB")
                return cleaned
            try:
                pasted = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                self.add_error("file", "The file must be text (a .json file saved as UTF-8)")
                return cleaned
        try:
            self.case = json.loads(pasted)
        except json.JSONDecodeError as error:
            self.add_error(field, f"This is not valid JSON: {error.msg.lower()} on line {error.lineno}, "
                                  f"character {error.colno}")
        except RecursionError:
            self.add_error(field, "This is not a booking JSON: it is nested too deeply")
        return cleaned
