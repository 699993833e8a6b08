"""Combining sentences: chains, branches, orphans and single terms (RULES-DETAIL §3)."""

from __future__ import annotations

from omhub.sentencing.aggregation import combine, release_arithmetic
from omhub.sentencing.legislation import FORTY_PERCENT, ONE_HALF
from omhub.sentencing.parse import parse_request
from omhub.sentencing.sentences import CalculableSentence

from .builders import case, sds


def parts_of(*sentences):
    return parse_request(case(*sentences)).booking.sentences


def test_chains_follow_the_consecutive_to_identifier():
    parts = parts_of(
        sds("2022-01-10", years=1, identifier="a"),
        sds("2022-01-10", years=1, identifier="b", consecutive_to="a"),
        sds("2022-01-10", years=1, identifier="c"),
    )
    chains = [[p.identifier for p in chain] for chain in combine(parts).chains]
    assert chains == [["a", "b"], ["c"]]


def test_a_branch_duplicates_the_chain_up_to_the_branching_part():
    parts = parts_of(
        sds("2017-09-29", years=6, identifier="a"),
        sds("2018-07-19", years=2, identifier="b", consecutive_to="a"),
        sds("2021-01-08", weeks=20, identifier="c", consecutive_to="a"),
    )
    chains = [[p.identifier for p in chain] for chain in combine(parts).chains]
    assert chains == [["a", "b"], ["a", "c"]]


def test_a_part_whose_parent_is_absent_is_calculated_alone():
    parts = parts_of(sds("2022-01-10", years=1, identifier="b", consecutive_to="gone"))
    assert [[p.identifier for p in c] for c in combine(parts).chains] == [["b"]]


def test_concurrent_1991_act_sentences_with_different_dates_merge_into_one_term():
    parts = parts_of(
        sds("2012-07-31", months=3, offence="2005-01-01"), sds("2012-08-17", months=4, offence="2005-01-01")
    )
    combination = combine(parts)
    assert combination.single_term is not None
    assert combination.single_term_days == 139


def test_chain_release_groups_parts_by_release_fraction():
    parts = parts_of(
        sds("2023-04-24", years=2, months=6, identifier="a"),
        sds("2023-04-24", years=2, identifier="b", consecutive_to="a"),
    )
    chain = CalculableSentence(tuple(parts))
    arithmetic = release_arithmetic(chain, {parts[0].index: ONE_HALF, parts[1].index: FORTY_PERCENT})
    assert arithmetic.release_days == 457 + 292
