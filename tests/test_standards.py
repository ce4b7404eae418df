"""Tests for course_lib.standards: hand-computed and published values, invariants, bad inputs."""

from __future__ import annotations

import importlib.util
import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import CourseDataError, data
from course_lib import standards as S

ROOT = Path(__file__).resolve().parent.parent
Z95 = 1.959963984540054


def erlang_c_exact(traffic: int, agents: int) -> float:
    """P(wait) straight from Erlang's formula, in exact rational arithmetic (independent of the module)."""
    a = Fraction(traffic)
    top = a**agents / math.factorial(agents) * Fraction(agents, agents - traffic)
    return float(top / (sum(a**k / math.factorial(k) for k in range(agents)) + top))


# --------------------------------------------------------------------------- Standard
def test_standard_kept_and_describe():
    s = S.Standard("wait_min", 15, 0.9, "min", "Seated within 15 minutes", "15分钟内入座")
    assert s.kept([0, 15, 15.01, np.nan]).tolist() == [True, True, False, False]
    assert s.describe() == "90% of events with wait_min <= 15 min (Seated within 15 minutes)"
    assert "15分钟内入座" in s.describe("zh")
    up = S.Standard("score", 80, 0.75, direction=">=")
    assert up.kept([79.9, 80, 95]).tolist() == [False, True, True]
    assert up.label() == "score"


@pytest.mark.parametrize("kwargs", [
    {"metric": "", "threshold": 10, "target": 0.8},
    {"metric": "w", "threshold": "fast", "target": 0.8},
    {"metric": "w", "threshold": float("nan"), "target": 0.8},
    {"metric": "w", "threshold": 10, "target": 80},
    {"metric": "w", "threshold": 10, "target": 0},
    {"metric": "w", "threshold": 10, "target": 0.8, "direction": "<"},
])
def test_standard_bad_input(kwargs):
    with pytest.raises(CourseDataError) as err:
        S.Standard(**kwargs)
    assert "fix:" in str(err.value) or "expected:" in str(err.value)


# --------------------------------------------------------------------------- Wilson
def test_wilson_by_hand():
    # 8 of 10: p = .8, z² = 3.8415; centre = (.8 + .19207)/1.38415 = .71675,
    # half = 1.95996/1.38415 · sqrt(.016 + .0096037) = .22658
    lo, hi = S.wilson_interval(8, 10)
    p, n, z2 = 0.8, 10, Z95**2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z95 / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    assert lo == pytest.approx(centre - half, abs=1e-12) and hi == pytest.approx(centre + half, abs=1e-12)
    assert (round(float(lo), 4), round(float(hi), 4)) == (0.4902, 0.9433)


@pytest.mark.parametrize("k, n, lower, upper", [
    (81, 263, 0.2553, 0.3662),   # Newcombe 1998, Stat. Med. 17:857–872, examples of the score method
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
])
def test_wilson_published(k, n, lower, upper):
    lo, hi = S.wilson_interval(k, n)
    assert round(float(lo), 4) == lower and round(float(hi), 4) == upper


@settings(max_examples=200, deadline=None)
@given(n=st.integers(1, 10_000), frac=st.floats(0, 1), conf=st.floats(0.5, 0.999))
def test_wilson_properties(n, frac, conf):
    k = int(round(frac * n))
    lo, hi = S.wilson_interval(k, n, conf)
    assert 0 <= lo <= k / n + 1e-12 <= hi + 2e-12 <= 1 + 2e-12
    lo2, hi2 = S.wilson_interval(k, n, min(conf + 0.0005, 0.9995))
    assert lo2 <= lo + 1e-12 and hi2 >= hi - 1e-12  # a higher confidence never narrows it


@pytest.mark.parametrize("k, n, conf", [(11, 10, 0.95), (-1, 10, 0.95), (1, 0, 0.95), (1, 10, 95), (1, 10, 0)])
def test_wilson_bad_input(k, n, conf):
    with pytest.raises(CourseDataError):
        S.wilson_interval(k, n, conf)


# --------------------------------------------------------------------------- compliance
@pytest.fixture
def events():
    return pd.DataFrame({
        "unit": ["A"] * 4 + ["B"] * 6,
        "month": pd.to_datetime(["2025-01-03", "2025-01-20", "2025-02-02", "2025-02-28"] * 2
                                + ["2025-02-10", "2025-02-11"]),
        "wait": [5, 12, 20, np.nan, 1, 2, 3, 30, 9, 10],
    })


