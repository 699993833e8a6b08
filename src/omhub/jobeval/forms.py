from django import forms

from omhub.accounts.models import User
from omhub.core.forms import GovukDateField
from omhub.jobeval.models import JobDescriptionVersion, SchemeVersion


class JobDescriptionForm(forms.Form):
    document_ref = forms.CharField(max_length=200, label="Document reference",
                                   help_text="For example, OR JES 129 JD B3 : BA : Offender Management Hub v8.0",
                                   error_messages={"required": "Enter the document reference"})
    version = forms.CharField(max_length=20, required=False, label="Version",
                              help_text="Leave blank to take it from the document reference")
    job_title = forms.CharField(max_length=200, required=False, label="Job title",
                                help_text="Leave blank to take it from the document reference")
    status = forms.ChoiceField(choices=JobDescriptionVersion.Status.choices, initial="draft", widget=forms.RadioSelect)
    document_type = forms.CharField(max_length=60, required=False, label="Document type (optional)")
    classification = forms.CharField(max_length=60, required=False, label="Classification (optional)")
    date_of_issue = GovukDateField(subject="Date of issue", required=False, label="Date of issue (optional)",
                                   help_text="For example, 16 4 2025")
    produced_by = forms.CharField(max_length=200, required=False, label="Produced by (optional)")
    authorised_by = forms.CharField(max_length=200, required=False, label="Authorised by (optional)")
    group_profile = forms.CharField(max_length=200, required=False, label="Group profile (optional)")
    organisation_level = forms.CharField(max_length=100, required=False, label="Organisation level (optional)")
    band = forms.CharField(max_length=10, required=False, label="Band (optional)",
                           help_text="Leave blank to take it from the document reference")
    overview = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}),
                               label="Overview of the job (optional)")
    summary = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}), label="Summary (optional)")
    duties = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 10}),
                             label="Responsibilities, activities and duties (optional)",
                             help_text="One duty a line")
    behaviours = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 5}),
                                 label="Behaviours (optional)", help_text="One behaviour a line")
    hours = forms.CharField(max_length=200, required=False, label="Hours of work (optional)")


class RevisionForm(JobDescriptionForm):
    change_note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="What changed in this version",
                                  error_messages={"required": "Say what changed in this version"})
    significant_change = forms.BooleanField(
        required=False, label="This is a significant change: the job needs to be re-evaluated")


class StartEvaluationForm(forms.Form):
    scheme = forms.ModelChoiceField(queryset=SchemeVersion.objects.all(), empty_label=None, widget=forms.RadioSelect,
                                    label="Job evaluation scheme",
                                    error_messages={"required": "Choose the job evaluation scheme"})


def _staff():
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")


class PanelForm(forms.Form):
    members = forms.ModelMultipleChoiceField(queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple,
                                             label="Panel members", help_text="At least three trained evaluators",
                                             error_messages={"required": "Choose the panel members"})
    trade_union_rep = forms.ModelChoiceField(queryset=User.objects.none(), label="Trade union representative",
                                             empty_label="Choose the trade union representative",
                                             error_messages={"required": "Choose the trade union representative"})
    chair = forms.ModelChoiceField(queryset=User.objects.none(), required=False, label="Chair (optional)",
                                   empty_label="No chair named",
                                   help_text="A senior evaluator of the Job Evaluation Assurance Team")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("members", "trade_union_rep", "chair"):
            self.fields[name].queryset = _staff()
            self.fields[name].label_from_instance = lambda user: f"{user} ({user.username})"


class FactorsForm(forms.Form):
    """One level and one rationale per factor of the scheme."""

    job_statement = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False,
                                    label="Job statement", help_text="One statement a line")

    def __init__(self, *args, scheme=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.factor_fields = []
        for factor in scheme.factors:
            levels = ", ".join(f"{level.level} = {level.points}" for level in factor.levels)
            level_field = forms.CharField(max_length=40, required=False, label=f"{factor.name}: level",
                                          help_text=f"For example 4, 4(a), 3-4 or 5(a)(b). Points: {levels}")
            rationale_field = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                              label=f"{factor.name}: rationale")
            self.fields[f"level_{factor.code}"] = level_field
            self.fields[f"rationale_{factor.code}"] = rationale_field
            self.factor_fields.append((factor, f"level_{factor.code}", f"rationale_{factor.code}"))

    def bound_factor_fields(self):
        return [(factor, self[level], self[rationale]) for factor, level, rationale in self.factor_fields]

    def levels(self) -> dict[str, tuple[str, str]]:
        return {factor.code: (self.cleaned_data.get(level, ""), self.cleaned_data.get(rationale, ""))
                for factor, level, rationale in self.factor_fields}


class SignOffForm(forms.Form):
    consensus = forms.BooleanField(required=False,
                                   label="The panel agreed every factor's level and rationale by consensus")


class LocalBandsForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Where these boundaries come from",
                             error_messages={"required": "Say where the local boundaries come from"})

    def __init__(self, *args, structure=None, **kwargs):
        """``structure``: the published band structure (its unknown starts are the ones to set)."""
        super().__init__(*args, **kwargs)
        self.band_codes = []
        for code, low, high in structure.unknown_boundaries():
            upper = "" if high >= 10**9 else f" and {high}"
            self.fields[f"band_{code}"] = forms.IntegerField(
                required=False, min_value=1, label=f"Lowest total in Band {code} (optional)",
                help_text=f"Between {low}{upper} points" if upper else f"At least {low} points",
                error_messages={"invalid": f"Enter the lowest total in Band {code} as a whole number"})
            self.band_codes.append(code)

    def starts(self) -> dict[str, int | None]:
        return {code: self.cleaned_data.get(f"band_{code}") for code in self.band_codes}
