"""Checks for lesson 01, why service excellence (卓越服务：质量 → 体验 → 满意 → 忠诚).

Data answers are recomputed from the shipped data with :mod:`course_lib.nps`;
the concept answers come from :data:`course_lib.nps.LOYALTY_CHAIN` and
:data:`REMEDIES` (the seeds' challenges and remedies).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from course_lib import data, nps
from course_lib.checks import expect, expect_choice, expect_close, expect_equal, expect_type, task

#: Seed 000's challenges and the remedy the course teaches for each (letter of the exercise's options).
REMEDIES = {"diverse customer needs": "c"}
DRIVERS = ["product_quality", "service_quality", "experience", "satisfaction"]


@lru_cache(maxsize=None)
def _loyalty() -> pd.DataFrame:
    return data.load("loyalty_survey")


def _return_gap() -> float:
    rates = nps.outcome_by_level(_loyalty(), "satisfaction", "returned")
    n, mean = rates["n"], rates["mean"]
    high = (mean * n)[rates.index >= 6].sum() / n[rates.index >= 6].sum()
    low = (mean * n)[rates.index <= 4].sum() / n[rates.index <= 4].sum()
    return float(high - low)


@task("excellence.return_gap",
      title={"en": "Return rate: satisfied minus dissatisfied", "zh": "回头率：满意者减去不满意者"},
      hint={"en": "Return rate (mean of 'returned') of customers with satisfaction 6–7 minus that of customers "
                  "with 1–4, all industries together; answer a fraction such as 0.25.",
            "zh": "满意度 6–7 的顾客回头率（'returned' 的平均值）减去满意度 1–4 的顾客回头率，三个行业合并；"
                  "以 0.25 这样的小数作答。"},
      wrong=lambda: _return_gap() * 100)
def _(answer):
    expect_close(answer, _return_gap(), tol=1e-3, label="difference in return rate")


@task("excellence.strongest_link",
      title={"en": "Which rating moves with recommendation most?", "zh": "哪个评分与推荐意愿关系最强？"},
      hint={"en": "df[[...four ratings...]].corrwith(df['recommend']) gives one correlation per rating; answer the "
                  "column name with the largest one, as a string.",
            "zh": "用 df[[四个评分列]].corrwith(df['recommend']) 求各评分与推荐意愿的相关系数，以字符串给出最大者的列名。"},
      wrong=lambda: "product_quality")
def _(answer):
    expect_type(answer, str, {"en": "a column name in quotes", "zh": "加引号的列名"})
    expect(answer in DRIVERS, {"en": f"answer one of {DRIVERS}.", "zh": f"请从 {DRIVERS} 中选一个。"})
    df = _loyalty()
    expected = df[DRIVERS].corrwith(df["recommend"]).idxmax()
    expect_equal(answer, expected, label="rating")


@task("excellence.industry_nps",
      title={"en": "NPS per industry", "zh": "各行业的净推荐值"},
      hint={"en": "nps.nps_by(df, 'industry', score='recommend')['nps'] gives a Series indexed by industry.",
            "zh": "nps.nps_by(df, 'industry', score='recommend')['nps'] 返回以行业为索引的 Series。"},
      wrong=lambda: 100 * nps.nps_by(_loyalty(), "industry", score="recommend")["promoters"])
def _(answer):
    expected = nps.nps_by(_loyalty(), "industry", score="recommend")["nps"]
    expect_close(answer, expected, tol=0.05, label="NPS per industry")


@task("excellence.chain_order",
      title={"en": "The four components in order", "zh": "四个构成要素的顺序"},
      hint={"en": "Start with what the firm delivers and end with what the customer does: quality of the service, "
                  "how it is lived, how it is judged, whether the customer stays and recommends. Use the four names "
                  "given in the exercise.",
            "zh": "从企业提供的服务开始，到顾客的行为结束：服务质量 → 亲身体验 → 评价 → 是否留下并推荐。使用练习中给出的四个名称。"},
      wrong=lambda: ["satisfaction", "service_quality", "experience", "loyalty"])
def _(answer):
    if isinstance(answer, tuple):
        answer = list(answer)
    expect_type(answer, list, {"en": "a list of four names", "zh": "由四个名称组成的列表"})
    expect(sorted(answer) == sorted(nps.LOYALTY_CHAIN),
           {"en": f"use exactly these four names: {sorted(nps.LOYALTY_CHAIN)}.",
            "zh": f"请恰好使用这四个名称：{sorted(nps.LOYALTY_CHAIN)}。"})
    expect_equal(answer, list(nps.LOYALTY_CHAIN), label="order")


@task("excellence.remedy",
      title={"en": "A remedy for diverse customer needs", "zh": "应对顾客需求多样化的办法"},
      hint={"en": "Diverse needs are a knowledge problem: the remedy is to learn what each group wants.",
            "zh": "需求多样化首先是“不了解”的问题：办法是了解每一类顾客想要什么。"},
      wrong=lambda: "a")
def _(answer):
    expect_choice(answer, REMEDIES["diverse customer needs"], "abcd")


@task("excellence.rating_spread",
      title={"en": "How much do the ratings vary?", "zh": "各评分的离散程度"},
      hint={"en": "The standard deviation of each of the four rating columns: df[[...four ratings...]].std() "
                  "(a Series indexed by column name).",
            "zh": "四个评分列各自的标准差：df[[四个评分列]].std()（以列名为索引的 Series）。"},
      wrong=lambda: _loyalty()[DRIVERS].var())
def _(answer):
    expect_close(answer, _loyalty()[DRIVERS].std(), tol=1e-4, label="standard deviations")
