"""Checks for lesson 09, the capstone: a service excellence plan for the illustrative retail bank
(solutions/09_capstone.ipynb).

Every expected value is recomputed from the shipped data with the concept modules
(:mod:`course_lib.journey`, :mod:`course_lib.servqual`, :mod:`course_lib.blueprint`,
:mod:`course_lib.standards`, :mod:`course_lib.nps`); the plan check looks for the
organisation's own findings in the trainee's words. Two decision tasks for managers (the top
priority from the importance-performance table, the complaint promise to make from the promise
table) and eight analyst tasks; each task's ``track`` says which.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import blueprint as B
from .. import cases as C
from .. import data, journey as J, nps as N, servqual as Q
from .. import standards as S
from ._core import (CheckFailed, expect, expect_close, expect_items, expect_list, expect_type, normalise_choice,
                    normalise_choices, task)
from .journey import TOUCHPOINT_CHOICES, touchpoint_labels
from .servqual import DIMENSION_CHOICES
from ..lang import T

CASE = C.get_case("bank")
#: The promise of task 5 (the notebook states it in words).
COMPLAINT_PROMISE = S.Standard("resolution_h", 24, 0.8, "h", "Complaint resolved within 24 hours", "24小时内解决投诉")
NPS_METHOD = "adjusted_wald"
NPS_MARGIN = 5


def _mots(method: str = "impact") -> list[str]:
    table = J.identify_mots(data.load(CASE.journey), method=method, top=3)
    return table.loc[table["mot"], "touchpoint"].tolist()


def _survey() -> pd.DataFrame:
    return data.load(CASE.servqual)


def _gaps() -> pd.Series:
    return Q.gap_scores(_survey()).dimensions["gap"]


def _ipa() -> pd.DataFrame:
    survey = _survey()
    importance = survey[list(Q.WEIGHT_COLUMNS.values())].mean().set_axis(list(Q.DIMENSIONS))
    return Q.ipa(importance, Q.gap_scores(survey).dimensions["P"], crosshair="mean").table


def _compare() -> pd.DataFrame:
    return B.compare(B.load_blueprint(CASE.blueprint), B.load_blueprint(CASE.blueprint_after))


def _complaints() -> pd.DataFrame:
    return S.compliance(data.load(CASE.service_log), COMPLAINT_PROMISE, by=CASE.unit)


def _bank_scores() -> pd.Series:
    survey = data.load(CASE.nps)
    return survey.loc[survey["industry"] == CASE.nps_filter, CASE.nps_score]


def _as_names(answer, what) -> list[str]:
    return [str(a).strip() for a in expect_list(answer, what, one_string=True)]


@task("capstone.moments_of_truth",
      title=T("The bank's three moments of truth"),
      hint=T("Rank the touchpoints by impact, importance × shortfall (expectation − "
             "experience), and keep the top three (journey.identify_mots has an impact method). "
             "A touchpoint that moves the overall score is not necessarily one where "
             "customers are let down."),
      wrong=lambda: _mots("correlation"),
      track="analyst")
def check_moments_of_truth(answer):
    names = _as_names(answer, T("a list of touchpoint names"))
    keys = normalise_choices(names, touchpoint_labels(data.load(CASE.journey)), what=TOUCHPOINT_CHOICES)
    expect(len(names) == 3, T("give exactly three touchpoints, not {n_names}.", n_names=len(names)))
    expect_items(keys, _mots(), label=T("list of moments of truth"), shown=names)


@task("capstone.dimension_gaps",
      title=T("SERVQUAL gap per dimension"),
      hint=T("Per respondent, the mean of the dimension's perception items minus the mean of "
             "its expectation items (P − E, so a shortfall is negative), then the mean over "
             "respondents: servqual.gap_scores computes the gaps at every level."),
      wrong=lambda: -_gaps(),
      track="analyst")
def check_dimension_gaps(answer):
    expected = _gaps()
    if isinstance(answer, pd.Series) and set(expected.index) <= set(answer.index):
        flipped = answer.loc[expected.index].to_numpy(dtype=float)
        expect(not np.allclose(flipped, -expected.to_numpy(), atol=1e-6),
               T("the signs are reversed: the gap is P − E (perception minus expectation)."))
    expect_close(answer, expected, tol=1e-6, label=T("gaps"))


@task("capstone.focus_dimensions",
      title=T("Dimensions to concentrate on (IPA)"),
      hint=T("Importance = mean of the W_ columns, performance = mean perception per "
             "dimension, crosshair at the means (`servqual.ipa`); keep the dimensions in the "
             "'concentrate here' quadrant. The lowest performer is not a priority if customers "
             "care little about it."),
      wrong=lambda: [_ipa()["performance"].idxmin()],
      track="analyst")
def check_focus_dimensions(answer):
    names = _as_names(answer, T("a list of dimension keys"))
    keys = normalise_choices(names, Q.DIMENSIONS, what=DIMENSION_CHOICES)
    table = _ipa()
    expected = table.index[table["quadrant"] == "concentrate"].tolist()
    expect_items(keys, expected, label=T("list of dimensions"), shown=names)


@task("capstone.redesign_minutes",
      title=T("Minutes saved by the redesign"),
      hint=T("The customer waits along the longest path: compare the two blueprints "
             "(blueprint.compare lists their measures) and read the change of "
             "`longest_path_time` (before − after, a positive number), not of the total work "
             "time."),
      wrong=lambda: float(-_compare().loc["total_time", "change"]),
      track="analyst")
def check_redesign_minutes(answer):
    expected = float(-_compare().loc["longest_path_time", "change"])
    if isinstance(answer, (int, float, np.number)) and math.isclose(float(answer), -expected):
        raise CheckFailed(T("give the minutes saved as a positive number (before − after)."))
    expect_close(answer, expected, tol=1e-6, label=T("minutes"))


@task("capstone.branches_below",
      title=T("Branches clearly below the complaint promise"),
      hint=T("Compute each branch's promise-kept rate with its interval (standards.compliance "
             "can group by branch) and keep the branches whose whole interval lies under the "
             "target. A rate under the target with a wide interval is 'unclear', not yet "
             "evidence."),
      wrong=lambda: _complaints().loc[~_complaints()["meets_target"], "branch"].tolist(),
      track="analyst")
def check_branches_below(answer):
    names = _as_names(answer, T("a list of branch names"))
    table = _complaints()
    expected = table.loc[table["status"] == "below", CASE.unit].tolist()
    unclear = set(table.loc[table["status"] == "unclear", CASE.unit])
    expect(not (set(names) & unclear),
           T("some of these branches are 'unclear': their interval still reaches the target."))
    missed = sorted(set(expected) - set(names))
    expect(not missed or set(names) - set(expected),
           T("right so far, but {n_missed} more branch(es) are clearly below: check every row.",
             n_missed=len(missed)))
    expect_items(names, expected, label=T("list of branches"))


@task("capstone.nps_baseline",
      title=T("The bank's NPS baseline"),
      hint=T("Keep the loyalty-survey rows whose `industry` is 'bank' and compute the NPS of "
             "their `recommend` scores with the adjusted Wald method the plan uses (nps.nps): "
             "% promoters (9–10) − % detractors (0–6), in points."),
      wrong=lambda: 100 * N.nps(_bank_scores()).promoters,
      track="analyst")
def check_nps_baseline(answer):
    if isinstance(answer, N.NPSResult):
        answer = answer.score
    expected = N.nps(_bank_scores(), method=NPS_METHOD).score
    expect_close(answer, expected, tol=0.05, label=T("NPS"))


@task("capstone.sample_size",
      title=T("Answers needed per quarter to track NPS to ± 5 points"),
      hint=T("The answers needed for ± 5 points depend on the bank's current shares of "
             "promoters and detractors (nps.nps reports them); give those shares to "
             "nps.sample_size. The worst case without shares asks for more."),
      wrong=lambda: N.sample_size(NPS_MARGIN),
      track="analyst")
def check_capstone_sample_size(answer):
    expect_type(answer, (int, np.integer), T("a whole number of answers"))
    res = N.nps(_bank_scores(), method="wald")
    expected = N.sample_size(NPS_MARGIN, promoters=res.promoters, detractors=res.detractors)
    expect_close(answer, expected, tol=0.5, label=T("sample size"))


def _mentions(text: str, names) -> bool:
    low = text.lower()
    return any(str(n).lower() in low for n in names if n)


@task("capstone.plan",
      title=T("A one-page plan built on the evidence"),
      hint=T("Fill in all five keys of `plan` with your own sentences: name at least one of "
             "the three moments of truth and the dimension to concentrate on, say what the "
             "redesign changes, state each promise with a number (or as a "
             "standards.Standard), and say what you will measure and how often."),
      wrong=lambda: {"moments_of_truth": "The welcome", "diagnosis": "Service quality is good",
                     "redesign": "Make it simpler", "standards": "Serve customers fast",
                     "monitoring": "Ask customers"},
      track="analyst")
def check_plan(answer):
    expect_type(answer, dict, T("a dict with the five stage keys"))
    table = C.plan_summary(answer, lang="en")
    missing = table.loc[~table["answered"], "stage"].tolist()
    expect(not missing, T("these steps are still empty: {join}.", join=', '.join(missing)))
    text = dict(zip(C.STAGES, C.plan_summary(answer, lang="en")["plan"]))
    text_zh = dict(zip(C.STAGES, C.plan_summary(answer, lang="zh")["plan"]))
    mots = _mots()
    names = mots + [J.label(m, "en") for m in mots] + [J.label(m, "zh") for m in mots] \
        + [m.replace("_", " ") for m in mots]
    expect(_mentions(text["moments_of_truth"] + text_zh["moments_of_truth"], names),
           T("the moments-of-truth step names none of the bank's three moments of truth."))
    ipa = _ipa()
    focus = ipa.index[ipa["quadrant"] == "concentrate"].tolist()
    dims = focus + [Q.DIMENSIONS[d].en for d in focus] + [Q.DIMENSIONS[d].zh for d in focus]
    expect(_mentions(text["diagnosis"] + text_zh["diagnosis"], dims),
           T("the diagnosis step does not name the dimension the IPA says to concentrate on."))
    expect(any(ch.isdigit() for ch in text["standards"]),
           T("a standard is measurable: the standards step needs a number (a time, a share)."))
    for key in ("redesign", "monitoring"):
        expect(len(text[key].split()) >= 4 or len(text_zh[key]) >= 8,
               T("the {key} step is too short to act on: say what changes (or what is measured) "
                 "and how.",
                 key=key, STAGES=C.STAGES[key]))


# --------------------------------------------------------------------------- manager track
#: The complaint promises the bank can choose from (hours, each for 80% of complaints).
PROMISE_HOURS = (24, 48, 72)


def promise(hours: int) -> S.Standard:
    """The complaint promise "80% of complaints resolved within ``hours`` hours"."""
    return S.Standard("resolution_h", hours, 0.8, "h", f"Complaint resolved within {hours} hours",
                      f"{hours}小时内解决投诉")


def promise_table() -> pd.DataFrame:
    """The promise-kept rate of each candidate promise over all branches, with its interval and status."""
    log = data.load(CASE.service_log)
    return pd.concat({h: S.compliance(log, promise(h)) for h in PROMISE_HOURS}, names=["hours"]).droplevel(1)


def _top_priority() -> list[str]:
    table = _ipa()
    focus = table[table["quadrant"] == "concentrate"]
    return focus.index[focus["importance"] == focus["importance"].max()].tolist()


@task("capstone.top_priority",
      title=T("The bank's top priority"),
      hint=T("Budget goes where customers care a lot and the bank does worse than on the other dimensions: "
             "in the importance-performance table, that is the 'concentrate here' quadrant, not simply the "
             "lowest performance."),
      wrong=lambda: "empathy",
      track="manager")
def check_top_priority(answer):
    got = normalise_choice(answer, Q.DIMENSIONS, what=DIMENSION_CHOICES)
    if got in _top_priority():
        return
    row = _ipa().loc[got]
    dim = str(answer).strip()   # the trainee's own spelling (key, English or Chinese name)
    perf, imp = float(row["performance"]), float(row["importance"])
    if row["quadrant"] == "low_priority":
        expect(False, T("{dim} performs poorly ({perf:.2f}) but customers give it only {imp:.1f} of their 100 "
                        "importance points: it is in the 'low priority' quadrant.", dim=dim, perf=perf, imp=imp))
    if row["quadrant"] == "keep_up":
        expect(False, T("{dim} matters to customers ({imp:.1f} points) and already performs above the average "
                        "({perf:.2f}): keep up the good work; the budget goes where the bank falls short.",
                        dim=dim, perf=perf, imp=imp))
    if row["quadrant"] == "overkill":
        expect(False, T("{dim} performs above the average ({perf:.2f}) and matters little to customers ({imp:.1f} "
                        "points): possible overkill.", dim=dim, perf=perf, imp=imp))
    expect(False, T("{dim} is in the 'concentrate here' quadrant, but another dimension there matters more to "
                    "customers.", dim=dim))


def _promise_to_make() -> int:
    table = promise_table()
    above = table.index[table["status"] == "above"]
    expect(len(above) > 0, T("no candidate promise is kept yet."))
    return int(min(above))


@task("capstone.promise",
      title=T("Which complaint promise does the bank make?"),
      hint=T("A public promise must be kept from day one: keep the promises whose whole interval is above the "
             "80% target (status 'above'), then choose the most ambitious of them, the shortest time."),
      wrong=lambda: 24,
      track="manager")
def check_promise(answer):
    expect(isinstance(answer, (int, float, np.integer, np.floating)) and not isinstance(answer, bool),
           T("give the number of hours, such as 12."))
    table = promise_table()
    expect(float(answer) in {float(h) for h in PROMISE_HOURS},
           T("choose one of the promises in the table: {hours} hours.",
             hours=", ".join(str(h) for h in PROMISE_HOURS)))
    hours = int(answer)
    expected = _promise_to_make()
    row = table.loc[hours]
    expect(row["status"] == "above",
           T("within {hours} hours the bank keeps the promise for {rate:.0%} of complaints (interval {lower:.0%} to "
             "{upper:.0%}), short of 80%: publicising it now means breaking it in public.",
             hours=hours, rate=row["rate"], lower=row["lower"], upper=row["upper"]))
    expect(hours <= expected,
           T("the {hours}-hour promise is kept, but so is the {expected}-hour one: a promise customers value is "
             "the most ambitious one the bank can keep.", hours=hours, expected=expected))
