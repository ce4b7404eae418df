"""How many answers are enough, and what month-to-month noise looks like when nothing changes."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from ..errors import CourseDataError, show
from ..lang import T
from .compare import _difference
from .score import _check_confidence, _check_method, _from_counts

__all__ = ["sample_size", "simulate_surveys"]


def sample_size(margin: float, confidence: float = 0.95, *, promoters: float | None = None,
                detractors: float | None = None, compare: bool = False) -> int:
    """Respondents needed for an NPS interval of ± ``margin`` points (Wald planning formula).

    ``n = z² · var / (margin / 100)²`` with ``var = p + d − (p − d)²``; without
    expected shares the worst case ``var = 1`` (half promoters, half detractors)
    is used. ``compare=True`` gives the size of *each* of two equal samples for
    a difference measured to ± ``margin`` (twice as many).

    Examples
    --------
    >>> sample_size(5)
    1537
    >>> sample_size(5, promoters=0.5, detractors=0.2)
    938
    """
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    confidence = _check_confidence(confidence)
    if not isinstance(margin, (int, float)) or not 0 < margin <= 200:
        raise CourseDataError(T("margin must be a positive number of NPS points, not {value}", value=show(margin)),
                              expected=T("e.g. 5 for ± 5 points"), fix=T("pass margin=5"))
    if (promoters is None) != (detractors is None):
        raise CourseDataError(T("give both expected shares or neither"),
                              expected=T("promoters= and detractors= as 0–1"),
                              fix=T("pass both, e.g. promoters=0.45, detractors=0.2, or neither for the worst case"))
    if promoters is None:
        var = 1.0
    else:
        if not (0 <= promoters <= 1 and 0 <= detractors <= 1 and promoters + detractors <= 1):
            raise CourseDataError(T("expected shares must lie between 0 and 1 and add up to at most 1"),
                                  expected=T("e.g. promoters=0.45, detractors=0.2"),
                                  fix=T("write shares as fractions (0.45), not percentages (45)"))
        var = promoters + detractors - (promoters - detractors) ** 2
    z = special.ndtri(0.5 + confidence / 2)
    n = z ** 2 * var / (margin / 100) ** 2 * (2 if compare else 1)
    return max(int(math.ceil(n - 1e-9)), 1)


def simulate_surveys(promoters: float, detractors: float, n: int, *, months: int = 12, seed: int = 7,
                     method: str = "wald", confidence: float = 0.95) -> pd.DataFrame:
    """Monthly surveys of ``n`` customers from an *unchanging* population: what noise looks like.

    Returns a table shaped like :func:`nps_trend` (index ``month`` 1…months).

    Examples
    --------
    >>> t = simulate_surveys(0.45, 0.20, 200, months=6)
    >>> list(t.columns)[:3], len(t)
    (['n', 'promoters', 'passives'], 6)
    """
    if not (0 <= promoters <= 1 and 0 <= detractors <= 1 and promoters + detractors <= 1):
        raise CourseDataError(T("shares must lie between 0 and 1 and add up to at most 1"),
                              expected=T("e.g. promoters=0.45, detractors=0.2"),
                              fix=T("lower one of the two shares"))
    if int(n) < 1 or int(months) < 1:
        raise CourseDataError(T("n and months must be at least 1"), fix=T("pass n=200, months=12"))
    _check_method(method)
    confidence = _check_confidence(confidence)
    rng = np.random.default_rng(seed)
    draws = rng.multinomial(int(n), [promoters, 1 - promoters - detractors, detractors], size=int(months))
    table = pd.DataFrame(_from_counts(draws[:, 0], draws[:, 1], draws[:, 2], method, confidence, seed, 2000),
                         index=pd.RangeIndex(1, int(months) + 1, name="month"))
    _, _, _, _, _, p = _difference(draws[1:, 0], draws[1:, 1], draws[1:, 2],
                                   draws[:-1, 0], draws[:-1, 1], draws[:-1, 2], "wald", confidence)
    table["change"] = table["nps"].diff()
    table["change_p"] = np.concatenate([[np.nan], p])
    table["significant"] = (table["change_p"] < 1 - confidence).fillna(False).astype(bool)
    return table
