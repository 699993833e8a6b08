"""A booking's records as the reference engine's booking JSON (RULES.md §1.3), and back.

``to_engine_json`` is what every calculation sends the engine, and what an export gives; ``read``
turns an imported case into plain records (``ImportedBooking``) for the service that saves them. The two
are inverse: importing a case and exporting it gives the engine the same inputs, so it calculates the
same dates (tests/calculations/test_booking_json.py checks that on all 559 reference cases).

Only the case's own keys are read: what the reference harness adds to a test case (expected results,
assertions) is not part of a booking and is dropped.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from omhub.sentencing import ENGINE_VERSION, InputError, parse_request
from omhub.sentencing.legislation import DEFAULT_PROFILE

SENTENCE_KEYS = {"type", "identifier", "offence", "sentencedAt", "duration", "custodialDuration",
                 "extensionDuration", "consecutiveSentenceUUIDs", "recall", "releaseArrangements", "fineAmount",
                 "caseReference"}
BOOKING_KEYS = {"offender", "sentences", "adjustments", "returnToCustodyDate"}
# Keys of a case object that are about the calculation, not the booking: kept with an import, so that an
# imported reference case is calculated as it was written.
CASE_KEYS = ("userInputs", "featureToggles")
DURATION_UNITS = ("YEARS", "MONTHS", "WEEKS", "DAYS")
__all__ = ["ENGINE_VERSION", "ImportedBooking", "read", "to_engine_json"]


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _duration(elements: dict | None) -> dict | None:
    if elements is None:
        return None
    return {"durationElements": {unit: int(elements[unit]) for unit in DURATION_UNITS if elements.get(unit)}}


def _drop_none(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}


def sentence_json(sentence) -> dict:
    data = {
        "type": sentence.kind,
        "identifier": str(sentence.identifier),
        "offence": _drop_none({"committedAt": _iso(sentence.offence_committed_at),
                               "offenceCode": sentence.offence_code or None}),
        "sentencedAt": sentence.sentenced_at.isoformat(),
        "releaseArrangements": {
            "isSDSPlus": sentence.is_sds_plus,
            "isSDSPlusEligibleSentenceTypeLengthAndOffence": sentence.is_sds_plus_eligible,
            "sdsEarlyReleaseExclusions": list(sentence.early_release_exclusions),
            "isSection250": sentence.is_section_250,
        },
    }
    if sentence.kind in ("ExtendedDeterminateSentence", "SopcSentence"):
        data["custodialDuration"] = _duration(sentence.custodial_duration)
        data["extensionDuration"] = _duration(sentence.extension_duration)
    else:
        data["duration"] = _duration(sentence.duration)
    if sentence.consecutive_to_id:
        data["consecutiveSentenceUUIDs"] = [str(sentence.consecutive_to.identifier)]
    if sentence.recall_type:
        data["recall"] = _drop_none({"recallType": sentence.recall_type,
                                     "revocationDate": _iso(sentence.revocation_date),
                                     "returnToCustodyDate": _iso(sentence.return_to_custody_date)})
    if sentence.fine_amount is not None:
        amount = Decimal(sentence.fine_amount)
        data["fineAmount"] = int(amount) if amount == amount.to_integral_value() else float(amount)
    if sentence.court_case.case_reference:
        data["caseReference"] = sentence.court_case.case_reference
    data.update(sentence.extra or {})
    return data


def adjustment_json(adjustment) -> dict:
    data = _drop_none({"appliesToSentencesFrom": _iso(adjustment.applies_from), "numberOfDays": adjustment.days,
                       "fromDate": _iso(adjustment.from_date), "toDate": _iso(adjustment.to_date)})
    info = dict(adjustment.extra or {})
    if adjustment.ual_reason:
        info["reason"] = adjustment.ual_reason
    if info:
        data["additionalInfo"] = info
    return data


def to_engine_json(booking, *, profile: str | None = None, calculate_ersed: bool | None = None,
                   sentences=None, adjustments=None) -> dict:
    """The case object the engine reads for this booking: its person, sentences (in line order) and
    adjustments, under ``profile`` (default: the profile an import carried, else the law in force).
    A run over many bookings passes each one's ``sentences`` (in line order, with ``consecutive_to`` and
    ``court_case`` loaded) and ``adjustments`` (by id), read in bulk, instead of three queries a booking."""
    person = booking.person
    extra = dict(booking.extra or {})
    case_extra = extra.pop("case", {})
    if sentences is None:
        sentences = booking.sentences.select_related("consecutive_to", "court_case").order_by("line_number", "id")
    if adjustments is None:
        adjustments = booking.adjustments.order_by("id")
    by_kind: dict[str, list] = {}
    for adjustment in adjustments:
        by_kind.setdefault(adjustment.kind, []).append(adjustment_json(adjustment))
    data = {
        "booking": {
            "offender": {"reference": person.prison_number or person.crn or str(person.pk),
                         "dateOfBirth": person.date_of_birth.isoformat(),
                         "isActiveSexOffender": booking.is_active_sex_offender},
            "sentences": [sentence_json(sentence) for sentence in sentences],
            "adjustments": by_kind,
            **_drop_none({"returnToCustodyDate": _iso(booking.return_to_custody_date)}),
            **extra,
        },
        "params": profile or case_extra.get("params") or DEFAULT_PROFILE,
        **{key: case_extra[key] for key in CASE_KEYS if key in case_extra},
    }
    if calculate_ersed is not None:
        data["userInputs"] = {**data.get("userInputs", {}), "calculateErsed": calculate_ersed}
    return data


@dataclass
class ImportedSentence:
    line_number: int
    identifier: str
    kind: str
    offence_code: str
    offence_committed_at: datetime.date | None
    sentenced_at: datetime.date
    duration: dict | None
    custodial_duration: dict | None
    extension_duration: dict | None
    consecutive_to: str | None
    is_sds_plus: bool
    is_sds_plus_eligible: bool
    early_release_exclusions: list[str]
    is_section_250: bool
    fine_amount: Decimal | None
    recall_type: str
    revocation_date: datetime.date | None
    return_to_custody_date: datetime.date | None
    case_reference: str
    extra: dict


@dataclass
class ImportedAdjustment:
    kind: str
    days: int
    from_date: datetime.date | None
    to_date: datetime.date | None
    applies_from: datetime.date | None
    ual_reason: str
    extra: dict


@dataclass
class ImportedBooking:
    date_of_birth: datetime.date | None
    is_active_sex_offender: bool
    return_to_custody_date: datetime.date | None
    sentences: list[ImportedSentence] = field(default_factory=list)
    adjustments: list[ImportedAdjustment] = field(default_factory=list)
    extra: dict = field(default_factory=dict)


def _date(value) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def _elements(holder) -> dict | None:
    if not holder:
        return None
    return {unit: int(amount) for unit, amount in holder.get("durationElements", {}).items() if amount}


def read(case: dict) -> ImportedBooking:
    """The records of a case object. Raises the engine's ``InputError`` (every problem, with its JSON
    path) when the engine could not read the case: nothing the engine would refuse is imported."""
    parse_request(case)  # the engine's own validation, so an import fails exactly where a calculation would
    booking = case["booking"]
    offender = booking.get("offender") or {}
    imported = ImportedBooking(
        date_of_birth=_date(offender.get("dateOfBirth")),
        is_active_sex_offender=bool(offender.get("isActiveSexOffender", False)),
        return_to_custody_date=_date(booking.get("returnToCustodyDate")),
        extra={key: value for key, value in booking.items() if key not in BOOKING_KEYS},
    )
    case_extra = {key: case[key] for key in CASE_KEYS if key in case}
    if case.get("params"):
        case_extra["params"] = case["params"]
    if case_extra:
        imported.extra["case"] = case_extra
    for index, raw in enumerate(booking.get("sentences") or []):
        offence = raw.get("offence") or {}
        recall = raw.get("recall") or {}
        arrangements = raw.get("releaseArrangements") or {}
        fine = raw.get("fineAmount")
        imported.sentences.append(ImportedSentence(
            line_number=index + 1,
            identifier=raw.get("identifier") or f"#sentence-{index}",
            kind=raw.get("type") or "StandardSentence",
            offence_code=offence.get("offenceCode") or "",
            offence_committed_at=_date(offence.get("committedAt")),
            sentenced_at=_date(raw["sentencedAt"]),
            duration=_elements(raw.get("duration")),
            custodial_duration=_elements(raw.get("custodialDuration")),
            extension_duration=_elements(raw.get("extensionDuration")),
            consecutive_to=(raw.get("consecutiveSentenceUUIDs") or [None])[0],
            is_sds_plus=bool(arrangements.get("isSDSPlus", False)),
            is_sds_plus_eligible=bool(arrangements.get("isSDSPlusEligibleSentenceTypeLengthAndOffence", False)),
            early_release_exclusions=[e for e in arrangements.get("sdsEarlyReleaseExclusions") or []],
            is_section_250=bool(arrangements.get("isSection250", False)),
            fine_amount=None if fine is None else Decimal(str(fine)),
            recall_type=recall.get("recallType") or "",
            revocation_date=_date(recall.get("revocationDate")),
            return_to_custody_date=_date(recall.get("returnToCustodyDate")),
            case_reference=str(raw.get("caseReference") or ""),
            extra={key: value for key, value in raw.items() if key not in SENTENCE_KEYS},
        ))
    for kind, entries in (booking.get("adjustments") or {}).items():
        for entry in entries:
            info = dict(entry.get("additionalInfo") or {})
            reason = info.pop("reason", "") or ""
            imported.adjustments.append(ImportedAdjustment(
                kind=kind, days=int(entry.get("numberOfDays") or 0), from_date=_date(entry.get("fromDate")),
                to_date=_date(entry.get("toDate")), applies_from=_date(entry.get("appliesToSentencesFrom")),
                ual_reason=reason, extra=info))
    return imported


def problems(error: InputError) -> dict[str, list[str]]:
    """The engine's problems, keyed by JSON path, as a ValidationError's message dict wants them."""
    grouped: dict[str, list[str]] = {}
    for path, message in error.problems:
        grouped.setdefault(path, []).append(f"{path} {message}")
    return grouped
