"""A realistic, deterministic demo establishment: the same seed always gives the same people.

Used by ``omhub seed --demo`` for the demo site and, with ``--people 100000``, for benchmarks. People are
written in bulk (the services' one-at-a-time path would take minutes at benchmark sizes), with the
same normal forms and name keys the services produce and one audit event per record created.
"""

import datetime
import random
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from omhub import identifiers
from omhub.accounts.models import Unit, User
from omhub.accounts.reference_data import load_roles
from omhub.audit import services as audit
from omhub.demo.names import FIRST_NAMES_FEMALE, FIRST_NAMES_MALE, NATIONALITIES, SURNAMES
from omhub.people.models import (
    Alias,
    ImmigrationStatus,
    LegalStatus,
    NameKey,
    Person,
    RoshLevel,
    SecurityCategory,
    Sex,
)
from omhub.people.name_matching import name_keys
from omhub.people.services import EDITABLE_FIELDS

DEMO_PASSWORD = "omhub-demo-2026"

UNITS = [
    ("LEI", "HMP Leeds", Unit.Kind.PRISON, "Yorkshire and the Humber"),
    ("WDI", "HMP Wakefield", Unit.Kind.PRISON, "Yorkshire and the Humber"),
    ("HLI", "HMP Hull", Unit.Kind.PRISON, "Yorkshire and the Humber"),
    ("PDULDS", "Leeds probation delivery unit", Unit.Kind.PROBATION_DELIVERY_UNIT, "Yorkshire and the Humber"),
    ("PDUBRD", "Bradford and Calderdale probation delivery unit", Unit.Kind.PROBATION_DELIVERY_UNIT,
     "Yorkshire and the Humber"),
]

# username, first name, last name, role code, units
DEMO_ACCOUNTS = [
    ("demo-ba", "Bea", "Adams", "business-administrator", ["LEI"]),
    ("demo-hub-manager", "Hamid", "Mahmood", "hub-manager", ["LEI"]),
    ("demo-om", "Olu", "Mensah", "offender-manager", ["PDULDS"]),
    ("demo-senior-om", "Siobhan", "Walsh", "senior-offender-manager", ["PDULDS", "LEI"]),
    ("demo-head", "Helen", "Dawson", "head-of-omd", ["LEI", "PDULDS"]),
    ("demo-je", "Jon", "Evans", "job-evaluation-panel", []),
    ("demo-admin", "Ada", "Price", "system-administrator", []),
    ("demo-auditor", "Aled", "Rees", "auditor", []),
]

# Where demo people are: (share, prison code or None, probation unit code or None, in custody)
PLACEMENTS = [
    (50, "LEI", None, True),
    (8, "LEI", "PDULDS", True),
    (6, "WDI", None, True),
    (5, "HLI", None, True),
    (22, None, "PDULDS", False),
    (9, None, "PDUBRD", False),
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def ensure_units() -> dict[str, Unit]:
    from omhub.accounts.services import create_unit

    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[code for code, *_ in UNITS])}
    for code, name, kind, region in UNITS:
        if code not in units:
            units[code] = create_unit(actor=None, code=code, name=name, kind=kind, region=region)
    return units


def ensure_demo_accounts(units: dict[str, Unit]) -> list[User]:
    from omhub.accounts.models import Role

    roles = {role.code: role for role in Role.objects.all()}
    accounts = []
    for username, first, last, role_code, unit_codes in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(username=username, defaults={
            "first_name": first, "last_name": last, "is_demo": True, "email": f"{username}@example.invalid"})
        user.is_demo = True
        user.is_active = True
        user.locked_until = None
        user.failed_sign_ins = 0
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.roles.set([roles[role_code]])
        user.units.set([units[code] for code in unit_codes])
        if created:
            audit.record(actor=None, action=audit.Action.CREATE, instance=user,
                         after={"username": username, "roles": [role_code], "units": unit_codes, "demo": True})
        accounts.append(user)
    return accounts


def _prison_number(index: int) -> str:
    # A bijection on 0..6,759,999 (7919 is coprime with 26*26*10000), so numbers never repeat.
    n = (index * 7919 + 4242) % 6_760_000
    digits, letters = n % 10_000, n // 10_000
    return f"{'AG'[index % 2]}{digits:04d}{chr(65 + letters // 26)}{chr(65 + letters % 26)}"


