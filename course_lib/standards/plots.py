"""Plots of the standards package (``lang="en"|"zh"``): rates, trends, p-charts, staffing, DiD, cycle, guarantee."""

from __future__ import annotations

import math
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .. import style
from ..data import require_columns
from ._args import _as_list
from .compliance import compliance, p_chart  # noqa: F401  (compliance, p_chart, the cycle and guarantee
from .cycle import commitment_scorecard, score_cycle  # noqa: F401  helpers and Standard: for the examples)
from .cycle import STAGE_NAMES
from .guarantee import EXAMPLE_GUARANTEES, GuaranteeScore, score_guarantee  # noqa: F401
from .staffing import agents_needed, erlang_c, staffing_curve
from .standard import Standard  # noqa: F401
from ..lang import T, check_lang

__all__ = [
    "plot_compliance",
    "plot_compliance_trend",
    "plot_p_chart",
    "plot_staffing",
    "plot_did",
    "plot_cycle",
    "plot_guarantee",
]

_T = {
    "rate": T("Promise-kept rate"),
    "target": T("Target"),
    "unit": T("Unit"),
    "period": T("Period"),
    "center": T("Centre line"),
    "limits": T("3-sigma limits"),
    "ooc": T("Out of control"),
    "pchart": T("p-chart of the promise-kept rate"),
    "agents": T("Agents on duty"),
    "sl": T("Service level"),
    "staffing": T("Staffing to a promise (Erlang C)"),
    "needed": T("needed"),
    "did": T("Did training work? Difference in differences"),
    "trained": T("Trained branches"),
    "control": T("Comparison branches"),
    "counterfactual": T("Trained, had they followed the comparison trend"),
    "start": T("Training starts"),
    "cycle": T("Commitment cycle: maturity by stage"),
    "maturity": T("Maturity (0–4)"),
    "guarantee": T("Guarantee checklist (Hart 1988)"),
    "gscore": T("Score (0 = no, 1 = partly, 2 = yes)"),
}


def _key_labels(table: pd.DataFrame, keys: list[str], lang: str | None = None) -> list[str]:
    from ..labels import label

    def fmt(v, k):
        if isinstance(v, pd.Timestamp):
            return v.strftime("%Y-%m-%d")
        return label(v, k, lang)
    return [" · ".join(fmt(table[k].iloc[i], k) for k in keys) for i in range(len(table))]


def plot_compliance(table: pd.DataFrame, *, by: str | Sequence[str] | None = None, target: float | None = None,
                    title=None, ax=None, lang: str | None = None):
    """Bars of the promise-kept rate per unit with Wilson intervals and the target line.

    ``table`` is the output of :func:`compliance`. Bars whose whole interval is
    below the target are coloured "bad", above it "good", the others neutral.

    Examples
    --------
    >>> import pandas as pd
    >>> t = compliance(pd.DataFrame({"u": ["A", "B"] * 10, "w": range(20)}), Standard("w", 12, 0.8), by="u")
    >>> _ = plot_compliance(t, lang="zh")
    """
    lang = check_lang(lang)
    require_columns(table, ["rate", "lower", "upper"], source="compliance table")
    keys = _as_list(by) or [c for c in table.columns if c not in (
        "n", "kept", "rate", "lower", "upper", "target", "meets_target", "status")]
    ax = style.new_ax(ax, figsize=(max(6.0, 0.7 * len(table) + 2), 4.8))
    x = np.arange(len(table))
    status = table["status"] if "status" in table else pd.Series("unclear", index=table.index)
    colours = status.map({"below": style.PALETTE["bad"], "above": style.PALETTE["good"]}).fillna(
        style.PALETTE["neutral"])
    rate = table["rate"].to_numpy()
    ax.bar(x, rate, color=colours.tolist(), width=0.7)
    ax.errorbar(x, rate, yerr=[rate - table["lower"].to_numpy(), table["upper"].to_numpy() - rate],
                fmt="none", ecolor="black", capsize=4, lw=1.2)
    if target is None and "target" in table:
        target = float(table["target"].iloc[0])
    if target is not None:
        ax.axhline(target, color=style.PALETTE["expectation"], ls="--", lw=2)
        ax.set_xlim(-0.6, len(table) - 0.4 + 0.9)
        ax.text(len(table) - 0.35, target, f"{style.pick(_T['target'], lang)}\n{target:.0%}", va="center",
                ha="left", fontsize=10, color=style.PALETTE["expectation"])
    ax.set_xticks(x)
    ax.set_xticklabels(_key_labels(table, keys, lang) if keys else [""], rotation=30 if len(table) > 6 else 0,
                       ha="right" if len(table) > 6 else "center")
    low = float(min(table["lower"].min(), target if target is not None else 1))
    ax.set_ylim(max(0.0, low - 0.1), 1.02)
    ax.yaxis.set_major_formatter(_pct())
    return style.finish(ax, title=title or _T["rate"], ylabel=_T["rate"], lang=lang)


