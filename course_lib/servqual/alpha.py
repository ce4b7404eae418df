"""Reliability: Cronbach's alpha with a Feldt interval, per dimension with item statistics.

α = k/(k−1) · (1 − Σ var_i / var(total)). The item variances, each item's covariance with the
total and the variance of the total come from :class:`.moments.ScaleSums`: row totals and
sums of squares when every answer is there, pairwise covariances when some are missing
(``nan_policy="pairwise"``, as pingouin and R psych ``use="pairwise"``), or the complete rows
only (``"listwise"``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from ..errors import CourseDataError, row_numbers
from ..lang import T
from .model import answer_columns
from .moments import ScaleSums, Sums, accumulate

__all__ = ["Alpha", "cronbach_alpha", "Reliability", "reliability"]


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha with its Feldt confidence interval.

    ``n`` is the number of respondents behind the interval: every row for pairwise deletion (as
    pingouin), the complete rows for listwise deletion (pingouin uses every row there too, which
    overstates the precision; the alpha itself is the same).
    """

    alpha: float
    ci: tuple[float, float]
    n: int
    k: int
    nan_policy: str
    confidence: float


def _feldt(alpha: float, n: int, k: int, confidence: float) -> tuple[float, float]:
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    g = 1 - confidence
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return (float(1 - (1 - alpha) * special.fdtri(df1, df2, 1 - g / 2)),
            float(1 - (1 - alpha) * special.fdtri(df1, df2, g / 2)))


def _check_options(nan_policy: str, confidence) -> None:
    if nan_policy not in ("pairwise", "listwise"):
        raise CourseDataError(T("nan_policy={nan_policy} is not an option", nan_policy=repr(nan_policy)),
                              column="nan_policy",
                              expected=T("'pairwise' or 'listwise'"), fix=T("pass one of the two"))
    if not (isinstance(confidence, (float, int)) and 0 < confidence < 1):
        raise CourseDataError(T("confidence={confidence} is not a probability", confidence=repr(confidence)),
                              column="confidence",
                              expected=T("a number between 0 and 1, e.g. 0.95"), fix=T("pass confidence=0.95"))


def _scale_alpha(s: Sums, key: tuple[str, str], cols: Sequence, names: Sequence[str], nan_policy: str,
                 confidence: float, source: str):
    """(Alpha, (item variances, item–total covariances, total variance)) of one scale, checked."""
    sc: ScaleSums = s.scales[key]
    empty = [nm for (kind, j), nm in zip(cols, names) if s.column_n[(kind, j)] == 0 and s.n > 0]
    if empty:
        raise CourseDataError(T("an item has no answers"), source=source, column=empty,
                              expected=T("at least two answers per item"), fix=T("drop the empty item column"))
    n_used = sc.n
    if n_used < 2:
        raise CourseDataError(T("alpha needs at least two respondents, got {n_used}", n_used=n_used), source=source,
                              expected=T("two or more (complete, for listwise) rows"),
                              fix=T("use more responses, or nan_policy='pairwise'"))
    summary = sc.summary()
    if summary is None:
        raise CourseDataError(T("some pairs of items are never answered together"), source=source,
                              column=list(names), expected=T("at least two respondents answering each pair of items"),
                              fix=T("use nan_policy='listwise' or collect more complete answers"))
    var, cov_t, var_t = summary
    if var_t <= 0:
        raise CourseDataError(T("the total score does not vary"), source=source, column=list(names),
                              expected=T("answers that differ between respondents"),
                              fix=T("check that the items were not all answered identically"))
    k = sc.k
    if sc.integer:  # exact, then rounded once
        a = float(k * (var_t - sum(var)) / ((k - 1) * var_t))
    else:
        a = float(k / (k - 1) * (1 - var.sum() / var_t))
    return Alpha(a, _feldt(a, n_used, k, confidence), n_used, k, nan_policy, float(confidence)), summary


def _item_statistics(var: list, cov_t: list, var_t) -> tuple[np.ndarray, np.ndarray]:
    """Corrected item-total correlation and alpha if the item is deleted, for each item of a scale."""
    k = len(var)
    r_it, a_del = [], []
    for v, c in zip(var, cov_t):
        rest = var_t - 2 * c + v  # variance of the total of the other items
        r_it.append(float(c - v) / math.sqrt(float(v * rest)) if v * rest > 0 else float("nan"))
        a_del.append(float((k - 1) * (rest - (sum(var) - v)) / ((k - 2) * rest)) if k > 2 and rest else float("nan"))
    return np.array(r_it), np.array(a_del)


def _as_columns(items, source: str) -> tuple[list[np.ndarray], list[str]]:
    """The item answers as 1-D numeric columns (no copy for numpy columns) and their names."""
    if isinstance(items, pd.DataFrame):
        names = [str(c) for c in items.columns]
        cols = answer_columns(items, list(items.columns), source)
    elif isinstance(items, np.ndarray):
        if items.dtype.kind not in "biuf":
            raise CourseDataError(T("the item array holds {dtype} values", dtype=items.dtype), source=source,
                                  expected=T("a numeric 2-D array (respondents × items)"),
                                  fix=T("convert the answers to numbers first"))
        if items.ndim != 2:
            raise CourseDataError(T("expected a 2-D table of answers, got {ndim} dimension(s)", ndim=items.ndim),
                                  source=source,
                                  expected=T("rows = respondents, columns = items"), fix=T("reshape the data"))
        names = [f"item{i + 1}" for i in range(items.shape[1])]
        cols = [items[:, j] for j in range(items.shape[1])]
    else:
        raise CourseDataError(T("expected a DataFrame or 2-D array of item answers, got {type}",
                                type=type(items).__name__),
                              source=source, fix=T("pass df[['P5', 'P6', 'P7', 'P8', 'P9']] or a numpy array"))
    for c, name in zip(cols, names):
        if c.dtype.kind == "f" and np.isinf(c).any():
            raise CourseDataError(T("infinite values"), source=source, row=row_numbers(np.isinf(c)), column=name,
                                  expected=T("finite numbers or empty cells"), fix=T("replace them with valid answers"))
    return cols, names


