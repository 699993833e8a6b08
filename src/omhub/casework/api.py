import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status

from omhub import identifiers
from omhub.api.schemas import ERROR_RESPONSES, MAX_ID, CleanStr, ConflictOut, ErrorOut
from omhub.casework import selectors, services
from omhub.casework.models import CaseType, WorkItem
from omhub.casework.models import Status as ItemStatus
from omhub.people.selectors import people_visible_to

router = Router(tags=["casework"])


class CaseTypeOut(Schema):
    code: str
    number: int
    name: str
    short_name: str
    trigger: str
    fields: list[dict]
    checklist: list[dict]
    deadline_rule: dict
    open_rule: dict | None
    onward_recipients: list[str]
    preparer_roles: list[str]
    checker_roles: list[str]
    rules_version: int
    is_active: bool


class WorkItemOut(Schema):
    reference: str
    case_type: str
    person_id: int | None
    unit: str
    status: str
    assignee: str | None
    prepared_by: str | None
    checked_by: str | None
    received_at: datetime.datetime
    due_date: datetime.date
    working_days_left: int | None
    deadline_explanation: list[str]
    values: dict
    checklist_done: list[str]
    sent_to: str
    sent_channel: str
    sent_on: datetime.date | None
    sent_reference: str
    needs_review: bool
    version: int

    @staticmethod
    def resolve_case_type(obj):
        return obj.case_type.code

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.code

    @staticmethod
    def resolve_assignee(obj):
        return obj.assignee.username if obj.assignee_id else None

    @staticmethod
    def resolve_prepared_by(obj):
        return obj.prepared_by.username if obj.prepared_by_id else None

    @staticmethod
    def resolve_checked_by(obj):
        return obj.checked_by.username if obj.checked_by_id else None

    @staticmethod
    def resolve_working_days_left(obj):
        return getattr(obj, "working_days_left", None)


class WorkItemPage(Schema):
    count: int
    page: int
    pages: int
    results: list[WorkItemOut]


class WorkItemCreate(Schema):
    case_type: CleanStr = Field(max_length=40, description="A case type code, see /case-types")
    person: CleanStr | None = Field(None, max_length=20, description="Prison number or CRN")
    received_at: datetime.datetime | None = Field(None, description="When it was received (default now)")
    values: dict[str, CleanStr] = Field(default_factory=dict)


class WorkItemUpdate(Schema):
    version: int = Field(ge=1, le=MAX_ID)
    values: dict[str, CleanStr] | None = None
    checklist_done: list[CleanStr] | None = None


class TransitionIn(Schema):
    action: CleanStr = Field(max_length=20, description="start, submit, return, approve, send, close, withdraw, reopen")
    version: int = Field(ge=1, le=MAX_ID)
    reason: CleanStr = Field("", max_length=2000)
    sent_to: CleanStr = Field("", max_length=200)
    sent_channel: CleanStr = Field("", max_length=40)
    sent_on: datetime.date | None = None
    sent_reference: CleanStr = Field("", max_length=100)


def _item(request, reference: str) -> WorkItem:
    try:
        item = selectors.get_work_item(request.user, reference)
    except WorkItem.DoesNotExist as error:
        raise Http404("No work item with this reference in your units") from error
    selectors.with_countdown([item], today=timezone.localdate())
    return item


@router.get("/case-types", response={200: list[CaseTypeOut], **ERROR_RESPONSES}, summary="Every case type")
def list_case_types(request):
    if not selectors.can_see_case_types(request.user):
        raise PermissionDenied("Your roles do not allow you to see the case types.")
    return list(CaseType.objects.order_by("number"))


