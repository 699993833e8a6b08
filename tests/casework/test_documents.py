"""Documents generated from a case type's template with the item's and the person's data, as DOCX and
PDF, kept as attachments with their checksum."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.loader import render_to_string

from omhub.audit.models import AuditEvent
from omhub.casework import attachments, documents, services
from omhub.casework.default_documents import DEFAULT_DOCUMENT_TEMPLATES
from omhub.casework.documents import NOT_RECORDED, PLACEHOLDERS, template_errors
from omhub.casework.models import CaseType, KeyDate, Status, WorkItem
from omhub.casework.reference_data import CASE_TYPES, load_case_types
from omhub.core.errors import ConflictError

pytestmark = pytest.mark.usefixtures("attachment_storage")

HDC_FIELDS = [{"name": "hdced", "label": "HDC eligibility date", "kind": "date"},
              {"name": "proposed_address", "label": "Proposed curfew address", "kind": "text"}]


def docx_text(data: bytes) -> str:
    from docx import Document

    word = Document(io.BytesIO(data))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    footer = [p.text for p in word.sections[0].footer.paragraphs]
    return "\n".join(cells + [p.text for p in word.paragraphs] + footer)


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def hdc_ready_for_documents(hdc_item, staff):
    """The HDC item with its fields filled and the person's CRD known."""
    KeyDate.objects.create(person=hdc_item.person, kind="CRD", date=datetime.date(2027, 5, 3))
    return services.update_details(actor=staff["business-administrator"], item=hdc_item,
                                   expected_version=hdc_item.version, checklist_done=[],
                                   values={"hdced": "2027-03-01", "proposed_address": "12 Acacia Avenue\nLeeds LS1 1AA",
                                           "community_offender_manager": "Jane Doe, Leeds PDU"})


# ----- templates ---------------------------------------------------------------------------------------

def test_every_case_type_ships_a_default_template_without_errors():
    assert len(CASE_TYPES) == 25 and set(DEFAULT_DOCUMENT_TEMPLATES) == {spec["code"] for spec in CASE_TYPES}
    for spec in CASE_TYPES:
        assert template_errors(spec["document_template"], spec["fields"]) == {}, spec["code"]


def test_every_default_template_renders_with_no_placeholder_left(staff, person, case_types):
    for kind in KeyDate.Kind.values:  # some case types count their deadline from a key date
        KeyDate.objects.create(person=person, kind=kind, date=datetime.date(2027, 6, 1))
    for case_type in case_types.values():
        item = services.open_work_item(actor=staff["hub-manager"], case_type=case_type, person=person)
        document = documents.compose(item, case_type.document_template, today=datetime.date(2026, 11, 23),
                                     actor=staff["hub-manager"])
        text = "\n".join([document.title, *document.paragraphs])
        assert "{{" not in text and "}}" not in text, case_type.code
        assert item.reference in text or item.reference in dict(document.heading).values()


def test_an_unknown_placeholder_is_reported_with_a_suggestion():
    errors = template_errors({"title": "HDC for {{ person.fullname }}", "body": "Due {{ item.due }}."}, HDC_FIELDS)
    assert errors == {
        "title": ["{{ person.fullname }} is not a placeholder omhub knows: did you mean {{ person.full_name }}?"],
        "body": ["{{ item.due }} is not a placeholder omhub knows: did you mean {{ item.due_date }}?"],
    }


def test_a_placeholder_far_from_any_known_one_is_reported_without_a_guess():
    assert template_errors({"title": "T", "body": "{{ os.system }}"}, HDC_FIELDS) == {
        "body": ["{{ os.system }} is not a placeholder omhub knows: use one of the placeholders listed"]}


def test_field_placeholders_must_name_a_field_of_the_case_type():
    assert template_errors({"title": "T", "body": "{{ field.proposed_address }}"}, HDC_FIELDS) == {}
    errors = template_errors({"title": "T", "body": "{{ field.release_address }}"}, HDC_FIELDS)
    assert errors["body"][0].startswith("{{ field.release_address }} is not a placeholder omhub knows")


