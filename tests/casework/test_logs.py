"""The hub's logs of information: one per case type, for work received in a period, downloadable."""

import csv
import datetime
import io
import zoneinfo

import openpyxl

from omhub.audit.models import AuditEvent
from omhub.casework import services

LONDON = zoneinfo.ZoneInfo("Europe/London")
NOVEMBER = {"received_from_0": "1", "received_from_1": "11", "received_from_2": "2026",
            "received_to_0": "30", "received_to_1": "11", "received_to_2": "2026"}


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def open_fines(staff, person, case_types, when, **values):
    return services.open_work_item(actor=staff["business-administrator"], case_type=case_types["fines"],
                                   person=person, received_at=when, values=values)


def test_the_logs_page_lists_every_case_types_log_for_the_month_so_far(signed_in, staff, case_types, person):
    open_fines(staff, person, case_types, datetime.datetime(2026, 11, 2, 9, tzinfo=LONDON))
    page = signed_in(staff["business-administrator"]).get("/casework/logs/")
    html = page.content.decode()
    assert "Received 1 November 2026 to 23 November 2026" in html
    assert "Prisoner fines log" in html and "Legal correspondence log" in html and "Recall paperwork log" in html
    counts = {row["case_type"].code: row["count"] for row in page.context["rows"]}
    assert len(counts) == 25 and counts["fines"] == 1 and counts["recall"] == 0
    assert ('href="/casework/logs/fines/?received_from_0=1&amp;received_from_1=11&amp;received_from_2=2026&amp;'
            'received_to_0=23&amp;received_to_1=11&amp;received_to_2=2026&amp;format=xlsx"') in html


def test_a_log_holds_the_period_with_fields_steps_and_where_it_was_sent(signed_in, staff, case_types, person):
    ba, hm = staff["business-administrator"], staff["hub-manager"]
    before = open_fines(staff, person, case_types, datetime.datetime(2026, 10, 31, 23, 59, tzinfo=LONDON))
    first = open_fines(staff, person, case_types, datetime.datetime(2026, 11, 1, 0, 0, tzinfo=LONDON))
    last = open_fines(staff, person, case_types, datetime.datetime(2026, 11, 30, 23, 59, tzinfo=LONDON))
    after = open_fines(staff, person, case_types, datetime.datetime(2026, 12, 1, 0, 0, tzinfo=LONDON))
    item = services.take_action(actor=ba, item=first, action="start", expected_version=first.version)
    item = services.update_details(actor=ba, item=item, expected_version=item.version, values={"amount": "120"},
                                   checklist_done=[check["code"] for check in item.case_type.checklist])
    item = services.take_action(actor=ba, item=item, action="submit", expected_version=item.version)
    item = services.take_action(actor=hm, item=item, action="approve", expected_version=item.version)
    services.take_action(actor=hm, item=item, action="send", expected_version=item.version,
                         sent={"sent_to": "Court fines office", "sent_channel": "post",
                               "sent_on": datetime.date(2026, 11, 23), "sent_reference": "F-1"})
    response = signed_in(hm).get("/casework/logs/fines/", {**NOVEMBER, "format": "csv"})
    assert 'filename="fines-log-2026-11-01-to-2026-11-30.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert [row["Reference"] for row in rows] == [first.reference, last.reference]
    assert before.reference not in str(rows) and after.reference not in str(rows)
    row = rows[0]
    assert row["Amount outstanding (£)"] == "120"
    assert row["Sent for check"].startswith("2026-11-23 ") and row["Approved"].startswith("2026-11-23 ")
    assert row["Recorded as sent"].startswith("2026-11-23 ")
    assert (row["Sent to"], row["Channel"], row["Sent reference"]) == ("Court fines office", "Post", "F-1")
    assert rows[1]["Sent for check"] == "" and rows[1]["Sent to"] == ""


def test_a_log_as_xlsx_has_the_case_types_columns(signed_in, staff, case_types, person):
    open_fines(staff, person, case_types, datetime.datetime(2026, 11, 2, 9, tzinfo=LONDON), amount="50")
    response = signed_in(staff["hub-manager"]).get("/casework/logs/fines/", {**NOVEMBER, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header, row = list(sheet.iter_rows(values_only=True))[:2]
    assert header[-6:] == ("Amount outstanding (£)", "Court fines office", "Sent for check", "Approved",
                           "Recorded as sent", "Closed")
    assert dict(zip(header, row, strict=True))["Received"] == datetime.datetime(2026, 11, 2, 9, 0)
    assert sheet.title == "Prisoner fines log"


def test_each_log_download_is_audited(signed_in, staff, case_types, person):
    open_fines(staff, person, case_types, datetime.datetime(2026, 11, 2, 9, tzinfo=LONDON))
    b"".join(signed_in(staff["auditor"]).get("/casework/logs/fines/", {**NOVEMBER, "format": "csv"})
             .streaming_content)
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor_username == "auditor" and event.after["rows"] == 1
    assert event.after["filters"] == {"log": "fines", "received_from": "2026-11-01", "received_to": "2026-11-30"}


def test_the_period_must_be_real_dates_in_order_and_every_problem_is_shown(signed_in, staff, case_types):
    client = signed_in(staff["hub-manager"])
    page = client.get("/casework/logs/", {**NOVEMBER, "received_from_0": "31", "received_from_1": "2"}).content
    assert "Received from date must be a real date" in page.decode()
    backwards = {**NOVEMBER, "received_to_0": "1", "received_to_1": "10"}
    page = client.get("/casework/logs/", backwards).content.decode()
    assert "Received to date must be the same as or after the received from date" in page
    assert "govuk-error-summary" in page and "/casework/logs/fines/" not in page
    both = client.get("/casework/logs/", {"received_from_0": "x", "received_to_2": "26"}).content.decode()
    assert "Received from date must include a month and a year" in both
    assert "Received to date must include a day and a month" in both
    response = client.get("/casework/logs/fines/", {**backwards, "format": "csv"})
    assert response.status_code == 400 and "must be the same as or after" in response.content.decode()
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()


def test_an_unknown_log_is_not_found(signed_in, staff, case_types):
    assert signed_in(staff["hub-manager"]).get("/casework/logs/nothing/", {**NOVEMBER, "format": "csv"}) \
        .status_code == 404
