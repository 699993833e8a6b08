"""Deadlines worked by hand on the England & Wales calendar.

2026 bank holidays: 1 Jan, 3 Apr (Good Friday), 6 Apr (Easter Monday), 4 May, 25 May, 31 Aug,
25 Dec (Friday) and 28 Dec (Monday, Boxing Day substitute); 1 Jan 2027 is a Friday.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, time

import pytest

from omhub.timescales import (
    LONDON,
    DeadlineRule,
    Extension,
    MissingAnchorError,
    Pause,
    RuleError,
    TimescaleError,
    Unit,
    compute_deadline,
)

from .support import CAL, THREE_PM, D, after, at, before, wd

TEN_WORKING_DAYS_3PM = wd(10, cut_off=THREE_PM)


def due(rule, **inputs):
    return compute_deadline(rule, calendar=CAL, **inputs).due_date


class TestWorkingDaysFromReceipt:
    def test_received_on_a_sunday_after_the_cut_off(self):
        deadline = compute_deadline(TEN_WORKING_DAYS_3PM, received_at=at(2026, 11, 22, 16, 10), calendar=CAL)
        assert deadline.due_date == D(2026, 12, 7)
        assert deadline.anchor_date == D(2026, 11, 22) and deadline.start == D(2026, 11, 23)
        assert deadline.explanation == (
            "Received 22 November 2026 at 16:10, after the 15:00 cut-off: counted from Monday 23 November 2026",
            "10 working days: due Monday 7 December 2026",
        )

    def test_christmas_after_the_cut_off_counts_from_christmas_eve(self):
        # Day 0 is Thursday 24 December; 25 (Fri), 26-27 (weekend) and 28 (Mon) December are not
        # working days, so day 1 is Tuesday 29 and day 2 Wednesday 30 December.
        deadline = compute_deadline(wd(2, cut_off=THREE_PM), received_at=at(2026, 12, 23, 16, 0), calendar=CAL)
        assert deadline.start == D(2026, 12, 24)
        assert deadline.due_date == D(2026, 12, 30)
        assert deadline.explanation[0] == (
            "Received 23 December 2026 at 16:00, after the 15:00 cut-off: counted from Thursday 24 December 2026"
        )
        assert deadline.explanation[2] == (
            "Bank holidays not counted: Friday 25 December 2026 (Christmas Day), "
            "Monday 28 December 2026 (Boxing Day, substitute day)"
        )

    def test_christmas_before_the_cut_off_counts_from_the_day_received(self):
        assert due(wd(2, cut_off=THREE_PM), received_at=at(2026, 12, 23, 14, 0)) == D(2026, 12, 29)

    def test_the_cut_off_is_at_or_after_the_time(self):
        rule = wd(2, cut_off=THREE_PM)
        assert due(rule, received_at=at(2026, 6, 1, 14, 59)) == D(2026, 6, 3)
        assert due(rule, received_at=at(2026, 6, 1, 15, 0)) == D(2026, 6, 4)

    def test_the_cut_off_is_on_the_london_clock(self):
        rule = wd(2, cut_off=THREE_PM)
        # 14:30 UTC is 15:30 BST in June but 14:30 GMT in December.
        assert due(rule, received_at=datetime(2026, 6, 1, 14, 30, tzinfo=UTC)) == D(2026, 6, 4)
        assert due(rule, received_at=datetime(2026, 12, 1, 14, 30, tzinfo=UTC)) == D(2026, 12, 3)

    def test_without_a_cut_off_late_receipts_count_from_that_day(self):
        assert due(wd(2), received_at=at(2026, 6, 1, 23, 30)) == D(2026, 6, 3)

    def test_over_easter(self):
        # Day 0 Thursday 2 April; Good Friday and Easter Monday are skipped.
        assert due(wd(10), received_at=at(2026, 4, 2, 10, 0)) == D(2026, 4, 20)

    def test_received_on_a_weekend_counts_from_monday(self):
        deadline = compute_deadline(wd(1), received_at=at(2026, 6, 6, 10, 0), calendar=CAL)
        assert deadline.start == D(2026, 6, 8) and deadline.due_date == D(2026, 6, 9)
        assert deadline.explanation[0] == (
            "Received 6 June 2026 at 10:00, not a working day: counted from Monday 8 June 2026"
        )

    def test_a_naive_time_is_an_error(self):
        with pytest.raises(TimescaleError, match="no time zone"):
            compute_deadline(wd(2), received_at=datetime(2026, 6, 1, 10, 0), calendar=CAL)

    def test_a_missing_received_time_is_an_error(self):
        with pytest.raises(MissingAnchorError, match="counts from the received time"):
            compute_deadline(wd(2), calendar=CAL)


class TestSameWorkingDayAndHours:
    def test_same_working_day(self):
        rule = DeadlineRule.same_working_day()
        assert due(rule, received_at=at(2026, 12, 24, 11, 0)) == D(2026, 12, 24)
        assert due(rule, received_at=at(2026, 6, 6, 10, 0)) == D(2026, 6, 8)  # Saturday -> Monday

    def test_same_working_day_with_a_cut_off(self):
        rule = DeadlineRule.same_working_day(cut_off=THREE_PM)
        deadline = compute_deadline(rule, received_at=at(2026, 12, 24, 16, 0), calendar=CAL)
        assert deadline.due_date == D(2026, 12, 29)
        assert deadline.explanation[1] == "Same working day: due Tuesday 29 December 2026"

    def test_within_24_hours(self):
        deadline = compute_deadline(DeadlineRule.within_hours(24), received_at=at(2026, 6, 5, 17, 45), calendar=CAL)
        assert deadline.due_at == at(2026, 6, 6, 17, 45)
        assert deadline.due_date == D(2026, 6, 6)  # a Saturday: hours never move
        assert deadline.explanation[-1] == "Within 24 hours: due Saturday 6 June 2026 at 17:45"

    def test_hours_are_elapsed_time_across_the_clock_change(self):
        spring = compute_deadline(DeadlineRule.within_hours(24), received_at=at(2026, 3, 28, 9, 30), calendar=CAL)
        assert spring.due_at == at(2026, 3, 29, 10, 30) and spring.due_at.tzinfo is LONDON
        autumn = compute_deadline(DeadlineRule.within_hours(24), received_at=at(2026, 10, 24, 9, 30), calendar=CAL)
        assert autumn.due_at == at(2026, 10, 25, 8, 30)

    def test_hours_with_a_pause_add_a_day_per_paused_day(self):
        pause = Pause(D(2026, 6, 2), D(2026, 6, 3), "prisoner in hospital")
        deadline = compute_deadline(
            DeadlineRule.within_hours(48), received_at=at(2026, 6, 1, 10, 0), calendar=CAL, pauses=[pause]
        )
        assert deadline.due_at == at(2026, 6, 4, 10, 0)


class TestKeyDates:
    def test_weeks_before_a_key_date(self):
        deadline = compute_deadline(before(14, Unit.WEEKS, "HDCED"), key_dates={"HDCED": D(2026, 6, 10)}, calendar=CAL)
        assert deadline.due_date == D(2026, 3, 4)
        assert deadline.explanation == (
            "HDCED is Wednesday 10 June 2026",
            "14 weeks before HDCED: due Wednesday 4 March 2026",
        )

    def test_before_a_key_date_landing_on_a_weekend_moves_earlier(self):
        deadline = compute_deadline(before(4, Unit.WEEKS), key_dates={"RELEASE": D(2026, 5, 30)}, calendar=CAL)
        assert deadline.due_date == D(2026, 5, 1)
        assert deadline.explanation[-1] == "Saturday 2 May 2026 is not a working day: due earlier, on Friday 1 May 2026"

    def test_before_a_key_date_landing_on_a_bank_holiday_moves_earlier(self):
        assert due(before(4, Unit.WEEKS), key_dates={"RELEASE": D(2026, 6, 1)}) == D(2026, 5, 1)

    def test_after_a_key_date_landing_on_a_non_working_day_moves_later(self):
        rule = after(10, Unit.CALENDAR_DAYS, "return_to_custody")
        # 16 + 10 = Saturday 26 December; 27 is Sunday and 28 the Boxing Day substitute.
        assert due(rule, key_dates={"return_to_custody": D(2026, 12, 16)}) == D(2026, 12, 29)

    def test_a_limit_can_stay_on_a_non_working_day(self):
        rule = after(10, Unit.CALENDAR_DAYS, "return_to_custody", land_on_working_day=False)
        assert due(rule, key_dates={"return_to_custody": D(2026, 12, 16)}) == D(2026, 12, 26)

    def test_working_days_before_a_release_on_a_bank_holiday(self):
        # Release on Easter Monday: day 0 is the last working day before it, Thursday 2 April.
        deadline = compute_deadline(before(2, Unit.WORKING_DAYS), key_dates={"RELEASE": D(2026, 4, 6)}, calendar=CAL)
        assert deadline.start == D(2026, 4, 2) and deadline.due_date == D(2026, 3, 31)
        assert deadline.explanation[0] == (
            "RELEASE is Monday 6 April 2026, a bank holiday (Easter Monday): counted from Thursday 2 April 2026"
        )

    def test_working_days_after_a_weekend_key_date_count_from_monday(self):
        assert due(after(10, Unit.WORKING_DAYS), key_dates={"SENTENCE": D(2026, 6, 6)}) == D(2026, 6, 22)

    def test_a_missing_key_date_is_named(self):
        with pytest.raises(MissingAnchorError, match="counts from HDCED, but no HDCED date was given") as caught:
            compute_deadline(before(14, Unit.WEEKS, "HDCED"), key_dates={"CRD": D(2026, 1, 1)}, calendar=CAL)
        assert caught.value.anchor == "HDCED"

    def test_a_key_date_must_be_a_date(self):
        with pytest.raises(TimescaleError, match="expected a date"):
            compute_deadline(before(2, Unit.WEEKS), key_dates={"RELEASE": at(2026, 6, 1)}, calendar=CAL)


class TestMonths:
    """A month later is the same day number, clamped to the last day of a shorter month."""

    def test_31_january_plus_one_month_is_the_end_of_february(self):
        rule = after(1, Unit.MONTHS, "decision_date", land_on_working_day=False)
        assert due(rule, key_dates={"decision_date": D(2026, 1, 31)}) == D(2026, 2, 28)
        assert due(rule, key_dates={"decision_date": D(2028, 1, 31)}) == D(2028, 2, 29)  # leap year

    def test_the_end_of_february_2026_is_a_saturday(self):
        rule = after(1, Unit.MONTHS, "decision_date")
        assert due(rule, key_dates={"decision_date": D(2026, 1, 31)}) == D(2026, 3, 2)

    def test_31_march_minus_one_month_moves_earlier(self):
        rule = before(1, Unit.MONTHS, "TARIFF")
        assert due(rule, key_dates={"TARIFF": D(2026, 3, 31)}) == D(2026, 2, 27)

    def test_month_ends_are_not_sticky(self):
        rule = after(1, Unit.MONTHS, "decision_date", land_on_working_day=False)
        assert due(rule, key_dates={"decision_date": D(2026, 2, 28)}) == D(2026, 3, 28)

    def test_months_from_receipt_count_from_the_day_received(self):
        assert due(DeadlineRule(Unit.MONTHS, 2), received_at=at(2026, 1, 31, 10, 0)) == D(2026, 3, 31)

    def test_across_a_year_end(self):
        rule = after(6, Unit.MONTHS, "last_review")
        # 31 August 2026 + 6 months = 28 February 2027, a Sunday: moved to Monday 1 March.
        assert due(rule, key_dates={"last_review": D(2026, 8, 31)}) == D(2027, 3, 1)


class TestPauses:
    RECEIVED = at(2026, 11, 23, 9, 0)  # Monday; 10 working days -> Monday 7 December

    def deadline(self, *pauses, rule=wd(10), **inputs):
        return compute_deadline(rule, received_at=self.RECEIVED, calendar=CAL, pauses=pauses, **inputs)

    def test_a_pause_adds_the_working_days_stopped(self):
        deadline = self.deadline(Pause(D(2026, 11, 25), D(2026, 11, 30), "waiting for police"))
        assert deadline.due_date == D(2026, 12, 10) and deadline.paused_days == 3
        assert deadline.explanation[-1] == (
            "Paused 3 working days (waiting for police; clock stopped on 25 November 2026, "
            "restarted on 30 November 2026): due Thursday 10 December 2026"
        )

    def test_days_before_day_0_do_not_count(self):
        assert self.deadline(Pause(D(2026, 11, 20), D(2026, 11, 25), "x")).due_date == D(2026, 12, 8)

    def test_a_pause_after_the_deadline_changes_nothing(self):
        deadline = self.deadline(Pause(D(2026, 12, 10), D(2026, 12, 14), "late query"))
        assert deadline.due_date == D(2026, 12, 7) and deadline.paused_days == 0
        assert "due date unchanged" in deadline.explanation[-1]

    def test_a_pause_over_the_deadline_counts_all_its_days(self):
        # Stopped Friday 4 to Tuesday 8 December: 4, 7 and 8 December are working days.
        deadline = self.deadline(Pause(D(2026, 12, 4), D(2026, 12, 9), "x"))
        assert deadline.due_date == D(2026, 12, 10) and deadline.paused_days == 3

    def test_overlapping_pauses_count_a_day_once(self):
        first, second = Pause(D(2026, 11, 25), D(2026, 11, 30), "a"), Pause(D(2026, 11, 26), D(2026, 12, 1), "b")
        deadline = self.deadline(first, second)
        assert deadline.paused_days == 4 and deadline.due_date == D(2026, 12, 11)

    def test_a_zero_length_pause_changes_nothing(self):
        assert self.deadline(Pause(D(2026, 11, 25), D(2026, 11, 25), "x")).due_date == D(2026, 12, 7)

    def test_calendar_day_rules_pause_calendar_days(self):
        rule = after(28, Unit.CALENDAR_DAYS, "decision_date")
        deadline = compute_deadline(
            rule, key_dates={"decision_date": D(2026, 6, 1)}, calendar=CAL,
            pauses=[Pause(D(2026, 6, 8), D(2026, 6, 11), "awaiting transcript")],
        )
        assert deadline.due_date == D(2026, 7, 2) and deadline.paused_days == 3
        assert deadline.explanation[-1].startswith("Paused 3 days (awaiting transcript;")

    def test_an_open_pause_puts_the_deadline_on_hold(self):
        deadline = self.deadline(Pause(D(2026, 11, 25), None, "waiting for police"))
        assert deadline.on_hold and deadline.due_date is None
        assert deadline.explanation[-1] == (
            "Clock stopped on Wednesday 25 November 2026 (waiting for police) and not restarted: "
            "no due date until the clock restarts"
        )

    def test_an_open_pause_counts_up_to_as_of(self):
        deadline = self.deadline(Pause(D(2026, 11, 25), None, "waiting for police"), as_of=D(2026, 11, 27))
        assert not deadline.on_hold and deadline.due_date == D(2026, 12, 10)
        assert "still stopped on 27 November 2026" in deadline.explanation[-1]

    def test_a_pause_needs_a_reason_and_cannot_restart_before_it_stops(self):
        with pytest.raises(RuleError, match="reason is required"):
            Pause(D(2026, 11, 25), D(2026, 11, 30), " ")
        with pytest.raises(RuleError, match="cannot restart before it stopped"):
            Pause(D(2026, 11, 25), D(2026, 11, 24), "x")

    def test_pauses_round_trip_through_dicts(self):
        for pause in (Pause(D(2026, 11, 25), D(2026, 11, 30), "x"), Pause(D(2026, 11, 25), None, "y")):
            assert Pause.from_dict(json.loads(json.dumps(pause.to_dict()))) == pause
        with pytest.raises(RuleError, match="stopped_on: expected a date"):
            Pause.from_dict({"stopped_on": "25/11/2026", "reason": "x"})


class TestExtensions:
    def test_an_extension_adds_after_the_pauses(self):
        deadline = compute_deadline(
            TEN_WORKING_DAYS_3PM, received_at=at(2026, 11, 22, 16, 10), calendar=CAL,
            pauses=[Pause(D(2026, 11, 25), D(2026, 11, 30), "waiting for police")],
            extensions=[Extension(5, "court records late")],
        )
        assert deadline.due_date == D(2026, 12, 17)
        assert deadline.explanation[-1] == (
            "Extended by 5 working days (court records late): due Thursday 17 December 2026"
        )

    def test_an_extension_in_months_then_moves_off_non_working_days(self):
        # 2 February + 1 month = Monday 2 March; + 2 months = Saturday 2 May; Monday 4 May is a bank holiday.
        deadline = compute_deadline(
            DeadlineRule(Unit.MONTHS, 1), received_at=at(2026, 2, 2), calendar=CAL,
            extensions=[Extension(2, "complex request", Unit.MONTHS)],
        )
        assert deadline.due_date == D(2026, 5, 5)

    def test_extension_errors(self):
        with pytest.raises(RuleError, match="at least 1"):
            Extension(0, "x")
        with pytest.raises(RuleError, match="expected working_days, calendar_days, weeks or months"):
            Extension(1, "x", Unit.HOURS)
        with pytest.raises(RuleError, match="reason is required"):
            Extension(1, "")

    def test_extensions_round_trip_through_dicts(self):
        extension = Extension(2, "complex request", Unit.MONTHS)
        assert Extension.from_dict(extension.to_dict()) == extension
        with pytest.raises(RuleError, match="unknown key"):
            Extension.from_dict({"amount": 1, "reason": "x", "days": 1})


class TestOutput:
    def test_a_deadline_serialises_to_json(self):
        deadline = compute_deadline(DeadlineRule.within_hours(24), received_at=at(2026, 6, 1, 10, 0), calendar=CAL)
        data = json.loads(json.dumps(deadline.to_dict()))
        assert data["due_date"] == "2026-06-02" and data["due_at"] == "2026-06-02T10:00:00+01:00"
        assert data["rule"] == DeadlineRule.within_hours(24).to_dict()

    def test_dates_beyond_the_calendar_carry_a_warning(self):
        assert compute_deadline(wd(2), received_at=at(2026, 6, 1), calendar=CAL).warnings == ()
        deadline = compute_deadline(wd(2), received_at=at(2030, 6, 3), calendar=CAL)
        assert deadline.due_date == D(2030, 6, 5)
        assert deadline.warnings and "covers 2015 to 2028" in deadline.warnings[0]

    def test_an_unrepresentable_date_is_a_clear_error(self):
        with pytest.raises(TimescaleError, match="outside the range of dates"):
            compute_deadline(after(10_000, Unit.MONTHS), key_dates={"SENTENCE": D(9990, 1, 1)}, calendar=CAL)

    def test_cut_off_minutes_are_respected(self):
        rule = wd(1, cut_off=time(16, 30))
        assert due(rule, received_at=at(2026, 6, 1, 16, 29)) == D(2026, 6, 2)
        assert due(rule, received_at=at(2026, 6, 1, 16, 30)) == D(2026, 6, 3)
