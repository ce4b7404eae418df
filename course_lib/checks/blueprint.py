"""Checks for lesson 04, service blueprints (服务蓝图).

Every expected value is recomputed from the shipped blueprints
(``datasets/blueprints/``) with :mod:`course_lib.blueprint`. Four decision tasks for managers
(which line, which lane, which fail point to fix first, where to move the line of visibility: read the
drawn blueprint or the table shown, then choose) and six analyst tasks (pandas); each task's ``track``
says which. A step may be answered by its id or its English or Chinese label, a lane by its key or label.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from course_lib import blueprint as bp
from course_lib.blueprint.decisions import fail_point_table, visibility_options
from course_lib.blueprint.vocabulary import LANE_NAMES
from course_lib.checks import (expect, expect_choice, expect_close, expect_items, expect_list, expect_type,
                               normalise_choice, task)
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
      wrong=lambda: _load("hotel_stay").to_frame().query("duration > 0")["lane"].value_counts(),
      track="analyst")
def check_steps_per_lane(answer):
    expected = pd.Series(bp.metrics(_load("hotel_stay")).steps_per_lane)
    expected = expected[expected > 0]
    expect_type(answer, pd.Series, T("a pandas Series indexed by lane"))
    expect_close(answer, expected, label=T("steps per lane"))


@task("blueprint.line_quiz",
      title=T("Which line hides the backstage?"),
      hint=T("The customer sees everything above one line and nothing below it: Shostack "
             "called it the line of visibility."),
      wrong=lambda: "a",
      track="manager")
def check_line_quiz(answer):
    expect_choice(answer, "sha256:blueprint.line_quiz:e5788b997b938ca05d9825a3")


@task("blueprint.coffee_shop",
      title=T("Write the coffee-shop blueprint"),
      hint=T("Start from bp.load_blueprint('coffee_shop_starter').to_frame(), add one row per "
             "step of the description (ids, lanes, columns, minutes, fail/wait flags exactly "
             "as given; `next` lists the following steps), then turn the table into a "
             "blueprint (bp.Blueprint.from_frame)."),
      wrong=lambda: _load("coffee_shop_starter"),
      track="analyst")
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
      wrong=lambda: [s.id for s in _load("coffee_shop").steps if s.fail],
      track="analyst")
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
                          .loc["contacts", "change"]),
      track="analyst")
def check_bank_handoffs_removed(answer):
    table = bp.compare(_load("bank_account_before"), _load("bank_account_after"))
    expect_close(answer, float(-table.loc["handoffs", "change"]), label=T("number of hand-offs removed"))


@task("blueprint.hotpot_longest_path",
      title=T("Longest path through the hot-pot visit"),
      hint=T("Not the total of all durations: follow the arrows and find the chain whose "
             "minutes add up to the most (bp.metrics reports a blueprint's measures)."),
      wrong=lambda: bp.metrics(_load("hotpot_visit")).total_time,
      track="analyst")
def check_hotpot_longest_path(answer):
    expect_close(answer, bp.metrics(_load("hotpot_visit")).longest_path_time, tol=1e-6,
                 label=T("time along the longest path (minutes)"))


@task("blueprint.coffee_redesign",
      title=T("Redesign the coffee shop with fewer hand-offs"),
      hint=T("Edit the course's table (bp.load_blueprint('coffee_shop').to_frame()): e.g. let "
             "the person at the counter make the drink in front of the customer (lane "
             "'onstage'). Keep every customer step, keep the blueprint valid, and compare "
             "with bp.compare(before, after)."),
      wrong=lambda: _load("coffee_shop"),
      track="analyst")
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


# --------------------------------------------------------------------------- manager track
#: The step of the hotel stay a phone call stands for (task "which lane").
PHONE_STEP = "take_order"
#: The blueprint of the task "move the line of visibility".
VISIBILITY_BLUEPRINT = "hotpot_visit"


def _step_labels(bp_: bp.Blueprint, ids) -> dict:
    return {i: {"en": bp_.step(i).label, "zh": bp_.step(i).label_zh or bp_.step(i).label} for i in ids}


@task("blueprint.phone_lane",
      title=T("Which lane does a phone call go in?"),
      hint=T("Ask two questions: does the customer see this employee at work (above or below the line of "
             "visibility)? Is it an employee in contact with the customer or a system or internal unit? The "
             "hotel's room-service order shows how the course draws a call."),
      wrong=lambda: "onstage",
      track="manager")
def check_phone_lane(answer):
    got = normalise_choice(answer, LANE_NAMES, what=T("lanes of a blueprint"))
    expected = _load("hotel_stay").step(PHONE_STEP).lane
    reasons = {
        "onstage": T("the guest hears the agent but does not see them: onstage means in the customer's sight, "
                     "and a call happens below the line of visibility."),
        "support": T("support processes are systems and internal units that serve the staff; the agent on the "
                     "phone is in direct contact with the guest."),
        "customer": T("the customer lane holds what the guest does; the question is where the agent's work goes."),
        "evidence": T("physical evidence is what the guest sees and touches, not an employee's action."),
    }
    expect(got == expected, reasons.get(got, T("not the lane the course uses for a call.")))


def _fix_first() -> list[str]:
    t = fail_point_table(_load("hotel_stay"))
    return t.index[t["out_of_sight"] & ~t["has_recovery"] & t["on_longest_path"]].tolist()


@task("blueprint.fix_first",
      title=T("Which fail point of the hotel do you fix first?"),
      hint=T("A failure the guest cannot see is found late, when the guest is already waiting; a failure on "
             "the longest path delays everything after it. In the table, look for the fail point that is out of "
             "sight, has no recovery step yet and lies on the longest path."),
      wrong=lambda: "process_reg",
      track="manager")
def check_fix_first(answer):
    hotel = _load("hotel_stay")
    table = fail_point_table(hotel)
    got = normalise_choice(answer, _step_labels(hotel, table.index), what=T("fail points of the hotel stay"))
    if got in _fix_first():
        return
    row = table.loc[got]
    expect(bool(row["out_of_sight"]),
           T("'{id}' happens in the guest's sight: guest and clerk see a failure at once and can put it right on "
             "the spot. Another fail point goes wrong where nobody is watching.", id=got))
    expect(not bool(row["has_recovery"]), T("'{id}' already has a recovery step.", id=got))
    expect(bool(row["on_longest_path"]),
           T("'{id}' is out of sight, but not on the longest path: a failure there delays one part of the stay, "
             "not everything after it. Another out-of-sight fail point is on the longest path.", id=got))
    expect(False, T("'{id}' is not the best answer.", id=got))


def _best_move() -> list[str]:
    t = visibility_options(_load(VISIBILITY_BLUEPRINT))
    best = t["handoffs_if_onstage"].min()
    return t.index[(t["handoffs_if_onstage"] == best) & (best < t["handoffs_now"])].tolist()


@task("blueprint.move_visibility",
      title=T("Where do you move the line of visibility?"),
      hint=T("Moving a backstage step onstage removes the hand-off between it and the onstage staff, but every "
             "arrow it receives from a support process then crosses two lines instead of one. Follow the arrows "
             "into and out of each backstage step in the drawing and count the hand-offs before and after."),
      wrong=lambda: "prepare",
      track="manager")
def check_move_visibility(answer):
    b = _load(VISIBILITY_BLUEPRINT)
    options = visibility_options(b)
    got = normalise_choice(answer, _step_labels(b, options.index), what=T("backstage steps of the hot-pot visit"))
    if got in _best_move():
        return
    row = options.loc[got]
    expect(row["handoffs_if_onstage"] < row["handoffs_now"],
           T("moving '{id}' onstage raises the hand-offs from {before} to {after}: it receives work from support "
             "processes (the ordering system, the central kitchen), and those arrows would then cross both lower "
             "lines.", id=got, before=int(row["handoffs_now"]), after=int(row["handoffs_if_onstage"])))
    expect(False, T("moving '{id}' onstage leaves {after} hand-offs; another step removes more.",
                    id=got, after=int(row["handoffs_if_onstage"])))
