"""Tests for course_lib.journey: hand-computed values, Carlzon's figures, properties, bad input, widgets."""

from __future__ import annotations

import importlib.util
import pathlib
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from course_lib import data, journey  # noqa: E402
from course_lib.errors import CourseDataError  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def small_journey() -> pd.DataFrame:
    """Three customers, two touchpoints; every figure below is computed by hand."""
    return pd.DataFrame({
        "customer_id": [1, 1, 2, 2, 3, 3],
        "stage": ["wait", "pay"] * 3,
        "touchpoint": ["queue", "bill"] * 3,
        "step": [1, 2] * 3,
        "importance": [6, 3, 7, 3, 5, 3],
        "expectation": [5, 5, 5, 5, 5, 5],
        "experience": [3, 5, 4, 6, 5, 4],
        "emotion": [-3, 1, -1, 2, 0, -1],
        "overall": [4, 4, 6, 6, 8, 8],
    })


# --------------------------------------------------------------------------- peak-end, by hand
@pytest.mark.parametrize("series, kwargs, expected", [
    ([1, -4, 2, 3], {}, -0.5),                          # peak −4, end 3
    ([2, -3, 3, 1], {}, -1.0),                          # tie |−3| = |3|: the negative moment is the peak
    ([3, -3, 1], {}, -1.0),                             # tie, and the positive comes first: peak −3
    ([1, -4, 2, 3], {"end_window": 2}, -0.75),          # end = (2 + 3) / 2
    ([0, -2, -4, 1, 3], {"end_window": 3}, -2.0),       # end = (−4 + 1 + 3) / 3 = 0
    ([1, 4, 2, 2], {"end_window": 4}, 3.125),           # end = mean of all = 2.25
    ([3, 5, 8, 6], {"signed": False}, 7.0),             # intensity scale: peak = max
    ([-1, -6, 2], {"signed": False}, 2.0),              # unsigned: max is 2, end 2
    ([0, 0, 0], {}, 0.0),
    ([-2], {}, -2.0),
])
def test_peak_end_score_by_hand(series, kwargs, expected):
    assert journey.peak_end_score(series, **kwargs) == pytest.approx(expected)


def test_peak_end_parts():
    pe = journey.peak_end([2, -3, 3, 1])
    assert (pe.peak, pe.peak_index, pe.end, pe.score, pe.mean, pe.area, pe.n) == (-3.0, 1, 1.0, -1.0, 0.75, 3.0, 4)
    assert journey.peak_end(pd.Series([1.0, 5.0, 5.0, 2.0])).peak_index == 1   # first of equal peaks


def test_cold_water_logic_by_hand():
    # unsigned discomfort: the longer trial has more total discomfort but a milder end
    t = journey.remembered_vs_mean({"short": [2, 5, 8], "long": [2, 5, 8, 4]}, signed=False)
    assert t.loc["short", "remembered"] == 8.0 and t.loc["long", "remembered"] == 6.0
    assert t.loc["short", "area"] == 15.0 and t.loc["long", "area"] == 19.0
    assert t.loc["long", "mean"] == pytest.approx(4.75)
    assert t.loc["short", "rank_remembered"] == 1 and t.loc["long", "rank_area"] == 1
    assert t.loc["long", "remembered_minus_mean"] == pytest.approx(1.25)


def test_remembered_vs_mean_wide_frame_with_trailing_blanks():
    wide = pd.DataFrame([[1, -4, 2, np.nan], [0, 2, 2, 5]], index=["a", "b"])
    t = journey.remembered_vs_mean(wide, end_window=2)
    assert t["n_moments"].tolist() == [3, 4]
    assert t.loc["a", "remembered"] == pytest.approx((-4 + (-4 + 2) / 2) / 2)    # −2.5
    assert t.loc["b", "remembered"] == pytest.approx((5 + 3.5) / 2)


def test_remembered_scores_per_customer():
    r = journey.remembered_scores(small_journey())
    assert r["remembered"].tolist() == [(-3 + 1) / 2, (2 + 2) / 2, (-1 + -1) / 2]
    assert r["overall"].tolist() == [4, 6, 8]
    shuffled = small_journey().sample(frac=1, random_state=3)
    pd.testing.assert_frame_equal(journey.remembered_scores(shuffled), r)


