"""Shared access to the copied HMPPS worked-case corpus (tests/data/crd-cases)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent / "data" / "crd-cases"
INPUTS = CORPUS / "overall_calculation"
RESPONSES = CORPUS / "overall_calculation_response"
KNOWN_DIFFERENCES = Path(__file__).resolve().parent / "known_differences.txt"


@dataclass(frozen=True)
class CorpusCase:
    name: str  # "group/case"
    case: dict[str, Any]
    expected: dict[str, Any] | None

    @property
    def group(self) -> str:
        return self.name.split("/")[0]


def case_names() -> list[str]:
    return sorted(f"{p.parent.name}/{p.stem}" for p in INPUTS.glob("*/*.json"))


def load(name: str) -> CorpusCase:
    case = json.loads((INPUTS / f"{name}.json").read_text("utf-8"))
    response = RESPONSES / f"{name}.json"
    expected = json.loads(response.read_text("utf-8")) if response.exists() else None
    return CorpusCase(name, case, expected)


def known_differences() -> dict[str, str]:
    """``group/case  reason`` lines; blank lines and lines starting with # are ignored."""
    out: dict[str, str] = {}
    for line in KNOWN_DIFFERENCES.read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, reason = line.strip().partition(" ")
        out[name] = reason.strip()
    return out


def mismatches(corpus_case: CorpusCase, result) -> list[str]:
    """Everything in which ``result`` differs from what the corpus expects (empty when it passes)."""
    case, expected = corpus_case.case, corpus_case.expected
    problems: list[str] = []
    if "expectedValidationException" in case:
        wanted = case["expectedValidationException"].split("|")
        if list(result.validation) != wanted:
            problems.append(f"validation codes {list(result.validation)} != expected {wanted}")
        return problems
    if "error" in case:
        if result.error != case["error"]:
            problems.append(f"error {result.error!r} != expected {case['error']!r}")
        return problems
    assert expected is not None, f"{corpus_case.name} has no expected response"
    got = result.ordered_dates()
    for key in sorted(set(got) | set(expected["dates"])):
        if got.get(key) != expected["dates"].get(key):
            problems.append(f"{key}: got {got.get(key)} expected {expected['dates'].get(key)}")
    if result.effective_sentence_length != expected["effectiveSentenceLength"]:
        problems.append(f"ESL: got {result.effective_sentence_length} expected {expected['effectiveSentenceLength']}")
    if result.validation:
        problems.append(f"unexpected validation codes {list(result.validation)}")
    if result.error:
        problems.append(f"unexpected error {result.error}")
    if (
        "trancheAllocationByLegislationName" in expected
        and result.tranches != expected["trancheAllocationByLegislationName"]
    ):
        problems.append(f"tranches {result.tranches} != expected {expected['trancheAllocationByLegislationName']}")
    for key in ("sdsEarlyReleaseTranche", "sdsEarlyReleaseAllocatedTranche"):
        if key in expected and result.tranches.get("SDS_40", "TRANCHE_0") != expected[key]:
            problems.append(f"{key}: got {result.tranches.get('SDS_40', 'TRANCHE_0')} expected {expected[key]}")
    return problems
