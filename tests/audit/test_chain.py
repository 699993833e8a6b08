"""The audit trail is append-only and tamper-evident."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from omhub.audit import selectors
from omhub.audit import services as audit
from omhub.audit.models import AuditEvent, AuditImmutableError


def write_events(actor, count=5):
    for number in range(count):
        audit.record(actor=actor, action=audit.Action.UPDATE, object_type="people.person", object_id=str(number),
                     before={"cell_location": "A-1-001"}, after={"cell_location": f"B-2-{number:03d}"})


def test_events_are_numbered_without_gaps_and_each_names_its_predecessor(staff):
    before = AuditEvent.objects.count()
    write_events(staff["business-administrator"], 3)
    events = list(AuditEvent.objects.order_by("sequence"))[-3:]
    assert [e.sequence for e in events] == [before + 1, before + 2, before + 3]
    assert events[1].previous_hash == events[0].hash
    assert events[2].previous_hash == events[1].hash
    assert selectors.verify_chain().intact


def test_the_application_cannot_change_or_delete_an_event(staff):
    write_events(staff["business-administrator"], 1)
    event = AuditEvent.objects.order_by("-sequence").first()
    event.after = {"cell_location": "forged"}
    with pytest.raises(AuditImmutableError):
        event.save()
    with pytest.raises(AuditImmutableError):
        event.delete()
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.filter(pk=event.pk).update(action="read")
    with pytest.raises(AuditImmutableError):
        AuditEvent.objects.all().delete()


def _raw_sql(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_row_altered_directly_in_the_database_is_reported(staff):
    write_events(staff["business-administrator"], 5)
    table = AuditEvent._meta.db_table
    _raw_sql(f"UPDATE {table} SET object_repr = %s WHERE sequence = %s", ["forged", 3])
    report = selectors.verify_chain()
    assert not report.intact
    assert [(p.sequence, "altered" in p.problem) for p in report.problems] == [(3, True)]


def test_a_row_deleted_directly_in_the_database_is_reported(staff):
    write_events(staff["business-administrator"], 5)
    _raw_sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence = %s", [4])
    problems = selectors.verify_chain().problems
    assert {p.sequence for p in problems} == {5}
    assert any("removed" in p.problem for p in problems)


def test_removing_the_newest_events_is_reported_through_the_chain_head(staff):
    write_events(staff["business-administrator"], 5)
    _raw_sql(f"DELETE FROM {AuditEvent._meta.db_table} WHERE sequence >= %s", [4])
    problems = selectors.verify_chain().problems
    assert len(problems) == 1 and "removed" in problems[0].problem


def test_the_verify_command_reports_an_intact_chain(staff, capsys):
    write_events(staff["business-administrator"], 3)
    call_command("audit", "verify", "--no-progress")
    assert f"intact: {AuditEvent.objects.count()} events checked" in capsys.readouterr().out


def test_the_verify_command_fails_loudly_on_tampering(staff, capsys):
    write_events(staff["business-administrator"], 3)
    _raw_sql(f"UPDATE {AuditEvent._meta.db_table} SET actor_username = %s WHERE sequence = %s", ["someone", 2])
    with pytest.raises(CommandError, match="broken"):
        call_command("audit", "verify", "--no-progress")
    assert "event 2" in capsys.readouterr().err


def test_bulk_records_chain_exactly_like_single_ones(staff):
    before = AuditEvent.objects.count()
    write_events(staff["business-administrator"], 2)
    audit.record_many([{"action": audit.Action.CREATE, "object_type": "people.person", "object_id": str(n),
                        "after": {"n": n}} for n in range(4)])
    write_events(staff["business-administrator"], 1)
    assert AuditEvent.objects.count() == before + 7
    assert selectors.verify_chain().intact


def test_events_carry_the_request_id(signed_in, staff, person):
    client = signed_in(staff["business-administrator"])
    response = client.get(f"/people/{person.pk}/", headers={"X-Request-ID": "trace-1234567890"})
    assert response["X-Request-ID"] == "trace-1234567890"
    assert AuditEvent.objects.get(action="read").request_id == "trace-1234567890"


def test_values_that_json_cannot_hold_natively_are_stored_so_the_hash_still_verifies(staff):
    import datetime
    import decimal

    audit.record(actor=staff["hub-manager"], action=audit.Action.UPDATE, object_type="x.y", object_id="1",
                 after={"when": datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
                        "day": datetime.date(2026, 1, 2), "amount": decimal.Decimal("12.50"), "ratio": 0.1})
    assert selectors.verify_chain().intact
