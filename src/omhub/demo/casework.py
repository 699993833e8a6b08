"""Demo key dates and hub work: so that every casework view has something to show.

Key dates are written in bulk for the people in custody (sentence, conditional release, release, and
where they apply HDC eligibility, parole eligibility, tariff expiry, recategorisation and Category A
review dates), all relative to ``today`` and drawn from a seeded generator, so the same seed always
gives the same dates. Work items go through the real services, as demo-ba and demo-hub-manager would
take them, so that each of the 25 case types is seen in every state with a true history; some were
received long enough ago to be overdue. Finally the bring-forward diary runs for today.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from omhub.accounts.models import User
from omhub.audit import services as audit
from omhub.casework import diary, services
from omhub.casework.models import CaseType, KeyDate, Status, WorkItem
from omhub.people.models import LegalStatus, Person, SecurityCategory

SENTENCED = [LegalStatus.SENTENCED, LegalStatus.RECALLED]
STATES = [Status.RECEIVED, Status.IN_PREPARATION, Status.READY_FOR_CHECK, Status.RETURNED, Status.APPROVED,
          Status.SENT, Status.CLOSED, Status.WITHDRAWN]
# The steps that take a new item to each state, and who takes them.
PATHS = {
    Status.RECEIVED: [],
    Status.IN_PREPARATION: ["start"],
    Status.READY_FOR_CHECK: ["start", "ready", "submit"],
    Status.RETURNED: ["start", "ready", "submit", "return"],
    Status.APPROVED: ["start", "ready", "submit", "approve"],
    Status.SENT: ["start", "ready", "submit", "approve", "send"],
    Status.CLOSED: ["start", "ready", "submit", "approve", "send", "close"],
    Status.WITHDRAWN: ["start", "withdraw"],
}
RETURN_REASONS = ["The address checks are missing the community offender manager's reply",
                  "Dates do not match the warrant: please check the sentence date",
                  "Attach the signed form before sending for check"]
WITHDRAW_REASONS = ["Transferred to another establishment before the work was done",
                    "Opened in error: a duplicate of earlier work"]


def _days(days: int) -> datetime.timedelta:
    return datetime.timedelta(days=days)


def key_dates_for(person: Person, rng: random.Random, today: datetime.date) -> dict[str, datetime.date]:
    """Plausible key dates for a sentenced person in custody (none for remand or civil prisoners)."""
    if person.legal_status not in SENTENCED or person.establishment_id is None:
        return {}
    dates: dict[str, datetime.date] = {}
    recent = rng.random() < 0.08  # a few sentenced in the last fortnight: foreign national referrals
    sentenced = today - _days(rng.randint(1, 14) if recent else rng.randint(15, 3 * 365))
    dates["SENTENCE"] = sentenced
    if rng.random() < 0.03:  # an indeterminate sentence: a tariff, no release date
        dates["TARIFF"] = today + _days(rng.randint(60, 6 * 365))
    else:
        release = today + _days(rng.randint(3, 4 * 365))
        dates["CRD"] = release
        dates["RELEASE"] = release
        custody = (release - sentenced).days
        if custody > 120 and rng.random() < 0.55:  # HDC eligible: up to 180 days before CRD
            hdced = release - _days(min(180, custody // 4))
            if hdced > today:
                dates["HDCED"] = hdced
        if rng.random() < 0.1:
            dates["PED"] = release - _days(rng.randint(120, 700))
            if dates["PED"] <= today:
                del dates["PED"]
    if person.security_category == SecurityCategory.A:
        dates["CAT_A_REVIEW"] = today + _days(rng.randint(7, 365))
    elif person.security_category in (SecurityCategory.B, SecurityCategory.C):
        dates["RECAT"] = today + _days(rng.randint(7, 365))
    return dates


def build_key_dates(*, seed: int, today: datetime.date, people=None) -> int:
    """Key dates for every sentenced person in custody who has none yet, audited as entered by omhub."""
    rng = random.Random(seed + 1)
    people = (people if people is not None else Person.objects.all()).filter(
        legal_status__in=SENTENCED, establishment__isnull=False, key_dates__isnull=True).order_by("pk")
    made = 0
    batch: list[KeyDate] = []
    events: list[dict] = []

    def flush():
        with transaction.atomic():
            KeyDate.objects.bulk_create(batch, batch_size=2000)
            audit.record_many(events)

    for person in people.only("pk", "legal_status", "establishment_id", "security_category").iterator(2000):
        dates = key_dates_for(person, rng, today)
        for kind, date in dates.items():
            batch.append(KeyDate(person_id=person.pk, kind=kind, date=date, source="demo"))
        if dates:
            events.append({"action": audit.Action.CREATE, "object_type": "casework.keydate",
                           "object_id": str(person.pk), "object_repr": f"key dates of person {person.pk}",
                           "person_id": person.pk, "after": dates})
        made += len(dates)
        if len(batch) >= 5000:
            flush()
            batch, events = [], []
    if batch:
        flush()
    return made


def _demo_values(case_type: CaseType, key_dates: dict[str, datetime.date], today: datetime.date) -> dict:
    values = {}
    for spec in case_type.fields:
        if spec["kind"] == "date":
            source = {"hdced": "HDCED", "release_date": "RELEASE", "ped": "PED", "tariff_expiry": "TARIFF",
                      "review_date": "CAT_A_REVIEW", "return_to_custody": "SENTENCE"}.get(spec["name"])
            values[spec["name"]] = (key_dates.get(source) or today + _days(21)).isoformat()
        elif spec["kind"] == "choice":
            values[spec["name"]] = spec["choices"][0]
        elif spec.get("required"):
            values[spec["name"]] = {"charge": "Possession of an unauthorised article (rule 51(12))",
                                    "concern": "Letter to a child subject to a protection plan",
                                    "alert": "New intelligence: risk to a known adult",
                                    "period": f"{(today - _days(31)):%B %Y}",
                                    "court": "Leeds Crown Court"}.get(spec["name"], "Recorded by the hub")
    return values


def _person_for(case_type: CaseType, candidates: dict[str | None, list[Person]], rng: random.Random):
    if case_type.code == "monitoring-return":
        return None
    anchor = case_type.deadline_rule.get("anchor", "received")
    pool = candidates.get(anchor if anchor != "received" else None) or candidates[None]
    return rng.choice(pool)


def _walk(item: WorkItem, state: str, ba: User, manager: User, rng: random.Random, today: datetime.date) -> None:
    for step in PATHS[state]:
        item.refresh_from_db()
        if step == "ready":
            services.update_details(actor=ba, item=item, expected_version=item.version,
                                    values={**_demo_values(item.case_type, {}, today), **item.values},
                                    checklist_done=[check["code"] for check in item.case_type.checklist])
            continue
        calculation = item.case_type.code == "sentence-calculation"  # dates calculated, then confirmed
        if calculation and step == "submit" and not item.calculations.exists():
            from omhub.demo.calculations import calculate_for

            calculate_for(item, ba, today)
            item.refresh_from_db()
        if calculation and step == "approve":
            from omhub.calculations import checking

            checking.confirm(actor=manager, item=item, expected_version=item.version,
                             calculation=checking.current_calculation(item))
            continue
        actor = manager if step in ("return", "approve", "close") else ba
        kwargs = {}
        if step == "return":
            kwargs["reason"] = rng.choice(RETURN_REASONS)
        elif step == "withdraw":
            kwargs["reason"] = rng.choice(WITHDRAW_REASONS)
        elif step == "send":
            kwargs["sent"] = {"sent_to": item.case_type.onward_recipients[0] if item.case_type.onward_recipients
                              else "Recipient", "sent_channel": "email", "sent_on": today,
                              "sent_reference": f"OMH/{item.pk:05d}"}
        services.take_action(actor=actor, item=item, action=step, expected_version=item.version, **kwargs)


def build_work_items(*, seed: int, today: datetime.date, unit_code: str = "LEI") -> int:
    """Each case type in every state at the demo prison, some of the open ones overdue."""
    rng = random.Random(seed + 2)
    ba = User.objects.get(username="demo-ba")
    manager = User.objects.get(username="demo-hub-manager")
    people = list(Person.objects.filter(establishment__code=unit_code).prefetch_related("key_dates").order_by("pk"))
    if not people:
        return 0
    candidates: dict[str | None, list[Person]] = {None: people}
    for person in people:
        for key_date in person.key_dates.all():
            candidates.setdefault(key_date.kind, []).append(person)
    made = 0
    for case_type in CaseType.objects.filter(is_active=True).order_by("number"):
        for number, state in enumerate(STATES):
            person = _person_for(case_type, candidates, rng)
            key_dates = {k.kind: k.date for k in person.key_dates.all()} if person else {}
            overdue = case_type.number % 3 == 0 and state in (Status.RECEIVED, Status.IN_PREPARATION,
                                                                Status.READY_FOR_CHECK, Status.RETURNED)
            received = today - _days(rng.randint(25, 40) if overdue else rng.randint(0, 4))
            received_at = timezone.make_aware(datetime.datetime.combine(received, datetime.time(9 + number, 15)))
            item = services.open_work_item(
                actor=ba, case_type=case_type, person=person, received_at=received_at,
                unit=None if person else ba.units.get(code=unit_code),
                values=_demo_values(case_type, key_dates, today),
                assignee=ba if number % 3 else None)
            _walk(item, state, ba, manager, rng, today)
            made += 1
    return made


def build_demo_casework(*, seed: int = 2026, today: datetime.date | None = None) -> dict:
    """Key dates, work in every state, and today's diary run; only where there is no work yet."""
    today = today or timezone.localdate()
    key_dates = build_key_dates(seed=seed, today=today)
    if WorkItem.objects.exists():
        return {"key_dates": key_dates, "work_items": 0, "opened_by_diary": 0}
    made = build_work_items(seed=seed, today=today)
    run = diary.run(as_at=today, triggered_by="demo")
    return {"key_dates": key_dates, "work_items": made, "opened_by_diary": run.opened}
