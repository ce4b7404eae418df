"""Checks for lesson 07, listening: NPS, feedback and recovery (净推荐值、反馈与服务补救).

Every expected value is recomputed from the shipped data with :mod:`course_lib.nps`
and :mod:`course_lib.feedback`.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from course_lib import data, feedback, nps
from course_lib.checks import (expect, expect_choice, expect_close, expect_fraction, expect_items, expect_list,
                               expect_type, normalise_choices, task)
from ..lang import T

#: The store and the two months the exercise asks about.
STORE = "S08"
MONTHS = ("2024-04", "2024-05")
PROMISE_HOURS = 24
MARGIN = 5


@lru_cache(maxsize=None)
def _load(name: str) -> pd.DataFrame:
    return data.load(name)


def _retail() -> pd.DataFrame:
    return _load("nps_retailer")


def _month(month: str) -> pd.Series:
    df = _retail()
    return df.loc[df["month"] == month, "score"]


@task("nps.latest_month",
      title=T("NPS in December"),
      hint=T("Keep the rows of month '2024-12'; NPS = % promoters (9–10) minus % detractors "
             "(0–6), on the −100…100 scale (nps.nps computes it from a column of scores)."),
      wrong=lambda: 100 * nps.nps(_month("2024-12")).promoters)
def check_latest_month(answer):
    expect_close(answer, nps.nps(_month("2024-12")).score, tol=0.05, label=T("NPS"))


@task("nps.store_interval",
      title=T("Adjusted Wald interval for store {STORE}", STORE=STORE),
      hint=T("Keep the rows of store {STORE} in nps_hotpot. The adjusted Wald interval adds a "
             "few pseudo-answers before it computes the margin of error; nps.nps has a method "
             "argument for it and reports the interval. Answer the pair (low, high).",
             STORE=STORE),
      wrong=lambda: nps.nps(_load("nps_hotpot").query("store == @STORE")["score"]).interval)
def check_store_interval(answer):
    expect_type(answer, (tuple, list, pd.Series), T("a pair (low, high)"))
    expect(len(answer) == 2, T("give two numbers: (low, high)."))
    hotpot = _load("nps_hotpot")
    r = nps.nps(hotpot.loc[hotpot["store"] == STORE, "score"], method="adjusted_wald")
    expect_close(list(answer), list(r.interval), tol=0.05, label=T("interval"))


@task("nps.change_p_value",
      title=T("Is April → May real? (p-value)"),
      hint=T("Test whether May's NPS differs from April's (nps.compare_nps compares two sets of "
             "scores) and answer the p-value of the test. A p-value above 0.05 means the "
             "change could be noise."),
      wrong=lambda: 0.05)
def check_change_p_value(answer):
    c = nps.compare_nps(_month(MONTHS[1]), _month(MONTHS[0]))
    expect_close(answer, c.p_value, tol=1e-3, label=T("p-value"))


@task("nps.sample_size",
      title=T("Answers needed for ± 5 points"),
      hint=T("The answers needed for a margin of ± 5 points depend on how scores are spread: "
             "take the shares of promoters and detractors of the whole year (nps.nps) and give "
             "them to nps.sample_size."),
      wrong=lambda: nps.sample_size(MARGIN))
def check_nps_sample_size(answer):
    r = nps.nps(_retail()["score"])
    expected = nps.sample_size(MARGIN, promoters=r.promoters, detractors=r.detractors)
    expect_close(answer, expected, tol=1, label=T("sample size"))


@task("nps.vital_few",
      title=T("The vital few complaint categories"),
      hint=T("Pareto analysis: `feedback.pareto(log)` sorts the categories from most to "
             "fewest complaints and marks the ones needed to reach 80% of complaints (column "
             "vital_few); answer their names as a list."),
      wrong=lambda: feedback.pareto(_load("complaint_log")).index[:2].tolist())
def check_vital_few(answer):
    answer = expect_list(answer, T("a list of category names"))
    categories = normalise_choices(answer, feedback.COMPLAINT_LABELS, what=T("complaint categories"))
    table = feedback.pareto(_load("complaint_log"))
    expected = table.index[table["vital_few"]].tolist()
    expect_items(categories, expected, label=T("list of categories"), shown=answer)


@task("nps.within_promise",
      title=T("Complaints resolved within 24 hours"),
      hint=T("Count a complaint as kept only if it was closed within 24 hours of opening; "
             "still-open complaints count as not kept (see feedback.within_promise)."),
      wrong=lambda: float((feedback.resolution_hours(_load("complaint_log")).dropna() <= PROMISE_HOURS).mean()))
def check_within_promise(answer):
    expected = feedback.within_promise(_load("complaint_log"), PROMISE_HOURS).loc["all", "within_promise"]
    expect_fraction(answer, label=T("share"))
    expect_close(answer, expected, tol=1e-3, label=T("share"))


@task("nps.recovery_gap",
      title=T("Recovered minus no-failure satisfaction"),
      hint=T("Mean satisfaction of group 'recovered' minus mean of group 'no_failure' in "
             "recovery_survey (feedback.recovery_paradox tests this difference)."),
      wrong=lambda: feedback.recovery_paradox(_load("recovery_survey")).mean_no_failure
      - feedback.recovery_paradox(_load("recovery_survey")).mean_recovered)
def check_recovery_gap(answer):
    expect_close(answer, feedback.recovery_paradox(_load("recovery_survey")).difference, tol=1e-3,
                 label=T("difference"))


def _paradox_letter() -> str:
    survey = _load("recovery_survey")
    sat = feedback.recovery_paradox(survey, "satisfaction").paradox
    back = feedback.recovery_paradox(survey, "return_intention").paradox
    return {(True, True): "a", (True, False): "b", (False, False): "c", (False, True): "d"}[(sat, back)]


@task("nps.paradox_reading",
      title=T("What does the recovery survey show?"),
      hint=T("Run feedback.recovery_paradox(survey, outcome) for 'satisfaction' and for "
             "'return_intention' and read .paradox (significantly higher than no failure?)."),
      wrong=lambda: "a")
def check_paradox_reading(answer):
    expect_choice(answer, _paradox_letter(), "abcd")
