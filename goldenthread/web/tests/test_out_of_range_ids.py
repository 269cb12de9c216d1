"""An id too large for the database names no record: 404, on pages and on the API."""

from __future__ import annotations

import pytest

from goldenthread.core.roles import Role


@pytest.mark.django_db
@pytest.mark.parametrize("huge", ["99999999999999999999", "608237266504652870282417012736"])
def test_an_id_too_large_for_the_database_is_a_missing_record(world, huge):
    """Found by Schemathesis: SQLite raised OverflowError (500) for such ids."""
    assert world.client(Role.CM).get(f"/casework/p/{huge}/").status_code == 404
    api = world.api(Role.OFFICER)
    answer = api.get(f"/api/v1/casework/participants/{huge}/timeline")
    assert answer.status_code == 404 and answer.json()["detail"] == "Not found."
