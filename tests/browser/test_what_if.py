"""What-if for an establishment in a real browser: the Head of Offender Management Delivery starts a
run over HMP Leeds under the Progression Model, watches its progress while the worker runs it (the page
follows it without reloading), then reads the people whose dates change, sorts them, and downloads the
spreadsheet. The pages are checked against WCAG A and AA, and the run page works without JavaScript."""

import datetime

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from omhub.calculations.models import WhatIfRun
from omhub.casework.reference_data import load_case_types
from omhub.demo.sentence_records import build_sentence_records
from omhub.people.models import LegalStatus
from tests.browser.conftest import sign_in
from tests.factories import PersonFactory


@pytest.fixture
def establishment(transactional_db, units, staff):
    load_case_types()
    for index in range(12):
        PersonFactory(establishment=units["LEI"], legal_status=LegalStatus.SENTENCED,
                      date_of_birth=datetime.date(1980 + index, 3, 1))
    build_sentence_records(today=datetime.date.today())


def run_the_worker() -> None:
    """What `omhub worker` does with the queued run (here in the test's own process, on its database)."""
    call_command("db_worker", "--batch", "--no-startup-delay")


def test_the_head_of_omd_runs_a_what_if_and_reads_who_would_be_released_earlier(page, staff, establishment):
    sign_in(page, staff["head-of-omd"])
    page.get_by_role("link", name="Release dates what-if").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What-if for an establishment")
    page.get_by_label("Establishment").select_option(label="HMP Leeds")
    page.get_by_label("The Progression Model (from October 2026), with SDS40").check()
    page.get_by_role("button", name="Run the what-if").click()
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")
    run_the_worker()
    # The page follows the run by itself: its link changes when the results are ready.
    expect(page.get_by_role("link", name="Show the results")).to_be_visible(timeout=15_000)
    page.get_by_role("link", name="Show the results").click()
    run = WhatIfRun.objects.get()
    assert run.state == "finished" and run.total == 12 and run.changed > 0
    expect(page.get_by_role("heading", name="How much sooner")).to_be_visible()
    expect(page.locator("caption")).to_contain_text(f"{run.changed} pe")
    page.get_by_role("link", name="Name", exact=True).click()
    expect(page.locator("th[aria-sort='ascending']")).to_have_text("Name")
    names = page.locator("tbody tr td:first-child a").all_inner_texts()
    assert names == sorted(names)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the people whose dates change (XLSX)").click()
    assert download.value.suggested_filename.startswith("what-if-LEI-sds-progression-model-october-")


def test_the_what_if_pages_meet_wcag_a_and_aa_and_work_without_javascript(
        axe_page, page_without_javascript, staff, establishment, check_accessibility):
    sign_in(axe_page, staff["head-of-omd"])
    axe_page.goto("/calculations/what-if/")
    check_accessibility(axe_page)
    axe_page.get_by_role("button", name="Run the what-if").click()
    check_accessibility(axe_page)
    run_the_worker()
    axe_page.reload()
    expect(axe_page.get_by_role("heading", name="How much sooner")).to_be_visible()
    check_accessibility(axe_page)
    sign_in(page_without_javascript, staff["head-of-omd"])
    page_without_javascript.goto(f"/calculations/what-if/{WhatIfRun.objects.get().pk}/?sort=release")
    expect(page_without_javascript.locator("th[aria-sort='ascending']")).to_have_text("New release date")
