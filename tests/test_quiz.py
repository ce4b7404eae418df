"""Tests for course_lib.quiz and the shipped pre/post quizzes (instructor/quizzes/)."""

from __future__ import annotations

import math
import re
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib import quiz
from course_lib.errors import CourseDataError
from course_lib.lang import pick

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def small_quiz() -> quiz.Quiz:
    return quiz.parse_quiz({
        "lesson": "notebooks/03_servqual.ipynb",
        "title": {"en": "Test quiz", "zh": "测试小测"},
        "questions": [
            {"id": f"q{i}", "question": {"en": f"Question {i}?", "zh": f"第 {i} 题？"},
             "choices": {k: {"en": k.upper(), "zh": f"选项{k}"} for k in "abc"},
             "answer": ans, "explanation": {"en": "Because.", "zh": "因为。"}}
            for i, ans in enumerate("abc", start=1)
        ],
    }, source="test.yml")


def room() -> pd.DataFrame:
    rows = [  # trainee, phase, q1 (key a), q2 (key b), q3 (key c)
        ("A", "pre", "a", "a", "c"), ("B", "pre", "b", "b", None), ("C", "pre", "a", "b", "c"),
        ("D", "pre", "c", "a", "b"),
        ("A", "post", "a", "b", "c"), ("B", "post", "a", "b", "c"), ("C", "post", "a", "a", "c"),
        ("E", "post", "a", "b", "a"),
    ]
    return pd.DataFrame(rows, columns=["trainee", "phase", "q1", "q2", "q3"])


# --------------------------------------------------------------------------- shipped quizzes
QUIZ_FILES = quiz.list_quizzes()


def test_one_quiz_per_lesson_01_to_07():
    assert [p.name[:2] for p in QUIZ_FILES] == [f"{n:02d}" for n in range(1, 8)]


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_shipped_quiz_is_valid_and_complete(path):
    q = quiz.load_quiz(path)
    assert 4 <= len(q.questions) <= 6
    lesson = ROOT / q.lesson
    assert lesson.exists() and lesson.stem == path.stem
    assert CJK.search(q.title["zh"]) and not CJK.search(q.title["en"].replace("→", ""))
    for item in q.questions:
        assert len(item.choices) == 4
        for lang in ("en", "zh"):
            text, choices, explanation = item.in_lang(lang)
            assert len(set(choices.values())) == 4, ("choices must differ", lang)
            assert "\n" not in explanation and len(explanation) < 200
        assert item.answer in item.choices
    # English with Chinese key terms: at least half of the questions carry a Chinese term
    with_zh = sum(bool(CJK.search(i.text["en"] + " ".join(c["en"] for c in i.choices.values()))) for i in q.questions)
    assert with_zh >= len(q.questions) / 2


@pytest.mark.parametrize("path", QUIZ_FILES, ids=lambda p: p.stem)
def test_every_quiz_text_is_in_english_and_chinese(path):
    """Every question, choice and explanation has both languages; the Chinese is Chinese (a choice
    without letters, such as a number, is the same in both) and not a copy of the English."""
    import yaml

    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    fields = [("title", spec["title"])]
    for item in spec["questions"]:
        fields += [(f"{item['id']}.question", item["question"]), (f"{item['id']}.explanation", item["explanation"])]
        fields += [(f"{item['id']}.choices.{k}", v) for k, v in item["choices"].items()]
    for where, texts in fields:
        assert isinstance(texts, dict) and set(texts) >= {"en", "zh"}, f"{path.name} {where}: needs en and zh"
        en, zh = str(texts["en"]).strip(), str(texts["zh"]).strip()
        assert en and zh, f"{path.name} {where}: empty text"
        if re.search(r"[A-Za-z]{2,}", en) and not re.fullmatch(r"[\d\s.,%−+-]+", en):
            assert CJK.search(zh), f"{path.name} {where}: the Chinese text has no Chinese: {zh!r}"
            assert zh != en, f"{path.name} {where}: the Chinese is a copy of the English"
        else:
            assert zh == en, f"{path.name} {where}: a number reads the same in both languages"


