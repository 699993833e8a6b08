"""Each role's home page puts that role's work first."""

import pytest

from tests.factories import PersonFactory

EXPECTED = {
    "business-administrator": ["Find a person", "Latest changes to records in your units", "Add a person"],
    "hub-manager": ["Find a person", "Your units", "Latest changes to records"],
    "offender-manager": ["Low and medium risk of serious harm cases"],
    "senior-offender-manager": ["High and very high risk of serious harm cases",
                                "Low and medium risk of serious harm cases"],
    "head-of-omd": ["Your units", "Risk of serious harm", "Risk flags"],
    "job-evaluation-panel": ["Evaluations in progress", "Role profiles", "Job descriptions"],
    "system-administrator": ["Locked accounts", "Manage staff accounts"],
    "auditor": ["Audit trail", "Latest views of people"],
}
ABSENT = {
    "offender-manager": ["High and very high risk", "Add a person", "Audit trail"],
    "job-evaluation-panel": ["Find a person"],
    "system-administrator": ["Find a person"],
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_home_page_per_role(role, staff, signed_in, units):
    PersonFactory(establishment=None, prison_number=None, crn="X222222", probation_unit=units["PDULDS"],
                  legal_status="on-licence", rosh_level="high", last_name="Highrisk")
    PersonFactory(establishment=None, prison_number=None, crn="X333333", probation_unit=units["PDULDS"],
                  legal_status="on-licence", rosh_level="low", last_name="Lowrisk")
    page = signed_in(staff[role]).get("/").content.decode()
    for text in EXPECTED[role]:
        assert text in page, text
    for text in ABSENT.get(role, []):
        assert text not in page, text


def test_a_band_3_offender_manager_is_not_shown_high_risk_cases(staff, signed_in, units):
    PersonFactory(establishment=None, prison_number=None, crn="X222222", probation_unit=units["PDULDS"],
                  legal_status="on-licence", rosh_level="very-high", last_name="Highrisk")
    assert "HIGHRISK" not in signed_in(staff["offender-manager"]).get("/").content.decode()
    assert "HIGHRISK" in signed_in(staff["senior-offender-manager"]).get("/").content.decode()


def test_navigation_follows_the_role(staff, signed_in):
    page = signed_in(staff["auditor"]).get("/").content.decode()
    assert 'href="/audit/"' in page and 'href="/accounts/users/"' not in page
    page = signed_in(staff["system-administrator"]).get("/").content.decode()
    assert 'href="/accounts/users/"' in page and 'href="/people/"' not in page
    assert 'href="/casework/case-types/"' in page and 'href="/casework/"' not in page
