"""omhub je: job evaluation from the command line.

    omhub je score FILE.json     total range, band and per-factor points of a set of levels
    omhub je schemes             the schemes and their factors
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from omhub.jobeval.scoring import ScoringError, load_band_structure, load_scheme, score
from omhub.jobeval.scoring.bands import BandError
from omhub.jobeval.scoring.schemes import SchemeError, shipped_scheme_codes


def _band_structure(scheme_code: str):
    """The structure with the local boundaries agreed in this installation, when the database has them."""
    try:
        from omhub.jobeval.models import BandStructure

        model = BandStructure.objects.filter(scheme_code=scheme_code).first()
        if model is not None:
            return model.engine()
    except Exception:  # noqa: BLE001 - no database (e.g. not migrated): the shipped structure still scores
        pass
    return load_band_structure(scheme_code)


class Command(BaseCommand):
    help = "Job evaluation: 'score FILE.json' scores a level for every factor; 'schemes' lists the schemes."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        scorer = sub.add_parser("score", help='Score {"scheme": "NJC", "factors": {"Job Knowledge": "4", ...}}')
        scorer.add_argument("file", help="The JSON file, or - for standard input")
        sub.add_parser("schemes", help="The schemes, their factors and points per level")

    def handle(self, *args, action=None, file=None, **options):
        if action == "schemes":
            for code in shipped_scheme_codes():
                scheme = load_scheme(code)
                self.stdout.write(f"{scheme.code} {scheme.version}: {scheme.name} (maximum {scheme.max_total})")
                for factor in scheme.factors:
                    points = ", ".join(str(level.points) for level in factor.levels)
                    self.stdout.write(f"  {factor.name}: {points}")
            return
        data = self._read(file)
        if not isinstance(data, dict) or "factors" not in data:
            raise CommandError('The file must hold {"scheme": "NJC", "factors": {"Factor name": "level", ...}}')
        factors = data["factors"]
        if not isinstance(factors, dict | list) or not factors:
            raise CommandError('"factors" must map each factor name to its level, such as {"Job Knowledge": "4"}')
        try:
            scheme = load_scheme(str(data.get("scheme") or "NJC"))
            result = score(scheme, factors, bands=_band_structure(scheme.code))
        except ScoringError as error:
            raise CommandError("\n".join(message for _, message in error.problems)) from error
        except (SchemeError, BandError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))

    def _read(self, file):
        try:
            text = sys.stdin.read() if file == "-" else open(file, encoding="utf-8").read()  # noqa: SIM115
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        try:
            return json.loads(text, object_pairs_hook=_duplicates_in_factors)
        except json.JSONDecodeError as error:
            raise CommandError(f"{file} is not valid JSON: {error.msg} (line {error.lineno})") from error


def _duplicates_in_factors(pairs):
    """A factor named twice in the file is an error, not silently the last one."""
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise CommandError(f"'{repeated[0]}' is given twice in the file")
    return dict(pairs)
