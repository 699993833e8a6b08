"""Case types edited by a System Administrator without a release: every problem reported at once, stale
edits refused, open work never moved silently, and the current rule applied to open work explicitly."""

import copy
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omhub.audit.models import AuditEvent
from omhub.casework import case_type_services, services
from omhub.casework.models import CaseType, KeyDate, Transition, WorkItem
from omhub.core.errors import ConflictError
from tests.factories import PersonFactory


def update(staff, case_type, **changes):
    case_type.refresh_from_db()
    return case_type_services.update_case_type(actor=staff["system-administrator"], case_type=case_type,
                                               expected_version=case_type.version, changes=changes)


def problems(staff, case_type, **changes) -> dict:
    with pytest.raises(ValidationError) as raised:
        update(staff, case_type, **changes)
    return raised.value.message_dict


# -- the service ---------------------------------------------------------------------------------------------


def test_every_shipped_case_type_passes_its_own_validation(staff, case_types):
    for case_type in case_types.values():
        changes = {key: copy.deepcopy(getattr(case_type, key)) for key in case_type_services.EDITABLE
                   if key != "document_template"}
        saved = update(staff, case_type, **changes)
        assert (saved.version, saved.rules_version) == (1, 1), case_type.code
    assert not AuditEvent.objects.filter(object_type="casework.casetype", action="update").exists()


def test_a_change_is_saved_audited_and_raises_the_version_but_not_the_rules_version(staff, case_types):
    saved = update(staff, case_types["fines"], name="Prisoner fines and costs", onward_recipients=["Court"])
    assert (saved.name, saved.onward_recipients, saved.version, saved.rules_version) == (
        "Prisoner fines and costs", ["Court"], 2, 1)
    event = AuditEvent.objects.filter(object_type="casework.casetype", action="update").get()
    assert event.actor_username == "admin"
    assert event.before == {"name": "Prisoner fines", "onward_recipients": ["Court fines office", "Prisoner finance"],
                            "version": 1}
    assert event.after == {"name": "Prisoner fines and costs", "onward_recipients": ["Court"], "version": 2}


@pytest.mark.parametrize("changes", [
    {"deadline_rule": {"unit": "working_days", "amount": 7, "direction": "after", "anchor": "received"}},
    {"open_rule": {"unit": "weeks", "amount": 3, "direction": "before", "anchor": "RELEASE"}},
    {"open_only_if": ["in-custody", "category-a"]},
    {"reminder_steps": [{"when": "overdue"}]},
])
def test_a_change_to_what_decides_deadlines_or_the_diary_is_a_new_rules_version(staff, case_types, changes):
    saved = update(staff, case_types["fines"], **changes)
    assert (saved.version, saved.rules_version) == (2, 2)
    assert AuditEvent.objects.filter(object_type="casework.casetype", action="update").get().after["rules_version"] == 2


def test_open_items_keep_their_rule_and_new_items_follow_the_new_one(staff, case_types, person, received):
    ba = staff["business-administrator"]
    old = services.open_work_item(actor=ba, case_type=case_types["fines"], person=person, received_at=received)
    update(staff, case_types["fines"], deadline_rule={"unit": "working_days", "amount": 10, "direction": "after",
                                                      "anchor": "received", "cut_off": "15:00"})
    old_after = WorkItem.objects.get(pk=old.pk)
    assert (old_after.due_date, old_after.rules_version, old_after.deadline_rule, old_after.version) == (
        old.due_date, 1, old.deadline_rule, old.version)
    new = services.open_work_item(actor=ba, case_type=CaseType.objects.get(code="fines"), person=person,
                                  received_at=received)
    assert new.rules_version == 2 and new.due_date == datetime.date(2026, 11, 30)
    assert old.due_date == datetime.date(2026, 11, 23)


def test_only_those_who_configure_casework_change_case_types(staff, case_types):
    for role in ("business-administrator", "hub-manager", "auditor", "head-of-omd"):
        with pytest.raises(PermissionDenied):
            case_type_services.update_case_type(actor=staff[role], case_type=case_types["fines"], expected_version=1,
                                                changes={"name": "Fines"})
    assert CaseType.objects.get(code="fines").name == "Prisoner fines"


