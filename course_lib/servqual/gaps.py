"""Gaps and scores: P − E per item and dimension, the overall SERVQUAL score (weighted or not),
SERVPERF, and a paired t-test per dimension.

A respondent's dimension score is the mean of the items they answered (both E and P); tables
average those over respondents. All means are exact ratios of the sums that
:func:`.moments.accumulate` adds up, the same sums :func:`~.analysis.analyze` uses.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"E5": [7, 6], "P5": [5, 6], "E6": [6, 6], "P6": [4, 7]})
>>> gap_scores(df).dimensions["gap"].round(2).to_dict()
{'reliability': -0.75}
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..data import to_numeric
from ..errors import CourseDataError, row_numbers
from ..lang import T, check_lang, pick
from .model import (DIMENSIONS, WEIGHT_COLUMNS, _check_frame, _check_scale, _DIM_OF, _dims_present, answer_columns,
                    item_numbers)
from .moments import Sums, accumulate

__all__ = ["Gaps", "gap_scores", "ServqualScore", "servqual_score", "gap_significance", "mean_interval"]


def _survey(df: pd.DataFrame, kinds: str, scale, source: str):
    """((lo, hi), item numbers, dimensions present, answer columns by kind, column names by kind)."""
    scale = _check_scale(scale)
    _check_frame(df, source)
    numbers = item_numbers(df, kinds, source)
    names = {k: [f"{k}{n}" for n in numbers] for k in kinds}
    blocks = {k: answer_columns(df, names[k], source) for k in kinds}
    return scale, numbers, _dims_present(numbers), blocks, names


def _ratio(total, count) -> float:
    """total / count as Python numbers: exact for integer sums, rounded once; NaN when count is 0."""
    return int(total) / int(count) if count else float("nan")


def _item_table(s: Sums, numbers: Sequence[int], kinds: str = "EP") -> pd.DataFrame:
    """Per item: dimension, mean of each kind over the respondents answering every kind, n."""
    t = pd.DataFrame({k: [_ratio(s.item_sum[k][j], s.item_n[j]) for j in range(len(numbers))] for k in kinds},
                     index=pd.Index(numbers, name="item"))
    t.insert(0, "dimension", [_DIM_OF[i] for i in numbers])
    t["n"] = s.item_n.astype("int64")
    return t


def _dim_table(s: Sums, keys: Sequence[str], kinds: str = "EP") -> pd.DataFrame:
    """Per dimension: mean over respondents of their dimension mean, for each kind; n."""
    t = pd.DataFrame({k: [_ratio(s.dim_sum[k][i], s.L * s.dim_n[i]) for i in range(len(keys))] for k in kinds},
                     index=pd.Index(list(keys), name="dimension"))
    t["n"] = s.dim_n.astype("int64")
    return t


def _with_gap(t: pd.DataFrame) -> pd.DataFrame:
    t["gap"] = t["P"] - t["E"]
    return t[[c for c in ("dimension", "E", "P", "gap", "n") if c in t.columns]]


@dataclass(frozen=True)
class Gaps:
    """Result of :func:`gap_scores`.

    Attributes
    ----------
    respondents : DataFrame
        Per respondent: item gaps ``G1…`` and dimension gaps (columns named by dimension key).
    items : DataFrame
        Per item (and segment): dimension, mean E, mean P, gap = P − E, n (respondents answering both).
    dimensions : DataFrame
        Per dimension (and segment): mean E, mean P, gap, n. A respondent's dimension score is the mean
        of the items they answered (both E and P); the table averages those over respondents.
    """

    respondents: pd.DataFrame
    items: pd.DataFrame
    dimensions: pd.DataFrame


def gap_scores(df: pd.DataFrame, *, by: str | None = None, scale=(1, 7), source: str = "survey") -> Gaps:
    """Item gaps P − E per respondent and their means; dimension gaps; by segment when ``by`` is given.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [7, 5], "P1": [4, 6], "E5": [6, 6], "P5": [6, 3], "seg": ["a", "b"]})
    >>> g = gap_scores(df)
    >>> g.items[["E", "P", "gap"]]
            E    P  gap
    item
    1     6.0  5.0 -1.0
    5     6.0  4.5 -1.5
    >>> gap_scores(df, by="seg").dimensions.loc[("a", "tangibles"), "gap"]
    np.float64(-3.0)
    """
    bounds, numbers, dims, blocks, names = _survey(df, "EP", scale, source)
    keys = [d for d, _ in dims]
    s = accumulate(blocks, dims, bounds=bounds, names=names, gaps=True, rows=True, source=source)
    E, P = (np.column_stack([np.asarray(c, dtype="float64") for c in blocks[k]]) for k in "EP")
    resp = pd.DataFrame(P - E, columns=[f"G{n}" for n in numbers], index=df.index)
    for i, d in enumerate(keys):
        resp[d] = s.rows["P"][:, i] - s.rows["E"][:, i]
    if by is None:
        return Gaps(resp, _with_gap(_item_table(s, numbers)), _with_gap(_dim_table(s, keys)))
    if by not in df.columns:
        raise CourseDataError(T("the segment column is missing"), source=source, column=by,
                              expected=T("a column naming each respondent's segment"),
                              fix=T("pass by= one of {columns} or leave by=None", columns=list(df.columns)[:8]))
    if df[by].isna().any():
        raise CourseDataError(T("some respondents have no segment"), source=source, row=row_numbers(df[by].isna()),
                              column=by, expected=T("a segment label on every row"),
                              fix=T("fill in the segment or drop those rows"))
    resp.insert(0, by, df[by].to_numpy())
    codes, segments = pd.factorize(df[by], sort=True)
    items, dimensions = [], []
    for g in range(len(segments)):
        sel = codes == g
        part = {k: [c[sel] for c in blocks[k]] for k in "EP"}
        sg = accumulate(part, dims, bounds=bounds, names=names, gaps=True, source=source)
        items.append(_item_table(sg, numbers))
        dimensions.append(_dim_table(sg, keys))
    return Gaps(resp, _with_gap(_by(items, segments, by)), _with_gap(_by(dimensions, segments, by)))


def _by(tables: list[pd.DataFrame], segments: pd.Index, by: str) -> pd.DataFrame:
    """Stack per-segment tables under a (segment, item/dimension) index."""
    out = pd.concat(tables)
    level = segments.take(np.repeat(np.arange(len(segments)), [len(t) for t in tables]))
    out.index = pd.MultiIndex.from_arrays([level, out.index], names=[by, tables[0].index.name])
    return out


def _weights_from(df: pd.DataFrame, weights, dims: Sequence[str], source: str):
    """(weights, description) or (None, None): each respondent's 100-point allocation as shares (n × d)
    from the ``W_…`` columns when ``weights`` is None, else the given weights normalised (one row)."""
    if weights is None:
        cols = [WEIGHT_COLUMNS[d] for d in dims]
        present = [c for c in cols if c in df.columns]
        if not present:
            return None, None
        if len(present) != len(cols):
            raise CourseDataError(T("some importance-allocation columns are missing"), source=source,
                                  column=sorted(set(cols) - set(present)),
                                  expected=T("one 100-point allocation column per dimension: {cols}",
                                             cols=", ".join(cols)),
                                  fix=T("add the missing columns, or pass weights={dimension: points} instead"))
        sub = df[cols]
        nonnum = [c for c in cols if sub[c].dtype.kind not in "biuf"]
        if nonnum:
            sub = to_numeric(sub, nonnum, source=source)
        W = sub.to_numpy(dtype="float64", na_value=np.nan)
        neg = (W < 0).any(axis=1)
        if neg.any():
            raise CourseDataError(T("negative importance points"), source=source, row=row_numbers(neg), column=cols,
                                  expected=T("points from 0 to 100"), fix=T("correct the allocations"))
        total = W.sum(axis=1)
        bad = ~np.isnan(total) & (np.abs(total - 100) > 0.5)
        if bad.any():
            raise CourseDataError(T("importance points do not add up to 100 (e.g. {total})",
                                    total=format(total[bad][0], "g")), source=source,
                                  row=row_numbers(bad), column=cols,
                                  expected=T("five allocations summing to 100 per respondent"),
                                  fix=T("correct or drop those respondents' allocations (set them empty)"))
        return W / 100.0, "respondents' 100-point allocations"
    if isinstance(weights, pd.Series):
        weights = weights.to_dict()
    if not isinstance(weights, Mapping):
        raise CourseDataError(T("weights must map dimensions to importance, got {type}", type=type(weights).__name__),
                              column="weights", expected=T("a dict like {'reliability': 32, 'tangibles': 11, …}"),
                              fix=T("pass weights as a dict or Series indexed by dimension key"))
    unknown = [k for k in weights if k not in DIMENSIONS]
    missing = [d for d in dims if d not in weights]
    if unknown or missing:
        raise CourseDataError(T("weights do not match the dimensions"), column="weights",
                              expected=T("one weight for each of: {dims}", dims=", ".join(dims)),
                              fix=T("unknown keys: {unknown}; missing: {missing}", unknown=unknown, missing=missing))
    w = np.array([float(weights[d]) for d in dims])
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise CourseDataError(T("weights must be non-negative numbers with a positive total"), column="weights",
                              expected=T("e.g. points summing to 100"), fix=T("correct the weights"))
    return w / w.sum(), "given weights"


@dataclass(frozen=True)
class ServqualScore:
    """Result of :func:`servqual_score`: overall unweighted and weighted SERVQUAL, SERVPERF."""

    unweighted: float
    weighted: float
    servperf: float
    weights: pd.Series
    n: int
    n_weighted: int
    weighting: str | None

    def to_frame(self, lang: str | None = None) -> pd.DataFrame:
        """The three scores as a one-column table."""
        lang = check_lang(lang)
        names = [T("SERVQUAL (unweighted)").render(lang), T("SERVQUAL (weighted)").render(lang),
                 T("SERVPERF", context="perceptions only").render(lang)]
        return pd.DataFrame({pick(T("score"), lang):
                             [self.unweighted, self.weighted, self.servperf]}, index=names)


def _mean_gaps(s: Sums) -> np.ndarray:
    """Per dimension, the mean over respondents of their dimension gap (mean P − mean E)."""
    return np.array([_ratio(s.dim_sum["P"][i] - s.dim_sum["E"][i], s.L * s.dim_n[i]) for i in range(len(s.dim_n))])


def _weighted(s: Sums, W) -> tuple[float, int]:
    """The weighted score and the number of respondents behind it."""
    if W is None:
        return float("nan"), 0
    if s.w_exact is not None:  # complete answers, one set of weights: it follows from the dimension sums
        return float((s.w_exact * _mean_gaps(s)).sum()), s.n
    return (s.w_sum / s.w_n if s.w_n else float("nan")), s.w_n


def servqual_score(df: pd.DataFrame, weights=None, *, scale=(1, 7), source: str = "survey") -> ServqualScore:
    """Overall SERVQUAL: unweighted, weighted by importance, and SERVPERF (perceptions only).

    * unweighted = mean of the dimension gaps (as in :func:`gap_scores`);
    * weighted = mean over respondents of Σ (points_d / 100) · gap_d, with each respondent's own
      100-point allocation (columns ``W_tangibles…``) when ``weights`` is None, or with the given
      ``weights`` (any non-negative numbers, normalised); respondents lacking a dimension gap or an
      allocation are left out of the weighted score;
    * SERVPERF = mean of the dimension means of the perceptions (all answered P items).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [6, 6], "P1": [5, 7], "E5": [7, 7], "P5": [4, 6]})
    >>> s = servqual_score(df, weights={"tangibles": 25, "reliability": 75})
    >>> s.unweighted, s.weighted, s.servperf
    (-1.0, -1.5, 5.5)
    """
    bounds, numbers, dims, blocks, names = _survey(df, "EP", scale, source)
    keys = [d for d, _ in dims]
    W, how = _weights_from(df, weights, keys, source)
    s = accumulate(blocks, dims, bounds=bounds, names=names, gaps=True, free="P", weights=W, source=source)
    weighted, n_w = _weighted(s, W)
    if W is None:
        wser = pd.Series(np.nan, index=keys, name="weight")
    else:
        W2 = W if W.ndim == 2 else np.broadcast_to(W, (len(df), len(keys)))
        wser = pd.Series(np.nanmean(W2, axis=0) * 100 if n_w else W2[0] * 100, index=keys, name="weight")
    perf = [_ratio(s.free_sum["P"][i], s.L * s.free_n["P"][i]) for i in range(len(keys))]
    return ServqualScore(float(np.mean(_mean_gaps(s))), weighted, float(np.mean(perf)), wser, s.any_n, n_w, how)


def gap_significance(df: pd.DataFrame, *, confidence: float = 0.95, scale=(1, 7), source: str = "survey") -> pd.DataFrame:
    """Paired t-test of P against E for each dimension, with a confidence interval of the mean gap.

    Each respondent's dimension gap (mean P − mean E over the items they answered) is one paired
    difference; the test is a one-sample t-test of those differences against 0 (the same as a
    paired t-test of the dimension means). ``dz`` is the standardised mean difference.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E5": [7, 6, 7, 5], "P5": [5, 5, 6, 5]})
    >>> gap_significance(df).loc["reliability", ["gap", "t", "df"]].round(3).tolist()
    [-1.0, -2.449, 3.0]
    """
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    if not (isinstance(confidence, (float, int)) and 0 < confidence < 1):
        raise CourseDataError(T("confidence={confidence} is not a probability", confidence=repr(confidence)),
                              column="confidence",
                              expected=T("a number between 0 and 1"), fix=T("pass confidence=0.95"))
    g = gap_scores(df, scale=scale, source=source)
    rows = []
    for d in g.dimensions.index:
        x = g.respondents[d].to_numpy()
        x = x[~np.isnan(x)]
        n = len(x)
        mean = float(x.mean()) if n else np.nan
        sd = float(x.std(ddof=1)) if n > 1 else np.nan
        se = sd / np.sqrt(n) if n > 1 else np.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            t = mean / se if n > 1 else np.nan
        p = float(2 * special.stdtr(n - 1, -abs(t))) if n > 1 and np.isfinite(t) else np.nan
        h = special.stdtrit(n - 1, 1 - (1 - confidence) / 2) * se if n > 1 else np.nan
        rows.append({"dimension": d, "gap": mean, "sd": sd, "n": n, "se": se, "t": t, "df": float(n - 1), "p": p,
                     "ci_low": mean - h, "ci_high": mean + h, "dz": mean / sd if sd else np.nan})
    return pd.DataFrame(rows).set_index("dimension")


def mean_interval(block: np.ndarray, confidence: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Mean of each column of ``block`` (NaN = no answer) and the half-width of its t interval.

    Used for the intervals of gap bars (lessons and the report). A column with fewer than two
    answers gets a NaN half-width.

    Examples
    --------
    >>> mean, half = mean_interval(np.array([[1.0, 2.0], [3.0, np.nan]]))
    >>> mean.tolist(), bool(np.isnan(half[1])), round(float(half[0]), 3)
    ([2.0, 2.0], True, 12.706)
    """
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    valid = ~np.isnan(block)
    n = valid.sum(axis=0)
    mean = np.where(n > 0, np.where(valid, block, 0.0).sum(axis=0) / np.maximum(n, 1), np.nan)
    dev = np.where(valid, block - mean, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt((dev ** 2).sum(axis=0) / (n - 1))
        half = special.stdtrit(np.maximum(n - 1, 1), 1 - (1 - confidence) / 2) * sd / np.sqrt(n)
    return mean, np.where(n > 1, half, np.nan)
