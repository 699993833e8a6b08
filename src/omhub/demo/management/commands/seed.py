import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from omhub.accounts.reference_data import load_roles
from omhub.casework.reference_data import load_case_types
from omhub.demo.builder import DEMO_PASSWORD, build_demo
from omhub.demo.calculations import build_demo_calculations
from omhub.demo.casework import build_demo_casework
from omhub.demo.sentence_records import build_sentence_records
from omhub.jobeval.reference_data import load_reference_data


class Command(BaseCommand):
    help = ("Load reference data (the roles and what each may do). With --demo, also build a demo "
            "establishment with people and one demo account per role (development only).")

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="Add demo units, accounts and people")
        parser.add_argument("--people", type=int, default=400,
                            help="How many demo people to create when there are none (default 400)")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed: the same seed gives the same people")
        parser.add_argument("--no-progress", action="store_true", help="Do not show a progress bar")
        parser.add_argument("--reset-case-types", action="store_true",
                            help="Put the shipped rules back on case types the hub has edited (audited)")

    def handle(self, *args, demo=False, people=400, seed=2026, no_progress=False, reset_case_types=False,
               **options):
        count = load_roles()
        case_types = load_case_types(reset=reset_case_types)
        self.stdout.write(f"Reference data loaded: {count} roles, {case_types['total']} case types "
                          f"({case_types['created']} new, {case_types['updated']} reset).")
        jobeval = load_reference_data()
        self.stdout.write(f"Job evaluation reference data loaded: {jobeval['schemes']} schemes, "
                          f"{jobeval['profiles']} benchmark role profiles, {jobeval['rules']} role rules.")
        if not demo:
            return
        if not settings.DEMO_ACCOUNTS_ALLOWED:
            raise CommandError("Demo data and demo accounts are only allowed with OMHUB_ENV=development: "
                               "their password is published.")
        if not 0 <= people <= 2_000_000:
            raise CommandError("--people must be between 0 and 2,000,000")
        bar = tqdm(total=people, unit="person", desc="Demo people", file=sys.stderr,
                   disable=no_progress or not sys.stderr.isatty())
        result = build_demo(people=people, seed=seed, progress=bar.update)
        bar.close()
        if result["people_created"]:
            self.stdout.write(f"Created {result['people_created']} demo people.")
        else:
            self.stdout.write(f"Demo people already present ({result['people_before']}): none added.")
        casework = build_demo_casework(seed=seed)
        self.stdout.write(f"Demo casework: {casework['key_dates']} key dates, {casework['work_items']} work items in "
                          f"every state, {casework['opened_by_diary']} opened by the bring-forward diary.")
        calculations = build_demo_calculations()
        self.stdout.write(f"Demo sentence calculations: {calculations['confirmed']} confirmed on second check, "
                          f"{calculations['waiting']} waiting for it.")
        records = build_sentence_records(today=timezone.localdate(), seed=seed)
        self.stdout.write(f"Demo sentence records: {records} sentenced or recalled people given sentences and "
                          "adjustments.")
        self.stdout.write(f"Demo accounts ready ({result['accounts']}), password: {DEMO_PASSWORD}")