def _pct():
    from matplotlib.ticker import PercentFormatter
    return PercentFormatter(1.0, decimals=0)


def plot_compliance_trend(table: pd.DataFrame, *, period: str, by: str | None = None, target: float | None = None,
                          highlight: Sequence | None = None, title=None, xlabel=None, ax=None, lang: str | None = None):
    """Promise-kept rate over periods, one line per unit with its Wilson band.

    ``highlight`` lists units drawn in colour; the others are drawn in grey (a
    crowded chart stays readable).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"m": [1, 1, 2, 2, 3, 3], "u": ["A", "B"] * 3, "w": [1, 9, 2, 8, 12, 3]})
    >>> t = compliance(ev, Standard("w", 5, 0.8), by="u", period="m")
    >>> _ = plot_compliance_trend(t, period="m", by="u")
    """
    lang = check_lang(lang)
    require_columns(table, [period, "rate", "lower", "upper"] + ([by] if by else []), source="compliance table")
    ax = style.new_ax(ax)
    groups = [(None, table)] if by is None else list(table.groupby(by, sort=True, observed=True))
    colour_i = 0
    for name, g in groups:
        g = g.sort_values(period)
        grey = highlight is not None and name not in set(highlight)
        colour = style.PALETTE["neutral"] if grey else style.SEQUENCE[colour_i % len(style.SEQUENCE)]
        if not grey:
            colour_i += 1
        ax.plot(g[period], g["rate"], marker="o", color=colour, lw=1.2 if grey else 2, alpha=0.6 if grey else 1,
                label=None if (grey or name is None) else _key_labels(pd.DataFrame({by: [name]}), [by], lang)[0])
        if not grey:
            ax.fill_between(g[period], g["lower"], g["upper"], color=colour, alpha=0.15, lw=0)
    if target is None and "target" in table:
        target = float(table["target"].iloc[0])
    if target is not None:
        ax.axhline(target, color=style.PALETTE["expectation"], ls="--", lw=2,
                   label=f"{style.pick(_T['target'], lang)} {target:.0%}")
    ax.yaxis.set_major_formatter(_pct())
    ax.legend(loc="best", fontsize=10)
    if pd.api.types.is_datetime64_any_dtype(table[period]):
        ax.figure.autofmt_xdate()
    return style.finish(ax, title=title or _T["rate"], xlabel=xlabel or _T["period"], ylabel=_T["rate"], lang=lang)


