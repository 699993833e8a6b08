"""STAND-IN, written on the "admin" branch only so that case type administration can be built and tested.

The real module (generated documents: placeholders, rendering to DOCX and PDF) is being written on
another branch; when the branches are merged, THAT module replaces this file entirely. This stand-in
keeps only its agreed contract:

- ``PLACEHOLDERS: dict[str, str]``: the fixed vocabulary of {{ placeholders }} (name -> what it is);
  besides these, ``field.<name>`` names one of the case type's own fields;
- ``template_errors(template: dict, case_type_fields: list[dict]) -> dict[str, list[str]]``: what is
  wrong with an edited template {"title": ..., "body": ...}, keyed by "title" or "body".
"""

import re

PLACEHOLDERS = {
    "person.full_name": "The person's full name",
    "person.prison_number": "Prison number",
    "person.crn": "Case reference number (CRN)",
    "person.pnc_number": "PNC number",
    "person.date_of_birth": "Date of birth",
    "person.establishment": "Establishment",
    "item.reference": "The work item's reference",
    "item.due_date": "The date the work is due",
    "item.received_on": "The date the work was received",
    "case_type.name": "The case type's name",
    "unit.name": "The hub's unit",
    "today": "Today's date",
    "prepared_by": "Who prepared the work",
    "key_dates.HDCED": "Home detention curfew eligibility date",
    "key_dates.CRD": "Conditional release date",
    "key_dates.PED": "Parole eligibility date",
    "key_dates.RELEASE": "Release date",
    "key_dates.SENTENCE": "Sentence date",
}
MAX_TITLE = 200
MAX_BODY = 20_000
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def template_errors(template: dict, case_type_fields: list[dict]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    title, body = template.get("title", ""), template.get("body", "")
    if not title.strip():
        errors.setdefault("title", []).append("Enter the document's title")
    elif len(title) > MAX_TITLE:
        errors.setdefault("title", []).append(f"The title must be {MAX_TITLE} characters or fewer")
    if len(body) > MAX_BODY:
        errors.setdefault("body", []).append(f"The body must be {MAX_BODY:,} characters or fewer")
    known = set(PLACEHOLDERS) | {f"field.{spec['name']}" for spec in case_type_fields if isinstance(spec, dict)}
    for part, text in (("title", title), ("body", body)):
        unknown = sorted({name for name in _PLACEHOLDER.findall(text) if name not in known})
        if unknown:
            errors.setdefault(part, []).append(
                "Unknown placeholder" + ("s" if len(unknown) > 1 else "") + ": "
                + ", ".join("{{ " + name + " }}" for name in unknown))
    return errors
