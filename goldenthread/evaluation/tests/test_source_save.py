"""Sources' column mappings are configured as data, from the page or the API."""

from __future__ import annotations

import json

from goldenthread.core.roles import Role
from goldenthread.evaluation.models import LegalSource
from goldenthread.evaluation.tests.helpers import COLUMNS


def test_it_saves_a_mapping_through_the_api(world):
    response = world.api(Role.PM).post(
        "/api/v1/evaluation/sources",
        data=json.dumps({"name": "jail", "kind": "jail", "column_map": COLUMNS}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert LegalSource.objects.get(name="jail").column_map == COLUMNS


def test_it_names_a_mapping_that_misses_a_field(world):
    response = world.api(Role.PM).post(
        "/api/v1/evaluation/sources",
        data=json.dumps({"name": "jail", "kind": "jail", "column_map": {"external_key": "K"}}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "column_map"
    assert "'last_name' has no column" in response.json()["detail"]
    assert not LegalSource.objects.exists()


def test_it_saves_a_mapping_from_the_page(world):
    client = world.client(Role.PM)
    response = client.post(
        "/evaluation/sources/",
        {
            "name": "court",
            "kind": "court",
            "column_map": json.dumps(COLUMNS),
            "date_format": "%Y-%m-%d",
        },
    )
    assert response.status_code == 302
    bad = client.post(
        "/evaluation/sources/",
        {"name": "court", "kind": "court", "column_map": "{not json", "date_format": "%Y-%m-%d"},
    )
    assert bad.status_code == 422 and b"not valid JSON" in bad.content
