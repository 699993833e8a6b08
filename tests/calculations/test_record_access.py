"""Every sentence record page, tried by every role and by someone from another establishment: those who may
see the person read their records; only the hub changes them; another prison's staff find no one."""

import pytest
from django.test import Client

from omhub.calculations.models import Adjustment, CourtCase, Sentence
from tests.calculations.record_helpers import NOW, add_adjustment, add_court_case, add_sentence, remand, sds

ROLES = ["business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
         "job-evaluation-panel", "system-administrator", "auditor"]
READ = {"business-administrator", "hub-manager", "head-of-omd", "auditor"}
RECORD = {"business-administrator", "hub-manager"}
# Offender managers may read people's records, but only of people in their probation delivery unit: this
# HMP Leeds prisoner is not in theirs, so for them the person does not exist.
HIDDEN = {"offender-manager", "senior-offender-manager"}
BOOKING = "/calculations/people/{person}/booking/"

PAGES = {
    BOOKING: READ,
    BOOKING + "export/": READ,
    BOOKING + "import/": RECORD,
    BOOKING + "details/": RECORD,
    BOOKING + "court-cases/new/": RECORD,
    BOOKING + "court-cases/{court_case}/": RECORD,
    BOOKING + "court-cases/{court_case}/remove/": RECORD,
    BOOKING + "sentences/new/": RECORD,
    BOOKING + "sentences/new/?kind=LifeSentence": RECORD,
    BOOKING + "sentences/new/?kind=ExtendedDeterminateSentence&court_case={court_case}": RECORD,
    BOOKING + "sentences/1/": RECORD,
    BOOKING + "sentences/1/?choose=1": RECORD,
    BOOKING + "sentences/1/?kind=AFineSentence": RECORD,
    BOOKING + "sentences/1/remove/": RECORD,
    BOOKING + "adjustments/new/": RECORD,
    BOOKING + "adjustments/new/?kind=REMAND": RECORD,
    BOOKING + "adjustments/{adjustment}/": RECORD,
    BOOKING + "adjustments/{adjustment}/remove/": RECORD,
}
CHANGES = [BOOKING + "import/", BOOKING + "details/", BOOKING + "court-cases/new/",
           BOOKING + "court-cases/{court_case}/", BOOKING + "court-cases/{court_case}/remove/",
           BOOKING + "sentences/new/?kind=StandardSentence", BOOKING + "sentences/1/", BOOKING + "sentences/1/remove/",
           BOOKING + "adjustments/new/?kind=TAGGED_BAIL", BOOKING + "adjustments/{adjustment}/",
           BOOKING + "adjustments/{adjustment}/remove/"]


@pytest.fixture(autouse=True)
def _clock(time_machine):
    time_machine.move_to(NOW, tick=True)


@pytest.fixture
def records(staff, person):
    ba = staff["business-administrator"]
    court_case = add_court_case(ba, person)
    add_sentence(ba, person, sds(court_case))
    adjustment = add_adjustment(ba, person, **remand())
    return {"person": person.pk, "court_case": court_case.pk, "adjustment": adjustment.pk}


def signed_in_as(user) -> Client:
    client = Client()
    client.force_login(user, backend="omhub.accounts.backends.StaffBackend")
    return client


def expected(role: str, allowed: set[str]) -> int:
    if role in allowed:
        return 200
    return 404 if role in HIDDEN and allowed is READ else 403


def what_is_recorded() -> tuple:
    return (list(CourtCase.objects.values_list("court_name", "case_reference")),
            list(Sentence.objects.values_list("line_number", "duration")),
            list(Adjustment.objects.values_list("kind", "days")))


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_sentence_record_pages(role, staff, records):
    client = signed_in_as(staff[role])
    outcomes = {page: client.get(page.format(**records)).status_code for page in PAGES}
    assert outcomes == {page: expected(role, allowed) for page, allowed in PAGES.items()}


@pytest.mark.parametrize("role", sorted(set(ROLES) - RECORD))
def test_no_one_but_the_hub_changes_sentence_records(role, staff, records):
    client = signed_in_as(staff[role])
    before = what_is_recorded()
    for page in CHANGES:
        response = client.post(page.format(**records), {"version": 3, "court_name": "York", "replace": "on",
                                                        "pasted": '{"booking": {}}', "days": "5"})
        assert response.status_code == 403, page
    assert what_is_recorded() == before


def test_another_establishments_staff_find_no_one(outsider, records):
    client = signed_in_as(outsider)
    before = what_is_recorded()
    for page in PAGES:
        assert client.get(page.format(**records)).status_code == 404, page
    for page in CHANGES:
        assert client.post(page.format(**records), {"version": 3, "court_name": "York"}).status_code == 404, page
    assert what_is_recorded() == before


def test_signed_out_visitors_are_sent_to_sign_in(records):
    for page in PAGES:
        response = Client().get(page.format(**records))
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"], page


def test_an_offender_manager_reads_the_records_of_someone_in_their_unit_but_cannot_change_them(staff, units):
    from tests.factories import PersonFactory

    on_licence = PersonFactory(establishment=units["LEI"], probation_unit=units["PDULDS"])
    ba = staff["business-administrator"]
    add_sentence(ba, on_licence, sds(add_court_case(ba, on_licence)))
    client = signed_in_as(staff["offender-manager"])
    page = client.get(BOOKING.format(person=on_licence.pk))
    assert page.status_code == 200 and "2 years 6 months" in page.content.decode()
    assert client.get(BOOKING.format(person=on_licence.pk) + "sentences/1/").status_code == 403


def test_records_of_another_booking_are_not_found_through_this_persons_pages(staff, records, units):
    from tests.factories import PersonFactory

    other = PersonFactory(establishment=units["LEI"])
    client = signed_in_as(staff["business-administrator"])
    for page in PAGES:
        if ("{court_case}" in page or "{adjustment}" in page or "sentences/1/" in page) and "/new/" not in page:
            assert client.get(page.format(**{**records, "person": other.pk})).status_code == 404, page
