"""Encryption of the most sensitive fields at rest, and keyed hashes for exact identifiers
(docs/encryption.md).

- ``EncryptedTextField``: the column holds ``gtenc:1:<Fernet token>``; the model attribute is
  the plaintext. Keys come from ``settings.FIELD_ENCRYPTION_KEYS`` (the first encrypts, every
  one decrypts), so a new key can be put first and ``goldenthread rotate_keys`` re-encrypts
  the rest. A column value without the prefix is legacy plaintext: it reads as it is, and
  the migration that introduced the field (or ``rotate_keys``) encrypts it.
- ``EncryptedFileSystemStorage``: the same for uploaded files' bytes.
- ``KeyedHashField``: HMAC-SHA256 of another field under ``settings.IDENTIFIER_HASH_KEYS``,
  for identifiers looked up by exact value; the identifier itself never reaches the column.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models.lookups import Exact, IsNull

PREFIX = "gtenc:1:"
FILE_MAGIC = b"GTENC1\n"


class KeyMismatch(ImproperlyConfigured):
    """A stored value that none of the configured keys opens."""


@lru_cache(maxsize=8)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS is empty: set it to one or more Fernet keys "
            "(see docs/encryption.md)."
        )
    fernets = []
    for index, key in enumerate(keys, start=1):
        try:
            fernets.append(Fernet(key.encode()))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"FIELD_ENCRYPTION_KEYS: key {index} is not a Fernet key "
                "(32 bytes, url-safe base64; make one with `goldenthread rotate_keys --new-key`)."
            ) from exc
    return MultiFernet(fernets)


def _keys() -> tuple[str, ...]:
    return tuple(getattr(settings, "FIELD_ENCRYPTION_KEYS", ()) or ())


def current_fernet() -> MultiFernet:
    """The key that encrypts (the first one), alone (every key is checked)."""
    _fernet(_keys())
    return _fernet(_keys()[:1])


def new_key() -> str:
    return Fernet.generate_key().decode()


def is_encrypted(value: str) -> bool:
    return value.startswith(PREFIX)


def encrypt(plaintext: str) -> str:
    return PREFIX + _fernet(_keys()).encrypt(plaintext.encode()).decode()


def decrypt(value: str, what: str = "a value") -> str:
    """The plaintext of a stored value; legacy plaintext comes back as it is."""
    if not is_encrypted(value):
        return value
    try:
        return _fernet(_keys()).decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise KeyMismatch(
            f"Cannot decrypt {what}: none of the keys in FIELD_ENCRYPTION_KEYS opens it. "
            "Was the key that wrote it removed before `goldenthread rotate_keys` ran?"
        ) from exc


def is_current(value: str) -> bool:
    """Whether a stored value is already encrypted under the current key (rotation skips it)."""
    if not is_encrypted(value):
        return False
    try:
        current_fernet().decrypt(value[len(PREFIX) :].encode())
    except InvalidToken:
        return False
    return True


def reencrypt(value: str, what: str = "a value") -> str:
    """``value`` (ciphertext under any configured key, or legacy plaintext) under the current
    key."""
    return encrypt(decrypt(value, what))


def encrypt_bytes(data: bytes) -> bytes:
    return FILE_MAGIC + _fernet(_keys()).encrypt(data)


def decrypt_bytes(data: bytes, what: str = "a file") -> bytes:
    if not data.startswith(FILE_MAGIC):
        return data  # legacy: stored before encryption; rotate_keys encrypts it
    try:
        return _fernet(_keys()).decrypt(data[len(FILE_MAGIC) :])
    except InvalidToken as exc:
        raise KeyMismatch(
            f"Cannot decrypt {what}: none of the keys in FIELD_ENCRYPTION_KEYS opens it."
        ) from exc


def bytes_current(data: bytes) -> bool:
    if not data.startswith(FILE_MAGIC):
        return False
    try:
        current_fernet().decrypt(data[len(FILE_MAGIC) :])
    except InvalidToken:
        return False
    return True


# Keyed hashes ---------------------------------------------------------------------------------


def _hash_keys() -> list[str]:
    keys = list(getattr(settings, "IDENTIFIER_HASH_KEYS", ()) or ())
    if not keys:
        raise ImproperlyConfigured("IDENTIFIER_HASH_KEYS is empty (see docs/encryption.md).")
    return keys


def _hmac(key: str, value: str) -> str:
    return hmac.new(key.encode(), value.strip().encode(), hashlib.sha256).hexdigest()


def identifier_hash(value: str) -> str:
    """HMAC-SHA256 of an identifier under the current identifier key."""
    return _hmac(_hash_keys()[0], value)


def identifier_hashes(value: str) -> list[str]:
    """The identifier's hash under every configured key, current first: look up with
    ``field__in=`` so records hashed under an older key are still found."""
    return [_hmac(key, value) for key in _hash_keys()]


# Fields ---------------------------------------------------------------------------------------


class _EmptyOnlyExact(Exact):
    """``field=""`` still works (empty is stored as empty); any other value cannot match a
    ciphertext, so it is refused rather than silently finding nothing."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.model.__name__}.{self.lhs.target.name} is encrypted: it "
                "cannot be filtered by value (use a keyed hash field for exact lookups)."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """Text encrypted in the database, plaintext in Python. ``max_length`` limits the
    plaintext (forms); the column is always ``text``. Only ``=""`` and ``isnull`` lookups."""

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if not value:
            return value
        return decrypt(value, f"{self.model._meta.label}.{self.name}")

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if isinstance(value, str) and is_encrypted(value):
            return decrypt(value, f"{self.model._meta.label}.{self.name}")
        return value

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (a dict or list of plain values), encrypted as one text. Legacy plaintext
    JSON (a column converted from ``JSONField``) still reads."""

    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return json.loads(text) if text else self.get_default()

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            return json.loads(decrypt(value, f"{self.model._meta.label}.{self.name}"))
        return value

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return encrypt(json.dumps(value, cls=DjangoJSONEncoder))

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder)


class KeyedHashField(models.CharField):
    """HMAC-SHA256 (hex) of the model's ``source`` field, set on every insert and save. Look
    records up with ``<field>__in=identifier_hashes(value)``."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        self.source = source
        kwargs["max_length"] = 64
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs.pop("max_length", None)
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        raw = getattr(model_instance, self.source, "")
        value = identifier_hash(raw) if raw else ""
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns (history tables included), and their
    column names."""
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if names:
            yield model, names


def hashed_fields() -> Iterator[tuple[type[models.Model], list[KeyedHashField]]]:
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        found = [f for f in model._meta.concrete_fields if isinstance(f, KeyedHashField)]
        if found:
            yield model, found


def encrypted_file_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    from django.apps import apps

    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.FileField) and isinstance(f.storage, EncryptedFileSystemStorage)
        ]
        if names:
            yield model, names


# Files ----------------------------------------------------------------------------------------


class EncryptedFileSystemStorage(FileSystemStorage):
    """The media directory, with each file's bytes encrypted; reads hand back the original."""

    # Storage's documented extension points; the stubs do not declare them.
    def _open(self, name: str, mode: str = "rb") -> File:
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            data = handle.read()
        return ContentFile(decrypt_bytes(data, f"file {name}"), name=name)

    def _save(self, name: str, content: File) -> str:
        content.seek(0)
        data = b"".join(content.chunks()) if hasattr(content, "chunks") else content.read()
        return super()._save(name, ContentFile(encrypt_bytes(data)))  # type: ignore[misc]

    def read_raw(self, name: str) -> bytes:
        with super()._open(name, "rb") as handle:  # type: ignore[misc]
            return bytes(handle.read())

    def write_raw(self, name: str, data: bytes) -> None:
        """Replace a stored file's bytes in place (rotation): written beside it, then renamed
        over it, so a crash leaves either the old or the new file whole."""
        import os

        path = self.path(name)
        temp = f"{path}.rotating"
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)


