"""Journey plots: journey map, cycle of service, peak-end curve and critical-incident shares."""

from __future__ import annotations

from typing import Sequence

import matplotlib
import numpy as np
import pandas as pd

from .. import style
from ..data import require_columns
from ..errors import CourseDataError
from .incidents import INCIDENT_GROUPS, OUTCOMES, IncidentSummary
from .journeys import label
from .mots import cycle_of_service, identify_mots
from .peakend import _as_series, peak_end
from ..lang import T, check_lang

__all__ = ["plot_journey_map", "plot_cycle_of_service", "plot_peak_end", "plot_incident_shares"]


def plot_journey_map(df: pd.DataFrame, *, top: int = 3, method: str = "impact", ax=None, lang: str | None = None,
                     title=None):
    """Journey map: stages as columns, the mean emotion curve, moments of truth and pain points marked.

    Moments of truth are the ``top`` touchpoints by :func:`identify_mots`
    (``method``); pain points are touchpoints whose mean emotion is below zero.

    Examples
    --------
    >>> from course_lib import data
    >>> _ = plot_journey_map(data.load("journey_bank"))
    """
    lang = check_lang(lang)
    cyc = cycle_of_service(df, value="emotion")
    mots = identify_mots(df, method=method, top=top)
    mot_set = set(mots.loc[mots["mot"], "touchpoint"])
    ax = style.new_ax(ax, figsize=(max(8.0, 1.1 * len(cyc)), 5.0))
    x = np.arange(len(cyc))
    y = cyc["mean_emotion"].to_numpy()
    lo = min(-5.0, float(np.floor(y.min())) - 1)
    # stage columns
    starts = np.flatnonzero(np.r_[True, cyc["stage"].to_numpy()[1:] != cyc["stage"].to_numpy()[:-1]])
    bounds = np.r_[starts, len(cyc)]
    for i, (a, b) in enumerate(zip(bounds[:-1], bounds[1:])):
        if i % 2 == 0:
            ax.axvspan(a - 0.5, b - 0.5, color=style.PALETTE["sky"], alpha=0.12, lw=0)
        ax.text((a + b - 1) / 2, 5.4, label(cyc["stage"].iloc[a], lang), ha="center", va="bottom", fontsize=10,
                fontweight="bold")
    ax.axhline(0, color=style.PALETTE["neutral"], lw=1)
    ax.plot(x, y, "-o", color=style.PALETTE["perception"], lw=2,
            label=style.pick(T("mean emotion"), lang))
    pain = y < 0
    ax.scatter(x[pain], y[pain], s=120, color=style.PALETTE["bad"], zorder=3, marker="v",
               label=style.pick(T("pain point (mean < 0)"), lang))
    is_mot = cyc["touchpoint"].isin(mot_set).to_numpy()
    ax.scatter(x[is_mot], y[is_mot], s=320, facecolor="none", edgecolor=style.PALETTE["orange"], lw=2.5, zorder=4,
               marker="*", label=style.pick(T("moment of truth (top {top})", top=top), lang))
    ax.set_xticks(x, [label(t, lang) for t in cyc["touchpoint"]], rotation=30, ha="right")
    ax.set_ylim(lo, 6.3)
    ax.set_xlim(-0.5, len(cyc) - 0.5)
    ax.grid(axis="x", visible=False)
    ax.legend(loc="lower left", fontsize=9, ncol=3)
    return style.finish(ax, title=title or T("Customer journey map"),
                        ylabel=T("emotion (−5 … +5)"), lang=lang)


def plot_cycle_of_service(df: pd.DataFrame, *, value: str = "experience", scale: tuple[float, float] = (1, 7),
                          ax=None, lang: str | None = None, title=None):
    """The cycle of service as a circle: moments clockwise from the top, coloured by their mean rating.

    ``df`` is a journey table or the output of :func:`cycle_of_service`.

    Examples
    --------
    >>> from course_lib import data
    >>> _ = plot_cycle_of_service(data.load("journey_hotpot"), lang="zh")
    """
    lang = check_lang(lang)
    cyc = df if "position" in df.columns else cycle_of_service(df, value=value)
    col = f"mean_{value}"
    require_columns(cyc, [col, "touchpoint"], source="cycle of service")
    ax = style.new_ax(ax, figsize=(7.5, 7.5))
    n = len(cyc)
    theta = np.pi / 2 - 2 * np.pi * np.arange(n) / n
    xs, ys = np.cos(theta), np.sin(theta)
    circle = np.linspace(0, 2 * np.pi, 200)
    ax.plot(np.cos(circle), np.sin(circle), color=style.PALETTE["neutral"], lw=1.5, zorder=1)
    for i in range(n):  # arrows along the circle, one per moment (n is a handful)
        j = (i + 1) % n
        ax.annotate("", xy=(xs[j] * 0.97, ys[j] * 0.97), xytext=(xs[i] * 0.97, ys[i] * 0.97),
                    arrowprops=dict(arrowstyle="->", color=style.PALETTE["neutral"], lw=1,
                                    connectionstyle="arc3,rad=-0.25", shrinkA=14, shrinkB=14))
    cmap = matplotlib.colormaps["RdYlGn"]
    vals = cyc[col].to_numpy(dtype=float)
    sc = ax.scatter(xs, ys, s=900, c=vals, cmap=cmap, vmin=scale[0], vmax=scale[1], zorder=3,
                    edgecolor="black", lw=0.8)
    for i in range(n):
        ax.text(xs[i], ys[i], f"{vals[i]:.1f}", ha="center", va="center", fontsize=9, zorder=4)
        ha = "left" if xs[i] > 0.2 else "right" if xs[i] < -0.2 else "center"
        va = "bottom" if ys[i] > 0.5 else "top" if ys[i] < -0.5 else "center"
        ax.text(xs[i] * 1.2, ys[i] * 1.2, f"{i + 1}. {label(cyc['touchpoint'].iloc[i], lang)}",
                ha=ha, va=va, fontsize=10)
    cbar = ax.figure.colorbar(sc, ax=ax, shrink=0.6, pad=0.02)
    cbar.set_label(style.pick(T("mean {value}", context="experience", value=value) if value == "experience"
                              else T("mean {value}", value=value), lang))
    ax.set_aspect("equal")
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.5, 1.5)
    ax.axis("off")
    return style.finish(ax, title=title or T("Cycle of service"), lang=lang)


