"""Invariants the engine must keep for any booking (hypothesis)."""

from __future__ import annotations

import copy
import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from omhub.sentencing import CORPUS_BANK_HOLIDAYS, calculate

from .builders import adjustment, case, sds

SETTINGS = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
RELEASE_KEYS = ("CRD", "ARD", "PRRD", "MTD")
EXPIRY_KEYS = ("SLED", "SED")


def release_of(result) -> date:
    return next(result.dates[k] for k in RELEASE_KEYS if k in result.dates)


def expiry_of(result) -> date:
    return next(result.dates[k] for k in EXPIRY_KEYS if k in result.dates)


def run(case_dict):
    result = calculate(case_dict, bank_holidays=CORPUS_BANK_HOLIDAYS)
    assert result.error is None, result.error_message
    return result


sentence_dates = st.dates(min_value=date(2016, 1, 1), max_value=date(2023, 12, 31))
terms = st.one_of(
    st.builds(lambda m: {"months": m}, st.integers(1, 72)),
    st.builds(lambda y, m: {"years": y, "months": m}, st.integers(1, 8), st.integers(0, 11)),
    st.builds(lambda w: {"weeks": w}, st.integers(2, 104)),
    st.builds(lambda d: {"days": d}, st.integers(14, 900)),
)
profiles = st.sampled_from(["sds-50", "calculation-params"])


@st.composite
def bookings(draw, max_sentences: int = 3):
    """Adult SDS sentences passed on one day, some concurrent, some consecutive."""
    on = draw(sentence_dates)
    count = draw(st.integers(1, max_sentences))
    sentences = []
    for i in range(count):
        term = draw(terms)
        parent = f"s{i - 1}" if i and draw(st.booleans()) else None
        sentences.append(
            sds(
                on.isoformat(),
                offence=(on - timedelta(days=30)).isoformat(),
                identifier=f"s{i}",
                consecutive_to=parent,
                **term,
            )
        )
    return on, sentences, draw(profiles)


@SETTINGS
@given(bookings(), st.integers(1, 400))
def test_remand_never_makes_release_later(booking, remand_days):
    on, sentences, params = booking
    without = run(case(*sentences, params=params))
    with_remand = run(
        case(*sentences, params=params, adjustments={"REMAND": [adjustment(on.isoformat(), remand_days)]})
    )
    assert release_of(with_remand) <= release_of(without)


@SETTINGS
@given(bookings(), st.integers(1, 120))
def test_additional_days_never_make_release_earlier(booking, ada_days):
    on, sentences, params = booking
    without = run(case(*sentences, params=params))
    awarded = run(
        case(
            *sentences,
            params=params,
            adjustments={"ADDITIONAL_DAYS_AWARDED": [adjustment(on.isoformat(), ada_days)]},
        )
    )
    assert release_of(awarded) >= release_of(without)


@SETTINGS
@given(bookings(), st.integers(0, 300))
def test_release_is_never_after_expiry(booking, remand_days):
    on, sentences, params = booking
    adjustments = {"REMAND": [adjustment(on.isoformat(), remand_days)]} if remand_days else {}
    result = run(case(*sentences, params=params, adjustments=adjustments))
    assert release_of(result) <= expiry_of(result)


@SETTINGS
@given(sentence_dates, terms, terms, profiles)
def test_concurrent_sentences_release_no_earlier_than_either_alone(on, first, second, params):
    offence = (on - timedelta(days=30)).isoformat()
    a = sds(on.isoformat(), offence=offence, identifier="a", **first)
    b = sds(on.isoformat(), offence=offence, identifier="b", **second)
    together = run(case(a, b, params=params))
    alone = max(release_of(run(case(a, params=params))), release_of(run(case(b, params=params))))
    assert release_of(together) >= alone


@SETTINGS
@given(bookings(max_sentences=4), st.integers(0, 2**32 - 1))
def test_deterministic_and_independent_of_sentence_order(booking, seed):
    _, sentences, params = booking
    first = run(case(*sentences, params=params))
    again = run(case(*copy.deepcopy(sentences), params=params))
    shuffled = list(sentences)
    random.Random(seed).shuffle(shuffled)
    reordered = run(case(*shuffled, params=params))
    assert first.dates == again.dates == reordered.dates
    assert first.effective_sentence_length == reordered.effective_sentence_length
