"""Checks for lesson 01's section "From satisfied to delighted" (从满意到惊喜): the Kano model.

Every expected answer is recomputed from the shipped questionnaire ``kano_restaurant`` with
:mod:`course_lib.kano`. Four decision tasks for managers (read the evaluation table, the category
table or the coefficient plot, then choose) and one analyst task (compute Better and Worse with
pandas); each task's ``track`` says which is which. A feature may be answered by its key
(``"clean_table"``) or its English or Chinese label.
"""

from __future__ import annotations

import numbers
from functools import lru_cache

import pandas as pd

from course_lib import data, kano
from course_lib.checks import expect, expect_close, expect_items, expect_list, normalise_choice, normalise_choices, task
from ..lang import T

#: The lapses a mystery shopper found (task "fix first") and the features the restaurant could add
#: (task "delight"), as the exercise lists them.
LAPSES = ("clean_table", "fast_dishes", "phone_ordering")
ADDITIONS = ("waiting_snacks", "birthday_surprise", "kids_corner")
#: The feature of the analyst task, and the guest's answers in the pair task.
COMPUTED_FEATURE = "short_wait"
PAIR = ("like", "live-with")


@lru_cache(maxsize=None)
def _answers() -> pd.DataFrame:
    return data.load("kano_restaurant")


@lru_cache(maxsize=None)
def _table() -> pd.DataFrame:
    return kano.category_table(_answers())


@lru_cache(maxsize=None)
def _coefficients() -> pd.DataFrame:
    return kano.coefficients(_table())


def _feature(answer, among) -> str:
    """The feature key an answer names (key or label), which must be one of ``among``."""
    key = normalise_choice(answer, kano.FEATURE_LABELS, what=T("features of the questionnaire"))
    expect(key in among, T("{feature} is not one of the options: choose among {options}.",
                           feature=kano.FEATURE_LABELS[key], options=", ".join(among)))
    return key


def _share(feature: str, category: str) -> float:
    row = _table().loc[feature]
    return float(row[category] / row["n"])


# --------------------------------------------------------------------------- manager: one answer pair
@task("kano.pair",
      title=T("One guest's two answers"),
      hint=T("Find the row of the answer to the functional question (the feature is there) and the "
             "column of the answer to the dysfunctional question (it is missing) in the evaluation table."),
      wrong=lambda: "O",
      track="manager")
def check_pair(answer):
    got = normalise_choice(answer, kano.CATEGORY_LABELS, what=T("Kano categories"))
    expected = kano.classify(*PAIR)
    reasons = {
        "O": T("one-dimensional needs 'dislike' when the feature is missing; this guest can live without it."),
        "M": T("a must-be guest takes the feature for granted ('must-be') when it is there; this guest likes it."),
        "I": T("an indifferent guest feels nothing much either way; this guest likes the feature when it is there."),
        "R": T("reverse means the guest would rather not have the feature; this guest likes it."),
        "Q": T("questionable means contradictory answers (like both ways); 'like' and 'live-with' do not contradict."),
    }
    expect(got == expected, reasons.get(got, T("({letter}) is not the best answer.", letter=got)))


# --------------------------------------------------------------------------- manager: the basics
@task("kano.must_be",
      title=T("Which features are basics (must-be)?"),
      hint=T("In the category table, a feature's category is its most frequent one: list every feature "
             "whose most frequent category is M, not those where M is only large."),
      wrong=lambda: ["clean_table", "correct_bill", "short_wait"],
      track="manager")
def check_must_be(answer):
    items = expect_list(answer, T("a list of features"), one_string=True)
    keys = normalise_choices(items, kano.FEATURE_LABELS, what=T("features of the questionnaire"))
    table = _table()
    for key in keys:
        expect(table.loc[key, "category"] != "O",
               T("{feature} is mostly one-dimensional (O): guests are annoyed when it is missing and also pleased "
                 "when it is there, so it is more than a basic ({m:.0%} must-be, {o:.0%} one-dimensional).",
                 feature=kano.FEATURE_LABELS[key], m=_share(key, "M"), o=_share(key, "O")))
    expected = table.index[table["category"] == "M"].tolist()
    expect_items(keys, expected, label=T("list of must-be features"), shown=items)


