"""Tests of course_lib.servqual: hand-computed examples, published formulas, pingouin on real data,
property tests, bad inputs, datasets against the generator's truth, widgets."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import arrays  # noqa: E402
from scipy import stats  # noqa: E402

from course_lib import data  # noqa: E402
from course_lib import servqual as sq  # noqa: E402
from course_lib.errors import CourseDataError  # noqa: E402
from course_lib.servqual.alpha import _feldt  # noqa: E402
from course_lib.servqual.moments import accumulate  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("gen_servqual", ROOT / "datasets/generators/servqual.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def cms_wide():
    df = data.load("cms_patient_experience")
    return df.pivot(index="org_pac_id", columns="measure_cd", values="prf_rate")


def textbook_alpha(x: np.ndarray) -> float:
    """α = k/(k−1) · (1 − Σ var_i / var(total)) on complete data (Cronbach 1951)."""
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


# --------------------------------------------------------------------------- the instrument
def test_instrument_structure():
    assert list(sq.DIMENSIONS) == ["tangibles", "reliability", "responsiveness", "assurance", "empathy"]
    assert [d.zh for d in sq.DIMENSIONS.values()] == ["有形性", "可靠性", "响应性", "保证性", "移情性"]
    assert [len(d.items) for d in sq.DIMENSIONS.values()] == [4, 5, 4, 4, 5]
    assert [it.number for it in sq.ITEMS] == list(range(1, 23))
    assert all(it.en and it.zh for it in sq.ITEMS)
    assert sq.NEGATIVE_1988 == (10, 11, 12, 13, 18, 19, 20, 21, 22)
    t = sq.items_table("zh")
    assert t.loc[14, "dimension"] == "保证性" and not t["reverse_scored"].any()


def test_likert_and_headers():
    assert sq.likert_map()["strongly disagree"] == 1 and sq.likert_map()["同意"] == 6
    assert sq.likert_map((1, 5))["同意"] == 4 and sq.likert_map((1, 5))["一般"] == 3
    df = pd.DataFrame(columns=["期望 5", "感知_5", "E-6", "p.6", "期望Q7", "感知7", "other"])
    assert list(sq.standardize_columns(df).columns) == ["E5", "P5", "E6", "P6", "E7", "P7", "other"]


def test_prepare_reverse_scores_1988_and_five_point():
    raw = pd.DataFrame({"E1": [7, 6], "P1": ["agree", "Strongly Agree "], "E10": [2, 7], "P10": [1, 4]})
    out = sq.prepare(raw, version=1988)
    assert out["P1"].tolist() == [6.0, 7.0]  # item 1 is positively worded: unchanged
    assert out["E10"].tolist() == [6.0, 1.0] and out["P10"].tolist() == [7.0, 4.0]  # 8 − x
    five = sq.prepare(pd.DataFrame({"E10": ["非常同意", "不同意"], "P10": [1, 3]}), scale=(1, 5), version=1988)
    assert five["E10"].tolist() == [1.0, 4.0] and five["P10"].tolist() == [5.0, 3.0]  # 6 − x
    custom = sq.prepare(pd.DataFrame({"E1": ["great"], "P1": ["poor"]}), likert={"Great": 7, "poor": 2})
    assert custom.iloc[0].tolist() == [7.0, 2.0]


def test_from_long_equals_wide():
    long = pd.DataFrame({"respondent": [1, 1, 1, 1, 2, 2, 2, 2], "item": [1, 1, 5, 5] * 2,
                         "kind": ["E", "P"] * 4, "score": [6, 5, 7, 4, 5, 6, 6, 6]})
    wide = sq.from_long(long)
    assert wide.to_dict("list") == {"respondent": [1, 2], "E1": [6, 5], "E5": [7, 6], "P1": [5, 6], "P5": [4, 6]}


# --------------------------------------------------------------------------- gaps and scores
HAND = pd.DataFrame({  # two respondents, tangibles items 1–2 and reliability item 5
    "respondent": [1, 2], "segment": ["a", "b"],
    "E1": [6, 7], "P1": [5, 7], "E2": [6, 5], "P2": [3, np.nan], "E5": [7, 6], "P5": [5, 6],
})


def test_gap_scores_by_hand():
    g = sq.gap_scores(HAND)
    # item gaps: item 1: (−1, 0) → −0.5; item 2 only respondent 1: −3; item 5: (−2, 0) → −1
    assert g.items["gap"].tolist() == [-0.5, -3.0, -1.0]
    assert g.items["n"].tolist() == [2, 1, 2]
    # respondent 1 tangibles: mean(−1, −3) = −2; respondent 2: item 1 only = 0 → dimension −1
    assert g.respondents["tangibles"].tolist() == [-2.0, 0.0]
    assert g.dimensions.loc["tangibles", "gap"] == -1.0
    assert g.dimensions.loc["tangibles", "E"] == 6.5 and g.dimensions.loc["tangibles", "P"] == 5.5
    by = sq.gap_scores(HAND, by="segment")
    assert by.dimensions.loc[("a", "reliability"), "gap"] == -2.0
    assert by.items.loc[("b", 1), "gap"] == 0.0


def test_servqual_score_by_hand():
    df = HAND.assign(W_tangibles=[40, 10], W_reliability=[60, 90])
    s = sq.servqual_score(df)
    assert s.unweighted == pytest.approx((-1.0 + -1.0) / 2)
    # respondent 1: 0.4·(−2) + 0.6·(−2) = −2; respondent 2: 0.1·0 + 0.9·0 = 0 → −1
    assert s.weighted == pytest.approx(-1.0)
    # SERVPERF: tangibles P: resp 1 (5+3)/2 = 4, resp 2: 7 → 5.5; reliability P (5+6)/2 = 5.5 → 5.5
    assert s.servperf == pytest.approx(5.5)
    given = sq.servqual_score(HAND, weights={"tangibles": 1, "reliability": 3})
    assert given.weighted == pytest.approx(0.25 * -1 + 0.75 * -1)
    assert given.weights.tolist() == [25.0, 75.0]


def test_gap_significance_equals_paired_t_test():
    df = data.load("servqual_hotel")
    res = sq.gap_significance(df)
    complete = df.dropna(subset=[f"E{i}" for i in range(5, 10)] + [f"P{i}" for i in range(5, 10)])
    e = complete[[f"E{i}" for i in range(5, 10)]].mean(axis=1)
    p = complete[[f"P{i}" for i in range(5, 10)]].mean(axis=1)
    sub = sq.gap_significance(complete).loc["reliability"]
    ref = stats.ttest_rel(p, e)
    assert sub["t"] == pytest.approx(ref.statistic, rel=1e-12)
    assert sub["p"] == pytest.approx(ref.pvalue, rel=1e-9)
    ci = ref.confidence_interval(0.95)
    assert (sub["ci_low"], sub["ci_high"]) == pytest.approx((ci.low, ci.high), rel=1e-12)
    assert (res["ci_low"] < res["gap"]).all() and (res["gap"] < res["ci_high"]).all()


# --------------------------------------------------------------------------- alpha
def test_alpha_textbook_example():
    x = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]])
    # Σ var_i = 5/3 + 19/12 + 11/12 = 25/6; var(total) = 34/3 → α = 1.5·(1 − 25/68) = 129/136
    assert sq.cronbach_alpha(x).alpha == pytest.approx(129 / 136, abs=1e-12)
    assert sq.cronbach_alpha(x).alpha == pytest.approx(textbook_alpha(x.astype(float)), abs=1e-12)


@pytest.mark.parametrize("policy", ["pairwise", "listwise"])
def test_alpha_matches_pingouin_on_real_data(cms_wide, policy):
    pg = pytest.importorskip("pingouin")
    assert cms_wide.isna().any().any()  # the real data has missing measures: both policies matter
    ref, ref_ci = pg.cronbach_alpha(cms_wide, nan_policy=policy)
    res = sq.cronbach_alpha(cms_wide, nan_policy=policy)
    assert res.alpha == pytest.approx(ref, abs=1e-9)
    if policy == "pairwise":  # pingouin rounds its interval to 3 decimals and uses every row
        assert np.round(res.ci, 3).tolist() == pytest.approx(ref_ci.tolist(), abs=1e-12)
    else:  # listwise: our interval uses the complete rows only
        assert res.n == len(cms_wide.dropna())
        assert res.ci == pytest.approx(_feldt(res.alpha, res.n, res.k, 0.95))


def test_alpha_textbook_formula_on_real_complete_rows(cms_wide):
    complete = cms_wide.drop(columns="CAHPS_GRP_8").dropna()
    assert len(complete) > 60
    expected = textbook_alpha(complete.to_numpy())
    assert sq.cronbach_alpha(complete).alpha == pytest.approx(expected, abs=1e-9)
    assert sq.cronbach_alpha(complete, nan_policy="listwise").alpha == pytest.approx(expected, abs=1e-9)


def test_alpha_feldt_interval_formula():
    x = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4], [2, 2, 3]])
    res = sq.cronbach_alpha(x, confidence=0.9)
    low = 1 - (1 - res.alpha) * stats.f.ppf(0.95, 4, 8)
    high = 1 - (1 - res.alpha) * stats.f.ppf(0.05, 4, 8)
    assert res.ci == pytest.approx((low, high), abs=1e-12)


def _alpha_from_sums(cols, chunk, **kw):
    s = accumulate({"X": cols}, [("all", list(range(len(cols))))], scales="X", chunk=chunk, **kw)
    var, _, var_t = s.scales[("X", "all")].summary()
    k = len(cols)
    return float(k * (var_t - sum(var)) / ((k - 1) * var_t))


def test_alpha_chunked_int8_equals_float():
    rng = np.random.default_rng(1)
    x = np.clip(np.round(4 + rng.normal(size=(1000, 1)) + rng.normal(size=(1000, 5))), 1, 7).astype(np.int8)
    cols = [x[:, j] for j in range(5)]
    whole = _alpha_from_sums(cols, 1000)
    assert whole == pytest.approx(textbook_alpha(x.astype(float)), abs=1e-12)
    assert _alpha_from_sums(cols, 97) == whole  # integer sums: exact, whatever the chunk size
    assert sq.cronbach_alpha(x).alpha == whole
    assert sq.cronbach_alpha(x.astype(np.float32)).alpha == pytest.approx(whole, abs=1e-12)  # float64 sums
    xf = x.astype(np.float64)
    xf[rng.random(xf.shape) < 0.05] = np.nan  # pairwise sums across chunks equal one pass
    pw = [xf[:, j] for j in range(5)]
    assert _alpha_from_sums(pw, 97) == pytest.approx(_alpha_from_sums(pw, 1000), abs=1e-12)
    assert _alpha_from_sums(pw, 1000) == pytest.approx(sq.cronbach_alpha(xf).alpha, abs=1e-12)
    answers = accumulate({"P": pw}, [("d", list(range(5)))], bounds=(1, 7), scales="P", chunk=97)
    var, _, var_t = answers.scales[("P", "d")].summary()  # answers on a scale: integer sums, exact
    assert float(5 * (var_t - sum(var)) / (4 * var_t)) == pytest.approx(sq.cronbach_alpha(xf).alpha, abs=1e-12)


def test_alpha_of_non_integer_and_huge_values_uses_float_sums():
    rng = np.random.default_rng(2)
    x = rng.normal(50, 5, size=(300, 1)) + rng.normal(0, 3, size=(300, 4))
    assert sq.cronbach_alpha(x).alpha == pytest.approx(textbook_alpha(x), abs=1e-12)
    big = (np.round(x) * 10**9).astype(np.int64)  # integer sums would overflow int64: float path
    assert sq.cronbach_alpha(big).alpha == pytest.approx(textbook_alpha(big.astype(float)), abs=1e-12)


def test_reliability_item_statistics():
    df = data.load("servqual_bank")
    complete = df.dropna(subset=[f"P{i}" for i in range(5, 10)])
    rel = sq.reliability(complete)
    items = complete[[f"P{i}" for i in range(5, 10)]].to_numpy()
    rest = items.sum(axis=1) - items[:, 0]
    assert rel.items.loc[("P", 5), "item_total_r"] == pytest.approx(np.corrcoef(items[:, 0], rest)[0, 1], abs=1e-12)
    assert rel.items.loc[("P", 5), "alpha_if_deleted"] == pytest.approx(textbook_alpha(items[:, 1:]), abs=1e-12)
    assert rel.scales.loc[("reliability", "P"), "alpha"] == pytest.approx(textbook_alpha(items), abs=1e-12)


# --------------------------------------------------------------------------- zone of tolerance and IPA
def test_zone_by_hand():
    df = pd.DataFrame({"A1": [5, 6], "D1": [7, 8], "P1": [8, 9], "A5": [6, 6], "D5": [8, 9], "P5": [7, 7],
                       "A6": [6, 7], "D6": [8, 8], "P6": [4, np.nan]})
    z = sq.zone_of_tolerance(df)
    assert z.items["position"].tolist() == ["above", "within", "below"]
    assert z.items.loc[1, "MSA"] == 3.0 and z.items.loc[1, "MSS"] == 1.0
    assert z.items.loc[6, "n"] == 1
    # reliability per respondent: resp 1 A (6+6)/2=6, D 8, P (7+4)/2=5.5; resp 2 A 6, D 9, P 7
    assert z.dimensions.loc["reliability", ["A", "D", "P"]].tolist() == [6.0, 8.5, 6.25]
    assert z.dimensions.loc["reliability", "position"] == "within"


def test_ipa_quadrants_and_crosshairs():
    imp = pd.Series({"a": 10, "b": 30, "c": 20, "d": 40})
    perf = pd.Series({"a": 6.0, "b": 4.0, "c": 3.0, "d": 6.5})
    res = sq.ipa(imp, perf)
    assert (res.importance_line, res.performance_line) == (25.0, 4.875)
    assert res.table["quadrant"].to_dict() == {"a": "overkill", "b": "concentrate", "c": "low_priority",
                                               "d": "keep_up"}
    assert sq.ipa(imp, perf, crosshair="scale_mid").performance_line == 4.0
    assert sq.ipa(imp, perf, crosshair="scale_mid").table.loc["b", "quadrant"] == "keep_up"  # on the line = high
    assert sq.ipa(imp, perf, crosshair="median").performance_line == 5.0
    assert sq.ipa(imp, perf, crosshair=(35, 5)).table.loc["b", "quadrant"] == "low_priority"


# --------------------------------------------------------------------------- validation and cleaning
def test_validate_and_clean_raw_survey():
    raw = data.load("servqual_restaurant_raw")
    clean = data.load("servqual_restaurant")
    problems = sq.validate_responses(raw)
    counts = problems.groupby("problem").size()
    assert counts["straight-lining"] == 10 and counts["duplicate"] == 16
    assert counts["out of range"] > 0 and counts["non-numeric"] > 0
    cleaned = sq.clean(raw).sort_values("respondent").reset_index(drop=True)
    assert cleaned["respondent"].tolist() == clean["respondent"].tolist()
    cols = [f"{k}{i}" for k in "EP" for i in range(1, 23)]
    a = cleaned[cols].to_numpy(dtype=float)
    b = clean[cols].to_numpy(dtype=float)
    agree = (a == b) | np.isnan(a) & np.isnan(b)
    # labels and padded numbers are recovered; only typed-over cells (out of range, junk) are lost
    lost = np.isnan(a) & ~np.isnan(b)
    assert (agree | lost).all() and 0 < lost.mean() < 0.01
    with pytest.raises(CourseDataError, match="outside the scale|duplicated|not numbers"):
        sq.validate_responses(raw, errors="raise")


# --------------------------------------------------------------------------- datasets against the truth
@pytest.mark.parametrize("industry", ["restaurant", "hotel", "bank"])
def test_estimates_recover_true_gaps(industry):
    gen = _generator()
    df = data.load(f"servqual_{industry}")
    assert 300 <= len(df) <= 600
    truth = gen.true_gaps(industry)["dimensions"]
    est = sq.gap_significance(df)
    # stated tolerance: each dimension's estimate within 4 standard errors of the model's true gap
    assert (np.abs(est["gap"] - truth) < 4 * est["se"]).all(), pd.concat([est["gap"], truth], axis=1)
    alphas = sq.reliability(df).scales["alpha"]
    assert alphas.between(0.7, 0.9).all()
    miss = df[[f"{k}{i}" for k in "EP" for i in range(1, 23)]].isna().mean().mean()
    assert 0.01 < miss < 0.04


def test_zone_dataset_recovers_true_positions():
    gen = _generator()
    z = sq.zone_of_tolerance(data.load("servqual_zone_bank"))
    truth = gen.true_zone()
    assert z.dimensions["position"].tolist() == truth.loc[z.dimensions.index, "position"].tolist()
    assert np.abs(z.dimensions["MSA"] - truth["MSA"]).max() < 0.2


def test_generator_is_deterministic(tmp_path):
    gen = _generator()
    for path in gen.generate(tmp_path):
        assert path.read_bytes() == (ROOT / "datasets/synthetic" / path.name).read_bytes(), path.name


# --------------------------------------------------------------------------- one-pass analysis
def test_analyze_equals_separate_functions():
    df = data.load("servqual_restaurant")
    res = sq.analyze(df, chunk=37)  # small chunks: exercises the accumulation across chunks
    g = sq.gap_scores(df)
    # one implementation, integer sums: the same numbers to the last bit, whatever the chunk size
    pd.testing.assert_frame_equal(res.items, g.items, check_exact=True)
    pd.testing.assert_frame_equal(res.dimensions, g.dimensions, check_exact=True)
    rel = sq.reliability(df).scales
    pd.testing.assert_frame_equal(res.alphas, rel.loc[res.alphas.index], check_exact=True)
    s = sq.servqual_score(df)
    assert res.score == s.unweighted
    assert res.weighted_score == pytest.approx(s.weighted, abs=1e-12)  # per-respondent sums, chunk by chunk
    whole = sq.analyze(df)
    pd.testing.assert_frame_equal(whole.alphas, res.alphas, check_exact=True)
    assert whole.score == res.score
    ints = df.dropna().astype({c: "int8" for c in df.columns if c[0] in "EP" and c[1:].isdigit()})
    assert sq.analyze(ints, chunk=50).score == sq.servqual_score(ints).unweighted
    given = {"tangibles": 1, "reliability": 2, "responsiveness": 3, "assurance": 4, "empathy": 5}
    assert sq.analyze(ints, given, chunk=50).weighted_score == pytest.approx(
        sq.servqual_score(ints, weights=given).weighted, abs=1e-12)


def test_analyze_float32_with_missing_equals_float64():
    df = data.load("servqual_hotel")
    cols = sq.item_columns(df)
    a, b = sq.analyze(df), sq.analyze(df.astype({c: "float32" for c in cols}), chunk=64)
    pd.testing.assert_frame_equal(a.items, b.items, check_exact=True)
    pd.testing.assert_frame_equal(a.dimensions, b.dimensions, check_exact=True)
    pd.testing.assert_frame_equal(a.alphas, b.alphas, check_exact=True)


def test_analyze_rejects_bad_answers_with_absolute_rows():
    df = data.load("servqual_bank").dropna().reset_index(drop=True).head(200)
    df = df.astype({c: "int8" for c in sq.item_columns(df)})
    bad = df.copy()
    bad.loc[[10, 150], "P7"] = 9
    err = _raises(lambda: sq.analyze(bad, chunk=64), "outside the scale", "rows 11, 151", "'P7'")
    assert err.row == [11, 151]
    half = df.astype({"E3": "float64"})
    half.loc[120, "E3"] = 4.5
    _raises(lambda: sq.analyze(half, chunk=64), "outside the scale", "row 121", "'E3'", "whole numbers")


def test_import_loads_neither_matplotlib_nor_scipy():
    import subprocess
    import sys

    code = ("import sys, course_lib.servqual as sq; sq.gap_scores; "
            "bad = {'matplotlib', 'matplotlib.pyplot', 'ipywidgets', 'scipy'} & set(sys.modules); "
            "assert not bad, bad; assert 'course_lib.servqual.plots' not in sys.modules; "
            "assert callable(sq.plot_radar) and 'course_lib.servqual.plots' in sys.modules; "
            "assert sorted(sq.__all__) == sorted(set(sq.__all__)) and len(sq.__all__) == 40; "
            "assert all(hasattr(sq, n) for n in sq.__all__)")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --------------------------------------------------------------------------- property tests
answers = arrays(np.int64, st.tuples(st.integers(3, 25), st.integers(2, 6)), elements=st.integers(1, 7))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answers, st.integers(-3, 3))
def test_alpha_unchanged_by_shifting_every_item(x, c):
    if (x.sum(axis=1).var() == 0) or (x.var(axis=0) == 0).all():
        return
    a = sq.cronbach_alpha(x).alpha
    assert sq.cronbach_alpha(x + c).alpha == pytest.approx(a, abs=1e-9)
    assert sq.cronbach_alpha(x * 3).alpha == pytest.approx(a, abs=1e-9)
    assert a == pytest.approx(textbook_alpha(x.astype(float)), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(arrays(np.int64, st.tuples(st.integers(2, 12), st.just(8)), elements=st.integers(1, 7)))
def test_swapping_e_and_p_negates_every_gap(x):
    items = [1, 5, 10, 14]
    df = pd.DataFrame(x, columns=[f"E{i}" for i in items] + [f"P{i}" for i in items])
    swapped = df.rename(columns=lambda c: ("P" if c[0] == "E" else "E") + c[1:])
    g, h = sq.gap_scores(df), sq.gap_scores(swapped)
    assert np.allclose(g.items["gap"], -h.items["gap"])
    assert np.allclose(g.dimensions["gap"], -h.dimensions["gap"])
    assert sq.servqual_score(df).unweighted == pytest.approx(-sq.servqual_score(swapped).unweighted)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=5, max_size=5), st.integers(0, 4), st.integers(0, 100))
def test_rebalance_keeps_total(start, which, value):
    keys = list(sq.DIMENSIONS)
    vals = dict(zip(keys, start))
    vals[keys[which]] = value
    out = sq.rebalance(vals, keys[which])
    assert sum(out.values()) == 100 and out[keys[which]] == value
    assert all(v >= 0 for v in out.values())


# --------------------------------------------------------------------------- bad inputs
GOOD = pd.DataFrame({"E1": [6, 5, 7], "P1": [5, 5, 6], "E2": [6, 6, 7], "P2": [4, 6, 6]})


def _raises(func, *words):
    with pytest.raises(CourseDataError) as info:
        func()
    msg = str(info.value)
    for w in words:
        assert w in msg, msg
    assert "fix:" in msg
    return info.value


def test_bad_not_a_dataframe():
    _raises(lambda: sq.gap_scores([[1, 2]]), "expected a table")


def test_bad_empty_table():
    _raises(lambda: sq.gap_scores(GOOD.iloc[:0]), "no rows")


def test_bad_no_item_columns():
    _raises(lambda: sq.gap_scores(pd.DataFrame({"a": [1]})), "no SERVQUAL item columns", "E1…E22")


def test_bad_unmatched_items():
    _raises(lambda: sq.gap_scores(GOOD.drop(columns="P2")), "'P2'", "without a matching P")


def test_bad_out_of_range():
    err = _raises(lambda: sq.gap_scores(GOOD.assign(P2=[4, 8, 6])), "outside the scale", "row 2", "'P2'",
                  "from 1 to 7")
    assert err.row == [2]


def test_bad_non_numeric():
    err = _raises(lambda: sq.gap_scores(GOOD.assign(E1=["6", "five", "7"])), "non-numeric", "'five'", "'E1'")
    assert err.row in (2, [2])  # course_lib.data.to_numeric reports rows as a list


def test_bad_scale():
    _raises(lambda: sq.gap_scores(GOOD, scale=(7, 1)), "invalid scale")


def test_bad_allocations_not_100():
    df = GOOD.assign(W_tangibles=[100, 90, 100])
    _raises(lambda: sq.servqual_score(df), "do not add up to 100", "row 2")


def test_bad_allocation_columns_incomplete():
    df = data.load("servqual_hotel").drop(columns="W_empathy")
    _raises(lambda: sq.servqual_score(df), "'W_empathy'")


def test_bad_weight_keys():
    _raises(lambda: sq.servqual_score(GOOD, weights={"tangible": 1}), "weights do not match")


def test_bad_alpha_inputs():
    _raises(lambda: sq.cronbach_alpha(np.ones((5, 1))), "at least two items")
    _raises(lambda: sq.cronbach_alpha(np.array([[1, 2]])), "at least two respondents")
    _raises(lambda: sq.cronbach_alpha(GOOD, nan_policy="drop"), "nan_policy")
    _raises(lambda: sq.cronbach_alpha(np.full((4, 3), 5)), "does not vary")
    _raises(lambda: sq.cronbach_alpha(pd.DataFrame({"a": [1.0, 2, 3], "b": [np.nan] * 3})), "no answers", "'b'")


def test_bad_mapping():
    _raises(lambda: sq.prepare(GOOD, mapping={"Q1": "E1"}), "'Q1'", "not in the table")
    _raises(lambda: sq.standardize_columns(GOOD.assign(期望1=1)), "several columns would become 'E1'")


def test_bad_long_duplicates_and_kind():
    long = pd.DataFrame({"respondent": [1, 1], "item": [1, 1], "kind": ["E", "E"], "score": [5, 6]})
    _raises(lambda: sq.from_long(long), "twice", "rows 1, 2")
    _raises(lambda: sq.from_long(long.assign(kind=["E", "X"])), "unknown kind", "row 2")


def test_bad_duplicates_raise():
    df = GOOD.assign(respondent=[1, 1, 2])
    _raises(lambda: sq.validate_responses(df, errors="raise"), "duplicated respondents", "rows 1, 2")
    _raises(lambda: sq.validate_responses(GOOD.assign(P1=[5, None, 6]), errors="raise", allow_missing=False),
            "missing answers", "row 2")


def test_bad_ipa_and_plots():
    _raises(lambda: sq.ipa({"a": 1, "b": 2}, {"a": 1, "c": 2}), "different attributes")
    _raises(lambda: sq.ipa({"a": 1, "b": 2}, {"a": 1, "b": 2}, crosshair="max"), "crosshair")
    _raises(lambda: sq.plot_radar(GOOD, ax=plt.subplots()[1]), "polar Axes")
    _raises(lambda: sq.gap_scores(GOOD, by="segment"), "segment column is missing")
    _raises(lambda: sq.prepare(GOOD, version=1994), "unknown SERVQUAL version")


# --------------------------------------------------------------------------- plots
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plots_render_in_both_languages(lang):
    df = data.load("servqual_restaurant")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph would warn
        axes = [sq.plot_radar(df, lang=lang), sq.plot_gaps(df, lang=lang),
                sq.plot_gaps(df, level="item", dimension="reliability", lang=lang),
                sq.plot_ipa(sq.ipa(df[list(sq.WEIGHT_COLUMNS.values())].mean().set_axis(list(sq.DIMENSIONS)),
                                   sq.gap_scores(df).dimensions["P"]), lang=lang),
                sq.plot_zone(sq.zone_of_tolerance(data.load("servqual_zone_bank")), lang=lang)]
        for ax in axes:
            ax.figure.canvas.draw()
    titles = [ax.get_title() for ax in axes]
    assert ("差距" in titles[1]) == (lang == "zh") and ("容忍区" in titles[4]) == (lang == "zh")
    bars = sorted(p.get_width() for p in axes[1].patches)
    assert bars == pytest.approx(sorted(sq.gap_scores(df).dimensions["gap"]))


# --------------------------------------------------------------------------- widgets
def test_allocator_keeps_100_and_updates_score():
    df = data.load("servqual_bank").dropna()
    wdg = sq.allocator(df)
    assert sum(c.value for c in wdg.controls.values()) == 100
    wdg.controls["reliability"].value = 60
    values = {k: c.value for k, c in wdg.controls.items()}
    assert sum(values.values()) == 100 and values["reliability"] == 60
    expected = sq.servqual_score(df, weights=values).weighted  # complete data: the two definitions agree
    assert wdg.result.iloc[-2, 1] == pytest.approx(expected, abs=1e-12)
    assert wdg.result.iloc[-1, 1] == pytest.approx(sq.servqual_score(df).unweighted, abs=1e-12)


def test_gap_explorer_filters_segment_and_dimension():
    df = data.load("servqual_hotel")
    wdg = sq.gap_explorer(df)
    wdg.controls["segment"].value = "business"
    expected = sq.gap_scores(df[df["segment"] == "business"]).dimensions["gap"]
    assert np.allclose(wdg.result["gap"], expected)
    wdg.controls["dimension"].value = "responsiveness"
    assert wdg.result.index.tolist() == [10, 11, 12, 13]


def test_self_assessment_radar():
    wdg = sq.self_assessment(lang="zh")
    wdg.controls["P_reliability"].value = 3
    wdg.controls["E_reliability"].value = 7
    assert wdg.result.loc["reliability", "gap"] == -4.0
    assert wdg.result["gap"].drop("reliability").eq(-1.0).all()


# --------------------------------------------------------------------------- exercise checks
def test_checks_reject_wrong_answers_with_a_hint():
    from course_lib.checks import evaluate, registry

    tasks = {k: t for k, t in registry().items() if k.startswith("servqual.")}
    assert len(tasks) >= 6
    for task_id, t in tasks.items():
        res = evaluate(task_id, t.wrong(), lang="en")
        assert res.status == "fail" and "Hint" in res.message, task_id
        assert evaluate(task_id, ..., lang="zh").status == "unanswered"


def test_checks_accept_hand_computed_answers():
    from course_lib.checks import evaluate
    from course_lib.checks import servqual as chk

    raw, df = data.load("servqual_restaurant_raw"), data.load("servqual_restaurant")
    assert evaluate("servqual.clean_survey", sq.clean(raw)).passed
    paired = df[chk.P_REL].where(df[chk.E_REL].notna().to_numpy()) - df[chk.E_REL].where(
        df[chk.P_REL].notna().to_numpy()).to_numpy()
    assert evaluate("servqual.reliability_gap", float(paired.mean(axis=1).mean())).passed
    sub = df[chk.P_REL].dropna()
    assert evaluate("servqual.alpha_reliability", textbook_alpha(sub.to_numpy())).passed
    assert evaluate("servqual.weighted_score", sq.servqual_score(df).weighted).passed
    assert evaluate("servqual.ipa_concentrate", ["reliability", "responsiveness"]).passed
    assert evaluate("servqual.zone_below", ["responsiveness"]).passed
    assert evaluate("servqual.what_first", "b").passed  # reliability: 30 points × the largest shortfall
