"""goldenthread rotate_keys: bring every encrypted value, encrypted file and identifier hash
under the current (first) key. Idempotent: what is already current is left alone. See
docs/encryption.md for the procedure."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import models

from goldenthread.audit.actions import audit_record
from goldenthread.core import crypto
from goldenthread.core.progress import Progress


def _count(model: type[models.Model], column: str) -> int:
    return model._base_manager.exclude(**{f"{column}__isnull": True}).count()


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field and file under the first FIELD_ENCRYPTION_KEYS key "
        "and re-hash identifiers under the first IDENTIFIER_HASH_KEYS key."
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would change; write nothing."
        )
        parser.add_argument("--batch-size", type=int, default=crypto.BATCH)
        parser.add_argument(
            "--new-key", action="store_true", help="Print a fresh Fernet key and stop."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["new_key"]:
            self.stdout.write(crypto.new_key())
            return
        dry, size = options["dry_run"], max(1, options["batch_size"])
        totals = {"values": 0, "reencrypted": 0, "files": 0, "files_reencrypted": 0}
        totals |= {"hashes": 0, "rehashed": 0}
        try:
            crypto.encrypt("check")  # a bad key fails here, before any batch
            for model, columns in crypto.encrypted_fields():
                for column in columns:
                    seen, changed = self._run(
                        f"{model._meta.label}.{column}",
                        _count(model, column),
                        lambda bar, m=model, c=column: crypto.rewrite_column(
                            m,
                            c,
                            lambda raw, what=f"{m._meta.label}.{c}": (
                                None if crypto.is_current(raw) else crypto.reencrypt(raw, what)
                            ),
                            dry_run=dry,
                            batch=size,
                            progress=bar.advance,
                        ),
                    )
                    totals["values"] += seen
                    totals["reencrypted"] += changed
            for model, columns in crypto.encrypted_file_fields():
                for column in columns:
                    seen, changed = self._run(
                        f"{model._meta.label}.{column}",
                        _count(model, column),
                        lambda bar, m=model, c=column: crypto.rewrite_files(
                            m, c, dry_run=dry, batch=size, progress=bar.advance
                        ),
                    )
                    totals["files"] += seen
                    totals["files_reencrypted"] += changed
            for model, fields in crypto.hashed_fields():
                for field in fields:
                    seen, changed = self._run(
                        f"{model._meta.label}.{field.name}",
                        _count(model, field.source),
                        lambda bar, m=model, f=field: crypto.rehash_column(
                            m, f, dry_run=dry, batch=size, progress=bar.advance
                        ),
                    )
                    totals["hashes"] += seen
                    totals["rehashed"] += changed
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        if not dry:
            audit_record(actor=None, action="keys.rotate", after=totals)
        verb = "would re-encrypt" if dry else "re-encrypted"
        self.stdout.write(
            f"{totals['values']} values, {verb} {totals['reencrypted']}; "
            f"{totals['files']} files, {verb} {totals['files_reencrypted']}; "
            f"{totals['hashes']} identifier hashes, "
            f"{'would re-hash' if dry else 're-hashed'} {totals['rehashed']}."
        )

    def _run(self, label: str, total: int, work: Any) -> tuple[int, int]:
        stream: Any = self.stderr._out
        with Progress(label, total, stream=stream) as bar:
            result: tuple[int, int] = work(bar)
        return result
