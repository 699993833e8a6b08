"""What-if runs through /api/v1, with the pages' rules."""

import datetime

import pytest

from omhub.calculations import what_if
from omhub.calculations.models import WhatIfRun
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import booking_case, imported
from tests.factories import PersonFactory

PM = "sds-progression-model-october"


@pytest.fixture
def people(staff, units):
    for years in (4, 6):
        person = PersonFactory(establishment=units["LEI"], date_of_birth=datetime.date(1985, 3, 27))
        imported(staff["business-administrator"], person,
                 booking_case(terms=({"YEARS": years},), sentenced="2026-06-01", remand_days=0))


def test_a_run_is_started_followed_and_read_through_the_api(staff, people, api_client, case_types):
    client = api_client(staff["head-of-omd"])
    response = client.post("/api/v1/what-if-runs", {"unit": "lei", "profile": PM}, content_type="application/json")
    assert response.status_code == 202, response.content
    run = response.json()
    assert run["state"] == "queued" and run["unit"] == "LEI" and run["compared_with"] == "calculation-params"
    results = client.get(f"/api/v1/what-if-runs/{run['id']}/results")
    assert results.status_code == 409 and "when it has finished" in results.json()["errors"][0]["message"]
    what_if.execute(run["id"])
    read = client.get(f"/api/v1/what-if-runs/{run['id']}").json()
    assert read["state"] == "finished" and read["done"] == read["total"] == 2 and read["percent"] == 100
    assert read["changed"] == 2 and read["earliest_new_releases"]
    page = client.get(f"/api/v1/what-if-runs/{run['id']}/results", {"sort": "release", "page_size": 1}).json()
    assert page["count"] == 2 and page["pages"] == 2 and len(page["results"]) == 1
    first = page["results"][0]
    assert first["days_earlier"] > 0 and first["changes"][0]["code"]
    assert first["new_release"] == read["earliest_new_releases"][0]["new_release"]
    listed = client.get("/api/v1/what-if-runs").json()
    assert [item["id"] for item in listed] == [run["id"]]


def test_the_api_says_what_is_wrong(staff, people, api_client, case_types):
    client = api_client(staff["head-of-omd"])
    response = client.post("/api/v1/what-if-runs", {"unit": "XYZ", "profile": PM}, content_type="application/json")
    assert response.status_code == 422 and "No establishment has the code" in response.content.decode()
    response = client.post("/api/v1/what-if-runs", {"unit": "WDI", "profile": PM}, content_type="application/json")
    assert response.status_code == 422 and "Choose one of your establishments" in response.content.decode()
    response = client.post("/api/v1/what-if-runs", {"unit": "LEI", "profile": "sds-99"},
                           content_type="application/json")
    assert response.status_code == 422 and "profile" in response.content.decode()
    client.post("/api/v1/what-if-runs", {"unit": "LEI", "profile": PM}, content_type="application/json")
    again = client.post("/api/v1/what-if-runs", {"unit": "LEI", "profile": PM}, content_type="application/json")
    assert again.status_code == 409
    run = WhatIfRun.objects.get()
    what_if.execute(run.pk)
    bad = client.get(f"/api/v1/what-if-runs/{run.pk}/results", {"sort": "shoe-size", "order": "up"})
    assert bad.status_code == 422
    assert {error["field"] for error in bad.json()["errors"]} == {"sort", "order"}


def test_other_roles_and_establishments_are_refused(staff, units, people, api_client, make_user, case_types):
    run = what_if.execute(what_if.start_run(actor=staff["head-of-omd"], unit=units["LEI"], profile=PM,
                                            background=False).pk)
    ba = api_client(staff["business-administrator"])
    assert ba.post("/api/v1/what-if-runs", {"unit": "LEI", "profile": PM},
                   content_type="application/json").status_code == 403
    assert ba.get(f"/api/v1/what-if-runs/{run.pk}").status_code == 403
    wakefield = api_client(make_user("head-of-omd", units["WDI"], username="head-wdi"))
    assert wakefield.get(f"/api/v1/what-if-runs/{run.pk}").status_code == 404
    assert wakefield.get(f"/api/v1/what-if-runs/{run.pk}/results").status_code == 404
    assert wakefield.get("/api/v1/what-if-runs").json() == []
