from django import forms

from omhub.accounts.models import Role, Unit


class SignInForm(forms.Form):
    username = forms.CharField(max_length=150, required=False,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}))
    password = forms.CharField(max_length=200, required=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))

    def clean(self):
        data = super().clean()
        if not data.get("username"):
            self.add_error("username", "Enter your username")
        if not data.get("password"):
            self.add_error("password", "Enter your password")
        return data


class _AccountFields(forms.Form):
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    email = forms.EmailField(required=False, label="Email address (optional)",
                             error_messages={"invalid": "Enter an email address in the correct format, "
                                                        "like name@justice.gov.uk"})
    roles = forms.ModelMultipleChoiceField(queryset=Role.objects.all(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    units = forms.ModelMultipleChoiceField(
        queryset=Unit.objects.filter(is_active=True), required=False, widget=forms.CheckboxSelectMultiple,
        label="Units", help_text="The establishments and probation delivery units whose people this person may see. "
                                 "National roles see every unit.")


class NewAccountForm(_AccountFields):
    username = forms.CharField(max_length=150, required=False, help_text="Letters, numbers and . - _ only",
                               widget=forms.TextInput(attrs={"spellcheck": "false"}))
    password = forms.CharField(max_length=200, required=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                               help_text="At least 12 characters, not a common password. Give it to the person "
                                         "securely; they should change it.")
    field_order = ["username", "first_name", "last_name", "email", "password", "roles", "units"]

    def clean_username(self):
        import re

        value = self.cleaned_data["username"].strip()
        if not value:
            raise forms.ValidationError("Enter a username")
        if not re.fullmatch(r"[A-Za-z0-9._-]{2,150}", value):
            raise forms.ValidationError("Username must be letters, numbers, dots, dashes or underscores")
        return value


class EditAccountForm(_AccountFields):
    is_active = forms.BooleanField(required=False, label="Account is active",
                                   help_text="A deactivated account cannot sign in, and its API tokens are revoked")
