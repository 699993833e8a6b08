"""Changing nominal records: validated, scoped, audited, all or nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omhub.audit.models import AuditEvent
from omhub.core.errors import ConflictError
from omhub.people import services
from omhub.people.models import Person
from tests.factories import valid_cro, valid_pnc

TODAY = datetime.date(2026, 11, 22)


def new_person(units, **overrides):
    data = {
        "first_name": "Jane", "last_name": "Doe", "date_of_birth": datetime.date(1980, 5, 1),
        "prison_number": "a1234bc", "legal_status": "remand", "establishment": units["LEI"],
    }
    data.update(overrides)
    return data


def test_a_business_administrator_adds_a_person_in_their_prison(staff, units):
    person = services.create_person(actor=staff["business-administrator"], data=new_person(units), today=TODAY)
    assert person.prison_number == "A1234BC"
    assert person.version == 1
    event = AuditEvent.objects.get(object_type="people.person", object_id=str(person.pk))
    assert event.action == "create"
    assert event.actor_username == "ba"
    assert event.after["prison_number"] == "A1234BC"
    assert event.person_id == person.pk


def test_identifiers_are_stored_in_their_normal_form(staff, units):
    person = services.create_person(actor=staff["business-administrator"], data=new_person(
        units, pnc_number="12/52834K", cro_number=valid_cro(1234).lower(), booking_number=" 12345a "), today=TODAY)
    assert person.pnc_number == "2012/0052834K"
    assert person.cro_number == valid_cro(1234)
    assert person.booking_number == "12345A"


@pytest.mark.parametrize(("field", "value", "error_field", "message"), [
    ("prison_number", "1234ABC", "prison_number", "format A1234BC"),
    ("pnc_number", "2012/0052834X", "pnc_number", "check letter"),
    ("cro_number", "123456/08A", "cro_number", "check letter"),
    ("first_name", "  ", "first_name", "Enter a first name"),
    ("last_name", "", "last_name", "Enter a last name"),
    ("date_of_birth", datetime.date(2027, 1, 1), "date_of_birth", "must be in the past"),
    ("date_of_birth", datetime.date(1850, 1, 1), "date_of_birth", "after 1 January 1900"),
    ("mappa_level", 2, "mappa_category", "Choose a MAPPA category"),
])
def test_bad_input_is_refused_with_a_message_on_the_field_and_nothing_saved(staff, units, field, value,
                                                                             error_field, message):
    with pytest.raises(ValidationError) as refused:
        services.create_person(actor=staff["business-administrator"], data=new_person(units, **{field: value}),
                               today=TODAY)
    assert message in " ".join(refused.value.message_dict[error_field])
    assert not Person.objects.exists()
    assert not AuditEvent.objects.filter(object_type="people.person").exists()


def test_every_problem_is_reported_at_once(staff, units):
    with pytest.raises(ValidationError) as refused:
        services.create_person(actor=staff["business-administrator"], data=new_person(
            units, first_name="", prison_number="nonsense", date_of_birth=datetime.date(2030, 1, 1)), today=TODAY)
    assert set(refused.value.message_dict) == {"first_name", "prison_number", "date_of_birth"}


def test_a_person_needs_a_prison_number_or_a_crn(staff, units):
    with pytest.raises(ValidationError) as refused:
        services.create_person(actor=staff["business-administrator"], data=new_person(units, prison_number=""),
                               today=TODAY)
    assert "prison number or a case reference number" in refused.value.message_dict["prison_number"][0]
    person = services.create_person(actor=staff["business-administrator"], data=new_person(
        units, prison_number="", crn="x123456"), today=TODAY)
    assert person.crn == "X123456"


def test_two_people_cannot_share_a_prison_number(staff, units, person):
    with pytest.raises(ValidationError) as refused:
        services.create_person(actor=staff["business-administrator"],
                               data=new_person(units, prison_number=person.prison_number), today=TODAY)
    assert "Another person already has this prison number" in refused.value.message_dict["prison_number"]


def test_a_new_person_must_be_in_one_of_the_creators_units(staff, units):
    with pytest.raises(ValidationError) as refused:
        services.create_person(actor=staff["business-administrator"],
                               data=new_person(units, establishment=units["WDI"]), today=TODAY)
    assert "you work in" in refused.value.message_dict["establishment"][0]


def test_roles_without_the_capability_cannot_add_people(staff, units):
    for role in ("offender-manager", "job-evaluation-panel", "system-administrator", "auditor", "head-of-omd"):
        with pytest.raises(PermissionDenied):
            services.create_person(actor=staff[role], data=new_person(units), today=TODAY)


def test_an_update_records_only_what_changed(staff, person):
    services.update_person(actor=staff["hub-manager"], person=person, expected_version=1,
                           data={"legal_status": "sentenced", "rosh_level": "high"}, today=TODAY)
    person.refresh_from_db()
    assert person.version == 2
    event = AuditEvent.objects.filter(action="update").get()
    assert event.before == {"rosh_level": ""}
    assert event.after == {"rosh_level": "high"}


def test_a_stale_edit_is_refused_and_the_newer_one_kept(staff, person):
    services.update_person(actor=staff["hub-manager"], person=person, expected_version=1,
                           data={"cell_location": "A-1-001"}, today=TODAY)
    with pytest.raises(ConflictError) as conflict:
        services.update_person(actor=staff["business-administrator"], person=person, expected_version=1,
                               data={"cell_location": "B-2-002"}, today=TODAY)
    assert conflict.value.current_version == 2
    person.refresh_from_db()
    assert person.cell_location == "A-1-001"


def test_an_update_with_nothing_changed_writes_no_event(staff, person):
    services.update_person(actor=staff["hub-manager"], person=person, expected_version=1,
                           data={"first_name": person.first_name}, today=TODAY)
    assert not AuditEvent.objects.filter(action="update").exists()
    person.refresh_from_db()
    assert person.version == 1


def test_people_outside_the_users_units_cannot_be_changed(outsider, person):
    with pytest.raises(Person.DoesNotExist):
        services.update_person(actor=outsider, person=person, expected_version=1, data={"cell_location": "X"},
                               today=TODAY)


def test_a_transfer_to_another_prison_is_allowed(staff, person, units):
    services.update_person(actor=staff["business-administrator"], person=person, expected_version=1,
                           data={"establishment": units["WDI"]}, today=TODAY)
    person.refresh_from_db()
    assert person.establishment == units["WDI"]


def test_aliases_are_added_and_removed_with_audit_and_found_by_search(staff, person):
    alias = services.add_alias(actor=staff["business-administrator"], person=person, first_name="Johnny",
                               last_name="Smythe", date_of_birth=None)
    assert person.name_keys.filter(key="w:smythe").exists()
    services.remove_alias(actor=staff["business-administrator"], alias=alias)
    assert not person.name_keys.filter(key="w:smythe").exists()
    assert list(AuditEvent.objects.filter(object_type="people.alias").values_list("action", flat=True)
                .order_by("sequence")) == ["create", "delete"]


def test_an_alias_needs_both_names(staff, person):
    with pytest.raises(ValidationError) as refused:
        services.add_alias(actor=staff["business-administrator"], person=person, first_name="", last_name="")
    assert set(refused.value.message_dict) == {"first_name", "last_name"}


def test_reading_a_record_is_logged_as_a_sensitive_read(staff, person):
    services.record_person_read(actor=staff["offender-manager"], person=person, via="person page")
    event = AuditEvent.objects.get(action="read")
    assert event.person_id == person.pk
    assert event.actor_username == "om"


def test_pnc_numbers_must_be_unique_too(staff, units):
    services.create_person(actor=staff["business-administrator"],
                           data=new_person(units, pnc_number=valid_pnc(5)), today=TODAY)
    with pytest.raises(ValidationError) as refused:
        services.create_person(actor=staff["business-administrator"],
                               data=new_person(units, prison_number="B1234CD", pnc_number=valid_pnc(5)),
                               today=TODAY)
    assert "PNC number" in refused.value.message_dict["pnc_number"][0]
