"""The calculable sentence's adjustment counters."""

from dataclasses import astuple, fields

from hypothesis import given
from hypothesis import strategies as st

from omhub.sentencing.sentences import Counters


@given(st.lists(st.integers(min_value=0, max_value=10_000), min_size=len(fields(Counters)),
                max_size=len(fields(Counters))))
def test_the_memo_key_of_counters_holds_every_counter_in_order(values):
    """The timeline memoises a sentence's dates on its counters: a counter missing from the key would
    let two different states share one answer."""
    counters = Counters(*values)
    assert counters.as_key() == astuple(counters)


def test_counters_that_differ_in_any_one_counter_have_different_keys():
    for field in fields(Counters):
        changed = Counters(**{field.name: 1})
        assert changed.as_key() != Counters().as_key(), field.name
