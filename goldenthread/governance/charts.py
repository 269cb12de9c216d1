"""Budget versus actual as an SVG bar chart, drawn on the server (no script in the page)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt


def budget_chart(rows: list[tuple[str, int, int]]) -> str:
    """Planned and actual per category, as an inline SVG string."""
    labels = [r[0] for r in rows]
    planned = [r[1] for r in rows]
    actual = [r[2] for r in rows]
    fig, ax = plt.subplots(figsize=(6, 0.5 + 0.6 * len(rows)))
    ys = range(len(rows))
    ax.barh([y + 0.2 for y in ys], planned, height=0.4, label="Planned", color="#0b5cad")
    ax.barh([y - 0.2 for y in ys], actual, height=0.4, label="Actual", color="#8a5a00")
    ax.set_yticks(list(ys), labels)
    ax.invert_yaxis()
    ax.legend(loc="lower right")
    ax.set_xlabel("US dollars")
    fig.tight_layout()
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    svg = out.getvalue()
    return svg[svg.find("<svg") :]
