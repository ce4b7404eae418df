"""Checks for lesson 04, service blueprints (服务蓝图).

Every expected value is recomputed from the shipped blueprints
(``datasets/blueprints/``) with :mod:`course_lib.blueprint`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from course_lib import blueprint as bp
from course_lib.checks import expect, expect_choice, expect_close, expect_list, expect_type, task
from course_lib.errors import CourseDataError


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
        expect(False, {"en": f"your blueprint is not valid yet:\n   {err}",
                       "zh": f"你的蓝图还不合规：\n   {err}"})
    expect_type(answer, (bp.Blueprint, pd.DataFrame, str), what)
    raise AssertionError("unreachable")  # pragma: no cover


_BLUEPRINT = {"en": "a Blueprint (or the table / YAML text it is built from)", "zh": "Blueprint 对象（或其表格 / YAML 文本）"}


@task("blueprint.steps_per_lane",
      title={"en": "Steps per lane of the hotel stay", "zh": "酒店住宿蓝图各泳道的步骤数"},
      hint={"en": "hotel.to_frame() gives one row per step; count the rows per value of the 'lane' column "
                  "(value_counts or groupby('lane').size()). Evidence boxes count as steps too.",
            "zh": "hotel.to_frame() 每行一个步骤；按 'lane' 列计数（value_counts 或 groupby('lane').size()）。"
                  "有形展示的方框也算步骤。"},
      wrong=lambda: _load("hotel_stay").to_frame().query("duration > 0")["lane"].value_counts())
def _(answer):
    expected = pd.Series(bp.metrics(_load("hotel_stay")).steps_per_lane)
    expected = expected[expected > 0]
    expect_type(answer, pd.Series, {"en": "a pandas Series indexed by lane", "zh": "以泳道为索引的 pandas Series"})
    expect_close(answer, expected, label="steps per lane")


@task("blueprint.line_quiz",
      title={"en": "Which line hides the backstage?", "zh": "哪条线把后台隐藏起来？"},
      hint={"en": "The customer sees everything above one line and nothing below it: Shostack called it the "
                  "line of visibility.",
            "zh": "顾客能看到某条线以上的一切，看不到线以下的部分：Shostack 称之为可视分界线。"},
      wrong=lambda: "a")
def _(answer):
    expect_choice(answer, "b")


@task("blueprint.coffee_shop",
      title={"en": "Write the coffee-shop blueprint", "zh": "写出咖啡店的服务蓝图"},
      hint={"en": "Start from bp.load_blueprint('coffee_shop_starter').to_frame(), add one row per step of the "
                  "description (ids, lanes, columns, minutes, fail/wait flags exactly as given; `next` lists the "
                  "following steps), then build it with bp.Blueprint.from_frame(table).",
            "zh": "从 bp.load_blueprint('coffee_shop_starter').to_frame() 开始，按描述为每个步骤加一行（id、泳道、列、"
                  "分钟数、失误/等待标记与描述一致；next 列出后续步骤），再用 bp.Blueprint.from_frame(table) 生成。"},
      wrong=lambda: _load("coffee_shop_starter"))
def _(answer):
    mine = _as_blueprint(answer, _BLUEPRINT)
    ref = _load("coffee_shop")
    missing = [i for i in ref.ids if i not in mine.ids]
    expect(not missing, {"en": f"these steps are missing: {', '.join(missing)}.",
                         "zh": f"缺少这些步骤：{', '.join(missing)}。"})
    extra = [i for i in mine.ids if i not in ref.ids]
    expect(not extra, {"en": f"the description has no steps called {', '.join(extra)}.",
                       "zh": f"描述中没有这些步骤：{', '.join(extra)}。"})
    for r in ref.steps:
        s = mine.step(r.id)
        expect(s.lane == r.lane, {"en": f"step '{r.id}' is in the wrong lane ({s.lane}).",
                                  "zh": f"步骤“{r.id}”的泳道不对（{s.lane}）。"})
        expect(np.isclose(s.duration, r.duration), {"en": f"step '{r.id}' should take {r.duration:g} min, "
                                                          f"not {s.duration:g}.",
                                                    "zh": f"步骤“{r.id}”应为 {r.duration:g} 分钟，而不是 {s.duration:g}。"})
        for flag, en, zh in (("fail", "fail point (F)", "失误点（F）"), ("wait", "wait point (W)", "等待点（W）")):
            want = getattr(r, flag)
            expect(getattr(s, flag) == want,
                   {"en": f"step '{r.id}' {'is' if want else 'is not'} a {en} in the description "
                          f"(set {flag} to {want}).",
                    "zh": f"按描述，步骤“{r.id}”{'是' if want else '不是'}{zh}（把 {flag} 设为 {want}）。"})
    missing_flows = sorted(set(ref.flows) - set(mine.flows))
    if missing_flows:
        a, b = missing_flows[0]
        expect(False, {"en": f"a flow is missing: {a} → {b}.", "zh": f"缺少一条流程：{a} → {b}。"})
    extra_flows = sorted(set(mine.flows) - set(ref.flows))
    if extra_flows:
        a, b = extra_flows[0]
        expect(False, {"en": f"the description has no flow {a} → {b}.", "zh": f"描述中没有流程 {a} → {b}。"})
    col = {s.id: s.col for s in mine.steps}
    for a in ref.steps:
        for b in ref.steps:
            if a.col < b.col:
                expect(col[a.id] < col[b.id], {"en": f"step '{a.id}' comes before '{b.id}': give it a smaller col.",
                                               "zh": f"步骤“{a.id}”在“{b.id}”之前：它的 col 应更小。"})
            elif a.col == b.col:
                expect(col[a.id] == col[b.id], {"en": f"steps '{a.id}' and '{b.id}' happen together: same col.",
                                                "zh": f"步骤“{a.id}”与“{b.id}”同时发生：col 应相同。"})


@task("blueprint.coffee_fail_points",
      title={"en": "Where will the coffee shop fail?", "zh": "咖啡店会在哪里出错？"},
      hint={"en": "Look for the steps that receive work across the line of visibility or the line of internal "
                  "interaction: follow each arrow that crosses one of these two lines and note the step it "
                  "points to (bp.handoff_steps does this for any blueprint).",
            "zh": "找出跨越可视分界线或内部互动分界线接收工作的步骤：沿每条跨越这两条线的箭头，记下它指向的步骤"
                  "（bp.handoff_steps 可对任意蓝图完成这一步）。"},
      wrong=lambda: [s.id for s in _load("coffee_shop").steps if s.fail])
def _(answer):
    answer = expect_list(answer, {"en": "a list of step ids", "zh": "步骤 id 的列表"})
    expected = bp.handoff_steps(_load("coffee_shop"))
    unknown = [a for a in answer if a not in _load("coffee_shop").ids]
    expect(not unknown, {"en": f"these are not step ids of the coffee shop: {unknown}.",
                         "zh": f"这些不是咖啡店蓝图的步骤 id：{unknown}。"})
    missed = [e for e in expected if e not in answer]
    expect(not missed, {"en": f"you missed {len(missed)} step(s) that receive a hand-off.",
                        "zh": f"漏掉了 {len(missed)} 个接收交接的步骤。"})
    wrong = [a for a in answer if a not in expected]
    expect(not wrong, {"en": f"{', '.join(map(str, wrong))} receive(s) no hand-off across those two lines.",
                       "zh": f"{', '.join(map(str, wrong))} 没有跨这两条线接收交接。"})


@task("blueprint.bank_handoffs_removed",
      title={"en": "Hand-offs removed by the bank redesign", "zh": "银行流程改进减少的交接数"},
      hint={"en": "bp.compare(before, after) lists both blueprints' measures; hand-offs are the flows across the "
                  "lines of visibility and internal interaction ('handoffs'). Give before − after.",
            "zh": "bp.compare(before, after) 并列两张蓝图的指标；交接是跨可视分界线和内部互动分界线的流程"
                  "（'handoffs'）。答案 = 改进前 − 改进后。"},
      wrong=lambda: float(-bp.compare(_load("bank_account_before"), _load("bank_account_after"))
                          .loc["contacts", "change"]))
def _(answer):
    table = bp.compare(_load("bank_account_before"), _load("bank_account_after"))
    expect_close(answer, float(-table.loc["handoffs", "change"]), label="number of hand-offs removed")


@task("blueprint.hotpot_longest_path",
      title={"en": "Longest path through the hot-pot visit", "zh": "火锅店就餐的最长路径时长"},
      hint={"en": "Not the total of all durations: follow the arrows and find the chain whose minutes add up to "
                  "the most; bp.metrics(hotpot).longest_path_time gives it.",
            "zh": "不是全部时长之和：沿箭头找出分钟数之和最大的那条链；bp.metrics(hotpot).longest_path_time 即是。"},
      wrong=lambda: bp.metrics(_load("hotpot_visit")).total_time)
def _(answer):
    expect_close(answer, bp.metrics(_load("hotpot_visit")).longest_path_time, tol=1e-6,
                 label="time along the longest path (minutes)")


@task("blueprint.coffee_redesign",
      title={"en": "Redesign the coffee shop with fewer hand-offs", "zh": "重新设计咖啡店、减少交接"},
      hint={"en": "Edit the course's table (bp.load_blueprint('coffee_shop').to_frame()): e.g. let the person at "
                  "the counter make the drink in front of the customer (lane 'onstage'). Keep every customer "
                  "step, keep the blueprint valid, and compare with bp.compare(before, after).",
            "zh": "修改课程给出的表格（bp.load_blueprint('coffee_shop').to_frame()）：例如让柜台员工当着顾客的面制作"
                  "饮品（泳道改为 'onstage'）。保留所有顾客步骤、保持蓝图合规，再用 bp.compare(before, after) 比较。"},
      wrong=lambda: _load("coffee_shop"))
def _(answer):
    mine = _as_blueprint(answer, _BLUEPRINT)
    before = _load("coffee_shop")
    kept = {s.id for s in mine.steps if s.lane == "customer"}
    dropped = [s.id for s in before.steps if s.lane == "customer" and s.id not in kept]
    expect(not dropped, {"en": f"keep every customer action in the customer lane; missing: {', '.join(dropped)}.",
                         "zh": f"请在顾客行为泳道保留所有顾客步骤；缺少：{', '.join(dropped)}。"})
    m0, m1 = bp.metrics(before), bp.metrics(mine)
    expect(m1.handoffs < m0.handoffs, {"en": f"your design still has {m1.handoffs} hand-offs (the original has "
                                             f"{m0.handoffs}); remove at least one.",
                                       "zh": f"你的设计仍有 {m1.handoffs} 次交接（原设计 {m0.handoffs} 次），请至少减少一次。"})
    expect(m1.fail_points <= m0.fail_points, {"en": "your redesign adds fail points; a simpler process should not.",
                                              "zh": "你的设计增加了失误点；简化后的流程不应如此。"})
