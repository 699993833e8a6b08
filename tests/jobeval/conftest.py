import pytest

from omhub.jobeval.models import JobDescription, RoleProfile
from omhub.jobeval.reference_data import load_reference_data


@pytest.fixture
def jobeval_data(db):
    load_reference_data()
    return {"ba": JobDescription.objects.get(), "54": RoleProfile.objects.get(number=54),
            "55": RoleProfile.objects.get(number=55)}
