"""Working days on the England & Wales calendar, and GOV.UK's bank-holidays.json format."""

from __future__ import annotations

import json
from datetime import date

import pytest

from omhub.sentencing import default_bank_holidays
from omhub.timescales import CalendarDataError, WorkingCalendar
from omhub.timescales.calendar import (
    BankHoliday,
    load_bank_holidays,
    parse_govuk,
    shipped_data_path,
    to_govuk,
    write_bank_holidays,
)

from .support import CAL, D


class TestShippedCalendar:
    def test_covers_2015_to_2028_with_eight_or_more_days_a_year(self):
        years = sorted({d.year for d in CAL.bank_holidays})
        assert years == list(range(2015, 2029))
        assert CAL.coverage == (2015, 2028)
        for year in years:
            assert len([d for d in CAL.bank_holidays if d.year == year]) >= 8, year

    def test_2026_is_as_published(self):
        assert sorted(d for d in CAL.bank_holidays if d.year == 2026) == [
            D(2026, 1, 1), D(2026, 4, 3), D(2026, 4, 6), D(2026, 5, 4),
            D(2026, 5, 25), D(2026, 8, 31), D(2026, 12, 25), D(2026, 12, 28),
        ]

    @pytest.mark.parametrize(
        ("day", "name"),
        [
            (D(2022, 9, 19), "Bank Holiday for the State Funeral of Queen Elizabeth II"),
            (D(2023, 5, 8), "Bank holiday for the coronation of King Charles III"),
            (D(2022, 6, 3), "Platinum Jubilee bank holiday"),
            (D(2020, 5, 8), "Early May bank holiday (VE day)"),
            (D(2026, 12, 28), "Boxing Day, substitute day"),
            (D(2021, 12, 27), "Christmas Day, substitute day"),
        ],
    )
    def test_one_off_and_substitute_days_carry_their_titles(self, day, name):
        assert not CAL.is_working_day(day)
        assert CAL.holiday_name(day) == name

    def test_no_bank_holiday_falls_on_a_weekend(self):
        assert all(d.weekday() < 5 for d in CAL.bank_holidays)

    def test_sentencing_uses_the_same_data(self):
        assert default_bank_holidays() == CAL.bank_holidays

    def test_the_shipped_file_is_exactly_what_the_writer_writes(self, tmp_path):
        shipped = shipped_data_path()
        events = load_bank_holidays(shipped)
        copy = tmp_path / "copy.json"
        write_bank_holidays(copy, events, source=json.loads(shipped.read_text("utf-8"))["source"])
        assert copy.read_text("utf-8") == shipped.read_text("utf-8")


class TestSingleDays:
    def test_weekends_and_bank_holidays_are_not_working_days(self):
        assert CAL.is_working_day(D(2026, 12, 24))  # Thursday
        assert not CAL.is_working_day(D(2026, 12, 25))  # Christmas Day, Friday
        assert not CAL.is_working_day(D(2026, 12, 26))  # Saturday
        assert not CAL.is_working_day(D(2026, 12, 28))  # Boxing Day substitute, Monday
        assert CAL.is_working_day(D(2026, 12, 29))

    def test_next_and_previous_are_strict(self):
        assert CAL.next_working_day(D(2026, 12, 24)) == D(2026, 12, 29)
        assert CAL.next_working_day(D(2026, 12, 29)) == D(2026, 12, 30)
        assert CAL.previous_working_day(D(2026, 12, 29)) == D(2026, 12, 24)
        assert CAL.previous_working_day(D(2026, 4, 7)) == D(2026, 4, 2)  # over Easter

    def test_on_or_after_and_on_or_before(self):
        assert CAL.working_day_on_or_after(D(2026, 4, 3)) == D(2026, 4, 7)
        assert CAL.working_day_on_or_before(D(2026, 4, 6)) == D(2026, 4, 2)
        assert CAL.working_day_on_or_after(D(2026, 4, 2)) == D(2026, 4, 2)

    def test_a_calendar_can_count_fridays_as_weekend(self):
        releases = WorkingCalendar(CAL.bank_holidays, weekend={4, 5, 6})
        assert not releases.is_working_day(D(2026, 6, 5))
        assert releases.previous_working_day(D(2026, 6, 8)) == D(2026, 6, 4)
        with pytest.raises(ValueError, match="weekend"):
            WorkingCalendar(weekend=range(7))


