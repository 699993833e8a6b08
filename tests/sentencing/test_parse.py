"""Input parsing: typed, immutable objects and errors that say exactly what is wrong."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from omhub.sentencing import InputError, calculate, parse_request
from omhub.sentencing.model import SentenceKind

from .builders import case, sds


def test_a_case_becomes_frozen_domain_objects():
    request = parse_request(case(sds("2021-01-24", months=13)))
    sentence = request.booking.sentences[0]
    assert sentence.kind is SentenceKind.SDS and sentence.sentenced_at == date(2021, 1, 24)
    with pytest.raises(dataclasses.FrozenInstanceError):
        sentence.sentenced_at = date(2020, 1, 1)  # type: ignore[misc]


def test_a_missing_type_means_a_standard_sentence():
    raw = case(sds("2021-01-24", months=13))
    del raw["booking"]["sentences"][0]["type"]
    assert parse_request(raw).booking.sentences[0].kind is SentenceKind.SDS


def test_every_problem_is_reported_with_its_path():
    raw = case(sds("2021-01-24", months=13), sds("not-a-date", months=2))
    raw["booking"]["sentences"][0]["duration"]["durationElements"]["FORTNIGHTS"] = 1
    raw["booking"]["offender"].pop("dateOfBirth")
    raw["params"] = "sds-99"
    with pytest.raises(InputError) as caught:
        parse_request(raw)
    paths = [path for path, _ in caught.value.problems]
    assert "booking.sentences[0].duration.durationElements.FORTNIGHTS" in paths
    assert "booking.sentences[1].sentencedAt" in paths
    assert "booking.offender.dateOfBirth" in paths
    assert "params" in paths


def test_a_malformed_case_gives_an_error_result_not_an_exception():
    result = calculate({"booking": {"sentences": "none"}})
    assert result.error == "InvalidInput"
    assert "booking.sentences" in (result.error_message or "")


def test_missing_number_of_days_counts_as_zero():
    raw = case(sds("2021-03-01", months=36), adjustments={"REMAND": [{"appliesToSentencesFrom": "2021-03-01"}]})
    assert parse_request(raw).booking.adjustments[0].number_of_days == 0


def test_duplicate_identifiers_and_self_consecutive_sentences_are_rejected():
    raw = case(
        sds("2021-01-24", months=13, identifier="x"),
        sds("2021-01-24", months=2, identifier="x"),
        sds("2021-01-24", months=2, identifier="y", consecutive_to="y"),
    )
    with pytest.raises(InputError) as caught:
        parse_request(raw)
    paths = [path for path, _ in caught.value.problems]
    assert paths == ["booking.sentences[1].identifier", "booking.sentences[2].consecutiveSentenceUUIDs"]
