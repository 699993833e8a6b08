"""Sentence records for the demo establishment's sentenced and recalled people, and for benchmarks.

Deterministic (the same seed and day give the same records) and shaped like the hub's population:
mostly standard determinate sentences of a few months to ten years, some consecutive, with remand or
tagged bail, a few SDS+ and extended sentences, and standard recalls. Each booking is made as the
engine's booking JSON first and read by ``booking_json.read`` (the engine's own validation, as an import
is), then kept in bulk: thousands of people a second, so that a benchmark can have 100,000. People who
already have sentence records keep them.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction

from omhub.audit import services as audit
from omhub.calculations import booking_json
from omhub.calculations.models import Adjustment, Booking, CourtCase, Sentence
from omhub.people.models import LegalStatus, Person

COURTS = ["Leeds Crown Court", "Bradford Crown Court", "Sheffield Crown Court", "Leeds Magistrates' Court",
          "Wakefield Magistrates' Court", "Manchester Crown Court (Minshull Street)"]
# (offence code, description) by kind of offence; violent and sexual ones can be SDS+ or extended.
OFFENCES = [("TH68010", "Theft from a shop"), ("TH68001", "Burglary dwelling"), ("MD71230", "Possess with intent "
            "to supply a controlled drug of class A"), ("CJ88116", "Possess a knife blade in a public place"),
            ("RT88001", "Dangerous driving"), ("PU86004", "Affray"), ("OF61016", "Assault occasioning actual "
            "bodily harm"), ("FI68143", "Fraud by false representation")]
VIOLENT = [("OF61017", "Wounding with intent to do grievous bodily harm"), ("OF61018", "Robbery")]
# Terms in months of standard determinate sentences, weighted as the hub sees them.
TERMS = [(3, 6), (4, 6), (6, 12), (8, 8), (9, 6), (12, 12), (16, 6), (18, 8), (24, 10), (30, 5), (36, 7),
         (48, 5), (60, 4), (72, 3), (96, 2), (120, 1)]
CASES_WITH_RECORDS = (LegalStatus.SENTENCED, LegalStatus.RECALLED)


def _term(rng: random.Random) -> int:
    months, weights = zip(*TERMS, strict=True)
    return rng.choices(months, weights=weights)[0]


def _duration(months: int) -> dict:
    years, rest = divmod(months, 12)
    elements = {key: value for key, value in (("YEARS", years), ("MONTHS", rest)) if value}
    return {"durationElements": elements}


def _sentence(identifier: str, sentenced: datetime.date, committed: datetime.date, offence: tuple[str, str],
              case: str, **extra) -> dict:
    return {"type": "StandardSentence", "identifier": identifier, "caseReference": case,
            "sentencedAt": sentenced.isoformat(),
            "offence": {"committedAt": committed.isoformat(), "offenceCode": offence[0]},
            "releaseArrangements": {"isSDSPlus": False, "isSDSPlusEligibleSentenceTypeLengthAndOffence": False,
                                    "sdsEarlyReleaseExclusions": [], "isSection250": False},
            **extra}


def booking_for(rng: random.Random, *, born: datetime.date, today: datetime.date, recalled: bool,
                index: int) -> tuple[dict, dict[str, str]]:
    """One person's booking as the engine's booking JSON, and each identifier's offence description."""
    kind = rng.random()
    main_months = _term(rng)
    if kind > 0.93:
        main_months = rng.choice([48, 60, 72, 96])
    served_share = rng.uniform(0.03, 0.4)
    sentenced = today - datetime.timedelta(days=max(7, int(main_months * 30.4 * served_share)))
    adult = born + datetime.timedelta(days=18 * 366)
    committed = max(adult, sentenced - datetime.timedelta(days=rng.randint(40, 400)))
    case = f"T{sentenced.year}{index % 100000:05d}"
    sentences = []
    if kind > 0.93:
        offence = rng.choice(VIOLENT)
        sentence = _sentence("line-1", sentenced, committed, offence, case)
        del sentence["releaseArrangements"]
        sentence.update(type="ExtendedDeterminateSentence", automaticRelease=False,
                        custodialDuration=_duration(main_months),
                        extensionDuration=_duration(12 * rng.randint(2, 5)))
        sentences.append(sentence)
    else:
        plus = kind > 0.87 and main_months >= 48
        offence = rng.choice(VIOLENT) if plus else rng.choice(OFFENCES)
        sentences.append(_sentence("line-1", sentenced, committed, offence, case, duration=_duration(main_months)))
        if plus:
            sentences[0]["releaseArrangements"].update(isSDSPlus=True,
                                                       isSDSPlusEligibleSentenceTypeLengthAndOffence=True)
        for line in range(2, 2 + rng.choice([0, 0, 0, 1, 1, 2])):
            extra = {"duration": _duration(rng.choice([1, 2, 3, 4, 6, 8, 12]))}
            if rng.random() < 0.4:
                extra["consecutiveSentenceUUIDs"] = [f"line-{line - 1}"]
            sentences.append(_sentence(f"line-{line}", sentenced, committed, rng.choice(OFFENCES), case, **extra))
    names = dict(OFFENCES + VIOLENT)
    descriptions = {s["identifier"]: names.get(s["offence"]["offenceCode"], "") for s in sentences}
    adjustments: dict[str, list] = {}
    if rng.random() < 0.65:
        days = rng.randint(1, max(1, min(300, int(main_months * 30.4 * 0.3), (sentenced - committed).days - 1)))
        end = sentenced - datetime.timedelta(days=1)
        adjustments["REMAND"] = [{"appliesToSentencesFrom": sentenced.isoformat(), "numberOfDays": days,
                                  "fromDate": (end - datetime.timedelta(days=days - 1)).isoformat(),
                                  "toDate": end.isoformat()}]
    elif rng.random() < 0.3:
        adjustments["TAGGED_BAIL"] = [{"appliesToSentencesFrom": sentenced.isoformat(),
                                       "numberOfDays": rng.randint(5, max(5, min(90, main_months * 5)))}]
    booking = {"offender": {"reference": f"DEMO{index}", "dateOfBirth": born.isoformat()},
               "sentences": sentences, "adjustments": adjustments}
    if recalled and kind <= 0.87 and main_months >= 12:
        # Sentenced long enough ago to have been released and recalled, back in custody some weeks ago.
        sentenced = today - datetime.timedelta(days=int(main_months * 30.4 * rng.uniform(0.55, 0.9)))
        committed = max(adult, sentenced - datetime.timedelta(days=rng.randint(40, 400)))
        returned = today - datetime.timedelta(days=rng.randint(5, 60))
        revoked = returned - datetime.timedelta(days=rng.randint(0, 5))
        for sentence in sentences:
            sentence.update(sentencedAt=sentenced.isoformat(),
                            recall={"recallType": "STANDARD_RECALL", "revocationDate": revoked.isoformat(),
                                    "returnToCustodyDate": returned.isoformat()})
            sentence["offence"]["committedAt"] = committed.isoformat()
        booking["adjustments"] = {}
        booking["returnToCustodyDate"] = returned.isoformat()
    return {"booking": booking}, descriptions


