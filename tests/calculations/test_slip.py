"""The release dates slip: the person's latest confirmed dates in plain words, printed by the hub for the
prisoner, holding nothing internal, and audited as a read."""

import io
import re

from omhub.audit.models import AuditEvent
from omhub.calculations import slip
from tests.calculations.check_support import *  # noqa: F403
from tests.calculations.check_support import confirm_current


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def test_the_slip_has_the_establishment_the_person_and_each_date_with_its_name(staff, signed_in, submitted, person):
    item, _ = submitted
    confirm_current(item, staff["hub-manager"])
    client = signed_in(staff["business-administrator"])
    response = client.get(f"/calculations/people/{person.pk}/release-dates-slip.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'filename="release-dates-{person.prison_number}-2026-11-23.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    for expected in ("HMP Leeds", "John Smith", person.prison_number, "27 March 1985", "Your release dates",
                     "Conditional release date (CRD)", "The day you are released on licence.", "Tuesday 27 April 2027",
                     "Home detention curfew eligibility date (HDCED)", "Friday 8 January 2027",
                     "Sentence and licence expiry date (SLED)", "These dates may change",
                     "you are given added days for breaking prison rules", "Version 1 of your release dates"):
        assert expected in text, expected


def test_the_slip_holds_nothing_internal(staff, submitted, person):
    item, calculation = submitted
    confirmed = confirm_current(item, staff["hub-manager"])
    html = slip.render_html(person=person, confirmed=confirmed, today=TODAY)  # noqa: F405
    for internal in ("hm", "ba", item.reference, calculation.breakdown[0][:30], "Effective sentence end date",
                     "calculation-params", "0.1.0"):
        assert not re.search(rf"\b{re.escape(internal)}\b", html), internal


def test_printing_a_slip_is_audited_as_a_read_of_the_persons_record(staff, signed_in, submitted, person):
    item, _ = submitted
    confirmed = confirm_current(item, staff["hub-manager"])
    signed_in(staff["hub-manager"]).get(f"/calculations/people/{person.pk}/release-dates-slip.pdf")
    event = AuditEvent.objects.get(object_type="calculations.confirmedkeydates", action="read")
    assert (event.person_id, event.object_id, event.actor) == (person.pk, str(confirmed.pk), staff["hub-manager"])
    assert event.after == {"via": "release dates slip", "number": 1}


def test_the_slip_shows_the_latest_version(staff, submitted, person):
    from omhub.calculations import checking
    from omhub.casework import services as casework
    from tests.calculations.check_support import booking_case, imported, send_for_check

    item, _ = submitted
    ba, manager = staff["business-administrator"], staff["hub-manager"]
    confirm_current(item, manager)
    imported(ba, person, booking_case(remand_days=20), replace=True)
    again = casework.open_work_item(actor=ba, case_type=item.case_type, person=person)
    again = casework.take_action(actor=ba, item=again, action="start", expected_version=again.version)
    checking.calculate(actor=ba, item=again, reason="further-sentences")
    send_for_check(again, ba)
    confirm_current(again, manager)
    data, _ = slip.print_slip(actor=ba, person=person)
    text = pdf_text(data)
    assert "Friday 7 May 2027" in text and "Tuesday 27 April 2027" not in text and "Version 2" in text


def test_without_confirmed_dates_there_is_no_slip_and_the_person_page_says_why(staff, signed_in, person, case_types):
    client = signed_in(staff["business-administrator"])
    response = client.get(f"/calculations/people/{person.pk}/release-dates-slip.pdf")
    assert response.status_code == 302 and response["Location"] == f"/people/{person.pk}/"
    assert "John Smith has no confirmed release dates to print" in client.get(response["Location"]).content.decode()
    assert not AuditEvent.objects.filter(object_type="calculations.confirmedkeydates").exists()