def _crn(index: int) -> str:
    return f"{'XDEF'[index // 1_000_000 % 4]}{(index * 7919 + 1234) % 1_000_000:06d}"


def _pnc(index: int, year: int) -> str:
    serial = f"{(index * 104_729 + 77) % 10_000_000:07d}"
    return identifiers.normalise_pnc(f"{year}/{serial}{identifiers.pnc_check_character(str(year), serial)}")


def _cro(index: int, year: int) -> str:
    serial = f"{(index * 7919 + 99) % 1_000_000:06d}"
    yy = f"{year % 100:02d}"
    return f"{serial}/{yy}{identifiers.cro_check_character(serial, yy)}"


def _person(rng: random.Random, index: int, units: dict[str, Unit], today: datetime.date) -> tuple[Person, list]:
    placement = rng.choices(PLACEMENTS, weights=[p[0] for p in PLACEMENTS])[0]
    _, prison, pdu, custodial = placement
    sex = Sex.FEMALE if rng.random() < 0.07 else Sex.MALE
    first = rng.choice(FIRST_NAMES_FEMALE if sex == Sex.FEMALE else FIRST_NAMES_MALE)
    middle = rng.choice(FIRST_NAMES_MALE if sex == Sex.MALE else FIRST_NAMES_FEMALE) if rng.random() < 0.4 else ""
    last = rng.choice(SURNAMES)
    age_days = rng.randint(18 * 365 + 5, 75 * 365)
    born = today - datetime.timedelta(days=age_days)
    nationality = _weighted(rng, NATIONALITIES)
    if custodial:
        legal_status = _weighted(rng, [(LegalStatus.SENTENCED, 62), (LegalStatus.REMAND, 20),
                                       (LegalStatus.CONVICTED_UNSENTENCED, 7), (LegalStatus.RECALLED, 9),
                                       (LegalStatus.IMMIGRATION_DETAINEE, 1 if nationality != "British" else 0),
                                       (LegalStatus.CIVIL_PRISONER, 1)])
    else:
        legal_status = _weighted(rng, [(LegalStatus.ON_LICENCE, 55), (LegalStatus.COMMUNITY_SENTENCE, 45)])
    rosh = _weighted(rng, [(RoshLevel.LOW, 33), (RoshLevel.MEDIUM, 40), (RoshLevel.HIGH, 20),
                           (RoshLevel.VERY_HIGH, 4), ("", 3)])
    mappa_level = mappa_category = None
    if rng.random() < (0.35 if rosh in (RoshLevel.HIGH, RoshLevel.VERY_HIGH) else 0.04):
        mappa_level = _weighted(rng, [(1, 80), (2, 16), (3, 4)])
        mappa_category = _weighted(rng, [(1, 40), (2, 55), (3, 4), (4, 1)])
    if custodial:
        if legal_status in (LegalStatus.REMAND, LegalStatus.CONVICTED_UNSENTENCED):
            category = SecurityCategory.UNCATEGORISED
        elif prison == "WDI":
            category = _weighted(rng, [(SecurityCategory.A, 10), (SecurityCategory.B, 90)])
        elif sex == Sex.FEMALE:
            category = SecurityCategory.WOMEN_CLOSED
        else:
            category = _weighted(rng, [(SecurityCategory.B, 55), (SecurityCategory.C, 40), (SecurityCategory.D, 5)])
    else:
        category = ""
    if nationality == "British":
        immigration = ImmigrationStatus.BRITISH_CITIZEN
    elif nationality == "Irish":
        immigration = ImmigrationStatus.SETTLED
    else:
        immigration = _weighted(rng, [(ImmigrationStatus.SETTLED, 35), (ImmigrationStatus.UNDER_CONSIDERATION, 25),
                                      (ImmigrationStatus.LEAVE_TO_REMAIN, 10), (ImmigrationStatus.NO_LEAVE, 10),
                                      (ImmigrationStatus.DEPORTATION_ORDER, 10), (ImmigrationStatus.NOT_KNOWN, 10)])
    sexual = mappa_category == 1
    person = Person(
        prison_number=_prison_number(index) if custodial or rng.random() < 0.6 else None,
        crn=_crn(index) if pdu or rng.random() < 0.7 else None,
        pnc_number=_pnc(index, min(max(born.year + 16, 1990), today.year))
        if rng.random() < 0.92 else None,
        cro_number=_cro(index, min(born.year + 20, today.year)) if rng.random() < 0.6 else None,
        booking_number=f"{(index * 37 + 11) % 100_000:05d}{chr(65 + index % 26)}" if custodial else "",
        first_name=first, middle_names=middle, last_name=last, date_of_birth=born, sex=sex,
        establishment=units[prison] if prison else None,
        cell_location=(f"{rng.choice('ABCDEFG')}-{rng.randint(1, 4)}-{rng.randint(1, 40):03d}" if custodial else ""),
        probation_unit=units[pdu] if pdu else None,
        legal_status=legal_status, security_category=category, nationality=nationality,
        immigration_status=immigration, rosh_level=rosh,
        tier=f"{'ABCD'[min(3, ['very-high', 'high', 'medium', 'low', ''].index(rosh))]}{rng.randint(0, 3)}"
        if pdu and rosh else "",
        mappa_level=mappa_level, mappa_category=mappa_category,
        risk_to_children=sexual or rng.random() < 0.06,
        safeguarding_concern=rng.random() < 0.1,
        harassment_or_restraining_order=rng.random() < 0.07,
        visor_registered=sexual or (mappa_category == 4) or rng.random() < 0.01,
        public_protection_concern=rosh in (RoshLevel.HIGH, RoshLevel.VERY_HIGH) and rng.random() < 0.3,
    )
    if person.prison_number is None and person.crn is None:
        person.crn = _crn(index)
    aliases = []
    if rng.random() < 0.15:
        aliases.append(Alias(first_name=rng.choice(FIRST_NAMES_MALE + FIRST_NAMES_FEMALE) if rng.random() < 0.5
                             else first, last_name=rng.choice(SURNAMES), date_of_birth=born if rng.random() < 0.5
                             else born - datetime.timedelta(days=rng.randint(1, 900))))
    return person, aliases


