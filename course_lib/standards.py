"""Service standards and commitments: measurable promises, kept and monitored.

A *service standard* (服务标准) is a measurable promise: a metric, a threshold and a
target attainment, e.g. "80% of calls answered within 20 seconds" or "90% of
parties seated within 15 minutes". This module turns event logs into
promise-kept rates and answers the questions a manager asks about a promise:

* :class:`Standard` and :func:`compliance`: the promise-kept rate (承诺兑现率) per
  unit and period, with Wilson (1927) score intervals (:func:`wilson_interval`);
* :func:`p_chart`: a p-chart (Shewhart control chart for proportions) with
  3-sigma limits per subgroup (variable n), flagging units out of control,
  i.e. the "inconsistent execution across units" problem (执行不一致);
* :func:`erlang_c`, :func:`agents_needed`, :func:`staffing_curve`,
  :func:`staffing_plan`: how many people keep a response-time promise
  (Erlang C queueing model);
* :data:`HART_PROPERTIES`, :func:`guarantee_checklist`, :func:`score_guarantee`
  and :func:`guarantee_economics`: designing a service guarantee (服务保证,
  Hart 1988) and weighing payout cost against retained revenue;
* :data:`CYCLE_STAGES`, :func:`commitment_scorecard`, :func:`score_cycle`: the
  commitment cycle (承诺制定 → 宣传 → 执行 → 服务监控 → 反馈与改进) as a
  scorecard a team fills in;
* :func:`did`: did training work? Difference in differences on a branch panel;
* plots (``lang="en"|"zh"``) and :func:`staffing_widget`.

Examples
--------
>>> import pandas as pd
>>> from course_lib import standards
>>> std = standards.Standard("wait_min", threshold=15, target=0.9, unit="min",
...                          label_en="Seated within 15 minutes", label_zh="15分钟内入座")
>>> events = pd.DataFrame({"store": ["A", "A", "A", "B", "B"],
...                        "wait_min": [5, 12, 20, 14, 16]})
>>> standards.compliance(events, std, by="store")[["store", "n", "kept", "rate"]].round(3)
  store  n  kept   rate
0     A  3     2  0.667
1     B  2     1  0.500
>>> round(standards.erlang_c(arrival_rate=1, service_time=1, agents=2).p_wait, 4)
0.3333
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from . import style
from .data import Column, require_columns, validate_frame
from .errors import CourseDataError

__all__ = [
    "Standard",
    "wilson_interval",
    "compliance",
    "p_chart",
    "ErlangC",
    "erlang_c",
    "agents_needed",
    "staffing_curve",
    "staffing_plan",
    "HART_PROPERTIES",
    "GUARANTEE_SCALE",
    "EXAMPLE_GUARANTEES",
    "guarantee_checklist",
    "GuaranteeScore",
    "score_guarantee",
    "GuaranteeEconomics",
    "guarantee_economics",
    "CYCLE_STAGES",
    "CYCLE_SCALE",
    "EXAMPLE_CYCLE_SCORES",
    "commitment_scorecard",
    "score_cycle",
    "DiDResult",
    "did",
    "plot_compliance",
    "plot_compliance_trend",
    "plot_p_chart",
    "plot_staffing",
    "plot_did",
    "plot_cycle",
    "plot_guarantee",
    "staffing_widget",
]


# --------------------------------------------------------------------------- helpers
def _z(confidence: float, source: str = "confidence") -> float:
    if not isinstance(confidence, (int, float, np.number)) or not 0 < float(confidence) < 1:
        raise CourseDataError(
            f"confidence must be a share between 0 and 1, not {confidence!r}",
            source=source, expected="a number such as 0.95", fix="pass confidence=0.95 for a 95% interval",
        )
    return float(stats.norm.ppf(0.5 + float(confidence) / 2))


def _as_list(by) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def _positive(name: str, value, *, allow_zero: bool = False, source: str = "arguments") -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise CourseDataError(f"{name} must be a number, not {value!r}", source=source,
                              expected="a positive number", fix=f"pass {name} as a number") from None
    ok = math.isfinite(x) and (x >= 0 if allow_zero else x > 0)
    if not ok:
        raise CourseDataError(
            f"{name} must be {'zero or positive' if allow_zero else 'positive'}, not {value!r}",
            source=source, expected="a finite number " + (">= 0" if allow_zero else "> 0"),
            fix=f"check the value of {name} (and its time unit)",
        )
    return x


def _share(name: str, value, *, source: str = "arguments", closed_low: bool = True) -> float:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise CourseDataError(f"{name} must be a share between 0 and 1, not {value!r}", source=source,
                              expected="a number from 0 to 1", fix="write 80% as 0.8") from None
    low_ok = x >= 0 if closed_low else x > 0
    if not (math.isfinite(x) and low_ok and x <= 1):
        raise CourseDataError(f"{name} must be a share between 0 and 1, not {value!r}", source=source,
                              expected="a number from 0 to 1", fix="write 80% as 0.8, not 80")
    return x


# --------------------------------------------------------------------------- the standard
@dataclass(frozen=True)
class Standard:
    """A measurable service promise: ``target`` share of events with ``metric`` within ``threshold``.

    Parameters
    ----------
    metric : str
        The column of the event log that is measured (e.g. ``"wait_min"``).
    threshold : float
        The promised limit: an event keeps the promise when its value is at most
        ``threshold`` (or at least, with ``direction=">="``).
    target : float
        The attainment the organisation commits to, a share in (0, 1] (0.8 = 80% of events).
    unit : str
        Unit of the metric ("min", "s", "h" …), for labels.
    label_en, label_zh : str
        Short names of the promise in English and Chinese.
    direction : {"<=", ">="}
        ``"<="`` for times (at most the threshold), ``">="`` for scores (at least).

    Examples
    --------
    >>> s = Standard("answer_s", 20, 0.8, "s", "Calls answered within 20 s", "20秒内接听")
    >>> s.describe()
    '80% of events with answer_s <= 20 s (Calls answered within 20 s)'
    >>> s.describe("zh")
    '80% 的服务事件 answer_s <= 20 s（20秒内接听）'
    >>> s.kept([5, 20, 21]).tolist()
    [True, True, False]
    """

    metric: str
    threshold: float
    target: float
    unit: str = ""
    label_en: str = ""
    label_zh: str = ""
    direction: str = "<="

    def __post_init__(self):
        if not isinstance(self.metric, str) or not self.metric.strip():
            raise CourseDataError("a standard needs the name of the measured column", source="Standard",
                                  expected="metric='wait_min' (a column of the event log)",
                                  fix="name the column that holds the time or score being promised")
        try:
            threshold = float(self.threshold)
        except (TypeError, ValueError):
            threshold = float("nan")
        if not math.isfinite(threshold):
            raise CourseDataError(f"the threshold must be a number, not {self.threshold!r}", source="Standard",
                                  expected="e.g. threshold=15 for 'within 15 minutes'",
                                  fix="write the promised limit as a number in the metric's unit")
        object.__setattr__(self, "threshold", threshold)
        try:
            target = float(self.target)
        except (TypeError, ValueError):
            target = float("nan")
        if not (0 < target <= 1):
            raise CourseDataError(f"the target attainment must be a share in (0, 1], not {self.target!r}",
                                  source="Standard", expected="e.g. target=0.9 for '90% of the time'",
                                  fix="write 90% as 0.9")
        object.__setattr__(self, "target", target)
        if self.direction not in ("<=", ">="):
            raise CourseDataError(f"direction must be '<=' or '>=', not {self.direction!r}", source="Standard",
                                  expected="'<=' for times (at most), '>=' for scores (at least)",
                                  fix="use direction='<=' for a time limit")

    def label(self, lang: str = "en") -> str:
        """The promise's short name in ``lang`` (falls back to the metric)."""
        style.check_lang(lang)
        text = self.label_zh if lang == "zh" else self.label_en
        return text or self.label_en or self.metric

    def describe(self, lang: str = "en") -> str:
        """The whole promise as a sentence."""
        style.check_lang(lang)
        pct = f"{self.target * 100:g}%"
        limit = f"{self.metric} {self.direction} {self.threshold:g}" + (f" {self.unit}" if self.unit else "")
        name = self.label(lang)
        if lang == "zh":
            return f"{pct} 的服务事件 {limit}（{name}）"
        return f"{pct} of events with {limit} ({name})"

    def kept(self, values) -> np.ndarray:
        """Boolean array: which values keep the promise (missing values do not)."""
        x = np.asarray(values, dtype=float)
        with np.errstate(invalid="ignore"):
            return (x <= self.threshold) if self.direction == "<=" else (x >= self.threshold)


