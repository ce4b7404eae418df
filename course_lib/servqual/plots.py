"""SERVQUAL charts: radar of E and P, sorted gap bars with intervals, the IPA grid, the zone of tolerance.

Imports :mod:`course_lib.style` (matplotlib); the package exports these functions lazily, so
``import course_lib.servqual`` alone does not load matplotlib.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from .. import style
from ..errors import CourseDataError
from .gaps import Gaps, gap_scores, mean_interval
from .importance import IPA, QUADRANTS
from .model import _KINDS, DIMENSIONS, ITEMS, _check_scale, _dim_label, _DIM_OF
from .zone import Zone
from ..lang import T, check_lang

__all__ = ["plot_radar", "plot_gaps", "plot_ipa", "plot_zone"]


def _dimension_means(data, scale, source) -> pd.DataFrame:
    if isinstance(data, Gaps):
        return data.dimensions
    if isinstance(data, pd.DataFrame) and {"E", "P"} <= set(data.columns) and set(data.index) <= set(DIMENSIONS):
        return data
    return gap_scores(data, scale=scale, source=source).dimensions


def plot_radar(data, *, ax=None, lang: str | None = None, scale=(1, 7), title=None, source: str = "survey"):
    """Radar (spider) chart of mean expectations and perceptions per dimension.

    ``data`` is a survey (canonical wide table), a :class:`Gaps` result, or a table indexed by
    dimension with columns ``E`` and ``P``. Needs a polar Axes (made if ``ax`` is None).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"E": [6, 6.5, 6, 6.2, 5.8], "P": [5.5, 5, 5.2, 5.9, 5.1]}, index=list(DIMENSIONS))
    >>> ax = plot_radar(t, lang="zh")
    >>> [t.get_text() for t in ax.get_xticklabels()][:2]
    ['有形性', '可靠性']
    """
    lang = check_lang(lang)
    lo, hi = _check_scale(scale)
    t = _dimension_means(data, (lo, hi), source)
    if ax is None:
        import matplotlib.pyplot as plt
        style.use()
        _, ax = plt.subplots(figsize=(6, 6), subplot_kw={"projection": "polar"})
    elif getattr(ax, "name", "") != "polar":
        raise CourseDataError(T("the radar chart needs a polar Axes"), source="plot_radar",
                              expected=T("ax=None, or an Axes made with subplot_kw={'projection': 'polar'}"),
                              fix=T("leave ax=None or create a polar subplot"))
    angles = np.linspace(0, 2 * np.pi, len(t), endpoint=False)
    closed = np.append(angles, angles[0])
    for kind, colour, marker in (("E", style.PALETTE["expectation"], "o"), ("P", style.PALETTE["perception"], "s")):
        vals = np.append(t[kind].to_numpy(), t[kind].to_numpy()[0])
        ax.plot(closed, vals, color=colour, marker=marker, linewidth=2, label=style.pick(_KINDS[kind], lang))
        ax.fill(closed, vals, color=colour, alpha=0.12)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles)
    ax.set_xticklabels([_dim_label(d, lang) for d in t.index])
    ax.tick_params(axis="x", pad=8)
    ax.set_ylim(lo, hi)
    ax.set_yticks(np.arange(lo + 1, hi))
    ax.tick_params(axis="y", labelsize=9, colors=style.PALETTE["grey"])
    ax.set_rlabel_position(180 / len(t))
    ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.1))
    ax.set_title(style.pick(title or T("Expectations vs perceptions"), lang), pad=20)
    return ax




def plot_gaps(df: pd.DataFrame, *, level: str = "dimension", dimension: str | None = None, confidence: float = 0.95,
              ax=None, lang: str | None = None, scale=(1, 7), source: str = "survey"):
    """Sorted diverging bars of mean gaps (P − E) with confidence intervals.

    ``level="dimension"`` shows the five dimension gaps; ``level="item"`` the item gaps (only those
    of ``dimension`` if given). Negative gaps (perceptions below expectations) are drawn in the
    "bad" colour, the most negative at the top.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [6, 7, 6], "P1": [5, 5, 6], "E5": [7, 7, 6], "P5": [4, 5, 5]})
    >>> ax = plot_gaps(df)
    >>> [t.get_text() for t in ax.get_yticklabels()]  # bottom to top: the worst gap on top
    ['Tangibles', 'Reliability']
    """
    lang = check_lang(lang)
    if level not in ("dimension", "item"):
        raise CourseDataError(T("level={level} is not an option", level=repr(level)), source="plot_gaps",
                              column="level",
                              expected=T("'dimension' or 'item'"), fix=T("pass level='dimension' or level='item'"))
    if dimension is not None and dimension not in DIMENSIONS:
        raise CourseDataError(T("unknown dimension {dimension}", dimension=repr(dimension)), source="plot_gaps",
                              column="dimension",
                              expected=T("one of {names}", names=", ".join(DIMENSIONS)),
                              fix=T("use a dimension key"))
    g = gap_scores(df, scale=scale, source=source)
    if level == "dimension" and dimension is None:
        block = g.respondents[list(g.dimensions.index)].to_numpy()
        labels = [_dim_label(d, lang) for d in g.dimensions.index]
    else:
        nums = [i for i in g.items.index if dimension is None or _DIM_OF[i] == dimension]
        block = g.respondents[[f"G{i}" for i in nums]].to_numpy()
        short = {it.number: it.label(lang) for it in ITEMS}
        labels = [f"{i}. {short[i]}" for i in nums]
    mean, half = mean_interval(block, confidence)
    return plot_gap_bars(mean, half, labels, ax=ax, lang=lang, confidence=confidence)


def plot_gap_bars(mean, half, labels, ax=None, lang: str = "en", confidence: float = 0.95):
    """Sorted diverging bars of mean gaps (P − E) with their intervals, the most negative on top,
    from numbers already computed (:func:`plot_gaps` and the survey report both draw with it).

    Examples
    --------
    >>> ax = plot_gap_bars([-0.5, 0.2], [0.1, 0.1], ["Tangibles", "Reliability"])
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['Reliability', 'Tangibles']
    """
    mean, half = np.asarray(mean, dtype="float64"), np.asarray(half, dtype="float64")
    order = np.argsort(-mean, kind="stable")  # barh draws bottom-up: most negative ends on top
    ax = style.new_ax(ax, figsize=(8, max(3.0, 0.42 * len(order) + 1.2)))
    y = np.arange(len(order))
    colours = [style.PALETTE["bad"] if m < 0 else style.PALETTE["good"] for m in mean[order]]
    ax.barh(y, mean[order], xerr=half[order], color=colours, ecolor=style.PALETTE["black"], capsize=3)
    ax.axvline(0, color=style.PALETTE["black"], linewidth=1)
    ax.set_yticks(y)
    ax.set_yticklabels([labels[i] for i in order])
    ax.grid(axis="y", visible=False)
    pct = int(round(confidence * 100))
    return style.finish(ax, title=T("Service quality gaps (P − E)"),
                        xlabel=T("mean gap with {pct}% interval", pct=pct), lang=lang)


def plot_ipa(result: IPA, *, ax=None, lang: str | None = None, labels: Mapping[str, str] | None = None):
    """Importance-performance grid: points, crosshair and the four quadrant names.

    Examples
    --------
    >>> from course_lib.servqual import ipa
    >>> res = ipa({"a": 1, "b": 3, "c": 2}, {"a": 5, "b": 4, "c": 6})
    >>> ax = plot_ipa(res, lang="zh")
    >>> sorted(t.get_text() for t in ax.texts if "区" in t.get_text())
    ['低优先区', '可能过度区', '继续保持区', '重点改进区']
    """
    lang = check_lang(lang)
    if not isinstance(result, IPA):
        raise CourseDataError(T("plot_ipa needs the result of servqual.ipa(...), got {type}",
                                type=type(result).__name__),
                              source="plot_ipa", fix=T("call res = servqual.ipa(importance, performance) first"))
    ax = style.new_ax(ax, figsize=(7.5, 6))
    t = result.table
    colours = {"concentrate": style.PALETTE["bad"], "keep_up": style.PALETTE["good"],
               "low_priority": style.PALETTE["neutral"], "overkill": style.PALETTE["orange"]}
    ax.scatter(t["performance"], t["importance"], s=80, c=[colours[q] for q in t["quadrant"]], zorder=3)
    for name, row in t.iterrows():
        text = (labels or {}).get(name) or (_dim_label(name, lang) if name in DIMENSIONS else str(name))
        ax.annotate(text, (row["performance"], row["importance"]), xytext=(6, 4), textcoords="offset points")
    xs, ys = t["performance"], t["importance"]
    xpad = max(float(xs.max() - xs.min()), 1e-9) * 0.25
    ypad = max(float(ys.max() - ys.min()), 1e-9) * 0.25
    x0, x1 = min(xs.min(), result.performance_line) - xpad, max(xs.max(), result.performance_line) + xpad
    y0, y1 = min(ys.min(), result.importance_line) - ypad, max(ys.max(), result.importance_line) + ypad
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.axvline(result.performance_line, color=style.PALETTE["black"], linestyle="--", linewidth=1)
    ax.axhline(result.importance_line, color=style.PALETTE["black"], linestyle="--", linewidth=1)
    corners = {"concentrate": (x0, y1, "left", "top"), "keep_up": (x1, y1, "right", "top"),
               "low_priority": (x0, y0, "left", "bottom"), "overkill": (x1, y0, "right", "bottom")}
    for q, (x, y, ha, va) in corners.items():
        ax.text(x, y, style.pick(QUADRANTS[q], lang), ha=ha, va=va, color=colours[q], fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 2})
    ax.set_title(style.pick(T("Importance-performance analysis"), lang), pad=12)
    style.finish(ax,
                 xlabel=T("performance"), ylabel=T("importance"),
                 lang=lang)
    return ax


def plot_zone(result: Zone, *, level: str = "dimension", ax=None, lang: str | None = None, scale=(1, 9)):
    """Zone-of-tolerance chart: a band from adequate to desired service and a marker at perceived.

    Examples
    --------
    >>> import pandas as pd
    >>> from course_lib.servqual import zone_of_tolerance
    >>> df = pd.DataFrame({"A11": [5, 4], "D11": [8, 8], "P11": [4, 3]})
    >>> ax = plot_zone(zone_of_tolerance(df), lang="zh")
    >>> ax.get_yticklabels()[0].get_text()
    '响应性'
    """
    lang = check_lang(lang)
    if not isinstance(result, Zone):
        raise CourseDataError(T("plot_zone needs the result of servqual.zone_of_tolerance(...), got {type}",
                                type=type(result).__name__), source="plot_zone",
                              fix=T("call z = servqual.zone_of_tolerance(df) first"))
    if level not in ("dimension", "item"):
        raise CourseDataError(T("level={level} is not an option", level=repr(level)), source="plot_zone",
                              column="level",
                              expected=T("'dimension' or 'item'"), fix=T("pass level='dimension' or 'item'"))
    lo, hi = _check_scale(scale)
    t = result.dimensions if level == "dimension" else result.items
    labels = ([_dim_label(d, lang) for d in t.index] if level == "dimension"
              else [f"{i}. {DIMENSIONS[_DIM_OF[i]].label(lang)}" for i in t.index])
    ax = style.new_ax(ax, figsize=(8, max(3.0, 0.45 * len(t) + 1.2)))
    y = np.arange(len(t))[::-1]
    ax.barh(y, t["D"] - t["A"], left=t["A"], height=0.5, color=style.PALETTE["sky"], alpha=0.5,
            label=style.pick(T("zone of tolerance (adequate → desired)"), lang))
    colours = {"below": style.PALETTE["bad"], "within": style.PALETTE["blue"], "above": style.PALETTE["good"]}
    for pos, name in (("below", T("perceived: below")),
                      ("within", T("perceived: within")),
                      ("above", T("perceived: above"))):
        sel = (t["position"] == pos).to_numpy()
        if sel.any():
            ax.scatter(t["P"].to_numpy()[sel], y[sel], marker="D", s=60, color=colours[pos], zorder=3,
                       label=style.pick(name, lang))
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    ax.set_xlim(lo - 0.2, hi + 0.2)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, fontsize=10)
    style.finish(ax, title=T("Zone of tolerance"),
                 xlabel=T("mean rating"), lang=lang)
    return ax

