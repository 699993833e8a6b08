"""Refreshing the shipped England & Wales bank holidays from GOV.UK's ``bank-holidays.json``.

    python -m omhub.timescales refresh --from bank-holidays.json     from a downloaded copy
    python -m omhub.timescales refresh --url                         download from GOV.UK
    python -m omhub.timescales refresh --from FILE --to OTHER.json   update another file
    python -m omhub.timescales refresh --from FILE --dry-run         report, write nothing

GOV.UK publishes a rolling window of years. The download *replaces* the years it covers and every
other year of the current file is *kept*, so older history (2015 onward) and years GOV.UK has not
published yet are not lost. A download with no England & Wales events is refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .calendar import (
    BankHoliday,
    england_and_wales,
    load_bank_holidays,
    parse_govuk,
    shipped_bank_holidays,
    shipped_data_path,
    write_bank_holidays,
)
from .errors import CalendarDataError
from .formatting import long_date

GOVUK_URL = "https://www.gov.uk/bank-holidays.json"


@dataclass(frozen=True)
class RefreshSummary:
    target: Path
    source: str
    years_replaced: tuple[int, ...]
    added: tuple[BankHoliday, ...]
    removed: tuple[BankHoliday, ...]
    changed: tuple[BankHoliday, ...]  # same date, new title, notes or bunting
    total: int
    first_year: int
    last_year: int
    written: bool

    @property
    def any_change(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def lines(self) -> list[str]:
        years = self.years_replaced
        out = [
            f"Read {self.source}: England & Wales bank holidays for {years[0]} to {years[-1]}",
            f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed",
        ]
        out += [f"  added   {long_date(e.date)} {e.name}" for e in self.added]
        out += [f"  removed {long_date(e.date)} {e.name}" for e in self.removed]
        out += [f"  changed {long_date(e.date)} {e.name}" for e in self.changed]
        verb = "Wrote" if self.written else "Would write"
        out.append(f"{verb} {self.total} bank holidays ({self.first_year} to {self.last_year}) to {self.target}")
        return out


def merge(current: Iterable[BankHoliday], downloaded: Iterable[BankHoliday]) -> list[BankHoliday]:
    """The downloaded events for the years they cover, and the current events of every other year."""
    downloaded = list(downloaded)
    years = {e.date.year for e in downloaded}
    return sorted([e for e in current if e.date.year not in years] + downloaded)


def refresh_from_file(
    path: str | Path, *, target: str | Path | None = None, dry_run: bool = False
) -> RefreshSummary:
    """Merge the GOV.UK file at ``path`` into ``target`` (default: the shipped data file)."""
    return _refresh(load_bank_holidays(path), source=str(path), target=target, dry_run=dry_run)


def refresh_from_url(
    url: str = GOVUK_URL, *, target: str | Path | None = None, dry_run: bool = False, timeout: float = 30
) -> RefreshSummary:
    """Download GOV.UK's ``bank-holidays.json`` and merge it like :func:`refresh_from_file`."""
    from urllib.request import Request, urlopen

    request = Request(url, headers={"Accept": "application/json", "User-Agent": "omhub-timescales-refresh"})
    with urlopen(request, timeout=timeout) as response:
        body = response.read().decode("utf-8")
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise CalendarDataError(f"{url}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    return _refresh(parse_govuk(data), source=url, target=target, dry_run=dry_run)


def _refresh(
    downloaded: Sequence[BankHoliday], *, source: str, target: str | Path | None, dry_run: bool
) -> RefreshSummary:
    if not downloaded:
        raise CalendarDataError(f"{source}: no England & Wales bank holidays in it; nothing was changed")
    shipped = target is None
    target_path = shipped_data_path() if shipped else Path(target)
    current = list(load_bank_holidays(target_path)) if target_path.exists() else []
    merged = merge(current, downloaded)

    before = {e.date: e for e in current}
    after = {e.date: e for e in merged}
    added = tuple(after[d] for d in sorted(after.keys() - before.keys()))
    removed = tuple(before[d] for d in sorted(before.keys() - after.keys()))
    changed = tuple(after[d] for d in sorted(after.keys() & before.keys()) if after[d] != before[d])
    years = sorted({e.date.year for e in downloaded})
    note = (
        f"GOV.UK bank holidays; {years[0]}-{years[-1]} refreshed from {source}, "
        "other years kept from the previous file"
    )
    if not dry_run:
        write_bank_holidays(target_path, merged, source=note)
        if shipped:
            shipped_bank_holidays.cache_clear()
            england_and_wales.cache_clear()
    return RefreshSummary(
        target=target_path,
        source=source,
        years_replaced=tuple(years),
        added=added,
        removed=removed,
        changed=changed,
        total=len(merged),
        first_year=merged[0].date.year,
        last_year=merged[-1].date.year,
        written=not dry_run,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m omhub.timescales",
        description="The timescales engine's commands.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    refresh = commands.add_parser(
        "refresh",
        help="update the England & Wales bank holidays from GOV.UK's bank-holidays.json",
        description=(
            "Merge GOV.UK's bank-holidays.json into the shipped England & Wales calendar: the years in the "
            "download replace those years, every other year is kept."
        ),
    )
    source = refresh.add_mutually_exclusive_group(required=True)
    source.add_argument("--from", dest="from_file", metavar="FILE", help="a downloaded copy of bank-holidays.json")
    source.add_argument(
        "--url", nargs="?", const=GOVUK_URL, metavar="URL", help=f"download it (default {GOVUK_URL})"
    )
    refresh.add_argument("--to", dest="target", metavar="FILE", help="the file to update (default: the shipped data)")
    refresh.add_argument("--dry-run", action="store_true", help="report the changes without writing them")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Exit status 0 on success, 1 when the source cannot be read or is not valid, 2 for usage errors."""
    parser = build_parser()
    try:
        args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.from_file:
            summary = refresh_from_file(args.from_file, target=args.target, dry_run=args.dry_run)
        else:
            summary = refresh_from_url(args.url, target=args.target, dry_run=args.dry_run)
    except (OSError, CalendarDataError) as exc:
        print(f"refresh failed: {exc}", file=sys.stderr)
        return 1
    print("\n".join(summary.lines()))
    return 0
