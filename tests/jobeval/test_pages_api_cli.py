import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document

from omhub.jobeval.models import Evaluation, JobDescription
from tests.jobeval.test_scoring_levels import LEVELS_NEW_ROLE

DATA = Path(__file__).parent / "data"


def test_cli_scores_profiles_54_and_55(capsys):
    call_command("je", "score", str(DATA / "profile_54.json"))
    out = json.loads(capsys.readouterr().out)
    assert (out["total_min"], out["total_max"], out["band"]) == (443, 469, "3")
    assert len(out["factors"]) == 13 and out["factors"][1]["points_max"] == 52
    call_command("je", "score", str(DATA / "profile_55.json"))
    out = json.loads(capsys.readouterr().out)
    assert (out["total_min"], out["total_max"], out["band"]) == (525, 548, "4")


@pytest.mark.parametrize(("factors", "message"), [
    ({"Job Knowledge": "4", "Flair": "2"}, "'Flair' is not a factor of the NJC scheme"),
    ({"Job Knowledge": "4x"}, "Knowledge: Cannot read the level '4x'"),
    ({"Job Knowledge": "4"}, "Working Conditions has no level"),
])
def test_cli_names_the_unknown_factor_or_level(tmp_path, factors, message):
    path = tmp_path / "role.json"
    path.write_text(json.dumps({"scheme": "NJC", "factors": factors}))
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        call_command("je", "score", str(path))


def test_cli_refuses_a_factor_given_twice(tmp_path):
    path = tmp_path / "role.json"
    path.write_text('{"scheme": "NJC", "factors": {"Job Knowledge": "4", "Job Knowledge": "5"}}')
    with pytest.raises(CommandError, match="'Job Knowledge' is given twice"):
        call_command("je", "score", str(path))


def test_api_schemes_profiles_and_scoring(staff, api_client, jobeval_data):
    client = api_client(staff["head-of-omd"])
    schemes = client.get("/api/v1/job-evaluation/schemes").json()
    assert {s["code"] for s in schemes} == {"NJC", "AFC"}
    profile = client.get(f"/api/v1/job-evaluation/profiles/{jobeval_data['55'].pk}").json()
    assert (profile["total_min"], profile["total_max"], profile["band"]) == (525, 548, "4")
    factors = json.loads((DATA / "profile_54.json").read_text())["factors"]
    scored = client.post("/api/v1/job-evaluation/score", {"scheme": "NJC", "factors": factors},
                         content_type="application/json")
    assert scored.status_code == 200 and scored.json()["band"] == "3"
    bad = client.post("/api/v1/job-evaluation/score", {"scheme": "NJC", "factors": {"Job Knowledge": "9"}},
                      content_type="application/json")
    assert bad.status_code == 422
    assert any("'9' asks for level 9" in e["message"] for e in bad.json()["errors"])
    assert api_client(staff["business-administrator"]).get("/api/v1/job-evaluation/schemes").status_code == 403


