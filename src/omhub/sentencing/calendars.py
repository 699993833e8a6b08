"""Working-day calendars. The engine never reads the clock or the network: callers pass the
bank holidays, and the default is the England & Wales calendar of ``omhub.timescales`` (the single
shipped copy of the bank holidays)."""

from __future__ import annotations

from datetime import date

from omhub.timescales.calendar import england_and_wales

# The calendar the HMPPS reference corpus was produced with (RULES-DETAIL §0).
CORPUS_BANK_HOLIDAYS = frozenset({date(2021, 12, 27), date(2021, 12, 28)})


def default_bank_holidays() -> frozenset[date]:
    """England & Wales bank holidays 2015-2028, from ``omhub.timescales``' data file."""
    return england_and_wales().bank_holidays


def parse_bank_holidays(text: str) -> frozenset[date]:
    """Parse a comma-separated list of ISO dates such as ``2021-12-27,2021-12-28``."""
    return frozenset(date.fromisoformat(part.strip()) for part in text.split(",") if part.strip())
