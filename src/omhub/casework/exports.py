"""Casework lists as CSV and XLSX: any queue with its filters, and the hub's logs of information.

The same table feeds both formats. Rows come from the database in chunks and go out as they come, so
an export of tens of thousands of items never holds them all in memory: CSV is streamed to the
browser, and XLSX is written by XlsxWriter in constant-memory mode to a temporary file. The countdown
column is worked out once per distinct due date, not once per row.

Every export is a sensitive read of many people's records: it is audited (action "export") with the
filters it used and how many rows it held, before the first byte leaves.
"""

import codecs
import csv
import datetime
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone

from omhub.audit import services as audit
from omhub.casework import deadlines
from omhub.casework.models import OPEN_STATUSES, CaseType, Transition, WorkItem

FORMATS = ("csv", "xlsx")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK_SIZE = 2000
CHANNEL_LABELS = {"email": "Email (secure)", "post": "Post", "hand": "By hand",
                  "system": "Another system", "phone": "Phone, confirmed in writing"}
# A spreadsheet treats a cell that starts with one of these as a formula: text from the records is
# written so that it never runs as one (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TEXT, DATE, DATETIME, NUMBER = "text", "date", "datetime", "number"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[WorkItem], object]
    kind: str = TEXT
    width: int = 16


class Countdown:
    """Working days from today to a due date (negative when overdue), as calendar.working_days_between
    counts them, from running counts kept out from today: each calendar day is looked at once per export,
    however many rows and due dates it has."""

    def __init__(self, today: datetime.date, calendar=None):
        self.today = today
        self.calendar = calendar or deadlines.calendar()
        self.ahead = [0]  # ahead[k]: working days in (today, today + k]
        self.behind = [0]  # behind[k]: working days in [today - k, today)

    def __call__(self, due: datetime.date) -> int:
        offset = (due - self.today).days
        counts, step = (self.ahead, 1) if offset >= 0 else (self.behind, -1)
        while len(counts) <= abs(offset):
            k = len(counts)
            day = self.today + datetime.timedelta(days=k) if step == 1 else self.today - datetime.timedelta(days=k)
            counts.append(counts[-1] + self.calendar.is_working_day(day))
        return counts[offset] if offset >= 0 else -counts[-offset]


@dataclass
class Table:
    """What an export holds: its columns, the rows' query, and a name for the file."""

    title: str
    filename: str
    columns: list[Column]
    items: QuerySet
    today: datetime.date
    countdown: Countdown = field(init=False)

    def __post_init__(self):
        self.countdown = Countdown(self.today)

    def rows(self) -> Iterator[list]:
        for item in self.items.iterator(chunk_size=CHUNK_SIZE):
            item.working_days_left = self.countdown(item.due_date) if item.status in OPEN_STATUSES else None
            yield [column.value(item) for column in self.columns]


def _username(user) -> str:
    return user.username if user is not None else ""


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _person(attribute: str):
    return lambda item: getattr(item.person, attribute) or "" if item.person_id else ""


BASE_COLUMNS = [
    Column("Reference", lambda item: item.reference, width=14),
    Column("Case type", lambda item: item.case_type.name, width=30),
    Column("Person", _person("listing_name"), width=24),
    Column("Prison number", _person("prison_number"), width=14),
    Column("CRN", _person("crn"), width=10),
    Column("Unit", lambda item: item.unit.name, width=20),
    Column("Status", lambda item: item.get_status_display(), width=16),
    Column("Assigned to", lambda item: _username(item.assignee), width=16),
    Column("Received", lambda item: _local(item.received_at), DATETIME, width=17),
    Column("Due", lambda item: item.due_date, DATE, width=12),
    Column("Working days left", lambda item: item.working_days_left, NUMBER, width=10),
    Column("Prepared by", lambda item: _username(item.prepared_by), width=16),
    Column("Checked by", lambda item: _username(item.checked_by), width=16),
    Column("Sent to", lambda item: item.sent_to, width=30),
    Column("Channel", lambda item: CHANNEL_LABELS.get(item.sent_channel, item.sent_channel), width=16),
    Column("Sent on", lambda item: item.sent_on, DATE, width=12),
    Column("Sent reference", lambda item: item.sent_reference, width=16),
    Column("Needs review", lambda item: "Yes" if item.needs_review else "No", width=8),
]

# The transitions summary of a log: when the item was last sent for check, checked, and recorded as sent.
STEP_ACTIONS = {"sent_for_check_at": "submit", "approved_at": "approve", "recorded_sent_at": "send"}
LOG_COLUMNS = [
    Column("Sent for check", lambda item: _local(item.sent_for_check_at), DATETIME, width=17),
    Column("Approved", lambda item: _local(item.approved_at), DATETIME, width=17),
    Column("Recorded as sent", lambda item: _local(item.recorded_sent_at), DATETIME, width=17),
    Column("Closed", lambda item: _local(item.closed_at), DATETIME, width=17),
]


def _field_value(spec: dict):
    name = spec["name"]
    if spec.get("kind") == "date":
        def value(item):
            try:
                return datetime.date.fromisoformat(item.values.get(name, ""))
            except (TypeError, ValueError):
                return item.values.get(name) or None
        return value
    return lambda item: item.values.get(name, "")


