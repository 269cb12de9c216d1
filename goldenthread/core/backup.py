"""Backup and restore: pg_dump/pg_restore on PostgreSQL, the online backup API on SQLite."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from django.db import connection


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    env = dict(os.environ)
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    args = [
        "-h",
        str(s.get("HOST") or "127.0.0.1"),
        "-p",
        str(s.get("PORT") or 5432),
        "-U",
        str(s.get("USER") or "postgres"),
    ]
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RuntimeError(f"{name} is not installed (it comes with the PostgreSQL client)")
    return path


def backup(target: Path) -> float:
    """Write a consistent copy of the database to ``target``; returns seconds taken."""
    started = time.monotonic()
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        args, env = _pg_env()
        subprocess.run(  # noqa: S603 - fixed argv, no shell  # nosec B603
            [
                _tool("pg_dump"),
                *args,
                "-Fc",
                "-f",
                str(target),
                str(connection.settings_dict["NAME"]),
            ],
            env=env,
            check=True,
        )
    else:
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
    return time.monotonic() - started


def restore(source: Path) -> float:
    """Replace the database's contents with the backup at ``source``; returns seconds."""
    if not source.is_file():
        raise FileNotFoundError(f"no backup at {source}")
    started = time.monotonic()
    if connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_env()
        subprocess.run(  # noqa: S603 - fixed argv, no shell  # nosec B603
            [
                _tool("pg_restore"),
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "-d",
                str(connection.settings_dict["NAME"]),
                str(source),
            ],
            env=env,
            check=True,
        )
    else:
        connection.ensure_connection()
        src = sqlite3.connect(source)
        try:
            src.backup(connection.connection)
        finally:
            src.close()
    return time.monotonic() - started


def fingerprint() -> dict[str, tuple[int, str]]:
    """Row count and a content hash of every table, to compare a restore with its source."""
    out: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cur:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            quoted = connection.ops.quote_name(table)
            cur.execute(f"SELECT * FROM {quoted} ORDER BY 1")  # noqa: S608 - our own table names  # nosec B608
            digest, count = hashlib.sha256(), 0
            for row in cur.fetchall():
                digest.update(repr(tuple(str(v) for v in row)).encode())
                count += 1
            out[table] = (count, digest.hexdigest())
    return out
