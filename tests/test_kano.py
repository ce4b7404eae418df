"""Tests for course_lib.kano: the evaluation table cell by cell, hand-computed counts and coefficients,
a cross-check with the csv module on the shipped questionnaire, one test per bad input, property tests,
plots in both languages, the widget, the generator and the exercise checks."""

from __future__ import annotations

import csv
import importlib.util
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from course_lib import CourseDataError, data, kano  # noqa: E402
from course_lib.checks import evaluate, registry  # noqa: E402
from course_lib.lang import T, pick  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

# Berger et al. (1993), the Kano evaluation table as printed: rows = functional answer, columns =
# dysfunctional answer, both in the order like, must-be, neutral, live-with, dislike. Written out
# here again, by hand, so that a slip in the library's copy fails a test.
BERGER = """
            like  must-be neutral live-with dislike
like         Q     A       A       A         O
must-be      R     I       I       I         M
neutral      R     I       I       I         M
live-with    R     I       I       I         M
dislike      R     R       R       R         Q
"""
CHINESE = {"like": "喜欢", "must-be": "理所当然", "neutral": "无所谓", "live-with": "能忍受", "dislike": "不喜欢"}


def _berger() -> dict[tuple[str, str], str]:
    lines = [line.split() for line in BERGER.strip().splitlines()]
    header = lines[0]
    return {(row[0], d): cell for row in lines[1:] for d, cell in zip(header, row[1:])}


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- the evaluation table
@pytest.mark.parametrize("pair, expected", sorted(_berger().items()))
def test_every_cell_of_the_evaluation_table(pair, expected):
    f, d = pair
    codes = (kano.ANSWERS.index(f) + 1, kano.ANSWERS.index(d) + 1)
    assert kano.classify(f, d) == expected
    assert kano.classify(*codes) == expected
    assert kano.classify(CHINESE[f], CHINESE[d]) == expected
    assert kano.classify(str(codes[0]), float(codes[1])) == expected


def test_category_definitions_read_off_the_table():
    """The definitions the lesson states, in words, hold in the table."""
    assert kano.classify("like", "dislike") == "O"                  # liked present, disliked absent
    assert {kano.classify("like", d) for d in ("must-be", "neutral", "live-with")} == {"A"}
    assert {kano.classify(f, "dislike") for f in ("must-be", "neutral", "live-with")} == {"M"}
    assert kano.classify("like", "like") == kano.classify("dislike", "dislike") == "Q"
    assert Counter(np.ravel(kano.EVALUATION_TABLE)) == {"I": 9, "R": 7, "A": 3, "M": 3, "Q": 2, "O": 1}


def test_evaluation_table_frame_in_both_languages():
    en = kano.evaluation_table(lang="en")
    assert en.loc["neutral", "dislike"] == "M" and en.shape == (5, 5)
    zh = kano.evaluation_table(lang="zh")
    assert zh.index.tolist() == [pick(kano.ANSWER_LABELS[a], "zh") for a in kano.ANSWERS]


def test_answer_spellings():
    words = ["I like it", "LIKE", "must_be", "It must be that way.", "i am neutral", "Live With", "tolerate",
             "I dislike it", "理所当然", " 无所谓 ", "能忍受"]
    assert kano.parse_answers(words).tolist() == [1, 1, 2, 2, 3, 4, 4, 5, 2, 3, 4]
    assert kano.parse_answers(np.array([5, 4, 3])).tolist() == [5, 4, 3]
    assert kano.parse_answers(pd.Series([1, 2], dtype="Int64")).tolist() == [1, 2]


def test_classify_keeps_the_index_of_the_functional_column():
    f = pd.Series([1, 2], index=[10, 20], name="f")
    out = kano.classify(f, [5, 5])
    assert out.index.tolist() == [10, 20] and out.name == "category" and out.tolist() == ["O", "M"]


# --------------------------------------------------------------------------- hand-computed tables
@pytest.fixture
def small():
    # wifi: A (1,4), A (1,3), O (1,5), I (3,3), R (5,3), Q (1,1) → A 2, O 1, I 1, R 1, Q 1
    # clean: M (2,5), M (3,5), O (1,5), I (2,2) → M 2, O 1, I 1
    return pd.DataFrame({
        "feature": ["wifi"] * 6 + ["clean"] * 4,
        "segment": ["x", "x", "y", "y", "y", "x", "x", "y", "y", "y"],
        "functional": [1, 1, 1, 3, 5, 1, 2, 3, 1, 2],
        "dysfunctional": [4, 3, 5, 3, 3, 1, 5, 5, 5, 2],
    })


