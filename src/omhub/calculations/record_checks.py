"""The rules sentence records are kept to, in words a hub administrator knows.

Each function takes what a form or the API sent and gives back values ready to save, or raises a
ValidationError naming every problem at once on the field it concerns. The engine's own reading of the
booking (``records``) comes after these: these say what is wrong in the hub's words; the engine has the
last say on what it can read, and ``engine_errors`` puts what it says on the same fields.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import timezone

from omhub.calculations.models import (
    EARLY_RELEASE_EXCLUSIONS,
    Adjustment,
    AdjustmentKind,
    Booking,
    RecallType,
    Sentence,
    SentenceKind,
)
from omhub.people.models import Person
from omhub.sentencing import InputError

# The Progression Model's exclusions, which the engine reads beside the SDS40 ones (legislation.py).
PROGRESSION_MODEL_EXCLUSIONS = {
    "PROGRESSION_MODEL_SCHEDULE_13_PART_3": "Progression Model: Schedule 13 Part 3 offence",
    "SA2026_PROGRESSION_MODEL_SCHEDULE": "Progression Model: Sentencing Act 2026 schedule offence",
}
EXCLUSIONS = {**EARLY_RELEASE_EXCLUSIONS, **PROGRESSION_MODEL_EXCLUSIONS}
EXTENDED_KINDS = (SentenceKind.EDS, SentenceKind.SOPC)
FIXED_TERM_RECALLS = (RecallType.FIXED_TERM_14, RecallType.FIXED_TERM_28, RecallType.FIXED_TERM_56)

UNITS = ("YEARS", "MONTHS", "WEEKS", "DAYS")
UNIT_WORDS = {"YEARS": ("year", "years"), "MONTHS": ("month", "months"), "WEEKS": ("week", "weeks"),
              "DAYS": ("day", "days")}
# Far beyond any real term or adjustment, and small enough that no date the engine works out overflows.
UNIT_LIMITS = {"YEARS": 100, "MONTHS": 1200, "WEEKS": 5200, "DAYS": 36500}
MAX_ADJUSTMENT_DAYS = 36500

# Which fields each type of sentence has; the others are left empty.
COMMON_FIELDS = ("court_case", "kind", "offence_code", "offence_description", "offence_committed_at",
                 "sentenced_at", "consecutive_to")
KIND_FIELDS = {
    SentenceKind.SDS: ("duration", "is_sds_plus", "is_sds_plus_eligible", "early_release_exclusions",
                       "is_section_250", "recall_type", "revocation_date", "return_to_custody_date"),
    SentenceKind.EDS: ("custodial_duration", "extension_duration", "automatic_release", "recall_type",
                       "revocation_date", "return_to_custody_date"),
    SentenceKind.SOPC: ("custodial_duration", "extension_duration", "sdopcu18", "recall_type", "revocation_date",
                        "return_to_custody_date"),
    SentenceKind.A_FINE: ("duration", "fine_amount"),
    SentenceKind.DTO: ("duration",),
    SentenceKind.BOTUS: ("duration", "latest_tused_date"),
}
SENTENCE_DEFAULTS = {
    "court_case": None, "kind": "", "offence_code": "", "offence_description": "", "offence_committed_at": None,
    "sentenced_at": None, "consecutive_to": None, "duration": None, "custodial_duration": None,
    "extension_duration": None, "is_sds_plus": False, "is_sds_plus_eligible": False, "early_release_exclusions": [],
    "is_section_250": False, "fine_amount": None, "recall_type": "", "revocation_date": None,
    "return_to_custody_date": None, "automatic_release": False, "sdopcu18": False, "latest_tused_date": None,
}
# Engine inputs with no model field of their own, kept in Sentence.extra under the engine's names.
EXTRA_KEYS = {"automatic_release": "automaticRelease", "sdopcu18": "sdopcu18", "latest_tused_date": "latestTusedDate"}

# What a field is, and what a type of sentence is, in a sentence such as "A fine amount is not part of
# an extended sentence".
FIELD_WORDS = {
    "duration": "a single term",
    "custodial_duration": "a custodial term", "extension_duration": "an extension period",
    "is_sds_plus": "SDS+", "is_sds_plus_eligible": "SDS+ eligibility",
    "early_release_exclusions": "an early release exclusion", "is_section_250": "section 250",
    "fine_amount": "a fine amount", "recall_type": "a recall", "revocation_date": "a revocation date",
    "return_to_custody_date": "a return to custody date", "automatic_release": "automatic release",
    "sdopcu18": "an under-18 SOPC", "latest_tused_date": "a latest TUSED date",
}
KIND_WORDS = {
    SentenceKind.SDS: "a standard determinate sentence", SentenceKind.EDS: "an extended sentence",
    SentenceKind.SOPC: "a special custodial sentence (SOPC)", SentenceKind.A_FINE: "a default term for a fine",
    SentenceKind.DTO: "a detention and training order", SentenceKind.BOTUS: "a breach of top-up supervision",
}
OFFENCE_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
CASE_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 /.\-]*$")

DEDUCTION_KINDS = (AdjustmentKind.REMAND, AdjustmentKind.TAGGED_BAIL, AdjustmentKind.RECALL_REMAND,
                   AdjustmentKind.RECALL_TAGGED_BAIL)
# Counted day by day: their days are the days from the first to the last, both included.
SPAN_KINDS = (AdjustmentKind.REMAND, AdjustmentKind.RECALL_REMAND, AdjustmentKind.UNLAWFULLY_AT_LARGE)
AWARD_KINDS = (AdjustmentKind.ADDITIONAL_DAYS_AWARDED, AdjustmentKind.RESTORATION_OF_ADDITIONAL_DAYS_AWARDED)
UAL_REASONS = {
    "RECALL": "Recall", "ESCAPE": "Escape", "SENTENCED_IN_ABSENCE": "Sentenced in absence",
    "RELEASE_IN_ERROR": "Release in error", "IMMIGRATION_DETENTION": "Immigration detention",
}
ADJUSTMENT_NAMES = {
    AdjustmentKind.REMAND: "Remand", AdjustmentKind.TAGGED_BAIL: "Tagged bail",
    AdjustmentKind.RECALL_REMAND: "Recall remand", AdjustmentKind.RECALL_TAGGED_BAIL: "Recall tagged bail",
    AdjustmentKind.UNLAWFULLY_AT_LARGE: "Unlawfully at large",
    AdjustmentKind.ADDITIONAL_DAYS_AWARDED: "Additional days awarded",
    AdjustmentKind.RESTORATION_OF_ADDITIONAL_DAYS_AWARDED: "Restored additional days",
}
ADJUSTMENT_DEFAULTS = {"kind": "", "days": None, "from_date": None, "to_date": None, "applies_from": None,
                       "ual_reason": "", "adjudication_reference": ""}


# -- words ----------------------------------------------------------------------------------------------


def day(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def term_in_words(elements: dict | None) -> str:
    """A term as a court says it: {"YEARS": 2, "MONTHS": 6} is "2 years 6 months"."""
    parts = []
    for unit in UNITS:
        amount = int((elements or {}).get(unit) or 0)
        if amount:
            one, many = UNIT_WORDS[unit]
            parts.append(f"{amount} {one if amount == 1 else many}")
    return " ".join(parts) or "no term"


def days_in_words(count: int) -> str:
    return f"{count:,} day{'' if count == 1 else 's'}"


def span_in_words(first: datetime.date, last: datetime.date) -> str:
    start = f"{first:%-d %B}" if first.year == last.year else day(first)
    return f"from {start} to {day(last)}"


# -- the engine's problems, on the fields they concern -------------------------------------------------

SENTENCE_PATH_FIELDS = [
    ("sentencedAt", "sentenced_at"), ("offence.committedAt", "offence_committed_at"),
    ("offence.offenceCode", "offence_code"), ("offence", "offence_committed_at"), ("duration", "duration"),
    ("custodialDuration", "custodial_duration"), ("extensionDuration", "extension_duration"),
    ("consecutiveSentenceUUIDs", "consecutive_to"), ("recall.recallType", "recall_type"),
    ("recall.revocationDate", "revocation_date"), ("recall.returnToCustodyDate", "return_to_custody_date"),
    ("recall", "recall_type"), ("releaseArrangements.isSDSPlusEligibleSentenceTypeLengthAndOffence",
                                "is_sds_plus_eligible"),
    ("releaseArrangements.isSDSPlus", "is_sds_plus"),
    ("releaseArrangements.sdsEarlyReleaseExclusions", "early_release_exclusions"),
    ("releaseArrangements.isSection250", "is_section_250"), ("fineAmount", "fine_amount"), ("type", "kind"),
    ("automaticRelease", "automatic_release"), ("sdopcu18", "sdopcu18"), ("latestTusedDate", "latest_tused_date"),
]
ADJUSTMENT_PATH_FIELDS = [("numberOfDays", "days"), ("fromDate", "from_date"), ("toDate", "to_date"),
                          ("appliesToSentencesFrom", "applies_from"), ("additionalInfo.reason", "ual_reason")]
PATH_WORDS = {
    "sentencedAt": "the sentence date", "offence.committedAt": "the offence date", "offence": "the offence",
    "offence.offenceCode": "the offence code", "duration": "the term", "custodialDuration": "the custodial term",
    "extensionDuration": "the extension period", "consecutiveSentenceUUIDs": "what it is consecutive to",
    "recall.recallType": "the recall type", "recall.revocationDate": "the revocation date",
    "recall.returnToCustodyDate": "the return to custody date", "fineAmount": "the fine amount",
    "numberOfDays": "the number of days", "fromDate": "the from date", "toDate": "the to date",
    "appliesToSentencesFrom": "the sentence date it counts towards", "additionalInfo.reason": "the reason",
    "type": "the type of sentence", "identifier": "its identifier",
}
SENTENCE_PATH = re.compile(r"^booking\.sentences\[(\d+)\]\.?(.*)$")
ADJUSTMENT_PATH = re.compile(r"^booking\.adjustments\.([A-Z_]+)\[(\d+)\]\.?(.*)$")


def _plain_engine_message(message: str) -> str:
    """The engine's own words about a value, made plainer: "is missing; expected a date" is "is missing"."""
    if message.startswith("is missing"):
        return "is missing"
    if message.startswith("expected a whole number"):
        return "must be a whole number"
    if message == "must not be negative":
        return "cannot be less than 0"
    if message.startswith("expected a date"):
        return "must be a real date"
    return message


