import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from omhub.jobeval.scoring import ScoringError, load_band_structure, load_scheme, score
from omhub.jobeval.scoring.bands import BandError
from omhub.jobeval.scoring.docref import DocumentReferenceError, parse_document_reference
from omhub.jobeval.scoring.notation import parse_level
from omhub.jobeval.scoring.schemes import SchemeError
from omhub.jobeval.scoring.schemes import load_scheme as load
from omhub.jobeval.scoring.score import level_gap

DATA = Path(__file__).parent.parent / "data"
NJC = load_scheme("NJC")
AFC = load_scheme("AFC")
PROBATION = load_band_structure("NJC")
NHS = load_band_structure("AFC")


def _profile(number):
    return json.loads((DATA / f"profile_{number}.json").read_text())["factors"]


def test_profile_54_scores_443_to_469_in_band_3():
    result = score(NJC, _profile(54), bands=PROBATION)
    assert (result.total_min, result.total_max, result.band.code, result.band.certain) == (443, 469, "3", True)


def test_profile_55_scores_525_to_548_in_band_4():
    result = score(NJC, _profile(55), bands=PROBATION)
    assert (result.total_min, result.total_max, result.band.code, result.band.certain) == (525, 548, "4", True)


def test_each_factor_of_55_has_the_points_of_the_report():
    points = {item.factor.name: item.points_text for item in score(NJC, _profile(55)).factors}
    assert points["Knowledge"] == "100"
    assert points["Responsibility for Supervision / Direction / Co-ordination of Employees"] == "13-26"
    assert points["Emotional Demands"] == "30-40"
    assert points["Responsibility for People"] == "65"


def test_both_schemes_add_up_to_1000():
    assert NJC.max_total == AFC.max_total == 1000
    assert len(NJC.factors) == 13 and len(AFC.factors) == 16


def test_hand_calculated_njc_role_with_every_kind_of_notation():
    levels = {"Knowledge": "6", "Mental Skills": "5(a)(b)", "Interpersonal & Communication Skills": "4ab",
              "Physical Skills": "1-2", "Initiative & Independence": "5-6", "Responsibility for People": "2(a)",
              "Responsibility for Supervision": "3(a) (b) – 4(b)", "Responsibility for Financial Resources": "2-3ab",
              "Responsibility for Physical Resources": "1", "Mental Demands": "4(c)", "Emotional Demands": "2",
              "Physical Demands": "2-3", "Working Conditions": "1"}
    # min: 121+65+52+13+65+26+39+26+13+40+20+20+10 = 510
    # max: 121+65+52+26+78+26+52+39+13+40+20+30+10 = 572
    result = score(NJC, levels, bands=PROBATION)
    assert (result.total_min, result.total_max) == (510, 572)
    assert result.band.label == "Band 3, 4, 5 or 6"


def test_hand_calculated_nhs_role():
    levels = {"Communication and relationship skills": "3", "Knowledge, training and experience": "5",
              "Analytical and judgemental skills": "3", "Planning and organisational skills": "2-3ab",
              "Physical skills": "2", "Responsibility for patient/client care": "4",
              "Responsibility for policy and service development": "1", "Financial and physical resources": "1",
              "Human resources": "1", "Information resources": "1", "Research and development": "1",
              "Freedom to act": "3", "Physical effort": "2", "Mental effort": "3", "Emotional effort": "2",
              "Working conditions": "2"}
    # min: 21+120+27+15+15+22+5+5+5+4+5+21+7+12+11+7 = 302; max adds 27-15 = 12 -> 314
    result = score(AFC, levels, bands=NHS)
    assert (result.total_min, result.total_max) == (302, 314)
    assert (result.band.code, result.band.certain) == ("4", True)


def test_a_total_in_the_unknown_range_is_band_3_or_4_with_the_reason():
    band = PROBATION.lookup(480, 500)
    assert band.code == "3 or 4"
    assert band.label == "Band 3 or 4"
    assert not band.certain
    assert "not published" in band.reason and "between 470 and 525" in band.reason


