import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from omhub.casework.reminders import send_reminders


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-at must be a date like 2026-11-23, not {value!r}") from error


class Command(BaseCommand):
    help = ("Send the reminders of hub casework due today (or --as-at a day): due soon, due today and overdue, "
            "with escalations, in omhub and by email. Safe to run again: no one is reminded twice. The worker "
            "runs this every day at OMHUB_REMINDERS_AT.")

    def add_arguments(self, parser):
        parser.add_argument("--as-at", metavar="YYYY-MM-DD",
                            help="The day to send the reminders of (default today, London time)")

    def handle(self, *args, as_at=None, **options):
        day = _date(as_at) if as_at else timezone.localdate()
        run = send_reminders(as_at=day, triggered_by="command")
        self.stdout.write("\n".join(run.report()))