def plot_p_chart(chart: pd.DataFrame, *, by: str | Sequence[str] | None = None, title=None, ax=None,
                 lang: str | None = None):
    """Draw a :func:`p_chart` table: points, centre line, stepped limits, out-of-control points marked.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"unit": ["A"] * 50 + ["B"] * 50, "t": [1] * 45 + [9] * 5 + [1] * 25 + [9] * 25})
    >>> _ = plot_p_chart(p_chart(ev, Standard("t", 5, 0.8)))
    """
    lang = check_lang(lang)
    require_columns(chart, ["rate", "center", "lcl", "ucl", "out_of_control"], source="p-chart table")
    keys = _as_list(by) or [c for c in chart.columns if c not in (
        "n", "kept", "rate", "center", "lcl", "ucl", "out_of_control", "side")]
    ax = style.new_ax(ax, figsize=(max(7.0, 0.6 * len(chart) + 2), 4.8))
    x = np.arange(len(chart))
    ax.step(np.r_[x - 0.5, x[-1] + 0.5], np.r_[chart["ucl"].to_numpy(), chart["ucl"].iloc[-1]], where="post",
            color=style.PALETTE["bad"], ls="--", lw=1.2, label=style.pick(_T["limits"], lang))
    ax.step(np.r_[x - 0.5, x[-1] + 0.5], np.r_[chart["lcl"].to_numpy(), chart["lcl"].iloc[-1]], where="post",
            color=style.PALETTE["bad"], ls="--", lw=1.2)
    ax.axhline(float(chart["center"].iloc[0]), color=style.PALETTE["good"], lw=1.5,
               label=f"{style.pick(_T['center'], lang)} {float(chart['center'].iloc[0]):.1%}")
    ooc = chart["out_of_control"].to_numpy(dtype=bool)
    ax.plot(x, chart["rate"], color=style.PALETTE["blue"], marker="o", lw=1)
    if ooc.any():
        ax.scatter(x[ooc], chart["rate"].to_numpy()[ooc], s=120, facecolors="none",
                   edgecolors=style.PALETTE["bad"], linewidths=2.5, zorder=5, label=style.pick(_T["ooc"], lang))
    ax.set_xticks(x)
    rotate = len(chart) > 6
    ax.set_xticklabels(_key_labels(chart, keys, lang), rotation=45 if rotate else 0, ha="right" if rotate else "center")
    ax.yaxis.set_major_formatter(_pct())
    ax.legend(loc="best", fontsize=10)
    return style.finish(ax, title=title or _T["pchart"], ylabel=_T["rate"], lang=lang)


def plot_staffing(arrival_rate: float, service_time: float, target_answer_time: float,
                  target_service_level: float, *, agents: Iterable[int] | None = None, title=None, ax=None,
                  lang: str | None = None):
    """Service level against the number of agents, with the target and the staffing it needs.

    Examples
    --------
    >>> _ = plot_staffing(360 / 1800, 240, 20, 0.8, lang="zh")
    """
    lang = check_lang(lang)
    need = agents_needed(arrival_rate, service_time, target_answer_time, target_service_level)
    if agents is None:
        traffic = arrival_rate * service_time
        lo = int(math.floor(traffic)) + 1
        agents = range(lo, max(need + 6, lo + 8))
    curve = staffing_curve(arrival_rate, service_time, target_answer_time, agents)
    ax = style.new_ax(ax)
    ax.plot(curve["agents"], curve["service_level"], marker="o", color=style.PALETTE["blue"],
            label=style.pick(_T["sl"], lang))
    ax.axhline(target_service_level, color=style.PALETTE["expectation"], ls="--", lw=2,
               label=f"{style.pick(_T['target'], lang)} {target_service_level:.0%}")
    sl_need = erlang_c(arrival_rate, service_time, need, target_answer_time).service_level
    ax.scatter([need], [sl_need], s=150, color=style.PALETTE["good"], zorder=5,
               label=f"{need} {style.pick(_T['needed'], lang)} ({sl_need:.1%})")
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(_pct())
    ax.legend(loc="lower right")
    return style.finish(ax, title=title or _T["staffing"], xlabel=_T["agents"], ylabel=_T["sl"], lang=lang)


