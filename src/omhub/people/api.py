import datetime
from enum import Enum
from typing import Literal

from django.core.paginator import Paginator
from django.http import Http404
from ninja import Field, Path, Query, Router, Schema, Status

from omhub.accounts.models import Unit
from omhub.api.schemas import ERROR_RESPONSES, MAX_ID, CleanStr, ConflictOut, ErrorOut
from omhub.people import selectors, services
from omhub.people.models import ImmigrationStatus, LegalStatus, Person, RoshLevel, SecurityCategory, Sex, Tier

router = Router(tags=["people"])

LegalStatusValue = Enum("LegalStatusValue", {v.replace("-", "_"): v for v in LegalStatus.values}, type=str)
SexValue = Enum("SexValue", {v.replace("-", "_"): v for v in Sex.values}, type=str)
SecurityCategoryValue = Enum("SecurityCategoryValue", {v.replace("-", "_"): v for v in SecurityCategory.values},
                             type=str)
ImmigrationStatusValue = Enum("ImmigrationStatusValue", {v.replace("-", "_"): v for v in ImmigrationStatus.values},
                              type=str)
RoshValue = Enum("RoshValue", {v.replace("-", "_"): v for v in RoshLevel.values}, type=str)
TierValue = Enum("TierValue", {v: v for v in Tier.values}, type=str)


class AliasOut(Schema):
    id: int
    first_name: str
    last_name: str
    date_of_birth: datetime.date | None


class PersonSummary(Schema):
    id: int
    prison_number: str | None
    crn: str | None
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    legal_status: str
    establishment: str | None = Field(None, description="Prison code")
    probation_unit: str | None = Field(None, description="Probation delivery unit code")
    rosh_level: str
    mappa_level: int | None

    @staticmethod
    def resolve_establishment(obj):
        return obj.establishment.code if obj.establishment_id else None

    @staticmethod
    def resolve_probation_unit(obj):
        return obj.probation_unit.code if obj.probation_unit_id else None


class PersonOut(PersonSummary):
    pnc_number: str | None
    cro_number: str | None
    booking_number: str
    middle_names: str
    sex: str
    cell_location: str
    security_category: str
    nationality: str
    immigration_status: str
    tier: str
    mappa_category: int | None
    risk_to_children: bool
    safeguarding_concern: bool
    harassment_or_restraining_order: bool
    visor_registered: bool
    public_protection_concern: bool
    is_foreign_national: bool
    aliases: list[AliasOut]
    version: int = Field(description="Send this back when you update the person")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_aliases(obj):
        return list(obj.aliases.all())


class PersonPage(Schema):
    count: int
    page: int
    pages: int
    kind: str = Field(description="all, identifier or name: how the query was understood")
    message: str
    results: list[PersonSummary]


class _PersonFields(Schema):
    prison_number: CleanStr | None = Field(None, max_length=20, description="Format A1234BC")
    crn: CleanStr | None = Field(None, max_length=20, description="Probation case reference, format X123456")
    pnc_number: CleanStr | None = Field(None, max_length=20, description="Format 2012/0052834K")
    cro_number: CleanStr | None = Field(None, max_length=20, description="Format 123456/08T")
    booking_number: CleanStr | None = Field(None, max_length=20, description="Format 12345A")
    middle_names: CleanStr = Field("", max_length=120)
    sex: SexValue = SexValue.not_known
    establishment: CleanStr | None = Field(None, max_length=10, description="Prison code, for example LEI")
    cell_location: CleanStr = Field("", max_length=30)
    probation_unit: CleanStr | None = Field(None, max_length=10, description="Probation delivery unit code")
    security_category: SecurityCategoryValue | Literal[""] = ""
    nationality: CleanStr = Field("", max_length=60)
    immigration_status: ImmigrationStatusValue = ImmigrationStatusValue.not_known
    rosh_level: RoshValue | Literal[""] = ""
    tier: TierValue | Literal[""] = ""
    mappa_level: Literal[1, 2, 3] | None = None
    mappa_category: Literal[1, 2, 3, 4] | None = None
    risk_to_children: bool = False
    safeguarding_concern: bool = False
    harassment_or_restraining_order: bool = False
    visor_registered: bool = False
    public_protection_concern: bool = False


