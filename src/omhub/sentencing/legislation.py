"""Legislation as data: commencement dates, release fractions, tranches and profiles.

A new act is a new entry here (plus tests). Nothing in this module computes dates; the rule
modules look the numbers up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

# Release multipliers (RULES §2.2). Thirds are exact; the reference engine's 20-digit
# truncation gives the same ceiling for every integer day count (RULES-DETAIL §0).
FULL = Fraction(1)
THREE_QUARTERS = Fraction(3, 4)
TWO_THIRDS = Fraction(2, 3)
ONE_HALF = Fraction(1, 2)
FORTY_PERCENT = Fraction(2, 5)
ONE_THIRD = Fraction(1, 3)
THIRTY_PERCENT = Fraction(3, 10)

# Key dates (RULES §2.3).
CJA_2003 = date(2005, 4, 4)
LASPO = date(2012, 12, 3)
ORA = date(2015, 2, 1)
A_FINE_TEN_MILLION = date(2015, 6, 1)
A_FINE_TEN_MILLION_AMOUNT = 10_000_000
SDS_PLUS = date(2020, 4, 1)
SENTENCING_ACT_2020 = date(2020, 12, 1)
PCSC = date(2022, 6, 28)
ERS_STOP_CLOCK = date(2022, 6, 28)
HDC365 = date(2025, 6, 3)
FTR48 = date(2025, 9, 2)
ERS30 = date(2025, 9, 23)
HDC_CLEAN_STOP = date(2026, 9, 2)
ESCAPE_PERIOD_CHANGE = date(2008, 7, 21)

HDC_MINIMUM_CUSTODIAL_DAYS = 42
HDC_MINIMUM_DAYS_AFTER_SENTENCE = 14
HDC_MINIMUM_BASE_DAYS = 28


@dataclass(frozen=True)
class HdcRule:
    """An HDC scheme: below ``midpoint`` release days the half rule, above it ``deduction``."""

    name: str
    midpoint: int
    deduction: int


HDC180 = HdcRule("HDC180", 360, 180)
HDC365_RULE = HdcRule("HDC365", 730, 365)


@dataclass(frozen=True)
class ErsRule:
    """An early removal scheme: ERSED is ``fraction`` of the term but no more than ``cap`` early."""

    name: str
    cap_days: int | None
    cap_years: int | None
    fraction: Fraction


ERS50 = ErsRule("ERS50", 544, None, ONE_HALF)
ERS30_RULE = ErsRule("ERS30", None, 4, THIRTY_PERCENT)

CIVIL_A_FINE_OFFENCE_CODES = frozenset(
    {
        "ZZ01001",
        "ZZ01002",
        "ZZ01003",
        "ZZ01004",
        "ZZ01005",
        "ZZ01008",
        "ZZ01010",
        "XX00000-016N",
    }
)
SHPO_OFFENCE_CODES = frozenset({"SX03220", "SX03220A", "SX03244", "SX03244A", "SX03247", "SX03247A"})
SHPO_OFFENCES_FROM = date(2020, 12, 1)

SDS40_EXCLUSIONS = frozenset({"SEXUAL", "VIOLENT", "DOMESTIC_ABUSE", "NATIONAL_SECURITY", "TERRORISM"})
T3_EXCLUSIONS = frozenset({"SEXUAL_T3", "DOMESTIC_ABUSE_T3", "MURDER_T3"})
PROGRESSION_MODEL_EXCLUSIONS = frozenset(
    {
        "PROGRESSION_MODEL_SCHEDULE_13_PART_3",
        "SA2026_PROGRESSION_MODEL_SCHEDULE",
    }
)


@dataclass(frozen=True)
class Tranche:
    """A commencement step: applies when every sentence's tranche length is within the limit.

    ``max_years_exclusive`` is a "less than N whole years" limit (SDS40 T1); ``max_days`` is
    a "no more than N days" limit (Progression Model, FTR56). Neither means the final tranche.
    """

    name: str
    date: date
    max_days: int | None = None
    max_years_exclusive: int | None = None

    def admits(self, length_days: int, length_years: int) -> bool:
        if self.max_days is not None:
            return length_days <= self.max_days
        if self.max_years_exclusive is not None:
            return length_years < self.max_years_exclusive
        return True


@dataclass(frozen=True)
class EarlyReleaseAct:
    """An SDS early-release act (SDS40, the Progression Model) with its tranches."""

    name: str
    sds_multiplier: Fraction
    sds_plus_multiplier: Fraction | None
    tranches: tuple[Tranche, ...]

    @property
    def commencement(self) -> date:
        return self.tranches[0].date


@dataclass(frozen=True)
class Profile:
    """A legislation profile (`params`): which acts exist and when they commence."""

    name: str
    sds40: EarlyReleaseAct
    t3_date: date
    progression_model: EarlyReleaseAct | None
    ftr56_tranches: tuple[Tranche, ...] = field(default=())


SDS40_STANDARD = EarlyReleaseAct(
    "SDS_40",
    FORTY_PERCENT,
    None,
    (
        Tranche("TRANCHE_1", date(2024, 9, 10), max_years_exclusive=5),
        Tranche("TRANCHE_2", date(2024, 10, 22)),
    ),
)
SDS40_DISABLED = EarlyReleaseAct(
    "SDS_40",
    ONE_HALF,
    None,
    (
        Tranche("TRANCHE_1", date(2054, 9, 10), max_years_exclusive=5),
        Tranche("TRANCHE_2", date(2054, 10, 22)),
    ),
)
PROGRESSION_MODEL = EarlyReleaseAct(
    "SDS_PROGRESSION_MODEL",
    ONE_THIRD,
    ONE_HALF,
    tuple(
        Tranche(f"TRANCHE_{i + 1}", d, max_days=limit)
        for i, (limit, d) in enumerate(
            (
                (574, date(2026, 10, 1)),
                (882, date(2026, 10, 13)),
                (1162, date(2026, 11, 10)),
                (1561, date(2026, 12, 8)),
                (2121, date(2027, 1, 12)),
                (2758, date(2027, 2, 9)),
                (3283, date(2027, 3, 9)),
                (3654, date(2027, 4, 13)),
                (4396, date(2027, 5, 11)),
                (None, date(2027, 6, 8)),
            )
        )
    ),
)
FTR56_TRANCHES = tuple(
    Tranche(f"FTR_56_TRANCHE_{i + 1}", d, max_days=limit)
    for i, (limit, d) in enumerate(
        (
            (1701, date(2026, 3, 31)),
            (2128, date(2026, 4, 14)),
            (2576, date(2026, 4, 21)),
            (3304, date(2026, 4, 28)),
            (4438, date(2026, 5, 5)),
            (None, date(2026, 5, 12)),
        )
    )
)

PROFILES: dict[str, Profile] = {
    "calculation-params": Profile("calculation-params", SDS40_STANDARD, date(2024, 12, 16), None, FTR56_TRANCHES),
    "sds-50": Profile("sds-50", SDS40_DISABLED, date(2054, 12, 16), None, FTR56_TRANCHES),
    "sds-progression-model-october": Profile(
        "sds-progression-model-october", SDS40_STANDARD, date(2024, 12, 16), PROGRESSION_MODEL, FTR56_TRANCHES
    ),
}
DEFAULT_PROFILE = "calculation-params"

FTR_RECALL_DAYS = {"FIXED_TERM_RECALL_14": 14, "FIXED_TERM_RECALL_28": 28, "FIXED_TERM_RECALL_56": 56}
RECALL_TYPES = frozenset({"STANDARD_RECALL", *FTR_RECALL_DAYS})