def test_category_table_by_hand(small):
    t = kano.category_table(small)
    assert t.index.tolist() == ["wifi", "clean"]                    # order of first appearance
    assert t.loc["wifi", list(kano.CATEGORIES)].tolist() == [2, 1, 0, 1, 1, 1]
    assert t.loc["clean", list(kano.CATEGORIES)].tolist() == [0, 1, 2, 1, 0, 0]
    assert t["n"].tolist() == [6, 4]
    assert t["category"].tolist() == ["A", "M"] and not t["tie"].any()


def test_ties_are_reported_not_hidden(small):
    t = kano.category_table(small.iloc[[0, 2, 3]])                  # A, O, I: three-way tie
    assert t.loc["wifi", "category"] == "A/O/I" and t.loc["wifi", "tie"]


def test_category_table_by_segment(small):
    t = kano.category_table(small, by="segment")
    assert t.index.names == ["segment", "feature"]
    assert t.loc[("x", "wifi"), ["A", "Q", "n"]].tolist() == [2, 1, 3]
    assert t.loc[("y", "wifi"), "category"] == "O/I/R"
    assert t["n"].sum() == len(small)


def test_coefficients_by_hand(small):
    c = kano.coefficients(kano.category_table(small))
    # wifi: A 2, O 1, M 0, I 1 → Better 3/4, Worse -1/4; clean: A 0, O 1, M 2, I 1 → 1/4, -3/4
    assert c.loc["wifi", ["better", "worse"]].tolist() == pytest.approx([0.75, -0.25])
    assert c.loc["clean", ["better", "worse"]].tolist() == pytest.approx([0.25, -0.75])
    assert c["category"].tolist() == ["A", "M"]


def test_coefficients_published_example():
    """Berger et al.'s formulas on round counts: A 40, O 30, M 20, I 10 (R, Q ignored)."""
    c = kano.coefficients(pd.DataFrame({"A": [40], "O": [30], "M": [20], "I": [10], "R": [55], "Q": [7]}))
    assert c.loc[0, "better"] == pytest.approx(0.7) and c.loc[0, "worse"] == pytest.approx(-0.5)