def plot_peak_end(profile, *, end_window: int = 1, signed: bool = True, labels: Sequence[str] | None = None,
                  ax=None, lang: str | None = None, title=None, name=None):
    """Emotion curve of one episode with the peak, the end window, the mean and the remembered score.

    ``name`` labels the curve in the legend (a string or ``{"en": …, "zh": …}``).

    Examples
    --------
    >>> _ = plot_peak_end([0, -2, -4, 1, 3], end_window=2, lang="zh")
    """
    lang = check_lang(lang)
    pe = peak_end(profile, end_window=end_window, signed=signed)
    arr = _as_series(profile)
    ax = style.new_ax(ax, figsize=(8.0, 4.6))
    x = np.arange(1, arr.size + 1)
    ax.plot(x, arr, "-o", color=style.PALETTE["perception"], lw=2,
            label=style.pick(name or T("moment by moment"), lang))
    ax.axvspan(arr.size - end_window + 0.5, arr.size + 0.5, color=style.PALETTE["sky"], alpha=0.2, lw=0,
               label=style.pick(T("end ({end_window} moment{value})",
                                  end_window=end_window, value='s' if end_window > 1 else ''), lang))
    ax.scatter([pe.peak_index + 1], [pe.peak], s=260, marker="*", zorder=4,
               color=style.PALETTE["bad"] if (pe.peak < 0 or not signed) else style.PALETTE["good"],
               label=style.pick(T("peak = {peak:g}", peak=pe.peak), lang))
    ax.axhline(pe.score, color=style.PALETTE["orange"], lw=2, ls="--",
               label=style.pick(T("remembered (peak-end) = {score:.2f}", score=pe.score), lang))
    ax.axhline(pe.mean, color=style.PALETTE["neutral"], lw=1.5, ls=":",
               label=style.pick(T("average = {mean:.2f}", mean=pe.mean), lang))
    if signed:
        ax.axhline(0, color="black", lw=0.6)
    if labels is not None:
        ax.set_xticks(x, [label(t, lang) for t in labels], rotation=30, ha="right")
    else:
        ax.set_xticks(x)
    ax.legend(loc="best", fontsize=9)
    return style.finish(ax, title=title or T("Peak-end profile"),
                        xlabel=None if labels is not None else T("moment"),
                        ylabel=T("emotion") if signed else T("intensity"),
                        lang=lang)


def plot_incident_shares(summary: IncidentSummary, *, ax=None, lang: str | None = None, title=None):
    """Bars: how satisfactory and dissatisfactory incidents split over the three groups.

    Examples
    --------
    >>> from course_lib import data, journey
    >>> _ = plot_incident_shares(journey.incident_summary(data.load("journey_incidents")))
    """
    lang = check_lang(lang)
    if not isinstance(summary, IncidentSummary):
        raise CourseDataError(T("plot_incident_shares needs the result of incident_summary(...)"),
                              fix=T("call plot_incident_shares(journey.incident_summary(log))"))
    ax = style.new_ax(ax, figsize=(8.5, 4.8))
    shares = summary.shares
    x = np.arange(len(shares))
    width = 0.38
    colours = {"satisfactory": style.PALETTE["good"], "dissatisfactory": style.PALETTE["bad"]}
    for k, outcome in enumerate(OUTCOMES):
        vals = shares[outcome].to_numpy(dtype=float) * 100
        bars = ax.bar(x + (k - 0.5) * width, vals, width, color=colours[outcome],
                      label=f"{label(outcome, lang)} (n = {int(summary.counts[outcome].sum())})")
        ax.bar_label(bars, fmt="%.0f%%", fontsize=9)
    ax.set_xticks(x, ["\n".join(_wrap(style.pick(INCIDENT_GROUPS[g], lang), 26 if lang == "en" else 10))
                      for g in shares.index])
    ax.legend(fontsize=10)
    ax.grid(axis="x", visible=False)
    ax.set_ylim(0, max(60.0, float(np.nanmax(shares.to_numpy())) * 100 + 10))
    p = summary.p_value
    sub = f"χ² = {summary.chi2:.1f}, df = {summary.dof}, p {'< 0.001' if p < 0.001 else f'= {p:.3f}'}"
    return style.finish(ax, title=title or T("Critical incidents by group ({sub})", sub=sub),
                        ylabel=T("share of the outcome's incidents (%)"),
                        lang=lang)


def _wrap(text: str, width: int) -> list[str]:
    if " " not in text:
        return [text[i:i + width] for i in range(0, len(text), width)]
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line]

