"""Checks for lesson 05, peak-end experience design (峰终体验设计).

Every expected value is recomputed with :mod:`course_lib.journey` from the task's
profile or the shipped data.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from course_lib import data, journey
from course_lib.checks import CheckFailed, expect, expect_choice, expect_close, expect_fraction, task

#: The emotion profile of the by-hand tasks (one visit, moment by moment, −5…+5).
PROFILE = [1, 3, -2, -4, 0, 2]
#: A profile whose most intense moments tie in size.
TIE_PROFILE = [4, -1, -4, 2]


@lru_cache(maxsize=None)
def bank_profile() -> tuple:
    """The bank visit's mean emotion per touchpoint, in journey order, rounded to 0.1."""
    cyc = journey.cycle_of_service(data.load("journey_bank"), value="emotion")
    return tuple(cyc["mean_emotion"].round(1).tolist())


@lru_cache(maxsize=None)
def _bank_scores() -> pd.DataFrame:
    return journey.remembered_scores(data.load("journey_bank"))


def _coldwater_share() -> float:
    cw = data.load("journey_coldwater")
    return float((cw.groupby("participant")["repeat_choice"].first() == "long").mean())


@task("peakend.by_hand",
      title={"en": "A peak-end score by hand", "zh": "手算峰终评分"},
      hint={"en": "Peak = the most intense moment (largest absolute value, keep its sign); end = the last moment; "
                  "score = (peak + end) / 2.",
            "zh": "峰值 = 最强烈的时刻（绝对值最大，保留正负号）；终值 = 最后一个时刻；评分 = (峰值 + 终值) / 2。"},
      wrong=lambda: float(np.mean(PROFILE)))
def _(answer):
    if isinstance(answer, (int, float)):
        expect(abs(answer - float(np.mean(PROFILE))) > 1e-9,
               {"en": "that is the average of all six moments, not the peak-end score.",
                "zh": "这是六个时刻的平均值，而不是峰终评分。"})
    expect_close(answer, journey.peak_end_score(PROFILE), tol=1e-6, label="score")


@task("peakend.end_window",
      title={"en": "Peak-end with an end window of three moments", "zh": "以最后三个时刻为结尾的峰终评分"},
      hint={"en": "The end is now the mean of the last three moments; the peak does not change.",
            "zh": "现在终值是最后三个时刻的平均值；峰值不变。"},
      wrong=lambda: journey.peak_end_score(PROFILE))
def _(answer):
    expect_close(answer, journey.peak_end_score(PROFILE, end_window=3), tol=1e-3, label="score")


@task("peakend.tie",
      title={"en": "When a high and a low are equally intense", "zh": "正负峰值同样强烈时"},
      hint={"en": "+4 and −4 are equally intense; the rule used in this course gives the peak to the negative "
                  "moment (bad is stronger than good).",
            "zh": "+4 与 −4 同样强烈；本课程的规则把峰值记为负面时刻（坏事比好事分量更重）。"},
      wrong=lambda: (max(TIE_PROFILE) + TIE_PROFILE[-1]) / 2)
def _(answer):
    if isinstance(answer, (int, float)):
        expect(abs(answer - (max(TIE_PROFILE) + TIE_PROFILE[-1]) / 2) > 1e-9,
               {"en": "you took +4 as the peak; in a tie the negative moment is the peak.",
                "zh": "你把 +4 当成了峰值；同样强烈时，以负面时刻为峰值。"})
    expect_close(answer, journey.peak_end_score(TIE_PROFILE), tol=1e-6, label="score")


@task("peakend.coldwater_share",
      title={"en": "Who chose to repeat the longer trial?", "zh": "多少人选择重复更长的那次？"},
      hint={"en": "One choice per participant: group by participant, take the first repeat_choice, and the share "
                  "equal to 'long' (a fraction between 0 and 1).",
            "zh": "每位参与者只算一次：按 participant 分组取第一个 repeat_choice，再算等于 'long' 的比例（0 到 1 之间）。"},
      wrong=lambda: float((data.load("journey_coldwater")["repeat_choice"] == "long").sum()))
