"""Sentence records through /api/v1/people/{id}/booking: the same services, rules and words as the pages,
the booking's version on every change (409 when stale), 422 with every problem named, 403 for a role that
may not, and 404 for a person or record outside the caller's units."""

import datetime

import pytest

from omhub.audit.models import AuditEvent
from omhub.calculations import booking_json
from omhub.calculations.models import Adjustment, Sentence
from tests.calculations.record_helpers import NOW, add_court_case, add_sentence, booking_of, sds

ROLES = ["business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
         "job-evaluation-panel", "system-administrator", "auditor"]
READERS = {"business-administrator", "hub-manager", "head-of-omd", "auditor"}
RECORDERS = {"business-administrator", "hub-manager"}
# Offender managers see people in their probation delivery unit only: this HMP Leeds prisoner is not there.
HIDDEN = {"offender-manager", "senior-offender-manager"}


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def ba(staff):
    return staff["business-administrator"]


@pytest.fixture
def api(ba, api_client):
    return api_client(ba)


def base(person) -> str:
    return f"/api/v1/people/{person.pk}/booking"


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def patch(client, path, body):
    return client.patch(path, body, content_type="application/json")


def delete(client, path, body):
    return client.delete(path, body, content_type="application/json")


SDS = {"kind": "StandardSentence", "offence_code": "TH68010", "offence_committed_at": "2025-06-01",
       "sentenced_at": "2026-03-02", "duration": {"years": 2, "months": 6}}


def test_a_person_with_nothing_recorded_has_an_empty_booking_at_version_0(api, person):
    response = api.get(base(person))
    assert response.status_code == 200
    assert response.json() == {"person_id": person.pk, "version": 0, "booking_number": "",
                               "is_active_sex_offender": False, "return_to_custody_date": None, "court_cases": [],
                               "sentences": [], "adjustments": []}


def test_sentences_and_adjustments_are_recorded_through_the_api_as_through_the_pages(api, person):
    created = post(api, f"{base(person)}/court-cases", {"version": 0, "court_name": "Leeds Crown Court",
                                                        "case_reference": "T20267001"})
    assert created.status_code == 201
    court_case = created.json()["court_cases"][0]["id"]
    first = post(api, f"{base(person)}/sentences", {"version": 1, "court_case": court_case, **SDS})
    assert first.status_code == 201 and first.json()["version"] == 2
    second = post(api, f"{base(person)}/sentences", {"version": 2, "court_case": court_case, **SDS,
                                                     "duration": {"months": 6}, "consecutive_to": 1})
    remand = post(api, f"{base(person)}/adjustments", {"version": 3, "kind": "REMAND", "from_date": "2025-12-01",
                                                       "to_date": "2026-03-01", "applies_from": "2026-03-02"})
    assert (second.status_code, remand.status_code) == (201, 201)
    body = remand.json()
    assert body["version"] == 4
    assert [(s["line"], s["term"], s["consecutive_to"]) for s in body["sentences"]] == [
        (1, "2 years 6 months", None), (2, "6 months", 1)]
    assert body["sentences"][0]["duration"] == {"years": 2, "months": 6, "weeks": 0, "days": 0}
    assert body["sentences"][1]["custodial_duration"] is None
    assert [(a["kind"], a["days"], a["applies_from"]) for a in body["adjustments"]] == [
        ("REMAND", 91, "2026-03-02")]
    assert api.get(base(person)).json() == body


def test_a_change_sends_only_what_changes(api, ba, person):
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case, offence_description="Theft from a shop"))
    response = patch(api, f"{base(person)}/sentences/1", {"version": 2, "duration": {"years": 3}})
    assert response.status_code == 200
    sentence = Sentence.objects.get()
    assert (sentence.duration, sentence.offence_description) == ({"YEARS": 3}, "Theft from a shop")
    response = patch(api, f"{base(person)}/sentences/1", {
        "version": 3, "kind": "ExtendedDeterminateSentence", "custodial_duration": {"years": 5},
        "extension_duration": {"years": 4}, "automatic_release": True})
    assert response.status_code == 200, response.json()
    sentence.refresh_from_db()
    assert (sentence.kind, sentence.duration, sentence.extra) == ("ExtendedDeterminateSentence", None,
                                                                  {"automaticRelease": True})
    assert response.json()["sentences"][0]["term"] == "5 years custodial term, 4 years extension period"


