"""Job evaluation schemes as versioned data: factors, levels, the points stored for each level (never
computed from a step), descriptors where known and the alternative criteria of a level."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
SCHEME_FILES = {"NJC": "njc.json", "AFC": "afc.json"}


class SchemeError(ValueError):
    """Scheme data that contradicts itself, or a scheme or factor that does not exist."""


@dataclass(frozen=True)
class Level:
    level: int
    points: int
    descriptor: str = ""
    alternatives: dict[str, str] = field(default_factory=dict)  # letter -> criterion, where known
    source: str = ""


@dataclass(frozen=True)
class Factor:
    code: str
    name: str
    group: str
    order: int
    levels: tuple[Level, ...]
    aliases: tuple[str, ...] = ()
    definition: str = ""

    @property
    def max_points(self) -> int:
        return self.levels[-1].points

    @property
    def min_points(self) -> int:
        return self.levels[0].points

    @property
    def level_numbers(self) -> tuple[int, ...]:
        return tuple(level.level for level in self.levels)

    def level(self, number: int) -> Level | None:
        for level in self.levels:
            if level.level == number:
                return level
        return None

    def points(self, number: int) -> int:
        level = self.level(number)
        if level is None:
            raise SchemeError(f"{self.name} has no level {number}")
        return level.points


def normalise_name(name: str) -> str:
    """Factor names as people write them: 'Interpersonal/ Communication Skills' and
    'Interpersonal & Communication Skills' are the same factor."""
    text = name.lower().replace("&", " and ").replace("/", " ").replace("-", " ")
    text = re.sub(r"[^a-z0-9 ]", " ", text)
    words = [word for word in text.split() if word not in {"and", "of", "the"}]
    return " ".join(words)


@dataclass(frozen=True)
class Scheme:
    code: str
    version: str
    name: str
    owner: str
    derived_from: str
    effective_from: str
    max_total: int
    factors: tuple[Factor, ...]
    sources: tuple[str, ...] = ()
    notes: str = ""
    aliases: tuple[str, ...] = ()

    def __post_init__(self):
        codes = [factor.code for factor in self.factors]
        if len(set(codes)) != len(codes):
            raise SchemeError(f"{self.code}: factor codes repeat")
        for factor in self.factors:
            if not factor.levels:
                raise SchemeError(f"{self.code}: {factor.name} has no levels")
            numbers = [level.level for level in factor.levels]
            if numbers != list(range(1, len(numbers) + 1)):
                raise SchemeError(f"{self.code}: {factor.name} levels must run 1, 2, 3 … without gaps")
            points = [level.points for level in factor.levels]
            if any(later <= earlier for earlier, later in zip(points, points[1:], strict=False)):
                raise SchemeError(f"{self.code}: {factor.name} points must rise with the level")
        if sum(factor.max_points for factor in self.factors) != self.max_total:
            raise SchemeError(f"{self.code}: the factors' highest points add up to "
                              f"{sum(f.max_points for f in self.factors)}, not {self.max_total}")
        names: dict[str, str] = {}
        for factor in self.factors:
            for name in (factor.code, factor.name, *factor.aliases):
                key = normalise_name(name)
                if names.get(key, factor.code) != factor.code:
                    raise SchemeError(f"{self.code}: the name '{name}' is used by two factors")
                names[key] = factor.code

    @property
    def min_total(self) -> int:
        return sum(factor.min_points for factor in self.factors)

    def factor(self, name_or_code: str) -> Factor | None:
        """The factor with this code, name or alias (as written in the source documents)."""
        key = normalise_name(name_or_code or "")
        for factor in self.factors:
            if key in {normalise_name(n) for n in (factor.code, factor.name, *factor.aliases)}:
                return factor
        return None

    def factor_by_code(self, code: str) -> Factor:
        for factor in self.factors:
            if factor.code == code:
                return factor
        raise SchemeError(f"{self.code} has no factor {code}")


def scheme_from_dict(data: dict) -> Scheme:
    factors = []
    for order, spec in enumerate(data["factors"], start=1):
        levels = tuple(
            Level(level=item["level"], points=item["points"], descriptor=item.get("descriptor", ""),
                  alternatives=dict(item.get("alternatives", {})), source=item.get("source", ""))
            for item in spec["levels"]
        )
        factors.append(Factor(code=spec["code"], name=spec["name"], group=spec["group"], order=order,
                              levels=levels, aliases=tuple(spec.get("aliases", ())),
                              definition=spec.get("definition", "")))
    return Scheme(code=data["code"], version=data["version"], name=data["name"], owner=data.get("owner", ""),
                  derived_from=data.get("derived_from", ""), effective_from=data.get("effective_from", ""),
                  max_total=data["max_total"], factors=tuple(factors), sources=tuple(data.get("sources", ())),
                  notes=data.get("notes", ""), aliases=tuple(data.get("aliases", ())))


def scheme_data(code: str) -> dict:
    """The shipped data of a scheme (NJC or AFC, or one of their aliases)."""
    wanted = (code or "").strip().upper()
    for scheme_code, filename in SCHEME_FILES.items():
        data = json.loads((DATA / filename).read_text(encoding="utf-8"))
        if wanted == scheme_code or wanted in {alias.upper() for alias in data.get("aliases", ())}:
            return data
    known = ", ".join(SCHEME_FILES)
    raise SchemeError(f"There is no job evaluation scheme called '{code}': use one of {known}")


def load_scheme(code: str) -> Scheme:
    return scheme_from_dict(scheme_data(code))


def shipped_scheme_codes() -> list[str]:
    return list(SCHEME_FILES)