def _rows(person: Person, case: dict, descriptions: dict[str, str], court: str):
    imported = booking_json.read(case)
    booking = Booking(person=person, booking_number=person.booking_number[:6],
                      return_to_custody_date=imported.return_to_custody_date, extra=imported.extra)
    cases: dict[str, CourtCase] = {}
    sentences = []
    for line in imported.sentences:
        if line.case_reference not in cases:
            cases[line.case_reference] = CourtCase(booking=booking, court_name=court,
                                                   case_reference=line.case_reference,
                                                   appearance_date=line.sentenced_at)
        sentences.append((line, Sentence(
            booking=booking, court_case=cases[line.case_reference], line_number=line.line_number,
            identifier=line.identifier, kind=line.kind, offence_code=line.offence_code,
            offence_description=descriptions.get(line.identifier, ""), offence_committed_at=line.offence_committed_at,
            sentenced_at=line.sentenced_at, duration=line.duration, custodial_duration=line.custodial_duration,
            extension_duration=line.extension_duration, is_sds_plus=line.is_sds_plus,
            is_sds_plus_eligible=line.is_sds_plus_eligible, early_release_exclusions=line.early_release_exclusions,
            is_section_250=line.is_section_250, fine_amount=line.fine_amount, recall_type=line.recall_type,
            revocation_date=line.revocation_date, return_to_custody_date=line.return_to_custody_date,
            extra=line.extra)))
    adjustments = [Adjustment(booking=booking, kind=item.kind, days=item.days, from_date=item.from_date,
                              to_date=item.to_date, applies_from=item.applies_from, ual_reason=item.ual_reason,
                              extra=item.extra) for item in imported.adjustments]
    return booking, list(cases.values()), sentences, adjustments


