"""SERVQUAL widgets: the 100-point importance allocator, the gap explorer and the self-assessment radar.

Imports ipywidgets and :mod:`course_lib.widgets`; the package exports these functions lazily.
"""

from __future__ import annotations

from typing import Mapping

import ipywidgets as w
import numpy as np
import pandas as pd

from ..errors import CourseDataError
from ..labels import headed, label
from ..lang import T, check_lang, pick
from ..widgets import live
from .gaps import gap_scores
from .model import DIMENSIONS, _dim_label
from .plots import plot_gaps, plot_radar

__all__ = ["rebalance", "allocator", "gap_explorer", "self_assessment", "GAP_HEADINGS"]

#: How the gap tables of the widgets head their columns and index (:func:`course_lib.labels.headed`).
GAP_HEADINGS = {"gap": T("gap P−E"), "n": T("n"), "dimension": T("dimension"), "item": T("item")}


def rebalance(values: Mapping[str, int], changed: str, total: int = 100) -> dict[str, int]:
    """Keep five allocations summing to ``total`` after ``changed`` was set: the others share the rest
    in proportion to their current values (equally if all are 0), rounded by largest remainder.

    Examples
    --------
    >>> rebalance({"a": 50, "b": 30, "c": 20}, "a")
    {'a': 50, 'b': 30, 'c': 20}
    >>> rebalance({"a": 70, "b": 30, "c": 20}, "a")
    {'a': 70, 'b': 18, 'c': 12}
    """
    v = int(min(max(values[changed], 0), total))
    others = [k for k in values if k != changed]
    rest = total - v
    cur = np.array([max(int(values[k]), 0) for k in others], dtype=float)
    share = cur / cur.sum() * rest if cur.sum() > 0 else np.full(len(others), rest / max(len(others), 1))
    base = np.floor(share).astype(int)
    left = rest - int(base.sum())
    order = np.argsort(-(share - base), kind="stable")
    base[order[:left]] += 1
    out = {k: int(b) for k, b in zip(others, base)}
    out[changed] = v
    return {k: out[k] for k in values}


