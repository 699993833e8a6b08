"""Helpers shared by the timescales tests."""

from __future__ import annotations

from datetime import date, datetime, time

from omhub.timescales import LONDON, DeadlineRule, Direction, Unit, england_and_wales

CAL = england_and_wales()
THREE_PM = time(15, 0)


def at(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    """A Europe/London wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


def wd(amount: int, **options) -> DeadlineRule:
    return DeadlineRule(Unit.WORKING_DAYS, amount, **options)


def before(amount: int, unit: Unit, anchor: str = "RELEASE", **options) -> DeadlineRule:
    return DeadlineRule(unit, amount, Direction.BEFORE, anchor, **options)


def after(amount: int, unit: Unit, anchor: str = "SENTENCE", **options) -> DeadlineRule:
    return DeadlineRule(unit, amount, Direction.AFTER, anchor, **options)


D = date
