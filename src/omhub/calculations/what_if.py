"""What-if for an establishment: the release-date engine run over everyone in a prison under another
legislation profile (the Progression Model against the law in force, say), as a background job, to
show who would see their dates change, by how many days, and who would be released first. It reads
sentence records and confirmed key dates and writes only its own run and results: nobody's confirmed
key dates, key dates or work change.

What a person's dates are compared with: their confirmed key dates when their sentence records are
exactly those the confirmed dates were calculated from (the dates the hub works to; one engine run);
otherwise, the engine's dates from their records as they stand under the law in force (two runs),
marked as such. Changes to the effective sentence end date alone (a working date of the engine, on no
slip or key date) do not count as a change.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from omhub.accounts.models import Unit
from omhub.accounts.permissions import Capability, require, visible_unit_ids
from omhub.audit import services as audit
from omhub.calculations import population, release_dates
from omhub.calculations.check_selectors import PROFILE_NAMES, profile_name
from omhub.calculations.models import Booking, WhatIfResult, WhatIfRun
from omhub.core.errors import ConflictError
from omhub.people.models import Person
from omhub.sentencing import calculate as run_engine
from omhub.sentencing.legislation import DEFAULT_PROFILE, PROFILES
from omhub.sentencing.validation import MESSAGES

log = logging.getLogger(__name__)

ACTIVE_STATES = (WhatIfRun.State.QUEUED, WhatIfRun.State.RUNNING)


def profile_choices() -> list[tuple[str, str]]:
    """The legislation profiles a what-if can compare with the law in force."""
    return [(code, PROFILE_NAMES.get(code, code)) for code in PROFILES if code != DEFAULT_PROFILE]


def establishments_for(actor) -> QuerySet[Unit]:
    """The prisons the actor may run a what-if for: their own (every prison for a national role)."""
    require(actor, Capability.COMPARE_RELEASE_DATES)
    prisons = Unit.objects.filter(kind=Unit.Kind.PRISON, is_active=True)
    allowed = visible_unit_ids(actor)
    return prisons if allowed is None else prisons.filter(pk__in=allowed)


# -- comparing one person -------------------------------------------------------------------------------


@dataclass
class Outcome:
    """One person's dates now and under the other law; ``error`` when either could not be worked out.
    Read once it is complete (what it works out is kept)."""

    basis: str
    current_dates: dict = field(default_factory=dict)
    new_dates: dict = field(default_factory=dict)
    error: str = ""

    @cached_property
    def changes(self) -> list[dict]:
        if self.error:
            return []
        return [change for change in release_dates.differences(self.current_dates, self.new_dates)
                if change["code"] not in release_dates.WORKING_DATES]

    @cached_property
    def current_release(self) -> datetime.date | None:
        return release_dates.release_date(release_dates.as_dates(self.current_dates))

    @cached_property
    def new_release(self) -> datetime.date | None:
        return release_dates.release_date(release_dates.as_dates(self.new_dates))

    @cached_property
    def days_earlier(self) -> int | None:
        current, new = self.current_release, self.new_release
        return (current - new).days if current and new else None


def _problem(result, law: str) -> str:
    """Why the engine's answer cannot be used, in words, or "" when it can."""
    if result.error:
        return f"Under {law}, the engine could not calculate: {result.error_message or result.error}"[:300]
    if result.validation:
        messages = "; ".join(MESSAGES.get(code, code) for code in result.validation)
        return f"Under {law}, the engine gave validation messages: {messages}"[:300]
    return ""


def compare(records: population.PersonRecords, *, profile: str, compared_with: str) -> Outcome:
    """The person's dates under ``profile`` beside those they have now."""
    inputs = records.inputs
    if records.unchanged_since_confirmed and records.confirmed.profile == compared_with:
        outcome = Outcome(WhatIfResult.Basis.CONFIRMED, current_dates=dict(records.confirmed.dates))
    else:
        baseline = run_engine({**inputs, "params": compared_with}, explain=False)
        outcome = Outcome(WhatIfResult.Basis.RECORDS, current_dates=baseline.ordered_dates(),
                          error=_problem(baseline, "the law in force"))
        if outcome.error:
            return outcome
    new = run_engine({**inputs, "params": profile}, explain=False)
    outcome.new_dates = new.ordered_dates()
    outcome.error = _problem(new, "the other law")
    return outcome


# -- runs -----------------------------------------------------------------------------------------------


def _validated(actor, unit: Unit | None, profile: str) -> tuple[Unit, str]:
    errors = {}
    if unit is None or not establishments_for(actor).filter(pk=unit.pk).exists():
        errors["unit"] = ["Choose one of your establishments"]
    profile = (profile or "").strip()
    if profile not in dict(profile_choices()):
        errors["profile"] = [f"Choose the law to compare with: {', '.join(code for code, _ in profile_choices())}"]
    if errors:
        raise ValidationError(errors)
    return unit, profile