def describe_problem(path: str, message: str) -> str:
    """One engine problem in words, with the JSON path it is at, so that it can be found in a file too."""
    plain = _plain_engine_message(message)
    if match := SENTENCE_PATH.match(path):
        index, rest = int(match.group(1)), match.group(2)
        what = next((words for key, words in PATH_WORDS.items() if rest == key or rest.startswith(key + ".")),
                    rest or "the sentence")
        return f"Sentence {index + 1}, {what}: {plain} ({path})"
    if match := ADJUSTMENT_PATH.match(path):
        kind, index, rest = match.group(1), int(match.group(2)), match.group(3)
        name = ADJUSTMENT_NAMES.get(kind, kind)
        what = PATH_WORDS.get(rest, rest or "the adjustment")
        return f"{name} {index + 1}, {what}: {plain} ({path})"
    return f"{path}: {plain}"


def _field_for(path: str, *, sentence: Sentence | None, adjustment: Adjustment | None,
               adjustment_index: int | None) -> str | None:
    """The form field an engine problem is about, when it concerns the record being changed."""
    if sentence is not None and (match := SENTENCE_PATH.match(path)) and int(match.group(1)) == \
            sentence.line_number - 1:
        rest = match.group(2)
        return next((field for key, field in SENTENCE_PATH_FIELDS if rest == key or rest.startswith(key + ".")), None)
    if adjustment is not None and (match := ADJUSTMENT_PATH.match(path)) and match.group(1) == adjustment.kind \
            and int(match.group(2)) == adjustment_index:
        return next((field for key, field in ADJUSTMENT_PATH_FIELDS if match.group(3) == key), None)
    return None


