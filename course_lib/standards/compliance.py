"""Is the promise kept? Promise-kept rates with Wilson intervals, and p-charts across units.

* :func:`compliance`: the promise-kept rate (承诺兑现率) per unit and period, with
  Wilson (1927) score intervals (:func:`wilson_interval`);
* :func:`p_chart`: a p-chart (Shewhart control chart for proportions) with 3-sigma
  limits per subgroup (variable n), flagging units out of control, i.e. the
  "inconsistent execution across units" problem (执行不一致).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import require_columns
from ..errors import CourseDataError, row_numbers
from ..lang import T
from ._args import _as_list, _positive, _share, _z
from .standard import Standard

__all__ = ["wilson_interval", "compliance", "p_chart"]


def wilson_interval(kept, n, confidence: float = 0.95):
    """Wilson (1927) score interval for a proportion ``kept / n``; returns ``(lower, upper)`` arrays.

    ``centre = (p + z²/2n) / (1 + z²/n)``, ``half = z / (1 + z²/n) · sqrt(p(1−p)/n + z²/4n²)``.
    Unlike the Wald interval it stays inside [0, 1] and behaves at p = 0 or 1.

    Examples
    --------
    >>> lo, hi = wilson_interval(8, 10)
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.4902, 0.9433)
    """
    z = _z(confidence)
    k = np.asarray(kept, dtype=float)
    n = np.asarray(n, dtype=float)
    if np.any(n <= 0) or np.any(k < 0) or np.any(k > n) or np.any(~np.isfinite(k)) or np.any(~np.isfinite(n)):
        raise CourseDataError(T("counts must satisfy 0 <= kept <= n and n > 0"), source="wilson_interval",
                              expected=T("kept and n as counts of events"), fix=T("check the counts passed"))
    p = k / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _prepare(events: pd.DataFrame, standard: Standard, keys: list[str], missing: str,
             allow_negative: bool, source: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    if not isinstance(standard, Standard):
        raise CourseDataError(T("expected a Standard, got {type}", type=type(standard).__name__), source=source,
                              fix=T("build it with standards.Standard(metric, threshold, target, ...)"))
    if not isinstance(events, pd.DataFrame):
        raise CourseDataError(T("expected a table (pandas DataFrame), got {type}", type=type(events).__name__),
                              source=source)
    require_columns(events, [standard.metric, *keys], source=source)
    if missing not in ("drop", "broken", "error"):
        raise CourseDataError(T("missing must be 'drop', 'broken' or 'error', not {missing}", missing=repr(missing)),
                              source=source,
                              fix=T("use missing='drop' to leave unmeasured events out"))
    values = pd.to_numeric(events[standard.metric], errors="coerce")
    text = values.isna() & events[standard.metric].notna()
    if text.any():
        raise CourseDataError(T("non-numeric values such as {value}",
                                value=repr(events[standard.metric][text].iloc[0])),
                              source=source, row=row_numbers(text.to_numpy()),
                              column=standard.metric, expected=T("numbers (times or scores)"),
                              fix=T("convert the column to numbers, e.g. minutes as 12.5"))
    x = values.to_numpy(dtype=float)
    if not allow_negative and standard.direction == "<=":
        neg = x < 0
        if neg.any():
            raise CourseDataError(
                T("negative durations such as {value}", value=format(x[neg][0], "g")), source=source,
                row=row_numbers(neg), column=standard.metric,
                expected=T("times of zero or more"),
                fix=T("drop or correct those rows (clock errors), or pass allow_negative=True"),
            )
    for key in keys:
        empty = events[key].isna()
        if empty.any():
            raise CourseDataError(T("empty cells in a grouping column"), source=source,
                                  row=row_numbers(empty.to_numpy()), column=key,
                                  expected=T("a unit or period label on every row"),
                                  fix=T("fill in the label or drop those rows"))
    measured = ~np.isnan(x)
    if missing == "error" and not measured.all():
        raise CourseDataError(T("events without a measurement"), source=source,
                              row=row_numbers(~measured), column=standard.metric,
                              expected=T("a value on every row"), fix=T("pass missing='drop' or 'broken'"))
    return events, x, measured


def compliance(events: pd.DataFrame, standard: Standard, by=None, *, period: str | None = None,
               freq: str | None = None, confidence: float = 0.95, missing: str = "drop",
               allow_negative: bool = False, source: str = "events") -> pd.DataFrame:
    """Promise-kept rate (承诺兑现率) per unit and period, with Wilson intervals.

    Parameters
    ----------
    events : DataFrame
        One row per service event, with the standard's metric column.
    standard : Standard
        The promise.
    by : str or list of str, optional
        Unit column(s) (store, branch …). ``None`` gives one overall row.
    period : str, optional
        A period column; with ``freq`` ("D", "W", "M", "Q") a datetime column is
        grouped into periods (labelled by their start date).
    confidence : float
        Level of the Wilson interval.
    missing : {"drop", "broken", "error"}
        Events without a value: left out (default), counted as broken promises, or an error.
    allow_negative : bool
        Negative durations are an error unless True.

    Returns
    -------
    DataFrame
        Keys, ``n``, ``kept``, ``rate``, ``lower``, ``upper``, ``target``,
        ``meets_target`` (rate ≥ target) and ``status``: ``"below"`` when the whole
        interval is below the target, ``"above"`` when it is above, else ``"unclear"``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = Standard("wait", 10, 0.8)
    >>> ev = pd.DataFrame({"wait": [3, 8, 12, 9, 4, 15, 7, 2, 6, 5]})
    >>> compliance(ev, s)[["n", "kept", "rate", "lower", "upper"]].round(4)
        n  kept  rate   lower   upper
    0  10     8   0.8  0.4902  0.9433
    """
    keys = _as_list(by)
    if period is not None:
        keys = keys + [period]
    events, x, measured = _prepare(events, standard, keys, missing, allow_negative, source)
    kept = standard.kept(x)
    frame = pd.DataFrame({k: events[k].to_numpy() for k in keys})
    if period is not None and freq is not None:
        col = events[period]
        if not pd.api.types.is_datetime64_any_dtype(col):
            raise CourseDataError(T("freq needs a date column"), source=source, column=period,
                                  expected=T("dates (datetime)"),
                                  fix=T("convert with pd.to_datetime first, or drop freq"))
        if isinstance(col.dtype, pd.DatetimeTZDtype):
            col = col.dt.tz_localize(None)
        frame[period] = col.dt.to_period(freq).dt.start_time.to_numpy()
    use = measured if missing == "drop" else np.ones(len(x), dtype=bool)
    frame["_n"] = use.astype(np.int64)
    frame["_k"] = (kept & use).astype(np.int64)
    if keys:
        grouped = frame.groupby(keys, observed=True, sort=True)[["_n", "_k"]].sum().reset_index()
    else:
        grouped = pd.DataFrame({"_n": [int(frame["_n"].sum())], "_k": [int(frame["_k"].sum())]})
    grouped = grouped[grouped["_n"] > 0].reset_index(drop=True)
    if grouped.empty:
        raise CourseDataError(T("no measured events to compute a rate from"), source=source,
                              column=standard.metric, expected=T("at least one event with a value"),
                              fix=T("check the metric column and the filter you applied"))
    out = grouped.rename(columns={"_n": "n", "_k": "kept"})
    n = out["n"].to_numpy(dtype=float)
    k = out["kept"].to_numpy(dtype=float)
    lower, upper = wilson_interval(k, n, confidence)
    out["rate"] = k / n
    out["lower"] = lower
    out["upper"] = upper
    out["target"] = standard.target
    out["meets_target"] = out["rate"] >= standard.target
    out["status"] = np.select([upper < standard.target, lower > standard.target], ["below", "above"], "unclear")
    return out


# --------------------------------------------------------------------------- p-chart
def p_chart(events: pd.DataFrame, standard: Standard, by="unit", *, period: str | None = None,
            freq: str | None = None, sigma: float = 3.0, method: str = "p", center: float | None = None,
            missing: str = "drop", allow_negative: bool = False, source: str = "events") -> pd.DataFrame:
    """p-chart of the promise-kept rate: one point per subgroup, limits for its own n.

    Centre line ``p̄ = Σ kept / Σ n``; for a subgroup of size nᵢ the limits are
    ``p̄ ± sigma · sqrt(p̄(1 − p̄)/nᵢ)`` clipped to [0, 1] (Shewhart 1931;
    Montgomery, *Introduction to Statistical Quality Control*). A subgroup outside
    its limits is *out of control*: its rate differs from the system's by more
    than chance (common-cause variation) explains; look for a special cause.

    ``center`` fixes the centre line instead of estimating it from all
    subgroups, e.g. the rate of a baseline period, or the rate of the other units
    after a unit with a known special cause has been set aside (the "phase I"
    practice of recomputing limits without assignable causes).

    ``method="laney"`` widens the limits by the spread of the standardised
    points (Laney 2002, p′-chart), for very large subgroups whose rates vary
    more than binomial chance allows (overdispersion).

    Returns
    -------
    DataFrame
        Keys, ``n``, ``kept``, ``rate``, ``center``, ``lcl``, ``ucl``,
        ``out_of_control`` and ``side`` ("below", "above" or "").

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"unit": ["A"] * 100 + ["B"] * 100,
    ...                    "t": [1] * 90 + [9] * 10 + [1] * 70 + [9] * 30})
    >>> chart = p_chart(ev, Standard("t", 5, 0.8), by="unit")
    >>> chart[["unit", "rate", "center", "lcl", "ucl", "out_of_control"]].round(4)
      unit  rate  center   lcl   ucl  out_of_control
    0    A   0.9     0.8  0.68  0.92           False
    1    B   0.7     0.8  0.68  0.92           False
    """
    sigma = _positive("sigma", sigma, source=source)
    if method not in ("p", "laney"):
        raise CourseDataError(T("method must be 'p' or 'laney', not {method}", method=repr(method)), source=source,
                              fix=T("use method='p' for the classic chart"))
    table = compliance(events, standard, by=by, period=period, freq=freq, missing=missing,
                       allow_negative=allow_negative, source=source)
    n = table["n"].to_numpy(dtype=float)
    k = table["kept"].to_numpy(dtype=float)
    pbar = k.sum() / n.sum() if center is None else _share("center", center, source=source)
    se = np.sqrt(pbar * (1 - pbar) / n)
    factor = 1.0
    if method == "laney" and len(n) >= 2 and pbar * (1 - pbar) > 0:
        zi = (k / n - pbar) / se
        factor = float(np.mean(np.abs(np.diff(zi))) / 1.128)  # d2 for moving ranges of 2
    keys = [c for c in table.columns if c not in ("n", "kept", "rate", "lower", "upper", "target",
                                                    "meets_target", "status")]
    out = table[keys + ["n", "kept", "rate"]].copy()
    out["center"] = pbar
    out["lcl"] = np.clip(pbar - sigma * factor * se, 0, 1)
    out["ucl"] = np.clip(pbar + sigma * factor * se, 0, 1)
    rate = out["rate"].to_numpy()
    below = rate < out["lcl"].to_numpy()
    above = rate > out["ucl"].to_numpy()
    out["out_of_control"] = below | above
    out["side"] = np.select([below, above], ["below", "above"], "")
    return out
