from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from omhub.accounts import services
from omhub.accounts.models import Unit


class Command(BaseCommand):
    help = "Establishments (prisons) and probation delivery units: create and list them."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        create = sub.add_parser("create", help="Add a unit: unit create LEI 'HMP Leeds' --kind prison")
        create.add_argument("code")
        create.add_argument("name")
        create.add_argument("--kind", required=True, choices=Unit.Kind.values,
                            help="prison, or pdu for a probation delivery unit")
        create.add_argument("--region", default="")
        sub.add_parser("list", help="List every unit")

    def handle(self, *args, action, **options):
        if action == "list":
            for unit in Unit.objects.order_by("kind", "code"):
                self.stdout.write(f"{unit.code:<10} {unit.get_kind_display():<25} {unit.name}"
                                  f"{'' if unit.is_active else ' (inactive)'}")
            return
        try:
            unit = services.create_unit(actor=None, code=options["code"], name=options["name"],
                                        kind=options["kind"], region=options["region"])
        except ValidationError as error:
            raise CommandError("; ".join(f"{field}: {', '.join(msgs)}"
                                         for field, msgs in error.message_dict.items())) from error
        self.stdout.write(f"Created {unit.get_kind_display().lower()} {unit.code}: {unit.name}")
