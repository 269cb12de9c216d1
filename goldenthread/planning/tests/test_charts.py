"""Charts: accessible SVG without inline styles; bars drawn by hand in proportion to their
values on round ticks; the forecast's fan drawn by matplotlib once per distinct data."""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

import pytest
from defusedxml import ElementTree as ET
from hypothesis import given, settings
from hypothesis import strategies as st

from goldenthread.planning import charts

SVG = "{http://www.w3.org/2000/svg}"


def _chart(values: list[float]) -> str:
    return charts.bar_chart(
        chart_id="test-chart",
        title="Referrals by door",
        labels=["arrest", "social", "community"],
        values=values,
    )


def test_it_labels_the_chart_and_writes_no_inline_style():
    svg = _chart([3.0, 5.0, 1.0])
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert 'aria-labelledby="test-chart-title test-chart-desc"' in svg
    assert '<title id="test-chart-title">Referrals by door</title>' in svg
    description = "Referrals by door. arrest: 3, social: 5, community: 1."
    assert f'<desc id="test-chart-desc">{description}</desc>' in svg
    assert "style=" not in svg and "<style" not in svg


def _fan(p50: list[float]) -> str:
    return charts.fan_chart(
        chart_id="fan-test",
        months=["2027-01", "2027-02"],
        p10=[1.0, 1.0],
        p50=p50,
        p90=[9.0, 9.0],
        capacity=10.0,
        target_total=8.0,
    )


def test_the_fan_is_drawn_once_per_distinct_data(monkeypatch):
    first = _fan([4.0, 5.0])
    assert 'aria-labelledby="fan-test-title fan-test-desc"' in first and "style=" not in first

    def no_drawing():  # type: ignore[no-untyped-def]
        raise AssertionError("matplotlib was asked to draw the same chart again")

    monkeypatch.setattr(charts, "_pyplot", no_drawing)
    assert _fan([4.0, 5.0]) == first
    with pytest.raises(AssertionError, match="draw the same chart again"):
        _fan([4.0, 6.0])


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (0, 0, [0, 1]),
        (0, 7, [0, 2, 4, 6, 8]),
        (0, 10, [0, 2, 4, 6, 8, 10]),
        (0, 40, [0, 10, 20, 30, 40]),
        (0, 12_500, [0, 2500, 5000, 7500, 10_000, 12_500]),
        (0, 0.3, [0, 0.1, 0.2, 0.3]),
        (0, 1, [0, 0.2, 0.4, 0.6, 0.8, 1]),
        (-3, 7, [-4, -2, 0, 2, 4, 6, 8]),
        (5, 9, [0, 2, 4, 6, 8, 10]),  # the axis starts at zero
    ],
)
def test_ticks_are_round_and_cover_the_values(low, high, ticks):
    assert charts.nice_ticks(low, high) == ticks


def _bars(svg: str) -> list[Element]:
    return [e for e in ET.fromstring(svg).iter(f"{SVG}rect") if e.get("class") == "bar"]


labels = st.text(alphabet=st.sampled_from(list("ab <>&\"'é—")), min_size=1, max_size=10)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(labels, st.integers(0, 10**6)), min_size=1, max_size=120))
def test_bars_stand_in_proportion_to_their_values_for_any_label(data):
    names, values = [n for n, _ in data], [v for _, v in data]
    svg = charts.bar_chart(chart_id="c", title="T <&>", labels=names, values=values, ylabel="n")
    root = ET.fromstring(svg)  # well-formed whatever the labels hold
    assert root.find(f"{SVG}title").text == "T <&>" and "style=" not in svg
    bars = _bars(svg)
    assert len(bars) == sum(1 for v in values if v)
    heights = [float(b.get("height")) for b in bars]
    drawn = [v for v in values if v]
    if drawn:
        top = max(drawn)
        plot = charts.HEIGHT - 64 - 14  # the box less the labels' band and the top margin
        assert max(heights) <= plot
        for value, height in zip(drawn, heights, strict=True):
            assert height == pytest.approx(value / top * max(heights), abs=0.02)
    shown = [t.text for t in root.iter(f"{SVG}text") if t.get("font-size") == "8px"]
    every = -(-len(names) // charts.MAX_LABELS)
    assert shown == names[::every] and len(shown) <= charts.MAX_LABELS


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 8).flatmap(
        lambda n: st.lists(
            st.tuples(labels, st.lists(st.integers(0, 500), min_size=n, max_size=n)),
            min_size=1,
            max_size=6,
        ).map(lambda series: ([f"door {i}" for i in range(n)], series))
    )
)
def test_stacked_bars_add_up_to_each_labels_total(case):
    names, series = case
    svg = charts.stacked_bar_chart(chart_id="s", title="S", labels=names, series=series)
    bars = _bars(svg)
    tops = [sum(values[j] for _, values in series) for j in range(len(names))]
    if not any(tops):
        assert bars == []
        return

    def value(bar: Element) -> int:
        title = bar.find(f"{SVG}title")
        found = re.search(r"(\d+)$", title.text or "") if title is not None else None
        assert found is not None
        return int(found[1])

    largest = max(bars, key=value)  # the least rounded height per unit
    per_unit = float(largest.get("height")) / value(largest)
    for j, name in enumerate(names):
        stack = [b for b in bars if b.find(f"{SVG}title").text.startswith(f"{name}:")]
        assert sum(float(b.get("height")) for b in stack) == pytest.approx(
            tops[j] * per_unit, abs=0.02 * len(series)
        )
    legend = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert all(name in legend for name, _ in series)


def test_a_series_must_have_a_value_for_each_label():
    with pytest.raises(ValueError, match="series 'x' has 1 values for 2 labels"):
        charts.stacked_bar_chart(chart_id="s", title="S", labels=["a", "b"], series=[("x", [1])])
