import pytest


@pytest.fixture(autouse=True)
def _role_rules(db):
    """The rules role profiles give (which risk levels each role may hold) decide the caseload sections."""
    from omhub.jobeval.reference_data import load_reference_data

    load_reference_data()
