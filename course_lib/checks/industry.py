"""Checks for the exercise of lesson 08, industry cases (restaurants, travel, finance).

Every expected answer is recomputed from the shipped synthetic data of the three cases in
:mod:`course_lib.cases`. Four decision tasks for managers (read a table the exercise shows, then
choose or set one value) and two analyst tasks (pandas); each task's ``track`` says which is which.

* ``industry.weakest_moment``: which industry's top moment of truth to fix first (by impact);
* ``industry.travel_promise``: the shortest first-response promise, in whole hours, that every
  office of the travel agency keeps today for the case's target share of requests;
* ``industry.bank_promise``: which promise the bank publishes first (the moment that hurts most
  among those its service log can monitor);
* ``industry.compliant_wording``: which promise wording respects the suitability rules;
* ``industry.advice_let_down`` (analyst): share of bank customers let down at the product advice;
* ``industry.after_trip_resolved`` (analyst): share of after-trip requests (refunds, complaints)
  resolved within 48 hours.

An industry may be answered by its key (``"travel"``) or its English or Chinese name, a bank
promise by its key or its label.
"""

from __future__ import annotations

import math
import numbers
from functools import lru_cache

import pandas as pd

from course_lib import cases, data, journey
from course_lib.checks import choice_key, expect, expect_choice, expect_close, expect_fraction, normalise_choice, task
from ..lang import T

#: The travel agency's first-response promise is set on this column of its service log.
RESPONSE = "response_h"
#: Requests that come after the trip in the travel agency's log (after-trip care).
AFTER_TRIP = ("refund", "complaint")
#: Hours within which an after-trip request counts as resolved (the agency's resolution promise).
RESOLVE_HOURS = 48
#: The touchpoint of the bank's journey where an adviser recommends products.
ADVICE = "product_advice"

#: Candidate promises of the bank: label, the journey touchpoint each one addresses (None: a SERVQUAL
#: dimension instead) and the service-log column that would monitor it (None: the log does not time it).
BANK_PROMISES = {
    "wait": T("Served within 10 minutes"),
    "paperwork": T("Account paperwork done in one visit"),
    "advice": T("Expert advice fitted to you"),
    "branches": T("Modern, comfortable branches"),
}
_BANK_TOUCHPOINT = {"wait": "waiting", "paperwork": "paperwork", "advice": ADVICE, "branches": None}
_BANK_METRIC = {"wait": "wait_min", "paperwork": None, "advice": None, "branches": None}

_INDUSTRY_NAMES = {key: cases.get_case(key).name for key in cases.INDUSTRIES}
#: Display names of the travel agency's offices (``travel_service_log``), for the feedback.
OFFICES = {
    "Beijing": T("Beijing", context="office"),
    "Shanghai": T("Shanghai", context="office"),
    "Guangzhou": T("Guangzhou", context="office"),
    "Chengdu": T("Chengdu", context="office"),
    "Online desk": T("Online desk", context="office"),
}


def _industry(answer) -> str:
    return normalise_choice(answer, _INDUSTRY_NAMES, what=T("industries of the cases"))


def _touchpoint(name: str):
    return journey.LABELS.get(name, name)


@lru_cache(maxsize=None)
def _mots(industry: str) -> pd.DataFrame:
    return journey.identify_mots(data.load(cases.get_case(industry).journey), method="impact", top=3)


def _top(industry: str) -> pd.Series:
    return _mots(industry).iloc[0]


# --------------------------------------------------------------------------- manager: which industry first
def _weakest() -> str:
    return max(cases.INDUSTRIES, key=lambda k: float(_top(k)["impact"]))


@task("industry.weakest_moment",
      title=T("Which industry's weakest moment do you fix first?"),
      hint=T("Compare the top moment of truth of the three industries by impact (importance × shortfall), not by "
             "the share of customers let down alone: impact also weighs how much customers care and how far "
             "below their expectation the moment falls."),
      wrong=lambda: max(cases.INDUSTRIES, key=lambda k: float(_top(k)["share_hurt"])),
      track="manager")
def check_weakest_moment(answer):
    got = _industry(answer)
    expected = _weakest()
    if got == expected:
        return
    mine, best = _top(got), _top(expected)
    most_hurt = max(cases.INDUSTRIES, key=lambda k: float(_top(k)["share_hurt"]))
    if got == most_hurt:
        expect(False, T("{moment} ({industry}) lets down the largest share of customers ({share:.0%}), but its impact "
                        "is {impact:.2f}; {best} ({best_industry}) has impact {best_impact:.2f}: customers care "
                        "more about it or it falls further below their expectation.",
                        moment=_touchpoint(mine["touchpoint"]), industry=_INDUSTRY_NAMES[got],
                        share=float(mine["share_hurt"]), impact=float(mine["impact"]),
                        best=_touchpoint(best["touchpoint"]), best_industry=_INDUSTRY_NAMES[expected],
                        best_impact=float(best["impact"])))
    expect(False, T("the top moment of {industry}, {moment}, has impact {impact:.2f}: another industry's top moment "
                    "has a larger impact.", industry=_INDUSTRY_NAMES[got], moment=_touchpoint(mine["touchpoint"]),
                    impact=float(mine["impact"])))