def test_a_stale_edit_is_refused_and_nothing_is_saved(staff, case_types):
    update(staff, case_types["fines"], trigger="A fine")
    with pytest.raises(ConflictError) as raised:
        case_type_services.update_case_type(actor=staff["system-administrator"], case_type=case_types["fines"],
                                            expected_version=1, changes={"name": "Fines"})
    assert "Someone else changed the Prisoner fines case type while you were editing it" in raised.value.message
    assert raised.value.current_version == 2
    assert CaseType.objects.get(code="fines").name == "Prisoner fines"


def test_every_problem_with_the_general_details_is_reported_at_once(staff, case_types):
    found = problems(staff, case_types["fines"], name="  ", short_name="HDC", trigger="x" * 301, is_active="yes",
                     code="new-code", colour="red")
    assert found == {
        "name": ["Enter the name"],
        "short_name": ["Another case type already uses the short name HDC: references would be confused"],
        "trigger": ["The trigger must be 300 characters or fewer"],
        "is_active": ["Say whether the case type is in use: true or false"],
        "code": ["The code and number of a case type never change"],
        "colour": ["colour is not a part of a case type that can be changed"],
    }
    assert problems(staff, case_types["fines"], short_name="F-1")["short_name"] == [
        "The short name must start with a letter and have only letters and numbers, like HDC or CAT2"]


def test_every_problem_with_the_fields_is_reported_against_its_row(staff, case_types):
    found = problems(staff, case_types["fines"], fields=[
        {"name": "amount", "label": "Amount", "kind": "text"},
        {"name": "Amount Due", "label": "", "kind": "money"},
        {"name": "amount", "label": "Again", "kind": "date"},
        {"name": "band", "label": "Band", "kind": "choice", "choices": ["A"]},
        "not a field",
        {"name": "court", "label": "Court fines office", "kind": "stakeholder"},
    ])
    assert found == {
        "fields.1.name": ["The name must start with a small letter and have only small letters, numbers and "
                          "underscores, like hearing_date"],
        "fields.1.label": ["Enter the label"],
        "fields.1.kind": ["Choose the kind of field: date, text, choice, person, stakeholder"],
        "fields.2.name": ["Another field is already called amount: each name must be different"],
        "fields.3.choices": ["Give at least 2 choices, one on each line"],
        "fields.4": ["Field 5 must have a name, a label and a kind"],
    }


def test_fields_of_every_kind_are_saved_in_order(staff, case_types):
    fields = [{"name": "court", "label": "Court", "kind": "stakeholder", "required": True},
              {"name": "payer", "label": "Paid by", "kind": "person", "required": False},
              {"name": "method", "label": "Method", "kind": "choice", "required": False,
               "choices": ["Cash", "Card"]},
              {"name": "paid_on", "label": "Paid on", "kind": "date", "required": False},
              {"name": "amount", "label": "Amount", "kind": "text", "required": False, "choices": ["ignored"]}]
    saved = update(staff, case_types["fines"], fields=fields)
    fields[-1].pop("choices")
    assert saved.fields == fields


def test_checklist_codes_are_checked(staff, case_types):
    found = problems(staff, case_types["fines"], checklist=[
        {"code": "paid", "label": "Paid"}, {"code": "paid", "label": "Again"}, {"code": "Has Space", "label": ""}])
    assert found == {
        "checklist.1.code": ["Another check already has the code paid: each code must be different"],
        "checklist.2.code": ["The code must have only small letters, numbers and hyphens, like address-checked"],
        "checklist.2.label": ["Enter the label"],
    }


