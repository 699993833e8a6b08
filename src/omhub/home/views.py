from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from omhub.accounts.permissions import Capability, capabilities_of, has
from omhub.audit import selectors as audit_selectors
from omhub.audit.verification import latest_verification
from omhub.casework import selectors as casework_selectors
from omhub.home import selectors
from omhub.jobeval.selectors import rosh_levels_allowed
from omhub.people.models import RoshLevel


@never_cache
def home(request):
    """One page per role: each section appears for the roles whose work it serves, in the order that
    role needs it. Someone with two roles sees both sets."""
    user = request.user
    caps = capabilities_of(user)
    sections = {}
    if Capability.VIEW_PEOPLE in caps:
        sections["search"] = True
        sections["people_count"] = selectors.people_count(user)
    if Capability.PREPARE_CASEWORK in caps:
        sections["casework"] = casework_selectors.counts(user, today=timezone.localdate())
        sections["recent_changes"] = selectors.recent_record_changes(user)
        sections["newest_people"] = selectors.newest_people(user)
    if Capability.CHECK_CASEWORK in caps or Capability.VIEW_REPORTS in caps:
        sections["unit_summary"] = selectors.unit_summary(user)
    if Capability.VIEW_REPORTS in caps:
        sections["rosh_distribution"] = selectors.rosh_distribution(user)
        sections["risk_flags"] = selectors.risk_flag_counts(user)
    if Capability.SUPERVISE_ANY_ROSH in caps or Capability.SUPERVISE_LOW_MEDIUM_ROSH in caps:
        # Which risk levels a member of staff may hold comes from their role profile's rules (job evaluation).
        may_hold = set(rosh_levels_allowed(user))
        high = [level for level in (RoshLevel.VERY_HIGH, RoshLevel.HIGH) if level in may_hold]
        low = [level for level in (RoshLevel.MEDIUM, RoshLevel.LOW) if level in may_hold]
        if high:
            sections["caseload_high"] = selectors.probation_caseload(user, rosh_levels=high)
        if low:
            sections["caseload"] = selectors.probation_caseload(user, rosh_levels=low)
    if Capability.MANAGE_ACCOUNTS in caps:
        sections["locked_accounts"] = selectors.locked_accounts()
    if Capability.VIEW_AUDIT in caps:
        sections["audit_length"] = audit_selectors.chain_length()
        sections["verification"] = latest_verification()
        sections["sensitive_reads"] = selectors.recent_sensitive_reads()
    if Capability.EVALUATE_JOBS in caps:
        from omhub.jobeval import selectors as jobeval

        sections["jobeval"] = {"in_progress": jobeval.evaluations_in_progress(user),
                               "profiles": jobeval.profiles(user), "job_descriptions": jobeval.job_descriptions(user)}
    return render(request, "home/home.html", {
        "sections": sections,
        "roles": user.roles.order_by("display_order"),
        "units": user.units.order_by("name"),
        "can_create": has(user, Capability.CREATE_PEOPLE),
    })
