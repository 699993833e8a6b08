import datetime
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from omhub.casework import diary


class Command(BaseCommand):
    help = ("Run the bring-forward diary: open the work items people's key dates call for today (HDC 14 weeks "
            "before HDCED, pre-discharge 4 weeks before release, ...), each exactly once, and re-plan open "
            "items whose key date changed. The worker runs it every day at OMHUB_DIARY_AT.")

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["run", "upcoming"],
                            help="run: open what is due; upcoming: list what will open in the coming weeks")
        parser.add_argument("--as-at", type=_date, default=None,
                            help="The day to run for, YYYY-MM-DD (default today, London time)")
        parser.add_argument("--weeks", type=int, default=4, help="With upcoming: how many weeks ahead (default 4)")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar")

    def handle(self, *args, action, as_at=None, weeks=4, no_progress=False, **options):
        as_at = as_at or timezone.localdate()
        if action == "upcoming":
            if not 1 <= weeks <= 104:
                raise CommandError("--weeks must be between 1 and 104")
            last = as_at + datetime.timedelta(weeks=weeks)
            planned = diary.upcoming(None, first=as_at + datetime.timedelta(days=1), last=last)
            for entry in planned:
                self.stdout.write(f"{entry.opens_on}  {entry.case_type.name}  person {entry.person_id}  "
                                  f"({entry.key_date_kind} {entry.key_date})")
            self.stdout.write(f"{len(planned)} work item{'s' if len(planned) != 1 else ''} will open by {last}.")
            return
        case_types = diary.diary_case_types()
        bar = tqdm(total=len(case_types), unit="case type", desc="Bring-forward diary", file=sys.stderr,
                   disable=no_progress or not sys.stderr.isatty())
        record = diary.run(as_at=as_at, triggered_by="command", progress=bar.update)
        bar.close()
        for code, counts in record.details.items():
            self.stdout.write(f"  {code}: {counts['opened']} opened, {counts['replanned']} re-planned")
        self.stdout.write(f"Diary for {as_at}: {record.people_considered} people with key dates, "
                          f"{record.opened} work items opened, {record.replanned} re-planned.")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--as-at must be a date like 2026-11-30, not {value!r}") from error
