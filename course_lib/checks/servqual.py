"""Checks for lesson 03, SERVQUAL (服务质量量表).

Every expected value is recomputed from the shipped data with :mod:`course_lib.servqual`.
The exercises use the restaurant survey (``servqual_restaurant``, its raw export
``servqual_restaurant_raw``) and the retail bank zone-of-tolerance survey. The manager tasks
(``track="manager"``) are decisions read from the gap chart, the zone-of-tolerance chart, the IPA chart
and the gap table the exercise shows; the analyst tasks need pandas.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from course_lib import data, servqual
from course_lib.checks import (expect, expect_choice, expect_close, expect_items, expect_list, expect_type,
                               normalise_choice, normalise_choices, task)
from ..lang import T

#: What a dimension answer names, in the feedback.
DIMENSION_CHOICES = T("SERVQUAL dimensions")

P_REL = [f"P{i}" for i in range(5, 10)]
E_REL = [f"E{i}" for i in range(5, 10)]


@lru_cache(maxsize=None)
def _survey() -> pd.DataFrame:
    return data.load("servqual_restaurant")


@lru_cache(maxsize=None)
def _raw() -> pd.DataFrame:
    return data.load("servqual_restaurant_raw")


def _ipa() -> servqual.IPA:
    df = _survey()
    importance = df[list(servqual.WEIGHT_COLUMNS.values())].mean()
    importance.index = list(servqual.DIMENSIONS)
    return servqual.ipa(importance, servqual.gap_scores(df).dimensions["P"], crosshair="mean")


def _dimension_label(key: str) -> T:
    return servqual.DIMENSIONS[key].name


# --------------------------------------------------------------------------- manager: the gap chart
@task("servqual.gap_improve",
      title=T("Read the gap chart: the dimension to improve"),
      hint=T("Each bar is perceptions minus expectations, with its confidence interval: the longer a bar "
             "reaches left of zero, the further customers are let down. A bar at or right of zero is no "
             "shortfall."),
      wrong=lambda: "responsiveness",
      track="manager")
def check_gap_improve(answer):
    expect_type(answer, str, T("a dimension key in quotes"))
    key = normalise_choice(answer, servqual.DIMENSIONS, what=DIMENSION_CHOICES)
    gaps = servqual.gap_scores(_survey()).dimensions["gap"]
    worst = str(gaps.idxmin())
    if key == worst:
        return
    expect(gaps[key] < 0,
           T("{dimension} has a gap of {gap:+.2f}: customers get at least what they expect there, so money "
             "spent on it closes no gap.", dimension=_dimension_label(key), gap=float(gaps[key])))
    expect(False, T("{dimension} falls short ({gap:+.2f}), but another dimension falls further short "
                    "({worst:+.2f}).", dimension=_dimension_label(key), gap=float(gaps[key]),
                    worst=float(gaps[worst])))


# --------------------------------------------------------------------------- manager: the zone chart
#: The dimension of the manager task on the zone of tolerance, and the three answers it accepts.
ZONE_DIMENSION = "reliability"
ZONE_POSITIONS = {"below": T("below the zone"), "within": T("within the zone"), "above": T("above the zone")}


def _bank_zone() -> pd.DataFrame:
    return servqual.zone_of_tolerance(data.load("servqual_zone_bank")).dimensions


@task("servqual.zone_position",
      title=T("Read the zone chart: is reliability inside the zone of tolerance?"),
      hint=T("On the reliability row the band runs from the adequate level (its left end) to the desired level "
             "(its right end); the diamond is the perceived level. Only a diamond left of the band is below "
             "the zone."),
      wrong=lambda: "below",
      track="manager")
def check_zone_position(answer):
    expect_type(answer, str, T("one of 'below', 'within' or 'above' in quotes"))
    got = normalise_choice(answer, ZONE_POSITIONS, what=T("positions relative to the zone"))
    row = _bank_zone().loc[ZONE_DIMENSION]
    if got == row["position"]:
        return
    values = dict(dimension=_dimension_label(ZONE_DIMENSION), p=float(row["P"]), a=float(row["A"]),
                  d=float(row["D"]))
    expect(not (got == "below" and row["P"] >= row["A"] and row["P"] < row["D"]),
           T("perceived {dimension} ({p:.2f}) is below the desired level ({d:.2f}) but above the adequate "
             "level ({a:.2f}): customers tolerate it. Below the zone means under the adequate level.", **values))
    expect(False, T("perceived {dimension} is {p:.2f}; its zone runs from {a:.2f} (adequate) to {d:.2f} "
                    "(desired).", **values))


# --------------------------------------------------------------------------- analyst tasks
@task("servqual.clean_survey",
      title=T("Clean the raw survey export"),
      hint=T("sq.validate_responses(raw) lists the problems. Map answer labels to numbers "
             "(sq.likert_map()), turn anything outside 1–7 or not a number into NaN, keep the "
             "first of each duplicated respondent, and drop respondents whose 44 answers are "
             "all the same."),
      wrong=lambda: _raw().drop_duplicates())
def check_clean_survey(answer):
    expect_type(answer, pd.DataFrame, T("a pandas DataFrame"))
    expected = servqual.clean(_raw()).sort_values("respondent").reset_index(drop=True)
    expect("respondent" in answer.columns, T("keep the 'respondent' column."))
    expect(len(answer) == len(expected),
           T("your table has {n_answer} rows; after removing duplicates and straight-liners "
             "there should be {n_expected}.",
             n_answer=len(answer), n_expected=len(expected)))
    expect_items(answer["respondent"].tolist(), expected["respondent"].tolist(), label=T("respondent ids"))
    cols = [c for c in expected.columns if c[0] in "EP" and c[1:].isdigit()]
    missing = [c for c in cols if c not in answer.columns]
    expect(not missing, T("columns {missing} are missing.", missing=missing[:4]))
    got = answer.sort_values("respondent")[cols]
    nonnum = [c for c in cols if got[c].dtype.kind not in "biuf"]
    expect(not nonnum, T("columns such as {nonnum} still hold text: convert them to numbers.",
                         nonnum=nonnum[:3]))
    expect_close(got.to_numpy(dtype=float, na_value=np.nan), expected[cols].to_numpy(dtype=float), tol=1e-9,
                 label=T("cleaned answers"))


@task("servqual.reliability_gap",
      title=T("Reliability gap by hand"),
      hint=T("Per respondent: mean of P5–P9 minus mean of E5–E9 over the items answered in "
             "both; then the mean over respondents. Perceptions minus expectations, so a "
             "shortfall is negative."),
      wrong=lambda: -servqual.gap_scores(_survey()).dimensions.loc["reliability", "gap"])
def check_reliability_gap(answer):
    expected = servqual.gap_scores(_survey()).dimensions.loc["reliability", "gap"]
    expect(not (isinstance(answer, (int, float, np.number)) and abs(answer + expected) < 1e-3),
           T("the sign is reversed: the gap is P − E."))
    expect_close(answer, float(expected), tol=1e-3, label=T("reliability gap"))


@task("servqual.weighted_score",
      title=T("Weighted SERVQUAL score"),
      hint=T("For each respondent: Σ (W_dimension / 100) × dimension gap, using their own 100 "
             "points; then the mean over respondents. The respondent-level gaps come from "
             "sq.gap_scores."),
      wrong=lambda: servqual.servqual_score(_survey()).unweighted)
def check_weighted_score(answer):
    s = servqual.servqual_score(_survey())
    expect(not (isinstance(answer, (int, float, np.number)) and abs(answer - s.unweighted) < 1e-6),
           T("that is the unweighted score: use the importance points."))
    expect_close(answer, s.weighted, tol=1e-6, label=T("weighted score"))


@task("servqual.alpha_reliability",
      title=T("Cronbach's alpha of the reliability perceptions"),
      hint=T("Keep the respondents who answered all of P5–P9 (dropna). α = k/(k−1) × (1 − sum "
             "of the item variances / variance of the row totals), with k = 5 and ddof=1 "
             "variances."),
      wrong=lambda: servqual.cronbach_alpha(_survey()[E_REL], nan_policy="listwise").alpha)
def check_alpha_reliability(answer):
    expected = servqual.cronbach_alpha(_survey()[P_REL], nan_policy="listwise").alpha
    expect_close(answer, expected, tol=1e-4, label=T("alpha"))


@task("servqual.ipa_concentrate",
      title=T("Read the IPA chart: where to concentrate"),
      hint=T("'Concentrate here' is the top-left quadrant: importance at or above the line, "
             "performance below it. Give the dimensions as a list, e.g. ['empathy']."),
      wrong=lambda: ["tangibles"],
      track="manager")
def check_ipa_concentrate(answer):
    got = expect_list(answer, T("a list of dimension keys"))
    keys = normalise_choices(got, servqual.DIMENSIONS, what=DIMENSION_CHOICES)
    t = _ipa().table
    expected = t.index[t["quadrant"] == "concentrate"].tolist()
    expect_items(keys, expected, label=T("list of dimensions"), shown=got)


@task("servqual.zone_below",
      title=T("Below the zone of tolerance"),
      hint=T("A dimension is below the zone when its mean perception is under its mean "
             "adequate level (MSA = P − A < 0). sq.zone_of_tolerance computes MSA per "
             "dimension."),
      wrong=lambda: ["reliability"])
def check_zone_below(answer):
    got = expect_list(answer, T("a list of dimension keys"))
    keys = normalise_choices(got, servqual.DIMENSIONS, what=DIMENSION_CHOICES)
    z = servqual.zone_of_tolerance(data.load("servqual_zone_bank")).dimensions
    expect_items(keys, z.index[z["position"] == "below"].tolist(), label=T("list of dimensions"), shown=got)


#: Letters of the multiple-choice question "which dimension first?", in the order the notebook lists them.
LETTERS = dict(zip(servqual.DIMENSIONS, "abcde"))


def _first_priority() -> str:
    """The dimension with the largest importance-weighted shortfall (mean points × mean gap)."""
    df = _survey()
    importance = df[list(servqual.WEIGHT_COLUMNS.values())].mean().to_numpy()
    gaps = servqual.gap_scores(df).dimensions["gap"].loc[list(servqual.DIMENSIONS)].to_numpy()
    return list(servqual.DIMENSIONS)[int(np.argmin(importance * gaps))]


@task("servqual.what_first",
      title=T("Interpretation: what to fix first"),
      hint=T("Look for a large negative gap that customers also find important: the top-left "
             "of the IPA chart, and the dimension that pulls the weighted score down most "
             "(points × gap)."),
      wrong=lambda: "a",
      track="manager")
def check_what_first(answer):
    expect_choice(answer, LETTERS[_first_priority()], choices="abcde")
