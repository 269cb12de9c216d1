"""Access-log links for ``make bench``: ``audit verify`` is timed over millions of links (the
issue asks for 10,000,000 under a minute). The links are real ones of the site's access chain
(a case manager reading participants' pages), appended after its head with the same hash rule
as every other link; being append-only, they stay, so a later run only adds what is missing."""

from __future__ import annotations

import json
import random
from collections.abc import Callable

from django.db import connection, transaction
from django.utils import timezone

from goldenthread.audit.actions import ACCESS_FIELDS
from goldenthread.audit.models import AccessEvent, AuditEvent, ChainHead
from goldenthread.audit.rules import link_hash, link_payload
from goldenthread.core.bulk import insert_rows
from goldenthread.core.models import Membership, Participant, Site

# Links appended in one transaction (the chain's head moves at each commit).
BATCH = 100_000
CATEGORIES = ["contacts_notes", "engagement", "plan_goals"]


def links_in_all() -> int:
    """Every audit and access link the database holds, over every chain."""
    return AuditEvent.objects.count() + AccessEvent.objects.count()


def grow(site: Site, total: int, advance: Callable[[int], None] | None = None) -> int:
    """Append links to ``site``'s access chain until the database holds at least ``total``
    links in all; returns how many were added."""
    missing = total - links_in_all()
    if missing <= 0:
        return 0
    cm = (
        Membership.objects.filter(site=site, role="cm", active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if cm is None:
        raise ValueError(f"site {site.slug!r} has no case manager; run goldenthread synth first")
    subjects = list(Participant.objects.filter(site=site).values_list("pk", flat=True)[:5000])
    if not subjects:
        raise ValueError(f"site {site.slug!r} has no participants; run goldenthread synth first")
    rng = random.Random(total)  # noqa: S311 - synthetic data, not security  # nosec B311
    added = 0
    while added < missing:
        count = min(BATCH, missing - added)
        with transaction.atomic():
            _append(site, cm.user, subjects, count, rng)
        added += count
        if advance:
            advance(count)
    return added


def _append(site: Site, user: object, subjects: list[int], count: int, rng: random.Random) -> None:
    chain = f"access:{site.pk}"
    ChainHead.objects.get_or_create(chain=chain)
    head = ChainHead.objects.select_for_update().get(chain=chain)
    seq, prev, at = head.seq, head.hash, timezone.now()
    fixed = {
        "chain": chain,
        "site_id_ref": site.pk,
        "user_id": getattr(user, "pk", None),
        "actor_label": str(user),
        "role": "cm",
        "subject_type": "participant",
        "purpose": "",
        "ip": "127.0.0.1",
        "via": "web",
    }
    rows = []
    for _ in range(count):
        seq += 1
        subject = rng.choice(subjects)
        values = {
            **fixed,
            "subject_id": str(subject),
            "categories": CATEGORIES,
            "path": f"/casework/p/{subject}/",
        }
        digest = link_hash(prev, link_payload(values, ACCESS_FIELDS, seq, at))
        rows.append({**values, "seq": seq, "prev_hash": prev, "hash": digest, "at": at})
        prev = digest
    if connection.vendor == "postgresql":
        for row in rows:  # COPY writes a JSON column from its text
            row["categories"] = json.dumps(row["categories"])
    insert_rows(AccessEvent, rows)
    ChainHead.objects.filter(pk=head.pk).update(seq=seq, hash=prev)