def test_every_problem_comes_back_with_its_field_and_nothing_is_saved(api, ba, person):
    court_case = add_court_case(ba, person)
    response = post(api, f"{base(person)}/sentences", {
        "version": 1, "court_case": court_case.pk, **SDS, "offence_committed_at": "2026-04-01", "duration": None,
        "consecutive_to": 3})
    assert response.status_code == 422
    assert response.json() == {"errors": [
        {"field": "sentenced_at", "message": "The sentence date must be on or after the offence date"},
        {"field": "duration", "message": "Enter the length of the sentence, in years, months, weeks or days"},
        {"field": "consecutive_to", "message": "Choose a sentence of this booking, or concurrent if it is not "
                                               "consecutive to another"}]}
    response = post(api, f"{base(person)}/sentences", {"version": 1, "court_case": court_case.pk, **SDS,
                                                       "sentenced_at": "2026-02-30"})
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "sentenced_at"
    assert not Sentence.objects.exists() and booking_of(person).version == 1


def test_a_stale_version_is_a_conflict_saying_which_version_is_stored(api, ba, person):
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case))
    response = delete(api, f"{base(person)}/sentences/1", {"version": 1})
    assert response.status_code == 409
    body = response.json()
    assert body["current_version"] == 2 and body["errors"][0]["field"] == "version"
    assert "Nothing you did was saved" in body["errors"][0]["message"]
    assert Sentence.objects.count() == 1


def test_removing_a_sentence_others_are_consecutive_to_is_refused_in_words(api, ba, person):
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case))
    add_sentence(ba, person, sds(court_case, consecutive_to=1))
    response = delete(api, f"{base(person)}/sentences/1", {"version": 3})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": None, "message": "Line 1 cannot be removed while line 2 is "
                                                                    "consecutive to it: change line 2 first"}]
    assert delete(api, f"{base(person)}/sentences/2", {"version": 3}).status_code == 200
    assert delete(api, f"{base(person)}/sentences/1", {"version": 4}).json()["sentences"] == []


def test_records_not_in_the_booking_are_not_found(api, ba, person):
    court_case = add_court_case(ba, person)
    assert delete(api, f"{base(person)}/sentences/4", {"version": 1}).status_code == 404
    assert patch(api, f"{base(person)}/adjustments/99", {"version": 1, "days": 3}).status_code == 404
    assert patch(api, f"{base(person)}/court-cases/99", {"version": 1}).status_code == 404
    assert delete(api, f"{base(person)}/court-cases/{court_case.pk}", {"version": 1}).status_code == 200
    assert api.get("/api/v1/people/999999/booking").status_code == 404


def test_an_adjustment_given_new_dates_has_its_days_counted_again(api, ba, person):
    add_sentence(ba, person, sds(add_court_case(ba, person)))
    created = post(api, f"{base(person)}/adjustments", {"version": 2, "kind": "REMAND", "from_date": "2025-12-01",
                                                        "to_date": "2026-03-01", "applies_from": "2026-03-02"})
    adjustment = created.json()["adjustments"][0]["id"]
    response = patch(api, f"{base(person)}/adjustments/{adjustment}", {"version": 3, "from_date": "2026-02-01"})
    assert response.status_code == 200 and Adjustment.objects.get().days == 29
    response = patch(api, f"{base(person)}/adjustments/{adjustment}", {"version": 4, "days": 40})
    assert response.json()["errors"] == [{"field": "days", "message": "Remand from 1 February to 1 March 2026 is "
                                                                      "29 days, not 40"}]
    assert delete(api, f"{base(person)}/adjustments/{adjustment}", {"version": 4}).status_code == 200


