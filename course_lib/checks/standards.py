"""Checks for lesson 06, service standards and commitments (solutions/06_standards_and_commitments.ipynb).

Every expected value is recomputed from the shipped data with :mod:`course_lib.standards`.
"""

from __future__ import annotations

import math

import numpy as np

import pandas as pd

from .. import data
from .. import standards as S
from ..errors import CourseDataError
from ._core import (CheckFailed, expect, expect_choice, expect_close, expect_fraction, expect_items, expect_list,
                    expect_type, normalise_choice, normalise_choices, task)
from ..lang import T

#: The promises the exercises use (the notebook states them in words).
SERVE_PROMISE = {"metric": "serve_min", "threshold": 20.0, "target": 0.9}
BANK_PROMISE = S.Standard("wait_min", 10, 0.85, "min", "Served within 10 minutes", "10分钟内办理")
CALLS = {"hour": 10, "interval_s": 300, "handle_s": 300, "answer_s": 20, "service_level": 0.8}


def _serve_standard() -> S.Standard:
    return S.Standard(SERVE_PROMISE["metric"], SERVE_PROMISE["threshold"], SERVE_PROMISE["target"], "min")


def _store_d_rate() -> float:
    table = S.compliance(data.load("restaurant_service_log"), _serve_standard(), by="store")
    return float(table.loc[table["store"] == "Store D", "rate"].iloc[0])


def _bank_chart() -> pd.DataFrame:
    return S.p_chart(data.load("bank_service_log"), BANK_PROMISE, by="branch")


def _peak_rate() -> float:
    calls = data.load("bank_calls")
    mean = calls.loc[calls["DateTime"].dt.hour == CALLS["hour"], "Calls"].mean()
    return float(mean) / CALLS["interval_s"]


def _did() -> S.DiDResult:
    return S.did(data.load("training_panel"), "mystery_score", unit="branch", treated="trained", post="post")


#: What a stage answer names, in the feedback.
STAGE_CHOICES = T("stages of the commitment cycle")


def cycle_stage_labels() -> dict:
    """The commitment cycle's stage codes and their English and Chinese names (from
    :data:`course_lib.standards.CYCLE_STAGES`): what :func:`~course_lib.checks.normalise_choice` accepts."""
    names = S.CYCLE_STAGES.drop_duplicates("stage").set_index("stage")

    def name_of(code: str):
        def name(lang: str) -> str:
            column = f"stage_{lang}" if f"stage_{lang}" in names else "stage_en"
            return str(names.loc[code, column])
        return name

    return {code: name_of(code) for code in names.index}


@task("standards.measurable_standard",
      title=T("Write the serving promise as a measurable standard"),
      hint=T("Standard(metric, threshold, target, unit): the metric is the column of "
             "`restaurant_service_log` that times ordering → dishes on the table; 90% is "
             "written 0.9."),
      wrong=lambda: S.Standard("wait_min", 20, 0.9, "min"))
def check_measurable_standard(answer):
    expect_type(answer, S.Standard, T("a standards.Standard"))
    columns = list(data.load("restaurant_service_log").columns)
    expect(answer.metric in columns,
           T("'{metric}' is not a column of the event log ({join}).",
             metric=answer.metric, join=', '.join(columns)))
    expect(answer.metric == SERVE_PROMISE["metric"],
           T("'{metric}' does not measure the time from ordering to dishes on the table.",
             metric=answer.metric))
    expect(math.isclose(answer.threshold, SERVE_PROMISE["threshold"]),
           T("the threshold {threshold:g} is not the promised number of minutes.", threshold=answer.threshold))
    expect(math.isclose(answer.target, SERVE_PROMISE["target"]),
           T("the target {target:g} is not the promised share of parties.", target=answer.target))
    expect(answer.direction == "<=", T("a time promise is kept when the time is at most the threshold."))


@task("standards.promise_kept_rate",
      title=T("Promise-kept rate of Store D"),
      hint=T("The promise-kept rate is the share of parties served within the threshold. "
             "Compute it store by store (standards.compliance can group by a column) and read "
             "Store D's rate: a share between 0 and 1, not a percentage."),
      wrong=lambda: float(S.compliance(data.load("restaurant_service_log"), _serve_standard())["rate"].iloc[0]))
def check_promise_kept_rate(answer):
    expected = _store_d_rate()
    expect_fraction(answer, label=T("rate"))
    expect_close(answer, expected, tol=1e-3, label=T("rate"))


@task("standards.p_chart_below",
      title=T("Branches below the lower control limit"),
      hint=T("Draw the branches' p-chart (standards.p_chart computes each branch's limits) and "
             "keep the branches whose `side` is 'below' (rate under their own LCL); a small "
             "branch has wider limits."),
      wrong=lambda: [str(_bank_chart().sort_values("rate")["branch"].iloc[1])])
