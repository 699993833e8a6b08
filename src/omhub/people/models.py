from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible

from omhub import identifiers
from omhub.accounts.models import Unit


@deconstructible
class IdentifierValidator:
    """Checks a field holds a well-formed identifier of one kind (see omhub.identifiers)."""

    NORMALISERS = {
        "prison_number": identifiers.normalise_prison_number,
        "crn": identifiers.normalise_crn,
        "pnc": identifiers.normalise_pnc,
        "cro": identifiers.normalise_cro,
        "booking_number": identifiers.normalise_booking_number,
    }

    def __init__(self, kind: str):
        self.kind = kind

    def __call__(self, value):
        try:
            self.NORMALISERS[self.kind](value)
        except identifiers.InvalidIdentifier as error:
            raise ValidationError(str(error)) from error

    def __eq__(self, other):
        return isinstance(other, IdentifierValidator) and other.kind == self.kind

    def __hash__(self):
        return hash(self.kind)


class LegalStatus(models.TextChoices):
    REMAND = "remand", "Remand"
    CONVICTED_UNSENTENCED = "convicted-unsentenced", "Convicted, unsentenced"
    SENTENCED = "sentenced", "Sentenced"
    RECALLED = "recalled", "Recalled"
    IMMIGRATION_DETAINEE = "immigration-detainee", "Immigration detainee"
    CIVIL_PRISONER = "civil-prisoner", "Civil prisoner"
    ON_LICENCE = "on-licence", "Released on licence"
    COMMUNITY_SENTENCE = "community-sentence", "Community sentence"
    RELEASED = "released", "Released, no supervision"


CUSTODIAL_STATUSES = {
    LegalStatus.REMAND,
    LegalStatus.CONVICTED_UNSENTENCED,
    LegalStatus.SENTENCED,
    LegalStatus.RECALLED,
    LegalStatus.IMMIGRATION_DETAINEE,
    LegalStatus.CIVIL_PRISONER,
}


class SecurityCategory(models.TextChoices):
    A = "A", "Category A"
    B = "B", "Category B"
    C = "C", "Category C"
    D = "D", "Category D"
    RESTRICTED = "restricted", "Restricted status"
    WOMEN_CLOSED = "women-closed", "Women's closed"
    WOMEN_OPEN = "women-open", "Women's open"
    YOI_CLOSED = "yoi-closed", "YOI closed"
    YOI_OPEN = "yoi-open", "YOI open"
    UNCATEGORISED = "uncategorised", "Uncategorised"


class ImmigrationStatus(models.TextChoices):
    BRITISH_CITIZEN = "british-citizen", "British citizen"
    SETTLED = "settled", "Settled or pre-settled status"
    LEAVE_TO_REMAIN = "leave-to-remain", "Limited leave to remain"
    NO_LEAVE = "no-leave", "No leave to remain"
    UNDER_CONSIDERATION = "under-consideration", "Referred to Home Office, under consideration"
    DEPORTATION_ORDER = "deportation-order", "Deportation order"
    IMMIGRATION_DETAINEE = "immigration-detainee", "Held under immigration powers"
    NOT_KNOWN = "not-known", "Not known"


