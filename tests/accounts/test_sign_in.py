"""Signing in: wrong passwords are counted, repeated failures lock the account, demo accounts stay in
development, and every attempt is audited."""

import datetime

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from omhub.accounts import services
from omhub.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"


def sign_in(username, password):
    client = Client()
    response = client.post("/accounts/sign-in/", {"username": username, "password": password})
    return client, response


def test_the_right_password_signs_in_and_lands_on_the_home_page(staff):
    client, response = sign_in("ba", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert "Business Administrator" in client.get("/").content.decode()
    assert AuditEvent.objects.filter(action="sign-in", actor_username="ba").exists()


def test_a_username_is_not_case_sensitive_but_the_password_is(staff):
    assert sign_in("BA", PASSWORD)[1].status_code == 302
    assert sign_in("ba", PASSWORD.upper())[1].status_code == 200


def test_a_wrong_password_says_so_without_saying_which_part_was_wrong(staff):
    _, response = sign_in("ba", "wrong")
    assert "Enter a correct username and password" in response.content.decode()
    _, response = sign_in("nobody", "wrong")
    assert "Enter a correct username and password" in response.content.decode()


def test_empty_fields_are_named(db):
    _, response = sign_in("", "")
    page = response.content.decode()
    assert "Enter your username" in page and "Enter your password" in page
    assert 'href="#id_username"' in page


def test_five_failures_lock_the_account_even_against_the_right_password(staff, settings):
    settings.OMHUB_LOGIN_MAX_FAILURES = 5
    for _ in range(5):
        sign_in("ba", "wrong")
    _, response = sign_in("ba", PASSWORD)
    assert response.status_code == 200
    assert "This account is locked after 5 failed sign-in attempts" in response.content.decode()
    assert AuditEvent.objects.filter(action="locked-out", object_repr__contains="User").count() == 1


def test_the_lock_expires(staff, settings, time_machine):
    settings.OMHUB_LOGIN_LOCKOUT_MINUTES = 15
    for _ in range(settings.OMHUB_LOGIN_MAX_FAILURES):
        sign_in("ba", "wrong")
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=16))
    assert sign_in("ba", PASSWORD)[1].status_code == 302


def test_a_success_resets_the_count_of_failures(staff, settings):
    for _ in range(settings.OMHUB_LOGIN_MAX_FAILURES - 1):
        sign_in("ba", "wrong")
    assert sign_in("ba", PASSWORD)[1].status_code == 302
    for _ in range(settings.OMHUB_LOGIN_MAX_FAILURES - 1):
        sign_in("ba", "wrong")
    assert sign_in("ba", PASSWORD)[1].status_code == 302


def test_a_system_administrator_unlocks_an_account(staff, signed_in, settings):
    for _ in range(settings.OMHUB_LOGIN_MAX_FAILURES):
        sign_in("ba", "wrong")
    response = signed_in(staff["system-administrator"]).post(f"/accounts/users/{staff['business-administrator'].pk}"
                                                             "/unlock/", follow=True)
    assert "has been unlocked" in response.content.decode()
    assert sign_in("ba", PASSWORD)[1].status_code == 302


def test_a_deactivated_account_cannot_sign_in(staff):
    user = staff["business-administrator"]
    user.is_active = False
    user.save()
    assert sign_in("ba", PASSWORD)[1].status_code == 200


@pytest.mark.parametrize("demo_allowed", [True, False])
def test_demo_accounts_only_sign_in_where_demo_accounts_are_allowed(make_user, units, demo_allowed):
    make_user("business-administrator", units["LEI"], username="demo-ba", is_demo=True)
    with override_settings(DEMO_ACCOUNTS_ALLOWED=demo_allowed):
        _, response = sign_in("demo-ba", PASSWORD)
    if demo_allowed:
        assert response.status_code == 302
    else:
        assert "Demo accounts can only be used on a development installation" in response.content.decode()


def test_a_redirect_after_sign_in_stays_on_this_site(staff):
    client = Client()
    response = client.post("/accounts/sign-in/?next=https://evil.example/", {"username": "ba", "password": PASSWORD,
                                                                              "next": "https://evil.example/"})
    assert response["Location"] == "/"
    response = Client().post("/accounts/sign-in/", {"username": "ba", "password": PASSWORD, "next": "/people/"})
    assert response["Location"] == "/people/"


def test_signing_out_needs_a_post_and_is_audited(staff, signed_in):
    client = signed_in(staff["business-administrator"])
    assert client.get("/accounts/sign-out/").status_code == 405
    client.post("/accounts/sign-out/")
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="sign-out", actor_username="ba").exists()


def test_sign_in_service_refuses_a_locked_account_with_the_time_it_unlocks(staff, settings):
    user = staff["business-administrator"]
    user.locked_until = timezone.now() + datetime.timedelta(minutes=10)
    user.save()
    with pytest.raises(services.SignInRefused, match="Try again after"):
        services.sign_in(None, "ba", PASSWORD)


def test_api_tokens_are_letters_and_digits_so_their_prefix_never_reads_as_an_option():
    from omhub.accounts.models import ApiToken

    for _ in range(200):
        raw = ApiToken.generate_raw()
        assert raw.startswith("omh_") and raw[4:].isalnum() and len(raw) == 47
