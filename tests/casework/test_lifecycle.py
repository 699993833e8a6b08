"""A work item's life: prepared by one person, checked by another, sent onward, with every step
recorded, refused when it should be, and never half-done."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from omhub.audit.models import AuditEvent
from omhub.casework import services
from omhub.casework.models import WorkItem
from omhub.core.errors import ConflictError
from tests.casework.conftest import ready


def act(item, actor, action, **kwargs):
    item.refresh_from_db()
    return services.take_action(actor=actor, item=item, action=action, expected_version=item.version, **kwargs)


def test_a_new_item_gets_a_reference_a_deadline_and_its_own_copy_of_the_rules(hdc_item, case_types):
    assert hdc_item.reference == f"HDC-{hdc_item.pk:06d}"
    assert hdc_item.status == "received"
    assert hdc_item.deadline_rule == case_types["hdc"].deadline_rule
    assert hdc_item.due_date == datetime.date(2026, 11, 30)  # 10 working days after Monday 16 November
    assert hdc_item.deadline_explanation


def test_the_whole_life_of_an_hdc_item(staff, hdc_item):
    ba, hm = staff["business-administrator"], staff["hub-manager"]
    act(hdc_item, ba, "start")
    ready(WorkItem.objects.get(pk=hdc_item.pk), ba)
    act(hdc_item, ba, "submit")
    act(hdc_item, hm, "return", reason="The address checks are missing the COM's reply")
    act(hdc_item, ba, "submit")
    act(hdc_item, hm, "approve")
    act(hdc_item, ba, "send", sent={"sent_to": "Decision maker", "sent_channel": "email",
                                    "sent_on": datetime.date(2026, 11, 20), "sent_reference": "DM/123"})
    item = act(hdc_item, hm, "close")
    assert item.status == "closed" and item.prepared_by == ba and item.checked_by == hm
    assert [t.action for t in item.transitions.order_by("at", "id")] == [
        "receive", "start", "submit", "return", "submit", "approve", "send", "close"]
    assert item.transitions.get(action="return").reason.startswith("The address checks")
    timeline = AuditEvent.objects.filter(person_id=item.person_id, object_type="casework.workitem")
    assert timeline.filter(action="update").count() >= 7


def test_the_preparer_can_never_check_their_own_work(staff, hdc_item, make_user, units):
    manager_who_prepared = staff["hub-manager"]
    act(hdc_item, manager_who_prepared, "start")
    ready(WorkItem.objects.get(pk=hdc_item.pk), manager_who_prepared)
    act(hdc_item, manager_who_prepared, "submit")
    with pytest.raises(services.FourEyesError, match="someone else must check it"):
        act(hdc_item, manager_who_prepared, "approve")
    with pytest.raises(services.FourEyesError):
        act(hdc_item, manager_who_prepared, "return", reason="x")
    other_manager = make_user("hub-manager", units["LEI"], username="hm2")
    assert act(hdc_item, other_manager, "approve").status == "approved"


def test_a_business_administrator_cannot_check(staff, hdc_item):
    ba = staff["business-administrator"]
    act(hdc_item, ba, "start")
    ready(WorkItem.objects.get(pk=hdc_item.pk), ba)
    act(hdc_item, ba, "submit")
    with pytest.raises(PermissionDenied):
        act(hdc_item, ba, "approve")


def test_the_checklist_and_required_fields_gate_ready_for_check(staff, hdc_item):
    ba = staff["business-administrator"]
    act(hdc_item, ba, "start")
    with pytest.raises(ValidationError) as refused:
        act(hdc_item, ba, "submit")
    assert "Complete the checklist first" in refused.value.message_dict["checklist"][0]
    assert "hdced" in refused.value.message_dict
    assert WorkItem.objects.get(pk=hdc_item.pk).status == "in-preparation"


def test_returning_and_withdrawing_need_reasons(staff, hdc_item):
    with pytest.raises(ValidationError, match="Give a reason"):
        act(hdc_item, staff["business-administrator"], "withdraw", reason="  ")
    item = act(hdc_item, staff["business-administrator"], "withdraw", reason="Released early on appeal")
    assert item.status == "withdrawn" and item.closed_at is not None
    item = act(item, staff["hub-manager"], "reopen", reason="Appeal overturned")
    assert item.status == "in-preparation" and item.closed_at is None


def test_an_action_that_does_not_fit_the_status_is_refused(staff, hdc_item):
    with pytest.raises(ConflictError, match="cannot be approve"):
        act(hdc_item, staff["hub-manager"], "approve")


def test_a_stale_version_is_a_conflict_and_changes_nothing(staff, hdc_item):
    services.take_action(actor=staff["business-administrator"], item=hdc_item, action="start",
                         expected_version=hdc_item.version)
    with pytest.raises(ConflictError, match="Someone else changed"):
        services.take_action(actor=staff["hub-manager"], item=hdc_item, action="withdraw",
                             expected_version=hdc_item.version, reason="duplicate")
    assert WorkItem.objects.get(pk=hdc_item.pk).status == "in-preparation"


def test_recording_it_sent_needs_who_how_and_when(staff, hdc_item):
    ba, hm = staff["business-administrator"], staff["hub-manager"]
    act(hdc_item, ba, "start")
    ready(WorkItem.objects.get(pk=hdc_item.pk), ba)
    act(hdc_item, ba, "submit")
    act(hdc_item, hm, "approve")
    with pytest.raises(ValidationError) as refused:
        act(hdc_item, ba, "send", sent={"sent_to": "", "sent_channel": "", "sent_on": None})
    assert set(refused.value.message_dict) == {"sent_to", "sent_channel", "sent_on"}


def test_people_of_other_units_cannot_touch_the_item(outsider, hdc_item):
    with pytest.raises(PermissionDenied):
        act(hdc_item, outsider, "start")


def test_a_key_date_change_flags_items_opened_for_the_old_date_for_review(staff, person, case_types):
    services.set_key_date(actor=staff["business-administrator"], person=person, kind="HDCED",
                          date=datetime.date(2027, 3, 1))
    item = WorkItem.objects.get(person=person, key_date_kind="HDCED")  # the diary opened it at once
    services.set_key_date(actor=staff["business-administrator"], person=person, kind="HDCED", date=None)
    item.refresh_from_db()
    assert item.needs_review and item.review_reason == "HDCED of 1 March 2027 was removed"
    assert WorkItem.objects.filter(pk=item.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_checkers_approving_at_once_give_one_approval_and_one_conflict(make_user, units, person):
    from omhub.accounts.reference_data import load_roles
    from omhub.casework.models import CaseType
    from omhub.casework.reference_data import load_case_types

    load_roles()
    load_case_types()
    ba = make_user("business-administrator", units["LEI"], username="ba")
    checkers = [make_user("hub-manager", units["LEI"], username=f"hm{n}") for n in range(2)]
    item = services.open_work_item(actor=ba, case_type=CaseType.objects.get(code="legal-correspondence"),
                                   person=person)
    act(item, ba, "start")
    ready(WorkItem.objects.get(pk=item.pk), ba)
    act(item, ba, "submit")
    version = WorkItem.objects.get(pk=item.pk).version
    outcomes = []
    barrier = threading.Barrier(2)

    def approve(checker):
        try:
            barrier.wait()
            services.take_action(actor=checker, item=item, action="approve", expected_version=version)
            outcomes.append("approved")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(checker,)) for checker in checkers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "conflict"]
    assert WorkItem.objects.get(pk=item.pk).transitions.filter(action="approve").count() == 1
