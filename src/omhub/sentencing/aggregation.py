"""Combining parts into calculable sentences, and the release arithmetic of chains.

RULES-DETAIL §3: chains follow the first consecutive-to identifier; branches duplicate the
chain up to the branching part; concurrent 1991-Act sentences (or DTOs) with different dates
merge into a single term.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from .durations import aggregate_days, ceil_product, days
from .model import Sentence, SentenceKind
from .sentences import (
    CalculableSentence,
    fixed_multiplier,
    is_1991_act,
    is_ped_bearing,
    ped_multiplier,
    single_term_days_1991,
    single_term_days_dto,
)


@dataclass(frozen=True)
class Combination:
    """The shape of a group: which part lists are calculated, and an optional single term."""

    chains: tuple[tuple[Sentence, ...], ...]
    single_term: tuple[Sentence, ...] | None
    single_term_days: int | None


def _qualifies_for_single_term(parts: Sequence[Sentence]) -> bool:
    if len(parts) < 2:
        return False
    all_1991 = all(is_1991_act(p) for p in parts)
    all_dto = all(p.kind is SentenceKind.DTO for p in parts)
    if not (all_1991 or all_dto):
        return False
    if any(p.consecutive_to for p in parts) or any(p.recall for p in parts):
        return False
    return min(p.sentenced_at for p in parts) != max(p.sentenced_at for p in parts)


def combine(parts: Sequence[Sentence]) -> Combination:
    """Build the calculable part lists of a group (RULES-DETAIL §3.1, §3.7)."""
    ordered = sorted(parts, key=lambda p: p.index)
    if _qualifies_for_single_term(ordered):
        if all(p.kind is SentenceKind.DTO for p in ordered):
            term_days = single_term_days_dto(ordered)
        else:
            term_days = single_term_days_1991(ordered)
        return Combination((), tuple(ordered), term_days)
    by_id = {p.identifier: p for p in ordered}
    children: dict[str, list[Sentence]] = {}
    for p in ordered:
        if p.consecutive_to and p.consecutive_to in by_id:
            children.setdefault(p.consecutive_to, []).append(p)

    chains: list[tuple[Sentence, ...]] = []

    def extend(prefix: list[Sentence]) -> None:
        """Follow first children to the end; other children start branches after this chain."""
        chain = list(prefix)
        branches: list[list[Sentence]] = []
        while True:
            kids = children.get(chain[-1].identifier, [])
            if not kids:
                break
            branches.extend(chain + [branch] for branch in kids[1:])
            chain.append(kids[0])
        chains.append(tuple(chain))
        for branch in branches:
            extend(branch)

    for base in ordered:
        if not base.consecutive_to:
            extend([base])
    seen: set[tuple[int, ...]] = set()
    unique: list[tuple[Sentence, ...]] = []
    in_chain: set[int] = set()
    for chain in chains:
        if len(chain) < 2:
            continue
        key = tuple(p.index for p in chain)
        if key in seen:
            continue
        seen.add(key)
        unique.append(chain)
        in_chain.update(key)
    result: list[tuple[Sentence, ...]] = list(unique)
    for p in ordered:
        if p.index not in in_chain:
            result.append((p,))
    result.sort(key=lambda c: c[0].index)
    return Combination(tuple(result), None, None)


def part_multiplier(part: Sentence, sds_multipliers: Mapping[int, Fraction]) -> Fraction:
    if part.kind is SentenceKind.SDS:
        return sds_multipliers[part.index]
    return fixed_multiplier(part)


@dataclass(frozen=True)
class ReleaseArithmetic:
    """Unadjusted release and PED day counts of a calculable sentence, with an explanation."""

    release_days: int
    ped_days: int | None
    steps: tuple[str, ...]


def release_arithmetic(
    cs: CalculableSentence, sds_multipliers: Mapping[int, Fraction], *, explain: bool = True
) -> ReleaseArithmetic:
    """Release days of a single, single term or chain (RULES-DETAIL §3.4, §5.3); with ``explain`` False,
    without the steps in words."""
    if cs.single_term_days is not None:
        m = Fraction(1, 2)
        rel = ceil_product(cs.single_term_days, m)
        steps = (f"single term of {cs.single_term_days} days x {_pct(m)} = {rel} days",) if explain else ()
        return ReleaseArithmetic(rel, None, steps)
    if len(cs.parts) == 1:
        part = cs.parts[0]
        m = part_multiplier(part, sds_multipliers)
        custodial = aggregate_days([part.custodial], cs.start)
        rel = ceil_product(custodial, m)
        ped = None
        steps = [f"custodial term {custodial} days x {_pct(m)} = {rel} release days"] if explain else []
        if is_ped_bearing(part):
            pm = ped_multiplier(part)
            ped = ceil_product(rel, pm)
            if explain:
                steps.append(f"parole eligibility at {_pct(pm)} of {rel} = {ped} days")
        return ReleaseArithmetic(rel, ped, tuple(steps))
    dto_only = cs.is_dto
    groups: list[tuple[Fraction, list[Sentence]]] = []
    ped_parts: list[Sentence] = []
    for part in cs.parts:
        if is_ped_bearing(part):
            ped_parts.append(part)
            continue
        m = part_multiplier(part, sds_multipliers)
        for gm, members in groups:
            if gm == m:
                members.append(part)
                break
        else:
            groups.append((m, [part]))
    if ped_parts:
        groups.append((Fraction(1), ped_parts))
    start = cs.start
    total = 0
    steps: list[str] = []
    before_ped = 0
    ped_start: date | None = None
    for m, members in groups:
        if members is ped_parts:
            before_ped = total
            ped_start = start
        custodial = aggregate_days([p.custodial for p in members], start, dto_cap=dto_only)
        rel = ceil_product(custodial, m)
        if explain:
            steps.append(f"parts at {_pct(m)}: {custodial} custodial days from {start} give {rel} release days")
        total += rel
        start = start + days(rel)
    ped_days = None
    if ped_parts and not cs.is_recall:
        assert ped_start is not None
        first_m = ped_multiplier(ped_parts[0])
        same = [p for p in ped_parts if ped_multiplier(p) == first_m]
        other = [p for p in ped_parts if ped_multiplier(p) != first_m]
        a_days = ceil_product(aggregate_days([p.custodial for p in same], ped_start), first_m)
        if other:
            notional_ped = ped_start + days(a_days - 1)
            a_days += ceil_product(aggregate_days([p.custodial for p in other], notional_ped), ped_multiplier(other[0]))
        ped_days = before_ped + a_days
        if explain:
            steps.append(f"parole eligibility after {ped_days} days ({before_ped} before the extended parts)")
    if explain:
        steps.append(f"chain total {total} release days")
    return ReleaseArithmetic(total, ped_days, tuple(steps))


_FRACTION_NAMES = {
    Fraction(1): "the full term",
    Fraction(1, 2): "one half",
    Fraction(2, 3): "two thirds",
    Fraction(2, 5): "40%",
    Fraction(1, 3): "one third",
    Fraction(3, 10): "30%",
    Fraction(3, 4): "three quarters",
}


def _pct(m: Fraction) -> str:
    return _FRACTION_NAMES.get(m, str(m))


def expiry_days(cs: CalculableSentence) -> int:
    if cs.single_term_days is not None:
        return cs.single_term_days
    return aggregate_days([p.total for p in cs.parts], cs.start, dto_cap=cs.is_dto and cs.is_chain)
