"""Pure hash-chain rules: how a link's hash is computed and how a chain is checked."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

GENESIS = "0" * 64


def link_payload(
    values: Mapping[str, Any], fields: Iterable[str], seq: int, at: datetime
) -> dict[str, Any]:
    """What a link's hash covers: its content fields, its place in the chain and its time."""
    data = {name: values[name] for name in fields}
    data["seq"] = seq
    data["at"] = at.isoformat()
    return data


# The canonical JSON of a link: json.dumps(payload, sort_keys=True, separators=(",", ":"),
# default=str), with its encoder made once (json.dumps makes one a call for these arguments,
# a quarter of the time of hashing a link when verify reads millions of them).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str)


def canonical(payload: Mapping[str, Any]) -> str:
    """The canonical JSON of a link's payload: what its hash covers."""
    return _CANONICAL.encode(payload)


def link_hash(prev_hash: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical JSON of this link's content."""
    return body_hash(prev_hash, canonical(payload))


def body_hash(prev_hash: str, body: str) -> str:
    """``link_hash`` of a payload whose canonical JSON is ``body``."""
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


def payload_keys(fields: Iterable[str]) -> tuple[str, ...]:
    """The keys of ``link_payload(values, fields, ...)`` in the order its canonical JSON
    writes them: ``body_template`` lays a row's values out in this order."""
    return tuple(sorted({*fields, "seq", "at"}))


_KEY = re.compile(r"[a-z_]+")


def body_template(keys: Sequence[str], order: Sequence[str]) -> str:
    """A ``str.format`` template of a link's canonical JSON, its keys in the order of
    ``keys`` (``payload_keys``), for arguments given in the order of ``order``: ``at`` as its
    ``isoformat()`` string, every other value as its canonical JSON already. ``audit verify``
    fills one a link (millions a run) instead of building the payload dict and encoding it;
    the result is byte for byte ``canonical(link_payload(...))``."""
    if list(keys) != sorted(set(keys)) or not all(_KEY.fullmatch(key) for key in keys):
        raise ValueError(f"keys must be sorted distinct identifiers: {keys!r}")
    if sorted(order) != list(keys):
        raise ValueError(f"order {order!r} must name each of {keys!r} once")
    place = {name: i for i, name in enumerate(order)}
    # isoformat() is ASCII digits and punctuation: quoted as it is, it is its JSON string.
    parts = [
        f'"{key}":"{{{place[key]}}}"' if key == "at" else f'"{key}":{{{place[key]}}}'
        for key in keys
    ]
    return "{{" + ",".join(parts) + "}}"


class CanonicalJson(dict[str, str]):
    """Canonical JSON of JSON text (``canonical(json.loads(text))``), remembered for the
    first ``size`` texts: most links share a few values (an access link's categories), so
    verify decodes and encodes each once. ``cache[text]`` is a C-level lookup."""

    def __init__(self, size: int = 4096) -> None:
        super().__init__()
        self.size = size

    def __missing__(self, text: str) -> str:
        value = _CANONICAL.encode(json.loads(text))
        if len(self) < self.size:
            self[text] = value
        return value


class Link(NamedTuple):
    """A link as verify reads it: its place, back-link, stored hash, and the canonical JSON of
    its content (``canonical(payload)``)."""

    seq: int
    prev_hash: str
    hash: str
    body: str


@dataclass(frozen=True)
class Break:
    seq: int
    problem: str


@dataclass(frozen=True)
class Span:
    """What checking one stretch of a chain found: its first link's place and back-link (taken
    as given: the stretch before it is what they must match), its last link's place and hash,
    how many links it held, and the first break inside it."""

    first_seq: int
    first_prev: str
    last_seq: int
    last_hash: str
    links: int
    broken: Break | None = None


def check_span(links: Iterable[Link]) -> Span:
    """Check consecutive links: each follows the one before it (no gap, its back-link is that
    link's hash) and its hash is right. A long chain can be cut into stretches checked apart
    (in parallel) and joined with ``join_spans``."""
    first_seq, first_prev, count = 0, "", 0
    expected_seq, expected_prev = 0, ""
    for link in links:
        if not count:
            first_seq, first_prev = link.seq, link.prev_hash
        elif link.seq != expected_seq:
            broken = Break(expected_seq, f"link {expected_seq} is missing (deleted)")
            return Span(first_seq, first_prev, expected_seq - 1, expected_prev, count, broken)
        elif link.prev_hash != expected_prev:
            broken = Break(link.seq, "its back-link does not match the link before it")
            return Span(first_seq, first_prev, expected_seq - 1, expected_prev, count, broken)
        if body_hash(link.prev_hash, link.body) != link.hash:
            broken = Break(link.seq, "its content was changed after it was written")
            return Span(first_seq, first_prev, link.seq - 1, expected_prev, count, broken)
        count += 1
        expected_seq, expected_prev = link.seq + 1, link.hash
    return Span(first_seq, first_prev, expected_seq - 1, expected_prev, count)


def join_spans(spans: Iterable[Span], *, head_seq: int, head_hash: str) -> Break | None:
    """The first break of a whole chain checked as consecutive stretches, in order: a stretch
    must start where the one before it ended (the chain at link 1 after ``GENESIS``), and the
    chain's head must point at its last link."""
    expected_seq, expected_prev = 1, GENESIS
    for span in spans:
        if not span.links and span.broken is None:
            continue  # nothing in this stretch: the next one, or the head, shows the gap
        if span.first_seq != expected_seq:
            return Break(expected_seq, f"link {expected_seq} is missing (deleted)")
        if span.first_prev != expected_prev:
            return Break(span.first_seq, "its back-link does not match the link before it")
        if span.broken is not None:
            return span.broken
        expected_seq, expected_prev = span.last_seq + 1, span.last_hash
    if head_seq != expected_seq - 1 or (head_seq and head_hash != expected_prev):
        return Break(
            expected_seq,
            f"the chain ends at {expected_seq - 1} but its head says "
            f"{head_seq}: links were deleted from the end",
        )
    return None


def first_break(links: Iterable[Link], *, head_seq: int, head_hash: str) -> Break | None:
    """The first link that does not hold: an edited row (hash differs), a deleted row (a gap in
    the sequence or a broken back-link), or a deleted tail (the head points past the end)."""
    return join_spans([check_span(links)], head_seq=head_seq, head_hash=head_hash)