def test_empty_too_long_and_malformed_templates_are_reported():
    assert template_errors({"title": " ", "body": ""}, []) == {"title": ["Enter a title"],
                                                             "body": ["Enter the text of the document"]}
    assert template_errors({"title": "x" * 201, "body": "ok"}, []) == {
        "title": ["The title must be 200 characters or fewer (it has 201)"]}
    assert "The body must be 20,000 characters or fewer" in template_errors({"title": "T", "body": "x" * 20_001},
                                                                            [])["body"][0]
    assert template_errors({"title": "T", "body": "Dear {{ person.full_name"}, []) == {"body": [
        "A placeholder is not closed: write each one as {{ name }}, with two braces on each side"]}
    assert template_errors({"title": "T", "body": "{% if person %}x{% endif %}"}, []) == {"body": [
        "Templates cannot contain {% %} instructions: use {{ name }} placeholders only"]}
    assert template_errors("not a template", []) == {"title": ["Enter a title"],
                                                     "body": ["Enter the text of the document"]}


def test_the_vocabulary_describes_every_placeholder_and_every_key_date():
    assert all(description for description in PLACEHOLDERS.values())
    assert {f"key_dates.{kind}" for kind in KeyDate.Kind.values} <= set(PLACEHOLDERS)
    assert {"person.full_name", "person.prison_number", "person.crn", "person.pnc_number", "person.date_of_birth",
            "person.establishment", "item.reference", "item.due_date", "item.received_on", "case_type.name",
            "unit.name", "today", "prepared_by"} <= set(PLACEHOLDERS)


# ----- rendering ---------------------------------------------------------------------------------------

def test_values_are_substituted_once_as_plain_text_and_gaps_say_not_recorded():
    values = {"person.full_name": "{{ person.crn }}", "person.crn": "X123456"}
    assert documents.fill("{{ person.full_name }} / {{person.pnc_number}} / {{ person.crn }}", values) == \
        f"{{{{ person.crn }}}} / {NOT_RECORDED} / X123456"


def test_a_generated_docx_holds_the_persons_name_the_reference_and_the_items_data(staff, hdc_ready_for_documents):
    item = hdc_ready_for_documents
    attachment = documents.generate(actor=staff["business-administrator"], item=item, fmt="docx")
    data = attachments.open_for_download(actor=staff["hub-manager"], attachment=attachment)
    text = docx_text(data)

    assert "John Smith" in text and item.reference in text
    assert "Home detention curfew: address checks requested for John Smith" in text
    assert "12 Acacia Avenue\nLeeds LS1 1AA" in text and "1 March 2027" in text and "3 May 2027" in text
    assert "HMP Leeds" in text and "23 November 2026" in text
    assert "OFFICIAL-SENSITIVE" in text
    assert (attachment.kind, attachment.filename) == ("generated", f"{item.reference}-hdc-2026-11-23.docx")
    assert attachment.sha256 == hashlib.sha256(data).hexdigest()


def test_a_generated_pdf_is_a_real_pdf_holding_the_persons_name_and_the_reference(staff, hdc_ready_for_documents):
    item = hdc_ready_for_documents
    attachment = documents.generate(actor=staff["hub-manager"], item=item, fmt="pdf")
    data = attachments.open_for_download(actor=staff["hub-manager"], attachment=attachment)

    assert data.startswith(b"%PDF-") and attachment.content_type == "application/pdf"
    text = pdf_text(data)
    assert "John Smith" in text and item.reference in text and "12 Acacia Avenue" in text


