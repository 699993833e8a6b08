"""Small builders for case dictionaries, so tests read as the booking they describe."""

from __future__ import annotations

from typing import Any


def sds(
    sentenced_at: str,
    *,
    years: int = 0,
    months: int = 0,
    weeks: int = 0,
    days: int = 0,
    offence: str | None = None,
    identifier: str | None = None,
    consecutive_to: str | None = None,
    recall: dict | None = None,
    sds_plus: bool = False,
    exclusions: list[str] | None = None,
    section_250: bool = False,
) -> dict[str, Any]:
    sentence: dict[str, Any] = {
        "type": "StandardSentence",
        "offence": {"committedAt": offence or sentenced_at},
        "duration": {"durationElements": {"YEARS": years, "MONTHS": months, "WEEKS": weeks, "DAYS": days}},
        "sentencedAt": sentenced_at,
        "releaseArrangements": {
            "isSDSPlus": sds_plus,
            "isSDSPlusEligibleSentenceTypeLengthAndOffence": sds_plus,
            "sdsEarlyReleaseExclusions": exclusions or [],
            "isSection250": section_250,
        },
    }
    if identifier:
        sentence["identifier"] = identifier
    if consecutive_to:
        sentence["consecutiveSentenceUUIDs"] = [consecutive_to]
    if recall:
        sentence["recall"] = recall
    return sentence


def case(
    *sentences: dict[str, Any],
    params: str = "sds-50",
    adjustments: dict | None = None,
    date_of_birth: str = "1980-01-01",
    **extra: Any,
) -> dict[str, Any]:
    booking: dict[str, Any] = {
        "offender": {"reference": "A1234BC", "dateOfBirth": date_of_birth},
        "sentences": list(sentences),
        "adjustments": adjustments or {},
    }
    booking.update(extra.pop("booking", {}))
    out = {"booking": booking, "params": params, "userInputs": {}}
    out.update(extra)
    return out


def adjustment(applies_from: str, number_of_days: int, **extra: Any) -> dict[str, Any]:
    return {"appliesToSentencesFrom": applies_from, "numberOfDays": number_of_days, **extra}
