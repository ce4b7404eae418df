"""Checks for the warm-up exercise (solutions/00_warmup.ipynb) on the real restaurant tips data."""

from __future__ import annotations

import pandas as pd

from .. import data
from ._core import expect_close, expect_equal, expect_type, task


def _tips() -> pd.DataFrame:
    return data.load("tips")


@task("warmup.n_parties",
      title={"en": "Count the parties served", "zh": "统计接待的桌数"},
      hint={"en": "Each row of `tips` is one party's bill: `len(tips)` counts the rows.",
            "zh": "`tips` 的每一行是一桌客人的账单：`len(tips)` 统计行数。"},
      wrong=lambda: len(_tips().columns))
def _(answer):
    expect_type(answer, int, {"en": "a whole number", "zh": "一个整数"})
    expect_close(answer, len(_tips()), tol=0, label="count")


@task("warmup.tip_rate",
      title={"en": "Average tip rate, in percent", "zh": "平均小费率（百分比）"},
      hint={"en": "Divide `tips['tip']` by `tips['total_bill']` row by row, take the `.mean()`, "
                  "then multiply by 100.",
            "zh": "逐行用 `tips['tip']` 除以 `tips['total_bill']`，取 `.mean()`，再乘以 100。"},
      wrong=lambda: float(_tips()["tip"].sum() / _tips()["total_bill"].sum()))
def _(answer):
    tips = _tips()
    expected = float((tips["tip"] / tips["total_bill"]).mean() * 100)
    expect_close(answer, expected, tol=0.01, label="tip rate")


@task("warmup.rate_by_day",
      title={"en": "Tip rate by day, highest first", "zh": "按星期统计小费率（由高到低）"},
      hint={"en": "Add a `rate` column, then `tips.groupby('day')['rate'].mean()` and "
                  "`.sort_values(ascending=False)`; keep the rate in percent.",
            "zh": "先新增 `rate` 列，再用 `tips.groupby('day')['rate'].mean()`，"
                  "并 `.sort_values(ascending=False)`；小费率用百分比表示。"},
      wrong=lambda: _tips().groupby("day")["tip"].mean())
def _(answer):
    tips = _tips()
    expected = ((tips["tip"] / tips["total_bill"]) * 100).groupby(tips["day"]).mean().sort_values(ascending=False)
    expect_close(answer, expected, tol=0.01, label="table")
    expect_equal(list(answer.index), list(expected.index), label="order of days")
