"""Deadline rules are data: they validate themselves and round-trip through dicts."""

from __future__ import annotations

import json
from datetime import time

import pytest

from omhub.timescales import DeadlineRule, Direction, RuleError, Unit

from .support import THREE_PM, before, wd


class TestDicts:
    @pytest.mark.parametrize(
        "rule",
        [
            wd(10, cut_off=THREE_PM),
            before(2, Unit.WORKING_DAYS),
            before(14, Unit.WEEKS, "HDCED"),
            DeadlineRule(Unit.MONTHS, 2),
            DeadlineRule(Unit.CALENDAR_DAYS, 28, anchor="decision_date", land_on_working_day=False),
            DeadlineRule.same_working_day(cut_off=time(16, 30)),
            DeadlineRule.within_hours(24),
        ],
    )
    def test_round_trip_through_json(self, rule):
        assert DeadlineRule.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule

    def test_the_dict_shape(self):
        assert wd(10, cut_off=THREE_PM).to_dict() == {
            "unit": "working_days",
            "amount": 10,
            "direction": "after",
            "anchor": "received",
            "cut_off": "15:00",
            "land_on_working_day": True,
        }

    def test_only_unit_and_amount_are_required(self):
        rule = DeadlineRule.from_dict({"unit": "weeks", "amount": 4, "direction": "before", "anchor": "RELEASE"})
        assert rule == before(4, Unit.WEEKS)
        assert DeadlineRule.from_dict({"unit": "working_days", "amount": 2}) == wd(2)

    @pytest.mark.parametrize(
        ("data", "key", "message"),
        [
            ("10 working days", "rule", "expected an object"),
            ({"amount": 2}, "unit", "missing"),
            ({"unit": "working_days"}, "amount", "missing"),
            ({"unit": "days", "amount": 2}, "unit", "expected one of 'working_days', 'calendar_days', 'weeks'"),
            ({"unit": "weeks", "amount": "2"}, "amount", "expected a whole number, got '2'"),
            ({"unit": "weeks", "amount": True}, "amount", "expected a whole number"),
            ({"unit": "weeks", "amount": -1}, "amount", "from 0 to 10000, got -1"),
            ({"unit": "weeks", "amount": 1, "direction": "until"}, "direction", "expected one of 'after', 'before'"),
            ({"unit": "weeks", "amount": 1, "anchor": "the release"}, "anchor", "a key date such as 'HDCED'"),
            ({"unit": "working_days", "amount": 1, "cut_off": "3pm"}, "cut_off", "expected a time HH:MM"),
            ({"unit": "working_days", "amount": 1, "cut_off": "25:00"}, "cut_off", "expected a time HH:MM"),
            ({"unit": "weeks", "amount": 1, "landOnWorkingDay": True}, "landOnWorkingDay", "unknown key"),
            ({"unit": "weeks", "amount": 1, "land_on_working_day": "yes"}, "land_on_working_day", "true or false"),
        ],
    )
    def test_errors_name_the_key_and_what_was_expected(self, data, key, message):
        with pytest.raises(RuleError, match=message) as caught:
            DeadlineRule.from_dict(data)
        assert caught.value.key == key
        assert str(caught.value).startswith(f"{key}: ")


class TestMeaning:
    def test_a_cut_off_needs_a_received_time(self):
        with pytest.raises(RuleError, match="cut-off applies to received times only") as caught:
            before(2, Unit.WORKING_DAYS, cut_off=THREE_PM)
        assert caught.value.key == "cut_off"

    def test_nothing_counts_before_the_received_time(self):
        with pytest.raises(RuleError, match="cannot count before the received time"):
            DeadlineRule(Unit.WORKING_DAYS, 2, Direction.BEFORE)

    def test_hours_count_forward_from_the_received_time_without_a_cut_off(self):
        with pytest.raises(RuleError, match="counts from the received time"):
            DeadlineRule(Unit.HOURS, 24, anchor="SENTENCE")
        with pytest.raises(RuleError, match="does not apply to a rule counted in hours"):
            DeadlineRule(Unit.HOURS, 24, cut_off=THREE_PM)

    def test_a_cut_off_is_hours_and_minutes(self):
        with pytest.raises(RuleError, match="hours and minutes only"):
            wd(1, cut_off=time(15, 0, 30))

    def test_strings_become_enums(self):
        rule = DeadlineRule("weeks", 4, "before", "RELEASE")
        assert rule.unit is Unit.WEEKS and rule.direction is Direction.BEFORE

    @pytest.mark.parametrize(
        ("rule", "text"),
        [
            (wd(10, cut_off=THREE_PM), "10 working days after receipt (15:00 cut-off)"),
            (wd(1), "1 working day after receipt"),
            (before(2, Unit.WORKING_DAYS), "2 working days before RELEASE"),
            (before(14, Unit.WEEKS, "HDCED"), "14 weeks before HDCED"),
            (DeadlineRule(Unit.MONTHS, 1), "1 month after receipt"),
            (DeadlineRule.same_working_day(), "same working day"),
            (DeadlineRule.within_hours(24), "within 24 hours"),
            (before(0, Unit.CALENDAR_DAYS, "hearing_date"), "on hearing_date"),
        ],
    )
    def test_describe(self, rule, text):
        assert rule.describe() == text
