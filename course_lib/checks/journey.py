"""Checks for lesson 02, moments of truth and customer journeys (关键时刻与顾客旅程).

Every expected value is recomputed from the shipped data with :mod:`course_lib.journey`. The
manager tasks (``track="manager"``) are decisions read from the journey map and the impact table
the exercise shows; the analyst tasks need pandas.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from course_lib import data, journey
from course_lib.checks import (expect, expect_choice, expect_close, expect_fraction, expect_items, expect_list,
                               expect_type, normalise_choice, normalise_choices, task)
from ..lang import T

#: The illustrative chain of the Carlzon task (numbers chosen for the exercise, not a real firm's).
CHAIN = {"customers": 30_000_000, "contacts_per_customer": 8, "seconds_per_contact": 20}


@lru_cache(maxsize=None)
def _hotpot() -> pd.DataFrame:
    return data.load("journey_hotpot")


@lru_cache(maxsize=None)
def _mots(method: str) -> pd.DataFrame:
    return journey.identify_mots(_hotpot(), method=method)


#: What a touchpoint answer names, in the feedback.
TOUCHPOINT_CHOICES = T("touchpoints of the journey")


def touchpoint_labels(df: pd.DataFrame) -> dict:
    """The touchpoints of a journey table and their labels (:data:`course_lib.journey.LABELS`), in
    the order they first appear: what :func:`~course_lib.checks.normalise_choice` accepts."""
    names = dict.fromkeys(df["touchpoint"].astype(str))
    return {name: journey.LABELS.get(name, name) for name in names}


#: The three stages of the manager task "which stage gets the budget": each holds one of the starred
#: moments of truth of the journey map.
BUDGET_STAGES = ("queueing", "cooking", "bill")


def _label(name: str):
    """The label of a touchpoint or stage (a :class:`T`), for the feedback."""
    return journey.LABELS.get(name, name)


# --------------------------------------------------------------------------- manager: fix first
@task("journey.fix_first",
      title=T("Which moment of truth do you fix first?"),
      hint=T("The stars on the journey map mark the three moments of truth by impact, and the table "
             "ranks them. Fix first the moment where customers are let down most on something that "
             "matters to them: the largest impact, not the strongest driver."),
      wrong=lambda: "cooking_at_table",
      track="manager")
def check_mot_fix_first(answer):
    expect_type(answer, str, T("a touchpoint name in quotes"))
    name = normalise_choice(answer, touchpoint_labels(_hotpot()), what=TOUCHPOINT_CHOICES)
    table = _mots("impact").set_index("touchpoint")
    best = table.index[0]
    if name == best:
        return
    row = table.loc[name]
    expect(row["impact"] > 0,
           T("{touchpoint} has an impact of {impact:.2f}: on average customers are not let down there. "
             "It is a strength to protect, not the moment to fix.",
             touchpoint=_label(name), impact=float(row["impact"])))
    expect(bool(row["mot"]),
           T("{touchpoint} ranks {rank} by impact ({impact:.2f}): it is not one of the starred moments "
             "of truth.", touchpoint=_label(name), rank=int(row["rank"]), impact=float(row["impact"])))
    expect(False, T("{touchpoint} is a moment of truth, but it ranks {rank} by impact ({impact:.2f}); "
                    "another starred moment lets customers down more ({best_impact:.2f}).",
                    touchpoint=_label(name), rank=int(row["rank"]), impact=float(row["impact"]),
                    best_impact=float(table.loc[best, "impact"])))


# --------------------------------------------------------------------------- manager: the budget
def _stage_impact() -> pd.Series:
    """Each stage's largest touchpoint impact: the impact of its worst moment."""
    return _mots("impact").groupby("stage")["impact"].max()


def _stage_emotion() -> pd.Series:
    """Each stage's lowest mean emotion: where the emotion curve of the journey map dips."""
    return journey.cycle_of_service(_hotpot(), value="emotion").groupby("stage")["mean_emotion"].min()


@task("journey.stage_budget",
      title=T("Which stage gets the budget first? Rank three stages by impact"),
      hint=T("In the impact table, find the moment of truth of each of the three stages and rank the stages "
             "by its impact, largest first. The emotion curve shows how customers feel, not how far they are "
             "let down on what matters to them."),
      wrong=lambda: _stage_emotion().loc[list(BUDGET_STAGES)].sort_values().index.tolist(),
      track="manager")
def check_stage_budget(answer):
    got = expect_list(answer, T("a list of three stages"), ordered=True)
    keys = normalise_choices(got, {s: _label(s) for s in BUDGET_STAGES}, what=T("stages on the list"))
    expect(len(keys) == 3 and set(keys) == set(BUDGET_STAGES),
           T("rank each of the three stages once: {stages}.", stages=", ".join(BUDGET_STAGES)))
    impact = _stage_impact().loc[list(BUDGET_STAGES)]
    expected = impact.sort_values(ascending=False).index.tolist()
    by_emotion = _stage_emotion().loc[list(BUDGET_STAGES)].sort_values().index.tolist()
    expect(keys == expected or keys != by_emotion,
           T("that is the order of the emotion curve (where customers feel worst), not of impact. Impact weighs "
             "the shortfall by how much the touchpoint matters: {first} {first_impact:.2f}, {second} "
             "{second_impact:.2f}, {third} {third_impact:.2f}.",
             first=_label(expected[0]), first_impact=float(impact[expected[0]]),
             second=_label(expected[1]), second_impact=float(impact[expected[1]]),
             third=_label(expected[2]), third_impact=float(impact[expected[2]])))
    expect_items(keys, expected, label=T("ranking of stages by impact"), ordered=True, shown=got)


