"""Working-day calendars. The engine never reads the clock or the network: callers pass the
bank holidays, and this module ships an offline England & Wales list as the default."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from importlib import resources

# The calendar the HMPPS reference corpus was produced with (RULES-DETAIL §0).
CORPUS_BANK_HOLIDAYS = frozenset({date(2021, 12, 27), date(2021, 12, 28)})


@lru_cache(maxsize=1)
def default_bank_holidays() -> frozenset[date]:
    """England & Wales bank holidays 2015-2028, from the package data file."""
    text = resources.files("omhub.sentencing.data").joinpath("bank_holidays_england_wales.json").read_text("utf-8")
    return frozenset(date.fromisoformat(d) for d in json.loads(text)["dates"])


def parse_bank_holidays(text: str) -> frozenset[date]:
    """Parse a comma-separated list of ISO dates such as ``2021-12-27,2021-12-28``."""
    return frozenset(date.fromisoformat(part.strip()) for part in text.split(",") if part.strip())
