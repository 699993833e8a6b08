"""Signing in, API tokens and staff accounts: every write checked and audited."""

import datetime

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from omhub.accounts.models import ApiToken, Role, Unit, User, hash_token
from omhub.accounts.permissions import Capability, forget_cached_permissions, require
from omhub.audit import services as audit


class SignInRefused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


WRONG_DETAILS = "Enter a correct username and password. Both are case-sensitive."


def sign_in(request, username: str, password: str) -> User:
    """Check a username and password, counting failures: after OMHUB_LOGIN_MAX_FAILURES in a row the
    account is locked for OMHUB_LOGIN_LOCKOUT_MINUTES, whatever password comes next."""
    username = (username or "").strip()
    now = timezone.now()
    account = User.objects.filter(username__iexact=username).first() if username else None
    if account is not None and account.is_locked(now):
        audit.record(actor=None, action=audit.Action.SIGN_IN_FAILED, instance=account, after={"reason": "locked"})
        raise SignInRefused(_locked_message(account))
    if account is not None and account.is_demo and not settings.DEMO_ACCOUNTS_ALLOWED:
        audit.record(actor=None, action=audit.Action.SIGN_IN_FAILED, instance=account,
                     after={"reason": "demo account outside development"})
        raise SignInRefused("Demo accounts can only be used on a development installation of omhub.")
    user = authenticate(request, username=account.username if account else username, password=password)
    if user is None:
        if account is not None:
            _count_failure(account, now)
        raise SignInRefused(WRONG_DETAILS if account is None or not account.is_locked(now)
                            else _locked_message(account))
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(failed_sign_ins=0, locked_until=None, last_login=now)
        audit.record(actor=user, action=audit.Action.SIGN_IN, instance=user)
    return user


def _count_failure(account: User, now: datetime.datetime) -> None:
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=account.pk)
        locked.failed_sign_ins += 1
        if locked.failed_sign_ins >= settings.OMHUB_LOGIN_MAX_FAILURES:
            locked.locked_until = now + datetime.timedelta(minutes=settings.OMHUB_LOGIN_LOCKOUT_MINUTES)
            locked.failed_sign_ins = 0
            locked.save(update_fields=["failed_sign_ins", "locked_until"])
            audit.record(actor=None, action=audit.Action.LOCKED_OUT, instance=locked,
                         after={"locked_until": locked.locked_until})
        else:
            locked.save(update_fields=["failed_sign_ins"])
            audit.record(actor=None, action=audit.Action.SIGN_IN_FAILED, instance=locked,
                         after={"failures_in_a_row": locked.failed_sign_ins})
    account.failed_sign_ins, account.locked_until = locked.failed_sign_ins, locked.locked_until


def _locked_message(account: User) -> str:
    until = timezone.localtime(account.locked_until).strftime("%H:%M")
    return (f"This account is locked after {settings.OMHUB_LOGIN_MAX_FAILURES} failed sign-in attempts. "
            f"Try again after {until}, or ask a system administrator to unlock it.")


def record_sign_out(user) -> None:
    if user is not None and user.is_authenticated:
        audit.record(actor=user, action=audit.Action.SIGN_OUT, instance=user)


# API tokens ---------------------------------------------------------------------------------------


