"""What the tests of calculating, checking and confirming share: a fixed clock, the case types, bookings
imported as the records pages would keep them, and a sentence calculation item at each step.

Import the fixtures into a test module (``from tests.calculations.check_support import *``): the clock
fixture is autouse there."""

import datetime
import json
import zoneinfo
from pathlib import Path

import pytest

from omhub.calculations import checking, services
from omhub.casework import services as casework
from omhub.casework.models import WorkItem
from omhub.casework.reference_data import load_case_types

LONDON = zoneinfo.ZoneInfo("Europe/London")
TODAY = datetime.date(2026, 11, 23)
CASES = Path(__file__).resolve().parents[1] / "data" / "crd-cases" / "overall_calculation"

__all__ = ["LONDON", "TODAY", "booking_case", "calculation_clock", "calculation_item", "case_types",
           "confirm_current", "eds_case", "imported", "reference_case", "send_for_check", "submitted", "version"]


@pytest.fixture(autouse=True)
def calculation_clock(time_machine):
    """Monday 23 November 2026, 09:00 in London, as the casework tests; the clock still ticks."""
    time_machine.move_to(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON), tick=True)


@pytest.fixture
def case_types(db):
    load_case_types()
    from omhub.casework.models import CaseType

    return {case_type.code: case_type for case_type in CaseType.objects.all()}


def booking_case(*, remand_days: int = 30, born: str = "1985-03-27", sentenced: str = "2026-10-20",
                 terms=({"MONTHS": 12}, {"MONTHS": 6})) -> dict:
    """Two consecutive standard sentences passed at Leeds Crown Court, with remand before them. With the
    defaults: CRD 27 April 2027, HDCED 8 January 2027, SLED 20 March 2028."""
    sentences = []
    for index, term in enumerate(terms):
        sentence = {"type": "StandardSentence", "identifier": f"line-{index + 1}", "caseReference": "T20267001",
                    "sentencedAt": sentenced, "offence": {"committedAt": "2026-01-05", "offenceCode": "TH68010"},
                    "duration": {"durationElements": term}}
        if index:
            sentence["consecutiveSentenceUUIDs"] = [f"line-{index}"]
        sentences.append(sentence)
    start = datetime.date.fromisoformat(sentenced) - datetime.timedelta(days=remand_days)
    adjustments = {"REMAND": [{"appliesToSentencesFrom": sentenced, "numberOfDays": remand_days,
                               "fromDate": start.isoformat(),
                               "toDate": (datetime.date.fromisoformat(sentenced)
                                          - datetime.timedelta(days=1)).isoformat()}]} if remand_days else {}
    return {"booking": {"offender": {"reference": "A1234BC", "dateOfBirth": born}, "sentences": sentences,
                        "adjustments": adjustments}}


def eds_case(*, sentenced: str, custodial_years: int, extension_years: int = 4, born: str = "1985-03-27") -> dict:
    """An extended determinate sentence: it has a parole eligibility date at two thirds of its custodial term."""
    return {"booking": {"offender": {"reference": "A1234BC", "dateOfBirth": born}, "sentences": [
        {"type": "ExtendedDeterminateSentence", "identifier": "eds", "sentencedAt": sentenced,
         "offence": {"committedAt": "2023-01-05", "offenceCode": "OF61016"}, "automaticRelease": False,
         "custodialDuration": {"durationElements": {"YEARS": custodial_years}},
         "extensionDuration": {"durationElements": {"YEARS": extension_years}}}], "adjustments": {}}}


def reference_case(name: str) -> dict:
    return json.loads((CASES / name).read_text())


def imported(actor, person, case: dict, *, replace: bool = False):
    return services.import_booking(actor=actor, person=person, case=case, replace=replace)


@pytest.fixture
def calculation_item(staff, person, case_types):
    """A sentence calculation for the person, opened and started by the Business Administrator, whose
    booking holds the two consecutive sentences with 30 days' remand."""
    ba = staff["business-administrator"]
    imported(ba, person, booking_case())
    item = casework.open_work_item(actor=ba, case_type=case_types["sentence-calculation"], person=person)
    return casework.take_action(actor=ba, item=item, action="start", expected_version=item.version)


def version(item) -> int:
    return WorkItem.objects.get(pk=item.pk).version


def send_for_check(item, actor):
    """Tick the initial-check checklist and send the item for its second check, as its preparer."""
    item = WorkItem.objects.get(pk=item.pk)
    item = casework.update_details(actor=actor, item=item, expected_version=item.version, values=item.values,
                                   checklist_done=[check["code"] for check in item.case_type.checklist])
    return casework.take_action(actor=actor, item=item, action="submit", expected_version=item.version)


@pytest.fixture
def submitted(staff, calculation_item):
    """The item calculated (initial calculation) by the Business Administrator and sent for check."""
    ba = staff["business-administrator"]
    calculation = checking.calculate(actor=ba, item=calculation_item, reason="initial")
    return send_for_check(calculation_item, ba), calculation


def confirm_current(item, actor):
    item = WorkItem.objects.get(pk=item.pk)
    return checking.confirm(actor=actor, item=item, expected_version=item.version,
                            calculation=checking.current_calculation(item))
