"""The what-if pages: start a run, follow it, read and sort its results, download them as XLSX; only
for those who may compare release dates, and only their establishments' runs."""

import datetime
import io

import openpyxl
import pytest

from omhub.audit.models import AuditEvent
from omhub.calculations import what_if
from omhub.calculations.models import WhatIfRun
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import booking_case, imported
from tests.factories import PersonFactory

PM = "sds-progression-model-october"


@pytest.fixture
def people(staff, units):
    ba = staff["business-administrator"]
    made = []
    for index, (years, sentenced) in enumerate([(4, "2026-06-01"), (2, "2026-09-14"), (6, "2025-11-03")]):
        person = PersonFactory(establishment=units["LEI"], date_of_birth=datetime.date(1985, 3, 27),
                               last_name=["Adams", "Brown", "Clarke"][index])
        imported(ba, person, booking_case(terms=({"YEARS": years},), sentenced=sentenced, remand_days=0))
        made.append(person)
    return made


def finished_run(staff, units) -> WhatIfRun:
    run = what_if.start_run(actor=staff["head-of-omd"], unit=units["LEI"], profile=PM, background=False)
    return what_if.execute(run.pk)


def test_the_head_of_omd_starts_a_run_and_is_taken_to_its_progress(staff, units, people, signed_in, case_types):
    client = signed_in(staff["head-of-omd"])
    page = client.get("/calculations/what-if/").content.decode()
    assert "HMP Leeds" in page and "HMP Wakefield" not in page and "Run the what-if" in page
    response = client.post("/calculations/what-if/", {"unit": units["LEI"].pk, "profile": PM})
    run = WhatIfRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/calculations/what-if/{run.pk}/"
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start: 0 of 0 people calculated (0%)" in page and "<progress" in page
    assert "Refresh this page" in page
    progress = client.get(f"/calculations/what-if/{run.pk}/progress/").json()
    assert progress["state"] == "queued" and progress["percent"] == 0


def test_a_form_with_mistakes_says_what_is_wrong_and_starts_nothing(staff, units, signed_in, case_types):
    client = signed_in(staff["head-of-omd"])
    page = client.post("/calculations/what-if/", {"unit": units["WDI"].pk, "profile": "nonsense"}).content.decode()
    assert "Choose one of your establishments" in page and "Choose the law to compare with" in page
    assert "govuk-error-summary" in page and not WhatIfRun.objects.exists()


def test_asking_again_while_a_run_waits_is_refused_with_a_message(staff, units, people, signed_in, case_types):
    client = signed_in(staff["head-of-omd"])
    client.post("/calculations/what-if/", {"unit": units["LEI"].pk, "profile": PM})
    page = client.post("/calculations/what-if/", {"unit": units["LEI"].pk, "profile": PM}).content.decode()
    assert "is already waiting to start" in page and WhatIfRun.objects.count() == 1


def test_a_finished_run_lists_who_changes_sorted_as_asked_with_its_chart(staff, units, people, signed_in,
                                                                        case_types):
    run = finished_run(staff, units)
    assert run.changed == 3
    client = signed_in(staff["head-of-omd"])
    page = client.get(f"/calculations/what-if/{run.pk}/").content.decode()
    assert "3 people whose dates change, by days earlier" in page
    assert "omhub-bar-chart" in page and "The earliest new release dates" in page
    assert 'aria-sort="descending"' in page
    by_name = client.get(f"/calculations/what-if/{run.pk}/", {"sort": "name", "order": "asc"}).content.decode()
    assert by_name.index("ADAMS") < by_name.index("BROWN") < by_name.index("CLARKE")
    reversed_names = client.get(f"/calculations/what-if/{run.pk}/", {"sort": "name", "order": "desc"}).content.decode()
    assert reversed_names.index("CLARKE") < reversed_names.index("ADAMS")
    assert AuditEvent.objects.filter(action="read", object_type="calculations.whatifrun").exists()


def test_the_spreadsheet_lists_everyone_whose_dates_change_and_is_audited(staff, units, people, signed_in,
                                                                          case_types):
    run = finished_run(staff, units)
    response = signed_in(staff["head-of-omd"]).get(f"/calculations/what-if/{run.pk}/people.xlsx")
    assert response.status_code == 200 and "what-if-LEI" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Name", "Prison number", "Date of birth", "Release date now", "New release date",
                           "Days earlier")
    assert len(rows) == 1 + run.changed
    assert all(isinstance(row[5], int | float) for row in rows[1:])
    event = AuditEvent.objects.get(action="export", object_type="calculations.whatifrun")
    assert event.after["rows"] == run.changed


def test_the_spreadsheet_waits_for_the_run_to_finish(staff, units, people, signed_in, case_types):
    run = what_if.start_run(actor=staff["head-of-omd"], unit=units["LEI"], profile=PM, background=False)
    response = signed_in(staff["head-of-omd"]).get(f"/calculations/what-if/{run.pk}/people.xlsx")
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["business-administrator", "hub-manager", "offender-manager", "auditor"])
def test_other_roles_are_refused(role, staff, units, people, signed_in, case_types):
    run = finished_run(staff, units)
    client = signed_in(staff[role])
    assert client.get("/calculations/what-if/").status_code == 403
    assert client.get(f"/calculations/what-if/{run.pk}/").status_code == 403
    assert client.get(f"/calculations/what-if/{run.pk}/people.xlsx").status_code == 403


def test_another_establishments_head_does_not_find_the_run(staff, units, people, signed_in, make_user, case_types):
    run = finished_run(staff, units)
    wakefield_head = make_user("head-of-omd", units["WDI"], username="head-wdi")
    client = signed_in(wakefield_head)
    assert client.get(f"/calculations/what-if/{run.pk}/").status_code == 404
    assert client.get(f"/calculations/what-if/{run.pk}/people.xlsx").status_code == 404
    assert client.get(f"/calculations/what-if/{run.pk}/progress/").status_code == 404
    assert f"What-if {run.pk}" not in client.get("/calculations/what-if/").content.decode()
