"""Calculating a sentence calculation work item: the preparer's calculation, the checker's recalculation,
dates by hand where the engine cannot, and what a calculation must be before the item goes for check."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omhub.audit.models import AuditEvent
from omhub.calculations import booking_json, checking
from omhub.calculations.models import Calculation
from omhub.casework import services as casework
from omhub.casework.models import Transition, WorkItem
from omhub.core.errors import ConflictError
from omhub.sentencing import ENGINE_VERSION, calculate
from omhub.sentencing.legislation import DEFAULT_PROFILE
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import booking_case, imported, reference_case, send_for_check, version
from tests.factories import PersonFactory


def test_a_calculation_keeps_exactly_what_the_engine_read_and_what_it_gave(staff, calculation_item, person):
    calculation = checking.calculate(actor=staff["business-administrator"], item=calculation_item, reason="initial")
    booking = person.bookings.get()
    sent = booking_json.to_engine_json(booking, calculate_ersed=True)
    result = calculate(sent)
    assert calculation.inputs == sent and sent["userInputs"] == {"calculateErsed": True}
    assert (calculation.profile, calculation.engine_version) == (DEFAULT_PROFILE, ENGINE_VERSION)
    assert calculation.dates == result.ordered_dates() == {
        "SLED": "2028-03-20", "CRD": "2027-04-27", "HDCED": "2027-01-08", "ERSED": "2026-11-25",
        "TUSED": "2028-04-27", "ESED": "2028-04-19"}
    assert list(calculation.dates) == list(result.ordered_dates())  # the engine's order, kept
    assert calculation.effective_sentence_length == "P1Y6M"
    assert calculation.breakdown == list(result.breakdown) and "deductions of 30 days" in calculation.breakdown[0]
    assert (calculation.status, calculation.booking, calculation.is_manual) == ("preliminary", booking, False)
    assert checking.current_calculation(calculation_item) == calculation


def test_the_work_items_reason_and_the_calculations_reason_agree(staff, calculation_item):
    ba = staff["business-administrator"]
    checking.calculate(actor=ba, item=calculation_item, reason="further-sentences")
    assert WorkItem.objects.get(pk=calculation_item.pk).values["reason"] == "Further sentences"
    calculation = checking.calculate(actor=ba, item=calculation_item, reason="other", reason_detail="Warrant amended")
    assert (calculation.reason, calculation.reason_detail) == ("other", "Warrant amended")
    assert WorkItem.objects.get(pk=calculation_item.pk).values["reason"] == "Other"


def test_an_imported_cases_legislation_profile_is_the_one_calculated_under(staff, calculation_item, person):
    case = booking_case()
    case["params"] = "sds-50"
    imported(staff["business-administrator"], person, case, replace=True)
    calculation = checking.calculate(actor=staff["business-administrator"], item=calculation_item, reason="initial")
    assert calculation.profile == calculation.inputs["params"] == "sds-50"


def test_a_new_calculation_supersedes_the_preparers_earlier_ones(staff, calculation_item):
    ba = staff["business-administrator"]
    first = checking.calculate(actor=ba, item=calculation_item, reason="initial")
    second = checking.calculate(actor=ba, item=calculation_item, reason="initial")
    first.refresh_from_db()
    assert first.status == "superseded" and checking.current_calculation(calculation_item) == second
    assert [step.action for step in Transition.objects.filter(work_item=calculation_item)][-2:] == [
        "calculate", "calculate"]


@pytest.mark.parametrize("reason, detail, field", [("", "", "reason"), ("whim", "", "reason"),
                                                    ("recheck-maybe", "", "reason"), ("other", " ", "reason_detail")])
def test_the_reason_is_one_of_the_hubs_reasons_and_other_is_said(staff, calculation_item, reason, detail, field):
    with pytest.raises(ValidationError) as caught:
        checking.calculate(actor=staff["business-administrator"], item=calculation_item, reason=reason,
                           reason_detail=detail)
    assert set(caught.value.message_dict) == {field}
    assert not Calculation.objects.exists()


def test_nothing_is_calculated_without_sentences(staff, case_types, person):
    ba = staff["business-administrator"]
    item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
    with pytest.raises(ValidationError, match="John Smith has no sentences recorded"):
        checking.calculate(actor=ba, item=item, reason="initial")


def test_only_sentence_calculation_items_are_calculated(staff, case_types, person):
    ba = staff["business-administrator"]
    imported(ba, person, booking_case())
    item = casework.open_work_item(actor=ba, case_type=case_types["hdc"], person=person)
    with pytest.raises(ValidationError, match="not a sentence calculation"):
        checking.calculate(actor=ba, item=item, reason="initial")


@pytest.mark.parametrize("role", ["offender-manager", "head-of-omd", "auditor", "system-administrator"])
def test_only_the_hub_calculates(role, staff, calculation_item):
    with pytest.raises(PermissionDenied):
        checking.calculate(actor=staff[role], item=calculation_item, reason="initial")


def test_another_establishments_hub_cannot_calculate(outsider, calculation_item):
    with pytest.raises(PermissionDenied, match="unit you do not work in"):
        checking.calculate(actor=outsider, item=calculation_item, reason="initial")


def test_while_it_waits_for_check_the_preparer_cannot_calculate_and_the_checker_recalculates(staff, submitted):
    item, calculation = submitted
    with pytest.raises(ConflictError, match="waiting for its second check"):
        checking.calculate(actor=staff["business-administrator"], item=item, reason="initial")
    again = checking.calculate(actor=staff["hub-manager"], item=item)
    assert (again.reason, again.status) == ("initial", "preliminary")
    assert checking.current_calculation(item) == calculation  # a check, never the current calculation
    assert checking.recalculations(item) == [again]
    step = Transition.objects.filter(work_item=item).last()
    assert (step.action, step.reason, step.details["matches"]) == (
        "recalculate", "Matches the preparer's calculation", True)
    assert WorkItem.objects.get(pk=item.pk).version == item.version  # the checker's confirm form stays valid


def test_a_recalculation_after_the_records_changed_shows_it_differs(staff, submitted, person):
    item, calculation = submitted
    imported(staff["hub-manager"], person, booking_case(remand_days=20), replace=True)
    again = checking.calculate(actor=staff["hub-manager"], item=item)
    assert not checking.same_result(calculation, again)
    assert again.dates["CRD"] == "2027-05-07" and calculation.dates["CRD"] == "2027-04-27"
    assert Transition.objects.filter(work_item=item).last().reason == "Differs from the preparer's calculation"


def test_a_hub_manager_does_not_check_their_own_calculation(staff, calculation_item):
    manager = staff["hub-manager"]
    checking.calculate(actor=manager, item=calculation_item, reason="initial")
    send_for_check(calculation_item, manager)
    with pytest.raises(casework.FourEyesError, match="someone else must check it"):
        checking.calculate(actor=manager, item=calculation_item)


def test_an_approved_item_is_not_calculated_again(staff, submitted):
    from tests.calculations.check_support import confirm_current

    item, _ = submitted
    confirm_current(item, staff["hub-manager"])
    with pytest.raises(ConflictError, match="approved: it cannot be calculated now"):
        checking.calculate(actor=staff["business-administrator"], item=item, reason="initial")


def test_a_calculation_is_audited_and_on_the_items_history(staff, calculation_item):
    calculation = checking.calculate(actor=staff["business-administrator"], item=calculation_item,
                                     reason="initial")
    event = AuditEvent.objects.get(object_type="calculations.calculation", object_id=str(calculation.pk))
    assert event.action == "create" and event.person_id == calculation_item.person_id
    assert event.after["dates"]["CRD"] == "2027-04-27" and event.after["work_item"] == calculation_item.reference
    step = Transition.objects.filter(work_item=calculation_item, action="calculate").get()
    assert step.reason == "Initial calculation" and step.details["calculation"] == calculation.pk


# -- cases the engine cannot calculate ---------------------------------------------------------------------


def _item_for(staff, case_types, case: dict):
    ba = staff["business-administrator"]
    person = PersonFactory(establishment=staff["business-administrator"].units.get(),
                           date_of_birth=datetime.date.fromisoformat(case["booking"]["offender"]["dateOfBirth"]))
    imported(ba, person, case)
    item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
    return casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)


def test_a_refused_case_goes_to_dates_by_hand_with_a_reason(staff, case_types):
    ba = staff["business-administrator"]
    item = _item_for(staff, case_types, reference_case("validation/crs-2115.json"))
    refused = checking.calculate(actor=ba, item=item, reason="recall")
    assert refused.error == "NoValidReturnToCustodyDateException" and refused.dates == {}
    assert checking.needs_manual_dates(refused)
    with pytest.raises(ValidationError, match="Calculate the release dates first|engine could not calculate"):
        send_for_check(item, ba)
    manual = checking.record_manual_dates(actor=ba, item=item, reason="Return to custody date from the recall "
                                          "dossier; calculated by hand", dates={"PRRD": datetime.date(2027, 2, 1),
                                                                              "SLED": "2027-08-01"})
    assert manual.is_manual and manual.dates == {"SLED": "2027-08-01", "PRRD": "2027-02-01"}
    assert (manual.reason, manual.error) == ("recall", "")
    step = Transition.objects.filter(work_item=item).last()
    assert (step.action, step.reason) == ("enter dates by hand", "Return to custody date from the recall dossier; "
                                                                 "calculated by hand")
    refused.refresh_from_db()
    assert refused.status == "superseded" and checking.current_calculation(item) == manual
    assert send_for_check(item, ba).status == "ready-for-check"


def test_an_unsupported_case_goes_to_dates_by_hand(staff, case_types):
    item = _item_for(staff, case_types, reference_case("custom-examples/crs-2341.json"))
    calculation = checking.calculate(actor=staff["business-administrator"], item=item, reason="initial")
    assert calculation.validation == ["UNSUPPORTED_SDS40_CONSECUTIVE_SDS_BETWEEN_TRANCHE_COMMENCEMENTS"]
    assert checking.needs_manual_dates(calculation)
    assert checking.blocking_problems(calculation) == [
        "The engine does not support this case: enter the dates by hand with the reason"]


def test_a_case_with_records_to_correct_is_not_sent_for_check_nor_entered_by_hand(staff, case_types):
    ba = staff["business-administrator"]
    item = _item_for(staff, case_types, reference_case("custom-examples/crs-657-concurrent-different-date.json"))
    calculation = checking.calculate(actor=ba, item=item, reason="initial")
    assert calculation.validation == ["RELEASE_DATE_BEFORE_SENTENCE_DATE"] and not checking.needs_manual_dates(
        calculation)
    with pytest.raises(ValidationError) as caught:
        send_for_check(item, ba)
    assert caught.value.message_dict["calculation"] == [
        "The calculation has validation messages to resolve (Remand or tagged bail means the release date is before "
        "the sentence date.): correct the sentence records and calculate again"]
    with pytest.raises(ValidationError, match="only where the engine cannot calculate them"):
        checking.record_manual_dates(actor=ba, item=item, dates={"CRD": "2027-01-01"}, reason="By hand")


def test_dates_by_hand_are_not_entered_where_the_engine_calculated(staff, calculation_item):
    ba = staff["business-administrator"]
    with pytest.raises(ValidationError, match="calculate first"):
        checking.record_manual_dates(actor=ba, item=calculation_item, dates={"CRD": "2027-01-01"}, reason="x")
    checking.calculate(actor=ba, item=calculation_item, reason="initial")
    with pytest.raises(ValidationError, match="only where the engine cannot"):
        checking.record_manual_dates(actor=ba, item=calculation_item, dates={"CRD": "2027-01-01"}, reason="x")


def test_every_problem_with_dates_by_hand_is_named_at_once(staff, case_types):
    ba = staff["business-administrator"]
    item = _item_for(staff, case_types, reference_case("validation/crs-2115.json"))
    checking.calculate(actor=ba, item=item, reason="recall")
    with pytest.raises(ValidationError) as caught:
        checking.record_manual_dates(actor=ba, item=item, dates={"XYZ": "2027-01-01", "CRD": "2027-02-30"},
                                     reason=" ")
    assert caught.value.message_dict == {
        "dates": ["'XYZ' is not a release date: use SED, LED, SLED, CRD, ARD, PED, NPD, PRRD, HDCED, ERSED, ETD, "
                  "MTD, LTD, DPRRD, TUSED, ESED, Tariff"],
        "CRD": ["Conditional release date (CRD) must be a real date, like 2027-03-27"],
        "reason": ["Give the reason the dates are entered by hand"]}
    with pytest.raises(ValidationError, match="Enter at least one release date"):
        checking.record_manual_dates(actor=ba, item=item, dates={}, reason="By hand")
    assert Calculation.objects.filter(is_manual=True).count() == 0


# -- ready for check ------------------------------------------------------------------------------------------


def test_a_sentence_calculation_needs_a_current_calculation_to_go_for_check(staff, calculation_item):
    ba = staff["business-administrator"]
    with pytest.raises(ValidationError) as caught:
        send_for_check(calculation_item, ba)
    assert caught.value.message_dict["calculation"] == [
        "Calculate the release dates first (or, where the engine cannot, enter them by hand with the reason)"]
    assert WorkItem.objects.get(pk=calculation_item.pk).status == "in-preparation"
    checking.calculate(actor=ba, item=calculation_item, reason="initial")
    assert send_for_check(calculation_item, ba).status == "ready-for-check"


def test_the_checklist_still_gates_it_and_every_problem_is_named_at_once(staff, calculation_item):
    item = WorkItem.objects.get(pk=calculation_item.pk)
    with pytest.raises(ValidationError) as caught:
        casework.take_action(actor=staff["business-administrator"], item=item, action="submit",
                             expected_version=item.version)
    assert set(caught.value.message_dict) == {"checklist", "reason", "calculation"}


def test_records_changed_after_the_calculation_must_be_calculated_again(staff, calculation_item, person):
    ba = staff["business-administrator"]
    checking.calculate(actor=ba, item=calculation_item, reason="initial")
    imported(ba, person, booking_case(remand_days=20), replace=True)
    with pytest.raises(ValidationError, match="have changed since the dates were calculated: calculate again"):
        send_for_check(calculation_item, ba)


def test_a_reason_changed_on_the_item_after_calculating_must_be_calculated_again(staff, calculation_item):
    ba = staff["business-administrator"]
    checking.calculate(actor=ba, item=calculation_item, reason="initial")
    item = WorkItem.objects.get(pk=calculation_item.pk)
    casework.update_details(actor=ba, item=item, expected_version=item.version,
                            values={"reason": "Transfer check"}, checklist_done=[])
    with pytest.raises(ValidationError) as caught:
        send_for_check(calculation_item, ba)
    assert caught.value.message_dict["reason"] == [
        "The reason for calculation is “Transfer check”, but the dates were calculated for “Initial calculation”: "
        "calculate again with the right reason"]


def test_the_generic_approve_step_refuses_and_points_to_the_second_check(staff, submitted):
    item, _ = submitted
    with pytest.raises(ValidationError) as caught:
        casework.take_action(actor=staff["hub-manager"], item=item, action="approve", expected_version=version(item))
    assert caught.value.message_dict["action"] == [
        f"A sentence calculation is approved by confirming its dates: use the second check page, "
        f"/calculations/{item.reference}/"]
    assert WorkItem.objects.get(pk=item.pk).status == "ready-for-check"


def test_the_generic_approve_step_still_approves_other_case_types(staff, case_types, person):
    from tests.casework.conftest import ready

    ba = staff["business-administrator"]
    item = casework.open_work_item(actor=ba, case_type=case_types["hdc"], person=person)
    item = casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)
    item = ready(item, ba)
    item = casework.take_action(actor=ba, item=item, action="submit", expected_version=item.version)
    assert casework.take_action(actor=staff["hub-manager"], item=item, action="approve",
                                expected_version=item.version).status == "approved"


def test_the_checker_returns_it_with_the_ordinary_return_step(staff, submitted):
    item, _ = submitted
    returned = casework.take_action(actor=staff["hub-manager"], item=item, action="return",
                                    expected_version=version(item), reason="Remand days do not match the warrant")
    assert returned.status == "returned"
    assert checking.calculate(actor=staff["business-administrator"], item=item, reason="initial")
