"""How many people keep a response-time promise: the Erlang C queueing model.

:func:`erlang_c` evaluates one staffing level, :func:`staffing_curve` a range of
levels, :func:`agents_needed` finds the fewest agents that meet the promise and
:func:`staffing_plan` does so for every interval of an arrivals table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd

from ..data import Column, require_columns, validate_frame
from ..errors import CourseDataError, show
from ..lang import T
from ._args import _as_list, _positive, _share

__all__ = ["ErlangC", "erlang_c", "agents_needed", "staffing_curve", "staffing_plan"]


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
        raise CourseDataError(T("agents must be a whole number, not {value}", value=show(agents)), source=source,
                              expected=T("a whole number of people, e.g. 12"),
                              fix=T("round to a whole number of agents"))
    agents = int(agents)
    if agents < 1:
        raise CourseDataError(T("agents must be at least 1, not {agents}", agents=agents), source=source,
                              expected=T("a whole number of 1 or more"), fix=T("staff at least one agent"))
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
        raise CourseDataError(T("no staffing levels given"), source="staffing_curve", fix=T("pass agents=range(1, 20)"))
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
        raise CourseDataError(T("a service level of 100% needs infinitely many agents"), source="agents_needed",
                              column="target_service_level", expected=T("a share below 1, e.g. 0.8"),
                              fix=T("promise a realistic share such as 80% within 20 seconds"))
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
    raise CourseDataError(T("more than {max_agents} agents would be needed", max_agents=max_agents),
                          source="agents_needed",
                          fix=T("check the units: arrival rate per time unit of the service time"))


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
