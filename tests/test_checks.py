"""The feedback machinery, and every registered check tested three ways."""

from __future__ import annotations

import ast
import functools
import re
from collections import Counter

import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import os

import pandas as pd
import pytest

from course_lib import checks, data
from course_lib.checks import CHECK_MIMETYPE, CheckError, check, evaluate, get_task, registry
from course_lib.lang import T, pick

ROOT = Path(__file__).resolve().parent.parent
TASKS = sorted(registry())


# --------------------------------------------------------------------------- the solutions' answers
_ARGS, _NAME = "ARGSxPLACEHOLDER", "NAMExPLACEHOLDER"


class _Inline(ast.NodeTransformer):
    """Replace the names a cell assigned before with what was assigned (the whole computation)."""

    def __init__(self, assigned: dict):
        self.assigned, self.depth = assigned, 0

    def visit_Name(self, node):
        if node.id in self.assigned and self.depth < 4:
            self.depth += 1
            new = self.visit(ast.parse(ast.unparse(self.assigned[node.id]), mode="eval").body)
            self.depth -= 1
            return new
        return node


class _Abstract(ast.NodeTransformer):
    """Variables (and a call's arguments) may be spelled differently in a hint: ``df`` for ``survey``."""

    def visit_Name(self, node):
        return ast.Name(id=_NAME, ctx=node.ctx)

    def visit_Call(self, node):
        func = node.func if isinstance(node.func, ast.Name) else self.visit(node.func)  # len(...) stays len
        return ast.Call(func=func, args=[ast.Name(id=_ARGS, ctx=ast.Load())], keywords=[])


def normalise_code(text: str) -> str:
    """Whitespace and backticks removed, one kind of quote: how a hint and a solution are compared."""
    return re.sub(r"\s+", "", text.replace('"', "'").replace("`", ""))


def is_code(expr: str) -> bool:
    """A call, attribute or subscript (code that computes the answer) or a plain literal ("b", a list);
    not arithmetic on names such as ``(peak + end) / 2``, which is the formula a hint may teach."""
    nodes = list(ast.walk(ast.parse(expr, mode="eval")))
    if any(isinstance(n, (ast.Call, ast.Attribute, ast.Subscript)) for n in nodes):
        return True
    return not any(isinstance(n, ast.Name) for n in nodes)


def answer_pattern(expr: str) -> re.Pattern:
    """A regular expression finding ``expr`` in a normalised hint, whatever its variables are called."""
    code = normalise_code(ast.unparse(_Abstract().visit(ast.parse(expr, mode="eval"))))
    return re.compile(re.escape(code).replace(_ARGS, r"(?:[^()]|\([^()]*\))*").replace(_NAME, r"[\w.\[\]'…]*"))


