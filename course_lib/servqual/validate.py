"""Checking and cleaning raw survey answers: a table of problems, and the standard cleaning.

:func:`validate_responses` lists non-numeric, out-of-range and missing answers, duplicated
respondents and straight-liners; :func:`clean` is the course's reference answer to the cleaning
exercise. (The computations check their input themselves and raise
:class:`~course_lib.errors.CourseDataError` on the first problem.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import CourseDataError, show
from ..lang import T
from .model import _check_frame, _check_scale, item_columns, item_numbers
from .reading import _text_to_num, likert_map, standardize_columns

__all__ = ["validate_responses", "clean"]

_PROBLEM_COLUMNS = ["row", "respondent", "column", "value", "problem", "severity"]


def validate_responses(df: pd.DataFrame, scale=(1, 7), *, errors: str = "report", allow_missing: bool = True,
                       id_column: str = "respondent", source: str = "survey") -> pd.DataFrame:
    """Find the problems in a survey: a tidy table, or a :class:`CourseDataError`.

    Problems: ``non-numeric`` answers, ``out of range`` (outside ``scale`` or not
    whole), ``missing`` answers, ``duplicate`` respondents (same id, or the same
    answers submitted twice without an id), and ``straight-lining`` (every E and P
    answer the same; severity ``warning``). With ``errors="raise"`` the first
    error raises; missing answers raise only when ``allow_missing=False``.
    Answer text listed in :func:`likert_map` counts as valid.

    Returns
    -------
    DataFrame with columns row (1-based), respondent, column, value, problem, severity.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"respondent": [1, 2, 2], "E1": [7, 9, 5], "P1": ["6", None, "x"]})
    >>> validate_responses(df)[["row", "column", "problem"]]
       row      column       problem
    0    2          E1  out of range
    1    2          P1       missing
    2    2  respondent     duplicate
    3    3          P1   non-numeric
    4    3  respondent     duplicate
    """
    if errors not in ("report", "raise"):
        raise CourseDataError(T("errors={errors} is not an option", errors=repr(errors)), column="errors",
                              expected=T("'report' (a table of problems) or 'raise'"),
                              fix=T("pass errors='report' or 'raise'"))
    lo, hi = _check_scale(scale)
    _check_frame(df, source)
    cols = item_columns(df, "EPAD")
    if not cols:
        item_numbers(df, "EP", source)  # raises the standard message
    labels = likert_map((lo, hi)) if (lo, hi) in ((1, 7), (1, 5)) else {}
    raw = df[cols]
    num = np.empty(raw.shape, dtype="float64")
    isna = raw.isna().to_numpy()
    nonnum = np.zeros(raw.shape, dtype=bool)
    for j, c in enumerate(cols):
        s = raw[c]
        if s.dtype.kind in "biuf":
            num[:, j] = s.to_numpy(dtype="float64", na_value=np.nan)
            continue
        text = s.astype("string").str.strip()
        num[:, j] = _text_to_num(s, labels).to_numpy(dtype="float64", na_value=np.nan)
        isna[:, j] = (text.isna() | (text == "")).to_numpy()
        nonnum[:, j] = np.isnan(num[:, j]) & ~isna[:, j]
    out_of_range = ~np.isnan(num) & ((num < lo) | (num > hi) | (num != np.round(num)))
    parts = []
    ids = df[id_column].to_numpy() if id_column in df.columns else np.arange(1, len(df) + 1)

    def add(mask2d, problem, severity):
        r, c = np.nonzero(mask2d)
        if len(r):
            parts.append(pd.DataFrame({"row": r + 1, "respondent": ids[r], "column": np.asarray(cols, dtype=object)[c],
                                       "value": raw.to_numpy(dtype=object)[r, c], "problem": problem,
                                       "severity": severity}))

    add(nonnum, "non-numeric", "error")
    add(out_of_range, "out of range", "error")
    add(isna, "missing", "warning" if allow_missing else "error")
    if id_column in df.columns:
        dup = df[id_column].duplicated(keep=False).to_numpy() & df[id_column].notna().to_numpy()
        col = id_column
    else:
        dup = raw.duplicated(keep=False).to_numpy()
        col = "(all answers)"
    r = np.flatnonzero(dup)
    if len(r):
        parts.append(pd.DataFrame({"row": r + 1, "respondent": ids[r], "column": col,
                                   "value": [df[id_column].iloc[i] if id_column in df.columns else None for i in r],
                                   "problem": "duplicate", "severity": "error"}))
    ep = [j for j, c in enumerate(cols) if c[0] in "EP"]
    if len(ep) >= 4:
        block = num[:, ep]
        complete = ~np.isnan(block).any(axis=1)
        flat = complete & (np.nanmax(np.where(np.isnan(block), -np.inf, block), axis=1)
                           == np.nanmin(np.where(np.isnan(block), np.inf, block), axis=1))
        r = np.flatnonzero(flat)
        if len(r):
            parts.append(pd.DataFrame({"row": r + 1, "respondent": ids[r], "column": "(all answers)",
                                       "value": block[r, 0], "problem": "straight-lining", "severity": "warning"}))
    table = (pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=_PROBLEM_COLUMNS))
    table = table.sort_values(["row", "column", "problem"], kind="stable").reset_index(drop=True)[_PROBLEM_COLUMNS]
    if errors == "raise":
        errs = table[table["severity"] == "error"]
        if len(errs):
            first = errs["problem"].iloc[0]
            sel = errs[errs["problem"] == first]
            column = sel["column"].iloc[0]
            rows = sel.loc[sel["column"] == column, "row"].tolist()
            value = show(sel['value'].iloc[0])
            what = {"non-numeric": (T("answers that are not numbers, such as {value}", value=value),
                                    T("numbers from {lo} to {hi} or answer labels such as 'agree'", lo=lo, hi=hi),
                                    T("correct the typing or map your labels with prepare(df, likert={…})")),
                    "out of range": (T("answers outside the scale, such as {value}", value=value),
                                     T("whole numbers from {lo} to {hi}", lo=lo, hi=hi),
                                     T("correct them, set them to empty, or pass the survey's scale=(low, high)")),
                    "missing": (T("missing answers"), T("an answer in every item cell"),
                                T("fill them in, or allow missing answers (allow_missing=True)")),
                    "duplicate": (T("duplicated respondents"), T("each respondent once"),
                                  T("keep one submission per respondent (e.g. df.drop_duplicates(…, keep='first'))"))
                    }[first]
            raise CourseDataError(what[0], source=source, row=rows, column=column, expected=what[1], fix=what[2])
    return table


def clean(df: pd.DataFrame, scale=(1, 7), *, id_column: str = "respondent", drop_straightliners: bool = True,
          source: str = "survey") -> pd.DataFrame:
    """The standard cleaning of a raw survey: the course's reference answer to the cleaning exercise.

    1. headers standardised, answer labels mapped to numbers (:func:`likert_map`), text trimmed;
    2. non-numeric and out-of-range answers set to missing (NaN);
    3. duplicated respondents dropped (the first submission kept);
    4. straight-liners dropped (every E and P answer identical), if ``drop_straightliners``.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"respondent": [1, 2, 2, 3], "E1": [" 7", "agree", "5", "4"],
    ...                     "P1": ["6", "99", "5", "4"], "E2": [6, 5, 5, 4], "P2": [5, 5, 5, 4]})
    >>> clean(raw)
       respondent   E1   P1   E2   P2
    0           1  7.0  6.0  6.0  5.0
    1           2  6.0  NaN  5.0  5.0
    """
    lo, hi = _check_scale(scale)
    out = standardize_columns(df, source=source)
    _check_frame(out, source)
    cols = item_columns(out, "EPAD")
    if not cols:
        item_numbers(out, "EP", source)
    labels = likert_map((lo, hi)) if (lo, hi) in ((1, 7), (1, 5)) else {}
    out = out.copy()
    for c in cols:
        s = out[c]
        if s.dtype.kind not in "biuf":
            s = _text_to_num(s, labels)
        s = s.astype("float64")
        out[c] = s.where((s >= lo) & (s <= hi) & (s == s.round()))
    if id_column in out.columns:
        out = out[~out[id_column].duplicated(keep="first") | out[id_column].isna()]
    else:
        out = out[~out[cols].duplicated(keep="first")]
    if drop_straightliners:
        ep = [c for c in cols if c[0] in "EP"]
        block = out[ep]
        flat = block.notna().all(axis=1) & (block.max(axis=1) == block.min(axis=1))
        out = out[~flat]
    return out.reset_index(drop=True)

