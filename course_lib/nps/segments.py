"""NPS per segment (store, region …) and per period, with the change from one period to the next."""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ..data import require_columns
from ..errors import CourseDataError, row_numbers
from ..lang import T
from .compare import _difference
from .score import CATEGORIES, _check_confidence, _check_method, _codes, _from_counts, parse_scores

__all__ = ["nps_by", "nps_trend"]


def _as_list(by) -> list:
    return [by] if isinstance(by, str) else list(by)


def _counts_by(df: pd.DataFrame, by: list, score: str, source: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(T("expected a table (pandas DataFrame), got {type}", type=type(df).__name__),
                              source=source,
                              fix=T("load the survey with course_lib.data.load or read_table first"))
    require_columns(df, by + [score], source=source)
    empty_key = df[by].isna().any(axis=1).to_numpy()
    if empty_key.any():
        raise CourseDataError(T("empty group labels"), source=source, row=row_numbers(empty_key),
                              column=by if len(by) > 1 else by[0], expected=T("a segment label on every row"),
                              fix=T("fill in the labels or drop those rows"))
    codes = _codes(parse_scores(df[score], source=source, column=score))
    frame = df[by].copy()
    frame["detractor"] = codes == 0
    frame["passive"] = codes == 1
    frame["promoter"] = codes == 2
    return frame.groupby(by, observed=True, sort=True)[list(CATEGORIES)].sum()


def nps_by(df: pd.DataFrame, by: str | Sequence[str], *, score: str = "score", method: str = "wald",
           confidence: float = 0.95, seed: int = 2016, n_boot: int = 4000, source: str = "survey") -> pd.DataFrame:
    """NPS per segment: one row per group, sorted by the group labels.

    Returns
    -------
    DataFrame
        Index: the ``by`` column(s); columns ``n``, ``promoters``, ``passives``,
        ``detractors`` (shares), ``nps``, ``se``, ``low``, ``high`` (NPS points).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"store": ["A"] * 4 + ["B"] * 4, "score": [10, 9, 7, 2, 9, 6, 5, 3]})
    >>> nps_by(df, "store")["nps"].tolist()
    [25.0, -50.0]
    """
    _check_method(method)
    confidence = _check_confidence(confidence)
    keys = _as_list(by)
    counts = _counts_by(df, keys, score, source)
    out = _from_counts(counts["promoter"], counts["passive"], counts["detractor"], method, confidence, seed, n_boot)
    return pd.DataFrame(out, index=counts.index)


def nps_trend(df: pd.DataFrame, period: str = "month", *, score: str = "score", by: str | None = None,
              freq: str = "M", method: str = "wald", confidence: float = 0.95, seed: int = 2016,
              source: str = "survey") -> pd.DataFrame:
    """NPS per period (and segment) with the change from the previous period and its test.

    A datetime ``period`` column is grouped by ``freq`` (``"M"`` months, ``"Q"``,
    ``"W"`` …); any other column is used as the period label and sorted.

    Returns
    -------
    DataFrame
        The columns of :func:`nps_by` plus ``change`` (NPS points since the
        previous period), ``change_p`` (two-sided Wald z test) and ``significant``
        (``change_p < 1 − confidence``). The first period of each segment has NaN
        change and ``significant`` False.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"month": ["2025-01"] * 4 + ["2025-02"] * 4, "score": [10, 9, 7, 2, 9, 6, 5, 3]})
    >>> nps_trend(df)["change"].tolist()
    [nan, -75.0]
    """
    _check_method(method)
    confidence = _check_confidence(confidence)
    if isinstance(df, pd.DataFrame) and period in df.columns and pd.api.types.is_datetime64_any_dtype(df[period]):
        df = df.assign(**{period: df[period].dt.to_period(freq).astype(str)})
    keys = ([by] if by else []) + [period]
    counts = _counts_by(df, keys, score, source)
    table = pd.DataFrame(_from_counts(counts["promoter"], counts["passive"], counts["detractor"], method,
                                      confidence, seed, 4000), index=counts.index)
    prev = counts.groupby(level=by, observed=True).shift(1) if by else counts.shift(1)
    _, _, _, _, _, p = _difference(counts["promoter"], counts["passive"], counts["detractor"],
                                   prev["promoter"], prev["passive"], prev["detractor"], "wald", confidence)
    table["change"] = table["nps"].groupby(level=by, observed=True).diff() if by else table["nps"].diff()
    table["change_p"] = np.where(prev["promoter"].isna(), np.nan, p)
    table["significant"] = (table["change_p"] < 1 - confidence).fillna(False).astype(bool)
    return table
