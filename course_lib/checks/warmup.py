"""Checks for the warm-up exercise (solutions/00_warmup.ipynb) on the real restaurant tips data.

The manager tasks read the table of the exercise (bills and average tip rate per day, from
:func:`course_lib.nps.outcome_by_level`); their expected answers and the reasons a wrong answer
gets are recomputed from the data.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import data
from ._core import (CheckFailed, _choice_matches, expect, expect_choice, expect_close, expect_items, expect_type,
                    normalise_choice, task)
from ..lang import T

#: The four days of the data (the waiter worked Thursday to Sunday) and their labels.
DAYS = {"Thur": T("Thursday"), "Fri": T("Friday"), "Sat": T("Saturday"), "Sun": T("Sunday")}

#: The hashed key of the Friday question (:func:`course_lib.checks.choice_key`) and, by hashed
#: letter, why each other choice is not the best one.
FRIDAY_KEY = "sha256:warmup.friday:153b65031dde968ce1877abd"
FRIDAY_WHY_NOT = {
    "sha256:warmup.friday:5ea993da5c0571d7e31d9514":
        lambda n: T("moving the best waiter on the strength of {n} bills risks acting on chance.", n=n),
    "sha256:warmup.friday:6b8212b6325f84c56d9a4a18":
        lambda n: T("Saturday's range overlaps the others too: no day is shown to be worse, so retraining one "
                    "team on this evidence would be unfair."),
    "sha256:warmup.friday:e3e9f0465cb209b84977ac07":
        lambda n: T("tips are the guests' money, not the restaurant's: a higher price does not follow from a "
                    "higher tip rate, and {n} bills are too few to plan on.", n=n),
}


@lru_cache(maxsize=None)
def _tips() -> pd.DataFrame:
    return data.load("tips")


def _by_day() -> pd.DataFrame:
    """Bills (``n``) and average tip rate in percent (``mean``, ``low``, ``high``) per day: the
    table the exercise shows."""
    from ..nps import outcome_by_level

    tips = _tips()
    return outcome_by_level(tips.assign(tip_rate=100 * tips["tip"] / tips["total_bill"]), "day", "tip_rate")


def _day_name(day: str) -> T:
    return DAYS.get(day, day)


@task("warmup.friday_bills",
      title=T("How many bills is Friday's average based on?"),
      hint=T("In the table, find the row of Friday (Fri) and read the column n: the number of bills of that "
             "day. Type it as a whole number."),
      wrong=lambda: int(_by_day().loc["Thur", "n"]),
      track="manager")
def check_friday_bills(answer):
    table = _by_day()
    expected = int(table.loc["Fri", "n"])
    if isinstance(answer, (int, float)) and not isinstance(answer, bool) and answer != expected:
        other = [d for d in table.index if d != "Fri" and table.loc[d, "n"] == answer]
        expect(not other, T("{answer} is the number of bills on {day}; read the row of Friday.",
                            answer=answer, day=_day_name(other[0]) if other else ""))
        expect(round(float(answer), 1) != round(float(table.loc["Fri", "mean"]), 1),
               T("{answer} is Friday's average tip rate (column mean); the number of bills is in column n.",
                 answer=answer))
    expect_type(answer, int, T("a whole number"))
    expect_close(answer, expected, tol=0, label=T("number of bills"))


@task("warmup.extra_waiter",
      title=T("Which day gets the extra waiter?"),
      hint=T("An extra waiter helps where the most guests are: compare the number of bills (column n) of the "
             "four days and answer the day, such as \"Thur\" or \"Thursday\"."),
      wrong=lambda: "Fri",
      track="manager")
def check_extra_waiter(answer):
    expect_type(answer, str, T("a day in quotes, such as \"Thur\""))
    day = normalise_choice(answer, DAYS, what=T("days in the table"))
    n = _by_day()["n"]
    busiest = n.idxmax()
    expect(day == busiest,
           T("{day} had {n} bills, the busiest day had {most}: put the extra waiter where the guests are, "
             "not where the tip rate is highest.", day=_day_name(day), n=int(n[day]), most=int(n.max())))


@task("warmup.friday",
      title=T("Is Friday really the best day?"),
      hint=T("Look at how many bills each average rests on (column n) and at the ranges low–high: when the "
             "ranges of the days overlap, the data cannot tell the days apart yet."),
      wrong=lambda: "a",
      track="manager")
def check_friday(answer):
    table = _by_day()
    if isinstance(answer, str) and not _choice_matches(answer, FRIDAY_KEY):
        why = next((reason for key, reason in FRIDAY_WHY_NOT.items() if _choice_matches(answer, key)), None)
        if why is not None:
            fri, others = table.loc["Fri"], table.drop(index="Fri")
            overlaps = bool(((others["low"] <= fri["high"]) & (others["high"] >= fri["low"])).all())
            values = dict(letter=answer.strip().lower(), n=int(fri["n"]), low=float(fri["low"]),
                          high=float(fri["high"]), why=why(int(fri["n"])))
            if overlaps:
                raise CheckFailed(T("({letter}) is not the best answer: Friday's average rests on {n} bills and its "
                                    "range runs from {low:.1f} % to {high:.1f} %, overlapping every other day; {why}",
                                    **values))
            raise CheckFailed(T("({letter}) is not the best answer: Friday's average rests on {n} bills (range "
                                "{low:.1f} % to {high:.1f} %); {why}", **values))
    expect_choice(answer, FRIDAY_KEY, "abcd")


@task("warmup.n_parties",
      title=T("Count the parties served"),
      hint=T("Each row of `tips` is one party's bill, so the answer is the number of rows of the "
             "table (Python's `len` works on a DataFrame)."),
      wrong=lambda: len(_tips().columns),
      track="analyst")
def check_n_parties(answer):
    expect_type(answer, int, T("a whole number"))
    expect_close(answer, len(_tips()), tol=0, label=T("count"))


@task("warmup.tip_rate",
      title=T("Average tip rate, in percent"),
      hint=T("A bill's tip rate is its tip divided by its total bill. Average the rates of the "
             "bills (not total tips ÷ total bills) and give the result in percent."),
      wrong=lambda: float(_tips()["tip"].sum() / _tips()["total_bill"].sum()),
      track="analyst")
def check_tip_rate(answer):
    tips = _tips()
    expected = float((tips["tip"] / tips["total_bill"]).mean() * 100)
    expect_close(answer, expected, tol=0.01, label=T("tip rate"))


@task("warmup.rate_by_day",
      title=T("Tip rate by day, highest first"),
      hint=T("Compute each bill's tip rate in percent, average it per day (pandas `groupby`), and "
             "sort the result from the highest rate to the lowest (`sort_values`)."),
      wrong=lambda: _tips().groupby("day")["tip"].mean(),
      track="analyst")
def check_rate_by_day(answer):
    tips = _tips()
    expected = ((tips["tip"] / tips["total_bill"]) * 100).groupby(tips["day"]).mean().sort_values(ascending=False)
    expect_close(answer, expected, tol=0.01, label=T("table"))
    expect_items(list(answer.index), list(expected.index), label=T("ranking of days"), ordered=True)
