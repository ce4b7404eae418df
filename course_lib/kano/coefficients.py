"""The satisfaction and dissatisfaction coefficients of each feature (Berger et al. 1993).

From the category counts of a feature, leaving out the reverse (R) and questionable (Q) answers:

* **Better** = (A + O) / (A + O + M + I), from 0 to 1: the share of customers whose satisfaction
  rises when the feature is there (how much adding or improving it can *delight*);
* **Worse** = −(O + M) / (A + O + M + I), from −1 to 0: the share whose satisfaction falls when it
  is missing (how much leaving it out or getting it wrong *hurts*), negative by convention.

A feature with Better high and Worse near 0 is a delighter; Worse near −1 and Better low, a basic
that must be right first; both high, a performance feature; both low, indifferent. The coefficients
need no choice of "most frequent" category, so they also place features whose answers are split.

Examples
--------
>>> import pandas as pd
>>> table = pd.DataFrame({"A": [10, 2], "O": [5, 6], "M": [3, 30], "I": [2, 2], "R": [1, 0], "Q": [0, 1]},
...                      index=pd.Index(["snacks", "clean"], name="feature"))
>>> coefficients(table).to_dict("list")
{'better': [0.75, 0.2], 'worse': [-0.4, -0.9]}
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import require_columns
from ..errors import CourseDataError, row_numbers
from ..lang import T

__all__ = ["coefficients"]


def coefficients(table: pd.DataFrame, *, source: str = "category table") -> pd.DataFrame:
    """Better and Worse of each row of a category table (counts in the columns ``A``, ``O``, ``M``, ``I``).

    ``table`` is usually the output of :func:`~course_lib.kano.category_table`; any table of
    non-negative counts with those four columns will do (R and Q, when present, are left out by the
    formulas). A row with no A, O, M or I answer at all gets NaN for both coefficients.

    Returns
    -------
    DataFrame
        The index of ``table``; columns ``better`` (0 to 1) and ``worse`` (−1 to 0), and ``category``
        copied from ``table`` when it has one (the plot colours points by it).

    Examples
    --------
    >>> import pandas as pd
    >>> coefficients(pd.DataFrame({"A": [0], "O": [0], "M": [0], "I": [0], "R": [4]}))
       better  worse
    0     NaN    NaN
    """
    if not isinstance(table, pd.DataFrame):
        raise CourseDataError(T("expected a table (pandas DataFrame), got {type}", type=type(table).__name__),
                              source=source,
                              fix=T("pass the table returned by course_lib.kano.category_table"))
    require_columns(table, ["A", "O", "M", "I"], source=source,
                    fix="pass the table returned by course_lib.kano.category_table")
    counts = table[["A", "O", "M", "I"]].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    bad = ~(np.isfinite(counts) & (counts >= 0)).all(axis=1)
    if bad.any():
        raise CourseDataError(T("counts must be numbers of answers (0 or more)"), source=source, row=row_numbers(bad),
                              column=["A", "O", "M", "I"], expected=T("non-negative counts"),
                              fix=T("pass the table returned by course_lib.kano.category_table"))
    a, o, m, i = counts.T
    total = a + o + m + i
    with np.errstate(invalid="ignore", divide="ignore"):
        better = np.where(total > 0, (a + o) / total, np.nan)
        worse = np.where(total > 0, -(o + m) / total, np.nan)
    out = pd.DataFrame({"better": better, "worse": worse + 0.0}, index=table.index)  # + 0.0: no "-0.0"
    if "category" in table.columns:
        out["category"] = table["category"]
    return out