def encrypted_storage() -> EncryptedFileSystemStorage:
    """The storage of encrypted uploads (a callable, so migrations do not pin its settings)."""
    return EncryptedFileSystemStorage()


# Rewriting stored values (the migrations that introduce encryption, and rotate_keys) ---------

BATCH = 500


def _raw_batches(
    model: type[models.Model], column: str, batch: int
) -> Iterator[list[tuple[Any, str]]]:
    """(pk, raw column value) for rows with a non-empty value, in pk order, ``batch`` at a
    time. The value is read through a cast so that the field does not decrypt it."""
    from django.db.models import F, TextField
    from django.db.models.functions import Cast

    rows = (
        model._base_manager.exclude(**{f"{column}__isnull": True})
        .annotate(_raw=Cast(F(column), output_field=TextField()))
        .order_by("pk")
        .values_list("pk", "_raw")
    )
    last: Any = None
    while True:
        page = list((rows if last is None else rows.filter(pk__gt=last))[:batch])
        if not page:
            return
        last = page[-1][0]
        yield [(pk, raw) for pk, raw in page if raw]


def _write_raw(model: type[models.Model], pk: Any, column: str, value: str) -> None:
    from django.db.models import TextField, Value

    model._base_manager.filter(pk=pk).update(**{column: Value(value, output_field=TextField())})


