"""Durations: how a court's term becomes days (PSI 5.5, RULES-DETAIL §1)."""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from omhub.sentencing.durations import (
    Duration,
    age_on,
    aggregate_days,
    ceil_product,
    is_less_than,
    is_over,
    is_under,
    iso_period,
    period_between,
    plus_months,
    plus_years,
    plus_years_months,
    previous_working_day,
)


def test_a_term_ends_the_day_before_the_same_date_in_the_end_month():
    assert Duration(years=1).end_date(date(2021, 6, 15)) == date(2022, 6, 14)


def test_a_term_starting_on_the_first_of_a_month_ends_at_a_month_end():
    assert Duration(years=1).end_date(date(2021, 3, 1)) == date(2022, 2, 28)
    assert Duration(months=36).end_date(date(2021, 3, 1)) == date(2024, 2, 29)
    assert Duration(months=36).length_days(date(2021, 3, 1)) == 1096


def test_weeks_and_days_never_use_the_first_of_month_rule():
    assert Duration(weeks=2).end_date(date(2021, 3, 1)) == date(2021, 3, 14)
    assert Duration(weeks=26).end_date(date(2021, 11, 8)) == date(2022, 5, 8)


def test_month_arithmetic_clamps_to_the_end_of_the_month():
    assert Duration(months=1).end_date(date(2021, 3, 31)) == date(2021, 4, 30)
    assert plus_months(date(2021, 1, 31), 1) == date(2021, 2, 28)
    assert plus_years_months(date(2020, 2, 29), 1, 1) == date(2021, 3, 28)


def test_a_zero_term_has_no_days():
    assert Duration().length_days(date(2021, 5, 5)) == 0


def test_consecutive_terms_are_measured_block_by_block():
    start = date(2022, 5, 6)
    blocks = [Duration(years=2, months=4), Duration(days=28), Duration(months=10)]
    assert aggregate_days(blocks, start) == 1186
    summed = Duration(years=2, months=14, days=28)
    assert summed.length_days(start) == 1185


def test_neighbouring_calendar_parts_merge_into_one_block():
    start = date(2023, 1, 31)
    assert aggregate_days([Duration(years=3), Duration(months=4), Duration(months=5)], start) == Duration(
        years=3, months=9
    ).length_days(start)


def test_dto_aggregation_is_capped_at_24_months():
    start = date(2024, 8, 5)
    assert aggregate_days([Duration(months=18), Duration(months=12)], start, dto_cap=True) == 730


def test_twelve_months_is_not_less_than_twelve_months():
    start = date(2010, 8, 31)
    length = Duration(years=1).length_days(start)
    assert not is_less_than(length, start, months=12)
    assert is_less_than(length - 1, start, months=12)


def test_effective_sentence_length_is_a_normalised_calendar_period():
    assert iso_period(*period_between(date(2022, 5, 6), date(2025, 8, 4))) == "P3Y2M29D"
    assert iso_period(*period_between(date(2021, 11, 8), date(2022, 5, 9))) == "P6M1D"
    assert iso_period(0, 0, 0) == "P0D"


def test_age_counts_months_and_days_as_ten_thousandths():
    assert age_on(date(2005, 4, 1), date(2023, 4, 1)) == 18
    assert age_on(date(2005, 4, 1), date(2023, 3, 31)) < 18


def test_release_moves_back_to_the_previous_working_day():
    holidays = frozenset({date(2021, 12, 27), date(2021, 12, 28)})
    assert previous_working_day(date(2023, 2, 12), holidays) == date(2023, 2, 10)
    assert previous_working_day(date(2021, 12, 28), holidays) == date(2021, 12, 24)


@given(st.integers(min_value=0, max_value=40_000), st.fractions(min_value=0, max_value=2, max_denominator=20))
def test_a_ceiling_of_days_times_a_fraction_in_integers_is_the_fraction_ceiling(n, fraction):
    assert ceil_product(n, fraction) == math.ceil(n * fraction)
    assert ceil_product(n, 1) == n


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31)),
       st.dates(min_value=date(1940, 1, 1), max_value=date(2060, 12, 31)), st.integers(min_value=0, max_value=25))
def test_under_and_over_an_age_agree_with_the_reference_engines_age(born, on, years):
    assert is_under(born, on, years) == (age_on(born, on) < years)
    assert is_over(born, on, years) == (age_on(born, on) > years)


def test_the_day_of_an_eighteenth_birthday_is_neither_under_nor_over_eighteen():
    assert not is_under(date(2005, 4, 1), date(2023, 4, 1), 18)
    assert not is_over(date(2005, 4, 1), date(2023, 4, 1), 18)
    assert is_over(date(2005, 4, 1), date(2023, 4, 2), 18)
    assert Fraction(0) == age_on(date(2005, 4, 1), date(2005, 4, 1))



def _end_date_as_written(term: Duration, start: date) -> date:
    """PSI 5.5 as RULES-DETAIL §1.1 writes it, step by step."""
    if start.day == 1 and (term.years or term.months):
        end = plus_months(plus_years(start, term.years), term.months - 1)
        end = date(end.year, end.month, calendar.monthrange(end.year, end.month)[1])
    else:
        end = plus_months(plus_years(start - timedelta(days=1), term.years), term.months)
    return end + timedelta(days=7 * term.weeks + term.days)


def _aggregate_as_written(terms: list[Duration], start: date) -> int:
    """RULES-DETAIL §1.3 as written: neighbouring calendar parts merge, as do day parts, into terms
    measured one after another."""
    blocks: list[tuple[bool, Duration]] = []
    for term in terms:
        for is_calendar, part in ((True, Duration(term.years, term.months)),
                                  (False, Duration(weeks=term.weeks, days=term.days))):
            if part.is_zero:
                continue
            if blocks and blocks[-1][0] == is_calendar:
                blocks[-1] = (is_calendar, blocks[-1][1] + part)
            else:
                blocks.append((is_calendar, part))
    cursor = start
    for _, block in blocks:
        cursor = _end_date_as_written(block, cursor) + timedelta(days=1)
    return (cursor - start).days


terms = st.builds(Duration, st.integers(0, 12), st.integers(0, 30), st.integers(0, 10), st.integers(0, 60))
starts = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@given(terms, starts)
def test_a_term_ends_as_the_rules_write_it(term, start):
    assert term.end_date(start) == _end_date_as_written(term, start)


@given(st.lists(terms, min_size=1, max_size=4), starts)
def test_consecutive_terms_add_up_as_the_rules_write_it(chain, start):
    assert aggregate_days(chain, start) == _aggregate_as_written(chain, start)