def engine_errors(error: InputError, *, sentence: Sentence | None = None,
                  adjustment: Adjustment | None = None, adjustment_index: int | None = None) -> dict:
    """The engine's problems as a ValidationError's message dict: on the field of the record being changed
    where a problem is about it, and otherwise at the top, in words, with its line or adjustment."""
    errors: dict[str, list[str]] = {}
    for path, message in error.problems:
        field = _field_for(path, sentence=sentence, adjustment=adjustment, adjustment_index=adjustment_index)
        if field:
            errors.setdefault(field, []).append(
                f"The calculation engine cannot use this: {describe_problem(path, message)}")
        else:
            errors.setdefault("__all__", []).append(
                f"The calculation engine could not read the records with this change: "
                f"{describe_problem(path, message)}")
    return errors


def raise_errors(errors: dict) -> None:
    if errors:
        raise ValidationError({field: messages for field, messages in errors.items() if messages})


def not_future(errors: dict, field: str, value: datetime.date | None, words: str) -> None:
    if value is not None and value > timezone.localdate():
        errors.setdefault(field, []).append(f"{words} must be today or in the past")


# -- court cases and sentences --------------------------------------------------------------------------


def clean_court_case(data: dict) -> dict:
    errors: dict[str, list[str]] = {}
    court = (data.get("court_name") or "").strip()
    reference = (data.get("case_reference") or "").strip()
    appeared = data.get("appearance_date")
    if not court:
        errors["court_name"] = ["Enter the name of the court, like Leeds Crown Court"]
    elif len(court) > 200:
        errors["court_name"] = ["The court's name must be 200 characters or fewer"]
    if len(reference) > 40:
        errors["case_reference"] = ["The case reference must be 40 characters or fewer"]
    elif reference and not CASE_REFERENCE.match(reference):
        errors["case_reference"] = ["The case reference can only have letters, numbers, spaces, slashes, dots and "
                                    "dashes, like T20267001"]
    not_future(errors, "appearance_date", appeared, "The date of the hearing")
    raise_errors(errors)
    return {"court_name": court, "case_reference": reference, "appearance_date": appeared}