@router.get("/work-items", response={200: WorkItemPage, **ERROR_RESPONSES}, summary="List work items")
def list_work_items(
    request,
    view: CleanStr = Query("all", max_length=20, description=", ".join(selectors.VIEWS)),
    case_type: CleanStr = Query("", max_length=40),
    status: CleanStr = Query("", max_length=20),
    person: CleanStr = Query("", max_length=60),
    risk: CleanStr = Query("", max_length=20, description=", ".join(selectors.RISK_FILTERS)),
    assignee: CleanStr = Query("", max_length=150, description="The username of the person the work is assigned to"),
    due_from: datetime.date | None = Query(None),
    due_to: datetime.date | None = Query(None),
    sort: CleanStr = Query("due", max_length=20, description=", ".join(selectors.SORTS)),
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(50, ge=1, le=500),
):
    errors = {}
    if view not in selectors.VIEWS:
        errors["view"] = [f"Choose one of: {', '.join(selectors.VIEWS)}"]
    if status and status not in ItemStatus.values:
        errors["status"] = [f"Choose one of: {', '.join(ItemStatus.values)}"]
    if risk and risk not in selectors.RISK_FILTERS:
        errors["risk"] = [f"Choose one of: {', '.join(selectors.RISK_FILTERS)}"]
    if sort not in selectors.SORTS:
        errors["sort"] = [f"Choose one of: {', '.join(selectors.SORTS)}"]
    assignee_id = None
    if assignee:
        assignee_id = selectors.preparers_for(request.user).filter(username=assignee).values_list(
            "pk", flat=True).first()
        if assignee_id is None:
            errors["assignee"] = [f"No one called {assignee!r} prepares hub work in your units"]
    if errors:
        raise ValidationError(errors)
    today = timezone.localdate()
    filters = selectors.WorkFilters(view=view, case_type=case_type, status=status, person_query=person, risk=risk,
                                    assignee=assignee_id, due_from=due_from, due_to=due_to, sort=sort)
    paginator = Paginator(selectors.work_list(request.user, filters, today=today), page_size)
    current = paginator.get_page(page)
    results = selectors.with_countdown(list(current.object_list), today=today)
    return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages, "results": results}


@router.post("/work-items", response={201: WorkItemOut, **ERROR_RESPONSES}, summary="Open a work item")
def create_work_item(request, payload: WorkItemCreate):
    case_type = CaseType.objects.filter(code=payload.case_type).first()
    if case_type is None:
        raise ValidationError({"case_type": [f"No case type has the code {payload.case_type!r}"]})
    person = None
    if payload.person:
        found = identifiers.identify(payload.person)
        if not found or found[0] not in ("prison_number", "crn"):
            raise ValidationError({"person": ["Enter a prison number like A1234BC or a CRN like X123456"]})
        person = people_visible_to(request.user).filter(**{found[0]: found[1]}).first()
        if person is None:
            raise ValidationError({"person": ["No one in your units has this prison number or CRN"]})
    if payload.received_at is not None and timezone.is_naive(payload.received_at):
        raise ValidationError({"received_at": ["Give the time zone, for example 2026-11-20T10:30:00+00:00"]})
    unit = None if person else request.user.units.order_by("kind", "name").first()
    item = services.open_work_item(actor=request.user, case_type=case_type, person=person, unit=unit,
                                   received_at=payload.received_at, values=payload.values)
    return Status(201, _item(request, item.reference))


EXPORT_CONTENT = {"text/csv": {"schema": {"type": "string"}},
                  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                      {"schema": {"type": "string", "format": "binary"}}}


@router.get("/work-items/export", response={200: None, **ERROR_RESPONSES},
            summary="Download work items as CSV or XLSX, with the same filters as the list",
            openapi_extra={"responses": {200: {"description": "The list as a file (UTF-8 CSV with a byte order "
                                                              "mark, or an XLSX workbook)",
                                               "content": EXPORT_CONTENT}}})