def answers_in(source: str) -> dict[str, list[str]]:
    """Task id → the code of the answer a cell passes to ``check("task", answer)``: the expression
    last assigned to ``answer`` in the cell, as written and with the cell's earlier assignments inlined."""
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: no check there
        return {}
    assigned, found = {}, {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            assigned.update({t.id: stmt.value for t in stmt.targets if isinstance(t, ast.Name)})
        call = stmt.value if isinstance(stmt, ast.Expr) else None
        if (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "check" and len(call.args) >= 2
                and isinstance(call.args[0], ast.Constant)):
            arg = call.args[1]
            expr = assigned.get(arg.id) if isinstance(arg, ast.Name) else arg
            if expr is not None:
                inlined = _Inline(assigned).visit(ast.parse(ast.unparse(expr), mode="eval")).body
                found[call.args[0].value] = [ast.unparse(expr), ast.unparse(inlined)]
    return found


@functools.cache
def solution_answers() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "code":
                out.update(answers_in(cell.source))
    return out


def leaked_answer(hint: str, task_id: str) -> str | None:
    """The solution's code for ``task_id`` if ``hint`` contains it, else None."""
    text = normalise_code(hint)
    for form in solution_answers().get(task_id, []):
        if is_code(form) and answer_pattern(form).search(text):
            return form
    return None


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
        assert result.hint == pick(task.hint, lang) and result.record()["hint_shown"]
        # a hint points to the method, never to the finished call that gives the answer
        leak = leaked_answer(pick(task.hint, lang), task_id)
        assert leak is None, f"{task_id}: the {lang} hint contains the solution's code {leak!r}"


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


# --------------------------------------------------------------------------- hints do not give the answer away
def test_the_hint_guard_finds_a_solution_in_a_hint():
    """The guard of test_plausible_wrong_answer_fails_with_its_hint bites: it finds the solution's code
    whatever the variables are called, with other quotes and spaces, and through the cell's
    intermediate variables; a formula on named quantities is a method and passes."""
    cell = ('ranked = journey.identify_mots(visits, method="impact", top=3)\n'
            'mots = ranked.loc[ranked["mot"], "touchpoint"].tolist()\n'
            'check("x.mots", mots)\n'
            'gaps = sq.gap_scores(survey).dimensions["gap"]\ncheck("x.gaps", gaps)\n'
            'score = (peak + end) / 2\ncheck("x.by_hand", score)\n')
    found = answers_in(cell)
    assert found["x.gaps"] == ["sq.gap_scores(survey).dimensions['gap']"] * 2
    assert found["x.mots"][1].startswith("journey.identify_mots(visits, method='impact', top=3).loc[")

    def leaks(hint, form):
        return is_code(form) and bool(answer_pattern(form).search(normalise_code(hint)))

    assert leaks("`servqual.gap_scores(df).dimensions[ 'gap' ]`: P − E", found["x.gaps"][0])
    assert leaks("Use len(tips).", "len(tips)") and not leaks("Python's `len` counts rows", "len(tips)")
    assert not leaks("servqual.gap_scores gives the gaps at every level", found["x.gaps"][0])
    assert not is_code(found["x.by_hand"][0])
    # every answer of the solutions is found, and the old hints of issue 12 would have failed the test
    asked = {m for p in (ROOT / "solutions").glob("*.ipynb") for c in nbformat.read(p, as_version=4).cells
             for m in re.findall(r'check\("([\w.]+)"', c.source)}
    assert asked and set(solution_answers()) == asked
    assert leaked_answer("`servqual.gap_scores(survey).dimensions['gap']`: perception minus expectation",
                         "capstone.dimension_gaps")
    assert leaked_answer("nps.nps_by(df, 'industry', score='recommend')['nps'] gives a Series",
                         "excellence.industry_nps")
    assert leaked_answer("Put the scores in, call standards.did(panel, 'mystery_score', unit='branch', "
                         "treated='trained', post='post'), then its `.estimate`.", "standards.training_effect")


def test_no_hint_shows_the_finished_call_that_issue_12_named():
    hint = pick(get_task("servqual.weighted_score").hint, "en")
    assert "servqual_score" not in hint and ".weighted" not in hint
    assert "gap_scores" in hint                                    # the function to look at
    assert "servqual_score" not in pick(get_task("servqual.weighted_score").hint, "zh")


# --------------------------------------------------------------------------- check functions have names
def test_check_functions_have_names_of_their_own():
    funcs = {task_id: t.func for task_id, t in registry().items()}
    assert len(funcs) == len(TASKS) >= 61
    unnamed = [task_id for task_id, f in funcs.items() if f.__name__ == "_"]
    assert not unnamed, f"check functions named `_`: {unnamed}"
    names = [f.__name__ for f in funcs.values()]
    assert len(set(names)) == len(names), sorted(n for n in names if names.count(n) > 1)
    assert all(n.startswith("check_") for n in names)
    assert funcs["servqual.clean_survey"].__name__ == "check_clean_survey"
    assert funcs["nps.sample_size"].__name__ != funcs["capstone.sample_size"].__name__


def test_a_traceback_names_the_check():
    """The function name is what a traceback of a crashing check shows."""
    import traceback

    try:
        get_task("servqual.clean_survey").func(None)
    except Exception as exc:  # noqa: BLE001
        assert "check_clean_survey" in "".join(traceback.format_tb(exc.__traceback__))
    else:  # pragma: no cover
        pytest.fail("None is not a cleaned survey")


# --------------------------------------------------------------------------- lists: right, wrong, missing
def _reason(result) -> str:
    return result.message.split("\n")[1].strip()


def test_a_list_answer_names_the_right_and_wrong_items_and_counts_the_missing():
    res = {lang: evaluate("servqual.ipa_concentrate", ["reliability", "tangibles"], lang=lang) for lang in ("en", "zh")}
    assert _reason(res["en"]) == ("your list of dimensions is not right yet. Right: 'reliability'. "
                                  "Not right: 'tangibles'. Missing: 1.")
    assert _reason(res["zh"]) == "你的维度列表还不对。正确的：'reliability'；不对的：'tangibles'；还缺 1 项。"
    # nothing right: "none"; the trainee's own spelling is shown back
    zone = evaluate("servqual.zone_below", ["Empathy"], lang="zh")
    assert _reason(zone) == "你的维度列表还不对。正确的：无；不对的：'Empathy'；还缺 1 项。"
    # an extra item and nothing missing
    extra = evaluate("nps.vital_few", get_vital_few() + ["other"], lang="en")
    assert _reason(extra).endswith("Not right: 'other'. Missing: 0.")
    fails = evaluate("blueprint.coffee_fail_points", ["make_drink", "take_order"], lang="en")
    assert "Right: 'make_drink'. Not right: 'take_order'. Missing: 2." in fails.message


def get_vital_few() -> list:
    from course_lib import feedback

    table = feedback.pareto(data.load("complaint_log"))
    return table.index[table["vital_few"]].tolist()


def test_an_ordered_answer_with_the_right_items_names_the_first_position_that_differs():
    tips = data.load("tips")
    by_day = (tips["tip"] / tips["total_bill"] * 100).groupby(tips["day"]).mean()
    res = evaluate("warmup.rate_by_day", by_day.sort_values(), lang="en")       # lowest first
    assert _reason(res) == ("your ranking of days has the right items, but not in the right order: "
                            "the first difference is at position 1 ('Sat').")
    assert _reason(evaluate("warmup.rate_by_day", by_day.sort_values(), lang="zh")) == \
        "你的星期排序各项都对，但顺序不对：从第 1 位（'Sat'）开始不一致。"
    chain = ["service_quality", "satisfaction", "experience", "loyalty"]
    assert "position 2 ('satisfaction')" in evaluate("excellence.chain_order", chain, lang="en").message
    assert "从第 2 位（'satisfaction'）开始不一致" in evaluate("excellence.chain_order", chain, lang="zh").message
    # items that differ: right / not right / missing, even when the order matters
    top3 = ["bill", "seating", "ordering"]
    msg = evaluate("journey.impact_top3", top3, lang="en").message
    assert "your ranking of touchpoints by impact is not right yet." in msg and "Missing:" in msg


def test_expect_items_and_expect_equal_share_the_list_feedback():
    checks.expect_items(["b", "a"], ["a", "b"])
    checks.expect_items(np.array(["a", "b"]), ["a", "b"], ordered=True)
    with pytest.raises(checks.CheckFailed, match=r"Right: 'a', 'a'\. Not right: none\. Missing: 1\."):
        checks.expect_items(["a", "a"], ["a", "a", "b"])
    with pytest.raises(checks.CheckFailed, match=r"Right: 'a'\. Not right: 'a'\. Missing: 1\."):
        checks.expect_items(["a", "a"], ["a", "b"])                      # a duplicate is not right
    with pytest.raises(checks.CheckFailed, match="position 1"):
        checks.expect_equal(("b", "a"), ["a", "b"], label="order")
    checks.expect_equal({"b", "a"}, ["a", "b"], ignore_order=True)
    with pytest.raises(checks.CheckFailed, match=r"Not right: 'c'\. Missing: 1\."):
        checks.expect_equal(pd.Index(["a", "c"]), ["a", "b"], ignore_order=True)
    with pytest.raises(checks.CheckFailed, match="your answer 'x' is not right"):
        checks.expect_equal("x", "y")
    many = [f"x{i}" for i in range(10)]
    with pytest.raises(checks.CheckFailed, match=r"Not right: 'x0', 'x1', 'x2', 'x3', 'x4', 'x5', …\."):
        checks.expect_items(many, ["a"])


# --------------------------------------------------------------------------- numbers: close but rounded
def test_a_number_right_to_its_decimals_but_rounded_too_much_is_told_so():
    from course_lib import feedback

    share = float(feedback.within_promise(data.load("complaint_log"), 24).loc["all", "within_promise"])  # tol 0.001
    assert round(share, 2) == 0.47 and round(share, 3) != 0.47
    en = evaluate("nps.within_promise", 0.47, lang="en")
    zh = evaluate("nps.within_promise", 0.47, lang="zh")
    assert _reason(en) == "your share is 0.47: close, but rounded too much; give at least 3 decimals (or do not round)."
    assert _reason(zh) == "你的比例是 0.47：已经很接近了，但四舍五入过多；请至少保留 3 位小数（或者不要四舍五入）。"
    assert evaluate("nps.within_promise", round(share, 3)).passed
    # one significant digit (0.5) is more likely a wrong answer than a rounded right one; a wrong one is "not right"
    assert _reason(evaluate("nps.within_promise", 0.5, lang="en")) == "your share is 0.5, which is not right."
    assert _reason(evaluate("nps.within_promise", 0.45, lang="en")) == "your share is 0.45, which is not right."


def test_the_decimals_asked_for_follow_the_tolerance():
    tips = data.load("tips")
    rate = float((tips["tip"] / tips["total_bill"]).mean() * 100)           # 16.0803…, tolerance 0.01
    msg = evaluate("warmup.tip_rate", round(rate, 1), lang="en").message
    assert "your tip rate is 16.1: close, but rounded too much; give at least 2 decimals" in msg
    assert "你的小费率是 16：已经很接近了" in evaluate("warmup.tip_rate", 16, lang="zh").message
    assert evaluate("warmup.tip_rate", round(rate, 2)).passed
    assert [checks._core._decimals_needed(t) for t in (1e-3, 0.01, 0.05, 1e-4, 1e-6, 0.5)] == [3, 2, 2, 4, 6, 1]
    with pytest.raises(checks.CheckFailed, match="give at least one decimal "):
        checks.expect_close(16, 15.6, tol=0.3, label="x")
    with pytest.raises(checks.CheckFailed, match="which is not right"):                 # an exact count
        checks.expect_close(243, 244, tol=0, label="count")


def test_a_table_rounded_too_much_is_told_so():
    from course_lib.checks import capstone as cc

    gaps = cc._gaps()
    for lang, text in (("en", "the values of your gaps are close, but rounded too much; give at least 6 decimals"),
                       ("zh", "你的差距中的数值已经很接近了，但四舍五入过多；请至少保留 6 位小数")):
        assert text in evaluate("capstone.dimension_gaps", gaps.round(2), lang=lang).message
    wrong = gaps.round(2) + pd.Series(0.2, index=gaps.index).where(gaps.index == "empathy", 0.0)
    # one value really wrong: not a matter of rounding
    assert "5 of 5 values of your gaps are not right." in evaluate("capstone.dimension_gaps", wrong).message


# --------------------------------------------------------------------------- a dimension, stage or segment by key or label
@pytest.mark.parametrize("task_id, answers", [
    ("servqual.ipa_concentrate", (["reliability", "responsiveness"], ["Reliability", "Responsiveness"],
                                  ["可靠性", "响应性"], ["RELIABILITY ", "响应性"])),
    ("servqual.zone_below", (["responsiveness"], ["Responsiveness"], ["响应性"])),
    ("capstone.focus_dimensions", ("responsiveness", ["Responsiveness"], ["响应性"])),
    ("standards.cycle_weakest", (["publicise"], ["Publicise"], ["承诺宣传"], "publicise")),
    ("journey.top_driver", None),
    ("journey.impact_top3", None),
    ("capstone.moments_of_truth", None),
    ("nps.vital_few", None),
])
def test_choices_are_accepted_as_key_english_label_or_chinese_label(task_id, answers):
    from course_lib import feedback, journey
    from course_lib.checks import capstone as cc
    from course_lib.checks import journey as cj

    if answers is None:
        keys = {"journey.top_driver": lambda: cj._mots("correlation")["touchpoint"].iloc[0],
                "journey.impact_top3": lambda: cj._mots("impact")["touchpoint"].head(3).tolist(),
                "capstone.moments_of_truth": cc._mots,
                "nps.vital_few": get_vital_few}[task_id]()
        labels = feedback.COMPLAINT_LABELS if task_id == "nps.vital_few" else journey.LABELS

        def as_label(lang):
            if isinstance(keys, str):
                return pick(labels[keys], lang)
            return [pick(labels[k], lang) for k in keys]

        answers = (keys, as_label("en"), as_label("zh"))
    for answer in answers:
        result = evaluate(task_id, answer)
        assert result.passed, (answer, result.message)


def test_an_unknown_choice_is_told_which_forms_to_use():
    en = _reason(evaluate("servqual.ipa_concentrate", ["speed", "reliability"], lang="en"))
    zh = _reason(evaluate("servqual.ipa_concentrate", ["speed", "reliability"], lang="zh"))
    assert en == ("'speed': not one of the SERVQUAL dimensions. Give the key (tangibles, reliability, "
                  "responsiveness, assurance, empathy) or its English or Chinese label (such as 'Tangibles' "
                  "or '有形性').")
    assert zh == ("'speed'：不是SERVQUAL 维度之一。请填写键名（tangibles, reliability, responsiveness, "
                  "assurance, empathy），或对应的英文或中文名称（如 'Tangibles' 或 '有形性'）。")
    stage = _reason(evaluate("standards.cycle_weakest", ["publicize"], lang="zh"))
    assert stage.startswith("'publicize'：不是服务承诺循环的阶段之一。请填写键名（formulate, publicise, execute, monitor, improve）")
    touch = evaluate("journey.top_driver", "the bill", lang="en").message
    assert "not one of the touchpoints of the journey" in touch and "bill, farewell" in touch
    assert "not one of the complaint categories" in evaluate("nps.vital_few", ["late"], lang="en").message


def test_normalise_choice_accepts_every_label_form():
    from course_lib.servqual import DIMENSIONS

    for answer in ("responsiveness", "Responsiveness", "响应性", "  RESPONSIVENESS "):
        assert checks.normalise_choice(answer, DIMENSIONS) == "responsiveness"
    labels = {"take_ticket": T("Take a ticket"), "bill": {"en": "Bill", "zh": "结账"}, "x": lambda lang: "X!"}
    assert checks.normalise_choices(["take ticket", "Take a ticket", "结账", "x!"], labels) == [
        "take_ticket", "take_ticket", "bill", "x"]
    with pytest.raises(checks.CheckFailed, match=r"^3, 'nope': not one of the choices"):
        checks.normalise_choices([3, "nope"], labels)


# --------------------------------------------------------------------------- machine-readable result
def test_the_record_has_the_agreed_keys_and_never_the_answer():
    keys = ["task", "status", "hint_shown", "hint", "lang", "version"]
    fail = evaluate("warmup.n_parties", 7, lang="zh").record()
    assert list(fail) == keys
    assert fail == {"task": "warmup.n_parties", "status": "fail", "hint_shown": True,
                    "hint": pick(get_task("warmup.n_parties").hint, "zh"), "lang": "zh", "version": 1}
    assert evaluate("warmup.n_parties", 244, lang="en").record() == {
        "task": "warmup.n_parties", "status": "pass", "hint_shown": False, "hint": None, "lang": "en", "version": 1}
    assert evaluate("warmup.n_parties", ..., lang="en").record()["status"] == "unanswered"
    assert evaluate("warmup.n_parties", ..., lang="en").record()["hint"] is None
    secret = "a very particular wrong answer 4711"
    bundle = evaluate("servqual.ipa_concentrate", [secret]).bundle()
    assert set(bundle) == {"text/plain", CHECK_MIMETYPE} and secret in bundle["text/plain"]
    assert secret not in repr(bundle[CHECK_MIMETYPE]) and "4711" not in repr(bundle[CHECK_MIMETYPE])


@pytest.fixture
def ipython():
    """An in-process IPython shell (as in a notebook); removed again so that other tests print."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    yield shell
    InteractiveShell.clear_instance()
    import IPython

    assert IPython.get_ipython() is None


def test_in_ipython_check_publishes_one_output_with_message_and_record(ipython, monkeypatch):
    from IPython.utils.capture import capture_output

    monkeypatch.setenv(checks.STRICT_ENV, "0")
    with capture_output() as cap:
        check("warmup.n_parties", 7, lang="en")
    assert cap.stdout == ""                                         # nothing printed beside the display
    assert len(cap.outputs) == 1
    bundle = cap.outputs[0].data
    assert set(bundle) == {"text/plain", CHECK_MIMETYPE}
    assert bundle["text/plain"] == evaluate("warmup.n_parties", 7, lang="en").message
    assert bundle[CHECK_MIMETYPE]["status"] == "fail" and bundle[CHECK_MIMETYPE]["hint_shown"] is True
    # strict mode still raises, after showing the feedback
    monkeypatch.setenv(checks.STRICT_ENV, "1")
    with capture_output() as cap, pytest.raises(CheckError, match="strict mode"):
        check("warmup.n_parties", ..., lang="en")
    assert cap.outputs[0].data[CHECK_MIMETYPE]["status"] == "unanswered"


def test_outside_ipython_check_prints_the_message(capsys, monkeypatch):
    monkeypatch.setenv(checks.STRICT_ENV, "0")
    check("warmup.n_parties", 7, lang="en")
    out = capsys.readouterr().out
    assert out.startswith("❌ Not yet: Count the parties served") and CHECK_MIMETYPE not in out


def _check_notebook():
    from nbformat.v4 import new_code_cell, new_notebook

    return new_notebook(cells=[
        new_code_cell("from course_lib.checks import check"),
        new_code_cell('check("warmup.n_parties", 244)'),
        new_code_cell('check("warmup.n_parties", 4711)'),
        new_code_cell('check("servqual.ipa_concentrate", ...)'),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def test_a_notebook_with_check_records_renders_with_nbconvert(tmp_path):
    """`jupyter nbconvert --to html` shows the message and skips the record (an unknown mimetype)."""
    from nbformat.v4 import new_output

    nb = _check_notebook()
    for n, (cell, answer) in enumerate(zip(nb.cells[1:], (244, 4711, ...)), start=1):
        task_id = "servqual.ipa_concentrate" if answer is ... else "warmup.n_parties"
        cell.execution_count = n
        cell.outputs = [new_output("display_data", evaluate(task_id, answer, lang="en").bundle())]
    nbformat.validate(nb)
    path = tmp_path / "checks.ipynb"
    nbformat.write(nb, path)
    from nbconvert.nbconvertapp import NbConvertApp

    app = NbConvertApp()                                # `jupyter nbconvert --to html`, in this process
    app.initialize(["--to", "html", str(path)])
    app.start()
    html = (tmp_path / "checks.html").read_text(encoding="utf-8")
    assert "✅ Correct: Count the parties served" in html and "💡 Hint:" in html
    assert "Not answered yet: Read the IPA chart" in html
    assert "hint_shown" not in html                                  # the record is data, not shown


@pytest.mark.notebook
def test_a_kernel_saves_the_record_and_nbval_compares_it(tmp_path):
    """Run the synthetic notebook as the course does (papermill, fresh kernel): each check leaves
    exactly one display output with the message and the record; nbval, run on the saved notebook,
    passes (a fresh run gives the same record) and fails once the saved record is changed."""
    from course_lib import runner

    source = tmp_path / "checks.ipynb"
    nbformat.write(_check_notebook(), source)
    result = runner.execute(runner.Job(source, tmp_path / "out" / "checks.ipynb", strict=False))
    assert result.ok, result.error
    nb = runner.clean_outputs(nbformat.read(result.output, as_version=4))
    records = []
    for cell in nb.cells[1:]:
        assert len(cell.outputs) == 1 and cell.outputs[0].output_type == "display_data"
        assert set(cell.outputs[0].data) == {"text/plain", CHECK_MIMETYPE}
        records.append(cell.outputs[0].data[CHECK_MIMETYPE])
    assert [(r["task"], r["status"], r["hint_shown"], r["lang"]) for r in records] == [
        ("warmup.n_parties", "pass", False, "en"), ("warmup.n_parties", "fail", True, "en"),
        ("servqual.ipa_concentrate", "unanswered", False, "en")]
    assert "4711" not in repr(records) and "4711" in nb.cells[2].outputs[0].data["text/plain"]
    saved = tmp_path / "saved.ipynb"
    nbformat.write(nb, saved)
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")

    def nbval(path):
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
                               str(path), "--nbval-sanitize-with", str(ROOT / "tests" / "nbval_sanitize.cfg"),
                               "--rootdir", str(tmp_path), "-c", str(tmp_path / "pytest.ini")],
                              capture_output=True, text=True, timeout=600, cwd=tmp_path,
                              env={k: v for k, v in os.environ.items() if k != "COURSE_CHECKS_STRICT"})

    same = nbval(saved)
    assert same.returncode == 0, same.stdout[-3000:]
    nb.cells[2].outputs[0].data[CHECK_MIMETYPE]["status"] = "pass"       # a record that a fresh run contradicts
    changed = tmp_path / "changed.ipynb"
    nbformat.write(nb, changed)
    differs = nbval(changed)
    assert differs.returncode != 0 and CHECK_MIMETYPE in differs.stdout


# --------------------------------------------------------------------------- multiple-choice keys
def _choice_calls():
    """Every ``expect_choice(...)`` call and every string constant in the check modules."""
    import ast
    from pathlib import Path

    import course_lib.checks as pkg

    for path in sorted(Path(pkg.__file__).parent.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            yield path.name, node


def test_no_multiple_choice_answer_is_stored_as_a_readable_letter():
    """The student bundle ships course_lib.checks: a conceptual question's key is a salted hash,
    never a literal letter (a letter the check computes from data is fine)."""
    import ast

    literal = [(name, node.lineno) for name, node in _choice_calls()
               if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "expect_choice"
               and len(node.args) > 1 and isinstance(node.args[1], ast.Constant)
               and not str(node.args[1].value).startswith("sha256:")]
    assert literal == []


def test_every_hashed_key_matches_exactly_one_letter():
    import ast

    from course_lib.checks._core import _choice_matches

    keys = [node.value for _, node in _choice_calls()
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith("sha256:")
            and node.value.count(":") == 2]
    assert len(keys) >= 4
    for key in keys:
        assert sum(_choice_matches(letter, key) for letter in "abcde") == 1, key


def test_a_hashed_key_accepts_its_letter_and_refuses_the_others():
    from course_lib.checks import CheckFailed, choice_key, expect_choice

    key = choice_key("c", "test.salt")
    expect_choice(" C ", key)
    for wrong in "abd":
        with pytest.raises(CheckFailed):
            expect_choice(wrong, key)


# --------------------------------------------------------------------------- manager and analyst tracks
def _check_calls(path):
    """(task id, cell index) of every ``check("…", …)`` call in a notebook, in order."""
    import nbformat

    cells = nbformat.read(path, as_version=4).cells
    return [(m.group(1), i) for i, c in enumerate(cells) if c.cell_type == "code"
            for m in re.finditer(r'check\("([\w.]+)"', c.source)]


def _headings(path):
    import nbformat

    cells = nbformat.read(path, as_version=4).cells
    return {i: c.source for i, c in enumerate(cells) if c.cell_type == "markdown"}


@pytest.mark.parametrize("path", sorted((ROOT / "solutions").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_exercise_opens_with_the_manager_track(path):
    """Issue 12 §3: every exercise opens with at least two decision tasks a manager answers without
    pandas, under a "Manager track" heading; pandas tasks sit under an "Analyst track" heading."""
    calls = _check_calls(path)
    tracks = [registry()[task_id].track for task_id, _ in calls]
    assert tracks[:2] == ["manager", "manager"], f"{path.name} opens with {list(zip(calls, tracks))[:2]}"
    headings = _headings(path)
    manager = [i for i, text in headings.items() if re.search(r"^## Manager track", text, re.M)]
    assert manager and manager[0] < calls[0][1], f"{path.name}: no 'Manager track' heading before the first task"
    analyst_cells = [cell for (task_id, cell), track in zip(calls, tracks) if track == "analyst"]
    if analyst_cells:
        analyst = [i for i, text in headings.items() if re.search(r"^## Analyst track", text, re.M)]
        assert analyst and analyst[0] < analyst_cells[0], f"{path.name}: no 'Analyst track' heading before its pandas tasks"


def test_both_tracks_exist_and_every_task_has_one():
    tracks = Counter(t.track for t in registry().values())
    assert set(tracks) == {"manager", "analyst"} and tracks["manager"] >= 2 * 10