def _(answer):
    expect_fraction(answer, label={"en": "share", "zh": "比例"})
    expect_close(answer, _coldwater_share(), tol=1e-3, label="share")


@task("peakend.memory_vs_overall",
      title={"en": "Remembered score and overall satisfaction", "zh": "记忆评分与总体满意度"},
      hint={"en": "journey.remembered_scores(bank) gives one row per customer with 'remembered' and 'overall'; "
                  "take the Pearson correlation of those two columns.",
            "zh": "journey.remembered_scores(bank) 每位顾客一行，含 'remembered' 和 'overall'；求这两列的皮尔逊相关系数。"},
      wrong=lambda: float(_bank_scores()["mean"].corr(_bank_scores()["overall"])))
def _(answer):
    scores = _bank_scores()
    expect_close(answer, float(scores["remembered"].corr(scores["overall"])), tol=1e-3, label="correlation")


@task("peakend.redesign_ending",
      title={"en": "Redesign the ending of the bank visit", "zh": "重新设计银行网点服务的结尾"},
      hint={"en": "Keep every moment of the bank profile except the last; change the last (end_value=…) or add at "
                  "most two moments after it (extend_end=[…]), on the −5…+5 scale, until the peak-end score rises "
                  "by at least 1 point. journey.redesign(profile, …) reports the change.",
            "zh": "保留银行曲线除最后一个时刻以外的所有时刻；修改最后一个时刻（end_value=…）或在其后最多增加两个时刻"
                  "（extend_end=[…]），取值在 −5…+5 之间，使峰终评分至少提高 1 分。journey.redesign(profile, …) 会给出变化。"},
      wrong=lambda: journey.redesign(bank_profile(), add_peak=(0, 3)))
def _(answer):
    before = list(bank_profile())
    after = answer.profile_after if isinstance(answer, journey.Redesign) else answer
    if isinstance(after, (pd.Series, np.ndarray, tuple)):
        after = list(np.asarray(after, dtype=float))
    if not isinstance(after, list):
        raise CheckFailed({"en": "give the result of journey.redesign(...) or the new profile as a list.",
                           "zh": "请给出 journey.redesign(...) 的结果，或把新曲线写成列表。"})
    after = [float(v) for v in after]
    n = len(before)
    expect(n <= len(after) <= n + 2, {"en": f"the new profile has {len(after)} moments; keep the {n} moments and add "
                                            "at most two.",
                                      "zh": f"新曲线有 {len(after)} 个时刻；应保留原来的 {n} 个时刻，最多再加两个。"})
    expect(np.allclose(after[: n - 1], before[: n - 1]),
           {"en": "only the ending may change: the moments before the last one must stay as they were.",
            "zh": "只能改结尾：最后一个时刻之前的时刻必须保持不变。"})
    expect(all(-5 <= v <= 5 for v in after), {"en": "keep every moment on the −5…+5 scale.",
                                               "zh": "所有时刻都应在 −5…+5 之间。"})
    change = journey.peak_end_score(after) - journey.peak_end_score(before)
    expect(change >= 1 - 1e-9, {"en": f"the remembered score changes by {change:+.2f}; it must rise by at least 1.",
                                "zh": f"记忆评分变化了 {change:+.2f}；至少要提高 1 分。"})


@task("peakend.interpretation",
      title={"en": "What the peak-end evidence supports", "zh": "峰终证据支持什么结论"},
      hint={"en": "Recall the colonoscopy trial: a gentler ending improved the memory of the procedure. Does that "
                  "make duration irrelevant, or the core service optional?",
            "zh": "回想结肠镜检查试验：更温和的结尾改善了对检查的记忆。这是否意味着时长无关紧要，或核心服务可以马虎？"},
      wrong=lambda: "a")
def _(answer):
    expect_choice(answer, "b", "abcd")
