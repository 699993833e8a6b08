import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omhub.accounts.models import Role
from omhub.audit.models import AuditEvent
from omhub.jobeval import selectors, services
from omhub.jobeval.models import BandStructure, Evaluation, RoleProfile, SchemeVersion
from tests.jobeval.test_scoring_levels import LEVELS_NEW_ROLE

JD = {"document_ref": "OR JES 200 JD B4 : CM : Custody Manager v1.0", "status": "baselined",
      "date_of_issue": datetime.date(2025, 5, 1), "summary": "Manages custody casework.",
      "duties": "Check sentence calculations\nLead the hub team"}


@pytest.fixture
def panel(make_user):
    return [make_user("job-evaluation-panel", username=f"panel{i}") for i in range(3)]


@pytest.fixture
def job(staff, jobeval_data):
    return services.create_job_description(actor=staff["job-evaluation-panel"], data=JD)


def _evaluate(actor, job, panel, levels=LEVELS_NEW_ROLE):
    evaluation = services.start_evaluation(actor=actor, version=job.current,
                                           scheme=SchemeVersion.objects.get(code="NJC"))
    services.set_panel(actor=actor, evaluation=evaluation, members=panel, trade_union_rep=panel[0])
    services.record_factors(actor=actor, evaluation=evaluation,
                            levels={code: (level, f"Rationale for {code}") for code, level in levels.items()})
    return services.sign_off(actor=actor, evaluation=evaluation, consensus=True)


def test_the_reference_data_loads_once_and_again_changes_nothing(jobeval_data):
    from omhub.jobeval.reference_data import load_reference_data

    events = AuditEvent.objects.count()
    load_reference_data()
    assert AuditEvent.objects.count() == events
    assert jobeval_data["ba"].current.document_ref == "OR JES 129 JD B3 : BA : Offender Management Hub v8.0"
    assert jobeval_data["54"].factors.count() == 13
    assert selectors.profile_score(jobeval_data["54"]).total == "443-469"
    assert selectors.profile_score(jobeval_data["55"]).band.code == "4"


def test_a_job_description_is_read_from_its_reference(job):
    version = job.current
    assert (version.version, version.band, version.job_title) == ("1.0", "4", "CM : Custody Manager")
    assert job.reference == "OR JES 200 JD B4 : CM : Custody Manager"
    assert AuditEvent.objects.filter(object_type="jobeval.jobdescriptionversion").exists()


def test_other_roles_may_not_write(staff, jobeval_data):
    for role in ("head-of-omd", "auditor", "business-administrator"):
        with pytest.raises(PermissionDenied):
            services.create_job_description(actor=staff[role], data=JD)


def test_a_panel_evaluates_a_new_role_end_to_end(staff, job, panel):
    evaluation = _evaluate(staff["job-evaluation-panel"], job, panel)
    assert evaluation.status == Evaluation.Status.SIGNED_OFF
    assert (evaluation.total_min, evaluation.total_max) == (515, 528)
    assert evaluation.band == "Band 3 or 4"
    profile = evaluation.profile
    assert profile.factors.count() == 13 and not profile.is_benchmark
    assert AuditEvent.objects.filter(object_type="jobeval.evaluation", object_id=str(evaluation.pk)).count() >= 4


def test_revision_and_re_evaluation_keep_the_history(staff, job, panel):
    actor = staff["job-evaluation-panel"]
    first = _evaluate(actor, job, panel)
    services.revise_job_description(actor=actor, job=job, data={**JD, "document_ref": job.reference + " v2.0",
                                                                "duties": JD["duties"] + "\nManage a budget"},
                                    significant_change=True, change_note="Adds a budget")
    assert selectors.needs_reevaluation(job).version == "2.0"
    diff = selectors.version_diff(*job.versions.order_by("created_at"))
    assert [(d.label, [line.text for line in d.lines if line.kind == "added"]) for d in diff
            if d.label.startswith("Responsibilities")] == [("Responsibilities, activities and duties",
                                                            ["Manage a budget"])]
    second = _evaluate(actor, job, panel, {**LEVELS_NEW_ROLE, "RFIN": "3"})
    first.refresh_from_db()
    assert first.status == Evaluation.Status.SUPERSEDED and second.supersedes == first
    assert second.profile == first.profile
    assert (second.total_min, second.total_max) == (528, 541)
    assert Evaluation.objects.filter(job_description_version__job_description=job).count() == 2
    assert selectors.needs_reevaluation(job) is None