# --------------------------------------------------------------------------- rates and intervals
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
        raise CourseDataError("counts must satisfy 0 <= kept <= n and n > 0", source="wilson_interval",
                              expected="kept and n as counts of events", fix="check the counts passed")
    p = k / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _prepare(events: pd.DataFrame, standard: Standard, keys: list[str], missing: str,
             allow_negative: bool, source: str) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    if not isinstance(standard, Standard):
        raise CourseDataError(f"expected a Standard, got {type(standard).__name__}", source=source,
                              fix="build it with standards.Standard(metric, threshold, target, ...)")
    if not isinstance(events, pd.DataFrame):
        raise CourseDataError(f"expected a table (pandas DataFrame), got {type(events).__name__}", source=source)
    require_columns(events, [standard.metric, *keys], source=source)
    if missing not in ("drop", "broken", "error"):
        raise CourseDataError(f"missing must be 'drop', 'broken' or 'error', not {missing!r}", source=source,
                              fix="use missing='drop' to leave unmeasured events out")
    values = pd.to_numeric(events[standard.metric], errors="coerce")
    text = values.isna() & events[standard.metric].notna()
    if text.any():
        raise CourseDataError(f"non-numeric values such as {events[standard.metric][text].iloc[0]!r}",
                              source=source, row=(np.flatnonzero(text.to_numpy()) + 1).tolist(),
                              column=standard.metric, expected="numbers (times or scores)",
                              fix="convert the column to numbers, e.g. minutes as 12.5")
    x = values.to_numpy(dtype=float)
    if not allow_negative and standard.direction == "<=":
        neg = x < 0
        if neg.any():
            raise CourseDataError(
                f"negative durations such as {x[neg][0]:g}", source=source,
                row=(np.flatnonzero(neg) + 1).tolist(), column=standard.metric,
                expected="times of zero or more",
                fix="drop or correct those rows (clock errors), or pass allow_negative=True",
            )
    for key in keys:
        empty = events[key].isna()
        if empty.any():
            raise CourseDataError("empty cells in a grouping column", source=source,
                                  row=(np.flatnonzero(empty.to_numpy()) + 1).tolist(), column=key,
                                  expected="a unit or period label on every row",
                                  fix="fill in the label or drop those rows")
    measured = ~np.isnan(x)
    if missing == "error" and not measured.all():
        raise CourseDataError("events without a measurement", source=source,
                              row=(np.flatnonzero(~measured) + 1).tolist(), column=standard.metric,
                              expected="a value on every row", fix="pass missing='drop' or 'broken'")
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
            raise CourseDataError("freq needs a date column", source=source, column=period,
                                  expected="dates (datetime)", fix="convert with pd.to_datetime first, or drop freq")
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
        raise CourseDataError("no measured events to compute a rate from", source=source,
                              column=standard.metric, expected="at least one event with a value",
                              fix="check the metric column and the filter you applied")
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
        raise CourseDataError(f"method must be 'p' or 'laney', not {method!r}", source=source,
                              fix="use method='p' for the classic chart")
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


# --------------------------------------------------------------------------- Erlang C
@dataclass(frozen=True)
class ErlangC:
    """Erlang C (M/M/N queue) results for one staffing level.

    Times are in the unit of ``service_time``; ``traffic`` is the offered load
    in Erlangs (arrival rate × service time), ``occupancy`` = traffic / agents.
    ``service_level`` is the share answered within ``target_answer_time``
    (``nan`` if none was given), ``asa`` the average speed of answer.
    """

    arrival_rate: float
    service_time: float
    agents: int
    traffic: float
    occupancy: float
    p_wait: float
    service_level: float
    asa: float
    target_answer_time: float | None = None

    def as_series(self) -> pd.Series:
        return pd.Series({k: getattr(self, k) for k in ("agents", "traffic", "occupancy", "p_wait",
                                                        "service_level", "asa")})


def _erlang_b_all(traffic: float, max_agents: int) -> np.ndarray:
    """Erlang B blocking for 0..max_agents servers by the stable recursion B(k) = A·B(k−1) / (k + A·B(k−1))."""
    b = np.empty(max_agents + 1)
    b[0] = 1.0
    for k in range(1, max_agents + 1):
        b[k] = traffic * b[k - 1] / (k + traffic * b[k - 1])
    return b


def _check_agents(agents, source="erlang_c") -> int:
    if isinstance(agents, bool) or not isinstance(agents, (int, np.integer)) and not (
            isinstance(agents, (float, np.floating)) and float(agents).is_integer()):
        raise CourseDataError(f"agents must be a whole number, not {agents!r}", source=source,
                              expected="a whole number of people, e.g. 12", fix="round to a whole number of agents")
    agents = int(agents)
    if agents < 1:
        raise CourseDataError(f"agents must be at least 1, not {agents}", source=source,
                              expected="a whole number of 1 or more", fix="staff at least one agent")
    return agents


def _erlang_from_b(traffic: float, n: int, b: float, service_time: float, target) -> tuple[float, float, float]:
    if n <= traffic:  # unstable queue: everybody waits, the queue grows without bound
        return 1.0, 0.0, float("inf")
    p_wait = n * b / (n - traffic * (1 - b))
    asa = p_wait * service_time / (n - traffic)
    sl = float("nan")
    if target is not None:
        sl = 1.0 - p_wait * math.exp(-(n - traffic) * target / service_time)
    return float(p_wait), float(sl), float(asa)


def erlang_c(arrival_rate: float, service_time: float, agents: int,
             target_answer_time: float | None = None) -> ErlangC:
    """Probability of waiting, service level and average speed of answer with ``agents`` people.

    Erlang C (Erlang 1917) for an M/M/N queue: Poisson arrivals at ``arrival_rate``
    per time unit, exponential handle times with mean ``service_time`` (same time
    unit), ``agents`` servers, nobody abandons. With traffic A = λ·s Erlangs,

    * ``P(wait) = C(N, A) = N·B / (N − A(1 − B))`` with B the Erlang B blocking;
    * service level ``SL(t) = 1 − C · exp(−(N − A) · t / s)``;
    * average speed of answer ``ASA = C · s / (N − A)``.

    When ``agents <= traffic`` the queue grows without bound: P(wait) = 1,
    service level 0 and ASA infinite.

    Examples
    --------
    >>> r = erlang_c(arrival_rate=360 / 1800, service_time=240, agents=55, target_answer_time=20)
    >>> round(r.traffic, 1), round(r.p_wait, 4), round(r.service_level, 4), round(r.asa, 1)
    (48.0, 0.2387, 0.8668, 8.2)
    """
    lam = _positive("arrival_rate", arrival_rate, allow_zero=True, source="erlang_c")
    s = _positive("service_time", service_time, source="erlang_c")
    n = _check_agents(agents)
    t = None if target_answer_time is None else _positive("target_answer_time", target_answer_time,
                                                          allow_zero=True, source="erlang_c")
    traffic = lam * s
    b = _erlang_b_all(traffic, n)[n]
    p_wait, sl, asa = _erlang_from_b(traffic, n, b, s, t)
    return ErlangC(lam, s, n, traffic, traffic / n, p_wait, sl, asa, t)