# --------------------------------------------------------------------------- manager: the travel promise
@lru_cache(maxsize=None)
def _travel_log() -> pd.DataFrame:
    return data.load(cases.get_case("travel").service_log)


def _travel_target() -> float:
    return float(next(s.target for s in cases.get_case("travel").standards if s.metric == RESPONSE))


def _kept_by_office(hours: float) -> pd.Series:
    """Share of requests first answered within ``hours``, per office (requests without a time left out)."""
    log = _travel_log().dropna(subset=[RESPONSE])
    unit = cases.get_case("travel").unit
    return (log[RESPONSE] <= hours).groupby(log[unit]).mean()


def _travel_promise() -> int:
    """The shortest whole number of hours that every office keeps for the target share of requests."""
    hours = 1
    while _kept_by_office(hours).min() < _travel_target():
        hours += 1
    return hours


@task("industry.travel_promise",
      title=T("The first-response promise the travel agency can publish"),
      hint=T("A published promise holds in every office: read the table row by row and find the slowest office; "
             "the promise is the shortest whole number of hours within which that office, too, answers the "
             "target share of requests."),
      wrong=lambda: math.ceil(float(_travel_log()[RESPONSE].quantile(_travel_target()))),
      track="manager")
def check_travel_promise(answer):
    expect(isinstance(answer, numbers.Real) and not isinstance(answer, bool),
           T("give a number of hours, such as 4."))
    expect(float(answer) == int(answer), T("the agency promises whole hours: give a whole number, such as 4."))
    hours, expected = int(answer), _travel_promise()
    target = _travel_target()
    if hours < expected:
        kept = _kept_by_office(hours)
        expect(False, T("{office} answers only {share:.0%} of its requests within {hours} h, below the {target:.0%} "
                        "the promise needs: the promise would be broken there too often.",
                        office=OFFICES.get(kept.idxmin(), kept.idxmin()), share=float(kept.min()), hours=hours, target=target))
    expect(hours == expected, T("every office keeps {hours} h, but so does a shorter promise of {expected} h: a "
                                "promise that is longer than needed is worth less to travellers.",
                                hours=hours, expected=expected))


# --------------------------------------------------------------------------- manager: the bank's promise
def _bank_impact(key: str) -> float | None:
    touchpoint = _BANK_TOUCHPOINT[key]
    if touchpoint is None:
        return None
    mots = _mots("bank").set_index("touchpoint")
    return float(mots.loc[touchpoint, "impact"])


def _bank_promise() -> str:
    measured = [k for k in BANK_PROMISES if _BANK_METRIC[k] is not None and _bank_impact(k) is not None]
    return max(measured, key=_bank_impact)


@lru_cache(maxsize=None)
def _bank_gaps() -> pd.Series:
    from course_lib import servqual as sq

    return sq.gap_significance(data.load(cases.get_case("bank").servqual))["gap"]


@task("industry.bank_promise",
      title=T("Which promise does the bank publish first?"),
      hint=T("A promise is worth publishing where customers are hurt most and where the bank can measure, every "
             "day, whether it is kept: compare the moments by impact, then check which ones the service log "
             "times; a dimension customers already rate above their expectation needs no promise."),
      wrong=lambda: "paperwork",
      track="manager")
def check_bank_promise(answer):
    got = normalise_choice(answer, BANK_PROMISES, what=T("candidate promises"))
    expected = _bank_promise()
    if got == expected:
        return
    if got == "branches":
        expect(False, T("customers already rate the bank's tangibles above their expectation (gap {gap:+.2f}): a "
                        "promise of modern branches spends money where there is no shortfall.",
                        gap=float(_bank_gaps()["tangibles"])))
    mots = _mots("bank").set_index("touchpoint")
    row = mots.loc[_BANK_TOUCHPOINT[got]]
    if _BANK_METRIC[got] is None:
        expect(False, T("{moment} has impact {impact:.2f} and lets down {share:.0%} of customers, but the bank's "
                        "service log does not time it, so nobody could see whether the promise is kept; "
                        "{best} has impact {best_impact:.2f} and the log measures it.",
                        moment=_touchpoint(_BANK_TOUCHPOINT[got]), impact=float(row["impact"]),
                        share=float(row["share_hurt"]), best=_touchpoint(_BANK_TOUCHPOINT[expected]),
                        best_impact=float(mots.loc[_BANK_TOUCHPOINT[expected], "impact"])))
    expect(False, T("{moment} has impact {impact:.2f}: another moment that the log measures hurts more.",
                    moment=_touchpoint(_BANK_TOUCHPOINT[got]), impact=float(row["impact"])))


