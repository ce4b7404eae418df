"""Checks for the warm-up exercise (solutions/00_warmup.ipynb) on the real restaurant tips data."""

from __future__ import annotations

import pandas as pd

from .. import data
from ._core import expect_close, expect_equal, expect_type, task
from ..lang import T


def _tips() -> pd.DataFrame:
    return data.load("tips")


@task("warmup.n_parties",
      title=T("Count the parties served"),
      hint=T("Each row of `tips` is one party's bill: `len(tips)` counts the rows."),
      wrong=lambda: len(_tips().columns))
def _(answer):
    expect_type(answer, int, T("a whole number"))
    expect_close(answer, len(_tips()), tol=0, label=T("count"))


@task("warmup.tip_rate",
      title=T("Average tip rate, in percent"),
      hint=T("Divide `tips['tip']` by `tips['total_bill']` row by row, take the `.mean()`, "
             "then multiply by 100."),
      wrong=lambda: float(_tips()["tip"].sum() / _tips()["total_bill"].sum()))
def _(answer):
    tips = _tips()
    expected = float((tips["tip"] / tips["total_bill"]).mean() * 100)
    expect_close(answer, expected, tol=0.01, label=T("tip rate"))


@task("warmup.rate_by_day",
      title=T("Tip rate by day, highest first"),
      hint=T("Add a `rate` column, then `tips.groupby('day')['rate'].mean()` and "
             "`.sort_values(ascending=False)`; keep the rate in percent."),
      wrong=lambda: _tips().groupby("day")["tip"].mean())
def _(answer):
    tips = _tips()
    expected = ((tips["tip"] / tips["total_bill"]) * 100).groupby(tips["day"]).mean().sort_values(ascending=False)
    expect_close(answer, expected, tol=0.01, label=T("table"))
    expect_equal(list(answer.index), list(expected.index), label=T("order of days"))
