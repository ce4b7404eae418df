"""course_lib.cases (industry cases, one-page plan) and the capstone checks.

Expected values are computed here with plain pandas/numpy from the CSV files, or read by hand from the data,
never taken from course_lib's own output.
"""

from __future__ import annotations

import math
import unicodedata

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from course_lib import CourseDataError, blueprint, cases, data
from course_lib.checks import evaluate
from course_lib.cases.plots import _wrap
from course_lib.standards import Standard

matplotlib.use("Agg")


# --------------------------------------------------------------------------- the case table
@pytest.mark.parametrize("industry", cases.INDUSTRIES)
def test_every_named_dataset_exists_and_fits_its_step(industry):
    case = cases.get_case(industry)
    catalogue = data.catalog()
    for role, name in case.datasets().items():
        if name is not None:
            assert name in catalogue, f"{industry}: {role} names unknown dataset {name}"
    visits = data.load(case.journey)
    assert {"customer_id", "touchpoint", "importance", "expectation", "experience"} <= set(visits.columns)
    survey = data.load(case.servqual)
    assert {"E1", "P22", "W_reliability"} <= set(survey.columns)
    blueprint.load_blueprint(case.blueprint)
    log = data.load(case.service_log)
    assert case.unit in log.columns
    assert len(case.standards) == 2
    for promise in case.standards:
        assert promise.metric in log.columns and promise.label("en") and promise.label("zh")
    loyal = data.load(case.nps)
    assert (loyal["industry"] == case.nps_filter).sum() == 600  # 600 per industry, from the catalogue
    assert case.nps_score in loyal.columns
    if case.nps_units:
        assert case.nps_units[1] in data.load(case.nps_units[0]).columns


@pytest.mark.parametrize("industry", cases.INDUSTRIES)
def test_every_case_says_something_honest_about_every_data_role(industry):
    case = cases.get_case(industry)
    for role in case.datasets():
        for lang in ("en", "zh"):
            assert case.note(role, lang).strip(), f"{industry}: no {lang} note on {role}"
    for lang, word in (("en", "synthetic"), ("zh", "合成")):
        assert word in case.describe(lang)


def test_missing_datasets_are_named_honestly():
    table = cases.case_table("en")
    assert table.shape == (3, 7)
    dashes = {(i, c) for i in table.index for c in table.columns if table.loc[i, c] == "—"}
    assert dashes == {("Restaurants", "redesigned blueprint (04)"), ("Travel", "redesigned blueprint (04)"),
                      ("Travel", "NPS by unit (07)"), ("Finance (retail bank)", "NPS by unit (07)")}
    assert "NPS by unit ships" in cases.get_case("travel").note("nps_units")
    zh = cases.case_table("zh")
    assert list(zh.index) == ["餐饮", "旅游", "金融（零售银行）"]


def test_get_case_accepts_case_and_spaces_and_rejects_others():
    assert cases.get_case(" Bank ").industry == "bank"
    with pytest.raises(CourseDataError) as err:
        cases.get_case("hotel")
    assert err.value.column == "industry" and "restaurant" in str(err.value) and "parameters cell" in str(err.value)
    with pytest.raises(CourseDataError):
        cases.get_case(3)


def test_note_rejects_unknown_roles():
    with pytest.raises(CourseDataError, match="unknown data role"):
        cases.get_case("bank").note("weather")


# --------------------------------------------------------------------------- the one-page plan
def test_plan_summary_hand_checked():
    promise = Standard("wait_min", 10, 0.85, "min", "Served within 10 minutes", "10分钟内办理")
    plan = {"moments_of_truth": ["Waiting", " Paperwork "], "diagnosis": {"en": "Responsiveness", "zh": "响应性"},
            "redesign": 39, "standards": [promise, "", ...], "monitoring": "  "}
    en = cases.plan_summary(plan)
    assert en["step"].tolist() == [1, 2, 3, 4, 5]
    assert en["stage"].tolist() == ["Moments of truth", "SERVQUAL diagnosis", "Blueprint redesign",
                                    "Standards and commitments", "Monitoring and listening"]
    assert en["plan"].tolist()[:4] == ["Waiting; Paperwork", "Responsiveness", "39",
                                       "85% of events with wait_min <= 10 min (Served within 10 minutes)"]
    assert en["answered"].tolist() == [True, True, True, True, False]
    assert en.loc[4, "plan"] == "✍ not answered yet"
    zh = cases.plan_summary(plan, lang="zh")
    assert zh.loc[1, "plan"] == "响应性"
    assert zh.loc[3, "plan"] == "85% 的服务事件 wait_min <= 10 min（10分钟内办理）"
    assert zh.loc[0, "stage"] == "关键时刻"
    assert cases.plan_summary({"redesign": 0.5}).loc[2, "plan"] == "0.5"


