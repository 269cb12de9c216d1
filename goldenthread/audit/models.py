"""Append-only, hash-chained records: audit events (every write and authentication event) and
the access log (every read of a sensitive category). ``goldenthread audit verify`` re-computes
each chain and reports the first broken link."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("Audit records are append-only.")

    def delete(self):  # type: ignore[no-untyped-def]
        raise PermissionError("Audit records are append-only.")


class AppendOnly(models.Model):
    chain = models.CharField(max_length=40)
    seq = models.PositiveBigIntegerField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    at = models.DateTimeField()

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None:
            raise PermissionError("Audit records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("Audit records are append-only.")


class ChainHead(models.Model):
    """The last link of each chain. Locked while a link is added, so links never fork."""

    chain = models.CharField(max_length=40, unique=True)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)


class ObjectHead(models.Model):
    """For each audit chain and kind of object (``AuditEvent.object_type``, "" for events about
    no object), the position of the last event about that kind: moved with the chain's head, in
    the transaction of the write. What is kept of the site's data can then depend on the kinds it
    was read from rather than on every write of the site (planning's dashboard panels, ADR 19)."""

    chain = models.CharField(max_length=40)
    object_type = models.CharField(max_length=80)
    seq = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["chain", "object_type"], name="object_head_once")
        ]


class AuditEvent(AppendOnly):
    """Who did what, when, old → new. Written by every action and by sign-in events."""

    site_id_ref = models.BigIntegerField(null=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, blank=True)
    action = models.CharField(max_length=80, db_index=True)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    ip = models.CharField(max_length=64, blank=True)
    via = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="audit_chain_seq")]
        indexes = [
            models.Index(fields=["site_id_ref", "at"]),
            models.Index(fields=["object_type", "object_id"]),
        ]


class AccessEvent(AppendOnly):
    """A read of sensitive categories: who, whose record, which categories, from where, why.

    Every sensitive read appends rows here (a worklist, a hundred at once), so the table keeps
    only the indexes its readers use: the chain's (chain, seq), the site's subject over time
    (which also serves a lookup by site alone) and the reader (user). A single-column index of
    the site or of the subject would only repeat the composite's first columns and cost every
    insert: at 10,000,000 rows a worklist's insert of its links took 7 ms."""

    site_id_ref = models.BigIntegerField()
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        db_constraint=False,
    )
    actor_label = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=32, blank=True)
    subject_type = models.CharField(max_length=40, default="participant")
    subject_id = models.CharField(max_length=64)
    categories = models.JSONField(default=list)
    purpose = models.CharField(max_length=300, blank=True)
    path = models.CharField(max_length=300, blank=True)
    ip = models.CharField(max_length=64, blank=True)
    via = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["chain", "seq"]
        constraints = [models.UniqueConstraint(fields=["chain", "seq"], name="access_chain_seq")]
        indexes = [models.Index(fields=["site_id_ref", "subject_id", "at"])]