def staffing_curve(arrival_rate: float, service_time: float, target_answer_time: float,
                   agents: Iterable[int] | None = None) -> pd.DataFrame:
    """Service level, P(wait), ASA and occupancy for a range of staffing levels.

    ``agents`` defaults to the smallest stable level (⌊A⌋ + 1) up to ⌈A⌉ + max(10, ⌈A/2⌉).

    Examples
    --------
    >>> curve = staffing_curve(1, 1, 0.5, agents=[1, 2, 3])
    >>> curve[["agents", "p_wait"]].round(4)
       agents  p_wait
    0       1  1.0000
    1       2  0.3333
    2       3  0.0909
    """
    lam = _positive("arrival_rate", arrival_rate, allow_zero=True, source="staffing_curve")
    s = _positive("service_time", service_time, source="staffing_curve")
    t = _positive("target_answer_time", target_answer_time, allow_zero=True, source="staffing_curve")
    traffic = lam * s
    if agents is None:
        start = int(math.floor(traffic)) + 1
        agents = range(start, int(math.ceil(traffic)) + max(10, int(math.ceil(traffic / 2))) + 1)
    levels = [_check_agents(a, "staffing_curve") for a in agents]
    if not levels:
        raise CourseDataError("no staffing levels given", source="staffing_curve", fix="pass agents=range(1, 20)")
    b = _erlang_b_all(traffic, max(levels))
    rows = []
    for n in levels:
        p_wait, sl, asa = _erlang_from_b(traffic, n, b[n], s, t)
        rows.append((n, traffic / n, p_wait, sl, asa))
    return pd.DataFrame(rows, columns=["agents", "occupancy", "p_wait", "service_level", "asa"])


def agents_needed(arrival_rate: float, service_time: float, target_answer_time: float,
                  target_service_level: float, *, max_occupancy: float | None = None,
                  max_agents: int = 100_000) -> int:
    """The fewest agents whose Erlang C service level reaches the target.

    Example: "80% of calls answered within 20 seconds" is
    ``target_answer_time=20`` (seconds, like ``service_time``) and
    ``target_service_level=0.8``. ``max_occupancy`` (e.g. 0.85) adds a second
    condition: traffic / agents must not exceed it.

    Examples
    --------
    >>> agents_needed(arrival_rate=360 / 1800, service_time=240, target_answer_time=20,
    ...               target_service_level=0.8)
    54
    """
    lam = _positive("arrival_rate", arrival_rate, allow_zero=True, source="agents_needed")
    s = _positive("service_time", service_time, source="agents_needed")
    t = _positive("target_answer_time", target_answer_time, allow_zero=True, source="agents_needed")
    goal = _share("target_service_level", target_service_level, source="agents_needed")
    if goal >= 1:
        raise CourseDataError("a service level of 100% needs infinitely many agents", source="agents_needed",
                              column="target_service_level", expected="a share below 1, e.g. 0.8",
                              fix="promise a realistic share such as 80% within 20 seconds")
    occ = None if max_occupancy is None else _share("max_occupancy", max_occupancy, source="agents_needed",
                                                   closed_low=False)
    traffic = lam * s
    if traffic == 0:
        return 1
    n = max(1, int(math.floor(traffic)) + 1)
    if occ is not None:
        n = max(n, int(math.ceil(traffic / occ - 1e-12)))
    # Erlang B at n by the recursion, then step upwards
    b = _erlang_b_all(traffic, n)[n]
    while n <= max_agents:
        _, sl, _ = _erlang_from_b(traffic, n, b, s, t)
        if sl >= goal - 1e-12:
            return n
        n += 1
        b = traffic * b / (n + traffic * b)
    raise CourseDataError(f"more than {max_agents} agents would be needed", source="agents_needed",
                          fix="check the units: arrival rate per time unit of the service time")


def staffing_plan(arrivals: pd.DataFrame, *, count: str, interval: float, service_time: float,
                  target_answer_time: float, target_service_level: float, by=None,
                  max_occupancy: float | None = None, source: str = "arrivals") -> pd.DataFrame:
    """Agents needed per interval from a table of arrival counts (e.g. calls per 30 minutes).

    ``interval`` is the length of one counting interval in the unit of
    ``service_time`` (e.g. 1800 seconds for half-hours). ``by`` names columns
    whose rows are averaged first (e.g. time of day), so the plan is for the
    average arrivals of that slot.

    Examples
    --------
    >>> import pandas as pd
    >>> calls = pd.DataFrame({"slot": ["09:00", "09:00", "09:30"], "calls": [350, 370, 100]})
    >>> staffing_plan(calls, count="calls", interval=1800, service_time=240, target_answer_time=20,
    ...               target_service_level=0.8, by="slot")[["slot", "arrivals", "agents"]]
        slot  arrivals  agents
    0  09:00     360.0      54
    1  09:30     100.0      17
    """
    keys = _as_list(by)
    require_columns(arrivals, [count, *keys], source=source)
    frame = validate_frame(arrivals[[count, *keys]], [Column(count, "float", min=0)], source=source)
    interval = _positive("interval", interval, source=source)
    if keys:
        table = frame.groupby(keys, observed=True, sort=True)[count].mean().reset_index()
    else:
        table = pd.DataFrame({count: frame[count].to_numpy()})
    table = table.rename(columns={count: "arrivals"})
    rates = table["arrivals"].to_numpy(dtype=float) / interval
    unique = np.unique(rates)
    needed = {r: agents_needed(r, service_time, target_answer_time, target_service_level,
                               max_occupancy=max_occupancy) for r in unique}
    table["traffic"] = rates * service_time
    table["agents"] = np.array([needed[r] for r in rates], dtype=np.int64)
    results = {r: erlang_c(r, service_time, needed[r], target_answer_time) for r in unique}
    table["service_level"] = [results[r].service_level for r in rates]
    table["asa"] = [results[r].asa for r in rates]
    table["occupancy"] = table["traffic"] / table["agents"]
    return table


# --------------------------------------------------------------------------- guarantees (Hart 1988)
#: Hart's (1988) five properties of a good service guarantee, with a question to score each.
HART_PROPERTIES = pd.DataFrame(
    [
        ("unconditional", "Unconditional", "无条件",
         "Does it promise full satisfaction without fine print or exceptions?",
         "是否无附加条件、没有例外条款？"),
        ("easy_to_understand", "Easy to understand and communicate", "易懂易传播",
         "Is it short, specific and measurable (a number, not 'fast')?",
         "是否简短、具体、可衡量（有数字，而非“很快”）？"),
        ("meaningful", "Meaningful", "有意义",
         "Does it promise what customers care about, with a payout that matters to them?",
         "承诺的是否是顾客在意的事，赔付对顾客是否有分量？"),
        ("easy_to_invoke", "Easy to invoke", "易于申请",
         "Can a customer claim it on the spot, without forms, proof or arguing?",
         "顾客能否当场提出，无需表格、证明或争辩？"),
        ("easy_to_collect", "Easy to collect", "易于兑现",
         "Is the payout immediate and hassle-free?",
         "赔付是否即时、无障碍？"),
    ],
    columns=["property", "name_en", "name_zh", "question_en", "question_zh"],
)

