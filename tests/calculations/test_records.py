"""Sentence records kept by the hub: court cases, sentences and adjustments, each change permission-checked,
checked as the engine and the law need, locked on the booking's version, audited, and all or nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omhub.audit.models import AuditEvent
from omhub.calculations import booking_json, records
from omhub.calculations.models import Adjustment, Booking, CourtCase, Sentence
from omhub.core.errors import ConflictError
from omhub.sentencing import calculate
from tests.calculations.record_helpers import (
    NOW,
    add_adjustment,
    add_court_case,
    add_sentence,
    booking_of,
    remand,
    sds,
    version,
)

D = datetime.date


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def ba(staff):
    return staff["business-administrator"]


@pytest.fixture
def court_case(ba, person):
    return add_court_case(ba, person)


def problems(caught) -> dict:
    return caught.value.message_dict


def refused(call, **kwargs) -> dict:
    with pytest.raises(ValidationError) as caught:
        call(**kwargs)
    return problems(caught)


def add_refused(ba, person, data) -> dict:
    return refused(records.add_sentence, actor=ba, person=person, expected_version=version(person), data=data)


# -- court cases and the booking -------------------------------------------------------------------------


def test_the_first_court_case_opens_the_persons_booking_and_is_audited(ba, person):
    assert version(person) == 0
    court_case = add_court_case(ba, person)
    booking = booking_of(person)
    assert court_case.booking == booking and booking.version == 1
    event = AuditEvent.objects.get(object_type="calculations.courtcase")
    assert (event.action, event.person_id, event.actor) == ("create", person.pk, ba)
    assert event.after == {"court_name": "Leeds Crown Court", "case_reference": "T20267001",
                           "appearance_date": "2026-03-02"}


def test_a_court_case_needs_a_court_and_a_sensible_reference_and_hearing_date(ba, person):
    found = refused(records.add_court_case, actor=ba, person=person, expected_version=0,
                    data={"court_name": " ", "case_reference": "T2026<script>", "appearance_date": D(2026, 12, 1)})
    assert found == {"court_name": ["Enter the name of the court, like Leeds Crown Court"],
                     "case_reference": ["The case reference can only have letters, numbers, spaces, slashes, dots "
                                        "and dashes, like T20267001"],
                     "appearance_date": ["The date of the hearing must be today or in the past"]}
    assert not Booking.objects.filter(person=person).exists()


def test_a_court_case_is_changed_with_only_what_changed_audited(ba, person, court_case):
    records.change_court_case(actor=ba, person=person, court_case_id=court_case.pk, expected_version=version(person),
                              data={"court_name": "Bradford Crown Court", "case_reference": "T20267001",
                                    "appearance_date": D(2026, 3, 2)})
    event = AuditEvent.objects.filter(object_type="calculations.courtcase").latest("sequence")
    assert (event.action, event.before, event.after) == ("update", {"court_name": "Leeds Crown Court"},
                                                         {"court_name": "Bradford Crown Court"})
    assert booking_of(person).version == 2


def test_the_booking_details_are_checked_and_reach_the_engine(ba, person):
    found = refused(records.change_booking_details, actor=ba, person=person, expected_version=0,
                    data={"booking_number": "ABC", "return_to_custody_date": D(2027, 1, 1)})
    assert set(found) == {"booking_number", "return_to_custody_date"}
    records.change_booking_details(actor=ba, person=person, expected_version=0,
                                   data={"booking_number": "12345a", "is_active_sex_offender": True})
    booking = booking_of(person)
    assert booking.booking_number == "12345A" and booking.version == 1
    assert booking_json.to_engine_json(booking)["booking"]["offender"]["isActiveSexOffender"] is True


# -- sentences -------------------------------------------------------------------------------------------


def test_sentences_take_the_next_line_and_reach_the_engine_as_entered(ba, person, court_case):
    first = add_sentence(ba, person, sds(court_case))
    second = add_sentence(ba, person, sds(court_case, duration={"MONTHS": 6}, consecutive_to=1,
                                          offence_code=" th 68011 "))
    assert (first.line_number, second.line_number) == (1, 2)
    assert second.consecutive_to == first and second.offence_code == "TH68011"
    sentences = booking_json.to_engine_json(booking_of(person))["booking"]["sentences"]
    assert sentences[1] == {
        "type": "StandardSentence", "identifier": str(second.identifier),
        "offence": {"committedAt": "2025-06-01", "offenceCode": "TH68011"}, "sentencedAt": "2026-03-02",
        "releaseArrangements": {"isSDSPlus": False, "isSDSPlusEligibleSentenceTypeLengthAndOffence": False,
                                "sdsEarlyReleaseExclusions": [], "isSection250": False},
        "duration": {"durationElements": {"MONTHS": 6}}, "consecutiveSentenceUUIDs": [str(first.identifier)],
        "caseReference": "T20267001"}
    result = calculate(booking_json.to_engine_json(booking_of(person)))
    assert result.error is None and result.effective_sentence_length == "P3Y"


def test_each_change_is_audited_with_the_person_and_moves_the_version_on_by_one(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    records.change_sentence(actor=ba, person=person, line=1, expected_version=2,
                            data=sds(court_case, duration={"YEARS": 3}))
    assert booking_of(person).version == 3
    events = list(AuditEvent.objects.filter(object_type="calculations.sentence").order_by("sequence"))
    assert [(e.action, e.person_id) for e in events] == [("create", person.pk), ("update", person.pk)]
    assert events[0].after["duration"] == "2 years 6 months" and events[0].after["line_number"] == 1
    assert (events[1].before, events[1].after) == ({"duration": "2 years 6 months"}, {"duration": "3 years"})


def test_a_change_that_changes_nothing_is_not_a_change(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    records.change_sentence(actor=ba, person=person, line=1, expected_version=2, data=sds(court_case))
    assert booking_of(person).version == 2
    assert AuditEvent.objects.filter(object_type="calculations.sentence", action="update").count() == 0


def test_the_sentence_date_must_be_on_or_after_the_offence_date(ba, person, court_case):
    found = add_refused(ba, person, sds(court_case, offence_committed_at=D(2026, 3, 3)))
    assert found == {"sentenced_at": ["The sentence date must be on or after the offence date"]}


def test_dates_must_be_given_real_and_not_in_the_future_nor_before_the_person_was_born(ba, person, court_case):
    found = add_refused(ba, person, sds(court_case, offence_committed_at=None, sentenced_at=None))
    assert found == {"offence_committed_at": ["Enter the date of the offence (its last day, if it was committed "
                                              "over a period)"],
                     "sentenced_at": ["Enter the date the sentence was passed"]}
    found = add_refused(ba, person, sds(court_case, offence_committed_at=D(1985, 3, 1), sentenced_at=D(2026, 11, 24)))
    assert found == {"offence_committed_at": ["The offence date must be after John Smith's date of birth "
                                              "(27 March 1985)"],
                     "sentenced_at": ["The sentence date must be today or in the past"]}


@pytest.mark.parametrize(("duration", "message"), [
    (None, "Enter the length of the sentence, in years, months, weeks or days"),
    ({"YEARS": 0, "MONTHS": 0}, "Enter the length of the sentence, in years, months, weeks or days"),
    ({"YEARS": 101}, "Years must be 100 or fewer"),
    ({"DAYS": 36501}, "Days must be 36,500 or fewer"),
    ({"MONTHS": -1, "YEARS": 1}, "Months cannot be less than 0"),
    ({"FORTNIGHTS": 2}, "A term is given in years, months, weeks and days, not FORTNIGHTS"),
])
def test_a_term_is_a_real_length_in_years_months_weeks_and_days(ba, person, court_case, duration, message):
    assert add_refused(ba, person, sds(court_case, duration=duration)) == {"duration": [message]}


def test_an_extended_sentence_needs_a_custodial_term_and_an_extension_period(ba, person, court_case):
    eds = sds(court_case, kind="ExtendedDeterminateSentence", duration=None)
    expected = ["An extended sentence needs a custodial term and an extension period"]
    assert add_refused(ba, person, eds) == {"custodial_duration": expected, "extension_duration": expected}
    found = add_refused(ba, person, {**eds, "custodial_duration": {"YEARS": 5}, "extension_duration": {"YEARS": 9}})
    assert found == {"extension_duration": ["The extension period of an extended sentence must be between 1 and 8 "
                                            "years"]}
    sopc = {**eds, "kind": "SopcSentence", "custodial_duration": {"YEARS": 5}, "extension_duration": {"MONTHS": 6}}
    assert add_refused(ba, person, sopc) == {
        "extension_duration": ["The extension period of a special custodial sentence (SOPC) is always 1 year"]}
    sentence = add_sentence(ba, person, {**eds, "custodial_duration": {"YEARS": 5}, "extension_duration": {"YEARS": 4},
                                         "automatic_release": True})
    exported = booking_json.to_engine_json(booking_of(person))["booking"]["sentences"][0]
    assert exported["custodialDuration"] == {"durationElements": {"YEARS": 5}} and "duration" not in exported
    assert exported["automaticRelease"] is True and sentence.extra == {"automaticRelease": True}


def test_a_field_a_type_of_sentence_does_not_have_is_refused_rather_than_dropped(ba, person, court_case):
    found = add_refused(ba, person, sds(court_case, fine_amount=Decimal("500"), recall_type="", sdopcu18=True))
    assert found == {"fine_amount": ["A fine amount is not part of a standard determinate sentence"],
                     "sdopcu18": ["An under-18 SOPC is not part of a standard determinate sentence"]}
    dto = sds(court_case, kind="DetentionAndTrainingOrderSentence", duration={"MONTHS": 12},
              recall_type="STANDARD_RECALL")
    assert add_refused(ba, person, dto) == {"recall_type": ["A recall is not part of a detention and training order"]}


def test_a_default_term_for_a_fine_needs_the_amount_in_pounds_and_pence(ba, person, court_case):
    fine = sds(court_case, kind="AFineSentence", duration={"DAYS": 28})
    assert add_refused(ba, person, fine) == {"fine_amount": ["Enter the amount of the unpaid fine, like 1250.00"]}
    assert add_refused(ba, person, {**fine, "fine_amount": "lots"}) == {
        "fine_amount": ["The fine amount must be an amount of money, like 1250.00"]}
    assert add_refused(ba, person, {**fine, "fine_amount": Decimal("10.005")}) == {
        "fine_amount": ["The fine amount cannot have fractions of a penny"]}
    assert add_refused(ba, person, {**fine, "fine_amount": Decimal("0")}) == {
        "fine_amount": ["The fine amount must be more than £0"]}
    sentence = add_sentence(ba, person, {**fine, "fine_amount": "£1,250.50"})
    assert sentence.fine_amount == Decimal("1250.50")
    assert booking_json.to_engine_json(booking_of(person))["booking"]["sentences"][0]["fineAmount"] == 1250.5


def test_sds_plus_is_sds_plus_eligible_and_exclusions_come_from_the_list(ba, person, court_case):
    found = add_refused(ba, person, sds(court_case, is_sds_plus=True, early_release_exclusions=["SEXUAL", "NOPE"]))
    assert found == {"is_sds_plus_eligible": ["A sentence that is SDS+ is SDS+ eligible by its type, length and "
                                              "offence: tick both"],
                     "early_release_exclusions": [
                         "Choose early release exclusions from the list: SEXUAL, VIOLENT, DOMESTIC_ABUSE, "
                         "NATIONAL_SECURITY, TERRORISM, SEXUAL_T3, DOMESTIC_ABUSE_T3, MURDER_T3, "
                         "PROGRESSION_MODEL_SCHEDULE_13_PART_3, SA2026_PROGRESSION_MODEL_SCHEDULE"]}
    sentence = add_sentence(ba, person, sds(court_case, is_sds_plus=True, is_sds_plus_eligible=True,
                                            early_release_exclusions=["VIOLENT", "SEXUAL"], is_section_250=True))
    assert sentence.early_release_exclusions == ["SEXUAL", "VIOLENT"]


def test_a_recall_has_its_type_and_dates_in_order(ba, person, court_case):
    found = add_refused(ba, person, sds(court_case, revocation_date=D(2026, 6, 1)))
    assert found == {"recall_type": ["Choose the type of recall, or leave the recall dates blank"]}
    found = add_refused(ba, person, sds(court_case, recall_type="STANDARD_RECALL", revocation_date=D(2026, 3, 1),
                                        return_to_custody_date=D(2026, 2, 1)))
    assert found == {"revocation_date": ["The licence can only be revoked after the sentence date"],
                     "return_to_custody_date": ["The return to custody date must be on or after the revocation date"]}
    found = add_refused(ba, person, sds(court_case, recall_type="FIXED_TERM_RECALL_28", revocation_date=D(2026, 6, 1)))
    assert found == {"return_to_custody_date": ["A fixed term recall needs the date they returned to custody"]}
    records.change_booking_details(actor=ba, person=person, expected_version=version(person),
                                   data={"return_to_custody_date": D(2026, 6, 3)})
    recalled = add_sentence(ba, person, sds(court_case, recall_type="FIXED_TERM_RECALL_28",
                                            revocation_date=D(2026, 6, 1)))
    assert recalled.recall_type == "FIXED_TERM_RECALL_28"
    assert booking_json.to_engine_json(booking_of(person))["booking"]["sentences"][0]["recall"] == {
        "recallType": "FIXED_TERM_RECALL_28", "revocationDate": "2026-06-01"}


def test_every_problem_is_told_at_once_and_nothing_is_saved(ba, person, court_case):
    found = add_refused(ba, person, {"kind": "StandardSentence", "court_case": 999, "offence_code": "TH 6801?",
                                     "offence_committed_at": D(2026, 4, 1), "sentenced_at": D(2026, 3, 2),
                                     "duration": None, "consecutive_to": 7})
    assert set(found) == {"court_case", "offence_code", "sentenced_at", "duration", "consecutive_to"}
    assert not Sentence.objects.exists() and booking_of(person).version == 1
    assert not AuditEvent.objects.filter(object_type="calculations.sentence").exists()


def test_a_sentence_cannot_be_consecutive_to_itself_or_to_one_consecutive_to_it(ba, person, court_case):
    for line in (1, 2, 3):
        add_sentence(ba, person, sds(court_case, consecutive_to=line - 1 or None))
    loop = "A sentence cannot be consecutive to itself or to a sentence that is consecutive to it"
    assert refused(records.change_sentence, actor=ba, person=person, line=1, expected_version=version(person),
                   data=sds(court_case, consecutive_to=1)) == {"consecutive_to": [loop]}
    assert refused(records.change_sentence, actor=ba, person=person, line=1, expected_version=version(person),
                   data=sds(court_case, consecutive_to=3)) == {"consecutive_to": [loop]}
    chain = [(s.line_number, s.consecutive_to.line_number if s.consecutive_to else None)
             for s in Sentence.objects.order_by("line_number")]
    assert chain == [(1, None), (2, 1), (3, 2)]


def test_a_sentence_is_only_consecutive_to_one_passed_on_or_before_it(ba, person, court_case):
    add_sentence(ba, person, sds(court_case, sentenced_at=D(2026, 3, 9)))
    found = add_refused(ba, person, sds(court_case, consecutive_to=1))
    assert found == {"consecutive_to": ["A sentence can only be consecutive to one passed on or before its own "
                                        "sentence date: line 1 was passed on 9 March 2026"]}


def test_removing_a_sentence_renumbers_the_lines_after_it_and_keeps_their_links(ba, person, court_case):
    first = add_sentence(ba, person, sds(court_case))
    add_sentence(ba, person, sds(court_case, duration={"MONTHS": 3}))
    third = add_sentence(ba, person, sds(court_case, duration={"MONTHS": 4}, consecutive_to=1))
    fourth = add_sentence(ba, person, sds(court_case, duration={"MONTHS": 5}, consecutive_to=3))
    records.remove_sentence(actor=ba, person=person, line=2, expected_version=version(person))
    lines = {s.pk: (s.line_number, s.consecutive_to_id) for s in Sentence.objects.all()}
    assert lines == {first.pk: (1, None), third.pk: (2, first.pk), fourth.pk: (3, third.pk)}
    event = AuditEvent.objects.get(object_type="calculations.sentence", action="delete")
    assert event.before["duration"] == "3 months" and event.after == {"renumbered": {"3": 2, "4": 3}}
    assert len(booking_json.to_engine_json(booking_of(person))["booking"]["sentences"]) == 3


def test_a_sentence_others_are_consecutive_to_stays_until_they_are_changed(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    add_sentence(ba, person, sds(court_case, consecutive_to=1))
    add_sentence(ba, person, sds(court_case, consecutive_to=1))
    found = refused(records.remove_sentence, actor=ba, person=person, line=1, expected_version=version(person))
    assert found == {"__all__": ["Line 1 cannot be removed while lines 2 and 3 are consecutive to it: change lines "
                                 "2 and 3 first"]}
    assert Sentence.objects.count() == 3


def test_remand_cannot_be_left_counting_towards_a_sentence_date_no_sentence_has(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    add_adjustment(ba, person, **remand())
    found = refused(records.change_sentence, actor=ba, person=person, line=1, expected_version=version(person),
                    data=sds(court_case, sentenced_at=D(2026, 3, 3)))
    assert found == {"sentenced_at": ["Remand of 91 days counts towards the sentences passed on 2 March 2026, and "
                                      "no sentence would be left with that date: change or remove it first"]}
    assert set(refused(records.remove_sentence, actor=ba, person=person, line=1,
                       expected_version=version(person))) == {"__all__"}
    add_sentence(ba, person, sds(court_case, duration={"MONTHS": 1}))
    records.remove_sentence(actor=ba, person=person, line=1, expected_version=version(person))


def test_a_stale_version_is_refused_and_nothing_is_saved(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    with pytest.raises(ConflictError) as caught:
        records.change_sentence(actor=ba, person=person, line=1, expected_version=1,
                                data=sds(court_case, duration={"YEARS": 9}))
    assert caught.value.current_version == 2
    assert "Someone else changed John Smith's sentence records" in caught.value.message
    assert Sentence.objects.get().duration == {"YEARS": 2, "MONTHS": 6}
    with pytest.raises(ConflictError):
        records.add_court_case(actor=ba, person=person, expected_version=0, data={"court_name": "York"})
    assert CourtCase.objects.count() == 1


def test_removing_a_court_case_removes_its_sentences_unless_another_case_depends_on_them(ba, person, court_case):
    later = add_court_case(ba, person, court_name="York Crown Court", case_reference="T20267002",
                           appearance_date=D(2026, 4, 1))
    add_sentence(ba, person, sds(court_case))
    add_sentence(ba, person, sds(later, sentenced_at=D(2026, 4, 1), consecutive_to=1))
    add_sentence(ba, person, sds(court_case, duration={"MONTHS": 2}))
    found = refused(records.remove_court_case, actor=ba, person=person, court_case_id=court_case.pk,
                    expected_version=version(person))
    assert found == {"__all__": ["Line 2 is consecutive to line 1 of this court case: change line 2 first"]}
    records.remove_court_case(actor=ba, person=person, court_case_id=later.pk, expected_version=version(person))
    assert list(Sentence.objects.values_list("line_number", "duration")) == [
        (1, {"YEARS": 2, "MONTHS": 6}), (2, {"MONTHS": 2})]
    event = AuditEvent.objects.get(object_type="calculations.courtcase", action="delete")
    assert event.before["court_name"] == "York Crown Court" and len(event.before["sentences"]) == 1


def test_a_record_of_another_booking_or_person_is_not_found(ba, person, court_case, units):
    from tests.factories import PersonFactory

    other = PersonFactory(establishment=units["LEI"])
    with pytest.raises(CourtCase.DoesNotExist):
        records.change_court_case(actor=ba, person=other, court_case_id=court_case.pk, expected_version=0,
                                  data={"court_name": "X"})
    with pytest.raises(Sentence.DoesNotExist):
        records.remove_sentence(actor=ba, person=person, line=5, expected_version=version(person))


# -- the engine has the last word ------------------------------------------------------------------------


def test_what_the_engine_cannot_read_is_refused_with_its_line_and_nothing_is_saved(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    Sentence.objects.update(duration={"YEARS": -2})  # a record damaged outside omhub
    found = refused(records.add_sentence, actor=ba, person=person, expected_version=version(person),
                    data=sds(court_case, duration={"MONTHS": 1}))
    assert found == {"__all__": [
        "The calculation engine could not read the records with this change: Sentence 1, the term: cannot be less "
        "than 0 (booking.sentences[0].duration.durationElements.YEARS)"]}
    assert Sentence.objects.count() == 1 and booking_of(person).version == 2


def test_the_engines_problems_land_on_the_field_of_the_record_being_changed(ba, person, court_case):
    from omhub.calculations import record_checks
    from omhub.sentencing import InputError, parse_request

    first = add_sentence(ba, person, sds(court_case))
    case = booking_json.to_engine_json(booking_of(person))
    case["booking"]["sentences"][0]["sentencedAt"] = "2026-02-30"
    case["booking"]["adjustments"] = {"REMAND": [{"numberOfDays": -3}]}
    with pytest.raises(InputError) as caught:
        parse_request(case)
    assert record_checks.engine_errors(caught.value, sentence=first) == {
        "sentenced_at": ["The calculation engine cannot use this: Sentence 1, the sentence date: must be a real date "
                         "(booking.sentences[0].sentencedAt)"],
        "__all__": ["The calculation engine could not read the records with this change: Remand 1, the number of "
                    "days: cannot be less than 0 (booking.adjustments.REMAND[0].numberOfDays)"]}
    remand_record = Adjustment(kind="REMAND")
    assert set(record_checks.engine_errors(caught.value, adjustment=remand_record, adjustment_index=0)) == {
        "__all__", "days"}


# -- adjustments -----------------------------------------------------------------------------------------


def test_remand_counts_its_days_from_its_dates_both_included(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    adjustment = add_adjustment(ba, person, **remand())
    assert (adjustment.days, adjustment.applies_from, adjustment.created_by) == (91, D(2026, 3, 2), ba)
    assert booking_json.to_engine_json(booking_of(person))["booking"]["adjustments"] == {"REMAND": [
        {"appliesToSentencesFrom": "2026-03-02", "numberOfDays": 91, "fromDate": "2025-12-01", "toDate": "2026-03-01"}]}
    event = AuditEvent.objects.get(object_type="calculations.adjustment")
    assert event.person_id == person.pk and event.after["days"] == 91


def test_remand_days_that_do_not_match_its_dates_are_refused_in_words(ba, person, court_case):
    add_sentence(ba, person, sds(court_case, sentenced_at=D(2026, 4, 1)))
    found = refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                    data=remand(from_date=D(2026, 3, 1), to_date=D(2026, 3, 30), days=31, applies_from=D(2026, 4, 1)))
    assert found == {"days": ["Remand from 1 March to 30 March 2026 is 30 days, not 31"]}
    found = refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                    data=remand(from_date=D(2025, 12, 30), to_date=D(2026, 1, 2), days=3, applies_from=D(2026, 4, 1)))
    assert found == {"days": ["Remand from 30 December 2025 to 2 January 2026 is 4 days, not 3"]}


def test_remand_counts_towards_a_sentence_date_of_the_booking_and_ends_before_it(ba, person, court_case):
    assert refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                   data=remand()) == {"applies_from": [
                       "Add the sentence the remand counts towards first: it counts from that sentence's date"]}
    add_sentence(ba, person, sds(court_case))
    assert refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                   data=remand(applies_from=D(2026, 3, 3))) == {"applies_from": [
                       "Choose the sentence date the remand counts towards: 2 March 2026"]}
    assert refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                   data=remand(to_date=D(2026, 3, 2))) == {"to_date": [
                       "Remand must end before the sentence date it counts towards (2 March 2026)"]}


def test_a_day_on_remand_counts_once(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    add_adjustment(ba, person, **remand())
    found = refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                    data=remand(from_date=D(2026, 2, 1), to_date=D(2026, 2, 10)))
    assert found == {"from_date": ["This remand overlaps the remand from 1 December 2025 to 1 March 2026: a day on "
                                   "remand counts once"]}
    assert Adjustment.objects.count() == 1


def test_tagged_bail_is_a_number_of_days_its_dates_optional(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    tagged = {"kind": "TAGGED_BAIL", "applies_from": D(2026, 3, 2)}
    assert refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                   data=tagged) == {"days": ["Enter the number of days of tagged bail"]}
    assert add_adjustment(ba, person, **tagged, days=12).days == 12


def test_unlawfully_at_large_has_its_dates_and_a_reason(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    found = refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                    data={"kind": "UNLAWFULLY_AT_LARGE", "days": 5, "adjudication_reference": "ADJ-1"})
    assert found == {"from_date": ["Enter the first day of the unlawfully at large"],
                     "to_date": ["Enter the last day of the unlawfully at large"],
                     "ual_reason": ["Choose why they were unlawfully at large: recall, escape, sentenced in "
                                    "absence, release in error, immigration detention"],
                     "adjudication_reference": ["Only additional days awarded and restored have an adjudication "
                                                "reference"]}
    ual = add_adjustment(ba, person, kind="UNLAWFULLY_AT_LARGE", from_date=D(2026, 5, 1), to_date=D(2026, 5, 10),
                         ual_reason="ESCAPE")
    assert (ual.days, ual.applies_from) == (10, D(2026, 5, 1))
    assert booking_json.to_engine_json(booking_of(person))["booking"]["adjustments"]["UNLAWFULLY_AT_LARGE"] == [
        {"appliesToSentencesFrom": "2026-05-01", "numberOfDays": 10, "fromDate": "2026-05-01", "toDate": "2026-05-10",
         "additionalInfo": {"reason": "ESCAPE"}}]


def test_additional_days_have_their_adjudication_and_no_more_are_restored_than_awarded(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    found = refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                    data={"kind": "ADDITIONAL_DAYS_AWARDED", "days": 0})
    assert found == {"days": ["The number of days must be 1 or more"],
                     "from_date": ["Enter the date of the adjudication hearing that awarded the days"],
                     "adjudication_reference": ["Enter the adjudication reference, like ADJ-000123"]}
    ada = add_adjustment(ba, person, kind="ADDITIONAL_DAYS_AWARDED", days=14, from_date=D(2026, 6, 1),
                         adjudication_reference="ADJ-000123")
    found = refused(records.add_adjustment, actor=ba, person=person, expected_version=version(person),
                    data={"kind": "RESTORATION_OF_ADDITIONAL_DAYS_AWARDED", "days": 20, "from_date": D(2026, 9, 1),
                          "adjudication_reference": "ADJ-000123"})
    assert found == {"days": ["No more days can be restored than were awarded: 14 awarded, 20 restored with this "
                              "change"]}
    add_adjustment(ba, person, kind="RESTORATION_OF_ADDITIONAL_DAYS_AWARDED", days=7, from_date=D(2026, 9, 1),
                   adjudication_reference="ADJ-000123")
    found = refused(records.remove_adjustment, actor=ba, person=person, adjustment_id=ada.pk,
                    expected_version=version(person))
    assert found == {"__all__": ["Without these additional days, more days would be restored (7) than awarded (0): "
                                 "change the restored days first"]}
    assert Adjustment.objects.count() == 2


def test_an_adjustment_is_changed_and_removed_but_never_changes_its_type(ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    adjustment = add_adjustment(ba, person, **remand())
    assert refused(records.change_adjustment, actor=ba, person=person, adjustment_id=adjustment.pk,
                   expected_version=version(person), data={**remand(), "kind": "TAGGED_BAIL"}) == {
        "kind": ["The type of an adjustment cannot change: remove it and add the right one"]}
    records.change_adjustment(actor=ba, person=person, adjustment_id=adjustment.pk, expected_version=version(person),
                              data=remand(from_date=D(2026, 2, 1)))
    adjustment.refresh_from_db()
    assert adjustment.days == 29
    records.remove_adjustment(actor=ba, person=person, adjustment_id=adjustment.pk, expected_version=version(person))
    assert not Adjustment.objects.exists()
    assert [e.action for e in AuditEvent.objects.filter(object_type="calculations.adjustment").order_by(
        "sequence")] == ["create", "update", "delete"]


def test_an_imported_date_an_adjustment_counts_from_is_kept_while_its_dates_are(ba, person):
    case = {"booking": {"offender": {"dateOfBirth": "1985-03-27"}, "sentences": [
        {"sentencedAt": "2026-01-10", "offence": {"committedAt": "2025-06-01"},
         "duration": {"durationElements": {"YEARS": 2}}}],
        "adjustments": {"UNLAWFULLY_AT_LARGE": [{"appliesToSentencesFrom": "2026-05-02", "numberOfDays": 10,
                                                 "fromDate": "2026-05-01", "toDate": "2026-05-10",
                                                 "additionalInfo": {"reason": "ESCAPE", "type": "UAL"}}]}}}
    records.import_booking(actor=ba, person=person, case=case)
    ual = Adjustment.objects.get()
    records.change_adjustment(actor=ba, person=person, adjustment_id=ual.pk, expected_version=version(person),
                              data={**records.adjustment_data(ual), "applies_from": None, "ual_reason": "RECALL"})
    ual.refresh_from_db()
    assert (ual.applies_from, ual.ual_reason, ual.extra) == (D(2026, 5, 2), "RECALL", {"type": "UAL"})


# -- who may --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["offender-manager", "senior-offender-manager", "head-of-omd", "auditor",
                                  "system-administrator", "job-evaluation-panel"])
def test_only_the_hub_keeps_sentence_records(role, staff, person):
    with pytest.raises(PermissionDenied):
        records.add_court_case(actor=staff[role], person=person, expected_version=0, data={"court_name": "Leeds"})


def test_a_hub_administrator_of_another_prison_cannot_touch_these_records(outsider, ba, person, court_case):
    add_sentence(ba, person, sds(court_case))
    for call, kwargs in [(records.add_court_case, {"data": {"court_name": "Leeds"}}),
                         (records.remove_sentence, {"line": 1}),
                         (records.add_adjustment, {"data": remand()}),
                         (records.import_booking, {"case": {"booking": {}}})]:
        with pytest.raises(PermissionDenied, match="not in your units"):
            call(actor=outsider, person=person, **({"expected_version": version(person)} if call is not
                                                   records.import_booking else {}), **kwargs)
    assert Sentence.objects.count() == 1


def test_the_hub_manager_keeps_them_too(staff, person):
    add_court_case(staff["hub-manager"], person)
    assert booking_of(person).version == 1


# -- imports ---------------------------------------------------------------------------------------------


def test_an_import_with_values_longer_than_a_record_holds_is_refused_by_their_json_path(ba, person):
    case = {"booking": {"offender": {"dateOfBirth": "1985-03-27"}, "sentences": [
        {"identifier": "x" * 61, "caseReference": "R" * 41, "sentencedAt": "2026-01-10",
         "offence": {"committedAt": "2025-06-01", "offenceCode": "C" * 21},
         "duration": {"durationElements": {"YEARS": 2}}}], "adjustments": {}}}
    found = refused(records.import_booking, actor=ba, person=person, case=case)
    assert found == {"booking.sentences[0].identifier": ["booking.sentences[0].identifier must be 60 characters "
                                                         "or fewer"],
                     "booking.sentences[0].caseReference": ["booking.sentences[0].caseReference must be 40 "
                                                            "characters or fewer"],
                     "booking.sentences[0].offence.offenceCode": ["booking.sentences[0].offence.offenceCode must "
                                                                  "be 20 characters or fewer"]}
    assert not Sentence.objects.exists()


def test_imported_records_can_be_changed_through_the_same_services(ba, person):
    case = {"booking": {"offender": {"dateOfBirth": "1985-03-27"}, "sentences": [
        {"identifier": "a", "sentencedAt": "2026-01-10", "offence": {"committedAt": "2025-06-01"},
         "duration": {"durationElements": {"YEARS": 2}}, "lineSequence": 1,
         "releaseArrangements": {"sdsEarlyReleaseExclusions": ["PROGRESSION_MODEL_SCHEDULE_13_PART_3"]}}],
        "adjustments": {}}}
    records.import_booking(actor=ba, person=person, case=case)
    imported = Sentence.objects.get()
    data = records.sentence_data(imported)
    assert data["early_release_exclusions"] == ["PROGRESSION_MODEL_SCHEDULE_13_PART_3"]
    records.change_sentence(actor=ba, person=person, line=1, expected_version=version(person),
                            data={**data, "duration": {"YEARS": 3}})
    imported.refresh_from_db()
    assert imported.extra == {"lineSequence": 1} and imported.identifier == "a"
    assert booking_json.to_engine_json(booking_of(person))["booking"]["sentences"][0]["duration"] == {
        "durationElements": {"YEARS": 3}}