class TestCounting:
    def test_day_0_is_not_counted(self):
        assert CAL.add_working_days(D(2026, 6, 1), 1) == D(2026, 6, 2)  # Monday -> Tuesday
        assert CAL.add_working_days(D(2026, 6, 5), 1) == D(2026, 6, 8)  # Friday -> Monday
        assert CAL.add_working_days(D(2026, 6, 6), 1) == D(2026, 6, 8)  # Saturday -> Monday
        assert CAL.add_working_days(D(2026, 6, 6), 0) == D(2026, 6, 6)

    def test_over_christmas_and_new_year(self):
        # 25 Dec (Fri) and 28 Dec (Mon) 2026 and 1 Jan 2027 (Fri) are bank holidays.
        assert CAL.add_working_days(D(2026, 12, 23), 2) == D(2026, 12, 29)
        assert CAL.add_working_days(D(2026, 12, 24), 4) == D(2027, 1, 4)
        assert CAL.add_working_days(D(2026, 12, 24), 5) == D(2027, 1, 5)

    def test_over_easter(self):
        # Good Friday 3 April and Easter Monday 6 April 2026.
        assert CAL.add_working_days(D(2026, 4, 2), 1) == D(2026, 4, 7)
        assert CAL.add_working_days(D(2026, 4, 2), 10) == D(2026, 4, 20)

    def test_negative_counts_go_back(self):
        assert CAL.add_working_days(D(2026, 4, 7), -1) == D(2026, 4, 2)
        assert CAL.add_working_days(D(2026, 12, 29), -2) == D(2026, 12, 23)

    def test_working_days_between_inverts_add_working_days(self):
        assert CAL.working_days_between(D(2026, 12, 23), D(2026, 12, 29)) == 2
        assert CAL.working_days_between(D(2026, 12, 29), D(2026, 12, 23)) == -2
        assert CAL.working_days_between(D(2026, 6, 6), D(2026, 6, 8)) == 1  # Saturday -> Monday
        assert CAL.working_days_between(D(2026, 6, 8), D(2026, 6, 6)) == 0  # no working day in [Sat, Mon)
        assert CAL.working_days_between(D(2026, 6, 8), D(2026, 6, 5)) == -1  # back to Friday
        assert CAL.working_days_between(D(2026, 6, 8), D(2026, 6, 8)) == 0

    def test_bank_holidays_between(self):
        assert CAL.bank_holidays_between(D(2026, 12, 31), D(2026, 12, 20)) == [D(2026, 12, 25), D(2026, 12, 28)]


class TestGovukFormat:
    def govuk(self, *events, division="england-and-wales"):
        return {division: {"division": division, "events": list(events)}, "scotland": {"events": []}}

    def test_reads_one_division_and_ignores_the_others(self):
        events = parse_govuk(self.govuk(
            {"title": "Boxing Day", "date": "2026-12-28", "notes": "Substitute day", "bunting": True},
            {"title": "Christmas Day", "date": "2026-12-25", "notes": "", "bunting": True},
        ))
        assert [e.date for e in events] == [D(2026, 12, 25), D(2026, 12, 28)]
        assert events[1] == BankHoliday(D(2026, 12, 28), "Boxing Day", "Substitute day", True)

    def test_to_govuk_round_trips(self):
        events = (BankHoliday(D(2026, 1, 1), "New Year’s Day"), BankHoliday(D(2026, 4, 3), "Good Friday", "", False))
        assert parse_govuk(to_govuk(events, source="test")) == events

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ([], "expected a JSON object"),
            ({"scotland": {}}, "england-and-wales: missing"),
            ({"england-and-wales": {"division": "scotland", "events": []}}, "division: expected 'england-and-wales'"),
            ({"england-and-wales": {"events": "none"}}, r"events: expected a list"),
            ({"england-and-wales": {"events": [{"title": "X", "date": "2026-13-01"}]}}, r"events\[0\]\.date"),
            ({"england-and-wales": {"events": [{"title": "", "date": "2026-12-25"}]}}, r"events\[0\]\.title"),
            ({"england-and-wales": {"events": [{"title": "X", "date": "2026-12-25", "bunting": "yes"}]}}, "bunting"),
            (
                {"england-and-wales": {"events": [{"title": "X", "date": "2026-12-25"}] * 2}},
                r"events\[1\]\.date: 2026-12-25 is listed twice",
            ),
        ],
    )
    def test_errors_name_the_bad_part(self, data, message):
        with pytest.raises(CalendarDataError, match=message):
            parse_govuk(data)

    def test_a_file_that_is_not_json(self, tmp_path):
        path = tmp_path / "bad.json"
        path.write_text("<html>", "utf-8")
        with pytest.raises(CalendarDataError, match="not valid JSON"):
            load_bank_holidays(path)

    def test_a_calendar_from_events_knows_names_and_coverage(self):
        calendar = WorkingCalendar.from_events([BankHoliday(D(2030, 12, 25), "Christmas Day")])
        assert calendar.holiday_name(D(2030, 12, 25)) == "Christmas Day"
        assert calendar.holiday_name(D(2030, 12, 24)) is None
        assert calendar.coverage == (2030, 2030)
        assert calendar.covers(D(2030, 1, 1)) and not calendar.covers(D(2031, 1, 1))
        assert calendar == WorkingCalendar([date(2030, 12, 25)])
