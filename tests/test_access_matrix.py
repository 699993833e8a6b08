"""Every page, tried by every role and by someone from another establishment: each sees what their
role allows, and nothing of another unit's people. The API has the same matrix in tests/api."""

import pytest
from django.test import Client

from omhub.audit import services as audit
from omhub.jobeval.models import JobDescription, RoleProfile
from omhub.jobeval.reference_data import load_reference_data as load_jobeval_reference_data
from omhub.people.models import Alias

ALLOWED = 200
FORBIDDEN = 403
HIDDEN = 404

ROLES = ["business-administrator", "hub-manager", "offender-manager", "senior-offender-manager", "head-of-omd",
         "job-evaluation-panel", "system-administrator", "auditor"]

# page -> which roles may use it (the rest get 403)
PAGES = {
    ("get", "/"): set(ROLES),
    ("get", "/people/"): {"business-administrator", "hub-manager", "offender-manager", "senior-offender-manager",
                          "head-of-omd", "auditor"},
    ("get", "/people/new/"): {"business-administrator", "hub-manager"},
    ("get", "/people/{person}/"): {"business-administrator", "hub-manager", "head-of-omd", "auditor"},
    ("get", "/people/{person}/edit/"): {"business-administrator", "hub-manager"},
    ("get", "/people/{person}/aliases/new/"): {"business-administrator", "hub-manager"},
    ("post", "/people/{person}/aliases/{alias}/remove/"): {"business-administrator", "hub-manager"},
    ("get", "/calculations/what-if/"): {"head-of-omd"},
    ("get", "/audit/"): {"auditor"},
    ("get", "/audit/1/"): {"auditor"},
    ("post", "/audit/verify/"): {"auditor"},
    ("get", "/accounts/users/"): {"system-administrator"},
    ("get", "/accounts/users/new/"): {"system-administrator"},
    ("get", "/accounts/users/{user}/"): {"system-administrator"},
    ("post", "/accounts/users/{user}/unlock/"): {"system-administrator"},
    ("get", "/accounts/roles/"): {"head-of-omd", "job-evaluation-panel", "system-administrator", "auditor"},
    ("get", "/job-evaluation/"): {"head-of-omd", "job-evaluation-panel", "system-administrator", "auditor"},
    ("get", "/job-evaluation/job-descriptions/{jd}/"): {"head-of-omd", "job-evaluation-panel",
                                                        "system-administrator", "auditor"},
    ("get", "/job-evaluation/job-descriptions/{jd}/changes/"): {"head-of-omd", "job-evaluation-panel",
                                                                "system-administrator", "auditor"},
    ("get", "/job-evaluation/profiles/{profile}/"): {"head-of-omd", "job-evaluation-panel", "system-administrator",
                                                     "auditor"},
    ("get", "/job-evaluation/profiles/{profile}/consistency/"): {"head-of-omd", "job-evaluation-panel",
                                                                 "system-administrator", "auditor"},
    ("get", "/job-evaluation/profiles/{profile}/profile.docx"): {"head-of-omd", "job-evaluation-panel",
                                                                 "system-administrator", "auditor"},
    ("get", "/job-evaluation/bands/"): {"head-of-omd", "job-evaluation-panel", "system-administrator", "auditor"},
    ("get", "/job-evaluation/job-descriptions/new/"): {"job-evaluation-panel"},
    ("get", "/job-evaluation/job-descriptions/{jd}/revise/"): {"job-evaluation-panel"},
    ("get", "/job-evaluation/job-descriptions/{jd}/evaluate/"): {"job-evaluation-panel"},
    ("get", "/job-evaluation/bands/{bands}/local/"): {"job-evaluation-panel"},
}

# The person lives at HMP Leeds; offender managers work in the Leeds PDU only, so for them a Leeds
# prisoner is in another unit: hidden (404), not forbidden.
PERSON_PAGES = {key for key in PAGES if "{person}" in key[1]}


@pytest.fixture
def world(staff, person, outsider):
    alias = Alias.objects.create(person=person, first_name="Jon", last_name="Smyth")
    audit.record(actor=staff["business-administrator"], action=audit.Action.READ, instance=person,
                 person_id=person.pk)
    load_jobeval_reference_data()
    profile = RoleProfile.objects.get(number=54)
    return {"person": person.pk, "alias": alias.pk, "user": staff["business-administrator"].pk,
            "jd": JobDescription.objects.get().pk, "profile": profile.pk, "bands": profile.band_structure_id}


def _request(client, method, path, world):
    url = path.format(**world)
    return getattr(client, method)(url)


def _expected(role, key):
    if role not in PAGES[key]:
        if key in PERSON_PAGES and role in {"offender-manager", "senior-offender-manager"} and \
                key[1] == "/people/{person}/":
            return HIDDEN
        return FORBIDDEN
    return ALLOWED


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_pages(role, staff, world):
    client = Client()
    client.force_login(staff[role], backend="omhub.accounts.backends.StaffBackend")
    outcomes = {}
    for key in PAGES:
        response = _request(client, key[0], key[1], world)
        status = response.status_code
        outcomes[key] = ALLOWED if status in (200, 302) else status
    expected = {key: _expected(role, key) for key in PAGES}
    assert outcomes == expected


def test_someone_from_another_establishment_sees_none_of_its_people(outsider, world):
    client = Client()
    client.force_login(outsider, backend="omhub.accounts.backends.StaffBackend")
    for key in PERSON_PAGES:
        assert _request(client, key[0], key[1], world).status_code == HIDDEN, key
    page = client.get("/people/", {"q": "Smith"}).content.decode()
    assert "SMITH, John" not in page
    home = client.get("/").content.decode()
    assert "SMITH, John" not in home


def test_signed_out_visitors_are_sent_to_sign_in_from_every_page(world):
    client = Client()
    for method, path in PAGES:
        response = _request(client, method, path, world)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/sign-in/?next=")
