"""The commitment cycle (承诺制定 → 宣传 → 执行 → 服务监控 → 反馈与改进) as a scorecard a team fills in."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import Column, require_columns, validate_frame
from ..errors import CourseDataError, row_numbers
from ..lang import LANGS, T, check_lang, languages

__all__ = ["CYCLE_ITEMS", "CYCLE_STAGES", "CYCLE_SCALE", "MATURITY_NAMES", "STAGE_NAMES", "EXAMPLE_CYCLE_SCORES",
           "commitment_scorecard", "score_cycle"]


#: The five stages of the commitment cycle (服务承诺管理流程): stage code → name (a message).
STAGE_NAMES: dict[str, T] = {
    "formulate": T("Formulate the promise", context="commitment cycle stage"),
    "publicise": T("Publicise", context="commitment cycle stage"),
    "execute": T("Execute", context="commitment cycle stage"),
    "monitor": T("Monitor", context="commitment cycle stage"),
    "improve": T("Feedback and improve", context="commitment cycle stage"),
}
#: The questions a team answers for each stage: (stage code, item), in the scorecard's order.
CYCLE_ITEMS: tuple[tuple[str, T], ...] = (
    ("formulate", T("The promise rests on customer research (what customers expect)",
                    context="commitment cycle item")),
    ("formulate", T("Each promise has a metric, a threshold and a target", context="commitment cycle item")),
    ("publicise", T("Customers can see the promise where it matters (menu, website, counter)",
                    context="commitment cycle item")),
    ("publicise", T("Every employee can state the promise and the remedy", context="commitment cycle item")),
    ("execute", T("Staff are trained and staffed to keep the promise at peak times",
                  context="commitment cycle item")),
    ("execute", T("Front-line staff may fix a failure on the spot", context="commitment cycle item")),
    ("monitor", T("The promise-kept rate is measured for every unit, every period",
                  context="commitment cycle item")),
    ("monitor", T("Units out of control are flagged and followed up", context="commitment cycle item")),
    ("improve", T("Complaints and guarantee claims are analysed for root causes", context="commitment cycle item")),
    ("improve", T("Fixes are tested (before/after with a comparison group)", context="commitment cycle item")),
)

#: The commitment cycle as a table, one row per item: ``stage``, then ``stage_<lang>`` and ``item_<lang>``
#: for each of the course's languages (``stage_en``, ``stage_zh``, ...), rendered from :data:`STAGE_NAMES`
#: and :data:`CYCLE_ITEMS`.
CYCLE_STAGES = pd.DataFrame(
    {"stage": [stage for stage, _ in CYCLE_ITEMS],
     **{f"stage_{lg}": [STAGE_NAMES[stage].render(lg) for stage, _ in CYCLE_ITEMS] for lg in LANGS},
     **{f"item_{lg}": [item.render(lg) for _, item in CYCLE_ITEMS] for lg in LANGS}})

#: The maturity levels of the commitment-cycle scorecard: score → name (a message).
MATURITY_NAMES: dict[int, T] = {
    0: T("not done", context="commitment cycle maturity"),
    1: T("ad hoc", context="commitment cycle maturity"),
    2: T("defined", context="commitment cycle maturity"),
    3: T("practised", context="commitment cycle maturity"),
    4: T("measured and improved", context="commitment cycle maturity"),
}
#: Maturity scale of the commitment-cycle scorecard: score → its name in each of the course's languages
#: (English first).
CYCLE_SCALE = {k: tuple(t.render(lg) for lg in LANGS) for k, t in MATURITY_NAMES.items()}

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
        "stage_name": [STAGE_NAMES[stage].render(lang) for stage, _ in CYCLE_ITEMS],
        "item": [item.render(lang) for _, item in CYCLE_ITEMS],
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
    present = [s for s in _STAGE_ORDER if s in set(checked["stage"])]
    means = checked.groupby("stage", sort=False)["score"].mean().reindex(present)
    out = pd.DataFrame({"stage": present,
                        **{f"stage_{lg}": [STAGE_NAMES[s].render(lg) for s in present] for lg in languages()},
                        "score": means.to_numpy(dtype=float)})
    out["share"] = out["score"] / 4
    out["weakest"] = out["score"] == out["score"].min()
    return out
