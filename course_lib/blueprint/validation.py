"""Whole-blueprint checks: unique ids, known lanes, flows and recoveries to existing steps, no loops.

:func:`_validate` runs whenever a :class:`~course_lib.blueprint.Blueprint` is built;
the graph helpers (:func:`_successors`, :func:`_topological`) also serve the metrics.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import CourseDataError, show
from ..lang import T
from .vocabulary import LANES

if TYPE_CHECKING:
    from .model import Blueprint


def _validate(bp: Blueprint) -> None:
    index = bp._index
    rows = {s.id: i for i, s in enumerate(bp.steps, start=1)}
    if len(index) != len(bp.steps):
        seen: set[str] = set()
        for s in bp.steps:
            if s.id in seen:
                raise CourseDataError(T("step {id}: the id is used twice", id=repr(s.id)), source=bp.source,
                                      row=rows[s.id],
                                      column="id", fix=T("rename one of the steps called {id}", id=repr(s.id)))
            seen.add(s.id)
    for s in bp.steps:
        if s.lane not in LANES:
            raise CourseDataError(T("step {id}: unknown lane {lane}", id=repr(s.id), lane=repr(s.lane)),
                                  source=bp.source, row=rows[s.id],
                                  column="lane", expected=T("one of {names}", names=", ".join(LANES)),
                                  fix=T("use one of the five lane keys"))
        if not s.label.strip():
            raise CourseDataError(T("step {id}: the label is empty", id=repr(s.id)), source=bp.source, row=rows[s.id],
                                  column="label", fix=T("write what happens in step {id}", id=repr(s.id)))
        if s.duration < 0:
            raise CourseDataError(T("step {id}: negative duration {value}", id=repr(s.id), value=show(s.duration)),
                                  source=bp.source,
                                  row=rows[s.id], column="duration", expected=T("0 minutes or more"),
                                  fix=T("correct the duration of step {id}", id=repr(s.id)))
        if s.recovery and s.recovery not in index:
            raise CourseDataError(T("step {id}: its recovery step {recovery} does not exist", id=repr(s.id),
                                    recovery=repr(s.recovery)),
                                  source=bp.source, row=rows[s.id], column="recovery",
                                  expected=T("the id of another step"), fix=T("add that step or correct the id"))
        if s.recovery == s.id:
            raise CourseDataError(T("step {id}: a step cannot be its own recovery", id=repr(s.id)), source=bp.source,
                                  row=rows[s.id], column="recovery", fix=T("name the step that puts things right"))
    for a, b in bp.flows:
        if a not in index:
            raise CourseDataError(T("a flow starts at a missing step {a}", a=repr(a)), source=bp.source, column="next",
                                  fix=T("add that step or correct the id"))
        if b not in index:
            raise CourseDataError(T("step {a}: flow to a missing step {b}", a=repr(a), b=repr(b)), source=bp.source,
                                  row=rows[a],
                                  column="next", expected=T("ids of steps in this blueprint"),
                                  fix=T("add a step {b} or correct the id in the `next` of step {a}", b=repr(b),
                                        a=repr(a)))
        if a == b:
            raise CourseDataError(T("step {a}: flows to itself", a=repr(a)), source=bp.source, row=rows[a],
                                  column="next",
                                  fix=T("remove the step's own id from its `next`"))
    cycle = _find_cycle(bp)
    if cycle:
        raise CourseDataError(
            T("the flows go round in a circle: {path} (step {last} flows back to {first})",
              path=" → ".join(cycle + [cycle[0]]), last=repr(cycle[-1]), first=repr(cycle[0])), source=bp.source,
            row=rows[cycle[-1]], column="next",
            expected=T("a blueprint shows one pass through the service, so flows never loop back"),
            fix=T("remove the flow back, or draw the repeated action as a separate later step"))


def _successors(bp: Blueprint) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {s.id: [] for s in bp.steps}
    for a, b in bp.flows:
        out[a].append(b)
    return out


def _topological(bp: Blueprint) -> list[str] | None:
    succ = _successors(bp)
    indeg = {sid: 0 for sid in succ}
    for a, b in bp.flows:
        indeg[b] += 1
    order_key = {s.id: (s.col, LANES.index(s.lane), i) for i, s in enumerate(bp.steps)}
    ready = sorted((sid for sid, d in indeg.items() if d == 0), key=order_key.get)
    out = []
    while ready:
        sid = ready.pop(0)
        out.append(sid)
        for b in succ[sid]:
            indeg[b] -= 1
            if indeg[b] == 0:
                ready.append(b)
                ready.sort(key=order_key.get)
    return out if len(out) == len(succ) else None


def _find_cycle(bp: Blueprint) -> list[str]:
    if not bp.flows or _topological(bp) is not None:
        return []
    succ = _successors(bp)
    colour: dict[str, int] = {}
    for start in succ:
        if colour.get(start):
            continue
        stack = [(start, iter(succ[start]))]
        path = [start]
        colour[start] = 1
        while stack:
            node, it = stack[-1]
            nxt = next(it, None)
            if nxt is None:
                colour[node] = 2
                stack.pop()
                path.pop()
            elif colour.get(nxt) == 1:
                return path[path.index(nxt):]
            elif not colour.get(nxt):
                colour[nxt] = 1
                stack.append((nxt, iter(succ[nxt])))
                path.append(nxt)
    return []  # pragma: no cover - _topological said there is a cycle

