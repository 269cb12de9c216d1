"""Charts as SVG drawn on the server with matplotlib, fit to embed inline under a strict CSP.

The site's policy allows no inline styles, so every ``style="…"`` matplotlib writes becomes
SVG presentation attributes (``fill="…"``), which CSP does not govern; the ``<style>`` block
goes. Each chart carries a ``<title>`` and a ``<desc>`` and is labelled by them; the page
shows the data behind it in a table behind a toggle.
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from functools import wraps
from html import escape
from typing import Any

COLOURS = ["#0b5cad", "#a4161a", "#1f6f3f", "#8a5a00", "#6a3d9a", "#4a5560"]
_STYLE = re.compile(r'\sstyle="([^"]*)"')
_FONT = re.compile(
    r"^(?:(?P<style>italic|oblique|normal)\s+)?(?:(?P<weight>bold|\d00)\s+)?"
    r"(?P<size>[\d.]+)px\s+(?P<family>.+)$"
)


def _attributes(style: str) -> str:
    attrs: list[str] = []
    for declaration in style.split(";"):
        if ":" not in declaration:
            continue
        prop, value = (p.strip() for p in declaration.split(":", 1))
        if prop == "font":
            match = _FONT.match(value)
            if match:
                family = match["family"].replace("'", "").replace('"', "")
                attrs.append(f'font-size="{match["size"]}px" font-family="{family}, sans-serif"')
                if match["weight"]:
                    attrs.append(f'font-weight="{match["weight"]}"')
            continue
        attrs.append(f'{prop}="{escape(value, quote=True)}"')
    return (" " + " ".join(attrs)) if attrs else ""


def csp_safe(svg: str) -> str:
    """Turn inline styles into presentation attributes and drop the style sheet."""
    svg = re.sub(r"<style[^>]*>.*?</style>", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = _STYLE.sub(lambda m: _attributes(m.group(1)), svg)
    svg = re.sub(r"<\?xml[^>]*\?>\s*", "", svg)
    return re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)


_DRAWN: OrderedDict[str, str] = OrderedDict()
_DRAWN_MAX = 256
_DRAWN_LOCK = threading.Lock()


def remembered(draw: Callable[..., str]) -> Callable[..., str]:
    """Keep the SVG of a chart drawn from the same data (per process, the last 256 drawn).

    Drawing with matplotlib costs tens of milliseconds a chart, most of a dashboard's time;
    the charts are pure functions of their keyword arguments, and a dashboard's data changes
    far less often than it is viewed.
    """

    @wraps(draw)
    def wrapper(**kwargs: Any) -> str:
        key = hashlib.sha256(repr((draw.__qualname__, sorted(kwargs.items()))).encode())
        digest = key.hexdigest()
        with _DRAWN_LOCK:
            if digest in _DRAWN:
                _DRAWN.move_to_end(digest)
                return _DRAWN[digest]
        svg = draw(**kwargs)
        with _DRAWN_LOCK:
            _DRAWN[digest] = svg
            while len(_DRAWN) > _DRAWN_MAX:
                _DRAWN.popitem(last=False)
        return svg

    return wrapper


def _pyplot() -> Any:
    """matplotlib, loaded on the first chart (it is slow to import) with its file backend."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    return pyplot


def pyplot_loaded() -> None:
    """Load matplotlib now (a worker at start) rather than on the first chart."""
    _pyplot()


def _render(fig: Any, chart_id: str, title: str, description: str) -> str:
    plt = _pyplot()
    buffer = io.StringIO()
    with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": chart_id}):
        fig.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(fig)
    svg = csp_safe(buffer.getvalue())
    head = (
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'id="{chart_id}" class="chart" preserveAspectRatio="xMidYMid meet"'
    )
    svg = re.sub(r"<svg\b", head, svg, count=1)
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    svg = re.sub(r'(<svg[^>]*?)\s(width|height)="[^"]*"', r"\1", svg, count=1)
    labels = (
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
    )
    return re.sub(r"(<svg[^>]*>)", r"\1" + labels, svg, count=1)


