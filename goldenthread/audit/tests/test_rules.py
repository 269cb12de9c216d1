"""Property tests of the hash chain: any single edit, deletion or reorder is detected."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.audit.rules import GENESIS, Link, first_break, link_hash


def _chain(payloads: list[dict]) -> list[Link]:
    links, prev = [], GENESIS
    for i, payload in enumerate(payloads, start=1):
        body = {**payload, "seq": i}
        h = link_hash(prev, body)
        links.append(Link(i, prev, h, body))
        prev = h
    return links


payloads = st.lists(
    st.dictionaries(st.sampled_from(["a", "b", "c"]), st.integers(0, 9)), min_size=1, max_size=12
)


@given(payloads)
def test_it_accepts_every_intact_chain(ps):
    links = _chain(ps)
    assert first_break(links, head_seq=len(links), head_hash=links[-1].hash) is None


@given(payloads, st.data())
def test_it_finds_any_edit_at_its_position(ps, data):
    links = _chain(ps)
    i = data.draw(st.integers(0, len(links) - 1))
    edited = dict(links[i].payload, forged=True)
    links[i] = Link(links[i].seq, links[i].prev_hash, links[i].hash, edited)
    broken = first_break(links, head_seq=len(links), head_hash=links[-1].hash)
    assert broken is not None and broken.seq == i + 1


@given(payloads, st.data())
def test_it_finds_any_deletion(ps, data):
    links = _chain(ps)
    i = data.draw(st.integers(0, len(links) - 1))
    head = links[-1]
    del links[i]
    broken = first_break(links, head_seq=head.seq, head_hash=head.hash)
    assert broken is not None and broken.seq == i + 1
