"""Charts as SVG drawn on the server, fit to embed inline under a strict CSP: bar charts by
hand here, the forecast's fan with matplotlib.

The site's policy allows no inline styles, so every ``style="…"`` matplotlib writes becomes
SVG presentation attributes (``fill="…"``), which CSP does not govern; the ``<style>`` block
goes. Each chart carries a ``<title>`` and a ``<desc>`` and is labelled by them; the page
shows the data behind it in a table behind a toggle.
"""

from __future__ import annotations

import hashlib
import io
import math
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


# Bar charts are drawn here as SVG, not by matplotlib: a dashboard's panels are drawn again
# after every write to the site, and matplotlib took 29 ms for six bars and 191 ms for the
# caseloads of 100 case managers (2026-11-30, in process); these take well under a
# millisecond. The box is matplotlib's old figure size at 100 dpi.
WIDTH, HEIGHT = 700, 320
_LEFT, _RIGHT, _BOTTOM = 66, 12, 64
_LEGEND_ROW, _FAMILY = 18, 'font-family="DejaVu Sans, Arial, sans-serif"'
_GRID = "#c9d1d9"
# At most this many category labels under the bars (every k-th beyond); the table behind the
# chart has every one.
MAX_LABELS = 30
# The dash of each limit line, in turn (matplotlib's "-." and ":").
_DASHES = ("6 3 2 3", "2 3")


