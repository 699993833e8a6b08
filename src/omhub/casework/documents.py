"""Documents generated from a case type's template with the item's and the person's data, as DOCX or
PDF, and kept as a "generated" attachment so that what was sent is kept with its checksum.

A template is {"title": str, "body": str}; the body is paragraphs separated by blank lines, with
{{ placeholders }} from a fixed vocabulary (PLACEHOLDERS, plus field.<name> for the case type's own
fields). Placeholders are looked up and substituted as plain text: nothing in a template is ever run,
and in the PDF every character of the template and the values is HTML-escaped. A value that is not
recorded prints as "[not recorded]", so a gap is visible rather than silently blank.
"""

import datetime
import difflib
import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import timezone

from omhub.casework import attachments
from omhub.casework.models import Attachment, KeyDate, WorkItem

NOT_RECORDED = "[not recorded]"
MAX_TITLE = 200
MAX_BODY = 20_000
FIELD_PREFIX = "field."
FORMATS = {
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": ("PDF", "application/pdf"),
}
PROTECTIVE_MARKING = "OFFICIAL-SENSITIVE"

PLACEHOLDERS: dict[str, str] = {
    "person.full_name": "The person's name, e.g. John Smith",
    "person.first_name": "The person's first name",
    "person.last_name": "The person's last name",
    "person.prison_number": "Prison number, e.g. A1234BC",
    "person.crn": "Case reference number (CRN), e.g. X123456",
    "person.pnc_number": "Police National Computer (PNC) number",
    "person.cro_number": "Criminal Records Office (CRO) number",
    "person.date_of_birth": "Date of birth, e.g. 27 March 1985",
    "person.establishment": "The prison the person is in",
    "person.cell_location": "The person's cell location",
    "person.probation_unit": "The probation delivery unit",
    "person.nationality": "Nationality",
    "item.reference": "The work item's reference, e.g. HDC-000123",
    "item.due_date": "When the work is due",
    "item.received_on": "When the work was received",
    "item.status": "Where the work item is in its life, e.g. In preparation",
    "item.assignee": "Who the work is assigned to",
    "item.onward_to": "Who the case type sends the work onward to",
    "case_type.name": "The case type, e.g. Home Detention Curfew (HDC)",
    "unit.name": "The hub whose work it is, e.g. HMP Leeds",
    "today": "The date the document is generated",
    "prepared_by": "Who prepared the work (whoever generates the document, until it is sent for check)",
    **{f"key_dates.{kind}": f"The person's {label[0].lower()}{label[1:]}" for kind, label in KeyDate.Kind.choices},
    "field.<name>": "A field of the case type, by its name, e.g. field.proposed_address",
}

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def available_placeholders(case_type_fields: list[dict]) -> dict[str, str]:
    """Every placeholder a template of a case type with these fields may use, with what it is."""
    names = {name: text for name, text in PLACEHOLDERS.items() if not name.endswith("<name>")}
    for spec in case_type_fields or []:
        if isinstance(spec, dict) and spec.get("name"):
            names[f"{FIELD_PREFIX}{spec['name']}"] = spec.get("label") or spec["name"]
    return names


def template_errors(template: dict, case_type_fields: list[dict]) -> dict[str, list[str]]:
    """What is wrong with a template, by part ("title", "body"), in words a hub administrator can act
    on; an empty dict when it is good. For the case type administration page, and for generation."""
    if not isinstance(template, dict):
        return {"title": ["Enter a title"], "body": ["Enter the text of the document"]}
    known = available_placeholders(case_type_fields)
    errors: dict[str, list[str]] = {}
    for part, limit, empty_message in (("title", MAX_TITLE, "Enter a title"),
                                       ("body", MAX_BODY, "Enter the text of the document")):
        text = template.get(part)
        if not isinstance(text, str) or not text.strip():
            errors.setdefault(part, []).append(empty_message)
            continue
        if len(text) > limit:
            errors.setdefault(part, []).append(f"The {part} must be {limit:,} characters or fewer "
                                               f"(it has {len(text):,})")
        errors_in_text = _placeholder_errors(text, known)
        if errors_in_text:
            errors.setdefault(part, []).extend(errors_in_text)
    return errors


def _placeholder_errors(text: str, known: dict[str, str]) -> list[str]:
    messages = []
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name in known:
            continue
        if not name:
            messages.append("{{ }} is an empty placeholder: put a placeholder's name between the braces")
            continue
        guess = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
        hint = f": did you mean {{{{ {guess[0]} }}}}?" if guess else ": use one of the placeholders listed"
        messages.append(f"{{{{ {name} }}}} is not a placeholder omhub knows{hint}")
    leftover = PLACEHOLDER.sub("", text)
    if "{{" in leftover or "}}" in leftover:
        messages.append("A placeholder is not closed: write each one as {{ name }}, with two braces on each side")
    if "{%" in leftover:
        messages.append("Templates cannot contain {% %} instructions: use {{ name }} placeholders only")
    return list(dict.fromkeys(messages))