def applicable_fields(kind: str) -> tuple[str, ...]:
    return COMMON_FIELDS + KIND_FIELDS.get(kind, ())


def sentence_data(sentence: Sentence) -> dict:
    """A sentence as the services take it: the shape of a change form's initial values and of the API."""
    extra = sentence.extra or {}
    tused = extra.get("latestTusedDate")
    return {
        "court_case": sentence.court_case_id, "kind": sentence.kind, "offence_code": sentence.offence_code,
        "offence_description": sentence.offence_description, "offence_committed_at": sentence.offence_committed_at,
        "sentenced_at": sentence.sentenced_at,
        "consecutive_to": sentence.consecutive_to.line_number if sentence.consecutive_to_id else None,
        "duration": sentence.duration, "custodial_duration": sentence.custodial_duration,
        "extension_duration": sentence.extension_duration, "is_sds_plus": sentence.is_sds_plus,
        "is_sds_plus_eligible": sentence.is_sds_plus_eligible,
        "early_release_exclusions": list(sentence.early_release_exclusions or []),
        "is_section_250": sentence.is_section_250, "fine_amount": sentence.fine_amount,
        "recall_type": sentence.recall_type, "revocation_date": sentence.revocation_date,
        "return_to_custody_date": sentence.return_to_custody_date,
        "automatic_release": bool(extra.get("automaticRelease", False)), "sdopcu18": bool(extra.get("sdopcu18", False)),
        "latest_tused_date": datetime.date.fromisoformat(tused[:10]) if isinstance(tused, str) and tused else None,
    }


def _clean_duration(errors: dict, field: str, value, words: str) -> dict | None:
    """A term in the engine's shape, without its zero units; None (and a message) when there is none."""
    unknown = [str(unit) for unit in value if unit not in UNITS] if isinstance(value, dict) else []
    if unknown:
        errors.setdefault(field, []).append(f"A term is given in years, months, weeks and days, not {unknown[0]}")
        return None
    if not isinstance(value, dict) or not any(value.get(unit) for unit in UNITS):
        errors.setdefault(field, []).append(f"Enter {words}, in years, months, weeks or days")
        return None
    cleaned = {}
    for unit in UNITS:
        amount = value.get(unit) or 0
        if isinstance(amount, bool) or not isinstance(amount, int):
            errors.setdefault(field, []).append(f"{UNIT_WORDS[unit][1].capitalize()} must be a whole number")
            return None
        if amount < 0:
            errors.setdefault(field, []).append(f"{UNIT_WORDS[unit][1].capitalize()} cannot be less than 0")
            return None
        if amount > UNIT_LIMITS[unit]:
            errors.setdefault(field, []).append(
                f"{UNIT_WORDS[unit][1].capitalize()} must be {UNIT_LIMITS[unit]:,} or fewer")
            return None
        if amount:
            cleaned[unit] = amount
    return cleaned


