"""Benchmark: what-if for an establishment, and the nightly check, over 100,000 people.

Builds (or reuses) an establishment of N sentenced people (default 100,000, at HMP Leeds of the demo
units) with generated sentence records (``omhub.demo.sentence_records``); a share of them (default 90%)
also has confirmed key dates, made in bulk as a confirmed sentence calculation would leave them (an
approved work item, its confirmed calculation, version 1 of the person's confirmed key dates, with the
engine's own dates). Then it times, on one process (one worker):

* **what-if**: ``what_if.execute`` of a run under the Progression Model, end to end (people read in
  chunks, engine runs, results written, progress kept): people with confirmed dates unchanged since are
  compared with them (one engine run), the rest with their records under the law in force (two runs);
* **what-if, every person from their records**: the same with every person calculated twice, the
  worst case (an establishment where nothing has been confirmed);
* **the nightly check** of everyone's confirmed key dates.

    DATABASE_URL=sqlite:////work/main/var/bench/what-if.sqlite3 .venv/bin/python benchmarks/what_if.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omhub_what_if .venv/bin/python benchmarks/what_if.py

See benchmarks/README.md; results in RESULTS.md.
"""

import argparse
import datetime
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from people_search import configure_django, environment  # noqa: E402

PROFILE = "sds-progression-model-october"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000, help="Sentenced people in the establishment")
    parser.add_argument("--confirmed-share", type=float, default=0.9,
                        help="Share of them with confirmed key dates (default 0.9)")
    parser.add_argument("--repeats", type=int, default=3, help="Measured what-if runs (the median is quoted)")
    parser.add_argument("--skip", default="", help="Comma-separated parts to skip: records-only, nightly")
    parser.add_argument("--json", metavar="PATH", help="Also write the results as JSON to PATH")
    return parser.parse_args(argv)