def test_the_booking_details_change_through_the_api(api, person):
    response = patch(api, base(person), {"version": 0, "booking_number": "12345A", "is_active_sex_offender": True})
    assert response.status_code == 200
    assert response.json()["version"] == 1 and response.json()["is_active_sex_offender"] is True


def test_the_export_is_the_engines_booking_json_and_is_audited(api, ba, person):
    assert api.get(f"{base(person)}/export").status_code == 404
    add_sentence(ba, person, sds(add_court_case(ba, person)))
    response = api.get(f"{base(person)}/export")
    assert response.status_code == 200
    assert response.json() == booking_json.to_engine_json(booking_of(person))
    event = AuditEvent.objects.get(action="export")
    assert (event.person_id, event.after["via"]) == (person.pk, "API")


def test_an_import_is_read_by_the_engine_first_and_replaces_only_when_asked(api, person):
    case = {"booking": {"offender": {"dateOfBirth": "1985-03-27"}, "sentences": [
        {"sentencedAt": "2026-01-10", "offence": {"committedAt": "2025-06-01"},
         "duration": {"durationElements": {"YEARS": 1}}}], "adjustments": {}}}
    response = post(api, f"{base(person)}/import", {"case": case})
    assert response.status_code == 200 and response.json()["sentences"][0]["term"] == "1 year"
    again = post(api, f"{base(person)}/import", {"case": case})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "replace"
    assert post(api, f"{base(person)}/import", {"case": case, "replace": True}).status_code == 200
    broken = post(api, f"{base(person)}/import", {"case": {"booking": {"offender": {"dateOfBirth": "1985-03-27"},
                                                                       "sentences": [{"sentencedAt": "2026-13-01"}]}},
                                                  "replace": True})
    assert broken.status_code == 422
    assert {error["field"] for error in broken.json()["errors"]} == {
        "booking.sentences[0].sentencedAt", "booking.sentences[0].offence", "booking.sentences[0].duration"}
    assert Sentence.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reads_and_changes_exactly_what_it_may(role, staff, person, api_client, ba):
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case))
    client = api_client(staff[role])
    read = 200 if role in READERS else 404 if role in HIDDEN else 403
    change = 201 if role in RECORDERS else 403
    assert client.get(base(person)).status_code == read
    assert client.get(f"{base(person)}/export").status_code == read
    assert post(client, f"{base(person)}/court-cases", {"version": booking_of(person).version,
                                                        "court_name": "York Crown Court"}).status_code == change
    for call, path, body in [(patch, "/sentences/1", {"version": 1}), (delete, "/sentences/1", {"version": 1}),
                             (post, "/adjustments", {"version": 1, "kind": "REMAND"}),
                             (post, "/import", {"case": {"booking": {}}}), (patch, "", {"version": 1})]:
        status = call(client, base(person) + path, body).status_code
        assert (status == 403) == (role not in RECORDERS), (path, status)


def test_another_prisons_staff_find_no_one(outsider, person, api_client, ba):
    add_sentence(ba, person, sds(add_court_case(ba, person)))
    client = api_client(outsider)
    assert client.get(base(person)).status_code == 404
    assert client.get(f"{base(person)}/export").status_code == 404
    assert post(client, f"{base(person)}/sentences", {"version": 2, **SDS}).status_code == 404
    assert delete(client, f"{base(person)}/sentences/1", {"version": 2}).status_code == 404
    assert Sentence.objects.count() == 1


def test_an_offender_manager_reads_the_sentences_of_people_in_their_unit(staff, units, api_client, ba):
    from tests.factories import PersonFactory

    on_licence = PersonFactory(establishment=units["LEI"], probation_unit=units["PDULDS"],
                               date_of_birth=datetime.date(1985, 3, 27))
    add_sentence(ba, on_licence, sds(add_court_case(ba, on_licence)))
    client = api_client(staff["offender-manager"])
    assert client.get(base(on_licence)).json()["sentences"][0]["term"] == "2 years 6 months"
    assert post(client, f"{base(on_licence)}/court-cases", {"version": 2, "court_name": "York"}).status_code == 403
