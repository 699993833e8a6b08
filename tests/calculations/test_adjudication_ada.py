"""Additional days awarded at an adjudication reach the person's sentence records by themselves: when the
adjudication work item is recorded as sent onward (or closed), exactly once per work item."""

import datetime
import logging

import pytest

from omhub.audit.models import AuditEvent
from omhub.calculations import booking_json
from omhub.calculations.adjudications import awarded_days
from omhub.calculations.models import Adjustment
from omhub.casework import services
from omhub.casework.models import CaseType, WorkItem
from omhub.casework.reference_data import load_case_types
from tests.calculations.record_helpers import NOW, add_court_case, add_sentence, booking_of, sds, version

D = datetime.date


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def case_types(db):
    load_case_types()


def adjudication(staff, person, additional_days: str, *, step: str = "send") -> WorkItem:
    """An adjudication taken through its life: prepared by the administrator with the days awarded, approved
    by the Hub Manager, then recorded as sent onward on Friday 20 November 2026 (and closed, if asked)."""
    ba, manager = staff["business-administrator"], staff["hub-manager"]
    item = services.open_work_item(actor=ba, case_type=CaseType.objects.get(code="adjudication"), person=person)
    item = services.take_action(actor=ba, item=item, action="start", expected_version=item.version)
    item = services.update_details(actor=ba, item=item, expected_version=item.version,
                                   values={"charge": "Fighting (rule 51(4))", "additional_days": additional_days},
                                   checklist_done=["notice", "evidence"])
    item = services.take_action(actor=ba, item=item, action="submit", expected_version=item.version)
    item = services.take_action(actor=manager, item=item, action="approve", expected_version=item.version)
    item = services.take_action(actor=manager, item=item, action="send", expected_version=item.version,
                                sent={"sent_to": "Sentence calculation (ADAs)", "sent_channel": "system",
                                      "sent_on": D(2026, 11, 20), "sent_reference": ""})
    if step == "close":
        item = services.take_action(actor=manager, item=item, action="close", expected_version=item.version)
    return item


def test_the_days_awarded_become_an_ada_on_the_persons_booking_when_sent_onward(staff, person, case_types):
    item = adjudication(staff, person, " 14 ")
    ada = Adjustment.objects.get()
    assert (ada.kind, ada.days, ada.from_date, ada.applies_from) == ("ADDITIONAL_DAYS_AWARDED", 14, D(2026, 11, 20),
                                                                     D(2026, 11, 20))
    assert (ada.adjudication_reference, ada.source_work_item, ada.created_by) == (item.reference, item,
                                                                                  staff["hub-manager"])
    assert ada.booking == booking_of(person) and booking_of(person).version == 1
    event = AuditEvent.objects.get(object_type="calculations.adjustment")
    assert (event.action, event.person_id, event.after["source_work_item"]) == ("create", person.pk, item.pk)
    assert booking_json.to_engine_json(booking_of(person))["booking"]["adjustments"] == {"ADDITIONAL_DAYS_AWARDED": [
        {"appliesToSentencesFrom": "2026-11-20", "numberOfDays": 14, "fromDate": "2026-11-20"}]}


def test_closing_and_reopening_the_adjudication_never_adds_the_days_twice(staff, person, case_types):
    item = adjudication(staff, person, "14", step="close")
    manager = staff["hub-manager"]
    item = services.take_action(actor=manager, item=item, action="reopen", expected_version=item.version,
                                reason="Hearing record corrected")
    item = services.take_action(actor=staff["business-administrator"], item=item, action="submit",
                                expected_version=item.version)
    item = services.take_action(actor=manager, item=item, action="approve", expected_version=item.version)
    services.take_action(actor=manager, item=item, action="send", expected_version=item.version,
                         sent={"sent_to": "Sentence calculation (ADAs)", "sent_channel": "system",
                               "sent_on": D(2026, 11, 23)})
    assert Adjustment.objects.count() == 1


def test_the_ada_joins_the_sentences_already_recorded(staff, person, case_types):
    ba = staff["business-administrator"]
    add_sentence(ba, person, sds(add_court_case(ba, person)))
    before = version(person)
    adjudication(staff, person, "21")
    assert version(person) == before + 1
    assert list(booking_of(person).adjustments.values_list("kind", "days")) == [("ADDITIONAL_DAYS_AWARDED", 21)]


@pytest.mark.parametrize("value", ["14 days", "fourteen", "-3", "1.5"])
def test_days_that_are_not_a_whole_number_are_left_alone_with_a_line_in_the_log(value, staff, person, case_types,
                                                                                caplog):
    with caplog.at_level(logging.WARNING, logger="omhub.calculations.adjudications"):
        item = adjudication(staff, person, value)
    assert item.status == "sent" and not Adjustment.objects.exists()
    assert f"{item.reference}: Additional days awarded must be a whole number of days, like 14 (it says " \
           f"{value!r}), so no ADA was added to the person's booking" in caplog.text


@pytest.mark.parametrize("value", ["", "0"])
def test_no_days_awarded_means_no_ada(value, staff, person, case_types):
    adjudication(staff, person, value)
    assert not Adjustment.objects.exists()


def test_days_the_booking_cannot_take_do_not_stop_the_adjudication_being_sent(staff, person, case_types, caplog):
    with caplog.at_level(logging.WARNING, logger="omhub.calculations.adjudications"):
        item = adjudication(staff, person, "999999")
    assert item.status == "sent" and not Adjustment.objects.exists()
    assert "the ADA of 999999 days could not be added" in caplog.text


def test_other_work_sent_onward_adds_nothing(staff, person, case_types):
    ba, manager = staff["business-administrator"], staff["hub-manager"]
    item = services.open_work_item(actor=ba, case_type=CaseType.objects.get(code="legal-correspondence"),
                                   person=person, values={})
    item = services.take_action(actor=ba, item=item, action="start", expected_version=item.version)
    from tests.casework.conftest import ready

    item = ready(item, ba)
    item = services.take_action(actor=ba, item=item, action="submit", expected_version=item.version)
    item = services.take_action(actor=manager, item=item, action="approve", expected_version=item.version)
    services.take_action(actor=manager, item=item, action="send", expected_version=item.version,
                         sent={"sent_to": "Solicitor", "sent_channel": "post", "sent_on": D(2026, 11, 20)})
    assert not Adjustment.objects.exists()


def test_the_booking_page_links_the_ada_to_its_adjudication(staff, person, case_types, signed_in):
    item = adjudication(staff, person, "14")
    page = signed_in(staff["hub-manager"]).get(f"/calculations/people/{person.pk}/booking/").content.decode()
    assert f'href="/casework/{item.reference}/">{item.reference}</a>' in page
    assert f"Adjudication {item.reference}" in page


@pytest.mark.parametrize(("value", "days"), [("", 0), (" 7 ", 7), ("042", 42)])
def test_the_days_awarded_are_read_as_a_whole_number(value, days):
    assert awarded_days(value) == days
