"""Checks for lesson 04, service blueprints (服务蓝图).

Every expected value is recomputed from the shipped blueprints
(``datasets/blueprints/``) with :mod:`course_lib.blueprint`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from course_lib import blueprint as bp
from course_lib.checks import expect, expect_choice, expect_close, expect_items, expect_list, expect_type, task
from course_lib.errors import CourseDataError
from ..lang import T


@lru_cache(maxsize=None)
def _load(name: str) -> bp.Blueprint:
    return bp.load_blueprint(name)


def _as_blueprint(answer, what: dict) -> bp.Blueprint:
    """Accept a Blueprint, a table (DataFrame) or YAML text; turn data errors into feedback."""
    if isinstance(answer, bp.Blueprint):
        return answer
    try:
        if isinstance(answer, pd.DataFrame):
            return bp.Blueprint.from_frame(answer, source="your table")
        if isinstance(answer, str):
            return bp.Blueprint.from_yaml(answer, source="your YAML")
    except CourseDataError as err:
        expect(False, T("your blueprint is not valid yet:\n"
                        "   {err}",
                        err=err))
    expect_type(answer, (bp.Blueprint, pd.DataFrame, str), what)
    raise AssertionError("unreachable")  # pragma: no cover


_BLUEPRINT = T("a Blueprint (or the table / YAML text it is built from)")


@task("blueprint.steps_per_lane",
      title=T("Steps per lane of the hotel stay"),
      hint=T("The blueprint's table (to_frame) has one row per step and a 'lane' column: count "
             "the steps in each lane (pandas value_counts). Evidence boxes count as steps too."),
      wrong=lambda: _load("hotel_stay").to_frame().query("duration > 0")["lane"].value_counts())
def check_steps_per_lane(answer):
    expected = pd.Series(bp.metrics(_load("hotel_stay")).steps_per_lane)
    expected = expected[expected > 0]
    expect_type(answer, pd.Series, T("a pandas Series indexed by lane"))
    expect_close(answer, expected, label=T("steps per lane"))


@task("blueprint.line_quiz",
      title=T("Which line hides the backstage?"),
      hint=T("The customer sees everything above one line and nothing below it: Shostack "
             "called it the line of visibility."),
      wrong=lambda: "a")
def check_line_quiz(answer):
    expect_choice(answer, "sha256:blueprint.line_quiz:e5788b997b938ca05d9825a3")


@task("blueprint.coffee_shop",
      title=T("Write the coffee-shop blueprint"),
      hint=T("Start from bp.load_blueprint('coffee_shop_starter').to_frame(), add one row per "
             "step of the description (ids, lanes, columns, minutes, fail/wait flags exactly "
             "as given; `next` lists the following steps), then turn the table into a "
             "blueprint (bp.Blueprint.from_frame)."),
      wrong=lambda: _load("coffee_shop_starter"))
def check_coffee_shop(answer):
    mine = _as_blueprint(answer, _BLUEPRINT)
    ref = _load("coffee_shop")
    missing = [i for i in ref.ids if i not in mine.ids]
    expect(not missing, T("these steps are missing: {join}.", join=', '.join(missing)))
    extra = [i for i in mine.ids if i not in ref.ids]
    expect(not extra, T("the description has no steps called {join}.", join=', '.join(extra)))
    for r in ref.steps:
        s = mine.step(r.id)
        expect(s.lane == r.lane, T("step '{id}' is in the wrong lane ({lane}).", id=r.id, lane=s.lane))
        expect(np.isclose(s.duration, r.duration), T("step '{id}' should take {duration:g} min, not {duration2:g}.",
                                                     id=r.id, duration=r.duration, duration2=s.duration))
        for flag, en, zh in (("fail", "fail point (F)", "失误点（F）"), ("wait", "wait point (W)", "等待点（W）")):
            want = getattr(r, flag)
            expect(getattr(s, flag) == want,
                   T("step '{id}' {value} a {en} in the description (set {flag} to {want}).",
                     id=r.id, value='is' if want else 'is not', en=en, flag=flag, want=want, value2='是' if want else '不是', zh=zh))
    missing_flows = sorted(set(ref.flows) - set(mine.flows))
    if missing_flows:
        a, b = missing_flows[0]
        expect(False, T("a flow is missing: {a} → {b}.", a=a, b=b))
    extra_flows = sorted(set(mine.flows) - set(ref.flows))
    if extra_flows:
        a, b = extra_flows[0]
        expect(False, T("the description has no flow {a} → {b}.", a=a, b=b))
    col = {s.id: s.col for s in mine.steps}
    for a in ref.steps:
        for b in ref.steps:
            if a.col < b.col:
                expect(col[a.id] < col[b.id], T("step '{id}' comes before '{id2}': give it a smaller col.",
                                                id=a.id, id2=b.id))
            elif a.col == b.col:
                expect(col[a.id] == col[b.id], T("steps '{id}' and '{id2}' happen together: same col.",
                                                 id=a.id, id2=b.id))


@task("blueprint.coffee_fail_points",
      title=T("Where will the coffee shop fail?"),
      hint=T("Look for the steps that receive work across the line of visibility or the line "
             "of internal interaction: follow each arrow that crosses one of these two lines "
             "and note the step it points to (the rule behind bp.handoff_steps)."),
      wrong=lambda: [s.id for s in _load("coffee_shop").steps if s.fail])
def check_coffee_fail_points(answer):
    answer = expect_list(answer, T("a list of step ids"))
    expected = bp.handoff_steps(_load("coffee_shop"))
    unknown = [a for a in answer if a not in _load("coffee_shop").ids]
    expect(not unknown, T("these are not step ids of the coffee shop: {unknown}.", unknown=unknown))
    expect_items(answer, expected, label=T("list of steps that receive a hand-off"))


@task("blueprint.bank_handoffs_removed",
      title=T("Hand-offs removed by the bank redesign"),
      hint=T("Hand-offs are the flows that cross the line of visibility or the line of "
             "internal interaction; count them in both blueprints (bp.compare puts the "
             "measures of two blueprints side by side). Give before − after."),
      wrong=lambda: float(-bp.compare(_load("bank_account_before"), _load("bank_account_after"))
                          .loc["contacts", "change"]))
def check_bank_handoffs_removed(answer):
    table = bp.compare(_load("bank_account_before"), _load("bank_account_after"))
    expect_close(answer, float(-table.loc["handoffs", "change"]), label=T("number of hand-offs removed"))


@task("blueprint.hotpot_longest_path",
      title=T("Longest path through the hot-pot visit"),
      hint=T("Not the total of all durations: follow the arrows and find the chain whose "
             "minutes add up to the most (bp.metrics reports a blueprint's measures)."),
      wrong=lambda: bp.metrics(_load("hotpot_visit")).total_time)
def check_hotpot_longest_path(answer):
    expect_close(answer, bp.metrics(_load("hotpot_visit")).longest_path_time, tol=1e-6,
                 label=T("time along the longest path (minutes)"))


@task("blueprint.coffee_redesign",
      title=T("Redesign the coffee shop with fewer hand-offs"),
      hint=T("Edit the course's table (bp.load_blueprint('coffee_shop').to_frame()): e.g. let "
             "the person at the counter make the drink in front of the customer (lane "
             "'onstage'). Keep every customer step, keep the blueprint valid, and compare "
             "with bp.compare(before, after)."),
      wrong=lambda: _load("coffee_shop"))
def check_coffee_redesign(answer):
    mine = _as_blueprint(answer, _BLUEPRINT)
    before = _load("coffee_shop")
    kept = {s.id for s in mine.steps if s.lane == "customer"}
    dropped = [s.id for s in before.steps if s.lane == "customer" and s.id not in kept]
    expect(not dropped, T("keep every customer action in the customer lane; missing: {join}.",
                          join=', '.join(dropped)))
    m0, m1 = bp.metrics(before), bp.metrics(mine)
    expect(m1.handoffs < m0.handoffs, T("your design still has {handoffs} hand-offs (the original has {handoffs2}); "
                                        "remove at least one.",
                                        handoffs=m1.handoffs, handoffs2=m0.handoffs))
    expect(m1.fail_points <= m0.fail_points, T("your redesign adds fail points; a simpler process should not."))
