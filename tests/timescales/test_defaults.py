"""The 25 case types' default timescales (case-types.md) as data."""

from __future__ import annotations

import json

import pytest

from omhub.timescales import DEFAULTS, DeadlineRule, Direction, Evidence, RuleError, Unit, compute_deadline
from omhub.timescales.defaults import CASE_TYPES, defaults_as_data, load_defaults

from .support import CAL, THREE_PM, D, at

KEY_DATES = {
    name: D(2026, 9, 16)
    for name in (
        "RELEASE", "HDCED", "CRD", "PED", "TARIFF", "ERSED", "SENTENCE", "hearing_date", "data_request_sent",
        "return_to_custody", "last_review", "decision_date", "referral_date", "review_date", "period_end",
    )
}


def test_all_25_case_types_in_the_table_order():
    assert [c.number for c in CASE_TYPES] == list(range(1, 26))
    assert len(DEFAULTS) == 25
    assert all(c.timescales for c in CASE_TYPES)


def test_every_timescale_has_evidence_and_computes():
    for case_type in CASE_TYPES:
        for timescale in case_type.timescales:
            assert timescale.evidence in (Evidence.E, Evidence.G)
            deadline = compute_deadline(
                timescale.rule, received_at=at(2026, 9, 14, 16, 0), key_dates=KEY_DATES, calendar=CAL
            )
            assert deadline.due_date is not None, (case_type.code, timescale.key)


def test_round_trip_through_json():
    data = json.loads(json.dumps(defaults_as_data()))
    assert load_defaults(data) == DEFAULTS


def test_loading_names_the_bad_entry():
    data = defaults_as_data()
    data[3]["timescales"][1]["rule"]["unit"] = "fortnights"
    with pytest.raises(RuleError, match=r"^\[3\]\.hdc\.timescales\[1\]\.rule\.unit: expected one of"):
        load_defaults(data)
    data = defaults_as_data()
    data[0]["timescales"][0]["evidence"] = "X"
    with pytest.raises(RuleError, match="evidence: expected 'E' or 'G'"):
        load_defaults(data)
    with pytest.raises(RuleError, match="appears twice"):
        load_defaults(defaults_as_data() + defaults_as_data()[:1])


def test_hdc():
    hdc = DEFAULTS["hdc"]
    assert hdc["opens"].rule == DeadlineRule(Unit.WEEKS, 14, Direction.BEFORE, "HDCED")
    assert hdc["address_checks"].rule == DeadlineRule(Unit.WORKING_DAYS, 10, cut_off=THREE_PM)
    assert hdc["not_enough_time"].rule.anchor == "CRD"
    assert {t.evidence for t in hdc.timescales} == {Evidence.E}
    with pytest.raises(KeyError, match="hdc has no timescale 'due'"):
        hdc["due"]


def test_discharge_and_licence_share_the_hard_stop():
    two_working_days_before_release = DeadlineRule(Unit.WORKING_DAYS, 2, Direction.BEFORE, "RELEASE")
    assert DEFAULTS["discharge"]["due"].rule == two_working_days_before_release
    assert DEFAULTS["licence"]["hard_stop"].rule == two_working_days_before_release
    assert DEFAULTS["discharge"]["opens"].rule == DeadlineRule(Unit.WEEKS, 4, Direction.BEFORE, "RELEASE")


@pytest.mark.parametrize(
    ("code", "key", "rule", "evidence"),
    [
        ("foreign_national", "home_office_referral", DeadlineRule(Unit.WORKING_DAYS, 10, anchor="SENTENCE"), "E"),
        ("legal_correspondence", "logged", DeadlineRule.same_working_day(), "G"),
        ("legal_correspondence", "answered", DeadlineRule(Unit.WORKING_DAYS, 5), "G"),
        ("recall", "served_and_logged", DeadlineRule.within_hours(24), "E"),
        ("recall", "dossier", DeadlineRule(Unit.WORKING_DAYS, 1), "E"),
        ("appeal", "due", DeadlineRule(Unit.CALENDAR_DAYS, 28, anchor="decision_date"), "G"),
        ("oasys", "due", DeadlineRule(Unit.MONTHS, 2), "E"),
        ("indeterminate", "parole_sift", DeadlineRule(Unit.MONTHS, 36, Direction.BEFORE, "TARIFF"), "E"),
        ("parole", "dossier", DeadlineRule(Unit.WEEKS, 26, Direction.BEFORE, "PED"), "G"),
        ("safeguarding", "due", DeadlineRule.same_working_day(), "G"),
    ],
)
def test_table_rows(code, key, rule, evidence):
    assert DEFAULTS[code][key].rule == rule
    assert DEFAULTS[code][key].evidence == evidence


def test_resettlement_overnight_release_is_as_rotl():
    assert DEFAULTS["resettlement_overnight_release"].timescales == DEFAULTS["rotl"].timescales
