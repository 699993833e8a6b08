"""The result object shape and the ``omhub calc`` command-line contract."""

from __future__ import annotations

import io
import json
from pathlib import Path

from omhub.sentencing import CORPUS_BANK_HOLIDAYS, ENGINE_VERSION, calculate, default_bank_holidays
from omhub.sentencing.cli import main

from .builders import case, sds
from .corpus import INPUTS

FRAMEWORK_5 = INPUTS / "framework-examples" / "5.json"
HOLIDAYS = ["--bank-holidays", "2021-12-27,2021-12-28"]


def run_cli(argv, stdin_text=""):
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(stdin_text), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def test_result_has_exactly_the_readme_shape():
    raw = case(sds("2021-11-08", weeks=26))
    raw["id"] = "case-1"
    payload = calculate(raw, bank_holidays=CORPUS_BANK_HOLIDAYS).to_json_dict(include_breakdown=True)
    assert list(payload) == ["id", "dates", "effectiveSentenceLength", "validation", "error", "breakdown"]
    assert payload["id"] == "case-1" and payload["error"] is None
    assert payload["effectiveSentenceLength"] == "P6M1D"
    assert any("release" in step.lower() for step in payload["breakdown"])
    assert "breakdown" not in calculate(raw).to_json_dict(include_breakdown=False)


def test_engine_version_is_a_string():
    assert isinstance(ENGINE_VERSION, str) and ENGINE_VERSION


def test_the_shipped_calendar_covers_2015_to_2028():
    years = {d.year for d in default_bank_holidays()}
    assert set(range(2015, 2029)) <= years


def test_one_file_prints_one_result():
    status, out, _ = run_cli([str(FRAMEWORK_5), *HOLIDAYS, "--no-breakdown"])
    assert status == 0
    result = json.loads(out)
    assert result["dates"]["PED"] == "2029-12-15" and "breakdown" not in result


def test_several_files_print_a_list_in_order(tmp_path: Path):
    second = tmp_path / "second.json"
    raw = case(sds("2021-11-08", weeks=26))
    raw["id"] = "second"
    second.write_text(json.dumps(raw))
    status, out, _ = run_cli([str(FRAMEWORK_5), str(second), *HOLIDAYS])
    results = json.loads(out)
    assert status == 0 and [r["id"] for r in results] == [None, "second"]


def test_jsonl_gives_one_line_per_case_and_survives_bad_lines():
    good = json.dumps(json.loads(FRAMEWORK_5.read_text()))
    status, out, _ = run_cli(["--jsonl", *HOLIDAYS], f"{good}\n{{not json\n[1, 2]\n{good}\n")
    lines = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert [r["error"] for r in lines] == [None, "InvalidJSON", "InvalidInput", None]


def test_an_unreadable_file_gives_an_error_result_and_status_1(tmp_path: Path):
    status, out, _ = run_cli([str(tmp_path / "missing.json")])
    assert status == 1 and json.loads(out)["error"] == "UnreadableInput"


def test_compare_lists_cases_whose_dates_differ_between_profiles():
    raw = case(sds("2024-01-15", years=2, offence="2023-06-01"), params="sds-50")
    status, out, err = run_cli(
        ["--jsonl", "--compare", "sds-50", "calculation-params", *HOLIDAYS], json.dumps(raw) + "\n"
    )
    assert status == 0
    report = json.loads(out)
    assert report["differences"]["CRD"]["days"] < 0
    assert "1 of 1 cases differ" in err


def test_progress_bar_only_when_asked_or_on_a_terminal():
    good = json.dumps(json.loads(FRAMEWORK_5.read_text()))
    _, _, quiet = run_cli(["--jsonl", *HOLIDAYS], good + "\n")
    _, _, shown = run_cli(["--jsonl", "--progress", *HOLIDAYS], good + "\n")
    assert quiet == "" and "1 cases" in shown


def test_usage_errors_exit_2():
    assert run_cli([])[0] == 2
    assert run_cli(["--jsonl", "--compare", "sds-50", "nope"])[0] == 2
    assert run_cli(["--help"])[0] == 0
