"""Demo data: deterministic, realistic, and never in production."""

import datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from omhub.accounts.models import User
from omhub.audit import selectors as audit_selectors
from omhub.demo.builder import DEMO_ACCOUNTS, build_demo
from omhub.people.models import Person

TODAY = datetime.date(2026, 11, 22)


def test_the_demo_has_one_account_per_role_and_varied_people(db):
    build_demo(people=300, today=TODAY)
    assert set(User.objects.filter(is_demo=True).values_list("username", flat=True)) == {
        "demo-ba", "demo-hub-manager", "demo-om", "demo-senior-om", "demo-head", "demo-je", "demo-admin",
        "demo-auditor"}
    for username, *_ in DEMO_ACCOUNTS:
        assert User.objects.get(username=username).roles.count() == 1
    assert Person.objects.count() == 300
    statuses = set(Person.objects.values_list("legal_status", flat=True))
    assert {"remand", "sentenced", "on-licence", "community-sentence"} <= statuses
    assert Person.objects.filter(establishment__isnull=True, probation_unit__isnull=False).exists()
    assert Person.objects.filter(mappa_level__isnull=False).exists()
    assert Person.objects.filter(rosh_level="very-high").exists()
    assert Person.objects.exclude(nationality="British").exists()
    assert Person.objects.filter(aliases__isnull=False).exists()


def test_every_demo_record_passes_the_same_validation_as_a_typed_one(db):
    build_demo(people=200, today=TODAY)
    for person in Person.objects.all():
        person.full_clean()


def test_the_same_seed_gives_the_same_people(db):
    build_demo(people=50, today=TODAY)
    first = list(Person.objects.order_by("id").values_list("prison_number", "last_name", "date_of_birth"))
    Person.objects.all().delete()
    build_demo(people=50, today=TODAY)
    assert list(Person.objects.order_by("id").values_list("prison_number", "last_name", "date_of_birth")) == first


def test_running_it_again_adds_no_one_and_keeps_the_audit_chain_whole(db):
    build_demo(people=40, today=TODAY)
    build_demo(people=40, today=TODAY)
    assert Person.objects.count() == 40
    assert Person.objects.values("prison_number").annotate(n=Count("id")).filter(n__gt=1,
                                                                               prison_number__isnull=False).count() == 0
    assert audit_selectors.verify_chain().intact


def test_demo_people_are_audited_as_created(db):
    build_demo(people=10, today=TODAY)
    from omhub.audit.models import AuditEvent

    assert AuditEvent.objects.filter(object_type="people.person", action="create").count() == 10


def test_the_seed_command_refuses_demo_data_outside_development(db, settings):
    settings.DEMO_ACCOUNTS_ALLOWED = False
    with pytest.raises(CommandError, match="only allowed with OMHUB_ENV=development"):
        call_command("seed", "--demo", "--people", "5", "--no-progress")
    call_command("seed")


def test_the_seed_command_builds_the_demo(db, capsys):
    call_command("seed", "--demo", "--people", "25", "--no-progress")
    output = capsys.readouterr().out
    assert "Created 25 demo people" in output and "omhub-demo-2026" in output


def test_the_demo_has_work_of_every_case_type_in_every_state_and_some_overdue(db):
    from omhub.casework.models import OPEN_STATUSES, CaseType, KeyDate, Status, WorkItem
    from omhub.casework.reference_data import load_case_types
    from omhub.demo.casework import build_demo_casework

    load_case_types()
    build_demo(people=120, today=TODAY)
    result = build_demo_casework(today=TODAY)
    assert result["key_dates"] > 0 and KeyDate.objects.filter(source="demo").exists()
    # the sentence calculations it confirmed set their people's key dates from the confirmed dates
    assert KeyDate.objects.filter(source="calculation").exists()
    states = set(WorkItem.objects.values_list("case_type__code", "status"))
    assert states >= {(code, status) for code in CaseType.objects.values_list("code", flat=True)
                      for status in Status.values}
    assert WorkItem.objects.filter(status__in=OPEN_STATUSES, due_date__lt=TODAY).count() >= 10
    returned = WorkItem.objects.filter(status=Status.RETURNED).first()
    assert returned.transitions.get(action="return").reason  # a true history, reasons and all
    # run again: nothing doubles
    assert build_demo_casework(today=TODAY)["work_items"] == 0
