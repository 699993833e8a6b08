"""Band structures: which pay band a total of points falls in, and how sure we can be.

A structure lists its bands in order with the lowest total of each (its start) where that is known, and
evidence: totals known to be in a band (the benchmark profiles). Where a start is unknown the lookup
answers with every band the total could be in ("Band 3 or 4") and says why, rather than guessing.
"""

import json
from dataclasses import dataclass, field, replace
from pathlib import Path

DATA = Path(__file__).parent / "data" / "bands.json"
INFINITY = 10**9


class BandError(ValueError):
    """Band boundaries that contradict the structure or its evidence."""


@dataclass(frozen=True)
class Evidence:
    band: str
    min: int
    max: int
    source: str


@dataclass(frozen=True)
class BandResult:
    codes: tuple[str, ...]
    label: str
    certain: bool
    reason: str

    @property
    def code(self) -> str:
        """'3', or '3 or 4' when the band cannot be told."""
        return _join(self.codes) if self.codes else ""


def _join(codes) -> str:
    codes = list(codes)
    if len(codes) == 1:
        return codes[0]
    return ", ".join(codes[:-1]) + " or " + codes[-1]


@dataclass(frozen=True)
class BandStructure:
    code: str
    scheme: str
    name: str
    provenance: str
    confidence: str
    codes: tuple[str, ...]
    starts: tuple[int | None, ...]  # the lowest total in each band; None when not known
    top: int | None = None  # the highest total in the last band, when known
    evidence: tuple[Evidence, ...] = ()
    local: dict[str, int] = field(default_factory=dict)  # starts set locally, by band code

    def index(self, code: str) -> int:
        try:
            return self.codes.index(str(code))
        except ValueError as error:
            raise BandError(f"{self.name} has no band {code}: its bands are {_join(self.codes)}") from error

    # The bounds on each band's start that the fixed starts and the evidence allow.
    def start_bounds(self) -> list[tuple[int, int]]:
        bounds = []
        for k in range(len(self.codes)):
            if self.starts[k] is not None:
                bounds.append((self.starts[k], self.starts[k]))
                continue
            low, high = 1, (self.top if self.top is not None else INFINITY)
            for j in range(len(self.codes)):
                fixed = self.starts[j]
                for item in self.evidence:
                    if self.index(item.band) == j:
                        if j < k:
                            low = max(low, item.max + 1)
                        else:
                            high = min(high, item.min)
                if fixed is not None:
                    if j < k:
                        low = max(low, fixed + (k - j))
                    elif j > k:
                        high = min(high, fixed - (j - k))
            bounds.append((low, high))
        return bounds

    def _possible(self, total: int, bounds) -> list[int]:
        found = []
        for k in range(len(self.codes)):
            low = bounds[k][0]
            next_high = bounds[k + 1][1] if k + 1 < len(self.codes) else (
                self.top + 1 if self.top is not None else INFINITY)
            if low <= total < next_high:
                found.append(k)
        return found

    def band_range_text(self, k: int) -> str:
        start = self.starts[k]
        end = self.starts[k + 1] - 1 if k + 1 < len(self.codes) and self.starts[k + 1] is not None else (
            self.top if k + 1 == len(self.codes) else None)
        if start is not None and end is not None:
            return f"Band {self.codes[k]} is {start}–{end} points"
        known = [item for item in self.evidence if item.band == self.codes[k]]
        if known:
            return "its boundaries are not published, but it holds " + ", ".join(
                f"{item.min}–{item.max} points ({item.source})" for item in known)
        if start is not None:
            return f"Band {self.codes[k]} starts at {start} points"
        return "boundaries not published"

    def describe(self) -> list[tuple[str, str]]:
        """Each band with what is known of its points, for people to read."""
        bounds = self.start_bounds()
        rows = []
        for k, code in enumerate(self.codes):
            text = self.band_range_text(k)
            if self.starts[k] is None:
                low, high = bounds[k]
                where = f"above {low - 1}" if high >= INFINITY else f"between {low} and {high}"
                text += f"; it starts somewhere {where} points"
            elif code in self.local:
                text += " (start set locally)"
            rows.append((code, text))
        return rows

    def lookup(self, total_min: int, total_max: int) -> BandResult:
        if total_min > total_max:
            raise BandError(f"The lowest total ({total_min}) is above the highest ({total_max})")
        bounds = self.start_bounds()
        if self.top is not None and total_max > self.top:
            return BandResult((), "Above the band structure", False,
                              f"{total_max} points is above the top of Band {self.codes[-1]} ({self.top}) "
                              f"in {self.name}.")
        low_options = self._possible(total_min, bounds)
        high_options = self._possible(total_max, bounds)
        first, last = min(low_options), max(high_options)
        indexes = list(range(first, last + 1))
        codes = tuple(self.codes[k] for k in indexes)
        label = "Band " + _join(codes)
        span = f"{total_min}–{total_max}" if total_min != total_max else f"{total_min}"
        if len(indexes) == 1:
            return BandResult(codes, label, True,
                              f"{span} points is in Band {codes[0]}: {self.band_range_text(first)}.")
        reasons = []
        for k in indexes[1:]:
            low, high = bounds[k]
            if low == high:
                reasons.append(f"the total range {span} crosses the boundary between Band {self.codes[k - 1]} "
                               f"and Band {self.codes[k]}, which starts at {low} points")
            else:
                where = f"above {low - 1} points" if high >= INFINITY else f"between {low} and {high} points"
                reasons.append(f"the boundary between Band {self.codes[k - 1]} and Band {self.codes[k]} is not "
                               f"published: Band {self.codes[k]} starts somewhere {where}")
        reason = f"{span} points could be {label}: " + "; ".join(reasons) + "."
        if any(bounds[k][0] != bounds[k][1] for k in indexes[1:]):
            reason += " A member of the Job Evaluation Panel can set the local band boundaries."
        return BandResult(codes, label, False, reason)

    def with_local_starts(self, local: dict[str, int]) -> "BandStructure":
        """The structure with locally agreed starts; BandError if they contradict the evidence."""
        starts = list(self.starts)
        for code, value in local.items():
            k = self.index(code)
            if k == 0:
                raise BandError(f"Band {code} is the first band: it starts at {self.starts[0]} points")
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise BandError(f"Band {code} must start at a whole number of points above 0")
            if self.starts[k] is not None and k not in self._local_indexes():
                raise BandError(f"Band {code} starts at {self.starts[k]} points (published): it cannot be changed")
            starts[k] = value
        fixed = [(k, s) for k, s in enumerate(starts) if s is not None]
        for (k1, s1), (k2, s2) in zip(fixed, fixed[1:], strict=False):
            if s2 - s1 < k2 - k1:
                raise BandError(f"Band {self.codes[k2]} must start above Band {self.codes[k1]} "
                                f"({s1} points): {s2} is not above it")
        for item in self.evidence:
            j = self.index(item.band)
            for k, s in fixed:
                if k <= j and s > item.min:
                    raise BandError(f"Band {self.codes[k]} cannot start at {s} points: {item.source} scores "
                                    f"{item.min}–{item.max} and is in Band {item.band}")
                if k > j and s <= item.max:
                    raise BandError(f"Band {self.codes[k]} cannot start at {s} points: {item.source} scores "
                                    f"{item.min}–{item.max} and is in Band {item.band}")
        if self.top is not None and fixed and fixed[-1][1] > self.top:
            raise BandError(f"Band {self.codes[fixed[-1][0]]} cannot start above the top ({self.top} points)")
        merged = {**self.local, **{str(code): value for code, value in local.items()}}
        return replace(self, starts=tuple(starts), local=merged)

    def _local_indexes(self) -> set[int]:
        return {self.codes.index(code) for code in self.local}

    def unknown_boundaries(self) -> list[tuple[str, int, int]]:
        """(band code, lowest possible start, highest possible start) for every start not known."""
        return [(self.codes[k], low, high) for k, (low, high) in enumerate(self.start_bounds())
                if self.starts[k] is None]


def band_structure_from_dict(data: dict) -> BandStructure:
    return BandStructure(
        code=data["code"], scheme=data["scheme"], name=data["name"], provenance=data.get("provenance", ""),
        confidence=data.get("confidence", ""), codes=tuple(str(b["code"]) for b in data["bands"]),
        starts=tuple(b.get("start") for b in data["bands"]), top=data.get("top"),
        evidence=tuple(Evidence(band=str(e["band"]), min=e["min"], max=e["max"], source=e.get("source", ""))
                       for e in data.get("evidence", ())),
    )


def band_structures_data() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["structures"]


def load_band_structure(code_or_scheme: str) -> BandStructure:
    """A shipped band structure, by its code or by its scheme's code."""
    wanted = (code_or_scheme or "").strip().upper()
    for data in band_structures_data():
        if wanted in {data["code"].upper(), data["scheme"].upper()}:
            return band_structure_from_dict(data)
    raise BandError(f"There is no band structure '{code_or_scheme}'")
