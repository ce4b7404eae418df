"""The full SERVQUAL diagnosis of a large export in one pass: validation, gaps, alphas, weighted score."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..errors import CourseDataError
from ..lang import T
from .alpha import _alpha_rows
from .gaps import _dim_table, _item_table, _mean_gaps, _survey, _weighted, _weights_from, _with_gap
from .moments import CHUNK, accumulate

__all__ = ["Analysis", "analyze"]


@dataclass(frozen=True)
class Analysis:
    """Result of :func:`analyze`: the numbers of a full SERVQUAL diagnosis, computed in one pass."""

    n: int
    items: pd.DataFrame
    dimensions: pd.DataFrame
    alphas: pd.DataFrame
    score: float
    weighted_score: float
    out_of_range: int


def analyze(df: pd.DataFrame, weights=None, *, scale=(1, 7), chunk: int = CHUNK, source: str = "survey") -> Analysis:
    """Validation, item and dimension gaps, alpha per dimension for E and P, weighted score: one pass.

    Made for large exports (a million respondents): the table is read in row chunks and summed as
    integers, so the extra memory stays a small fraction of the input even for int8 answers. It
    runs the same code as :func:`~.gaps.gap_scores`, :func:`~.alpha.reliability` (pairwise) and
    :func:`~.gaps.servqual_score`, so the numbers are the same. Answers that are not whole numbers
    on the scale raise :class:`~course_lib.errors.CourseDataError` (``out_of_range`` in the result
    is therefore 0).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [6, 6, 5], "P1": [5, 7, 4], "E2": [7, 6, 5], "P2": [5, 6, 5]})
    >>> res = analyze(df)
    >>> round(res.score, 4), res.dimensions.loc["tangibles", "gap"].round(4)
    (-0.5, np.float64(-0.5))
    """
    if not (isinstance(chunk, int) and chunk > 0):
        raise CourseDataError(T("chunk={chunk} is not a number of rows", chunk=repr(chunk)), column="chunk",
                              expected=T("a positive whole number"),
                              fix=T("leave the default chunk={default}", default=CHUNK))
    bounds, numbers, dims, blocks, names = _survey(df, "EP", scale, source)
    keys = [d for d, _ in dims]
    W, _ = _weights_from(df, weights, keys, source)
    s = accumulate(blocks, dims, bounds=bounds, names=names, gaps=True, weights=W, scales="EP", chunk=chunk,
                   source=source)
    rows, _ = _alpha_rows(s, numbers, dims, "EP", names, "pairwise", 0.95, source, items=False)
    alphas = pd.DataFrame(rows, columns=["dimension", "kind", "k", "n", "alpha", "ci_low", "ci_high"])
    return Analysis(s.n, _with_gap(_item_table(s, numbers)), _with_gap(_dim_table(s, keys)),
                    alphas.set_index(["dimension", "kind"]), float(_mean_gaps(s).mean()), _weighted(s, W)[0], 0)
