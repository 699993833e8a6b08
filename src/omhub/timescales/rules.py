"""Deadline rules as data: frozen dataclasses that round-trip through plain dicts (JSON).

A rule says *how much* (``amount`` of a ``unit``), *which way* (``direction``: after or before) and
*from what* (``anchor``: the time the item was received, or a named key date such as ``HDCED`` or a
case field such as ``hearing_date``), with an optional daily ``cut_off`` for received times::

    DeadlineRule(Unit.WORKING_DAYS, 10, cut_off=time(15))             10 working days, 15:00 cut-off
    DeadlineRule(Unit.WORKING_DAYS, 2, Direction.BEFORE, "RELEASE")   2 working days before release
    DeadlineRule(Unit.WEEKS, 14, Direction.BEFORE, "HDCED")           14 weeks before HDCED
    DeadlineRule.same_working_day()                                   same working day
    DeadlineRule.within_hours(24)                                     within 24 hours
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import Any

from .errors import RuleError

RECEIVED = "received"

#: Key dates a rule may count from (the casework app supplies their values). Any other identifier
#: names a date field of the case, such as ``hearing_date`` or ``period_end``.
KEY_DATES: dict[str, str] = {
    "SENTENCE": "sentence date",
    "RELEASE": "release date (the CRD, ARD, PRRD or confirmed release date that applies)",
    "CRD": "conditional release date",
    "ARD": "automatic release date",
    "PRRD": "post-recall release date",
    "HDCED": "home detention curfew eligibility date",
    "HDCAD": "home detention curfew approved date",
    "PED": "parole eligibility date",
    "TARIFF": "tariff expiry date",
    "ERSED": "early removal scheme eligibility date",
    "SLED": "sentence and licence expiry date",
    "TUSED": "top-up supervision expiry date",
}

MAX_AMOUNT = 10_000
_ANCHOR = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_CUT_OFF = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WEEKS = "weeks"
    MONTHS = "months"
    HOURS = "hours"

    @property
    def counts_working_days(self) -> bool:
        return self is Unit.WORKING_DAYS

    @property
    def counts_calendar_time(self) -> bool:
        """Calendar days, weeks and months: the units whose result may need moving off a non-working day."""
        return self in (Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS)

    def label(self, amount: int) -> str:
        singular = {
            Unit.WORKING_DAYS: "working day",
            Unit.CALENDAR_DAYS: "calendar day",
            Unit.WEEKS: "week",
            Unit.MONTHS: "month",
            Unit.HOURS: "hour",
        }[self]
        return f"{amount} {singular}" + ("" if amount == 1 else "s")


class Direction(StrEnum):
    AFTER = "after"
    BEFORE = "before"


def format_cut_off(value: time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


@dataclass(frozen=True)
class DeadlineRule:
    """One deadline rule. Construct it directly (it validates itself) or with :meth:`from_dict`.

    ``land_on_working_day`` applies to calendar days, weeks and months only: when the date counted
    falls on a non-working day it moves to the previous working day for ``before`` rules and to the
    next working day for ``after`` rules. Working-day rules always end on a working day; hour rules
    give an exact time and never move.
    """

    unit: Unit
    amount: int
    direction: Direction = Direction.AFTER
    anchor: str = RECEIVED
    cut_off: time | None = None
    land_on_working_day: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "unit", _enum(Unit, self.unit, "unit"))
        object.__setattr__(self, "direction", _enum(Direction, self.direction, "direction"))
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise RuleError("amount", f"expected a whole number, got {self.amount!r}")
        if not 0 <= self.amount <= MAX_AMOUNT:
            raise RuleError("amount", f"expected a whole number from 0 to {MAX_AMOUNT}, got {self.amount}")
        if not isinstance(self.anchor, str) or not _ANCHOR.fullmatch(self.anchor):
            raise RuleError(
                "anchor",
                f"expected {RECEIVED!r}, a key date such as 'HDCED' or a case field name such as 'hearing_date', "
                f"got {self.anchor!r}",
            )
        if not isinstance(self.land_on_working_day, bool):
            raise RuleError("land_on_working_day", f"expected true or false, got {self.land_on_working_day!r}")
        if self.cut_off is not None:
            if not isinstance(self.cut_off, time) or self.cut_off.tzinfo is not None:
                raise RuleError("cut_off", f"expected a local time of day such as 15:00, got {self.cut_off!r}")
            if self.cut_off.second or self.cut_off.microsecond:
                raise RuleError("cut_off", f"expected hours and minutes only, got {self.cut_off.isoformat()}")
            if self.anchor != RECEIVED:
                message = f"a cut-off applies to received times only, not to the key date {self.anchor}"
                raise RuleError("cut_off", message)
            if self.unit is Unit.HOURS:
                raise RuleError("cut_off", "a cut-off does not apply to a rule counted in hours")
        if self.direction is Direction.BEFORE and self.anchor == RECEIVED:
            raise RuleError("direction", "a rule cannot count before the received time: name a key date as the anchor")
        if self.unit is Unit.HOURS:
            if self.anchor != RECEIVED:
                raise RuleError("anchor", f"a rule in hours counts from the received time, not from {self.anchor}")
            if self.direction is not Direction.AFTER:
                raise RuleError("direction", "a rule in hours can only count after the received time")

    # -- convenience constructors --------------------------------------------------------------------

    @classmethod
    def same_working_day(cls, cut_off: time | None = None) -> DeadlineRule:
        """Due on the day received, or the next working day if received on a non-working day (or at or
        after the cut-off)."""
        return cls(Unit.WORKING_DAYS, 0, cut_off=cut_off)

    @classmethod
    def within_hours(cls, hours: int) -> DeadlineRule:
        return cls(Unit.HOURS, hours)

    # -- reading -----------------------------------------------------------------------------------

    @property
    def counts_from_received(self) -> bool:
        return self.anchor == RECEIVED

    def describe(self) -> str:
        """Plain English, e.g. ``"10 working days after receipt (15:00 cut-off)"``."""
        if self.unit is Unit.WORKING_DAYS and self.amount == 0 and self.counts_from_received:
            text = "same working day"
        elif self.amount == 0 and self.unit is Unit.WORKING_DAYS:
            text = f"on the working day of {self.anchor}"
        elif self.amount == 0:
            text = f"on {self.anchor}"
        elif self.unit is Unit.HOURS:
            text = f"within {self.unit.label(self.amount)}"
        else:
            whence = "receipt" if self.counts_from_received else self.anchor
            text = f"{self.unit.label(self.amount)} {self.direction.value} {whence}"
        if self.cut_off is not None:
            text += f" ({format_cut_off(self.cut_off)} cut-off)"
        return text

    # -- dicts -------------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit.value,
            "amount": self.amount,
            "direction": self.direction.value,
            "anchor": self.anchor,
            "cut_off": None if self.cut_off is None else format_cut_off(self.cut_off),
            "land_on_working_day": self.land_on_working_day,
        }

    @classmethod
    def from_dict(cls, data: Any) -> DeadlineRule:
        """Build a rule from :meth:`to_dict`'s shape. ``unit`` and ``amount`` are required; the others
        default to ``after``, ``received``, no cut-off and ``true``. Raises :class:`RuleError` naming
        the key and what was expected."""
        if not isinstance(data, dict):
            raise RuleError("rule", f"expected an object with 'unit' and 'amount', got {type(data).__name__}")
        unknown = sorted(set(data) - set(RULE_KEYS))
        if unknown:
            raise RuleError(unknown[0], f"unknown key; expected one of {', '.join(RULE_KEYS)}")
        for key in ("unit", "amount"):
            if key not in data:
                raise RuleError(key, "missing")
        cut_off = data.get("cut_off")
        if cut_off is not None:
            match = _CUT_OFF.fullmatch(cut_off) if isinstance(cut_off, str) else None
            if match is None:
                raise RuleError("cut_off", f"expected a time HH:MM such as '15:00', got {cut_off!r}")
            cut_off = time(int(match[1]), int(match[2]))
        return cls(
            unit=data["unit"],
            amount=data["amount"],
            direction=data.get("direction", Direction.AFTER.value),
            anchor=data.get("anchor", RECEIVED),
            cut_off=cut_off,
            land_on_working_day=data.get("land_on_working_day", True),
        )


RULE_KEYS = ("unit", "amount", "direction", "anchor", "cut_off", "land_on_working_day")


def _enum(kind: type[StrEnum], value: Any, key: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        expected = ", ".join(repr(member.value) for member in kind)
        raise RuleError(key, f"expected one of {expected}, got {value!r}") from None
