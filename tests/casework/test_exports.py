"""Any casework list as CSV or XLSX: the same items, filters and order as the page, read back as a
spreadsheet user would open them, and every export in the audit trail."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from omhub.audit.models import AuditEvent
from omhub.casework import services
from tests.casework.conftest import ready
from tests.factories import PersonFactory

BASE_HEADERS = ["Reference", "Case type", "Person", "Prison number", "CRN", "Unit", "Status", "Assigned to",
                "Received", "Due", "Working days left", "Prepared by", "Checked by", "Sent to", "Channel",
                "Sent on", "Sent reference", "Needs review"]


def read_csv(response) -> list[dict]:
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return workbook.active


@pytest.fixture
def legal_item(staff, person, case_types, received):
    return services.open_work_item(actor=staff["business-administrator"], case_type=case_types["legal-correspondence"],
                                   person=person, received_at=received, values={"solicitor": "=HYPERLINK(\"x\")"})


def test_the_csv_holds_the_lists_items_with_every_column(signed_in, staff, hdc_item, legal_item, person):
    response = signed_in(staff["hub-manager"]).get("/casework/export/", {"view": "all", "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="hub-casework-all-work-2026-11-23')
    rows = read_csv(response)
    assert list(rows[0]) == BASE_HEADERS
    by_reference = {row["Reference"]: row for row in rows}
    assert set(by_reference) == {hdc_item.reference, legal_item.reference}
    hdc = by_reference[hdc_item.reference]
    assert hdc["Person"] == "SMITH, John" and hdc["Prison number"] == person.prison_number
    assert hdc["Case type"] == "Home Detention Curfew (HDC)" and hdc["Unit"] == "HMP Leeds"
    assert hdc["Status"] == "Received" and hdc["Received"] == "2026-11-16 10:00"
    assert hdc["Due"] == hdc_item.due_date.isoformat() and hdc["Needs review"] == "No"


def test_working_days_left_count_down_and_go_negative_when_overdue(signed_in, staff, case_types, person):
    overdue = services.open_work_item(actor=staff["business-administrator"], case_type=case_types["bail-application"],
                                      person=person, received_at=datetime.datetime(2026, 11, 2, 10, 0,
                                                                                    tzinfo=datetime.UTC))
    rows = read_csv(signed_in(staff["hub-manager"]).get("/casework/export/", {"view": "overdue", "format": "csv"}))
    assert [row["Reference"] for row in rows] == [overdue.reference]
    # Received Monday 2 November, due 2 working days later (Wednesday 4th): 13 working days overdue on the 23rd.
    assert rows[0]["Due"] == "2026-11-04" and rows[0]["Working days left"] == "-13"


def test_filters_and_sort_are_those_of_the_list_page(signed_in, staff, hdc_item, legal_item):
    client = signed_in(staff["hub-manager"])
    query = {"view": "all", "case_type": "legal-correspondence"}
    page = client.get("/casework/", query)
    rows = read_csv(client.get("/casework/export/", {**query, "format": "csv"}))
    assert [row["Reference"] for row in rows] == [item.reference for item in page.context["page"]]
    assert [row["Reference"] for row in rows] == [legal_item.reference]
    newest_first = read_csv(client.get("/casework/export/", {"view": "all", "sort": "-received", "format": "csv"}))
    oldest_first = read_csv(client.get("/casework/export/", {"view": "all", "sort": "received", "format": "csv"}))
    assert [r["Reference"] for r in newest_first] == [r["Reference"] for r in reversed(oldest_first)]


def test_without_filters_the_export_is_the_queue_the_page_opens_on(signed_in, staff, hdc_item):
    services.assign(actor=staff["hub-manager"], items=[hdc_item], assignee=staff["business-administrator"])
    assert read_csv(signed_in(staff["hub-manager"]).get("/casework/export/", {"format": "csv"})) == []
    rows = read_csv(signed_in(staff["business-administrator"]).get("/casework/export/", {"format": "csv"}))
    assert [row["Reference"] for row in rows] == [hdc_item.reference]


def test_one_case_type_brings_its_own_fields_as_columns(signed_in, staff, legal_item):
    rows = read_csv(signed_in(staff["hub-manager"]).get("/casework/export/", {
        "view": "all", "case_type": "legal-correspondence", "format": "csv"}))
    assert list(rows[0])[len(BASE_HEADERS):] == ["Solicitor", "Rule 39 mail"]
    # A value that a spreadsheet would run as a formula is written as text.
    assert rows[0]["Solicitor"] == "'=HYPERLINK(\"x\")"
    mixed = read_csv(signed_in(staff["hub-manager"]).get("/casework/export/", {"view": "all", "format": "csv"}))
    assert list(mixed[0]) == BASE_HEADERS


def test_the_xlsx_has_real_dates_a_header_row_frozen_panes_and_a_filter(signed_in, staff, hdc_item):
    services.update_details(actor=staff["business-administrator"], item=hdc_item, expected_version=1,
                            values={"hdced": "2027-03-01"}, checklist_done=[])
    response = signed_in(staff["hub-manager"]).get("/casework/export/", {
        "view": "all", "case_type": "hdc", "format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="hub-casework-all-work-hdc-2026-11-23.xlsx"' in response["Content-Disposition"]
    sheet = read_xlsx(response)
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == BASE_HEADERS + ["HDC eligibility date", "Proposed curfew address",
                                            "Community offender manager"]
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Reference"] == hdc_item.reference
    assert row["Received"] == datetime.datetime(2026, 11, 16, 10, 0)
    assert row["Due"] == datetime.datetime.combine(hdc_item.due_date, datetime.time())
    assert row["HDC eligibility date"] == datetime.datetime(2027, 3, 1)
    assert isinstance(row["Working days left"], int)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:U{len(rows)}"


def test_sent_onward_details_and_who_prepared_and_checked(signed_in, staff, hdc_item):
    ba, hm = staff["business-administrator"], staff["hub-manager"]
    item = services.take_action(actor=ba, item=hdc_item, action="start", expected_version=1)
    item = ready(item, ba)
    item = services.take_action(actor=ba, item=item, action="submit", expected_version=item.version)
    item = services.take_action(actor=hm, item=item, action="approve", expected_version=item.version)
    services.take_action(actor=hm, item=item, action="send", expected_version=item.version,
                         sent={"sent_to": "Decision maker", "sent_channel": "email",
                               "sent_on": datetime.date(2026, 11, 23), "sent_reference": "DM/77"})
    row = read_csv(signed_in(hm).get("/casework/export/", {"view": "all", "format": "csv"}))[0]
    assert (row["Prepared by"], row["Checked by"]) == ("ba", "hm")
    assert (row["Sent to"], row["Channel"], row["Sent on"], row["Sent reference"]) == (
        "Decision maker", "Email (secure)", "2026-11-23", "DM/77")
    assert row["Status"] == "Sent onward" and row["Working days left"] == ""


def test_every_export_is_audited_with_its_filters_and_row_count(signed_in, staff, hdc_item, legal_item):
    client = signed_in(staff["hub-manager"])
    b"".join(client.get("/casework/export/", {"view": "all", "case_type": "hdc", "format": "xlsx"})
             .streaming_content)
    event = AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).get()
    assert event.actor_username == "hm" and event.object_type == "casework.workitem"
    assert event.after["rows"] == 1 and event.after["format"] == "xlsx"
    assert event.after["filters"] == {"view": "all", "sort": "due", "case_type": "hdc"}


def test_only_the_users_units_are_exported(signed_in, staff, hdc_item, outsider, units, case_types):
    elsewhere = PersonFactory(establishment=units["WDI"])
    theirs = services.open_work_item(actor=outsider, case_type=case_types["hdc"], person=elsewhere)
    mine = [row["Reference"] for row in read_csv(signed_in(staff["hub-manager"]).get(
        "/casework/export/", {"view": "all", "format": "csv"}))]
    assert mine == [hdc_item.reference]
    everyone = [row["Reference"] for row in read_csv(signed_in(staff["auditor"]).get(
        "/casework/export/", {"view": "all", "format": "csv"}))]
    assert set(everyone) == {hdc_item.reference, theirs.reference}


def test_an_unknown_format_is_not_found(signed_in, staff, hdc_item):
    assert signed_in(staff["hub-manager"]).get("/casework/export/", {"format": "pdf"}).status_code == 404


def test_the_list_page_links_to_its_downloads_with_its_filters(signed_in, staff, hdc_item):
    page = signed_in(staff["hub-manager"]).get("/casework/", {"view": "all", "case_type": "hdc"}).content.decode()
    assert 'href="/casework/export/?view=all&amp;case_type=hdc&amp;format=csv"' in page
    assert "Download this list as XLSX" in page


def test_a_large_export_streams_in_a_fixed_number_of_queries(signed_in, staff, case_types, units):
    people = PersonFactory.create_batch(30, establishment=units["LEI"])
    for index, someone in enumerate(people):
        services.open_work_item(actor=staff["business-administrator"], case_type=case_types["fines"], person=someone,
                                values={"amount": str(index)})
    client = signed_in(staff["hub-manager"])
    with CaptureQueriesContext(connection) as few:
        rows = read_csv(client.get("/casework/export/", {"view": "all", "case_type": "fines", "format": "csv"}))
    assert len(rows) == 30
    for someone in PersonFactory.create_batch(30, establishment=units["LEI"]):
        services.open_work_item(actor=staff["business-administrator"], case_type=case_types["fines"], person=someone)
    with CaptureQueriesContext(connection) as many:
        rows = read_csv(client.get("/casework/export/", {"view": "all", "case_type": "fines", "format": "csv"}))
    assert len(rows) == 60
    assert len(many) == len(few), "no query per row"


def test_the_exports_countdown_agrees_with_the_calendar_across_weekends_and_bank_holidays():
    from omhub.casework import deadlines
    from omhub.casework.exports import Countdown

    calendar = deadlines.calendar()
    for today in (datetime.date(2026, 12, 24), datetime.date(2026, 12, 26), datetime.date(2027, 1, 4)):
        countdown = Countdown(today)
        for offset in [*range(-40, 41), 400, -400, 3]:
            due = today + datetime.timedelta(days=offset)
            assert countdown(due) == calendar.working_days_between(today, due), (today, due)