def field_columns(case_type: CaseType) -> list[Column]:
    """The case type's own fields, as extra columns: only when a list holds one case type."""
    return [Column(spec.get("label") or spec["name"], _field_value(spec),
                   DATE if spec.get("kind") == "date" else TEXT, width=18)
            for spec in case_type.fields if isinstance(spec, dict) and spec.get("name")]


# Only the columns an export shows: a work item row joined to its case type, person and staff carries many
# JSON columns (rules, checklists, templates) whose decoding would cost more than everything else together.
EXPORT_FIELDS = [
    "reference", "status", "received_at", "due_date", "values", "needs_review", "sent_to", "sent_channel",
    "sent_on", "sent_reference", "closed_at", "case_type__name", "unit__name", "person__first_name",
    "person__last_name", "person__prison_number", "person__crn", "assignee__username", "prepared_by__username",
    "checked_by__username",
]
RELATIONS = ["case_type", "unit", "person", "assignee", "prepared_by", "checked_by"]


def _for_export(items: QuerySet) -> QuerySet:
    return items.select_related(*RELATIONS).only(*RELATIONS, *EXPORT_FIELDS)


def list_table(items: QuerySet, *, case_type: CaseType | None, today: datetime.date, name: str) -> Table:
    columns = BASE_COLUMNS + (field_columns(case_type) if case_type is not None else [])
    return Table(title="Hub casework", filename=f"hub-casework-{_slug(name)}-{today.isoformat()}",
                 columns=columns, items=_for_export(items), today=today)


def log_table(items: QuerySet, *, case_type: CaseType, received_from: datetime.date, received_to: datetime.date,
              today: datetime.date) -> Table:
    """A log of information: one case type's items received in a period, with their own fields, the
    steps they went through and where they were sent."""
    start, end = day_bounds(received_from, received_to)
    items = items.filter(case_type=case_type, received_at__gte=start, received_at__lt=end)
    for name, action in STEP_ACTIONS.items():
        steps = Transition.objects.filter(work_item=OuterRef("pk"), action=action).order_by("-at", "-id")
        items = items.annotate(**{name: Subquery(steps.values("at")[:1])})
    items = _for_export(items).order_by("received_at", "id")
    return Table(title=f"{case_type.name} log",
                 filename=f"{case_type.code}-log-{received_from.isoformat()}-to-{received_to.isoformat()}",
                 columns=BASE_COLUMNS + field_columns(case_type) + LOG_COLUMNS, items=items, today=today)


def day_bounds(first: datetime.date, last: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From the start of ``first`` to the start of the day after ``last``, in London time."""
    zone = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone)
    return start, end


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "list"


def record_export(*, actor, table: Table, fmt: str, filters: dict) -> int:
    """Audit the export before it is sent; returns how many rows it holds."""
    count = table.items.count()
    audit.record(actor=actor, action=audit.Action.EXPORT, object_type="casework.workitem",
                 object_repr=f"{table.title} ({fmt.upper()}, {count} row{'s' if count != 1 else ''})",
                 after={"format": fmt, "filters": filters, "rows": count, "file": f"{table.filename}.{fmt}"})
    return count


# -- CSV -------------------------------------------------------------------------------------------


def _csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class _Echo:
    """csv.writer writes to this and gets the line back, so each row can be yielded as it is made."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: Table) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield codecs.BOM_UTF8.decode("utf-8") + writer.writerow([column.header for column in table.columns])
    batch = []
    for row in table.rows():
        batch.append(writer.writerow([_csv_text(value) for value in row]))
        if len(batch) >= 500:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


def csv_response(table: Table) -> StreamingHttpResponse:
    response = StreamingHttpResponse((line.encode("utf-8") for line in csv_lines(table)), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{table.filename}.csv"'
    return response


# -- XLSX ------------------------------------------------------------------------------------------


def write_xlsx(table: Table, output) -> int:
    """Write the table as a workbook to ``output`` (a binary file); returns the number of rows."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(output, {"constant_memory": True, "tmpdir": tempfile.gettempdir()})
    sheet = workbook.add_worksheet(table.title[:31].replace("/", "-"))
    header = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bottom": 1})
    formats = {DATE: workbook.add_format({"num_format": "dd/mm/yyyy"}),
               DATETIME: workbook.add_format({"num_format": "dd/mm/yyyy hh:mm"})}
    for index, column in enumerate(table.columns):
        sheet.set_column(index, index, column.width, formats.get(column.kind))
    for index, column in enumerate(table.columns):
        sheet.write_string(0, index, column.header, header)
    sheet.freeze_panes(1, 0)
    row_number = 0
    for row_number, row in enumerate(table.rows(), start=1):
        for index, (column, value) in enumerate(zip(table.columns, row, strict=True)):
            if value is None or value == "":
                continue
            if column.kind in (DATE, DATETIME) and isinstance(value, datetime.date):
                sheet.write_datetime(row_number, index, value, formats[column.kind])
            elif column.kind == NUMBER and isinstance(value, int):
                sheet.write_number(row_number, index, value)
            else:
                sheet.write_string(row_number, index, str(value))
    sheet.autofilter(0, 0, max(row_number, 1), len(table.columns) - 1)
    workbook.close()
    return row_number


def xlsx_response(table: Table) -> FileResponse:
    output = tempfile.TemporaryFile()
    write_xlsx(table, output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=f"{table.filename}.xlsx", content_type=XLSX_TYPE)


def response(table: Table, fmt: str):
    return xlsx_response(table) if fmt == "xlsx" else csv_response(table)
