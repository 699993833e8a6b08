"""Every change to a nominal record: permission-checked, validated, audited, in one transaction."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from omhub import identifiers
from omhub.accounts.models import Unit
from omhub.accounts.permissions import Capability, require, visible_unit_ids
from omhub.audit import services as audit
from omhub.core.errors import ConflictError
from omhub.people.models import Alias, NameKey, Person
from omhub.people.name_matching import name_keys

EDITABLE_FIELDS = [
    "prison_number", "crn", "pnc_number", "cro_number", "booking_number",
    "first_name", "middle_names", "last_name", "date_of_birth", "sex",
    "establishment", "cell_location", "probation_unit", "legal_status", "security_category",
    "nationality", "immigration_status",
    "rosh_level", "tier", "mappa_level", "mappa_category",
    "risk_to_children", "safeguarding_concern", "harassment_or_restraining_order",
    "visor_registered", "public_protection_concern",
]
OLDEST_DATE_OF_BIRTH = datetime.date(1900, 1, 1)
_IDENTIFIERS = {
    "prison_number": identifiers.normalise_prison_number,
    "crn": identifiers.normalise_crn,
    "pnc_number": identifiers.normalise_pnc,
    "cro_number": identifiers.normalise_cro,
    "booking_number": identifiers.normalise_booking_number,
}
_UNIQUE_IDENTIFIERS = {
    "prison_number": "prison number",
    "crn": "case reference number",
    "pnc_number": "PNC number",
    "cro_number": "CRO number",
}


def date_of_birth_problem(value: datetime.date | None, today: datetime.date) -> str | None:
    if value is None:
        return "Enter a date of birth"
    if value > today:
        return "Date of birth must be in the past"
    if value < OLDEST_DATE_OF_BIRTH:
        return "Date of birth must be after 1 January 1900"
    return None


def _clean(actor, data: dict, *, today: datetime.date, creating: bool) -> dict:
    """Normal forms of the identifiers and the rules a form cannot see: collected, not stopped at
    the first, so the user can mend everything in one go."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(data)
    for field, normalise in _IDENTIFIERS.items():
        value = (cleaned.get(field) or "").strip()
        if not value:
            cleaned[field] = "" if field == "booking_number" else None
            continue
        try:
            cleaned[field] = normalise(value)
        except identifiers.InvalidIdentifier as error:
            errors.setdefault(field, []).append(str(error))
    for field in ("first_name", "last_name"):
        cleaned[field] = " ".join((cleaned.get(field) or "").split())
    if not cleaned.get("first_name"):
        errors.setdefault("first_name", []).append("Enter a first name")
    if not cleaned.get("last_name"):
        errors.setdefault("last_name", []).append("Enter a last name")
    if problem := date_of_birth_problem(cleaned.get("date_of_birth"), today):
        errors.setdefault("date_of_birth", []).append(problem)
    if not cleaned.get("prison_number") and not cleaned.get("crn") and "prison_number" not in errors:
        errors.setdefault("prison_number", []).append("Enter a prison number or a case reference number (CRN)")
    if cleaned.get("mappa_level") and not cleaned.get("mappa_category"):
        errors.setdefault("mappa_category", []).append("Choose a MAPPA category for a person managed under MAPPA")
    if cleaned.get("mappa_category") and not cleaned.get("mappa_level"):
        errors.setdefault("mappa_level", []).append("Choose a MAPPA level, or remove the MAPPA category")
    _check_units(actor, cleaned, errors, creating=creating)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_units(actor, cleaned: dict, errors: dict, *, creating: bool) -> None:
    """A new record must land in one of the creator's units, or they could not see what they made.
    A change may move a person anywhere: a transfer to another prison is an everyday change."""
    allowed = visible_unit_ids(actor)
    establishment = cleaned.get("establishment")
    probation_unit = cleaned.get("probation_unit")
    if establishment is not None and establishment.kind != Unit.Kind.PRISON:
        errors.setdefault("establishment", []).append("Choose a prison for the establishment")
    if probation_unit is not None and probation_unit.kind != Unit.Kind.PROBATION_DELIVERY_UNIT:
        errors.setdefault("probation_unit", []).append("Choose a probation delivery unit")
    if establishment is None and probation_unit is None:
        errors.setdefault("establishment", []).append("Choose an establishment or a probation delivery unit")
        return
    if allowed is None or not creating:
        return
    if not ((establishment and establishment.id in allowed) or (probation_unit and probation_unit.id in allowed)):
        errors.setdefault("establishment", []).append(
            "Choose an establishment or probation delivery unit you work in: you could not see this person otherwise"
        )


def _check_unique(cleaned: dict, exclude_pk=None) -> None:
    errors = {}
    for field, label in _UNIQUE_IDENTIFIERS.items():
        value = cleaned.get(field)
        if value and Person.objects.filter(**{field: value}).exclude(pk=exclude_pk).exists():
            errors[field] = [f"Another person already has this {label}"]
    if errors:
        raise ValidationError(errors)


