"""A backup restores to the same rows and contents, and the audit chains still verify."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from goldenthread.audit.actions import audit_record
from goldenthread.core.backup import fingerprint
from goldenthread.core.models import Participant
from goldenthread.core.roles import Role


@pytest.mark.django_db(transaction=True)
def test_it_round_trips_rows_contents_and_audit(world, tmp_path):
    participant = world.participant()
    audit_record(actor=world.actor(Role.CM), action="test.before_backup", obj=participant)
    before = fingerprint()
    out = StringIO()
    call_command("backup", str(tmp_path / "gt.backup"), stdout=out)
    assert "Backed up" in out.getvalue()

    world.participant(first_name="After", last_name="Backup")
    assert fingerprint() != before

    out = StringIO()
    call_command("restore", str(tmp_path / "gt.backup"), "--yes", stdout=out)
    assert "Restored from" in out.getvalue() and "s\n" in out.getvalue()
    assert fingerprint() == before
    assert not Participant.objects.filter(person__first_name="After").exists()
    verify = StringIO()
    call_command("audit", "verify", stdout=verify)
    assert "chains verified" in verify.getvalue()


@pytest.mark.django_db
def test_it_refuses_to_restore_without_confirmation_or_file(tmp_path):
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "none"), stdout=StringIO())
    with pytest.raises(CommandError, match="file"):
        call_command("restore", str(tmp_path / "none"), "--yes", stdout=StringIO())
