"""Checks for lesson 07, listening: NPS, feedback and recovery (净推荐值、反馈与服务补救).

Every expected value is recomputed from the shipped data with :mod:`course_lib.nps`
and :mod:`course_lib.feedback`.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from course_lib import data, feedback, nps
from course_lib.checks import expect, expect_choice, expect_close, expect_equal, expect_fraction, expect_type, task

#: The store and the two months the exercise asks about.
STORE = "S08"
MONTHS = ("2024-04", "2024-05")
PROMISE_HOURS = 24
MARGIN = 5


@lru_cache(maxsize=None)
def _load(name: str) -> pd.DataFrame:
    return data.load(name)


def _retail() -> pd.DataFrame:
    return _load("nps_retailer")


def _month(month: str) -> pd.Series:
    df = _retail()
    return df.loc[df["month"] == month, "score"]


@task("nps.latest_month",
      title={"en": "NPS in December", "zh": "12 月的净推荐值"},
      hint={"en": "Keep the rows of month '2024-12', then nps.nps(scores).score: % promoters (9–10) minus "
                  "% detractors (0–6), on the −100…100 scale.",
            "zh": "先筛出 month 为 '2024-12' 的行，再用 nps.nps(scores).score：推荐者(9–10)占比减去贬损者(0–6)占比，"
                  "范围 −100…100。"},
      wrong=lambda: 100 * nps.nps(_month("2024-12")).promoters)
def _(answer):
    expect_close(answer, nps.nps(_month("2024-12")).score, tol=0.05, label="NPS")


@task("nps.store_interval",
      title={"en": f"Adjusted Wald interval for store {STORE}", "zh": f"门店 {STORE} 的调整 Wald 区间"},
      hint={"en": f"Keep the rows of store {STORE} in nps_hotpot and call nps.nps(scores, method=\"adjusted_wald\"); "
                  "answer the pair (low, high), e.g. r.interval.",
            "zh": f"从 nps_hotpot 中筛出门店 {STORE}，调用 nps.nps(scores, method=\"adjusted_wald\")，"
                  "以 (下限, 上限) 作答，例如 r.interval。"},
      wrong=lambda: nps.nps(_load("nps_hotpot").query("store == @STORE")["score"]).interval)
def _(answer):
    expect_type(answer, (tuple, list, pd.Series), {"en": "a pair (low, high)", "zh": "一对数 (下限, 上限)"})
    expect(len(answer) == 2, {"en": "give two numbers: (low, high).", "zh": "请给出两个数：(下限, 上限)。"})
    hotpot = _load("nps_hotpot")
    r = nps.nps(hotpot.loc[hotpot["store"] == STORE, "score"], method="adjusted_wald")
    expect_close(list(answer), list(r.interval), tol=0.05, label="interval")


@task("nps.change_p_value",
      title={"en": "Is April → May real? (p-value)", "zh": "4 月 → 5 月的变化是真的吗？（p 值）"},
      hint={"en": "nps.compare_nps(may_scores, april_scores) tests the difference; its .p_value is what we want. "
                  "A p-value above 0.05 means the change could be noise.",
            "zh": "nps.compare_nps(五月分数, 四月分数) 检验差异，取其 .p_value。p 值大于 0.05 说明变化可能只是噪声。"},
      wrong=lambda: 0.05)
def _(answer):
    c = nps.compare_nps(_month(MONTHS[1]), _month(MONTHS[0]))
    expect_close(answer, c.p_value, tol=1e-3, label="p-value")


@task("nps.sample_size",
      title={"en": "Answers needed for ± 5 points", "zh": "±5 分精度所需的样本量"},
      hint={"en": "Use the year's shares: r = nps.nps(all scores); then nps.sample_size(5, promoters=r.promoters, "
                  "detractors=r.detractors).",
            "zh": "用全年的占比：r = nps.nps(全部分数)；再调用 nps.sample_size(5, promoters=r.promoters, "
                  "detractors=r.detractors)。"},
      wrong=lambda: nps.sample_size(MARGIN))
def _(answer):
    r = nps.nps(_retail()["score"])
    expected = nps.sample_size(MARGIN, promoters=r.promoters, detractors=r.detractors)
    expect_close(answer, expected, tol=1, label="sample size")


@task("nps.vital_few",
      title={"en": "The vital few complaint categories", "zh": "投诉的关键少数类别"},
      hint={"en": "feedback.pareto(log) sorts categories and marks the ones needed to reach 80% of complaints "
                  "(column vital_few); answer their names as a list.",
            "zh": "feedback.pareto(log) 会排序并标出累计达到 80% 所需的类别（vital_few 列），以列表形式给出这些类别名。"},
      wrong=lambda: feedback.pareto(_load("complaint_log")).index[:2].tolist())
def _(answer):
    if isinstance(answer, (pd.Index, pd.Series, tuple, set)):
        answer = list(answer)
    expect_type(answer, list, {"en": "a list of category names", "zh": "类别名称的列表"})
    table = feedback.pareto(_load("complaint_log"))
    expected = table.index[table["vital_few"]].tolist()
    expect_equal(answer, expected, label="list of categories", ignore_order=True)


@task("nps.within_promise",
      title={"en": "Complaints resolved within 24 hours", "zh": "24 小时内解决的投诉占比"},
      hint={"en": "Count a complaint as kept only if it was closed within 24 hours of opening; still-open complaints "
                  "count as not kept. feedback.within_promise(log, 24) gives it.",
            "zh": "只有在受理后 24 小时内关闭的投诉才算兑现承诺；尚未解决的投诉算未兑现。可用 feedback.within_promise(log, 24)。"},
      wrong=lambda: float((feedback.resolution_hours(_load("complaint_log")).dropna() <= PROMISE_HOURS).mean()))
def _(answer):
    expected = feedback.within_promise(_load("complaint_log"), PROMISE_HOURS).loc["all", "within_promise"]
    expect_fraction(answer, label={"en": "share", "zh": "占比"})
    expect_close(answer, expected, tol=1e-3, label="share")


@task("nps.recovery_gap",
      title={"en": "Recovered minus no-failure satisfaction", "zh": "补救成功组与无失误组的满意度之差"},
      hint={"en": "Mean satisfaction of group 'recovered' minus mean of 'no_failure' in recovery_survey "
                  "(feedback.recovery_paradox(survey).difference).",
            "zh": "recovery_survey 中 'recovered' 组的平均满意度减去 'no_failure' 组（feedback.recovery_paradox(survey).difference）。"},
      wrong=lambda: feedback.recovery_paradox(_load("recovery_survey")).mean_no_failure
      - feedback.recovery_paradox(_load("recovery_survey")).mean_recovered)
def _(answer):
    expect_close(answer, feedback.recovery_paradox(_load("recovery_survey")).difference, tol=1e-3,
                 label="difference")


def _paradox_letter() -> str:
    survey = _load("recovery_survey")
    sat = feedback.recovery_paradox(survey, "satisfaction").paradox
    back = feedback.recovery_paradox(survey, "return_intention").paradox
    return {(True, True): "a", (True, False): "b", (False, False): "c", (False, True): "d"}[(sat, back)]


@task("nps.paradox_reading",
      title={"en": "What does the recovery survey show?", "zh": "补救调查说明了什么？"},
      hint={"en": "Run feedback.recovery_paradox(survey, outcome) for 'satisfaction' and for 'return_intention' and "
                  "read .paradox (significantly higher than no failure?).",
            "zh": "分别对 'satisfaction' 与 'return_intention' 运行 feedback.recovery_paradox(survey, outcome)，"
                  "看 .paradox（是否显著高于无失误组）。"},
      wrong=lambda: "a")
def _(answer):
    expect_choice(answer, _paradox_letter(), "abcd")
