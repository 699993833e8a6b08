import datetime

import factory

from omhub import identifiers
from omhub.accounts.models import User
from omhub.people.models import LegalStatus, Person
from omhub.people.services import refresh_name_keys


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.django.Password("correct horse battery staple")


def _prison_number(n: int) -> str:
    return f"A{n % 10000:04d}{chr(65 + (n // 10000) % 26)}{chr(65 + (n // 260000) % 26)}"


def valid_pnc(n: int, year: int = 2012) -> str:
    serial = f"{n:07d}"
    return f"{year}/{serial}{identifiers.pnc_check_character(str(year), serial)}"


def valid_cro(n: int, year: str = "08") -> str:
    serial = f"{n:06d}"
    return f"{serial}/{year}{identifiers.cro_check_character(serial, year)}"


class PersonFactory(factory.django.DjangoModelFactory):
    """A person in custody at the given establishment, with name keys as the services keep them."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    prison_number = factory.Sequence(_prison_number)
    first_name = factory.Iterator(["John", "Mohammed", "Piotr", "David", "Aisha"])
    last_name = factory.Iterator(["Smith", "Khan", "Nowak", "Jones", "Begum"])
    date_of_birth = datetime.date(1990, 1, 15)
    legal_status = LegalStatus.SENTENCED

    @factory.post_generation
    def name_keys(obj, create, extracted, **kwargs):
        if create:
            refresh_name_keys(obj)
