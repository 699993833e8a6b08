"""The service navigation, built from what the signed-in user's roles allow."""

from django.urls import reverse

from omhub.accounts.permissions import Capability, has

# (label, url name, capability needed or None for everyone signed in, path prefix that marks it active)
ITEMS = [
    ("Home", "home", None, None),
    ("People", "people:search", Capability.VIEW_PEOPLE, "/people/"),
    ("Audit trail", "audit:search", Capability.VIEW_AUDIT, "/audit/"),
    ("Staff accounts", "accounts:users", Capability.MANAGE_ACCOUNTS, "/accounts/users/"),
    ("Roles", "accounts:roles", Capability.VIEW_ROLES, "/accounts/roles/"),
]


def navigation_for(user, path: str) -> list[dict]:
    if not getattr(user, "is_authenticated", False):
        return []
    items = []
    for label, url_name, capability, prefix in ITEMS:
        if capability is not None and not has(user, capability):
            continue
        href = reverse(url_name)
        active = path.startswith(prefix) if prefix else path == href
        items.append({"text": label, "href": href, "active": active})
    return items