def test_redesign_by_hand():
    r = journey.redesign([0, -4, -1, -2], extend_end=[2])
    assert (r.remembered_before, r.remembered_after, r.change) == (-3.0, -1.0, 2.0)
    assert r.profile_after == (0.0, -4.0, -1.0, -2.0, 2.0)
    assert r.mean_after == pytest.approx(-1.0)
    r = journey.redesign([0, -4, -1, -2], add_peak=(2, 5))           # |5| > |−4|: new peak +5
    assert r.profile_after == (0.0, -4.0, 5.0, -1.0, -2.0) and r.remembered_after == 1.5 and r.change == 4.5
    r = journey.redesign([-1, -5, -2, 1], shorten=(1, 2))              # cut the worst stretch
    assert r.profile_after == (-1.0, -2.0, 1.0) and r.remembered_before == -2.0 and r.remembered_after == -0.5
    r = journey.redesign([-1, -5, -2, -3], end_value=1)
    assert r.remembered_after == -2.0 and r.change == 2.0
    assert journey.redesign([1, 2], add_peak=(2, 4)).profile_after == (1.0, 2.0, 4.0)
    assert list(r.table().index) == ["before", "after"]


# --------------------------------------------------------------------------- peak-end, properties
moments = st.integers(min_value=-5, max_value=5)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-5, 0), min_size=1, max_size=12), st.data())
def test_milder_ending_never_lowers_a_negative_episode(series, draw):
    end = series[-1]
    milder = draw.draw(st.integers(min_value=end, max_value=0))
    before = journey.peak_end_score(series)
    after = journey.peak_end_score(series + [milder])
    assert after >= before


@settings(max_examples=200, deadline=None)
@given(st.lists(moments, min_size=1, max_size=12), st.data())
def test_any_later_moment_at_least_the_end_never_lowers_memory(series, draw):
    new = draw.draw(st.integers(min_value=series[-1], max_value=5))
    assert journey.peak_end_score(series + [new]) >= journey.peak_end_score(series)


@settings(max_examples=200, deadline=None)
@given(st.lists(moments, min_size=1, max_size=15), st.integers(1, 15), st.booleans())
def test_score_between_min_and_max(series, window, signed):
    window = min(window, len(series))
    s = journey.peak_end_score(series, end_window=window, signed=signed)
    assert min(series) <= s <= max(series)


@settings(max_examples=150, deadline=None)
@given(st.lists(moments, min_size=2, max_size=12), st.randoms(use_true_random=False))
def test_duration_neglect_order_of_earlier_moments_does_not_matter(series, rnd):
    head, last = series[:-1], series[-1]
    rnd.shuffle(head)
    assert journey.peak_end_score(head + [last]) == journey.peak_end_score(series)


@settings(max_examples=150, deadline=None)
@given(st.lists(moments, min_size=3, max_size=12))
def test_repeating_an_ordinary_moment_changes_area_not_memory(series):
    longer = series[:2] + series[1:2] * 2 + series[2:]      # the second moment lasts three times longer
    assert journey.peak_end_score(longer) == journey.peak_end_score(series)
    t = journey.remembered_vs_mean({"a": series, "b": longer})
    assert t.loc["b", "area"] - t.loc["a", "area"] == pytest.approx(2 * series[1])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(moments, min_size=1, max_size=8), min_size=1, max_size=6), st.booleans())
def test_vectorised_table_matches_scalar(profiles, signed):
    t = journey.remembered_vs_mean(profiles, signed=signed)
    expected = [journey.peak_end_score(p, signed=signed) for p in profiles]
    np.testing.assert_allclose(t["remembered"].to_numpy(), expected)
    np.testing.assert_allclose(t["mean"].to_numpy(), [np.mean(p) for p in profiles])


@settings(max_examples=100, deadline=None)
@given(st.lists(moments, min_size=1, max_size=10), st.floats(0.1, 10))
def test_score_scales_with_the_ratings(series, c):
    assert journey.peak_end_score(np.array(series) * c) == pytest.approx(c * journey.peak_end_score(series))


