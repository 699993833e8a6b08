import pytest
from hypothesis import given
from hypothesis import strategies as st

from omhub.jobeval.scoring.notation import LETTERS, NotationError, parse_level


@pytest.mark.parametrize(("text", "low", "high", "letters"), [
    ("4", 4, 4, ()),
    ("4(a)", 4, 4, ("a",)),
    ("5(a)(b)", 5, 5, ("a", "b")),
    ("5(a) (b)", 5, 5, ("a", "b")),
    ("5ab", 5, 5, ("a", "b")),
    ("3-4", 3, 4, ()),
    ("1-2", 1, 2, ()),
    ("3(a) (b) – 4(b)", 3, 4, ("a", "b")),
    ("2-3ab", 2, 3, ("a", "b")),
    ("3 (c)", 3, 3, ("c",)),
    ("1-2b-3c4b", 1, 4, ("b", "c")),
    ("2a-3ab4b", 2, 4, ("a", "b")),
])
def test_every_notation_of_the_sources_is_read(text, low, high, letters):
    notation = parse_level(text)
    assert (notation.level_min, notation.level_max, notation.letters) == (low, high, letters)


def test_letters_belong_to_their_level():
    assert parse_level("3(a) (b) – 4(b)").parts == ((3, frozenset("ab")), (4, frozenset("b")))
    assert parse_level("2-3ab").parts == ((2, frozenset()), (3, frozenset("ab")))


@pytest.mark.parametrize(("text", "message"), [
    ("", "Enter a level"),
    ("   ", "Enter a level"),
    ("4x", "unexpected 'x'"),
    ("3-", "a range needs a second level"),
    ("4-3", "levels must go up from left to right, but 3 follows 4"),
    ("(a)", "expected a level number but found '('"),
    ("5(a)(a)", "criterion (a) is given twice for level 5"),
    ("0", "levels start at 1"),
    ("4(a", "a '(' is not closed"),
    ("4(z)", "'(z)' is not a criterion letter"),
    ("four", "expected a level number but found 'f'"),
])
def test_notations_that_cannot_be_read_are_refused_with_the_reason(text, message):
    with pytest.raises(NotationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_level(text)


parts = st.lists(st.tuples(st.integers(1, 9), st.frozensets(st.sampled_from(LETTERS), max_size=3)),
                 min_size=1, max_size=4, unique_by=lambda item: item[0]).map(lambda items: sorted(items))


def _write(items, style: int) -> str:
    pieces = []
    for level, letters in items:
        letters = sorted(letters)
        if style == 0:
            pieces.append(f"{level}" + "".join(f"({x})" for x in letters))
        elif style == 1:
            pieces.append(f"{level}" + "".join(letters))
        else:
            pieces.append(f"{level}" + " ".join(f"({x})" for x in letters))
    return (" – " if style == 2 else "-").join(pieces)


@given(parts, st.integers(0, 2))
def test_any_written_form_reads_back_to_the_same_levels_and_letters(items, style):
    notation = parse_level(_write(items, style))
    assert notation.parts == tuple((level, frozenset(letters)) for level, letters in items)
    assert notation.level_min <= notation.level_max
    assert parse_level(notation.canonical()).parts == notation.parts


@given(st.integers(1, 9), st.frozensets(st.sampled_from(LETTERS), max_size=3))
def test_a_single_level_is_its_own_minimum_and_maximum(level, letters):
    notation = parse_level(_write([(level, letters)], 0))
    assert notation.level_min == notation.level_max == level
    assert not notation.is_range


@given(st.text(max_size=12))
def test_anything_else_is_either_read_or_refused_with_a_notation_error(text):
    try:
        notation = parse_level(text)
    except NotationError as error:
        assert str(error)
    else:
        assert 1 <= notation.level_min <= notation.level_max