def check_p_chart_below(answer):
    answer = expect_list(answer, T("a list of branch names"), one_string=True)
    chart = _bank_chart()
    expected = chart.loc[chart["side"] == "below", "branch"].tolist()
    above = set(chart.loc[chart["side"] == "above", "branch"])
    expect(not (set(map(str, answer)) & above),
           T("some of these branches are out of control on the high side (better than the system)."))
    expect_items([str(a) for a in answer], expected, label=T("list of branches"))


@task("standards.agents_needed",
      title=T("Agents needed at 10:00–11:00 for 80% within 20 s"),
      hint=T("Arrival rate per second = mean calls per 5 minutes between 10:00 and 11:00 ÷ "
             "300. The Erlang C model then gives the fewest agents that answer 80% of calls "
             "within 20 s (see standards.agents_needed). Traffic alone (rate × handle time) is "
             "not enough."),
      wrong=lambda: math.ceil(_peak_rate() * CALLS["handle_s"]))
def check_agents_needed(answer):
    expect_type(answer, (int, np.integer), T("a whole number of agents"))
    rate = _peak_rate()
    expected = S.agents_needed(rate, CALLS["handle_s"], CALLS["answer_s"], CALLS["service_level"])
    traffic = rate * CALLS["handle_s"]
    expect(answer > traffic, T("with {answer} agents for {traffic:.0f} Erlangs of work the queue never empties.",
                               answer=answer, traffic=traffic))
    expect_close(answer, expected, tol=0, label=T("number of agents"))


@task("standards.guarantee_score",
      title=T("Rate the travel agency's guarantee on Hart's five properties"),
      hint=T("Give a dict with the five properties and 0/1/2. Fine print, written claims with "
             "receipts and manager approval, and vouchers instead of money: which properties "
             "do they break?"),
      wrong=lambda: {p: 2 for p in S.HART_PROPERTIES["property"]},
      track="manager")
def check_guarantee_score(answer):
    expect_type(answer, dict, T("a dict {property: score}"))
    try:
        score = S.score_guarantee(answer)
    except CourseDataError as exc:
        raise CheckFailed(T("the ratings cannot be scored: {problem}.", problem=exc.problem)) from None
    s = score.scores
    expect(s["unconditional"] == 0, T("an asterisk with conditions is the opposite of unconditional."))
    expect(s["easy_to_invoke"] == 0, T("a written claim with a receipt and manager approval is not easy to invoke."))
    expect(s["easy_to_collect"] <= 1, T("vouchers after approval are not an easy, immediate payout."))


@task("standards.training_effect",
      title=T("Training effect by difference in differences"),
      hint=T("Difference in differences: the trained branches' change (after − before) minus "
             "the untrained branches' change over the same time (standards.did computes it with "
             "an interval). The trained branches' own before/after change also contains the "
             "common trend."),
      wrong=lambda: _did().naive)
def check_training_effect(answer):
    expect_close(answer, _did().estimate, tol=0.01, label=T("estimate"))


@task("standards.training_interpretation",
      title=T("Interpret the training evaluation"),
      hint=T("Compare changes, not levels: the trained branches were the weakest to begin "
             "with. Then look at whether the interval contains zero, and at the assumption "
             "the estimate rests on."),
      wrong=lambda: "a")
def check_training_interpretation(answer):
    r = _did()
    expect_choice(answer, "c" if r.lower > 0 else "d", choices="abcd")


@task("standards.cycle_weakest",
      title=T("Weakest stage of the travel agency's commitment cycle"),
      hint=T("Average the maturity scores of each stage's items (standards.score_cycle scores a "
             "filled-in card) and give the stage(s) with the lowest mean as a list, e.g. "
             "['monitor']."),
      wrong=lambda: ["formulate"])
def check_cycle_weakest(answer):
    answer = expect_list(answer, T("a list of stage codes"), one_string=True)
    stages = normalise_choices(answer, cycle_stage_labels(), what=STAGE_CHOICES)
    card = S.commitment_scorecard()
    card["score"] = S.EXAMPLE_CYCLE_SCORES["travel_agency"]
    scores = S.score_cycle(card)
    expect_items(stages, scores.loc[scores["weakest"], "stage"].tolist(), label=T("list of weakest stages"),
                 shown=answer)


# --------------------------------------------------------------------------- manager track: publishing a promise
#: The thresholds (minutes) the exercise's kept-rate table shows, and the share a published promise must reach.
PROMISE_MINUTES = (20, 25, 30, 35)
RELIABLE = 0.95

#: What each example promise is called in the feedback (keys of standards.EXAMPLE_PROMISES).
PROMISE_LABELS = {
    "bank": T("bank branch promise"),
    "travel": T("travel agency guarantee"),
    "hotpot_20": T("hot-pot promise, 20 minutes"),
    "hotpot_30": T("hot-pot promise, 30 minutes"),
}