def test_markup_in_the_data_prints_as_text_in_the_pdf(staff, hdc_item, case_types):
    case_type = case_types["hdc"]
    case_type.document_template = {"title": "Check", "body": "Address: {{ field.proposed_address }}"}
    case_type.save()
    item = services.update_details(actor=staff["business-administrator"], item=hdc_item,
                                   expected_version=hdc_item.version, checklist_done=[],
                                   values={"proposed_address": '<img src="http://example.invalid/x"><b>1 Main St</b>'})
    html = render_to_string("casework/document.html", {
        "document": documents.compose(item, case_type.document_template, today=datetime.date(2026, 11, 23),
                                      actor=staff["business-administrator"])})
    assert "&lt;b&gt;1 Main St&lt;/b&gt;" in html and "<img" not in html
    attachment = documents.generate(actor=staff["business-administrator"], item=item, fmt="pdf")
    text = pdf_text(attachments.open_for_download(actor=staff["hub-manager"], attachment=attachment))
    assert "<b>1 Main St</b>" in text


def test_a_generated_document_is_audited_with_the_template_version_used(staff, hdc_item):
    attachment = documents.generate(actor=staff["business-administrator"], item=hdc_item, fmt="docx")
    event = AuditEvent.objects.get(object_type="casework.attachment", object_id=str(attachment.pk), action="create")
    assert event.after["kind"] == "generated" and event.after["template_version"] == hdc_item.case_type.version
    assert event.person_id == hdc_item.person_id


# ----- refusals ----------------------------------------------------------------------------------------

def test_only_docx_or_pdf(staff, hdc_item):
    with pytest.raises(ValidationError, match="Choose DOCX or PDF"):
        documents.generate(actor=staff["business-administrator"], item=hdc_item, fmt="odt")


def test_a_case_type_without_a_template_says_who_can_add_one(staff, hdc_item):
    CaseType.objects.filter(pk=hdc_item.case_type_id).update(document_template={})
    item = WorkItem.objects.get(pk=hdc_item.pk)
    with pytest.raises(ValidationError, match="has no document template yet: ask a system administrator"):
        documents.generate(actor=staff["business-administrator"], item=item, fmt="pdf")


def test_a_broken_template_is_not_used(staff, hdc_item):
    CaseType.objects.filter(pk=hdc_item.case_type_id).update(document_template={"title": "T", "body": "{{ x.y }}"})
    item = WorkItem.objects.get(pk=hdc_item.pk)
    with pytest.raises(ValidationError, match=r"template has a problem \(\{\{ x.y \}\} is not a placeholder"):
        documents.generate(actor=staff["business-administrator"], item=item, fmt="pdf")


def test_no_documents_for_a_withdrawn_item_or_for_those_who_neither_prepare_nor_check(staff, hdc_item):
    with pytest.raises(PermissionDenied):
        documents.generate(actor=staff["head-of-omd"], item=hdc_item, fmt="pdf")
    WorkItem.objects.filter(pk=hdc_item.pk).update(status=Status.WITHDRAWN)
    with pytest.raises(ConflictError):
        documents.generate(actor=staff["hub-manager"], item=WorkItem.objects.get(pk=hdc_item.pk), fmt="pdf")


# ----- loading the defaults ----------------------------------------------------------------------------

def test_loading_case_types_writes_the_default_templates_and_fills_any_missing_one(db):
    load_case_types()
    assert CaseType.objects.get(code="recall").document_template == DEFAULT_DOCUMENT_TEMPLATES["recall"]
    CaseType.objects.filter(code="recall").update(document_template={})
    edited = {"title": "Our own HDC letter", "body": "Dear {{ field.community_offender_manager }}"}
    CaseType.objects.filter(code="hdc").update(document_template=edited)

    load_case_types()
    recall = CaseType.objects.get(code="recall")
    assert recall.document_template == DEFAULT_DOCUMENT_TEMPLATES["recall"] and recall.version == 2
    assert CaseType.objects.get(code="hdc").document_template == edited

    load_case_types(reset=True)
    assert CaseType.objects.get(code="hdc").document_template == DEFAULT_DOCUMENT_TEMPLATES["hdc"]
