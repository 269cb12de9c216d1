"""The status chart's cells, made as SVG in Python rather than by the template: the same
markup the template made, with every label escaped."""

from __future__ import annotations

import html
import re

from django.template import Context, Template
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


# The template's block the method replaced (casework/participant.html before 2026-11-30
# evening): the reference its SVG must equal.
REFERENCE = Template(
    "{% load l10n %}"
    + """{% localize off %}<svg width="{{ page.chart.width }}" height="{{ page.chart.height }}" viewBox="0 0 {{ page.chart.width }} {{ page.chart.height }}" role="img" aria-label="Status by month over the last year: housing, income, employment and health coverage; darker green is more stable.">
  {% for label, y in page.chart.rows %}<text x="0" y="{{ y }}" font-size="12" fill="#1b1f24">{{ label }}</text>{% endfor %}
  {{ page.chart.bars_svg }}
  <text x="130" y="12" font-size="11" fill="#4a5560">{{ page.chart.months|first }}</text>
  <text x="{{ page.chart.width|add:-50 }}" y="12" font-size="11" fill="#4a5560">{{ page.chart.months|last }}</text>
</svg>{% endlocalize %}"""  # noqa: E501 - the template's own lines
)

labels = st.text(alphabet=st.sampled_from(list("ab <>&\"'é—")), max_size=12)


@given(
    st.lists(st.tuples(labels, st.integers(0, 500)), max_size=4),
    st.lists(labels, max_size=13),
    st.lists(
        st.builds(
            Bar,
            st.integers(0, 900),
            st.integers(0, 200),
            st.just(34),
            st.just(22),
            st.sampled_from(PALETTE),
            labels,
        ),
        max_size=6,
    ),
    st.integers(60, 2000),
    st.integers(24, 300),
)
def test_the_whole_chart_is_the_templates_svg(rows, months, bars, width, height):  # type: ignore[no-untyped-def]
    chart = Chart(months=months, rows=rows, bars=bars, width=width, height=height)
    assert chart.svg() == REFERENCE.render(Context({"page": {"chart": chart}}))