def test_shipped_questionnaire_against_the_csv_module():
    """Counts and coefficients of every feature recomputed from the CSV file with the csv module and the
    hand-written table above, without pandas or course_lib."""
    table = _berger()
    counts: dict[str, Counter] = {}
    with open(ROOT / "datasets" / "synthetic" / "kano_restaurant.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            f, d = kano.ANSWERS[int(row["functional"]) - 1], kano.ANSWERS[int(row["dysfunctional"]) - 1]
            counts.setdefault(row["feature"], Counter())[table[(f, d)]] += 1
    t = kano.category_table(data.load("kano_restaurant"))
    c = kano.coefficients(t)
    assert t.index.tolist() == list(counts)
    for feature, n in counts.items():
        assert t.loc[feature, list(kano.CATEGORIES)].tolist() == [n[k] for k in kano.CATEGORIES]
        base = n["A"] + n["O"] + n["M"] + n["I"]
        assert c.loc[feature, "better"] == pytest.approx((n["A"] + n["O"]) / base)
        assert c.loc[feature, "worse"] == pytest.approx(-(n["O"] + n["M"]) / base)


def test_shipped_questionnaire_has_the_intended_mix():
    answers = data.load("kano_restaurant")
    assert answers.shape == (9 * 240, 5) and answers["respondent_id"].nunique() == 240
    t = kano.category_table(answers)
    assert set(t.index[t["category"] == "M"]) == {"clean_table", "correct_bill"}
    assert set(t.index[t["category"] == "O"]) == {"short_wait", "fast_dishes"}
    assert set(t.index[t["category"] == "A"]) == {"attentive_staff", "waiting_snacks"}
    assert (t[["R", "Q"]].sum(axis=1) / t["n"]).max() < 0.2     # some reverse and questionable, not many
    by = kano.category_table(answers, by="segment").xs("kids_corner", level="feature")["category"]
    assert by.to_dict() == {"friends": "I", "family": "A", "business": "I"}
    assert set(kano.FEATURE_LABELS) == set(t.index)


def test_generator_reproduces_the_committed_file(tmp_path):
    spec = importlib.util.spec_from_file_location("gen_kano", ROOT / "datasets" / "generators" / "kano.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (path,) = module.generate(tmp_path)
    assert path.read_bytes() == (ROOT / "datasets" / "synthetic" / path.name).read_bytes()


# --------------------------------------------------------------------------- bad input, one test each
def _raises(call, *needles):
    with pytest.raises(CourseDataError) as err:
        call()
    for needle in needles:
        assert needle in str(err.value), str(err.value)
    return err.value


def test_unknown_answers_name_row_and_column():
    df = pd.DataFrame({"functional": [1, 2, 3], "dysfunctional": ["dislike", "maybe", 6]})
    err = _raises(lambda: kano.classify(df["functional"], df["dysfunctional"], source="survey.csv"),
                  "survey.csv, rows 2, 3, column 'dysfunctional'", "'maybe', 6", "喜欢")
    assert err.row == [2, 3] and err.column == "dysfunctional"


def test_missing_answers_are_refused():
    _raises(lambda: kano.parse_answers(pd.Series([1.0, np.nan], name="Q1_f")), "row 2, column 'Q1_f'",
            "answers are missing")
    _raises(lambda: kano.parse_answers(["like", ""]), "row 2", "missing")


@pytest.mark.parametrize("bad", [0, 6, 2.5, True, "yes", "like it a lot"])
def test_each_kind_of_wrong_answer_is_refused(bad):
    _raises(lambda: kano.parse_answers([1, bad]), "row 2", "not Kano answers")


def test_pairs_of_different_lengths():
    _raises(lambda: kano.classify([1, 2], [5]), "2 functional answers but 1 dysfunctional")


def test_a_table_is_not_one_column():
    _raises(lambda: kano.classify(pd.DataFrame({"a": [1], "b": [2]}), [1]), "one column")


def test_category_table_input_checks(small):
    _raises(lambda: kano.category_table([1, 2]), "expected a table")
    _raises(lambda: kano.category_table(small.iloc[0:0]), "no rows")
    _raises(lambda: kano.category_table(small.drop(columns="dysfunctional")), "dysfunctional")
    gaps = small.assign(feature=small["feature"].where(small.index != 3))
    _raises(lambda: kano.category_table(gaps), "row 4", "without a feature")
    _raises(lambda: kano.category_table(small.assign(functional=[1] * 9 + [9])), "row 10", "column 'functional'")


def test_coefficients_input_checks():
    _raises(lambda: kano.coefficients("table"), "expected a table")
    _raises(lambda: kano.coefficients(pd.DataFrame({"A": [1], "O": [1]})), "M")
    _raises(lambda: kano.coefficients(pd.DataFrame({"A": [1, -1], "O": [1, 1], "M": [0, 0], "I": [0, 0]})),
            "row 2", "0 or more")
    c = kano.coefficients(pd.DataFrame({"A": [0], "O": [0], "M": [0], "I": [0], "R": [3], "Q": [1]}))
    assert c.isna().all().all()                                     # only R and Q: undefined, not 0


def test_plot_split_must_make_sense():
    c = kano.coefficients(pd.DataFrame({"A": [1], "O": [1], "M": [1], "I": [1]}))
    _raises(lambda: kano.plot_coefficients(c, split=1.5), "split")
    _raises(lambda: kano.plot_coefficients(c, split="median"), "split")


# --------------------------------------------------------------------------- properties
counts = st.integers(min_value=0, max_value=500)


@settings(max_examples=200, deadline=None)
@given(a=counts, o=counts, m=counts, i=counts, r=counts, q=counts)
def test_coefficients_stay_in_their_ranges(a, o, m, i, r, q):
    c = kano.coefficients(pd.DataFrame({"A": [a], "O": [o], "M": [m], "I": [i], "R": [r], "Q": [q]})).iloc[0]
    if a + o + m + i == 0:
        assert np.isnan(c["better"]) and np.isnan(c["worse"])
    else:
        assert 0 <= c["better"] <= 1 and -1 <= c["worse"] <= 0
        assert c["better"] - c["worse"] <= 2                        # (A + 2O + M) / (A + O + M + I)
        more_a = kano.coefficients(pd.DataFrame({"A": [a + 1], "O": [o], "M": [m], "I": [i]})).iloc[0]
        assert more_a["better"] >= c["better"] - 1e-12 and more_a["worse"] >= c["worse"] - 1e-12


pairs = st.lists(st.tuples(st.sampled_from(["f1", "f2", "f3"]), st.integers(1, 5), st.integers(1, 5)),
                 min_size=1, max_size=60)


@settings(max_examples=100, deadline=None)
@given(rows=pairs)
def test_counts_add_up_and_the_category_is_a_most_frequent_one(rows):
    df = pd.DataFrame(rows, columns=["feature", "functional", "dysfunctional"])
    t = kano.category_table(df)
    cats = t[list(kano.CATEGORIES)]
    assert (cats.sum(axis=1) == t["n"]).all()
    assert t["n"].to_dict() == df["feature"].value_counts().to_dict()
    for feature, row in t.iterrows():
        top = cats.loc[feature].max()
        assert row["category"].split("/") == [k for k in kano.CATEGORIES if cats.loc[feature, k] == top]
        assert row["tie"] == (len(row["category"].split("/")) > 1)
    shuffled = kano.category_table(df.sample(frac=1, random_state=1))
    assert shuffled.loc[t.index].equals(t)


forms = st.sampled_from(["code", "text", "english", "chinese", "shout"])


@settings(max_examples=100, deadline=None)
@given(cells=st.lists(st.tuples(st.integers(1, 5), forms, st.integers(1, 5), forms), min_size=1, max_size=30))
def test_any_spelling_gives_the_same_category(cells):
    def spell(code, form):
        word = kano.ANSWERS[code - 1]
        return {"code": code, "text": str(code), "english": word, "chinese": CHINESE[word],
                "shout": f"  {word.upper()} "}[form]

    f = [spell(c, form) for c, form, _, _ in cells]
    d = [spell(c, form) for _, _, c, form in cells]
    expected = [kano.EVALUATION_TABLE[a - 1][b - 1] for a, _, b, _ in cells]
    assert kano.classify(pd.Series(f, dtype=object), pd.Series(d, dtype=object)).tolist() == expected


# --------------------------------------------------------------------------- plots and widget
@pytest.fixture
def shipped():
    t = kano.category_table(data.load("kano_restaurant"))
    return t, kano.coefficients(t)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plot_coefficients(shipped, lang):
    _, c = shipped
    ax = kano.plot_coefficients(c, lang=lang)
    texts = [t.get_text() for t in ax.texts]
    assert pick(kano.FEATURE_LABELS["waiting_snacks"], lang) in texts
    assert sum(len(coll.get_offsets()) for coll in ax.collections) == len(c)
    point = next(coll.get_offsets() for coll in ax.collections
                 if np.isclose(coll.get_offsets()[:, 0], -c.loc["clean_table", "worse"]).any())
    assert point[:, 1].max() <= 1
    from course_lib.kano.plots import _QUADRANTS

    assert {pick(v, lang) for v in _QUADRANTS.values()} <= set(texts)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [f"{k} {pick(kano.CATEGORY_LABELS[k], lang)}" for k in "AOMI"]
    assert ax.get_xlabel() == pick(T("|Worse|: dissatisfaction when missing"), lang)


def test_plot_coefficients_mean_split_and_plain_points(shipped):
    _, c = shipped
    ax = kano.plot_coefficients(c[["better", "worse"]], split="mean", labels={"clean_table": "Clean"})
    assert ax.get_legend() is None and "Clean" in [t.get_text() for t in ax.texts]
    vertical = [line for line in ax.lines if line.get_xdata()[0] == line.get_xdata()[1]][0]
    assert vertical.get_xdata()[0] == pytest.approx(-c["worse"].mean())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plot_categories(shipped, lang):
    t, _ = shipped
    ax = kano.plot_categories(t, lang=lang)
    assert [x.get_text() for x in ax.get_yticklabels()][0] == pick(kano.FEATURE_LABELS["clean_table"], lang)
    assert len(ax.patches) == 6 * len(t)
    widths = np.array([p.get_width() for p in ax.patches]).reshape(6, len(t))
    assert widths.sum(axis=0) == pytest.approx(1)


def test_plot_evaluation_table_highlights_the_cell():
    ax = kano.plot_evaluation_table(highlight=("neutral", "不喜欢"))
    (frame,) = [p for p in ax.patches if not p.get_fill()]
    assert frame.get_xy() == (3.5, 1.5)                             # column dislike, row neutral
    assert sorted(t.get_text() for t in ax.texts if len(t.get_text()) == 1) == sorted(np.ravel(kano.EVALUATION_TABLE))


def test_evaluation_widget():
    w = kano.evaluation_widget(lang="en")
    assert w.result.startswith("A ")
    w.controls["functional"].value = "must-be"
    w.controls["dysfunctional"].value = "dislike"
    assert w.result.startswith("M ") and pick(kano.CATEGORY_LABELS["M"], "en") in w.result


def test_importing_kano_loads_no_plotting_widgets_or_scipy():
    heavy = ["matplotlib", "matplotlib.pyplot", "ipywidgets", "scipy"]
    code = (f"import sys, json, course_lib.kano as k; assert 'plot_coefficients' not in vars(k); "
            f"k.classify(1, 5); print(json.dumps([m for m in {heavy!r} if m in sys.modules]))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
    code = "import course_lib.kano as k; print(all(getattr(k, n) is not None for n in k.__all__))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


# --------------------------------------------------------------------------- exercise checks
KANO_TASKS = sorted(t for t in registry() if t.startswith("kano."))


def test_every_kano_task_has_a_track_and_a_named_check():
    tracks = {t: registry()[t].track for t in KANO_TASKS}
    assert tracks == {"kano.pair": "manager", "kano.must_be": "manager", "kano.fix_first": "manager",
                      "kano.delight": "manager", "kano.better_worse": "analyst"}
    assert all(registry()[t].func.__name__.startswith("check_") for t in KANO_TASKS)


@pytest.mark.parametrize("task_id", KANO_TASKS)
def test_hints_give_the_method_not_the_code(task_id):
    hint = pick(registry()[task_id].hint, "en")
    assert "kano." not in hint and "(df" not in hint and ".loc" not in hint


def test_right_answers_pass_in_every_accepted_form():
    t = kano.category_table(data.load("kano_restaurant"))
    c = kano.coefficients(t)
    assert evaluate("kano.pair", "A").passed and evaluate("kano.pair", "attractive").passed
    assert evaluate("kano.must_be", ["correct_bill", "Clean table and tableware"]).passed
    assert evaluate("kano.fix_first", "clean_table").passed
    assert evaluate("kano.fix_first", pick(kano.FEATURE_LABELS["clean_table"], "zh")).passed
    assert evaluate("kano.delight", "Free snacks while waiting").passed
    row = t.loc["short_wait"]
    base = row["A"] + row["O"] + row["M"] + row["I"]
    assert evaluate("kano.better_worse", ((row["A"] + row["O"]) / base, -(row["O"] + row["M"]) / base)).passed
    assert evaluate("kano.better_worse", [round(c.loc["short_wait", "better"], 4),
                                          round(c.loc["short_wait", "worse"], 4)]).passed


@pytest.mark.parametrize("task_id, answer, reason", [
    ("kano.pair", "O", "can live without it"),
    ("kano.pair", "Q", "do not contradict"),
    ("kano.must_be", ["clean_table", "correct_bill", "short_wait"], "one-dimensional (O)"),
    ("kano.must_be", ["clean_table"], "Missing: 1"),
    ("kano.must_be", ["clean_table", "correct_bill", "waiting_snacks"], "Not right: 'waiting_snacks'"),
    ("kano.fix_first", "fast_dishes", "Worse -0.66"),
    ("kano.fix_first", "correct_bill", "not one of the options"),
    ("kano.delight", "birthday_surprise", "answered 'reverse'"),
    ("kano.delight", "kids_corner", "delights families"),
    ("kano.delight", "phone_ordering", "not one of the options"),
    ("kano.better_worse", "wrong sign", "wrong sign"),
    ("kano.better_worse", "all answers", "divided by all 240"),
    ("kano.better_worse", "swapped", "give Better first"),
    ("kano.better_worse", (0.6, -0.7), "your Better is 0.6"),
])
def test_wrong_answers_get_specific_feedback(task_id, answer, reason):
    t = kano.category_table(data.load("kano_restaurant")).loc["short_wait"]
    base = t["A"] + t["O"] + t["M"] + t["I"]
    better, worse = (t["A"] + t["O"]) / base, -(t["O"] + t["M"]) / base
    answer = {"wrong sign": (better, -worse), "all answers": ((t["A"] + t["O"]) / t["n"], worse),
              "swapped": (worse, better)}.get(answer, answer) if isinstance(answer, str) else answer
    result = evaluate(task_id, answer, lang="en")
    assert result.status == "fail" and reason in result.message, result.message
