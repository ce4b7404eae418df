"""The Kano questionnaire's answers and the evaluation table that turns a pair of answers into a category.

Each feature is asked about twice (Kano et al. 1984; Berger et al. 1993):

* the *functional* question, "How do you feel if the restaurant has this?", and
* the *dysfunctional* question, "How do you feel if it does not?",

each answered with one of five answers, coded 1–5: **like** (1, "I like it that way"), **must-be**
(2, "It must be that way"), **neutral** (3, "I am neutral"), **live-with** (4, "I can live with it
that way"), **dislike** (5, "I dislike it that way"). The pair gives one of six categories:

==========  ====  =======  =======  =========  =======
functional  dysfunctional →
----------  -----------------------------------------
↓           like  must-be  neutral  live-with  dislike
==========  ====  =======  =======  =========  =======
like        Q     A        A        A          O
must-be     R     I        I        I          M
neutral     R     I        I        I          M
live-with   R     I        I        I          M
dislike     R     R        R        R          Q
==========  ====  =======  =======  =========  =======

A attractive (a delighter: liked when present, accepted when absent), O one-dimensional (liked when
present, disliked when absent: more is better), M must-be (taken for granted when present, disliked
when absent), I indifferent, R reverse (the respondent prefers the feature absent), Q questionable
(contradictory answers: liked both present and absent, or disliked both).

Sources checked (through the course's search of stored public pages and code):

* The primary source is Berger et al. (1993), a special issue of the *Center for Quality of
  Management Journal* 2(4). Public copies exist (studylib.net doc 13322921, vdocuments.us,
  docplayer.net); the search returned their table of contents, not the table itself, so the 25
  cells were checked against independent public copies of the table:
* the JavaScript matrix of github.com/Zolano974/docker-venom-stack
  (``kanopole-api/code/src/lib/kanoMatrix.js``; rows functional, columns dysfunctional): identical
  in all 25 cells;
* the R function ``Kano()`` of the stp25stat package (rdrr.io/github/stp4/stp25stat/src/R/kano.R),
  whose table uses the same five answers and codes 1–5: identical in 24 cells; it has O for
  like/like, where the other sources have Q (liking the feature and its absence is contradictory),
  so the course keeps Q;
* two descriptions that define the categories without listing all cells, both consistent with the
  table: a journal article's table of the six categories (Global Health: Science and Practice,
  ghspjournal.org: Q = contradictory answers) and a public classifier's notes
  (sathvickollu.com/tools/kano-model: like/live-with → A, like/dislike → O, must-be/dislike → M).

The answer words like / must-be / neutral / live-with / dislike are those of Berger et al. (1993) as
quoted by a secondary source found in the same search ("l stands for like; m for must-be; n for
neutral; lw for live-with; d for dislike"), which also credits the satisfaction and
dissatisfaction coefficients to Timko in Berger et al. (1993). The coefficient formulas of
:mod:`course_lib.kano.coefficients` were not read in the primary source.

References: Kano, N., Seraku, N., Takahashi, F., & Tsuji, S. (1984). Attractive quality and must-be
quality. *Hinshitsu (Quality, Journal of the Japanese Society for Quality Control)* 14(2) (in
Japanese). Berger, C., Blauth, R., Boger, D., Bolster, C., Burchill, G., DuMouchel, W., Pouliot, F.,
Richter, R., Rubinoff, A., Shen, D., Timko, M., & Walden, D. (1993). Kano's methods for
understanding customer-defined quality. *Center for Quality of Management Journal* 2(4), 3–36.

Examples
--------
>>> classify("like", "live-with"), classify(2, 5), classify("喜欢", "不喜欢")
('A', 'M', 'O')
>>> classify([1, 1, 3, 5], [4, 5, 3, 1]).tolist()
['A', 'O', 'I', 'R']
"""

from __future__ import annotations

import numbers
import re
from typing import Any

import numpy as np
import pandas as pd

from ..errors import CourseDataError, row_numbers, show
from ..lang import T, languages, pick

__all__ = [
    "ANSWERS",
    "ANSWER_LABELS",
    "ANSWER_WORDS",
    "CATEGORIES",
    "CATEGORY_LABELS",
    "EVALUATION_TABLE",
    "parse_answers",
    "classify",
    "evaluation_table",
]

#: The five answers, in the order of their codes 1–5.
ANSWERS = ("like", "must-be", "neutral", "live-with", "dislike")

#: Display names of the answers.
ANSWER_LABELS = {
    "like": T("like", context="Kano answer"),
    "must-be": T("must-be", context="Kano answer"),
    "neutral": T("neutral", context="Kano answer"),
    "live-with": T("live-with", context="Kano answer"),
    "dislike": T("dislike", context="Kano answer"),
}

