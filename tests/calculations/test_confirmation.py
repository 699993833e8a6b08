"""Confirming on second check: one transaction approves the item, confirms the calculation, numbers the
person's confirmed key dates and sets their hub key dates, which drive the bring-forward diary."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omhub.audit.models import AuditEvent
from omhub.calculations import checking, release_dates
from omhub.calculations.models import Calculation, ConfirmedKeyDates
from omhub.casework import diary
from omhub.casework import services as casework
from omhub.casework.models import KeyDate, WorkItem
from omhub.core.errors import ConflictError
from omhub.sentencing import calculate
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import (
    booking_case,
    confirm_current,
    eds_case,
    imported,
    reference_case,
    send_for_check,
    version,
)
from tests.factories import PersonFactory


def key_dates(person) -> dict:
    return dict(KeyDate.objects.filter(person=person).values_list("kind", "date"))


def test_confirming_approves_the_item_and_makes_the_dates_the_persons_first_confirmed_key_dates(
        staff, submitted, person):
    item, calculation = submitted
    manager, ba = staff["hub-manager"], staff["business-administrator"]
    confirmed = confirm_current(item, manager)
    item = WorkItem.objects.get(pk=item.pk)
    calculation.refresh_from_db()
    assert (item.status, item.checked_by, calculation.status) == ("approved", manager, "confirmed")
    assert (confirmed.number, confirmed.person, confirmed.calculation) == (1, person, calculation)
    assert confirmed.dates == calculation.dates and confirmed.inputs == calculation.inputs
    assert (confirmed.engine_version, confirmed.profile) == (calculation.engine_version, calculation.profile)
    assert (confirmed.prepared_by, confirmed.confirmed_by) == (ba, manager)
    assert key_dates(person) == {"CRD": datetime.date(2027, 4, 27), "RELEASE": datetime.date(2027, 4, 27),
                                 "HDCED": datetime.date(2027, 1, 8), "ERSED": datetime.date(2026, 11, 25),
                                 "SENTENCE": datetime.date(2026, 10, 20)}
    assert set(KeyDate.objects.filter(person=person).values_list("source", flat=True)) == {"calculation"}


def test_confirmed_dates_reproduce_from_the_inputs_kept_with_them(staff, submitted):
    item, _ = submitted
    confirmed = confirm_current(item, staff["hub-manager"])
    confirmed = ConfirmedKeyDates.objects.get(pk=confirmed.pk)  # as stored, read back
    assert calculate(confirmed.inputs).ordered_dates() == confirmed.dates
    assert checking.reproduce(confirmed) == confirmed.dates


def test_every_reference_case_confirmed_reproduces_its_dates(staff, case_types):
    """A handful of the public reference cases, of several kinds, through the whole flow."""
    ba, manager = staff["business-administrator"], staff["hub-manager"]
    for name in ("crs-1012-hdc-for-eds-sopc-ac3.json", "crs-1012-hdc-for-eds-sopc-ac4.json",  # EDS, SOPC
                 "crs-1054-calculation-should-not-produce-led.json",  # a recall
                 "crs-1081-ersed-consec-ac4.json", "crs-1096-ac2.json"):  # SDS+, a detention and training order
        name = f"custom-examples/{name}"
        case = reference_case(name)
        person = PersonFactory(establishment=ba.units.get(),
                               date_of_birth=datetime.date.fromisoformat(case["booking"]["offender"]["dateOfBirth"]))
        imported(ba, person, case)
        item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
        item = casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)
        calculation = checking.calculate(actor=ba, item=item, reason="initial")
        assert not checking.blocking_problems(calculation), name
        send_for_check(item, ba)
        confirmed = confirm_current(item, manager)
        engine = calculate(case_with_ersed(case)).ordered_dates()
        assert checking.reproduce(confirmed) == confirmed.dates == engine, name
        release = release_dates.release_date(release_dates.as_dates(confirmed.dates))
        assert key_dates(person).get("RELEASE") == release, name


def case_with_ersed(case: dict) -> dict:
    return {**case, "userInputs": {**case.get("userInputs", {}), "calculateErsed": True}}


def test_a_second_confirmation_is_version_two_with_what_changed(staff, submitted, person):
    item, _ = submitted
    manager, ba = staff["hub-manager"], staff["business-administrator"]
    confirm_current(item, manager)
    imported(ba, person, booking_case(remand_days=20), replace=True)
    again = casework.open_work_item(actor=ba, case_type=item.case_type, person=person)
    again = casework.take_action(actor=ba, item=again, action="start", expected_version=again.version)
    checking.calculate(actor=ba, item=again, reason="further-sentences")
    send_for_check(again, ba)
    second = confirm_current(again, manager)
    assert second.number == 2 and ConfirmedKeyDates.objects.filter(person=person).count() == 2
    assert key_dates(person)["CRD"] == datetime.date(2027, 5, 7)
    event = AuditEvent.objects.get(object_type="calculations.confirmedkeydates", object_id=str(second.pk))
    assert "CRD: 27 April 2027 → 7 May 2027 (10 days later)" in event.after["changes"]
    assert event.after["number"] == 2 and event.actor == manager and event.person_id == person.pk


def test_confirming_dates_opens_the_diarys_work_at_once(staff, submitted, person):
    """HDCED 8 January 2027 is less than 14 weeks away: the HDC item opens on confirmation, not tomorrow."""
    item, _ = submitted
    assert not WorkItem.objects.filter(person=person, case_type__code="hdc").exists()
    confirm_current(item, staff["hub-manager"])
    hdc = WorkItem.objects.get(person=person, case_type__code="hdc")
    assert (hdc.key_date_kind, hdc.key_date, hdc.status) == ("HDCED", datetime.date(2027, 1, 8), "received")
    assert hdc.values["hdced"] == "2027-01-08"


def test_an_hdced_ten_weeks_away_opens_an_hdc_item_at_once(staff, case_types, person):
    ba = staff["business-administrator"]
    imported(ba, person, booking_case(remand_days=0, sentenced="2026-11-16", terms=({"MONTHS": 13},)))
    item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
    item = casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)
    hdced = datetime.date.fromisoformat(checking.calculate(actor=ba, item=item, reason="initial").dates["HDCED"])
    assert hdced == datetime.date(2027, 2, 3)  # 10 weeks and 2 days away: its HDC item is due 14 weeks before
    send_for_check(item, ba)
    confirm_current(item, staff["hub-manager"])
    assert WorkItem.objects.get(person=person, case_type__code="hdc").key_date == hdced


def test_a_ped_opens_parole_work_when_its_day_comes(staff, case_types, person):
    ba = staff["business-administrator"]
    imported(ba, person, eds_case(sentenced="2024-06-03", custodial_years=6))
    item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
    item = casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)
    checking.calculate(actor=ba, item=item, reason="initial")
    send_for_check(item, ba)
    confirmed = confirm_current(item, staff["hub-manager"])
    ped = datetime.date.fromisoformat(confirmed.dates["PED"])
    assert key_dates(person)["PED"] == ped and ped > TODAY + datetime.timedelta(weeks=26)  # noqa: F405
    assert not WorkItem.objects.filter(person=person, case_type__code="parole").exists()
    opening_day = diary.opens_on(diary._rule_of(case_types["parole"]), ped)
    diary.plan(as_at=opening_day - datetime.timedelta(days=1))
    assert not WorkItem.objects.filter(person=person, case_type__code="parole").exists()
    diary.plan(as_at=opening_day)
    assert WorkItem.objects.get(person=person, case_type__code="parole").key_date == ped


def test_a_confirmed_change_flags_work_made_for_the_old_dates_and_never_deletes_it(staff, submitted, person):
    item, _ = submitted
    manager, ba = staff["hub-manager"], staff["business-administrator"]
    # Before the calculation the hub had typed a PED by hand, and the diary opened parole work for it.
    casework.set_key_date(actor=ba, person=person, kind="PED", date=datetime.date(2027, 2, 1))
    parole = WorkItem.objects.get(person=person, case_type__code="parole")
    confirm_current(item, manager)
    parole.refresh_from_db()
    assert "PED" not in key_dates(person)  # the confirmed dates have no PED: it is cleared
    assert parole.needs_review and parole.review_reason == "PED of 1 February 2027 was removed"
    assert parole.status == "received"  # flagged, not withdrawn or deleted
    # A later confirmation moves HDCED: the HDC item follows it, flagged for review.
    hdc = WorkItem.objects.get(person=person, case_type__code="hdc")
    imported(ba, person, booking_case(remand_days=20), replace=True)
    again = casework.open_work_item(actor=ba, case_type=item.case_type, person=person)
    again = casework.take_action(actor=ba, item=again, action="start", expected_version=again.version)
    checking.calculate(actor=ba, item=again, reason="further-sentences")
    send_for_check(again, ba)
    confirm_current(again, manager)
    hdc.refresh_from_db()
    assert hdc.needs_review and hdc.key_date == key_dates(person)["HDCED"] == datetime.date(2027, 1, 18)
    assert "HDCED changed from 8 January 2027 to 18 January 2027" in hdc.review_reason
    assert WorkItem.objects.filter(person=person, case_type__code="hdc").count() == 1


def test_a_key_date_typed_by_hand_with_the_same_date_becomes_the_calculations(staff, submitted, person):
    item, _ = submitted
    casework.set_key_date(actor=staff["business-administrator"], person=person, kind="CRD",
                          date=datetime.date(2027, 4, 27))
    confirm_current(item, staff["hub-manager"])
    assert KeyDate.objects.get(person=person, kind="CRD").source == "calculation"


def test_the_preparer_cannot_confirm_their_own_work(staff, calculation_item):
    manager = staff["hub-manager"]
    checking.calculate(actor=manager, item=calculation_item, reason="initial")
    send_for_check(calculation_item, manager)
    with pytest.raises(casework.FourEyesError, match="You prepared CALC-"):
        confirm_current(calculation_item, manager)
    assert not ConfirmedKeyDates.objects.exists()


def test_the_checker_cannot_confirm_dates_they_calculated(staff, calculation_item, make_user, units):
    """A Hub Manager calculated; a Business Administrator sent it for check; the same Hub Manager may not
    confirm the dates they worked out."""
    manager, ba = staff["hub-manager"], staff["business-administrator"]
    checking.calculate(actor=manager, item=calculation_item, reason="initial")
    send_for_check(calculation_item, ba)
    with pytest.raises(casework.FourEyesError, match="You calculated these dates"):
        confirm_current(calculation_item, manager)
    other = make_user("hub-manager", units["LEI"], username="hm2")
    assert confirm_current(calculation_item, other).confirmed_by == other
    assert WorkItem.objects.get(pk=calculation_item.pk).status == "approved"


@pytest.mark.parametrize("role", ["business-administrator", "head-of-omd", "auditor", "offender-manager"])
def test_only_a_second_checker_confirms(role, staff, submitted):
    item, _ = submitted
    with pytest.raises(PermissionDenied):
        confirm_current(item, staff[role])
    assert WorkItem.objects.get(pk=item.pk).status == "ready-for-check"


def test_another_establishments_checker_cannot_confirm(make_user, units, submitted):
    other = make_user("hub-manager", units["WDI"], username="wakefield-hm")
    item, _ = submitted
    with pytest.raises(PermissionDenied, match="unit you do not work in"):
        confirm_current(item, other)


def test_a_stale_version_is_refused_and_nothing_is_saved(staff, submitted):
    item, calculation = submitted
    with pytest.raises(ConflictError, match="Someone else changed"):
        checking.confirm(actor=staff["hub-manager"], item=item, expected_version=version(item) - 1,
                         calculation=calculation)
    assert not ConfirmedKeyDates.objects.exists() and not KeyDate.objects.exists()


def test_only_the_calculation_waiting_for_check_is_confirmed(staff, submitted):
    item, calculation = submitted
    recalculation = checking.calculate(actor=staff["hub-manager"], item=item)
    with pytest.raises(ConflictError, match="not the dates waiting for the second check"):
        checking.confirm(actor=staff["hub-manager"], item=item, expected_version=version(item),
                         calculation=recalculation)  # the checker's own recalculation is never what is confirmed
    assert WorkItem.objects.get(pk=item.pk).status == "ready-for-check"
    confirmed = checking.confirm(actor=staff["hub-manager"], item=item, expected_version=version(item),
                                 calculation=calculation)
    recalculation.refresh_from_db()
    assert confirmed.calculation == calculation and recalculation.status == "superseded"


def test_records_changed_since_the_calculation_stop_the_confirmation(staff, submitted, person):
    item, _ = submitted
    imported(staff["hub-manager"], person, booking_case(remand_days=20), replace=True)
    with pytest.raises(ConflictError, match="return the item to the preparer to calculate again"):
        confirm_current(item, staff["hub-manager"])
    assert WorkItem.objects.get(pk=item.pk).status == "ready-for-check"
    assert not KeyDate.objects.exists()


def test_a_calculation_of_another_item_is_refused(staff, submitted, case_types):
    item, _ = submitted
    other = casework.open_work_item(actor=staff["business-administrator"], case_type=case_types["sentence-calculation"],
                                    person=item.person)
    foreign = Calculation.objects.create(work_item=other, booking=item.person.bookings.get(), reason="initial",
                                         profile="calculation-params", engine_version="0", inputs={},
                                         calculated_by=staff["business-administrator"])
    with pytest.raises(ValidationError, match="not one of CALC-"):
        checking.confirm(actor=staff["hub-manager"], item=item, expected_version=version(item), calculation=foreign)


def test_dates_entered_by_hand_are_confirmed_like_any_other(staff, case_types):
    ba = staff["business-administrator"]
    case = reference_case("validation/crs-2115.json")
    person = PersonFactory(establishment=ba.units.get(),
                           date_of_birth=datetime.date.fromisoformat(case["booking"]["offender"]["dateOfBirth"]))
    imported(ba, person, case)
    item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
    item = casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)
    checking.calculate(actor=ba, item=item, reason="recall")
    checking.record_manual_dates(actor=ba, item=item, dates={"PRRD": "2027-02-01", "SLED": "2027-08-01"},
                                 reason="Calculated by hand from the recall dossier")
    send_for_check(item, ba)
    confirmed = confirm_current(item, staff["hub-manager"])
    assert confirmed.dates == {"SLED": "2027-08-01", "PRRD": "2027-02-01"} and confirmed.calculation.is_manual
    assert key_dates(person)["RELEASE"] == datetime.date(2027, 2, 1) and "CRD" not in key_dates(person)


# -- the release date and the key dates, as pure functions ------------------------------------------------------


@pytest.mark.parametrize("dates, release", [
    ({"CRD": "2027-04-27", "SLED": "2028-03-20", "HDCED": "2027-01-08"}, "2027-04-27"),
    ({"ARD": "2027-01-10", "SED": "2027-07-10"}, "2027-01-10"),
    ({"PRRD": "2027-02-01", "SLED": "2027-08-01"}, "2027-02-01"),
    ({"CRD": "2027-03-01", "PRRD": "2027-05-01", "SLED": "2028-01-01"}, "2027-05-01"),  # due out on the later
    ({"ETD": "2027-01-01", "MTD": "2027-02-01", "LTD": "2027-03-01", "SED": "2027-06-01"}, "2027-02-01"),
    ({"PED": "2027-01-01", "CRD": "2028-01-01", "SLED": "2031-01-01"}, "2028-01-01"),  # parole is not release
    ({"SLED": "2027-08-01", "TUSED": "2028-08-01"}, "2027-08-01"),  # a standard recall served to the end
    ({"Tariff": "2030-01-01"}, None),
])
def test_the_release_key_date_is_the_date_the_person_is_due_out(dates, release):
    got = release_dates.release_date(release_dates.as_dates(dates))
    assert got == (datetime.date.fromisoformat(release) if release else None)


def test_every_engine_date_has_its_full_name():
    from omhub.sentencing.result import DATE_ORDER

    assert set(DATE_ORDER) <= set(release_dates.DATE_NAMES) and set(release_dates.DATE_NAMES) == set(
        release_dates.SLIP_EXPLANATIONS)
    assert release_dates.DATE_NAMES["CRD"] == "Conditional release date (CRD)"


@pytest.mark.parametrize("iso, words", [("P1Y6M", "1 year 6 months"), ("P12Y", "12 years"),
                                        ("P3M20D", "3 months 20 days"), ("P1Y1M1W1D", "1 year 1 month 1 week 1 day"),
                                        ("", "")])
def test_the_effective_sentence_length_in_words(iso, words):
    assert release_dates.length_in_words(iso) == words
