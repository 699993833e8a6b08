"""The form that starts a what-if run."""

from django import forms

from omhub.calculations import what_if


class WhatIfForm(forms.Form):
    unit = forms.ModelChoiceField(queryset=None, label="Establishment", empty_label=None,
                                  error_messages={"required": "Choose one of your establishments",
                                                  "invalid_choice": "Choose one of your establishments"})
    profile = forms.ChoiceField(choices=(), widget=forms.RadioSelect, label="Compare the law in force with",
                                error_messages={"required": "Choose the law to compare with",
                                                "invalid_choice": "Choose the law to compare with"})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = what_if.establishments_for(user)
        self.fields["profile"].choices = what_if.profile_choices()