def test_handout_in_chinese():
    q = quiz.load_quiz(QUIZ_FILES[2])
    text = quiz.to_markdown(q, lang="zh")
    assert text.startswith("# " + q.title["zh"])
    assert all(i.text["zh"] in text for i in q.questions) and not any(i.text["en"] in text for i in q.questions)


def test_answer_letters_vary_across_the_quizzes():
    letters = [i.answer for p in QUIZ_FILES for i in quiz.load_quiz(p).questions]
    counts = pd.Series(letters).value_counts()
    assert set(counts.index) == set("abcd")
    assert counts.max() / len(letters) < 0.4


def test_peak_end_quiz_arithmetic_matches_course_rule():
    # q1 of the peak-end quiz asks for the score of +1, −4, +2, +3: recompute it with the course's rule
    from course_lib import journey

    q = quiz.load_quiz(QUIZ_FILES[4])
    item = q.questions[0]
    assert "+1, −4, +2, +3" in item.text["en"] and "+1、−4、+2、+3" in item.text["zh"]
    expected = journey.peak_end_score([1, -4, 2, 3])
    for lang in ("en", "zh"):
        assert float(item.choices[item.answer][lang].replace("−", "-")) == pytest.approx(expected)


# --------------------------------------------------------------------------- scoring, hand-computed
def test_score_shares_by_hand():
    r = quiz.score(small_quiz(), room())
    pq = r.per_question
    assert pq["pre"].tolist() == [0.5, 0.5, 0.5]
    assert pq["post"].tolist() == [1.0, 0.75, 0.75]
    assert pq["change"].tolist() == [0.5, 0.25, 0.25]
    assert pq["n_pre"].tolist() == [4, 4, 4] and pq["n_post"].tolist() == [4, 4, 4]
    assert r.overall["pre"] == pytest.approx(6 / 12)
    assert r.overall["post"] == pytest.approx(10 / 12)
    assert r.by_trainee.loc["A"].tolist() == pytest.approx([2 / 3, 1.0])
    assert math.isnan(r.by_trainee.loc["D", "post"]) and math.isnan(r.by_trainee.loc["E", "pre"])


def test_paired_comparison_by_hand():
    r = quiz.score(small_quiz(), room())
    p = r.paired
    # A: 2/3 → 1, B: 1/3 → 1, C: 1 → 2/3 (D and E took only one phase)
    assert p.n == 3
    assert (p.improved, p.same, p.worse) == (2, 0, 1)
    assert p.mean_pre == pytest.approx(2 / 3) and p.mean_post == pytest.approx(8 / 9)
    assert p.mean_change == pytest.approx(2 / 9)
    half = 4.302653 * (math.sqrt(21) / 9) / math.sqrt(3)  # t(0.975, 2) from tables; sd = √21 / 9 by hand
    assert (p.ci_low, p.ci_high) == pytest.approx((2 / 9 - half, 2 / 9 + half), rel=1e-5)
    assert p.p_value == pytest.approx(1.0)  # 2 of 3 improved: exact two-sided sign test p = 1
    assert r.per_question["gained"].tolist() == [1, 1, 1]
    assert r.per_question["lost"].tolist() == [0, 1, 0]


def test_exact_tests_when_the_whole_room_learns():
    q = small_quiz()
    names = [f"t{i}" for i in range(10)]
    pre = pd.DataFrame({"trainee": names, "phase": "pre", "q1": "b", "q2": "b", "q3": "c"})
    post = pd.DataFrame({"trainee": names, "phase": "post", "q1": "a", "q2": "b", "q3": "c"})
    r = quiz.score(q, pd.concat([pre, post]))
    # 10 of 10 gained q1, nobody lost: exact McNemar p = 2 · 0.5**10
    assert r.per_question.loc["q1", "p_value"] == pytest.approx(2 * 0.5**10)
    assert r.per_question.loc["q2", "p_value"] == 1.0  # nobody changed
    assert r.paired.improved == 10 and r.paired.p_value == pytest.approx(2 * 0.5**10)
    assert math.isnan(r.paired.ci_low)  # every trainee changed by exactly 1/3: no spread, no t interval
    assert r.paired.mean_change == pytest.approx(1 / 3)


