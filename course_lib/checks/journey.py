"""Checks for lesson 02, moments of truth and customer journeys (关键时刻与顾客旅程).

Every expected value is recomputed from the shipped data with :mod:`course_lib.journey`.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from course_lib import data, journey
from course_lib.checks import expect, expect_choice, expect_close, expect_fraction, expect_list, expect_type, task

#: The illustrative chain of the Carlzon task (numbers chosen for the exercise, not a real firm's).
CHAIN = {"customers": 30_000_000, "contacts_per_customer": 8, "seconds_per_contact": 20}


@lru_cache(maxsize=None)
def _hotpot() -> pd.DataFrame:
    return data.load("journey_hotpot")


@lru_cache(maxsize=None)
def _mots(method: str) -> pd.DataFrame:
    return journey.identify_mots(_hotpot(), method=method)


@task("journey.carlzon_per_day",
      title={"en": "Moments of truth per day", "zh": "每天的关键时刻数"},
      hint={"en": "customers × contacts per customer gives the moments per year; divide by 365. "
                  "journey.carlzon_moments(...) does it for you.",
            "zh": "顾客数 × 每位顾客的接触次数 = 每年关键时刻数，再除以 365；也可以用 journey.carlzon_moments(...)。"},
      wrong=lambda: journey.carlzon_moments(**CHAIN).moments_per_year)
def _(answer):
    m = journey.carlzon_moments(**CHAIN)
    if isinstance(answer, (int, float)):
        expect(abs(answer - m.moments_per_year) > 1e-3 * m.moments_per_year,
               {"en": "that is the number per year; the task asks per day.", "zh": "这是每年的数量；题目要求每天的数量。"})
    expect_close(answer, m.moments_per_day, tol=1.0, rel=1e-3, label="number of moments per day")


@task("journey.shortfall",
      title={"en": "Mean shortfall per touchpoint", "zh": "各触点的平均落差"},
      hint={"en": "shortfall = expectation − experience (positive when the touchpoint fell short). "
                  "Compute it per row, then df.groupby('touchpoint')['shortfall'].mean().",
            "zh": "落差 = 期望 − 体验（体验低于期望时为正）。先逐行计算，再 groupby('touchpoint') 求平均。"},
      wrong=lambda: (_hotpot()["experience"] - _hotpot()["expectation"]).groupby(_hotpot()["touchpoint"]).mean())
def _(answer):
    expected = _mots("impact").set_index("touchpoint")["shortfall"]
    if isinstance(answer, pd.Series) and set(answer.index) == set(expected.index):
        flipped = (answer.loc[expected.index].astype(float) + expected).abs().max() < 1e-6
        expect(not flipped, {"en": "the signs are reversed: shortfall is expectation minus experience.",
                             "zh": "正负号反了：落差 = 期望 − 体验。"})
    expect_close(answer, expected, tol=1e-6, label="shortfall table")


@task("journey.impact_top3",
      title={"en": "The three moments of truth by impact", "zh": "按影响排名前三的关键时刻"},
      hint={"en": "impact = importance × (expectation − experience) per row; average it per touchpoint, sort from "
                  "largest to smallest and take the first three names (journey.identify_mots(df) shows the ranking).",
            "zh": "影响 = 重要性 × (期望 − 体验)，逐行计算后按触点求平均，从大到小排序，取前三个名称"
                  "（journey.identify_mots(df) 给出排名）。"},
      wrong=lambda: _hotpot().groupby("touchpoint")["importance"].mean().nlargest(3).index.tolist())
def _(answer):
    answer = expect_list(answer, {"en": "a list of touchpoint names", "zh": "触点名称的列表"}, ordered=True)
    expected = _mots("impact")["touchpoint"].head(3).tolist()
    expect(len(answer) == 3, {"en": f"give exactly three touchpoints, not {len(answer)}.",
                              "zh": f"请给出恰好三个触点，而不是 {len(answer)} 个。"})
    expect(set(answer) == set(expected), {"en": "these are not the three touchpoints with the largest impact.",
                                          "zh": "这不是影响最大的三个触点。"})
    expect(answer == expected, {"en": "the right three touchpoints, but not in order of impact (largest first).",
                                "zh": "三个触点对了，但顺序不对（应从影响最大排起）。"})


@task("journey.share_hurt_bill",
      title={"en": "Share of customers let down at the bill", "zh": "结账环节体验低于期望的顾客比例"},
      hint={"en": "Keep the rows of the 'bill' touchpoint and take the mean of (experience < expectation): "
                  "a share between 0 and 1.",
            "zh": "只保留 'bill' 触点的行，对 (experience < expectation) 求平均，得到 0 到 1 之间的比例。"},
      wrong=lambda: float((_hotpot().query("touchpoint == 'bill'").eval("experience <= expectation")).mean()))
def _(answer):
    expected = float(_mots("impact").set_index("touchpoint").loc["bill", "share_hurt"])
    expect_fraction(answer, label={"en": "share", "zh": "比例"})
    expect_close(answer, expected, tol=1e-3, label="share")


@task("journey.top_driver",
      title={"en": "The strongest driver of overall satisfaction", "zh": "与总体满意度关联最强的触点"},
      hint={"en": "Use journey.identify_mots(df, method='correlation'): the first row has the highest correlation "
                  "between the touchpoint's experience and the customer's overall satisfaction.",
            "zh": "用 journey.identify_mots(df, method='correlation')：第一行是体验评分与总体满意度相关系数最高的触点。"},
      wrong=lambda: _mots("impact")["touchpoint"].iloc[0])
def _(answer):
    expect_type(answer, str, {"en": "a touchpoint name in quotes", "zh": "加引号的触点名称"})
    expected = _mots("correlation")["touchpoint"].iloc[0]
    expect(answer.strip() == expected, {"en": f"{answer!r} is not the touchpoint with the highest correlation.",
                                        "zh": f"{answer!r} 不是相关系数最高的触点。"})


@task("journey.incident_group1",
      title={"en": "Dissatisfying incidents that follow a system failure", "zh": "源于系统失误的不满意事件比例"},
      hint={"en": "Keep the dissatisfactory incidents and take the share whose group is 1 "
                  "(journey.incident_summary(log).shares gives every share).",
            "zh": "只保留不满意的事件，计算其中 group 为 1 的比例（journey.incident_summary(log).shares 列出所有比例）。"},
      wrong=lambda: float(journey.incident_summary(data.load("journey_incidents")).shares.loc[1, "satisfactory"]))
def _(answer):
    expected = float(journey.incident_summary(data.load("journey_incidents")).shares.loc[1, "dissatisfactory"])
    expect_close(answer, expected, tol=1e-3, label="share")


@task("journey.interpretation",
      title={"en": "Impact versus driver analysis", "zh": "影响排名与驱动因素分析"},
      hint={"en": "The two rankings answer different questions: where customers are let down on what matters to "
                  "them, and which experiences move together with the overall judgement. Does a correlation prove "
                  "cause?",
            "zh": "两种排名回答不同的问题：顾客在看重的地方哪里失望最多，以及哪些体验与总体评价一同变化。相关能证明因果吗？"},
      wrong=lambda: "a")
def _(answer):
    expect_choice(answer, "b", "abcd")
