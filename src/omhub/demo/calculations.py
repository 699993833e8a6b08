"""Demo sentence calculations: a few people at the demo prison taken through the real flow, so the demo
has confirmed key dates (with the HDC and other work they open) and a calculation waiting for its second
check.

demo-ba imports a booking shaped like the public reference cases (dated relative to ``today``), opens a
sentence calculation, calculates and sends it for check; demo-hub-manager confirms all but the last. A
person who already has sentence records keeps them and is calculated from them. Run again, it adds
nothing. The demo's casework (``omhub.demo.casework``), which takes a sentence calculation through every
state, calculates with ``calculate_for`` before sending one for check.
"""

import datetime

from django.utils import timezone

from omhub.accounts.models import User
from omhub.calculations import checking, services
from omhub.calculations.models import Calculation, CalculationReason
from omhub.casework import services as casework
from omhub.casework.models import CaseType, WorkItem
from omhub.people.models import LegalStatus, Person

# What the demo's own calculations say they were made for: also how a second run knows they are there.
DEMO_REASON = "New sentences received from Leeds Crown Court"


def _day(today: datetime.date, days_ago: int) -> str:
    return (today - datetime.timedelta(days=days_ago)).isoformat()


def _sentence(identifier: str, sentenced: str, *, months: int = 0, years: int = 0, offence: str = "TH68010",
              after: str | None = None, case: str = "T20267001") -> dict:
    sentence = {"type": "StandardSentence", "identifier": identifier, "caseReference": case, "sentencedAt": sentenced,
                "offence": {"committedAt": sentenced[:4] + "-01-05", "offenceCode": offence},
                "duration": {"durationElements": {k: v for k, v in (("YEARS", years), ("MONTHS", months)) if v}}}
    if after:
        sentence["consecutiveSentenceUUIDs"] = [after]
    return sentence


def _remand(kind: str, sentenced: str, days: int) -> dict:
    end = datetime.date.fromisoformat(sentenced) - datetime.timedelta(days=1)
    return {kind: [{"appliesToSentencesFrom": sentenced, "numberOfDays": days,
                    "fromDate": (end - datetime.timedelta(days=days - 1)).isoformat(), "toDate": end.isoformat()}]}


def demo_bookings(today: datetime.date) -> list[dict]:
    """Four bookings: consecutive sentences with remand, a longer sentence with tagged bail, an extended
    sentence with a parole eligibility date, and a recent sentence (left waiting for its check)."""
    first, second, third, fourth = _day(today, 35), _day(today, 120), _day(today, 900), _day(today, 10)
    eds = {"type": "ExtendedDeterminateSentence", "identifier": "eds-1", "caseReference": "T20240412",
           "sentencedAt": third, "offence": {"committedAt": third[:4] + "-01-05", "offenceCode": "OF61016"},
           "automaticRelease": False, "custodialDuration": {"durationElements": {"YEARS": 5}},
           "extensionDuration": {"durationElements": {"YEARS": 3}}}
    return [
        {"sentences": [_sentence("line-1", first, months=12), _sentence("line-2", first, months=6, after="line-1")],
         "adjustments": _remand("REMAND", first, 30)},
        {"sentences": [_sentence("line-1", second, years=3, offence="CJ88116", case="T20260219")],
         "adjustments": _remand("TAGGED_BAIL", second, 20)},
        {"sentences": [eds], "adjustments": {}},
        {"sentences": [_sentence("line-1", fourth, years=2, offence="PU86004", case="T20261104"),
                       _sentence("line-2", fourth, months=4, offence="PU86004", case="T20261104")],
         "adjustments": _remand("REMAND", fourth, 60)},
    ]


def ensure_booking(person: Person, actor, booking: dict) -> None:
    """The person's sentence records: theirs if they have some, else the given demo booking imported."""
    existing = services.active_booking(person)
    if existing is not None and existing.sentences.exists():
        return
    offender = {"reference": person.prison_number or str(person.pk), "dateOfBirth": person.date_of_birth.isoformat()}
    services.import_booking(actor=actor, person=person, case={"booking": {"offender": offender, **booking}},
                            replace=existing is not None and existing.adjustments.exists())


def calculate_for(item: WorkItem, actor, today: datetime.date) -> Calculation:
    """What the demo's casework does before sending a sentence calculation for check: records, then dates,
    for the reason the item gives."""
    ensure_booking(item.person, actor, demo_bookings(today)[item.pk % 3])
    labels = {label: value for value, label in CalculationReason.choices}
    return checking.calculate(actor=actor, item=item, reason=labels.get(item.values.get("reason"), "initial"))


def build_demo_calculations(*, today: datetime.date | None = None, unit_code: str = "LEI") -> dict:
    today = today or timezone.localdate()
    if Calculation.objects.filter(work_item__unit__code=unit_code, reason_detail=DEMO_REASON).exists():
        return {"confirmed": 0, "waiting": 0}
    ba = User.objects.get(username="demo-ba")
    manager = User.objects.get(username="demo-hub-manager")
    case_type = CaseType.objects.get(code=checking.CASE_TYPE)
    people = list(Person.objects.filter(establishment__code=unit_code, legal_status=LegalStatus.SENTENCED)
                  .exclude(work_items__case_type=case_type).order_by("pk")[:4])
    confirmed = waiting = 0
    for number, (person, booking) in enumerate(zip(people, demo_bookings(today), strict=False)):
        ensure_booking(person, ba, booking)
        item = casework.open_work_item(actor=ba, case_type=case_type, person=person, assignee=ba)
        item = casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)
        calculation = checking.calculate(actor=ba, item=item, reason="further-sentences", reason_detail=DEMO_REASON)
        if checking.blocking_problems(calculation):
            continue  # records the engine cannot use stay for the hub to look at, in preparation
        item = WorkItem.objects.get(pk=item.pk)
        item = casework.update_details(actor=ba, item=item, expected_version=item.version, values=item.values,
                                       checklist_done=[check["code"] for check in case_type.checklist])
        item = casework.take_action(actor=ba, item=item, action="submit", expected_version=item.version)
        if number == len(people) - 1:
            waiting += 1
            continue
        checking.confirm(actor=manager, item=item, expected_version=item.version, calculation=calculation)
        confirmed += 1
    return {"confirmed": confirmed, "waiting": waiting}