def test_pre_only_room_has_no_paired_comparison():
    r = quiz.score(small_quiz(), room().query("phase == 'pre'"))
    assert r.paired is None
    assert r.per_question["post"].isna().all() and math.isnan(r.overall["post"])
    assert r.per_question["pre"].tolist() == [0.5, 0.5, 0.5]


def test_answers_are_normalised():
    df = room()
    df["q1"] = df["q1"].str.upper().radd(" (").add(") ")  # " (A) "
    df["phase"] = df["phase"].map({"pre": "前测", "post": "After"})
    r = quiz.score(small_quiz(), df)
    assert r.per_question["post"].tolist() == [1.0, 0.75, 0.75]


def test_read_responses_gbk_csv(tmp_path):
    path = tmp_path / "answers.csv"
    path.write_bytes("trainee,phase,q1,q2,q3\n1,前测,a,b,\n1,后测,a,b,c\n".encode("gbk"))
    r = quiz.score(small_quiz(), quiz.read_responses(path), source=path.name)
    assert r.overall == {"pre": pytest.approx(2 / 3), "post": 1.0}
    assert r.paired.n == 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["a", "b", "c", ""]), st.sampled_from(["a", "b", "c", ""]),
                          st.sampled_from(["a", "b", "c", ""]), st.sampled_from(["pre", "post"])),
                min_size=1, max_size=30),
       st.randoms(use_true_random=False))
def test_score_invariants(rows, rnd):
    df = pd.DataFrame([(f"t{i // 2}", ph, *ans) for i, (*ans, ph) in enumerate(rows)],
                      columns=["trainee", "phase", "q1", "q2", "q3"]).drop_duplicates(["trainee", "phase"])
    r = quiz.score(small_quiz(), df)
    shares = r.per_question[["pre", "post"]].to_numpy()
    assert np.all((shares[~np.isnan(shares)] >= 0) & (shares[~np.isnan(shares)] <= 1))
    for ph in ("pre", "post"):  # every trainee answers every question: overall = mean of the question shares
        if (df["phase"] == ph).any():
            assert r.overall[ph] == pytest.approx(r.per_question[ph].mean())
    if r.paired is not None:
        assert r.paired.improved + r.paired.same + r.paired.worse == r.paired.n
        assert 0 <= r.paired.p_value <= 1
    shuffled = df.sample(frac=1, random_state=rnd.randint(0, 10_000))
    again = quiz.score(small_quiz(), shuffled)
    pd.testing.assert_frame_equal(r.per_question, again.per_question)


# --------------------------------------------------------------------------- other helpers
def test_markdown_handout_hides_answers_unless_asked():
    q = quiz.load_quiz(QUIZ_FILES[0])
    plain, key = quiz.to_markdown(q, lang="en"), quiz.to_markdown(q, answers=True, lang="en")
    assert all(i.text["en"] in plain for i in q.questions)
    assert "Answer:" not in plain and key.count("Answer:") == len(q.questions)


def test_response_template_columns():
    q = small_quiz()
    assert list(quiz.response_template(q, trainees=2).columns) == ["trainee", "phase", "q1", "q2", "q3"]
    assert len(quiz.response_template(q, trainees=2)) == 2


@pytest.mark.parametrize("lang,word", [("en", "What the room learned"), ("zh", "课堂学习成效")])
def test_plot_quiz(lang, word):
    r = quiz.score(small_quiz(), room())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph would warn
        ax = quiz.plot_quiz(r, lang=lang)
        ax.figure.canvas.draw()
    assert word in ax.get_title()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 4 and labels[0] == "1. q1"
    assert labels[-1] == ("All questions" if lang == "en" else "全部题目")
    assert len(ax.get_legend().get_texts()) == 2
    plt.close(ax.figure)


