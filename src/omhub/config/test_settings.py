"""Settings for the test suite: the test profile, and a fast password hasher so sign-ins don't dominate."""

import os
import tempfile

os.environ["OMHUB_ENV"] = "test"

from omhub.config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not shared-cache memory: shared cache locks whole tables and ignores the busy timeout, so
    # two writers at once would fail instead of queueing as they do on a real installation.
    # One file per test run, so runs side by side do not share a database.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"omhub-test-{os.getpid()}.sqlite3")
    }

# Attachments go to a folder of this run's own; tests that look at the files point it at their tmp_path.
if STORAGES["attachments"]["BACKEND"] == "django.core.files.storage.FileSystemStorage":  # noqa: F405
    STORAGES["attachments"]["OPTIONS"]["location"] = os.path.join(  # noqa: F405
        tempfile.gettempdir(), f"omhub-test-attachments-{os.getpid()}")