#: Scoring scale of the guarantee checklist.
GUARANTEE_SCALE = {0: ("no", "否"), 1: ("partly", "部分"), 2: ("yes", "是")}

#: Illustrative guarantees (invented for teaching; not any real firm's wording), with a team's ratings.
EXAMPLE_GUARANTEES = {
    "hotpot_wait": {
        "text_en": "If your dishes are not all on the table within 20 minutes of ordering, the late dishes are "
                   "free: just tell any server.",
        "text_zh": "点餐后20分钟内未上齐的菜品免单，告诉任意一位服务员即可。",
        "ratings": {"unconditional": 1, "easy_to_understand": 2, "meaningful": 2, "easy_to_invoke": 2,
                    "easy_to_collect": 2},
    },
    "travel_refund": {
        "text_en": "Satisfaction guaranteed*. *Claims must be made in writing within 7 days with the original "
                   "receipt and are subject to manager approval; refunds are issued as travel vouchers.",
        "text_zh": "保证满意*。*须在7日内凭原始收据书面申请，经经理审批；以旅游代金券形式退款。",
        "ratings": {"unconditional": 0, "easy_to_understand": 1, "meaningful": 1, "easy_to_invoke": 0,
                    "easy_to_collect": 0},
    },
    "bank_response": {
        "text_en": "We reply to every enquiry within one working day, or we pay 20 yuan into your account "
                   "automatically.",
        "text_zh": "每一条咨询一个工作日内答复，否则自动向您的账户支付20元。",
        "ratings": {"unconditional": 2, "easy_to_understand": 2, "meaningful": 1, "easy_to_invoke": 2,
                    "easy_to_collect": 2},
    },
}


def guarantee_checklist(lang: str = "en") -> pd.DataFrame:
    """A blank checklist to fill in: one row per Hart property, ``score`` 0 (no), 1 (partly), 2 (yes).

    Examples
    --------
    >>> guarantee_checklist()["property"].tolist()
    ['unconditional', 'easy_to_understand', 'meaningful', 'easy_to_invoke', 'easy_to_collect']
    """
    style.check_lang(lang)
    out = pd.DataFrame({
        "property": HART_PROPERTIES["property"],
        "name": HART_PROPERTIES[f"name_{lang}"],
        "question": HART_PROPERTIES[f"question_{lang}"],
    })
    out["score"] = np.nan
    out["evidence"] = ""
    return out


@dataclass(frozen=True)
class GuaranteeScore:
    """A scored guarantee: per-property scores (0–2), total out of 10, share, weakest properties."""

    scores: pd.Series
    total: int
    maximum: int
    share: float
    weakest: tuple

    def table(self, lang: str = "en") -> pd.DataFrame:
        style.check_lang(lang)
        names = HART_PROPERTIES.set_index("property")[f"name_{lang}"]
        labels = {k: v[0 if lang == "en" else 1] for k, v in GUARANTEE_SCALE.items()}
        return pd.DataFrame({"property": self.scores.index, "name": names.loc[self.scores.index].to_numpy(),
                             "score": self.scores.to_numpy(), "rating": self.scores.map(labels).to_numpy()})


def score_guarantee(ratings: Mapping[str, int] | pd.DataFrame, source: str = "guarantee checklist") -> GuaranteeScore:
    """Score a guarantee against Hart's five properties (0 = no, 1 = partly, 2 = yes).

    ``ratings`` is a dict ``{property: score}`` or a filled-in :func:`guarantee_checklist`.

    Examples
    --------
    >>> g = score_guarantee(EXAMPLE_GUARANTEES["travel_refund"]["ratings"])
    >>> g.total, g.maximum, g.weakest
    (2, 10, ('unconditional', 'easy_to_invoke', 'easy_to_collect'))
    """
    props = HART_PROPERTIES["property"].tolist()
    if isinstance(ratings, pd.DataFrame):
        require_columns(ratings, ["property", "score"], source=source)
        unknown = ratings.loc[~ratings["property"].isin(props), "property"]
        if len(unknown):
            raise CourseDataError(f"unknown property {unknown.iloc[0]!r}", source=source, column="property",
                                  row=(np.flatnonzero(~ratings["property"].isin(props)) + 1).tolist(),
                                  expected="one of " + ", ".join(props), fix="keep the rows of guarantee_checklist()")
        ratings = dict(zip(ratings["property"], ratings["score"]))
    if not isinstance(ratings, Mapping):
        raise CourseDataError(f"expected a dict of scores, got {type(ratings).__name__}", source=source,
                              expected="{'unconditional': 2, ...}", fix="rate each of the five properties")
    unknown = [k for k in ratings if k not in props]
    if unknown:
        raise CourseDataError(f"unknown property {unknown[0]!r}", source=source,
                              expected="the properties " + ", ".join(props), fix="check the spelling")
    missing = [p for p in props if p not in ratings or pd.isna(ratings[p])]
    if missing:
        raise CourseDataError("properties not rated: " + ", ".join(missing), source=source, column=missing[0],
                              expected="a score of 0, 1 or 2 for each of the five properties",
                              fix="rate every property (0 = no, 1 = partly, 2 = yes)")
    bad = [p for p in props if ratings[p] not in (0, 1, 2) or isinstance(ratings[p], bool)]
    if bad:
        raise CourseDataError(f"score {ratings[bad[0]]!r} is not on the scale", source=source, column=bad[0],
                              row=props.index(bad[0]) + 1, expected="0 (no), 1 (partly) or 2 (yes)",
                              fix="use the three-point scale")
    scores = pd.Series({p: int(ratings[p]) for p in props}, name="score")
    low = scores.min()
    total = int(scores.sum())
    return GuaranteeScore(scores, total, 2 * len(props), total / (2 * len(props)),
                          tuple(scores.index[scores == low]) if low < 2 else ())


@dataclass(frozen=True)
class GuaranteeEconomics:
    """What a guarantee costs and earns in one period (money in the unit of the inputs)."""

    failures: float
    claims: float
    payout_cost: float
    customers_retained: float
    retained_revenue: float
    new_customer_revenue: float
    net_benefit: float
    break_even_payout: float

    def as_series(self) -> pd.Series:
        return pd.Series(self.__dict__)


