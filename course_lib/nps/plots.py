"""NPS plots (``lang="en"|"zh"``): shares and NPS by segment, NPS over time, outcome by driver level."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import style
from ..data import require_columns
from .loyalty import outcome_by_level  # noqa: F401  (the examples use these three)
from .sample import simulate_surveys  # noqa: F401
from .score import CATEGORIES
from .segments import nps_by  # noqa: F401
from ..lang import T, check_lang

__all__ = ["plot_segments", "plot_trend", "plot_outcome_by_level"]

_LABELS = {
    "detractor": T("Detractors (0–6)"),
    "passive": T("Passives (7–8)"),
    "promoter": T("Promoters (9–10)"),
}
_COLOURS = {"detractor": style.PALETTE["bad"], "passive": "#BBBBBB", "promoter": style.PALETTE["good"]}


def _signed(value: float) -> str:
    """Whole NPS points with a sign, never "-0"."""
    return f"{int(round(value)) + 0:+d}"


def _label_of(key, labels, names=None, lang: str | None = None) -> str:
    """``labels[key]`` if given, else the display label of the code (``names``: the index's level names)."""
    if labels and key in labels:
        return style.pick(labels[key], lang)
    if isinstance(key, tuple) and labels and " · ".join(map(str, key)) in labels:
        return style.pick(labels[" · ".join(map(str, key))], lang)
    from ..labels import label

    return label(key, names, lang)


def plot_segments(table: pd.DataFrame, ax=None, lang: str | None = None, *, labels: dict | None = None, title=None):
    """Stacked detractor/passive/promoter shares per segment, with NPS and interval beside each bar.

    ``table`` is the output of :func:`nps_by`; ``labels`` maps group keys to display names (default:
    the labels of the data's codes, :func:`course_lib.labels.label`).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"store": ["A"] * 4 + ["B"] * 4, "score": [10, 9, 7, 2, 9, 6, 5, 3]})
    >>> _ = plot_segments(nps_by(df, "store"), lang="zh")
    """
    lang = check_lang(lang)
    require_columns(table, ["promoters", "passives", "detractors", "nps", "low", "high"], source="NPS table",
                    fix="pass the table returned by course_lib.nps.nps_by")
    ax = style.new_ax(ax, figsize=(9, 0.6 * len(table) + 1.8))
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for cat, col in zip(CATEGORIES, ("detractors", "passives", "promoters")):
        width = table[col].to_numpy(dtype=float)
        ax.barh(y, width, left=left, color=_COLOURS[cat], label=style.pick(_LABELS[cat], lang), height=0.65)
        for yi, l, w in zip(y, left, width):
            if w >= 0.08:
                ax.text(l + w / 2, yi, f"{w:.0%}", ha="center", va="center", fontsize=10,
                        color="white" if cat != "passive" else "black")
        left = left + width
    for yi, (_, row) in zip(y, table.iterrows()):
        ax.text(1.02, yi, f"NPS {_signed(row['nps'])}  [{_signed(row['low'])}, {_signed(row['high'])}]",
                va="center", ha="left", fontsize=11, transform=ax.get_yaxis_transform())
    names = list(table.index.names) if table.index.nlevels > 1 else table.index.name
    ax.set_yticks(y, [_label_of(k, labels, names, lang) for k in table.index])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.grid(False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=10)
    style.finish(ax, xlabel=T("Share of respondents"), lang=lang)
    ax.set_title(style.pick(title or T("NPS by segment"), lang), pad=30)
    return ax


def plot_trend(trend: pd.DataFrame, ax=None, lang: str | None = None, *, reference: float | None = None, title=None):
    """NPS per period as a line with its interval band; significant changes are marked.

    ``trend`` is the output of :func:`nps_trend` or :func:`simulate_surveys`
    (one segment); ``reference`` draws a horizontal line (e.g. the true NPS).

    Examples
    --------
    >>> _ = plot_trend(simulate_surveys(0.45, 0.2, 200), reference=25)
    """
    lang = check_lang(lang)
    require_columns(trend, ["nps", "low", "high"], source="NPS trend",
                    fix="pass the table returned by course_lib.nps.nps_trend")
    ax = style.new_ax(ax, figsize=(9, 4.5))
    x = np.arange(len(trend))
    ax.fill_between(x, trend["low"], trend["high"], color=style.PALETTE["sky"], alpha=0.3,
                    label=style.pick(T("interval"), lang))
    ax.plot(x, trend["nps"], marker="o", color=style.PALETTE["blue"], label="NPS")
    if "significant" in trend.columns and trend["significant"].any():
        sig = trend["significant"].to_numpy()
        ax.scatter(x[sig], trend["nps"].to_numpy()[sig], s=140, facecolors="none",
                   edgecolors=style.PALETTE["vermillion"], linewidths=2, zorder=3,
                   label=style.pick(T("significant change"), lang))
    if reference is not None:
        ax.axhline(reference, color=style.PALETTE["grey"], linestyle="--",
                   label=style.pick(T("true NPS"), lang))
    names = list(trend.index.names) if trend.index.nlevels > 1 else trend.index.name
    labels = [_label_of(k, None, names, lang) for k in trend.index]
    step = max(1, len(labels) // 12)
    ax.set_xticks(x[::step], labels[::step], rotation=45 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
    ax.legend(loc="best", fontsize=10)
    style.finish(ax, title=title or T("NPS over time"),
                 xlabel=T("Period"), ylabel="NPS", lang=lang)
    return ax


def plot_outcome_by_level(table: pd.DataFrame, ax=None, lang: str | None = None, *, xlabel=None, ylabel=None, title=None):
    """Outcome mean per driver level (from :func:`outcome_by_level`) with interval bars; one line per ``by`` group.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sat": [1, 1, 7, 7], "came_back": [False, True, True, True]})
    >>> _ = plot_outcome_by_level(outcome_by_level(df, "sat", "came_back"))
    """
    lang = check_lang(lang)
    require_columns(table, ["mean", "low", "high"], source="outcome table",
                    fix="pass the table returned by course_lib.nps.outcome_by_level")
    ax = style.new_ax(ax, figsize=(8, 4.5))
    groups = [(None, table)] if table.index.nlevels == 1 else list(table.groupby(level=0, sort=True))
    from ..labels import label

    for i, (name, part) in enumerate(groups):
        levels = part.index.get_level_values(-1)
        err = np.clip(np.vstack([part["mean"] - part["low"], part["high"] - part["mean"]]), 0, None)
        ax.errorbar(levels, part["mean"], yerr=err, marker="o", capsize=3, color=style.SEQUENCE[i % 8],
                    label=None if name is None else label(name, table.index.names[0], lang))
    if len(groups) > 1:
        ax.legend(fontsize=10)
    style.finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, lang=lang)
    return ax