def test_exports_in_the_layout_of_the_source(staff, signed_in, jobeval_data):
    client = signed_in(staff["job-evaluation-panel"])
    response = client.get(f"/job-evaluation/profiles/{jobeval_data['54'].pk}/profile.docx")
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "PROBATION SERVICE NATIONAL BENCHMARK PROFILE" in text and "54. OFFENDER MANAGER" in text
    assert "1) As Offender Manager, assess low/medium risk offenders" in text
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["FACTOR", "RATIONALE", "LEVEL", "POINTS"]
    assert [c.text for c in table.rows[2].cells][2:] == ["3-4", "39-52"]
    assert table.rows[-1].cells[3].text == "443-469 3"
    pdf = client.get(f"/job-evaluation/profiles/{jobeval_data['55'].pk}/profile.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_panel_evaluates_a_new_role_through_the_pages(staff, signed_in, make_user, jobeval_data):
    client = signed_in(staff["job-evaluation-panel"])
    members = [make_user("job-evaluation-panel", username=f"member{i}") for i in range(3)]
    page = client.post("/job-evaluation/job-descriptions/new/", {"document_ref": "", "status": "draft"})
    assert 'class="govuk-error-summary"' in page.content.decode()
    assert "Enter the document reference" in page.content.decode()
    response = client.post("/job-evaluation/job-descriptions/new/", {
        "document_ref": "OR JES 300 JD B4 : SA : Senior Administrator v1.0", "status": "baselined",
        "summary": "Leads the hub administrators."})
    job = JobDescription.objects.get(reference="OR JES 300 JD B4 : SA : Senior Administrator")
    assert response.status_code == 302
    client.post(f"/job-evaluation/job-descriptions/{job.pk}/evaluate/",
                {"scheme": jobeval_data["54"].scheme.pk})
    evaluation = Evaluation.objects.get(job_description_version__job_description=job)
    two = client.post(f"/job-evaluation/evaluations/{evaluation.pk}/panel/",
                      {"members": [members[0].pk, members[1].pk], "trade_union_rep": members[0].pk})
    assert "A panel needs at least 3 members: this one has 2" in two.content.decode()
    assert 'class="govuk-error-summary"' in two.content.decode()
    client.post(f"/job-evaluation/evaluations/{evaluation.pk}/panel/",
                {"members": [m.pk for m in members], "trade_union_rep": members[0].pk})
    bad = client.post(f"/job-evaluation/evaluations/{evaluation.pk}/factors/", {"level_KNOW": "5x",
                                                                                  "rationale_KNOW": "r"})
    assert "Cannot read the level &#x27;5x&#x27;" in bad.content.decode()
    form = {"job_statement": "Leads the hub administrators"}
    for code, level in LEVELS_NEW_ROLE.items():
        form[f"level_{code}"], form[f"rationale_{code}"] = level, f"Because of {code}"
    assert client.post(f"/job-evaluation/evaluations/{evaluation.pk}/factors/", form).status_code == 302
    refused = client.post(f"/job-evaluation/evaluations/{evaluation.pk}/sign-off/", {})
    assert "Confirm that the panel agreed" in refused.content.decode()
    client.post(f"/job-evaluation/evaluations/{evaluation.pk}/sign-off/", {"consensus": "on"})
    evaluation.refresh_from_db()
    assert evaluation.status == Evaluation.Status.SIGNED_OFF and evaluation.band == "Band 3 or 4"
    outcome = client.get(f"/job-evaluation/evaluations/{evaluation.pk}/").content.decode()
    assert "515-528" in outcome and "Band 3 or 4" in outcome and "not published" in outcome
    consistency = client.get(f"/job-evaluation/profiles/{evaluation.profile.pk}/consistency/").content.decode()
    assert "More than one level apart" in consistency  # Responsibility for Supervision 3-4 against 1 and 1-2


def test_revision_and_history_pages(staff, signed_in, jobeval_data):
    client = signed_in(staff["job-evaluation-panel"])
    job = jobeval_data["ba"]
    response = client.post(f"/job-evaluation/job-descriptions/{job.pk}/revise/", {
        "document_ref": job.reference + " v9.0", "status": "draft", "job_title": "BA : Offender Management Hub",
        "duties": "Prepare paperwork for checking", "change_note": "Shorter duties", "significant_change": "on"})
    assert response.status_code == 302
    page = client.get(f"/job-evaluation/job-descriptions/{job.pk}/").content.decode()
    assert "Shorter duties" in page and "Significant change" in page
    diff = client.get(f"/job-evaluation/job-descriptions/{job.pk}/changes/").content.decode()
    assert "Removed: Undertake other administrative tasks including:" in diff
    assert "Version 8.0 to version 9.0" in diff


def test_local_bands_page(staff, signed_in, jobeval_data):
    client = signed_in(staff["job-evaluation-panel"])
    structure = jobeval_data["54"].band_structure
    bad = client.post(f"/job-evaluation/bands/{structure.pk}/local/", {"band_4": "450", "reason": "Agreement"})
    assert "profile 54" in bad.content.decode() and "govuk-error-summary" in bad.content.decode()
    assert client.post(f"/job-evaluation/bands/{structure.pk}/local/",
                       {"band_4": "500", "reason": "Agreement"}).status_code == 302
    assert "start set locally" in client.get("/job-evaluation/bands/").content.decode()


def test_home_and_roles_pages_show_the_job_evaluation(staff, signed_in, jobeval_data):
    home = signed_in(staff["job-evaluation-panel"]).get("/").content.decode()
    assert "Evaluations in progress" in home and "54. Offender Manager" in home
    roles = signed_in(staff["head-of-omd"]).get("/accounts/roles/").content.decode()
    assert "may hold cases of low, medium risk of serious harm" in roles
    assert "prepares casework but does not check it" in roles
