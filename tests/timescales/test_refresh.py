"""Refreshing the bank holidays from a downloaded GOV.UK file (never from the network here)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from omhub.timescales import CalendarDataError
from omhub.timescales.calendar import load_bank_holidays, shipped_data_path
from omhub.timescales.refresh import GOVUK_URL, build_parser, main, refresh_from_file

from .support import D


def govuk_file(path: Path, events: list[dict]) -> Path:
    path.write_text(json.dumps({
        "england-and-wales": {"division": "england-and-wales", "events": events},
        "scotland": {"division": "scotland", "events": [{"title": "St Andrew’s Day", "date": "2026-11-30"}]},
    }), "utf-8")
    return path


def event(day: str, title: str, notes: str = "", bunting: bool = True) -> dict:
    return {"title": title, "date": day, "notes": notes, "bunting": bunting}


@pytest.fixture
def target(tmp_path) -> Path:
    """A copy of the shipped file: the tests never write the real one."""
    copy = tmp_path / "shipped.json"
    shutil.copyfile(shipped_data_path(), copy)
    return copy


@pytest.fixture
def download(tmp_path) -> Path:
    """GOV.UK's 2027 as published, plus an invented one-off day and a title change."""
    return govuk_file(tmp_path / "bank-holidays.json", [
        event("2027-01-01", "New Year’s Day"),
        event("2027-03-26", "Good Friday", bunting=False),
        event("2027-03-29", "Easter Monday"),
        event("2027-05-03", "Early May bank holiday"),
        event("2027-05-31", "Spring bank holiday"),
        event("2027-06-07", "Extra bank holiday"),
        event("2027-08-30", "Summer bank holiday"),
        event("2027-12-27", "Christmas Day", "Substitute day"),
        event("2027-12-28", "Boxing Day", "Substitute day (renamed)"),
    ])


def test_the_download_replaces_its_years_and_keeps_the_others(target, download):
    before = load_bank_holidays(target)
    summary = refresh_from_file(download, target=target)
    after = load_bank_holidays(target)
    assert summary.years_replaced == (2027,)
    assert [e.date for e in summary.added] == [D(2027, 6, 7)]
    assert summary.removed == ()
    assert [e.date for e in summary.changed] == [D(2027, 12, 28)]
    assert (summary.first_year, summary.last_year, summary.total) == (2015, 2028, len(before) + 1)
    assert [e for e in after if e.date.year != 2027] == [e for e in before if e.date.year != 2027]
    assert "2027-2027 refreshed from" in json.loads(target.read_text("utf-8"))["source"]


def test_a_day_gone_from_the_download_is_removed(target, tmp_path):
    source = govuk_file(tmp_path / "one.json", [event("2026-12-25", "Christmas Day")])
    summary = refresh_from_file(source, target=target)
    assert summary.years_replaced == (2026,) and len(summary.removed) == 7
    assert [e.date for e in load_bank_holidays(target) if e.date.year == 2026] == [D(2026, 12, 25)]


def test_a_dry_run_writes_nothing(target, download):
    text = target.read_text("utf-8")
    summary = refresh_from_file(download, target=target, dry_run=True)
    assert summary.any_change and not summary.written
    assert summary.lines()[-1].startswith("Would write 116 bank holidays (2015 to 2028)")
    assert target.read_text("utf-8") == text


def test_refreshing_twice_changes_nothing_the_second_time(target, download):
    refresh_from_file(download, target=target)
    assert not refresh_from_file(download, target=target).any_change


def test_an_empty_download_is_refused(target, tmp_path):
    text = target.read_text("utf-8")
    with pytest.raises(CalendarDataError, match="no England & Wales bank holidays"):
        refresh_from_file(govuk_file(tmp_path / "empty.json", []), target=target)
    assert target.read_text("utf-8") == text


def test_a_new_target_file_is_created(tmp_path, download):
    summary = refresh_from_file(download, target=tmp_path / "new.json")
    assert summary.total == 9 and (summary.first_year, summary.last_year) == (2027, 2027)


class TestCommandLine:
    def test_from_a_file(self, target, download, capsys):
        assert main(["refresh", "--from", str(download), "--to", str(target)]) == 0
        out = capsys.readouterr().out
        assert "1 added, 0 removed, 1 changed" in out
        assert "added   Monday 7 June 2027 Extra bank holiday" in out
        assert f"Wrote 116 bank holidays (2015 to 2028) to {target}" in out

    def test_a_bad_file_exits_1(self, target, tmp_path, capsys):
        bad = tmp_path / "bad.json"
        bad.write_text("{}", "utf-8")
        assert main(["refresh", "--from", str(bad), "--to", str(target)]) == 1
        assert "refresh failed: england-and-wales: missing" in capsys.readouterr().err
        assert main(["refresh", "--from", str(tmp_path / "absent.json"), "--to", str(target)]) == 1

    def test_usage_errors_exit_2(self, capsys):
        assert main(["refresh"]) == 2
        assert main(["refresh", "--from", "a.json", "--url"]) == 2
        assert main([]) == 2

    def test_url_defaults_to_govuk(self):
        assert build_parser().parse_args(["refresh", "--url"]).url == GOVUK_URL

    def test_python_dash_m(self, target, download):
        done = subprocess.run(
            [sys.executable, "-m", "omhub.timescales", "refresh", "--from", str(download), "--to", str(target),
             "--dry-run"],
            capture_output=True, text=True, timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert "Would write 116 bank holidays" in done.stdout
