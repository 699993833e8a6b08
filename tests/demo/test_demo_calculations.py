"""Demo sentence calculations: a few people at the demo prison taken through the real flow, so that the
demo shows confirmed key dates, the work they opened, and a calculation waiting for its second check."""

import datetime

from django.test import Client

from omhub.accounts.models import User
from omhub.audit import selectors as audit_selectors
from omhub.calculations import checking
from omhub.calculations.models import Calculation, ConfirmedKeyDates
from omhub.casework.models import KeyDate, WorkItem
from omhub.casework.reference_data import load_case_types
from omhub.demo.builder import build_demo
from omhub.demo.calculations import DEMO_REASON, build_demo_calculations
from omhub.demo.casework import build_demo_casework

TODAY = datetime.date(2026, 11, 23)


def test_the_demo_has_confirmed_key_dates_and_a_calculation_waiting_for_its_check(db, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC), tick=True)
    load_case_types()
    build_demo(people=60, today=TODAY)
    build_demo_casework(today=TODAY)  # takes a sentence calculation through every state, calculating as it goes
    from_casework = ConfirmedKeyDates.objects.count()
    assert from_casework == 3  # approved, then sent onward, then closed

    assert build_demo_calculations(today=TODAY) == {"confirmed": 3, "waiting": 1}
    manager, ba = User.objects.get(username="demo-hub-manager"), User.objects.get(username="demo-ba")
    ours = ConfirmedKeyDates.objects.filter(calculation__reason_detail=DEMO_REASON).select_related("person")
    assert ours.count() == 3 and {c.confirmed_by for c in ours} == {manager} and {c.prepared_by for c in ours} == {ba}
    for version in ConfirmedKeyDates.objects.all():
        assert checking.reproduce(version) == version.dates
        assert KeyDate.objects.get(person=version.person, kind="RELEASE").source == "calculation"
    assert any("PED" in c.dates for c in ours)  # the extended sentence, with its parole eligibility date
    waiting = WorkItem.objects.get(calculations__reason_detail=DEMO_REASON, status="ready-for-check")
    assert checking.current_calculation(waiting).calculated_by == ba
    assert audit_selectors.verify_chain().intact

    # Run again: nothing added.
    assert build_demo_calculations(today=TODAY) == {"confirmed": 0, "waiting": 0}
    assert Calculation.objects.filter(reason_detail=DEMO_REASON).count() == 4

    # What the demo accounts see of it.
    person = ours.first().person
    for username in ("demo-ba", "demo-hub-manager", "demo-head", "demo-auditor"):
        client = Client()
        client.force_login(User.objects.get(username=username), backend="omhub.accounts.backends.StaffBackend")
        page = client.get(f"/calculations/{waiting.reference}/")
        assert page.status_code == 200
        assert ("Confirm these dates" in page.content.decode()) == (username == "demo-hub-manager")
        assert "Confirmed key dates" in client.get(f"/people/{person.pk}/").content.decode()
        slip = client.get(f"/calculations/people/{person.pk}/release-dates-slip.pdf")
        assert slip.status_code == (200 if username in ("demo-ba", "demo-hub-manager") else 403)
