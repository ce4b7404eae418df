"""Tests for course_lib.nps: hand-computed NPS variance and intervals, properties, bad input."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from course_lib import CourseDataError, data, nps  # noqa: E402
from course_lib.nps.score import _from_counts  # noqa: E402  (vectorised core, tested directly)

Z95 = 1.959963984540054  # standard normal 97.5% quantile
# 5 promoters, 3 passives, 2 detractors
TEN = [10, 9, 9, 9, 10, 7, 8, 7, 3, 6]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- categorize
def test_categorize_boundaries():
    cats = nps.categorize(list(range(11))).tolist()
    assert cats == ["detractor"] * 7 + ["passive"] * 2 + ["promoter"] * 2


def test_categorize_keeps_series_index():
    s = pd.Series([9, 3], index=[10, 20], name="score")
    assert nps.categorize(s).index.tolist() == [10, 20]


@given(st.lists(st.integers(0, 10), min_size=1, max_size=200))
def test_categorize_is_a_partition(scores):
    cats = nps.categorize(scores)
    arr = np.array(scores)
    assert len(cats) == len(scores)
    assert ((cats == "promoter").to_numpy() == (arr >= 9)).all()
    assert ((cats == "detractor").to_numpy() == (arr <= 6)).all()
    assert ((cats == "passive").to_numpy() == ((arr >= 7) & (arr <= 8))).all()
    assert cats.isna().sum() == 0


@pytest.mark.parametrize("bad, shown, rows", [
    ([9, 11, 3], "11", [2]),
    ([9, -1], "-1", [2]),
    ([7.5, 8], "7.5", [1]),
    (["9", "ten"], "'ten'", [2]),
])
def test_categorize_names_bad_values(bad, shown, rows):
    with pytest.raises(CourseDataError) as err:
        nps.categorize(bad)
    assert shown in err.value.problem
    assert err.value.row == rows
    assert "0 to 10" in err.value.expected


def test_categorize_accepts_numeric_text():
    assert nps.categorize(["9", "6"]).tolist() == ["promoter", "detractor"]


@pytest.mark.parametrize("bad, fragment", [
    ([9, None, 3], "empty answers"),
    ([9, np.nan], "empty answers"),
    ([], "no scores"),
    ([True, False], "true/false"),
    (7, "expected a list"),
    ("9", "expected a list"),
    (pd.DataFrame({"a": [1]}), "whole table"),
])
def test_categorize_rejects(bad, fragment):
    with pytest.raises(CourseDataError, match=fragment):
        nps.categorize(bad)


def test_categorize_missing_rows_named():
    with pytest.raises(CourseDataError) as err:
        nps.categorize(pd.Series([9, None, 3, None], name="Q1"))
    assert err.value.row == [2, 4]
    assert err.value.column == "Q1"
    assert "dropna" in err.value.fix


# --------------------------------------------------------------------------- nps: hand-computed
def test_wald_by_hand():
    r = nps.nps(TEN)
    # p = .5, d = .2: variance = .5 + .2 - .3**2 = .61; SE = sqrt(.61 / 10)
    assert (r.promoters, r.passives, r.detractors, r.n) == (0.5, 0.3, 0.2, 10)
    assert r.score == pytest.approx(30.0)
    assert r.se == pytest.approx(100 * math.sqrt(0.061))
    assert r.se == pytest.approx(24.698178, abs=1e-6)
    assert r.interval == pytest.approx((-18.407540, 78.407540), abs=1e-6)
    assert r.counts == {"promoters": 5, "passives": 3, "detractors": 2}
    assert str(r) == "NPS +30.0 (95% CI -18.4 to +78.4, wald, n = 10)"


def test_adjusted_wald_by_hand():
    r = nps.nps(TEN, method="adjusted_wald")
    # n + 3 = 13; p' = 5.75/13, d' = 2.75/13, centre 3/13
    p2, d2 = 5.75 / 13, 2.75 / 13
    se = math.sqrt((p2 + d2 - (p2 - d2) ** 2) / 13)
    assert r.score == pytest.approx(30.0)  # the reported NPS stays the raw one
    assert r.se == pytest.approx(100 * se) and r.se == pytest.approx(21.494037, abs=1e-6)
    assert r.low == pytest.approx(100 * (3 / 13 - Z95 * se)) and r.low == pytest.approx(-19.050615, abs=1e-6)
    assert r.high == pytest.approx(65.204462, abs=1e-6)


def test_wald_interval_is_clipped():
    r = nps.nps([10] * 9 + [8])  # p = .9, d = 0: .9 + 1.96 * .0949 > 1
    assert r.high == 100.0
    assert r.low == pytest.approx(100 * (0.9 - Z95 * math.sqrt(0.09 / 10)))
    all_promoters = nps.nps([10] * 20)
    assert all_promoters.interval == (100.0, 100.0) and all_promoters.se == 0


def test_adjusted_wald_keeps_width_at_extremes():
    r = nps.nps([10] * 20, method="adjusted_wald")
    assert r.high == pytest.approx(100.0)
    assert r.low < 90  # Wald says [100, 100]; adjusted Wald admits the uncertainty


def test_adjusted_wald_single_answer_excludes_raw_nps():
    # documented limitation: centre (P - D)/(n + 3) = 25 for one promoter
    r = nps.nps([10], method="adjusted_wald")
    assert r.score == 100.0
    # n' = 4, p' = 1.75/4, d' = .75/4: centre .25, variance .625 - .0625 = .5625, SE = .375
    assert r.interval == pytest.approx((100 * (0.25 - Z95 * 0.375), 100 * (0.25 + Z95 * 0.375)))
    assert r.interval == pytest.approx((-48.498649, 98.498649), abs=1e-5)
    assert not r.low <= r.score <= r.high


def test_adjusted_wald_contains_raw_nps_from_two_answers():
    # exhaustive over every (promoters, detractors) split for n = 2 … 150 at 95%
    for n in range(2, 151):
        prom, det = np.meshgrid(np.arange(n + 1), np.arange(n + 1))
        keep = prom + det <= n
        prom, det = prom[keep], det[keep]
        out = _from_counts(prom, n - prom - det, det, "adjusted_wald", 0.95, 0, 0)
        assert (out["low"] <= out["nps"] + 1e-9).all() and (out["nps"] <= out["high"] + 1e-9).all(), n


def test_confidence_changes_width():
    assert nps.nps(TEN, confidence=0.90).margin < nps.nps(TEN, confidence=0.99).margin


def test_bootstrap_reproducible_and_close_to_wald():
    scores = [10] * 450 + [8] * 350 + [4] * 200
    a = nps.nps(scores, method="bootstrap", seed=1)
    b = nps.nps(scores, method="bootstrap", seed=1)
    c = nps.nps(scores, method="bootstrap", seed=2)
    assert a == b
    assert a.interval != c.interval
    w = nps.nps(scores)
    assert a.se == pytest.approx(w.se, rel=0.05)
    assert a.low == pytest.approx(w.low, abs=1.0) and a.high == pytest.approx(w.high, abs=1.0)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60),
       st.sampled_from(["wald", "bootstrap"]), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_interval_contains_estimate_and_stays_in_range(p, o, d, method, conf):
    if p + o + d == 0:
        return
    r = nps.nps([10] * p + [7] * o + [0] * d, method=method, confidence=conf, n_boot=500)
    assert -100 <= r.low <= r.score <= r.high <= 100
    assert r.se >= 0
    assert r.promoters + r.passives + r.detractors == pytest.approx(1.0)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 60), st.integers(0, 60), st.integers(0, 60), st.sampled_from([0.8, 0.95, 0.99]))
def test_adjusted_interval_contains_its_centre(p, o, d, conf):
    if p + o + d == 0:
        return
    r = nps.nps([10] * p + [7] * o + [0] * d, method="adjusted_wald", confidence=conf)
    centre = 100 * (p - d) / (p + o + d + 3)
    assert -100 <= r.low <= centre <= r.high <= 100


@pytest.mark.parametrize("kwargs, fragment", [
    ({"method": "exact"}, "unknown interval method"),
    ({"confidence": 95}, "between 0 and 1"),
    ({"confidence": 0}, "between 0 and 1"),
])
def test_nps_bad_arguments(kwargs, fragment):
    with pytest.raises(CourseDataError, match=fragment):
        nps.nps(TEN, **kwargs)


# --------------------------------------------------------------------------- by segment, compare, trend
@pytest.fixture
def two_stores():
    return pd.DataFrame({"store": ["B"] * 4 + ["A"] * 10, "score": [9, 6, 5, 3] + TEN})


def test_nps_by_matches_nps(two_stores):
    table = nps.nps_by(two_stores, "store", method="adjusted_wald")
    assert table.index.tolist() == ["A", "B"]
    a = nps.nps(TEN, method="adjusted_wald")
    assert table.loc["A", "nps"] == pytest.approx(a.score)
    assert (table.loc["A", "low"], table.loc["A", "high"]) == pytest.approx(a.interval)
    assert table.loc["B", "nps"] == pytest.approx(-50.0)
    assert table["n"].tolist() == [10, 4]


def test_nps_by_bootstrap_is_seeded(two_stores):
    a = nps.nps_by(two_stores, "store", method="bootstrap", seed=3)
    b = nps.nps_by(two_stores, "store", method="bootstrap", seed=3)
    pd.testing.assert_frame_equal(a, b)


def test_nps_by_two_keys():
    df = pd.DataFrame({"a": ["x", "x", "y"], "b": [1, 2, 1], "score": [10, 0, 8]})
    table = nps.nps_by(df, ["a", "b"])
    assert table["nps"].tolist() == [100.0, -100.0, 0.0]


def test_nps_by_bad_inputs(two_stores):
    with pytest.raises(CourseDataError, match="required column missing"):
        nps.nps_by(two_stores, "city")
    with pytest.raises(CourseDataError, match="required column missing"):
        nps.nps_by(two_stores.rename(columns={"score": "Q1"}), "store")
    bad = two_stores.copy()
    bad.loc[2, "score"] = 12
    with pytest.raises(CourseDataError) as err:
        nps.nps_by(bad, "store", source="survey.csv")
    assert err.value.row == [3] and err.value.column == "score" and err.value.source == "survey.csv"
    blank = two_stores.astype({"store": object})
    blank.loc[0, "store"] = None
    with pytest.raises(CourseDataError, match="empty group labels"):
        nps.nps_by(blank, "store")
    with pytest.raises(CourseDataError, match="DataFrame"):
        nps.nps_by([1, 2], "store")


def test_compare_by_hand():
    a = [10] * 50 + [8] * 30 + [2] * 20   # NPS 30, variance .61
    b = [9] * 40 + [7] * 30 + [0] * 30    # NPS 10, variance .69
    c = nps.compare_nps(a, b)
    assert c.difference == pytest.approx(20.0)
    assert c.se == pytest.approx(100 * math.sqrt(0.61 / 100 + 0.69 / 100))
    assert c.se == pytest.approx(11.401754, abs=1e-6)
    assert c.z == pytest.approx(1.754116, abs=1e-6)
    assert c.p_value == pytest.approx(0.0794106, abs=1e-6)
    assert c.low == pytest.approx(20 - Z95 * 11.401754, abs=1e-5)
    assert not c.significant
    assert c == nps.compare_nps(nps.nps(a), nps.nps(b))  # NPSResult inputs give the same answer


def test_compare_adjusted_and_significance():
    a = [10] * 500 + [2] * 100
    b = [10] * 300 + [2] * 300
    c = nps.compare_nps(a, b, method="adjusted_wald")
    assert c.significant and c.low > 0
    with pytest.raises(CourseDataError, match="unknown interval method"):
        nps.compare_nps(a, b, method="bootstrap")
    with pytest.raises(CourseDataError):
        nps.compare_nps(a, [11])


def test_trend_matches_pairwise_compare():
    df = pd.DataFrame({"month": ["2024-02"] * 100 + ["2024-01"] * 100,
                       "score": [9] * 40 + [7] * 30 + [0] * 30 + [10] * 50 + [8] * 30 + [2] * 20})
    t = nps.nps_trend(df)
    assert t.index.tolist() == ["2024-01", "2024-02"]
    c = nps.compare_nps([9] * 40 + [7] * 30 + [0] * 30, [10] * 50 + [8] * 30 + [2] * 20)
    assert t["change"].iloc[1] == pytest.approx(c.difference)
    assert t["change_p"].iloc[1] == pytest.approx(c.p_value)
    assert np.isnan(t["change_p"].iloc[0]) and not t["significant"].any()


def test_trend_by_segment_and_datetime():
    df = pd.DataFrame({
        "when": pd.to_datetime(["2024-01-05", "2024-01-20", "2024-02-03", "2024-01-09", "2024-02-11"]),
        "seg": ["a", "a", "a", "b", "b"], "score": [10, 0, 10, 5, 9],
    })
    t = nps.nps_trend(df, "when", by="seg")
    assert t.index.tolist() == [("a", "2024-01"), ("a", "2024-02"), ("b", "2024-01"), ("b", "2024-02")]
    assert t["change"].tolist()[1] == 100.0 and t["change"].tolist()[3] == 200.0
    assert np.isnan(t["change"].tolist()[2])  # no diff across segments


def test_trend_bad_inputs():
    with pytest.raises(CourseDataError, match="required column missing"):
        nps.nps_trend(pd.DataFrame({"score": [1]}), "month")


def test_sample_size_by_hand():
    assert nps.sample_size(5) == math.ceil(Z95 ** 2 / 0.05 ** 2) == 1537
    assert nps.sample_size(5, promoters=0.5, detractors=0.2) == math.ceil(Z95 ** 2 * 0.61 / 0.05 ** 2) == 938
    assert nps.sample_size(5, compare=True) == 3074
    assert nps.sample_size(10, confidence=0.9) < nps.sample_size(10)
    # an interval of that size really has the requested margin
    n = nps.sample_size(4, promoters=0.5, detractors=0.2)
    assert nps.nps([10] * int(n * 0.5) + [8] * int(n * 0.3) + [0] * (n - int(n * 0.5) - int(n * 0.3))).margin <= 4.01


@pytest.mark.parametrize("kwargs, fragment", [
    ({"margin": 0}, "positive"),
    ({"margin": -5}, "positive"),
    ({"margin": 5, "promoters": 0.4}, "both"),
    ({"margin": 5, "promoters": 45, "detractors": 20}, "between 0 and 1"),
    ({"margin": 5, "confidence": 1.5}, "between 0 and 1"),
])
def test_sample_size_bad(kwargs, fragment):
    with pytest.raises(CourseDataError, match=fragment):
        nps.sample_size(**kwargs)


def test_simulate_surveys_deterministic_and_bad():
    a = nps.simulate_surveys(0.45, 0.2, 300, seed=5)
    pd.testing.assert_frame_equal(a, nps.simulate_surveys(0.45, 0.2, 300, seed=5))
    assert len(a) == 12 and (a["n"] == 300).all()
    # the population never changes: NPS stays near 25
    assert abs(a["nps"].mean() - 25) < 5
    with pytest.raises(CourseDataError, match="add up"):
        nps.simulate_surveys(0.7, 0.5, 100)
    with pytest.raises(CourseDataError, match="at least 1"):
        nps.simulate_surveys(0.4, 0.2, 0)


# --------------------------------------------------------------------------- loyalty links
def test_outcome_by_level_wilson_by_hand():
    df = pd.DataFrame({"sat": [3] * 4 + [7] * 3, "back": [True, False, True, False, True, True, True]})
    t = nps.outcome_by_level(df, "sat", "back")
    # Wilson, p = .5, n = 4: centre .5, half = z/(1+z²/4)·sqrt(.25/4 + z²/64)
    half = Z95 / (1 + Z95 ** 2 / 4) * math.sqrt(0.25 / 4 + Z95 ** 2 / 64)
    assert (t.loc[3, "low"], t.loc[3, "high"]) == pytest.approx((0.5 - half, 0.5 + half))
    assert t.loc[7, "mean"] == 1.0 and t.loc[7, "high"] == pytest.approx(1.0) and t.loc[7, "low"] < 1


def test_outcome_by_level_numeric_t_interval():
    df = pd.DataFrame({"sat": [1, 1, 1], "rec": [2.0, 4.0, 6.0]})
    t = nps.outcome_by_level(df, "sat", "rec")
    assert t.loc[1, "mean"] == 4.0
    assert t.loc[1, "high"] - 4.0 == pytest.approx(4.302652729 * 2 / math.sqrt(3))


def test_outcome_by_level_bad():
    with pytest.raises(CourseDataError, match="required column missing"):
        nps.outcome_by_level(pd.DataFrame({"sat": [1]}), "sat", "back")
    with pytest.raises(CourseDataError) as err:
        nps.outcome_by_level(pd.DataFrame({"sat": [1, 2], "back": ["yes", 1]}), "sat", "back")
    assert err.value.row == [1]


# --------------------------------------------------------------------------- shipped data
def test_shipped_surveys_load_and_work():
    retail = data.load("nps_retailer")
    by_month = nps.nps_by(retail, "month")
    assert len(by_month) == 12 and by_month["n"].sum() == len(retail)
    # broken promises make detractors: the story of the online-retailer case
    kept = nps.nps_by(retail, "promise_kept")
    assert kept.loc[True, "nps"] - kept.loc[False, "nps"] > 50
    hotpot = data.load("nps_hotpot")
    stores = nps.nps_by(hotpot, "store", method="adjusted_wald")
    width = stores["high"] - stores["low"]
    assert width[stores["n"].idxmin()] > width[stores["n"].idxmax()]
    loyalty = data.load("loyalty_survey")
    rates = nps.outcome_by_level(loyalty, "satisfaction", "returned")["mean"]
    assert rates.is_monotonic_increasing


@pytest.mark.parametrize("topic", ["nps", "feedback"])
def test_generators_reproduce_committed_files(tmp_path, topic):
    root = Path(__file__).resolve().parents[1] / "datasets"
    spec = importlib.util.spec_from_file_location(f"gen_{topic}", root / "generators" / f"{topic}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for path in module.generate(tmp_path):
        assert path.read_bytes() == (root / "synthetic" / path.name).read_bytes(), path.name


# --------------------------------------------------------------------------- plots and widget
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plot_segments(two_stores, lang):
    ax = nps.plot_segments(nps.nps_by(two_stores, "store"), lang=lang)
    texts = [t.get_text() for t in ax.texts]
    assert any(t.startswith("NPS +30") for t in texts)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert ("推荐者 (9–10)" in legend) == (lang == "zh")


def test_plot_trend_and_outcome():
    t = nps.simulate_surveys(0.45, 0.2, 200)
    ax = nps.plot_trend(t, reference=25, lang="zh")
    assert ax.get_title() == "净推荐值趋势"
    assert len(ax.lines) >= 2
    with pytest.raises(CourseDataError):
        nps.plot_trend(pd.DataFrame({"x": [1]}))
    with pytest.raises(CourseDataError):
        nps.plot_segments(pd.DataFrame({"x": [1]}))
    with pytest.raises(ValueError):
        nps.plot_trend(t, lang="fr")
    loyalty = data.load("loyalty_survey")
    ax = nps.plot_outcome_by_level(nps.outcome_by_level(loyalty, "satisfaction", "returned", by="industry"))
    assert len(ax.get_legend().get_texts()) == 3


def test_noise_widget():
    w = nps.noise_widget(lang="zh")
    assert (w.result["n"] == 200).all()
    w.controls["n"].value = 1000
    assert (w.result["n"] == 1000).all()
    small = nps.simulate_surveys(0.45, 0.2, 200, method="adjusted_wald")
    big = w.result
    assert (big["high"] - big["low"]).mean() < (small["high"] - small["low"]).mean()
    w.controls["promoters"].value = 0.9
    w.controls["detractors"].value = 0.5
    assert "100%" in w.result


# --------------------------------------------------------------------------- checks of lessons 01 and 07
def test_lesson_checks_reject_their_wrong_answers():
    from course_lib.checks import evaluate, registry

    tasks = {k: t for k, t in registry().items() if k.split(".")[0] in ("nps", "excellence")}
    assert sum(k.startswith("nps.") for k in tasks) >= 5 and sum(k.startswith("excellence.") for k in tasks) >= 5
    for task_id, t in tasks.items():
        result = evaluate(task_id, t.wrong(), lang="zh")
        assert result.status == "fail", task_id
        assert "💡" in result.message
        assert evaluate(task_id, ...).status == "unanswered"


def test_lesson_checks_accept_answers_computed_independently():
    from course_lib.checks import evaluate

    retail = data.load("nps_retailer")
    dec = retail.loc[retail["month"] == "2024-12", "score"]
    manual = 100 * ((dec >= 9).mean() - (dec <= 6).mean())
    assert evaluate("nps.latest_month", manual).passed
    log = data.load("complaint_log")
    counts = log["category"].value_counts()
    cum = counts.cumsum() / counts.sum()
    vital = cum.index[(cum - counts / counts.sum()) < 0.8].tolist()
    assert evaluate("nps.vital_few", vital[::-1]).passed
    assert evaluate("nps.within_promise", 46.6).status == "fail"  # a percentage is refused with a reason
    loyalty = data.load("loyalty_survey")
    gap = loyalty.loc[loyalty["satisfaction"] >= 6, "returned"].mean() - loyalty.loc[loyalty["satisfaction"] <= 4, "returned"].mean()
    assert evaluate("excellence.return_gap", gap).passed