def cronbach_alpha(items, nan_policy: str = "pairwise", confidence: float = 0.95, *,
                   source: str = "items") -> Alpha:
    """Cronbach's alpha, α = k/(k−1) · (1 − Σ var_i / var_total), with a Feldt interval.

    ``nan_policy="pairwise"`` uses every pair of answers available (pairwise covariances, as
    pingouin's default and R psych's ``use="pairwise"``); ``"listwise"`` keeps only complete rows.
    The sums are taken over row chunks (:func:`.moments.accumulate`), as integers when the answers
    are whole numbers, so a million respondents in int8 never need a float64 copy of the table.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]])
    >>> a = cronbach_alpha(x)
    >>> round(a.alpha, 4), a.n, a.k
    (0.9485, 4, 3)
    """
    _check_options(nan_policy, confidence)
    cols, names = _as_columns(items, source)
    k = len(cols)
    if k < 2:
        raise CourseDataError(T("alpha needs at least two items, got {k}", k=k), source=source, column=names or None,
                              expected=T("two or more item columns"), fix=T("pass all the items of the scale"))
    empty = [nm for c, nm in zip(cols, names) if c.dtype.kind == "f" and np.isnan(c).all()]
    if empty:
        raise CourseDataError(T("an item has no answers"), source=source, column=empty,
                              expected=T("at least two answers per item"), fix=T("drop the empty item column"))
    s = accumulate({"X": cols}, [("all", list(range(k)))], scales="X", listwise=nan_policy == "listwise")
    return _scale_alpha(s, ("X", "all"), [("X", j) for j in range(k)], names, nan_policy, confidence, source)[0]


@dataclass(frozen=True)
class Reliability:
    """Result of :func:`reliability`: ``scales`` (alpha per dimension and kind) and ``items``
    (corrected item-total correlation and alpha if the item is deleted)."""

    scales: pd.DataFrame
    items: pd.DataFrame


def _alpha_rows(s: Sums, numbers, dims, kinds: str, names, nan_policy: str, confidence: float, source: str,
                items: bool = True):
    """Rows of the scales table and of the item table, one scale (dimension × kind) at a time."""
    rows, item_rows = [], []
    for kind in kinds:
        for d, idx in dims:
            if len(idx) < 2:
                continue
            res, (var, cov_t, var_t) = _scale_alpha(s, (kind, d), [(kind, j) for j in idx],
                                                    [names[kind][j] for j in idx], nan_policy, confidence,
                                                    f"{source} ({d}, {kind})")
            rows.append({"dimension": d, "kind": kind, "k": res.k, "n": res.n, "alpha": res.alpha,
                         "ci_low": res.ci[0], "ci_high": res.ci[1]})
            if not items:
                continue
            r_it, a_del = _item_statistics(var, cov_t, var_t)
            for j, i in enumerate(idx):
                item_rows.append({"kind": kind, "item": numbers[i], "dimension": d,
                                  "item_total_r": r_it[j], "alpha_if_deleted": a_del[j]})
    return rows, item_rows


def reliability(df: pd.DataFrame, *, kinds: str = "EP", nan_policy: str = "pairwise", confidence: float = 0.95,
                scale=(1, 7), source: str = "survey") -> Reliability:
    """Cronbach's alpha per dimension for E and P, with item-total correlations and alpha-if-deleted.

    The item statistics come from the same (pairwise) covariance matrix as alpha: the corrected
    item-total correlation is the correlation of the item with the sum of the other items.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"P1": [1, 2, 3, 4], "P2": [2, 3, 3, 5], "P3": [2, 3, 4, 4]})
    >>> r = reliability(df, kinds="P")
    >>> float(round(r.scales.loc[("tangibles", "P"), "alpha"], 4))
    0.9485
    >>> r.items.loc[("P", 1), "alpha_if_deleted"].round(4)
    np.float64(0.8462)
    """
    from .gaps import _survey

    _check_options(nan_policy, confidence)
    bounds, numbers, dims, blocks, names = _survey(df, kinds, scale, source)
    s = accumulate(blocks, dims, bounds=bounds, names=names, scales=kinds, item_stats=True,
                   listwise=nan_policy == "listwise", source=source)
    rows, item_rows = _alpha_rows(s, numbers, dims, kinds, names, nan_policy, confidence, source)
    if not rows:
        raise CourseDataError(T("no dimension has two or more items"), source=source,
                              expected=T("at least two items of one dimension"),
                              fix=T("include all the items of a dimension"))
    return Reliability(pd.DataFrame(rows).set_index(["dimension", "kind"]),
                       pd.DataFrame(item_rows).set_index(["kind", "item"]))
