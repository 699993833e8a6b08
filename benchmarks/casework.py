"""Benchmark: hub casework at region size - the queues, an export and the bring-forward diary.

Builds (or reuses) 100,000 demo people with their key dates and 1,000,000 work items in the database
DATABASE_URL points at, signs in as demo accounts and times full requests through Django's test Client
(middleware, session, view, queries, template; for the export, every byte of the streamed file), then
times the bring-forward diary over everyone. Reminders have their own benchmark (reminders.py).

    DATABASE_URL=sqlite:////work/main/var/bench/omhub-bench.sqlite3 \\
        .venv/bin/python benchmarks/casework.py --iterations 200

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omhub_bench \\
        .venv/bin/python benchmarks/casework.py --iterations 200 --json out.json

See benchmarks/README.md.
"""

import argparse
import datetime
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from people_search import configure_django, environment, summarise  # noqa: E402

# Where the million items are: (share, unit code). Most of a region's work is closed history.
STATUS_SHARES = [("closed", 70), ("sent", 8), ("withdrawn", 7), ("received", 4), ("in-preparation", 5),
                 ("ready-for-check", 2), ("returned", 1), ("approved", 3)]
OPEN = {"received", "in-preparation", "ready-for-check", "returned", "approved"}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000, help="Demo people the database should hold")
    parser.add_argument("--work-items", type=int, default=1_000_000, help="Work items the database should hold")
    parser.add_argument("--iterations", type=int, default=200, help="Measured requests per page measurement")
    parser.add_argument("--export-iterations", type=int, default=20, help="Measured exports of 10,000 rows")
    parser.add_argument("--export-rows", type=int, default=10_000, help="Rows the measured export should hold")
    parser.add_argument("--warmup", type=int, default=10, help="Unmeasured requests first")
    parser.add_argument("--diary-days", type=int, default=3,
                        help="Days the diary is run for, one after another (the first opens the backlog)")
    parser.add_argument("--skip", default="", help="Comma-separated parts to skip: pages, export, diary")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", metavar="PATH", help="Also write the results as JSON to PATH")
    return parser.parse_args(argv)


def build_work_items(count: int, *, seed: int, today: datetime.date, progress=print) -> float:
    """``count`` work items in bulk (not through the services: a million one at a time would take
    hours), spread over the case types, the demo people and their units, with the deadline rule each
    case type gives. Open ones are due between 30 days ago and 40 days ahead; closed history reaches
    back three years. No transitions or audit events: no measured page reads them."""
    from django.db import connection, transaction

    from omhub.accounts.models import Unit, User
    from omhub.casework.models import CaseType, WorkItem

    rng = random.Random(seed + 3)
    case_types = list(CaseType.objects.order_by("number"))
    people = list(WorkItem._meta.get_field("person").related_model.objects.values_list(
        "pk", "establishment_id", "probation_unit_id"))
    preparers = {unit.pk: list(User.objects.filter(units=unit, roles__code="business-administrator"))
                 for unit in Unit.objects.all()}
    statuses, weights = zip(*STATUS_SHARES, strict=True)
    started = time.perf_counter()
    made = WorkItem.objects.count()
    next_pk = (WorkItem.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    while made < count:
        batch = []
        for _ in range(min(20_000, count - made)):
            case_type = rng.choice(case_types)
            person_id, establishment, probation = rng.choice(people)
            unit_id = establishment or probation
            status = rng.choices(statuses, weights)[0]
            if status in OPEN:
                due = today + datetime.timedelta(days=rng.randint(-30, 40))
            else:
                due = today - datetime.timedelta(days=rng.randint(1, 3 * 365))
            received = due - datetime.timedelta(days=rng.randint(1, 20))
            assignees = preparers.get(unit_id) or [None]
            assignee = rng.choice(assignees) if rng.random() < 0.6 else None
            batch.append(WorkItem(
                pk=next_pk, reference=f"{case_type.short_name}-{next_pk:06d}", case_type=case_type,
                person_id=person_id, unit_id=unit_id, status=status, assignee=assignee,
                received_at=datetime.datetime.combine(received, datetime.time(10, 0), tzinfo=datetime.UTC),
                due_date=due, deadline_rule=case_type.deadline_rule, deadline_explanation=[],
                rules_version=case_type.rules_version, values={},
                closed_at=None if status in OPEN else datetime.datetime.combine(due, datetime.time(16, 0),
                                                                                tzinfo=datetime.UTC)))
            next_pk += 1
        with transaction.atomic():
            WorkItem.objects.bulk_create(batch, batch_size=2000)
        made += len(batch)
        progress(f"  {made:,} work items")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('casework_workitem', 'id'), "
                           "(SELECT MAX(id) FROM casework_workitem))")
    return time.perf_counter() - started


def prepare(args) -> dict:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from omhub.casework.models import KeyDate, WorkItem
    from omhub.casework.reference_data import load_case_types
    from omhub.demo.builder import build_demo
    from omhub.demo.casework import build_key_dates
    from omhub.people.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    load_case_types()
    today = timezone.localdate()
    timings = {}
    started = time.perf_counter()
    build_demo(people=args.people, seed=args.seed)
    timings["people_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    build_key_dates(seed=args.seed, today=today)
    timings["key_dates_seconds"] = round(time.perf_counter() - started, 1)
    if WorkItem.objects.count() < args.work_items:
        timings["work_items_seconds"] = round(build_work_items(args.work_items, seed=args.seed, today=today), 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) casework_workitem, casework_keydate, people_person")
    return {"people": Person.objects.count(), "key_dates": KeyDate.objects.count(),
            "work_items": WorkItem.objects.count(),
            "open_work_items": WorkItem.objects.filter(status__in=OPEN).count(), **timings}


def client_for(username: str):
    from django.test import Client

    from omhub.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username), backend="omhub.accounts.backends.StaffBackend")
    return client