def test_plot_quiz_rejects_unknown_language():
    with pytest.raises(ValueError, match="lang"):
        quiz.plot_quiz(quiz.score(small_quiz(), room()), lang="fr")


# --------------------------------------------------------------------------- broken quiz files
GOOD = {"lesson": "notebooks/01_service_excellence.ipynb", "title": {"en": "T", "zh": "测"},
        "questions": [{"id": "q1", "question": {"en": "Q?", "zh": "问？"},
                       "choices": {"a": {"en": "x", "zh": "甲"}, "b": {"en": "y", "zh": "乙"}}, "answer": "a",
                       "explanation": {"en": "E.", "zh": "解。"}}]}


def _with(**changes):
    import copy

    spec = copy.deepcopy(GOOD)
    item = spec["questions"][0]
    for key, value in changes.items():
        target = item if key in quiz._QUESTION_KEYS else spec
        if value is None:
            target.pop(key)
        else:
            target[key] = value
    return spec


@pytest.mark.parametrize("spec,row,column,words", [
    ([1, 2], None, None, "not a mapping"),
    (_with(answers="a"), None, "answers", "unknown key"),
    (_with(lesson=None), None, "lesson", "lesson path"),
    (_with(title={"en": "T"}), None, "title", "Chinese"),
    (_with(questions=[]), None, "questions", "no questions"),
    ({**GOOD, "questions": ["q1"]}, 1, "questions", "not a mapping"),
    ({**GOOD, "questions": [{**GOOD["questions"][0], "hint": "x"}]}, 1, "hint", "unknown key"),
    (_with(id="1st"), 1, "id", "not valid"),
    ({**GOOD, "questions": GOOD["questions"] * 2}, [1, 2], "id", "used twice"),
    (_with(question="  "), 1, "question", "question text"),
    (_with(question="Q?"), 1, "question", "English and a Chinese"),
    (_with(question={"en": "Q?"}), 1, "question", "no Chinese text"),
    (_with(question={"en": "Q?", "zh": " "}), 1, "question", r"question text \(zh\)"),
    (_with(choices={"a": {"en": "only", "zh": "唯一"}}), 1, "choices", "at least two"),
    (_with(choices={"A": {"en": "x", "zh": "甲"}, "b": {"en": "y", "zh": "乙"}}), 1, "choices", "lower-case letter"),
    (_with(choices={"a": {"en": "x", "zh": "甲"}, "b": ""}), 1, "choices", "choice b"),
    (_with(choices={"a": {"en": "x", "zh": "甲"}, "b": {"zh": "乙"}}), 1, "choices", "no English"),
    (_with(explanation={"en": "E."}), 1, "explanation", "no Chinese"),
    (_with(answer="c"), 1, "answer", "not one of the choices"),
    (_with(explanation=None), 1, "explanation", "explanation"),
])
def test_broken_quiz_spec(spec, row, column, words):
    with pytest.raises(CourseDataError, match=words) as err:
        quiz.parse_quiz(spec, source="bad.yml")
    assert err.value.source == "bad.yml"
    assert err.value.row == row
    if column is not None:
        assert column == err.value.column or column in err.value.column
    assert err.value.fix


def test_quiz_file_not_found(tmp_path):
    with pytest.raises(CourseDataError, match="not found") as err:
        quiz.load_quiz(tmp_path / "nope.yml")
    assert "nope.yml" in err.value.source


def test_quiz_file_invalid_yaml(tmp_path):
    path = tmp_path / "01_x.yml"
    path.write_text("lesson: a\ntitle: {en: x, zh: y\nquestions:\n  - id: q1\n", encoding="utf-8")
    with pytest.raises(CourseDataError, match="YAML") as err:
        quiz.load_quiz(path)
    assert err.value.source == "01_x.yml" and err.value.row in (2, 3, 4, 5) and "indentation" in err.value.fix


