"""Net Promoter Score with its uncertainty, by segment and over time.

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

Functions: :func:`categorize`, :func:`nps`, :func:`nps_by`, :func:`compare_nps`,
:func:`nps_trend`, :func:`sample_size`, :func:`simulate_surveys`; loyalty links
for lesson 01: :func:`outcome_by_level`; plots :func:`plot_segments`,
:func:`plot_trend`, :func:`plot_outcome_by_level`; widget :func:`noise_widget`.

Examples
--------
>>> from course_lib import nps
>>> r = nps.nps([10, 9, 9, 9, 10, 7, 8, 7, 3, 6])
>>> r.score, r.n
(30.0, 10)
>>> print(r)
NPS +30.0 (95% CI -18.4 to +78.4, wald, n = 10)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from . import style
from .data import require_columns
from .errors import CourseDataError, row_numbers, show

__all__ = [
    "CATEGORIES",
    "METHODS",
    "LOYALTY_CHAIN",
    "NPSResult",
    "NPSComparison",
    "parse_scores",
    "categorize",
    "nps",
    "nps_by",
    "compare_nps",
    "nps_trend",
    "sample_size",
    "simulate_surveys",
    "outcome_by_level",
    "plot_segments",
    "plot_trend",
    "plot_outcome_by_level",
    "noise_widget",
]

#: The three NPS groups, in scale order.
CATEGORIES = ("detractor", "passive", "promoter")
#: The four components of service excellence, in causal order (lesson 01): service quality → customer
#: experience → satisfaction → loyalty (服务质量 → 客户体验 → 客户满意度 → 客户忠诚度).
LOYALTY_CHAIN = ("service_quality", "experience", "satisfaction", "loyalty")
#: Interval methods accepted by :func:`nps`.
METHODS = ("wald", "adjusted_wald", "bootstrap")

_LABELS = {
    "detractor": {"en": "Detractors (0–6)", "zh": "贬损者 (0–6)"},
    "passive": {"en": "Passives (7–8)", "zh": "被动者 (7–8)"},
    "promoter": {"en": "Promoters (9–10)", "zh": "推荐者 (9–10)"},
}
_COLOURS = {"detractor": style.PALETTE["bad"], "passive": "#BBBBBB", "promoter": style.PALETTE["good"]}


# --------------------------------------------------------------------------- validation
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
        raise CourseDataError("expected one column of scores, got a whole table", source=source,
                              expected="a list, array or pandas Series of 0–10 answers",
                              fix="pass one column, e.g. df['score']")
    if isinstance(scores, (str, bytes)) or not hasattr(scores, "__len__"):
        raise CourseDataError(f"expected a list of scores, got {type(scores).__name__}", source=source,
                              expected="a list, array or pandas Series of 0–10 answers",
                              fix="pass all answers at once, e.g. df['score']")
    raw = scores.to_numpy() if isinstance(scores, pd.Series) else np.asarray(scores)
    if raw.ndim != 1:
        raise CourseDataError(f"expected one column of scores, got an array of shape {raw.shape}", source=source,
                              expected="a list, array or pandas Series of 0–10 answers",
                              fix="pass one column, e.g. df['score']")
    if raw.size and raw.dtype.kind in "iuf":  # fast path for numeric arrays (no per-value Python work)
        numeric = raw.astype(float, copy=False)
        nan = np.isnan(numeric)
        if not (((nan.any() and not allow_missing) or (numeric[~nan] < 0).any() or (numeric[~nan] > 10).any()
                 or (raw.dtype.kind == "f" and (numeric[~nan] != np.round(numeric[~nan])).any()))):
            return numeric.astype(np.float64) if allow_missing else raw.astype(np.int64, copy=False)
    values = pd.Series(raw.astype(object))
    if len(values) == 0:
        raise CourseDataError("there are no scores", source=source, column=column,
                              expected="at least one 0–10 answer", fix="check the filter that selected the responses")
    if pd.api.types.is_bool_dtype(getattr(scores, "dtype", None)) or values.map(lambda v: isinstance(v, (bool, np.bool_))).any():
        raise CourseDataError("true/false values are not NPS scores", source=source, column=column,
                              expected="whole numbers from 0 to 10", fix="pass the 0–10 answers, not a flag")
    text = values.map(lambda v: v.strip() if isinstance(v, str) else v)
    missing = (text.isna() | text.eq("")).to_numpy()
    numeric = pd.to_numeric(text.mask(missing), errors="coerce").astype(float).to_numpy()
    bad = ~missing & (np.isnan(numeric) | (numeric != np.round(numeric)) | (numeric < 0) | (numeric > 10))
    if missing.any() and not allow_missing:
        raise CourseDataError("empty answers among the scores", source=source, column=column,
                              row=row_numbers(missing),
                              expected="whole numbers from 0 to 10",
                              fix="drop the non-responses first, e.g. scores.dropna()")
    if bad.any():
        shown = ", ".join(show(v) for v in pd.unique(values[bad])[:5])
        raise CourseDataError(f"scores outside the 0–10 scale: {shown}", source=source, column=column,
                              row=row_numbers(bad),
                              expected="whole numbers from 0 to 10 (0 = not at all likely, 10 = extremely likely)",
                              fix="correct or remove those answers; a 1–5 or 1–7 scale is not an NPS question")
    return numeric if allow_missing else numeric.astype(np.int64)


def _score_array(scores: Any, source: str, column: str) -> np.ndarray:
    return parse_scores(scores, source=source, column=column)


def _codes(scores: np.ndarray) -> np.ndarray:
    """0 = detractor, 1 = passive, 2 = promoter."""
    return (scores >= 7).astype(np.int8) + (scores >= 9).astype(np.int8)


def _check_confidence(confidence: float) -> float:
    if not isinstance(confidence, (int, float)) or not 0 < confidence < 1:
        raise CourseDataError(f"confidence must be between 0 and 1, not {confidence!r}",
                              expected="a level such as 0.90 or 0.95", fix="pass confidence=0.95")
    return float(confidence)


def _check_method(method: str, allowed: Sequence[str] = METHODS) -> str:
    if method not in allowed:
        raise CourseDataError(f"unknown interval method {method!r}", expected="one of " + ", ".join(allowed),
                              fix='use method="adjusted_wald" unless you have a reason not to')
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
    values = _score_array(scores, source, str(column))
    cat = pd.Categorical.from_codes(_codes(values), categories=list(CATEGORIES), ordered=True)
    index = scores.index if isinstance(scores, pd.Series) else None
    return pd.Series(cat, index=index, name="category")


# --------------------------------------------------------------------------- results
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
        return (f"NPS {self.score:+.1f} ({self.confidence:.0%} CI {self.low:+.1f} to {self.high:+.1f}, "
                f"{self.method}, n = {self.n})")


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
        verdict = "significant" if self.significant else "could be noise"
        return (f"NPS difference {self.difference:+.1f} ({self.confidence:.0%} CI {self.low:+.1f} to "
                f"{self.high:+.1f}, z = {self.z:.2f}, p = {self.p_value:.3f}: {verdict})")


def _from_counts(prom, pas, det, method: str, confidence: float, seed: int, n_boot: int) -> dict[str, np.ndarray]:
    """Vectorised NPS, SE and interval from counts (arrays); values in NPS points."""
    prom, pas, det = (np.asarray(x, dtype=float) for x in (prom, pas, det))
    n = prom + pas + det
    p, o, d = prom / n, pas / n, det / n
    score = p - d
    z = stats.norm.ppf(0.5 + confidence / 2)
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
    codes = _codes(_score_array(scores, source, str(getattr(scores, "name", None) or "score")))
    det, pas, prom = np.bincount(codes, minlength=3)
    out = _from_counts(prom, pas, det, method, confidence, seed, n_boot)
    return NPSResult(
        score=float(out["nps"]), promoters=float(out["promoters"]), passives=float(out["passives"]),
        detractors=float(out["detractors"]), n=int(out["n"]), se=float(out["se"]),
        low=float(out["low"]), high=float(out["high"]), method=method, confidence=confidence,
    )


def _as_list(by) -> list:
    return [by] if isinstance(by, str) else list(by)


def _counts_by(df: pd.DataFrame, by: list, score: str, source: str) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(f"expected a table (pandas DataFrame), got {type(df).__name__}", source=source,
                              fix="load the survey with course_lib.data.load or read_table first")
    require_columns(df, by + [score], source=source)
    empty_key = df[by].isna().any(axis=1).to_numpy()
    if empty_key.any():
        raise CourseDataError("empty group labels", source=source, row=(np.flatnonzero(empty_key) + 1).tolist(),
                              column=by if len(by) > 1 else by[0], expected="a segment label on every row",
                              fix="fill in the labels or drop those rows")
    codes = _codes(_score_array(df[score], source, score))
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


def _counts_of(x: Any, name: str) -> tuple[float, float, float]:
    if isinstance(x, NPSResult):
        c = x.counts
        return c["promoters"], c["passives"], c["detractors"]
    det, pas, prom = np.bincount(_codes(_score_array(x, name, "score")), minlength=3)
    return prom, pas, det


def _difference(pa, oa, da, pb, ob, db, method, confidence):
    """Vectorised difference a − b (NPS points), SE, interval, z, p."""
    pa, oa, da, pb, ob, db = (np.asarray(v, dtype=float) for v in (pa, oa, da, pb, ob, db))
    if method == "adjusted_wald":
        pa, da, pb, db = pa + 0.75, da + 0.75, pb + 0.75, db + 0.75
    na, nb = pa + oa + da, pb + ob + db
    sa, sb = (pa - da) / na, (pb - db) / nb
    var_a = pa / na + da / na - sa ** 2
    var_b = pb / nb + db / nb - sb ** 2
    diff = sa - sb
    se = np.sqrt(var_a / na + var_b / nb)
    zcrit = stats.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(se > 0, diff / np.where(se > 0, se, 1), 0.0)
    p = 2 * stats.norm.sf(np.abs(z))
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
    confidence = _check_confidence(confidence)
    if not isinstance(margin, (int, float)) or not 0 < margin <= 200:
        raise CourseDataError(f"margin must be a positive number of NPS points, not {margin!r}",
                              expected="e.g. 5 for ± 5 points", fix="pass margin=5")
    if (promoters is None) != (detractors is None):
        raise CourseDataError("give both expected shares or neither", expected="promoters= and detractors= as 0–1",
                              fix="pass both, e.g. promoters=0.45, detractors=0.2, or neither for the worst case")
    if promoters is None:
        var = 1.0
    else:
        if not (0 <= promoters <= 1 and 0 <= detractors <= 1 and promoters + detractors <= 1):
            raise CourseDataError("expected shares must lie between 0 and 1 and add up to at most 1",
                                  expected="e.g. promoters=0.45, detractors=0.2",
                                  fix="write shares as fractions (0.45), not percentages (45)")
        var = promoters + detractors - (promoters - detractors) ** 2
    z = stats.norm.ppf(0.5 + confidence / 2)
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
        raise CourseDataError("shares must lie between 0 and 1 and add up to at most 1",
                              expected="e.g. promoters=0.45, detractors=0.2",
                              fix="lower one of the two shares")
    if int(n) < 1 or int(months) < 1:
        raise CourseDataError("n and months must be at least 1", fix="pass n=200, months=12")
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


# --------------------------------------------------------------------------- loyalty links (lesson 01)
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
    confidence = _check_confidence(confidence)
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(f"expected a table (pandas DataFrame), got {type(df).__name__}", source=source)
    keys = ([by] if by else []) + [driver]
    require_columns(df, keys + [outcome], source=source)
    y = df[outcome]
    if pd.api.types.is_bool_dtype(y):
        y = y.astype(float)
    y = pd.to_numeric(y, errors="coerce")
    bad = y.isna().to_numpy() | df[keys].isna().any(axis=1).to_numpy()
    if bad.any():
        raise CourseDataError("empty or non-numeric values", source=source, row=(np.flatnonzero(bad) + 1).tolist(),
                              column=[*keys, outcome], expected=f"a number (or true/false) in '{outcome}' and a level in '{driver}'",
                              fix="drop incomplete responses first (df.dropna(subset=[...]))")
    binary = bool(y.isin([0.0, 1.0]).all())
    frame = df[keys].assign(_y=y.to_numpy())
    g = frame.groupby(keys, observed=True, sort=True)["_y"]
    n, mean, sd = g.count(), g.mean(), g.std(ddof=1)
    if binary:
        z = stats.norm.ppf(0.5 + confidence / 2)
        centre = (mean + z ** 2 / (2 * n)) / (1 + z ** 2 / n)
        half = z / (1 + z ** 2 / n) * np.sqrt(mean * (1 - mean) / n + z ** 2 / (4 * n ** 2))
        low, high = centre - half, centre + half
    else:
        t = stats.t.ppf(0.5 + confidence / 2, np.maximum(n - 1, 1))
        half = t * sd.fillna(0) / np.sqrt(n)
        low, high = mean - half, mean + half
    return pd.DataFrame({"n": n.astype(np.int64), "mean": mean, "low": low, "high": high})


# --------------------------------------------------------------------------- plots
def _signed(value: float) -> str:
    """Whole NPS points with a sign, never "-0"."""
    return f"{int(round(value)) + 0:+d}"


def _label_of(key, labels) -> str:
    if isinstance(key, tuple):
        key = " · ".join(map(str, key))
    if labels and key in labels:
        return labels[key]
    return str(key)


def plot_segments(table: pd.DataFrame, ax=None, lang: str = "en", *, labels: dict | None = None, title=None):
    """Stacked detractor/passive/promoter shares per segment, with NPS and interval beside each bar.

    ``table`` is the output of :func:`nps_by`; ``labels`` maps group keys to display names.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"store": ["A"] * 4 + ["B"] * 4, "score": [10, 9, 7, 2, 9, 6, 5, 3]})
    >>> _ = plot_segments(nps_by(df, "store"), lang="zh")
    """
    style.check_lang(lang)
    require_columns(table, ["promoters", "passives", "detractors", "nps", "low", "high"], source="NPS table",
                    fix="pass the table returned by course_lib.nps.nps_by")
    ax = style.new_ax(ax, figsize=(9, 0.6 * len(table) + 1.8))
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for cat, col in zip(CATEGORIES, ("detractors", "passives", "promoters")):
        width = table[col].to_numpy(dtype=float)
        ax.barh(y, width, left=left, color=_COLOURS[cat], label=style.pick(_LABELS[cat], lang), height=0.65)
        for yi, l, w in zip(y, left, width):
            if w >= 0.08:
                ax.text(l + w / 2, yi, f"{w:.0%}", ha="center", va="center", fontsize=10,
                        color="white" if cat != "passive" else "black")
        left = left + width
    for yi, (_, row) in zip(y, table.iterrows()):
        ax.text(1.02, yi, f"NPS {_signed(row['nps'])}  [{_signed(row['low'])}, {_signed(row['high'])}]",
                va="center", ha="left", fontsize=11, transform=ax.get_yaxis_transform())
    ax.set_yticks(y, [_label_of(k, labels) for k in table.index])
    ax.set_xlim(0, 1)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.grid(False)
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, fontsize=10)
    style.finish(ax, xlabel={"en": "Share of respondents", "zh": "受访者占比"}, lang=lang)
    ax.set_title(style.pick(title or {"en": "NPS by segment", "zh": "各细分群体的净推荐值"}, lang), pad=30)
    return ax


def plot_trend(trend: pd.DataFrame, ax=None, lang: str = "en", *, reference: float | None = None, title=None):
    """NPS per period as a line with its interval band; significant changes are marked.

    ``trend`` is the output of :func:`nps_trend` or :func:`simulate_surveys`
    (one segment); ``reference`` draws a horizontal line (e.g. the true NPS).

    Examples
    --------
    >>> _ = plot_trend(simulate_surveys(0.45, 0.2, 200), reference=25)
    """
    style.check_lang(lang)
    require_columns(trend, ["nps", "low", "high"], source="NPS trend",
                    fix="pass the table returned by course_lib.nps.nps_trend")
    ax = style.new_ax(ax, figsize=(9, 4.5))
    x = np.arange(len(trend))
    ax.fill_between(x, trend["low"], trend["high"], color=style.PALETTE["sky"], alpha=0.3,
                    label=style.pick({"en": "interval", "zh": "置信区间"}, lang))
    ax.plot(x, trend["nps"], marker="o", color=style.PALETTE["blue"], label="NPS")
    if "significant" in trend.columns and trend["significant"].any():
        sig = trend["significant"].to_numpy()
        ax.scatter(x[sig], trend["nps"].to_numpy()[sig], s=140, facecolors="none",
                   edgecolors=style.PALETTE["vermillion"], linewidths=2, zorder=3,
                   label=style.pick({"en": "significant change", "zh": "显著变化"}, lang))
    if reference is not None:
        ax.axhline(reference, color=style.PALETTE["grey"], linestyle="--",
                   label=style.pick({"en": "true NPS", "zh": "真实 NPS"}, lang))
    labels = [_label_of(k, None) for k in trend.index]
    step = max(1, len(labels) // 12)
    ax.set_xticks(x[::step], labels[::step], rotation=45 if len(labels) > 6 else 0, ha="right" if len(labels) > 6 else "center")
    ax.legend(loc="best", fontsize=10)
    style.finish(ax, title=title or {"en": "NPS over time", "zh": "净推荐值趋势"},
                 xlabel={"en": "Period", "zh": "期间"}, ylabel="NPS", lang=lang)
    return ax


def plot_outcome_by_level(table: pd.DataFrame, ax=None, lang: str = "en", *, xlabel=None, ylabel=None, title=None):
    """Outcome mean per driver level (from :func:`outcome_by_level`) with interval bars; one line per ``by`` group.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sat": [1, 1, 7, 7], "came_back": [False, True, True, True]})
    >>> _ = plot_outcome_by_level(outcome_by_level(df, "sat", "came_back"))
    """
    style.check_lang(lang)
    require_columns(table, ["mean", "low", "high"], source="outcome table",
                    fix="pass the table returned by course_lib.nps.outcome_by_level")
    ax = style.new_ax(ax, figsize=(8, 4.5))
    groups = [(None, table)] if table.index.nlevels == 1 else list(table.groupby(level=0, sort=True))
    for i, (name, part) in enumerate(groups):
        levels = part.index.get_level_values(-1)
        err = np.clip(np.vstack([part["mean"] - part["low"], part["high"] - part["mean"]]), 0, None)
        ax.errorbar(levels, part["mean"], yerr=err, marker="o", capsize=3, color=style.SEQUENCE[i % 8],
                    label=None if name is None else str(name))
    if len(groups) > 1:
        ax.legend(fontsize=10)
    style.finish(ax, title=title, xlabel=xlabel, ylabel=ylabel, lang=lang)
    return ax


# --------------------------------------------------------------------------- widget
def noise_widget(lang: str = "en"):
    """Widget: twelve monthly surveys from an unchanging population; how much does NPS wiggle?

    Controls ``n`` (respondents per month), ``promoters``, ``detractors`` (true
    shares) and ``method``; ``widget.result`` is the :func:`simulate_surveys` table.

    Examples
    --------
    >>> w = noise_widget(lang="zh")        # doctest: +SKIP
    >>> w.controls["n"].value = 1000       # doctest: +SKIP
    >>> int(w.result["n"].iloc[0])         # doctest: +SKIP
    1000
    """
    import ipywidgets as w

    from .widgets import live

    style.check_lang(lang)
    text = {
        "n": {"en": "n / month", "zh": "每月样本量"},
        "promoters": {"en": "promoters", "zh": "推荐者占比"},
        "detractors": {"en": "detractors", "zh": "贬损者占比"},
        "method": {"en": "interval", "zh": "区间方法"},
        "title": {"en": "Same customers every month: how much does NPS move by chance?",
                  "zh": "顾客群体不变：净推荐值每月会因偶然波动多少？"},
        "too_many": {"en": "Promoters + detractors cannot exceed 100%.", "zh": "推荐者与贬损者之和不能超过 100%。"},
    }
    controls = {
        "n": w.IntSlider(value=200, min=50, max=2000, step=50, description=style.pick(text["n"], lang)),
        "promoters": w.FloatSlider(value=0.45, min=0, max=1, step=0.05, description=style.pick(text["promoters"], lang)),
        "detractors": w.FloatSlider(value=0.20, min=0, max=1, step=0.05, description=style.pick(text["detractors"], lang)),
        "method": w.Dropdown(options=list(METHODS[:2]), value="adjusted_wald", description=style.pick(text["method"], lang)),
    }

    def render(n, promoters, detractors, method):
        if promoters + detractors > 1 + 1e-9:
            return style.pick(text["too_many"], lang)
        table = simulate_surveys(promoters, min(detractors, 1 - promoters), n, method=method)
        plot_trend(table, reference=100 * (promoters - detractors), lang=lang,
                   title={"en": f"12 monthly surveys of {n}", "zh": f"12 次月度调查，每次 {n} 人"})
        return table

    return live(controls, render, title=style.pick(text["title"], lang))