# --------------------------------------------------------------------------- manager: a compliant wording
_WORDING_KEY = "sha256:industry.compliant_wording:dc95e3e9a34cae6415dbcd83"
#: Why each of the other wordings is wrong, keyed by its stored form (see ``choice_key``).
_WORDING_REASONS = {
    "sha256:industry.compliant_wording:d3568b2a269d2e2a03bf0747":
        T("this wording promises an investment result: the rules on asset management forbid promising principal "
          "or returns, and the first market fall would break the promise."),
    "sha256:industry.compliant_wording:2c69cce43b3ec2e5919b99f1":
        T("this wording puts the return before the customer: suitability rules require a recommendation that fits "
          "the customer's goals and risk tolerance, which the highest return often does not."),
    "sha256:industry.compliant_wording:9e8455ab37bbdaadd13ee6ab":
        T("this wording is measurable and fast, but a recommendation within 15 minutes leaves no time to learn the "
          "customer's goals and risk tolerance, which suitability rules require first."),
}


@task("industry.compliant_wording",
      title=T("A promise an adviser may make"),
      hint=T("A bank may promise how it serves (time, explanation, a check that the product fits the customer), "
             "never an investment result, and never a recommendation made before it knows the customer's goals "
             "and risk tolerance."),
      wrong=lambda: "d",
      track="manager")
def check_compliant_wording(answer):
    if isinstance(answer, str) and len(answer.strip()) == 1:
        reason = _WORDING_REASONS.get(choice_key(answer, "industry.compliant_wording"))
        expect(reason is None, reason)
    expect_choice(answer, _WORDING_KEY)


# --------------------------------------------------------------------------- analyst: advice let down
def _advice_let_down() -> float:
    visits = data.load(cases.get_case("bank").journey)
    advice = visits[visits["touchpoint"] == ADVICE]
    return float((advice["experience"] < advice["expectation"]).mean())


def _advice_not_above() -> float:
    visits = data.load(cases.get_case("bank").journey)
    advice = visits[visits["touchpoint"] == ADVICE]
    return float((advice["experience"] <= advice["expectation"]).mean())


@task("industry.advice_let_down",
      title=T("Bank customers let down by the product advice (analyst)"),
      hint=T("Keep the bank journey's rows of the product-advice touchpoint, mark the customers whose experience "
             "is below their expectation, and take the mean of that mark."),
      wrong=_advice_not_above,
      track="analyst")
def check_advice_let_down(answer):
    expect_fraction(answer)
    expected = _advice_let_down()
    if isinstance(answer, numbers.Real) and abs(float(answer) - _advice_not_above()) <= 1e-3 \
            and abs(_advice_not_above() - expected) > 1e-3:
        expect(False, T("you also counted the customers whose experience equals their expectation: they were not "
                        "let down. Count only experience < expectation."))
    expect_close(answer, expected, tol=1e-3, label=T("share"))


# --------------------------------------------------------------------------- analyst: after-trip care
def _after_trip() -> pd.DataFrame:
    log = _travel_log()
    return log[log["request"].isin(AFTER_TRIP)]


def _after_trip_resolved() -> float:
    after = _after_trip().dropna(subset=["resolution_h"])
    return float((after["resolution_h"] <= RESOLVE_HOURS).mean())


@task("industry.after_trip_resolved",
      title=T("After-trip requests resolved within 48 hours (analyst)"),
      hint=T("Keep the travel log's refund and complaint requests, leave out those still open (no resolution "
             "time), and take the share resolved within 48 hours."),
      wrong=lambda: float((_after_trip()["resolution_h"] <= RESOLVE_HOURS).mean()),
      track="analyst")
def check_after_trip_resolved(answer):
    expect_fraction(answer)
    expected = _after_trip_resolved()
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        value = float(answer)
        with_open = float((_after_trip()["resolution_h"] <= RESOLVE_HOURS).mean())
        log = _travel_log().dropna(subset=["resolution_h"])
        everything = float((log["resolution_h"] <= RESOLVE_HOURS).mean())
        expect(abs(value - with_open) > 1e-3,
               T("you counted the requests still open as not resolved: leave them out, they have no resolution "
                 "time yet."))
        expect(abs(value - everything) > 1e-3,
               T("that is the share of all requests; after-trip care is the refunds and complaints only."))
    expect_close(answer, expected, tol=1e-3, label=T("share"))
