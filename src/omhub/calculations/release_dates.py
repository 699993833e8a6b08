"""Release dates in words, and how a calculation's dates become a person's hub key dates.

Pure functions of the dates they are given: no database, no clock.
"""

import datetime
import re

from omhub.sentencing.result import DATE_ORDER

# What each date the engine (or a manual calculation) gives is called, in the engine's order.
DATE_NAMES = {
    "SED": "Sentence expiry date (SED)",
    "LED": "Licence expiry date (LED)",
    "SLED": "Sentence and licence expiry date (SLED)",
    "CRD": "Conditional release date (CRD)",
    "ARD": "Automatic release date (ARD)",
    "PED": "Parole eligibility date (PED)",
    "NPD": "Non-parole date (NPD)",
    "PRRD": "Post-recall release date (PRRD)",
    "HDCED": "Home detention curfew eligibility date (HDCED)",
    "ERSED": "Early removal scheme eligibility date (ERSED)",
    "ETD": "Early transfer date (ETD)",
    "MTD": "Mid-transfer date (MTD)",
    "LTD": "Late transfer date (LTD)",
    "DPRRD": "Detention and training order post-recall release date (DPRRD)",
    "TUSED": "Top-up supervision expiry date (TUSED)",
    "ESED": "Effective sentence end date (ESED)",
    "Tariff": "Tariff expiry date",
}

# The same dates as a prisoner's release dates slip explains them: plain words, no abbreviations alone.
SLIP_EXPLANATIONS = {
    "SED": "The day your sentence ends.",
    "LED": "The day your licence ends.",
    "SLED": "The day your sentence and your licence end.",
    "CRD": "The day you are released on licence.",
    "ARD": "The day you are released automatically.",
    "PED": "The earliest day the Parole Board may release you.",
    "NPD": "The day you are released if the Parole Board has not released you before.",
    "PRRD": "The day you are released after your recall.",
    "HDCED": "The earliest day you may be released on home detention curfew (a tag), if it is approved.",
    "ERSED": "The earliest day you may be removed from the UK under the early removal scheme, if it applies.",
    "ETD": "The earliest day you may be released from your detention and training order.",
    "MTD": "The middle point of your detention and training order: when you are normally released.",
    "LTD": "The latest day you may be released from your detention and training order.",
    "DPRRD": "The day you are released after your recall from a detention and training order.",
    "TUSED": "The day your top-up supervision ends.",
    "ESED": "The day your sentences end, all taken together.",
    "Tariff": "The end of the minimum term you must serve before the Parole Board can consider release.",
}

MANUAL_DATE_CODES = [*DATE_ORDER, "Tariff"]
# A working date of the engine, on no slip or key date: a change to it alone is not a change of dates.
WORKING_DATES = frozenset({"ESED"})

# Engine dates that are the hub's key dates of the same name.
DIRECT_KEY_DATES = {"CRD": "CRD", "ARD": "ARD", "PED": "PED", "HDCED": "HDCED", "ERSED": "ERSED",
                    "Tariff": "TARIFF"}
# The dates on which release is automatic: the person is due out on the latest of them (as NOMIS
# derives a release date), else at the end of the sentence when none applies.
AUTOMATIC_RELEASE = ("ARD", "CRD", "NPD", "PRRD", "MTD")
END_OF_SENTENCE = ("SLED", "SED")
# The hub key dates a confirmed calculation sets; one the new dates do not have is cleared.
CALCULATED_KEY_DATES = ("CRD", "ARD", "PED", "HDCED", "ERSED", "TARIFF", "RELEASE")


def ordered(dates: dict[str, str]) -> list[tuple[str, str]]:
    """(code, name) of the dates present, in the engine's order."""
    position = {code: index for index, code in enumerate(MANUAL_DATE_CODES)}
    return [(code, DATE_NAMES.get(code, code))
            for code in sorted(dates, key=lambda c: (position.get(c, len(position)), c))]


