"""Checks for lesson 05, peak-end experience design (峰终体验设计).

Every expected value is recomputed with :mod:`course_lib.journey` from the task's
profile or the shipped data.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from course_lib import data, journey
from course_lib.checks import CheckFailed, expect, expect_choice, expect_close, expect_fraction, task
from ..lang import T

#: The emotion profile of the by-hand tasks (one visit, moment by moment, −5…+5).
PROFILE = [1, 3, -2, -4, 0, 2]
#: A profile whose most intense moments tie in size.
TIE_PROFILE = [4, -1, -4, 2]


@lru_cache(maxsize=None)
def bank_profile() -> tuple:
    """The bank visit's mean emotion per touchpoint, in journey order, rounded to 0.1."""
    cyc = journey.cycle_of_service(data.load("journey_bank"), value="emotion")
    return tuple(cyc["mean_emotion"].round(1).tolist())


@lru_cache(maxsize=None)
def _bank_scores() -> pd.DataFrame:
    return journey.remembered_scores(data.load("journey_bank"))


def _coldwater_share() -> float:
    cw = data.load("journey_coldwater")
    return float((cw.groupby("participant")["repeat_choice"].first() == "long").mean())


@task("peakend.by_hand",
      title=T("A peak-end score by hand"),
      hint=T("Peak = the most intense moment (largest absolute value, keep its sign); end = "
             "the last moment; score = (peak + end) / 2."),
      wrong=lambda: float(np.mean(PROFILE)))
def check_by_hand(answer):
    if isinstance(answer, (int, float)):
        expect(abs(answer - float(np.mean(PROFILE))) > 1e-9,
               T("that is the average of all six moments, not the peak-end score."))
    expect_close(answer, journey.peak_end_score(PROFILE), tol=1e-6, label=T("score"))


@task("peakend.end_window",
      title=T("Peak-end with an end window of three moments"),
      hint=T("The end is now the mean of the last three moments; the peak does not change."),
      wrong=lambda: journey.peak_end_score(PROFILE))
def check_end_window(answer):
    expect_close(answer, journey.peak_end_score(PROFILE, end_window=3), tol=1e-3, label=T("score"))


@task("peakend.tie",
      title=T("When a high and a low are equally intense"),
      hint=T("+4 and −4 are equally intense; the rule used in this course gives the peak to "
             "the negative moment (bad is stronger than good)."),
      wrong=lambda: (max(TIE_PROFILE) + TIE_PROFILE[-1]) / 2)
def check_tie(answer):
    if isinstance(answer, (int, float)):
        expect(abs(answer - (max(TIE_PROFILE) + TIE_PROFILE[-1]) / 2) > 1e-9,
               T("you took +4 as the peak; in a tie the negative moment is the peak."))
    expect_close(answer, journey.peak_end_score(TIE_PROFILE), tol=1e-6, label=T("score"))


@task("peakend.coldwater_share",
      title=T("Who chose to repeat the longer trial?"),
      hint=T("One choice per participant: group by participant, take the first repeat_choice, "
             "and the share equal to 'long' (a fraction between 0 and 1)."),
      wrong=lambda: float((data.load("journey_coldwater")["repeat_choice"] == "long").sum()))
def check_coldwater_share(answer):
    expect_fraction(answer, label=T("share"))
    expect_close(answer, _coldwater_share(), tol=1e-3, label=T("share"))


@task("peakend.memory_vs_overall",
      title=T("Remembered score and overall satisfaction"),
      hint=T("journey.remembered_scores(bank) gives one row per customer with 'remembered' "
             "and 'overall'; take the Pearson correlation of those two columns."),
      wrong=lambda: float(_bank_scores()["mean"].corr(_bank_scores()["overall"])))
def check_memory_vs_overall(answer):
    scores = _bank_scores()
    expect_close(answer, float(scores["remembered"].corr(scores["overall"])), tol=1e-3, label=T("correlation"))


@task("peakend.redesign_ending",
      title=T("Redesign the ending of the bank visit"),
      hint=T("Keep every moment of the bank profile except the last; change the last "
             "(end_value=…) or add at most two moments after it (extend_end=[…]), on the "
             "−5…+5 scale, until the peak-end score rises by at least 1 point "
             "(journey.redesign reports the change)."),
      wrong=lambda: journey.redesign(bank_profile(), add_peak=(0, 3)))
def check_redesign_ending(answer):
    before = list(bank_profile())
    after = answer.profile_after if isinstance(answer, journey.Redesign) else answer
    if isinstance(after, (pd.Series, np.ndarray, tuple)):
        after = list(np.asarray(after, dtype=float))
    if not isinstance(after, list):
        raise CheckFailed(T("give the result of journey.redesign(...) or the new profile as a list."))
    after = [float(v) for v in after]
    n = len(before)
    expect(n <= len(after) <= n + 2, T("the new profile has {n_after} moments; keep the {n} moments and add at most two.",
                                       n_after=len(after), n=n))
    expect(np.allclose(after[: n - 1], before[: n - 1]),
           T("only the ending may change: the moments before the last one must stay as they were."))
    expect(all(-5 <= v <= 5 for v in after), T("keep every moment on the −5…+5 scale."))
    change = journey.peak_end_score(after) - journey.peak_end_score(before)
    expect(change >= 1 - 1e-9, T("the remembered score changes by {change:+.2f}; it must rise by at least 1.",
                                 change=change))


@task("peakend.interpretation",
      title=T("What the peak-end evidence supports"),
      hint=T("Recall the colonoscopy trial: a gentler ending improved the memory of the "
             "procedure. Does that make duration irrelevant, or the core service optional?"),
      wrong=lambda: "a")
def check_peakend_interpretation(answer):
    expect_choice(answer, "sha256:peakend.interpretation:5bd0fde0263a24fa1b915a61", "abcd")
