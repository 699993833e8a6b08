"""Calendar arithmetic for sentence terms (PSI 5.5 and RULES-DETAIL §0-1).

Every rule that turns a term such as "2 years 6 months" into a number of days lives here, so
the rest of the engine only deals with day counts and dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from functools import lru_cache


@lru_cache(maxsize=16384)
def days(n: int) -> timedelta:
    """A number of days as a timedelta (memoised: the engine asks for the same few hundred counts a
    million times in a run over an establishment)."""
    return timedelta(days=n)


ONE_DAY = timedelta(days=1)


def days_between(start: date, end: date) -> int:
    """Number of days from ``start`` to ``end`` (``end - start``)."""
    return (end - start).days


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def days_in_month(year: int, month: int) -> int:
    """``calendar.monthrange(year, month)[1]`` without working out the weekday (the engine's hot path)."""
    return 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]


@lru_cache(maxsize=65536)
def plus_months(d: date, months: int) -> date:
    """Add calendar months, clamping the day to the end of the target month (memoised, as ``days``)."""
    total = d.year * 12 + (d.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, days_in_month(year, month)))


def plus_years(d: date, years: int) -> date:
    return plus_months(d, 12 * years)


def plus_years_months(d: date, years: int, months: int) -> date:
    """Years then months, as two separately clamped steps (RULES-DETAIL §0)."""
    return plus_months(plus_years(d, years), months)


def end_of_month(d: date) -> date:
    return date(d.year, d.month, days_in_month(d.year, d.month))


def ceil_product(n: int, fraction: Fraction | int) -> int:
    """``math.ceil(n * fraction)`` for a whole number ``n``, in integers: the same answer without making
    a ``Fraction`` (and its gcd) for every part of every sentence of every calculation."""
    return -((-n * fraction.numerator) // fraction.denominator)


@dataclass(frozen=True)
class Duration:
    """A sentence term as the court gives it: years, months, weeks and days."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def __add__(self, other: Duration) -> Duration:
        return Duration(
            self.years + other.years,
            self.months + other.months,
            self.weeks + other.weeks,
            self.days + other.days,
        )

    @property
    def is_zero(self) -> bool:
        return not (self.years or self.months or self.weeks or self.days)

    def end_date(self, start: date) -> date:
        """Last day of the term served from ``start`` (PSI 5.5, RULES-DETAIL §1.1)."""
        if self.years or self.months:
            return calendar_end(start, self.years, self.months) + days(7 * self.weeks + self.days)
        return start + days(7 * self.weeks + self.days - 1)

    def length_days(self, start: date) -> int:
        return days_between(start, self.end_date(start)) + 1

    def describe(self) -> str:
        parts = []
        for value, unit in (
            (self.years, "year"),
            (self.months, "month"),
            (self.weeks, "week"),
            (self.days, "day"),
        ):
            if value:
                parts.append(f"{value} {unit}{'s' if value != 1 else ''}")
        return " ".join(parts) or "0 days"


ZERO = Duration()


def sum_durations(durations: Iterable[Duration]) -> Duration:
    total = ZERO
    for d in durations:
        total = total + d
    return total


def calendar_end(start: date, years: int, months: int) -> date:
    """Last day of a term of years and months served from ``start``: from the first of a month, the end
    of a month; otherwise the day before the same date in the end month (PSI 5.5, RULES-DETAIL §1.1)."""
    if start.day == 1:  # no day is clamped from the first, so years and months go as one step
        return end_of_month(plus_months(start, 12 * years + months - 1))
    return plus_months(plus_months(start - ONE_DAY, 12 * years), months)  # each step clamped


def aggregate_days(durations: Sequence[Duration], start: date, dto_cap: bool = False) -> int:
    """Days served by consecutive terms, measured block by block (RULES-DETAIL §1.3).

    Neighbouring calendar parts (years/months) merge, as do neighbouring day parts
    (weeks/days); each merged block is measured from the day after the previous block ends.
    """
    # Blocks as [is_calendar, years or weeks, months or days]; no Duration made per block.
    blocks: list[list] = []
    for duration in durations:
        if duration.years or duration.months:
            if blocks and blocks[-1][0]:
                blocks[-1][1] += duration.years
                blocks[-1][2] += duration.months
            else:
                blocks.append([True, duration.years, duration.months])
        if duration.weeks or duration.days:
            if blocks and not blocks[-1][0]:
                blocks[-1][1] += duration.weeks
                blocks[-1][2] += duration.days
            else:
                blocks.append([False, duration.weeks, duration.days])
    cursor = start
    for is_calendar, first, second in blocks:
        if is_calendar:
            cursor = calendar_end(cursor, first, second) + ONE_DAY
        else:
            cursor = cursor + days(7 * first + second)
    total = days_between(start, cursor)
    if dto_cap:
        cap = days_between(start, plus_months(start, 24))
        total = min(total, cap)
    return total


def unit_days(start: date, years: int = 0, months: int = 0) -> int:
    """Days between ``start`` and ``start`` plus the given calendar units (§1.4)."""
    return days_between(start, plus_years_months(start, years, months))


def is_less_than(length: int, start: date, years: int = 0, months: int = 0) -> bool:
    return length < unit_days(start, years, months)


def period_between(start: date, end: date) -> tuple[int, int, int]:
    """Calendar period (years, months, days) from ``start`` to ``end`` (java Period.between)."""
    total_months = (end.year * 12 + end.month) - (start.year * 12 + start.month)
    day_diff = end.day - start.day
    if total_months > 0 and day_diff < 0:
        total_months -= 1
        day_diff = days_between(plus_months(start, total_months), end)
    elif total_months < 0 and day_diff > 0:
        total_months += 1
        day_diff -= days_in_month(end.year, end.month)
    years = int(total_months / 12)
    months = total_months - 12 * years
    return years, months, day_diff


def iso_period(years: int, months: int, day_count: int) -> str:
    if not (years or months or day_count):
        return "P0D"
    out = "P"
    if years:
        out += f"{years}Y"
    if months:
        out += f"{months}M"
    if day_count:
        out += f"{day_count}D"
    return out


def age_on(date_of_birth: date, on: date) -> Fraction:
    """Age as the reference engine measures it: years + 0.0001 x (months + days)."""
    y, m, d = period_between(date_of_birth, on)
    return Fraction(y) + Fraction(m + d, 10000)


def is_under(date_of_birth: date, on: date, years: int) -> bool:
    """``age_on(date_of_birth, on) < years``: the whole years alone decide it (the rest of the reference
    engine's age is under 0.0042), so no ``Fraction`` is made."""
    return period_between(date_of_birth, on)[0] < years


def is_over(date_of_birth: date, on: date, years: int) -> bool:
    """``age_on(date_of_birth, on) > years``: older than ``years`` by at least a day."""
    y, m, d = period_between(date_of_birth, on)
    return y > years or (y == years and m + d > 0)


def previous_working_day(d: date, bank_holidays: frozenset[date]) -> date:
    while d.weekday() >= 5 or d in bank_holidays:
        d -= days(1)
    return d
