import hashlib
import secrets
import string

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone


class Unit(models.Model):
    """An establishment (a prison) or a probation delivery unit: the boundary of what staff may see."""

    class Kind(models.TextChoices):
        PRISON = "prison", "Prison"
        PROBATION_DELIVERY_UNIT = "pdu", "Probation delivery unit"

    code = models.CharField(max_length=10, unique=True, help_text="For example LEI for HMP Leeds")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    region = models.CharField(max_length=80, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Role(models.Model):
    """A role of product.md. Its capabilities are data, so that what a role may do is visible and
    changeable without reading code; a national role sees people in every unit."""

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    national = models.BooleanField(default=False)
    capabilities = models.JSONField(default=list)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["display_order", "name"]

    def __str__(self):
        return self.name


class StaffManager(UserManager):
    def get_by_natural_key(self, username):
        return self.get(username__iexact=username)


class User(AbstractUser):
    roles = models.ManyToManyField(Role, blank=True, related_name="users")
    units = models.ManyToManyField(Unit, blank=True, related_name="staff")
    failed_sign_ins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    is_demo = models.BooleanField(default=False, help_text="A demo account: refused outside development")

    objects = StaffManager()

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.get_full_name() or self.username

    def is_locked(self, now=None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or timezone.now())


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its hash is kept: a leaked database gives no usable token."""

    PREFIX_LENGTH = 8

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80, blank=True)
    prefix = models.CharField(max_length=PREFIX_LENGTH, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.prefix}… ({self.user.username})"

    # Letters and digits only: a prefix starting with "-" would read as an option on the command line.
    ALPHABET = string.ascii_letters + string.digits

    @staticmethod
    def generate_raw() -> str:
        """About 256 bits of randomness after the recognisable "omh_"."""
        return "omh_" + "".join(secrets.choice(ApiToken.ALPHABET) for _ in range(43))

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.user.is_active
