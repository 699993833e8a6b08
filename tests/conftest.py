"""Fixtures shared by the whole suite: reference data, units, staff of every role, people."""

import datetime

import pytest
from django.test import Client

from omhub.accounts.models import Role, Unit
from omhub.accounts.reference_data import load_roles
from omhub.accounts.services import create_api_token
from tests.factories import PersonFactory, UserFactory

ROLE_CODES = [
    "business-administrator", "hub-manager", "offender-manager", "senior-offender-manager",
    "head-of-omd", "job-evaluation-panel", "system-administrator", "auditor",
]


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Roles are reference data every installation has: load them for each test that uses the database
    (transactional tests empty the tables after themselves, so once per session is not enough)."""
    names = request.fixturenames
    marker = request.node.get_closest_marker("django_db")
    if "transactional_db" in names or "live_server" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    else:
        return
    load_roles()


@pytest.fixture
def units(db):
    return {
        "LEI": Unit.objects.create(code="LEI", name="HMP Leeds", kind=Unit.Kind.PRISON),
        "WDI": Unit.objects.create(code="WDI", name="HMP Wakefield", kind=Unit.Kind.PRISON),
        "PDULDS": Unit.objects.create(code="PDULDS", name="Leeds PDU", kind=Unit.Kind.PROBATION_DELIVERY_UNIT),
        "PDUBRD": Unit.objects.create(code="PDUBRD", name="Bradford PDU", kind=Unit.Kind.PROBATION_DELIVERY_UNIT),
    }


@pytest.fixture
def make_user(db):
    def make(role_code: str, *unit_list, username: str | None = None, **extra):
        user = UserFactory(username=username or f"{role_code}-{UserFactory._meta.model.objects.count() + 1}", **extra)
        user.roles.set([Role.objects.get(code=role_code)])
        user.units.set(unit_list)
        return user

    return make


@pytest.fixture
def staff(make_user, units):
    """One user of every role: local roles at HMP Leeds (and Leeds PDU for offender managers)."""
    return {
        "business-administrator": make_user("business-administrator", units["LEI"], username="ba"),
        "hub-manager": make_user("hub-manager", units["LEI"], username="hm"),
        "offender-manager": make_user("offender-manager", units["PDULDS"], username="om"),
        "senior-offender-manager": make_user("senior-offender-manager", units["PDULDS"], username="som"),
        "head-of-omd": make_user("head-of-omd", units["LEI"], units["PDULDS"], username="head"),
        "job-evaluation-panel": make_user("job-evaluation-panel", username="je"),
        "system-administrator": make_user("system-administrator", username="admin"),
        "auditor": make_user("auditor", username="auditor"),
    }


@pytest.fixture
def outsider(make_user, units):
    """A business administrator at another prison: must never see HMP Leeds's people."""
    return make_user("business-administrator", units["WDI"], username="outsider")


@pytest.fixture
def person(units):
    return PersonFactory(establishment=units["LEI"], first_name="John", last_name="Smith",
                         date_of_birth=datetime.date(1985, 3, 27))


@pytest.fixture
def signed_in():
    def sign_in(user) -> Client:
        client = Client()
        client.force_login(user, backend="omhub.accounts.backends.StaffBackend")
        return client

    return sign_in


@pytest.fixture
def api_client():
    def make(user) -> Client:
        _, raw = create_api_token(user=user)
        return Client(headers={"Authorization": f"Bearer {raw}"})

    return make
