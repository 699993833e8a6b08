import getpass
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from omhub.accounts import services
from omhub.accounts.models import Role, Unit


class Command(BaseCommand):
    help = ("Staff accounts from the command line, for the first system administrator of a new installation "
            "and for scripted set-up. Everyday account work is on the Staff accounts pages.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="staff create USERNAME --role ROLE [--unit CODE ...]")
        create.add_argument("username")
        create.add_argument("--role", action="append", required=True, dest="roles",
                            help="A role code (repeat for several): " + ", ".join(
                                ["business-administrator", "hub-manager", "offender-manager",
                                 "senior-offender-manager", "head-of-omd", "job-evaluation-panel",
                                 "system-administrator", "auditor"]))
        create.add_argument("--unit", action="append", default=[], dest="units", help="A unit code (repeatable)")
        create.add_argument("--first-name", default="")
        create.add_argument("--last-name", default="")
        create.add_argument("--email", default="")
        create.add_argument("--password-stdin", action="store_true",
                            help="Read the password from standard input instead of asking for it")

    def handle(self, *args, action, **options):
        roles = list(Role.objects.filter(code__in=options["roles"]))
        missing = set(options["roles"]) - {role.code for role in roles}
        if missing:
            raise CommandError(f"Unknown role(s): {', '.join(sorted(missing))}. Run 'omhub seed' first to load "
                               "the roles, and use the codes listed in --help.")
        units = list(Unit.objects.filter(code__in=[code.upper() for code in options["units"]]))
        unknown = {code.upper() for code in options["units"]} - {unit.code for unit in units}
        if unknown:
            raise CommandError(f"Unknown unit code(s): {', '.join(sorted(unknown))}. See 'omhub unit list'.")
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\n")
        else:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password again: "):
                raise CommandError("The two passwords do not match.")
        try:
            user = services.create_user(actor=None, username=options["username"], first_name=options["first_name"],
                                        last_name=options["last_name"], email=options["email"], password=password,
                                        roles=roles, units=units)
        except ValidationError as error:
            raise CommandError("; ".join(f"{field}: {' '.join(msgs)}"
                                         for field, msgs in error.message_dict.items())) from error
        self.stdout.write(f"Created {user.username} ({', '.join(role.name for role in roles)}).")
