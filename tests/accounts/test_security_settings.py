"""The protections every response carries, and the production profile's refusal to run unsafely."""

import os
import subprocess
import sys


def test_pages_carry_a_strict_content_security_policy_and_other_headers(client, db):
    response = client.get("/accounts/sign-in/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_forms_need_a_csrf_token(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/sign-in/", {"username": "x", "password": "y"})
    assert response.status_code == 403


def test_session_cookies_are_http_only(staff):
    from django.test import Client

    client = Client()
    client.post("/accounts/sign-in/", {"username": "ba", "password": "correct horse battery staple"})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def _production_settings(**env):
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='omhub.config.settings'; "
            "from django.conf import settings; "
            "print(settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
            "settings.DEMO_ACCOUNTS_ALLOWED, settings.SECURE_HSTS_SECONDS)")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OMHUB_", "DJANGO_"))}
    environment.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)


def test_production_refuses_to_start_without_a_secret_key_or_allowed_hosts():
    result = _production_settings(OMHUB_ENV="production")
    assert result.returncode != 0
    assert "OMHUB_SECRET_KEY" in result.stderr


def test_production_has_no_debug_pages_secure_cookies_and_no_demo_accounts():
    result = _production_settings(OMHUB_ENV="production", OMHUB_SECRET_KEY="x" * 50,
                                  OMHUB_ALLOWED_HOSTS="omhub.example")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "False", "31536000"]


def test_an_unknown_environment_name_is_refused():
    result = _production_settings(OMHUB_ENV="staging")
    assert result.returncode != 0 and "OMHUB_ENV must be" in result.stderr
