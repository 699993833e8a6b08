"""Benchmark: one day's casework reminders with a million work items, most of them closed.

Builds (or reuses) WORK_ITEMS work items in the database DATABASE_URL points at: OPEN_SHARE of them open,
due within 60 days either side of the day measured, the rest closed over the three years before it,
spread over 10 prisons with 2 hub managers and 6 business administrators each (all with email
addresses; mail goes to Django's in-memory backend, so the email bookkeeping is timed but no mail
server is). Then, --repeat times: removes the day's reminders and notifications, times
``send_reminders`` (the run that reminds), and times it again (the run that finds everything already
sent). Prints the query plan of the read of candidate items.

    DATABASE_URL=sqlite:////work/main/var/bench/omhub-reminders.sqlite3 \\
        .venv/bin/python benchmarks/reminders.py --work-items 1000000

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omhub_reminders \\
        .venv/bin/python benchmarks/reminders.py --work-items 1000000

See benchmarks/README.md.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
AS_AT = datetime.date(2026, 11, 23)  # a Monday
UNITS = 10


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work-items", type=int, default=1_000_000, help="Work items the database should hold")
    parser.add_argument("--open-share", type=float, default=0.02, help="Share of them open (default 0.02)")
    parser.add_argument("--repeat", type=int, default=3, help="Measured runs (median reported)")
    parser.add_argument("--seed", type=int, default=2026)
    return parser.parse_args(argv)


def configure_django():
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL to a benchmark database of its own")
    if url.startswith("sqlite") and Path(url.split(":///", 1)[-1]).resolve() == (PROJECT_DIR / "var" / "omhub.sqlite3"):
        sys.exit("Refusing to fill the development database var/omhub.sqlite3")
    os.environ.setdefault("OMHUB_ENV", "development")
    os.environ["OMHUB_DEBUG"] = "0"
    os.environ["OMHUB_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["OMHUB_LOG_LEVEL"] = "ERROR"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omhub.config.settings")
    import django

    django.setup()


def build(count: int, open_share: float, seed: int) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from omhub.accounts.models import Role, Unit, User
    from omhub.accounts.reference_data import load_roles
    from omhub.casework.models import CaseType, Status, WorkItem
    from omhub.casework.reference_data import load_case_types

    call_command("migrate", verbosity=0)
    existing = WorkItem.objects.count()
    if existing == count:
        print(f"reusing {existing:,} work items")
        return
    if existing:
        sys.exit(f"the database holds {existing:,} work items, not {count:,}: use another database")
    load_roles()
    load_case_types()
    rng = random.Random(seed)
    hm, ba = Role.objects.get(code="hub-manager"), Role.objects.get(code="business-administrator")
    units, preparers = [], {}
    for number in range(UNITS):
        unit = Unit.objects.create(code=f"B{number:02d}", name=f"HMP Bench {number}", kind=Unit.Kind.PRISON)
        units.append(unit)
        preparers[unit.pk] = []
        for role, how_many in ((hm, 2), (ba, 6)):
            for n in range(how_many):
                user = User.objects.create(username=f"{role.code}-{number}-{n}", email=f"{role.code}-{number}-{n}@"
                                           "bench.example")
                user.roles.set([role])
                user.units.set([unit])
                preparers[unit.pk].append(user)
    case_types = list(CaseType.objects.all())
    open_statuses = [Status.RECEIVED, Status.IN_PREPARATION, Status.READY_FOR_CHECK, Status.RETURNED]
    started = time.perf_counter()
    batch = []

    def flush():
        with transaction.atomic():
            WorkItem.objects.bulk_create(batch, batch_size=2000)
        batch.clear()

    for n in range(count):
        case_type = case_types[n % len(case_types)]
        unit = units[n % UNITS]
        if rng.random() < open_share:
            status = rng.choice(open_statuses)
            due = AS_AT + datetime.timedelta(days=rng.randint(-60, 60))
            assignee = rng.choice(preparers[unit.pk] + [None, None])
        else:
            status = Status.CLOSED
            due = AS_AT - datetime.timedelta(days=rng.randint(61, 3 * 365))
            assignee = rng.choice(preparers[unit.pk])
        received = datetime.datetime.combine(due - datetime.timedelta(days=14), datetime.time(10),
                                             tzinfo=datetime.UTC)
        batch.append(WorkItem(reference=f"{case_type.short_name}-{n + 1:07d}", case_type=case_type, unit=unit,
                              status=status, assignee=assignee, received_at=received, due_date=due,
                              deadline_rule=case_type.deadline_rule, rules_version=1))
        if len(batch) == 20_000:
            flush()
            print(f"  {n + 1:,} work items ({time.perf_counter() - started:.0f} s)", flush=True)
    if batch:
        flush()
    print(f"built {count:,} work items in {time.perf_counter() - started:.0f} s")


def analyse() -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) casework_workitem")


def measure(repeat: int) -> None:
    from django.db import connection

    from omhub.casework import reminders
    from omhub.casework.models import OPEN_STATUSES, Reminder, WorkItem
    from omhub.notifications.models import Notification

    first_runs, second_runs = [], []
    for _ in range(repeat):
        Reminder.objects.all().delete()
        Notification.objects.all().delete()
        started = time.perf_counter()
        run = reminders.send_reminders(as_at=AS_AT, triggered_by="benchmark")
        first_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        again = reminders.send_reminders(as_at=AS_AT, triggered_by="benchmark")
        second_runs.append(time.perf_counter() - started)
    print(f"database: {connection.vendor}; work items: {WorkItem.objects.count():,} "
          f"(open: {WorkItem.objects.filter(status__in=OPEN_STATUSES).count():,})")
    print(f"first run: items considered {run.items_considered:,}, reminded {run.reminded}, "
          f"notifications {run.notifications:,}, emails sent {run.emails.sent:,}")
    print(f"second run: reminded {sum(again.reminded.values())}, already reminded {again.already_reminded:,}")
    print(f"| run that reminds | median {statistics.median(first_runs):.2f} s | runs "
          f"{', '.join(f'{t:.2f}' for t in first_runs)} |")
    print(f"| run that finds all sent | median {statistics.median(second_runs):.2f} s | runs "
          f"{', '.join(f'{t:.2f}' for t in second_runs)} |")
    dates = sorted({day for steps in [reminders.parse_steps(reminders.CaseType.objects.first().reminder_steps)]
                    for day in reminders._due_dates(steps, AS_AT)})
    plan = (WorkItem.objects.filter(status__in=OPEN_STATUSES, due_date__gte=dates[0], due_date__lte=dates[-1])
            .order_by("id").explain())
    print("query plan of the candidate read:\n" + plan)
    print(f"load average: {os.getloadavg()}")


def main(argv=None):
    options = parse_args(argv)
    configure_django()
    print(f"load average at start: {os.getloadavg()}")
    build(options.work_items, options.open_share, options.seed)
    analyse()
    measure(options.repeat)


if __name__ == "__main__":
    main()
