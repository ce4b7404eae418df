"""Pre/post quizzes: show what the room learned · 课前/课后小测.

Each lesson has a short multiple-choice quiz in ``instructor/quizzes/NN_topic.yml``.
The instructor hands it out before the lesson (pre) and again after it (post),
types the room's letters into a sheet, and :func:`score` reports, per question
and overall, the share of trainees who answered correctly before and after, with
a simple paired comparison of the trainees who took both.

Quiz file (every text in English and Chinese)::

    lesson: notebooks/03_servqual.ipynb
    title: {en: "SERVQUAL", zh: "SERVQUAL 服务质量量表"}
    questions:
      - id: q1
        question: {en: "Which dimension ...?", zh: "……属于哪个维度？"}
        choices:
          a: {en: "...", zh: "..."}
          b: {en: "...", zh: "..."}
        answer: b
        explanation: {en: "One line: why b is right.", zh: "一句话：为什么选 b。"}

A question's ``text``, ``explanation`` and each choice are ``{language: text}`` mappings;
:func:`to_markdown` and :meth:`Question.in_lang` pick one language.

Answer sheet (CSV or XLSX, read with :func:`course_lib.data.read_table`): one row
per trainee and phase; columns ``trainee``, ``phase`` (``pre`` or ``post``; also
``before``/``after``, ``前测``/``后测``) and one column per question id holding
the chosen letter. An empty cell is "no answer" and counts as not correct.
:func:`response_template` gives an empty sheet with the right columns.

The paired comparison uses only trainees present in both phases: per trainee,
the change in share correct, its mean with a t interval and an exact sign test
(improved vs worse); per question, an exact McNemar test on the trainees who
changed (wrong → right vs right → wrong). With a room of 10–30 people these are
rough guides, not proof; the shares themselves are the message.

Examples
--------
>>> import pandas as pd
>>> from course_lib import quiz
>>> q = quiz.parse_quiz({"lesson": "notebooks/03_servqual.ipynb", "title": {"en": "SERVQUAL", "zh": "服务质量"},
...     "questions": [{"id": "q1", "question": {"en": "P − E < 0 means?", "zh": "P − E < 0 表示？"},
...                    "choices": {"a": {"en": "fell short", "zh": "未达期望"}, "b": {"en": "exceeded", "zh": "超出期望"}},
...                    "answer": "a", "explanation": {"en": "Perception below expectation.", "zh": "感知低于期望。"}}]})
>>> q.questions[0].in_lang("zh")
('P − E < 0 表示？', {'a': '未达期望', 'b': '超出期望'}, '感知低于期望。')
>>> room = pd.DataFrame({"trainee": ["Ann", "Bo", "Ann", "Bo"], "phase": ["pre", "pre", "post", "post"],
...                      "q1": ["b", "a", "a", "a"]})
>>> r = quiz.score(q, room)
>>> r.per_question[["pre", "post"]].round(2).to_dict("records")
[{'pre': 0.5, 'post': 1.0}]
>>> r.paired.improved, r.paired.worse
(1, 0)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import numpy as np
import pandas as pd

from .errors import CourseDataError, row_numbers
from .files import project_root
from .lang import T, check_lang

__all__ = [
    "Question",
    "Quiz",
    "PairedComparison",
    "QuizScore",
    "quiz_dir",
    "list_quizzes",
    "load_quiz",
    "parse_quiz",
    "to_markdown",
    "response_template",
    "read_responses",
    "score",
    "plot_quiz",
]

_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_LETTER = re.compile(r"^[a-z]$")
_PHASES = {"pre": "pre", "before": "pre", "前测": "pre", "课前": "pre",
           "post": "post", "after": "post", "后测": "post", "课后": "post"}
_QUESTION_KEYS = {"id", "question", "choices", "answer", "explanation", "concept"}
_TOP_KEYS = {"lesson", "title", "questions"}


@dataclass(frozen=True)
class Question:
    """One multiple-choice question. ``text`` and ``explanation`` map languages to texts; ``choices``
    maps letters to such mappings."""

    id: str
    text: Mapping[str, str]
    choices: Mapping[str, Mapping[str, str]]
    answer: str
    explanation: Mapping[str, str]
    concept: str | None = None

    def in_lang(self, lang: str | None = None) -> tuple[str, dict[str, str], str]:
        """``(question, {letter: choice}, explanation)`` in one language (default: the notebook's)."""
        from .lang import pick

        lang = check_lang(lang)
        return (pick(self.text, lang), {k: pick(v, lang) for k, v in self.choices.items()},
                pick(self.explanation, lang))


@dataclass(frozen=True)
class Quiz:
    """A lesson's quiz: where it belongs, its title in both languages, its questions."""

    lesson: str
    title: Mapping[str, str]
    questions: tuple[Question, ...]
    source: str = "quiz"

    @property
    def ids(self) -> list[str]:
        """Question ids in order."""
        return [q.id for q in self.questions]

    def key(self) -> dict[str, str]:
        """The answer key ``{question id: letter}``."""
        return {q.id: q.answer for q in self.questions}


@dataclass(frozen=True)
class PairedComparison:
    """Trainees who took both phases: share correct before and after, and the change."""

    n: int
    mean_pre: float
    mean_post: float
    mean_change: float
    ci_low: float        # 95 % t interval of the mean change (NaN when n < 2 or no spread; not clipped
                         # to −1…1, so a very wide interval shows that the room was too small to tell)
    ci_high: float
    improved: int        # trainees with a higher share correct after the lesson
    same: int
    worse: int
    p_value: float       # exact two-sided sign test, improved vs worse (1.0 when nobody changed)


@dataclass(frozen=True)
class QuizScore:
    """Result of :func:`score`.

    ``per_question``: one row per question id with ``pre``, ``post`` (share
    correct), ``change``, ``n_pre``, ``n_post``, and for the paired trainees
    ``gained`` (wrong → right), ``lost`` (right → wrong) and ``p_value``
    (exact McNemar). ``overall``: mean share correct ``{"pre": …, "post": …}``
    over all trainees of each phase. ``by_trainee``: share correct per trainee
    and phase. ``paired``: :class:`PairedComparison` or ``None`` when no
    trainee took both.
    """

    quiz: Quiz
    per_question: pd.DataFrame
    overall: Mapping[str, float]
    by_trainee: pd.DataFrame
    paired: PairedComparison | None


# --------------------------------------------------------------------------- quiz files
def quiz_dir() -> Path:
    """The folder of the lesson quizzes (``instructor/quizzes`` in the course folder)."""
    return project_root() / "instructor" / "quizzes"


def list_quizzes(folder: str | Path | None = None) -> list[Path]:
    """The quiz files (``NN_topic.yml``), sorted by lesson number."""
    folder = quiz_dir() if folder is None else Path(folder)
    return sorted(folder.glob("[0-9][0-9]_*.yml"))


def _text(value: Any, *, source: str, row: int | None, column: str, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CourseDataError(f"{what} is missing or empty", source=source, row=row, column=column,
                              expected="a non-empty text", fix=f"write the {what} after '{column}:'")
    return value.strip()


#: Languages every quiz text must have.
QUIZ_LANGS = ("en", "zh")


def _texts(value: Any, *, source: str, row: int | None, column: str, what: str) -> Mapping[str, str]:
    """A ``{en: …, zh: …}`` mapping of non-empty texts (further languages are kept too)."""
    if isinstance(value, str) or value is None or (isinstance(value, dict) and not value):
        if isinstance(value, str) and value.strip():
            raise CourseDataError(f"the {what} needs an English and a Chinese text", source=source, row=row,
                                  column=column, expected=f"{column}: {{en: '…', zh: '…'}}",
                                  fix=f"write the {what} as en: and zh: under '{column}:'")
        _text(None, source=source, row=row, column=column, what=what)
    if not isinstance(value, dict):
        raise CourseDataError(f"the {what} is not a text", source=source, row=row, column=column,
                              expected=f"{column}: {{en: '…', zh: '…'}}", fix=f"write the {what} as en: and zh:")
    missing = [lang for lang in QUIZ_LANGS if lang not in value]
    if missing:
        names = dict(zip(QUIZ_LANGS, ("English", "Chinese")))
        raise CourseDataError(f"the {what} has no {' or '.join(names.get(m, m) for m in missing)} text",
                              source=source, row=row, column=column, expected=f"{column}: {{en: '…', zh: '…'}}",
                              fix=f"add the missing language under '{column}:'")
    return MappingProxyType({str(lang): _text(text, source=source, row=row, column=column, what=f"{what} ({lang})")
                             for lang, text in value.items()})


def parse_quiz(spec: Any, source: str = "quiz") -> Quiz:
    """Validate an already-parsed quiz (a dict, as read from YAML) and return a :class:`Quiz`.

    ``row`` in an error is the question's number (1-based) in the file.
    """
    if not isinstance(spec, dict):
        raise CourseDataError("the quiz file is not a mapping of keys to values", source=source,
                              expected="top-level keys lesson, title, questions",
                              fix="start the file with 'lesson:', 'title:' and 'questions:' (see instructor/GUIDE.md)")
    unknown = sorted(set(spec) - _TOP_KEYS)
    if unknown:
        raise CourseDataError(f"unknown key(s) {', '.join(map(str, unknown))}", source=source,
                              column=unknown[0] if len(unknown) == 1 else unknown,
                              expected="only lesson, title, questions", fix="check the spelling of the key")
    lesson = _text(spec.get("lesson"), source=source, row=None, column="lesson", what="lesson path")
    title = spec.get("title")
    if not isinstance(title, dict) or not all(isinstance(title.get(k), str) and title[k].strip() for k in ("en", "zh")):
        raise CourseDataError("the title needs an English and a Chinese text", source=source, column="title",
                              expected="title: {en: '…', zh: '…'}", fix="add the missing language under 'title:'")
    questions = spec.get("questions")
    if not isinstance(questions, list) or not questions:
        raise CourseDataError("the quiz has no questions", source=source, column="questions",
                              expected="a list of questions, each starting with '- id:'",
                              fix="add at least one question under 'questions:'")
    parsed: list[Question] = []
    seen: dict[str, int] = {}
    for number, item in enumerate(questions, start=1):
        if not isinstance(item, dict):
            raise CourseDataError("a question is not a mapping", source=source, row=number, column="questions",
                                  expected="id, question, choices, answer, explanation",
                                  fix="indent the question's fields under its '- id:' line")
        unknown = sorted(set(item) - _QUESTION_KEYS)
        if unknown:
            raise CourseDataError(f"unknown key(s) {', '.join(map(str, unknown))}", source=source, row=number,
                                  column=unknown[0] if len(unknown) == 1 else unknown, expected=f"only {', '.join(sorted(_QUESTION_KEYS))}",
                                  fix="check the spelling of the key")
        qid = item.get("id")
        if not isinstance(qid, str) or not _ID.match(qid):
            raise CourseDataError(f"question id {qid!r} is not valid", source=source, row=number, column="id",
                                  expected="a short name of letters, digits or _, starting with a letter (q1, q2 …)",
                                  fix="give every question an id such as q1")
        if qid in seen:
            raise CourseDataError(f"question id {qid!r} is used twice", source=source, row=[seen[qid], number],
                                  column="id", expected="a different id for each question", fix="rename one of them")
        seen[qid] = number
        text = _texts(item.get("question"), source=source, row=number, column="question", what="question text")
        choices = item.get("choices")
        if not isinstance(choices, dict) or len(choices) < 2:
            raise CourseDataError("a question needs at least two choices", source=source, row=number,
                                  column="choices", expected="choices: {a: {en: '…', zh: '…'}, b: …, c: …, d: …}",
                                  fix="list the choices under 'choices:', one letter each")
        clean: dict[str, Mapping[str, str]] = {}
        for letter, label in choices.items():
            if not isinstance(letter, str) or not _LETTER.match(letter):
                raise CourseDataError(f"choice key {letter!r} is not a single lower-case letter", source=source,
                                      row=number, column="choices", expected="a, b, c, d …",
                                      fix="label the choices a, b, c, d")
            clean[letter] = _texts(label, source=source, row=number, column="choices", what=f"text of choice {letter}")
        answer = item.get("answer")
        answer = answer.strip().lower() if isinstance(answer, str) else answer
        if answer not in clean:
            raise CourseDataError(f"the answer {item.get('answer')!r} is not one of the choices", source=source,
                                  row=number, column="answer", expected=f"one of {', '.join(clean)}",
                                  fix="give the letter of the correct choice")
        explanation = _texts(item.get("explanation"), source=source, row=number, column="explanation",
                             what="one-line explanation")
        concept = item.get("concept")
        parsed.append(Question(qid, text, MappingProxyType(clean), answer, explanation,
                               None if concept is None else str(concept)))
    return Quiz(lesson, MappingProxyType({"en": title["en"].strip(), "zh": title["zh"].strip()}),
                tuple(parsed), source)


def load_quiz(path: str | Path) -> Quiz:
    """Read and validate a quiz YAML file; a broken file raises :class:`CourseDataError`.

    The file is read by the course's safe YAML reader (:func:`course_lib.yaml_files.parse_yaml`):
    UTF-8 only, bounded size, nesting and aliases, duplicate keys refused.
    """
    from .yaml_files import parse_yaml, yaml_text

    path = Path(path)
    if not path.is_file():
        raise CourseDataError("quiz file not found", source=str(path),
                              fix="give the path of a file in instructor/quizzes/, e.g. 03_servqual.yml")
    spec = parse_yaml(yaml_text(path), source=path.name, expected="YAML as in the other quiz files",
                      fix="check indentation and quote texts that contain ':' or '#'")
    return parse_quiz(spec, source=path.name)


def to_markdown(quiz: Quiz, *, answers: bool = False, lang: str | None = None) -> str:
    """The quiz as a printable hand-out in one language (default: the notebook's; ``answers=True``:
    with the key and explanations)."""
    from .lang import pick

    lang = check_lang(lang)
    lines = [f"# {pick(quiz.title, lang)}", ""]
    for number, q in enumerate(quiz.questions, start=1):
        text, choices, explanation = q.in_lang(lang)
        lines.append(f"**{number}. {text}**")
        lines.append("")
        lines.extend(f"- ({letter}) {label}" for letter, label in choices.items())
        if answers:
            lines += ["", "*" + T("Answer: ({letter}). {explanation}", letter=q.answer,
                                  explanation=explanation).render(lang) + "*"]
        lines.append("")
    return "\n".join(lines)


def response_template(quiz: Quiz, trainees: int = 0) -> pd.DataFrame:
    """An empty answer sheet: ``trainee``, ``phase`` and one column per question."""
    return pd.DataFrame({c: pd.Series([""] * trainees, dtype="object") for c in ["trainee", "phase", *quiz.ids]})


def read_responses(path: str | Path) -> pd.DataFrame:
    """Read a room's answer sheet (CSV or XLSX in any supported encoding)."""
    from .data import read_table

    return read_table(path)


# --------------------------------------------------------------------------- scoring
def _normalise(responses: pd.DataFrame, quiz: Quiz, source: str) -> pd.DataFrame:
    from .data import require_columns

    if not isinstance(responses, pd.DataFrame):
        raise CourseDataError("the answers are not a table", source=source, expected="a pandas DataFrame",
                              fix="read the sheet with quiz.read_responses(path)")
    require_columns(responses, ["trainee", "phase", *quiz.ids], source=source,
                    fix=f"the sheet needs the columns trainee, phase, {', '.join(quiz.ids)} "
                        "(quiz.response_template(q) makes one)")
    frame = responses.reset_index(drop=True)
    trainee = frame["trainee"].astype("string").str.strip()
    missing = trainee.isna() | (trainee == "")
    if missing.any():
        raise CourseDataError("a row has no trainee name or number", source=source, row=row_numbers(missing),
                              column="trainee", expected="a name or number for every row",
                              fix="fill in who answered (initials or a number are enough)")
    phase_raw = frame["phase"].astype("string").str.strip().str.lower()
    phase = phase_raw.map(_PHASES)
    bad = phase.isna()
    if bad.any():
        raise CourseDataError(f"unknown phase {phase_raw[bad].iloc[0]!r}", source=source,
                              row=row_numbers(bad), column="phase",
                              expected="pre or post (also before/after, 前测/后测)",
                              fix="write pre for the answers before the lesson and post for those after it")
    key = pd.DataFrame({"trainee": trainee, "phase": phase})
    dup = key.duplicated(keep=False)
    if dup.any():
        raise CourseDataError(f"trainee {key['trainee'][dup].iloc[0]!r} has two {key['phase'][dup].iloc[0]} rows",
                              source=source, row=row_numbers(dup), column=["trainee", "phase"],
                              expected="one row per trainee and phase",
                              fix="keep one of the rows (or give the trainees distinct names)")
    answers = {}
    for q in quiz.questions:
        col = frame[q.id].astype("string").str.strip().str.lower().str.strip("()")
        col = col.mask(col == "")
        invalid = col.notna() & ~col.isin(list(q.choices))
        if invalid.any():
            raise CourseDataError(f"answer {frame[q.id][invalid].iloc[0]!r} is not a choice of {q.id}", source=source,
                                  row=row_numbers(invalid), column=q.id,
                                  expected=f"one of {', '.join(q.choices)}, or an empty cell for no answer",
                                  fix="type the letter the trainee chose")
        answers[q.id] = (col == q.answer).fillna(False).astype(bool)
    return pd.concat([key, pd.DataFrame(answers)], axis=1)


def _binom_p(k: int, n: int) -> float:
    if n == 0:
        return 1.0
    from scipy.stats import binomtest

    return float(binomtest(k, n, 0.5).pvalue)


def _paired(correct: pd.DataFrame, ids: list[str]) -> tuple[PairedComparison | None, pd.DataFrame]:
    pre = correct[correct["phase"] == "pre"].set_index("trainee")[ids]
    post = correct[correct["phase"] == "post"].set_index("trainee")[ids]
    both = pre.index.intersection(post.index).sort_values()
    gained = (~pre.loc[both] & post.loc[both]).sum().astype(int)
    lost = (pre.loc[both] & ~post.loc[both]).sum().astype(int)
    per_q = pd.DataFrame({"gained": gained, "lost": lost})
    per_q["p_value"] = [_binom_p(int(g), int(g + l)) for g, l in zip(gained, lost)]
    if len(both) == 0:
        per_q["p_value"] = np.nan
        return None, per_q
    s_pre = pre.loc[both].mean(axis=1)
    s_post = post.loc[both].mean(axis=1)
    diff = s_post - s_pre
    n = len(both)
    mean = float(diff.mean())
    sd = float(diff.std(ddof=1)) if n > 1 else float("nan")
    if n > 1 and sd > 0:
        from scipy.stats import t

        half = float(t.ppf(0.975, n - 1)) * sd / np.sqrt(n)
        low, high = float(mean - half), float(mean + half)
    else:
        low = high = float("nan")
    improved, worse = int((diff > 0).sum()), int((diff < 0).sum())
    return PairedComparison(n, float(s_pre.mean()), float(s_post.mean()), mean, low, high, improved,
                            n - improved - worse, worse, _binom_p(improved, improved + worse)), per_q


def score(quiz: Quiz, responses: pd.DataFrame, *, source: str = "answers") -> QuizScore:
    """Score a room's answers before and after the lesson.

    Parameters
    ----------
    quiz : Quiz
        From :func:`load_quiz`.
    responses : DataFrame
        Columns ``trainee``, ``phase`` and one per question id (letters; empty = no answer).
    source : str
        Name used in error messages (the file name).

    Returns
    -------
    QuizScore
        Shares correct per question and overall, per trainee, and the paired comparison.
        A phase nobody took has NaN shares.
    """
    correct = _normalise(responses, quiz, source)
    ids = quiz.ids
    groups = {ph: correct.loc[correct["phase"] == ph, ids] for ph in ("pre", "post")}
    per_q = pd.DataFrame({
        "pre": groups["pre"].mean() if len(groups["pre"]) else pd.Series(np.nan, index=ids),
        "post": groups["post"].mean() if len(groups["post"]) else pd.Series(np.nan, index=ids),
    }).astype(float)
    per_q["change"] = per_q["post"] - per_q["pre"]
    per_q["n_pre"] = len(groups["pre"])
    per_q["n_post"] = len(groups["post"])
    paired, per_q_paired = _paired(correct, ids)
    per_q = per_q.join(per_q_paired)
    per_q.index.name = "question"
    overall = {ph: float(g.to_numpy().mean()) if len(g) else float("nan") for ph, g in groups.items()}
    by_trainee = (correct.assign(share=correct[ids].mean(axis=1))
                  .pivot(index="trainee", columns="phase", values="share")
                  .reindex(columns=["pre", "post"]).sort_index())
    by_trainee.columns.name = None
    return QuizScore(quiz, per_q, MappingProxyType(overall), by_trainee, paired)


# --------------------------------------------------------------------------- plot
def plot_quiz(result: QuizScore, ax=None, lang: str | None = None):
    """Share correct per question, before (○) and after (●) the lesson, with the overall row.

    Returns the Axes.
    """
    lang = check_lang(lang)
    from . import style

    style.check_lang(lang)
    pq = result.per_question
    labels = [f"{i + 1}. {qid}" for i, qid in enumerate(pq.index)]
    labels.append(style.pick(T("All questions"), lang))
    pre = np.append(pq["pre"].to_numpy(), result.overall["pre"])
    post = np.append(pq["post"].to_numpy(), result.overall["post"])
    ax = style.new_ax(ax, figsize=(8.0, 0.55 * len(labels) + 1.6))
    y = np.arange(len(labels))[::-1]
    for yi, a, b in zip(y, pre, post):
        if np.isfinite(a) and np.isfinite(b):
            colour = style.PALETTE["good"] if b >= a else style.PALETTE["bad"]
            ax.annotate("", xy=(b, yi), xytext=(a, yi),
                        arrowprops={"arrowstyle": "->", "color": colour, "lw": 2, "shrinkA": 4, "shrinkB": 4})
    ax.scatter(pre, y, s=70, facecolors="white", edgecolors=style.PALETTE["neutral"], linewidths=2, zorder=3,
               label=style.pick(T("before the lesson (pre)"), lang))
    ax.scatter(post, y, s=70, color=style.PALETTE["perception"], zorder=3,
               label=style.pick(T("after the lesson (post)"), lang))
    ax.axhline(y[-1] + 0.5, color=style.PALETTE["neutral"], lw=0.8)
    ax.set_yticks(y, labels)
    ax.set_xlim(-0.03, 1.03)
    ax.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2)
    title = style.pick(result.quiz.title, lang)
    style.finish(ax, title=None,
                 xlabel=style.pick(T("share of the room answering correctly"), lang))
    ax.set_title(style.pick(T("What the room learned: {title}", title=title), lang), pad=34)
    return ax