#: The spellings :func:`parse_answers` accepts for each answer besides its code (case, spaces,
#: ``-``/``_`` and a final full stop do not matter). The Chinese words are the ones the course's
#: questionnaires use; labels from any other language catalogue are accepted too.
ANSWER_WORDS = {
    "like": ("like", "i like it", "i like it that way", "喜欢", "我喜欢"),
    "must-be": ("must-be", "must be", "expect", "expected", "i expect it", "it must be that way", "理所当然",
                "理应如此"),
    "neutral": ("neutral", "i am neutral", "i'm neutral", "无所谓", "中立"),
    "live-with": ("live-with", "live with", "can live with it", "i can live with it",
                  "i can live with it that way", "tolerate", "i can tolerate it", "能忍受", "可以忍受"),
    "dislike": ("dislike", "i dislike it", "i dislike it that way", "不喜欢", "我不喜欢"),
}

#: The six categories, in the order of the category table's columns.
CATEGORIES = ("A", "O", "M", "I", "R", "Q")

#: Display names of the categories.
CATEGORY_LABELS = {
    "A": T("Attractive", context="Kano category"),
    "O": T("One-dimensional", context="Kano category"),
    "M": T("Must-be", context="Kano category"),
    "I": T("Indifferent", context="Kano category"),
    "R": T("Reverse", context="Kano category"),
    "Q": T("Questionable", context="Kano category"),
}

#: Berger et al. (1993): row = functional answer (1–5), column = dysfunctional answer (1–5).
EVALUATION_TABLE = (
    ("Q", "A", "A", "A", "O"),
    ("R", "I", "I", "I", "M"),
    ("R", "I", "I", "I", "M"),
    ("R", "I", "I", "I", "M"),
    ("R", "R", "R", "R", "Q"),
)
_TABLE = np.array(EVALUATION_TABLE, dtype=object)

_EXPECTED = T("a Kano answer: a code 1–5 (1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike) or the "
              "words like / must-be / neutral / live-with / dislike (喜欢 / 理所当然 / 无所谓 / 能忍受 / 不喜欢)")


def _fold(text: str) -> str:
    text = re.sub(r"[\s_\-]+", " ", str(text).strip().casefold())
    return text.rstrip(".。!！").strip()


def _lookup() -> dict[str, int]:
    words: dict[str, int] = {}
    for code, answer in enumerate(ANSWERS, start=1):
        words[str(code)] = code
        for word in ANSWER_WORDS[answer]:
            words[_fold(word)] = code
        for lang in languages():
            words.setdefault(_fold(pick(ANSWER_LABELS[answer], lang)), code)
    return words


def _as_series(values: Any, column: str, source: str) -> pd.Series:
    if isinstance(values, pd.DataFrame):
        raise CourseDataError(T("expected one column of answers, got a table with {shape} columns",
                                shape=values.shape[1]),
                              source=source, column=column,
                              fix=T("pass one column, e.g. df['functional'], not the whole table"))
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (str, bytes)) or np.ndim(values) == 0:
        return pd.Series([values], dtype=object)
    if np.ndim(values) > 1:
        raise CourseDataError(T("expected one column of answers, got an array of shape {shape}",
                                shape=np.shape(values)),
                              source=source, column=column, fix=T("pass one column of answers"))
    return pd.Series(values)