def in_order(dates: dict[str, str]) -> dict[str, str]:
    """The dates in the engine's order (PostgreSQL keeps a JSON object's keys in an order of its own)."""
    return {code: dates[code] for code, _ in ordered(dates)}


def as_dates(dates: dict[str, str]) -> dict[str, datetime.date]:
    return {code: datetime.date.fromisoformat(value) for code, value in dates.items()}


def release_date(dates: dict[str, datetime.date]) -> datetime.date | None:
    """The date the person is due out: the latest automatic release date (ARD, CRD, NPD, PRRD, or a
    detention and training order's MTD); without one, the end of the sentence (SLED or SED)."""
    automatic = [dates[code] for code in AUTOMATIC_RELEASE if code in dates]
    if automatic:
        return max(automatic)
    ends = [dates[code] for code in END_OF_SENTENCE if code in dates]
    return max(ends) if ends else None


def key_dates_from(dates: dict[str, datetime.date], *, sentenced_on: datetime.date | None) -> dict:
    """The hub key dates (KeyDate kinds) that confirmed release dates give."""
    key_dates = {kind: dates[code] for code, kind in DIRECT_KEY_DATES.items() if code in dates}
    release = release_date(dates)
    if release is not None:
        key_dates["RELEASE"] = release
    if sentenced_on is not None:
        key_dates["SENTENCE"] = sentenced_on
    return key_dates


def earliest_sentence_date(inputs: dict) -> datetime.date | None:
    """The sentence date of the booking the dates were calculated for: its first sentence's."""
    dates = [datetime.date.fromisoformat(sentence["sentencedAt"][:10])
             for sentence in inputs.get("booking", {}).get("sentences", []) if sentence.get("sentencedAt")]
    return min(dates) if dates else None


_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def length_in_words(iso: str) -> str:
    """An effective sentence length as the engine gives it ("P1Y6M") in words ("1 year 6 months")."""
    match = _DURATION.match(iso or "")
    if not match:
        return iso or ""
    parts = []
    for amount, unit in zip(match.groups(), ("year", "month", "week", "day"), strict=True):
        if amount and int(amount):
            parts.append(f"{int(amount)} {unit}{'s' if int(amount) != 1 else ''}")
    return " ".join(parts) or "0 days"


def term_in_words(elements: dict | None) -> str:
    """A sentence's term as recorded ({"YEARS": 2, "MONTHS": 6}) in words ("2 years 6 months")."""
    if not elements:
        return "Not recorded"
    parts = []
    for unit in ("YEARS", "MONTHS", "WEEKS", "DAYS"):
        amount = int(elements.get(unit) or 0)
        if amount:
            word = unit.lower()[:-1]
            parts.append(f"{amount} {word}{'s' if amount != 1 else ''}")
    return " ".join(parts) or "0 days"


def differences(before: dict[str, str], after: dict[str, str]) -> list[dict]:
    """What changed from one set of dates to another, date by date, in the engine's order."""
    changes = []
    for code, name in ordered({**before, **after}):
        old, new = before.get(code), after.get(code)
        if old == new:
            continue
        days = None
        if old and new:
            days = (datetime.date.fromisoformat(new) - datetime.date.fromisoformat(old)).days
        changes.append({"code": code, "name": name, "before": old, "after": new, "days": days})
    return changes


def describe_difference(change: dict) -> str:
    """One change in words: "CRD: 27 May 2027 → 10 June 2027 (14 days later)"."""
    def day(value):
        return f"{datetime.date.fromisoformat(value):%-d %B %Y}"

    if change["before"] is None:
        return f"{change['code']}: added, {day(change['after'])}"
    if change["after"] is None:
        return f"{change['code']}: removed (was {day(change['before'])})"
    days = change["days"]
    direction = f"{abs(days)} day{'s' if abs(days) != 1 else ''} {'later' if days > 0 else 'earlier'}"
    return f"{change['code']}: {day(change['before'])} → {day(change['after'])} ({direction})"