def start_run(*, actor, unit: Unit | None, profile: str, background: bool = True) -> WhatIfRun:
    """Queue a what-if run; the worker runs it (``tasks.run_what_if``), unless ``background`` is False
    (the command, which runs it itself). One at a time for the same establishment and law: asking again
    while one waits or runs is refused, naming it."""
    require(actor, Capability.COMPARE_RELEASE_DATES)
    unit, profile = _validated(actor, unit, profile)
    from omhub.calculations import tasks

    with transaction.atomic():
        Unit.objects.select_for_update().get(pk=unit.pk)  # one start at a time for the establishment
        active = WhatIfRun.objects.filter(unit=unit, profile=profile, state__in=ACTIVE_STATES).first()
        if active is not None:
            raise ConflictError(f"A what-if for {unit.name} under {profile_name(profile)} is already "
                                f"{active.get_state_display().lower()} (run {active.pk}): wait for it to finish.")
        run = WhatIfRun.objects.create(unit=unit, profile=profile, compared_with=DEFAULT_PROFILE, requested_by=actor)
        audit.record(actor=actor, action=audit.Action.CREATE, instance=run,
                     after={"unit": unit.code, "profile": profile, "compared_with": DEFAULT_PROFILE})
        if background:
            transaction.on_commit(lambda: tasks.run_what_if.enqueue(run.pk))
    return run


def _establishment_people(unit: Unit) -> tuple[list[int], int]:
    """The people of the establishment with sentences recorded (by id), and how many have none."""
    everyone = Person.objects.filter(establishment=unit).count()
    with_records = sorted(set(
        Booking.objects.filter(person__establishment=unit, is_active=True, sentences__isnull=False)
        .values_list("person_id", flat=True)))
    return with_records, everyone - len(with_records)


def _result_row(run: WhatIfRun, person_id: int, outcome: Outcome) -> dict:
    """A ``WhatIfResult`` row, as values by field attribute name."""
    failed = bool(outcome.error)
    return {"run_id": run.pk, "person_id": person_id, "current_dates": outcome.current_dates,
            "new_dates": {} if failed else outcome.new_dates, "current_release": outcome.current_release,
            "new_release": None if failed else outcome.new_release,
            "days_earlier": None if failed else outcome.days_earlier, "basis": outcome.basis,
            "changes": outcome.changes, "error": outcome.error}


def _insert_results(rows: list[dict]) -> None:
    """Insert result rows with one statement for them all (COPY on PostgreSQL). A run writes up to a row
    a person (most people's dates change under another law: ~90,000 for a large prison), and
    ``bulk_create`` spent more time making model objects and compiling SQL for each row than the database
    spent writing them. Each value is still prepared for the database by its field, as the ORM does."""
    if not rows:
        return
    fields = [f for f in WhatIfResult._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table, columns = quote(WhatIfResult._meta.db_table), ", ".join(quote(f.column) for f in fields)
    values = [[f.get_db_prep_save(row[f.attname], connection) for f in fields] for row in rows]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows; an INSERT would have every value quoted into the SQL in Python by
            # Django's client-side parameter binding.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", values)


def execute(run_id: int, *, progress: Callable[[int], None] | None = None) -> WhatIfRun:
    """Run a queued what-if to the end, keeping its progress as it goes (a chunk of people at a time),
    so its page can show how far it has got. A run that fails keeps no results, only its error."""
    claimed = WhatIfRun.objects.filter(pk=run_id, state=WhatIfRun.State.QUEUED).update(
        state=WhatIfRun.State.RUNNING, started_at=timezone.now())
    run = WhatIfRun.objects.select_related("unit").get(pk=run_id)
    if not claimed:
        return run
    try:
        people, without_records = _establishment_people(run.unit)
        WhatIfRun.objects.filter(pk=run.pk).update(total=len(people), without_records=without_records)
        with population.collecting_only_new_objects():
            for chunk in population.chunks(people, population.CHUNK_SIZE):
                results = []
                for records in population.records_of(chunk):
                    if records.inputs is None:
                        continue
                    outcome = compare(records, profile=run.profile, compared_with=run.compared_with)
                    if outcome.error or outcome.changes:
                        results.append(_result_row(run, records.person_id, outcome))
                failed = sum(1 for result in results if result["error"])
                with transaction.atomic():
                    _insert_results(results)
                    WhatIfRun.objects.filter(pk=run.pk).update(
                        done=F("done") + len(chunk), changed=F("changed") + len(results) - failed,
                        earlier=F("earlier") + sum(1 for r in results if (r["days_earlier"] or 0) > 0),
                        failed=F("failed") + failed)
                if progress:
                    progress(len(chunk))
    except Exception as error:  # noqa: BLE001 - the run is marked failed, with its error, and the worker goes on
        log.exception("what-if run %s failed", run_id)
        with transaction.atomic():
            run.results.all().delete()
            WhatIfRun.objects.filter(pk=run.pk).update(state=WhatIfRun.State.FAILED, finished_at=timezone.now(),
                                                       error=f"{type(error).__name__}: {error}"[:2000])
    else:
        WhatIfRun.objects.filter(pk=run.pk).update(state=WhatIfRun.State.FINISHED, finished_at=timezone.now())
    run.refresh_from_db()
    return run

