"""The peak-end rule (峰终定律, Kahneman et al. 1993): remembered scores of episodes and redesigns.

:func:`peak_end_score` gives the remembered score (peak + end) / 2 of one
episode, :func:`remembered_vs_mean` compares it with the average and the area for
many episodes, :func:`remembered_scores` does so per customer of a journey table,
and :func:`redesign` simulates a change to an episode.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..data import require_columns
from ..errors import CourseDataError, row_numbers, show
from ..lang import T
from .journeys import validate_journey

__all__ = ["PeakEnd", "Redesign", "peak_end", "peak_end_score", "remembered_vs_mean", "remembered_scores",
           "redesign"]


def _customer_outcome(df: pd.DataFrame, outcome: str) -> pd.Series:
    return df.groupby("customer_id", sort=True)[outcome].first()



def _as_profiles(profiles, source: str) -> tuple[np.ndarray, list]:
    """Profiles (dict name → sequence, list of sequences, or wide DataFrame) → 2-D float array with trailing NaN."""
    if isinstance(profiles, pd.DataFrame):
        names = list(profiles.index)
        try:
            arr = profiles.to_numpy(dtype=float)
        except (TypeError, ValueError):
            raise CourseDataError(T("profiles contain values that are not numbers"), source=source,
                                  expected=T("numbers, one column per moment"),
                                  fix=T("convert the columns to numbers")) from None
    else:
        if isinstance(profiles, Mapping):
            names, seqs = list(profiles.keys()), list(profiles.values())
        else:
            seqs = list(profiles)
            names = list(range(1, len(seqs) + 1))
        rows = [_as_series(s, source=source, row=i + 1) for i, s in enumerate(seqs)]
        width = max((len(r) for r in rows), default=0)
        arr = np.full((len(rows), width), np.nan)
        for i, r in enumerate(rows):
            arr[i, : len(r)] = r
    if arr.ndim != 2 or arr.shape[0] == 0 or arr.shape[1] == 0:
        raise CourseDataError(T("no profiles given"), source=source, expected=T("at least one profile with one moment"),
                              fix=T("pass e.g. {'A': [0, -3, 2]}"))
    valid = ~np.isnan(arr)
    length = valid.sum(axis=1)
    interior = valid != (np.arange(arr.shape[1]) < length[:, None])
    if interior.any() or (length == 0).any():
        raise CourseDataError(T("a profile has gaps or is empty"), source=source,
                              row=row_numbers(interior.any(axis=1) | (length == 0)),
                              expected=T("consecutive moments; shorter profiles may end early (trailing blanks only)"),
                              fix=T("fill the missing moments or drop the profile"))
    return arr, names


def _as_series(series, *, source: str = "profile", row=None) -> np.ndarray:
    if isinstance(series, (str, bytes)) or np.ndim(series) != 1:
        raise CourseDataError(T("a profile must be a one-dimensional sequence of numbers"), source=source, row=row,
                              expected=T("e.g. [0, -3, 2, 4]"), fix=T("pass a list, array or pandas Series"))
    try:
        arr = np.asarray(series, dtype=float)
    except (TypeError, ValueError):
        raise CourseDataError(T("a profile contains values that are not numbers"), source=source, row=row,
                              expected=T("numbers such as -3 or 2.5"), fix=T("remove the text values")) from None
    if arr.size == 0:
        raise CourseDataError(T("the profile is empty"), source=source, row=row, expected=T("at least one moment"),
                              fix=T("pass the ratings of each moment"))
    if not np.isfinite(arr).all():
        where = row_numbers(~np.isfinite(arr))
        raise CourseDataError(T("the profile has missing or infinite values at moments {where}", where=where),
                              source=source,
                              row=row, expected=T("a finite number at every moment"),
                              fix=T("fill the missing moments or drop them"))
    return arr


def _check_window(end_window, lengths: np.ndarray, source: str) -> int:
    if isinstance(end_window, bool) or not isinstance(end_window, (int, np.integer)) or end_window < 1:
        raise CourseDataError(T("end_window must be a whole number ≥ 1, got {value}", value=show(end_window)),
                              source=source,
                              column="end_window", expected=T("e.g. end_window=1 (last moment) or 3"),
                              fix=T("pass how many final moments make up the end"))
    if (lengths < end_window).any():
        raise CourseDataError(T("end_window={end_window} is longer than the profile", end_window=end_window),
                              source=source,
                              row=row_numbers(lengths < end_window),
                              column="end_window",
                              expected=T("profiles with at least {end_window} moments", end_window=end_window),
                              fix=T("use a smaller end_window"))
    return int(end_window)


def _peak_end_arrays(arr: np.ndarray, end_window: int, signed: bool):
    """Vectorised peak, peak position, end over a 2-D array with trailing NaN."""
    length = (~np.isnan(arr)).sum(axis=1)
    if signed:
        absmax = np.nanmax(np.abs(arr), axis=1)
        has_neg = (arr == -absmax[:, None]).any(axis=1) & (absmax > 0)
        peak = np.where(has_neg, -absmax, absmax)
    else:
        peak = np.nanmax(arr, axis=1)
    hit = arr == peak[:, None]
    peak_pos = hit.argmax(axis=1)
    cs = np.concatenate([np.zeros((arr.shape[0], 1)), np.cumsum(np.nan_to_num(arr), axis=1)], axis=1)
    rows = np.arange(arr.shape[0])
    end = (cs[rows, length] - cs[rows, length - end_window]) / end_window
    return peak, peak_pos, end, length


@dataclass(frozen=True)
class PeakEnd:
    """Parts of a remembered score: ``peak`` (value), ``peak_index`` (0-based), ``end``, ``score``,
    ``mean`` and ``area`` (sum over moments, each one time unit long)."""

    peak: float
    peak_index: int
    end: float
    score: float
    mean: float
    area: float
    n: int


def peak_end(series, end_window: int = 1, signed: bool = True) -> PeakEnd:
    """Peak, end and remembered score of one episode (see :func:`peak_end_score`).

    Examples
    --------
    >>> peak_end([2, -3, 3, 1])
    PeakEnd(peak=-3.0, peak_index=1, end=1.0, score=-1.0, mean=0.75, area=3.0, n=4)
    """
    arr = _as_series(series)
    w = _check_window(end_window, np.array([arr.size]), "profile")
    peak, pos, end, _ = _peak_end_arrays(arr[None, :], w, bool(signed))
    return PeakEnd(peak=float(peak[0]), peak_index=int(pos[0]), end=float(end[0]),
                   score=float((peak[0] + end[0]) / 2), mean=float(arr.mean()), area=float(arr.sum()), n=int(arr.size))


def peak_end_score(series, end_window: int = 1, signed: bool = True) -> float:
    """Remembered score by the peak-end rule: (peak + end) / 2 (Kahneman et al. 1993).

    Parameters
    ----------
    series : sequence of numbers
        The moment-by-moment ratings of one episode, in time order.
    end_window : int
        The end is the mean of the last ``end_window`` moments (1 = last moment).
    signed : bool
        ``True`` for signed affect (−5…+5): the peak is the most intense moment,
        the largest absolute value keeping its sign; when a positive and a
        negative moment are equally intense, the negative one is the peak.
        ``False`` for a one-directional intensity scale (pain 0–10): the peak is the maximum.

    Examples
    --------
    >>> peak_end_score([1, -4, 2, 3])           # peak −4, end 3
    -0.5
    >>> peak_end_score([2, -3, 3, 1])           # tie |−3| = |3|: the negative wins
    -1.0
    >>> peak_end_score([1, -4, 2, 3], end_window=2)   # end = (2 + 3) / 2
    -0.75
    >>> peak_end_score([3, 5, 8, 6], signed=False)
    7.0
    """
    return peak_end(series, end_window=end_window, signed=signed).score


def remembered_vs_mean(profiles, end_window: int = 1, signed: bool = True,
                       source: str = "profiles") -> pd.DataFrame:
    """Compare the peak-end memory of episodes with their average and area under the curve.

    Parameters
    ----------
    profiles : dict, list of sequences or wide DataFrame
        One episode per key / item / row; episodes may differ in length (a
        DataFrame ends shorter episodes with blanks).

    Returns
    -------
    DataFrame
        Per episode: ``n_moments``, ``peak``, ``end``, ``remembered`` (peak-end),
        ``mean``, ``area`` (sum of the moments), ``remembered_minus_mean``, and
        ``rank_remembered`` / ``rank_area`` (1 = highest).

    Examples
    --------
    >>> t = remembered_vs_mean({"short": [2, 5, 8], "long": [2, 5, 8, 4]}, signed=False)
    >>> t[["remembered", "mean", "area"]]
             remembered  mean  area
    episode
    short           8.0  5.00  15.0
    long            6.0  4.75  19.0
    """
    arr, names = _as_profiles(profiles, source)
    length = (~np.isnan(arr)).sum(axis=1)
    w = _check_window(end_window, length, source)
    peak, _, end, length = _peak_end_arrays(arr, w, bool(signed))
    remembered = (peak + end) / 2
    out = pd.DataFrame({
        "n_moments": length, "peak": peak, "end": end, "remembered": remembered,
        "mean": np.nanmean(arr, axis=1), "area": np.nansum(arr, axis=1),
    }, index=pd.Index(names, name="episode"))
    out["remembered_minus_mean"] = out["remembered"] - out["mean"]
    out["rank_remembered"] = out["remembered"].rank(ascending=False, method="min").astype("int64")
    out["rank_area"] = out["area"].rank(ascending=False, method="min").astype("int64")
    return out


def remembered_scores(df: pd.DataFrame, *, value: str = "emotion", end_window: int = 1, signed: bool = True,
                      source: str = "journey table") -> pd.DataFrame:
    """Per customer of a journey table: peak, end, peak-end score, mean and area of ``value``.

    The customer-level columns ``overall`` and ``return_intention`` are carried along.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"customer_id": [1, 1, 1, 2, 2, 2], "stage": ["s"] * 6,
    ...     "touchpoint": ["a", "b", "c"] * 2, "step": [1, 2, 3] * 2, "emotion": [0, -4, 2, 1, 3, 1]})
    >>> remembered_scores(df)[["peak", "end", "remembered", "mean"]].round(3)
                 peak  end  remembered   mean
    customer_id
    1            -4.0  2.0        -1.0 -0.667
    2             3.0  1.0         2.0  1.667
    """
    df = validate_journey(df, source=source)
    require_columns(df, [value], source=source)
    codes, customers = pd.factorize(df["customer_id"].to_numpy(), sort=True)   # rows are sorted by customer, step
    starts = np.r_[0, np.flatnonzero(np.diff(codes)) + 1]
    sizes = np.diff(np.r_[starts, len(codes)])
    pos = np.arange(len(codes)) - np.repeat(starts, sizes)
    arr = np.full((len(customers), int(sizes.max())), np.nan)
    arr[codes, pos] = df[value].to_numpy(dtype=float)
    wide = pd.DataFrame(arr, index=pd.Index(customers, name="customer_id"))
    out = remembered_vs_mean(wide, end_window=end_window, signed=signed, source=source)
    out.index.name = "customer_id"
    out = out.drop(columns=["rank_remembered", "rank_area"])
    for col in ("overall", "return_intention"):
        if col in df.columns:
            out[col] = _customer_outcome(df, col).reindex(out.index)
    return out


@dataclass(frozen=True)
class Redesign:
    """Before and after a redesign of an episode (see :func:`redesign`)."""

    profile_before: tuple
    profile_after: tuple
    remembered_before: float
    remembered_after: float
    change: float
    mean_before: float
    mean_after: float

    def table(self) -> pd.DataFrame:
        return pd.DataFrame({"remembered": [self.remembered_before, self.remembered_after],
                             "mean": [self.mean_before, self.mean_after],
                             "moments": [len(self.profile_before), len(self.profile_after)]},
                            index=pd.Index(["before", "after"], name="version"))


def redesign(profile, *, add_peak: tuple[int, float] | None = None, end_value: float | None = None,
             extend_end: Sequence[float] | None = None, shorten: tuple[int, int] | None = None,
             end_window: int = 1, signed: bool = True, value_range: tuple[float, float] | None = (-5, 5)) -> Redesign:
    """Simulate a redesign of an episode and report the change in the remembered score.

    All positions refer to the original profile (0-based), and the changes are
    applied together:

    * ``shorten=(start, stop)`` removes the moments ``start…stop−1`` (a bad stretch cut out);
    * ``add_peak=(position, value)`` inserts a new moment before ``position``
      (``len(profile)`` = at the end of the original moments);
    * ``end_value`` replaces the value of the last original moment;
    * ``extend_end=[…]`` appends moments after the end (a gentler or happier ending).

    Examples
    --------
    >>> r = redesign([0, -4, -1, -2], extend_end=[2])     # a pleasant last moment
    >>> r.remembered_before, r.remembered_after, r.change
    (-3.0, -1.0, 2.0)
    >>> redesign([0, -4, -1, -2], shorten=(1, 2)).profile_after
    (0.0, -1.0, -2.0)
    """
    arr = _as_series(profile)
    n = arr.size
    values = arr.copy()
    if end_value is not None:
        values[-1] = float(end_value)
    keep = np.ones(n, dtype=bool)
    if shorten is not None:
        try:
            start, stop = (int(shorten[0]), int(shorten[1]))
        except (TypeError, ValueError, IndexError):
            raise CourseDataError(T("shorten must be a pair (start, stop)"), source="redesign", column="shorten",
                                  expected=T("e.g. shorten=(2, 4) removes moments 2 and 3"),
                                  fix=T("pass two whole numbers")) from None
        if not 0 <= start < stop <= n:
            raise CourseDataError(T("shorten={shorten} is outside the profile of {n} moments", shorten=repr(shorten),
                                    n=n), source="redesign",
                                  column="shorten", expected=T("0 ≤ start < stop ≤ {n}", n=n),
                                  fix=T("check the positions"))
        keep[start:stop] = False
    pieces = [values[:0]]
    insert_at, peak_value = (None, None)
    if add_peak is not None:
        try:
            insert_at, peak_value = int(add_peak[0]), float(add_peak[1])
        except (TypeError, ValueError, IndexError):
            raise CourseDataError(T("add_peak must be a pair (position, value)"), source="redesign", column="add_peak",
                                  expected=T("e.g. add_peak=(3, 4)"), fix=T("pass a position and a value")) from None
        if not 0 <= insert_at <= n:
            raise CourseDataError(T("add_peak position {insert_at} is outside 0…{n}", insert_at=insert_at, n=n),
                                  source="redesign",
                                  column="add_peak", expected=T("a position from 0 to {n}", n=n),
                                  fix=T("check the position"))
    idx = np.arange(n)
    if insert_at is None:
        pieces = [values[keep]]
    else:
        pieces = [values[keep & (idx < insert_at)], np.array([peak_value]), values[keep & (idx >= insert_at)]]
    if extend_end is not None:
        pieces.append(_as_series(extend_end, source="extend_end"))
    after = np.concatenate(pieces)
    if after.size == 0:
        raise CourseDataError(T("the redesign removes every moment"), source="redesign", column="shorten",
                              fix=T("keep at least one moment"))
    if value_range is not None:
        lo, hi = value_range
        out = (after < lo) | (after > hi)
        if out.any():
            raise CourseDataError(T("redesigned values must stay within {lo}…{hi}", lo=show(lo), hi=show(hi)),
                                  source="redesign", expected=T("values from {lo} to {hi}", lo=show(lo), hi=show(hi)),
                                  fix=T("choose values on the rating scale"))
    before = peak_end(arr, end_window=end_window, signed=signed)
    new = peak_end(after, end_window=end_window, signed=signed)
    return Redesign(profile_before=tuple(arr.tolist()), profile_after=tuple(after.tolist()),
                    remembered_before=before.score, remembered_after=new.score, change=new.score - before.score,
                    mean_before=before.mean, mean_after=new.mean)