@pytest.mark.parametrize(("rule", "expected"), [
    ({"unit": "working_days", "amount": 2, "direction": "before", "anchor": "received"},
     {"deadline_rule.direction": ["A deadline cannot fall before the work is received: count after receipt, or "
                                  "before a key date"]}),
    ({"unit": "hours", "amount": 24, "direction": "after", "anchor": "HDCED"},
     {"deadline_rule.unit": ["A rule in hours counts only after receipt"]}),
    ({"unit": "working_days", "amount": 2, "direction": "before", "anchor": "HDCED", "cut_off": "15:00"},
     {"deadline_rule.cut_off": ["A cut-off time applies only to working or calendar days counted from receipt: "
                                "leave it blank"]}),
    ({"unit": "fortnights", "amount": -1, "direction": "sideways", "anchor": "BIRTHDAY", "cut_off": "3pm"},
     {"deadline_rule.unit": ["Choose what the rule counts: working days, calendar days, weeks, months or hours"],
      "deadline_rule.amount": ["Enter how many, as a whole number from 0 to 10,000"],
      "deadline_rule.direction": ["Choose before or after"],
      "deadline_rule.anchor": ["Choose what the deadline counts from: receipt, a key date, or a date field of this "
                               "case type"],
      "deadline_rule.cut_off": ["Enter the cut-off time as hours and minutes on the 24-hour clock, like 15:00"]}),
    ({"unit": "working_days", "amount": 1, "anchor": "amount"},
     {"deadline_rule.anchor": ["Choose what the deadline counts from: receipt, a key date, or a date field of this "
                               "case type"]}),
    ("ten days", {"deadline_rule": ["Give the rule: how much, of what, before or after what"]}),
])
def test_a_deadline_rule_that_cannot_work_is_explained(staff, case_types, rule, expected):
    assert problems(staff, case_types["fines"], deadline_rule=rule) == expected


def test_a_deadline_can_count_from_a_key_date_or_a_date_field_of_the_type(staff, case_types):
    saved = update(staff, case_types["bail-application"],
                   deadline_rule={"unit": "working_days", "amount": 1, "direction": "before", "anchor": "hearing_date"})
    assert saved.deadline_rule == {"unit": "working_days", "amount": 1, "direction": "before",
                                   "anchor": "hearing_date"}
    assert problems(staff, case_types["bail-application"], fields=[
        {"name": "court", "label": "Court", "kind": "stakeholder"},
        {"name": "hearing_date", "label": "Hearing date", "kind": "text"},
        {"name": "solicitor", "label": "Solicitor", "kind": "stakeholder"}]) == {"fields": [
            "The deadline counts from the field hearing_date: keep it as a date field, or change the deadline "
            "rule first"]}
    saved = update(staff, case_types["fines"], deadline_rule={"unit": "weeks", "amount": 2, "direction": "before",
                                                              "anchor": "CRD"})
    assert saved.deadline_rule["anchor"] == "CRD"


def test_work_opened_under_a_rule_counting_from_a_date_field_is_due_from_that_date(staff, case_types, person):
    update(staff, case_types["bail-application"],
           deadline_rule={"unit": "working_days", "amount": 1, "direction": "before", "anchor": "hearing_date"})
    item = services.open_work_item(actor=staff["business-administrator"],
                                   case_type=CaseType.objects.get(code="bail-application"), person=person,
                                   values={"court": "Leeds Crown Court", "hearing_date": "2026-12-07"})
    assert item.due_date == datetime.date(2026, 12, 4)
    with pytest.raises(ValidationError):
        services.open_work_item(actor=staff["business-administrator"],
                                case_type=CaseType.objects.get(code="bail-application"), person=person)


def test_the_diary_opens_from_a_key_date_only_and_conditions_are_known(staff, case_types):
    found = problems(staff, case_types["fines"],
                     open_rule={"unit": "weeks", "amount": 4, "direction": "before", "anchor": "received",
                                "cut_off": "15:00"},
                     open_only_if=["in-custody", "left-handed"])
    assert found == {
        "open_rule.anchor": ["Choose the key date the diary counts from"],
        "open_rule.cut_off": ["A rule for opening work has no cut-off time"],
        "open_only_if": ["Choose conditions from: foreign-national, mappa, in-custody, category-a"],
    }
    saved = update(staff, case_types["hdc"], open_rule=None, open_only_if=["category-a", "in-custody"])
    assert saved.open_rule is None and saved.open_only_if == ["in-custody", "category-a"]


