"""The calculation result and its JSON shape (README "result object")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .validation import MESSAGES

# Output order of the date map: the order a Hub Manager reads a release-dates summary in.
DATE_ORDER = (
    "SED",
    "LED",
    "SLED",
    "CRD",
    "ARD",
    "PED",
    "NPD",
    "PRRD",
    "HDCED",
    "ERSED",
    "ETD",
    "MTD",
    "LTD",
    "DPRRD",
    "TUSED",
    "ESED",
)


@dataclass(frozen=True)
class CalculationResult:
    """Outcome of one calculation. ``error`` is set when the engine refused the case."""

    case_id: str | None
    dates: dict[str, date] = field(default_factory=dict)
    effective_sentence_length: str | None = None
    validation: tuple[str, ...] = ()
    error: str | None = None
    error_message: str | None = None
    breakdown: tuple[str, ...] = ()
    tranches: dict[str, str] = field(default_factory=dict)

    @property
    def validation_messages(self) -> list[tuple[str, str]]:
        return [(code, MESSAGES.get(code, code)) for code in self.validation]

    def ordered_dates(self) -> dict[str, str]:
        keys = sorted(self.dates, key=lambda k: DATE_ORDER.index(k) if k in DATE_ORDER else len(DATE_ORDER))
        return {k: self.dates[k].isoformat() for k in keys}

    def to_json_dict(self, include_breakdown: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.case_id,
            "dates": self.ordered_dates(),
            "effectiveSentenceLength": self.effective_sentence_length,
            "validation": list(self.validation),
            "error": self.error,
        }
        if include_breakdown:
            steps = list(self.breakdown)
            steps.extend(f"Validation {code}: {message}" for code, message in self.validation_messages)
            if self.error_message:
                steps.append(f"Not calculated: {self.error_message}")
            out["breakdown"] = steps
        return out