def rewrite_column(
    model: type[models.Model],
    column: str,
    transform: Any,
    *,
    dry_run: bool = False,
    batch: int = BATCH,
    progress: Any = None,
) -> tuple[int, int]:
    """Apply ``transform(raw) -> raw | None`` to every stored value of ``model.column`` (None:
    leave it), one transaction per batch. Returns (values seen, values rewritten)."""
    from django.db import transaction

    seen = changed = 0
    for page in _raw_batches(model, column, batch):
        with transaction.atomic():
            for pk, raw in page:
                new = transform(raw)
                if new is not None and new != raw:
                    changed += 1
                    if not dry_run:
                        _write_raw(model, pk, column, new)
        seen += len(page)
        if progress is not None:
            progress(len(page))
    return seen, changed


def rehash_column(
    model: type[models.Model],
    field: KeyedHashField,
    *,
    dry_run: bool = False,
    batch: int = BATCH,
    progress: Any = None,
) -> tuple[int, int]:
    """Recompute ``field`` (a keyed hash) from its source under the current identifier key."""
    from django.db import transaction

    source_field = model._meta.get_field(field.source)
    assert isinstance(source_field, models.Field)
    source = source_field.attname
    seen = changed = 0
    label = f"{model._meta.label}.{source}"
    for page in _raw_batches(model, source, batch):
        hashes = dict(
            model._base_manager.filter(pk__in=[pk for pk, _ in page]).values_list(
                "pk", field.attname
            )
        )
        with transaction.atomic():
            for pk, raw in page:
                want = identifier_hash(decrypt(raw, label))
                if hashes.get(pk) != want:
                    changed += 1
                    if not dry_run:
                        model._base_manager.filter(pk=pk).update(**{field.attname: want})
        seen += len(page)
        if progress is not None:
            progress(len(page))
    return seen, changed


def migration_encrypt(*labels_and_fields: tuple[str, str, list[str]]) -> tuple[Any, Any]:
    """RunPython (forward, backward) for a migration that turns plaintext columns into
    encrypted ones: forward encrypts every legacy plaintext value, backward decrypts."""

    def _each(apps: Any, transform: Any) -> None:
        for app_label, model_name, columns in labels_and_fields:
            model = apps.get_model(app_label, model_name)
            for column in columns:
                rewrite_column(model, column, transform)

    def forward(apps: Any, schema_editor: Any) -> None:
        _each(apps, lambda raw: None if is_encrypted(raw) else encrypt(raw))

    def backward(apps: Any, schema_editor: Any) -> None:
        _each(apps, lambda raw: decrypt(raw) if is_encrypted(raw) else None)

    return forward, backward


def rewrite_files(
    model: type[models.Model],
    column: str,
    *,
    dry_run: bool = False,
    batch: int = BATCH,
    progress: Any = None,
) -> tuple[int, int]:
    """Bring every stored file of ``model.column`` under the current key (plaintext files,
    from before encryption, are encrypted). A row whose file is missing is skipped. Returns
    (files seen, files rewritten)."""
    file_field = model._meta.get_field(column)
    storage = file_field.storage if isinstance(file_field, models.FileField) else None
    if not isinstance(storage, EncryptedFileSystemStorage):
        raise ImproperlyConfigured(f"{model._meta.label}.{column} is not stored encrypted.")
    seen = changed = 0
    for page in _raw_batches(model, column, batch):
        for _pk, name in page:
            if not storage.exists(name):
                continue
            seen += 1
            raw = storage.read_raw(name)
            if bytes_current(raw):
                continue
            changed += 1
            if not dry_run:
                storage.write_raw(name, encrypt_bytes(decrypt_bytes(raw, f"file {name}")))
        if progress is not None:
            progress(len(page))
    return seen, changed
