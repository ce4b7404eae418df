"""Complaint handling as a conversation (投诉处理): score a recovery script, size an empowerment limit.

A recovery script is the order in which a front-line employee handles a complaint. The course's
model has five steps, :data:`RECOVERY_STEPS`: **listen**, **apologise**, **solve**, **thank** (the
practitioners' mnemonic LAST) and **follow up** (Hart, Heskett & Sasser 1990: close the loop).
Each step serves one of the three kinds of fairness by which complaining customers judge the
handling (Tax, Brown & Chandrashekaran 1998): the outcome (*distributive*), the procedure
(*procedural*) and the interpersonal treatment (*interactional*); :data:`STEP_FAIRNESS` records
which one the course ties each step to.

* :func:`score_script`: which steps a script has, in which order, which are missing, and whether
  the remedy stays within the front-line limit;
* :func:`empowerment_coverage`: for candidate limits, the share of cases the front line could
  settle without asking a manager;
* :data:`EXAMPLE_REMEDY_COSTS`: the remedy costs of 20 complaints at an invented restaurant
  (synthetic, for the exercise).

Examples
--------
>>> from course_lib.feedback import conversation
>>> t = conversation.score_script(["listen", "solve", "apologise"], lang="en")
>>> t["status"].tolist()
['in place', 'in place', 'out of order', 'missing', 'missing']
"""

from __future__ import annotations

import math
from numbers import Real
from typing import Any, Iterable, Sequence

import pandas as pd

from ..errors import CourseDataError, show
from ..lang import T, check_lang

__all__ = ["RECOVERY_STEPS", "STEP_LABELS", "STEP_FAIRNESS", "FAIRNESS_LABELS", "EXAMPLE_REMEDY_COSTS",
           "score_script", "empowerment_coverage"]

#: The steps of a recovery conversation, in the model's order.
RECOVERY_STEPS = ("listen", "apologise", "solve", "thank", "follow_up")

#: Each step's label (English source; rendered in the notebook's language).
STEP_LABELS = {
    "listen": T("listen", context="recovery step"),
    "apologise": T("apologise", context="recovery step"),
    "solve": T("solve", context="recovery step"),
    "thank": T("thank", context="recovery step"),
    "follow_up": T("follow up", context="recovery step"),
}

#: The three kinds of fairness of justice theory (Tax, Brown & Chandrashekaran 1998).
FAIRNESS_LABELS = {
    "distributive": T("distributive (the outcome)", context="fairness"),
    "procedural": T("procedural (the process)", context="fairness"),
    "interactional": T("interactional (the treatment)", context="fairness"),
}

#: The kind of fairness the course ties each step to.
STEP_FAIRNESS = {"listen": "interactional", "apologise": "interactional", "solve": "distributive",
                 "thank": "interactional", "follow_up": "procedural"}

#: Remedy cost (yuan) that settled each of 20 complaints last month at an invented restaurant
#: (synthetic, illustrative): 0 is an apology and a fix that cost nothing.
EXAMPLE_REMEDY_COSTS = (0, 0, 15, 20, 25, 30, 38, 40, 45, 60, 60, 68, 75, 80, 90, 120, 150, 180, 260, 420)


def _step_key(item: Any) -> str:
    """The step key an item of a script names: a key, an English or Chinese label, or a (step, words) pair."""
    if isinstance(item, (tuple, list)) and len(item) == 2:
        item = item[0]
    if isinstance(item, str):
        folded = item.strip().lower().replace("_", " ")
        for key, label in STEP_LABELS.items():
            forms = {key.replace("_", " "), label.render("en").lower(), label.render("zh")}
            if folded in forms or item.strip() in forms:
                return key
    raise CourseDataError(f"{show(item)} is not a step of the recovery model", column="step",
                          expected=", ".join(RECOVERY_STEPS),
                          fix="name each turn by its step, e.g. 'listen', or give (step, words) pairs")


def _longest_in_order(indices: list[int]) -> set[int]:
    """Positions (into ``indices``) of a longest increasing run, earliest model steps kept on ties."""
    n = len(indices)
    best: list[tuple[int, ...]] = [()] * n
    for i in range(n):
        best[i] = (i,)
        for j in range(i):
            if indices[j] < indices[i]:
                cand = best[j] + (i,)
                if len(cand) > len(best[i]) or (len(cand) == len(best[i])
                                                and [indices[k] for k in cand] < [indices[k] for k in best[i]]):
                    best[i] = cand
    if not n:
        return set()
    longest = max(len(run) for run in best)
    return set(min((run for run in best if len(run) == longest), key=lambda run: [indices[k] for k in run]))


def _money(value: float) -> str:
    return f"{value:g}"


