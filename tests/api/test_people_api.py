"""The people API: bearer tokens, the same roles and scoping as the pages, structured errors."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from omhub.accounts import services as account_services
from omhub.audit.models import AuditEvent
from omhub.people.models import Person


def new_person_json(**overrides):
    data = {"first_name": "Jane", "last_name": "Doe", "date_of_birth": "1980-05-01", "prison_number": "A1234BC",
            "legal_status": "remand", "establishment": "LEI"}
    data.update(overrides)
    return data


def test_without_a_token_every_endpoint_answers_401(db, person):
    client = Client()
    for path in ("/api/v1/people", f"/api/v1/people/{person.pk}", "/api/v1/me", "/api/v1/units"):
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["errors"][0]["message"].startswith("Send a valid")
    assert client.post("/api/v1/people", new_person_json(), content_type="application/json").status_code == 401


def test_a_wrong_expired_or_revoked_token_answers_401(staff, person):
    assert Client(headers={"Authorization": "Bearer nonsense"}).get("/api/v1/me").status_code == 401
    token, raw = account_services.create_api_token(user=staff["business-administrator"], days=1)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/v1/me").status_code == 200
    token.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    token.save()
    assert client.get("/api/v1/me").status_code == 401
    token.expires_at = timezone.now() + datetime.timedelta(days=1)
    token.save()
    account_services.revoke_api_token(token=token)
    assert client.get("/api/v1/me").status_code == 401


def test_a_token_of_a_deactivated_user_answers_401(staff, api_client):
    client = api_client(staff["business-administrator"])
    staff["business-administrator"].is_active = False
    staff["business-administrator"].save()
    assert client.get("/api/v1/me").status_code == 401


def test_a_role_without_api_use_gets_403_and_one_without_people_too(staff, api_client, make_user):
    from omhub.accounts.models import Role

    Role.objects.create(code="no-api", name="No API", capabilities=["people.view"])
    response = api_client(make_user("no-api")).get("/api/v1/me")
    assert response.status_code == 403
    response = api_client(staff["job-evaluation-panel"]).get("/api/v1/people")
    assert response.status_code == 403


def test_roles_that_cannot_see_people_get_403_and_those_that_can_get_their_units(staff, api_client, person):
    assert api_client(staff["business-administrator"]).get("/api/v1/people").json()["count"] == 1
    assert api_client(staff["offender-manager"]).get("/api/v1/people").json()["count"] == 0
    assert api_client(staff["auditor"]).get("/api/v1/people").json()["count"] == 1


def test_a_person_in_another_unit_is_not_found(outsider, api_client, person):
    client = api_client(outsider)
    assert client.get(f"/api/v1/people/{person.pk}").status_code == 404
    response = client.patch(f"/api/v1/people/{person.pk}", {"version": 1, "cell_location": "X"},
                            content_type="application/json")
    assert response.status_code == 404
    assert client.get("/api/v1/people", {"q": person.prison_number}).json()["count"] == 0


def test_reading_a_person_returns_everything_and_is_audited(staff, api_client, person):
    response = api_client(staff["hub-manager"]).get(f"/api/v1/people/{person.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["prison_number"] == person.prison_number
    assert body["establishment"] == "LEI"
    assert body["version"] == 1
    assert AuditEvent.objects.filter(action="read", person_id=person.pk, actor_username="hm").exists()


def test_search_by_identifier_and_by_misspelt_name(staff, api_client, person):
    client = api_client(staff["business-administrator"])
    by_number = client.get("/api/v1/people", {"q": person.prison_number.lower()}).json()
    assert by_number["kind"] == "identifier" and by_number["results"][0]["id"] == person.pk
    by_name = client.get("/api/v1/people", {"q": "smtih jon"}).json()
    assert by_name["kind"] == "name" and [r["id"] for r in by_name["results"]] == [person.pk]


def test_creating_a_person(staff, api_client):
    response = api_client(staff["business-administrator"]).post("/api/v1/people", new_person_json(),
                                                                  content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["prison_number"] == "A1234BC"
    assert Person.objects.filter(prison_number="A1234BC").exists()


def test_validation_errors_name_the_field_and_save_nothing(staff, api_client):
    response = api_client(staff["business-administrator"]).post(
        "/api/v1/people", new_person_json(prison_number="1234ABC", date_of_birth="2999-01-01", first_name=""),
        content_type="application/json")
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"prison_number", "date_of_birth", "first_name"}
    assert not Person.objects.exists()


def test_malformed_requests_are_422_with_the_field(staff, api_client):
    client = api_client(staff["business-administrator"])
    response = client.post("/api/v1/people", new_person_json(legal_status="jailed", date_of_birth="yesterday"),
                           content_type="application/json")
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"legal_status", "date_of_birth"}
    response = client.post("/api/v1/people", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)


def test_an_unknown_unit_code_is_a_field_error(staff, api_client):
    response = api_client(staff["business-administrator"]).post(
        "/api/v1/people", new_person_json(establishment="ZZZ"), content_type="application/json")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "establishment"


def test_updating_with_the_current_version(staff, api_client, person):
    client = api_client(staff["business-administrator"])
    response = client.patch(f"/api/v1/people/{person.pk}", {"version": 1, "rosh_level": "high"},
                            content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["rosh_level"] == "high" and response.json()["version"] == 2


def test_a_stale_update_is_409_and_changes_nothing(staff, api_client, person):
    client = api_client(staff["business-administrator"])
    client.patch(f"/api/v1/people/{person.pk}", {"version": 1, "tier": "B2"}, content_type="application/json")
    response = client.patch(f"/api/v1/people/{person.pk}", {"version": 1, "tier": "C1"},
                            content_type="application/json")
    assert response.status_code == 409
    assert response.json()["current_version"] == 2
    person.refresh_from_db()
    assert person.tier == "B2"


def test_required_fields_cannot_be_nulled(staff, api_client, person):
    response = api_client(staff["business-administrator"]).patch(
        f"/api/v1/people/{person.pk}", {"version": 1, "first_name": None}, content_type="application/json")
    assert response.status_code == 422


@pytest.mark.parametrize("role", ["offender-manager", "senior-offender-manager", "head-of-omd", "auditor"])
def test_read_only_roles_cannot_create_or_change(staff, api_client, person, role):
    client = api_client(staff[role])
    assert client.post("/api/v1/people", new_person_json(), content_type="application/json").status_code == 403
    response = client.patch(f"/api/v1/people/{person.pk}", {"version": 1, "tier": "A1"},
                            content_type="application/json")
    assert response.status_code in (403, 404)


def test_me_describes_the_tokens_user(staff, api_client):
    body = api_client(staff["head-of-omd"]).get("/api/v1/me").json()
    assert body["username"] == "head" and body["roles"] == ["head-of-omd"]
    assert {unit["code"] for unit in body["units"]} == {"LEI", "PDULDS"}
    assert body["national"] is False


def test_the_openapi_description_is_public_json(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/people" in spec["paths"] and "/api/v1/people/{person_id}" in spec["paths"]


def test_control_characters_are_refused_not_stored(staff, api_client):
    response = api_client(staff["business-administrator"]).post(
        "/api/v1/people", new_person_json(first_name="Ja\x00ne"), content_type="application/json")
    assert response.status_code == 422
    assert api_client(staff["business-administrator"]).get("/api/v1/people", {"q": "a\x00b"}).status_code == 422