def guarantee_economics(customers: float, failure_rate: float, payout: float, customer_value: float, *,
                        invoke_rate: float = 0.5, defection_unhappy: float = 0.4,
                        defection_compensated: float = 0.1, false_claim_rate: float = 0.0,
                        new_customers: float = 0.0, admin_cost_per_claim: float = 0.0) -> GuaranteeEconomics:
    """Weigh a guarantee's payout cost against the revenue it keeps (a simple expected-value model).

    Per period: ``failures = customers · failure_rate``; ``claims = failures ·
    invoke_rate + (customers − failures) · false_claim_rate``; payout cost =
    claims · (payout + admin cost). Each genuine claim turns a customer who would
    defect with probability ``defection_unhappy`` into one who defects with
    ``defection_compensated``: customers retained = failures · invoke_rate ·
    (defection_unhappy − defection_compensated), worth ``customer_value`` each
    (future margin). ``new_customers`` attracted by the promise add their value.
    Hart (1988) adds a benefit this model leaves out: the guarantee forces the
    firm to find and fix failures, lowering ``failure_rate`` over time.

    Examples
    --------
    >>> e = guarantee_economics(10_000, failure_rate=0.05, payout=30, customer_value=400,
    ...                         invoke_rate=0.5, defection_unhappy=0.4, defection_compensated=0.1)
    >>> [round(v, 6) for v in (e.claims, e.payout_cost, e.customers_retained, e.retained_revenue, e.net_benefit)]
    [250.0, 7500.0, 75.0, 30000.0, 22500.0]
    >>> round(e.break_even_payout, 6)
    120.0
    """
    src = "guarantee_economics"
    customers = _positive("customers", customers, allow_zero=True, source=src)
    fail = _share("failure_rate", failure_rate, source=src)
    payout = _positive("payout", payout, allow_zero=True, source=src)
    value = _positive("customer_value", customer_value, allow_zero=True, source=src)
    inv = _share("invoke_rate", invoke_rate, source=src)
    d0 = _share("defection_unhappy", defection_unhappy, source=src)
    d1 = _share("defection_compensated", defection_compensated, source=src)
    fc = _share("false_claim_rate", false_claim_rate, source=src)
    new = _positive("new_customers", new_customers, allow_zero=True, source=src)
    admin = _positive("admin_cost_per_claim", admin_cost_per_claim, allow_zero=True, source=src)
    failures = customers * fail
    genuine = failures * inv
    claims = genuine + (customers - failures) * fc
    cost = claims * (payout + admin)
    retained = genuine * (d0 - d1)
    retained_revenue = retained * value
    new_rev = new * value
    net = retained_revenue + new_rev - cost
    # payout at which net benefit is zero (other inputs fixed)
    breakeven = (retained_revenue + new_rev) / claims - admin if claims > 0 else float("inf")
    return GuaranteeEconomics(float(failures), float(claims), float(cost), float(retained),
                              float(retained_revenue), float(new_rev), float(net), float(breakeven))


# --------------------------------------------------------------------------- commitment cycle
#: The commitment cycle (服务承诺管理流程) and the questions a team answers for each stage.
CYCLE_STAGES = pd.DataFrame(
    [
        ("formulate", "Formulate the promise", "承诺制定",
         "The promise rests on customer research (what customers expect)", "承诺基于顾客调研（顾客期望什么）"),
        ("formulate", "Formulate the promise", "承诺制定",
         "Each promise has a metric, a threshold and a target", "每项承诺都有指标、阈值和达成目标"),
        ("publicise", "Publicise", "承诺宣传",
         "Customers can see the promise where it matters (menu, website, counter)", "顾客在关键接触点能看到承诺"),
        ("publicise", "Publicise", "承诺宣传",
         "Every employee can state the promise and the remedy", "每位员工都能说出承诺内容与补救办法"),
        ("execute", "Execute", "承诺执行",
         "Staff are trained and staffed to keep the promise at peak times", "员工经过培训、高峰期人手足够"),
        ("execute", "Execute", "承诺执行",
         "Front-line staff may fix a failure on the spot", "一线员工有权当场解决问题"),
        ("monitor", "Monitor", "服务监控",
         "The promise-kept rate is measured for every unit, every period", "每个单位每期都测量承诺兑现率"),
        ("monitor", "Monitor", "服务监控",
         "Units out of control are flagged and followed up", "失控单位被标出并跟进"),
        ("improve", "Feedback and improve", "反馈与改进",
         "Complaints and guarantee claims are analysed for root causes", "分析投诉与保证索赔的根本原因"),
        ("improve", "Feedback and improve", "反馈与改进",
         "Fixes are tested (before/after with a comparison group)", "改进措施经过检验（有对照组的前后比较）"),
    ],
    columns=["stage", "stage_en", "stage_zh", "item_en", "item_zh"],
)

#: Maturity scale of the commitment-cycle scorecard.
CYCLE_SCALE = {0: ("not done", "未开展"), 1: ("ad hoc", "零散"), 2: ("defined", "有规范"),
               3: ("practised", "已落实"), 4: ("measured and improved", "有测量并持续改进")}

_STAGE_ORDER = ["formulate", "publicise", "execute", "monitor", "improve"]

#: Scorecards filled in by two invented teams (for the lesson and the exercise), in the order of CYCLE_STAGES.
EXAMPLE_CYCLE_SCORES = {
    "bank_branch": [3, 3, 4, 3, 2, 2, 1, 0, 2, 1],
    "travel_agency": [2, 1, 1, 0, 3, 2, 3, 2, 1, 1],
}


def commitment_scorecard(lang: str = "en") -> pd.DataFrame:
    """A blank commitment-cycle scorecard: one row per item, ``score`` 0–4 and ``evidence`` to fill in.

    Examples
    --------
    >>> card = commitment_scorecard("zh")
    >>> card["stage"].unique().tolist()
    ['formulate', 'publicise', 'execute', 'monitor', 'improve']
    >>> card.loc[0, "stage_name"]
    '承诺制定'
    """
    style.check_lang(lang)
    out = pd.DataFrame({
        "stage": CYCLE_STAGES["stage"],
        "stage_name": CYCLE_STAGES[f"stage_{lang}"],
        "item": CYCLE_STAGES[f"item_{lang}"],
    })
    out["score"] = np.nan
    out["evidence"] = ""
    return out


def score_cycle(card: pd.DataFrame, source: str = "commitment scorecard") -> pd.DataFrame:
    """Mean maturity (0–4) per stage, in cycle order, with the share of the maximum and the weakest stage.

    Examples
    --------
    >>> card = commitment_scorecard()
    >>> card["score"] = [3, 3, 2, 2, 3, 1, 1, 0, 2, 1]
    >>> score_cycle(card)[["stage", "score", "share", "weakest"]]
           stage  score  share  weakest
    0  formulate    3.0  0.750    False
    1  publicise    2.0  0.500    False
    2    execute    2.0  0.500    False
    3    monitor    0.5  0.125     True
    4    improve    1.5  0.375    False
    """
    require_columns(card, ["stage", "score"], source=source)
    unknown = ~card["stage"].isin(_STAGE_ORDER)
    if unknown.any():
        raise CourseDataError(f"unknown stage {card['stage'][unknown].iloc[0]!r}", source=source, column="stage",
                              row=(np.flatnonzero(unknown.to_numpy()) + 1).tolist(),
                              expected="one of " + ", ".join(_STAGE_ORDER), fix="keep the stage codes of the template")
    checked = validate_frame(card[["stage", "score"]], [Column("score", "int", min=0, max=4)], source=source)
    stage_names = CYCLE_STAGES.drop_duplicates("stage").set_index("stage")
    present = [s for s in _STAGE_ORDER if s in set(checked["stage"])]
    means = checked.groupby("stage", sort=False)["score"].mean().reindex(present)
    out = pd.DataFrame({"stage": present,
                        "stage_en": stage_names.loc[present, "stage_en"].to_numpy(),
                        "stage_zh": stage_names.loc[present, "stage_zh"].to_numpy(),
                        "score": means.to_numpy(dtype=float)})
    out["share"] = out["score"] / 4
    out["weakest"] = out["score"] == out["score"].min()
    return out


# --------------------------------------------------------------------------- training evaluation (DiD)
@dataclass(frozen=True)
class DiDResult:
    """A difference-in-differences estimate with its uncertainty.

    ``means`` is the 2×2 table of group means (rows: control, treated; columns:
    before, after); ``estimate`` = (treated after − before) − (control after − before).
    """

    estimate: float
    se: float
    lower: float
    upper: float
    df: float
    confidence: float
    n_treated: int
    n_control: int
    means: pd.DataFrame

    @property
    def naive(self) -> float:
        """The before/after change of the treated group alone (what DiD corrects)."""
        return float(self.means.loc["treated", "after"] - self.means.loc["treated", "before"])


