"""The release dates slip: a person's latest confirmed dates on one page, in plain words, to give to them.

It holds what the prisoner may be told and nothing else: the establishment, their name, prison number and
date of birth, each date with its name and what it means, and when the dates may change. No internal notes,
no names of staff, no calculation breakdown. Printing one is audited as a read of the person's record.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from omhub.audit import services as audit
from omhub.calculations import release_dates
from omhub.calculations.check_selectors import latest_confirmed
from omhub.calculations.services import can_record_sentences
from omhub.people.models import Person

# Dates that mean nothing to the person holding the slip: the engine's working date for the sentences
# taken together.
LEFT_OFF = release_dates.WORKING_DATES
MAY_CHANGE = [
    "you are given added days for breaking prison rules, or added days are taken off again",
    "you are sentenced for another offence, or a court changes your sentence on appeal",
    "the time you spent on remand or on bail with a tag is corrected",
    "you are unlawfully at large (for example, you do not come back from temporary release on time)",
    "you are recalled to prison after release",
]


def slip_lines(confirmed) -> list[dict]:
    dates = release_dates.as_dates(confirmed.dates)
    return [{"name": release_dates.DATE_NAMES.get(code, code), "date": dates[code],
             "meaning": release_dates.SLIP_EXPLANATIONS.get(code, "")}
            for code, _ in release_dates.ordered(confirmed.dates) if code not in LEFT_OFF]


def render_html(*, person: Person, confirmed, today: datetime.date) -> str:
    establishment = person.establishment.name if person.establishment_id else ""
    return render_to_string("calculations/confirmed_slip.html", {
        "person": person, "establishment": establishment, "lines": slip_lines(confirmed),
        "confirmed": confirmed, "today": today, "may_change": MAY_CHANGE})


def _no_fetching(url, *args, **kwargs):
    raise ValueError(f"the release dates slip loads no resources ({url})")


def to_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def print_slip(*, actor, person: Person) -> tuple[bytes, str]:
    """The PDF of the person's latest confirmed dates and its file name. The caller has found the person
    within the actor's units."""
    if not can_record_sentences(actor):
        raise PermissionDenied("Only the hub prints release dates slips.")
    confirmed = latest_confirmed(person)
    if confirmed is None:
        raise ValidationError({"person": [f"{person.full_name} has no confirmed release dates to print"]})
    today = timezone.localdate()
    data = to_pdf(render_html(person=person, confirmed=confirmed, today=today))
    audit.record(actor=actor, action=audit.Action.READ, instance=confirmed, person_id=person.pk,
                 after={"via": "release dates slip", "number": confirmed.number})
    identifier = person.prison_number or person.crn or str(person.pk)
    return data, f"release-dates-{identifier}-{today:%Y-%m-%d}.pdf"
