"""The omhub command line."""

import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omhub.accounts.models import ApiToken
from omhub.accounts.services import user_for_token
from omhub.cli import main


def test_help_lists_omhubs_own_commands(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("seed", "token", "audit", "calc", "serve"):
        assert f"  {command}" in out


def test_token_create_prints_a_working_token_as_the_last_word(staff, capsys):
    call_command("token", "create", "ba", "--days", "7")
    raw = capsys.readouterr().out.split()[-1]
    assert user_for_token(raw) == staff["business-administrator"]


def test_token_list_and_revoke(staff, capsys):
    call_command("token", "create", "ba")
    token = ApiToken.objects.get()
    call_command("token", "list", "ba")
    assert token.prefix in capsys.readouterr().out
    call_command("token", "revoke", token.prefix)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_commands_explain_mistakes(db):
    with pytest.raises(CommandError, match="no account with the username"):
        call_command("token", "create", "nobody")


def test_token_life_is_bounded(staff):
    with pytest.raises(CommandError, match="between 1 and 366 days"):
        call_command("token", "create", "ba", "--days", "5000")


def test_the_installed_command_runs_the_sentence_engine(tmp_path):
    case = tmp_path / "case.json"
    case.write_text('{"booking": {"offender": {"reference": "A", "dateOfBirth": "1990-01-01"}, "sentences": ['
                    '{"type": "StandardSentence", "offence": {"committedAt": "2020-01-01"}, '
                    '"duration": {"durationElements": {"YEARS": 2}}, "sentencedAt": "2021-01-04", '
                    '"identifier": "s1", "releaseArrangements": {"isSDSPlus": false}}], "adjustments": {}}}')
    result = subprocess.run([sys.executable, "-m", "omhub.cli", "calc", str(case), "--no-breakdown"],
                            capture_output=True, text=True, check=True)
    assert '"CRD"' in result.stdout


def test_a_new_installation_gets_its_units_and_first_administrator_from_the_command_line(db, monkeypatch, capsys):
    import io

    from omhub.accounts.models import User
    from omhub.audit.models import AuditEvent

    call_command("unit", "create", "lei", "HMP Leeds", "--kind", "prison")
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough passphrase\n"))
    call_command("staff", "create", "alex", "--role", "system-administrator", "--password-stdin")
    assert User.objects.get(username="alex").roles.get().code == "system-administrator"
    assert AuditEvent.objects.filter(object_type="accounts.unit", action="create").exists()
    call_command("unit", "list")
    assert "LEI" in capsys.readouterr().out


def test_staff_create_explains_unknown_roles_units_and_weak_passwords(db, monkeypatch):
    import io

    with pytest.raises(CommandError, match="Unknown role"):
        call_command("staff", "create", "alex", "--role", "governor", "--password-stdin")
    with pytest.raises(CommandError, match="Unknown unit"):
        call_command("staff", "create", "alex", "--role", "auditor", "--unit", "XYZ", "--password-stdin")
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match="password"):
        call_command("staff", "create", "alex", "--role", "auditor", "--password-stdin")


def test_a_unit_code_is_unique(db):
    call_command("unit", "create", "LEI", "HMP Leeds", "--kind", "prison")
    with pytest.raises(CommandError, match="already has this code"):
        call_command("unit", "create", "LEI", "HMP Leeds again", "--kind", "prison")


def test_reloading_the_roles_audits_only_what_changed(db):
    from omhub.accounts.models import Role
    from omhub.accounts.reference_data import load_roles
    from omhub.audit.models import AuditEvent

    Role.objects.filter(code="auditor").update(description="old words")
    before = AuditEvent.objects.count()
    load_roles()
    assert AuditEvent.objects.count() == before + 1
    assert AuditEvent.objects.order_by("-sequence").first().before == {"description": "old words"}


def test_the_bank_holiday_calendar_refreshes_from_a_downloaded_file(tmp_path, capsys):
    import json

    source = tmp_path / "bank-holidays.json"
    source.write_text(json.dumps({"england-and-wales": {"division": "england-and-wales", "events": [
        {"title": "Christmas Day", "date": "2029-12-25", "notes": "", "bunting": True}]}}))
    target = tmp_path / "calendar.json"
    assert main(["timescales", "refresh", "--from", str(source), "--to", str(target)]) == 0
    assert "2029-12-25" in target.read_text()
