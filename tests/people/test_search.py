"""Searching for people: one box for names and identifiers, always within the user's units."""

import datetime

from omhub.people.selectors import PeopleFilters, search_people
from tests.factories import PersonFactory, valid_pnc


def names(results):
    return [f"{p.first_name} {p.last_name}" for p in results.people]


def test_an_identifier_finds_exactly_that_person(staff, units):
    target = PersonFactory(establishment=units["LEI"], pnc_number=valid_pnc(52834), crn="X654321")
    PersonFactory.create_batch(3, establishment=units["LEI"])
    for query in (target.prison_number.lower(), valid_pnc(52834), "x654321"):
        results = search_people(staff["business-administrator"], PeopleFilters(query=query))
        assert results.kind == "identifier"
        assert [p.pk for p in results.people] == [target.pk]


def test_names_are_found_despite_typos_and_either_order(staff, units):
    PersonFactory(establishment=units["LEI"], first_name="John", last_name="Smith")
    PersonFactory(establishment=units["LEI"], first_name="Aisha", last_name="Begum")
    PersonFactory(establishment=units["LEI"], first_name="Joan", last_name="Smithers")
    user = staff["business-administrator"]
    assert names(search_people(user, PeopleFilters(query="John Smith")))[0] == "John Smith"
    assert names(search_people(user, PeopleFilters(query="smith john")))[0] == "John Smith"
    assert names(search_people(user, PeopleFilters(query="Jon Smtih")))[0] == "John Smith"
    assert names(search_people(user, PeopleFilters(query="begam"))) == ["Aisha Begum"]


def test_exact_matches_come_before_near_ones(staff, units):
    PersonFactory(establishment=units["LEI"], first_name="Mark", last_name="Smyth")
    PersonFactory(establishment=units["LEI"], first_name="Mark", last_name="Smith")
    assert names(search_people(staff["hub-manager"], PeopleFilters(query="mark smith"))) == ["Mark Smith",
                                                                                            "Mark Smyth"]


def test_aliases_are_searched(staff, units):
    from omhub.people import services

    person = PersonFactory(establishment=units["LEI"], first_name="Peter", last_name="Jones")
    services.add_alias(actor=staff["business-administrator"], person=person, first_name="Pete",
                       last_name="Okafor")
    assert names(search_people(staff["business-administrator"], PeopleFilters(query="okafor"))) == ["Peter Jones"]


def test_search_never_reaches_outside_the_users_units(staff, outsider, units):
    PersonFactory(establishment=units["LEI"], first_name="John", last_name="Smith")
    wakefield = PersonFactory(establishment=units["WDI"], first_name="John", last_name="Smith")
    assert [p.pk for p in search_people(outsider, PeopleFilters(query="john smith")).people] == [wakefield.pk]
    assert len(search_people(staff["business-administrator"], PeopleFilters(query="john smith")).people) == 1
    assert len(search_people(staff["auditor"], PeopleFilters(query="john smith")).people) == 2


def test_filters_narrow_the_list(staff, units):
    PersonFactory(establishment=units["LEI"], legal_status="remand", rosh_level="high")
    PersonFactory(establishment=units["LEI"], legal_status="sentenced", rosh_level="low")
    user = staff["hub-manager"]
    assert len(search_people(user, PeopleFilters(legal_status="remand")).people) == 1
    assert len(search_people(user, PeopleFilters(rosh_level="low")).people) == 1
    assert len(search_people(user, PeopleFilters()).people) == 2


def test_a_query_of_only_punctuation_explains_itself(staff):
    results = search_people(staff["hub-manager"], PeopleFilters(query="!!!"))
    assert results.people == [] and "Enter a name" in results.message


def test_people_on_probation_are_found_through_their_probation_unit(staff, units):
    PersonFactory(establishment=None, prison_number=None, crn="X111111", probation_unit=units["PDULDS"],
                  legal_status="on-licence", date_of_birth=datetime.date(1970, 1, 1))
    assert len(search_people(staff["offender-manager"], PeopleFilters()).people) == 1
    assert len(search_people(staff["business-administrator"], PeopleFilters()).people) == 0


def test_the_likeliest_people_are_never_cut_off_by_the_candidate_cap(staff, units, monkeypatch):
    """A misspelt common name: people who sound the same come before people who only share letters."""
    from omhub.people import selectors

    monkeypatch.setattr(selectors, "NAME_CANDIDATE_LIMIT", 3)
    for _ in range(5):
        PersonFactory(establishment=units["LEI"], first_name="Ann", last_name="Abson")  # shares "son" only
    PersonFactory(establishment=units["LEI"], first_name="Peter", last_name="Johnson")
    results = search_people(staff["business-administrator"], PeopleFilters(query="jonhson"))
    assert names(results)[0] == "Peter Johnson"
    assert results.truncated
