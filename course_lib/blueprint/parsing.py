"""Reading one cell of a blueprint table or YAML step: text, lane, number, true/false flag, list of ids.

Each reader raises :class:`~course_lib.errors.CourseDataError` naming the step and
the column, so a trainee sees which cell to fix.
"""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np
import pandas as pd

from ..errors import CourseDataError, show
from ..lang import T
from .vocabulary import _LANE_ALIASES, LANES

#: How a true or false cell (fail, wait) may be written.
_TRUE = {"true", "yes", "y", "1", "x", "t", "是", "✓"}
_FALSE = {"false", "no", "n", "0", "", "f", "否", "nan", "none", "<na>"}


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return str(value).strip()


def _lane(value, sid, where) -> str:
    raw = _text(value)
    key = re.sub(r"[\s\-/]+", "_", raw.lower())
    if key in _LANE_ALIASES:
        return _LANE_ALIASES[key]
    raise CourseDataError(T("step {sid}: unknown lane {raw}", sid=repr(sid), raw=repr(raw)), column="lane",
                          expected=T("one of {names} (top to bottom)", names=", ".join(LANES)),
                          fix=T("put step {sid} in one of the five lanes", sid=repr(sid)), **where)


def _number(value, sid, column, where, default):
    if value is None or _text(value) == "":
        if default is None:
            raise CourseDataError(T("step {sid}: {column} is empty", sid=repr(sid), column=column), column=column,
                                  expected=T("a number (the column of the step, left to right)"),
                                  fix=T("give step {sid} a {column}", sid=repr(sid), column=column), **where)
        return default
    if isinstance(value, bool):
        ok = False
    else:
        try:
            number = float(value)
            ok = math.isfinite(number)
        except (TypeError, ValueError, OverflowError):  # OverflowError: an integer too large for a float
            ok = False
    if not ok:
        what = T("minutes, e.g. 2.5") if column == "duration" else T("a number such as 1, 2, 3")
        raise CourseDataError(T("step {sid}: {column} {value} is not a number", sid=repr(sid), column=column,
                                value=show(value)), column=column,
                              expected=what,
                              fix=T("write a plain number in the {column} of step {sid}", column=column, sid=repr(sid)),
                              **where)
    return number


def _flag(value, sid, column, where) -> bool:
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    text = _text(value).lower()
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        if value in (0, 1):
            return bool(value)
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CourseDataError(T("step {sid}: {column} {value} is not true or false", sid=repr(sid), column=column,
                            value=show(value)), column=column,
                          expected=T("true/false (also yes/no, 1/0, x or empty)"),
                          fix=T("write true or false in the {column} of step {sid}", column=column, sid=repr(sid)),
                          **where)


def _ids(value, sid, where) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else re.split(r"[,;，；]", _text(value))
    out = [_text(v) for v in items if _text(v)]
    dupes = sorted(v for v, n in Counter(out).items() if n > 1)  # linear: a step may list thousands
    if dupes:
        raise CourseDataError(T("step {sid}: flows to {target} more than once", sid=repr(sid), target=repr(dupes[0])),
                              column="next",
                              fix=T("list each following step once"), **where)
    return out


def _maybe_int(series: pd.Series) -> pd.Series:
    values = series.astype(float)
    if (values == values.round()).all():
        return values.astype("int64")
    return values


def _plain_number(x: float):
    return int(x) if float(x).is_integer() else float(x)

