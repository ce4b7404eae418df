"""Is one NPS higher than another? The difference of two NPS, its interval and a z test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..lang import T
from .score import NPSResult, _check_confidence, _check_method, _codes, parse_scores

__all__ = ["NPSComparison", "compare_nps"]


@dataclass(frozen=True)
class NPSComparison:
    """Difference ``a − b`` of two NPS, its interval and a two-sided z test (NPS points)."""

    nps_a: float
    nps_b: float
    n_a: int
    n_b: int
    difference: float
    se: float
    low: float
    high: float
    z: float
    p_value: float
    method: str
    confidence: float

    @property
    def interval(self) -> tuple[float, float]:
        return (self.low, self.high)

    @property
    def significant(self) -> bool:
        """True when the p-value is below 1 − confidence (the interval excludes 0)."""
        return bool(self.p_value < 1 - self.confidence)

    def __str__(self) -> str:
        """One line in the notebook's language."""
        verdict = T("significant", context="verdict") if self.significant else T("could be noise")
        return T("NPS difference {difference} ({confidence} CI {low} to {high}, z = {z}, p = {p}: {verdict})",
                 difference=f"{self.difference:+.1f}", confidence=f"{self.confidence:.0%}", low=f"{self.low:+.1f}",
                 high=f"{self.high:+.1f}", z=f"{self.z:.2f}", p=f"{self.p_value:.3f}", verdict=verdict).render()


def _counts_of(x: Any, name: str) -> tuple[float, float, float]:
    if isinstance(x, NPSResult):
        c = x.counts
        return c["promoters"], c["passives"], c["detractors"]
    det, pas, prom = np.bincount(_codes(parse_scores(x, source=name, column="score")), minlength=3)
    return prom, pas, det


def _difference(pa, oa, da, pb, ob, db, method, confidence):
    """Vectorised difference a − b (NPS points), SE, interval, z, p."""
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    pa, oa, da, pb, ob, db = (np.asarray(v, dtype=float) for v in (pa, oa, da, pb, ob, db))
    if method == "adjusted_wald":
        pa, da, pb, db = pa + 0.75, da + 0.75, pb + 0.75, db + 0.75
    na, nb = pa + oa + da, pb + ob + db
    sa, sb = (pa - da) / na, (pb - db) / nb
    var_a = pa / na + da / na - sa ** 2
    var_b = pb / nb + db / nb - sb ** 2
    diff = sa - sb
    se = np.sqrt(var_a / na + var_b / nb)
    zcrit = special.ndtri(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, diff / np.where(se > 0, se, 1), 0.0)
    p = 2 * special.ndtr(-(np.abs(z)))
    return (100 * diff, 100 * se, 100 * np.clip(diff - zcrit * se, -2, 2),
            100 * np.clip(diff + zcrit * se, -2, 2), z, p)


def compare_nps(a: Any, b: Any, *, method: str = "wald", confidence: float = 0.95) -> NPSComparison:
    """Compare two NPS: difference ``a − b``, its interval and a two-sided z test.

    ``a`` and ``b`` are 0–10 answers (or :class:`NPSResult`). The SE of the
    difference is ``sqrt(var_a/n_a + var_b/n_b)`` with ``var = p + d − (p − d)²``;
    ``method="adjusted_wald"`` applies the Rocks (2016) adjustment to each sample.
    The interval is clipped to −200…200 (the range of a difference).

    Examples
    --------
    >>> c = compare_nps([10] * 50 + [7] * 30 + [3] * 20, [10] * 47 + [7] * 33 + [3] * 20)
    >>> round(c.difference, 1), c.significant
    (3.0, False)
    """
    _check_method(method, ("wald", "adjusted_wald"))
    confidence = _check_confidence(confidence)
    pa, oa, da = _counts_of(a, "a")
    pb, ob, db = _counts_of(b, "b")
    diff, se, low, high, z, p = _difference(pa, oa, da, pb, ob, db, method, confidence)
    return NPSComparison(
        nps_a=100 * (pa - da) / (pa + oa + da), nps_b=100 * (pb - db) / (pb + ob + db),
        n_a=int(pa + oa + da), n_b=int(pb + ob + db), difference=float(diff), se=float(se),
        low=float(low), high=float(high), z=float(z), p_value=float(p), method=method, confidence=confidence,
    )