def build_people(count: int, *, seed: int = 2026, units: dict[str, Unit], today: datetime.date,
                 progress: Callable[[int], None] | None = None, batch_size: int = 2000) -> int:
    rng = random.Random(seed)
    start = Person.objects.count()
    created = 0
    while created < count:
        size = min(batch_size, count - created)
        with transaction.atomic():
            batch = [_person(rng, start + created + i, units, today) for i in range(size)]
            people = Person.objects.bulk_create([person for person, _ in batch])
            aliases, keys, events = [], [], []
            for person, person_aliases in batch:
                names = [person.first_name, person.middle_names, person.last_name]
                for alias in person_aliases:
                    alias.person = person
                    aliases.append(alias)
                    names += [alias.first_name, alias.last_name]
                keys += [NameKey(person=person, key=key) for key in sorted(name_keys(*names))]
                events.append({"action": audit.Action.CREATE, "instance": person, "person_id": person.pk,
                               "after": audit.snapshot(person, EDITABLE_FIELDS)})
                if person.legal_status == LegalStatus.SENTENCED and rng.random() < 0.3:
                    events.append({"action": audit.Action.UPDATE, "instance": person, "person_id": person.pk,
                                   "before": {"legal_status": str(LegalStatus.CONVICTED_UNSENTENCED)},
                                   "after": {"legal_status": str(LegalStatus.SENTENCED)}})
            Alias.objects.bulk_create(aliases)
            NameKey.objects.bulk_create(keys, batch_size=5000)
            audit.record_many(events)
        created += len(people)
        if progress:
            progress(len(people))
    return created


def build_demo(*, people: int, seed: int = 2026, today: datetime.date | None = None,
               progress: Callable[[int], None] | None = None) -> dict:
    """Reference data, the demo units and accounts, and ``people`` people if there are none yet."""
    load_roles()
    units = ensure_units()
    ensure_demo_accounts(units)
    existing = Person.objects.count()
    made = 0
    if existing == 0:
        made = build_people(people, seed=seed, units=units, today=today or timezone.localdate(), progress=progress)
    return {"units": len(units), "accounts": len(DEMO_ACCOUNTS), "people_created": made, "people_before": existing}