def test_an_untouched_plan_is_all_unanswered():
    for plan in (..., {}, {k: ... for k in cases.STAGES}):
        table = cases.plan_summary(plan)
        assert not table["answered"].any() and len(table) == 5


def test_plan_errors_name_the_stage():
    with pytest.raises(CourseDataError) as err:
        cases.plan_summary({"moments_of_truth": "x", "diagnoses": "y"})
    assert err.value.column == "diagnoses"
    with pytest.raises(CourseDataError) as err:
        cases.plan_summary({"redesign": pd.DataFrame({"a": [1]})})
    assert err.value.column == "redesign" and "sentence" in str(err.value)
    with pytest.raises(CourseDataError, match="is a dict"):
        cases.plan_summary(["moments_of_truth"])
    with pytest.raises(CourseDataError):
        cases.plan_summary({"redesign": True})
    with pytest.raises(ValueError):
        cases.plan_summary({}, lang="fr")


TEXT = hs.text(alphabet=hs.sampled_from(list("abc xyz,.;-9") + list("关键时刻响应性")), min_size=0, max_size=60)


@settings(max_examples=60, deadline=None)
@given(hs.dictionaries(hs.sampled_from(list(cases.STAGES)), TEXT))
def test_plan_summary_keeps_order_and_text(plan):
    table = cases.plan_summary(plan)
    assert table["lesson"].tolist() == [cases.LESSONS[k] for k in cases.STAGES]
    for i, key in enumerate(cases.STAGES):
        text = plan.get(key, "").strip()
        assert table.loc[i, "answered"] == bool(text)
        if text:
            assert table.loc[i, "plan"] == text


def _cols(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in line)


@settings(max_examples=80, deadline=None)
@given(TEXT, hs.integers(min_value=8, max_value=40))
def test_wrap_respects_width_and_loses_no_character(text, width):
    lines = _wrap(text, width)
    words_ok = all(_cols(line) <= width for line in lines if " " in line or _cols(line) > 0)
    long_words = any(_cols(w) > width for w in text.split())  # a long latin word cannot be broken
    assert words_ok or long_words
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_plot_plan_one_card_per_stage_in_both_languages():
    plan = {"moments_of_truth": "Waiting", "standards": Standard("wait_min", 10, 0.85, "min")}
    for lang in ("en", "zh"):
        fig = cases.plot_plan(cases.plan_summary(plan, lang=lang), lang=lang)
        ax = fig.axes[0]
        texts = [t.get_text() for t in ax.texts]
        assert len(texts) == 10  # a stage name and a plan text per step
        assert any(("关键时刻" if lang == "zh" else "Moments of") in t for t in texts)
        assert ax.get_title(loc="left") == ("卓越服务计划：一页纸总结" if lang == "zh" else
                                            "Service excellence plan: one page")
        grey = [t for t in ax.texts if t.get_fontstyle() == "italic"]
        assert len(grey) == 3
        fig.canvas.draw()  # renders without missing-glyph warnings (warnings are errors in the suite)
        matplotlib.pyplot.close(fig)
    with pytest.raises(CourseDataError):
        cases.plot_plan(pd.DataFrame({"x": [1]}))


# --------------------------------------------------------------------------- capstone checks (right answers)
def _bank_recommend() -> pd.Series:
    loyal = pd.read_csv(data.path_of("loyalty_survey"))
    return loyal.loc[loyal["industry"] == "bank", "recommend"]


def test_capstone_moments_of_truth_by_hand():
    visits = pd.read_csv(data.path_of("journey_bank"))
    impact = (visits["importance"] * (visits["expectation"] - visits["experience"])).groupby(visits["touchpoint"]).mean()
    top = impact.sort_values(ascending=False).index[:3].tolist()
    assert top == ["waiting", "paperwork", "product_advice"]
    assert evaluate("capstone.moments_of_truth", top[::-1]).passed
    assert not evaluate("capstone.moments_of_truth", top[:2]).passed


def test_capstone_gaps_by_hand():
    survey = pd.read_csv(data.path_of("servqual_bank"))
    items = {"tangibles": range(1, 5), "reliability": range(5, 10), "responsiveness": range(10, 14),
             "assurance": range(14, 18), "empathy": range(18, 23)}
    gaps = {}
    for dim, numbers in items.items():
        E = survey[[f"E{i}" for i in numbers]].to_numpy(float)
        P = survey[[f"P{i}" for i in numbers]].to_numpy(float)
        both = ~np.isnan(E) & ~np.isnan(P)
        per = np.where(both, P - E, 0).sum(axis=1) / both.sum(axis=1)
        gaps[dim] = np.nanmean(per)
    gaps = pd.Series(gaps)
    assert round(gaps["responsiveness"], 3) == -0.729 and gaps.idxmin() == "responsiveness"
    assert evaluate("capstone.dimension_gaps", gaps).passed
    assert not evaluate("capstone.dimension_gaps", gaps.round(1)).passed


