"""Additional days awarded at an adjudication reach the person's sentence records by themselves.

When an adjudication work item is recorded as sent onward (or closed) with a whole number of additional
days awarded, those days become an ADA on the person's active booking, with the work item's reference
as its adjudication reference, exactly once per work item. The ADA counts from the date the item was
sent onward: the adjudication has no hearing date of its own to count from.

The item's "Additional days awarded" is a free-text field; a value that is not a whole number is left
alone, with a line in the log, rather than stopping the adjudication being sent onward.
"""

import logging
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

log = logging.getLogger(__name__)

CASE_TYPE = "adjudication"
FIELD = "additional_days"
STEPS = ("send", "close")
WHOLE_DAYS = "Additional days awarded must be a whole number of days, like 14"


def awarded_days(value) -> int:
    """The days in the item's field: 0 when it is blank; ValueError (with a message) when it is not a
    whole number."""
    text = str(value or "").strip()
    if not text:
        return 0
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise ValueError(WHOLE_DAYS)
    return int(text)


def add_awarded_days_after_step(*, actor, item, action: str) -> None:
    """The casework hook: called after every step of every work item, in the step's transaction."""
    from omhub.calculations import records

    if action not in STEPS or item.case_type.code != CASE_TYPE or item.person_id is None:
        return
    value = item.values.get(FIELD)
    try:
        days = awarded_days(value)
    except ValueError as error:
        log.warning("%s: %s (it says %r), so no ADA was added to the person's booking", item.reference, error, value)
        return
    if not days:
        return
    try:
        with transaction.atomic():
            adjustment = records.add_awarded_days(actor=actor, item=item, days=days,
                                                  awarded_on=item.sent_on or timezone.localdate())
    except ValidationError as error:
        log.warning("%s: the ADA of %s days could not be added to the person's booking: %s", item.reference, days,
                    "; ".join(error.messages))
        return
    if adjustment is not None:
        log.info("%s: ADA of %s days added to the booking of person %s", item.reference, days, item.person_id)


def register() -> None:
    from omhub.casework import services

    if add_awarded_days_after_step not in services.AFTER_ACTION_HOOKS:
        services.AFTER_ACTION_HOOKS.append(add_awarded_days_after_step)
