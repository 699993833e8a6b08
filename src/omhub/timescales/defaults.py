"""The default timescales of the hub's 25 case types, as data (``/work/shared/docs/case-types.md``).

Every entry is a :class:`DeadlineRule` with the evidence behind it: **E** = found in policy or in a
public HMPPS service; **G** = a reasonable default still to be confirmed by users. A hub can change
any of them without a release: :func:`defaults_as_data` gives plain dicts (JSON) and
:func:`load_defaults` reads them back, validated.

Anchors: ``received`` is when the case (or the step named in the note) was received or sent;
upper-case names are key dates (``RELEASE``, ``HDCED``, ``PED``, ...); lower-case names are date
fields of the case (``hearing_date``, ``last_review``, ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from typing import Any

from .errors import RuleError
from .rules import RECEIVED, DeadlineRule, Direction, Unit


class Evidence(StrEnum):
    E = "E"  # policy or a public HMPPS service
    G = "G"  # a reasonable default to confirm with users


@dataclass(frozen=True)
class Timescale:
    """One named timescale of a case type, e.g. ``opens`` or ``due``."""

    key: str
    label: str
    rule: DeadlineRule
    evidence: Evidence
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "label": self.label,
            "rule": self.rule.to_dict(),
            "evidence": self.evidence.value,
            "note": self.note,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Timescale:
        if not isinstance(data, dict):
            raise RuleError("timescale", f"expected an object, got {type(data).__name__}")
        for key in ("key", "label", "rule", "evidence"):
            if key not in data:
                raise RuleError(key, "missing")
        try:
            evidence = Evidence(data["evidence"])
        except ValueError:
            raise RuleError("evidence", f"expected 'E' or 'G', got {data['evidence']!r}") from None
        try:
            rule = DeadlineRule.from_dict(data["rule"])
        except RuleError as exc:
            raise RuleError(f"rule.{exc.key}", exc.problem) from None
        return cls(str(data["key"]), str(data["label"]), rule, evidence, str(data.get("note", "")))


@dataclass(frozen=True)
class CaseTypeTimescales:
    number: int
    code: str
    name: str
    timescales: tuple[Timescale, ...]
    note: str = ""

    def __getitem__(self, key: str) -> Timescale:
        for timescale in self.timescales:
            if timescale.key == key:
                return timescale
        raise KeyError(f"{self.code} has no timescale {key!r}; it has {', '.join(self.keys())}")

    def keys(self) -> list[str]:
        return [t.key for t in self.timescales]

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "code": self.code,
            "name": self.name,
            "note": self.note,
            "timescales": [t.to_dict() for t in self.timescales],
        }

    @classmethod
    def from_dict(cls, data: Any) -> CaseTypeTimescales:
        if not isinstance(data, dict):
            raise RuleError("case_type", f"expected an object, got {type(data).__name__}")
        for key in ("number", "code", "name", "timescales"):
            if key not in data:
                raise RuleError(key, "missing")
        if not isinstance(data["timescales"], list):
            raise RuleError("timescales", "expected a list")
        timescales = []
        for i, raw in enumerate(data["timescales"]):
            try:
                timescales.append(Timescale.from_dict(raw))
            except RuleError as exc:
                raise RuleError(f"{data['code']}.timescales[{i}].{exc.key}", exc.problem) from None
        return cls(int(data["number"]), str(data["code"]), str(data["name"]), tuple(timescales),
                   str(data.get("note", "")))


# -- shorthand for the table -------------------------------------------------------------------------

E, G = Evidence.E, Evidence.G
THREE_PM = time(15, 0)


def _after(amount: int, unit: Unit, anchor: str = RECEIVED, **options: Any) -> DeadlineRule:
    return DeadlineRule(unit, amount, Direction.AFTER, anchor, **options)


def _before(amount: int, unit: Unit, anchor: str, **options: Any) -> DeadlineRule:
    return DeadlineRule(unit, amount, Direction.BEFORE, anchor, **options)


WD, DAYS, WEEKS, MONTHS, HOURS = Unit.WORKING_DAYS, Unit.CALENDAR_DAYS, Unit.WEEKS, Unit.MONTHS, Unit.HOURS


def _t(key: str, label: str, rule: DeadlineRule, evidence: Evidence, note: str = "") -> Timescale:
    return Timescale(key, label, rule, evidence, note)


_ROTL = (
    _t("eligible_from_ped", "Eligible from (PED)", _before(24, MONTHS, "PED", land_on_working_day=False), E,
       "24 months before PED (or CRD when there is no PED); the later of this and half the custodial term "
       "less half the remand, which comes from the sentence calculation"),
    _t("eligible_from_crd", "Eligible from (CRD)", _before(24, MONTHS, "CRD", land_on_working_day=False), E,
       "for sentences without a PED"),
    _t("decision", "Board decision", _after(10, WD), G),
)

CASE_TYPES: tuple[CaseTypeTimescales, ...] = (
    CaseTypeTimescales(1, "discharge", "Discharge / pre-discharge report", (
        _t("opens", "Opens", _before(4, WEEKS, "RELEASE"), E, "licence services prompt 4 weeks before release"),
        _t("due", "Due", _before(2, WD, "RELEASE"), E, "the licence hard stop: 2 working days before release"),
    )),
    CaseTypeTimescales(2, "bail", "Bail application", (
        _t("due", "Due", _after(2, WD), G),
        _t("due_by_hearing", "Due by the hearing", _before(0, DAYS, "hearing_date"), G,
           "when the court has set a hearing date the earlier of the two deadlines applies"),
    )),
    CaseTypeTimescales(3, "rotl", "Release on Temporary Licence (ROTL)", _ROTL),
    CaseTypeTimescales(4, "hdc", "Home Detention Curfew (HDC)", (
        _t("opens", "Opens", _before(14, WEEKS, "HDCED"), E, "the 14-week look-ahead report"),
        _t("address_checks", "COM address checks due", _after(10, WD, cut_off=THREE_PM), E,
           "counted from when the case is sent to the COM; sent at or after 15:00 counts from the next working day"),
        _t("not_enough_time", "Refuse if still open on", _before(4, WEEKS, "CRD", land_on_working_day=False), E,
           "under 4 weeks to the CRD there is not enough time for HDC"),
    )),
    CaseTypeTimescales(5, "oasys", "OASys assessment", (
        _t("due", "Due", _after(2, MONTHS), E, "counted from the trigger: sentence, review, handover or parole"),
    )),
    CaseTypeTimescales(6, "mappa", "MAPPA", (
        _t("level_set", "MAPPA level set", _before(6, MONTHS, "RELEASE"), G),
        _t("data_request", "Data request returned", _after(20, DAYS, "data_request_sent"), E),
    )),
    CaseTypeTimescales(7, "recategorisation", "Re-categorisation", (
        _t("initial", "Initial categorisation", _after(10, WD, "SENTENCE"), E),
        _t("recall", "After recall", _after(10, DAYS, "return_to_custody"), E),
        _t("review", "Next review", _after(6, MONTHS, "last_review"), E,
           "every 6 or 12 months depending on the sentence: set the amount to 12 where it applies"),
    )),
    CaseTypeTimescales(8, "sentence_calculation", "Sentence calculation (initial checks)", (
        _t("due", "Due", _after(2, WD), G, "a second check is needed before dates are confirmed (E)"),
    )),
    CaseTypeTimescales(9, "appeal", "Appeal", (
        _t("due", "Due", _after(28, DAYS, "decision_date"), G),
    )),
    CaseTypeTimescales(10, "visor", "ViSOR", (_t("due", "Due", _after(3, WD), G),)),
    CaseTypeTimescales(11, "marap", "MARAP", (_t("due", "Due", _after(5, WD), G),)),
    CaseTypeTimescales(12, "adjudication", "Adjudication", (
        _t("notice", "Notice to the prisoner", _after(48, HOURS), E, "counted from the discovery of the offence"),
        _t("independent_hearing", "Independent adjudicator hearing",
           _after(28, DAYS, "referral_date", land_on_working_day=False), E,
           "a limit: it is not moved later when it falls on a non-working day"),
    )),
    CaseTypeTimescales(13, "indeterminate", "Indeterminate sentence prisoner", (
        _t("handover", "Handover", _before(12, MONTHS, "TARIFF"), E),
        _t("parole_sift", "Parole sift", _before(36, MONTHS, "TARIFF"), E, "3 years before tariff expiry"),
    )),
    CaseTypeTimescales(14, "parole", "Parole application", (
        _t("dossier", "Dossier", _before(26, WEEKS, "PED"), G),
    )),
    CaseTypeTimescales(15, "legal_correspondence", "Legal correspondence", (
        _t("logged", "Logged", DeadlineRule.same_working_day(), G),
        _t("answered", "Answered", _after(5, WD), G),
    )),
    CaseTypeTimescales(16, "licence", "Licence application", (
        _t("opens", "Opens", _before(4, WEEKS, "RELEASE"), E),
        _t("hard_stop", "Hard stop", _before(2, WD, "RELEASE"), E),
    )),
    CaseTypeTimescales(17, "resettlement_overnight_release", "Resettlement overnight release", _ROTL,
                       note="as ROTL (E); Category B prisoners are not eligible (E)"),
    CaseTypeTimescales(18, "prisoner_fines", "Prisoner fines", (
        _t("due", "Due", _after(5, WD), G, "a part payment triggers a recalculation (E)"),
    )),
    CaseTypeTimescales(19, "foreign_national", "Foreign nationals / deportation / immigration", (
        _t("home_office_referral", "Referred to the Home Office", _after(10, WD, "SENTENCE"), E),
        _t("ers_from", "Early removal from", _after(0, DAYS, "ERSED", land_on_working_day=False), E),
    )),
    CaseTypeTimescales(20, "safeguarding", "Risk to children / safeguarding", (
        _t("due", "Due", DeadlineRule.same_working_day(), G),
    )),
    CaseTypeTimescales(21, "harassment_restraining_order", "Harassment / restraining order", (
        _t("due", "Due", _after(2, WD), G),
    )),
    CaseTypeTimescales(22, "category_a", "Category A administration", (
        _t("review", "Annual review", _after(12, MONTHS, "last_review"), G),
        _t("report", "Review report", _before(8, WEEKS, "review_date"), G),
    )),
    CaseTypeTimescales(23, "recall", "Recall paperwork", (
        _t("served_and_logged", "Served and logged", DeadlineRule.within_hours(24), E,
           "counted from the return to custody"),
        _t("dossier", "Dossier", _after(1, WD), E, "the next working day"),
    )),
    CaseTypeTimescales(24, "public_protection", "Public protection", (_t("due", "Due", _after(2, WD), G),)),
    CaseTypeTimescales(25, "monitoring_return", "Monitoring return", (
        _t("due", "Due", _after(5, WD, "period_end"), G),
    )),
)

DEFAULTS: dict[str, CaseTypeTimescales] = {case_type.code: case_type for case_type in CASE_TYPES}


def defaults_as_data() -> list[dict[str, Any]]:
    """Every case type's timescales as plain dicts, in the table's order."""
    return [case_type.to_dict() for case_type in CASE_TYPES]


def load_defaults(data: Iterable[Any]) -> dict[str, CaseTypeTimescales]:
    """Read :func:`defaults_as_data`'s shape back, validated (errors name the case type and key)."""
    loaded: dict[str, CaseTypeTimescales] = {}
    for i, raw in enumerate(data):
        try:
            case_type = CaseTypeTimescales.from_dict(raw)
        except RuleError as exc:
            raise RuleError(f"[{i}].{exc.key}", exc.problem) from None
        if case_type.code in loaded:
            raise RuleError(f"[{i}].code", f"{case_type.code!r} appears twice")
        loaded[case_type.code] = case_type
    return loaded
