"""Charts: accessible SVG without inline styles, and one drawing per distinct data."""

from __future__ import annotations

import pytest

from goldenthread.planning import charts


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
    assert '<title id="test-chart-title">Referrals by door</title>' in svg
    assert "style=" not in svg and "<style" not in svg


def test_it_draws_the_same_data_once_and_new_data_again(monkeypatch):
    first = _chart([7.0, 2.0, 4.0])

    def no_drawing():  # type: ignore[no-untyped-def]
        raise AssertionError("matplotlib was asked to draw the same chart again")

    monkeypatch.setattr(charts, "_pyplot", no_drawing)
    assert _chart([7.0, 2.0, 4.0]) == first
    with pytest.raises(AssertionError, match="draw the same chart again"):
        _chart([7.0, 2.0, 5.0])
