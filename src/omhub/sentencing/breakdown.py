"""Plain-English explanation of a sentence's dates, for a Hub Manager to follow by hand."""

from __future__ import annotations

from .durations import days_between
from .sentence_dates import SentenceDates
from .sentences import CalculableSentence

_FRACTION_WORDS = {
    "default": "the standard release point",
    "SDS_40": "the SDS40 (40%) release point",
    "T3": "the standard release point (SDS40 exclusion from 16 December 2024)",
    "PM": "the Progression Model release point",
}


def _signed(label: str, value: int, sign: str) -> str | None:
    return f"{label} {sign}{value}" if value else None


def explain_sentence(cs: CalculableSentence, d: SentenceDates) -> str:
    """One step per calculable sentence: arithmetic, adjustments and the resulting dates."""
    c = cs.counters
    adjustments = [
        x
        for x in (
            _signed("remand", c.remand, "-"),
            _signed("tagged bail", c.tagged_bail, "-"),
            _signed("recall remand", c.recall_remand, "-"),
            _signed("recall tagged bail", c.recall_tagged_bail, "-"),
            _signed("unlawfully at large in custody", c.ual_custody, "+"),
            _signed("unlawfully at large after release", c.ual_after_release, "+"),
            _signed("additional days awarded", c.ada_custody, "+"),
            _signed("additional days after release", c.ada_after_release, "+"),
            _signed("served additional days", c.served_ada, "-"),
            _signed("unused additional days (release cannot pass expiry)", c.unused_ada, "-"),
        )
        if x
    ]
    described = cs.describe()
    regime = _FRACTION_WORDS.get(cs.legislation, cs.legislation)
    text = (
        f"{described[0].upper()}{described[1:]} under {regime}: "
        + "; ".join(d.notes)
        + f". Unadjusted release {d.r0} (sentence date + {d.release_days} days - 1)"
        + f", unadjusted expiry {d.e0} ({days_between(cs.start, d.e0) + 1} days)."
    )
    if adjustments:
        text += " Adjustments: " + ", ".join(adjustments) + " days."
    text += f" Release {d.release}{' (immediate release)' if d.immediate else ''}, expiry {d.expiry}."
    if d.ped is not None:
        text += f" Parole eligibility {d.ped}."
    if d.hdced is not None:
        text += f" HDC eligibility {d.hdced}."
    if d.prrd is not None:
        text += f" Post-recall release {d.prrd}."
    return text
