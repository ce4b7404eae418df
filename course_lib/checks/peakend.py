"""Checks for lesson 05, peak-end experience design (峰终体验设计).

Every expected value is recomputed with :mod:`course_lib.journey` from the task's
profile or the shipped data. Three decision tasks for managers (which moment to raise, how long a
wait to plan for, what the evidence supports) and six analyst tasks; each task's ``track`` says which.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from course_lib import data, journey
from course_lib.checks import (CheckFailed, expect, expect_choice, expect_close, expect_fraction, normalise_choice,
                               task)
from course_lib.journey.waits import wait_bands
from .journey import TOUCHPOINT_CHOICES, touchpoint_labels
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
      wrong=lambda: float(np.mean(PROFILE)),
      track="analyst")
def check_by_hand(answer):
    if isinstance(answer, (int, float)):
        expect(abs(answer - float(np.mean(PROFILE))) > 1e-9,
               T("that is the average of all six moments, not the peak-end score."))
    expect_close(answer, journey.peak_end_score(PROFILE), tol=1e-6, label=T("score"))


@task("peakend.end_window",
      title=T("Peak-end with an end window of three moments"),
      hint=T("The end is now the mean of the last three moments; the peak does not change."),
      wrong=lambda: journey.peak_end_score(PROFILE),
      track="analyst")
def check_end_window(answer):
    expect_close(answer, journey.peak_end_score(PROFILE, end_window=3), tol=1e-3, label=T("score"))


@task("peakend.tie",
      title=T("When a high and a low are equally intense"),
      hint=T("+4 and −4 are equally intense; the rule used in this course gives the peak to "
             "the negative moment (bad is stronger than good)."),
      wrong=lambda: (max(TIE_PROFILE) + TIE_PROFILE[-1]) / 2,
      track="analyst")
def check_tie(answer):
    if isinstance(answer, (int, float)):
        expect(abs(answer - (max(TIE_PROFILE) + TIE_PROFILE[-1]) / 2) > 1e-9,
               T("you took +4 as the peak; in a tie the negative moment is the peak."))
    expect_close(answer, journey.peak_end_score(TIE_PROFILE), tol=1e-6, label=T("score"))


@task("peakend.coldwater_share",
      title=T("Who chose to repeat the longer trial?"),
      hint=T("One choice per participant: group by participant, take the first repeat_choice, "
             "and the share equal to 'long' (a fraction between 0 and 1)."),
      wrong=lambda: float((data.load("journey_coldwater")["repeat_choice"] == "long").sum()),
      track="analyst")
def check_coldwater_share(answer):
    expect_fraction(answer, label=T("share"))
    expect_close(answer, _coldwater_share(), tol=1e-3, label=T("share"))


@task("peakend.memory_vs_overall",
      title=T("Remembered score and overall satisfaction"),
      hint=T("journey.remembered_scores(bank) gives one row per customer with 'remembered' "
             "and 'overall'; take the Pearson correlation of those two columns."),
      wrong=lambda: float(_bank_scores()["mean"].corr(_bank_scores()["overall"])),
      track="analyst")
def check_memory_vs_overall(answer):
    scores = _bank_scores()
    expect_close(answer, float(scores["remembered"].corr(scores["overall"])), tol=1e-3, label=T("correlation"))


@task("peakend.redesign_ending",
      title=T("Redesign the ending of the bank visit"),
      hint=T("Keep every moment of the bank profile except the last; change the last "
             "(end_value=…) or add at most two moments after it (extend_end=[…]), on the "
             "−5…+5 scale, until the peak-end score rises by at least 1 point "
             "(journey.redesign reports the change)."),
      wrong=lambda: journey.redesign(bank_profile(), add_peak=(0, 3)),
      track="analyst")
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
      wrong=lambda: "a",
      track="manager")
def check_peakend_interpretation(answer):
    expect_choice(answer, "sha256:peakend.interpretation:5bd0fde0263a24fa1b915a61", "abcd")


# --------------------------------------------------------------------------- manager track
#: How many points the branch can add to one touchpoint (task "which moment").
RAISE_BY = 2.0
#: Beyond this share of customers for whom the wait is the most intense moment, the wait dominates memory.
PEAK_SHARE = 0.5


def _bank_touchpoints() -> list[str]:
    cyc = journey.cycle_of_service(data.load("journey_bank"), value="emotion")
    return cyc["touchpoint"].astype(str).tolist()


def raised_scores() -> pd.Series:
    """The bank visit's remembered score if one touchpoint's mean emotion rose by ``RAISE_BY`` (at most +5)."""
    profile = list(bank_profile())
    out = {}
    for i, name in enumerate(_bank_touchpoints()):
        new = profile.copy()
        new[i] = min(5.0, new[i] + RAISE_BY)
        out[name] = journey.peak_end_score(new)
    return pd.Series(out, name="remembered_after")


@task("peakend.raise_one",
      title=T("Which moment of the bank visit gets the budget?"),
      hint=T("The remembered score is (peak + end) / 2: it moves only if the change alters the most intense "
             "moment or the last one. For each touchpoint, ask: raised by 2 points, does it become the new peak, "
             "or is it the end?"),
      wrong=lambda: "waiting",
      track="manager")
def check_raise_one(answer):
    bank = data.load("journey_bank")
    got = normalise_choice(answer, touchpoint_labels(bank), what=TOUCHPOINT_CHOICES)
    scores = raised_scores()
    before = journey.peak_end_score(list(bank_profile()))
    best = scores.max()
    if np.isclose(scores[got], best):
        return
    label = str(answer).strip()   # the trainee's own spelling (key or label)
    if np.isclose(scores[got], before):
        expect(False, T("raising {label} by 2 points leaves the remembered score at {before:.2f}: it is neither "
                        "the most intense moment nor the end of the visit, so memory does not change. Another "
                        "touchpoint takes the score to {best:.2f}.", label=label, before=before, best=best))
    expect(False, T("raising {label} by 2 points takes the remembered score from {before:.2f} to {after:.2f}; "
                    "another touchpoint takes it to {best:.2f}.",
                    label=label, before=before, after=scores[got], best=best))


def _wait_table() -> pd.DataFrame:
    return wait_bands(data.load("journey_bank"))


def max_wait() -> float:
    """The upper edge of the last band, from the shortest waits up, in which the wait is the peak of the visit
    for fewer than ``PEAK_SHARE`` of the customers."""
    table = _wait_table()
    below = (table["share_wait_is_peak"] < PEAK_SHARE).to_numpy()
    n = len(below) if below.all() else int(np.argmin(below))
    expect(n > 0, T("no band of waits stays below the threshold."))
    return float(table["up_to_min"].iloc[n - 1])


@task("peakend.max_wait",
      title=T("How long a wait does the branch plan for?"),
      hint=T("Read the table from the shortest waits down: find the first band in which the wait becomes the "
             "most intense moment of the visit for half of the customers or more, and see what happens to "
             "overall satisfaction there. Plan for the upper edge of the band just before it."),
      wrong=lambda: 60,
      track="manager")
def check_max_wait(answer):
    expect(isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool),
           T("give a number of minutes, such as 15."))
    table = _wait_table()
    expected = max_wait()
    answer = float(answer)
    expect(answer in set(table["up_to_min"]),
           T("give one of the band edges of the table ({edges}).",
             edges=", ".join(f"{v:g}" for v in table["up_to_min"])))
    if answer > expected:
        nxt = table.loc[table["up_to_min"] > expected].iloc[0]
        expect(False, T("beyond {expected:g} minutes the wait is the most intense moment for {share:.0%} of the "
                        "customers and their overall satisfaction falls to {overall:.2f}: a wait of {answer:g} "
                        "minutes is what they would remember.", expected=expected, share=nxt["share_wait_is_peak"],
                        overall=nxt["mean_overall"], answer=answer))
    if answer < expected:
        at = table.loc[table["up_to_min"] == expected].iloc[0]
        expect(False, T("up to {expected:g} minutes the wait is the peak for only {share:.0%} of the customers and "
                        "overall satisfaction is about the same as for shorter waits ({overall:.2f}): a target of "
                        "{answer:g} minutes costs staff and changes little in what most customers remember.", expected=expected,
                        share=at["share_wait_is_peak"], overall=at["mean_overall"], answer=answer))