def allocator(df: pd.DataFrame, *, start: Mapping[str, int] | None = None, lang: str | None = None, scale=(1, 7)):
    """Widget: a 100-point importance allocator with the weighted SERVQUAL score updating live.

    Five linked sliders (one per dimension) always sum to 100: moving one shares the difference
    among the others. ``widget.result`` is a table of the weights, the dimension gaps and the
    weighted and unweighted scores.
    """
    lang = check_lang(lang)
    g = gap_scores(df, scale=scale)
    keys = list(g.dimensions.index)
    init = dict(start or {d: 100 // len(keys) + (1 if i < 100 % len(keys) else 0) for i, d in enumerate(keys)})
    if sorted(init) != sorted(keys) or sum(init.values()) != 100:
        raise CourseDataError(T("start allocations must name every dimension and add up to 100"), source="allocator",
                              expected=", ".join(keys),
                              fix=T("pass e.g. start={'reliability': 32, …} summing to 100"))
    controls = {d: w.IntSlider(value=int(init[d]), min=0, max=100, description=_dim_label(d, lang),
                               continuous_update=False, style={"description_width": "120px"}) for d in keys}
    busy = {"on": False}

    def link(change):
        if busy["on"]:
            return
        busy["on"] = True
        try:
            name = next(k for k, c in controls.items() if c is change["owner"])
            new = rebalance({k: c.value for k, c in controls.items()}, name)
            for k, c in controls.items():
                if c.value != new[k]:
                    c.value = new[k]
        finally:
            busy["on"] = False

    for c in controls.values():
        c.observe(link, names="value")
    gaps = g.dimensions["gap"]

    def render(**points):
        if busy["on"] or sum(points.values()) != 100:
            return None
        weighted = float(sum(points[d] / 100 * gaps[d] for d in keys))
        t = pd.DataFrame({pick(T("points"), lang): [points[d] for d in keys],
                          pick(T("gap P−E"), lang): gaps.to_numpy()},
                         index=[_dim_label(d, lang) for d in keys])
        t.loc[pick(T("weighted SERVQUAL"), lang)] = [100, weighted]
        t.loc[pick(T("unweighted SERVQUAL"), lang)] = [100, float(gaps.mean())]
        return t

    return live(controls, render, title=pick(T("Share 100 importance points"),
                                                   lang))


def gap_explorer(df: pd.DataFrame, *, segment: str = "segment", lang: str | None = None, scale=(1, 7)):
    """Widget: pick a segment and a dimension; the gap chart redraws.

    ``widget.result`` is the gap table behind the chart (mean gap, interval, n); ``widget.shown``
    its display copy in ``lang`` (:data:`GAP_HEADINGS`, dimension names).
    """
    lang = check_lang(lang)
    seg_col = segment
    check_lang(lang)
    allseg = pick(T("(all)"), lang)
    segs = [(allseg, allseg)]
    if segment in df.columns:
        segs += [(label(s, segment, lang), s) for s in sorted(df[segment].dropna().astype(str).unique())]
    else:
        raise CourseDataError(T("the segment column is missing"), source="gap_explorer", column=segment,
                              expected=T("a column naming each respondent's segment"),
                              fix=T("pass segment= one of {columns}", columns=list(df.columns)[:8]))
    gap_scores(df, scale=scale)  # validate once, up front
    dims = [(pick(T("(all dimensions)"), lang), None)] + [
        (_dim_label(d, lang), d) for d in DIMENSIONS]
    controls = {"segment": w.Dropdown(options=segs, value=allseg, description=pick(T("Segment"), lang)),
                "dimension": w.Dropdown(options=dims, value=None, description=pick(T("Dimension"), lang))}

    def render(segment, dimension):
        seg = segment
        sub = df if seg == allseg else df[df[seg_col].astype(str) == seg]
        level = "dimension" if dimension is None else "item"
        ax = plot_gaps(sub, level=level, dimension=dimension, lang=lang, scale=scale)
        g = gap_scores(sub, scale=scale)
        if dimension is None:
            t = g.dimensions[["gap", "n"]]
        else:
            t = g.items[g.items["dimension"] == dimension][["gap", "n"]]
        ax.set_title(f"{ax.get_title()} · {seg if seg == allseg else label(seg, seg_col, lang)}")
        return t

    return live(controls, render, layout="horizontal", display_with=lambda t: headed(t, GAP_HEADINGS, lang))


def self_assessment(*, lang: str | None = None):
    """Widget: rate your own organisation (expected and delivered level per dimension, 1–7) and see the radar.

    ``widget.result`` is the table of E, P and gap per dimension; ``widget.shown`` its display copy
    in ``lang``.
    """
    lang = check_lang(lang)
    controls = {}
    for d in DIMENSIONS:
        name = _dim_label(d, lang)
        controls[f"E_{d}"] = w.IntSlider(value=6, min=1, max=7, description=f"{name} E",
                                         style={"description_width": "110px"})
        controls[f"P_{d}"] = w.IntSlider(value=5, min=1, max=7, description=f"{name} P",
                                         style={"description_width": "110px"})

    def render(**v):
        t = pd.DataFrame({"E": [float(v[f"E_{d}"]) for d in DIMENSIONS], "P": [float(v[f"P_{d}"]) for d in DIMENSIONS]},
                         index=pd.Index(list(DIMENSIONS), name="dimension"))
        t["gap"] = t["P"] - t["E"]
        plot_radar(t, lang=lang, title=T("Your organisation (self-assessment)"))
        return t

    return live(controls, render, title=pick(T("Rate your organisation: what customers expect (E) and what you deliver (P)"),
                                                   lang), display_with=lambda t: headed(t, GAP_HEADINGS, lang))
