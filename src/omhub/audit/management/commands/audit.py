import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from omhub.audit import selectors
from omhub.audit.models import AuditVerification
from omhub.audit.verification import run_verification


class Command(BaseCommand):
    help = "The audit trail. 'omhub audit verify' recomputes the hash chain and reports any event changed or removed."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = sub.add_parser("verify", help="Check every event's hash and its link to the one before")
        verify.add_argument("--no-progress", action="store_true", help="Do not show a progress bar")

    def handle(self, *args, action, no_progress=False, **options):
        total = selectors.chain_length()
        bar = tqdm(total=total, unit="event", desc="Verifying", disable=no_progress or not sys.stderr.isatty(),
                   file=sys.stderr)
        last = [0]

        def progress(count):
            if count - last[0] >= 1000:
                bar.update(count - last[0])
                last[0] = count

        report = run_verification(triggered_by=AuditVerification.Trigger.COMMAND, progress=progress)
        bar.update(report.events_checked - last[0])
        bar.close()
        if report.intact:
            self.stdout.write(f"The audit chain is intact: {report.events_checked} events checked.")
            return
        for problem in report.problems:
            self.stderr.write(f"event {problem['sequence']}: {problem['problem']}")
        raise CommandError(f"The audit chain is broken: {len(report.problems)} problem(s) in "
                           f"{report.events_checked} events.")
