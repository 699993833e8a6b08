"""The attachment storage is configuration: a class and its options from the environment, so an
S3-compatible store needs no code change."""

import json
import os
import subprocess
import sys


def _attachment_settings(**env):
    code = ("import json, os; os.environ['DJANGO_SETTINGS_MODULE']='omhub.config.settings'; "
            "from django.conf import settings; "
            "print(json.dumps({'storage': settings.STORAGES['attachments'], "
            "'max_mb': settings.OMHUB_ATTACHMENT_MAX_MB}))")
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("OMHUB_", "DJANGO_"))}
    environment.update({"OMHUB_ENV": "test", **env})
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment)


def test_by_default_attachments_are_files_in_the_var_folder(tmp_path):
    result = _attachment_settings(OMHUB_VAR_DIR=str(tmp_path))
    assert json.loads(result.stdout) == {"storage": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path / "attachments"), "file_permissions_mode": 0o640,
                    "directory_permissions_mode": 0o750}}, "max_mb": 20}


def test_another_storage_class_and_its_options_come_from_the_environment():
    result = _attachment_settings(OMHUB_ATTACHMENT_STORAGE="storages.backends.s3.S3Storage",
                                  OMHUB_ATTACHMENT_STORAGE_OPTIONS='{"bucket_name": "omhub-attachments"}',
                                  OMHUB_ATTACHMENT_MAX_MB="5")
    assert json.loads(result.stdout) == {"storage": {"BACKEND": "storages.backends.s3.S3Storage",
                                                     "OPTIONS": {"bucket_name": "omhub-attachments"}}, "max_mb": 5}


def test_options_that_are_not_a_json_object_stop_omhub_with_a_clear_message():
    result = _attachment_settings(OMHUB_ATTACHMENT_STORAGE_OPTIONS="bucket=omhub")
    assert result.returncode != 0 and "OMHUB_ATTACHMENT_STORAGE_OPTIONS must be a JSON object" in result.stderr
    result = _attachment_settings(OMHUB_ATTACHMENT_MAX_MB="0")
    assert result.returncode != 0 and "OMHUB_ATTACHMENT_MAX_MB must be a whole number" in result.stderr