def time_requests(client, urls: list[str], *, iterations: int, warmup: int, consume=False) -> dict:
    samples = []
    for index in range(warmup + iterations):
        url = urls[index % len(urls)]
        started = time.perf_counter_ns()
        response = client.get(url)
        if consume:
            b"".join(response.streaming_content) if response.streaming else response.content
        elapsed = time.perf_counter_ns() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        if index >= warmup:
            samples.append(elapsed)
    return summarise(samples)


def measure_pages(args) -> dict:
    from django.utils import timezone

    from omhub.casework import selectors

    manager, ba = client_for("demo-hub-manager"), client_for("demo-ba")
    from omhub.accounts.models import User

    today = timezone.localdate()
    sizes = {view: selectors.work_list(User.objects.get(username="demo-hub-manager"),
                                       selectors.WorkFilters(view=view), today=today).count()
             for view in ("team", "overdue", "all")}
    results = {
        "team queue (page 1-5, demo-hub-manager)": time_requests(
            manager, [f"/casework/?view=team&page={n}" for n in range(1, 6)], iterations=args.iterations,
            warmup=args.warmup),
        "overdue view (page 1-5, demo-hub-manager)": time_requests(
            manager, [f"/casework/?view=overdue&page={n}" for n in range(1, 6)], iterations=args.iterations,
            warmup=args.warmup),
        "my work (demo-ba)": time_requests(ba, ["/casework/?view=mine"], iterations=args.iterations,
                                           warmup=args.warmup),
        "all work filtered by case type and risk (demo-hub-manager)": time_requests(
            manager, ["/casework/?view=all&case_type=hdc&risk=high-rosh", "/casework/?view=all&case_type=recall",
                      "/casework/?view=all&status=returned&sort=-received"],
            iterations=args.iterations, warmup=args.warmup),
    }
    return {"rows_in_view": sizes, "measurements": results}


def export_query(rows: int) -> str:
    """Filters on the all-work list that give about ``rows`` rows for demo-hub-manager: one case type,
    and a due-date window widened until it holds enough."""
    from django.utils import timezone

    from omhub.accounts.models import User
    from omhub.casework import selectors

    user = User.objects.get(username="demo-hub-manager")
    today = timezone.localdate()
    for days in range(30, 3 * 365, 15):
        filters = selectors.WorkFilters(view="all", case_type="hdc", due_from=today - datetime.timedelta(days=days),
                                        due_to=today)
        if selectors.work_list(user, filters, today=today).count() >= rows:
            break
    count = selectors.work_list(user, filters, today=today).count()
    return (f"view=all&case_type=hdc&due_from_0={filters.due_from.day}&due_from_1={filters.due_from.month}"
            f"&due_from_2={filters.due_from.year}&due_to_0={today.day}&due_to_1={today.month}"
            f"&due_to_2={today.year}"), count


def measure_export(args) -> dict:
    query, rows = export_query(args.export_rows)
    manager = client_for("demo-hub-manager")
    results = {}
    for fmt in ("csv", "xlsx"):
        results[f"export {fmt.upper()} of {rows:,} rows"] = time_requests(
            manager, [f"/casework/export/?format={fmt}&{query}"], iterations=args.export_iterations,
            warmup=1, consume=True)
    return {"rows": rows, "query": query, "measurements": results}


def measure_diary(args) -> dict:
    from django.utils import timezone

    from omhub.casework import diary

    runs = []
    today = timezone.localdate()
    for day in range(args.diary_days):
        as_at = today + datetime.timedelta(days=day)
        started = time.perf_counter()
        record = diary.run(as_at=as_at, triggered_by="benchmark")
        runs.append({"as_at": as_at.isoformat(), "seconds": round(time.perf_counter() - started, 2),
                     "people_considered": record.people_considered, "opened": record.opened,
                     "replanned": record.replanned})
    return {"runs": runs}


def main(argv=None):
    args = parse_args(argv)
    configure_django()
    skip = {part.strip() for part in args.skip.split(",") if part.strip()}
    report = {"environment": environment()}
    print("Preparing the data set ...", file=sys.stderr)
    report["data"] = prepare(args)
    print(json.dumps(report["data"]), file=sys.stderr)
    if "pages" not in skip:
        report["pages"] = measure_pages(args)
    if "export" not in skip:
        report["export"] = measure_export(args)
    if "diary" not in skip:
        report["diary"] = measure_diary(args)
    import os

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
    print("| measurement | n | median ms | p95 ms | max ms |")
    print("| --- | --- | --- | --- | --- |")
    for section in ("pages", "export"):
        for name, row in report.get(section, {}).get("measurements", {}).items():
            print(f"| {name} | {row['iterations']} | {row['median_ms']} | {row['p95_ms']} | {row['max_ms']} |")
    if "pages" in report:
        print(f"\nRows in each view for demo-hub-manager: {report['pages']['rows_in_view']}")
    for run in report.get("diary", {}).get("runs", []):
        print(f"Diary {run['as_at']}: {run['seconds']} s, {run['people_considered']:,} people with key dates, "
              f"{run['opened']:,} opened, {run['replanned']} re-planned")


if __name__ == "__main__":
    main()
