"""Writing audit and access-log links. Called by every action in every area; nothing else
writes these tables."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from goldenthread.audit.models import AccessEvent, AppendOnly, AuditEvent, ChainHead
from goldenthread.audit.rules import link_hash, link_payload

if TYPE_CHECKING:
    from goldenthread.access.actor import Actor

AUDIT_FIELDS = (
    "site_id_ref",
    "user_id",
    "actor_label",
    "role",
    "action",
    "object_type",
    "object_id",
    "before",
    "after",
    "ip",
    "via",
)
ACCESS_FIELDS = (
    "site_id_ref",
    "user_id",
    "actor_label",
    "role",
    "subject_type",
    "subject_id",
    "categories",
    "purpose",
    "path",
    "ip",
    "via",
)


def payload_of(row: AppendOnly, fields: Iterable[str]) -> dict[str, Any]:
    fields = tuple(fields)
    return link_payload({name: getattr(row, name) for name in fields}, fields, row.seq, row.at)


def _append(row: AppendOnly, fields: Iterable[str]) -> AppendOnly:
    with transaction.atomic():
        ChainHead.objects.get_or_create(chain=row.chain)
        head = ChainHead.objects.select_for_update().get(chain=row.chain)
        row.seq = head.seq + 1
        row.prev_hash = head.hash
        row.at = timezone.now()
        row.hash = link_hash(row.prev_hash, payload_of(row, fields))
        row.save()
        head.seq, head.hash = row.seq, row.hash
        head.save(update_fields=["seq", "hash"])
    return row


def _append_many(rows: Sequence[AppendOnly], fields: Iterable[str]) -> None:
    """Append several links to one chain in one insert: the head is locked once, each link
    takes the hash of the one before, and the head moves to the last."""
    if not rows:
        return
    chain = rows[0].chain
    if any(row.chain != chain for row in rows):
        raise ValueError("one chain at a time")
    with transaction.atomic():
        ChainHead.objects.get_or_create(chain=chain)
        head = ChainHead.objects.select_for_update().get(chain=chain)
        seq, prev, at = head.seq, head.hash, timezone.now()
        for row in rows:
            seq += 1
            row.seq, row.prev_hash, row.at = seq, prev, at
            row.hash = link_hash(prev, payload_of(row, fields))
            prev = row.hash
        type(rows[0]).objects.bulk_create(rows)
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])


def _jsonable(values: Mapping[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (values or {}).items():
        if isinstance(value, models.Model):
            out[key] = value.pk
        elif value is None or isinstance(value, (bool, int, float, str, list, dict)):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    obj: models.Model | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    site_id: int | None = None,
    user: Any = None,
    ip: str | None = None,
) -> AuditEvent:
    """Append one audit event: who did ``action`` to ``obj``, and the values old → new."""
    if actor is not None:
        site_id, user, ip = actor.site_id, actor.user, actor.ip
    event = AuditEvent(
        chain=f"audit:{site_id or 'global'}",
        site_id_ref=site_id,
        user=user if getattr(user, "pk", None) else None,
        actor_label=str(user or "") if user is not None else "system",
        role=str(actor.role) if actor is not None else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        before=_jsonable(before),
        after=_jsonable(after),
        ip=ip or "",
        via=actor.via if actor is not None else "",
    )
    _append(event, AUDIT_FIELDS)
    return event


def access_record(
    *,
    actor: Actor,
    subject: models.Model,
    categories: Iterable[str],
    purpose: str = "",
    path: str = "",
) -> AccessEvent:
    """Append one access-log link for a read of sensitive categories about ``subject``."""
    event = _access_event(actor, subject, categories, purpose, path)
    _append(event, ACCESS_FIELDS)
    return event


def _access_event(
    actor: Actor, subject: models.Model, categories: Iterable[str], purpose: str, path: str
) -> AccessEvent:
    return AccessEvent(
        chain=f"access:{actor.site_id}",
        site_id_ref=actor.site_id,
        user=actor.user,
        actor_label=str(actor.user),
        role=str(actor.role),
        subject_type=subject._meta.model_name or "",
        subject_id=str(subject.pk),
        categories=sorted(str(c) for c in categories),
        purpose=purpose,
        path=path[:300],
        ip=actor.ip or "",
        via=actor.via,
    )


def access_record_many(
    *,
    actor: Actor,
    reads: Iterable[tuple[models.Model, Iterable[str]]],
    purpose: str = "",
    path: str = "",
) -> list[AccessEvent]:
    """Append one access-log link per (subject, categories) read, all in one insert: for a
    page that shows many participants at once (an OWG roster), so the log costs a fixed number
    of queries, not one per participant."""
    seen: set[tuple[str, str]] = set()
    events = []
    for subject, cats in reads:
        key = (subject._meta.model_name or "", str(subject.pk))
        if key not in seen:  # each subject once, in the order given
            seen.add(key)
            events.append(_access_event(actor, subject, cats, purpose, path))
    _append_many(events, ACCESS_FIELDS)
    return events
