"""Benchmark: person search (by prison number and by name) and the person page, at benchmark size.

Builds the demo data set in the database DATABASE_URL points at (or reuses it if it is already there),
signs in as real demo accounts and times full requests through Django's test Client: the whole
middleware stack, session, authentication, view, queries and template rendering. The time measured
is the server's time to produce the response (the client never follows the redirect a single exact
identifier hit gives).

    DATABASE_URL=sqlite:////work/main/var/bench/omhub-bench.sqlite3 \\
        .venv/bin/python benchmarks/people_search.py --people 100000 --iterations 200

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/omhub_bench \\
        .venv/bin/python benchmarks/people_search.py --people 100000 --iterations 200 --json out.json

See benchmarks/README.md.
"""

import argparse
import datetime
import json
import math
import os
import platform
import random
import statistics
import sys
import time
import warnings
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent

# Typed as staff type them: misspelt, letters swapped, surname first, surname alone, apostrophes. The
# demo first names include no John, so the two John queries measure a search that finds no one.
NAME_QUERIES = [
    "smtih john",       # transposed letters, surname first
    "jonhson",          # transposed letters, surname only (19,000 name keys: truncated at 2,000 candidates)
    "o'brian",          # apostrophe, wrong vowel
    "khan",             # surname only
    "john smith",       # exact
    "wiliams jack",     # dropped letter, surname first
    "patel mohammed",   # surname first
    "mohamed ali",      # Ali is a first name and a surname
    "kowalsky tomasz",  # wrong ending
    "begum",            # surname only
    "harris olivia",    # surname first, exact
    "thomas",           # first name and surname: the broadest single word
]

USERS = {
    "demo-head": "head of OMD, LEI + PDULDS",
    "demo-auditor": "auditor, national: sees everyone",
}


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000,
                        help="How many demo people the database should hold (built if it holds none)")
    parser.add_argument("--iterations", type=int, default=200, help="Measured requests per measurement")
    parser.add_argument("--warmup", type=int, default=20, help="Unmeasured requests per measurement first")
    parser.add_argument("--users", default=",".join(USERS), help="Comma-separated demo accounts to sign in as")
    parser.add_argument("--seed", type=int, default=2026, help="Seed for picking prison numbers and people")
    parser.add_argument("--json", metavar="PATH", help="Also write the results as JSON to PATH")
    parser.add_argument("--allow-size-mismatch", action="store_true",
                        help="Measure even if the database holds a different number of people than --people")
    return parser.parse_args(argv)


