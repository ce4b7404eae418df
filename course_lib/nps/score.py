"""The Net Promoter Score of one set of answers: parsing, categories, the score and its interval.

NPS (Reichheld 2003) asks "How likely are you to recommend us to a friend or
colleague?" on 0–10. Detractors answer 0–6, passives 7–8, promoters 9–10
(推荐者 / 被动者 / 贬损者); NPS = % promoters − % detractors, from −100 to 100.

Scoring each respondent +1 (promoter), 0 (passive) or −1 (detractor) makes NPS
a mean, so its variance is ``p + d − (p − d)²`` and its standard error
``sqrt(variance / n)`` (×100 in NPS points). Intervals:

* ``"wald"``: NPS ± z·SE, clipped to −100…100;
* ``"adjusted_wald"``: Rocks (2016), in the MeasuringU form: add ¾ of a
  promoter and ¾ of a detractor (n + 3 respondents), then the Wald formulas;
  better coverage for small samples and extreme scores;
* ``"bootstrap"``: percentile interval of seeded multinomial resamples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from ..errors import CourseDataError, row_numbers, show
from ..lang import T

__all__ = ["CATEGORIES", "METHODS", "NPSResult", "parse_scores", "categorize", "nps"]

#: The three NPS groups, in scale order.
CATEGORIES = ("detractor", "passive", "promoter")
#: Interval methods accepted by :func:`nps`.
METHODS = ("wald", "adjusted_wald", "bootstrap")
#: How a result names its interval method: in English its key (what code passes), translated otherwise.
METHOD_LABELS = {"wald": T("wald", context="NPS interval method"),
                 "adjusted_wald": T("adjusted_wald", context="NPS interval method"),
                 "bootstrap": T("bootstrap", context="NPS interval method")}


def parse_scores(scores: Any, *, source: str = "scores", column: str = "score",
                 allow_missing: bool = False) -> np.ndarray:
    """Validate 0–10 likelihood-to-recommend answers; the one NPS score parser of the course.

    Accepts numbers or numeric text (spaces around are ignored). Refuses a whole table,
    true/false flags, fractions and values outside 0–10 with a :class:`CourseDataError`
    that lists the rows. Empty answers are refused too, unless ``allow_missing=True``.

    Returns
    -------
    numpy.ndarray
        ``int64`` scores; ``float64`` with NaN for the empty answers when ``allow_missing=True``.

    Examples
    --------
    >>> parse_scores([10, 9, "7", 0])
    array([10,  9,  7,  0])
    >>> parse_scores([10, None, " 6 "], allow_missing=True)
    array([10., nan,  6.])
    >>> parse_scores([10, 11])
    Traceback (most recent call last):
    ...
    course_lib.errors.CourseDataError: scores, row 2, column 'score': scores outside the 0–10 scale: 11
    ...
    """
    if isinstance(scores, pd.DataFrame):
        raise CourseDataError(T("expected one column of scores, got a whole table"), source=source,
                              expected=T("a list, array or pandas Series of 0–10 answers"),
                              fix=T("pass one column, e.g. df['score']"))
    if isinstance(scores, (str, bytes)) or not hasattr(scores, "__len__"):
        raise CourseDataError(T("expected a list of scores, got {type}", type=type(scores).__name__), source=source,
                              expected=T("a list, array or pandas Series of 0–10 answers"),
                              fix=T("pass all answers at once, e.g. df['score']"))
    raw = scores.to_numpy() if isinstance(scores, pd.Series) else np.asarray(scores)
    if raw.ndim != 1:
        raise CourseDataError(T("expected one column of scores, got an array of shape {shape}", shape=raw.shape),
                              source=source,
                              expected=T("a list, array or pandas Series of 0–10 answers"),
                              fix=T("pass one column, e.g. df['score']"))
    if raw.size and raw.dtype.kind in "iuf":  # fast path for numeric arrays (no per-value Python work)
        numeric = raw.astype(float, copy=False)
        nan = np.isnan(numeric)
        if not (((nan.any() and not allow_missing) or (numeric[~nan] < 0).any() or (numeric[~nan] > 10).any()
                 or (raw.dtype.kind == "f" and (numeric[~nan] != np.round(numeric[~nan])).any()))):
            return numeric.astype(np.float64) if allow_missing else raw.astype(np.int64, copy=False)
    values = pd.Series(raw.astype(object))
    if len(values) == 0:
        raise CourseDataError(T("there are no scores"), source=source, column=column,
                              expected=T("at least one 0–10 answer"),
                              fix=T("check the filter that selected the responses"))
    if pd.api.types.is_bool_dtype(getattr(scores, "dtype", None)) or values.map(lambda v: isinstance(v, (bool, np.bool_))).any():
        raise CourseDataError(T("true/false values are not NPS scores"), source=source, column=column,
                              expected=T("whole numbers from 0 to 10"), fix=T("pass the 0–10 answers, not a flag"))
    text = values.map(lambda v: v.strip() if isinstance(v, str) else v)
    missing = (text.isna() | text.eq("")).to_numpy()
    numeric = pd.to_numeric(text.mask(missing), errors="coerce").astype(float).to_numpy()
    bad = ~missing & (np.isnan(numeric) | (numeric != np.round(numeric)) | (numeric < 0) | (numeric > 10))
    if missing.any() and not allow_missing:
        raise CourseDataError(T("empty answers among the scores"), source=source, column=column,
                              row=row_numbers(missing),
                              expected=T("whole numbers from 0 to 10"),
                              fix=T("drop the non-responses first, e.g. scores.dropna()"))
    if bad.any():
        shown = ", ".join(show(v) for v in pd.unique(values[bad])[:5])
        raise CourseDataError(T("scores outside the 0–10 scale: {shown}", shown=shown), source=source, column=column,
                              row=row_numbers(bad),
                              expected=T("whole numbers from 0 to 10 (0 = not at all likely, 10 = extremely likely)"),
                              fix=T("correct or remove those answers; a 1–5 or 1–7 scale is not an NPS question"))
    return numeric if allow_missing else numeric.astype(np.int64)


def _codes(scores: np.ndarray) -> np.ndarray:
    """0 = detractor, 1 = passive, 2 = promoter."""
    return (scores >= 7).astype(np.int8) + (scores >= 9).astype(np.int8)


def _check_confidence(confidence: float) -> float:
    if not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise CourseDataError(T("confidence must be between 0 and 1, not {value}", value=show(confidence)),
                              expected=T("a level such as 0.90 or 0.95"), fix=T("pass confidence=0.95"))
    return float(confidence)


def _check_method(method: str, allowed: Sequence[str] = METHODS) -> str:
    if method not in allowed:
        raise CourseDataError(T("unknown interval method {method}", method=repr(method)),
                              expected=T("one of {names}", names=", ".join(allowed)),
                              fix=T('use method="adjusted_wald" unless you have a reason not to'))
    return method


def categorize(scores: Any, *, source: str = "scores") -> pd.Series:
    """Label each 0–10 answer detractor (0–6), passive (7–8) or promoter (9–10).

    Parameters
    ----------
    scores : list, array or Series
        Whole numbers from 0 to 10. Anything else (text, 11, 7.5, empty cells,
        true/false) raises :class:`CourseDataError` naming the bad values and rows.
    source : str
        Name of the data, used in error messages.

    Returns
    -------
    pandas.Series
        Ordered categorical with categories ``CATEGORIES``; keeps the index of a Series.

    Examples
    --------
    >>> categorize([0, 6, 7, 8, 9, 10]).tolist()
    ['detractor', 'detractor', 'passive', 'passive', 'promoter', 'promoter']
    """
    column = getattr(scores, "name", None) or "score"
    values = parse_scores(scores, source=source, column=str(column))
    cat = pd.Categorical.from_codes(_codes(values), categories=list(CATEGORIES), ordered=True)
    index = scores.index if isinstance(scores, pd.Series) else None
    return pd.Series(cat, index=index, name="category")


@dataclass(frozen=True)
class NPSResult:
    """An NPS with its shares and interval (score, se, low, high in NPS points; shares 0–1)."""

    score: float
    promoters: float
    passives: float
    detractors: float
    n: int
    se: float
    low: float
    high: float
    method: str
    confidence: float

    @property
    def interval(self) -> tuple[float, float]:
        """(low, high), within −100…100."""
        return (self.low, self.high)

    @property
    def shares(self) -> dict[str, float]:
        """Shares of promoters, passives and detractors (sum to 1)."""
        return {"promoters": self.promoters, "passives": self.passives, "detractors": self.detractors}

    @property
    def counts(self) -> dict[str, int]:
        """Numbers of promoters, passives and detractors."""
        return {k: int(round(v * self.n)) for k, v in self.shares.items()}

    @property
    def margin(self) -> float:
        """Half the width of the interval (after clipping)."""
        return (self.high - self.low) / 2

    def __str__(self) -> str:
        """One line in the notebook's language."""
        return T("NPS {score} ({confidence} CI {low} to {high}, {method}, n = {n})", score=f"{self.score:+.1f}",
                 confidence=f"{self.confidence:.0%}", low=f"{self.low:+.1f}", high=f"{self.high:+.1f}",
                 method=METHOD_LABELS.get(self.method, self.method), n=self.n).render()