@transaction.atomic
def create_api_token(*, user: User, name: str = "", days: int | None = None, actor=None) -> tuple[ApiToken, str]:
    """A new token for ``user``, returned with its only copy of the secret: omhub keeps just the hash."""
    days = settings.OMHUB_API_TOKEN_DAYS if days is None else days
    if not 1 <= days <= 366:
        raise ValidationError({"days": ["A token must last between 1 and 366 days"]})
    if not user.is_active:
        raise ValidationError({"user": [f"{user.username} is deactivated: activate the account first"]})
    raw = ApiToken.generate_raw()
    token = ApiToken.objects.create(
        user=user, name=name[:80], prefix=raw[4 : 4 + ApiToken.PREFIX_LENGTH], token_hash=hash_token(raw),
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    audit.record(actor=actor, action=audit.Action.TOKEN_CREATED, instance=token,
                 after={"user": user.username, "expires_at": token.expires_at, "name": token.name})
    return token, raw


@transaction.atomic
def revoke_api_token(*, token: ApiToken, actor=None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit.record(actor=actor, action=audit.Action.TOKEN_REVOKED, instance=token,
                     after={"user": token.user.username})
    return token


def user_for_token(raw: str) -> User | None:
    """The active user a bearer token stands for, or None for an unknown, expired or revoked token."""
    if not raw or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(raw)).first()
    now = timezone.now()
    if token is None or not token.is_usable(now):
        return None
    if token.user.is_demo and not settings.DEMO_ACCOUNTS_ALLOWED:
        return None
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


# Staff accounts ------------------------------------------------------------------------------------

ACCOUNT_FIELDS = ["username", "first_name", "last_name", "email", "is_active", "roles", "units"]


@transaction.atomic
def create_user(*, actor, username: str, first_name: str, last_name: str, email: str, password: str,
                roles: list[Role], units: list[Unit], is_demo: bool = False) -> User:
    if actor is not None:
        require(actor, Capability.MANAGE_ACCOUNTS)
    username = (username or "").strip()
    errors = {}
    if not username:
        errors["username"] = ["Enter a username"]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = ["Another account already has this username"]
    user = User(username=username, first_name=first_name.strip(), last_name=last_name.strip(),
                email=(email or "").strip(), is_demo=is_demo)
    if not is_demo:
        try:
            validate_password(password, user)
        except ValidationError as error:
            errors["password"] = list(error.messages)
    if not roles:
        errors["roles"] = ["Choose at least one role"]
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    user.roles.set(roles)
    user.units.set(units)
    audit.record(actor=actor, action=audit.Action.CREATE, instance=user,
                 after=audit.snapshot(user, ACCOUNT_FIELDS))
    return user


@transaction.atomic
def update_user(*, actor, user: User, first_name: str, last_name: str, email: str, is_active: bool,
                roles: list[Role], units: list[Unit]) -> User:
    require(actor, Capability.MANAGE_ACCOUNTS)
    if not roles:
        raise ValidationError({"roles": ["Choose at least one role"]})
    if user.pk == actor.pk and not is_active:
        raise ValidationError({"is_active": ["You cannot deactivate your own account"]})
    locked = User.objects.select_for_update().get(pk=user.pk)
    before = audit.snapshot(locked, ACCOUNT_FIELDS)
    locked.first_name, locked.last_name, locked.email = first_name.strip(), last_name.strip(), email.strip()
    locked.is_active = is_active
    locked.save()
    locked.roles.set(roles)
    locked.units.set(units)
    if not is_active:
        ApiToken.objects.filter(user=locked, revoked_at__isnull=True).update(revoked_at=timezone.now())
    forget_cached_permissions(locked)
    audit.record_change(actor=actor, instance=locked, before=before, after=audit.snapshot(locked, ACCOUNT_FIELDS))
    return locked


@transaction.atomic
def unlock_user(*, actor, user: User) -> User:
    require(actor, Capability.MANAGE_ACCOUNTS)
    before = {"locked_until": audit.json_safe(user.locked_until), "failed_sign_ins": user.failed_sign_ins}
    User.objects.filter(pk=user.pk).update(locked_until=None, failed_sign_ins=0)
    user.locked_until, user.failed_sign_ins = None, 0
    audit.record_change(actor=actor, instance=user, before=before,
                        after={"locked_until": None, "failed_sign_ins": 0})
    return user


@transaction.atomic
def create_unit(*, actor, code: str, name: str, kind: str, region: str = "") -> Unit:
    if actor is not None:
        require(actor, Capability.MANAGE_ACCOUNTS)
    code = (code or "").strip().upper()
    errors = {}
    if not code or len(code) > 10:
        errors["code"] = ["Enter a code of up to 10 letters or numbers, such as LEI"]
    elif Unit.objects.filter(code=code).exists():
        errors["code"] = ["Another unit already has this code"]
    if not (name or "").strip():
        errors["name"] = ["Enter the unit's name"]
    if kind not in Unit.Kind.values:
        errors["kind"] = ["Choose prison or probation delivery unit"]
    if errors:
        raise ValidationError(errors)
    unit = Unit.objects.create(code=code, name=name.strip(), kind=kind, region=(region or "").strip())
    audit.record(actor=actor, action=audit.Action.CREATE, instance=unit,
                 after=audit.snapshot(unit, ["code", "name", "kind", "region"]))
    return unit
