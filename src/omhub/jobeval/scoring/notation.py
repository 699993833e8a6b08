"""Level notations as evaluation reports write them.

``4`` is level 4; ``4(a)`` is level 4 met through alternative criterion (a); ``5(a)(b)`` and ``5ab`` are
level 5 met through (a) and (b); ``3-4`` and ``1-2`` are ranges; ``3(a) (b) – 4(b)`` is level 3 through
(a) and (b) up to level 4 through (b); ``2-3ab`` is level 2 up to level 3 through (a) or (b); compound
NHS codes such as ``1-2b-3c4b`` list several levels. The letters never change the points: only the
lowest and highest level do.
"""

import re
from dataclasses import dataclass

LETTERS = "abcdef"
EXAMPLES = "4, 4(a), 5(a)(b), 5ab, 3-4 or 2-3ab"
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
DIGITS = "0123456789"


class NotationError(ValueError):
    """A level notation that cannot be read; the message says what is wrong and what would be read."""


@dataclass(frozen=True)
class LevelNotation:
    raw: str
    parts: tuple[tuple[int, frozenset[str]], ...]

    @property
    def level_min(self) -> int:
        return self.parts[0][0]

    @property
    def level_max(self) -> int:
        return self.parts[-1][0]

    @property
    def levels(self) -> tuple[int, ...]:
        return tuple(level for level, _ in self.parts)

    @property
    def letters(self) -> tuple[str, ...]:
        return tuple(sorted(set().union(*(letters for _, letters in self.parts))))

    @property
    def is_range(self) -> bool:
        return self.level_min != self.level_max

    def canonical(self) -> str:
        """One way of writing it: ``3(a)(b)-4(b)``."""
        return "-".join(f"{level}" + "".join(f"({letter})" for letter in sorted(letters))
                        for level, letters in self.parts)

    def __str__(self) -> str:
        return self.canonical()


def parse_level(text) -> LevelNotation:
    """Read a level notation; NotationError with a clear message when it cannot be read."""
    if text is None or (isinstance(text, str) and not text.strip()):
        raise NotationError(f"Enter a level, for example {EXAMPLES}")
    if isinstance(text, bool) or not isinstance(text, str | int):
        raise NotationError(f"A level must be written as text, for example {EXAMPLES}")
    raw = str(text).strip()
    compact = _DASHES.sub("-", "".join(raw.split())).lower()
    parts: list[tuple[int, frozenset[str]]] = []
    position = 0
    length = len(compact)

    def fail(reason: str):
        raise NotationError(f"Cannot read the level '{raw}': {reason}. Levels are written {EXAMPLES}")

    while True:
        start = position
        while position < length and compact[position] in DIGITS:
            position += 1
        if start == position:
            if position >= length:
                fail("a level number is missing after '-'")
            fail(f"expected a level number but found '{compact[position]}'")
        level = int(compact[start:position])
        if level < 1:
            fail("levels start at 1")
        if level > 99:
            fail(f"{level} is not a level number")
        letters: list[str] = []
        while position < length and (compact[position] in LETTERS or compact[position] == "("):
            if compact[position] == "(":
                close = compact.find(")", position)
                if close < 0:
                    fail("a '(' is not closed")
                inside = compact[position + 1:close].replace(",", "")
                if not inside or any(ch not in LETTERS for ch in inside):
                    fail(f"'({compact[position + 1:close]})' is not a criterion letter; use (a) to ({LETTERS[-1]})")
                letters.extend(inside)
                position = close + 1
            else:
                letters.append(compact[position])
                position += 1
        repeated = sorted({letter for letter in letters if letters.count(letter) > 1})
        if repeated:
            fail(f"criterion ({repeated[0]}) is given twice for level {level}")
        if parts and level <= parts[-1][0]:
            fail(f"levels must go up from left to right, but {level} follows {parts[-1][0]}")
        parts.append((level, frozenset(letters)))
        if position >= length:
            break
        if compact[position] == "-":
            position += 1
            if position >= length:
                fail("a range needs a second level after '-', as in 3-4")
            continue
        if compact[position] in DIGITS:
            continue
        fail(f"unexpected '{compact[position]}'")
    return LevelNotation(raw=raw, parts=tuple(parts))
