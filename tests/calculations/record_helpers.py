"""Plain helpers for the sentence record tests: a fixed clock, and records made through the services as a
hub administrator would make them."""

import datetime
import zoneinfo

from omhub.calculations import records
from omhub.calculations.models import Booking

LONDON = zoneinfo.ZoneInfo("Europe/London")
# Monday 23 November 2026, 09:00 in London, as the casework tests: "today" in every sentence record test.
NOW = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)


def version(person) -> int:
    return records.booking_version(person)


def booking_of(person) -> Booking:
    return Booking.objects.get(person=person, is_active=True)


def add_court_case(actor, person, **data):
    data = {"court_name": "Leeds Crown Court", "case_reference": "T20267001",
            "appearance_date": datetime.date(2026, 3, 2), **data}
    return records.add_court_case(actor=actor, person=person, expected_version=version(person), data=data)


def sds(court_case, **data) -> dict:
    """A standard determinate sentence of 2 years 6 months, passed on 2 March 2026 for a theft of June 2025."""
    return {"kind": "StandardSentence", "court_case": court_case.pk, "offence_code": "TH68010",
            "offence_description": "Theft from a shop", "offence_committed_at": datetime.date(2025, 6, 1),
            "sentenced_at": datetime.date(2026, 3, 2), "duration": {"YEARS": 2, "MONTHS": 6}, **data}


def add_sentence(actor, person, data):
    return records.add_sentence(actor=actor, person=person, expected_version=version(person), data=data)


def add_adjustment(actor, person, **data):
    return records.add_adjustment(actor=actor, person=person, expected_version=version(person), data=data)


def remand(**data) -> dict:
    """Remand from 1 December 2025 to 1 March 2026: 91 days, before the sentences of 2 March 2026."""
    return {"kind": "REMAND", "from_date": datetime.date(2025, 12, 1), "to_date": datetime.date(2026, 3, 1),
            "applies_from": datetime.date(2026, 3, 2), **data}
