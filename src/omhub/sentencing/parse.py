"""Turn a case/booking JSON object (RULES §1.3) into immutable domain objects.

Every problem found is collected with its JSON path, so one ``InputError`` tells the user
everything that must be fixed rather than only the first mistake.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .durations import Duration
from .errors import InputError
from .legislation import DEFAULT_PROFILE, PROFILES, RECALL_TYPES
from .model import (
    Adjustment,
    Booking,
    CalculationRequest,
    ExternalMovement,
    FixedTermRecallDetails,
    Offence,
    Offender,
    Recall,
    ReleaseArrangements,
    Sentence,
    SentenceKind,
)

ADJUSTMENT_TYPES = frozenset(
    {
        "REMAND",
        "TAGGED_BAIL",
        "RECALL_REMAND",
        "RECALL_TAGGED_BAIL",
        "UNLAWFULLY_AT_LARGE",
        "ADDITIONAL_DAYS_AWARDED",
        "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED",
    }
)
DURATION_UNITS = {"YEARS": "years", "MONTHS": "months", "WEEKS": "weeks", "DAYS": "days"}


class _Reader:
    def __init__(self) -> None:
        self.problems: list[tuple[str, str]] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append((path, message))

    def obj(self, value: Any, path: str, required: bool = True) -> dict | None:
        if value is None:
            if required:
                self.fail(path, "is missing; expected an object")
            return None
        if not isinstance(value, dict):
            self.fail(path, f"expected an object, got {type(value).__name__}")
            return None
        return value

    def date(self, value: Any, path: str, required: bool = True) -> date | None:
        if value is None:
            if required:
                self.fail(path, "is missing; expected a date YYYY-MM-DD")
            return None
        if not isinstance(value, str):
            self.fail(path, f"expected a date string YYYY-MM-DD, got {value!r}")
            return None
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            self.fail(path, f"expected a date YYYY-MM-DD, got {value!r}")
            return None

    def boolean(self, value: Any, path: str, default: bool = False) -> bool:
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(path, f"expected true or false, got {value!r}")
            return default
        return value

    def integer(self, value: Any, path: str, default: int = 0) -> int:
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or int(value) != value:
            self.fail(path, f"expected a whole number, got {value!r}")
            return default
        return int(value)

    def string(self, value: Any, path: str, required: bool = False) -> str | None:
        if value is None:
            if required:
                self.fail(path, "is missing; expected a string")
            return None
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {value!r}")
            return None
        return value

    def duration(self, value: Any, path: str) -> Duration | None:
        holder = self.obj(value, path)
        if holder is None:
            return None
        elements = self.obj(holder.get("durationElements"), f"{path}.durationElements")
        if elements is None:
            return None
        amounts = {}
        for unit, amount in elements.items():
            if unit not in DURATION_UNITS:
                self.fail(f"{path}.durationElements.{unit}", "unknown unit; expected YEARS, MONTHS, WEEKS or DAYS")
                continue
            number = self.integer(amount, f"{path}.durationElements.{unit}")
            if number < 0:
                self.fail(f"{path}.durationElements.{unit}", "must not be negative")
            amounts[DURATION_UNITS[unit]] = number
        return Duration(**amounts)


def _sentence(r: _Reader, raw: Any, index: int) -> Sentence | None:
    path = f"booking.sentences[{index}]"
    data = r.obj(raw, path)
    if data is None:
        return None
    type_name = data.get("type") or SentenceKind.SDS.value
    try:
        kind = SentenceKind(type_name)
    except ValueError:
        r.fail(
            f"{path}.type",
            f"unknown sentence type {type_name!r}; expected one of " + ", ".join(k.value for k in SentenceKind),
        )
        return None
    offence_data = r.obj(data.get("offence"), f"{path}.offence") or {}
    offence = Offence(
        r.date(offence_data.get("committedAt"), f"{path}.offence.committedAt", required=False),
        r.string(offence_data.get("offenceCode"), f"{path}.offence.offenceCode"),
    )
    sentenced_at = r.date(data.get("sentencedAt"), f"{path}.sentencedAt")
    duration = custodial = extension = None
    if kind in (SentenceKind.EDS, SentenceKind.SOPC):
        custodial = r.duration(data.get("custodialDuration"), f"{path}.custodialDuration")
        extension = r.duration(data.get("extensionDuration"), f"{path}.extensionDuration")
    else:
        duration = r.duration(data.get("duration"), f"{path}.duration")
    consecutive = data.get("consecutiveSentenceUUIDs") or []
    if not isinstance(consecutive, list):
        r.fail(f"{path}.consecutiveSentenceUUIDs", "expected a list of sentence identifiers")
        consecutive = []
    recall = None
    recall_data = r.obj(data.get("recall"), f"{path}.recall", required=False)
    if recall_data is not None:
        recall_type = r.string(recall_data.get("recallType"), f"{path}.recall.recallType", required=True)
        if recall_type is not None and recall_type not in RECALL_TYPES:
            r.fail(
                f"{path}.recall.recallType",
                f"unsupported recall type {recall_type!r}; expected one of " + ", ".join(sorted(RECALL_TYPES)),
            )
        recall = Recall(
            recall_type or "STANDARD_RECALL",
            r.date(recall_data.get("revocationDate"), f"{path}.recall.revocationDate", required=False),
            r.date(recall_data.get("returnToCustodyDate"), f"{path}.recall.returnToCustodyDate", required=False),
        )
    arrangements = ReleaseArrangements()
    ra = r.obj(data.get("releaseArrangements"), f"{path}.releaseArrangements", required=False)
    if ra is not None:
        exclusions = ra.get("sdsEarlyReleaseExclusions") or []
        if not isinstance(exclusions, list) or not all(isinstance(e, str) for e in exclusions):
            r.fail(f"{path}.releaseArrangements.sdsEarlyReleaseExclusions", "expected a list of strings")
            exclusions = []
        arrangements = ReleaseArrangements(
            r.boolean(ra.get("isSDSPlus"), f"{path}.releaseArrangements.isSDSPlus"),
            r.boolean(
                ra.get("isSDSPlusEligibleSentenceTypeLengthAndOffence"),
                f"{path}.releaseArrangements.isSDSPlusEligibleSentenceTypeLengthAndOffence",
            ),
            frozenset(e for e in exclusions if e != "NO"),
            r.boolean(ra.get("isSection250"), f"{path}.releaseArrangements.isSection250"),
        )
    fine = data.get("fineAmount")
    if fine is not None and (isinstance(fine, bool) or not isinstance(fine, (int, float))):
        r.fail(f"{path}.fineAmount", f"expected a number, got {fine!r}")
        fine = None
    if sentenced_at is None or (duration is None and custodial is None):
        return None
    if kind in (SentenceKind.EDS, SentenceKind.SOPC) and (custodial is None or extension is None):
        return None
    return Sentence(
        index=index,
        kind=kind,
        identifier=r.string(data.get("identifier"), f"{path}.identifier") or f"#sentence-{index}",
        offence=offence,
        sentenced_at=sentenced_at,
        duration=duration,
        custodial_duration=custodial,
        extension_duration=extension,
        consecutive_to=consecutive[0] if consecutive else None,
        recall=recall,
        release_arrangements=arrangements,
        automatic_release=r.boolean(data.get("automaticRelease"), f"{path}.automaticRelease"),
        sdopcu18=r.boolean(data.get("sdopcu18"), f"{path}.sdopcu18"),
        fine_amount=fine,
        latest_tused_date=r.date(data.get("latestTusedDate"), f"{path}.latestTusedDate", required=False),
    )


def _adjustments(r: _Reader, raw: Any) -> list[Adjustment]:
    data = r.obj(raw, "booking.adjustments", required=False) or {}
    out: list[Adjustment] = []
    for kind, entries in data.items():
        path = f"booking.adjustments.{kind}"
        if kind not in ADJUSTMENT_TYPES:
            r.fail(path, "unsupported adjustment type; expected one of " + ", ".join(sorted(ADJUSTMENT_TYPES)))
            continue
        if not isinstance(entries, list):
            r.fail(path, "expected a list of adjustments")
            continue
        for i, entry in enumerate(entries):
            e = r.obj(entry, f"{path}[{i}]")
            if e is None:
                continue
            info = r.obj(e.get("additionalInfo"), f"{path}[{i}].additionalInfo", required=False) or {}
            number = r.integer(e.get("numberOfDays"), f"{path}[{i}].numberOfDays")
            if number < 0:
                r.fail(f"{path}[{i}].numberOfDays", "must not be negative")
            out.append(
                Adjustment(
                    kind,
                    r.date(e.get("appliesToSentencesFrom"), f"{path}[{i}].appliesToSentencesFrom", required=False),
                    number,
                    r.date(e.get("fromDate"), f"{path}[{i}].fromDate", required=False),
                    r.date(e.get("toDate"), f"{path}[{i}].toDate", required=False),
                    r.string(info.get("reason"), f"{path}[{i}].additionalInfo.reason"),
                )
            )
    return out


def parse_request(case: Any) -> CalculationRequest:
    """Parse a whole case object; raise ``InputError`` listing every problem found."""
    r = _Reader()
    root = r.obj(case, "$")
    if root is None:
        raise InputError(r.problems)
    booking_data = r.obj(root.get("booking"), "booking") or {}
    offender_data = r.obj(booking_data.get("offender"), "booking.offender") or {}
    dob = r.date(offender_data.get("dateOfBirth"), "booking.offender.dateOfBirth")
    offender = Offender(
        str(offender_data.get("reference") or ""),
        dob or date(1900, 1, 1),
        r.boolean(offender_data.get("isActiveSexOffender"), "booking.offender.isActiveSexOffender"),
    )
    raw_sentences = booking_data.get("sentences")
    sentences: list[Sentence] = []
    if not isinstance(raw_sentences, list):
        r.fail("booking.sentences", "is missing; expected a list of sentences")
    else:
        for i, raw in enumerate(raw_sentences):
            s = _sentence(r, raw, i)
            if s is not None:
                sentences.append(s)
    seen_identifiers: dict[str, int] = {}
    for s in sentences:
        if s.identifier in seen_identifiers:
            r.fail(
                f"booking.sentences[{s.index}].identifier",
                f"duplicates the identifier of booking.sentences[{seen_identifiers[s.identifier]}]",
            )
        seen_identifiers.setdefault(s.identifier, s.index)
        if s.consecutive_to == s.identifier:
            r.fail(
                f"booking.sentences[{s.index}].consecutiveSentenceUUIDs", "a sentence cannot be consecutive to itself"
            )
    adjustments = _adjustments(r, booking_data.get("adjustments"))
    movements = []
    raw_movements = booking_data.get("externalMovements") or []
    if not isinstance(raw_movements, list):
        r.fail("booking.externalMovements", "expected a list of movements")
        raw_movements = []
    for i, raw in enumerate(raw_movements):
        m = r.obj(raw, f"booking.externalMovements[{i}]")
        if m is None:
            continue
        when = r.date(m.get("movementDate"), f"booking.externalMovements[{i}].movementDate")
        reason = r.string(m.get("movementReason"), f"booking.externalMovements[{i}].movementReason", required=True)
        direction = r.string(m.get("direction"), f"booking.externalMovements[{i}].direction", required=True)
        if direction is not None and direction not in ("IN", "OUT"):
            r.fail(f"booking.externalMovements[{i}].direction", f"expected IN or OUT, got {direction!r}")
        if when and reason and direction:
            movements.append(ExternalMovement(when, reason, direction))
    ftr = None
    ftr_data = r.obj(booking_data.get("fixedTermRecallDetails"), "booking.fixedTermRecallDetails", required=False)
    if ftr_data is not None:
        ftr = FixedTermRecallDetails(
            r.date(
                ftr_data.get("returnToCustodyDate"),
                "booking.fixedTermRecallDetails.returnToCustodyDate",
                required=False,
            ),
            r.integer(ftr_data.get("recallLength"), "booking.fixedTermRecallDetails.recallLength", default=0) or None,
        )
    profile = root.get("params") or DEFAULT_PROFILE
    if profile not in PROFILES:
        r.fail("params", f"unknown legislation profile {profile!r}; expected one of " + ", ".join(PROFILES))
    user_inputs = r.obj(root.get("userInputs"), "userInputs", required=False) or {}
    toggles = r.obj(root.get("featureToggles"), "featureToggles", required=False) or {}
    enabled = frozenset(k for k, v in toggles.items() if r.boolean(v, f"featureToggles.{k}"))
    case_id = root.get("id")
    if r.problems:
        raise InputError(r.problems)
    return CalculationRequest(
        booking=Booking(
            offender,
            tuple(sentences),
            tuple(adjustments),
            r.date(booking_data.get("returnToCustodyDate"), "booking.returnToCustodyDate", required=False),
            ftr,
            tuple(movements),
        ),
        profile=profile,
        calculate_ersed=bool(user_inputs.get("calculateErsed", False)),
        enabled_toggles=enabled,
        case_id=None if case_id is None else str(case_id),
    )
