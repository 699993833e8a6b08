"""What a signed-in member of staff may do, and whose records they may see.

Every service calls these before it reads or writes, so the rules hold for pages, the API and the
command line alike; views only use them to decide what to show.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied


class Capability(StrEnum):
    VIEW_PEOPLE = "people.view"
    CREATE_PEOPLE = "people.create"
    EDIT_PEOPLE = "people.edit"
    VIEW_AUDIT = "audit.view"
    MANAGE_ACCOUNTS = "accounts.manage"
    VIEW_ROLES = "roles.view"
    VIEW_REPORTS = "reports.view"
    PREPARE_CASEWORK = "casework.prepare"
    CHECK_CASEWORK = "casework.check"
    CONFIGURE_CASEWORK = "casework.configure"
    COMPARE_RELEASE_DATES = "calculations.what-if"
    SUPERVISE_LOW_MEDIUM_ROSH = "supervision.low-medium"
    SUPERVISE_ANY_ROSH = "supervision.any"
    EVALUATE_JOBS = "jobeval.evaluate"
    USE_API = "api.use"


CAPABILITY_DESCRIPTIONS = {
    Capability.VIEW_PEOPLE: "See the records of people in their units",
    Capability.CREATE_PEOPLE: "Add people to the nominal record",
    Capability.EDIT_PEOPLE: "Change people's records, identifiers and risk flags",
    Capability.VIEW_AUDIT: "Search the audit trail and verify its chain",
    Capability.MANAGE_ACCOUNTS: "Create staff accounts, give roles and units, unlock accounts",
    Capability.VIEW_ROLES: "See the roles and what each may do",
    Capability.VIEW_REPORTS: "See caseload and oversight figures",
    Capability.PREPARE_CASEWORK: "Prepare hub paperwork ready for checking",
    Capability.CHECK_CASEWORK: "Check paperwork prepared by someone else and send it onward",
    Capability.CONFIGURE_CASEWORK: "Change the case types: their fields, checklists, rules and templates",
    Capability.COMPARE_RELEASE_DATES: "Run the release-date engine over an establishment under another law",
    Capability.SUPERVISE_LOW_MEDIUM_ROSH: "Hold cases of low or medium risk of serious harm",
    Capability.SUPERVISE_ANY_ROSH: "Hold cases of any risk of serious harm",
    Capability.EVALUATE_JOBS: "Maintain job descriptions and role profiles and evaluate them",
    Capability.USE_API: "Use the JSON API with a bearer token",
}


def capabilities_of(user) -> frozenset[str]:
    """The union of the user's roles' capabilities, worked out once per user object."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_omhub_capabilities", None)
    if cached is None:
        cached = frozenset(cap for role in user.roles.all() for cap in role.capabilities)
        user._omhub_capabilities = cached
    return cached


def has(user, capability: Capability) -> bool:
    return str(capability) in capabilities_of(user)


def require(user, capability: Capability) -> None:
    if not has(user, capability):
        raise PermissionDenied(f"Your roles do not allow you to: {CAPABILITY_DESCRIPTIONS[capability].lower()}.")


def is_national(user) -> bool:
    cached = getattr(user, "_omhub_national", None)
    if cached is None:
        cached = user.is_authenticated and user.roles.filter(national=True).exists()
        user._omhub_national = cached
    return cached


def visible_unit_ids(user) -> frozenset[int] | None:
    """The units whose people the user may see, or None when the user's role is national."""
    if is_national(user):
        return None
    cached = getattr(user, "_omhub_unit_ids", None)
    if cached is None:
        cached = frozenset(user.units.values_list("id", flat=True))
        user._omhub_unit_ids = cached
    return cached


def forget_cached_permissions(user) -> None:
    for attribute in ("_omhub_capabilities", "_omhub_national", "_omhub_unit_ids"):
        if hasattr(user, attribute):
            delattr(user, attribute)