def test_compliance_by_hand(events):
    s = S.Standard("wait", 10, 0.8)
    t = S.compliance(events, s, by="unit")
    assert t["unit"].tolist() == ["A", "B"]
    assert t["n"].tolist() == [3, 6] and t["kept"].tolist() == [1, 5]  # A: 5 kept; 12, 20 not; NaN dropped
    assert t["rate"].tolist() == pytest.approx([1 / 3, 5 / 6])
    lo, hi = S.wilson_interval(np.array([1, 5]), np.array([3, 6]))
    assert t["lower"].to_numpy() == pytest.approx(lo) and t["upper"].to_numpy() == pytest.approx(hi)
    assert t["meets_target"].tolist() == [False, True]
    broken = S.compliance(events, s, by="unit", missing="broken")
    assert broken["n"].tolist() == [4, 6] and broken["kept"].tolist() == [1, 5]
    overall = S.compliance(events, s)
    assert overall.loc[0, "n"] == 9 and overall.loc[0, "kept"] == 6


def test_compliance_by_period(events):
    t = S.compliance(events, S.Standard("wait", 10, 0.8), by="unit", period="month", freq="M")
    assert list(zip(t["unit"], t["month"].dt.month, t["n"], t["kept"])) == [
        ("A", 1, 2, 1), ("A", 2, 1, 0), ("B", 1, 2, 2), ("B", 2, 4, 3)]


def test_compliance_status():
    ev = pd.DataFrame({"u": ["good"] * 200 + ["bad"] * 200,
                       "t": [1] * 195 + [9] * 5 + [1] * 120 + [9] * 80})
    t = S.compliance(ev, S.Standard("t", 5, 0.9), by="u").set_index("u")
    assert t.loc["good", "status"] == "above" and t.loc["bad", "status"] == "below"
    few = S.compliance(ev.iloc[[0, 1, 2, 199]], S.Standard("t", 5, 0.9), by="u")
    assert few["status"].tolist() == ["unclear"]


def test_compliance_matches_pandas_on_real_data():
    covid = data.load("covid_testing_tat")
    covid = covid.assign(tat=covid["col_rec_tat"] + covid["rec_ver_tat"])
    covid = covid[covid["tat"] >= 0]
    t = S.compliance(covid, S.Standard("tat", 12, 0.9, "h"), by="clinic_name")
    expected = (covid["tat"] <= 12).groupby(covid["clinic_name"]).agg(["size", "sum"])
    assert t.set_index("clinic_name")["n"].to_dict() == expected["size"].to_dict()
    assert t.set_index("clinic_name")["kept"].to_dict() == expected["sum"].to_dict()


@settings(max_examples=60, deadline=None)
@given(values=st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=60),
       threshold=st.floats(0, 100), units=st.integers(1, 4))
def test_compliance_properties(values, threshold, units):
    ev = pd.DataFrame({"u": [f"u{i % units}" for i in range(len(values))], "x": values})
    t = S.compliance(ev, S.Standard("x", threshold, 0.5), by="u")
    assert t["n"].sum() == len(values)
    assert ((t["rate"] >= 0) & (t["rate"] <= 1)).all()
    assert ((t["lower"] <= t["rate"] + 1e-12) & (t["rate"] <= t["upper"] + 1e-12)).all()
    assert t["kept"].sum() == sum(v <= threshold for v in values)


