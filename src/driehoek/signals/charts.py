"""The school overview's plots, drawn on the server with matplotlib (Agg) as SVG.

Served as images (an <img> is not bound by the page's style policy), narrow enough to
read on a phone, with large type; every plot has a table or sentence beside it on the
page as its text alternative. Output is deterministic (fixed hash salt, no date).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

BRAND = "#1f5f66"
ACCENT = "#d98c3a"
MUTED = "#6b7280"

plt.rcParams.update(
    {
        "svg.hashsalt": "driehoek-signals",
        "svg.fonttype": "none",  # text stays text: sharp, searchable, small
        "font.size": 12,
        "legend.fontsize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.edgecolor": MUTED,
        "axes.labelcolor": "#222222",
        "xtick.color": "#222222",
        "ytick.color": "#222222",
    }
)


def _svg(figure: Figure) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return out.getvalue()


def weekly_signals(
    labels: Sequence[str], detected: Sequence[int], acted: Sequence[int], *, legend: Sequence[str]
) -> bytes:
    """New signals and signals acted on, per week: two lines."""
    figure, axes = plt.subplots(figsize=(4.4, 3.0))
    positions = range(len(labels))
    axes.plot(positions, detected, marker="o", color=BRAND, linewidth=2.5, label=legend[0])
    axes.plot(positions, acted, marker="s", color=ACCENT, linewidth=2.5, label=legend[1])
    step = max(1, (len(labels) + 3) // 4)
    axes.set_xticks(list(positions)[::step], list(labels)[::step])
    axes.set_ylim(bottom=0)
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(frameon=False, loc="upper left")
    axes.grid(axis="y", color="#e5e7eb")
    return _svg(figure)


def per_class(names: Sequence[str], counts: Sequence[int], *, xlabel: str) -> bytes:
    """Open signals per class: horizontal bars (class names stay readable)."""
    height = max(2.2, 0.36 * len(names) + 0.9)
    figure, axes = plt.subplots(figsize=(4.4, height))
    positions = range(len(names))
    axes.barh(list(positions), list(counts), color=BRAND)
    axes.set_yticks(list(positions), list(names))
    axes.invert_yaxis()
    axes.set_xlabel(xlabel)
    axes.xaxis.get_major_locator().set_params(integer=True)
    for position, count in zip(positions, counts, strict=True):
        axes.text(count, position, f" {count}", va="center", color="#222222")
    return _svg(figure)


def balance(
    labels: Sequence[str],
    home: Sequence[tuple[int, int]],
    school: Sequence[tuple[int, int]],
    *,
    legend: Sequence[str],
) -> bytes:
    """Per month, the share of messages that gave (appreciation, information), from home
    and from school: 50% and more is a relation in balance."""
    figure, axes = plt.subplots(figsize=(4.4, 3.0))
    positions = list(range(len(labels)))

    def share(pairs: Sequence[tuple[int, int]]) -> list[float]:
        return [100 * g / (g + a) if g + a else float("nan") for g, a in pairs]

    axes.plot(positions, share(home), marker="o", color=BRAND, linewidth=2.5, label=legend[0])
    axes.plot(positions, share(school), marker="s", color=ACCENT, linewidth=2.5, label=legend[1])
    axes.axhline(50, color=MUTED, linestyle="--", linewidth=1)
    axes.set_ylim(0, 100)
    axes.set_xticks(positions, list(labels))
    axes.set_ylabel("%")
    axes.legend(frameon=False, loc="lower left")
    axes.grid(axis="y", color="#e5e7eb")
    return _svg(figure)
