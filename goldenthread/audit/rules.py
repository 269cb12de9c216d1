"""Pure hash-chain rules: how a link's hash is computed and how a chain is checked."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

GENESIS = "0" * 64


def link_payload(
    values: Mapping[str, Any], fields: Iterable[str], seq: int, at: datetime
) -> dict[str, Any]:
    """What a link's hash covers: its content fields, its place in the chain and its time."""
    data = {name: values[name] for name in fields}
    data["seq"] = seq
    data["at"] = at.isoformat()
    return data


def link_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical JSON of this link's content."""
    body = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


@dataclass(frozen=True)
class Link:
    seq: int
    prev_hash: str
    hash: str
    payload: Mapping[str, Any]


@dataclass(frozen=True)
class Break:
    seq: int
    problem: str


def first_break(links: Iterable[Link], *, head_seq: int, head_hash: str) -> Break | None:
    """The first link that does not hold: an edited row (hash differs), a deleted row (a gap in
    the sequence or a broken back-link), or a deleted tail (the head points past the end)."""
    expected_seq, expected_prev = 1, GENESIS
    for link in links:
        if link.seq != expected_seq:
            return Break(expected_seq, f"link {expected_seq} is missing (deleted)")
        if link.prev_hash != expected_prev:
            return Break(link.seq, "its back-link does not match the link before it")
        if link_hash(link.prev_hash, link.payload) != link.hash:
            return Break(link.seq, "its content was changed after it was written")
        expected_seq, expected_prev = link.seq + 1, link.hash
    if head_seq != expected_seq - 1 or (head_seq and head_hash != expected_prev):
        return Break(
            expected_seq,
            f"the chain ends at {expected_seq - 1} but its head says "
            f"{head_seq}: links were deleted from the end",
        )
    return None
