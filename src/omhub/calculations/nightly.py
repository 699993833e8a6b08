"""The nightly check: everyone's confirmed key dates recalculated by the engine as it is now, under the
law in force now, from the exact inputs they were confirmed from. Where the answer no longer matches
(the law changed, or the engine was fixed), the confirmed dates are flagged, with what the engine now
gives, and a sentence calculation work item opens for a recheck, taken through the ordinary calculation
and second check. Nothing else changes: the confirmed dates stay the person's dates until the recheck is
confirmed.

Flagging happens once: a person still flagged for the same answer the next night is counted, not
reopened. A flag whose dates match again (an engine fix undone) is cleared, and said so in the audit
trail. Dates entered by hand are not recalculated (the engine could not calculate them).
"""

import datetime
import logging
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from omhub.audit import services as audit
from omhub.calculations import population, release_dates
from omhub.calculations.checking import PREPARING
from omhub.calculations.models import CalculationReason, ConfirmedDatesCheck, ConfirmedKeyDates
from omhub.casework import services as casework
from omhub.casework.models import CaseType, Status, WorkItem
from omhub.people.selectors import people_visible_to
from omhub.sentencing import ENGINE_VERSION
from omhub.sentencing import calculate as run_engine
from omhub.sentencing.legislation import DEFAULT_PROFILE

log = logging.getLogger(__name__)

CASE_TYPE = "sentence-calculation"


def _comparable(dates: dict) -> dict:
    return {code: value for code, value in dates.items() if code not in release_dates.WORKING_DATES}


def recalculate(confirmed: ConfirmedKeyDates) -> dict:
    """What the engine now gives for the inputs the dates were confirmed from, under the law in force."""
    result = run_engine({**confirmed.inputs, "params": DEFAULT_PROFILE}, explain=False)
    return {"dates": result.ordered_dates() if not result.error else {}, "error": result.error or "",
            "error_message": result.error_message or "", "validation": list(result.validation)}


def _matches(confirmed: ConfirmedKeyDates, answer: dict) -> bool:
    return not answer["error"] and _comparable(answer["dates"]) == _comparable(confirmed.dates)


def _open_recheck(confirmed: ConfirmedKeyDates, changes: list[dict]) -> str:
    """The person's sentence calculation still being prepared or checked if they have one (it will be
    calculated again before it is confirmed), else a new one for the recheck."""
    open_item = (WorkItem.objects.filter(person_id=confirmed.person_id, case_type__code=CASE_TYPE,
                                         status__in=[*PREPARING, Status.READY_FOR_CHECK])
                 .order_by("received_at").first())
    if open_item is not None:
        return open_item.reference
    case_type = CaseType.objects.get(code=CASE_TYPE)
    label = CalculationReason.RECHECK.label
    reason_field = next((f for f in case_type.fields if f["name"] == "reason"), {})
    reason = label if label in reason_field.get("choices", []) else "Other"
    try:
        item = casework.open_work_item(actor=None, case_type=case_type, person=confirmed.person,
                                       values={"reason": reason})
    except ValidationError as error:
        log.warning("nightly check could not open a recheck for person %s: %s", confirmed.person_id,
                    "; ".join(error.messages))
        return ""
    what = "; ".join(release_dates.describe_difference(change) for change in changes) or "the engine refused"
    casework.flag_for_review(actor=None, item=item, reason=f"Recheck: the engine now gives other dates ({what})")
    return item.reference


