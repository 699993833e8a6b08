"""Sentence and booking rules, each worked from RULES-DETAIL examples."""

from __future__ import annotations

from datetime import date

from omhub.sentencing import CORPUS_BANK_HOLIDAYS, calculate

from .builders import adjustment, case, sds


def dates_of(case_dict) -> dict[str, str]:
    result = calculate(case_dict, bank_holidays=CORPUS_BANK_HOLIDAYS)
    assert result.error is None, result.error_message
    return result.ordered_dates()


def test_standard_sds_is_released_at_half_way_on_licence_to_expiry():
    out = dates_of(case(sds("2021-11-08", weeks=26, offence="2021-10-01")))
    assert out["CRD"] == "2022-02-06"
    assert out["SLED"] == out["ESED"] == "2022-05-08"
    assert out["HDCED"] == "2021-12-24"
    assert out["TUSED"] == "2023-02-06"


def test_remand_is_deducted_from_release_and_expiry():
    out = dates_of(
        case(
            sds("2021-03-01", months=36, offence="2021-01-01"),
            adjustments={"REMAND": [adjustment("2021-03-01", 174)]},
        )
    )
    assert out["CRD"] == "2022-03-09"
    assert out["SLED"] == "2023-09-08"
    assert out["HDCED"] == "2021-09-11"
    assert out["ESED"] == "2024-02-29"


def test_pre_ora_sentence_under_twelve_months_has_no_licence():
    out = dates_of(case(sds("2014-06-02", months=6, offence="2014-01-01")))
    assert "ARD" in out and "SED" in out and "CRD" not in out


def test_sds40_sentence_passed_after_commencement_is_released_at_40_percent():
    out = dates_of(
        case(
            sds("2025-01-05", months=20, offence="2024-12-01"),
            params="calculation-params",
            featureToggles={"applyPostRecallRepealRules": True},
        )
    )
    assert out["CRD"] == "2025-09-05"
    assert "TUSED" not in out


def test_consecutive_sentences_form_one_chain():
    first = sds("2022-05-06", years=2, months=4, identifier="a", offence="2022-01-01")
    second = sds("2022-07-13", days=28, identifier="b", consecutive_to="a", offence="2022-01-01")
    third = sds("2023-04-25", months=10, identifier="c", consecutive_to="b", offence="2022-01-01")
    out = dates_of(case(first, second, third))
    assert out["SLED"] == "2025-08-03"
    assert out["CRD"] == "2023-12-19"
    assert out["HDCED"] == "2023-06-23"


def test_additional_days_beyond_expiry_are_unused():
    out = dates_of(
        case(
            sds("2020-10-19", months=7, offence="2014-01-31"),
            adjustments={"ADDITIONAL_DAYS_AWARDED": [adjustment("2020-10-20", 135)]},
        )
    )
    assert out["ARD"] == out["SED"] == "2021-05-18"
    assert out["HDCED"] == "2021-03-27"


def test_fixed_term_recall_releases_28_days_after_return_capped_at_expiry():
    recall = {"recallType": "FIXED_TERM_RECALL_28", "returnToCustodyDate": "2022-01-29"}
    out = dates_of(case(sds("2021-01-24", months=13, offence="2020-07-18", recall=recall)))
    assert out["PRRD"] == out["SLED"] == "2022-02-23"
    assert "CRD" not in out


def test_fixed_term_recall_without_return_to_custody_is_refused():
    recall = {"recallType": "FIXED_TERM_RECALL_14"}
    result = calculate(case(sds("2024-05-08", weeks=8, recall=recall)), bank_holidays=CORPUS_BANK_HOLIDAYS)
    assert result.error == "NoValidReturnToCustodyDateException"
    assert result.dates == {}


def test_remand_beyond_the_release_point_raises_a_validation_code():
    result = calculate(
        case(
            sds("2020-10-01", months=12, offence="2020-09-01"),
            params="calculation-params",
            adjustments={"REMAND": [adjustment("2020-10-01", 200)]},
        ),
        bank_holidays=CORPUS_BANK_HOLIDAYS,
    )
    assert result.validation == ("RELEASE_DATE_BEFORE_SENTENCE_DATE",)


def test_weekend_release_closes_the_custodial_group_on_the_friday():
    parts = [
        sds(
            "2023-01-06",
            weeks=4,
            identifier=f"p{i}",
            consecutive_to=f"p{i - 1}" if i else None,
            offence="2022-12-01",
            recall={"recallType": "STANDARD_RECALL"},
        )
        for i in range(3)
    ]
    ual = adjustment("2023-02-12", 19, fromDate="2023-02-11", toDate="2023-03-01")
    out = dates_of(
        case(*parts, adjustments={"RECALL_REMAND": [adjustment("2023-01-06", 4)], "UNLAWFULLY_AT_LARGE": [ual]})
    )
    assert out["TUSED"] == "2024-03-02"
    assert out["PRRD"] == out["SLED"] == "2023-04-14"


def test_bank_holidays_are_an_input_not_the_clock():
    parts = [
        sds(
            "2023-01-06",
            weeks=4,
            identifier=f"p{i}",
            consecutive_to=f"p{i - 1}" if i else None,
            offence="2022-12-01",
            recall={"recallType": "STANDARD_RECALL"},
        )
        for i in range(3)
    ]
    ual = adjustment("2023-02-12", 19, fromDate="2023-02-11", toDate="2023-03-01")
    booking = case(*parts, adjustments={"RECALL_REMAND": [adjustment("2023-01-06", 4)], "UNLAWFULLY_AT_LARGE": [ual]})
    with_friday_holiday = calculate(booking, bank_holidays={date(2023, 2, 10)})
    assert with_friday_holiday.dates == calculate(booking, bank_holidays=CORPUS_BANK_HOLIDAYS).dates