def build_sentence_records(*, today: datetime.date, seed: int = 2026, people=None, batch_size: int = 1000,
                           progress: Callable[[int], None] | None = None) -> int:
    """Sentence records for every sentenced or recalled person in a prison who has none (or for
    ``people``, a queryset). Returns how many people were given records."""
    if people is None:
        people = Person.objects.filter(establishment__isnull=False, legal_status__in=CASES_WITH_RECORDS)
    people = people.exclude(bookings__sentences__isnull=False).order_by("pk")
    ids = list(people.values_list("pk", flat=True))
    made = 0
    for start in range(0, len(ids), batch_size):
        chunk = list(Person.objects.filter(pk__in=ids[start:start + batch_size]).order_by("pk"))
        with transaction.atomic():
            Booking.objects.filter(person__in=chunk, is_active=True).delete()
            rows = []
            for person in chunk:
                rng = random.Random(seed * 1_000_003 + person.pk)
                case, descriptions = booking_for(rng, born=person.date_of_birth, today=today,
                                                 recalled=person.legal_status == LegalStatus.RECALLED, index=person.pk)
                rows.append(_rows(person, case, descriptions, rng.choice(COURTS)))
            Booking.objects.bulk_create([booking for booking, *_ in rows], batch_size=500)
            CourtCase.objects.bulk_create([case for _, cases, _, _ in rows for case in cases], batch_size=500)
            for _, _, sentences, _ in rows:
                for _, sentence in sentences:
                    sentence.booking_id, sentence.court_case_id = sentence.booking.pk, sentence.court_case.pk
            Sentence.objects.bulk_create([s for _, _, sentences, _ in rows for _, s in sentences], batch_size=500)
            linked = []
            for _, _, sentences, _ in rows:
                by_identifier = {line.identifier: sentence for line, sentence in sentences}
                for line, sentence in sentences:
                    if line.consecutive_to:
                        sentence.consecutive_to = by_identifier[line.consecutive_to]
                        linked.append(sentence)
            Sentence.objects.bulk_update(linked, ["consecutive_to"], batch_size=500)
            for booking, _, _, adjustments in rows:
                for adjustment in adjustments:
                    adjustment.booking_id = booking.pk
            Adjustment.objects.bulk_create([a for *_, adjustments in rows for a in adjustments], batch_size=500)
            audit.record_many([{"actor": None, "action": audit.Action.CREATE, "instance": booking,
                                "person_id": booking.person_id, "after": {"demo": True, "sentences":
                                                                          len(sentences), "adjustments":
                                                                          len(adjustments)}}
                               for booking, _, sentences, adjustments in rows])
        made += len(chunk)
        if progress:
            progress(len(chunk))
    return made
