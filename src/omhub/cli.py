"""The ``omhub`` command: omhub's own commands, and Django's management commands under the same name.

    omhub seed --demo              reference data and a demo establishment
    omhub token create USERNAME    an API token (printed as the last word)
    omhub audit verify             check the audit chain
    omhub calc CASE.json           release dates from the sentence calculation engine
    omhub worker                   background tasks and the schedule
    omhub reminders                today's casework reminders (the worker sends them daily)
    omhub migrate | runserver | …  any Django management command
"""

import os
import sys

OMHUB_COMMANDS = {
    "seed": "Load reference data (roles); --demo adds a demo establishment, people and accounts",
    "staff": "Create a staff account: staff create USERNAME --role ROLE [--unit CODE]",
    "unit": "Create and list establishments and probation delivery units",
    "token": "Create, list and revoke API tokens: token create USERNAME [--days N]",
    "audit": "Audit trail: audit verify checks the hash chain",
    "je": "Job evaluation: je score FILE.json gives a role's total points and band (see docs/job-evaluation.md)",
    "calc": "Calculate release dates from reference-engine booking JSON (see omhub calc --help)",
    "timescales": "The bank-holiday calendar: timescales refresh --from bank-holidays.json (or --url)",
    "serve": "Serve omhub with gunicorn (production): serve [--bind ADDRESS] [--workers N]",
    "worker": "Run background work: the schedule (nightly audit check, daily casework reminders) and the task queue",
    "calculations": "Engine runs over many people: calculations what-if --unit LEI --profile P --user U; "
                    "calculations check-confirmed (the nightly check)",
    "reminders": "Send today's casework reminders and escalations (--as-at YYYY-MM-DD for another day)",
}


def _help() -> str:
    lines = [__doc__.strip(), "", "omhub commands:"]
    lines += [f"  {name:<8} {text}" for name, text in OMHUB_COMMANDS.items()]
    lines += ["", "Run 'omhub COMMAND --help' for a command's options, 'omhub help' for every Django command."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(_help())
        return 0
    if argv[0] == "calc":
        from omhub.sentencing.cli import main as calc_main

        return calc_main(argv[1:])
    if argv[0] == "timescales":
        from omhub.timescales.refresh import main as timescales_main

        return timescales_main(argv[1:])
    if argv[0] == "serve":
        return _serve(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omhub.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["omhub", *argv])
    return 0


def _serve(args: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="omhub serve", description="Serve omhub with gunicorn.")
    parser.add_argument("--bind", default=os.environ.get("OMHUB_BIND", "127.0.0.1:8000"))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("OMHUB_WORKERS", "3")))
    options = parser.parse_args(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omhub.config.settings")
    os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", "omhub.config.wsgi:application",
                               "--bind", options.bind, "--workers", str(options.workers),
                               "--access-logfile", "-"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