# --------------------------------------------------------------------------- Carlzon
def test_carlzon_sas_figures():
    m = journey.carlzon_moments(10_000_000, 5, 15)
    assert m.moments_per_year == 50_000_000
    assert m.moments_per_day == pytest.approx(50_000_000 / 365)     # ≈ 136,986
    assert round(m.moments_per_day) == 136_986
    assert m.seconds_per_year == 750_000_000
    assert m.hours_per_year == pytest.approx(208_333.333, abs=1e-3)
    m = journey.carlzon_moments(2_000_000, 6, 30, days_per_year=360, failure_rate=0.02)
    assert m.moments_per_day == pytest.approx(12_000_000 / 360)
    assert m.failed_per_year == pytest.approx(240_000)
    assert m.failed_per_day == pytest.approx(240_000 / 360)
    tab = m.table("zh")
    assert list(tab.columns) == ["指标", "数值（取整）"] and tab.iloc[0, 1] == 12_000_000
    assert tab.iloc[1, 1] == 33_333                       # 12,000,000 / 360 rounded


# --------------------------------------------------------------------------- moments of truth
def test_identify_mots_impact_by_hand():
    t = journey.identify_mots(small_journey(), top=1)
    queue = t.set_index("touchpoint").loc["queue"]
    # impact = mean(importance × (expectation − experience)) = (6·2 + 7·1 + 5·0) / 3
    assert queue["impact"] == pytest.approx(19 / 3)
    assert queue["shortfall"] == pytest.approx(1.0)
    assert queue["share_hurt"] == pytest.approx(2 / 3)
    bill = t.set_index("touchpoint").loc["bill"]
    assert bill["impact"] == pytest.approx((0 + 3 * -1 + 3 * 1) / 3)
    assert bill["share_hurt"] == pytest.approx(1 / 3)
    assert t["touchpoint"].tolist() == ["queue", "bill"] and t["mot"].tolist() == [True, False]


def test_identify_mots_correlation_by_hand():
    t = journey.identify_mots(small_journey(), method="correlation").set_index("touchpoint")
    assert t.loc["queue", "driver_r"] == pytest.approx(1.0)     # experience 3, 4, 5 vs overall 4, 6, 8
    assert t.loc["bill", "driver_r"] == pytest.approx(-0.5)     # 5, 6, 4: cov −2 / (√2 · √8)
    assert np.isnan(t.loc["queue", "driver_beta"])              # 3 customers: too few for a regression


def test_identify_mots_regression_exact_fit():
    x1, x2 = [1, 2, 3, 4, 5, 6], [2, 4, 1, 5, 3, 3]
    rows = []
    for c in range(6):
        y = 2 * x1[c] + 1                                       # the overall depends on 'a' only
        rows += [(c, "s", "a", 1, 5, 5, x1[c], y), (c, "s", "b", 2, 5, 5, x2[c], y)]
    df = pd.DataFrame(rows, columns=["customer_id", "stage", "touchpoint", "step", "importance", "expectation",
                                     "experience", "overall"])
    t = journey.identify_mots(df, method="regression").set_index("touchpoint")
    assert t.loc["a", "driver_beta"] == pytest.approx(1.0)
    assert t.loc["b", "driver_beta"] == pytest.approx(0.0, abs=1e-12)
    assert t.loc["a", "rank"] == 1


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_identify_mots_ignores_row_order(rnd):
    df = small_journey()
    idx = list(df.index)
    rnd.shuffle(idx)
    pd.testing.assert_frame_equal(journey.identify_mots(df.loc[idx]), journey.identify_mots(df))


def test_cycle_of_service_order_and_means():
    df = small_journey().iloc[::-1]
    c = journey.cycle_of_service(df)
    assert c["touchpoint"].tolist() == ["queue", "bill"] and c["position"].tolist() == [1, 2]
    assert c["mean_experience"].tolist() == [4.0, 5.0]
    assert c["mean_emotion"].tolist() == pytest.approx([-4 / 3, 2 / 3])
    assert c["share_hurt"].tolist() == pytest.approx([2 / 3, 1 / 3])