# --------------------------------------------------------------------------- manager: fix first
def _fix_first() -> str:
    return str(_coefficients().loc[list(LAPSES), "worse"].idxmin())


@task("kano.fix_first",
      title=T("Which lapse do you fix first?"),
      hint=T("Fixing a lapse removes dissatisfaction: compare how far left or right the three features sit in "
             "the plot, i.e. how many guests are dissatisfied when each is missing or done badly."),
      wrong=lambda: "fast_dishes",
      track="manager")
def check_kano_fix_first(answer):
    got = _feature(answer, LAPSES)
    expected = _fix_first()
    coef = _coefficients()
    expect(got == expected, T("{got} has Worse {w_got:.2f}: fewer guests are dissatisfied when it goes wrong than "
                              "for another lapse on the list (look for the most negative Worse).",
                              got=kano.FEATURE_LABELS[got], w_got=coef.loc[got, "worse"]))


# --------------------------------------------------------------------------- manager: what to add to delight
def _delight() -> str:
    return str(_coefficients().loc[list(ADDITIONS), "better"].idxmax())


@task("kano.delight",
      title=T("Which addition delights the most guests?"),
      hint=T("Adding a feature can only raise satisfaction: compare how high the three candidates sit in the "
             "plot (Better), and check that their absence costs little."),
      wrong=lambda: "birthday_surprise",
      track="manager")
def check_delight(answer):
    got = _feature(answer, ADDITIONS)
    if got == _delight():
        return
    coef = _coefficients()
    better = coef.loc[got, "better"]
    if got == "kids_corner":
        family = kano.coefficients(kano.category_table(_answers(), by="segment")).loc[("family", "kids_corner"),
                                                                                      "better"]
        expect(False, T("the play corner delights families (Better {family:.2f} among them) but not most guests "
                        "(Better {better:.2f} overall).", family=family, better=better))
    reverse = _share(got, "R")
    if reverse >= 0.1:
        expect(False, T("{got} has Better {better:.2f}, and {reverse:.0%} of the guests answered 'reverse': some "
                        "would rather not have it. Another candidate pleases more guests.",
                        got=kano.FEATURE_LABELS[got], better=better, reverse=reverse))
    expect(False, T("{got} has Better {better:.2f}: another candidate pleases more guests.",
                    got=kano.FEATURE_LABELS[got], better=better))


# --------------------------------------------------------------------------- analyst: Better and Worse
def _better_worse() -> tuple[float, float]:
    row = _coefficients().loc[COMPUTED_FEATURE]
    return float(row["better"]), float(row["worse"])


def _wrong_better_worse():
    better, worse = _better_worse()
    return better, -worse


@task("kano.better_worse",
      title=T("Better and Worse of 'Seated within 15 minutes' (analyst)"),
      hint=T("Classify each guest's pair of answers for the feature, count the categories, then Better = "
             "(A + O) / (A + O + M + I) and Worse = −(O + M) / (A + O + M + I): R and Q answers are left "
             "out, and Worse is negative. Answer the pair (better, worse)."),
      wrong=_wrong_better_worse,
      track="analyst")
def check_better_worse(answer):
    values = expect_list(answer, T("a pair of numbers (better, worse)"), ordered=True)
    expect(len(values) == 2, T("give two numbers, (better, worse), not {n}.", n=len(values)))
    better, worse = _better_worse()
    got_b, got_w = values
    row = _table().loc[COMPUTED_FEATURE]
    everyone = ((row["A"] + row["O"]) / row["n"], -(row["O"] + row["M"]) / row["n"])
    divided_by_all = T("you divided by all {n} answers: the formulas leave out the reverse (R) and questionable "
                       "(Q) ones.", n=int(row["n"]))
    expect(not (_near(got_b, worse) and _near(got_w, better)),
           T("you gave (worse, better): give Better first, then Worse."))
    expect(not _near(got_b, everyone[0]), divided_by_all)
    expect_close(got_b, better, tol=1e-3, label=T("Better"))
    expect(not (_near(got_w, -worse) and worse != 0),
           T("your Worse has the right size but the wrong sign: by convention Worse is negative, from −1 to 0."))
    expect(not _near(got_w, everyone[1]), divided_by_all)
    expect_close(got_w, worse, tol=1e-3, label=T("Worse"))


def _near(value, target: float) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and abs(float(value) - target) <= 1e-3