def _from_counts(prom, pas, det, method: str, confidence: float, seed: int, n_boot: int) -> dict[str, np.ndarray]:
    """Vectorised NPS, SE and interval from counts (arrays); values in NPS points."""
    from scipy import special  # quantiles from scipy.special: a third of scipy.stats' import time

    prom, pas, det = (np.asarray(x, dtype=float) for x in (prom, pas, det))
    n = prom + pas + det
    p, o, d = prom / n, pas / n, det / n
    score = p - d
    z = special.ndtri(0.5 + confidence / 2)
    if method == "wald":
        se = np.sqrt((p + d - (p - d) ** 2) / n)
        low, high = score - z * se, score + z * se
    elif method == "adjusted_wald":
        n2 = n + 3
        p2, d2 = (prom + 0.75) / n2, (det + 0.75) / n2
        centre = p2 - d2
        se = np.sqrt((p2 + d2 - (p2 - d2) ** 2) / n2)
        low, high = centre - z * se, centre + z * se
    else:
        rng = np.random.default_rng(seed)
        se, low, high = (np.empty_like(score) for _ in range(3))
        alpha = 1 - confidence
        for i in range(score.size):
            draws = rng.multinomial(int(n.flat[i]), [p.flat[i], o.flat[i], d.flat[i]], size=n_boot)
            boot = (draws[:, 0] - draws[:, 2]) / n.flat[i]
            se.flat[i] = boot.std(ddof=1)
            low.flat[i], high.flat[i] = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
    return {
        "n": n.astype(np.int64), "promoters": p, "passives": o, "detractors": d,
        "nps": 100 * score, "se": 100 * se,
        "low": 100 * np.clip(low, -1, 1), "high": 100 * np.clip(high, -1, 1),
    }