def test_reminder_steps_are_checked(staff, case_types):
    found = problems(staff, case_types["fines"], reminder_steps=[
        {"when": "due-soon", "working_days_before": 0}, {"when": "due-today", "escalate_to": "hub-manager"},
        {"when": "overdue", "escalate_to": "governor"}, {"when": "overdue"}, {"when": "yesterday"}])
    assert found == {
        "reminder_steps.due-soon.working_days_before": ["Enter how many working days before the due date to remind, "
                                                        "from 1 to 20"],
        "reminder_steps.due-today.escalate_to": ["Only an overdue step escalates"],
        "reminder_steps.overdue.escalate_to": ["Choose the role to escalate to"],
        "reminder_steps.overdue": ["The overdue step is given twice"],
        "reminder_steps.4": ["Each step is one of: due-soon, due-today, overdue"],
    }
    saved = update(staff, case_types["fines"], reminder_steps=[
        {"when": "overdue", "escalate_to": "head-of-omd"}, {"when": "due-soon", "working_days_before": 5}])
    assert saved.reminder_steps == [{"when": "due-soon", "working_days_before": 5},
                                    {"when": "overdue", "escalate_to": "head-of-omd"}]


def test_onward_recipients_are_checked(staff, case_types):
    assert problems(staff, case_types["fines"], onward_recipients=["  ", ""]) == {
        "onward_recipients": ["Enter at least one recipient the work is sent onward to"]}
    assert problems(staff, case_types["fines"], onward_recipients=["Court", "court"]) == {
        "onward_recipients": ["court is listed twice"]}
    assert update(staff, case_types["fines"], onward_recipients=[" Court ", "Prisoner"]).onward_recipients == [
        "Court", "Prisoner"]


def test_preparers_must_be_able_to_prepare_and_checkers_to_check(staff, case_types):
    found = problems(staff, case_types["fines"], preparer_roles=["auditor", "business-administrator"],
                     checker_roles=["business-administrator", "no-such-role"])
    assert found == {"preparer_roles": ["Auditor cannot prepare hub casework: choose roles that can"],
                     "checker_roles": ["There is no role no-such-role"]}
    assert problems(staff, case_types["fines"], checker_roles=["business-administrator"]) == {
        "checker_roles": ["Business Administrator cannot check hub casework: choose roles that can"]}
    assert problems(staff, case_types["fines"], preparer_roles=[])["preparer_roles"] == [
        "Choose at least one role to prepare this work"]
    saved = update(staff, case_types["fines"], preparer_roles=["business-administrator"])
    assert saved.preparer_roles == ["business-administrator"]


def test_a_document_template_may_only_use_known_placeholders(staff, case_types):
    found = problems(staff, case_types["fines"], document_template={
        "title": "", "body": "Dear {{ person.full_name }}, you owe {{ field.amount }} to {{ field.bank }}."})
    assert found == {"document_template.title": ["Enter a title"],
                     "document_template.body": ["{{ field.bank }} is not a placeholder omhub knows: use one of the "
                                                "placeholders listed"]}
    saved = update(staff, case_types["fines"], document_template={
        "title": "Fine for {{ person.full_name }}",
        "body": "Amount: {{ field.amount }}\r\n\r\nRef {{ item.reference }}"})
    assert saved.document_template["body"] == "Amount: {{ field.amount }}\n\nRef {{ item.reference }}"

def test_a_field_the_document_template_uses_is_kept_until_the_template_stops_using_it(staff, case_types):
    assert "{{ field.court }}" in case_types["fines"].document_template["body"]
    renamed = [{"name": "amount", "label": "Amount", "kind": "text"},
               {"name": "court_office", "label": "Court", "kind": "text"}]
    assert problems(staff, case_types["fines"], fields=renamed) == {"fields": [
        "The document template uses {{ field.court }}: take it out of the template first, or keep the field"]}
    assert problems(staff, case_types["fines"], fields=[]) == {"fields": [
        "The document template uses {{ field.court }}: take it out of the template first, or keep the field",
        "The document template uses {{ field.amount }}: take it out of the template first, or keep the field"]}
    update(staff, case_types["fines"], document_template={"title": "Fine", "body": "Amount: {{ field.amount }}"})
    saved = update(staff, case_types["fines"], fields=[{"name": "amount", "label": "Amount", "kind": "text"}])
    assert [spec["name"] for spec in saved.fields] == ["amount"]


