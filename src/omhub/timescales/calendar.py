"""Working days on a bank-holiday calendar, and the shipped England & Wales calendar.

A working day is a day that is neither a weekend day (Saturday and Sunday unless the calendar says
otherwise) nor a bank holiday. Nothing here reads the clock or the network: the England & Wales
bank holidays ship as package data in GOV.UK's ``bank-holidays.json`` format, and
``omhub.timescales.refresh`` updates that file from a downloaded copy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import CalendarDataError

DIVISION = "england-and-wales"
DATA_PACKAGE = "omhub.timescales.data"
DATA_FILE = "bank_holidays_england_wales.json"
SATURDAY_AND_SUNDAY = frozenset({5, 6})
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, order=True)
class BankHoliday:
    """One event of GOV.UK's list: ``{"title", "date", "notes", "bunting"}``."""

    date: date
    title: str
    notes: str = ""
    bunting: bool = True

    @property
    def name(self) -> str:
        """The title with its notes, e.g. ``"Boxing Day, substitute day"``."""
        return f"{self.title}, {self.notes[:1].lower()}{self.notes[1:]}" if self.notes else self.title

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "date": self.date.isoformat(), "notes": self.notes, "bunting": self.bunting}


class WorkingCalendar:
    """Working-day arithmetic over a fixed set of bank holidays.

    ``names`` (optional) maps bank holidays to their titles for explanations. ``weekend`` holds the
    non-working weekdays (``date.weekday()`` numbers, Monday = 0). ``coverage`` is the range of years
    the bank holidays are known for; it defaults to the years present in ``bank_holidays``.
    """

    __slots__ = ("_holidays", "_names", "_weekend", "_coverage")

    def __init__(
        self,
        bank_holidays: Iterable[date] = frozenset(),
        *,
        names: Mapping[date, str] | None = None,
        weekend: Iterable[int] = SATURDAY_AND_SUNDAY,
        coverage: tuple[int, int] | None = None,
    ) -> None:
        self._holidays = frozenset(bank_holidays)
        self._names = dict(names or {})
        self._weekend = frozenset(weekend)
        if not self._weekend < frozenset(range(7)):
            raise ValueError("weekend must be a proper subset of the weekday numbers 0 (Monday) to 6 (Sunday)")
        if coverage is None and self._holidays:
            years = [d.year for d in self._holidays]
            coverage = (min(years), max(years))
        self._coverage = coverage

    @classmethod
    def from_events(cls, events: Iterable[BankHoliday]) -> WorkingCalendar:
        events = list(events)
        return cls((e.date for e in events), names={e.date: e.name for e in events})

    @property
    def bank_holidays(self) -> frozenset[date]:
        return self._holidays

    @property
    def coverage(self) -> tuple[int, int] | None:
        """First and last year whose bank holidays are known, or None for a weekends-only calendar."""
        return self._coverage

    def covers(self, day: date) -> bool:
        return self._coverage is None or self._coverage[0] <= day.year <= self._coverage[1]

    def holiday_name(self, day: date) -> str | None:
        if day not in self._holidays:
            return None
        return self._names.get(day, "bank holiday")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WorkingCalendar):
            return NotImplemented
        return (self._holidays, self._weekend) == (other._holidays, other._weekend)

    def __hash__(self) -> int:
        return hash((self._holidays, self._weekend))

    def __repr__(self) -> str:
        return f"WorkingCalendar({len(self._holidays)} bank holidays, coverage={self._coverage})"

    # -- single days -------------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self._weekend and day not in self._holidays

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += ONE_DAY
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def previous_working_day(self, day: date) -> date:
        """The last working day strictly before ``day``."""
        day -= ONE_DAY
        while not self.is_working_day(day):
            day -= ONE_DAY
        return day

    def working_day_on_or_after(self, day: date) -> date:
        return day if self.is_working_day(day) else self.next_working_day(day)

    def working_day_on_or_before(self, day: date) -> date:
        return day if self.is_working_day(day) else self.previous_working_day(day)

    # -- counting ----------------------------------------------------------------------------------

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start`` (before it when ``n`` is negative).

        ``start`` is day 0 and is not counted, whether or not it is a working day; ``n == 0``
        returns ``start`` unchanged. So ``add_working_days(friday, 1)`` is the Monday (on a week
        without bank holidays) and so is ``add_working_days(saturday, 1)``.
        """
        day = start
        if n > 0:
            for _ in range(n):
                day = self.next_working_day(day)
        elif n < 0:
            for _ in range(-n):
                day = self.previous_working_day(day)
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Signed count of working days from ``a`` to ``b``, the inverse of :meth:`add_working_days`.

        When ``b`` is on or after ``a`` it is the number of working days in ``(a, b]``; when ``b`` is
        before ``a`` it is minus the number of working days in ``[b, a)``. So
        ``working_days_between(a, add_working_days(a, n)) == n`` for every ``a`` and ``n``.
        """
        if b >= a:
            return sum(1 for d in _days(a + ONE_DAY, b) if self.is_working_day(d))
        return -sum(1 for d in _days(b, a - ONE_DAY) if self.is_working_day(d))

    def bank_holidays_between(self, a: date, b: date) -> list[date]:
        """The bank holidays from ``a`` to ``b`` inclusive (in either order), in date order."""
        low, high = min(a, b), max(a, b)
        return sorted(d for d in self._holidays if low <= d <= high)