class PersonCreate(_PersonFields):
    first_name: CleanStr = Field(max_length=60)
    last_name: CleanStr = Field(max_length=60)
    date_of_birth: datetime.date
    legal_status: LegalStatusValue


class PersonUpdate(_PersonFields):
    """Only the fields sent are changed. ``version`` is the version you read: if someone changed the
    person since, the update is refused with 409 and nothing is saved."""

    version: int = Field(ge=1, le=MAX_ID)
    # Optional but never null: leaving a field out keeps it, and these four cannot be emptied.
    first_name: CleanStr = Field(None, max_length=60)
    last_name: CleanStr = Field(None, max_length=60)
    date_of_birth: datetime.date = None
    legal_status: LegalStatusValue = None


def _unit(code: str | None, field: str, errors: dict):
    if not code:
        return None
    unit = Unit.objects.filter(code=code.strip().upper()).first()
    if unit is None:
        errors.setdefault(field, []).append(f"No unit has the code {code!r}")
    return unit


def _service_data(payload: _PersonFields, *, only_sent: bool) -> dict:
    from django.core.exceptions import ValidationError

    data = payload.dict(exclude_unset=only_sent)
    data.pop("version", None)
    errors: dict = {}
    for field in ("establishment", "probation_unit"):
        if field in data:
            data[field] = _unit(data[field], field, errors)
    for key, value in list(data.items()):
        if isinstance(value, Enum):
            data[key] = value.value
    if errors:
        raise ValidationError(errors)
    return data


def _get(request, person_id: int) -> Person:
    try:
        return selectors.get_person(request.user, person_id)
    except Person.DoesNotExist as error:
        raise Http404("No person with this id in your units") from error


@router.get("", response={200: PersonPage, **ERROR_RESPONSES}, summary="List or search people")
def list_people(
    request,
    q: CleanStr = Query("", max_length=100, description="A name (typos and either order), or an identifier"),
    unit: CleanStr = Query("", max_length=10, description="Only people in this unit (code)"),
    legal_status: LegalStatusValue | None = Query(None),
    rosh_level: RoshValue | None = Query(None),
    page: int = Query(1, ge=1, le=100_000),
    page_size: int = Query(25, ge=1, le=200),
):
    unit_id = None
    if unit:
        found = Unit.objects.filter(code=unit.strip().upper()).first()
        unit_id = found.id if found else -1
    filters = selectors.PeopleFilters(query=q, unit_id=unit_id,
                                      legal_status=legal_status.value if legal_status else "",
                                      rosh_level=rosh_level.value if rosh_level else "")
    results = selectors.search_people(request.user, filters)
    paginator = Paginator(results.people, page_size)
    current = paginator.get_page(page)
    return {"count": paginator.count, "page": current.number, "pages": paginator.num_pages, "kind": results.kind,
            "message": results.message, "results": list(current.object_list)}


@router.get("/{person_id}", response={200: PersonOut, 404: ErrorOut, **ERROR_RESPONSES}, summary="Read a person")
def read_person(request, person_id: int = Path(..., ge=1, le=MAX_ID)):
    person = _get(request, person_id)
    services.record_person_read(actor=request.user, person=person, via="api")
    return person


@router.post("", response={201: PersonOut, **ERROR_RESPONSES}, summary="Add a person")
def create_person(request, payload: PersonCreate):
    person = services.create_person(actor=request.user, data=_service_data(payload, only_sent=False))
    return Status(201, selectors.get_person(request.user, person.pk))


@router.patch("/{person_id}", response={200: PersonOut, 404: ErrorOut, 409: ConflictOut, **ERROR_RESPONSES},
              summary="Change a person")
def update_person(request, payload: PersonUpdate, person_id: int = Path(..., ge=1, le=MAX_ID)):
    person = _get(request, person_id)
    updated = services.update_person(actor=request.user, person=person,
                                      data=_service_data(payload, only_sent=True), expected_version=payload.version)
    return Person.objects.select_related("establishment", "probation_unit").prefetch_related("aliases").get(
        pk=updated.pk)
