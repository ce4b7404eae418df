"""Tests for course_lib.standards.promises (the published-promise checker) and its exercise checks."""

from __future__ import annotations

import pandas as pd
import pytest

from course_lib import CourseDataError, data
from course_lib import standards as S
from course_lib.checks import evaluate

CRITERIA = ["specific", "unconditional", "meaningful", "deliverable", "easy_to_invoke", "remedy"]


def verdicts(text, **kw):
    t = S.check_promise(text, lang="en", **kw)
    assert t["criterion"].tolist() == CRITERIA
    return {k: (None if pd.isna(m) else bool(m)) for k, m in zip(t["criterion"], t["met"])}


@pytest.mark.parametrize("text, expected", [
    ("We reply within one working day.", (1.0, "day")),
    ("All dishes within 20 minutes", (20.0, "min")),
    ("a 20-minute promise", (20.0, "min")),
    ("点餐后30分钟内上齐", (30.0, "min")),
    ("一个工作日内回复", (1.0, "day")),
    ("两个半小时内送达", (2.5, "h")),
    ("半小时内回电", (0.5, "h")),
    ("二十分钟上齐", (20.0, "min")),
    ("Calls answered within 20 seconds", (20.0, "s")),
    ("Fast, friendly service!", None),
    ("Satisfaction guaranteed*. *Claims within 7 days.", None),      # fine print is not the promise
])
def test_the_threshold_is_read_in_english_and_chinese(text, expected):
    assert S.promise_threshold(text) == expected


def test_a_good_promise_meets_all_criteria_in_either_language():
    en = "All your dishes within 30 minutes of ordering, or the late dishes are free: just tell any server."
    zh = "点餐后30分钟内菜品上齐，超时未上的菜品免单，告诉任意一位服务员即可。"
    for text in (en, zh):
        assert set(verdicts(text, kept_rate=0.98).values()) == {True}


def test_each_criterion_can_fail_on_its_own():
    base = "All your dishes within 30 minutes of ordering, or the late dishes are free: just tell any server."
    assert verdicts(base.replace("within 30 minutes of ordering", "fast"), kept_rate=0.98)["specific"] is False
    assert verdicts(base + "*Subject to availability.", kept_rate=0.98)["unconditional"] is False
    assert verdicts("The best hot pot in town: " + base, kept_rate=0.98)["meaningful"] is False
    assert verdicts(base, kept_rate=0.90)["deliverable"] is False
    assert verdicts(base, kept_rate=0.95)["deliverable"] is True                     # the bar is inclusive
    assert verdicts(base, kept_rate=0.90, reliable=0.9)["deliverable"] is True
    assert verdicts(base)["deliverable"] is None                                     # not judged without data
    assert verdicts(base.replace("just tell any server", "claim in writing with your receipt"),
                    kept_rate=0.98)["easy_to_invoke"] is False
    assert verdicts(base.replace("the late dishes are free", "we apologise"), kept_rate=0.98)["remedy"] is False
    assert verdicts(base.replace("the late dishes are free", "you get a voucher"), kept_rate=0.98)["remedy"] is False


def test_the_examples_are_judged_as_the_exercise_expects():
    ex = S.EXAMPLE_PROMISES.set_index("promise")
    assert set(ex["language"]) == {"en", "zh"}
    bank = verdicts(ex.loc["bank", "text"])
    assert bank == {"specific": False, "unconditional": False, "meaningful": False, "deliverable": None,
                    "easy_to_invoke": False, "remedy": False}
    travel = verdicts(ex.loc["travel", "text"])
    assert not any(travel.values())
    log = data.load("restaurant_service_log")
    worst = S.kept_rates(log, "serve_min", [20, 30], by="store").min()
    assert verdicts(ex.loc["hotpot_20", "text"], kept_rate=worst[20]) == dict.fromkeys(CRITERIA, True) | {
        "deliverable": False}
    assert set(verdicts(ex.loc["hotpot_30", "text"], kept_rate=worst[30]).values()) == {True}


def test_the_table_speaks_the_notebooks_language():
    zh = S.check_promise("点餐后30分钟内上齐", lang="zh")
    en = S.check_promise("点餐后30分钟内上齐", lang="en")
    assert list(zh.columns) == ["criterion", "name", "met", "verdict", "reason"]
    assert zh["criterion"].tolist() == en["criterion"].tolist()
    assert S.promise_criteria("en")["criterion"].tolist() == CRITERIA


def test_kept_rates_are_the_compliance_rates():
    log = data.load("restaurant_service_log")
    rates = S.kept_rates(log, "serve_min", [20, 25], by="store")
    one = S.compliance(log, S.Standard("serve_min", 25, 0.9), by="store").set_index("store")["rate"]
    pd.testing.assert_series_equal(rates[25], one, check_names=False)
    assert S.kept_rates(log, "serve_min", [20]).index.tolist() == ["all"]


@pytest.mark.parametrize("bad", [None, "", "   ", 20])
def test_a_promise_must_be_a_text(bad):
    with pytest.raises(CourseDataError):
        S.check_promise(bad)


def test_rates_must_be_shares():
    with pytest.raises(CourseDataError):
        S.check_promise("within 20 minutes", kept_rate=95)
    with pytest.raises(CourseDataError):
        S.kept_rates(pd.DataFrame({"serve_min": [1]}), "serve_min", [])


def test_the_manager_checks_recompute_from_the_data():
    assert evaluate("standards.promise_minutes", 30, lang="en").status == "pass"
    low = evaluate("standards.promise_minutes", 25, lang="en")
    assert low.status == "fail" and "91.4%" in low.message
    assert evaluate("standards.promise_minutes", 35, lang="en").status == "fail"
    assert evaluate("standards.promise_publish", "hotpot_30", lang="en").status == "pass"
    wrong = evaluate("standards.promise_publish", "hotpot_20", lang="en")
    assert wrong.status == "fail" and "Within what operations deliver" in wrong.message
    assert evaluate("standards.promise_draft", "点餐后30分钟内菜品上齐，超时的菜品免单，告诉任意一位服务员即可。",
                    lang="en").status == "pass"
    late = evaluate("standards.promise_draft", "Dishes within 25 minutes or they are free, just tell any server.",
                    lang="en")
    assert late.status == "fail" and "Within what operations deliver" in late.message