def test_compliance_bad_inputs(events):
    s = S.Standard("wait", 10, 0.8)
    with pytest.raises(CourseDataError, match="required column missing"):
        S.compliance(events, S.Standard("queue", 10, 0.8))
    with pytest.raises(CourseDataError, match="required column missing"):
        S.compliance(events, s, by="store")
    bad = events.astype({"wait": object})
    bad.loc[2, "wait"] = "20 min"
    with pytest.raises(CourseDataError) as err:
        S.compliance(bad, s)
    assert err.value.row == [3] and err.value.column == "wait"
    neg = events.copy()
    neg.loc[4, "wait"] = -2
    with pytest.raises(CourseDataError, match="negative durations") as err:
        S.compliance(neg, s)
    assert err.value.row == [5]
    assert S.compliance(neg, s, allow_negative=True)["kept"].iloc[0] == 6
    blank = events.astype({"unit": object})
    blank.loc[1, "unit"] = None
    with pytest.raises(CourseDataError, match="grouping column") as err:
        S.compliance(blank, s, by="unit")
    assert err.value.row == [2]
    with pytest.raises(CourseDataError, match="without a measurement") as err:
        S.compliance(events, s, missing="error")
    assert err.value.row == [4]
    with pytest.raises(CourseDataError, match="missing must be"):
        S.compliance(events, s, missing="ignore")
    with pytest.raises(CourseDataError, match="freq needs a date"):
        S.compliance(events, s, period="unit", freq="M")
    with pytest.raises(CourseDataError, match="expected a Standard"):
        S.compliance(events, {"metric": "wait"})
    with pytest.raises(CourseDataError, match="expected a table"):
        S.compliance([1, 2], s)
    with pytest.raises(CourseDataError, match="no measured events"):
        S.compliance(events.assign(wait=np.nan), s)
    with pytest.raises(CourseDataError, match="confidence"):
        S.compliance(events, s, confidence=95)


# --------------------------------------------------------------------------- p-chart
def test_p_chart_limits_by_hand():
    # A: 20 of 25 kept; B: 90 of 100; C: 60 of 100. p̄ = 170/225 = .75556
    ev = pd.DataFrame({"unit": ["A"] * 25 + ["B"] * 100 + ["C"] * 100,
                       "t": [1] * 20 + [9] * 5 + [1] * 90 + [9] * 10 + [1] * 60 + [9] * 40})
    chart = S.p_chart(ev, S.Standard("t", 5, 0.8), by="unit")
    pbar = 170 / 225
    for n, row in zip([25, 100, 100], chart.itertuples()):
        sd = math.sqrt(pbar * (1 - pbar) / n)
        assert row.center == pytest.approx(pbar)
        assert row.lcl == pytest.approx(pbar - 3 * sd) and row.ucl == pytest.approx(min(1, pbar + 3 * sd))
    # by hand: n = 100 → sd = .042976, limits .62663 … .88448; B (.90) above, C (.60) below
    assert chart["ucl"].iloc[1] == pytest.approx(0.88448, abs=1e-5)
    assert chart["lcl"].iloc[2] == pytest.approx(0.62663, abs=1e-5)
    assert chart["out_of_control"].tolist() == [False, True, True]
    assert chart["side"].tolist() == ["", "above", "below"]
    fixed = S.p_chart(ev, S.Standard("t", 5, 0.8), by="unit", center=0.9)
    assert fixed["center"].iloc[0] == 0.9 and fixed["side"].tolist() == ["", "", "below"]


def test_p_chart_laney_is_wider_when_overdispersed():
    rng = np.random.default_rng(1)
    parts = []
    for i, p in enumerate(rng.uniform(0.7, 0.95, 12)):
        parts.append(pd.DataFrame({"u": f"u{i:02d}", "t": np.where(rng.random(3000) < p, 1, 9)}))
    ev = pd.concat(parts)
    s = S.Standard("t", 5, 0.8)
    p = S.p_chart(ev, s, by="u")
    lp = S.p_chart(ev, s, by="u", method="laney")
    assert (lp["ucl"] - lp["lcl"] > p["ucl"] - p["lcl"]).all()
    assert lp["out_of_control"].sum() < p["out_of_control"].sum()


def test_p_chart_finds_the_inconsistent_branch():
    bank = data.load("bank_service_log")
    chart = S.p_chart(bank, S.Standard("wait_min", 10, 0.85), by="branch")
    assert chart.loc[chart["side"] == "below", "branch"].tolist() == ["Branch 05"]


def test_p_chart_bad_inputs(events):
    s = S.Standard("wait", 10, 0.8)
    with pytest.raises(CourseDataError, match="method"):
        S.p_chart(events, s, by="unit", method="np")
    with pytest.raises(CourseDataError, match="sigma"):
        S.p_chart(events, s, by="unit", sigma=-3)
    with pytest.raises(CourseDataError, match="center"):
        S.p_chart(events, s, by="unit", center=1.5)


