"""The commitment cycle (承诺制定 → 宣传 → 执行 → 服务监控 → 反馈与改进) as a scorecard a team fills in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import Column, require_columns, validate_frame
from ..errors import CourseDataError, row_numbers
from ..lang import T, check_lang

__all__ = ["CYCLE_STAGES", "CYCLE_SCALE", "EXAMPLE_CYCLE_SCORES", "commitment_scorecard", "score_cycle"]


#: The commitment cycle (服务承诺管理流程) and the questions a team answers for each stage.
CYCLE_STAGES = pd.DataFrame(
    [
        ("formulate", "Formulate the promise", "承诺制定",
         "The promise rests on customer research (what customers expect)", "承诺基于顾客调研（顾客期望什么）"),
        ("formulate", "Formulate the promise", "承诺制定",
         "Each promise has a metric, a threshold and a target", "每项承诺都有指标、阈值和达成目标"),
        ("publicise", "Publicise", "承诺宣传",
         "Customers can see the promise where it matters (menu, website, counter)", "顾客在关键触点能看到承诺"),
        ("publicise", "Publicise", "承诺宣传",
         "Every employee can state the promise and the remedy", "每位员工都能说出承诺内容与补救办法"),
        ("execute", "Execute", "承诺执行",
         "Staff are trained and staffed to keep the promise at peak times", "员工经过培训、高峰期人手足够"),
        ("execute", "Execute", "承诺执行",
         "Front-line staff may fix a failure on the spot", "一线员工有权当场解决问题"),
        ("monitor", "Monitor", "服务监控",
         "The promise-kept rate is measured for every unit, every period", "每个单位每期都测量承诺兑现率"),
        ("monitor", "Monitor", "服务监控",
         "Units out of control are flagged and followed up", "失控单位被标出并跟进"),
        ("improve", "Feedback and improve", "反馈与改进",
         "Complaints and guarantee claims are analysed for root causes", "分析投诉与保证索赔的根本原因"),
        ("improve", "Feedback and improve", "反馈与改进",
         "Fixes are tested (before/after with a comparison group)", "改进措施经过检验（有对照组的前后比较）"),
    ],
    columns=["stage", "stage_en", "stage_zh", "item_en", "item_zh"],
)

#: Maturity scale of the commitment-cycle scorecard.
CYCLE_SCALE = {0: ("not done", "未开展"), 1: ("ad hoc", "零散"), 2: ("defined", "有规范"),
               3: ("practised", "已落实"), 4: ("measured and improved", "有测量并持续改进")}

_STAGE_ORDER = ["formulate", "publicise", "execute", "monitor", "improve"]

#: Scorecards filled in by two invented teams (for the lesson and the exercise), in the order of CYCLE_STAGES.
EXAMPLE_CYCLE_SCORES = {
    "bank_branch": [3, 3, 4, 3, 2, 2, 1, 0, 2, 1],
    "travel_agency": [2, 1, 1, 0, 3, 2, 3, 2, 1, 1],
}


def commitment_scorecard(lang: str | None = None) -> pd.DataFrame:
    """A blank commitment-cycle scorecard: one row per item, ``score`` 0–4 and ``evidence`` to fill in.

    Examples
    --------
    >>> card = commitment_scorecard("zh")
    >>> card["stage"].unique().tolist()
    ['formulate', 'publicise', 'execute', 'monitor', 'improve']
    >>> card.loc[0, "stage_name"]
    '承诺制定'
    """
    lang = check_lang(lang)
    out = pd.DataFrame({
        "stage": CYCLE_STAGES["stage"],
        "stage_name": CYCLE_STAGES[f"stage_{lang}"],
        "item": CYCLE_STAGES[f"item_{lang}"],
    })
    out["score"] = np.nan
    out["evidence"] = ""
    return out


def score_cycle(card: pd.DataFrame, source: str = "commitment scorecard") -> pd.DataFrame:
    """Mean maturity (0–4) per stage, in cycle order, with the share of the maximum and the weakest stage.

    Examples
    --------
    >>> card = commitment_scorecard()
    >>> card["score"] = [3, 3, 2, 2, 3, 1, 1, 0, 2, 1]
    >>> score_cycle(card)[["stage", "score", "share", "weakest"]]
           stage  score  share  weakest
    0  formulate    3.0  0.750    False
    1  publicise    2.0  0.500    False
    2    execute    2.0  0.500    False
    3    monitor    0.5  0.125     True
    4    improve    1.5  0.375    False
    """
    require_columns(card, ["stage", "score"], source=source)
    unknown = ~card["stage"].isin(_STAGE_ORDER)
    if unknown.any():
        raise CourseDataError(T("unknown stage {value}", value=repr(card['stage'][unknown].iloc[0])), source=source,
                              column="stage",
                              row=row_numbers(unknown.to_numpy()),
                              expected=T("one of {names}", names=", ".join(_STAGE_ORDER)),
                              fix=T("keep the stage codes of the template"))
    checked = validate_frame(card[["stage", "score"]], [Column("score", "int", min=0, max=4)], source=source)
    stage_names = CYCLE_STAGES.drop_duplicates("stage").set_index("stage")
    present = [s for s in _STAGE_ORDER if s in set(checked["stage"])]
    means = checked.groupby("stage", sort=False)["score"].mean().reindex(present)
    out = pd.DataFrame({"stage": present,
                        "stage_en": stage_names.loc[present, "stage_en"].to_numpy(),
                        "stage_zh": stage_names.loc[present, "stage_zh"].to_numpy(),
                        "score": means.to_numpy(dtype=float)})
    out["share"] = out["score"] / 4
    out["weakest"] = out["score"] == out["score"].min()
    return out