def test_a_panel_of_two_is_refused(staff, job, panel):
    evaluation = services.start_evaluation(actor=staff["job-evaluation-panel"], version=job.current,
                                           scheme=SchemeVersion.objects.get(code="NJC"))
    with pytest.raises(ValidationError, match="A panel needs at least 3 members: this one has 2"):
        services.set_panel(actor=staff["job-evaluation-panel"], evaluation=evaluation, members=panel[:2],
                           trade_union_rep=panel[0])


def test_an_evaluator_may_not_sit_on_a_panel_for_their_own_job(staff, jobeval_data, panel):
    ba = staff["business-administrator"]
    evaluation = services.start_evaluation(actor=staff["job-evaluation-panel"], version=jobeval_data["ba"].current,
                                           scheme=SchemeVersion.objects.get(code="NJC"))
    with pytest.raises(ValidationError, match="holds the role Business Administrator, which is the job being "
                                              "evaluated: an evaluator may not sit on a panel for their own job"):
        services.set_panel(actor=staff["job-evaluation-panel"], evaluation=evaluation, members=[*panel, ba],
                           trade_union_rep=panel[0])


def test_sign_off_needs_consensus_every_factor_and_a_lawful_panel(staff, job, panel):
    actor = staff["job-evaluation-panel"]
    evaluation = services.start_evaluation(actor=actor, version=job.current,
                                           scheme=SchemeVersion.objects.get(code="NJC"))
    services.record_factors(actor=actor, evaluation=evaluation, levels={"KNOW": ("5", "Specialist knowledge")})
    with pytest.raises(ValidationError) as error:
        services.sign_off(actor=actor, evaluation=evaluation, consensus=False)
    messages = error.value.message_dict
    assert messages["consensus"] == ["Confirm that the panel agreed every factor's level by consensus"]
    assert "A panel needs at least 3 members: this one has 0" in messages["__all__"]
    assert "Working Conditions has no level: every factor of the NJC scheme needs one" in messages["__all__"]


def test_a_bad_level_or_missing_rationale_is_refused_per_factor(staff, job):
    actor = staff["job-evaluation-panel"]
    evaluation = services.start_evaluation(actor=actor, version=job.current,
                                           scheme=SchemeVersion.objects.get(code="NJC"))
    with pytest.raises(ValidationError) as error:
        services.record_factors(actor=actor, evaluation=evaluation,
                                levels={"KNOW": ("9", "x"), "MSKL": ("3-", "y"), "PSKL": ("2", "")})
    messages = error.value.message_dict
    assert messages["level_KNOW"] == ["Knowledge: Knowledge has levels 1 to 8: '9' asks for level 9"]
    assert "a range needs a second level" in messages["level_MSKL"][0]
    assert messages["rationale_PSKL"] == ["Enter the rationale for the level of Physical Skills"]


def test_local_band_boundaries_are_audited_and_checked(staff, jobeval_data):
    structure = BandStructure.objects.get(scheme_code="NJC")
    with pytest.raises(ValidationError, match="profile 54"):
        services.set_local_band_boundaries(actor=staff["job-evaluation-panel"], structure=structure,
                                           starts={"4": 450}, reason="Local agreement")
    with pytest.raises(PermissionDenied):
        services.set_local_band_boundaries(actor=staff["head-of-omd"], structure=structure, starts={"4": 500},
                                           reason="Local agreement")
    services.set_local_band_boundaries(actor=staff["job-evaluation-panel"], structure=structure,
                                       starts={"4": 500}, reason="Local agreement 2025")
    assert structure.engine().lookup(480, 495).code == "3"
    event = AuditEvent.objects.filter(object_type="jobeval.bandstructure").order_by("sequence").last()
    assert event.after == {"local_starts": {"4": 500}, "reason": "Local agreement 2025"}
    assert event.actor_username == "je"


def test_rules_from_roles(staff, jobeval_data):
    assert selectors.rosh_levels_allowed(staff["offender-manager"]) == ["low", "medium"]
    assert selectors.rosh_levels_allowed(staff["senior-offender-manager"]) == ["low", "medium", "high",
                                                                                "very-high"]
    assert selectors.rosh_levels_allowed(staff["business-administrator"]) == []
    rules = selectors.rules_by_role_code()
    assert rules["offender-manager"].profile.number == 54
    assert rules["business-administrator"].may_prepare and not rules["business-administrator"].may_check


def test_the_rules_agree_with_the_roles_capabilities(jobeval_data):
    """The capabilities of the roles (accounts) say what the profiles say."""
    roles = {role.code: set(role.capabilities) for role in Role.objects.all()}
    assert "supervision.any" not in roles["offender-manager"]
    assert "supervision.any" in roles["senior-offender-manager"]
    assert "casework.check" not in roles["business-administrator"]
    assert "casework.prepare" in roles["business-administrator"]
    assert RoleProfile.objects.get(number=54).rules.get().max_rosh == "medium"