def _progress(label: str):
    started = time.perf_counter()

    def report(done: int, total: int) -> None:
        print(f"  {label}: {done:,} of {total:,} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)

    return report


def build_people(count: int) -> int:
    """``count`` sentenced people at HMP Leeds, in bulk, beside any there are."""
    from django.db import transaction

    from omhub.accounts.models import Unit
    from omhub.demo.builder import _prison_number
    from omhub.people.models import LegalStatus, Person

    unit = Unit.objects.get(code="LEI")
    have = Person.objects.filter(establishment=unit, legal_status=LegalStatus.SENTENCED).count()
    start = Person.objects.count()
    report = _progress("people")
    for offset in range(0, max(0, count - have), 5000):
        size = min(5000, count - have - offset)
        with transaction.atomic():
            Person.objects.bulk_create([
                Person(prison_number=_prison_number(1_000_000 + start + offset + i), first_name="Test",
                       last_name=f"Person{start + offset + i}",
                       date_of_birth=datetime.date(1960, 1, 1) + datetime.timedelta(days=(offset + i) * 7 % 15000),
                       establishment=unit, legal_status=LegalStatus.SENTENCED)
                for i in range(size)], batch_size=1000)
        report(have + offset + size, count)
    return Person.objects.filter(establishment=unit).count()


def confirm_in_bulk(share: float) -> int:
    """Confirmed key dates for ``share`` of the people with records (the first ones by id), as the second check
    leaves them (not through the services: 90,000 second checks one at a time would take hours)."""
    from django.db import transaction
    from django.utils import timezone

    from omhub.accounts.models import User
    from omhub.calculations import population
    from omhub.calculations.models import Booking, Calculation, CalculationReason, ConfirmedKeyDates
    from omhub.casework import deadlines
    from omhub.casework.models import CaseType, Status, WorkItem
    from omhub.people.models import Person
    from omhub.sentencing import ENGINE_VERSION, calculate

    case_type = CaseType.objects.get(code="sentence-calculation")
    ba, manager = User.objects.get(username="demo-ba"), User.objects.get(username="demo-hub-manager")
    with_records = Person.objects.filter(bookings__sentences__isnull=False, establishment__code="LEI").distinct()
    wanted = int(with_records.count() * share) - ConfirmedKeyDates.objects.filter(
        person__establishment__code="LEI").values("person").distinct().count()
    ids = list(with_records.filter(confirmed_key_dates__isnull=True).order_by("pk").values_list("pk", flat=True))
    ids = ids[:max(0, wanted)]
    now = timezone.now()
    due = deadlines.compute(case_type.deadline_rule, received_at=now, key_dates={})
    report = _progress("confirmed key dates")
    made = 0
    for chunk in population.chunks(ids, 2000):
        inputs = population.engine_inputs_of(chunk)
        with transaction.atomic():
            unit_id = Person.objects.filter(pk=chunk[0]).values_list("establishment_id", flat=True).get()
            items = WorkItem.objects.bulk_create([
                WorkItem(reference=f"bench-{person_id}", case_type=case_type, person_id=person_id, unit_id=unit_id,
                         status=Status.APPROVED, prepared_by=ba, checked_by=manager, received_at=now,
                         due_date=due.due_date, deadline_rule=case_type.deadline_rule,
                         deadline_explanation=due.explanation, rules_version=case_type.rules_version,
                         values={"reason": "Initial calculation"})
                for person_id in chunk], batch_size=1000)
            calculations = []
            for item in items:
                case = inputs[item.person_id]
                result = calculate(case)
                calculations.append(Calculation(
                    work_item=item, booking_id=None, reason=CalculationReason.INITIAL, status="confirmed",
                    profile=case["params"], engine_version=ENGINE_VERSION, inputs=case, dates=result.ordered_dates(),
                    effective_sentence_length=result.effective_sentence_length or "",
                    validation=list(result.validation), error=result.error or "", calculated_by=ba))
            bookings = {person_id: (pk, version) for person_id, pk, version in
                        Booking.objects.filter(person_id__in=chunk, is_active=True)
                        .values_list("person_id", "pk", "version")}
            for calculation in calculations:
                calculation.booking_id, calculation.booking_version = bookings[calculation.work_item.person_id]
            Calculation.objects.bulk_create(calculations, batch_size=1000)
            ConfirmedKeyDates.objects.bulk_create([
                ConfirmedKeyDates(person_id=c.work_item.person_id, number=1, calculation=c, dates=c.dates,
                                  engine_version=c.engine_version, profile=c.profile, inputs=c.inputs,
                                  prepared_by=ba, confirmed_by=manager) for c in calculations], batch_size=1000)
        made += len(chunk)
        report(made, len(ids))
    return made


def prepare(args) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from omhub.calculations.models import Booking, ConfirmedKeyDates
    from omhub.casework.reference_data import load_case_types
    from omhub.demo.builder import build_demo
    from omhub.demo.sentence_records import build_sentence_records
    from omhub.people.models import Person

    call_command("migrate", verbosity=0)
    build_demo(people=0)
    load_case_types()
    started = time.perf_counter()
    people = build_people(args.people)
    timings = {"people_s": round(time.perf_counter() - started, 1)}
    started = time.perf_counter()
    report = _progress("sentence records")
    total = Person.objects.filter(establishment__code="LEI").exclude(bookings__sentences__isnull=False).count()
    done = [0]

    def advance(count):
        done[0] += count
        if done[0] % 10_000 < count:
            report(done[0], total)

    build_sentence_records(today=timezone.localdate(), people=Person.objects.filter(establishment__code="LEI"),
                           progress=advance)
    timings["records_s"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    confirm_in_bulk(args.confirmed_share)
    timings["confirmed_s"] = round(time.perf_counter() - started, 1)
    return {"people_in_establishment": people,
            "with_sentence_records": Booking.objects.filter(person__establishment__code="LEI",
                                                            sentences__isnull=False).values("person").distinct().count(),
            "with_confirmed_dates": ConfirmedKeyDates.objects.filter(person__establishment__code="LEI").count(),
            "build_seconds": timings}


def _max_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def measure_what_if(repeats: int, *, records_only: bool = False) -> dict:
    from omhub.accounts.models import Unit, User
    from omhub.calculations import population, what_if

    head, unit = User.objects.get(username="demo-head"), Unit.objects.get(code="LEI")
    original = population.records_of

    def from_records_only(person_ids):
        inputs = population.engine_inputs_of(person_ids)
        return [population.PersonRecords(person_id, inputs.get(person_id), None) for person_id in person_ids]

    if records_only:
        population.records_of = from_records_only
    runs = []
    try:
        for _ in range(repeats):
            run = what_if.start_run(actor=head, unit=unit, profile=PROFILE, background=False)
            started = time.perf_counter()
            run = what_if.execute(run.pk)
            seconds = time.perf_counter() - started
            assert run.state == "finished", run.error
            runs.append({"seconds": round(seconds, 1), "people": run.total, "changed": run.changed,
                         "earlier": run.earlier, "failed": run.failed,
                         "people_per_second": round(run.total / seconds)})
            print(f"  what-if{' (records only)' if records_only else ''}: {runs[-1]}", file=sys.stderr)
    finally:
        population.records_of = original
    seconds = [run["seconds"] for run in runs]
    return {"runs": runs, "median_seconds": statistics.median(seconds), "max_rss_mb": _max_rss_mb()}


def measure_nightly() -> dict:
    from django.utils import timezone

    from omhub.calculations import nightly

    started = time.perf_counter()
    check = nightly.check_confirmed_dates(as_at=timezone.localdate(), triggered_by="benchmark")
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 1), "checked": check.checked, "matched": check.matched,
            "flagged": check.flagged, "max_rss_mb": _max_rss_mb()}


def main(argv=None):
    args = parse_args(argv)
    configure_django()
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    report = {"environment": environment()}
    print("Preparing the data set ...", file=sys.stderr)
    report["data"] = prepare(args)
    print(json.dumps(report["data"]), file=sys.stderr)
    report["what_if"] = measure_what_if(args.repeats)
    if "records-only" not in skip:
        report["what_if_records_only"] = measure_what_if(1, records_only=True)
    if "nightly" not in skip:
        report["nightly"] = measure_nightly()
    report["environment"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    print_markdown(report)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))


def print_markdown(report: dict) -> None:
    env = report["environment"]
    print(f"Database: {env['database']} ({env.get('postgresql') or env.get('sqlite')}), Python {env['python']}, "
          f"Django {env['django']}, {env['cpus']} CPUs, load {env['load_average_at_start']} -> "
          f"{env.get('load_average_at_end')}")
    print(f"Data: {report['data']}")
    print()
    print("| measurement | people | runs | median s | people/s | changed | peak RSS MB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for key, label in (("what_if", "what-if, Progression Model"),
                       ("what_if_records_only", "what-if, every person from their records (two runs each)")):
        if key in report:
            row = report[key]
            first = row["runs"][0]
            print(f"| {label} | {first['people']:,} | {len(row['runs'])} | {row['median_seconds']} | "
                  f"{round(first['people'] / row['median_seconds']):,} | {first['changed']:,} | {row['max_rss_mb']} |")
    if "nightly" in report:
        row = report["nightly"]
        print(f"| nightly check of confirmed dates | {row['checked']:,} | 1 | {row['seconds']} | "
              f"{round(row['checked'] / row['seconds']):,} | {row['flagged']} flagged | {row['max_rss_mb']} |")


if __name__ == "__main__":
    main()
