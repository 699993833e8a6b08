"""Form pieces that follow the GOV.UK Design System: the three-box date input, and how errors raised
by a service land on the form fields they are about."""

import datetime

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year in three boxes, as the GOV.UK date input pattern asks."""

    template_name = "govuk/widgets/date.html"

    def __init__(self, attrs=None):
        def box(width):
            return forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                          "class": f"govuk-input govuk-date-input__input govuk-input--width-{width}"})

        super().__init__(
            widgets=[box(2), box(2), box(4)],
            attrs=attrs,
        )

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    widget = GovukDateWidget

    def __init__(self, *, subject: str = "Date", required_message: str = "", **kwargs):
        self.subject = subject
        self.required_message = required_message or f"Enter the {subject.lower()}"
        fields = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def clean(self, value):
        day, month, year = ((part or "").strip() for part in (value or [None, None, None]))
        if not (day or month or year):
            if self.required:
                raise ValidationError(self.required_message, code="required")
            return None
        missing = [name for name, part in (("day", day), ("month", month), ("year", year)) if not part]
        if missing:
            raise ValidationError(f"{self.subject} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            raise ValidationError(f"{self.subject} must be a real date, in numbers, for example 27 3 1985")
        if len(year) != 4:
            raise ValidationError("Year must include 4 numbers")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError as error:
            raise ValidationError(f"{self.subject} must be a real date") from error

    def compress(self, data_list):
        return data_list


def apply_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form: field messages beside their fields, the rest at
    the top. A field the form does not show gets its message at the top, so nothing is hidden."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            target = field if field in form.fields else NON_FIELD_ERRORS
            for message in messages:
                form.add_error(None if target == NON_FIELD_ERRORS else target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)