def test_shipped_journeys_validate_and_rank():
    for name in journey.JOURNEYS:
        df = data.load(f"journey_{name}")
        clean = journey.validate_journey(df, journey=name)
        assert list(clean["stage"].cat.categories) == list(journey.JOURNEYS[name])
        touchpoints = [t for ts in journey.JOURNEYS[name].values() for t in ts]
        assert journey.cycle_of_service(df)["touchpoint"].tolist() == touchpoints
        assert 300 <= df["customer_id"].nunique() <= 1000
        t = journey.identify_mots(df)
        assert t["impact"].is_monotonic_decreasing and t["mot"].sum() == 3
        # every label has a Chinese version
        assert all(journey.label(x, "zh") != x for x in [*touchpoints, *journey.JOURNEYS[name]])


def test_timestamps_give_the_order():
    df = small_journey().drop(columns="step")
    df["timestamp"] = pd.to_datetime(["2026-01-01 12:00", "2026-01-01 12:30"] * 3)
    clean = journey.validate_journey(df)
    assert clean["step"].tolist() == [1, 2] * 3


# --------------------------------------------------------------------------- critical incidents
def test_coding_frame_has_3_groups_12_categories():
    f = journey.INCIDENT_FRAME
    assert len(f) == 12 and f.groupby("group").size().tolist() == [3, 4, 5]
    assert f["category_zh"].str.len().min() > 0


def test_incident_summary_by_hand():
    log = pd.DataFrame({
        "category": ["1A", "1B", "1C", "2A", "3A", "3B", "1A", "2B", "2C", "3D"],
        "outcome": ["dissatisfactory"] * 3 + ["dissatisfactory", "dissatisfactory", "satisfactory"]
                   + ["satisfactory", "satisfactory", "satisfactory", "satisfactory"],
    })
    s = journey.incident_summary(log)
    observed = np.array([[1, 3], [2, 1], [2, 1]])            # groups × (satisfactory, dissatisfactory)
    np.testing.assert_array_equal(s.counts.to_numpy(), observed)
    assert s.shares["dissatisfactory"].tolist() == pytest.approx([3 / 5, 1 / 5, 1 / 5])
    expected = observed.sum(1, keepdims=True) * observed.sum(0, keepdims=True) / observed.sum()
    assert s.chi2 == pytest.approx(((observed - expected) ** 2 / expected).sum())
    assert s.dof == 2 and s.n == 10
    assert s.by_category.loc["1A"].tolist() == [1, 1]


def test_incident_log_shipped():
    s = journey.incident_summary(data.load("journey_incidents"))
    assert s.n == 720 and s.p_value < 0.05
    np.testing.assert_allclose(s.shares.sum(axis=0).to_numpy(), [1.0, 1.0])


# --------------------------------------------------------------------------- bad input
def _raises(func, *args, column=None, row=None, match=None, **kwargs):
    with pytest.raises(CourseDataError, match=match) as info:
        func(*args, **kwargs)
    err = info.value
    if column is not None:
        assert err.column == column
    if row is not None:
        assert err.row == row
    assert err.fix, "every error must say how to fix it"
    return err


def test_bad_journey_inputs():
    df = small_journey()
    _raises(journey.validate_journey, df.drop(columns="stage"), column="stage", match="missing")
    _raises(journey.validate_journey, df, stages=["wait"], column="stage", row=[2, 4, 6], match="unknown stage")
    bad = df.copy()
    bad.loc[3, "step"] = 0                                  # customer 2 meets 'pay' before 'wait'
    err = _raises(journey.validate_journey, bad, stages=["wait", "pay"], column="stage", match="out of order")
    assert err.row == 3
    bad = df.copy()
    bad.loc[4, "experience"] = 9
    _raises(journey.validate_journey, bad, column="experience", row=[5], match="out of range")
    bad = df.copy()
    bad.loc[0, "emotion"] = -7
    _raises(journey.validate_journey, bad, column="emotion", row=[1])
    dup = pd.concat([df, df.iloc[[2]]], ignore_index=True)
    _raises(journey.validate_journey, dup, row=[3, 7], match="duplicated")
    bad = df.copy()
    bad.loc[5, "step"] = 1
    _raises(journey.validate_journey, bad, row=[5, 6], match="duplicated")
    bad = df.copy()
    bad.loc[2, "stage"] = "pay"
    _raises(journey.validate_journey, bad, column="stage", match="more than one stage")
    bad = df.copy()
    bad.loc[1, "overall"] = 9
    _raises(journey.validate_journey, bad, column="overall", row=[1, 2], match="differs")
    bad = df.astype({"experience": object})
    bad.loc[0, "experience"] = "good"
    _raises(journey.validate_journey, bad, column="experience", row=[1], match="non-numeric")
    _raises(journey.validate_journey, df.iloc[:0], match="empty")
    _raises(journey.validate_journey, [1, 2], match="DataFrame")
    _raises(journey.validate_journey, df, journey="cinema", match="unknown journey")
    _raises(journey.validate_journey, df, journey="bank", stages=["a"], match="either")
    _raises(journey.identify_mots, df, method="anova", match="unknown method")
    _raises(journey.identify_mots, df.drop(columns="overall"), column="overall")
    _raises(journey.identify_mots, df, top=-1, column="top")


