"""Tables a manager reads to decide on a blueprint (lesson 04, manager track).

* :func:`fail_point_table`: each fail point with what makes it risky (out of the customer's sight,
  receives a hand-off, has a recovery step, lies on the longest path);
* :func:`visibility_options`: for each backstage step, the hand-offs and visible minutes if the step
  moved onstage, in front of the customer (the line of visibility moved below it).

Imported from this module (``from course_lib.blueprint.decisions import fail_point_table``).
"""

from __future__ import annotations

import pandas as pd

from ..lang import T, check_lang, pick
from .analysis import handoff_steps, metrics
from .model import Blueprint

__all__ = ["fail_point_table", "visibility_options", "moved_onstage"]

_OUT_OF_SIGHT = ("backstage", "support")

_COLUMNS = {
    "step": T("step"),
    "lane": T("lane"),
    "out_of_sight": T("out of the customer's sight"),
    "receives_handoff": T("receives a hand-off"),
    "has_recovery": T("has a recovery step"),
    "on_longest_path": T("on the longest path"),
    "handoffs_now": T("hand-offs now"),
    "handoffs_if_onstage": T("hand-offs if onstage"),
    "visible_min_if_onstage": T("visible minutes if onstage"),
}


def _readable(table: pd.DataFrame, lang: str | None) -> pd.DataFrame:
    if lang is None:
        return table
    lang = check_lang(lang)
    return table.rename(columns={k: pick(v, lang) for k, v in _COLUMNS.items()})


def fail_point_table(bp: Blueprint, *, lang: str | None = None) -> pd.DataFrame:
    """The fail points (F) of a blueprint and what makes each one risky.

    Parameters
    ----------
    bp : Blueprint
    lang : {"en", "zh"}, optional
        Readable column names and step labels in that language; by default keys.

    Returns
    -------
    DataFrame
        Indexed by step id: ``step`` (its label), ``lane``, ``out_of_sight`` (backstage or support),
        ``receives_handoff`` (see :func:`~course_lib.blueprint.handoff_steps`), ``has_recovery`` and
        ``on_longest_path``.

    Examples
    --------
    >>> from course_lib.blueprint import load_blueprint
    >>> t = fail_point_table(load_blueprint("hotel_stay"))
    >>> t.index.tolist(), bool(t.loc["take_order", "on_longest_path"])
    (['process_reg', 'take_bags', 'take_order'], True)
    """
    path = set(metrics(bp).longest_path)
    handoffs = set(handoff_steps(bp))
    rows = [{"id": s.id, "step": s.text(lang or "en"), "lane": s.lane, "out_of_sight": s.lane in _OUT_OF_SIGHT,
             "receives_handoff": s.id in handoffs, "has_recovery": bool(s.recovery),
             "on_longest_path": s.id in path}
            for s in bp.steps if s.fail]
    table = pd.DataFrame(rows, columns=["id", "step", "lane", "out_of_sight", "receives_handoff", "has_recovery",
                                        "on_longest_path"]).set_index("id")
    return _readable(table, lang)


def moved_onstage(bp: Blueprint, step_id: str) -> Blueprint:
    """A copy of ``bp`` with one step moved into the onstage lane (done in the customer's sight).

    Examples
    --------
    >>> from course_lib.blueprint import load_blueprint
    >>> moved_onstage(load_blueprint("coffee_shop"), "make_drink").step("make_drink").lane
    'onstage'
    """
    bp.step(step_id)  # a clear error for an unknown id
    table = bp.to_frame()
    table.loc[table["id"] == step_id, "lane"] = "onstage"
    return Blueprint.from_frame(table, name=bp.name, name_zh=bp.name_zh)


def visibility_options(bp: Blueprint, *, lang: str | None = None) -> pd.DataFrame:
    """For each backstage step: the hand-offs now, and the hand-offs and visible minutes if it moved onstage.

    Moving a step onstage moves the line of visibility below it: the customer now sees the work.

    Examples
    --------
    >>> from course_lib.blueprint import load_blueprint
    >>> visibility_options(load_blueprint("hotpot_visit"))["handoffs_if_onstage"].to_dict()
    {'prepare': 12, 'prep_extra': 9}
    """
    now = metrics(bp)
    rows = []
    for s in bp.steps:
        if s.lane == "backstage":
            m = metrics(moved_onstage(bp, s.id))
            rows.append({"id": s.id, "step": s.text(lang or "en"), "handoffs_now": now.handoffs,
                         "handoffs_if_onstage": m.handoffs, "visible_min_if_onstage": m.visible_time})
    table = pd.DataFrame(rows, columns=["id", "step", "handoffs_now", "handoffs_if_onstage",
                                        "visible_min_if_onstage"]).set_index("id")
    return _readable(table, lang)