def plot_did(panel: pd.DataFrame, outcome: str, *, time: str, treated: str, post: str, title=None, ax=None,
             lang: str | None = None, xlabel=None, ylabel=None):
    """Mean outcome per period for trained and comparison units, with the counterfactual line.

    The dashed line shifts the comparison group's path to the trained group's
    "before" level: where the trained units would be had they followed the
    comparison trend (parallel trends). The gap after the start is the DiD.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"m": [1, 2, 1, 2] * 2, "trained": [1, 1, 0, 0] * 2, "post": [0, 1] * 4,
    ...                   "score": [70, 80, 65, 68, 60, 74, 75, 76]})
    >>> _ = plot_did(p, "score", time="m", treated="trained", post="post")
    """
    lang = check_lang(lang)
    require_columns(panel, [outcome, time, treated, post], source="panel")
    means = panel.groupby([treated, time], sort=True)[outcome].mean().unstack(treated)
    posts = panel.groupby(time, sort=True)[post].max()
    ax = style.new_ax(ax)
    x = means.index
    ax.plot(x, means[1], marker="o", color=style.PALETTE["blue"], lw=2.2, label=style.pick(_T["trained"], lang))
    ax.plot(x, means[0], marker="s", color=style.PALETTE["neutral"], lw=2, label=style.pick(_T["control"], lang))
    before = (posts == 0).to_numpy()
    shift = float(means[1][before].mean() - means[0][before].mean())
    cf = means[0] + shift
    ax.plot(x[~before], cf[~before], ls="--", color=style.PALETTE["blue"], alpha=0.7,
            label=style.pick(_T["counterfactual"], lang))
    if before.any() and (~before).any():
        first_post = x[~before][0]
        last_pre = x[before][-1]
        start = (first_post + last_pre) / 2 if np.issubdtype(np.asarray(x).dtype, np.number) else first_post
        ax.axvline(start, color="black", lw=1, ls=":")
        ax.text(start, ax.get_ylim()[1], " " + style.pick(_T["start"], lang), va="top", ha="left", fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=10)
    return style.finish(ax, title=title or _T["did"], xlabel=xlabel or _T["period"], ylabel=ylabel or outcome,
                        lang=lang)


def plot_cycle(scores: pd.DataFrame, *, title=None, ax=None, lang: str | None = None):
    """Horizontal bars of the maturity of each commitment-cycle stage (from :func:`score_cycle`).

    Examples
    --------
    >>> card = commitment_scorecard(); card["score"] = [3, 3, 2, 2, 3, 1, 1, 0, 2, 1]
    >>> _ = plot_cycle(score_cycle(card), lang="zh")
    """
    lang = check_lang(lang)
    require_columns(scores, ["stage", "score", "weakest"], source="cycle scores")
    ax = style.new_ax(ax, figsize=(8, 4))
    y = np.arange(len(scores))[::-1]
    colours = np.where(scores["weakest"], style.PALETTE["bad"], style.PALETTE["blue"])
    names = [f"{i + 1}. {STAGE_NAMES[c].render(lang) if c in STAGE_NAMES else c}"
             for i, c in enumerate(scores["stage"])]
    ax.barh(y, scores["score"], color=colours.tolist())
    for yi, v in zip(y, scores["score"]):
        ax.text(v + 0.05, yi, f"{v:.1f}", va="center", fontsize=11)
    ax.set_yticks(y)
    ax.set_yticklabels(names)
    ax.set_xlim(0, 4.4)
    return style.finish(ax, title=title or _T["cycle"], xlabel=_T["maturity"], lang=lang)


def plot_guarantee(score: GuaranteeScore, *, title=None, ax=None, lang: str | None = None):
    """Bars of a guarantee's score on each of Hart's five properties.

    Examples
    --------
    >>> _ = plot_guarantee(score_guarantee(EXAMPLE_GUARANTEES["hotpot_wait"]["ratings"]))
    """
    lang = check_lang(lang)
    table = score.table(lang)
    ax = style.new_ax(ax, figsize=(8, 4))
    y = np.arange(len(table))[::-1]
    colours = table["score"].map({0: style.PALETTE["bad"], 1: style.PALETTE["expectation"],
                                  2: style.PALETTE["good"]})
    ax.barh(y, np.maximum(table["score"], 0.04), color=colours.tolist())
    for yi, v, text in zip(y, table["score"], table["rating"]):
        ax.text(max(v, 0.04) + 0.04, yi, f"{v} ({text})", va="center", fontsize=11)
    ax.set_yticks(y)
    ax.set_yticklabels(table["name"])
    ax.set_xlim(0, 2.6)
    ax.set_xticks([0, 1, 2])
    return style.finish(ax, title=title or _T["guarantee"], xlabel=_T["gscore"], lang=lang)