def test_bad_peak_end_inputs():
    _raises(journey.peak_end_score, [], match="empty")
    _raises(journey.peak_end_score, [1, np.nan, 2], match="missing")
    _raises(journey.peak_end_score, ["a", "b"], match="not numbers")
    _raises(journey.peak_end_score, "abc", match="one-dimensional")
    _raises(journey.peak_end_score, [[1, 2], [3, 4]], match="one-dimensional")
    _raises(journey.peak_end_score, [1, 2], end_window=0, column="end_window")
    _raises(journey.peak_end_score, [1, 2], end_window=3, column="end_window", match="longer")
    _raises(journey.peak_end_score, [1, 2], end_window=1.5, column="end_window")
    _raises(journey.peak_end_score, [1, 2], end_window=True, column="end_window")
    _raises(journey.remembered_vs_mean, pd.DataFrame([[1, np.nan, 2]]), row=[1], match="gaps")
    _raises(journey.remembered_vs_mean, {}, match="no profiles")
    _raises(journey.redesign, [1, 2, 3], shorten=(2, 9), column="shorten")
    _raises(journey.redesign, [1, 2, 3], shorten=(0, 3), column="shorten", match="every moment")
    _raises(journey.redesign, [1, 2, 3], shorten="ab", column="shorten")
    _raises(journey.redesign, [1, 2, 3], add_peak=(7, 2), column="add_peak")
    _raises(journey.redesign, [1, 2, 3], add_peak=5, column="add_peak")
    _raises(journey.redesign, [1, 2, 3], extend_end=[9], match="within")
    err = _raises(journey.redesign, [1, 2, 3], extend_end=[9], value_range=(0.0, 5.0))
    assert "within 0…5" in str(err) and "values from 0 to 5" in str(err)     # whole numbers without .0
    assert "got 1.5" in str(_raises(journey.identify_mots, small_journey(), top=1.5, column="top"))


def test_bad_carlzon_and_incident_inputs():
    _raises(journey.carlzon_moments, -5, column="customers")
    _raises(journey.carlzon_moments, "many", column="customers")
    _raises(journey.carlzon_moments, failure_rate=2, column="failure_rate")
    _raises(journey.carlzon_moments, days_per_year=0, column="days_per_year")
    log = pd.DataFrame({"category": ["1A", "4Z"], "outcome": ["satisfactory", "satisfactory"]})
    _raises(journey.incident_summary, log, column="category", row=[2])
    log = pd.DataFrame({"category": ["1A"], "outcome": ["great"]})
    _raises(journey.incident_summary, log, column="outcome", row=[1])
    log = pd.DataFrame({"category": ["1A", "2B"], "group": [1, 3], "outcome": ["satisfactory"] * 2})
    _raises(journey.incident_summary, log, column="group", row=[2])
    _raises(journey.incident_summary, pd.DataFrame({"category": [], "outcome": []}), match="empty")
    with pytest.raises(CourseDataError):
        journey.plot_incident_shares("not a summary")
    with pytest.raises(ValueError):
        journey.plot_peak_end([1, 2], lang="fr")


