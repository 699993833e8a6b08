import datetime
import sys

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from omhub.accounts.models import Unit, User
from omhub.calculations import nightly, what_if
from omhub.calculations import what_if_selectors as selectors
from omhub.calculations.models import ConfirmedKeyDates, WhatIfRun
from omhub.core.errors import ConflictError


class Command(BaseCommand):
    help = ("Runs of the release-date engine over many people. what-if: an establishment under another law, "
            "as USER (who must be allowed to), with the people whose dates change listed; check-confirmed: the "
            "nightly check of everyone's confirmed key dates (the worker runs it every night at "
            "OMHUB_CONFIRMED_CHECK_AT).")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["what-if", "check-confirmed"])
        parser.add_argument("--unit", help="what-if: the establishment's code, like LEI")
        parser.add_argument("--profile", help="what-if: the law to compare with: "
                                              + ", ".join(code for code, _ in what_if.profile_choices()))
        parser.add_argument("--user", help="what-if: the username it is run as (a Head of OMD, say)")
        parser.add_argument("--top", type=int, default=20, help="what-if: how many people to list (default 20)")
        parser.add_argument("--as-at", type=_date, default=None,
                            help="check-confirmed: the day it is run for, YYYY-MM-DD (default today, London time)")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar")

    def handle(self, *args, action, no_progress=False, **options):
        show = not no_progress and sys.stderr.isatty()
        if action == "what-if":
            self._what_if(options, show)
        else:
            self._check_confirmed(options, show)

    def _what_if(self, options, show: bool) -> None:
        missing = [name for name in ("unit", "profile", "user") if not options.get(name)]
        if missing:
            raise CommandError(f"what-if needs {', '.join('--' + name for name in missing)}")
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active account is called {options['user']!r}")
        unit = Unit.objects.filter(code=options["unit"].upper()).first()
        if unit is None:
            raise CommandError(f"No establishment has the code {options['unit']!r}")
        try:
            run = what_if.start_run(actor=user, unit=unit, profile=options["profile"], background=False)
        except ValidationError as error:
            raise CommandError("; ".join(f"{field}: {' '.join(messages)}" for field, messages in
                                         error.message_dict.items())) from error
        except (PermissionDenied, ConflictError) as error:
            raise CommandError(str(error)) from error
        bar = tqdm(unit="person", desc=f"What-if {run.pk}", file=sys.stderr, disable=not show)
        run = what_if.execute(run.pk, progress=lambda count: _advance(bar, run.pk, count))
        bar.close()
        if run.state == WhatIfRun.State.FAILED:
            raise CommandError(f"What-if {run.pk} failed: {run.error}")
        self.stdout.write(f"What-if {run.pk} for {unit.name} under {run.profile}: {run.total} people calculated, "
                          f"{run.changed} change ({run.earlier} released earlier), {run.failed} could not be "
                          f"calculated, {run.without_records} with no sentences recorded.")
        for result in selectors.results(run)[:max(0, options["top"])]:
            self.stdout.write(f"  {result.person.prison_number or result.person_id:<10} "
                              f"{result.current_release} -> {result.new_release}  ({result.days_earlier} days earlier)")

    def _check_confirmed(self, options, show: bool) -> None:
        as_at = options.get("as_at") or timezone.localdate()
        people = ConfirmedKeyDates.objects.values("person_id").distinct().count()
        bar = tqdm(total=people, unit="person", desc="Confirmed dates", file=sys.stderr, disable=not show)
        check = nightly.check_confirmed_dates(as_at=as_at, triggered_by="command", progress=bar.update)
        bar.close()
        self.stdout.write(f"Confirmed dates checked for {as_at}: {check.checked} recalculated, {check.matched} match, "
                          f"{check.flagged} newly flagged for a recheck, {check.still_flagged} still flagged, "
                          f"{check.cleared} match again, {check.entered_by_hand} entered by hand (not recalculated).")


def _advance(bar, run_id: int, count: int) -> None:
    if bar.total is None:
        bar.total = WhatIfRun.objects.values_list("total", flat=True).get(pk=run_id)
        bar.refresh()
    bar.update(count)


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-at must be a date like 2026-11-30, not {value!r}") from error
