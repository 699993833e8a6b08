"""omhub.sentencing: the determinate-sentence release-date engine (England & Wales).

Pure Python, standard library only. Usage::

    from omhub.sentencing import calculate, CORPUS_BANK_HOLIDAYS
    result = calculate(case_dict, bank_holidays=CORPUS_BANK_HOLIDAYS)
    result.dates                       # {"CRD": date(...), "SLED": date(...), ...}
    result.to_json_dict(include_breakdown=True)

``case_dict`` is a case object as in RULES.md §1.3 ({"booking": ..., "params": ..., ...}).
``bank_holidays`` is an iterable of dates; when omitted the shipped England & Wales calendar
is used. The engine never reads the clock. A malformed case gives a result whose ``error`` is
``"InvalidInput"`` (use ``parse_request`` to get the ``InputError`` with every problem); a case
the law cannot calculate gives the refusal code, e.g. ``NoValidReturnToCustodyDateException``.
"""

from .calendars import CORPUS_BANK_HOLIDAYS, default_bank_holidays, parse_bank_holidays
from .engine import calculate
from .errors import CalculationRefused, InputError
from .parse import parse_request
from .result import CalculationResult

ENGINE_VERSION = "0.1.0"

__all__ = [
    "CORPUS_BANK_HOLIDAYS",
    "CalculationRefused",
    "CalculationResult",
    "ENGINE_VERSION",
    "InputError",
    "calculate",
    "default_bank_holidays",
    "parse_bank_holidays",
    "parse_request",
]
