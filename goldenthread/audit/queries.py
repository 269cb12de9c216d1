"""Reading the audit trail: chain verification, and the access log for a participant."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from goldenthread.access.actor import Actor
from goldenthread.audit.actions import ACCESS_FIELDS, AUDIT_FIELDS
from goldenthread.audit.models import AccessEvent, AppendOnly, AuditEvent, ChainHead
from goldenthread.audit.rules import Break, Link, first_break, link_payload

# Rows fetched at a time by a verify (a server-side cursor on PostgreSQL): memory stays flat.
VERIFY_CHUNK = 5000


@dataclass(frozen=True)
class ChainReport:
    chain: str
    links: int
    broken: Break | None


def _links(model: type[AppendOnly], chain: str, fields: tuple[str, ...]) -> Iterator[Link]:
    """The chain's links in order, streamed. Plain tuples, not model instances: building an
    instance per row was most of the time of a verify over millions of links."""
    columns = ("seq", "prev_hash", "hash", "at", *fields)
    rows = (
        model.objects.filter(chain=chain)
        .order_by("seq")
        .values_list(*columns)
        .iterator(chunk_size=VERIFY_CHUNK)
    )
    for seq, prev_hash, hash_, at, *values in rows:
        payload = link_payload(dict(zip(fields, values, strict=True)), fields, seq, at)
        yield Link(seq, prev_hash, hash_, payload)


def chains_verify() -> list[ChainReport]:
    """Re-compute every chain from its first link. Reads everything; run it off-peak."""
    reports = []
    heads = {head.chain: head for head in ChainHead.objects.all()}
    for model, prefix, fields in (
        (AuditEvent, "audit:", AUDIT_FIELDS),
        (AccessEvent, "access:", ACCESS_FIELDS),
    ):
        names = set(model.objects.values_list("chain", flat=True).distinct())
        names |= {name for name in heads if name.startswith(prefix)}
        for name in sorted(names):
            head = heads.get(name) or ChainHead(chain=name)
            broken = first_break(
                _links(model, name, fields), head_seq=head.seq, head_hash=head.hash
            )
            reports.append(ChainReport(name, head.seq, broken))
    return reports


def audit_events_for(actor: Actor, *, limit: int = 200) -> list[AuditEvent]:
    actor.require("audit.view")
    return list(AuditEvent.objects.filter(site_id_ref=actor.site_id).order_by("-at")[:limit])