def score_script(script: Iterable, *, remedy: float | None = None, limit: float | None = None,
                 lang: str | None = None) -> pd.DataFrame:
    """Score a recovery script against the model listen → apologise → solve → thank → follow up.

    Parameters
    ----------
    script
        The turns of the conversation in the order they happen: step keys (``"listen"``), their
        English or Chinese labels, or ``(step, words)`` pairs. A step said twice counts once (its first turn).
    remedy, limit
        The cost of the remedy offered and the front-line empowerment limit (same currency); give
        both to add a ``remedy`` row that says whether the employee may grant it without asking.
    lang
        ``"en"`` or ``"zh"``; ``None`` follows the notebook.

    Returns
    -------
    DataFrame
        One row per step of the model (index: the step key), in the model's order, with columns
        ``step`` (label), ``present``, ``turn`` (1-based turn of the script, ``<NA>`` if missing),
        ``status`` (in place / out of order / missing) and ``fairness``; then a ``remedy`` row if
        ``remedy`` and ``limit`` are given.

    Examples
    --------
    >>> t = score_script(["listen", "apologise", "solve", "thank"], remedy=150, limit=100, lang="en")
    >>> t.loc["follow_up", "status"], t.loc["remedy", "status"]
    ('missing', 'above the limit (150 > 100): the employee must ask a manager')
    >>> score_script([("apologise", "I am sorry."), ("listen", "Tell me more.")], lang="en")["turn"].tolist()[:2]
    [2, 1]
    """
    lang = check_lang(lang)
    if isinstance(script, (str, bytes)):
        raise CourseDataError("a script is a list of turns, not one string", expected="a list such as "
                              "['listen', 'apologise', 'solve', 'thank']", fix="put the steps in a list")
    keys = [_step_key(item) for item in script]
    first: dict[str, int] = {}
    for turn, key in enumerate(keys, start=1):
        first.setdefault(key, turn)
    present = sorted(first, key=first.get)
    kept = _longest_in_order([RECOVERY_STEPS.index(k) for k in present])
    in_order = {present[i] for i in kept}
    rows = []
    for key in RECOVERY_STEPS:
        if key not in first:
            status = T("missing", context="recovery step status")
        elif key in in_order:
            status = T("in place", context="recovery step status")
        else:
            status = T("out of order", context="recovery step status")
        rows.append({"key": key, "step": STEP_LABELS[key].render(lang), "present": key in first,
                     "turn": first.get(key, pd.NA), "status": status.render(lang),
                     "fairness": FAIRNESS_LABELS[STEP_FAIRNESS[key]].render(lang)})
    if (remedy is None) != (limit is None):
        raise CourseDataError("give both remedy= and limit=, or neither", fix="e.g. remedy=150, limit=100")
    if remedy is not None:
        for name, value in (("remedy", remedy), ("limit", limit)):
            if isinstance(value, bool) or not isinstance(value, Real) or not math.isfinite(value) or value < 0:
                raise CourseDataError(f"{name} must be a number of at least 0, not {show(value)}",
                                      fix=f"pass {name}=100")
        if remedy <= limit:
            status = T("within the limit ({remedy} ≤ {limit}): the employee may grant it at once",
                       remedy=_money(remedy), limit=_money(limit))
        else:
            status = T("above the limit ({remedy} > {limit}): the employee must ask a manager",
                       remedy=_money(remedy), limit=_money(limit))
        rows.append({"key": "remedy", "step": T("remedy", context="recovery step").render(lang),
                     "present": True, "turn": first.get("solve", pd.NA), "status": status.render(lang),
                     "fairness": FAIRNESS_LABELS["distributive"].render(lang)})
    table = pd.DataFrame(rows).set_index("key")
    table["turn"] = table["turn"].astype("Int64")
    return table


def empowerment_coverage(costs: Sequence[float], limits: Sequence[float]) -> pd.DataFrame:
    """For each candidate front-line limit, the cases and money the front line could settle without asking.

    Parameters
    ----------
    costs
        The remedy cost of each past case (for example last month's complaints).
    limits
        Candidate limits per case, in the same currency.

    Returns
    -------
    DataFrame
        Index ``limit`` (ascending); columns ``cases_settled`` (number of cases whose remedy cost is at
        most the limit), ``share_settled`` (their share of all cases), ``escalated`` (cases that go to a
        manager) and ``cost_settled`` (the money the front line spends on the cases it settles).

    Examples
    --------
    >>> empowerment_coverage([0, 20, 50, 120], [50, 100])["share_settled"].tolist()
    [0.75, 0.75]
    """
    values = pd.Series(list(costs), dtype="float64")
    cuts = pd.Series(list(limits), dtype="float64")
    if values.empty or cuts.empty:
        raise CourseDataError("need at least one cost and one limit", fix="pass the remedy costs and candidate limits")
    for name, s in (("costs", values), ("limits", cuts)):
        if s.isna().any() or (s < 0).any():
            raise CourseDataError(f"{name} must be numbers of at least 0", column=name,
                                  fix="remove missing or negative values")
    rows = []
    for limit in sorted(set(cuts)):
        settled = values[values <= limit]
        rows.append({"limit": limit, "cases_settled": int(settled.size),
                     "share_settled": float(settled.size / values.size),
                     "escalated": int(values.size - settled.size), "cost_settled": float(settled.sum())})
    table = pd.DataFrame(rows)
    if all(float(v).is_integer() for v in table["limit"]):
        table["limit"] = table["limit"].astype(int)
    return table.set_index("limit")
