"""Conformance with the HMPPS "Calculate Release Dates" worked cases.

Every case must reproduce its expected dates, effective sentence length and validation codes
(or error), unless it is listed in known_differences.txt with a reason. A listed case that
starts passing fails too, so the list stays true.
"""

from __future__ import annotations

import pytest

from omhub.sentencing import CORPUS_BANK_HOLIDAYS, calculate

from .corpus import case_names, known_differences, load, mismatches

KNOWN = known_differences()
NAMES = case_names()


@pytest.mark.parametrize("name", NAMES)
def test_corpus_case(name: str) -> None:
    corpus_case = load(name)
    result = calculate(corpus_case.case, bank_holidays=CORPUS_BANK_HOLIDAYS)
    problems = mismatches(corpus_case, result)
    if name in KNOWN:
        assert problems, f"{name} now passes: remove it from known_differences.txt"
    else:
        assert not problems, f"{name}: " + "; ".join(problems)


def test_known_differences_name_real_cases_with_reasons() -> None:
    for name, reason in KNOWN.items():
        assert name in NAMES, f"known_differences.txt lists {name}, which is not in the corpus"
        assert len(reason) > 10, f"known_differences.txt gives no real reason for {name}"


def test_corpus_is_complete() -> None:
    assert len(NAMES) == 559