# -- applying the current rule to open work ------------------------------------------------------------------


@pytest.fixture
def fines_on_old_rules(staff, case_types, person, units, outsider, received):
    ba = staff["business-administrator"]
    mine = [services.open_work_item(actor=ba, case_type=case_types["fines"], person=person, received_at=received)
            for _ in range(2)]
    theirs = services.open_work_item(actor=outsider, case_type=case_types["fines"],
                                     person=PersonFactory(establishment=units["WDI"]), received_at=received)
    update(staff, case_types["fines"], deadline_rule={"unit": "working_days", "amount": 8, "direction": "after",
                                                      "anchor": "received"})
    return mine, theirs


def test_a_hub_manager_applies_the_current_rule_to_their_units_open_items(staff, case_types, fines_on_old_rules):
    mine, theirs = fines_on_old_rules
    fines = CaseType.objects.get(code="fines")
    result = case_type_services.recompute_open_items(actor=staff["hub-manager"], case_type=fines,
                                                     reason="Policy now allows 8 working days")
    assert (result.recomputed, result.moved, result.earliest_shift, result.latest_shift) == (2, 2, 3, 3)
    assert result.summary() == "2 items now follow the current rule; 2 deadlines moved (3 working days later)."
    for item in mine:
        item.refresh_from_db()
        assert (item.due_date, item.rules_version) == (datetime.date(2026, 11, 26), 2)
        step = Transition.objects.get(work_item=item, action="recompute")
        assert step.reason == "Policy now allows 8 working days" and step.actor == staff["hub-manager"]
        assert AuditEvent.objects.filter(object_type="casework.workitem", object_id=str(item.pk),
                                         action="update", after__due_date="2026-11-26").exists()
    theirs.refresh_from_db()
    assert (theirs.due_date, theirs.rules_version) == (datetime.date(2026, 11, 23), 1)


def test_a_bulk_recompute_needs_a_reason_and_a_hub_manager(staff, case_types, fines_on_old_rules):
    fines = CaseType.objects.get(code="fines")
    with pytest.raises(ValidationError) as raised:
        case_type_services.recompute_open_items(actor=staff["hub-manager"], case_type=fines, reason="  ")
    assert raised.value.message_dict == {"reason": ["Give a reason to apply the current rule to these items"]}
    for role in ("business-administrator", "system-administrator", "auditor"):
        with pytest.raises(PermissionDenied):
            case_type_services.recompute_open_items(actor=staff[role], case_type=fines, reason="Because")
    assert not WorkItem.objects.filter(rules_version=2).exists()


def test_an_item_that_cannot_follow_the_new_rule_is_left_as_it_was_and_reported(staff, case_types, person,
                                                                                 received):
    ba = staff["business-administrator"]
    with_date = services.open_work_item(actor=ba, case_type=case_types["fines"], person=person, received_at=received)
    nobody = services.open_work_item(actor=ba, case_type=case_types["fines"], person=None, received_at=received,
                                     unit=person.establishment)
    KeyDate.objects.create(person=person, kind="CRD", date=datetime.date(2027, 1, 29))
    update(staff, case_types["fines"], deadline_rule={"unit": "working_days", "amount": 5, "direction": "before",
                                                      "anchor": "CRD"})
    result = case_type_services.recompute_open_items(actor=staff["hub-manager"],
                                                     case_type=CaseType.objects.get(code="fines"), reason="New rule")
    assert result.recomputed == 1 and [reference for reference, _ in result.failed] == [nobody.reference]
    assert "enter it on the person's key dates first" in result.failed[0][1]
    with_date.refresh_from_db()
    nobody.refresh_from_db()
    assert with_date.due_date == datetime.date(2027, 1, 22) and nobody.rules_version == 1


