import datetime
import zoneinfo

import pytest

from omhub.casework.reference_data import load_case_types

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def _casework_clock(time_machine):
    """Casework counts working days from today, so its tests run on a known day: Monday 23 November
    2026, 09:00 in London, a week after the work in these tests is received (the clock still ticks)."""
    time_machine.move_to(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=LONDON), tick=True)


@pytest.fixture
def case_types(db):
    load_case_types()
    from omhub.casework.models import CaseType

    return {case_type.code: case_type for case_type in CaseType.objects.all()}


@pytest.fixture
def received():
    """Monday 16 November 2026, 10:00 in London: well before the daily cut-off."""
    return datetime.datetime(2026, 11, 16, 10, 0, tzinfo=LONDON)


@pytest.fixture
def hdc_item(staff, person, case_types, received):
    from omhub.casework import services

    return services.open_work_item(actor=staff["business-administrator"], case_type=case_types["hdc"], person=person,
                                   received_at=received)


def ready(item, actor):
    """Fill the required fields and tick the checklist, as a preparer would before sending for check."""
    from omhub.casework import services

    values = {spec["name"]: ("2027-03-01" if spec["kind"] == "date" else
                             spec.get("choices", ["x"])[0] if spec["kind"] == "choice" else "Entered")
              for spec in item.case_type.fields if spec.get("required")}
    return services.update_details(actor=actor, item=item, expected_version=item.version, values=values,
                                   checklist_done=[check["code"] for check in item.case_type.checklist])


@pytest.fixture
def attachment_storage(settings, tmp_path):
    """Attachments kept in this test's own folder, returned so a test can look at (or damage) the files."""
    settings.STORAGES = {**settings.STORAGES, "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(tmp_path)}}}
    return tmp_path