def test_quiz_file_goes_through_the_safe_yaml_reader(tmp_path):
    """Duplicate keys, alias bombs and deep nesting are refused like any course YAML file."""
    path = tmp_path / "01_x.yml"
    path.write_text("lesson: a\nlesson: b\n", encoding="utf-8")
    with pytest.raises(CourseDataError, match="lesson") as err:
        quiz.load_quiz(path)
    assert err.value.source == "01_x.yml"
    path.write_text("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi")), encoding="utf-8")
    with pytest.raises(CourseDataError, match="alias"):
        quiz.load_quiz(path)
    path.write_text("[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(CourseDataError, match="nest"):
        quiz.load_quiz(path)


def test_quiz_file_not_utf8(tmp_path):
    path = tmp_path / "01_x.yml"
    path.write_bytes("lesson: 课程\n".encode("gbk"))
    with pytest.raises(CourseDataError, match="UTF-8"):
        quiz.load_quiz(path)


# --------------------------------------------------------------------------- broken answer sheets
def test_answers_not_a_table():
    with pytest.raises(CourseDataError, match="not a table"):
        quiz.score(small_quiz(), [["A", "pre"]])


def test_answers_missing_question_column():
    with pytest.raises(CourseDataError, match="required column missing") as err:
        quiz.score(small_quiz(), room().drop(columns="q2"), source="room.csv")
    assert err.value.column == "q2" and err.value.source == "room.csv"


def test_answers_missing_trainee():
    df = room()
    df.loc[2, "trainee"] = None
    with pytest.raises(CourseDataError, match="no trainee") as err:
        quiz.score(small_quiz(), df)
    assert err.value.row == [3] and err.value.column == "trainee"


def test_answers_unknown_phase():
    df = room()
    df.loc[5, "phase"] = "middle"
    with pytest.raises(CourseDataError, match="unknown phase 'middle'") as err:
        quiz.score(small_quiz(), df)
    assert err.value.row == [6] and err.value.column == "phase"


def test_answers_duplicate_trainee_phase():
    df = room()
    df.loc[1, "trainee"] = "A"
    with pytest.raises(CourseDataError, match="two pre rows") as err:
        quiz.score(small_quiz(), df)
    assert err.value.row == [1, 2]


def test_answers_not_a_choice():
    df = room()
    df.loc[6, "q3"] = "e"
    with pytest.raises(CourseDataError, match="not a choice of q3") as err:
        quiz.score(small_quiz(), df)
    assert err.value.row == [7] and err.value.column == "q3"
    assert "a, b, c" in err.value.expected


# --------------------------------------------------------------------------- the instructor guide stays true
GUIDE = ROOT / "instructor" / "GUIDE.md"


def _slug(heading: str) -> str:
    """GitHub's anchor for a markdown heading."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_guide_anchors_resolve():
    text = GUIDE.read_text(encoding="utf-8")
    slugs = {_slug(h) for h in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}
    anchors = re.findall(r"\]\(#([^)]+)\)", text)
    assert anchors and set(anchors) <= slugs, set(anchors) - slugs


def test_guide_has_a_demo_script_per_lesson():
    text = GUIDE.read_text(encoding="utf-8")
    demos = re.findall(r"^### (\d\d) · ", text, flags=re.M)
    assert demos == [f"{n:02d}" for n in range(1, 10)]


def test_guide_quotes_the_real_hints():
    from course_lib.checks import _core

    registry = _core.registry()
    rows = re.findall(r"^\| \d\d · `([\w.]+)` \| [^|]+ \| \"(.+)\" \|$", GUIDE.read_text(encoding="utf-8"), flags=re.M)
    assert len(rows) >= 30
    for task_id, quoted in rows:
        assert task_id in registry, task_id
        hint = pick(registry[task_id].hint, "en").replace("`", "")
        for piece in re.split(r"\s*…\s*", quoted.replace("`", "")):
            assert piece.strip(" .") in hint, (task_id, piece)
