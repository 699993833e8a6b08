"""The people pages as a hub administrator uses them."""

from omhub.audit.models import AuditEvent
from omhub.people.models import Person


def form_data(person, **overrides):
    data = {
        "first_name": person.first_name, "middle_names": "", "last_name": person.last_name,
        "date_of_birth_0": str(person.date_of_birth.day), "date_of_birth_1": str(person.date_of_birth.month),
        "date_of_birth_2": str(person.date_of_birth.year), "sex": "male", "prison_number": person.prison_number,
        "crn": "", "pnc_number": "", "cro_number": "", "booking_number": "", "legal_status": person.legal_status,
        "establishment": str(person.establishment_id), "cell_location": "", "probation_unit": "",
        "security_category": "", "nationality": "", "immigration_status": "not-known", "rosh_level": "",
        "tier": "", "mappa_level": "", "mappa_category": "", "version": str(person.version),
    }
    data.update(overrides)
    return data


def test_the_person_page_shows_the_risk_context_first_and_logs_the_read(signed_in, staff, person):
    person.rosh_level = "very-high"
    person.visor_registered = True
    person.mappa_level, person.mappa_category = 2, 1
    person.save()
    page = signed_in(staff["hub-manager"]).get(f"/people/{person.pk}/").content.decode()
    banner = page[page.index("omhub-risk-banner"):page.index("Identifiers and record")]
    for text in ("RoSH: Very high", "MAPPA 2, cat 1", "ViSOR", person.prison_number):
        assert text in banner
    assert AuditEvent.objects.filter(action="read", person_id=person.pk).count() == 1


def test_bad_input_shows_every_error_and_saves_nothing(signed_in, staff, person):
    client = signed_in(staff["business-administrator"])
    response = client.post(f"/people/{person.pk}/edit/", form_data(
        person, prison_number="1234ABC", first_name="", date_of_birth_2="2099"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "<title>Error:" in page
    assert 'href="#id_prison_number"' in page and "format A1234BC" in page
    assert 'href="#id_first_name"' in page and "Enter a first name" in page
    assert 'href="#id_date_of_birth_0"' in page and "Date of birth must be in the past" in page
    person.refresh_from_db()
    assert person.first_name == "John" and person.version == 1


def test_a_date_that_does_not_exist_is_explained(signed_in, staff, person):
    page = signed_in(staff["business-administrator"]).post(f"/people/{person.pk}/edit/", form_data(
        person, date_of_birth_0="31", date_of_birth_1="2")).content.decode()
    assert "Date of birth must be a real date" in page
    page = signed_in(staff["business-administrator"]).post(f"/people/{person.pk}/edit/", form_data(
        person, date_of_birth_1="")).content.decode()
    assert "Date of birth must include a month" in page


def test_a_good_change_is_saved_and_shown_on_the_timeline(signed_in, staff, person):
    client = signed_in(staff["business-administrator"])
    response = client.post(f"/people/{person.pk}/edit/", form_data(person, cell_location="C-3-014"), follow=True)
    page = response.content.decode()
    assert "record has been updated" in page
    assert "Cell location: (blank) → C-3-014" in page


def test_a_change_made_meanwhile_by_someone_else_is_not_overwritten(signed_in, staff, person):
    first = signed_in(staff["business-administrator"])
    second = signed_in(staff["hub-manager"])
    second.post(f"/people/{person.pk}/edit/", form_data(person, cell_location="A-1-001"))
    page = first.post(f"/people/{person.pk}/edit/", form_data(person, cell_location="B-2-002")).content.decode()
    assert "Someone else changed this record" in page
    person.refresh_from_db()
    assert person.cell_location == "A-1-001"


def test_adding_a_person_through_the_form(signed_in, staff, units):
    client = signed_in(staff["business-administrator"])
    data = {"first_name": "Ann", "last_name": "Other", "date_of_birth_0": "1", "date_of_birth_1": "2",
            "date_of_birth_2": "1990", "sex": "female", "prison_number": "b2345cd", "legal_status": "remand",
            "establishment": str(units["LEI"].pk), "immigration_status": "not-known"}
    response = client.post("/people/new/", data)
    person = Person.objects.get(prison_number="B2345CD")
    assert response["Location"] == f"/people/{person.pk}/"


def test_the_legal_status_is_required(signed_in, staff, units):
    page = signed_in(staff["business-administrator"]).post("/people/new/", {
        "first_name": "Ann", "last_name": "Other", "prison_number": "B2345CD", "sex": "female",
        "immigration_status": "not-known"}).content.decode()
    assert "Choose the person&#x27;s legal status" in page
    assert "Enter a date of birth" in page
    assert not Person.objects.exists()


def test_searching_for_an_exact_identifier_opens_the_person(signed_in, staff, person):
    response = signed_in(staff["business-administrator"]).get("/people/", {"q": person.prison_number})
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"


def test_search_results_page_through_keeping_the_query(signed_in, staff, units):
    from tests.factories import PersonFactory

    for _ in range(30):
        PersonFactory(establishment=units["LEI"], first_name="John", last_name="Smith")
    page = signed_in(staff["business-administrator"]).get("/people/", {"q": "smith"}).content.decode()
    assert "30 matches" in page
    assert "?q=smith&amp;page=2" in page


def test_aliases_are_added_through_a_form_and_listed(signed_in, staff, person):
    client = signed_in(staff["business-administrator"])
    page = client.post(f"/people/{person.pk}/aliases/new/", {"first_name": "", "last_name": ""}).content.decode()
    assert "Enter the alias" in page
    page = client.post(f"/people/{person.pk}/aliases/new/", {"first_name": "Johnny", "last_name": "Smyth"},
                       follow=True).content.decode()
    assert "Johnny Smyth" in page