def _days(first: date, last: date) -> Iterable[date]:
    day = first
    while day <= last:
        yield day
        day += ONE_DAY


# -- GOV.UK's bank-holidays.json -----------------------------------------------------------------


def parse_govuk(data: Any, division: str = DIVISION) -> tuple[BankHoliday, ...]:
    """Read one division of GOV.UK's ``bank-holidays.json`` (``{"england-and-wales": {"division":
    ..., "events": [{"title", "date", "notes", "bunting"}]}}``). Other top-level keys are ignored.
    Raises :class:`CalendarDataError` naming the bad part."""
    if not isinstance(data, dict):
        raise CalendarDataError(f"expected a JSON object with a {division!r} key, got {type(data).__name__}")
    section = data.get(division)
    if not isinstance(section, dict):
        raise CalendarDataError(f"{division}: missing, or not an object with 'division' and 'events'")
    if section.get("division", division) != division:
        raise CalendarDataError(f"{division}.division: expected {division!r}, got {section.get('division')!r}")
    raw_events = section.get("events")
    if not isinstance(raw_events, list):
        raise CalendarDataError(f"{division}.events: expected a list of events")
    events: dict[date, BankHoliday] = {}
    for i, raw in enumerate(raw_events):
        where = f"{division}.events[{i}]"
        if not isinstance(raw, dict):
            raise CalendarDataError(f"{where}: expected an object with 'title' and 'date'")
        try:
            day = date.fromisoformat(raw.get("date"))
        except (TypeError, ValueError):
            raise CalendarDataError(f"{where}.date: expected a date YYYY-MM-DD, got {raw.get('date')!r}") from None
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            raise CalendarDataError(f"{where}.title: expected a non-empty string, got {title!r}")
        notes = raw.get("notes", "")
        bunting = raw.get("bunting", True)
        if not isinstance(notes, str):
            raise CalendarDataError(f"{where}.notes: expected a string, got {notes!r}")
        if not isinstance(bunting, bool):
            raise CalendarDataError(f"{where}.bunting: expected true or false, got {bunting!r}")
        if day in events:
            raise CalendarDataError(f"{where}.date: {day.isoformat()} is listed twice")
        events[day] = BankHoliday(day, title.strip(), notes.strip(), bunting)
    return tuple(sorted(events.values()))


def to_govuk(events: Iterable[BankHoliday], *, source: str | None = None, division: str = DIVISION) -> dict:
    """The GOV.UK shape of ``events`` (sorted by date), with an optional top-level ``source`` note."""
    data: dict[str, Any] = {division: {"division": division, "events": [e.to_dict() for e in sorted(events)]}}
    if source:
        data["source"] = source
    return data


def load_bank_holidays(path: str | Path, division: str = DIVISION) -> tuple[BankHoliday, ...]:
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise CalendarDataError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return parse_govuk(data, division)


def write_bank_holidays(path: str | Path, events: Iterable[BankHoliday], *, source: str | None = None) -> None:
    """Write ``events`` in GOV.UK's format (one division), via a temporary file and a rename."""
    path = Path(path)
    text = json.dumps(to_govuk(events, source=source), indent=1, ensure_ascii=False) + "\n"
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, "utf-8")
    temporary.replace(path)


def shipped_data_path() -> Path:
    """The shipped England & Wales file (inside the installed package)."""
    return Path(str(resources.files(DATA_PACKAGE).joinpath(DATA_FILE)))


@lru_cache(maxsize=1)
def shipped_bank_holidays() -> tuple[BankHoliday, ...]:
    text = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_text("utf-8")
    return parse_govuk(json.loads(text))


@lru_cache(maxsize=1)
def england_and_wales() -> WorkingCalendar:
    """The shipped England & Wales calendar (2015-2028, with GOV.UK's titles)."""
    return WorkingCalendar.from_events(shipped_bank_holidays())
