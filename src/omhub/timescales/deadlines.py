"""Computing a deadline from a rule, its anchor, stop-the-clock pauses and extensions.

``compute_deadline`` never reads the clock: the received time, the key dates, the calendar and (for
a clock that is still stopped) the ``as_of`` date are all inputs. The rules it applies are written
out in ``docs/timescales.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from .calendar import ONE_DAY, WorkingCalendar
from .errors import MissingAnchorError, RuleError, TimescaleError
from .formatting import clock_time, long_date, plural, short_date
from .rules import DeadlineRule, Direction, Unit, format_cut_off

LONDON = ZoneInfo("Europe/London")


# -- inputs ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pause:
    """A stop-the-clock period. The clock stops on ``stopped_on`` (that day is not counted) and runs
    again on ``restarted_on`` (that day counts); ``restarted_on=None`` means it is still stopped."""

    stopped_on: date
    restarted_on: date | None
    reason: str

    def __post_init__(self) -> None:
        _require_date(self.stopped_on, "stopped_on")
        if self.restarted_on is not None:
            _require_date(self.restarted_on, "restarted_on")
            if self.restarted_on < self.stopped_on:
                raise RuleError("restarted_on", "the clock cannot restart before it stopped")
        _require_reason(self.reason)

    @property
    def is_open(self) -> bool:
        return self.restarted_on is None

    def days(self, until: date | None = None) -> set[date]:
        """The stopped days: ``stopped_on`` up to the day before the restart. An open pause counts as
        stopped up to and including ``until``."""
        end = self.restarted_on
        if end is None:
            if until is None:
                raise TimescaleError("an open pause needs an 'as of' date to count its days")
            end = max(self.stopped_on, until + ONE_DAY)
        return {self.stopped_on + timedelta(days=i) for i in range((end - self.stopped_on).days)}

    def to_dict(self) -> dict[str, Any]:
        return {
            "stopped_on": self.stopped_on.isoformat(),
            "restarted_on": None if self.restarted_on is None else self.restarted_on.isoformat(),
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Pause:
        data = _require_keys(data, "pause", required=("stopped_on", "reason"), optional=("restarted_on",))
        restarted = data.get("restarted_on")
        return cls(
            stopped_on=_parse_date(data["stopped_on"], "stopped_on"),
            restarted_on=None if restarted is None else _parse_date(restarted, "restarted_on"),
            reason=data["reason"],
        )


@dataclass(frozen=True)
class Extension:
    """More time, added after the pauses. ``unit`` defaults to the rule's kind of day: working days
    for a working-day rule, calendar days otherwise."""

    amount: int
    reason: str
    unit: Unit | None = None

    def __post_init__(self) -> None:
        if isinstance(self.amount, bool) or not isinstance(self.amount, int) or self.amount < 1:
            raise RuleError("amount", f"an extension is a whole number of at least 1, got {self.amount!r}")
        if self.unit is not None:
            try:
                unit = Unit(self.unit)
            except ValueError:
                unit = None
            if unit is None or unit is Unit.HOURS:
                raise RuleError("unit", f"expected working_days, calendar_days, weeks or months, got {self.unit!r}")
            object.__setattr__(self, "unit", unit)
        _require_reason(self.reason)

    def to_dict(self) -> dict[str, Any]:
        return {"amount": self.amount, "unit": None if self.unit is None else self.unit.value, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: Any) -> Extension:
        data = _require_keys(data, "extension", required=("amount", "reason"), optional=("unit",))
        return cls(amount=data["amount"], reason=data["reason"], unit=data.get("unit"))


# -- output ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """The result. ``due_date`` is None only while the clock is stopped and no ``as_of`` was given
    (``on_hold``). ``due_at`` is set for rules counted in hours (Europe/London)."""

    rule: DeadlineRule
    due_date: date | None
    anchor_date: date
    start: date
    explanation: tuple[str, ...]
    due_at: datetime | None = None
    paused_days: int = 0
    on_hold: bool = False
    warnings: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule.to_dict(),
            "due_date": None if self.due_date is None else self.due_date.isoformat(),
            "due_at": None if self.due_at is None else self.due_at.isoformat(),
            "anchor_date": self.anchor_date.isoformat(),
            "start": self.start.isoformat(),
            "paused_days": self.paused_days,
            "on_hold": self.on_hold,
            "explanation": list(self.explanation),
            "warnings": list(self.warnings),
        }


# -- the computation ---------------------------------------------------------------------------------


def compute_deadline(
    rule: DeadlineRule,
    *,
    received_at: datetime | None = None,
    key_dates: Mapping[str, date] | None = None,
    calendar: WorkingCalendar,
    pauses: Sequence[Pause] = (),
    extensions: Sequence[Extension] = (),
    as_of: date | None = None,
) -> Deadline:
    """The deadline ``rule`` gives for these inputs, with a plain-English explanation.

    ``received_at`` (timezone-aware) is needed when the rule counts from receipt, ``key_dates`` when
    it counts from a key date or case field. ``as_of`` only matters when a pause is still open: the
    clock is then taken as stopped up to and including ``as_of``; without it the deadline is on hold.
    """
    try:
        return _compute(rule, received_at, key_dates or {}, calendar, tuple(pauses), tuple(extensions), as_of)
    except OverflowError:
        raise TimescaleError("the deadline falls outside the range of dates that can be represented") from None


def _compute(
    rule: DeadlineRule,
    received_at: datetime | None,
    key_dates: Mapping[str, date],
    calendar: WorkingCalendar,
    pauses: tuple[Pause, ...],
    extensions: tuple[Extension, ...],
    as_of: date | None,
) -> Deadline:
    lines: list[str] = []
    anchor_date, start, received_local = _start(rule, received_at, key_dates, calendar, lines)
    sign = 1 if rule.direction is Direction.AFTER else -1

    due_at: datetime | None = None
    if rule.unit is Unit.HOURS:
        assert received_local is not None
        due_at = (received_local.astimezone(UTC) + timedelta(hours=rule.amount)).astimezone(LONDON)
        due = due_at.date()
        lines.append(f"{rule.describe().capitalize()}: due {long_date(due)} at {clock_time(due_at)}")
    else:
        due = shift(start, rule.unit, sign * rule.amount, calendar)
        lines.append(_counted_line(rule, due))
        if rule.unit is Unit.WORKING_DAYS:
            skipped = [d for d in calendar.bank_holidays_between(start, due) if d not in (start, due)]
            if skipped:
                named = ", ".join(f"{long_date(d)} ({calendar.holiday_name(d)})" for d in skipped)
                lines.append(f"Bank holidays not counted: {named}")

    step = calendar.is_working_day if rule.unit is Unit.WORKING_DAYS else _every_day
    lower = start if rule.direction is Direction.AFTER else None
    ordered = sorted(pauses, key=lambda p: (p.stopped_on, p.restarted_on or date.max))
    open_pauses = [p for p in ordered if p.is_open]
    if open_pauses and as_of is None:
        pause = open_pauses[0]
        lines.append(
            f"Clock stopped on {long_date(pause.stopped_on)} ({pause.reason}) and not restarted: "
            "no due date until the clock restarts"
        )
        return Deadline(rule, None, anchor_date, start, tuple(lines), on_hold=True,
                        warnings=_warnings(calendar, anchor_date, start, due))

    stopped: set[date] = set()
    total_paused = 0
    base_due, base_due_at = due, due_at
    for pause in ordered:
        days = pause.days(as_of) - stopped
        stopped |= days
        due = _push(base_due, stopped, lower, step)
        if base_due_at is not None:
            due_at = base_due_at + timedelta(days=(due - base_due).days)
        counted = sum(1 for d in days if step(d) and (lower is None or d > lower) and d <= due)
        total_paused += counted
        when = f"{long_date(due)} at {clock_time(due_at)}" if due_at is not None else long_date(due)
        lines.append(_pause_line(pause, counted, rule, when, as_of))

    for extension in extensions:
        unit = extension.unit or (Unit.WORKING_DAYS if rule.unit is Unit.WORKING_DAYS else Unit.CALENDAR_DAYS)
        new_due = shift(due, unit, extension.amount, calendar)
        if due_at is not None:
            due_at += timedelta(days=(new_due - due).days)
        due = new_due
        when = f"{long_date(due)} at {clock_time(due_at)}" if due_at is not None else long_date(due)
        lines.append(f"Extended by {unit.label(extension.amount)} ({extension.reason}): due {when}")

    must_move = rule.unit is Unit.WORKING_DAYS or (rule.unit.counts_calendar_time and rule.land_on_working_day)
    if must_move and not calendar.is_working_day(due):
        if rule.direction is Direction.BEFORE:
            moved, way = calendar.previous_working_day(due), "earlier"
        else:
            moved, way = calendar.next_working_day(due), "later"
        lines.append(f"{long_date(due)} is {_non_working(calendar, due)}: due {way}, on {long_date(moved)}")
        due = moved

    return Deadline(
        rule, due, anchor_date, start, tuple(lines), due_at=due_at, paused_days=total_paused,
        warnings=_warnings(calendar, anchor_date, start, due),
    )


def _start(
    rule: DeadlineRule,
    received_at: datetime | None,
    key_dates: Mapping[str, date],
    calendar: WorkingCalendar,
    lines: list[str],
) -> tuple[date, date, datetime | None]:
    """The anchor date, day 0 and (for receipt) the received time in Europe/London."""
    if rule.counts_from_received:
        if received_at is None:
            raise MissingAnchorError(rule.anchor, "this rule counts from the received time, but none was given")
        if not isinstance(received_at, datetime):
            raise TimescaleError(f"received_at: expected a datetime, got {received_at!r}")
        if received_at.tzinfo is None or received_at.utcoffset() is None:
            raise TimescaleError(
                f"received_at: {received_at.isoformat()} has no time zone; give an aware datetime (Europe/London)"
            )
        local = received_at.astimezone(LONDON)
        received = local.date()
        said = f"Received {short_date(received)} at {clock_time(local)}"
        if rule.unit is Unit.HOURS:
            lines.append(f"{said}: counted from that time")
            return received, received, local
        if rule.cut_off is not None and local.time() >= rule.cut_off:
            start = calendar.next_working_day(received)
            lines.append(
                f"{said}, after the {format_cut_off(rule.cut_off)} cut-off: counted from {long_date(start)}"
            )
        elif not calendar.is_working_day(received) and (rule.unit is Unit.WORKING_DAYS or rule.cut_off is not None):
            start = calendar.next_working_day(received)
            lines.append(f"{said}, {_non_working(calendar, received)}: counted from {long_date(start)}")
        else:
            start = received
            lines.append(f"{said}: counted from {long_date(start)}")
        return received, start, local

    if rule.anchor not in key_dates or key_dates[rule.anchor] is None:
        message = f"this rule counts from {rule.anchor}, but no {rule.anchor} date was given"
        raise MissingAnchorError(rule.anchor, message)
    anchor = key_dates[rule.anchor]
    if isinstance(anchor, datetime) or not isinstance(anchor, date):
        raise TimescaleError(f"key_dates[{rule.anchor!r}]: expected a date, got {anchor!r}")
    start = anchor
    if rule.unit is Unit.WORKING_DAYS and not calendar.is_working_day(anchor):
        before = rule.direction is Direction.BEFORE
        start = calendar.previous_working_day(anchor) if before else calendar.next_working_day(anchor)
        lines.append(
            f"{rule.anchor} is {long_date(anchor)}, {_non_working(calendar, anchor)}: "
            f"counted from {long_date(start)}"
        )
    else:
        lines.append(f"{rule.anchor} is {long_date(anchor)}")
    return anchor, start, None


def _counted_line(rule: DeadlineRule, due: date) -> str:
    if rule.unit is Unit.WORKING_DAYS and rule.amount == 0:
        what = "Same working day" if rule.counts_from_received else f"On the working day of {rule.anchor}"
    elif rule.counts_from_received:
        what = rule.unit.label(rule.amount)
    else:
        what = f"{rule.unit.label(rule.amount)} {rule.direction.value} {rule.anchor}"
    return f"{what}: due {long_date(due)}"


def _pause_line(pause: Pause, counted: int, rule: DeadlineRule, when: str, as_of: date | None) -> str:
    kind = "working day" if rule.unit is Unit.WORKING_DAYS else "day"
    if pause.restarted_on is None:
        assert as_of is not None
        period = f"clock stopped on {short_date(pause.stopped_on)}, still stopped on {short_date(as_of)}"
    else:
        period = f"clock stopped on {short_date(pause.stopped_on)}, restarted on {short_date(pause.restarted_on)}"
    if counted == 0:
        return f"Paused 0 {kind}s ({pause.reason}; {period}): outside the counting period, due date unchanged"
    return f"Paused {plural(counted, kind)} ({pause.reason}; {period}): due {when}"


def _non_working(calendar: WorkingCalendar, day: date) -> str:
    name = calendar.holiday_name(day)
    return f"a bank holiday ({name})" if name else "not a working day"


def _warnings(calendar: WorkingCalendar, *days: date) -> tuple[str, ...]:
    if calendar.coverage is None or all(calendar.covers(d) for d in days):
        return ()
    first, last = calendar.coverage
    return (
        f"The bank-holiday calendar covers {first} to {last}: outside those years only weekends are "
        "skipped. Refresh the calendar (python -m omhub.timescales refresh).",
    )


# -- arithmetic --------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole calendar months; a day that does not exist in the target month becomes
    that month's last day (31 January + 1 month = 28 or 29 February; 31 March - 1 month = 28/29
    February). The 28th stays the 28th: month-ends are not sticky."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        raise OverflowError("date value out of range")
    return date(year, month + 1, min(day.day, _days_in_month(year, month + 1)))


def _days_in_month(year: int, month: int) -> int:
    if month == 12:
        return 31
    return (date(year, month + 1, 1) - ONE_DAY).day


def shift(day: date, unit: Unit, amount: int, calendar: WorkingCalendar) -> date:
    """``day`` moved by a signed ``amount`` of a day-based ``unit``."""
    if unit is Unit.WORKING_DAYS:
        return calendar.add_working_days(day, amount)
    if unit is Unit.CALENDAR_DAYS:
        return day + timedelta(days=amount)
    if unit is Unit.WEEKS:
        return day + timedelta(weeks=amount)
    if unit is Unit.MONTHS:
        return add_months(day, amount)
    raise TimescaleError(f"cannot move a date by {unit.value}")


def _every_day(_: date) -> bool:
    return True


def _push(due: date, stopped: set[date], lower: date | None, step: Any) -> date:
    """Move ``due`` later by the stopped days that fall while the clock runs (after ``lower``, up to
    the deadline), skipping further stopped days on the way."""
    owed = sum(1 for d in stopped if step(d) and (lower is None or d > lower) and d <= due)
    while owed:
        due += ONE_DAY
        if step(due) and due not in stopped:
            owed -= 1
    return due


# -- input checking ----------------------------------------------------------------------------------


def _require_date(value: Any, key: str) -> None:
    if isinstance(value, datetime) or not isinstance(value, date):
        raise RuleError(key, f"expected a date, got {value!r}")


def _require_reason(reason: Any) -> None:
    if not isinstance(reason, str) or not reason.strip():
        raise RuleError("reason", "a reason is required, e.g. 'waiting for police'")


def _parse_date(value: Any, key: str) -> date:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise RuleError(key, f"expected a date YYYY-MM-DD, got {value!r}") from None


def _require_keys(data: Any, what: str, *, required: Iterable[str], optional: Iterable[str]) -> dict[str, Any]:
    required, optional = tuple(required), tuple(optional)
    if not isinstance(data, dict):
        raise RuleError(what, f"expected an object with {', '.join(required)}, got {type(data).__name__}")
    unknown = sorted(set(data) - set(required) - set(optional))
    if unknown:
        raise RuleError(unknown[0], f"unknown key; expected one of {', '.join(required + optional)}")
    for key in required:
        if key not in data:
            raise RuleError(key, "missing")
    return data
