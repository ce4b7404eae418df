"""The one-page plan as a figure: a card per step (CJK-aware text wrapping)."""

from __future__ import annotations

import textwrap
import unicodedata

import numpy as np
import pandas as pd
from matplotlib.patches import FancyBboxPatch

from .. import style
from ..data import require_columns
from .plan import plan_summary  # noqa: F401  (for the example)
from ..lang import T, check_lang

__all__ = ["plot_plan"]


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _wrap(text: str, width: int) -> list[str]:
    """Wrap ``text`` to ``width`` columns, a CJK character counting two (breaks anywhere in CJK runs)."""
    lines: list[str] = []
    for para in str(text).split("\n"):
        if not any(_wide(c) for c in para):
            lines.extend(textwrap.wrap(para, width) or [""])
            continue
        line, used = "", 0
        for ch in para:
            w = 2 if _wide(ch) else 1
            if used + w > width and line:
                cut = line.rfind(" ") if not _wide(ch) and ch != " " and " " in line else -1
                if cut > 0 and not any(_wide(c) for c in line[cut:]):
                    lines.append(line[:cut])
                    line = line[cut + 1:]
                    used = sum(2 if _wide(c) else 1 for c in line)
                else:
                    lines.append(line.rstrip())
                    line, used = "", 0
                    if ch == " ":
                        continue
            line += ch
            used += w
        lines.append(line)
    return lines


def plot_plan(summary: pd.DataFrame, *, title=None, lang: str | None = None, width: int = 66):
    """Draw a :func:`plan_summary` table as a one-page figure (a card per step); returns the Figure.

    Unanswered steps are drawn greyed out. ``title`` is a string or ``{"en": …, "zh": …}``.

    Examples
    --------
    >>> fig = plot_plan(plan_summary({"diagnosis": "Reliability gap"}), lang="zh")
    >>> len(fig.axes)
    1
    """
    lang = check_lang(lang)
    require_columns(summary, ["step", "stage", "plan"], source="plan summary",
                    fix="pass the table returned by cases.plan_summary")
    answered = summary["answered"].to_numpy(dtype=bool) if "answered" in summary else np.ones(len(summary), bool)
    wrapped = [_wrap(t, width) for t in summary["plan"].astype(str)]
    names = [_wrap(f"{int(n)}  {t}", 17) for n, t in zip(summary["step"], summary["stage"].astype(str))]
    heights = np.array([max(2, len(w), len(s)) + 1.2 for w, s in zip(wrapped, names)], dtype=float)
    total = heights.sum()
    fig_h = min(11.0, max(5.0, 0.26 * total + 1.4))
    ax = style.new_ax(None, figsize=(11.0, fig_h))
    fig = ax.figure
    ax.set_xlim(0, 1)
    ax.set_ylim(total, 0)
    ax.axis("off")
    top = 0.0
    colours = style.SEQUENCE
    for i, (name, lines, h) in enumerate(zip(names, wrapped, heights)):
        colour = colours[i % len(colours)] if answered[i] else style.PALETTE["grey"]
        ax.add_patch(FancyBboxPatch(
            (0.005, top + 0.15), 0.25, h - 0.3, boxstyle="round,pad=0,rounding_size=0.012",
            facecolor=colour, edgecolor="none", alpha=0.9))
        ax.text(0.02, top + h / 2, "\n".join(name), va="center", ha="left", fontsize=11.5,
                color="white", fontweight="bold", linespacing=1.25)
        ax.add_patch(FancyBboxPatch(
            (0.27, top + 0.15), 0.725, h - 0.3, boxstyle="round,pad=0,rounding_size=0.012",
            facecolor="white", edgecolor=colour, lw=1.5))
        ax.text(0.285, top + h / 2, "\n".join(lines), va="center", ha="left", fontsize=10.5,
                color="black" if answered[i] else style.PALETTE["grey"],
                fontstyle="normal" if answered[i] else "italic", linespacing=1.35)
        top += h
    default = T("Service excellence plan: one page")
    ax.set_title(style.pick(title or default, lang), fontsize=14, loc="left")
    return fig
