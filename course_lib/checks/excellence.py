"""Checks for lesson 01, why service excellence (卓越服务：质量 → 体验 → 满意 → 忠诚).

Data answers are recomputed from the shipped data with :mod:`course_lib.nps`;
the concept answers come from :data:`course_lib.nps.LOYALTY_CHAIN` and
:data:`REMEDIES` (the seeds' challenges and remedies). The manager tasks (``lift_step``,
``chain_order``, ``remedy``) are answered from what the exercise shows, without pandas.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from course_lib import data, nps
from course_lib.checks import expect, expect_choice, expect_close, expect_equal, expect_items, expect_type, task
from ._core import CheckFailed, _choice_matches
from ..lang import T

#: Seed 000's challenges and the remedy the course teaches for each: the hashed letter of the
#: exercise's option (:func:`course_lib.checks.choice_key`), so that no answer is readable here.
REMEDIES = {"diverse customer needs": "sha256:excellence.remedy:4138880559f8385a818a3a4c"}
#: Why each other choice of the remedy question is not the best one, by hashed letter.
REMEDY_WHY_NOT = {
    "sha256:excellence.remedy:1b10c7d86ae06b0e22a7a833":
        T("a dress code makes every branch look the same, but the three groups want different things."),
    "sha256:excellence.remedy:91961ea12374f64c5bc48c57":
        T("longer hours help only the group that cannot come during the day, and the bank does not yet know "
          "which group that is or what the others want."),
    "sha256:excellence.remedy:28e2efd0fbb185a63afb6459":
        T("advertising tells customers about the branches; it does not find out what each group needs from "
          "them."),
}
DRIVERS = ["product_quality", "service_quality", "experience", "satisfaction"]


@lru_cache(maxsize=None)
def _loyalty() -> pd.DataFrame:
    return data.load("loyalty_survey")


def _return_by_satisfaction() -> pd.DataFrame:
    """Return rate (``mean``) and customers (``n``) per satisfaction level: the chart and table of the exercise."""
    return nps.outcome_by_level(_loyalty(), "satisfaction", "returned")


def _step_gains() -> pd.Series:
    """Rise of the return rate when a customer moves from each level to the next one, in points."""
    rates = _return_by_satisfaction()["mean"]
    return (100 * (rates.shift(-1) - rates)).dropna()


@task("excellence.lift_step",
      title=T("Which step of satisfaction buys the most loyalty?"),
      hint=T("On the chart, compare the rise of the line from each level to the next: the steepest step is the "
             "one where a customer lifted by one level becomes most likely to come back. Answer the level the "
             "step starts from (a whole number)."),
      wrong=lambda: int(_step_gains().index.max()),
      track="manager")
def check_lift_step(answer):
    gains = _step_gains()
    expect_type(answer, int, T("a whole number, the level the step starts from"))
    expect(answer in gains.index,
           T("answer a level from {first} to {last}: the step goes from that level to the next.",
             first=int(gains.index.min()), last=int(gains.index.max())))
    best = int(gains.idxmax())
    if answer > best:
        expect(False, T("from {level} to {next} the return rate rises by {gain:.0f} points; lower on the scale, "
                        "one step raises it by {best_gain:.0f} points. Delighting customers who are already satisfied is not "
                        "where one step buys the most loyalty here.", level=answer, next=answer + 1,
                        gain=float(gains[answer]), best_gain=float(gains.max())))
    expect(answer == best,
           T("from {level} to {next} the return rate rises by {gain:.0f} points; higher on the scale, one "
             "step raises it by {best_gain:.0f} points.", level=answer, next=answer + 1, gain=float(gains[answer]),
             best_gain=float(gains.max())))


def _return_gap() -> float:
    rates = nps.outcome_by_level(_loyalty(), "satisfaction", "returned")
    n, mean = rates["n"], rates["mean"]
    high = (mean * n)[rates.index >= 6].sum() / n[rates.index >= 6].sum()
    low = (mean * n)[rates.index <= 4].sum() / n[rates.index <= 4].sum()
    return float(high - low)


@task("excellence.return_gap",
      title=T("Return rate: satisfied minus dissatisfied"),
      hint=T("Return rate (mean of 'returned') of customers with satisfaction 6–7 minus that "
             "of customers with 1–4, all industries together; answer a fraction such as 0.25."),
      wrong=lambda: _return_gap() * 100,
      track="analyst")
def check_return_gap(answer):
    expect_close(answer, _return_gap(), tol=1e-3, label=T("difference in return rate"))


@task("excellence.strongest_link",
      title=T("Which rating moves with recommendation most?"),
      hint=T("Correlate each of the four ratings with 'recommend' (pandas corrwith gives one "
             "correlation per column) and answer the name of the rating with the largest "
             "correlation, as a string."),
      wrong=lambda: "product_quality",
      track="analyst")
def check_strongest_link(answer):
    expect_type(answer, str, T("a column name in quotes"))
    expect(answer in DRIVERS, T("answer one of {DRIVERS}.", DRIVERS=DRIVERS))
    df = _loyalty()
    expected = df[DRIVERS].corrwith(df["recommend"]).idxmax()
    expect_equal(answer, expected, label=T("rating"))


@task("excellence.industry_nps",
      title=T("NPS per industry"),
      hint=T("NPS = % promoters (9–10) minus % detractors (0–6) of the 'recommend' score, "
             "computed for each industry separately (nps.nps_by groups a survey by a column); "
             "answer a Series indexed by industry."),
      wrong=lambda: 100 * nps.nps_by(_loyalty(), "industry", score="recommend")["promoters"],
      track="analyst")
def check_industry_nps(answer):
    expected = nps.nps_by(_loyalty(), "industry", score="recommend")["nps"]
    expect_close(answer, expected, tol=0.05, label=T("NPS per industry"))


@task("excellence.chain_order",
      title=T("The four components in order"),
      hint=T("Start with what the firm delivers and end with what the customer does: quality "
             "of the service, how it is lived, how it is judged, whether the customer stays "
             "and recommends. Use the four names given in the exercise."),
      wrong=lambda: ["satisfaction", "service_quality", "experience", "loyalty"],
      track="manager")
def check_chain_order(answer):
    if isinstance(answer, tuple):
        answer = list(answer)
    expect_type(answer, list, T("a list of four names"))
    expect(sorted(answer) == sorted(nps.LOYALTY_CHAIN),
           T("use exactly these four names: {sorted}.", sorted=sorted(nps.LOYALTY_CHAIN)))
    expect_items(answer, list(nps.LOYALTY_CHAIN), label=T("chain of the four components"), ordered=True)


@task("excellence.remedy",
      title=T("A remedy for diverse customer needs"),
      hint=T("Diverse needs are a knowledge problem: the remedy is to learn what each group wants."),
      wrong=lambda: "a",
      track="manager")
def check_remedy(answer):
    if isinstance(answer, str):
        why = next((reason for key, reason in REMEDY_WHY_NOT.items() if _choice_matches(answer, key)), None)
        if why is not None:
            raise CheckFailed(T("({letter}) is not the best answer: {why}", letter=answer.strip().lower(), why=why))
    expect_choice(answer, REMEDIES["diverse customer needs"], "abcd")


@task("excellence.rating_spread",
      title=T("How much do the ratings vary?"),
      hint=T("The spread of a rating is its standard deviation (pandas std, with ddof=1): one "
             "number per rating column, as a Series indexed by column name."),
      wrong=lambda: _loyalty()[DRIVERS].var(),
      track="analyst")
def check_rating_spread(answer):
    expect_close(answer, _loyalty()[DRIVERS].std(), tol=1e-4, label=T("standard deviations"))
