"""Checks for lesson 06, service standards and commitments (solutions/06_standards_and_commitments.ipynb).

Every expected value is recomputed from the shipped data with :mod:`course_lib.standards`.
"""

from __future__ import annotations

import math

import numpy as np

import pandas as pd

from .. import data
from .. import standards as S
from ..errors import CourseDataError
from ._core import CheckFailed, expect, expect_choice, expect_close, expect_equal, expect_fraction, expect_list, expect_type, task

#: The promises the exercises use (the notebook states them in words).
SERVE_PROMISE = {"metric": "serve_min", "threshold": 20.0, "target": 0.9}
BANK_PROMISE = S.Standard("wait_min", 10, 0.85, "min", "Served within 10 minutes", "10分钟内办理")
CALLS = {"hour": 10, "interval_s": 300, "handle_s": 300, "answer_s": 20, "service_level": 0.8}


def _serve_standard() -> S.Standard:
    return S.Standard(SERVE_PROMISE["metric"], SERVE_PROMISE["threshold"], SERVE_PROMISE["target"], "min")


def _store_d_rate() -> float:
    table = S.compliance(data.load("restaurant_service_log"), _serve_standard(), by="store")
    return float(table.loc[table["store"] == "Store D", "rate"].iloc[0])


def _bank_chart() -> pd.DataFrame:
    return S.p_chart(data.load("bank_service_log"), BANK_PROMISE, by="branch")


def _peak_rate() -> float:
    calls = data.load("bank_calls")
    mean = calls.loc[calls["DateTime"].dt.hour == CALLS["hour"], "Calls"].mean()
    return float(mean) / CALLS["interval_s"]


def _did() -> S.DiDResult:
    return S.did(data.load("training_panel"), "mystery_score", unit="branch", treated="trained", post="post")


@task("standards.measurable_standard",
      title={"en": "Write the serving promise as a measurable standard", "zh": "把上菜承诺写成可衡量的标准"},
      hint={"en": "Standard(metric, threshold, target, unit): the metric is the column of "
                  "`restaurant_service_log` that times ordering → dishes on the table; 90% is written 0.9.",
            "zh": "Standard(指标, 阈值, 目标, 单位)：指标是 `restaurant_service_log` 中记录“点餐→上齐菜”时长的列；"
                  "90% 写作 0.9。"},
      wrong=lambda: S.Standard("wait_min", 20, 0.9, "min"))
def _(answer):
    expect_type(answer, S.Standard, {"en": "a standards.Standard", "zh": "standards.Standard 对象"})
    columns = list(data.load("restaurant_service_log").columns)
    expect(answer.metric in columns,
           {"en": f"'{answer.metric}' is not a column of the event log ({', '.join(columns)}).",
            "zh": f"'{answer.metric}' 不是事件日志中的列（{', '.join(columns)}）。"})
    expect(answer.metric == SERVE_PROMISE["metric"],
           {"en": f"'{answer.metric}' does not measure the time from ordering to dishes on the table.",
            "zh": f"'{answer.metric}' 衡量的不是从点餐到上齐菜的时间。"})
    expect(math.isclose(answer.threshold, SERVE_PROMISE["threshold"]),
           {"en": f"the threshold {answer.threshold:g} is not the promised number of minutes.",
            "zh": f"阈值 {answer.threshold:g} 不是承诺的分钟数。"})
    expect(math.isclose(answer.target, SERVE_PROMISE["target"]),
           {"en": f"the target {answer.target:g} is not the promised share of parties.",
            "zh": f"目标 {answer.target:g} 不是承诺的比例。"})
    expect(answer.direction == "<=", {"en": "a time promise is kept when the time is at most the threshold.",
                                      "zh": "时间承诺的兑现条件是用时不超过阈值。"})


@task("standards.promise_kept_rate",
      title={"en": "Promise-kept rate of Store D", "zh": "D 店的承诺兑现率"},
      hint={"en": "`standards.compliance(events, standard, by='store')` gives one row per store; take the "
                  "`rate` of Store D (a share between 0 and 1, not a percentage).",
            "zh": "`standards.compliance(events, standard, by='store')` 每店一行；取 D 店的 `rate`"
                  "（0 到 1 之间的比例，不是百分数）。"},
      wrong=lambda: float(S.compliance(data.load("restaurant_service_log"), _serve_standard())["rate"].iloc[0]))
def _(answer):
    expected = _store_d_rate()
    expect_fraction(answer, label={"en": "rate", "zh": "兑现率"})
    expect_close(answer, expected, tol=1e-3, label="rate")


@task("standards.p_chart_below",
      title={"en": "Branches below the lower control limit", "zh": "低于控制下限的网点"},
      hint={"en": "Build `standards.p_chart(bank, promise, by='branch')` and keep the branches whose `side` is "
                  "'below' (rate under their own LCL); a small branch has wider limits.",
            "zh": "用 `standards.p_chart(bank, promise, by='branch')`，保留 `side` 为 'below' 的网点"
                  "（兑现率低于其控制下限）；小网点的控制限更宽。"},
      wrong=lambda: [str(_bank_chart().sort_values("rate")["branch"].iloc[1])])
def _(answer):
    answer = expect_list(answer, {"en": "a list of branch names", "zh": "网点名称列表"}, one_string=True)
    chart = _bank_chart()
    expected = chart.loc[chart["side"] == "below", "branch"].tolist()
    above = set(chart.loc[chart["side"] == "above", "branch"])
    expect(not (set(map(str, answer)) & above),
           {"en": "some of these branches are out of control on the high side (better than the system).",
            "zh": "其中有网点是在上方失控（比整体更好）。"})
    expect_equal(sorted(map(str, answer)), sorted(expected), label="list of branches")