def test_local_boundaries_decide_and_must_keep_the_benchmarks_in_their_bands():
    local = PROBATION.with_local_starts({"4": 500})
    assert local.lookup(480, 499).code == "3"
    assert local.lookup(500, 520).code == "4"
    assert "crosses the boundary" in local.lookup(490, 510).reason
    with pytest.raises(BandError, match="profile 54 .* is in Band 3"):
        PROBATION.with_local_starts({"4": 460})
    with pytest.raises(BandError, match="profile 55"):
        PROBATION.with_local_starts({"4": 530})


def test_nhs_bands_are_the_published_ranges():
    assert NHS.lookup(326, 395).code == "5"
    assert NHS.lookup(540, 584).code == "8a"
    assert NHS.lookup(390, 400).code == "5 or 6"
    assert not NHS.lookup(800, 800).codes


def test_refusals_name_what_is_wrong():
    with pytest.raises(ScoringError) as error:
        score(NJC, {**_profile(54), "Charm": "2"})
    assert "'Charm' is not a factor of the NJC scheme" in str(error.value)
    levels = dict(_profile(54))
    del levels["Working Conditions"]
    with pytest.raises(ScoringError, match="Working Conditions has no level"):
        score(NJC, levels)
    with pytest.raises(ScoringError, match=r"Knowledge is given twice \(as 'Job Knowledge' and 'Knowledge'\)"):
        score(NJC, [*_profile(54).items(), ("Knowledge", "5")])
    with pytest.raises(ScoringError, match="Knowledge has levels 1 to 8: '9' asks for level 9"):
        score(NJC, {**_profile(54), "Job Knowledge": "9"})
    with pytest.raises(ScoringError, match="Mental Skills: Cannot read the level '3-x'"):
        score(NJC, {**_profile(54), "Mental Skills": "3-x"})
    with pytest.raises(SchemeError, match="There is no job evaluation scheme called 'HAY'"):
        load("HAY")


levels_for = {factor.code: st.tuples(st.integers(1, len(factor.levels)), st.integers(0, len(factor.levels) - 1))
              for factor in NJC.factors}


@given(st.fixed_dictionaries(levels_for))
def test_totals_are_the_sums_of_the_stored_points(chosen):
    written = {}
    expected_min = expected_max = 0
    for factor in NJC.factors:
        low, extra = chosen[factor.code]
        high = min(low + extra, len(factor.levels))
        written[factor.name] = f"{low}" if low == high else f"{low}-{high}"
        expected_min += factor.levels[low - 1].points
        expected_max += factor.levels[high - 1].points
    result = score(NJC, written, bands=PROBATION)
    assert (result.total_min, result.total_max) == (expected_min, expected_max)
    assert result.total_min <= result.total_max
    assert result.band.codes


def test_level_gap():
    assert level_gap(parse_level("3-4"), parse_level("4")) == 0
    assert level_gap(parse_level("1"), parse_level("3")) == 2
    assert level_gap(parse_level("6"), parse_level("3-4")) == 2


def test_document_references():
    ba = parse_document_reference("OR JES 129 JD B3 : BA : Offender Management Hub v8.0")
    assert (ba.organisation, ba.number, ba.document_type, ba.band, ba.group_abbreviation, ba.title, ba.version) == (
        "OR", 129, "JD", "3", "BA", "Offender Management Hub", "8.0")
    assert ba.base == "OR JES 129 JD B3 : BA : Offender Management Hub"
    po = parse_document_reference("PS-JES-0032 Probation Officer v8.0")
    assert (po.organisation, po.number, po.title, po.version) == ("PS", 32, "Probation Officer", "8.0")
    with pytest.raises(DocumentReferenceError, match="Cannot read the document reference"):
        parse_document_reference("Job description for a BA")