# --------------------------------------------------------------------------- Erlang C
def test_erlang_c_by_hand():
    # A = 1 Erlang, 2 agents: P(wait) = (1/2 · 2/1) / (1 + 1 + 1) = 1/3
    r = S.erlang_c(arrival_rate=1, service_time=1, agents=2, target_answer_time=0.5)
    assert r.p_wait == pytest.approx(1 / 3)
    assert r.asa == pytest.approx(1 / 3)                       # C·s/(N−A) = (1/3)/1
    assert r.service_level == pytest.approx(1 - math.exp(-0.5) / 3)
    # A = 2, 3 agents: B(3, 2) = 4/19, C = 3B / (3 − 2(1 − B)) = 4/9
    r = S.erlang_c(2, 1, 3, 1)
    assert r.p_wait == pytest.approx(4 / 9) and r.occupancy == pytest.approx(2 / 3)
    assert r.service_level == pytest.approx(1 - 4 / 9 * math.exp(-1))


def test_erlang_c_is_mm1_with_one_agent():
    # M/M/1: P(wait) = ρ and mean wait in queue Wq = ρ/(μ − λ)
    lam, mu = 0.6, 1.0
    r = S.erlang_c(lam, 1 / mu, 1)
    assert r.p_wait == pytest.approx(0.6) and r.asa == pytest.approx(0.6 / (mu - lam))


@pytest.mark.parametrize("agents", [49, 53, 54, 55, 60])
def test_erlang_c_matches_exact_formula(agents):
    # 360 calls per half hour with 240 s handle time: 48 Erlangs; 80% within 20 s
    r = S.erlang_c(360 / 1800, 240, agents, 20)
    c = erlang_c_exact(48, agents)
    assert r.traffic == pytest.approx(48)
    assert r.p_wait == pytest.approx(c, rel=1e-10)
    assert r.service_level == pytest.approx(1 - c * math.exp(-(agents - 48) * 20 / 240), rel=1e-10)
    assert r.asa == pytest.approx(c * 240 / (agents - 48), rel=1e-10)


def test_agents_needed():
    # exact formula: 53 agents → 75.2 %, 54 → 81.7 % within 20 s
    assert S.agents_needed(360 / 1800, 240, 20, 0.8) == 54
    assert S.agents_needed(360 / 1800, 240, 20, 0.8, max_occupancy=0.85) == 57   # 48 / 0.85 = 56.5
    assert S.agents_needed(0, 240, 20, 0.8) == 1
    assert S.erlang_c(1, 1, 1).p_wait == 1 and math.isinf(S.erlang_c(1, 1, 1).asa)  # unstable


@settings(max_examples=80, deadline=None)
@given(rate=st.floats(0.01, 5), service=st.floats(0.5, 30), answer=st.floats(0, 10), goal=st.floats(0.5, 0.98))
def test_staffing_properties(rate, service, answer, goal):
    need = S.agents_needed(rate, service, answer, goal)
    assert need > rate * service                                              # stable queue
    assert S.erlang_c(rate, service, need, answer).service_level >= goal - 1e-9
    if need - 1 > rate * service:
        assert S.erlang_c(rate, service, need - 1, answer).service_level < goal
    curve = S.staffing_curve(rate, service, answer, agents=range(need, need + 6))
    assert (np.diff(curve["service_level"]) >= -1e-12).all()                   # more agents, better service
    assert (np.diff(curve["p_wait"]) <= 1e-12).all() and (np.diff(curve["asa"]) <= 1e-12).all()
    assert curve["p_wait"].between(0, 1).all() and curve["service_level"].between(0, 1).all()


def test_staffing_plan_on_real_calls():
    calls = data.load("bank_calls")
    calls = calls.assign(slot=calls["DateTime"].dt.hour)
    plan = S.staffing_plan(calls, count="Calls", interval=300, service_time=300, target_answer_time=20,
                           target_service_level=0.8, by="slot")
    assert plan["slot"].tolist() == list(range(7, 22))
    peak = plan.loc[plan["arrivals"].idxmax()]
    assert peak["agents"] == S.agents_needed(peak["arrivals"] / 300, 300, 20, 0.8)
    assert (plan["agents"] > plan["traffic"]).all() and (plan["service_level"] >= 0.8).all()
    assert plan.sort_values("arrivals")["agents"].is_monotonic_increasing


