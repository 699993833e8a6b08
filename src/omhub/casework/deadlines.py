"""Deadlines of work items: the case type's rule, through the timescales engine, on the England and
Wales calendar. This module is the one place casework meets the engine."""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.core.exceptions import ValidationError

from omhub.timescales import calendar as timescales_calendar
from omhub.timescales.deadlines import Extension, Pause, compute_deadline
from omhub.timescales.errors import MissingAnchorError, RuleError, TimescaleError
from omhub.timescales.rules import DeadlineRule


@lru_cache(maxsize=1)
def calendar() -> timescales_calendar.WorkingCalendar:
    return timescales_calendar.england_and_wales()


@dataclass(frozen=True)
class Due:
    due_date: datetime.date
    explanation: list[str]


def describe_rule(rule: dict) -> str:
    try:
        return DeadlineRule.from_dict(rule).describe()
    except RuleError as error:
        return f"(rule cannot be read: {error})"


def validate_rule(rule: dict, field: str = "deadline_rule") -> DeadlineRule:
    try:
        return DeadlineRule.from_dict(rule)
    except RuleError as error:
        raise ValidationError({field: [str(error)]}) from error


def compute(rule: dict, *, received_at: datetime.datetime | None, key_dates: dict[str, datetime.date],
            pauses=(), extensions=(), as_of: datetime.date | None = None) -> Due:
    """The due date of ``rule`` for these inputs. ``pauses`` are (stopped_on, restarted_on or None)
    pairs and ``extensions`` working-day counts; an open pause counts up to ``as_of`` (default today)."""
    from django.utils import timezone

    parsed = validate_rule(rule)
    try:
        deadline = compute_deadline(
            parsed, received_at=received_at, key_dates=key_dates, calendar=calendar(),
            pauses=[Pause(stopped_on=start, restarted_on=end, reason="stopped") for start, end in pauses],
            extensions=[Extension(amount=days, reason="extended") for days in extensions],
            as_of=as_of or timezone.localdate(),
        )
    except MissingAnchorError as error:
        raise ValidationError({"key_date": [f"{error}: enter it on the person's key dates first"]}) from error
    except TimescaleError as error:
        raise ValidationError({"deadline_rule": [str(error)]}) from error
    due = deadline.due_date or timezone.localtime(deadline.due_at).date()
    return Due(due_date=due, explanation=list(deadline.explanation) + list(deadline.warnings))