def did(panel: pd.DataFrame, outcome: str, *, unit: str, treated: str, post: str,
        confidence: float = 0.95, source: str = "panel") -> DiDResult:
    """Difference in differences on a unit panel (e.g. branches × months, some trained).

    Each unit's change is its mean ``outcome`` after minus before; the estimate is
    the mean change of treated units minus that of control units (Card & Krueger
    1994; Angrist & Pischke 2009, ch. 5). Its standard error treats units as the
    independent observations (``sqrt(s²_T/n_T + s²_C/n_C)``, Welch), which allows
    for correlation between months of one branch; the interval uses Student's t
    with Welch–Satterthwaite degrees of freedom. The estimate is causal only
    under parallel trends: without training, both groups would have moved alike.

    Parameters
    ----------
    outcome, unit, treated, post : str
        Column names: the score, the unit id, 1/True for units in the programme,
        1/True for periods after it started.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"branch": ["a", "a", "b", "b", "c", "c", "d", "d"],
    ...                   "trained": [1, 1, 1, 1, 0, 0, 0, 0],
    ...                   "post": [0, 1] * 4,
    ...                   "score": [70, 80, 60, 74, 65, 68, 75, 76]})
    >>> r = did(p, "score", unit="branch", treated="trained", post="post")
    >>> r.estimate, round(r.se, 4)
    (10.0, 2.2361)
    """
    require_columns(panel, [outcome, unit, treated, post], source=source)
    checked = validate_frame(panel[[unit, treated, post, outcome]],
                             [Column(outcome, "float"), Column(unit, "str")], source=source)
    for col in (treated, post):
        values = checked[col]
        ok = values.isin([0, 1, True, False]) & values.notna()
        if not ok.all():
            raise CourseDataError(f"values such as {values[~ok].iloc[0]!r} are not 0/1", source=source, column=col,
                                  row=(np.flatnonzero(~ok.to_numpy()) + 1).tolist(),
                                  expected="0/1 or True/False", fix=f"code {col} as 1 (yes) or 0 (no)")
        checked[col] = values.astype(int)
    mixed = checked.groupby(unit, sort=True)[treated].nunique()
    if (mixed > 1).any():
        bad = mixed.index[mixed > 1][0]
        raise CourseDataError(f"unit {bad!r} is both treated and untreated", source=source, column=treated,
                              row=(np.flatnonzero((checked[unit] == bad).to_numpy()) + 1).tolist(),
                              expected="one group per unit for the whole panel",
                              fix="mark a unit as treated in every period (the post column marks the timing)")
    cell = checked.groupby([unit, post], sort=True)[outcome].mean().unstack(post)
    if 0 not in cell.columns or 1 not in cell.columns or cell.isna().any().any():
        lacking = cell.index[cell.reindex(columns=[0, 1]).isna().any(axis=1)].tolist() if len(cell) else []
        raise CourseDataError("every unit needs observations before and after", source=source, column=post,
                              expected="rows with post = 0 and post = 1 for each unit",
                              fix="drop units observed in one period only: " + ", ".join(map(str, lacking[:5])))
    change = cell[1] - cell[0]
    group = checked.groupby(unit, sort=True)[treated].first().reindex(change.index)
    dt, dc = change[group == 1], change[group == 0]
    if len(dt) < 2 or len(dc) < 2:
        raise CourseDataError("need at least two treated and two control units", source=source, column=treated,
                              expected=f"≥2 units with {treated}=1 and ≥2 with {treated}=0",
                              fix="add comparison units; with one unit per group the uncertainty is unknown")
    est = float(dt.mean() - dc.mean())
    vt, vc = dt.var(ddof=1) / len(dt), dc.var(ddof=1) / len(dc)
    se = float(math.sqrt(vt + vc))
    if se > 0:
        df = float((vt + vc) ** 2 / (vt**2 / (len(dt) - 1) + vc**2 / (len(dc) - 1)))
    else:
        df = float(len(dt) + len(dc) - 2)
    _z(confidence, source=source)
    tcrit = float(stats.t.ppf(0.5 + confidence / 2, df))
    means = checked.groupby([treated, post], sort=True)[outcome].mean().unstack(post)
    means = means.rename(index={0: "control", 1: "treated"}, columns={0: "before", 1: "after"})
    means.index.name, means.columns.name = "group", None
    return DiDResult(est, se, est - tcrit * se, est + tcrit * se, df, float(confidence), len(dt), len(dc), means)


# --------------------------------------------------------------------------- plots
_T = {
    "rate": {"en": "Promise-kept rate", "zh": "承诺兑现率"},
    "target": {"en": "Target", "zh": "目标"},
    "unit": {"en": "Unit", "zh": "单位"},
    "period": {"en": "Period", "zh": "时期"},
    "center": {"en": "Centre line", "zh": "中心线"},
    "limits": {"en": "3-sigma limits", "zh": "3σ 控制限"},
    "ooc": {"en": "Out of control", "zh": "失控"},
    "pchart": {"en": "p-chart of the promise-kept rate", "zh": "承诺兑现率 p 控制图"},
    "agents": {"en": "Agents on duty", "zh": "在岗人数"},
    "sl": {"en": "Service level", "zh": "服务水平"},
    "staffing": {"en": "Staffing to a promise (Erlang C)", "zh": "按承诺配置人手（Erlang C）"},
    "needed": {"en": "needed", "zh": "所需"},
    "did": {"en": "Did training work? Difference in differences", "zh": "培训有效吗？双重差分"},
    "trained": {"en": "Trained branches", "zh": "受训网点"},
    "control": {"en": "Comparison branches", "zh": "对照网点"},
    "counterfactual": {"en": "Trained, had they followed the comparison trend",
                       "zh": "受训网点（若按对照组趋势变化）"},
    "start": {"en": "Training starts", "zh": "培训开始"},
    "cycle": {"en": "Commitment cycle: maturity by stage", "zh": "服务承诺循环：各阶段成熟度"},
    "maturity": {"en": "Maturity (0–4)", "zh": "成熟度（0–4）"},
    "guarantee": {"en": "Guarantee checklist (Hart 1988)", "zh": "服务保证检查表（Hart 1988）"},
    "gscore": {"en": "Score (0 = no, 1 = partly, 2 = yes)", "zh": "得分（0=否，1=部分，2=是）"},
}


def _key_labels(table: pd.DataFrame, keys: list[str]) -> list[str]:
    def fmt(v):
        if isinstance(v, pd.Timestamp):
            return v.strftime("%Y-%m-%d")
        return str(v)
    return [" · ".join(fmt(table[k].iloc[i]) for k in keys) for i in range(len(table))]


def plot_compliance(table: pd.DataFrame, *, by: str | Sequence[str] | None = None, target: float | None = None,
                    title=None, ax=None, lang: str = "en"):
    """Bars of the promise-kept rate per unit with Wilson intervals and the target line.

    ``table`` is the output of :func:`compliance`. Bars whose whole interval is
    below the target are coloured "bad", above it "good", the others neutral.

    Examples
    --------
    >>> import pandas as pd
    >>> t = compliance(pd.DataFrame({"u": ["A", "B"] * 10, "w": range(20)}), Standard("w", 12, 0.8), by="u")
    >>> _ = plot_compliance(t, lang="zh")
    """
    style.check_lang(lang)
    require_columns(table, ["rate", "lower", "upper"], source="compliance table")
    keys = _as_list(by) or [c for c in table.columns if c not in (
        "n", "kept", "rate", "lower", "upper", "target", "meets_target", "status")]
    ax = style.new_ax(ax, figsize=(max(6.0, 0.7 * len(table) + 2), 4.8))
    x = np.arange(len(table))
    status = table["status"] if "status" in table else pd.Series("unclear", index=table.index)
    colours = status.map({"below": style.PALETTE["bad"], "above": style.PALETTE["good"]}).fillna(
        style.PALETTE["neutral"])
    rate = table["rate"].to_numpy()
    ax.bar(x, rate, color=colours.tolist(), width=0.7)
    ax.errorbar(x, rate, yerr=[rate - table["lower"].to_numpy(), table["upper"].to_numpy() - rate],
                fmt="none", ecolor="black", capsize=4, lw=1.2)
    if target is None and "target" in table:
        target = float(table["target"].iloc[0])
    if target is not None:
        ax.axhline(target, color=style.PALETTE["expectation"], ls="--", lw=2)
        ax.set_xlim(-0.6, len(table) - 0.4 + 0.9)
        ax.text(len(table) - 0.35, target, f"{style.pick(_T['target'], lang)}\n{target:.0%}", va="center",
                ha="left", fontsize=10, color=style.PALETTE["expectation"])
    ax.set_xticks(x)
    ax.set_xticklabels(_key_labels(table, keys) if keys else [""], rotation=30 if len(table) > 6 else 0,
                       ha="right" if len(table) > 6 else "center")
    low = float(min(table["lower"].min(), target if target is not None else 1))
    ax.set_ylim(max(0.0, low - 0.1), 1.02)
    ax.yaxis.set_major_formatter(_pct())
    return style.finish(ax, title=title or _T["rate"], ylabel=_T["rate"], lang=lang)


