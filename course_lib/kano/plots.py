"""Kano plots (``lang="en"|"zh"``): Better against |Worse|, the category mix per feature, the evaluation table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import style
from ..data import require_columns
from ..errors import CourseDataError, show
from ..lang import T, check_lang
from .categories import FEATURE_LABELS, category_table  # noqa: F401  (category_table: for the examples)
from .coefficients import coefficients  # noqa: F401
from .evaluation import ANSWER_LABELS, ANSWERS, CATEGORIES, CATEGORY_LABELS, EVALUATION_TABLE, parse_answers

__all__ = ["CATEGORY_COLOURS", "plot_coefficients", "plot_categories", "plot_evaluation_table"]

#: One colour per category (Okabe–Ito): must-be red, one-dimensional blue, attractive green.
CATEGORY_COLOURS = {
    "A": style.PALETTE["green"],
    "O": style.PALETTE["blue"],
    "M": style.PALETTE["vermillion"],
    "I": style.PALETTE["grey"],
    "R": style.PALETTE["purple"],
    "Q": style.PALETTE["yellow"],
}

_QUADRANTS = {  # (x = |Worse| high?, y = Better high?) → what the quadrant means
    (False, True): T("Attractive: add to delight"),
    (True, True): T("One-dimensional: more is better"),
    (True, False): T("Must-be: get it right first"),
    (False, False): T("Indifferent: low priority"),
}


def _label(key, labels, lang) -> str:
    if isinstance(key, tuple):
        return " · ".join(_label(k, labels, lang) for k in key)
    if labels and key in labels:
        return style.pick(labels[key], lang)
    return str(key)


def _category_label(category: str, lang: str) -> str:
    return " / ".join(f"{c} {style.pick(CATEGORY_LABELS[c], lang)}" for c in str(category).split("/")
                      if c in CATEGORY_LABELS) or str(category)


def plot_coefficients(coef: pd.DataFrame, ax=None, lang: str | None = None, *, labels: dict | None = None,
                      split: float | str = 0.5, title=None):
    """Better (y) against |Worse| (x) for each feature, with the four quadrants named.

    ``coef`` is the output of :func:`~course_lib.kano.coefficients`; points are coloured by its
    ``category`` column when present. ``labels`` maps features to display names (default:
    :data:`~course_lib.kano.FEATURE_LABELS`, else the feature key). ``split`` places the quadrant
    lines: a number (0.5, the middle of the scale) or ``"mean"`` (the features' means: relative
    priorities within this survey). Returns the Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"A": [10, 2], "O": [5, 6], "M": [3, 30], "I": [2, 2]}, index=["snacks", "clean"])
    >>> _ = plot_coefficients(coefficients(t), lang="zh")
    """
    lang = check_lang(lang)
    require_columns(coef, ["better", "worse"], source="coefficient table",
                    fix="pass the table returned by course_lib.kano.coefficients")
    labels = FEATURE_LABELS if labels is None else labels
    shown = coef.dropna(subset=["better", "worse"])
    x, y = -shown["worse"].to_numpy(dtype=float), shown["better"].to_numpy(dtype=float)
    if isinstance(split, str):
        if split != "mean":
            raise CourseDataError(T("split must be a number between 0 and 1 or 'mean', not {value}", value=show(split)),
                                  fix=T("pass split=0.5 or split='mean'"))
        sx, sy = (float(x.mean()), float(y.mean())) if len(x) else (0.5, 0.5)
    elif 0 < split < 1:
        sx = sy = float(split)
    else:
        raise CourseDataError(T("split must be a number between 0 and 1 or 'mean', not {value}", value=show(split)),
                              fix=T("pass split=0.5 or split='mean'"))
    ax = style.new_ax(ax, figsize=(9, 7))
    ax.axvline(sx, color=style.PALETTE["grey"], linestyle="--", linewidth=1)
    ax.axhline(sy, color=style.PALETTE["grey"], linestyle="--", linewidth=1)
    corners = {(False, True): (0.02, 0.98, "left", "top"), (True, True): (0.98, 0.98, "right", "top"),
               (True, False): (0.98, 0.02, "right", "bottom"), (False, False): (0.02, 0.02, "left", "bottom")}
    for key, (cx, cy, ha, va) in corners.items():
        ax.text(cx, cy, style.pick(_QUADRANTS[key], lang), transform=ax.transAxes, ha=ha, va=va, fontsize=10,
                color=style.PALETTE["grey"], style="italic")
    categories = shown["category"].astype(str).to_numpy() if "category" in shown.columns else None
    if categories is None:
        ax.scatter(x, y, s=70, color=style.PALETTE["blue"], zorder=3)
    else:
        for cat in sorted(set(categories), key=lambda c: (CATEGORIES.index(c) if c in CATEGORIES else 9, c)):
            here = categories == cat
            colour = CATEGORY_COLOURS.get(cat, style.PALETTE["black"])
            ax.scatter(x[here], y[here], s=70, color=colour, zorder=3, label=_category_label(cat, lang),
                       edgecolor="white" if cat in CATEGORY_COLOURS else style.PALETTE["black"])
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=10, frameon=False)
    for xi, yi, key in zip(x, y, shown.index):
        ax.annotate(_label(key, labels, lang), (xi, yi), xytext=(6, 4), textcoords="offset points", fontsize=10)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    style.finish(ax, title=title or T("Kano: satisfaction (Better) against dissatisfaction (|Worse|)"),
                 xlabel=T("|Worse|: dissatisfaction when missing"), ylabel=T("Better: satisfaction when present"),
                 lang=lang)
    return ax


def plot_categories(table: pd.DataFrame, ax=None, lang: str | None = None, *, labels: dict | None = None,
                    title=None):
    """Stacked bars of each feature's category shares (A, O, M, I, R, Q), most frequent category beside.

    ``table`` is the output of :func:`~course_lib.kano.category_table`. Returns the Axes.

    Examples
    --------
    >>> import pandas as pd
    >>> answers = pd.DataFrame({"feature": ["wifi"] * 3, "functional": [1, 1, 3], "dysfunctional": [4, 5, 3]})
    >>> _ = plot_categories(category_table(answers), lang="zh")
    """
    lang = check_lang(lang)
    require_columns(table, list(CATEGORIES) + ["category"], source="category table",
                    fix="pass the table returned by course_lib.kano.category_table")
    labels = FEATURE_LABELS if labels is None else labels
    counts = table[list(CATEGORIES)].to_numpy(dtype=float)
    total = counts.sum(axis=1, keepdims=True)
    shares = np.divide(counts, total, out=np.zeros_like(counts), where=total > 0)
    ax = style.new_ax(ax, figsize=(10, 0.55 * len(table) + 1.8))
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for j, cat in enumerate(CATEGORIES):
        ax.barh(y, shares[:, j], left=left, height=0.7, color=CATEGORY_COLOURS[cat],
                label=f"{cat} {style.pick(CATEGORY_LABELS[cat], lang)}")
        for yi, l, w in zip(y, left, shares[:, j]):
            if w >= 0.08:
                ax.text(l + w / 2, yi, f"{w:.0%}", ha="center", va="center", fontsize=9,
                        color="black" if cat in ("Q", "I") else "white")
        left = left + shares[:, j]
    for yi, (cat, tie) in zip(y, zip(table["category"], table.get("tie", pd.Series(False, index=table.index)))):
        ax.text(1.02, yi, str(cat) + (" (" + style.pick(T("tie"), lang) + ")" if tie else ""), va="center",
                ha="left", fontsize=11, transform=ax.get_yaxis_transform())
    ax.set_yticks(y, [_label(k, labels, lang) for k in table.index])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.grid(False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=6, fontsize=9, frameon=False)
    style.finish(ax, xlabel=T("Share of respondents"), lang=lang)
    ax.set_title(style.pick(title or T("Kano categories per feature"), lang), pad=30)
    return ax


def plot_evaluation_table(ax=None, lang: str | None = None, *, highlight=None, title=None):
    """The evaluation table as a coloured 5 × 5 grid; ``highlight=(functional, dysfunctional)`` frames one cell.

    Examples
    --------
    >>> _ = plot_evaluation_table(lang="zh", highlight=("like", "live-with"))
    """
    lang = check_lang(lang)
    ax = style.new_ax(ax, figsize=(7.5, 6))
    from matplotlib.colors import to_rgba

    grid = np.array([[to_rgba(CATEGORY_COLOURS[c], 0.75) for c in row] for row in EVALUATION_TABLE])
    ax.imshow(grid, aspect="equal")
    for i, row in enumerate(EVALUATION_TABLE):
        for j, cat in enumerate(row):
            ax.text(j, i, cat, ha="center", va="center", fontsize=16, fontweight="bold",
                    color="black" if cat in ("I", "Q") else "white")
    names = [style.pick(ANSWER_LABELS[a], lang) for a in ANSWERS]
    ax.set_xticks(range(5), names)
    ax.set_yticks(range(5), names)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    ax.grid(False)
    if highlight is not None:
        f, d = parse_answers(list(highlight), column="highlight", source="highlight")
        from matplotlib.patches import Rectangle

        ax.add_patch(Rectangle((d - 1.5, f - 1.5), 1, 1, fill=False, edgecolor="black", linewidth=3))
    legend = ", ".join(f"{c} {style.pick(CATEGORY_LABELS[c], lang)}" for c in CATEGORIES)
    ax.text(0.5, -0.06, legend, transform=ax.transAxes, ha="center", va="top", fontsize=9)
    style.finish(ax, xlabel=T("If the feature is missing (dysfunctional question)"),
                 ylabel=T("If the feature is there (functional question)"), lang=lang)
    ax.set_title(style.pick(title or T("Kano evaluation table (Berger et al. 1993)"), lang), pad=12)
    return ax
