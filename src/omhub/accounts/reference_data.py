"""The roles of product.md and what each may do. Loaded by ``omhub seed``; re-loading updates them."""

from django.db import transaction

from omhub.accounts.permissions import Capability as C

ROLES = [
    {
        "code": "business-administrator",
        "name": "Business Administrator",
        "description": "Prepares hub paperwork of every case type ready for checking, keeps records and logs, "
        "is the contact point for incoming communications, does initial sentence calculations.",
        "national": False,
        "capabilities": [C.VIEW_PEOPLE, C.CREATE_PEOPLE, C.EDIT_PEOPLE, C.PREPARE_CASEWORK, C.USE_API],
    },
    {
        "code": "hub-manager",
        "name": "Hub Manager",
        "description": "Checks what a Business Administrator prepared (never their own work), returns it with "
        "reasons or approves it and sends it onward; allocates work and watches timeliness.",
        "national": False,
        "capabilities": [C.VIEW_PEOPLE, C.CREATE_PEOPLE, C.EDIT_PEOPLE, C.PREPARE_CASEWORK, C.CHECK_CASEWORK,
                         C.VIEW_REPORTS, C.USE_API],
    },
    {
        "code": "offender-manager",
        "name": "Offender Manager",
        "description": "Assesses and supervises cases of low and medium risk of serious harm (role profile 54).",
        "national": False,
        "capabilities": [C.VIEW_PEOPLE, C.SUPERVISE_LOW_MEDIUM_ROSH, C.USE_API],
    },
    {
        "code": "senior-offender-manager",
        "name": "Higher Level Offender Manager",
        "description": "Assesses and supervises cases of any risk of serious harm, including high and very high "
        "(role profile 55); allocates interventions.",
        "national": False,
        "capabilities": [C.VIEW_PEOPLE, C.SUPERVISE_LOW_MEDIUM_ROSH, C.SUPERVISE_ANY_ROSH, C.USE_API],
    },
    {
        "code": "head-of-omd",
        "name": "Head of Offender Management Delivery",
        "description": "Oversight of the hub and offender management: dashboards, SDIs, monitoring returns, "
        "workload and allocation.",
        "national": False,
        "capabilities": [C.VIEW_PEOPLE, C.VIEW_REPORTS, C.VIEW_ROLES, C.COMPARE_RELEASE_DATES, C.USE_API],
    },
    {
        "code": "job-evaluation-panel",
        "name": "Job Evaluation Panel / Reward",
        "description": "Maintains job descriptions and role profiles and evaluates them against the job "
        "evaluation scheme.",
        "national": True,
        "capabilities": [C.VIEW_ROLES, C.EVALUATE_JOBS, C.USE_API],
    },
    {
        "code": "system-administrator",
        "name": "System Administrator",
        "description": "Manages staff accounts, roles, units and reference data. Sees no one's records.",
        "national": True,
        "capabilities": [C.MANAGE_ACCOUNTS, C.VIEW_ROLES, C.CONFIGURE_CASEWORK, C.USE_API],
    },
    {
        "code": "auditor",
        "name": "Auditor",
        "description": "Read-only access to the audit trail and to the records it refers to, in every unit.",
        "national": True,
        "capabilities": [C.VIEW_AUDIT, C.VIEW_PEOPLE, C.VIEW_ROLES, C.USE_API],
    },
]


@transaction.atomic
def load_roles() -> int:
    """Create or update the roles; each role that changes is audited (by omhub, not a person)."""
    from omhub.accounts.models import Role
    from omhub.audit import services as audit

    fields = ["name", "description", "national", "capabilities", "display_order"]
    for order, spec in enumerate(ROLES):
        wanted = {"name": spec["name"], "description": spec["description"], "national": spec["national"],
                  "capabilities": [str(cap) for cap in spec["capabilities"]], "display_order": order}
        role = Role.objects.filter(code=spec["code"]).first()
        if role is None:
            role = Role.objects.create(code=spec["code"], **wanted)
            audit.record(actor=None, action=audit.Action.CREATE, instance=role, after={"code": role.code, **wanted})
            continue
        before = audit.snapshot(role, fields)
        for field, value in wanted.items():
            setattr(role, field, value)
        after = audit.snapshot(role, fields)
        if before != after:
            role.save()
            audit.record_change(actor=None, instance=role, before=before, after=after)
    return len(ROLES)
