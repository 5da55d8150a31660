"""Charts for report.html as inline SVG (matplotlib): grayscale with value labels, readable in black-and-white print."""

from __future__ import annotations

import html
import io
import logging
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
# Text sizes in points. A figure is drawn 7.5 in wide (720 px) and shown at most that wide, so 10 pt text is
# 13 px on screen and, on A4 at about 0.95 of its size, still over 12 px: never the 7–8 px of smaller fonts.
LABEL_PT, TITLE_PT = 10, 12
INK, FILL, LIGHT = "#222222", "#7a7a7a", "#d0d0d0"
CJK_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei"]
_INSTALLED = {f.name for f in font_manager.fontManager.ttflist}
plt.rcParams.update({
    "svg.fonttype": "none",  # keep text as text: the browser draws Chinese with the page's fonts
    "font.family": [f for f in CJK_FAMILIES if f in _INSTALLED] + ["DejaVu Sans"],
    "font.size": 10, "xtick.labelsize": 10, "ytick.labelsize": 10, "axes.titlesize": 12, "axes.labelsize": 10, "axes.edgecolor": INK, "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK,
    "axes.spines.top": False, "axes.spines.right": False, "svg.hashsalt": "svccheck",  # stable ids: same input, same file
    "text.parse_math": False,  # labels are data: a site id like `S$x^$1` is text, not mathtext
})


def _svg(figure: plt.Figure, title: str) -> str:
    buffer = io.StringIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a missing CJK font only changes the measured text width
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    if "<metadata>" in svg:  # RDF boilerplate: nothing a reader needs
        svg = svg[: svg.index("<metadata>")] + svg[svg.index("</metadata>") + len("</metadata>"):]
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html.escape(title)}" class="chart" ', 1)


def bars(labels: list[str], shares: list[float], title: str, axis: str) -> str:
    """Horizontal bars of shares (0–1), labelled with their percentage."""
    figure, ax = plt.subplots(figsize=(7.5, max(1.6, 0.3 * len(labels) + 0.7)))
    positions = range(len(labels))
    ax.barh(list(positions), [s * 100 for s in shares], color=FILL, edgecolor=INK, linewidth=0.6)
    for y, share in zip(positions, shares):
        ax.text(min(share * 100 + 1, 101), y, f"{share:.1%}", va="center", fontsize=LABEL_PT, color=INK)
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 114)
    ax.set_xlabel(axis)
    ax.set_title(title, loc="left", fontsize=TITLE_PT)
    return _svg(figure, title)


def heatmap(table: pd.DataFrame, title: str) -> str:
    """Compliance of rows × columns in gray levels, each cell printed as a percentage (blank: nothing judged)."""
    figure, ax = plt.subplots(figsize=(max(4.5, 0.7 * len(table.columns) + 2.8), max(2.0, 0.32 * len(table) + 1.0)))
    values = table.to_numpy(dtype="float64")
    ax.imshow(values, cmap="Greys_r", vmin=0.5, vmax=1.0, aspect="auto")  # the lower the compliance, the darker
    for (i, j), value in pd.DataFrame(values).stack().dropna().items():  # a blank cell: nothing judged there
        ax.text(j, i, f"{value:.0%}", ha="center", va="center", fontsize=LABEL_PT - 1, color="white" if value < 0.75 else INK)
    many = len(table.columns) > 6
    ax.set_xticks(range(len(table.columns)), list(table.columns), rotation=45 if many else 0, ha="right" if many else "center", fontsize=LABEL_PT)
    ax.set_yticks(range(len(table.index)), list(table.index), fontsize=LABEL_PT)
    ax.set_title(title, loc="left", fontsize=TITLE_PT)
    return _svg(figure, title)


def trend(weeks: list[str], shares: list[float], title: str, axis: str) -> str:
    """Compliance per week as a line with labelled markers."""
    figure, ax = plt.subplots(figsize=(7.5, 2.8))
    ax.plot(range(len(weeks)), [s * 100 for s in shares], color=INK, marker="o", linewidth=1.2)
    for x, share in enumerate(shares):
        ax.annotate(f"{share:.1%}", (x, share * 100), textcoords="offset points", xytext=(0, 6), ha="center", fontsize=LABEL_PT)
    ax.set_xticks(range(len(weeks)), weeks, rotation=30 if len(weeks) > 8 else 0, ha="right" if len(weeks) > 8 else "center", fontsize=LABEL_PT)
    ax.set_ylim(max(0, min(shares, default=1) * 100 - 10), 104)
    ax.set_ylabel(axis)
    ax.grid(axis="y", color=LIGHT, linewidth=0.5)
    ax.set_title(title, loc="left", fontsize=TITLE_PT)
    return _svg(figure, title)


def histogram(scores: list[float], title: str, axis: str, count_label: str) -> str:
    """Distribution of staff scores in 5-point bins; the count axis ticks on whole people."""
    figure, ax = plt.subplots(figsize=(7.5, 2.8))
    low = min(scores, default=0)
    edges = list(range(int(low // 5 * 5), 105, 5))
    counts, _, _ = ax.hist(scores, bins=edges, color=FILL, edgecolor=INK, linewidth=0.6)
    for left, count in zip(edges, counts):
        if count:
            ax.text(left + 2.5, count, f"{int(count)}", ha="center", va="bottom", fontsize=LABEL_PT)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xticks(edges[::2] if len(edges) > 12 else edges)
    ax.set_xlabel(axis)
    ax.set_ylabel(count_label)
    ax.set_title(title, loc="left", fontsize=TITLE_PT)
    return _svg(figure, title)


def lines(periods: list[str], series: dict[str, list[float | None]], title: str, axis: str) -> str:
    """Scores per period, one gray line per subject (told apart by marker and dash), each last value printed."""
    figure, ax = plt.subplots(figsize=(7.5, 2.8))
    markers, dashes = "osD^vx*+", ["-", "--", ":", "-."]
    for n, (name, values) in enumerate(series.items()):
        points = [(x, v) for x, v in enumerate(values) if v is not None]
        if not points:
            continue
        xs, ys = zip(*points)
        ax.plot(xs, ys, color=INK if n % 2 == 0 else FILL, marker=markers[n % len(markers)], linestyle=dashes[n % len(dashes)], linewidth=1.0, label=name)
        ax.annotate(f"{ys[-1]:.1f}", (xs[-1], ys[-1]), textcoords="offset points", xytext=(6, 0), va="center", fontsize=7)
    ax.set_xticks(range(len(periods)), periods, fontsize=7)
    ax.set_ylabel(axis)
    ax.grid(axis="y", color=LIGHT, linewidth=0.5)
    ax.legend(fontsize=7, frameon=False, loc="center left", bbox_to_anchor=(1.02, 0.5))
    ax.set_title(title, loc="left", fontsize=10)
    return _svg(figure, title)