def parse_answers(values: Any, *, column: str | None = None, source: str = "Kano answers") -> np.ndarray:
    """The answer codes 1–5 of ``values`` (codes, English or Chinese words), as an int array.

    Anything else (a missing answer, a 6, 2.5, "maybe", ``True``) raises :class:`CourseDataError`
    naming the 1-based rows and the column (``column``, else the Series' name).

    Examples
    --------
    >>> parse_answers([1, "must-be", "Neutral", "live with", "不喜欢", 2.0]).tolist()
    [1, 2, 3, 4, 5, 2]
    >>> parse_answers(["like", "maybe", 7], column="Q3_functional", source="survey.csv")
    Traceback (most recent call last):
    ...
    course_lib.errors.CourseDataError: survey.csv, rows 2, 3, column 'Q3_functional': these are not Kano answers: 'maybe', 7
      expected: a Kano answer: a code 1–5 (1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike) or the words like / must-be / neutral / live-with / dislike (喜欢 / 理所当然 / 无所谓 / 能忍受 / 不喜欢)
      fix: correct these cells (a survey tool's own labels can be recoded with a dict and .map)
    """
    if column is None:
        column = str(values.name) if isinstance(values, pd.Series) and values.name is not None else "answers"
    s = _as_series(values, column, source)
    if pd.api.types.is_numeric_dtype(s.dtype) and not pd.api.types.is_bool_dtype(s.dtype):
        numbers_ = s.to_numpy(dtype=float, na_value=np.nan)
        missing = np.isnan(numbers_)
        codes = np.where(np.isin(numbers_, [1, 2, 3, 4, 5]), np.nan_to_num(numbers_), 0).astype(int)
    else:
        missing = (s.isna() | (s.astype(str).str.strip() == "")).to_numpy(dtype=bool)
        words = _lookup()
        mapping = {}
        for u in pd.unique(s[~missing]):  # a handful of distinct answers, not one per respondent
            if isinstance(u, (bool, np.bool_)):
                continue
            if isinstance(u, numbers.Real) and float(u) in (1, 2, 3, 4, 5):
                mapping[u] = int(u)
            elif isinstance(u, str) and _fold(u) in words:
                mapping[u] = words[_fold(u)]
        codes = s.map(mapping).fillna(0).to_numpy(dtype=float).astype(int)
        if s.dtype == object:  # True == 1 for a dict: a yes/no cell is not answer 1
            codes[[isinstance(v, (bool, np.bool_)) for v in s.to_numpy()]] = 0
    if missing.any():
        raise CourseDataError(T("answers are missing"), source=source, row=row_numbers(missing), column=column,
                              expected=_EXPECTED,
                              fix=T("leave out the respondents who skipped this question (dropna), or ask again"))
    bad = codes == 0
    if bad.any():
        shown = ", ".join(show(v) for v in pd.unique(s[bad])[:6])
        raise CourseDataError(T("these are not Kano answers: {shown}", shown=shown), source=source,
                              row=row_numbers(bad),
                              column=column, expected=_EXPECTED,
                              fix=T("correct these cells (a survey tool's own labels can be recoded with a dict "
                                    "and .map)"))
    return codes


def _name(values: Any, default: str) -> str:
    return str(values.name) if isinstance(values, pd.Series) and values.name is not None else default


def classify(functional: Any, dysfunctional: Any, *, source: str = "Kano answers"):
    """The Kano category (A, O, M, I, R or Q) of each pair of answers, by the evaluation table.

    ``functional`` and ``dysfunctional`` are single answers or equally long columns (Series, lists,
    arrays) of codes 1–5, English words or Chinese words (:data:`ANSWER_WORDS`). Two single answers
    give one letter; columns give a Series named ``category`` (with the index of ``functional`` when
    it is a Series). A bad answer raises :class:`CourseDataError` naming its row and column.

    Examples
    --------
    >>> classify("like", "dislike"), classify("must-be", "dislike"), classify("neutral", "neutral")
    ('O', 'M', 'I')
    >>> classify("dislike", "like"), classify("like", "like")
    ('R', 'Q')
    >>> import pandas as pd
    >>> df = pd.DataFrame({"functional": [1, 2, 1], "dysfunctional": ["能忍受", "不喜欢", "dislike"]})
    >>> classify(df["functional"], df["dysfunctional"]).tolist()
    ['A', 'M', 'O']
    """
    single = np.ndim(functional) == 0 and np.ndim(dysfunctional) == 0 and not isinstance(
        functional, (pd.Series, pd.DataFrame))
    f = parse_answers(functional, column=_name(functional, "functional"), source=source)
    d = parse_answers(dysfunctional, column=_name(dysfunctional, "dysfunctional"), source=source)
    if len(f) != len(d):
        raise CourseDataError(T("{n_f} functional answers but {n_d} dysfunctional answers", n_f=len(f), n_d=len(d)),
                              source=source,
                              expected=T("one functional and one dysfunctional answer per respondent"),
                              fix=T("pass the two columns of the same table"))
    categories = _TABLE[f - 1, d - 1]
    if single:
        return str(categories[0])
    index = functional.index if isinstance(functional, pd.Series) else None
    return pd.Series(categories.astype(str), index=index, name="category")


def evaluation_table(lang: str | None = None) -> pd.DataFrame:
    """The evaluation table as a DataFrame: rows functional answers, columns dysfunctional answers.

    Examples
    --------
    >>> evaluation_table(lang="en").loc["like", "live-with"]
    'A'
    """
    labels = [pick(ANSWER_LABELS[a], lang) for a in ANSWERS]
    table = pd.DataFrame(_TABLE.astype(str), index=labels, columns=labels)
    table.index.name = pick(T("functional ↓ / dysfunctional →"), lang)
    return table
