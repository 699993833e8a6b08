"""Command line: ``omhub calc`` (also ``python -m omhub.sentencing``).

Files give one JSON result each (a list when several); ``--jsonl`` streams one case per stdin
line to one result per stdout line. ``--compare A B`` reports the cases whose dates differ
between two legislation profiles.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from typing import IO

from .calendars import default_bank_holidays, parse_bank_holidays
from .engine import calculate
from .legislation import PROFILES
from .result import CalculationResult

EXIT_OK, EXIT_UNREADABLE, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="omhub calc",
        description="Calculate determinate-sentence release dates (England & Wales) for booking case files.",
        epilog=(
            "Examples:\n"
            "  omhub calc case.json                      one result object\n"
            "  omhub calc a.json b.json                  a JSON list of results, in order\n"
            "  omhub calc --jsonl < cases.jsonl          one result per line; a bad line gives an\n"
            "                                            error result and the batch goes on\n"
            "  omhub calc --compare sds-50 calculation-params --jsonl < cases.jsonl\n"
            "                                            the cases whose dates differ between two profiles\n"
            "Profiles: " + ", ".join(PROFILES) + ".\n"
            "Exit status: 0 when every input was read (whatever it held), 1 when a file could not be read,\n"
            "2 for a usage error."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("files", nargs="*", metavar="CASE.json", help="case files to calculate")
    parser.add_argument("--jsonl", action="store_true", help="read one case object per line from standard input")
    parser.add_argument(
        "--bank-holidays",
        metavar="DATES",
        help="comma-separated ISO dates replacing the built-in England & Wales calendar",
    )
    parser.add_argument("--no-breakdown", action="store_true", help="leave the step-by-step explanation out")
    parser.add_argument(
        "--compare",
        nargs=2,
        metavar=("PROFILE_A", "PROFILE_B"),
        help="list the cases whose dates differ between two legislation profiles",
    )
    parser.add_argument(
        "--progress",
        action="store_true",
        help="show a progress bar on standard error (shown anyway when it is a terminal)",
    )
    return parser


class Progress:
    """A minimal stderr progress bar; silent unless enabled."""

    def __init__(self, stream: IO[str], enabled: bool, total: int | None):
        self.stream, self.enabled, self.total, self.done = stream, enabled, total, 0

    def step(self) -> None:
        self.done += 1
        if not self.enabled:
            return
        if self.total:
            width = 30
            filled = width * self.done // self.total
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
        else:
            self.stream.write(f"\r{self.done} cases")
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()


def _error_result(case_id: str | None, code: str, message: str) -> CalculationResult:
    return CalculationResult(case_id, error=code, error_message=message)


def _load_case(text: str, label: str) -> tuple[dict | None, CalculationResult | None]:
    try:
        case = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, _error_result(None, "InvalidJSON", f"{label}: {exc}")
    if not isinstance(case, dict):
        return None, _error_result(None, "InvalidInput", f"{label}: expected a JSON object")
    return case, None


def _cases(args, stdin: IO[str]) -> Iterator[tuple[str, dict | None, CalculationResult | None]]:
    if args.jsonl:
        for number, line in enumerate(stdin, start=1):
            if not line.strip():
                continue
            case, error = _load_case(line, f"line {number}")
            yield f"line {number}", case, error
        return
    for path in args.files:
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as exc:
            yield path, None, _error_result(None, "UnreadableInput", f"{path}: {exc.strerror}")
            continue
        case, error = _load_case(text, path)
        yield path, case, error


def _calculate_safely(case: dict, holidays: frozenset[date]) -> CalculationResult:
    """One case's failure must not stop a batch: an engine fault becomes an error result."""
    try:
        return calculate(case, bank_holidays=holidays)
    except Exception as exc:  # noqa: BLE001 - reported in the result, the batch goes on
        case_id = case.get("id")
        return _error_result(None if case_id is None else str(case_id), "InternalError", repr(exc))


def _with_profile(case: dict, profile: str) -> dict:
    copy = dict(case)
    copy["params"] = profile
    return copy


def _compare(a: CalculationResult, b: CalculationResult) -> dict[str, object]:
    differences: dict[str, object] = {}
    for key in sorted(set(a.dates) | set(b.dates)):
        da, db = a.dates.get(key), b.dates.get(key)
        if da == db:
            continue
        if da is None or db is None:
            differences[key] = {"A": _iso(da), "B": _iso(db), "days": None}
        else:
            differences[key] = {"A": _iso(da), "B": _iso(db), "days": (db - da).days}
    return differences


def _iso(d: date | None) -> str | None:
    return None if d is None else d.isoformat()


def main(
    argv: list[str],
    stdin: IO[str] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.jsonl == bool(args.files):
        parser.print_usage(stderr)
        stderr.write("omhub calc: give either case files or --jsonl (cases on standard input)\n")
        return EXIT_USAGE
    if args.compare:
        unknown = [p for p in args.compare if p not in PROFILES]
        if unknown:
            stderr.write(f"omhub calc: unknown profile {unknown[0]!r}; expected one of {', '.join(PROFILES)}\n")
            return EXIT_USAGE
    try:
        holidays = parse_bank_holidays(args.bank_holidays) if args.bank_holidays else default_bank_holidays()
    except ValueError as exc:
        stderr.write(f"omhub calc: --bank-holidays: {exc}\n")
        return EXIT_USAGE
    show = args.progress or (hasattr(stderr, "isatty") and stderr.isatty())
    progress = Progress(stderr, show, None if args.jsonl else len(args.files))
    unreadable = False
    include_breakdown = not args.no_breakdown

    if args.compare:
        differing = total = 0
        for label, case, error in _cases(args, stdin):
            progress.step()
            total += 1
            if case is None:
                assert error is not None
                stdout.write(json.dumps({"case": label, "error": error.error, "message": error.error_message}) + "\n")
                unreadable |= error.error == "UnreadableInput"
                continue
            a = _calculate_safely(_with_profile(case, args.compare[0]), holidays)
            b = _calculate_safely(_with_profile(case, args.compare[1]), holidays)
            differences = _compare(a, b)
            if differences or a.error != b.error:
                differing += 1
                stdout.write(
                    json.dumps(
                        {
                            "case": case.get("id") or label,
                            "differences": differences,
                            "errorA": a.error,
                            "errorB": b.error,
                        }
                    )
                    + "\n"
                )
        progress.finish()
        stderr.write(f"{differing} of {total} cases differ between {args.compare[0]} and {args.compare[1]}\n")
        return EXIT_UNREADABLE if unreadable else EXIT_OK

    results: list[dict] = []
    for _label, case, error in _cases(args, stdin):
        result = error if case is None else _calculate_safely(case, holidays)
        assert result is not None
        unreadable |= result.error == "UnreadableInput"
        payload = result.to_json_dict(include_breakdown=include_breakdown)
        progress.step()
        if args.jsonl:
            stdout.write(json.dumps(payload) + "\n")
            stdout.flush()
        else:
            results.append(payload)
    progress.finish()
    if not args.jsonl:
        stdout.write(json.dumps(results[0] if len(results) == 1 else results, indent=2) + "\n")
    return EXIT_UNREADABLE if unreadable else EXIT_OK


def run(argv: Iterable[str] | None = None) -> None:
    """Entry point for ``python -m``: exit with ``main``'s status; a closed pipe is not an error."""
    try:
        status = main(list(sys.argv[1:] if argv is None else argv))
    except BrokenPipeError:
        status = EXIT_OK
    raise SystemExit(status)
