"""The notifications API: one's own notifications and email choices, with the API's error format."""

from omhub.notifications import services
from omhub.notifications.models import EmailPreference, Notification


def test_listing_is_ones_own_newest_first_paginated_and_filterable(staff, api_client, make_notification):
    ba = staff["business-administrator"]
    notifications = [make_notification(ba, title=f"number {n}") for n in range(5)]
    make_notification(staff["hub-manager"])
    services.mark_read(actor=ba, notifications=notifications[:2])
    client = api_client(ba)
    body = client.get("/api/v1/notifications", {"page_size": 2}).json()
    assert (body["count"], body["unread"], body["pages"]) == (5, 3, 3)
    assert [n["title"] for n in body["results"]] == ["number 4", "number 3"]
    assert set(body["results"][0]) == {"id", "kind", "title", "body", "url", "created_at", "read_at", "emailed_at"}
    unread = client.get("/api/v1/notifications", {"unread": "true"}).json()
    assert [n["title"] for n in unread["results"]] == ["number 4", "number 3", "number 2"]
    assert client.get("/api/v1/notifications", {"page_size": 0}).status_code == 422


def test_marking_some_read_by_id_and_then_all(staff, api_client, make_notification):
    ba = staff["business-administrator"]
    first, second, _ = (make_notification(ba) for _ in range(3))
    client = api_client(ba)
    response = client.post("/api/v1/notifications/read", {"ids": [first.pk, second.pk]},
                           content_type="application/json")
    assert response.json() == {"marked": 2, "unread": 1}
    response = client.post("/api/v1/notifications/read", {"all": True}, content_type="application/json")
    assert response.json() == {"marked": 1, "unread": 0}


def test_marking_read_needs_ids_or_all_but_not_both(staff, api_client, make_notification):
    notification = make_notification(staff["business-administrator"])
    client = api_client(staff["business-administrator"])
    neither = client.post("/api/v1/notifications/read", {}, content_type="application/json")
    assert neither.status_code == 422 and neither.json()["errors"][0]["field"] == "ids"
    both = client.post("/api/v1/notifications/read", {"ids": [notification.pk], "all": True},
                       content_type="application/json")
    assert both.status_code == 422
    assert client.post("/api/v1/notifications/read", {"ids": [0]}, content_type="application/json").status_code == 422
    assert Notification.objects.get().read_at is None


def test_one_id_that_is_not_yours_marks_none_read(staff, api_client, make_notification):
    mine = make_notification(staff["business-administrator"])
    theirs = make_notification(staff["hub-manager"])
    response = api_client(staff["business-administrator"]).post(
        "/api/v1/notifications/read", {"ids": [mine.pk, theirs.pk]}, content_type="application/json")
    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == f"You have no notification numbered {theirs.pk}"
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_email_choices_are_read_and_changed(staff, api_client):
    ba = staff["business-administrator"]
    client = api_client(ba)
    body = client.get("/api/v1/notifications/preferences").json()
    assert body["email"] is None
    assert [(k["kind"], k["enabled"]) for k in body["kinds"]] == [
        ("due-soon", True), ("due-today", True), ("overdue", True), ("escalation", True)]
    response = client.put("/api/v1/notifications/preferences", {"enabled": {"due-soon": False}},
                          content_type="application/json")
    assert response.status_code == 200
    assert {k["kind"]: k["enabled"] for k in response.json()["kinds"]}["due-soon"] is False
    assert EmailPreference.objects.get(user=ba).kind == "due-soon"
    ba.email = "ba@example.gov.uk"
    ba.save()
    assert api_client(ba).get("/api/v1/notifications/preferences").json()["email"] == "ba@example.gov.uk"


def test_an_unknown_kind_of_email_is_422_and_changes_nothing(staff, api_client):
    response = api_client(staff["business-administrator"]).put(
        "/api/v1/notifications/preferences", {"enabled": {"overdue": False, "weekly-digest": True}},
        content_type="application/json")
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "kinds"
    assert not EmailPreference.objects.exists()