@pytest.mark.parametrize("call", [
    lambda: S.erlang_c(-1, 240, 10),
    lambda: S.erlang_c(1, 0, 10),
    lambda: S.erlang_c(1, 240, 0),
    lambda: S.erlang_c(1, 240, 2.5),
    lambda: S.erlang_c(1, 240, True),
    lambda: S.erlang_c("many", 240, 3),
    lambda: S.agents_needed(1, 240, 20, 1.0),
    lambda: S.agents_needed(1, 240, 20, 80),
    lambda: S.agents_needed(1, 240, -5, 0.8),
    lambda: S.agents_needed(1, 240, 20, 0.8, max_occupancy=0),
    lambda: S.staffing_curve(1, 240, 20, agents=[]),
    lambda: S.staffing_plan(pd.DataFrame({"calls": [10, -3]}), count="calls", interval=1800, service_time=240,
                            target_answer_time=20, target_service_level=0.8),
])
def test_staffing_bad_inputs(call):
    with pytest.raises(CourseDataError):
        call()


# --------------------------------------------------------------------------- guarantees
def test_guarantee_scoring():
    g = S.score_guarantee(S.EXAMPLE_GUARANTEES["hotpot_wait"]["ratings"])
    assert (g.total, g.maximum, g.share, g.weakest) == (9, 10, 0.9, ("unconditional",))
    card = S.guarantee_checklist("zh")
    assert card["name"].iloc[0] == "无条件" and card["score"].isna().all()
    card["score"] = [2, 2, 2, 2, 2]
    assert S.score_guarantee(card).weakest == ()
    assert g.table("zh")["rating"].tolist() == ["部分", "是", "是", "是", "是"]


@pytest.mark.parametrize("ratings", [
    {"unconditional": 2, "easy_to_understand": 2, "meaningful": 2, "easy_to_invoke": 2},
    {"unconditional": 3, "easy_to_understand": 2, "meaningful": 2, "easy_to_invoke": 2, "easy_to_collect": 2},
    {"unconditional": 1.5, "easy_to_understand": 2, "meaningful": 2, "easy_to_invoke": 2, "easy_to_collect": 2},
    {"unconditonal": 2, "easy_to_understand": 2, "meaningful": 2, "easy_to_invoke": 2, "easy_to_collect": 2},
    [2, 2, 2, 2, 2],
])
def test_guarantee_bad_ratings(ratings):
    with pytest.raises(CourseDataError):
        S.score_guarantee(ratings)


def test_guarantee_economics_by_hand():
    # 2,000 customers, 10% failures → 200; 60% invoke → 120 genuine claims; 1% of the 1,800 others
    # claim falsely → 18; 138 claims × (50 + 5) = 7,590. Retained: 120 × (.5 − .2) = 36 × 300 = 10,800.
    e = S.guarantee_economics(2000, 0.10, 50, 300, invoke_rate=0.6, defection_unhappy=0.5,
                              defection_compensated=0.2, false_claim_rate=0.01, admin_cost_per_claim=5,
                              new_customers=4)
    assert e.claims == pytest.approx(138) and e.payout_cost == pytest.approx(7590)
    assert e.retained_revenue == pytest.approx(10_800) and e.new_customer_revenue == pytest.approx(1200)
    assert e.net_benefit == pytest.approx(10_800 + 1200 - 7590)
    at_break_even = S.guarantee_economics(2000, 0.10, e.break_even_payout, 300, invoke_rate=0.6,
                                          defection_unhappy=0.5, defection_compensated=0.2, false_claim_rate=0.01,
                                          admin_cost_per_claim=5, new_customers=4)
    assert at_break_even.net_benefit == pytest.approx(0, abs=1e-6)


@pytest.mark.parametrize("kwargs", [{"failure_rate": 1.2}, {"payout": -1}, {"invoke_rate": -0.1},
                                    {"customers": float("nan")}, {"customer_value": "a lot"}])
def test_guarantee_economics_bad_inputs(kwargs):
    base = dict(customers=1000, failure_rate=0.05, payout=20, customer_value=200)
    with pytest.raises(CourseDataError):
        S.guarantee_economics(**{**base, **kwargs})


# --------------------------------------------------------------------------- commitment cycle
def test_commitment_cycle():
    card = S.commitment_scorecard()
    assert len(card) == 10 and card["score"].isna().all()
    card["score"] = [4, 2, 3, 3, 1, 1, 2, 2, 0, 2]
    out = S.score_cycle(card)
    assert out["stage"].tolist() == ["formulate", "publicise", "execute", "monitor", "improve"]
    assert out["score"].tolist() == [3.0, 3.0, 1.0, 2.0, 1.0]
    assert out.loc[out["weakest"], "stage_zh"].tolist() == ["承诺执行", "反馈与改进"]