def _limit_colour(i: int) -> str:
    return COLOURS[(1 + i * 2) % len(COLOURS)]


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values from at or below ``low`` to at or above ``high``, about ``count``
    steps of 1, 2, 2.5 or 5 times a power of ten; ``[0, 1]`` when there is no range."""
    low, high = min(low, 0.0), max(high, 0.0)
    if high - low <= 0:
        return [0.0, 1.0]
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if raw <= m * power * (1 + 1e-9))
    first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
    return [round(i * step, 10) for i in range(first, last + 1)]


def _tick_text(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,g}"


def _legend(items: Sequence[tuple[str, str, str]]) -> tuple[list[str], float]:
    """Legend entries (name, colour, "bar" or a dash pattern) in rows across the top, and the
    height they take. Text width is estimated from the characters (no font metrics here)."""
    out: list[str] = []
    x, row = float(_LEFT), 0
    for name, colour, kind in items:
        width = 22 + 6.4 * len(name) + 16
        if x + width > WIDTH - _RIGHT and x > _LEFT:
            x, row = float(_LEFT), row + 1
        y = 8 + row * _LEGEND_ROW
        if kind == "bar":
            out.append(f'<rect x="{x:.1f}" y="{y + 1}" width="16" height="10" fill="{colour}"/>')
        else:
            out.append(
                f'<line x1="{x:.1f}" y1="{y + 6}" x2="{x + 16:.1f}" y2="{y + 6}" '
                f'stroke="{colour}" stroke-width="1.5" stroke-dasharray="{kind}"/>'
            )
        out.append(
            f'<text x="{x + 22:.1f}" y="{y + 10}" font-size="11px" {_FAMILY}>{escape(name)}</text>'
        )
        x += width
    return out, (row + 1) * _LEGEND_ROW + 10 if items else 14


def _bars_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    limits: Sequence[tuple[str, float]] = (),
    ylabel: str = "",
    legend: bool = False,
) -> str:
    """Bars, one a label, stacked by series, over a value axis with round ticks and grid
    lines, with horizontal limit lines; accessible and free of inline styles like the
    matplotlib charts (``_render``)."""
    bars = [(n, COLOURS[i % len(COLOURS)], "bar") for i, (n, _) in enumerate(series)]
    lines = [(n, _limit_colour(i), _DASHES[i % 2]) for i, (n, _) in enumerate(limits)]
    items = [*(bars if legend else []), *lines]
    parts, top = _legend(items)
    columns = [[values[j] for _, values in series] for j in range(len(labels))]
    tops = [sum(v for v in column if v > 0) for column in columns]
    bottoms = [sum(v for v in column if v < 0) for column in columns]
    ticks = nice_ticks(
        min([0.0, *bottoms, *(lv for _, lv in limits)]),
        max([0.0, *tops, *(lv for _, lv in limits)]),
    )
    low, high = ticks[0], ticks[-1]
    x0, x1, y0, y1 = _LEFT, WIDTH - _RIGHT, top, HEIGHT - _BOTTOM

    def y(value: float) -> float:
        return y1 - (value - low) / (high - low) * (y1 - y0)

    for tick in ticks:
        parts.append(
            f'<line x1="{x0}" y1="{y(tick):.1f}" x2="{x1}" y2="{y(tick):.1f}" stroke="{_GRID}" '
            f'stroke-width="0.5"/><text x="{x0 - 6}" y="{y(tick) + 3.5:.1f}" font-size="10px" '
            f'text-anchor="end" {_FAMILY}>{_tick_text(tick)}</text>'
        )
    if ylabel:
        middle = (y0 + y1) / 2
        parts.append(
            f'<text x="14" y="{middle:.1f}" font-size="11px" text-anchor="middle" '
            f'transform="rotate(-90 14 {middle:.1f})" {_FAMILY}>{escape(ylabel)}</text>'
        )
    slot = (x1 - x0) / max(len(labels), 1)
    every = -(-len(labels) // MAX_LABELS) or 1
    for j, label in enumerate(labels):
        up, down = 0.0, 0.0
        for i, (name, values) in enumerate(series):
            value = values[j]
            start = up if value >= 0 else down
            end = start + value
            up, down = (end, down) if value >= 0 else (up, end)
            if value:
                parts.append(
                    f'<rect class="bar" x="{x0 + slot * (j + 0.1):.2f}" '
                    f'y="{min(y(start), y(end)):.2f}" width="{slot * 0.8:.2f}" '
                    f'height="{abs(y(end) - y(start)):.2f}" fill="{COLOURS[i % len(COLOURS)]}">'
                    f"<title>{escape(label)}: {escape(name)} {value:g}</title></rect>"
                )
        if j % every == 0:
            cx = x0 + slot * (j + 0.5)
            parts.append(
                f'<text x="{cx:.1f}" y="{y1 + 12}" font-size="8px" text-anchor="end" '
                f'transform="rotate(-30 {cx:.1f} {y1 + 12})" {_FAMILY}>{escape(label)}</text>'
            )
    for i, (_, level) in enumerate(limits):
        parts.append(
            f'<line x1="{x0}" y1="{y(level):.1f}" x2="{x1}" y2="{y(level):.1f}" '
            f'stroke="{_limit_colour(i)}" stroke-width="1.5" '
            f'stroke-dasharray="{_DASHES[i % 2]}"/>'
        )
    parts.append(
        f'<line x1="{x0}" y1="{y(0):.1f}" x2="{x1}" y2="{y(0):.1f}" stroke="#1b1f24" '
        f'stroke-width="0.8"/><line x1="{x0}" y1="{y0}" x2="{x0}" y2="{y1}" stroke="#1b1f24" '
        'stroke-width="0.8"/>'
    )
    return (
        f'<svg role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" id="{chart_id}" '
        'class="chart" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}"><title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>' + "".join(parts) + "</svg>"
    )


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
    pairs = ", ".join(f"{lab}: {val:g}" for lab, val in zip(labels, values, strict=True))
    return _bars_svg(
        chart_id=chart_id,
        title=title,
        description=f"{title}. {pairs}.",
        labels=labels,
        series=[(ylabel or title, values)],
        limits=limits,
        ylabel=ylabel,
    )


def stacked_bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    ylabel: str = "",
) -> str:
    """Bars stacked by series (e.g. referrals per door, split by outcome)."""
    for name, values in series:
        if len(values) != len(labels):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(labels)} labels")
    parts = [
        f"{lab}: " + ", ".join(f"{name} {vals[j]:g}" for name, vals in series)
        for j, lab in enumerate(labels)
    ]
    return _bars_svg(
        chart_id=chart_id,
        title=title,
        description=f"{title}. " + "; ".join(parts) + ".",
        labels=labels,
        series=series,
        ylabel=ylabel,
        legend=True,
    )
