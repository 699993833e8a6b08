"""Scoring an evaluation: a level for every factor of the scheme, the points of the lowest and highest
level of each, the total as a range (minimum, maximum) and the band it falls in."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from omhub.jobeval.scoring.bands import BandResult, BandStructure
from omhub.jobeval.scoring.notation import LevelNotation, NotationError, parse_level
from omhub.jobeval.scoring.schemes import Factor, Scheme


class ScoringError(ValueError):
    """Everything wrong with the factors given, each problem named; ``problems`` maps the name given (or
    the factor's name) to its message."""

    def __init__(self, problems: list[tuple[str, str]]):
        self.problems = problems
        super().__init__("; ".join(message for _, message in problems))


@dataclass(frozen=True)
class FactorScore:
    factor: Factor
    notation: LevelNotation

    @property
    def points_min(self) -> int:
        return self.factor.points(self.notation.level_min)

    @property
    def points_max(self) -> int:
        return self.factor.points(self.notation.level_max)

    @property
    def points_text(self) -> str:
        if self.points_min == self.points_max:
            return str(self.points_min)
        return f"{self.points_min}-{self.points_max}"

    def as_dict(self) -> dict:
        return {"code": self.factor.code, "factor": self.factor.name, "level": self.notation.raw,
                "level_min": self.notation.level_min, "level_max": self.notation.level_max,
                "letters": list(self.notation.letters), "points_min": self.points_min,
                "points_max": self.points_max}


@dataclass(frozen=True)
class ScoreResult:
    scheme: Scheme
    factors: tuple[FactorScore, ...]
    band: BandResult | None

    @property
    def total_min(self) -> int:
        return sum(item.points_min for item in self.factors)

    @property
    def total_max(self) -> int:
        return sum(item.points_max for item in self.factors)

    @property
    def total_text(self) -> str:
        return str(self.total_min) if self.total_min == self.total_max else f"{self.total_min}-{self.total_max}"

    def as_dict(self) -> dict:
        result = {"scheme": self.scheme.code, "scheme_version": self.scheme.version,
                  "total_min": self.total_min, "total_max": self.total_max}
        if self.band is not None:
            result.update({"band": self.band.code, "band_label": self.band.label,
                           "band_certain": self.band.certain, "band_reason": self.band.reason})
        result["factors"] = [item.as_dict() for item in self.factors]
        return result


def check_level(factor: Factor, notation: LevelNotation) -> str | None:
    """Why this notation is not a level of this factor, or None when it is."""
    numbers = factor.level_numbers
    for level, letters in notation.parts:
        if level not in numbers:
            return (f"{factor.name} has levels {numbers[0]} to {numbers[-1]}: "
                    f"'{notation.raw}' asks for level {level}")
        known = factor.level(level).alternatives
        if known and not letters <= set(known):
            unknown = ", ".join(f"({letter})" for letter in sorted(letters - set(known)))
            allowed = ", ".join(f"({letter})" for letter in sorted(known))
            return f"{factor.name} level {level} has no criterion {unknown}: its criteria are {allowed}"
    return None


def score_factor(factor: Factor, level) -> FactorScore:
    notation = parse_level(level)
    problem = check_level(factor, notation)
    if problem:
        raise NotationError(problem)
    return FactorScore(factor, notation)


def _pairs(factors) -> list[tuple[str, object]]:
    if isinstance(factors, Mapping):
        return [(str(name), level) for name, level in factors.items()]
    pairs = []
    for item in factors:
        if isinstance(item, Mapping):
            pairs.append((str(item.get("factor", "")), item.get("level")))
        else:
            name, level = item
            pairs.append((str(name), level))
    return pairs


def score(scheme: Scheme, factors: Mapping[str, object] | Iterable, *,
          bands: BandStructure | None = None, allow_missing: bool = False) -> ScoreResult:
    """Score every factor; ScoringError listing every problem (unknown, repeated or missing factors,
    levels that cannot be read or that the factor does not have) when there is any."""
    problems: list[tuple[str, str]] = []
    found: dict[str, FactorScore] = {}
    given_as: dict[str, str] = {}
    for name, level in _pairs(factors):
        factor = scheme.factor(name)
        if factor is None:
            problems.append((name, f"'{name}' is not a factor of the {scheme.code} scheme"))
            continue
        if factor.code in given_as:
            problems.append((name, f"{factor.name} is given twice (as '{given_as[factor.code]}' and '{name}')"))
            continue
        given_as[factor.code] = name
        try:
            found[factor.code] = score_factor(factor, level)
        except NotationError as error:
            problems.append((name, f"{factor.name}: {error}"))
    missing = [factor for factor in scheme.factors if factor.code not in given_as]
    if missing and not allow_missing:
        for factor in missing:
            problems.append((factor.name, f"{factor.name} has no level: every factor of the {scheme.code} "
                                          f"scheme needs one"))
    if problems:
        raise ScoringError(problems)
    ordered = tuple(found[factor.code] for factor in scheme.factors if factor.code in found)
    result = ScoreResult(scheme, ordered, None)
    band = bands.lookup(result.total_min, result.total_max) if bands is not None and not missing else None
    return ScoreResult(scheme, ordered, band)


def level_gap(a: LevelNotation, b: LevelNotation) -> int:
    """How many levels apart two notations are: 0 when their ranges touch or overlap."""
    if a.level_max < b.level_min:
        return b.level_min - a.level_max
    if b.level_max < a.level_min:
        return a.level_min - b.level_max
    return 0
