"""The audit trail pages: auditors search, read and verify; no one else gets in."""

from omhub.audit import services as audit
from omhub.audit.models import AuditEvent


def test_an_auditor_searches_by_user_and_action(signed_in, staff, person):
    audit.record(actor=staff["business-administrator"], action=audit.Action.READ, instance=person,
                 person_id=person.pk)
    audit.record(actor=staff["hub-manager"], action=audit.Action.UPDATE, instance=person, person_id=person.pk,
                 before={"tier": ""}, after={"tier": "B2"})
    client = signed_in(staff["auditor"])
    page = client.get("/audit/", {"actor": "hm"}).content.decode()
    assert "Tier: (blank) → B2" in page
    assert client.get("/audit/", {"action": "read"}).context["page"].paginator.count == 1


def test_an_auditor_downloads_the_events_as_csv_and_the_export_is_itself_audited(signed_in, staff, person):
    audit.record(actor=staff["hub-manager"], action=audit.Action.READ, instance=person, person_id=person.pk)
    response = signed_in(staff["auditor"]).get("/audit/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    assert body.splitlines()[0].startswith("sequence,occurred_at,actor_username")
    assert AuditEvent.objects.filter(action="export", actor_username="auditor").exists()


def test_bad_filters_are_explained(signed_in, staff):
    page = signed_in(staff["auditor"]).get("/audit/", {"person_id": "abc", "date_from_0": "31", "date_from_1": "2",
                                                      "date_from_2": "2026"}).content.decode()
    assert "Person id must be a whole number" in page
    assert "From date must be a real date" in page


def test_verifying_from_the_page(signed_in, staff):
    audit.record(actor=staff["hub-manager"], action=audit.Action.SIGN_IN, object_type="accounts.user", object_id="1")
    response = signed_in(staff["auditor"]).post("/audit/verify/", follow=True)
    assert "The audit chain is intact" in response.content.decode()


def test_a_broken_chain_is_shown_to_the_auditor(signed_in, staff):
    from django.db import connection

    audit.record(actor=staff["hub-manager"], action=audit.Action.SIGN_IN, object_type="accounts.user", object_id="1")
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET action = 'read'")
    response = signed_in(staff["auditor"]).post("/audit/verify/")
    assert "The audit chain is broken" in response.content.decode()
