"""Checks for the warm-up exercise (solutions/00_warmup.ipynb) on the real restaurant tips data."""

from __future__ import annotations

import pandas as pd

from .. import data
from ._core import expect_close, expect_items, expect_type, task
from ..lang import T


def _tips() -> pd.DataFrame:
    return data.load("tips")


@task("warmup.n_parties",
      title=T("Count the parties served"),
      hint=T("Each row of `tips` is one party's bill, so the answer is the number of rows of the "
             "table (Python's `len` works on a DataFrame)."),
      wrong=lambda: len(_tips().columns))
def check_n_parties(answer):
    expect_type(answer, int, T("a whole number"))
    expect_close(answer, len(_tips()), tol=0, label=T("count"))


@task("warmup.tip_rate",
      title=T("Average tip rate, in percent"),
      hint=T("A bill's tip rate is its tip divided by its total bill. Average the rates of the "
             "bills (not total tips ÷ total bills) and give the result in percent."),
      wrong=lambda: float(_tips()["tip"].sum() / _tips()["total_bill"].sum()))
def check_tip_rate(answer):
    tips = _tips()
    expected = float((tips["tip"] / tips["total_bill"]).mean() * 100)
    expect_close(answer, expected, tol=0.01, label=T("tip rate"))


@task("warmup.rate_by_day",
      title=T("Tip rate by day, highest first"),
      hint=T("Compute each bill's tip rate in percent, average it per day (pandas `groupby`), and "
             "sort the result from the highest rate to the lowest (`sort_values`)."),
      wrong=lambda: _tips().groupby("day")["tip"].mean())
def check_rate_by_day(answer):
    tips = _tips()
    expected = ((tips["tip"] / tips["total_bill"]) * 100).groupby(tips["day"]).mean().sort_values(ascending=False)
    expect_close(answer, expected, tol=0.01, label=T("table"))
    expect_items(list(answer.index), list(expected.index), label=T("ranking of days"), ordered=True)
