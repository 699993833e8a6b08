"""A booking's records and the reference engine's booking JSON are two views of one thing: every one of
the 559 reference cases, imported into a person's records and exported again, gives the engine the same
inputs, so it calculates the same dates, validation messages and refusals."""

import datetime
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from omhub.calculations import booking_json, services
from omhub.calculations.models import Adjustment, Sentence
from omhub.sentencing import CORPUS_BANK_HOLIDAYS, calculate
from tests.factories import PersonFactory

CASES = sorted((Path(__file__).resolve().parents[1] / "data" / "crd-cases" / "overall_calculation").glob("*/*.json"))


def outcome(case: dict) -> dict:
    result = calculate(case, bank_holidays=CORPUS_BANK_HOLIDAYS)
    return {"dates": result.ordered_dates(), "esl": result.effective_sentence_length,
            "validation": result.validation, "error": result.error}


def test_every_reference_case_survives_import_and_export_unchanged_for_the_engine(staff, units):
    ba = staff["business-administrator"]
    differences = []
    for path in CASES:
        case = json.loads(path.read_text())
        born = datetime.date.fromisoformat(case["booking"]["offender"]["dateOfBirth"])
        person = PersonFactory(establishment=units["LEI"], date_of_birth=born)
        booking = services.import_booking(actor=ba, person=person, case=case)
        exported = booking_json.to_engine_json(booking)
        if outcome(exported) != outcome(case):
            differences.append(path.relative_to(path.parents[1]).as_posix())
    assert differences == []
    assert len(CASES) == 559


def test_an_import_keeps_the_court_cases_consecutive_links_and_adjustments(staff, person):
    case = {"booking": {"offender": {"reference": "X", "dateOfBirth": "1985-03-27"}, "sentences": [
        {"type": "StandardSentence", "identifier": "a", "caseReference": "T20260001", "sentencedAt": "2026-01-10",
         "offence": {"committedAt": "2025-06-01", "offenceCode": "TH68010"},
         "duration": {"durationElements": {"YEARS": 2}}},
        {"type": "StandardSentence", "identifier": "b", "caseReference": "T20260001", "sentencedAt": "2026-01-10",
         "offence": {"committedAt": "2025-06-02"}, "duration": {"durationElements": {"MONTHS": 6}},
         "consecutiveSentenceUUIDs": ["a"]}],
        "adjustments": {"REMAND": [{"numberOfDays": 30, "fromDate": "2025-12-01", "toDate": "2025-12-30"}],
                        "UNLAWFULLY_AT_LARGE": [{"numberOfDays": 3, "additionalInfo": {"type": "UAL",
                                                                                       "reason": "RECALL"}}]}},
        "params": "calculation-params"}
    booking = services.import_booking(actor=staff["business-administrator"], person=person, case=case)
    first, second = Sentence.objects.filter(booking=booking).order_by("line_number")
    assert first.court_case == second.court_case and first.court_case.case_reference == "T20260001"
    assert second.consecutive_to == first and first.offence_code == "TH68010"
    ual = Adjustment.objects.get(kind="UNLAWFULLY_AT_LARGE")
    assert (ual.ual_reason, ual.extra) == ("RECALL", {"type": "UAL"})
    exported = booking_json.to_engine_json(booking)
    assert exported["booking"]["offender"] == {"reference": person.prison_number, "dateOfBirth": "1985-03-27",
                                               "isActiveSexOffender": False}
    assert exported["booking"]["adjustments"]["UNLAWFULLY_AT_LARGE"] == [
        {"numberOfDays": 3, "additionalInfo": {"type": "UAL", "reason": "RECALL"}}]


def test_a_case_the_engine_cannot_read_is_refused_with_every_problem_and_nothing_saved(staff, person):
    case = {"booking": {"offender": {"dateOfBirth": "1990-01-01"}, "sentences": [
        {"sentencedAt": "2026-13-01", "duration": {"durationElements": {"FORTNIGHTS": 2}}}]}}
    with pytest.raises(ValidationError) as caught:
        services.import_booking(actor=staff["business-administrator"], person=person, case=case)
    assert set(caught.value.message_dict) == {"booking.sentences[0].sentencedAt", "booking.sentences[0].offence",
                                              "booking.sentences[0].duration.durationElements.FORTNIGHTS"}
    assert not person.bookings.exists() or not person.bookings.get().sentences.exists()


def test_records_are_replaced_only_when_asked(staff, person):
    case = {"booking": {"offender": {"dateOfBirth": "1985-03-27"}, "sentences": [
        {"sentencedAt": "2026-01-10", "offence": {"committedAt": "2025-06-01"},
         "duration": {"durationElements": {"YEARS": 1}}}], "adjustments": {}}}
    ba = staff["business-administrator"]
    services.import_booking(actor=ba, person=person, case=case)
    with pytest.raises(ValidationError, match="already has sentences"):
        services.import_booking(actor=ba, person=person, case=case)
    booking = services.import_booking(actor=ba, person=person, case=case, replace=True)
    assert booking.sentences.count() == 1 and person.bookings.count() == 1


def test_only_the_hub_records_sentences_and_only_for_its_own_people(staff, person, outsider):
    from django.core.exceptions import PermissionDenied

    case = {"booking": {"offender": {"dateOfBirth": "1990-01-01"}, "sentences": []}}
    for user in (staff["offender-manager"], staff["auditor"], outsider):
        with pytest.raises(PermissionDenied):
            services.import_booking(actor=user, person=person, case=case)


def test_a_booking_for_someone_born_on_another_day_is_refused(staff, person):
    case = {"booking": {"offender": {"dateOfBirth": "1990-01-01"}, "sentences": [
        {"sentencedAt": "2026-01-10", "offence": {"committedAt": "2025-06-01"},
         "duration": {"durationElements": {"YEARS": 1}}}]}}
    with pytest.raises(ValidationError, match="born on 1 January 1990, but John Smith was born on 27 March 1985"):
        services.import_booking(actor=staff["business-administrator"], person=person, case=case)
