"""A role profile as DOCX and PDF, in the layout of the 2006 benchmark report: the heading, the numbered
job statement, then the table of factor, rationale, level and points with the total and pay band."""

import io
import re

from django.template.loader import render_to_string

from omhub.jobeval.models import RoleProfile
from omhub.jobeval.selectors import profile_score

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
HEADING = "PROBATION SERVICE NATIONAL BENCHMARK PROFILE"


def filename(profile: RoleProfile) -> str:
    name = re.sub(r"[^A-Za-z0-9]+", "-", str(profile)).strip("-").lower()
    return f"role-profile-{name or profile.pk}"


def _heading(profile: RoleProfile) -> str:
    return HEADING if profile.is_benchmark else "ROLE PROFILE"


def _title(profile: RoleProfile) -> str:
    return (f"{profile.number}. {profile.title}" if profile.number else profile.title).upper()


def _band_text(scored) -> str:
    if scored.band is None:
        return ""
    return scored.band.code if scored.band.certain else scored.band.label


def profile_docx(profile: RoleProfile) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    scored = profile_score(profile)
    document = Document()
    document.styles["Normal"].font.name = "Arial"
    document.styles["Normal"].font.size = Pt(10)
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(_heading(profile)).bold = True
    document.add_heading(_title(profile), level=1)
    document.add_heading("JOB STATEMENT", level=2)
    for number, line in enumerate(profile.job_statement_lines, start=1):
        document.add_paragraph(f"{number}) {line}")
    document.add_page_break()
    document.add_heading(_title(profile), level=1)
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["FACTOR", "RATIONALE", "LEVEL", "POINTS"], strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in scored.rows:
        cells = table.add_row().cells
        cells[0].text = row.name
        cells[1].text = "\n".join(row.rationale_lines)
        cells[2].text = row.level
        cells[3].text = row.points
    total = table.add_row().cells
    total[0].text = ""
    total[0].paragraphs[0].add_run("TOTAL PAY BAND").bold = True
    total[3].text = f"{scored.total} {_band_text(scored)}".strip()
    if scored.band is not None and not scored.band.certain:
        document.add_paragraph(scored.band.reason)
    document.add_paragraph(f"Scheme: {profile.scheme.name}, version {profile.scheme.version}.")
    if profile.source:
        document.add_paragraph(f"Source: {profile.source}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def profile_html(profile: RoleProfile) -> str:
    scored = profile_score(profile)
    return render_to_string("jobeval/export_profile.html", {
        "profile": profile, "scored": scored, "heading": _heading(profile), "title": _title(profile),
        "band_text": _band_text(scored)})


def profile_pdf(profile: RoleProfile) -> bytes:
    from weasyprint import HTML

    return HTML(string=profile_html(profile)).write_pdf()
