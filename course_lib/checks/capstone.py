"""Checks for lesson 09, the capstone: a service excellence plan for the illustrative retail bank
(solutions/09_capstone.ipynb).

Every expected value is recomputed from the shipped data with the concept modules
(:mod:`course_lib.journey`, :mod:`course_lib.servqual`, :mod:`course_lib.blueprint`,
:mod:`course_lib.standards`, :mod:`course_lib.nps`); the plan check looks for the
organisation's own findings in the trainee's words.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import blueprint as B
from .. import cases as C
from .. import data, journey as J, nps as N, servqual as Q
from .. import standards as S
from ._core import CheckFailed, expect, expect_close, expect_equal, expect_list, expect_type, task

CASE = C.get_case("bank")
#: The promise of task 5 (the notebook states it in words).
COMPLAINT_PROMISE = S.Standard("resolution_h", 24, 0.8, "h", "Complaint resolved within 24 hours", "24小时内解决投诉")
NPS_METHOD = "adjusted_wald"
NPS_MARGIN = 5


def _mots(method: str = "impact") -> list[str]:
    table = J.identify_mots(data.load(CASE.journey), method=method, top=3)
    return table.loc[table["mot"], "touchpoint"].tolist()


def _survey() -> pd.DataFrame:
    return data.load(CASE.servqual)


def _gaps() -> pd.Series:
    return Q.gap_scores(_survey()).dimensions["gap"]


def _ipa() -> pd.DataFrame:
    survey = _survey()
    importance = survey[list(Q.WEIGHT_COLUMNS.values())].mean().set_axis(list(Q.DIMENSIONS))
    return Q.ipa(importance, Q.gap_scores(survey).dimensions["P"], crosshair="mean").table


def _compare() -> pd.DataFrame:
    return B.compare(B.load_blueprint(CASE.blueprint), B.load_blueprint(CASE.blueprint_after))


def _complaints() -> pd.DataFrame:
    return S.compliance(data.load(CASE.service_log), COMPLAINT_PROMISE, by=CASE.unit)


def _bank_scores() -> pd.Series:
    survey = data.load(CASE.nps)
    return survey.loc[survey["industry"] == CASE.nps_filter, CASE.nps_score]


def _as_names(answer, what) -> list[str]:
    return [str(a).strip() for a in expect_list(answer, what, one_string=True)]


@task("capstone.moments_of_truth",
      title={"en": "The bank's three moments of truth", "zh": "银行的三个关键时刻"},
      hint={"en": "`journey.identify_mots(visits, method='impact', top=3)` ranks touchpoints by importance × "
                  "shortfall; keep the `touchpoint` of the rows where `mot` is True. A touchpoint that moves the "
                  "overall score is not necessarily one where customers are let down.",
            "zh": "`journey.identify_mots(visits, method='impact', top=3)` 按“重要性 × 落差”排序；取 `mot` 为 True "
                  "的行的 `touchpoint`。与总体评分相关度高的触点，未必是顾客失望的触点。"},
      wrong=lambda: _mots("correlation"))
def _(answer):
    names = _as_names(answer, {"en": "a list of touchpoint names", "zh": "触点名称列表"})
    expected = _mots()
    known = set(data.load(CASE.journey)["touchpoint"].astype(str))
    unknown = [n for n in names if n not in known]
    expect(not unknown, {"en": f"{unknown[:3]} are not touchpoints of the journey (use names like 'waiting').",
                         "zh": f"{unknown[:3]} 不是旅程中的触点（请使用 'waiting' 这样的名称）。"})
    expect(len(names) == 3, {"en": f"give exactly three touchpoints, not {len(names)}.",
                             "zh": f"请给出恰好三个触点，而不是 {len(names)} 个。"})
    right = len(set(names) & set(expected))
    expect(right == 3, {"en": f"{right} of your three touchpoints are among the top three by impact.",
                        "zh": f"你的三个触点中只有 {right} 个属于影响力前三。"})


@task("capstone.dimension_gaps",
      title={"en": "SERVQUAL gap per dimension", "zh": "各维度的 SERVQUAL 差距"},
      hint={"en": "`servqual.gap_scores(survey).dimensions['gap']`: perception minus expectation (P − E), so a "
                  "shortfall is negative.",
            "zh": "`servqual.gap_scores(survey).dimensions['gap']`：感知减期望（P − E），不足时为负数。"},
      wrong=lambda: -_gaps())
def _(answer):
    expected = _gaps()
    if isinstance(answer, pd.Series) and set(expected.index) <= set(answer.index):
        flipped = answer.loc[expected.index].to_numpy(dtype=float)
        expect(not np.allclose(flipped, -expected.to_numpy(), atol=1e-6),
               {"en": "the signs are reversed: the gap is P − E (perception minus expectation).",
                "zh": "符号反了：差距是 P − E（感知减期望）。"})
    expect_close(answer, expected, tol=1e-6, label="gaps")


@task("capstone.focus_dimensions",
      title={"en": "Dimensions to concentrate on (IPA)", "zh": "需要集中改进的维度（IPA）"},
      hint={"en": "Importance = mean of the W_ columns, performance = mean perception per dimension, crosshair at "
                  "the means (`servqual.ipa`); keep the dimensions whose quadrant is 'concentrate'. The lowest "
                  "performer is not a priority if customers care little about it.",
            "zh": "重要性 = 各 W_ 列的平均值，表现 = 各维度的平均感知，十字线取平均值（`servqual.ipa`）；"
                  "取象限为 'concentrate' 的维度。表现最差的维度若顾客不太在意，并不是优先项。"},
      wrong=lambda: [_ipa()["performance"].idxmin()])
def _(answer):
    names = _as_names(answer, {"en": "a list of dimension keys", "zh": "维度键名列表"})
    unknown = [n for n in names if n not in Q.DIMENSIONS]
    expect(not unknown, {"en": f"{unknown[:3]} are not dimension keys ({', '.join(Q.DIMENSIONS)}).",
                         "zh": f"{unknown[:3]} 不是维度键名（{', '.join(Q.DIMENSIONS)}）。"})
    table = _ipa()
    expected = table.index[table["quadrant"] == "concentrate"].tolist()
    expect_equal(sorted(names), sorted(expected), label="dimensions")


@task("capstone.redesign_minutes",
      title={"en": "Minutes saved by the redesign", "zh": "再设计节省的分钟数"},
      hint={"en": "`blueprint.compare(before, after)`: the customer waits along the longest path, so read the "
                  "change of `longest_path_time` (before − after, a positive number), not of the total work time.",
            "zh": "`blueprint.compare(before, after)`：顾客经历的是最长路径，所以看 `longest_path_time` 的变化"
                  "（改前 − 改后，正数），而不是全部步骤的总时长。"},
      wrong=lambda: float(-_compare().loc["total_time", "change"]))
def _(answer):
    expected = float(-_compare().loc["longest_path_time", "change"])
    if isinstance(answer, (int, float, np.number)) and math.isclose(float(answer), -expected):
        raise CheckFailed({"en": "give the minutes saved as a positive number (before − after).",
                           "zh": "请把节省的分钟数写成正数（改前 − 改后）。"})
    expect_close(answer, expected, tol=1e-6, label="minutes")


@task("capstone.branches_below",
      title={"en": "Branches clearly below the complaint promise", "zh": "明显未达投诉承诺的网点"},
      hint={"en": "`standards.compliance(log, promise, by='branch')`; keep the branches whose `status` is "
                  "'below' (the whole interval under the target). A rate under the target with a wide interval "
                  "is 'unclear', not yet evidence.",
            "zh": "`standards.compliance(log, promise, by='branch')`；取 `status` 为 'below' 的网点"
                  "（整个区间都低于目标）。兑现率低于目标但区间很宽的是 'unclear'，还不能算证据。"},
      wrong=lambda: _complaints().loc[~_complaints()["meets_target"], "branch"].tolist())
def _(answer):
    names = _as_names(answer, {"en": "a list of branch names", "zh": "网点名称列表"})
    table = _complaints()
    expected = table.loc[table["status"] == "below", CASE.unit].tolist()
    unclear = set(table.loc[table["status"] == "unclear", CASE.unit])
    expect(not (set(names) & unclear),
           {"en": "some of these branches are 'unclear': their interval still reaches the target.",
            "zh": "其中有网点属于 'unclear'：其区间仍然覆盖目标。"})
    missed = sorted(set(expected) - set(names))
    expect(not missed or set(names) - set(expected),
           {"en": f"right so far, but {len(missed)} more branch(es) are clearly below: check every row.",
            "zh": f"目前正确，但还有 {len(missed)} 个网点明显未达标：请检查每一行。"})
    expect_equal(sorted(names), sorted(expected), label="list of branches")


@task("capstone.nps_baseline",
      title={"en": "The bank's NPS baseline", "zh": "银行的 NPS 基线"},
      hint={"en": "Keep the loyalty-survey rows whose `industry` is 'bank', then `nps.nps(scores['recommend'], "
                  "method='adjusted_wald').score`: % promoters (9–10) − % detractors (0–6), in points.",
            "zh": "取忠诚度调查中 `industry` 为 'bank' 的行，再用 `nps.nps(scores['recommend'], "
                  "method='adjusted_wald').score`：推荐者（9–10）% − 贬损者（0–6）%，单位为分。"},
      wrong=lambda: 100 * N.nps(_bank_scores()).promoters)
def _(answer):
    if isinstance(answer, N.NPSResult):
        answer = answer.score
    expected = N.nps(_bank_scores(), method=NPS_METHOD).score
    expect_close(answer, expected, tol=0.05, label="NPS")


@task("capstone.sample_size",
      title={"en": "Answers needed per quarter to track NPS to ± 5 points", "zh": "每季度需要多少答卷才能把 NPS 测准到 ± 5 分"},
      hint={"en": "`nps.sample_size(5, promoters=…, detractors=…)` with the bank's current shares (from "
                  "`nps.nps(...)`: `.promoters`, `.detractors`); the worst case without shares asks for more.",
            "zh": "用银行当前的比例调用 `nps.sample_size(5, promoters=…, detractors=…)`（来自 `nps.nps(...)` 的 "
                  "`.promoters`、`.detractors`）；不给比例时按最坏情况计算，会偏多。"},
      wrong=lambda: N.sample_size(NPS_MARGIN))
def _(answer):
    expect_type(answer, (int, np.integer), {"en": "a whole number of answers", "zh": "整数份答卷"})
    res = N.nps(_bank_scores(), method="wald")
    expected = N.sample_size(NPS_MARGIN, promoters=res.promoters, detractors=res.detractors)
    expect_close(answer, expected, tol=0.5, label="sample size")


def _mentions(text: str, names) -> bool:
    low = text.lower()
    return any(str(n).lower() in low for n in names if n)


@task("capstone.plan",
      title={"en": "A one-page plan built on the evidence", "zh": "基于证据的一页纸计划"},
      hint={"en": "Fill in all five keys of `plan` with your own sentences: name at least one of the three moments "
                  "of truth and the dimension to concentrate on, say what the redesign changes, state each promise "
                  "with a number (or as a standards.Standard), and say what you will measure and how often.",
            "zh": "用自己的话填写 `plan` 的五个键：至少写出一个关键时刻和需要集中改进的维度，说明再设计改变了什么，"
                  "每项承诺都要有数字（或写成 standards.Standard），并说明要测量什么、多久测一次。"},
      wrong=lambda: {"moments_of_truth": "The welcome", "diagnosis": "Service quality is good",
                     "redesign": "Make it simpler", "standards": "Serve customers fast",
                     "monitoring": "Ask customers"})
def _(answer):
    expect_type(answer, dict, {"en": "a dict with the five stage keys", "zh": "包含五个阶段键的 dict"})
    table = C.plan_summary(answer, lang="en")
    missing = table.loc[~table["answered"], "stage"].tolist()
    expect(not missing, {"en": f"these steps are still empty: {', '.join(missing)}.",
                         "zh": f"这些步骤还没有填写：{', '.join(missing)}。"})
    text = dict(zip(C.STAGES, C.plan_summary(answer, lang="en")["plan"]))
    text_zh = dict(zip(C.STAGES, C.plan_summary(answer, lang="zh")["plan"]))
    mots = _mots()
    names = mots + [J.label(m, "en") for m in mots] + [J.label(m, "zh") for m in mots] \
        + [m.replace("_", " ") for m in mots]
    expect(_mentions(text["moments_of_truth"] + text_zh["moments_of_truth"], names),
           {"en": "the moments-of-truth step names none of the bank's three moments of truth.",
            "zh": "“关键时刻”一步没有写出银行三个关键时刻中的任何一个。"})
    ipa = _ipa()
    focus = ipa.index[ipa["quadrant"] == "concentrate"].tolist()
    dims = focus + [Q.DIMENSIONS[d].en for d in focus] + [Q.DIMENSIONS[d].zh for d in focus]
    expect(_mentions(text["diagnosis"] + text_zh["diagnosis"], dims),
           {"en": "the diagnosis step does not name the dimension the IPA says to concentrate on.",
            "zh": "“诊断”一步没有写出 IPA 指出需要集中改进的维度。"})
    expect(any(ch.isdigit() for ch in text["standards"]),
           {"en": "a standard is measurable: the standards step needs a number (a time, a share).",
            "zh": "服务标准必须可衡量：“标准与承诺”一步需要有数字（时限、比例）。"})
    for key in ("redesign", "monitoring"):
        expect(len(text[key].split()) >= 4 or len(text_zh[key]) >= 8,
               {"en": f"the {key} step is too short to act on: say what changes (or what is measured) and how.",
                "zh": f"“{C.STAGES[key]['zh']}”一步太简短，无法执行：请写明改变什么（或测量什么）以及怎么做。"})
