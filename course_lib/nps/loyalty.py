"""Loyalty links for lesson 01: the service-excellence chain and outcomes by driver level."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import require_columns
from ..errors import CourseDataError, row_numbers
from ..lang import T
from .score import _check_confidence

__all__ = ["LOYALTY_CHAIN", "outcome_by_level"]

#: The four components of service excellence, in causal order (lesson 01): service quality → customer
#: experience → satisfaction → loyalty (服务质量 → 客户体验 → 客户满意度 → 客户忠诚度).
LOYALTY_CHAIN = ("service_quality", "experience", "satisfaction", "loyalty")


def outcome_by_level(df: pd.DataFrame, driver: str, outcome: str, *, confidence: float = 0.95,
                     by: str | None = None, source: str = "survey") -> pd.DataFrame:
    """Mean of ``outcome`` at each level of ``driver`` (e.g. return rate by satisfaction score).

    A true/false (or 0/1) outcome gets a Wilson interval for its rate; a numeric
    outcome a t interval for its mean.

    Returns
    -------
    DataFrame
        Index: ``by`` (if given) and the driver levels, sorted; columns ``n``,
        ``mean``, ``low``, ``high``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sat": [1, 1, 7, 7], "came_back": [False, True, True, True]})
    >>> outcome_by_level(df, "sat", "came_back")["mean"].tolist()
    [0.5, 1.0]
    """
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    confidence = _check_confidence(confidence)
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(T("expected a table (pandas DataFrame), got {type}", type=type(df).__name__),
                              source=source)
    keys = ([by] if by else []) + [driver]
    require_columns(df, keys + [outcome], source=source)
    y = df[outcome]
    if pd.api.types.is_bool_dtype(y):
        y = y.astype(float)
    y = pd.to_numeric(y, errors="coerce")
    bad = y.isna().to_numpy() | df[keys].isna().any(axis=1).to_numpy()
    if bad.any():
        raise CourseDataError(T("empty or non-numeric values"), source=source, row=row_numbers(bad),
                              column=[*keys, outcome],
                              expected=T("a number (or true/false) in '{outcome}' and a level in '{driver}'",
                                         outcome=outcome, driver=driver),
                              fix=T("drop incomplete responses first (df.dropna(subset=[...]))"))
    binary = bool(y.isin([0.0, 1.0]).all())
    frame = df[keys].assign(_y=y.to_numpy())
    g = frame.groupby(keys, observed=True, sort=True)["_y"]
    n, mean, sd = g.count(), g.mean(), g.std(ddof=1)
    if binary:
        z = special.ndtri(0.5 + confidence / 2)
        centre = (mean + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
        half = z / (1 + z ** 2 / n) * np.sqrt(mean * (1 - mean) / n + z ** 2 / (4 * n ** 2))
        low, high = centre - half, centre + half
    else:
        t = special.stdtrit(np.maximum(n - 1, 1), 0.5 + confidence / 2)
        half = t * sd.fillna(0) / np.sqrt(n)
        low, high = mean - half, mean + half
    return pd.DataFrame({"n": n.astype(np.int64), "mean": mean, "low": low, "high": high})
