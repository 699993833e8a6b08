"""Identifiers: the formats hub staff type, their check letters, and their normal forms."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omhub import identifiers as ids


@pytest.mark.parametrize(("typed", "normal"), [("a1234bc", "A1234BC"), (" A 1234 BC ", "A1234BC")])
def test_prison_numbers_are_upper_case_without_spaces(typed, normal):
    assert ids.normalise_prison_number(typed) == normal


@pytest.mark.parametrize("bad", ["", "1234ABC", "A123BC", "A12345BC", "AB1234C", "A1234B1"])
def test_malformed_prison_numbers_are_refused_with_the_format(bad):
    with pytest.raises(ids.InvalidIdentifier, match="A1234BC"):
        ids.normalise_prison_number(bad)


def test_a_pnc_number_is_normalised_to_the_long_form():
    assert ids.normalise_pnc("12/52834K") == "2012/0052834K"
    assert ids.normalise_pnc("2012/0052834k") == "2012/0052834K"


def test_two_digit_pnc_years_before_40_are_this_century():
    serial = "1234567"
    assert ids.normalise_pnc(f"39/{serial}{ids.pnc_check_character('39', serial)}").startswith("2039/")
    assert ids.normalise_pnc(f"85/{serial}{ids.pnc_check_character('85', serial)}").startswith("1985/")


def test_a_pnc_number_with_the_wrong_check_letter_is_refused():
    with pytest.raises(ids.InvalidIdentifier, match="check letter"):
        ids.normalise_pnc("2012/0052834X")


def test_cro_numbers_in_both_forms():
    assert ids.normalise_cro("123456/08t") == "123456/08T"
    assert ids.normalise_cro("1234/08" + ids.cro_check_character("1234", "08")) == "001234/08" + \
        ids.cro_check_character("1234", "08")
    assert ids.normalise_cro("SF93/123456X") == "SF93/123456X"
    with pytest.raises(ids.InvalidIdentifier):
        ids.normalise_cro("123456/08A")


@given(year=st.integers(1900, 2099), serial=st.integers(0, 9_999_999))
def test_every_pnc_with_its_own_check_letter_is_accepted(year, serial):
    digits = f"{serial:07d}"
    value = f"{year}/{digits}{ids.pnc_check_character(str(year), digits)}"
    assert ids.normalise_pnc(value) == value


@given(year=st.integers(1900, 2099), serial=st.integers(0, 9_999_999), wrong=st.sampled_from(ids.CHECK_CHARACTERS))
def test_any_other_check_letter_is_refused(year, serial, wrong):
    digits = f"{serial:07d}"
    if wrong == ids.pnc_check_character(str(year), digits):
        return
    with pytest.raises(ids.InvalidIdentifier):
        ids.normalise_pnc(f"{year}/{digits}{wrong}")


@given(st.text(max_size=20))
def test_normalising_never_fails_in_any_other_way(text):
    for normalise in (ids.normalise_prison_number, ids.normalise_crn, ids.normalise_pnc, ids.normalise_cro,
                      ids.normalise_booking_number):
        try:
            result = normalise(text)
        except ids.InvalidIdentifier:
            continue
        assert normalise(result) == result


@pytest.mark.parametrize(("typed", "kind"), [
    ("A1234BC", "prison_number"), ("x123456", "crn"), ("2012/0052834K", "pnc_number"),
    ("123456/08T", "cro_number"), ("12345A", "booking_number"), ("John Smith", None),
])
def test_a_search_term_is_recognised_by_its_shape(typed, kind):
    found = ids.identify(typed)
    assert (found[0] if found else None) == kind
