"""The service navigation, built from what the signed-in user's roles allow."""

from django.urls import reverse

from omhub.accounts.permissions import Capability, has

# (label, url name, capability needed (or a tuple: any of them) or None for everyone signed in,
#  path prefix that marks it active)
ITEMS = [
    ("Home", "home", None, None),
    ("People", "people:search", Capability.VIEW_PEOPLE, "/people/"),
    ("Casework", "casework:list", Capability.PREPARE_CASEWORK, "/casework/"),
    ("Release dates what-if", "calculations:what-if", Capability.COMPARE_RELEASE_DATES, "/calculations/what-if/"),
    ("Case types", "casework:case-types", Capability.CONFIGURE_CASEWORK, "/casework/case-types/"),
    ("Audit trail", "audit:search", Capability.VIEW_AUDIT, "/audit/"),
    ("Staff accounts", "accounts:users", Capability.MANAGE_ACCOUNTS, "/accounts/users/"),
    ("Roles", "accounts:roles", Capability.VIEW_ROLES, "/accounts/roles/"),
    ("Job evaluation", "jobeval:catalogue", (Capability.EVALUATE_JOBS, Capability.VIEW_ROLES), "/job-evaluation/"),
    ("Notifications", "notifications:list", (Capability.PREPARE_CASEWORK, Capability.CHECK_CASEWORK,
                                             Capability.VIEW_REPORTS, Capability.VIEW_AUDIT), "/notifications/"),
]


def _notifications_label(label: str, user) -> str:
    """The unread count, in words a screen reader reads out as well as it shows."""
    from omhub.notifications.selectors import unread_count

    count = unread_count(user)
    return f"{label} ({count} unread)" if count else label


# Items whose label carries a count: url name -> function of (label, user).
LABELS = {"notifications:list": _notifications_label}


def navigation_for(user, path: str) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for label, url_name, capability, prefix in ITEMS:
        needed = capability if isinstance(capability, tuple) else (capability,)
        if capability is not None and not any(has(user, cap) for cap in needed):
            continue
        href = reverse(url_name)
        if url_name in LABELS:
            label = LABELS[url_name](label, user)
        active = path.startswith(prefix) if prefix else path == href
        items.append({"text": label, "href": href, "active": active})
    return items