def _pct():
    from matplotlib.ticker import PercentFormatter
    return PercentFormatter(1.0, decimals=0)


def plot_compliance_trend(table: pd.DataFrame, *, period: str, by: str | None = None, target: float | None = None,
                          highlight: Sequence | None = None, title=None, xlabel=None, ax=None, lang: str = "en"):
    """Promise-kept rate over periods, one line per unit with its Wilson band.

    ``highlight`` lists units drawn in colour; the others are drawn in grey (a
    crowded chart stays readable).

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"m": [1, 1, 2, 2, 3, 3], "u": ["A", "B"] * 3, "w": [1, 9, 2, 8, 12, 3]})
    >>> t = compliance(ev, Standard("w", 5, 0.8), by="u", period="m")
    >>> _ = plot_compliance_trend(t, period="m", by="u")
    """
    style.check_lang(lang)
    require_columns(table, [period, "rate", "lower", "upper"] + ([by] if by else []), source="compliance table")
    ax = style.new_ax(ax)
    groups = [(None, table)] if by is None else list(table.groupby(by, sort=True, observed=True))
    colour_i = 0
    for name, g in groups:
        g = g.sort_values(period)
        grey = highlight is not None and name not in set(highlight)
        colour = style.PALETTE["neutral"] if grey else style.SEQUENCE[colour_i % len(style.SEQUENCE)]
        if not grey:
            colour_i += 1
        ax.plot(g[period], g["rate"], marker="o", color=colour, lw=1.2 if grey else 2, alpha=0.6 if grey else 1,
                label=None if (grey or name is None) else str(name))
        if not grey:
            ax.fill_between(g[period], g["lower"], g["upper"], color=colour, alpha=0.15, lw=0)
    if target is None and "target" in table:
        target = float(table["target"].iloc[0])
    if target is not None:
        ax.axhline(target, color=style.PALETTE["expectation"], ls="--", lw=2,
                   label=f"{style.pick(_T['target'], lang)} {target:.0%}")
    ax.yaxis.set_major_formatter(_pct())
    ax.legend(loc="best", fontsize=10)
    if pd.api.types.is_datetime64_any_dtype(table[period]):
        ax.figure.autofmt_xdate()
    return style.finish(ax, title=title or _T["rate"], xlabel=xlabel or _T["period"], ylabel=_T["rate"], lang=lang)


def plot_p_chart(chart: pd.DataFrame, *, by: str | Sequence[str] | None = None, title=None, ax=None,
                 lang: str = "en"):
    """Draw a :func:`p_chart` table: points, centre line, stepped limits, out-of-control points marked.

    Examples
    --------
    >>> import pandas as pd
    >>> ev = pd.DataFrame({"unit": ["A"] * 50 + ["B"] * 50, "t": [1] * 45 + [9] * 5 + [1] * 25 + [9] * 25})
    >>> _ = plot_p_chart(p_chart(ev, Standard("t", 5, 0.8)))
    """
    style.check_lang(lang)
    require_columns(chart, ["rate", "center", "lcl", "ucl", "out_of_control"], source="p-chart table")
    keys = _as_list(by) or [c for c in chart.columns if c not in (
        "n", "kept", "rate", "center", "lcl", "ucl", "out_of_control", "side")]
    ax = style.new_ax(ax, figsize=(max(7.0, 0.6 * len(chart) + 2), 4.8))
    x = np.arange(len(chart))
    ax.step(np.r_[x - 0.5, x[-1] + 0.5], np.r_[chart["ucl"].to_numpy(), chart["ucl"].iloc[-1]], where="post",
            color=style.PALETTE["bad"], ls="--", lw=1.2, label=style.pick(_T["limits"], lang))
    ax.step(np.r_[x - 0.5, x[-1] + 0.5], np.r_[chart["lcl"].to_numpy(), chart["lcl"].iloc[-1]], where="post",
            color=style.PALETTE["bad"], ls="--", lw=1.2)
    ax.axhline(float(chart["center"].iloc[0]), color=style.PALETTE["good"], lw=1.5,
               label=f"{style.pick(_T['center'], lang)} {float(chart['center'].iloc[0]):.1%}")
    ooc = chart["out_of_control"].to_numpy(dtype=bool)
    ax.plot(x, chart["rate"], color=style.PALETTE["blue"], marker="o", lw=1)
    if ooc.any():
        ax.scatter(x[ooc], chart["rate"].to_numpy()[ooc], s=120, facecolors="none",
                   edgecolors=style.PALETTE["bad"], linewidths=2.5, zorder=5, label=style.pick(_T["ooc"], lang))
    ax.set_xticks(x)
    rotate = len(chart) > 6
    ax.set_xticklabels(_key_labels(chart, keys), rotation=45 if rotate else 0, ha="right" if rotate else "center")
    ax.yaxis.set_major_formatter(_pct())
    ax.legend(loc="best", fontsize=10)
    return style.finish(ax, title=title or _T["pchart"], ylabel=_T["rate"], lang=lang)


def plot_staffing(arrival_rate: float, service_time: float, target_answer_time: float,
                  target_service_level: float, *, agents: Iterable[int] | None = None, title=None, ax=None,
                  lang: str = "en"):
    """Service level against the number of agents, with the target and the staffing it needs.

    Examples
    --------
    >>> _ = plot_staffing(360 / 1800, 240, 20, 0.8, lang="zh")
    """
    style.check_lang(lang)
    need = agents_needed(arrival_rate, service_time, target_answer_time, target_service_level)
    if agents is None:
        traffic = arrival_rate * service_time
        lo = int(math.floor(traffic)) + 1
        agents = range(lo, max(need + 6, lo + 8))
    curve = staffing_curve(arrival_rate, service_time, target_answer_time, agents)
    ax = style.new_ax(ax)
    ax.plot(curve["agents"], curve["service_level"], marker="o", color=style.PALETTE["blue"],
            label=style.pick(_T["sl"], lang))
    ax.axhline(target_service_level, color=style.PALETTE["expectation"], ls="--", lw=2,
               label=f"{style.pick(_T['target'], lang)} {target_service_level:.0%}")
    sl_need = erlang_c(arrival_rate, service_time, need, target_answer_time).service_level
    ax.scatter([need], [sl_need], s=150, color=style.PALETTE["good"], zorder=5,
               label=f"{need} {style.pick(_T['needed'], lang)} ({sl_need:.1%})")
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(_pct())
    ax.legend(loc="lower right")
    return style.finish(ax, title=title or _T["staffing"], xlabel=_T["agents"], ylabel=_T["sl"], lang=lang)


