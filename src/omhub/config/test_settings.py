"""Settings for the test suite: the test profile, and a fast password hasher so sign-ins don't dominate."""

import os

os.environ["OMHUB_ENV"] = "test"

from omhub.config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