def _date(value: datetime.date | None) -> str:
    return f"{value:%-d %B %Y}" if value else ""


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def document_values(item: WorkItem, *, today: datetime.date, prepared_by) -> dict[str, str]:
    """The values a template can use for this item; a value not recorded is left out (or blank)."""
    person = item.person
    values = {
        "item.reference": item.reference,
        "item.due_date": _date(item.due_date),
        "item.received_on": _date(timezone.localtime(item.received_at).date()),
        "item.status": item.get_status_display(),
        "item.assignee": _name(item.assignee),
        "item.onward_to": ", ".join(item.case_type.onward_recipients or []),
        "case_type.name": item.case_type.name,
        "unit.name": item.unit.name,
        "today": _date(today),
        "prepared_by": _name(item.prepared_by or prepared_by),
    }
    if person is not None:
        values.update({
            "person.full_name": person.full_name,
            "person.first_name": person.first_name,
            "person.last_name": person.last_name,
            "person.prison_number": person.prison_number or "",
            "person.crn": person.crn or "",
            "person.pnc_number": person.pnc_number or "",
            "person.cro_number": person.cro_number or "",
            "person.date_of_birth": _date(person.date_of_birth),
            "person.establishment": person.establishment.name if person.establishment_id else "",
            "person.cell_location": person.cell_location,
            "person.probation_unit": person.probation_unit.name if person.probation_unit_id else "",
            "person.nationality": person.nationality,
        })
        for kind, date in person.key_dates.values_list("kind", "date"):
            values[f"key_dates.{kind}"] = _date(date)
    for spec in item.case_type.fields:
        value = item.values.get(spec["name"], "")
        if value and spec.get("kind") == "date":
            try:
                value = _date(datetime.date.fromisoformat(value))
            except ValueError:
                pass
        values[f"{FIELD_PREFIX}{spec['name']}"] = str(value)
    return values


def fill(text: str, values: dict[str, str]) -> str:
    """Put the values in the placeholders' places: plain substitution, nothing evaluated."""
    return PLACEHOLDER.sub(lambda match: (values.get(match.group(1)) or "").strip() or NOT_RECORDED, text)


@dataclass(frozen=True)
class Document:
    title: str
    paragraphs: list[str]
    heading: list[tuple[str, str]]
    footer: str


def compose(item: WorkItem, template: dict, *, today: datetime.date, actor) -> Document:
    values = document_values(item, today=today, prepared_by=actor)
    body = template["body"].replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [fill(part.strip(), values) for part in re.split(r"\n[ \t]*\n", body) if part.strip()]
    heading = [("Establishment", item.unit.name), ("Reference", item.reference), ("Date", _date(today))]
    if item.person is not None:
        heading.insert(2, ("Concerning", f"{item.person.full_name} ({item.person.primary_identifier})"))
    footer = (f"{PROTECTIVE_MARKING} · {item.reference} · {item.case_type.name} · generated by omhub for "
              f"{_name(actor)} on {_date(today)}")
    return Document(title=fill(template["title"].strip(), values), paragraphs=paragraphs, heading=heading,
                    footer=footer)


def to_docx(document: Document) -> bytes:
    from docx import Document as WordDocument
    from docx.shared import Pt

    word = WordDocument()
    word.styles["Normal"].font.name = "Arial"
    word.styles["Normal"].font.size = Pt(11)
    word.core_properties.title = document.title[:255]
    word.core_properties.author = "omhub"
    table = word.add_table(rows=0, cols=2)
    for label, value in document.heading:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(label).bold = True
        cells[1].text = value
    word.add_heading(document.title, level=1)
    for paragraph in document.paragraphs:
        lines = paragraph.split("\n")
        run = word.add_paragraph().add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
    footer = word.sections[0].footer.paragraphs[0]
    footer.text = document.footer
    footer.runs[0].font.size = Pt(8)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _no_fetching(url, *args, **kwargs):
    """A generated PDF is made from the text alone: it never loads anything from anywhere."""
    raise ValueError(f"omhub documents do not load resources ({url})")


def to_pdf(document: Document) -> bytes:
    from weasyprint import HTML

    html = render_to_string("casework/document.html", {"document": document})
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def filename_for(item: WorkItem, fmt: str, today: datetime.date) -> str:
    return f"{item.reference}-{item.case_type.code}-{today:%Y-%m-%d}.{fmt}"


def generate(*, actor, item: WorkItem, fmt: str) -> Attachment:
    """Generate the item's document from its case type's template and keep it as an attachment."""
    fmt = (fmt or "").strip().lower()
    case_type = item.case_type
    attachments._require_works_on(actor, item, "generate documents for")
    attachments._require_open(item)
    if fmt not in FORMATS:
        raise ValidationError({"format": ["Choose DOCX or PDF"]})
    template = case_type.document_template
    if not template:
        raise ValidationError({"format": [f"{case_type.name} has no document template yet: ask a system "
                                          "administrator to add one"]})
    problems = template_errors(template, case_type.fields)
    if problems:
        details = "; ".join(message for messages in problems.values() for message in messages)
        raise ValidationError({"format": [f"The {case_type.name} template has a problem ({details}): ask a system "
                                          "administrator to correct it"]})
    today = timezone.localdate()
    document = compose(item, template, today=today, actor=actor)
    data = to_docx(document) if fmt == "docx" else to_pdf(document)
    label, content_type = FORMATS[fmt]
    return attachments.add_file(
        actor=actor, item=item, kind=Attachment.Kind.GENERATED, filename=filename_for(item, fmt, today),
        content_type=content_type, data=data, description=f"{document.title} ({label})"[:attachments.MAX_DESCRIPTION],
        audit_details={"template_version": case_type.version})