def nps(scores: Any, method: str = "wald", confidence: float = 0.95, *, seed: int = 2016,
        n_boot: int = 4000, source: str = "scores") -> NPSResult:
    """NPS of 0–10 answers with shares, standard error and an interval clipped to −100…100.

    Parameters
    ----------
    scores : list, array or Series of 0–10 whole numbers
    method : {"wald", "adjusted_wald", "bootstrap"}
        ``"adjusted_wald"`` (Rocks 2016) adds ¾ promoter and ¾ detractor (n + 3)
        before the Wald formulas; its interval is centred on the adjusted NPS
        ``(P − D) / (n + 3)``, so with very few answers it may not contain the raw
        NPS (one promoter: NPS 100, interval −48.5…98.5). ``"bootstrap"`` resamples
        ``n_boot`` times with ``seed`` (same seed, same interval).
    confidence : float
        Confidence level of the interval.

    Returns
    -------
    NPSResult
        ``score`` (the raw NPS), ``promoters``/``passives``/``detractors`` shares,
        ``n``, ``se`` (the SE used by the method: ``sqrt((p + d − (p − d)²)/n)`` for
        Wald, the adjusted one for adjusted Wald, the bootstrap SD), ``low``/``high``.

    Examples
    --------
    >>> r = nps([10, 9, 9, 9, 10, 7, 8, 7, 3, 6], method="adjusted_wald")
    >>> round(r.low, 1), round(r.high, 1)
    (-19.1, 65.2)
    """
    _check_method(method)
    confidence = _check_confidence(confidence)
    codes = _codes(parse_scores(scores, source=source, column=str(getattr(scores, "name", None) or "score")))
    det, pas, prom = np.bincount(codes, minlength=3)
    out = _from_counts(prom, pas, det, method, confidence, seed, n_boot)
    return NPSResult(
        score=float(out["nps"]), promoters=float(out["promoters"]), passives=float(out["passives"]),
        detractors=float(out["detractors"]), n=int(out["n"]), se=float(out["se"]),
        low=float(out["low"]), high=float(out["high"]), method=method, confidence=confidence,
    )
