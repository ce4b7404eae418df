"""Checks for lesson 03, SERVQUAL (服务质量量表).

Every expected value is recomputed from the shipped data with :mod:`course_lib.servqual`.
The exercises use the restaurant survey (``servqual_restaurant``, its raw export
``servqual_restaurant_raw``) and the retail bank zone-of-tolerance survey.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from course_lib import data, servqual
from course_lib.checks import expect, expect_choice, expect_close, expect_equal, expect_list, expect_type, task

P_REL = [f"P{i}" for i in range(5, 10)]
E_REL = [f"E{i}" for i in range(5, 10)]


@lru_cache(maxsize=None)
def _survey() -> pd.DataFrame:
    return data.load("servqual_restaurant")


@lru_cache(maxsize=None)
def _raw() -> pd.DataFrame:
    return data.load("servqual_restaurant_raw")


def _ipa() -> servqual.IPA:
    df = _survey()
    importance = df[list(servqual.WEIGHT_COLUMNS.values())].mean()
    importance.index = list(servqual.DIMENSIONS)
    return servqual.ipa(importance, servqual.gap_scores(df).dimensions["P"], crosshair="mean")


@task("servqual.clean_survey",
      title={"en": "Clean the raw survey export", "zh": "清洗原始问卷导出数据"},
      hint={"en": "sq.validate_responses(raw) lists the problems. Map answer labels to numbers "
                  "(sq.likert_map()), turn anything outside 1–7 or not a number into NaN, keep the first of "
                  "each duplicated respondent, and drop respondents whose 44 answers are all the same.",
            "zh": "先用 sq.validate_responses(raw) 查看问题。把答案文字映射成数字（sq.likert_map()），"
                  "1–7 以外或不是数字的答案设为 NaN，重复提交的受访者只保留第一条，删除 44 个答案完全相同的受访者。"},
      wrong=lambda: _raw().drop_duplicates())
def _(answer):
    expect_type(answer, pd.DataFrame, {"en": "a pandas DataFrame", "zh": "pandas DataFrame"})
    expected = servqual.clean(_raw()).sort_values("respondent").reset_index(drop=True)
    expect("respondent" in answer.columns, {"en": "keep the 'respondent' column.", "zh": "请保留 'respondent' 列。"})
    expect(len(answer) == len(expected),
           {"en": f"your table has {len(answer)} rows; after removing duplicates and straight-liners there "
                  f"should be {len(expected)}.",
            "zh": f"你的表有 {len(answer)} 行；去掉重复提交和“一条直线”作答者后应为 {len(expected)} 行。"})
    expect_equal(sorted(answer["respondent"].tolist()), expected["respondent"].tolist(), label="respondent ids")
    cols = [c for c in expected.columns if c[0] in "EP" and c[1:].isdigit()]
    missing = [c for c in cols if c not in answer.columns]
    expect(not missing, {"en": f"columns {missing[:4]} are missing.", "zh": f"缺少这些列：{missing[:4]}。"})
    got = answer.sort_values("respondent")[cols]
    nonnum = [c for c in cols if got[c].dtype.kind not in "biuf"]
    expect(not nonnum, {"en": f"columns such as {nonnum[:3]} still hold text: convert them to numbers.",
                        "zh": f"{nonnum[:3]} 等列仍是文字：请转换成数字。"})
    expect_close(got.to_numpy(dtype=float, na_value=np.nan), expected[cols].to_numpy(dtype=float), tol=1e-9,
                 label="cleaned answers")


@task("servqual.reliability_gap",
      title={"en": "Reliability gap by hand", "zh": "手算可靠性差距"},
      hint={"en": "Per respondent: mean of P5–P9 minus mean of E5–E9 over the items answered in both; then the "
                  "mean over respondents. Perceptions minus expectations, so a shortfall is negative.",
            "zh": "先对每位受访者计算 P5–P9 的平均减 E5–E9 的平均（只用两者都作答的题目），再对所有受访者取平均。"
                  "是感知减期望，不足时为负数。"},
      wrong=lambda: -servqual.gap_scores(_survey()).dimensions.loc["reliability", "gap"])
def _(answer):
    expected = servqual.gap_scores(_survey()).dimensions.loc["reliability", "gap"]
    expect(not (isinstance(answer, (int, float, np.number)) and abs(answer + expected) < 1e-3),
           {"en": "the sign is reversed: the gap is P − E.", "zh": "符号反了：差距是 P − E。"})
    expect_close(answer, float(expected), tol=1e-3, label="reliability gap")


@task("servqual.weighted_score",
      title={"en": "Weighted SERVQUAL score", "zh": "加权 SERVQUAL 得分"},
      hint={"en": "For each respondent: Σ (W_dimension / 100) × dimension gap, using their own 100 points; then "
                  "the mean over respondents. sq.servqual_score(df) gives it as .weighted.",
            "zh": "对每位受访者：Σ（该维度分配点数 / 100）×该维度差距，用他自己的 100 点；再对受访者取平均。"
                  "sq.servqual_score(df).weighted 可直接得到。"},
      wrong=lambda: servqual.servqual_score(_survey()).unweighted)
def _(answer):
    s = servqual.servqual_score(_survey())
    expect(not (isinstance(answer, (int, float, np.number)) and abs(answer - s.unweighted) < 1e-6),
           {"en": "that is the unweighted score: use the importance points.",
            "zh": "这是未加权得分：请使用重要性点数加权。"})
    expect_close(answer, s.weighted, tol=1e-6, label="weighted score")


@task("servqual.alpha_reliability",
      title={"en": "Cronbach's alpha of the reliability perceptions", "zh": "可靠性感知题项的 Cronbach α"},
      hint={"en": "Keep the respondents who answered all of P5–P9 (dropna). α = k/(k−1) × (1 − sum of the item "
                  "variances / variance of the row totals), with k = 5 and ddof=1 variances.",
            "zh": "只保留 P5–P9 全部作答的受访者（dropna）。α = k/(k−1) ×（1 − 各题方差之和 / 总分方差），"
                  "k = 5，方差用 ddof=1。"},
      wrong=lambda: servqual.cronbach_alpha(_survey()[E_REL], nan_policy="listwise").alpha)
def _(answer):
    expected = servqual.cronbach_alpha(_survey()[P_REL], nan_policy="listwise").alpha
    expect_close(answer, expected, tol=1e-4, label="alpha")


@task("servqual.ipa_concentrate",
      title={"en": "Read the IPA chart: where to concentrate", "zh": "读 IPA 图：应重点改进哪里"},
      hint={"en": "'Concentrate here' is the top-left quadrant: importance at or above the line, performance below "
                  "it. Give the dimension keys as a list, e.g. ['empathy'].",
            "zh": "“重点改进区”是左上象限：重要性不低于横线、绩效低于竖线。以列表形式给出维度的英文键，例如 ['empathy']。"},
      wrong=lambda: ["tangibles"])
def _(answer):
    got = expect_list(answer, {"en": "a list of dimension keys", "zh": "维度键的列表"})
    t = _ipa().table
    expected = sorted(t.index[t["quadrant"] == "concentrate"])
    unknown = [g for g in got if g not in servqual.DIMENSIONS]
    expect(not unknown, {"en": f"{unknown} are not dimension keys; use e.g. 'reliability'.",
                         "zh": f"{unknown} 不是维度键；请用例如 'reliability'。"})
    expect_equal(sorted(got), expected, label="list of dimensions", ignore_order=True)


@task("servqual.zone_below",
      title={"en": "Below the zone of tolerance", "zh": "低于容忍区的维度"},
      hint={"en": "A dimension is below the zone when its mean perception is under its mean adequate level "
                  "(MSA = P − A < 0). sq.zone_of_tolerance(zone).dimensions has the MSA column.",
            "zh": "当平均感知低于平均最低可接受水平（MSA = P − A < 0）时，该维度低于容忍区。"
                  "sq.zone_of_tolerance(zone).dimensions 中有 MSA 列。"},
      wrong=lambda: ["reliability"])
def _(answer):
    got = expect_list(answer, {"en": "a list of dimension keys", "zh": "维度键的列表"})
    z = servqual.zone_of_tolerance(data.load("servqual_zone_bank")).dimensions
    expect_equal(sorted(got), sorted(z.index[z["position"] == "below"]), label="list of dimensions",
                 ignore_order=True)


#: Letters of the multiple-choice question "which dimension first?", in the order the notebook lists them.
LETTERS = dict(zip(servqual.DIMENSIONS, "abcde"))


def _first_priority() -> str:
    """The dimension with the largest importance-weighted shortfall (mean points × mean gap)."""
    df = _survey()
    importance = df[list(servqual.WEIGHT_COLUMNS.values())].mean().to_numpy()
    gaps = servqual.gap_scores(df).dimensions["gap"].loc[list(servqual.DIMENSIONS)].to_numpy()
    return list(servqual.DIMENSIONS)[int(np.argmin(importance * gaps))]


@task("servqual.what_first",
      title={"en": "Interpretation: what to fix first", "zh": "解读：先改进什么"},
      hint={"en": "Look for a large negative gap that customers also find important: the top-left of the IPA "
                  "chart, and the dimension that pulls the weighted score down most (points × gap).",
            "zh": "找出差距为较大负值、顾客又认为重要的维度：IPA 图的左上角，以及把加权得分拉低最多的维度（点数 × 差距）。"},
      wrong=lambda: "a")
def _(answer):
    expect_choice(answer, LETTERS[_first_priority()], choices="abcde")
