"""Legislation is data: profiles, fractions and tranches (RULES §2.3-2.4)."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction

from omhub.sentencing import legislation as law


def test_every_profile_named_in_the_rules_exists():
    assert set(law.PROFILES) == {"calculation-params", "sds-50", "sds-progression-model-october"}


def test_sds40_commences_on_10_september_2024_with_two_tranches():
    sds40 = law.PROFILES["calculation-params"].sds40
    assert sds40.commencement == date(2024, 9, 10)
    assert [t.date for t in sds40.tranches] == [date(2024, 9, 10), date(2024, 10, 22)]
    assert sds40.sds_multiplier == Fraction(2, 5)


def test_sds50_profile_moves_sds40_out_of_reach():
    profile = law.PROFILES["sds-50"]
    assert profile.sds40.commencement.year == 2054
    assert profile.sds40.sds_multiplier == law.ONE_HALF
    assert profile.progression_model is None


def test_progression_model_releases_sds_at_one_third_and_sds_plus_at_half():
    pm = law.PROFILES["sds-progression-model-october"].progression_model
    assert pm is not None
    assert (pm.sds_multiplier, pm.sds_plus_multiplier) == (law.ONE_THIRD, law.ONE_HALF)
    assert len(pm.tranches) == 10 and pm.commencement == date(2026, 10, 1)


def test_tranche_one_admits_sentences_under_five_whole_years():
    t1 = law.SDS40_STANDARD.tranches[0]
    assert t1.admits(length_days=1800, length_years=4)
    assert not t1.admits(length_days=1826, length_years=5)
    assert law.SDS40_STANDARD.tranches[-1].admits(99999, 99)


def test_progression_model_tranches_are_limited_in_days():
    first = law.PROGRESSION_MODEL.tranches[0]
    assert first.admits(574, 1) and not first.admits(575, 1)


def test_exact_thirds_give_the_reference_engines_ceiling():
    assert math.ceil(3 * law.TWO_THIRDS) == 2
    assert math.ceil(912 * law.ONE_THIRD) == 304
    assert math.ceil(2557 * law.TWO_THIRDS) == 1705


def test_ftr56_tranches_exist_in_every_profile():
    for profile in law.PROFILES.values():
        assert profile.ftr56_tranches[0].date == date(2026, 3, 31)