def refresh_name_keys(person: Person) -> None:
    names = [person.first_name, person.middle_names, person.last_name]
    for alias in person.aliases.all():
        names += [alias.first_name, alias.last_name]
    wanted = name_keys(*names)
    existing = set(person.name_keys.values_list("key", flat=True))
    if existing - wanted:
        person.name_keys.filter(key__in=existing - wanted).delete()
    NameKey.objects.bulk_create([NameKey(person=person, key=key) for key in sorted(wanted - existing)])


def _save(person: Person) -> None:
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as error:
        raise ValidationError({"prison_number": ["Another person already has one of these identifiers"]}) from error


@transaction.atomic
def create_person(*, actor, data: dict, today: datetime.date | None = None) -> Person:
    require(actor, Capability.CREATE_PEOPLE)
    cleaned = _clean(actor, data, today=today or timezone.localdate(), creating=True)
    _check_unique(cleaned)
    person = Person(**{field: cleaned.get(field) for field in EDITABLE_FIELDS if field in cleaned})
    _apply_defaults(person)
    _save(person)
    refresh_name_keys(person)
    audit.record(actor=actor, action=audit.Action.CREATE, instance=person, person_id=person.pk,
                 after=audit.snapshot(person, EDITABLE_FIELDS))
    return person


def _apply_defaults(person: Person) -> None:
    for field in ("middle_names", "cell_location", "nationality", "security_category", "rosh_level", "tier"):
        if getattr(person, field) is None:
            setattr(person, field, "")


@transaction.atomic
def update_person(*, actor, person: Person, data: dict, expected_version: int,
                  today: datetime.date | None = None) -> Person:
    """Apply the changed fields in ``data``. If the record moved on since the user loaded it at
    ``expected_version``, nothing is saved and a ConflictError names who changed it."""
    require(actor, Capability.EDIT_PEOPLE)
    locked = Person.objects.select_for_update().get(pk=person.pk)
    _require_visible(actor, locked)
    if locked.version != expected_version:
        raise ConflictError(
            "Someone else changed this record while you were editing it. Your changes have not been saved: "
            "check the record as it is now and make them again.",
            current_version=locked.version,
        )
    current = {field: getattr(locked, field) for field in EDITABLE_FIELDS}
    merged = {**current, **{key: value for key, value in data.items() if key in EDITABLE_FIELDS}}
    cleaned = _clean(actor, merged, today=today or timezone.localdate(), creating=False)
    _check_unique(cleaned, exclude_pk=locked.pk)
    before = audit.snapshot(locked, EDITABLE_FIELDS)
    for field in EDITABLE_FIELDS:
        setattr(locked, field, cleaned.get(field))
    _apply_defaults(locked)
    after = audit.snapshot(locked, EDITABLE_FIELDS)
    if before == after:
        return locked
    locked.version += 1
    _save(locked)
    refresh_name_keys(locked)
    audit.record_change(actor=actor, instance=locked, before=before, after=after, person_id=locked.pk)
    return locked


def _require_visible(actor, person: Person) -> None:
    allowed = visible_unit_ids(actor)
    if allowed is not None and person.establishment_id not in allowed and person.probation_unit_id not in allowed:
        raise Person.DoesNotExist("No person with this id in your units")


ALIAS_FIELDS = ["first_name", "last_name", "date_of_birth"]


@transaction.atomic
def add_alias(*, actor, person: Person, first_name: str, last_name: str,
              date_of_birth: datetime.date | None = None, today: datetime.date | None = None) -> Alias:
    require(actor, Capability.EDIT_PEOPLE)
    _require_visible(actor, person)
    errors = {}
    first_name, last_name = " ".join((first_name or "").split()), " ".join((last_name or "").split())
    if not first_name:
        errors["first_name"] = ["Enter the alias's first name"]
    if not last_name:
        errors["last_name"] = ["Enter the alias's last name"]
    if date_of_birth and date_of_birth > (today or timezone.localdate()):
        errors["date_of_birth"] = ["Date of birth must be in the past"]
    if errors:
        raise ValidationError(errors)
    alias = Alias.objects.create(person=person, first_name=first_name, last_name=last_name,
                                 date_of_birth=date_of_birth)
    refresh_name_keys(person)
    audit.record(actor=actor, action=audit.Action.CREATE, instance=alias, person_id=person.pk,
                 after=audit.snapshot(alias, ALIAS_FIELDS))
    return alias


@transaction.atomic
def remove_alias(*, actor, alias: Alias) -> None:
    require(actor, Capability.EDIT_PEOPLE)
    person = alias.person
    _require_visible(actor, person)
    before = audit.snapshot(alias, ALIAS_FIELDS)
    audit.record(actor=actor, action=audit.Action.DELETE, instance=alias, person_id=person.pk, before=before)
    alias.delete()
    refresh_name_keys(person)


def record_person_read(*, actor, person: Person, via: str) -> None:
    """Reading a person's record is a sensitive read: who looked, when, and through what."""
    audit.record(actor=actor, action=audit.Action.READ, instance=person, person_id=person.pk,
                 after={"via": via})
