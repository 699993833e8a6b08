"""The person page's hub casework: that person's work items, newest first, for those who see casework."""

import datetime
import zoneinfo

import pytest

from omhub.casework import selectors, services
from tests.factories import PersonFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


def history_section(html: str) -> str:
    return html[html.index("Hub casework</h2>"):html.index("Aliases</h2>")]


def timeline(html: str) -> str:
    return html[html.index("Timeline</h2>"):html.index("</main>")]


def test_the_person_page_lists_their_work_newest_first_with_countdowns(signed_in, staff, person, case_types,
                                                                       hdc_item):
    ba = staff["business-administrator"]
    newer = services.open_work_item(actor=ba, case_type=case_types["legal-correspondence"], person=person,
                                    received_at=datetime.datetime(2026, 11, 20, 10, tzinfo=LONDON))
    newer.needs_review = True
    newer.save()
    someone_else = services.open_work_item(actor=ba, case_type=case_types["fines"], person=PersonFactory(
        establishment=person.establishment))
    section = history_section(signed_in(staff["hub-manager"]).get(f"/people/{person.pk}/").content.decode())
    assert section.index(newer.reference) < section.index(hdc_item.reference)
    assert someone_else.reference not in section
    assert f'href="/casework/{hdc_item.reference}/"' in section and "Home Detention Curfew (HDC)" in section
    assert "working days left" in section and "Review</strong>" in section
    assert (f'href="/casework/?view=all&amp;person={person.prison_number}&amp;sort=-received"') in section


def test_see_all_opens_the_casework_list_filtered_to_the_person(signed_in, staff, person, hdc_item):
    page = signed_in(staff["hub-manager"]).get("/casework/", {"view": "all", "person": person.prison_number,
                                                              "sort": "-received"})
    assert [item.reference for item in page.context["page"]] == [hdc_item.reference]


def test_closed_work_shows_its_status_instead_of_a_countdown(signed_in, staff, hdc_item, person):
    services.take_action(actor=staff["hub-manager"], item=hdc_item, action="withdraw", expected_version=1,
                         reason="Not eligible")
    section = history_section(signed_in(staff["hub-manager"]).get(f"/people/{person.pk}/").content.decode())
    assert "Withdrawn" in section and "working days left" not in section


@pytest.mark.parametrize("role", ["business-administrator", "hub-manager", "head-of-omd", "auditor"])
def test_those_who_see_casework_see_the_section(role, signed_in, staff, person, hdc_item):
    assert hdc_item.reference in signed_in(staff[role]).get(f"/people/{person.pk}/").content.decode()


def test_those_who_do_not_see_casework_do_not_see_the_section(signed_in, staff, units, case_types, make_user):
    on_probation = PersonFactory(establishment=None, prison_number=None, crn="X654321",
                                 probation_unit=units["PDULDS"], legal_status="on-licence")
    preparer = make_user("business-administrator", units["PDULDS"])
    item = services.open_work_item(actor=preparer, case_type=case_types["oasys"], person=on_probation)
    manager_page = signed_in(preparer).get(f"/people/{on_probation.pk}/").content.decode()
    assert item.reference in manager_page
    page = signed_in(staff["senior-offender-manager"]).get(f"/people/{on_probation.pk}/").content.decode()
    assert "Hub casework" not in page and item.reference not in page


def test_the_timeline_keeps_their_work_from_those_who_do_not_see_casework(signed_in, units, staff, case_types,
                                                                         make_user):
    on_probation = PersonFactory(establishment=None, prison_number=None, crn="X654321",
                                 probation_unit=units["PDULDS"], legal_status="on-licence")
    preparer = make_user("business-administrator", units["PDULDS"])
    item = services.open_work_item(actor=preparer, case_type=case_types["oasys"], person=on_probation)
    services.take_action(actor=preparer, item=item, action="start", expected_version=item.version)
    services.set_key_date(actor=preparer, person=on_probation, kind="RELEASE", date=datetime.date(2027, 6, 30))
    timeline_of = {user: timeline(signed_in(user).get(f"/people/{on_probation.pk}/").content.decode())
                   for user in (preparer, staff["senior-offender-manager"])}
    assert f"Started preparing {item.reference}" in timeline_of[preparer]
    assert "key date" in timeline_of[preparer] and "key date" in timeline_of[staff["senior-offender-manager"]]
    assert item.reference not in timeline_of[staff["senior-offender-manager"]]
    assert "hub work item" not in timeline_of[staff["senior-offender-manager"]]


def test_only_the_users_units_work_is_listed(staff, person, hdc_item, make_user, units, case_types):
    both = make_user("hub-manager", units["LEI"], units["WDI"])
    wakefields = services.open_work_item(actor=both, case_type=case_types["fines"], person=person, unit=units["WDI"])
    today = datetime.date(2026, 11, 23)
    assert selectors.person_history(staff["hub-manager"], person, today=today) == [hdc_item]
    assert set(selectors.person_history(staff["auditor"], person, today=today)) == {hdc_item, wakefields}
