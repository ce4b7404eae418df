"""Tests for course_lib.feedback: Pareto by hand, resolution times, repeats, closing the loop, recovery."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from scipy import stats  # noqa: E402

from course_lib import CourseDataError, data, feedback  # noqa: E402
from course_lib.lang import pick


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- Pareto
def test_pareto_by_hand():
    log = pd.DataFrame({"category": list("CBAABABAAD")})  # A 5, B 3, C 1, D 1
    t = feedback.pareto(log)
    assert t.index.tolist() == ["A", "B", "C", "D"]        # ties C, D broken by name
    assert t["count"].tolist() == [5, 3, 1, 1]
    assert t["share"].tolist() == pytest.approx([0.5, 0.3, 0.1, 0.1])
    assert t["cumulative"].tolist() == pytest.approx([0.5, 0.8, 0.9, 1.0])
    # B brings the total to exactly 80%: it is in; C starts at 80%: it is out
    assert t["vital_few"].tolist() == [True, True, False, False]
    assert feedback.pareto(log, threshold=0.81)["vital_few"].tolist() == [True, True, True, False]
    assert feedback.pareto(log, threshold=0.5)["vital_few"].tolist() == [True, False, False, False]


def test_pareto_weighted():
    log = pd.DataFrame({"category": ["a", "b", "b"], "cost": [10.0, 1.0, 2.0]})
    t = feedback.pareto(log, weight="cost")
    assert t.index.tolist() == ["a", "b"] and t["count"].tolist() == [10.0, 3.0]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(list("abcdefg")), min_size=1, max_size=80), st.floats(0.05, 1.0))
def test_pareto_properties(cats, threshold):
    t = feedback.pareto(pd.DataFrame({"category": cats}), threshold=threshold)
    assert t["count"].sum() == len(cats)
    assert (np.diff(t["count"]) <= 0).all()
    assert t["cumulative"].iloc[-1] == pytest.approx(1.0)
    assert t["vital_few"].iloc[0]
    vital = t["vital_few"].to_numpy()
    assert (np.diff(vital.astype(int)) <= 0).all()              # the vital few come first
    assert t["share"][vital].sum() >= threshold - 1e-9          # and reach the threshold


def test_pareto_shipped_log():
    log = data.load("complaint_log")
    t = feedback.pareto(log)
    counts = log["category"].value_counts()
    assert t["count"].to_dict() == counts.to_dict()
    assert t.index[0] == counts.idxmax()
    assert 2 <= t["vital_few"].sum() <= 4


@pytest.mark.parametrize("log, kwargs, fragment", [
    (pd.DataFrame({"type": ["a"]}), {}, "required column missing"),
    (pd.DataFrame({"category": ["a", None, "b"]}), {}, "without a category"),
    (pd.DataFrame({"category": ["a"], "cost": [-1.0]}), {"weight": "cost"}, "out of range"),
    (pd.DataFrame({"category": ["a"], "cost": ["x"]}), {"weight": "cost"}, "non-numeric"),
    (pd.DataFrame({"category": ["a"], "cost": [0.0]}), {"weight": "cost"}, "all weights are zero"),
    (pd.DataFrame({"category": ["a"]}), {"threshold": 80}, "between 0 and 1"),
    (pd.DataFrame({"category": []}), {}, "no rows"),
    ([1, 2], {}, "DataFrame"),
])
def test_pareto_bad(log, kwargs, fragment):
    with pytest.raises(CourseDataError, match=fragment):
        feedback.pareto(log, **kwargs)


def test_pareto_bad_row_named():
    with pytest.raises(CourseDataError) as err:
        feedback.pareto(pd.DataFrame({"category": ["a", None, "b", None]}), source="log.csv")
    assert err.value.row == [2, 4] and err.value.source == "log.csv"


@pytest.mark.parametrize("lang, title", [("en", "Complaints by category (Pareto)"), ("zh", "投诉类别帕累托图")])
def test_plot_pareto(lang, title):
    t = feedback.pareto(data.load("complaint_log"))
    ax = feedback.plot_pareto(t, lang=lang)
    assert ax.get_title() == title
    labels = [x.get_text() for x in ax.get_xticklabels()]
    assert labels[0] == pick(feedback.COMPLAINT_LABELS[t.index[0]], lang)
    with pytest.raises(CourseDataError):
        feedback.plot_pareto(pd.DataFrame({"count": [1]}))


# --------------------------------------------------------------------------- resolution times
@pytest.fixture
def small_log():
    return pd.DataFrame({
        "customer_id": ["a", "b", "a", "c"],
        "opened": ["2025-01-01 09:00", "2025-01-01 09:00", "2025-01-20 09:00", "2025-01-02 09:00"],
        "first_contact": ["2025-01-01 10:00", None, "2025-01-23 09:00", "2025-01-02 09:30"],
        "closed": ["2025-01-01 12:00", "2025-01-02 08:00", "2025-01-23 09:00", None],
        "channel": ["app", "phone", "app", "phone"],
        "post_satisfaction": [5, 2, None, None],
    })


def test_resolution_hours_by_hand(small_log):
    assert feedback.resolution_hours(small_log).tolist()[:3] == [3.0, 23.0, 72.0]
    assert np.isnan(feedback.resolution_hours(small_log).iloc[3])


def test_within_promise_by_hand(small_log):
    t = feedback.within_promise(small_log, 24)
    row = t.loc["all"]
    assert row["n"] == 4 and row["resolved"] == 0.75
    assert row["within_promise"] == 0.5               # 3 h and 23 h kept; 72 h late; open not kept
    assert row["median_hours"] == 23.0
    by = feedback.within_promise(small_log, 24, by="channel")
    assert by["within_promise"].to_dict() == {"app": 0.5, "phone": 0.5}
    assert feedback.within_promise(small_log, 72).loc["all", "within_promise"] == 0.75  # boundary counts as kept


@pytest.mark.parametrize("change, fragment, row", [
    ({"closed": ["2024-12-31 09:00", "2025-01-02 08:00", "2025-01-23 09:00", None]}, "earlier than", [1]),
    ({"closed": ["soon", "2025-01-02 08:00", "2025-01-23 09:00", None]}, "not dates", [1]),
    ({"opened": ["2025-01-01 09:00", None, "2025-01-20 09:00", "2025-01-02 09:00"]}, "empty cells", [2]),
])
def test_resolution_bad_rows(small_log, change, fragment, row):
    bad = small_log.assign(**change)
    with pytest.raises(CourseDataError, match=fragment) as err:
        feedback.resolution_hours(bad, source="log.csv")
    assert err.value.row == row


def test_within_promise_bad(small_log):
    with pytest.raises(CourseDataError, match="positive"):
        feedback.within_promise(small_log, 0)
    with pytest.raises(CourseDataError, match="required column missing"):
        feedback.within_promise(small_log.drop(columns="closed"))
    with pytest.raises(CourseDataError, match="required column missing"):
        feedback.within_promise(small_log, by="unit")


def test_repeat_complaints_by_hand():
    log = pd.DataFrame({"customer_id": ["a", "b", "a", "a", "b"],
                        "opened": ["2025-01-01", "2025-01-02", "2025-01-31", "2025-03-15", "2025-01-01"]})
    # a: Jan 1 → Jan 31 is exactly 30 days (repeat) → Mar 15 is 43 days later (new)
    # b: rows are out of order; Jan 1 comes first, Jan 2 is the repeat
    assert feedback.repeat_complaints(log).tolist() == [False, True, True, False, False]
    assert feedback.repeat_complaints(log, window_days=29).tolist() == [False, True, False, False, False]


def test_repeat_complaints_bad():
    log = pd.DataFrame({"customer_id": ["a", None], "opened": ["2025-01-01", "2025-01-02"]})
    with pytest.raises(CourseDataError, match="without a customer id") as err:
        feedback.repeat_complaints(log)
    assert err.value.row == [2]
    with pytest.raises(CourseDataError, match="positive"):
        feedback.repeat_complaints(log, window_days=0)
    with pytest.raises(CourseDataError, match="required column missing"):
        feedback.repeat_complaints(log.drop(columns="opened"))


def test_repeats_follow_slow_complaints_in_shipped_log():
    log = data.load("complaint_log")
    rep = feedback.repeat_complaints(log)
    hours = feedback.resolution_hours(log)
    slow = hours.isna() | (hours > 72)
    # the log is in time order: was a complaint followed by a repeat from the same customer?
    followed = rep.groupby(log["customer_id"]).shift(-1).fillna(False).astype(bool)
    assert 0 < rep.mean() < 0.3
    assert followed[slow].mean() > 2 * followed[~slow].mean()


def test_closing_the_loop_by_hand(small_log):
    t = feedback.closing_the_loop(small_log, contact_hours=48)
    row = t.loc["all"]
    assert row["n"] == 4
    assert row["contacted"] == 0.75
    assert row["contacted_in_time"] == 0.5           # 1 h and 0.5 h; 72 h is late
    assert row["median_hours_to_contact"] == 1.0
    assert row["resolved"] == 0.75 and row["within_promise"] == 0.5
    assert row["repeat"] == 0.25                      # a's second complaint, 19 days later
    assert row["answered"] == 2 and row["satisfied_after"] == 0.5
    by = feedback.closing_the_loop(small_log, by="channel")
    assert by.index.tolist() == ["app", "phone"] and by["n"].tolist() == [2, 2]


@pytest.mark.parametrize("change, fragment", [
    ({"post_satisfaction": [6, 2, None, None]}, "out of range"),
    ({"first_contact": ["2024-12-01 10:00", None, None, None]}, "earlier than"),
])
def test_closing_the_loop_bad(small_log, change, fragment):
    with pytest.raises(CourseDataError, match=fragment):
        feedback.closing_the_loop(small_log.assign(**change))
    with pytest.raises(CourseDataError, match="required column missing"):
        feedback.closing_the_loop(small_log.drop(columns="first_contact"))


# --------------------------------------------------------------------------- recovery
@pytest.fixture
def recovery_small():
    return pd.DataFrame({
        "group": ["no_failure"] * 3 + ["recovered"] * 3 + ["unresolved"] * 2,
        "satisfaction": [5, 6, 7, 6, 7, 8, 2, 3],
        "return_intention": [6, 6, 6, 5, 6, 7, 1, 3],
    })


def test_recovery_summary_by_hand(recovery_small):
    t = feedback.recovery_summary(recovery_small)
    assert t.index.get_level_values(1).tolist()[:3] == ["no_failure", "recovered", "unresolved"]
    sat = t.loc["satisfaction"]
    assert sat["mean"].tolist() == [6.0, 7.0, 2.5]
    # no failure: sd 1, n 3, t(0.975, 2) = 4.302653
    assert sat.loc["no_failure", "high"] == pytest.approx(6 + 4.302652729 / math.sqrt(3))
    assert t.loc[("return_intention", "no_failure"), "low"] == 6.0   # sd 0


def test_recovery_paradox_matches_welch(recovery_small):
    r = feedback.recovery_paradox(recovery_small)
    ref = stats.ttest_ind([6, 7, 8], [5, 6, 7], equal_var=False)
    assert r.difference == 1.0
    assert r.t == pytest.approx(ref.statistic) and r.p_value == pytest.approx(ref.pvalue)
    # equal variances and n: Welch df = 4; CI 1 ± t(.975, 4)·sqrt(2/3)
    assert r.df == pytest.approx(4.0)
    assert (r.low, r.high) == pytest.approx((1 - 2.776445105 * math.sqrt(2 / 3), 1 + 2.776445105 * math.sqrt(2 / 3)))
    assert not r.paradox


def test_shipped_recovery_survey_echoes_de_matos():
    survey = data.load("recovery_survey")
    sat = feedback.recovery_paradox(survey, "satisfaction")
    back = feedback.recovery_paradox(survey, "return_intention")
    assert sat.paradox and sat.low > 0
    assert not back.paradox and back.low < 0 < back.high
    summary = feedback.recovery_summary(survey)
    assert summary.loc[("satisfaction", "unresolved"), "high"] < summary.loc[("satisfaction", "no_failure"), "low"]


@pytest.mark.parametrize("change, fragment", [
    ({"group": ["no failure"] + ["no_failure"] * 2 + ["recovered"] * 3 + ["unresolved"] * 2}, "unknown values"),
    ({"satisfaction": ["high", 6, 7, 6, 7, 8, 2, 3]}, "non-numeric"),
    ({"satisfaction": [None, 6, 7, 6, 7, 8, 2, 3]}, "empty cells"),
])
def test_recovery_bad(recovery_small, change, fragment):
    bad = recovery_small.assign(**change)
    with pytest.raises(CourseDataError, match=fragment) as err:
        feedback.recovery_summary(bad, source="survey.csv")
    assert err.value.row == [1]
    with pytest.raises(CourseDataError, match=fragment):
        feedback.recovery_paradox(bad)


def test_recovery_missing_pieces(recovery_small):
    with pytest.raises(CourseDataError, match="required column missing"):
        feedback.recovery_summary(recovery_small.drop(columns="return_intention"))
    with pytest.raises(CourseDataError, match="at least two"):
        feedback.recovery_paradox(recovery_small[recovery_small["group"] != "recovered"])
    with pytest.raises(CourseDataError, match="between 0 and 1"):
        feedback.recovery_summary(recovery_small, confidence=95)


@pytest.mark.parametrize("lang, legend", [("en", "Failure, recovered"), ("zh", "失误后成功补救")])
def test_plot_recovery(recovery_small, lang, legend):
    ax = feedback.plot_recovery(feedback.recovery_summary(recovery_small), lang=lang)
    assert legend in [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(ax.patches) == 6
    with pytest.raises(CourseDataError):
        feedback.plot_recovery(pd.DataFrame({"x": [1]}))