def export_work_items(
    request,
    format: CleanStr = Query("csv", max_length=10, description="csv or xlsx"),
    view: CleanStr = Query("all", max_length=20, description=", ".join(selectors.VIEWS)),
    case_type: CleanStr = Query("", max_length=40),
    status: CleanStr = Query("", max_length=20),
    person: CleanStr = Query("", max_length=60),
    risk: CleanStr = Query("", max_length=20),
    due_from: datetime.date | None = Query(None),
    due_to: datetime.date | None = Query(None),
    sort: CleanStr = Query("due", max_length=20),
):
    from omhub.casework import export_views, exports

    if format not in exports.FORMATS:
        raise ValidationError({"format": ["Choose csv or xlsx"]})
    if view not in selectors.VIEWS:
        raise ValidationError({"view": [f"Choose one of: {', '.join(selectors.VIEWS)}"]})
    if status and status not in ItemStatus.values:
        raise ValidationError({"status": [f"Choose one of: {', '.join(ItemStatus.values)}"]})
    filters = selectors.WorkFilters(view=view, case_type=case_type, status=status, person_query=person, risk=risk,
                                    due_from=due_from, due_to=due_to, sort=sort)
    table = export_views.export_table(request.user, filters, today=timezone.localdate())
    exports.record_export(actor=request.user, table=table, fmt=format, filters=export_views.filters_record(filters))
    return exports.response(table, format)


@router.get("/work-items/{reference}", response={200: WorkItemOut, 404: ErrorOut, **ERROR_RESPONSES},
            summary="Read a work item")
def read_work_item(request, reference: str = Path(..., max_length=30)):
    return _item(request, reference)


@router.patch("/work-items/{reference}", response={200: WorkItemOut, 404: ErrorOut, 409: ConflictOut,
                                                    **ERROR_RESPONSES}, summary="Change a work item's details")
def update_work_item(request, payload: WorkItemUpdate, reference: str = Path(..., max_length=30)):
    item = _item(request, reference)
    services.update_details(actor=request.user, item=item, expected_version=payload.version,
                            values=item.values if payload.values is None else payload.values,
                            checklist_done=item.checklist_done if payload.checklist_done is None
                            else payload.checklist_done)
    return _item(request, reference)


@router.post("/work-items/{reference}/transitions",
             response={200: WorkItemOut, 404: ErrorOut, 409: ConflictOut, **ERROR_RESPONSES},
             summary="Move a work item on: start, submit, return, approve, send, close, withdraw, reopen")
def transition(request, payload: TransitionIn, reference: str = Path(..., max_length=30)):
    item = _item(request, reference)
    services.take_action(actor=request.user, item=item, action=payload.action, expected_version=payload.version,
                         reason=payload.reason, sent={"sent_to": payload.sent_to, "sent_channel": payload.sent_channel,
                                                      "sent_on": payload.sent_on,
                                                      "sent_reference": payload.sent_reference})
    return _item(request, reference)


# -- case type administration and exports ----------------------------------------------------------------


class CaseTypeFieldIn(Schema):
    name: CleanStr = Field(max_length=100, description="Small letters, numbers and underscores, like hearing_date")
    label: CleanStr = Field(max_length=200)
    kind: CleanStr = Field(max_length=20, description="date, text, choice, person or stakeholder")
    required: bool = False
    choices: list[CleanStr] | None = Field(None, max_length=100, description="For a choice field, at least 2")


class ChecklistItemIn(Schema):
    code: CleanStr = Field(max_length=100)
    label: CleanStr = Field(max_length=300)


class RuleIn(Schema):
    unit: CleanStr = Field(max_length=20, description="working_days, calendar_days, weeks, months or hours")
    amount: int = Field(ge=0, le=10_000)
    direction: CleanStr = Field("after", max_length=10, description="after or before")
    anchor: CleanStr = Field("received", max_length=40,
                             description="received, a key date kind (HDCED, CRD, ...) or a date field's name")
    cut_off: CleanStr | None = Field(None, max_length=5, description="HH:MM, for a rule counted from receipt")


class ReminderStepIn(Schema):
    when: CleanStr = Field(max_length=20, description="due-soon, due-today or overdue")
    working_days_before: int | None = Field(None, ge=0, le=1000, description="For due-soon")
    escalate_to: CleanStr | None = Field(None, max_length=60, description="For overdue: a role code")


