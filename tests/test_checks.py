"""The feedback machinery, and every registered check tested three ways."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from course_lib import checks
from course_lib.checks import CheckError, check, evaluate, registry
from course_lib.lang import pick

ROOT = Path(__file__).resolve().parent.parent
TASKS = sorted(registry())


def test_registry_is_not_empty_and_ids_are_namespaced():
    assert "warmup.n_parties" in TASKS
    assert all(t.count(".") == 1 for t in TASKS)


@pytest.mark.parametrize("task_id", TASKS)
def test_unanswered_says_so_and_never_raises(task_id, monkeypatch, capsys):
    monkeypatch.setenv(checks.STRICT_ENV, "0")
    assert evaluate(task_id, ...).status == "unanswered"
    check(task_id, ...)
    assert "Not answered yet" in capsys.readouterr().out


@pytest.mark.parametrize("task_id", TASKS)
def test_plausible_wrong_answer_fails_with_its_hint(task_id):
    task = registry()[task_id]
    assert task.wrong is not None, f"{task_id} has no wrong example"
    for lang in ("en", "zh"):
        result = evaluate(task_id, task.wrong(), lang=lang)
        assert result.status == "fail", f"{task_id}: the wrong example passed"
        assert pick(task.hint, lang) in result.message


@pytest.mark.parametrize("task_id", TASKS)
def test_every_task_is_answered_in_a_solution_and_asked_in_an_exercise(task_id):
    import nbformat

    for folder in ("solutions", "exercises"):
        hits = [p for p in (ROOT / folder).glob("*.ipynb")
                if any(f'check("{task_id}"' in c.source for c in nbformat.read(p, as_version=4).cells)]
        assert hits, f"{task_id} is not used in {folder}/"
    # the right answers are proven by the solutions running in strict mode (test_notebooks / nbval)


def test_warmup_right_answers_pass():
    from course_lib import data

    tips = data.load("tips")
    assert evaluate("warmup.n_parties", 244).passed
    rate = (tips["tip"] / tips["total_bill"]).mean() * 100
    assert round(rate, 4) == 16.0803  # mean per-bill tip rate, checked with the csv module
    assert evaluate("warmup.tip_rate", rate).passed
    by_day = (tips["tip"] / tips["total_bill"] * 100).groupby(tips["day"]).mean().sort_values(ascending=False)
    assert list(by_day.index) == ["Fri", "Sun", "Thur", "Sat"]  # checked with the csv module
    assert evaluate("warmup.rate_by_day", by_day).passed
    assert not evaluate("warmup.rate_by_day", by_day.sort_values()).passed  # wrong order


def test_strict_mode_raises_on_fail_and_unanswered(monkeypatch, capsys):
    monkeypatch.setenv(checks.STRICT_ENV, "1")
    with pytest.raises(CheckError, match="strict mode"):
        check("warmup.n_parties", 3)
    with pytest.raises(CheckError):
        check("warmup.n_parties", ...)
    check("warmup.n_parties", 244)
    assert "✅" in capsys.readouterr().out


def test_chinese_messages(monkeypatch):
    monkeypatch.setenv(checks.LANG_ENV, "zh")
    assert evaluate("warmup.n_parties", ...).message.startswith("✍️ 尚未作答")
    assert "提示" in evaluate("warmup.n_parties", 1).message
    assert evaluate("warmup.n_parties", 244, lang="en").message.startswith("✅ Correct")


def test_answer_of_the_wrong_shape_is_a_failure_not_a_crash():
    res = evaluate("warmup.rate_by_day", "a string")
    assert res.status == "fail" and "Hint" in res.message


def test_unanswered_detection_inside_containers():
    assert checks.is_unanswered([1, ...]) and checks.is_unanswered({"a": ...})
    assert not checks.is_unanswered([1, 2]) and not checks.is_unanswered(0)


def test_expect_close_aligns_series_by_label():
    expected = pd.Series({"a": 1.0, "b": 2.0})
    checks.expect_close(pd.Series({"b": 2.0, "a": 1.0}), expected)
    with pytest.raises(checks.CheckFailed, match="lacks the entries"):
        checks.expect_close(pd.Series({"a": 1.0}), expected)
    with pytest.raises(checks.CheckFailed, match="1 of 2 values"):
        checks.expect_close(pd.Series({"a": 1.0, "b": 2.5}), expected)
    with pytest.raises(checks.CheckFailed, match="expected a single number"):
        checks.expect_close("3", 3.0)


def test_expect_choice():
    checks.expect_choice(" B ", "b")
    with pytest.raises(checks.CheckFailed, match="one of the letters"):
        checks.expect_choice("e", "b")
    with pytest.raises(checks.CheckFailed, match="not the best answer"):
        checks.expect_choice("a", "b")


def test_unknown_task_lists_known_ones():
    with pytest.raises(KeyError, match="warmup.n_parties"):
        evaluate("warmup.nope", 1)


def test_duplicate_registration_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        checks.task("warmup.n_parties", title="x", hint="y")(lambda a: None)


def test_expect_list_accepts_list_likes_and_names_what_it_wanted():
    assert checks.expect_list(pd.Index(["a", "b"]), "names") == ["a", "b"]
    assert checks.expect_list("a", "names", one_string=True) == ["a"]
    assert sorted(checks.expect_list({"b", "a"}, "names")) == ["a", "b"]
    with pytest.raises(checks.CheckFailed, match="expected a list of names, got a str"):
        checks.expect_list("a", "a list of names")
    with pytest.raises(checks.CheckFailed, match="got a set"):
        checks.expect_list({"a"}, "a ranked list", ordered=True)
