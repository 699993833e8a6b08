"""A what-if run's people whose dates change, as an XLSX workbook (written by the same constant-memory
writer as casework exports, so a run over a large establishment never sits in memory)."""

import tempfile
from dataclasses import dataclass

from omhub.calculations import release_dates
from omhub.calculations import what_if_selectors as selectors
from omhub.calculations.check_selectors import profile_name
from omhub.calculations.models import WhatIfRun
from omhub.casework.exports import DATE, NUMBER, XLSX_TYPE, Column, write_xlsx

__all__ = ["XLSX_TYPE", "workbook"]

COLUMNS = [
    Column("Name", lambda r: r.person.listing_name, width=28),
    Column("Prison number", lambda r: r.person.prison_number or "", width=14),
    Column("Date of birth", lambda r: r.person.date_of_birth, DATE, 13),
    Column("Release date now", lambda r: r.current_release, DATE, 14),
    Column("New release date", lambda r: r.new_release, DATE, 14),
    Column("Days earlier", lambda r: r.days_earlier, NUMBER, 10),
    Column("Compared with", lambda r: r.get_basis_display(), width=30),
    Column("What changes", lambda r: "; ".join(release_dates.describe_difference(c) for c in r.changes), width=80),
    Column("Could not be calculated", lambda r: r.error, width=60),
]


@dataclass
class _Table:
    title: str
    columns: list[Column]
    run: WhatIfRun

    def rows(self):
        changed = selectors.results(self.run, sort="release").iterator(chunk_size=2000)
        failed = selectors.results(self.run, only_failed=True).iterator(chunk_size=2000)
        for query in (changed, failed):
            for result in query:
                yield [column.value(result) for column in self.columns]


def workbook(run: WhatIfRun):
    """The workbook in a temporary file (at its start) and how many people it lists."""
    title = f"{run.unit.code} {profile_name(run.profile)}"[:31]
    output = tempfile.TemporaryFile()
    rows = write_xlsx(_Table(title=title, columns=COLUMNS, run=run), output)
    output.seek(0)
    return output, rows


