"""Feedback plots (``lang="en"|"zh"``): the Pareto chart of complaints and the recovery comparison."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import style
from ..data import require_columns
from .complaints import COMPLAINT_LABELS, pareto  # noqa: F401  (pareto and recovery_summary: for the examples)
from .recovery import RECOVERY_GROUPS, recovery_summary  # noqa: F401
from ..lang import T, check_lang

__all__ = ["plot_pareto", "plot_recovery"]

_GROUP_LABELS = {
    "no_failure": T("No failure"),
    "recovered": T("Failure, recovered"),
    "unresolved": T("Failure, unresolved"),
}
_OUTCOME_LABELS = {
    "satisfaction": T("Satisfaction (1–7)"),
    "return_intention": T("Return intention (1–7)"),
}


def _label(key, labels, lang) -> str:
    if labels and key in labels:
        return style.pick(labels[key], lang)
    return str(key)


def plot_pareto(table: pd.DataFrame, ax=None, lang: str | None = None, *, labels: dict | None = None,
                threshold: float = 0.8, title=None):
    """Pareto chart: bars per category (vital few highlighted) and the cumulative share line.

    ``table`` is the output of :func:`pareto`; ``labels`` maps categories to
    ``{"en": …, "zh": …}`` (default: :data:`COMPLAINT_LABELS`). Returns the bar Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> _ = plot_pareto(pareto(pd.DataFrame({"category": list("AAAAABBBCD")})), lang="zh")
    """
    lang = check_lang(lang)
    require_columns(table, ["count", "cumulative", "vital_few"], source="Pareto table",
                    fix="pass the table returned by course_lib.feedback.pareto")
    labels = COMPLAINT_LABELS if labels is None else labels
    ax = style.new_ax(ax, figsize=(10, 5))
    x = np.arange(len(table))
    colours = np.where(table["vital_few"], style.PALETTE["vermillion"], style.PALETTE["grey"])
    ax.bar(x, table["count"], color=colours)
    ax.set_xticks(x, [_label(k, labels, lang) for k in table.index], rotation=35, ha="right")
    ax.grid(axis="x", visible=False)
    twin = ax.twinx()
    twin.plot(x, table["cumulative"], color=style.PALETTE["blue"], marker="o")
    twin.axhline(threshold, color=style.PALETTE["blue"], linestyle=":", linewidth=1)
    twin.set_ylim(0, 1.05)
    twin.yaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    twin.grid(False)
    twin.spines["right"].set_visible(True)
    twin.set_ylabel(style.pick(T("Cumulative share"), lang))
    n_vital = int(table["vital_few"].sum())
    note = T("vital few: {n_vital} of {n_table} categories = {sum:.0%}",
             n_vital=n_vital, n_table=len(table), sum=table['share'][table['vital_few']].sum())
    ax.text(0.98, 0.6, style.pick(note, lang), transform=ax.transAxes, ha="right", fontsize=11,
            color=style.PALETTE["vermillion"])
    style.finish(ax, title=title or T("Complaints by category (Pareto)"),
                 ylabel=T("Complaints"), lang=lang)
    return ax


def plot_recovery(summary: pd.DataFrame, ax=None, lang: str | None = None, *, title=None):
    """Bars of each outcome's mean for no failure / recovered / unresolved, with interval bars.

    ``summary`` is the output of :func:`recovery_summary`.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"group": ["no_failure"] * 2 + ["recovered"] * 2 + ["unresolved"] * 2,
    ...                   "satisfaction": [6, 6, 6, 7, 2, 3], "return_intention": [6, 6, 6, 6, 2, 2]})
    >>> _ = plot_recovery(recovery_summary(s), lang="zh")
    """
    lang = check_lang(lang)
    require_columns(summary, ["mean", "low", "high"], source="recovery summary",
                    fix="pass the table returned by course_lib.feedback.recovery_summary")
    ax = style.new_ax(ax, figsize=(9, 4.8))
    outcomes = list(dict.fromkeys(summary.index.get_level_values(0)))
    colours = {"no_failure": style.PALETTE["blue"], "recovered": style.PALETTE["good"],
               "unresolved": style.PALETTE["bad"]}
    width = 0.8 / len(RECOVERY_GROUPS)
    for j, key in enumerate(RECOVERY_GROUPS):
        part = summary.xs(key, level=1).reindex(outcomes) if key in summary.index.get_level_values(1) else None
        if part is None:
            continue
        x = np.arange(len(outcomes)) + (j - 1) * width
        err = np.vstack([part["mean"] - part["low"], part["high"] - part["mean"]])
        ax.bar(x, part["mean"], width=width * 0.95, yerr=err, capsize=3, color=colours[key],
               label=style.pick(_GROUP_LABELS[key], lang))
        for xi, m in zip(x, part["mean"]):
            ax.text(xi, 0.15, f"{m:.2f}", ha="center", va="bottom", color="white", fontsize=10)
    ax.set_xticks(np.arange(len(outcomes)), [_label(o, _OUTCOME_LABELS, lang) for o in outcomes])
    ax.set_ylim(0, 7.5)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=10)
    style.finish(ax, ylabel=T("Mean score"), lang=lang)
    ax.set_title(style.pick(title or T("After a service failure"), lang), pad=28)
    return ax
