"""Stance charts with matplotlib: stacked horizontal bars, as SVG (a file, or a data: URI to embed)."""
from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Sequence

STANCE_COLOURS = {"support": "#2e7d32", "oppose": "#c62828", "neutral": "#9e9e9e"}
MAX_BARS = 40


def _figure(rows: Sequence[tuple[str, int, int, int]], title: str):
    import matplotlib

    matplotlib.use("Agg")  # no display; set before pyplot is imported
    import matplotlib.pyplot as plt

    rows = list(rows)[:MAX_BARS]
    labels = [r[0] if len(r[0]) <= 48 else r[0][:47] + "…" for r in rows]
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.38 * max(1, len(rows))), layout="constrained")
    left = [0] * len(rows)
    widest = max((sum(r[1:4]) for r in rows), default=0)
    for i, stance in enumerate(STANCE_COLOURS):
        counts = [r[1 + i] for r in rows]
        bars = ax.barh(labels, counts, left=left, color=STANCE_COLOURS[stance], label=stance)
        # Count inside each segment wide enough to hold it.
        ax.bar_label(bars, labels=[str(c) if c and c >= 0.04 * widest else "" for c in counts],
                     label_type="center", color="white", fontsize=8)
        left = [a + b for a, b in zip(left, counts)]
    ax.invert_yaxis()
    ax.set_xlabel("(speech, target) pairs by predicted stance")
    ax.set_title(title, loc="left", fontsize=11)
    ax.legend(ncols=3, loc="lower right", fontsize=8, frameon=False, bbox_to_anchor=(1, 1))
    ax.spines[["top", "right"]].set_visible(False)
    return fig, plt


def save_stance_chart(rows: Sequence[tuple[str, int, int, int]], title: str, path: Path | str, fmt: str | None = None) -> None:
    """rows: (label, support, oppose, neutral) counts; ``fmt`` png, svg, pdf … (default: the file's suffix)."""
    fig, plt = _figure(rows, title)
    try:
        fig.savefig(path, dpi=150, format=fmt)
    finally:
        plt.close(fig)


def stance_chart_uri(rows: Sequence[tuple[str, int, int, int]], title: str) -> str:
    """An SVG data: URI for an <img>: an image cannot run script, whatever its labels say."""
    fig, plt = _figure(rows, title)
    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="svg", metadata={"Date": None})
    finally:
        plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