def test_a_recompute_that_moves_nothing_says_so(staff, case_types, person, received):
    services.open_work_item(actor=staff["business-administrator"], case_type=case_types["fines"], person=person,
                            received_at=received)
    update(staff, case_types["fines"], reminder_steps=[])
    result = case_type_services.recompute_open_items(actor=staff["hub-manager"],
                                                     case_type=CaseType.objects.get(code="fines"), reason="Tidy up")
    assert result.summary() == "1 item now follows the current rule; no deadline moved."


# -- the pages ---------------------------------------------------------------------------------------------------


def test_the_case_type_page_shows_everything_in_words(signed_in, staff, case_types):
    page = signed_in(staff["system-administrator"]).get("/casework/case-types/hdc/").content.decode()
    for text in ("Home Detention Curfew (HDC)", "10 working days after receipt (15:00 cut-off)",
                 "14 weeks before HDCED", "The person is in custody", "Due soon: 2 working days before the due date",
                 "escalated to every Hub Manager of the unit", "HDC eligibility date",
                 "Eligibility and exclusions checked",
                 "Business Administrator, Hub Manager", "Electronic monitoring supplier", "Rules version</dt>",
                 "Home detention curfew: address checks requested for {{ person.full_name }}",
                 "Proposed curfew address:<br>{{ field.proposed_address }}", "Change the deadline rule"):
        assert text in page, text
    assert "No document template" not in page
    update(staff, case_types["hdc"], document_template={})
    page = signed_in(staff["system-administrator"]).get("/casework/case-types/hdc/").content.decode()
    assert "No document template" in page and "address checks requested" not in page
    listing = signed_in(staff["system-administrator"]).get("/casework/case-types/").content.decode()
    assert 'href="/casework/case-types/hdc/"' in listing
    assert "Change the" not in signed_in(staff["hub-manager"]).get("/casework/case-types/hdc/").content.decode()


def test_a_hub_manager_is_offered_the_current_rule_for_their_open_items(signed_in, staff, case_types,
                                                                       fines_on_old_rules):
    manager = signed_in(staff["hub-manager"])
    page = manager.get("/casework/case-types/fines/").content.decode()
    assert "2 open items in your units follow an older rule." in page
    assert "Apply the current rule to these 2 items" in page
    admin_page = signed_in(staff["system-administrator"]).get("/casework/case-types/fines/").content.decode()
    assert "3 open items (in every unit) follow an older rule." in admin_page
    assert "Apply the current rule" not in admin_page
    page = manager.post("/casework/case-types/fines/recompute/", {"reason": ""}).content.decode()
    assert "govuk-error-summary" in page and "Give a reason to apply the current rule to these items" in page
    response = manager.post("/casework/case-types/fines/recompute/", {"reason": "Policy change"}, follow=True)
    assert "2 items now follow the current rule; 2 deadlines moved (3 working days later)." in \
        response.content.decode()
    assert "follow an older rule" not in manager.get("/casework/case-types/fines/").content.decode()


def test_fields_are_added_changed_and_removed_on_one_page_without_javascript(signed_in, staff, case_types):
    update(staff, case_types["fines"], document_template={"title": "Fine", "body": "Amount: {{ field.amount }}"})
    admin = signed_in(staff["system-administrator"])
    page = admin.get("/casework/case-types/fines/edit/fields/")
    assert page.context["form"].row_count == 5 and 'value="amount"' in page.content.decode()
    more = admin.post("/casework/case-types/fines/edit/fields/", {"version": 2, "rows": 5, "add_rows": "1"})
    assert more.context["form"].row_count == 8 and CaseType.objects.get(code="fines").version == 2
    response = admin.post("/casework/case-types/fines/edit/fields/", {
        "version": 2, "rows": 5,
        "field_0_name": "amount", "field_0_label": "Amount (£)", "field_0_kind": "text", "field_0_required": "on",
        "field_1_name": "court", "field_1_label": "Court fines office", "field_1_kind": "stakeholder",
        "field_1_remove": "on",
        "field_2_name": "method", "field_2_label": "Paid by", "field_2_kind": "choice",
        "field_2_choices": "Cash\nCard\n",
    })
    assert response.status_code == 302 and response["Location"] == "/casework/case-types/fines/"
    assert CaseType.objects.get(code="fines").fields == [
        {"name": "amount", "label": "Amount (£)", "kind": "text", "required": True},
        {"name": "method", "label": "Paid by", "kind": "choice", "required": False, "choices": ["Cash", "Card"]}]