@pytest.mark.parametrize("scores, match", [
    ([4, 2, 3, 3, 1, 1, 2, 2, 0, 5], "out of range"),
    ([4, 2, 3, 3, 1, 1, 2, 2, 0, 2.5], "whole numbers"),
    ([4, 2, 3, 3, 1, 1, 2, 2, 0, np.nan], "empty cells"),
])
def test_commitment_cycle_bad_scores(scores, match):
    card = S.commitment_scorecard()
    card["score"] = scores
    with pytest.raises(CourseDataError, match=match) as err:
        S.score_cycle(card)
    assert err.value.row == [10]


def test_commitment_cycle_unknown_stage():
    card = S.commitment_scorecard().assign(score=2)
    card.loc[3, "stage"] = "advertise"
    with pytest.raises(CourseDataError, match="unknown stage") as err:
        S.score_cycle(card)
    assert err.value.row == [4]


# --------------------------------------------------------------------------- difference in differences
@pytest.fixture
def panel():
    return pd.DataFrame({"branch": ["a", "a", "b", "b", "c", "c", "d", "d"],
                         "trained": [1, 1, 1, 1, 0, 0, 0, 0],
                         "post": [0, 1] * 4,
                         "score": [70, 80, 60, 74, 65, 68, 75, 76]})


def test_did_by_hand_2x2(panel):
    r = S.did(panel, "score", unit="branch", treated="trained", post="post")
    # 2×2 table of means: treated 65 → 77, control 70 → 72; DiD = 12 − 2 = 10
    assert r.means.loc["treated"].tolist() == [65, 77] and r.means.loc["control"].tolist() == [70, 72]
    assert r.estimate == 10 and r.naive == 12
    # branch changes: treated 10, 14 (var 8), control 3, 1 (var 2): SE = sqrt(8/2 + 2/2) = sqrt(5)
    assert r.se == pytest.approx(math.sqrt(5))
    df = 25 / (16 + 1)                                   # Welch: (4 + 1)² / (4²/1 + 1²/1)
    assert r.df == pytest.approx(df)
    from scipy import stats
    half = stats.t.ppf(0.975, df) * math.sqrt(5)
    assert (r.lower, r.upper) == pytest.approx((10 - half, 10 + half))


def test_did_equals_regression_on_balanced_panel(panel):
    # with one row per unit and period, DiD equals the interaction coefficient of OLS
    x = np.column_stack([np.ones(8), panel["trained"], panel["post"], panel["trained"] * panel["post"]])
    beta = np.linalg.lstsq(x, panel["score"].to_numpy(float), rcond=None)[0]
    assert S.did(panel, "score", unit="branch", treated="trained", post="post").estimate == pytest.approx(beta[3])


def test_did_on_training_panel_recovers_the_built_in_effect():
    p = data.load("training_panel")
    r = S.did(p, "mystery_score", unit="branch", treated="trained", post="post")
    true_mean_effect = 4.0 * (1 / 3 + 2 / 3 + 1 + 1 + 1 + 1) / 6         # ramp over months 7–9
    assert r.lower < true_mean_effect < r.upper
    assert r.n_treated == r.n_control == 12
    naive_gap = (p[(p.post == 1) & (p.trained == 1)].mystery_score.mean()
                 - p[(p.post == 1) & (p.trained == 0)].mystery_score.mean())
    assert naive_gap < 0 < r.estimate        # trained branches still score lower after training


def test_did_bad_inputs(panel):
    kw = dict(unit="branch", treated="trained", post="post")
    mixed = panel.copy()
    mixed.loc[1, "trained"] = 0
    with pytest.raises(CourseDataError, match="both treated and untreated") as err:
        S.did(mixed, "score", **kw)
    assert err.value.row == [1, 2]
    with pytest.raises(CourseDataError, match="before and after"):
        S.did(panel.drop(index=7), "score", **kw)
    with pytest.raises(CourseDataError, match="at least two"):
        S.did(panel[panel.branch != "a"], "score", **kw)
    coded = panel.assign(post=panel["post"].map({0: "before", 1: "after"}))
    with pytest.raises(CourseDataError, match="not 0/1"):
        S.did(coded, "score", **kw)
    with pytest.raises(CourseDataError, match="required column missing"):
        S.did(panel, "csat", **kw)
    text = panel.astype({"score": object})
    text.loc[0, "score"] = "n/a"
    with pytest.raises(CourseDataError, match="non-numeric") as err:
        S.did(text, "score", **kw)
    assert err.value.row == [1]