# --------------------------------------------------------------------------- analyst tasks
@task("journey.carlzon_per_day",
      title=T("Moments of truth per day"),
      hint=T("customers × contacts per customer gives the moments per year; divide by 365 "
             "(journey.carlzon_moments shows the whole chain of the calculation)."),
      wrong=lambda: journey.carlzon_moments(**CHAIN).moments_per_year)
def check_carlzon_per_day(answer):
    m = journey.carlzon_moments(**CHAIN)
    if isinstance(answer, (int, float)):
        expect(abs(answer - m.moments_per_year) > 1e-3 * m.moments_per_year,
               T("that is the number per year; the task asks per day."))
    expect_close(answer, m.moments_per_day, tol=1.0, rel=1e-3, label=T("number of moments per day"))


@task("journey.shortfall",
      title=T("Mean shortfall per touchpoint"),
      hint=T("shortfall = expectation − experience (positive when the touchpoint fell short). "
             "Compute it for every row, then average it per touchpoint (pandas groupby)."),
      wrong=lambda: (_hotpot()["experience"] - _hotpot()["expectation"]).groupby(_hotpot()["touchpoint"]).mean())
def check_shortfall(answer):
    expected = _mots("impact").set_index("touchpoint")["shortfall"]
    if isinstance(answer, pd.Series) and set(answer.index) == set(expected.index):
        flipped = (answer.loc[expected.index].astype(float) + expected).abs().max() < 1e-6
        expect(not flipped, T("the signs are reversed: shortfall is expectation minus experience."))
    expect_close(answer, expected, tol=1e-6, label=T("shortfall table"))


@task("journey.impact_top3",
      title=T("The three moments of truth by impact"),
      hint=T("impact = importance × (expectation − experience) per row; average it per "
             "touchpoint, sort from largest to smallest and take the first three names "
             "(journey.identify_mots(df) shows the ranking)."),
      wrong=lambda: _hotpot().groupby("touchpoint")["importance"].mean().nlargest(3).index.tolist())
def check_impact_top3(answer):
    answer = expect_list(answer, T("a list of touchpoint names"), ordered=True)
    names = normalise_choices(answer, touchpoint_labels(_hotpot()), what=TOUCHPOINT_CHOICES)
    expected = _mots("impact")["touchpoint"].head(3).tolist()
    expect(len(answer) == 3, T("give exactly three touchpoints, not {n_answer}.", n_answer=len(answer)))
    expect_items(names, expected, label=T("ranking of touchpoints by impact"), ordered=True, shown=answer)


@task("journey.share_hurt_bill",
      title=T("Share of customers let down at the bill"),
      hint=T("Keep the rows of the 'bill' touchpoint and take the mean of (experience < "
             "expectation): a share between 0 and 1."),
      wrong=lambda: float((_hotpot().query("touchpoint == 'bill'").eval("experience <= expectation")).mean()))
def check_share_hurt_bill(answer):
    expected = float(_mots("impact").set_index("touchpoint").loc["bill", "share_hurt"])
    expect_fraction(answer, label=T("share"))
    expect_close(answer, expected, tol=1e-3, label=T("share"))


@task("journey.top_driver",
      title=T("The strongest driver of overall satisfaction"),
      hint=T("Driver analysis ranks the touchpoints by the correlation between the touchpoint's "
             "experience and the customer's overall satisfaction; journey.identify_mots offers "
             "this ranking as one of its methods. Answer the name of the top touchpoint."),
      wrong=lambda: _mots("impact")["touchpoint"].iloc[0])
def check_top_driver(answer):
    expect_type(answer, str, T("a touchpoint name in quotes"))
    name = normalise_choice(answer, touchpoint_labels(_hotpot()), what=TOUCHPOINT_CHOICES)
    expected = _mots("correlation")["touchpoint"].iloc[0]
    expect(name == expected, T("{answer!r} is not the touchpoint with the highest correlation.",
                               answer=answer))


@task("journey.incident_group1",
      title=T("Dissatisfying incidents that follow a system failure"),
      hint=T("Keep the dissatisfactory incidents and take the share whose group is 1 (a "
             "fraction between 0 and 1); journey.incident_summary tabulates such shares."),
      wrong=lambda: float(journey.incident_summary(data.load("journey_incidents")).shares.loc[1, "satisfactory"]))
def check_incident_group1(answer):
    expected = float(journey.incident_summary(data.load("journey_incidents")).shares.loc[1, "dissatisfactory"])
    expect_close(answer, expected, tol=1e-3, label=T("share"))


@task("journey.interpretation",
      title=T("Impact versus driver analysis"),
      hint=T("The two rankings answer different questions: where customers are let down on "
             "what matters to them, and which experiences move together with the overall "
             "judgement. Does a correlation prove cause?"),
      wrong=lambda: "a",
      track="manager")
def check_journey_interpretation(answer):
    expect_choice(answer, "sha256:journey.interpretation:58270753e5c438a243bec4d2", "abcd")