def test_field_problems_appear_beside_their_row_and_in_the_summary(signed_in, staff, case_types):
    page = signed_in(staff["system-administrator"]).post("/casework/case-types/fines/edit/fields/", {
        "version": 1, "rows": 4,
        "field_0_name": "amount", "field_0_label": "Amount", "field_0_kind": "text",
        "field_1_name": "court", "field_1_label": "Court", "field_1_kind": "stakeholder", "field_1_remove": "on",
        "field_2_name": "Bad Name", "field_2_label": "", "field_2_kind": "text",
        "field_3_name": "band", "field_3_label": "Band", "field_3_kind": "choice", "field_3_choices": "A",
    })
    form = page.context["form"]
    assert form.errors == {
        "field_2_name": ["Field 3: The name must start with a small letter and have only small letters, numbers "
                         "and underscores, like hearing_date"],
        "field_2_label": ["Field 3: Enter the label"],
        "field_3_choices": ["Field 4: Give at least 2 choices, one on each line"],
        "__all__": ["The document template uses {{ field.court }}: take it out of the template first, or keep the "
                    "field"],
    }
    html = page.content.decode()
    assert 'href="#id_field_2_name"' in html and 'href="#id_field_3_choices"' in html
    summary = html[html.index("govuk-error-summary"):html.index("</main>")]
    assert "The document template uses {{ field.court }}: take it out of the template first" in summary
    assert CaseType.objects.get(code="fines").version == 1


def test_the_deadline_page_saves_a_rule_shown_back_in_words(signed_in, staff, case_types):
    admin = signed_in(staff["system-administrator"])
    page = admin.get("/casework/case-types/bail-application/edit/deadline/").content.decode()
    assert 'value="hearing_date"' in page and 'value="HDCED"' in page and 'value="15:00"' in page
    bad = admin.post("/casework/case-types/bail-application/edit/deadline/", {
        "version": 1, "unit": "working_days", "amount": "two", "direction": "before", "anchor": "received",
        "cut_off": "25:00"})
    assert set(bad.context["form"].errors) == {"amount", "direction", "cut_off"}
    response = admin.post("/casework/case-types/bail-application/edit/deadline/", {
        "version": 1, "unit": "working_days", "amount": "1", "direction": "before", "anchor": "hearing_date"},
        follow=True)
    html = response.content.decode()
    assert "Bail application: deadline rule saved." in html and "1 working day before hearing_date" in html
    assert CaseType.objects.get(code="bail-application").rules_version == 2


def test_each_edit_page_saves_its_part(signed_in, staff, case_types):
    admin = signed_in(staff["system-administrator"])
    posts = {
        "general": {"name": "Fines", "short_name": "fin", "description": "Fines and default terms",
                    "trigger": "A fine", "evidence": "G", "is_active": "on"},
        "checklist": {"rows": 2, "check_0_code": "paid", "check_0_label": "Payment recorded"},
        "opening": {"opens": "on", "unit": "weeks", "amount": "2", "direction": "before", "anchor": "RELEASE",
                    "open_only_if": ["in-custody"]},
        "reminders": {"due_soon": "on", "working_days_before": "3", "overdue": "on", "escalate_to": "head-of-omd"},
        "recipients": {"recipients": "Court fines office\r\n\r\nPrisoner finance\r\nGovernor"},
        "roles": {"preparer_roles": ["business-administrator"], "checker_roles": ["hub-manager"]},
        "document": {"document_title": "Fine of {{ person.full_name }}", "body": "Amount {{ field.amount }}"},
    }
    for version, (part, data) in enumerate(posts.items(), start=1):
        response = admin.post(f"/casework/case-types/fines/edit/{part}/", {"version": version, **data})
        assert response.status_code == 302, (part, response.context and response.context["form"].errors)
    fines = CaseType.objects.get(code="fines")
    assert (fines.name, fines.short_name, fines.is_active) == ("Fines", "FIN", True)
    assert fines.checklist == [{"code": "paid", "label": "Payment recorded"}]
    assert fines.open_rule == {"unit": "weeks", "amount": 2, "direction": "before", "anchor": "RELEASE"}
    assert fines.open_only_if == ["in-custody"]
    assert fines.reminder_steps == [{"when": "due-soon", "working_days_before": 3},
                                    {"when": "overdue", "escalate_to": "head-of-omd"}]
    assert fines.onward_recipients == ["Court fines office", "Prisoner finance", "Governor"]
    assert fines.preparer_roles == ["business-administrator"]
    assert fines.document_template == {"title": "Fine of {{ person.full_name }}", "body": "Amount {{ field.amount }}"}
    assert (fines.version, fines.rules_version) == (8, 3)