@task("standards.agents_needed",
      title={"en": "Agents needed at 10:00–11:00 for 80% within 20 s", "zh": "10:00–11:00 达到“80% 在 20 秒内接听”所需人数"},
      hint={"en": "Arrival rate per second = mean calls per 5 minutes between 10:00 and 11:00 ÷ 300; then "
                  "`standards.agents_needed(rate, 300, 20, 0.8)`. Traffic alone (rate × handle time) is not enough.",
            "zh": "每秒到达率 = 10:00–11:00 每 5 分钟平均来电数 ÷ 300；再调用 "
                  "`standards.agents_needed(rate, 300, 20, 0.8)`。仅用话务量（到达率×处理时长）是不够的。"},
      wrong=lambda: math.ceil(_peak_rate() * CALLS["handle_s"]))
def _(answer):
    expect_type(answer, (int, np.integer), {"en": "a whole number of agents", "zh": "整数人数"})
    rate = _peak_rate()
    expected = S.agents_needed(rate, CALLS["handle_s"], CALLS["answer_s"], CALLS["service_level"])
    traffic = rate * CALLS["handle_s"]
    expect(answer > traffic, {"en": f"with {answer} agents for {traffic:.0f} Erlangs of work the queue never empties.",
                              "zh": f"话务量为 {traffic:.0f} Erlang，{answer} 人会让队列无限增长。"})
    expect_close(answer, expected, tol=0, label="number of agents")


@task("standards.guarantee_score",
      title={"en": "Rate the travel agency's guarantee on Hart's five properties", "zh": "按 Hart 五项特征为旅行社的保证打分"},
      hint={"en": "Give a dict with the five properties and 0/1/2. Fine print, written claims with receipts and "
                  "manager approval, and vouchers instead of money: which properties do they break?",
            "zh": "给出包含五项特征、取值 0/1/2 的字典。附加条款、凭收据书面申请并经经理审批、用代金券代替现金："
                  "分别违反了哪些特征？"},
      wrong=lambda: {p: 2 for p in S.HART_PROPERTIES["property"]})
def _(answer):
    expect_type(answer, dict, {"en": "a dict {property: score}", "zh": "字典 {特征: 分数}"})
    try:
        score = S.score_guarantee(answer)
    except CourseDataError as exc:
        raise CheckFailed({"en": f"the ratings cannot be scored: {exc.problem}.",
                           "zh": f"无法计分：{exc.problem}。"}) from None
    s = score.scores
    expect(s["unconditional"] == 0, {"en": "an asterisk with conditions is the opposite of unconditional.",
                                     "zh": "带星号和附加条件，恰恰不是“无条件”。"})
    expect(s["easy_to_invoke"] == 0, {"en": "a written claim with a receipt and manager approval is not easy to invoke.",
                                      "zh": "书面申请、收据和经理审批，都不是“易于申请”。"})
    expect(s["easy_to_collect"] <= 1, {"en": "vouchers after approval are not an easy, immediate payout.",
                                       "zh": "审批后才发代金券，不是即时、方便的兑现。"})


@task("standards.training_effect",
      title={"en": "Training effect by difference in differences", "zh": "用双重差分估计培训效果"},
      hint={"en": "`standards.did(panel, 'mystery_score', unit='branch', treated='trained', post='post')`, then "
                  "its `.estimate`. The trained branches' own before/after change also contains the common trend.",
            "zh": "`standards.did(panel, 'mystery_score', unit='branch', treated='trained', post='post')`，取 "
                  "`.estimate`。受训网点自身的前后变化还包含了共同趋势。"},
      wrong=lambda: _did().naive)
def _(answer):
    expect_close(answer, _did().estimate, tol=0.01, label="estimate")


@task("standards.training_interpretation",
      title={"en": "Interpret the training evaluation", "zh": "解读培训评估结果"},
      hint={"en": "Compare changes, not levels: the trained branches were the weakest to begin with. Then look at "
                  "whether the interval contains zero, and at the assumption the estimate rests on.",
            "zh": "比较变化而不是水平：受训网点本来就是最弱的。再看区间是否包含 0，以及估计所依赖的假设。"},
      wrong=lambda: "a")
def _(answer):
    r = _did()
    expect_choice(answer, "c" if r.lower > 0 else "d", choices="abcd")


@task("standards.cycle_weakest",
      title={"en": "Weakest stage of the travel agency's commitment cycle", "zh": "旅行社服务承诺循环中最薄弱的阶段"},
      hint={"en": "Put the scores into `commitment_scorecard()['score']`, call `standards.score_cycle(card)` and keep "
                  "the `stage` codes where `weakest` is True (a list, e.g. ['monitor']).",
            "zh": "把分数填入 `commitment_scorecard()['score']`，调用 `standards.score_cycle(card)`，保留 `weakest` 为 "
                  "True 的 `stage` 代码（列表，例如 ['monitor']）。"},
      wrong=lambda: ["formulate"])
def _(answer):
    answer = expect_list(answer, {"en": "a list of stage codes", "zh": "阶段代码列表"}, one_string=True)
    card = S.commitment_scorecard()
    card["score"] = S.EXAMPLE_CYCLE_SCORES["travel_agency"]
    scores = S.score_cycle(card)
    codes = set(S.CYCLE_STAGES["stage"])
    names = {str(a) for a in answer}
    expect(names <= codes, {"en": f"use the stage codes {sorted(codes)}, not the long names.",
                            "zh": f"请使用阶段代码 {sorted(codes)}，而不是完整名称。"})
    expect_equal(sorted(names), sorted(scores.loc[scores["weakest"], "stage"]), label="weakest stage(s)")
