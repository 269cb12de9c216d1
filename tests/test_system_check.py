"""`goldenthread migrate` (the first step of `make run`) runs Django's system checks with the
database: on a fresh machine they must print no warning."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_the_checks_with_the_database_report_nothing():
    out, err = StringIO(), StringIO()
    call_command("check", "--database", "default", stdout=out, stderr=err)
    assert "System check identified no issues" in out.getvalue()
    assert err.getvalue() == ""