def _clean_fine(errors: dict, value) -> Decimal | None:
    if value in (None, ""):
        errors["fine_amount"] = ["Enter the amount of the unpaid fine, like 1250.00"]
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("£", "").strip())
    except InvalidOperation:
        errors["fine_amount"] = ["The fine amount must be an amount of money, like 1250.00"]
        return None
    if not amount.is_finite() or amount <= 0:
        errors["fine_amount"] = ["The fine amount must be more than £0"]
    elif amount != amount.quantize(Decimal("0.01")):
        errors["fine_amount"] = ["The fine amount cannot have fractions of a penny"]
    elif amount >= Decimal("10000000000"):
        errors["fine_amount"] = ["The fine amount must be less than £10,000,000,000"]
    else:
        return amount.quantize(Decimal("0.01"))
    return None


def _chain_reaches(start: Sentence | None, target_pk: int | None) -> bool:
    seen = set()
    while start is not None and start.pk not in seen:
        if start.pk == target_pk:
            return True
        seen.add(start.pk)
        start = start.consecutive_to
    return False


def clean_sentence(booking: Booking, person: Person, data: dict, *, sentence: Sentence | None) -> dict:
    """The sentence's values, checked as the engine and the law need them; every problem at once."""
    data = {**SENTENCE_DEFAULTS, **data}
    errors: dict[str, list[str]] = {}
    kind = data["kind"]
    if kind not in SentenceKind.values:
        errors["kind"] = ["Choose the type of sentence"]
    fields = set(applicable_fields(kind))
    if kind in SentenceKind.values:
        for name in sorted(set(SENTENCE_DEFAULTS) - fields):
            if data[name] not in (None, "", False, [], {}):
                errors.setdefault(name, []).append(
                    f"{FIELD_WORDS[name][0].upper()}{FIELD_WORDS[name][1:]} is not part of {KIND_WORDS[kind]}")
    cleaned = {name: SENTENCE_DEFAULTS[name] for name in SENTENCE_DEFAULTS}
    cleaned["kind"] = kind

    court_case = booking.court_cases.filter(pk=data["court_case"]).first() \
        if isinstance(data["court_case"], int) and not isinstance(data["court_case"], bool) else None
    if court_case is None:
        errors["court_case"] = ["Choose the court case the sentence was passed in"]
    cleaned["court_case"] = court_case

    code = (data["offence_code"] or "").strip().upper().replace(" ", "")
    if code and not OFFENCE_CODE.match(code):
        errors["offence_code"] = ["The offence code must be letters and numbers, like TH68010"]
    cleaned["offence_code"] = code
    description = (data["offence_description"] or "").strip()
    if len(description) > 300:
        errors["offence_description"] = ["The offence description must be 300 characters or fewer"]
    cleaned["offence_description"] = description

    committed, sentenced = data["offence_committed_at"], data["sentenced_at"]
    if committed is None:
        errors.setdefault("offence_committed_at", []).append("Enter the date of the offence (its last day, if it "
                                                              "was committed over a period)")
    if sentenced is None:
        errors.setdefault("sentenced_at", []).append("Enter the date the sentence was passed")
    not_future(errors, "offence_committed_at", committed, "The offence date")
    not_future(errors, "sentenced_at", sentenced, "The sentence date")
    if committed and committed <= person.date_of_birth:
        errors.setdefault("offence_committed_at", []).append(
            f"The offence date must be after {person.full_name}'s date of birth ({day(person.date_of_birth)})")
    if committed and sentenced and sentenced < committed:
        errors.setdefault("sentenced_at", []).append("The sentence date must be on or after the offence date")
    cleaned["offence_committed_at"], cleaned["sentenced_at"] = committed, sentenced

    if "duration" in fields:
        cleaned["duration"] = _clean_duration(errors, "duration", data["duration"], "the length of the sentence")
    if "custodial_duration" in fields:
        needs = "An extended sentence needs a custodial term and an extension period" if kind == SentenceKind.EDS \
            else "A special custodial sentence (SOPC) needs a custodial term and an extension period"
        for field, words in (("custodial_duration", "the custodial term"), ("extension_duration", "the extension "
                                                                                                  "period")):
            value = data[field]
            if isinstance(value, dict) and any(value.values()):
                cleaned[field] = _clean_duration(errors, field, value, words)
            else:
                errors.setdefault(field, []).append(needs)
        extended = cleaned["extension_duration"]
        if extended is not None:
            months = extended.get("YEARS", 0) * 12 + extended.get("MONTHS", 0)
            if extended.get("WEEKS") or extended.get("DAYS"):
                errors.setdefault("extension_duration", []).append(
                    "Enter the extension period in years and months, as the court gives it")
            elif kind == SentenceKind.EDS and not 12 <= months <= 96:
                errors.setdefault("extension_duration", []).append(
                    "The extension period of an extended sentence must be between 1 and 8 years")
            elif kind == SentenceKind.SOPC and months != 12:
                errors.setdefault("extension_duration", []).append(
                    "The extension period of a special custodial sentence (SOPC) is always 1 year")

    consecutive = data["consecutive_to"]
    target = None
    if consecutive not in (None, "", 0):
        target = booking.sentences.select_related("consecutive_to").filter(line_number=consecutive).first() \
            if isinstance(consecutive, int) and not isinstance(consecutive, bool) else None
        if target is None:
            errors.setdefault("consecutive_to", []).append(
                "Choose a sentence of this booking, or concurrent if it is not consecutive to another")
        elif sentence is not None and (target.pk == sentence.pk or _chain_reaches(target, sentence.pk)):
            errors.setdefault("consecutive_to", []).append(
                "A sentence cannot be consecutive to itself or to a sentence that is consecutive to it")
        elif sentenced and target.sentenced_at > sentenced:
            errors.setdefault("consecutive_to", []).append(
                f"A sentence can only be consecutive to one passed on or before its own sentence date: line "
                f"{target.line_number} was passed on {day(target.sentenced_at)}")
    cleaned["consecutive_to"] = target

    if kind == SentenceKind.SDS:
        cleaned["is_sds_plus"] = bool(data["is_sds_plus"])
        cleaned["is_sds_plus_eligible"] = bool(data["is_sds_plus_eligible"])
        cleaned["is_section_250"] = bool(data["is_section_250"])
        if cleaned["is_sds_plus"] and not cleaned["is_sds_plus_eligible"]:
            errors.setdefault("is_sds_plus_eligible", []).append(
                "A sentence that is SDS+ is SDS+ eligible by its type, length and offence: tick both")
        exclusions = data["early_release_exclusions"] or []
        if not isinstance(exclusions, list | tuple) or any(e not in EXCLUSIONS for e in exclusions):
            errors.setdefault("early_release_exclusions", []).append(
                "Choose early release exclusions from the list: " + ", ".join(EXCLUSIONS))
        else:
            cleaned["early_release_exclusions"] = [e for e in EXCLUSIONS if e in exclusions]
    if kind == SentenceKind.A_FINE:
        cleaned["fine_amount"] = _clean_fine(errors, data["fine_amount"])

    if "recall_type" in fields:
        _clean_recall(errors, booking, data, cleaned)

    extra = dict(sentence.extra or {}) if sentence is not None else {}
    for name, key in EXTRA_KEYS.items():
        extra.pop(key, None)
        if name in fields and data[name]:
            value = data[name]
            if name == "latest_tused_date":
                if not isinstance(value, datetime.date):
                    errors.setdefault(name, []).append("The latest TUSED date must be a real date")
                    continue
                if sentenced and value < sentenced:
                    errors.setdefault(name, []).append("The latest TUSED date must be after the sentence date")
                value = value.isoformat()
            extra[key] = value if name == "latest_tused_date" else True
    if kind != SentenceKind.BOTUS:
        extra.pop("latestTusedSource", None)
    cleaned["extra"] = extra
    raise_errors(errors)
    for name in EXTRA_KEYS:
        cleaned.pop(name)
    return cleaned