# --------------------------------------------------------------------------- plots
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plots_draw_in_both_languages(lang):
    hot = data.load("journey_hotpot")
    with warnings.catch_warnings():
        warnings.simplefilter("error")           # a missing CJK glyph would warn
        ax = journey.plot_journey_map(hot, lang=lang)
        ticks = [t.get_text() for t in ax.get_xticklabels()]
        assert ticks[1] == journey.label("waiting_area", lang)
        ax.figure.canvas.draw()
        ax = journey.plot_cycle_of_service(hot, lang=lang)
        ax.figure.canvas.draw()
        ax = journey.plot_peak_end([0, -2, -4, 1, 3], end_window=2, lang=lang)
        assert ("Peak-end" if lang == "en" else "峰终") in ax.get_title()
        ax.figure.canvas.draw()
        ax = journey.plot_incident_shares(journey.incident_summary(data.load("journey_incidents")), lang=lang)
        assert len(ax.patches) == 6
        ax.figure.canvas.draw()


def test_journey_map_marks_mots_and_pain_points():
    ax = journey.plot_journey_map(data.load("journey_bank"), top=2)
    sizes = [c.get_offsets().shape[0] for c in ax.collections]
    cyc = journey.cycle_of_service(data.load("journey_bank"), value="emotion")
    assert (cyc["mean_emotion"] < 0).sum() in sizes and 2 in sizes


# --------------------------------------------------------------------------- widgets
def test_emotion_curve_editor_updates():
    w = journey.emotion_curve_editor([0, -3, 2, 1])
    assert w.result["remembered"] == pytest.approx(-1.0) and w.result["mean"] == pytest.approx(0.0)
    w.controls["m4"].value = 4                       # a happy ending: peak |4| > |−3|
    assert w.result["peak"] == 4 and w.result["remembered"] == pytest.approx(4.0)
    w.controls["m2"].value = -5
    assert w.result["remembered"] == pytest.approx(-0.5)
    assert w.result["mean"] == pytest.approx(0.25)
    w = journey.emotion_curve_editor([1, -2, 3], labels=["bill", "farewell", "extras"], end_window=2, lang="zh")
    assert w.controls["m2"].description == "送别"
    assert w.result["end"] == pytest.approx(0.5)
    with pytest.raises(CourseDataError):
        journey.emotion_curve_editor([1, 2], labels=["a"])


def test_mot_calculator_updates():
    w = journey.mot_calculator()
    assert w.result.iloc[0, 1] == 50_000_000
    w.controls["customers"].value = 1_000_000
    w.controls["contacts_per_customer"].value = 4
    w.controls["failure_rate"].value = 0.05
    assert w.result.iloc[0, 1] == 4_000_000
    assert w.result.iloc[-1, 1] == round(4_000_000 * 0.05 / 365)     # 547.9 → 548