def _serve_rates() -> pd.DataFrame:
    """Promise-kept rate of the serving promise by store at the exercise's thresholds."""
    return S.kept_rates(data.load("restaurant_service_log"), "serve_min", PROMISE_MINUTES, by="store")


def _worst_rate(minutes: float) -> float:
    """The lowest store's promise-kept rate of "all dishes within ``minutes``"."""
    return float(S.kept_rates(data.load("restaurant_service_log"), "serve_min", [minutes], by="store").iloc[:, 0].min())


def _example_verdicts(key: str) -> pd.DataFrame:
    row = S.EXAMPLE_PROMISES.set_index("promise").loc[key]
    kept = _worst_rate(row["threshold"]) if pd.notna(row["threshold"]) else None
    return S.check_promise(row["text"], kept_rate=kept, reliable=RELIABLE, lang="en")


def _failed_names(table: pd.DataFrame) -> T:
    return _join_names([k for k, met in zip(table["criterion"], table["met"]) if not pd.isna(met) and not bool(met)])


def _join_names(criteria: list) -> T:
    names = [S.PROMISE_CRITERIA[k][0] for k in criteria]
    text = "; ".join("{c%d}" % i for i in range(len(names)))
    return T(text, **{f"c{i}": n for i, n in enumerate(names)}) if names else T("none", context="criteria")


def _publishable() -> list[str]:
    return [k for k in S.EXAMPLE_PROMISES["promise"]
            if bool(_example_verdicts(k)["met"].fillna(False).all())]


@task("standards.promise_publish",
      title=T("Which promise would you publish as it stands?"),
      hint=T("Go through the six criteria for each text, including the kept-rate table: a promise that reads "
             "well but is broken for many guests in one store over-promises."),
      wrong=lambda: "hotpot_20",
      track="manager")
def check_promise_publish(answer):
    key = normalise_choice(answer, PROMISE_LABELS, what=T("example promises"))
    if key in _publishable():
        return
    raise CheckFailed(T("the {promise} fails: {criteria}.", promise=PROMISE_LABELS[key],
                        criteria=_failed_names(_example_verdicts(key))))


@task("standards.promise_minutes",
      title=T("Set the number of minutes the chain publishes"),
      hint=T("In the kept-rate table, look at the row of the weakest store: a chain-wide promise is broken "
             "wherever one store misses it. Take the shortest time that store keeps for at least 95% of "
             "parties."),
      wrong=lambda: 25,
      track="manager")
def check_promise_minutes(answer):
    expect_type(answer, (int, float, np.integer, np.floating), T("a number of minutes"))
    expect(not isinstance(answer, bool) and answer > 0, T("give a positive number of minutes."))
    rates = _serve_rates()
    worst = rates.min()
    expected = min(t for t in PROMISE_MINUTES if worst[t] >= RELIABLE)
    rate = _worst_rate(float(answer))
    chain = float(S.kept_rates(data.load("restaurant_service_log"), "serve_min", [float(answer)]).iloc[0, 0])
    weakest = str(rates[expected].idxmin())
    expect(rate >= RELIABLE,
           T("at {answer:g} minutes the chain keeps the promise for {chain:.1%} of parties, but the weakest store "
             "only for {rate:.1%}: about 1 party in {one_in:.0f} there would see it broken.",
             answer=float(answer), chain=chain, rate=rate, one_in=1 / max(1 - rate, 1e-9)))
    expect(float(answer) <= expected,
           T("{answer:g} minutes is kept everywhere, but so is {expected} minutes (weakest store, {store}: {rate:.1%}): "
             "promising more time than you need gives customers less reason to choose you.",
             answer=float(answer), expected=expected, store=T("Store {x}", x=weakest.split()[-1]),
             rate=rates.loc[weakest, expected]))


@task("standards.promise_draft",
      title=T("Draft a promise that meets all six criteria"),
      hint=T("Name the serving time in minutes (one that every store keeps, from the kept-rate table), avoid "
             "asterisks and superlatives, say what the guest gets when it is broken and that telling any server "
             "is enough."),
      wrong=lambda: S.EXAMPLE_PROMISES.set_index("promise").loc["hotpot_20", "text"],
      track="manager")
def check_promise_draft(answer):
    expect_type(answer, str, T("a promise text in quotes"))
    expect(len(answer.strip()) >= 10, T("write the whole promise, as a guest would read it."))
    threshold = S.promise_threshold(answer)
    kept = None
    if threshold is not None:
        value, unit = threshold
        expect(unit in ("min", "h"), T("the serving promise is about minutes: the log times dishes in minutes."))
        kept = _worst_rate(value * (60.0 if unit == "h" else 1.0))
    table = S.check_promise(answer, kept_rate=kept, reliable=RELIABLE, lang="en")
    failed = [k for k, met in zip(table["criterion"], table["met"]) if not pd.isna(met) and not bool(met)]
    expect(not failed, T("your draft does not yet meet: {criteria}. Run standards.check_promise on it to see "
                         "why.", criteria=_join_names(failed)))
