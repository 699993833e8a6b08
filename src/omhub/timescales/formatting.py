"""Dates and times in plain English, independent of the process locale."""

from __future__ import annotations

from datetime import date, datetime

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def short_date(day: date) -> str:
    """``22 November 2026``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def long_date(day: date) -> str:
    """``Monday 23 November 2026``."""
    return f"{WEEKDAYS[day.weekday()]} {short_date(day)}"


def clock_time(moment: datetime) -> str:
    """``16:10`` (the wall-clock time of ``moment`` in its own time zone)."""
    return f"{moment.hour:02d}:{moment.minute:02d}"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"