def _clean_recall(errors: dict, booking: Booking, data: dict, cleaned: dict) -> None:
    recall_type = data["recall_type"] or ""
    revoked, returned = data["revocation_date"], data["return_to_custody_date"]
    sentenced = cleaned["sentenced_at"]
    if recall_type and recall_type not in RecallType.values:
        errors["recall_type"] = ["Choose the type of recall"]
        return
    if not recall_type:
        if revoked or returned:
            errors["recall_type"] = ["Choose the type of recall, or leave the recall dates blank"]
        return
    not_future(errors, "revocation_date", revoked, "The revocation date")
    not_future(errors, "return_to_custody_date", returned, "The return to custody date")
    if revoked and sentenced and revoked <= sentenced:
        errors.setdefault("revocation_date", []).append("The licence can only be revoked after the sentence date")
    if returned and revoked and returned < revoked:
        errors.setdefault("return_to_custody_date", []).append(
            "The return to custody date must be on or after the revocation date")
    elif returned and sentenced and returned <= sentenced:
        errors.setdefault("return_to_custody_date", []).append(
            "The return to custody date must be after the sentence date")
    if recall_type in FIXED_TERM_RECALLS and returned is None and booking.return_to_custody_date is None:
        errors.setdefault("return_to_custody_date", []).append(
            "A fixed term recall needs the date they returned to custody")
    cleaned.update(recall_type=recall_type, revocation_date=revoked, return_to_custody_date=returned)