def plot_did(panel: pd.DataFrame, outcome: str, *, time: str, treated: str, post: str, title=None, ax=None,
             lang: str = "en", xlabel=None, ylabel=None):
    """Mean outcome per period for trained and comparison units, with the counterfactual line.

    The dashed line shifts the comparison group's path to the trained group's
    "before" level: where the trained units would be had they followed the
    comparison trend (parallel trends). The gap after the start is the DiD.

    Examples
    --------
    >>> import pandas as pd
    >>> p = pd.DataFrame({"m": [1, 2, 1, 2] * 2, "trained": [1, 1, 0, 0] * 2, "post": [0, 1] * 4,
    ...                   "score": [70, 80, 65, 68, 60, 74, 75, 76]})
    >>> _ = plot_did(p, "score", time="m", treated="trained", post="post")
    """
    style.check_lang(lang)
    require_columns(panel, [outcome, time, treated, post], source="panel")
    means = panel.groupby([treated, time], sort=True)[outcome].mean().unstack(treated)
    posts = panel.groupby(time, sort=True)[post].max()
    ax = style.new_ax(ax)
    x = means.index
    ax.plot(x, means[1], marker="o", color=style.PALETTE["blue"], lw=2.2, label=style.pick(_T["trained"], lang))
    ax.plot(x, means[0], marker="s", color=style.PALETTE["neutral"], lw=2, label=style.pick(_T["control"], lang))
    before = (posts == 0).to_numpy()
    shift = float(means[1][before].mean() - means[0][before].mean())
    cf = means[0] + shift
    ax.plot(x[~before], cf[~before], ls="--", color=style.PALETTE["blue"], alpha=0.7,
            label=style.pick(_T["counterfactual"], lang))
    if before.any() and (~before).any():
        first_post = x[~before][0]
        last_pre = x[before][-1]
        start = (first_post + last_pre) / 2 if np.issubdtype(np.asarray(x).dtype, np.number) else first_post
        ax.axvline(start, color="black", lw=1, ls=":")
        ax.text(start, ax.get_ylim()[1], " " + style.pick(_T["start"], lang), va="top", ha="left", fontsize=10)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncol=2, fontsize=10)
    return style.finish(ax, title=title or _T["did"], xlabel=xlabel or _T["period"], ylabel=ylabel or outcome,
                        lang=lang)


def plot_cycle(scores: pd.DataFrame, *, title=None, ax=None, lang: str = "en"):
    """Horizontal bars of the maturity of each commitment-cycle stage (from :func:`score_cycle`).

    Examples
    --------
    >>> card = commitment_scorecard(); card["score"] = [3, 3, 2, 2, 3, 1, 1, 0, 2, 1]
    >>> _ = plot_cycle(score_cycle(card), lang="zh")
    """
    style.check_lang(lang)
    require_columns(scores, ["stage_en", "stage_zh", "score", "weakest"], source="cycle scores")
    ax = style.new_ax(ax, figsize=(8, 4))
    y = np.arange(len(scores))[::-1]
    colours = np.where(scores["weakest"], style.PALETTE["bad"], style.PALETTE["blue"])
    names = [f"{i + 1}. {n}" for i, n in enumerate(scores[f"stage_{lang}"])]
    ax.barh(y, scores["score"], color=colours.tolist())
    for yi, v in zip(y, scores["score"]):
        ax.text(v + 0.05, yi, f"{v:.1f}", va="center", fontsize=11)
    ax.set_yticks(y)
    ax.set_yticklabels(names)
    ax.set_xlim(0, 4.4)
    return style.finish(ax, title=title or _T["cycle"], xlabel=_T["maturity"], lang=lang)


def plot_guarantee(score: GuaranteeScore, *, title=None, ax=None, lang: str = "en"):
    """Bars of a guarantee's score on each of Hart's five properties.

    Examples
    --------
    >>> _ = plot_guarantee(score_guarantee(EXAMPLE_GUARANTEES["hotpot_wait"]["ratings"]))
    """
    style.check_lang(lang)
    table = score.table(lang)
    ax = style.new_ax(ax, figsize=(8, 4))
    y = np.arange(len(table))[::-1]
    colours = table["score"].map({0: style.PALETTE["bad"], 1: style.PALETTE["expectation"],
                                  2: style.PALETTE["good"]})
    ax.barh(y, np.maximum(table["score"], 0.04), color=colours.tolist())
    for yi, v, text in zip(y, table["score"], table["rating"]):
        ax.text(max(v, 0.04) + 0.04, yi, f"{v} ({text})", va="center", fontsize=11)
    ax.set_yticks(y)
    ax.set_yticklabels(table["name"])
    ax.set_xlim(0, 2.6)
    ax.set_xticks([0, 1, 2])
    return style.finish(ax, title=title or _T["guarantee"], xlabel=_T["gscore"], lang=lang)


# --------------------------------------------------------------------------- widget
def staffing_widget(calls_per_hour: float = 360, handle_seconds: float = 240, answer_seconds: float = 20,
                    service_level: float = 0.8, lang: str = "en"):
    """Staffing calculator: arrivals per hour, handle time, promise → agents needed and the curve.

    ``widget.result`` is a one-row DataFrame: agents needed, traffic, service
    level, P(wait), ASA (seconds) and occupancy.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # outside Jupyter, display() prints
    ...     w = staffing_widget()
    ...     before = int(w.result["agents"].iloc[0])
    ...     w.controls["calls_per_hour"].value = 720
    >>> before, int(w.result["agents"].iloc[0])
    (29, 54)
    """
    import ipywidgets as w

    from .widgets import live

    style.check_lang(lang)
    lab = {
        "calls_per_hour": {"en": "Arrivals / hour", "zh": "每小时到达"},
        "handle_seconds": {"en": "Handle time (s)", "zh": "处理时长（秒）"},
        "answer_seconds": {"en": "Answer within (s)", "zh": "应答时限（秒）"},
        "service_level": {"en": "Target share", "zh": "目标比例"},
    }
    style_kw = {"description_width": "initial"}
    controls = {
        "calls_per_hour": w.IntSlider(value=int(calls_per_hour), min=10, max=2000, step=10,
                                      description=style.pick(lab["calls_per_hour"], lang), style=style_kw),
        "handle_seconds": w.IntSlider(value=int(handle_seconds), min=30, max=1200, step=10,
                                      description=style.pick(lab["handle_seconds"], lang), style=style_kw),
        "answer_seconds": w.IntSlider(value=int(answer_seconds), min=0, max=300, step=5,
                                      description=style.pick(lab["answer_seconds"], lang), style=style_kw),
        "service_level": w.FloatSlider(value=float(service_level), min=0.5, max=0.99, step=0.01,
                                       description=style.pick(lab["service_level"], lang), style=style_kw),
    }

    def render(calls_per_hour, handle_seconds, answer_seconds, service_level):
        rate = calls_per_hour / 3600
        need = agents_needed(rate, handle_seconds, answer_seconds, service_level)
        r = erlang_c(rate, handle_seconds, need, answer_seconds)
        plot_staffing(rate, handle_seconds, answer_seconds, service_level, lang=lang)
        return pd.DataFrame([{"agents": need, "traffic": r.traffic, "service_level": r.service_level,
                              "p_wait": r.p_wait, "asa_seconds": r.asa, "occupancy": r.occupancy}])

    return live(controls, render, title=style.pick({"en": "Staffing calculator (Erlang C)",
                                                    "zh": "人手计算器（Erlang C）"}, lang))