def test_capstone_focus_by_hand():
    survey = pd.read_csv(data.path_of("servqual_bank"))
    importance = survey[[c for c in survey.columns if c.startswith("W_")]].mean()
    assert importance.idxmax() == "W_reliability"
    assert evaluate("capstone.focus_dimensions", ["responsiveness"]).passed
    assert evaluate("capstone.focus_dimensions", "responsiveness").passed
    assert not evaluate("capstone.focus_dimensions", ["reliability"]).passed  # important but above average
    # the English or Chinese label counts as the key; anything else says which forms to use
    assert evaluate("capstone.focus_dimensions", ["Responsiveness"]).passed
    assert evaluate("capstone.focus_dimensions", ["响应性"]).passed
    assert "not one of the SERVQUAL dimensions" in evaluate("capstone.focus_dimensions", ["speed"]).message


def test_capstone_redesign_minutes():
    # longest path 67 min before, 28 min after (blueprint lesson, read from the YAML files)
    assert evaluate("capstone.redesign_minutes", 39).passed
    assert "positive" in evaluate("capstone.redesign_minutes", -39).message
    assert not evaluate("capstone.redesign_minutes", 58).passed


def test_capstone_branches_below_by_hand():
    log = pd.read_csv(data.path_of("bank_service_log"))
    done = log.dropna(subset=["resolution_h"])
    n = done.groupby("branch").size()
    p = (done["resolution_h"] <= 24).groupby(done["branch"]).mean()
    z = 1.959963984540054
    upper = (p + z**2 / (2 * n) + z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))) / (1 + z**2 / n)
    below = sorted(upper.index[upper < 0.8])
    assert below == ["Branch 03", "Branch 05", "Branch 06", "Branch 07"]
    assert evaluate("capstone.branches_below", below).passed
    assert "more branch" in evaluate("capstone.branches_below", below[:1]).message
    assert "unclear" in evaluate("capstone.branches_below", below + ["Branch 01"]).message


def test_capstone_nps_and_sample_size_by_hand():
    s = _bank_recommend()
    p, d = (s >= 9).mean(), (s <= 6).mean()
    score = 100 * (p - d)
    assert round(score, 2) == -6.33
    assert evaluate("capstone.nps_baseline", score).passed
    assert not evaluate("capstone.nps_baseline", 100 * p).passed
    z = 1.959963984540054
    needed = math.ceil(z**2 * (p + d - (p - d) ** 2) / 0.05**2)
    assert needed == 906
    assert evaluate("capstone.sample_size", needed).passed
    assert not evaluate("capstone.sample_size", 1537).passed
    assert not evaluate("capstone.sample_size", 906.0).passed  # a whole number is asked for


GOOD_PLAN = {
    "moments_of_truth": "Waiting, where 62% are let down",
    "diagnosis": "Responsiveness is important and underperforms",
    "redesign": "Open the account at the counter, no back-office hand-off",
    "standards": Standard("wait_min", 10, 0.85, "min"),
    "monitoring": "Monthly p-chart by branch and quarterly NPS",
}


def test_capstone_plan_accepts_evidence_in_either_language():
    assert evaluate("capstone.plan", GOOD_PLAN).passed
    zh = {"moments_of_truth": "等候时间太长", "diagnosis": "响应性差距最大且重要",
          "redesign": "柜台当场开户，取消后台交接", "standards": "85%的顾客10分钟内办理",
          "monitoring": "每月按网点画 p 控制图，每季度测 NPS"}
    assert evaluate("capstone.plan", zh).passed


@pytest.mark.parametrize("change, reason", [
    ({"moments_of_truth": "The door greeting"}, "moments of truth"),
    ({"diagnosis": "Empathy"}, "concentrate on"),
    ({"standards": "Serve customers quickly"}, "needs a number"),
    ({"monitoring": "Ask"}, "too short"),
    ({"redesign": "  "}, "still empty"),
])
def test_capstone_plan_names_what_is_missing(change, reason):
    result = evaluate("capstone.plan", {**GOOD_PLAN, **change})
    assert result.status == "fail" and reason in result.message


def test_capstone_plan_with_a_dot_dot_dot_left_is_not_answered_yet():
    assert evaluate("capstone.plan", {**GOOD_PLAN, "redesign": ...}).status == "unanswered"