def orphaned_deductions(booking: Booking) -> set[int]:
    """Remand and tagged bail that count towards a sentence date no sentence of the booking has: the engine
    would quietly leave them out."""
    dates = set(booking.sentences.values_list("sentenced_at", flat=True))
    return {adjustment.pk for adjustment in booking.adjustments.filter(kind__in=DEDUCTION_KINDS)
            if adjustment.applies_from not in dates}


def refuse_new_orphans(booking: Booking, before: set[int], *, field: str) -> None:
    orphans = booking.adjustments.filter(pk__in=orphaned_deductions(booking) - before).order_by("id")
    if orphans:
        raise ValidationError({field: [
            f"{ADJUSTMENT_NAMES[a.kind]} of {days_in_words(a.days)} counts towards the sentences passed on "
            f"{day(a.applies_from)}, and no sentence would be left with that date: change or remove it first"
            for a in orphans]})


# -- adjustments ----------------------------------------------------------------------------------------


def adjustment_data(adjustment: Adjustment) -> dict:
    return {"kind": adjustment.kind, "days": adjustment.days, "from_date": adjustment.from_date,
            "to_date": adjustment.to_date, "applies_from": adjustment.applies_from,
            "ual_reason": adjustment.ual_reason, "adjudication_reference": adjustment.adjudication_reference}


def clean_adjustment(booking: Booking | None, data: dict) -> dict:
    data = {**ADJUSTMENT_DEFAULTS, **data}
    errors: dict[str, list[str]] = {}
    kind = data["kind"]
    if kind not in AdjustmentKind.values:
        raise ValidationError({"kind": ["Choose the type of adjustment"]})
    name = ADJUSTMENT_NAMES[kind]
    first, last, days = data["from_date"], data["to_date"], data["days"]
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)):
        errors["days"] = ["Enter the number of days as a whole number, like 14"]
        days = None
    elif days is not None and days < 1:
        errors["days"] = ["The number of days must be 1 or more"]
        days = None
    elif days is not None and days > MAX_ADJUSTMENT_DAYS:
        errors["days"] = [f"The number of days must be {MAX_ADJUSTMENT_DAYS:,} or fewer"]
        days = None
    not_future(errors, "from_date", first, "The from date")
    not_future(errors, "to_date", last, "The to date")
    if first and last and last < first:
        errors.setdefault("to_date", []).append("The to date must be the same as or after the from date")
    if kind in SPAN_KINDS:
        if first is None:
            errors.setdefault("from_date", []).append(f"Enter the first day of the {name.lower()}")
        if last is None:
            errors.setdefault("to_date", []).append(f"Enter the last day of the {name.lower()}")
        if first and last and last >= first and "days" not in errors:
            span = (last - first).days + 1
            if days is None:
                days = span
            elif days != span:
                errors["days"] = [f"{name} {span_in_words(first, last)} is {span:,} days, not {days:,}"]
    elif days is None and "days" not in errors:
        errors["days"] = [f"Enter the number of days of {name.lower()}"]
    if kind in AWARD_KINDS and first is None:
        errors.setdefault("from_date", []).append(
            "Enter the date of the adjudication hearing that awarded the days" if kind ==
            AdjustmentKind.ADDITIONAL_DAYS_AWARDED else "Enter the date the days were restored")

    applies_from = data["applies_from"]
    if kind in DEDUCTION_KINDS:
        dates = sorted(set(booking.sentences.values_list("sentenced_at", flat=True))) if booking else []
        if not dates:
            errors.setdefault("applies_from", []).append(
                f"Add the sentence the {name.lower()} counts towards first: it counts from that sentence's date")
        elif applies_from not in dates:
            errors.setdefault("applies_from", []).append(
                f"Choose the sentence date the {name.lower()} counts towards: "
                + ", ".join(day(value) for value in dates))
        elif kind == AdjustmentKind.REMAND and last and last >= applies_from:
            errors.setdefault("to_date", []).append(
                f"Remand must end before the sentence date it counts towards ({day(applies_from)})")
    elif applies_from is None:
        applies_from = first
    else:
        not_future(errors, "applies_from", applies_from, "The date it counts from")

    reason = (data["ual_reason"] or "").strip()
    if kind == AdjustmentKind.UNLAWFULLY_AT_LARGE:
        if reason not in UAL_REASONS:
            errors["ual_reason"] = ["Choose why they were unlawfully at large: " + ", ".join(
                label.lower() for label in UAL_REASONS.values())]
    elif reason:
        errors["ual_reason"] = ["Only unlawfully at large has a reason"]
    reference = (data["adjudication_reference"] or "").strip()
    if kind in AWARD_KINDS:
        if not reference:
            errors["adjudication_reference"] = ["Enter the adjudication reference, like ADJ-000123"]
        elif len(reference) > 40:
            errors["adjudication_reference"] = ["The adjudication reference must be 40 characters or fewer"]
    elif reference:
        errors["adjudication_reference"] = ["Only additional days awarded and restored have an adjudication reference"]
    raise_errors(errors)
    return {"kind": kind, "days": days, "from_date": first, "to_date": last, "applies_from": applies_from,
            "ual_reason": reason, "adjudication_reference": reference}


