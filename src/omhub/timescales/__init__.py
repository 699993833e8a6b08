"""Timescales: deadlines in working days, calendar days, weeks, months and hours.

Pure Python, standard library only: no Django, no network (except the optional download in
``refresh``), and nothing reads the clock. The rules are in ``docs/timescales.md``::

    from omhub.timescales import DeadlineRule, Unit, compute_deadline, england_and_wales

    rule = DeadlineRule(Unit.WORKING_DAYS, 10, cut_off=time(15))
    deadline = compute_deadline(rule, received_at=received, calendar=england_and_wales())
    deadline.due_date, deadline.explanation
"""

from .calendar import BankHoliday, WorkingCalendar, england_and_wales, load_bank_holidays, parse_govuk
from .countdown import Countdown, Status, countdown, status, working_days_left
from .deadlines import LONDON, Deadline, Extension, Pause, add_months, compute_deadline
from .defaults import DEFAULTS, CaseTypeTimescales, Evidence, Timescale
from .errors import CalendarDataError, MissingAnchorError, RuleError, TimescaleError
from .rules import KEY_DATES, RECEIVED, DeadlineRule, Direction, Unit

__all__ = [
    "DEFAULTS",
    "KEY_DATES",
    "LONDON",
    "RECEIVED",
    "BankHoliday",
    "CalendarDataError",
    "CaseTypeTimescales",
    "Countdown",
    "Deadline",
    "DeadlineRule",
    "Direction",
    "Evidence",
    "Extension",
    "MissingAnchorError",
    "Pause",
    "RuleError",
    "Status",
    "Timescale",
    "TimescaleError",
    "Unit",
    "WorkingCalendar",
    "add_months",
    "compute_deadline",
    "countdown",
    "england_and_wales",
    "load_bank_holidays",
    "parse_govuk",
    "status",
    "working_days_left",
]
