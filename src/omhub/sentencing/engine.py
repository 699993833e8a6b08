"""Orchestration: parse, walk the timeline, apply final-date rules, validate, explain."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from . import legislation as law
from .calendars import default_bank_holidays
from .errors import CalculationRefused, InputError
from .extraction import extract
from .final_dates import apply_progression_model, apply_sds40
from .model import CalculationRequest
from .parse import parse_request
from .result import CalculationResult
from .timeline import Timeline
from .validation import validate


def calculate(
    case: dict[str, Any] | CalculationRequest, bank_holidays: Iterable[date] | None = None, *, explain: bool = True
) -> CalculationResult:
    """Calculate the release dates of one case (see the package docstring). With ``explain`` False the
    breakdown leaves out how each sentence's dates were worked out and which sentence gave the latest
    release, expiry and HDCED: the same dates, sooner, for runs over many people that keep only the dates."""
    case_id = None
    if isinstance(case, dict) and case.get("id") is not None:
        case_id = str(case["id"])
    try:
        request = case if isinstance(case, CalculationRequest) else parse_request(case)
    except InputError as exc:
        details = "; ".join(f"{path}: {message}" for path, message in exc.problems)
        return CalculationResult(case_id, error="InvalidInput", error_message=details)
    holidays = frozenset(default_bank_holidays() if bank_holidays is None else bank_holidays)
    try:
        return _calculate(request, holidays, explain)
    except CalculationRefused as exc:
        return CalculationResult(request.case_id, error=exc.code, error_message=exc.message)


def _calculate(request: CalculationRequest, holidays: frozenset[date], explain: bool = True) -> CalculationResult:
    booking = request.booking
    if not booking.sentences:
        raise CalculationRefused("NoSentencesProvidedException", "the booking has no sentences")
    profile = law.PROFILES[request.profile]
    timeline = Timeline(request, profile, holidays, extract, explain=explain)
    outcome = timeline.run()
    early = outcome.final
    steps = list(early.steps)
    dates = dict(early.dates)
    if outcome.pm is not None and outcome.pm_snapshot is not None:
        standard = outcome.pm_snapshot.dates
        if outcome.sds40 is not None and outcome.sds40_snapshot is not None:
            snap = outcome.pm_snapshot
            standard = apply_sds40(
                standard,
                outcome.sds40_snapshot.dates,
                outcome.sds40.tranche_date,
                profile.sds40.commencement,
                snap.latest_prrd,
                snap.active_types,
                _tused_from_recall_sds(snap),
                booking,
                [],
            )
        steps.append(f"Progression Model {outcome.pm.name} applies from {outcome.pm.tranche_date}.")
        dates = apply_progression_model(dates, standard, outcome.pm.tranche_date, booking, steps)
    elif outcome.sds40 is not None and outcome.sds40_snapshot is not None:
        standard = outcome.sds40_snapshot.dates
        steps.append(f"SDS40 {outcome.sds40.name} applies from {outcome.sds40.tranche_date}.")
        dates = apply_sds40(
            dates,
            standard,
            outcome.sds40.tranche_date,
            profile.sds40.commencement,
            early.latest_prrd,
            early.active_types,
            _tused_from_recall_sds(early),
            booking,
            steps,
        )
    codes = validate(outcome, early.entries, dates)
    tranches = {}
    if outcome.sds40 is not None:
        tranches["SDS_40"] = outcome.sds40.name
    if outcome.pm is not None:
        tranches["SDS_PROGRESSION_MODEL"] = outcome.pm.name
    if outcome.ftr56 is not None:
        tranches["FTR_56"] = outcome.ftr56.name
    steps = list(outcome.log) + steps
    for key in sorted(dates):
        steps.append(f"Final {key}: {dates[key].isoformat()}.")
    return CalculationResult(request.case_id, dates, early.esl, tuple(codes), None, None, tuple(steps), tranches)


def _tused_from_recall_sds(extracted) -> bool:
    return any(e.cs.is_recall and e.cs.sds_parts and "TUSED" in e.d.types for e in extracted.entries)