def _flag(confirmed: ConfirmedKeyDates, answer: dict, as_at: datetime.date) -> None:
    changes = release_dates.differences(_comparable(confirmed.dates), _comparable(answer["dates"]))
    with transaction.atomic():
        locked = ConfirmedKeyDates.objects.select_for_update().select_related("person").get(pk=confirmed.pk)
        reference = _open_recheck(locked, changes)
        locked.recheck_needed = True
        locked.recheck_details = {"found_on": as_at.isoformat(), "engine_version": ENGINE_VERSION,
                                  "profile": DEFAULT_PROFILE, "changes": changes, "work_item": reference, **answer}
        locked.save(update_fields=["recheck_needed", "recheck_details"])
        audit.record(actor=None, action=audit.Action.UPDATE, instance=locked, person_id=locked.person_id,
                     before={"recheck_needed": False}, after={"recheck_needed": True, "work_item": reference,
                                                              "changes": changes, "error": answer["error"]})


def _clear(confirmed: ConfirmedKeyDates, as_at: datetime.date) -> None:
    with transaction.atomic():
        locked = ConfirmedKeyDates.objects.select_for_update().get(pk=confirmed.pk)
        before = dict(locked.recheck_details)
        locked.recheck_needed = False
        locked.recheck_details = {"cleared_on": as_at.isoformat(), "engine_version": ENGINE_VERSION,
                                  "previously": before}
        locked.save(update_fields=["recheck_needed", "recheck_details"])
        audit.record(actor=None, action=audit.Action.UPDATE, instance=locked, person_id=locked.person_id,
                     before={"recheck_needed": True},
                     after={"recheck_needed": False, "reason": "The engine gives the confirmed dates again"})


def check_confirmed_dates(*, as_at: datetime.date, triggered_by: str = "schedule",
                          progress: Callable[[int], None] | None = None) -> ConfirmedDatesCheck:
    """Recalculate every person's latest confirmed key dates; flag and open a recheck where they differ."""
    check = ConfirmedDatesCheck.objects.create(as_at=as_at, triggered_by=triggered_by[:20],
                                               engine_version=ENGINE_VERSION, profile=DEFAULT_PROFILE)
    person_ids = (ConfirmedKeyDates.objects.order_by("person_id").values_list("person_id", flat=True).distinct())
    with population.collecting_only_new_objects():
        for chunk in population.chunks(person_ids.iterator(chunk_size=2000)):
            for confirmed in population.latest_confirmed_of(chunk).values():
                if confirmed.entered_by_hand:
                    check.entered_by_hand += 1
                    continue
                check.checked += 1
                answer = recalculate(confirmed)
                if _matches(confirmed, answer):
                    if confirmed.recheck_needed:
                        _clear(confirmed, as_at)
                        check.cleared += 1
                    else:
                        check.matched += 1
                elif confirmed.recheck_needed and _same_answer(confirmed.recheck_details, answer):
                    check.still_flagged += 1
                else:
                    _flag(confirmed, answer, as_at)
                    check.flagged += 1
            check.save()
            if progress:
                progress(len(chunk))
    check.finished_at = timezone.now()
    check.save()
    log.info("nightly check of confirmed dates: %s checked, %s flagged, %s cleared", check.checked, check.flagged,
             check.cleared)
    return check


def _same_answer(details: dict, answer: dict) -> bool:
    return all(details.get(key) == value for key, value in answer.items())


def recheck_summary(user, *, limit: int = 100) -> dict:
    """For the what-if page: the last nightly check, and the people in the user's units whose latest
    confirmed dates need a recheck."""
    newer = ConfirmedKeyDates.objects.filter(person=OuterRef("person"), number__gt=OuterRef("number"))
    flagged = (ConfirmedKeyDates.objects.filter(recheck_needed=True, person__in=people_visible_to(user))
               .exclude(Exists(newer)).select_related("person").defer("inputs").order_by("person__last_name", "id"))
    people = [{"person": confirmed.person, "work_item": confirmed.recheck_details.get("work_item", ""),
               "changes": [release_dates.describe_difference(change)
                           for change in confirmed.recheck_details.get("changes", [])]
               or [confirmed.recheck_details.get("error_message") or "The engine could not calculate them"]}
              for confirmed in flagged[:limit]]
    return {"last": ConfirmedDatesCheck.objects.first(), "people": people, "count": flagged.count()}