def check_booking_adjustments(booking: Booking, adjustment: Adjustment) -> None:
    """Rules across the booking's adjustments: remand is not counted twice, and no more days are restored
    than were awarded."""
    errors: dict[str, list[str]] = {}
    if adjustment.kind == AdjustmentKind.REMAND and adjustment.from_date and adjustment.to_date:
        overlapping = booking.adjustments.filter(kind=AdjustmentKind.REMAND, from_date__lte=adjustment.to_date,
                                                 to_date__gte=adjustment.from_date).exclude(pk=adjustment.pk).first()
        if overlapping:
            span = span_in_words(overlapping.from_date, overlapping.to_date)
            errors["from_date"] = [f"This remand overlaps the remand {span}: a day on remand counts once"]
    if adjustment.kind in AWARD_KINDS:
        awarded = sum(booking.adjustments.filter(kind=AdjustmentKind.ADDITIONAL_DAYS_AWARDED)
                      .values_list("days", flat=True))
        restored = sum(booking.adjustments.filter(kind=AdjustmentKind.RESTORATION_OF_ADDITIONAL_DAYS_AWARDED)
                       .values_list("days", flat=True))
        if restored > awarded:
            errors["days"] = [f"No more days can be restored than were awarded: {awarded:,} awarded, "
                              f"{restored:,} restored with this change"]
    raise_errors(errors)


def import_size_problems(case) -> dict[str, list[str]]:
    """Values the engine would read but a record cannot hold (an identifier of 61 characters, say): refused
    before the import, by their JSON path, rather than failing as the records are saved."""
    problems: dict[str, list[str]] = {}
    booking = case.get("booking") if isinstance(case, dict) else None
    sentences = booking.get("sentences") if isinstance(booking, dict) else None
    limits = [("identifier", 60), ("caseReference", 40), ("offence.offenceCode", 20)]
    for index, raw in enumerate(sentences if isinstance(sentences, list) else []):
        if not isinstance(raw, dict):
            continue
        for key, limit in limits:
            value = raw
            for part in key.split("."):
                value = value.get(part) if isinstance(value, dict) else None
            if value is not None and len(str(value)) > limit:
                path = f"booking.sentences[{index}].{key}"
                problems.setdefault(path, []).append(f"{path} must be {limit} characters or fewer")
    adjustments = booking.get("adjustments") if isinstance(booking, dict) else None
    for kind, entries in (adjustments.items() if isinstance(adjustments, dict) else []):
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            info = entry.get("additionalInfo") if isinstance(entry, dict) else None
            reason = info.get("reason") if isinstance(info, dict) else None
            if reason is not None and len(str(reason)) > 60:
                path = f"booking.adjustments.{kind}[{index}].additionalInfo.reason"
                problems.setdefault(path, []).append(f"{path} must be 60 characters or fewer")
    return problems
