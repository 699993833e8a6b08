"""How long is left: working days to a due date, and the status a case list shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .calendar import WorkingCalendar
from .formatting import plural

DEFAULT_SOON = 2


class Status(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    ON_TIME = "on_time"


def working_days_left(due: date, today: date, calendar: WorkingCalendar) -> int:
    """Working days from ``today`` to ``due``: the working days after today up to and including the
    due date; negative when overdue (minus the working days from the due date up to yesterday).
    Due tomorrow (a working day) is 1; due today is 0; due yesterday (a working day) is -1."""
    return calendar.working_days_between(today, due)


def status(due: date, today: date, calendar: WorkingCalendar, soon: int = DEFAULT_SOON) -> Status:
    """Overdue after the due date; due today on it; due soon when at most ``soon`` working days are
    left; on time otherwise. Decided on dates first, so a due date on a weekend is still overdue on
    the Sunday after it."""
    if soon < 0:
        raise ValueError(f"soon: expected 0 or more working days, got {soon}")
    if today > due:
        return Status.OVERDUE
    if today == due:
        return Status.DUE_TODAY
    if working_days_left(due, today, calendar) <= soon:
        return Status.DUE_SOON
    return Status.ON_TIME


@dataclass(frozen=True)
class Countdown:
    status: Status
    working_days_left: int
    calendar_days_left: int
    label: str


def countdown(due: date, today: date, calendar: WorkingCalendar, soon: int = DEFAULT_SOON) -> Countdown:
    """Status, days left and a label such as ``"3 working days left"`` or ``"Overdue by 2 working days"``."""
    left = working_days_left(due, today, calendar)
    calendar_left = (due - today).days
    state = status(due, today, calendar, soon)
    if state is Status.OVERDUE:
        label = f"Overdue by {plural(-left, 'working day')}" if left else f"Overdue by {plural(-calendar_left, 'day')}"
    elif state is Status.DUE_TODAY:
        label = "Due today"
    elif left == 0:
        label = f"Due in {plural(calendar_left, 'day')}"
    else:
        label = f"{plural(left, 'working day')} left"
    return Countdown(state, left, calendar_left, label)
