"""What a blueprint shows: complexity measures, hand-offs, design smells and a redesign compared.

:func:`metrics` counts contacts, hand-offs, fail and wait points, times and the
longest path; :func:`handoff_steps` names the steps that receive a hand-off;
:func:`smells` lists design smells; :func:`compare` puts two blueprints side by
side and :func:`with_changes` makes a what-if copy.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from ..errors import CourseDataError
from ..lang import T, check_lang, pick
from .model import Blueprint
from .validation import _successors, _topological
from .vocabulary import LANES, LINES

__all__ = ["Metrics", "metrics", "handoff_steps", "smells", "compare", "with_changes"]

_METRIC_LABELS: dict[str, T] = {
    "n_steps": T("steps"),
    "contacts": T("contacts across the line of interaction"),
    "handoffs_visibility": T("hand-offs across the line of visibility"),
    "handoffs_internal": T("hand-offs across the line of internal interaction"),
    "handoffs": T("hand-offs (visibility + internal)"),
    "fail_points": T("fail points (F)"),
    "wait_points": T("wait points (W)"),
    "total_time": T("total time of all steps (min)"),
    "visible_time": T("customer-visible time (min)"),
    "wait_time": T("time at wait points (min)"),
    "longest_path_steps": T("steps on the longest path"),
    "longest_path_time": T("time along the longest path (min)"),
}



@dataclass(frozen=True)
class Metrics:
    """Complexity measures of a blueprint (see :func:`metrics`)."""

    n_steps: int
    steps_per_lane: dict
    contacts: int
    handoffs_visibility: int
    handoffs_internal: int
    handoffs: int
    fail_points: int
    wait_points: int
    total_time: float
    visible_time: float
    wait_time: float
    longest_path: tuple
    longest_path_time: float

    def as_series(self) -> pd.Series:
        """The scalar measures as a Series (index: the metric names of :func:`compare`)."""
        values = {k: getattr(self, k) for k in _METRIC_LABELS if k != "longest_path_steps"}
        values["longest_path_steps"] = len(self.longest_path)
        return pd.Series({k: float(values[k]) for k in _METRIC_LABELS}, name="value")


def _crossings(bp: Blueprint) -> dict[str, list[tuple[str, str]]]:
    """Flows crossing each line (a flow between lanes i and j crosses every line between them)."""
    lane_of = {s.id: LANES.index(s.lane) for s in bp.steps}
    out: dict[str, list[tuple[str, str]]] = {k: [] for k in LINES}
    for a, b in bp.flows:
        lo, hi = sorted((lane_of[a], lane_of[b]))
        for key, (above, _) in LINES.items():
            if lo <= above < hi:
                out[key].append((a, b))
    return out


def metrics(bp: Blueprint) -> Metrics:
    """Measure a blueprint's complexity.

    * ``contacts``: flows across the line of interaction (customer ↔ employees);
    * ``handoffs_visibility`` / ``handoffs_internal``: flows across the line of
      visibility / internal interaction; ``handoffs`` is their sum (a flow
      from onstage to support crosses both lines and counts twice);
    * ``fail_points`` / ``wait_points``: steps flagged F / W;
    * ``total_time``: the durations of all steps added up (work content);
      ``visible_time``: of the steps above the line of visibility (evidence,
      customer, onstage); ``wait_time``: of the wait points;
    * ``longest_path``: the chain of flows with the largest total duration
      (ties: more steps, then the first in column order) and its time, the
      elapsed time if those steps run one after another.

    Examples
    --------
    >>> from course_lib.blueprint import load_blueprint
    >>> m = metrics(load_blueprint("hotel_stay"))
    >>> m.steps_per_lane["customer"], m.fail_points
    (10, 3)
    """
    lanes = pd.Series([s.lane for s in bp.steps])
    per_lane = lanes.value_counts().reindex(list(LANES), fill_value=0)
    dur = np.array([s.duration for s in bp.steps], dtype=float)
    visible = lanes.isin(["evidence", "customer", "onstage"]).to_numpy()
    wait = np.array([s.wait for s in bp.steps])
    fail = np.array([s.fail for s in bp.steps])
    cross = _crossings(bp)
    path, path_time = _longest_path(bp)
    return Metrics(
        n_steps=len(bp.steps),
        steps_per_lane={k: int(v) for k, v in per_lane.items()},
        contacts=len(cross["interaction"]),
        handoffs_visibility=len(cross["visibility"]),
        handoffs_internal=len(cross["internal"]),
        handoffs=len(cross["visibility"]) + len(cross["internal"]),
        fail_points=int(fail.sum()),
        wait_points=int(wait.sum()),
        total_time=float(dur.sum()),
        visible_time=float(dur[visible].sum()),
        wait_time=float(dur[wait].sum()),
        longest_path=path,
        longest_path_time=path_time,
    )


def _longest_path(bp: Blueprint) -> tuple[tuple[str, ...], float]:
    order = _topological(bp)
    succ = _successors(bp)
    dur = {s.id: s.duration for s in bp.steps}
    # best[sid] = (time, n_steps) of the best path ending at sid
    best: dict[str, tuple[float, int]] = {sid: (dur[sid], 1) for sid in order}
    prev: dict[str, str | None] = {sid: None for sid in order}
    for sid in order:
        t, n = best[sid]
        for b in succ[sid]:
            cand = (t + dur[b], n + 1)
            if cand > best[b]:
                best[b] = cand
                prev[b] = sid
    end = max(order, key=lambda sid: best[sid])  # first maximum in topological order
    path = [end]
    while prev[path[-1]] is not None:
        path.append(prev[path[-1]])
    return tuple(reversed(path)), float(best[end][0])


def handoff_steps(bp: Blueprint) -> list[str]:
    """Ids of the steps that receive a hand-off across the line of visibility or internal interaction.

    Hand-offs are where work changes hands out of the customer's sight, so
    they are the first places to look for fail points (Shostack 1984).

    Examples
    --------
    >>> from course_lib.blueprint import load_blueprint
    >>> handoff_steps(load_blueprint("hotel_stay"))
    ['reg_system', 'take_bags', 'deliver_bags', 'take_order', 'prepare_food', 'deliver_food', 'reg_system_out']
    """
    cross = _crossings(bp)
    targets = {b for key in ("visibility", "internal") for _, b in cross[key]}
    return [s.id for s in bp.steps if s.id in targets]


def smells(bp: Blueprint, *, long_wait: float = 5.0, lang: str | None = None) -> list[str]:
    """Design smells (not errors), one sentence each, naming the step.

    * a customer action with neither physical evidence (an evidence step in
      its column) nor a contact point (a flow to or from an employee step, or
      an onstage step in its column);
    * a fail point with no recovery step (``recovery`` empty);
    * a wait point of ``long_wait`` minutes or more with no physical evidence
      in its column to fill the wait.

    Examples
    --------
    >>> from course_lib.blueprint import load_blueprint
    >>> smells(load_blueprint("hotel_stay"))[0]
    "step 'process_reg' is a fail point with no recovery step: name the step that puts a failure right (recovery)"
    """
    lang = check_lang(lang)
    cols_with = {lane: {s.col for s in bp.steps if s.lane == lane} for lane in LANES}
    lane_of = {s.id: s.lane for s in bp.steps}
    contact = set()
    for a, b in bp.flows:
        if lane_of[a] == "customer" and lane_of[b] in ("onstage", "backstage", "support"):
            contact.add(a)
        if lane_of[b] == "customer" and lane_of[a] in ("onstage", "backstage", "support"):
            contact.add(b)
    msgs = {
        "lonely": T("step '{id}' is a customer action with neither physical evidence nor a contact "
                    "point: add what the customer sees or who serves them"),
        "norecovery": T("step '{id}' is a fail point with no recovery step: name the step that puts a "
                        "failure right (recovery)"),
        "longwait": T("step '{id}' is a wait of {d:g} min with no physical evidence to fill it: give "
                      "the customer something to see or do while waiting"),
    }
    out = []
    for s in bp.steps:
        if s.fail and not s.recovery:
            out.append(pick(msgs["norecovery"], lang).format(id=s.id))
        if s.lane == "customer" and s.col not in cols_with["evidence"] and s.id not in contact \
                and s.col not in cols_with["onstage"]:
            out.append(pick(msgs["lonely"], lang).format(id=s.id))
        if s.wait and s.duration >= long_wait and s.col not in cols_with["evidence"]:
            out.append(pick(msgs["longwait"], lang).format(id=s.id, d=s.duration))
    return out


def compare(before: Blueprint, after: Blueprint, *, lang: str | None = None) -> pd.DataFrame:
    """Metrics of a redesign side by side: columns ``before``, ``after``, ``change`` (after − before).

    ``lang="en"|"zh"`` replaces the metric keys by readable names.

    Examples
    --------
    >>> from course_lib.blueprint import load_blueprint
    >>> t = compare(load_blueprint("bank_account_before"), load_blueprint("bank_account_after"))
    >>> int(t.loc["handoffs", "change"]) < 0
    True
    """
    for name, bp in (("before", before), ("after", after)):
        if not isinstance(bp, Blueprint):
            raise CourseDataError(T("`{name}` must be a Blueprint, not {type}", name=name, type=type(bp).__name__),
                                  fix=T("load it with load_blueprint(...) or Blueprint.from_frame(...)"))
    table = pd.DataFrame({"before": metrics(before).as_series(), "after": metrics(after).as_series()})
    table["change"] = table["after"] - table["before"]
    table.index.name = "metric"
    if lang is not None:
        table.index = [pick(_METRIC_LABELS[k], lang) for k in table.index]
    return table


def with_changes(bp: Blueprint, *, durations: Mapping[str, float] | None = None,
                 fail: Iterable[str] | None = None, wait: Iterable[str] | None = None) -> Blueprint:
    """A copy with new durations and/or a new set of fail points / wait points.

    ``fail`` and ``wait`` list every flagged step (others are unflagged); ``None``
    keeps the current flags.

    Examples
    --------
    >>> from course_lib.blueprint import load_blueprint
    >>> b = with_changes(load_blueprint("hotel_stay"), durations={"check_in": 12}, fail=["take_order"])
    >>> b.step("check_in").duration, metrics(b).fail_points
    (12.0, 1)
    """
    durations = dict(durations or {})
    fail_set = None if fail is None else set(fail)
    wait_set = None if wait is None else set(wait)
    for sid in list(durations) + sorted(fail_set or ()) + sorted(wait_set or ()):
        bp.step(sid)  # raises a clear error for an unknown id
    steps = []
    for s in bp.steps:
        changes: dict[str, Any] = {}
        if s.id in durations:
            changes["duration"] = float(durations[s.id])
        if fail_set is not None:
            changes["fail"] = s.id in fail_set
        if wait_set is not None:
            changes["wait"] = s.id in wait_set
        steps.append(dataclasses.replace(s, **changes))
    return dataclasses.replace(bp, steps=tuple(steps))

