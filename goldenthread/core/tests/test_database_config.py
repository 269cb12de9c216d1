"""The database settings read from the environment: PostgreSQL binds parameters on the server
and prepares what runs again, unless told not to; SQLite has neither."""

from __future__ import annotations

import pytest

from goldenthread import settings

PG = "postgres://postgres@127.0.0.1:5432/example"


@pytest.mark.parametrize(
    ("url", "binding", "threshold", "expected"),
    [
        (PG, None, None, {"server_side_binding": True, "prepare_threshold": 2}),
        (PG, "true", "5", {"server_side_binding": True, "prepare_threshold": 5}),
        (PG, "false", None, {}),
        ("sqlite:///example.sqlite3", None, None, {}),
    ],
)
def test_it_prepares_statements_on_postgresql_only(monkeypatch, url, binding, threshold, expected):
    monkeypatch.setenv("DATABASE_URL", url)
    for name, value in (("DB_SERVER_BINDING", binding), ("DB_PREPARE_THRESHOLD", threshold)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    options = settings._database().get("OPTIONS", {})
    got = {k: options[k] for k in ("server_side_binding", "prepare_threshold") if k in options}
    assert got == expected


def test_it_names_a_threshold_that_is_not_a_number(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", PG)
    monkeypatch.setenv("DB_PREPARE_THRESHOLD", "often")
    with pytest.raises(settings.ImproperlyConfigured, match="DB_PREPARE_THRESHOLD"):
        settings._database()
