"""Reading the audit trail: chain verification, and the access log for a participant."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from goldenthread.access.actor import Actor
from goldenthread.audit.actions import ACCESS_FIELDS, AUDIT_FIELDS, payload_of
from goldenthread.audit.models import AccessEvent, AppendOnly, AuditEvent, ChainHead
from goldenthread.audit.rules import Break, Link, first_break


@dataclass(frozen=True)
class ChainReport:
    chain: str
    links: int
    broken: Break | None


def _links(model: type[AppendOnly], chain: str, fields: tuple[str, ...]) -> Iterator[Link]:
    rows = model.objects.filter(chain=chain).order_by("seq").iterator(chunk_size=2000)
    for row in rows:
        yield Link(row.seq, row.prev_hash, row.hash, payload_of(row, fields))


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
