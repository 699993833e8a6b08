"""Name matching: typos, sound-alikes and names given surname first."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omhub.people.name_matching import fold, match_score, name_keys, similarity, soundex, token_keys, tokens


@pytest.mark.parametrize(("name", "code"), [("Robert", "R163"), ("Rupert", "R163"), ("Ashcraft", "A261"),
                                           ("Tymczak", "T522"), ("Pfister", "P236"), ("Smith", "S530"),
                                           ("Smyth", "S530")])
def test_soundex_follows_the_standard_rules(name, code):
    assert soundex(name.lower()) == code


def test_accents_and_apostrophes_do_not_matter():
    assert tokens("O'Brien") == ["obrien"]
    assert fold("Zoë Müller") == "zoe muller"


@pytest.mark.parametrize(("typed", "actual"), [("smtih", "smith"), ("jonhson", "johnson"), ("xmith", "smith"),
                                               ("smithe", "smith"), ("mohamed", "mohammed")])
def test_a_misspelt_word_shares_a_key_with_the_real_name(typed, actual):
    assert token_keys(typed) & token_keys(actual)


def test_names_in_either_order_match_fully():
    assert match_score(["smith", "john"], [["john", "smith"]]) == 1.0


def test_a_close_misspelling_scores_well_and_a_different_name_does_not():
    assert match_score(["jon", "smtih"], [["john", "smith"]]) > 0.7
    assert match_score(["jones"], [["john", "smith"]]) < 0.6


def test_an_alias_can_be_the_best_match():
    assert match_score(["johnny", "smythe"], [["john", "smith"], ["johnny", "smythe"]]) == 1.0


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_a_word_is_always_found_under_its_own_keys_and_matches_itself_fully(word):
    assert token_keys(word) <= name_keys(word)
    assert similarity(word, word) == 1.0


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10),
       st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=10))
def test_similarity_is_symmetric_and_between_zero_and_one(a, b):
    assert 0.0 <= similarity(a, b) <= 1.0
    assert similarity(a, b) == similarity(b, a)
