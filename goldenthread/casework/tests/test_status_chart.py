"""The status chart's cells, made as SVG in Python rather than by the template: the same
markup the template made, with every label escaped."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from goldenthread.casework.queries import PALETTE, Bar, Chart


def _chart(bars: list[Bar]) -> Chart:
    return Chart(months=["2026-01"], rows=[("Housing", 37)], bars=bars, width=562, height=128)


def test_it_draws_each_cell_as_a_titled_rect():
    bars = [
        Bar(x=130, y=20, width=34, height=22, fill=PALETTE[3], label="Housing, 2026-01: Permanent"),
        Bar(x=166, y=46, width=34, height=22, fill=PALETTE[0], label="Income, 2026-02: None"),
    ]
    assert _chart(bars).bars_svg() == (
        '<rect x="130" y="20" width="34" height="22" fill="#1f6f3f">'
        "<title>Housing, 2026-01: Permanent</title></rect>"
        '<rect x="166" y="46" width="34" height="22" fill="#a4161a">'
        "<title>Income, 2026-02: None</title></rect>"
    )
    assert _chart([]).bars_svg() == ""


@given(st.text(), st.integers(0, 10_000), st.integers(0, 10_000))
def test_it_escapes_every_label_and_keeps_its_text(label, x, y):
    svg = _chart([Bar(x=x, y=y, width=34, height=22, fill=PALETTE[1], label=label)]).bars_svg()
    title = re.fullmatch(
        rf'<rect x="{x}" y="{y}" width="34" height="22" fill="#c8702a"><title>(.*)</title></rect>',
        svg,
        re.DOTALL,
    )
    assert title is not None
    assert not set("<>\"'") & set(title.group(1))
    assert html.unescape(title.group(1)) == label