@remembered
def fan_chart(
    *,
    chart_id: str,
    months: Sequence[str],
    p10: Sequence[float],
    p50: Sequence[float],
    p90: Sequence[float],
    capacity: float,
    target_total: float,
    history_months: Sequence[str] = (),
    history: Sequence[float] = (),
    scenarios: Sequence[tuple[str, Sequence[float]]] = (),
) -> str:
    """The forecast fan: the P10–P90 band, the median, the cap's capacity and the target."""
    fig, ax = _pyplot().subplots(figsize=(7, 3.6), dpi=100)
    x_hist = list(range(len(history)))
    x = [len(history) + i for i in range(len(months))]
    if history:
        ax.plot(x_hist, history, color="#1b1f24", linewidth=2, label="Caseload so far")
    ax.fill_between(x, p10, p90, color=COLOURS[0], alpha=0.2, label="80% range (P10–P90)")
    ax.plot(x, p50, color=COLOURS[0], linewidth=2, label="Median forecast")
    for i, (name, line) in enumerate(scenarios):
        ax.plot(
            x,
            line,
            color=COLOURS[(i + 2) % len(COLOURS)],
            linewidth=1.5,
            linestyle="--",
            label=f"{name} (median)",
        )
    ax.axhline(
        capacity, color=COLOURS[1], linewidth=1.5, linestyle=":", label="Cap × case managers"
    )
    ax.axhline(
        target_total, color=COLOURS[3], linewidth=1, linestyle="-.", label="Target × case managers"
    )
    labels = [*history_months, *months]
    ticks = list(range(0, len(labels), max(len(labels) // 6, 1)))
    ax.set_xticks(ticks, [labels[t] for t in ticks], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("Participants enrolled")
    ax.set_ylim(bottom=0)
    ax.grid(axis="y", color="#c9d1d9", linewidth=0.5)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=7, loc="upper left", frameon=False, ncols=2)
    description = (
        f"Over the next {len(months)} months the median caseload goes from {p50[0]:g} to "
        f"{p50[-1]:g}; 80% of simulated futures end between {p10[-1]:g} and {p90[-1]:g}. "
        f"Capacity at the cap is {capacity:g}."
    )
    return _render(fig, chart_id, "Caseload forecast", description)


@remembered
def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float],
    limits: Sequence[tuple[str, float]] = (),
    ylabel: str = "",
) -> str:
    """Bars (e.g. caseload per case manager) with horizontal reference lines."""
    fig, ax = _pyplot().subplots(figsize=(7, 3.2), dpi=100)
    ax.bar(range(len(values)), values, color=COLOURS[0])
    for i, (name, level) in enumerate(limits):
        ax.axhline(level, color=COLOURS[1 + i * 2], linestyle=":" if i else "-.", label=name)
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    if limits:
        ax.legend(fontsize=8, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2)
    pairs = ", ".join(f"{lab}: {val:g}" for lab, val in zip(labels, values, strict=True))
    return _render(fig, chart_id, title, f"{title}. {pairs}.")


@remembered
def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    ylabel: str = "",
) -> str:
    """Bars stacked by series (e.g. referrals per door, split by outcome)."""
    fig, ax = _pyplot().subplots(figsize=(7, 3.2), dpi=100)
    bottom = [0.0] * len(labels)
    for i, (name, values) in enumerate(series):
        ax.bar(
            range(len(labels)), values, bottom=bottom, color=COLOURS[i % len(COLOURS)], label=name
        )
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right", fontsize=8)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(fontsize=8, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=3)
    parts = [
        f"{lab}: " + ", ".join(f"{name} {vals[j]:g}" for name, vals in series)
        for j, lab in enumerate(labels)
    ]
    return _render(fig, chart_id, title, f"{title}. " + "; ".join(parts) + ".")