def configure_django():
    """Development profile (demo accounts may sign in) but without DEBUG, so Django does not keep
    every query in memory and pages are rendered as in production."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        sys.exit("Set DATABASE_URL to the benchmark database, e.g. "
                 "sqlite:////work/main/var/bench/omhub-bench.sqlite3 or postgres://postgres@127.0.0.1:5432/omhub_bench")
    if url.startswith("sqlite") and Path(url.split(":///", 1)[-1]).resolve() == (PROJECT_DIR / "var" / "omhub.sqlite3"):
        sys.exit("Refusing to benchmark (and fill with 100,000 people) the development database var/omhub.sqlite3")
    os.environ.setdefault("OMHUB_ENV", "development")
    os.environ.setdefault("OMHUB_DEBUG", "0")
    os.environ.setdefault("OMHUB_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omhub.config.settings")
    sys.path.insert(0, str(PROJECT_DIR / "src"))
    # WhiteNoise warns that collectstatic has not been run; irrelevant to these pages' timings.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile: the smallest value at least ``fraction`` of the values are at or below."""
    rank = max(1, math.ceil(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def summarise(samples_ns: list[int]) -> dict:
    ms = sorted(value / 1e6 for value in samples_ns)
    return {"iterations": len(ms), "median_ms": round(statistics.median(ms), 2),
            "p95_ms": round(percentile(ms, 0.95), 2), "max_ms": round(ms[-1], 2),
            "min_ms": round(ms[0], 2), "mean_ms": round(statistics.fmean(ms), 2)}


def prepare_database(people: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from omhub.demo.builder import build_demo
    from omhub.people.models import Person

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    result = build_demo(people=people)  # also (re)sets the demo accounts and their password
    build_seconds = time.perf_counter() - started if result["people_created"] else None
    if connection.vendor == "postgresql":
        # What autovacuum does shortly after a bulk load (statistics for the planner, and the visibility
        # map that index-only scans need); done here because autovacuum may be off or not have run yet.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) people_person, people_namekey, people_alias, audit_auditevent")
    # SQLite gets no ANALYZE: nothing runs it in a deployment, so the planner works without statistics.
    return {"people": Person.objects.count(), "built_now": bool(result["people_created"]),
            "build_seconds": round(build_seconds, 1) if build_seconds else None}


def environment() -> dict:
    import sqlite3

    import django
    from django.db import connection

    info = {
        "date": datetime.date.today().isoformat(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "cpus": os.cpu_count(),
        "machine": platform.machine(),
        "database": connection.vendor,
        "sqlite_library": sqlite3.sqlite_version,
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for setting in ("server_version", "autovacuum", "random_page_cost", "shared_buffers", "work_mem"):
                cursor.execute(f"SHOW {setting}")
                info[f"postgresql_{setting}" if setting != "server_version" else "postgresql"] = cursor.fetchone()[0]
    else:
        info["sqlite"] = sqlite3.sqlite_version
    return info


def signed_in_client(username: str):
    from django.test import Client
    from django.urls import reverse

    from omhub.demo.builder import DEMO_PASSWORD

    client = Client()
    response = client.post(reverse("accounts:sign-in"), {"username": username, "password": DEMO_PASSWORD})
    if response.status_code != 302:
        sys.exit(f"Could not sign in as {username} (status {response.status_code})")
    return client


def visible_sample(username: str, rng: random.Random, count: int) -> tuple[list[str], list[int]]:
    """Prison numbers and person ids the user may see, in a random order, ``count`` of each."""
    from omhub.accounts.models import User
    from omhub.people.selectors import people_visible_to

    user = User.objects.get(username=username)
    visible = people_visible_to(user)
    numbers = list(visible.filter(prison_number__isnull=False).values_list("prison_number", flat=True))
    ids = list(visible.values_list("id", flat=True))
    numbers.sort()
    ids.sort()
    return rng.sample(numbers, min(count, len(numbers))), rng.sample(ids, min(count, len(ids)))


def measure(client, urls: list[str], expect: set[int], warmup: int) -> tuple[list[int], list[int]]:
    """Times each request; the first ``warmup`` URLs are requested but not measured."""
    samples, statuses = [], []
    for index, url in enumerate(urls):
        started = time.perf_counter_ns()
        response = client.get(url)
        elapsed = time.perf_counter_ns() - started
        if response.status_code not in expect:
            raise SystemExit(f"GET {url} answered {response.status_code}, expected {sorted(expect)}")
        if index >= warmup:
            samples.append(elapsed)
            statuses.append(response.status_code)
    return samples, statuses


def run(args) -> dict:
    from urllib.parse import urlencode

    from django.urls import reverse

    database = prepare_database(args.people)
    if database["people"] != args.people and not args.allow_size_mismatch:
        sys.exit(f"The database holds {database['people']:,} people, not {args.people:,}: use a fresh database "
                 "or --allow-size-mismatch")
    info = environment()
    print(f"# {database['people']:,} people on {info['database']}"
          + (f" (built in {database['build_seconds']} s)" if database["built_now"] else " (reused)"), flush=True)

    total = args.warmup + args.iterations
    search_url = reverse("people:search")
    results = []
    per_query = []
    for username in [name.strip() for name in args.users.split(",") if name.strip()]:
        client = signed_in_client(username)
        rng = random.Random(f"{args.seed}-{username}")
        numbers, ids = visible_sample(username, rng, total)
        if len(numbers) < total or len(ids) < total:
            sys.exit(f"{username} sees too few people for {total} requests: build more people")
        names = [NAME_QUERIES[i % len(NAME_QUERIES)] for i in range(total)]

        plan = [
            ("identifier search (prison number)",
             [f"{search_url}?{urlencode({'q': number})}" for number in numbers], {302}),
            ("name search (typos, either order)",
             [f"{search_url}?{urlencode({'q': name})}" for name in names], {200}),
            ("person page", [reverse("people:detail", args=[pk]) for pk in ids], {200}),
        ]
        for label, urls, expect in plan:
            samples, _ = measure(client, urls, expect, args.warmup)
            row = {"user": username, "measurement": label, **summarise(samples)}
            results.append(row)
            print(f"  {username:<13} {label:<36} median {row['median_ms']:>8.2f} ms   p95 {row['p95_ms']:>8.2f} ms"
                  f"   max {row['max_ms']:>8.2f} ms   n={row['iterations']}", flush=True)
            if label.startswith("name search"):
                measured_names = names[args.warmup:]
                for query in NAME_QUERIES:
                    query_samples = [s for s, q in zip(samples, measured_names, strict=True) if q == query]
                    if query_samples:
                        per_query.append({"user": username, "query": query, **summarise(query_samples)})
    info["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    return {"environment": info, "dataset": database, "iterations": args.iterations, "warmup": args.warmup,
            "results": results, "name_queries": per_query}


def markdown(report: dict) -> str:
    env = report["environment"]
    db = env.get("postgresql") and f"PostgreSQL {env['postgresql']}" or f"SQLite {env['sqlite']}"
    lines = [
        f"{db}, {report['dataset']['people']:,} people, Python {env['python']}, Django {env['django']}, "
        f"{env['cpus']} CPUs, {env['date']}; {report['iterations']} measured requests each after "
        f"{report['warmup']} warm-up. Load average (1, 5, 15 min) {env['load_average_at_start']} at the start, "
        f"{env['load_average_at_end']} at the end.",
        "",
        "| Measurement | User | Median (ms) | p95 (ms) | Max (ms) | Iterations |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in report["results"]:
        lines.append(f"| {row['measurement']} | {row['user']} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
                     f"{row['max_ms']:.1f} | {row['iterations']} |")
    lines += ["", "Name search by query:", "",
              "| Query | User | Median (ms) | p95 (ms) | Max (ms) | Iterations |", "|---|---|---:|---:|---:|---:|"]
    for row in report["name_queries"]:
        lines.append(f"| `{row['query']}` | {row['user']} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} | "
                     f"{row['max_ms']:.1f} | {row['iterations']} |")
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    configure_django()
    report = run(args)
    print()
    print(markdown(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2) + "\n")
        print(f"\nJSON written to {args.json}")


if __name__ == "__main__":
    main()
