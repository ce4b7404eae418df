"""Checks for lesson 07, listening: NPS, feedback and recovery (净推荐值、反馈与服务补救).

Every expected value is recomputed from the shipped data with :mod:`course_lib.nps`
and :mod:`course_lib.feedback`, and every recovery-script answer from the recovery model of
:mod:`course_lib.feedback.conversation`. Four decision tasks for managers (order a script, find its
missing step, set a front-line limit, read the recovery tests) and seven analyst tasks (pandas);
each task's ``track`` says which is which.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from course_lib import data, feedback, nps
from course_lib.checks import (expect, expect_choice, expect_close, expect_fraction, expect_items, expect_list,
                               expect_type, normalise_choice, normalise_choices, task)
from course_lib.feedback import conversation
from ..lang import T

#: The store and the two months the exercise asks about.
STORE = "S08"
MONTHS = ("2024-04", "2024-05")
PROMISE_HOURS = 24
MARGIN = 5
#: Task "recovery order": the turns of the travel script as the exercise shows them (letters) and the
#: step of the recovery model each turn takes.
TOUR_TURNS = {"A": "thank", "B": "apologise", "C": "listen", "D": "solve", "E": "follow_up"}
#: Task "missing step": the steps of the bank script's turns, in the order they are said.
BANK_TURNS = ("listen", "solve", "thank", "follow_up")
#: Task "empowerment limit": the candidate limits (yuan) and the share of cases to settle on the spot.
CANDIDATE_LIMITS = (50, 100, 150, 200, 300, 500)
TARGET_SHARE = 0.8


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
      wrong=lambda: 100 * nps.nps(_month("2024-12")).promoters,
      track="analyst")
def check_latest_month(answer):
    expect_close(answer, nps.nps(_month("2024-12")).score, tol=0.05, label=T("NPS"))


@task("nps.store_interval",
      title=T("Adjusted Wald interval for store {STORE}", STORE=STORE),
      hint=T("Keep the rows of store {STORE} in nps_hotpot. The adjusted Wald interval adds a "
             "few pseudo-answers before it computes the margin of error; nps.nps has a method "
             "argument for it and reports the interval. Answer the pair (low, high).",
             STORE=STORE),
      wrong=lambda: nps.nps(_load("nps_hotpot").query("store == @STORE")["score"]).interval,
      track="analyst")
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
      wrong=lambda: 0.05,
      track="analyst")
def check_change_p_value(answer):
    c = nps.compare_nps(_month(MONTHS[1]), _month(MONTHS[0]))
    expect_close(answer, c.p_value, tol=1e-3, label=T("p-value"))


@task("nps.sample_size",
      title=T("Answers needed for ± 5 points"),
      hint=T("The answers needed for a margin of ± 5 points depend on how scores are spread: "
             "take the shares of promoters and detractors of the whole year (nps.nps) and give "
             "them to nps.sample_size."),
      wrong=lambda: nps.sample_size(MARGIN),
      track="analyst")
def check_nps_sample_size(answer):
    r = nps.nps(_retail()["score"])
    expected = nps.sample_size(MARGIN, promoters=r.promoters, detractors=r.detractors)
    expect_close(answer, expected, tol=1, label=T("sample size"))


@task("nps.vital_few",
      title=T("The vital few complaint categories"),
      hint=T("Pareto analysis: `feedback.pareto(log)` sorts the categories from most to "
             "fewest complaints and marks the ones needed to reach 80% of complaints (column "
             "vital_few); answer their names as a list."),
      wrong=lambda: feedback.pareto(_load("complaint_log")).index[:2].tolist(),
      track="analyst")
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
      wrong=lambda: float((feedback.resolution_hours(_load("complaint_log")).dropna() <= PROMISE_HOURS).mean()),
      track="analyst")
def check_within_promise(answer):
    expected = feedback.within_promise(_load("complaint_log"), PROMISE_HOURS).loc["all", "within_promise"]
    expect_fraction(answer, label=T("share"))
    expect_close(answer, expected, tol=1e-3, label=T("share"))


@task("nps.recovery_gap",
      title=T("Recovered minus no-failure satisfaction"),
      hint=T("Mean satisfaction of group 'recovered' minus mean of group 'no_failure' in "
             "recovery_survey (feedback.recovery_paradox tests this difference)."),
      wrong=lambda: feedback.recovery_paradox(_load("recovery_survey")).mean_no_failure
      - feedback.recovery_paradox(_load("recovery_survey")).mean_recovered,
      track="analyst")
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
      hint=T("Read the two test lines printed above: for each outcome, is the recovered group significantly "
             "higher than the no-failure group (the verdict after the colon, and whether p is below 0.05)?"),
      wrong=lambda: "a",
      track="manager")
def check_paradox_reading(answer):
    letter = answer.strip().lower() if isinstance(answer, str) else answer
    claims = {"a": (True, True), "b": (True, False), "c": (False, False), "d": (False, True)}
    if letter in claims and letter != _paradox_letter():
        survey = _load("recovery_survey")
        for claim, outcome, name in ((claims[letter][0], "satisfaction", T("satisfaction")),
                                     (claims[letter][1], "return_intention", T("willingness to return"))):
            test = feedback.recovery_paradox(survey, outcome)
            if claim and not test.paradox:
                expect(False, T("({letter}) claims recovered customers score significantly higher on {name}, but "
                                "that test gives p = {p:.3f} (difference {d:+.2f}): not significant at 95%.",
                                letter=letter, name=name, p=test.p_value, d=test.difference))
            if not claim and test.paradox:
                expect(False, T("({letter}) says recovered customers are not significantly higher on {name}, but "
                                "that test gives p = {p:.3f} (difference {d:+.2f}): significant at 95%.",
                                letter=letter, name=name, p=test.p_value, d=test.difference))
    expect_choice(answer, _paradox_letter(), "abcd")


# --------------------------------------------------------------------------- manager: the recovery script
def _step_name(key: str) -> T:
    return conversation.STEP_LABELS[key]


@task("nps.recovery_order",
      title=T("Put the recovery script in order"),
      hint=T("Name the step of the recovery model each turn takes (listen, apologise, solve, thank, follow up), "
             "then list the letters in the model's order."),
      wrong=lambda: ["B", "C", "D", "A", "E"],
      track="manager")
def check_recovery_order(answer):
    if isinstance(answer, str) and len(answer.replace(",", "").replace(" ", "")) > 1:
        answer = list(answer.replace(",", "").replace(" ", ""))  # "CBDAE" or "C, B, D, A, E"
    items = expect_list(answer, T("a list of letters"), one_string=True, ordered=True)
    letters = [str(a).strip().upper() for a in items]
    expected = sorted(TOUR_TURNS, key=lambda letter: conversation.RECOVERY_STEPS.index(TOUR_TURNS[letter]))
    expect(sorted(letters) == sorted(TOUR_TURNS),
           T("give each of the letters {letters} once.", letters=", ".join(sorted(TOUR_TURNS))))
    table = conversation.score_script([TOUR_TURNS[letter] for letter in letters], lang="en")
    late = [key for key in conversation.RECOVERY_STEPS if table.loc[key, "status"] == "out of order"]
    for key in late:
        letter = next(x for x in TOUR_TURNS if TOUR_TURNS[x] == key)
        expect(False, T("turn {letter} ({step}) is out of place: the model runs listen → apologise → solve → "
                        "thank → follow up.", letter=letter, step=_step_name(key)))
    expect_items(letters, expected, label=T("script"), ordered=True, shown=items)


@task("nps.missing_step",
      title=T("Which step is missing from the bank's script?"),
      hint=T("Name the step each turn of the script takes; the model has five (listen, apologise, solve, thank, "
             "follow up). Answer the one no turn takes."),
      wrong=lambda: "follow_up",
      track="manager")
def check_missing_step(answer):
    got = normalise_choice(answer, conversation.STEP_LABELS, what=T("steps of the recovery model"))
    table = conversation.score_script(list(BANK_TURNS), lang="en")
    missing = table.index[~table["present"]].tolist()
    if got in missing:
        return
    turn = int(table.loc[got, "turn"])
    expect(False, T("turn {turn} already does this ({step}); look for the step that no turn takes.",
                    turn=turn, step=_step_name(got)))


def _limit_table() -> pd.DataFrame:
    return conversation.empowerment_coverage(conversation.EXAMPLE_REMEDY_COSTS, CANDIDATE_LIMITS)


def _limit() -> int:
    table = _limit_table()
    return int(table.index[table["share_settled"] >= TARGET_SHARE][0])


@task("nps.empowerment_limit",
      title=T("Set the front-line limit"),
      hint=T("In the coverage table, find the smallest candidate limit whose share of cases settled on the spot "
             "reaches the target; a higher limit than that gives away more than the target needs."),
      wrong=lambda: 100,
      track="manager")
def check_empowerment_limit(answer):
    expect_type(answer, (int, float), T("a single number"))
    table = _limit_table()
    expect(answer in table.index, T("choose one of the candidate limits {limits}.",
                                    limits=", ".join(str(v) for v in CANDIDATE_LIMITS)))
    share = float(table.loc[answer, "share_settled"])
    expect(share >= TARGET_SHARE,
           T("with a limit of {limit} shift leaders settle only {share:.0%} of the cases on the spot; the other "
             "{n} customers wait for a manager, below the target of {target:.0%}.",
             limit=answer, share=share, n=int(table.loc[answer, "escalated"]), target=TARGET_SHARE))
    best = _limit()
    expect(answer == best,
           T("a limit of {limit} settles {share:.0%} of the cases, but {best} already reaches the target "
             "({best_share:.0%}): the smallest limit that meets it is the decision.",
             limit=answer, share=share, best=best, best_share=float(table.loc[best, "share_settled"])))
