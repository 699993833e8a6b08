"""Finding people by name when the name was misheard, misspelt or given surname first.

Pure Python. A person's names are reduced to *keys* that are stored and indexed; a query is reduced
to keys the same way, so candidates are found with an indexed lookup, then ranked here by how closely
the typed words match the person's names in any order.
"""

import itertools
import re
import unicodedata

_SOUNDEX_CODES = {
    **dict.fromkeys("BFPV", "1"),
    **dict.fromkeys("CGJKQSXZ", "2"),
    **dict.fromkeys("DT", "3"),
    "L": "4",
    **dict.fromkeys("MN", "5"),
    "R": "6",
}
_APOSTROPHES = re.compile(r"['’`]")
_NON_LETTERS = re.compile(r"[^a-z]+")


def fold(text: str) -> str:
    """Lower case, accents dropped, apostrophes and hyphens joined: O'Brien and Obrien are one name."""
    text = text or ""
    if text.isascii():  # nothing to decompose (the usual case; a search folds thousands of names)
        ascii_only = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _APOSTROPHES.sub("", ascii_only).lower()


def tokens(text: str) -> list[str]:
    return [token for token in _NON_LETTERS.split(fold(text)) if token]


def soundex(token: str) -> str:
    """American Soundex: names that sound alike (Smith, Smyth) share a code."""
    letters = token.upper()
    if not letters:
        return ""
    first = letters[0]
    code = first
    previous = _SOUNDEX_CODES.get(first, "")
    for letter in letters[1:]:
        digit = _SOUNDEX_CODES.get(letter, "")
        if digit and digit != previous:
            code += digit
            if len(code) == 4:
                break
        if letter not in "HW":
            previous = digit
    return code.ljust(4, "0")


def token_keys(token: str) -> set[str]:
    """Keys under which a name word can be found: the word itself, its sound, its first three letters
    (catches a wrong ending) and its last three (catches a wrong first letter, which Soundex cannot)."""
    keys = {f"w:{token}", f"s:{soundex(token)}"}
    if len(token) >= 3:
        keys.add(f"b:{token[:3]}")
        keys.add(f"e:{token[-3:]}")
    return keys


def strong_token_keys(token: str) -> set[str]:
    """The keys that mean a likely match: the same word, or the same sound."""
    return {f"w:{token}", f"s:{soundex(token)}"}


def name_keys(*names: str) -> set[str]:
    return {key for name in names for token in tokens(name) for key in token_keys(token)}


def similarity(a: str, b: str) -> float:
    """1.0 for the same word, falling towards 0 with each edit; a swap of two neighbouring letters
    (Jonhson) counts as one edit, and the start of a longer name (Jon for Jonathan) counts as close."""
    if a == b:
        return 1.0
    if not a or not b:
        return 0.0
    distance = _damerau_levenshtein(a, b)
    score = 1.0 - distance / max(len(a), len(b))
    if min(len(a), len(b)) >= 3 and (b.startswith(a) or a.startswith(b)):
        score = max(score, 0.75)
    if soundex(a) == soundex(b):
        score = max(score, 0.7)
    return max(score, 0.0)


def _damerau_levenshtein(a: str, b: str) -> int:
    previous_previous: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, start=1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous_previous[j - 2] + 1)
        previous_previous, previous = previous, current
    return previous[-1]


def match_score(query_tokens: list[str], name_variants: list[list[str]]) -> float:
    """How well the query's words match any one of a person's names (their own, or an alias), each
    query word paired with a different name word in whichever order fits best. Between 0 and 1."""
    return QueryMatcher(query_tokens).score(name_variants)


class QueryMatcher:
    """``match_score`` for one query against many people, as a name search needs: each pair of a query
    word and a name word is compared once per query, however many candidates share the name word
    (a search ranks up to 1,000 candidates whose names come from a far smaller vocabulary)."""

    def __init__(self, query_tokens: list[str]):
        self.query_tokens = list(query_tokens)
        self._similarities: dict[tuple[str, str], float] = {}

    def similarity(self, query_token: str, word: str) -> float:
        pair = (query_token, word)
        value = self._similarities.get(pair)
        if value is None:
            value = self._similarities[pair] = similarity(query_token, word)
        return value

    def score(self, name_variants: list[list[str]]) -> float:
        query_tokens = self.query_tokens
        count = len(query_tokens)
        best = 0.0
        for words in name_variants:
            if not words or not query_tokens or count > len(words):
                continue
            # Each query word against each name word once, then every way of pairing them off.
            table = [[self.similarity(q, w) for w in words] for q in query_tokens]
            if count == 1:
                best = max(best, *table[0])
            else:
                for chosen in itertools.permutations(range(len(words)), count):
                    best = max(best, sum(table[i][j] for i, j in enumerate(chosen)) / count)
                    if best == 1.0:
                        return best
            if best == 1.0:
                return best
        return best