class DocumentTemplateIn(Schema):
    title: CleanStr = Field("", max_length=1000)
    body: CleanStr = Field("", max_length=50_000)


class CaseTypeDetailOut(CaseTypeOut):
    description: str
    evidence: str
    open_only_if: list[str]
    reminder_steps: list[dict]
    document_template: dict
    version: int


class CaseTypeUpdate(Schema):
    version: int = Field(ge=1, le=MAX_ID, description="The version you read: a stale one is refused with 409")
    name: CleanStr | None = Field(None, max_length=200)
    short_name: CleanStr | None = Field(None, max_length=40)
    description: CleanStr | None = Field(None, max_length=10_000)
    trigger: CleanStr | None = Field(None, max_length=400)
    evidence: CleanStr | None = Field(None, max_length=400)
    is_active: bool | None = None
    fields: list[CaseTypeFieldIn] | None = Field(None, max_length=100)
    checklist: list[ChecklistItemIn] | None = Field(None, max_length=100)
    deadline_rule: RuleIn | None = None
    open_rule: RuleIn | None = Field(None, description="Send null to stop the diary opening this type")
    open_only_if: list[CleanStr] | None = Field(None, max_length=10,
                                                description="foreign-national, mappa, in-custody, category-a")
    reminder_steps: list[ReminderStepIn] | None = Field(None, max_length=10)
    onward_recipients: list[CleanStr] | None = Field(None, max_length=100)
    preparer_roles: list[CleanStr] | None = Field(None, max_length=20)
    checker_roles: list[CleanStr] | None = Field(None, max_length=20)
    document_template: DocumentTemplateIn | None = None


def _case_type(request, code: str) -> CaseType:
    if not selectors.can_see_case_types(request.user):
        raise PermissionDenied("Your roles do not allow you to see the case types.")
    case_type = CaseType.objects.filter(code=code).first()
    if case_type is None:
        raise Http404("No case type has this code")
    return case_type


@router.get("/case-types/{code}", response={200: CaseTypeDetailOut, 404: ErrorOut, **ERROR_RESPONSES},
            summary="Read a case type, with its version")
def read_case_type(request, code: str = Path(..., max_length=40)):
    return _case_type(request, code)


def _changes(payload: CaseTypeUpdate) -> dict:
    """What the request asked to change: only the parts it sent, with None dropped from nested parts."""
    sent = payload.model_dump(exclude_unset=True, exclude={"version"})
    for key in ("fields", "reminder_steps"):
        if sent.get(key) is not None:
            sent[key] = [{k: v for k, v in row.items() if v is not None} for row in sent[key]]
    for key in ("deadline_rule", "open_rule"):
        if sent.get(key) is not None:
            sent[key] = {k: v for k, v in sent[key].items() if v is not None}
    for key in ("name", "short_name", "is_active", "fields", "checklist", "deadline_rule", "open_only_if",
                "reminder_steps", "onward_recipients", "preparer_roles", "checker_roles", "document_template"):
        if key in sent and sent[key] is None:
            raise ValidationError({key: [f"{key} cannot be null: leave it out to keep it as it is"]})
    return sent


@router.patch("/case-types/{code}", response={200: CaseTypeDetailOut, 404: ErrorOut, 409: ConflictOut,
                                              **ERROR_RESPONSES},
              summary="Change a case type (System Administrator): send only the parts to change, and the version")
def update_case_type(request, payload: CaseTypeUpdate, code: str = Path(..., max_length=40)):
    from omhub.casework import case_type_services

    case_type = _case_type(request, code)
    return case_type_services.update_case_type(actor=request.user, case_type=case_type,
                                               expected_version=payload.version, changes=_changes(payload))


from omhub.casework.attachment_api import router as attachment_router  # noqa: E402

router.add_router("", attachment_router)
