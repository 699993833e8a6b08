"""A new role used across the tests, with its total worked out by hand."""

# KNOW 5=100, MSKL 4=52, ICS 4=52, PSKL 3=39, INIT 4=52, RPEO 3=39, RSUP 3-4=39-52, RFIN 2=26, RPHY 2=26,
# MDEM 4=40, EDEM 2=20, PDEM 1=10, WCON 2=20: 100+52+52+39+52+39+39+26+26+40+20+10+20 = 515, +13 = 528
LEVELS_NEW_ROLE = {"KNOW": "5", "MSKL": "4", "ICS": "4(a)", "PSKL": "3", "INIT": "4", "RPEO": "3",
                   "RSUP": "3-4", "RFIN": "2", "RPHY": "2(a)", "MDEM": "4(c)", "EDEM": "2", "PDEM": "1",
                   "WCON": "2"}


def test_the_hand_calculation():
    from omhub.jobeval.scoring import load_scheme, score

    result = score(load_scheme("NJC"), LEVELS_NEW_ROLE)
    assert (result.total_min, result.total_max) == (515, 528)
