"""Settings from the environment: bad values fail with one line naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    full = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "goldenthread.cli", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("url", ["nonsense", "mysqlx://nowhere/db"])
def test_it_names_database_url_when_it_cannot_be_read(url):
    result = _run("check", DATABASE_URL=url)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("goldenthread: DATABASE_URL"), result.stderr


def test_it_refuses_production_without_a_secret_key():
    result = _run("check", GOLDENTHREAD_ENV="production")
    assert result.returncode == 2 and "SECRET_KEY" in result.stderr


def test_it_refuses_production_without_a_database_url():
    result = _run("check", GOLDENTHREAD_ENV="production", SECRET_KEY="k" * 50)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith("goldenthread: DATABASE_URL")


def _key_file(tmp_path):
    path = tmp_path / "field-keys"
    path.write_text(Fernet.generate_key().decode())
    return path


@pytest.mark.parametrize("name", ["FIELD_ENCRYPTION_KEYS", "IDENTIFIER_HASH_KEYS"])
def test_it_refuses_production_without_encryption_keys(tmp_path, name):
    keys = {
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "IDENTIFIER_HASH_KEYS": "an identifier hash key",
    }
    del keys[name]
    result = _run(
        "check",
        GOLDENTHREAD_ENV="production",
        SECRET_KEY="k" * 50,
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        **keys,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1].startswith(f"goldenthread: {name}")


def test_the_deploy_check_names_the_development_encryption_keys(tmp_path):
    result = _run("check", "--deploy", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")
    assert "goldenthread.E001" in result.stdout + result.stderr


def test_it_reads_secrets_from_files(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("x" * 60)
    result = _run(
        "check",
        GOLDENTHREAD_ENV="production",
        SECRET_KEY_FILE=str(secret),
        FIELD_ENCRYPTION_KEYS_FILE=str(_key_file(tmp_path)),
        IDENTIFIER_HASH_KEYS="an identifier hash key",
        ALLOWED_HOSTS="lead.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stderr


def test_it_passes_the_deploy_check_in_production(tmp_path):
    result = _run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        GOLDENTHREAD_ENV="production",
        SECRET_KEY="k" * 30 + "Zq9!x" * 8,
        FIELD_ENCRYPTION_KEYS=f"{Fernet.generate_key().decode()},{Fernet.generate_key().decode()}",
        IDENTIFIER_HASH_KEYS="an identifier hash key",
        ALLOWED_HOSTS="lead.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
    )
    assert result.returncode == 0, result.stdout + result.stderr