# --------------------------------------------------------------------------- plots and widget
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plots_render_in_both_languages(lang, panel):
    import warnings

    rest = data.load("restaurant_service_log")
    s = S.Standard("serve_min", 20, 0.9)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = S.plot_compliance(S.compliance(rest, s, by="store"), lang=lang)
        assert ax.get_title() == ("承诺兑现率" if lang == "zh" else "Promise-kept rate")
        trend = S.compliance(rest, s, by="store", period="date", freq="M")
        S.plot_compliance_trend(trend, period="date", by="store", highlight=["Store B", "Store D"], lang=lang)
        ax = S.plot_p_chart(S.p_chart(rest, s, by="store"), lang=lang)
        assert len(ax.get_xticklabels()) == 6
        ax = S.plot_staffing(0.2, 240, 20, 0.8, lang=lang)
        assert ax.get_xlabel() == ("在岗人数" if lang == "zh" else "Agents on duty")
        S.plot_did(panel.assign(m=panel["post"] + 1), "score", time="m", treated="trained", post="post", lang=lang)
        card = S.commitment_scorecard().assign(score=[3, 3, 2, 2, 3, 1, 1, 0, 2, 1])
        S.plot_cycle(S.score_cycle(card), lang=lang)
        S.plot_guarantee(S.score_guarantee(S.EXAMPLE_GUARANTEES["bank_response"]["ratings"]), lang=lang)
        ax.figure.canvas.draw()
    with pytest.raises(ValueError):
        S.plot_staffing(0.2, 240, 20, 0.8, lang="fr")


def test_staffing_widget(capsys):
    w = S.staffing_widget(lang="zh")
    assert int(w.result["agents"].iloc[0]) == S.agents_needed(360 / 3600, 240, 20, 0.8)
    w.controls["calls_per_hour"].value = 1200
    w.controls["service_level"].value = 0.9
    assert int(w.result["agents"].iloc[0]) == S.agents_needed(1200 / 3600, 240, 20, 0.9)
    assert w.result["service_level"].iloc[0] >= 0.9


# --------------------------------------------------------------------------- synthetic data
def test_generator_is_deterministic(tmp_path):
    path = ROOT / "datasets" / "generators" / "standards.py"
    spec = importlib.util.spec_from_file_location("gen_standards", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for written in module.generate(tmp_path):
        committed = ROOT / "datasets" / "synthetic" / written.name
        assert written.read_bytes() == committed.read_bytes(), written.name
        assert written.stat().st_size < 2_000_000


def test_inconsistent_units_are_below_target():
    rest = S.compliance(data.load("restaurant_service_log"), S.Standard("serve_min", 20, 0.9), by="store")
    assert rest.loc[rest["status"] == "below", "store"].tolist() == ["Store D"]
    travel = S.compliance(data.load("travel_service_log"), S.Standard("response_h", 2, 0.9), by="office")
    assert travel.loc[travel["status"] == "below", "office"].tolist() == ["Chengdu"]


# --------------------------------------------------------------------------- exercise checks
def test_checks_give_specific_feedback():
    from course_lib.checks import evaluate
    from course_lib.checks.standards import _bank_chart, _store_d_rate

    assert evaluate("standards.promise_kept_rate", _store_d_rate()).passed
    percent = evaluate("standards.promise_kept_rate", _store_d_rate() * 100)
    assert percent.status == "fail" and "share" in percent.message
    chart = _bank_chart()
    above = chart.loc[chart["side"] == "above", "branch"].tolist()
    mixed = evaluate("standards.p_chart_below", ["Branch 05", above[0]])
    assert mixed.status == "fail" and "high side" in mixed.message
    assert evaluate("standards.p_chart_below", "Branch 05").passed
    assert evaluate("standards.guarantee_score", S.EXAMPLE_GUARANTEES["travel_refund"]["ratings"]).passed
    partial = evaluate("standards.guarantee_score", {"unconditional": 0})
    assert partial.status == "fail" and "not rated" in partial.message
    assert evaluate("standards.cycle_weakest", ["Publicise"]).passed     # the label counts as the key
    assert not evaluate("standards.cycle_weakest", ["Monitor"]).passed
    assert evaluate("standards.cycle_weakest", ["publicise"]).passed