# --------------------------------------------------------------------------- data generator
def test_generator_reproduces_committed_files(tmp_path):
    spec = importlib.util.spec_from_file_location("gen_journey", ROOT / "datasets/generators/journey.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    for path in mod.generate(tmp_path):
        committed = ROOT / "datasets" / "synthetic" / path.name
        assert committed.read_bytes() == path.read_bytes(), path.name
        assert path.stat().st_size < 2_000_000


def test_coldwater_simulation_shape():
    cw = data.load("journey_coldwater")
    assert cw.groupby("trial")["second"].max().to_dict() == {"long": 90, "short": 60}
    long_ = cw[cw["trial"] == "long"]
    assert (long_.loc[long_["second"] > 60, "water_temp_c"] == 15).all()
    short = cw[cw["trial"] == "short"].pivot(index="participant", columns="second", values="discomfort")
    longp = long_.pivot(index="participant", columns="second", values="discomfort")
    # the long trial contains more discomfort in total but is remembered as milder on average
    assert longp.sum(axis=1).mean() > short.sum(axis=1).mean()
    rs = journey.remembered_vs_mean(short, signed=False)["remembered"].mean()
    rl = journey.remembered_vs_mean(longp, signed=False)["remembered"].mean()
    assert rl < rs


# --------------------------------------------------------------------------- exercise checks
def _checks(prefix):
    from course_lib.checks import registry
    return {k: t for k, t in registry().items() if k.startswith(prefix + ".")}


@pytest.mark.parametrize("prefix", ["journey", "peakend"])
def test_checks_reject_the_plausible_wrong_answer_with_a_hint(prefix):
    from course_lib.checks import evaluate
    tasks = _checks(prefix)
    assert len(tasks) >= 5
    for tid, t in tasks.items():
        assert t.wrong is not None, tid
        result = evaluate(tid, t.wrong(), lang="en")
        assert result.status == "fail", tid
        assert "Hint" in result.message, tid
        assert evaluate(tid, ..., lang="zh").status == "unanswered"


def test_checks_accept_right_answers():
    from course_lib.checks import evaluate
    from course_lib.checks import journey as cj
    from course_lib.checks import peakend as cp
    hot = data.load("journey_hotpot")
    mots = journey.identify_mots(hot)
    right = {
        "journey.carlzon_per_day": 30_000_000 * 8 / 365,
        "journey.shortfall": (hot["expectation"] - hot["experience"]).groupby(hot["touchpoint"]).mean(),
        "journey.impact_top3": mots["touchpoint"].head(3).tolist(),
        "journey.share_hurt_bill": float((hot.loc[hot["touchpoint"] == "bill", "experience"]
                                          < hot.loc[hot["touchpoint"] == "bill", "expectation"]).mean()),
        "journey.top_driver": journey.identify_mots(hot, method="correlation")["touchpoint"].iloc[0],
        "journey.incident_group1": 153 / 350,            # read off the shipped log: 153 of 350 dissatisfactory
        "journey.interpretation": "b",
        "peakend.by_hand": (-4 + 2) / 2,
        "peakend.end_window": (-4 + (-4 + 0 + 2) / 3) / 2,
        "peakend.tie": (-4 + 2) / 2,
        "peakend.memory_vs_overall": float(journey.remembered_scores(data.load("journey_bank"))[["remembered", "overall"]]
                                           .corr().iloc[0, 1]),
        "peakend.redesign_ending": journey.redesign(cp.bank_profile(), extend_end=[4]),
        "peakend.interpretation": "B ",
        # the manager track: read the impact table, the experience curve and the wait bands
        "journey.fix_first": "bill",
        "journey.stage_budget": ["bill", "cooking", "queueing"],
        "peakend.raise_one": "farewell",
        "peakend.max_wait": 30,
    }
    cw = data.load("journey_coldwater").drop_duplicates("participant")
    right["peakend.coldwater_share"] = float((cw["repeat_choice"] == "long").mean())
    assert set(right) == set(_checks("journey")) | set(_checks("peakend"))
    for tid, answer in right.items():
        assert evaluate(tid, answer).status == "pass", (tid, evaluate(tid, answer).message)
    assert cj.CHAIN["customers"] == 30_000_000
    # an ending that changes an earlier moment is refused, a too-small change too
    profile = list(cp.bank_profile())
    assert evaluate("peakend.redesign_ending", profile[:-1] + [profile[-1] + 0.5]).status == "fail"
    assert evaluate("peakend.redesign_ending", [5.0] + profile[1:] + [4]).status == "fail"
    assert evaluate("journey.share_hurt_bill", 100 * right["journey.share_hurt_bill"]).status == "fail"
    assert evaluate("journey.impact_top3", right["journey.impact_top3"][::-1]).status == "fail"


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_driver_correlations_match_pandas_with_missing_cells(seed):
    rng = np.random.default_rng(seed)
    n, k = 40, 4
    rows = []
    for c in range(n):
        for t in range(k):
            if rng.random() < 0.8:               # about 20 % of customer × touchpoint cells missing
                rows.append((c, "s", f"t{t}", t + 1, 4, 4, int(rng.integers(1, 8))))
    df = pd.DataFrame(rows, columns=["customer_id", "stage", "touchpoint", "step", "importance", "expectation",
                                     "experience"])
    overall = pd.Series(rng.integers(1, 11, n), index=range(n))
    df["overall"] = df["customer_id"].map(overall)
    ours = journey.identify_mots(df, method="impact").set_index("touchpoint")["driver_r"]
    wide = df.pivot(index="customer_id", columns="touchpoint", values="experience")
    theirs = wide.corrwith(overall.reindex(wide.index).astype(float))
    np.testing.assert_allclose(ours.loc[theirs.index].to_numpy(), theirs.to_numpy(), rtol=1e-9, atol=1e-12)
