from django.db.models import Count
from django.utils import timezone

from omhub.accounts.models import Role, User
from omhub.accounts.permissions import CAPABILITY_DESCRIPTIONS


def staff_accounts():
    now = timezone.now()
    accounts = list(User.objects.prefetch_related("roles", "units").order_by("username"))
    for account in accounts:
        account.currently_locked = account.is_locked(now)
    return accounts


def locked_accounts():
    return User.objects.filter(locked_until__gt=timezone.now()).order_by("username")


def roles_with_capabilities():
    roles = list(Role.objects.annotate(holders=Count("users")).order_by("display_order"))
    for role in roles:
        role.capability_descriptions = [CAPABILITY_DESCRIPTIONS.get(cap, cap) for cap in role.capabilities]
    return roles