def test_the_document_page_lists_the_placeholders_and_refuses_unknown_ones(signed_in, staff, case_types):
    admin = signed_in(staff["system-administrator"])
    page = admin.get("/casework/case-types/fines/edit/document/").content.decode()
    assert "{{ person.full_name }}" in page and "{{ field.amount }}" in page
    page = admin.post("/casework/case-types/fines/edit/document/", {
        "version": 1, "document_title": "Fine", "body": "{{ person.shoe_size }}"}).content.decode()
    assert "{{ person.shoe_size }} is not a placeholder omhub knows" in page and "govuk-error-summary" in page


def test_an_edit_page_tells_of_someone_elses_change_and_keeps_what_was_typed(signed_in, staff, case_types):
    update(staff, case_types["fines"], trigger="Changed meanwhile")
    page = signed_in(staff["system-administrator"]).post("/casework/case-types/fines/edit/recipients/", {
        "version": 1, "recipients": "Court\nPrisoner"}).content.decode()
    assert "Someone else changed the Prisoner fines case type while you were editing it" in page
    assert "Court\nPrisoner" in page
    assert CaseType.objects.get(code="fines").onward_recipients == ["Court fines office", "Prisoner finance"]


def test_unknown_edit_pages_are_not_found(signed_in, staff, case_types):
    assert signed_in(staff["system-administrator"]).get("/casework/case-types/fines/edit/colour/").status_code == 404


# -- a field that names a person ------------------------------------------------------------------------------


def test_a_person_field_takes_a_prison_number_or_crn(staff, case_types, person, received):
    update(staff, case_types["fines"], fields=[*case_types["fines"].fields,
                                               {"name": "payer", "label": "Paid by", "kind": "person"}])
    item = services.open_work_item(actor=staff["business-administrator"], case_type=CaseType.objects.get(code="fines"),
                                   person=person, received_at=received)
    with pytest.raises(ValidationError) as raised:
        services.update_details(actor=staff["business-administrator"], item=item, expected_version=item.version,
                                values={"payer": "John Smith"}, checklist_done=[])
    assert raised.value.message_dict == {"payer": ["Paid by: enter a prison number like A1234BC or a CRN like "
                                                   "X123456"]}
    item = services.update_details(actor=staff["business-administrator"], item=item, expected_version=item.version,
                                   values={"payer": " x123456 "}, checklist_done=[])
    assert item.values == {"payer": "X123456"}


def test_the_details_form_checks_a_person_field(signed_in, staff, case_types, person, received):
    update(staff, case_types["fines"], fields=[*case_types["fines"].fields,
                                               {"name": "payer", "label": "Paid by", "kind": "person"}])
    item = services.open_work_item(actor=staff["business-administrator"], case_type=CaseType.objects.get(code="fines"),
                                   person=person, received_at=received)
    page = signed_in(staff["business-administrator"]).post(f"/casework/{item.reference}/details/", {
        "version": item.version, "value_payer": "nobody"}).content.decode()
    assert "Enter a prison number like A1234BC or a CRN like X123456" in page