class RoshLevel(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    VERY_HIGH = "very-high", "Very high"


class Tier(models.TextChoices):
    """The probation tiering framework: risk of harm A (highest) to D, and needs 3 (highest) to 0."""

    A3 = "A3"
    A2 = "A2"
    A1 = "A1"
    A0 = "A0"
    B3 = "B3"
    B2 = "B2"
    B1 = "B1"
    B0 = "B0"
    C3 = "C3"
    C2 = "C2"
    C1 = "C1"
    C0 = "C0"
    D3 = "D3"
    D2 = "D2"
    D1 = "D1"
    D0 = "D0"


class MappaLevel(models.IntegerChoices):
    LEVEL_1 = 1, "Level 1: ordinary agency management"
    LEVEL_2 = 2, "Level 2: active multi-agency management"
    LEVEL_3 = 3, "Level 3: senior multi-agency management"


class MappaCategory(models.IntegerChoices):
    CATEGORY_1 = 1, "Category 1: registered sexual offender"
    CATEGORY_2 = 2, "Category 2: violent offender"
    CATEGORY_3 = 3, "Category 3: other dangerous offender"
    CATEGORY_4 = 4, "Category 4: terrorism or terrorism-connected offender"


class Sex(models.TextChoices):
    MALE = "male", "Male"
    FEMALE = "female", "Female"
    NOT_KNOWN = "not-known", "Not known"


class Person(models.Model):
    """A person in custody or on probation: the nominal record every piece of hub work hangs off."""

    prison_number = models.CharField(
        max_length=7, unique=True, null=True, blank=True, validators=[IdentifierValidator("prison_number")]
    )
    crn = models.CharField(
        "case reference number (CRN)", max_length=7, unique=True, null=True, blank=True,
        validators=[IdentifierValidator("crn")],
    )
    pnc_number = models.CharField(
        "PNC number", max_length=13, unique=True, null=True, blank=True, validators=[IdentifierValidator("pnc")]
    )
    cro_number = models.CharField(
        "CRO number", max_length=13, unique=True, null=True, blank=True, validators=[IdentifierValidator("cro")]
    )
    booking_number = models.CharField(max_length=6, blank=True, db_index=True,
                                      validators=[IdentifierValidator("booking_number")])

    first_name = models.CharField(max_length=60)
    middle_names = models.CharField(max_length=120, blank=True)
    last_name = models.CharField(max_length=60)
    date_of_birth = models.DateField()
    sex = models.CharField(max_length=10, choices=Sex.choices, default=Sex.NOT_KNOWN)

    establishment = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="people_in_custody",
        limit_choices_to={"kind": Unit.Kind.PRISON},
    )
    cell_location = models.CharField(max_length=30, blank=True)
    probation_unit = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="people_on_probation",
        limit_choices_to={"kind": Unit.Kind.PROBATION_DELIVERY_UNIT},
    )
    legal_status = models.CharField(max_length=30, choices=LegalStatus.choices)
    security_category = models.CharField(max_length=20, choices=SecurityCategory.choices, blank=True)
    nationality = models.CharField(max_length=60, blank=True)
    immigration_status = models.CharField(
        max_length=30, choices=ImmigrationStatus.choices, default=ImmigrationStatus.NOT_KNOWN
    )

    rosh_level = models.CharField("risk of serious harm", max_length=10, choices=RoshLevel.choices, blank=True)
    tier = models.CharField(max_length=2, choices=Tier.choices, blank=True)
    mappa_level = models.PositiveSmallIntegerField("MAPPA level", choices=MappaLevel.choices, null=True,
                                                   blank=True)
    mappa_category = models.PositiveSmallIntegerField(
        "MAPPA category", choices=MappaCategory.choices, null=True, blank=True
    )
    risk_to_children = models.BooleanField(default=False)
    safeguarding_concern = models.BooleanField(default=False)
    harassment_or_restraining_order = models.BooleanField(default=False)
    visor_registered = models.BooleanField("ViSOR registered", default=False)
    public_protection_concern = models.BooleanField(default=False)

    version = models.PositiveIntegerField(default=1, help_text="Goes up with every change; stale edits are refused")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["establishment", "last_name"], name="person_establishment_idx"),
            models.Index(fields=["probation_unit", "last_name"], name="person_probation_idx"),
            models.Index(fields=["date_of_birth"], name="person_dob_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(prison_number__isnull=False) | Q(crn__isnull=False),
                name="person_has_prison_number_or_crn",
                violation_error_message="Enter a prison number or a case reference number (CRN)",
            ),
            models.CheckConstraint(
                condition=Q(mappa_level__isnull=True) | Q(mappa_category__isnull=False),
                name="person_mappa_level_has_category",
                violation_error_message="Choose a MAPPA category for a person managed under MAPPA",
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.primary_identifier})"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def listing_name(self) -> str:
        """Surname first, as hub lists and prison systems show names."""
        return f"{self.last_name.upper()}, {self.first_name}"

    @property
    def primary_identifier(self) -> str:
        return self.prison_number or self.crn or ""

    @property
    def is_category_a(self) -> bool:
        return self.security_category == SecurityCategory.A

    @property
    def is_foreign_national(self) -> bool:
        return bool(self.nationality) and self.nationality.lower() not in {"british", "united kingdom", "uk"}

    @property
    def in_custody(self) -> bool:
        return self.legal_status in CUSTODIAL_STATUSES


class Alias(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases")
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = "aliases"

    def __str__(self):
        return f"{self.first_name} {self.last_name}"


class NameKey(models.Model):
    """An indexed key of a person's name or alias (see name_matching), kept in step by the services."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="name_keys")
    key = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "person"], name="namekey_unique")]

    def __str__(self):
        return self.key
