"""The engine's entry point: what asking for less explanation changes, and what it must not."""

import dataclasses

from omhub.sentencing import CORPUS_BANK_HOLIDAYS, calculate
from tests.sentencing.corpus import case_names, load


def test_without_explanations_every_reference_case_gives_the_same_result_with_a_shorter_breakdown():
    """Runs over a whole establishment keep only the dates: leaving out how each sentence's dates were
    worked out must not change a date, a validation message, an error or a tranche, on any case."""
    shorter = 0
    for name in case_names():
        case = load(name).case
        full = calculate(case, bank_holidays=CORPUS_BANK_HOLIDAYS)
        quick = calculate(case, bank_holidays=CORPUS_BANK_HOLIDAYS, explain=False)
        assert dataclasses.replace(quick, breakdown=()) == dataclasses.replace(full, breakdown=()), name
        assert set(quick.breakdown) <= set(full.breakdown), name
        shorter += len(quick.breakdown) < len(full.breakdown)
    assert shorter > 500
