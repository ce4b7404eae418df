"""The one error type a trainee sees when data is wrong.

Every reader and validator in :mod:`course_lib` raises :class:`CourseDataError`
instead of letting a pandas or YAML traceback escape. The message names the
source (file or table), the row and column when known, what was expected and
how to fix it, so a trainee can act on it without reading library code.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .lang import T, pick

__all__ = ["CourseDataError", "row_numbers", "show"]


def row_numbers(mask: Any, *, start: int = 0) -> list[int]:
    """The 1-based data-row numbers (header excluded) where ``mask`` is true.

    ``start`` is the 0-based position of the mask's first element in the whole table, for
    code that checks a table in chunks. This is the one way the course turns positions
    into the row numbers a spreadsheet user sees.

    Examples
    --------
    >>> row_numbers([False, True, False, True])
    [2, 4]
    >>> row_numbers([True, False], start=100)
    [101]
    """
    return (np.flatnonzero(np.asarray(mask)) + 1 + start).tolist()


def show(value: Any) -> str:
    """A value as a trainee reads it in a message: whole numbers without ``.0``.

    Examples
    --------
    >>> show(8.0), show(2.5), show(np.int8(3)), show("x"), show(float("nan")), show(float("inf"))
    ('8', '2.5', '3', "'x'", 'nan', 'inf')
    >>> show(10 ** 5000)
    'a number of about 5001 digits'

    Every message is bounded: a value, header or file name is cut to a few hundred characters.
    """
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, numbers.Integral):
        value = int(value)
        if abs(value).bit_length() > 200:  # str() of a 5,000-digit number raises; nobody reads it anyway
            return f"a number of about {int(abs(value).bit_length() * 0.30103) + 1} digits"
        return str(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        if not np.isfinite(value):
            return str(value)
        return str(int(value)) if value.is_integer() else f"{value:g}" if abs(value) >= 1e6 else repr(round(value, 6))
    return _clip(repr(value))


#: The longest value, header or sentence a message shows (a 100,000-character header, or a YAML value
#: holding a million aliases, must not make a message longer than the file).
MAX_SHOWN = 200


def _clip(text: str, limit: int = MAX_SHOWN) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with "… (N characters)".

    Examples
    --------
    >>> _clip("abc"), _clip("x" * 500, 10)
    ('abc', 'xxxxxxxxx… (500 characters)')
    """
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit - 1]}… ({len(text):,} characters)"


class CourseDataError(ValueError):
    """Bad input data, explained in one clear message.

    Parameters
    ----------
    problem : str or T
        What is wrong, in one sentence (a :class:`~course_lib.lang.T` message is shown in the
        notebook's language; so are ``expected`` and ``fix``, and the words around them).
    source : str, optional
        The file name or table the data came from.
    row : int or sequence, optional
        The 1-based data row(s) (as a spreadsheet user counts them, header excluded).
    column : str or sequence, optional
        The column(s) concerned.
    expected : str or T, optional
        What the data should look like.
    fix : str or T, optional
        How to fix it.

    Examples
    --------
    >>> err = CourseDataError("value out of range", source="survey.csv", row=3,
    ...                       column="P5", expected="an integer from 1 to 7",
    ...                       fix="correct the answer or leave the cell empty")
    >>> print(err)
    survey.csv, row 3, column 'P5': value out of range
      expected: an integer from 1 to 7
      fix: correct the answer or leave the cell empty
    >>> isinstance(err, ValueError)
    True
    >>> from course_lib.lang import T
    >>> print(CourseDataError(T("empty cells"), source="survey.csv", row=[2, 5], column="P5",
    ...                       fix=T("fill in the missing values or drop those rows"), lang="zh"))
    survey.csv，第 2, 5 行，列“P5”：有空单元格
      修改方法：补上缺失的值，或删除这些行
    """

    def __init__(
        self,
        problem: str | T,
        *,
        source: str | None = None,
        row: Any = None,
        column: Any = None,
        expected: str | T | None = None,
        fix: str | T | None = None,
        lang: str | None = None,
    ) -> None:
        self.lang = lang = _lang(lang)
        self.problem = pick(problem, lang)
        self.source = None if source is None else str(source)
        self.row = row
        self.column = column
        self.expected = None if expected is None else pick(expected, lang)
        self.fix = None if fix is None else pick(fix, lang)
        super().__init__(self._render())

    @staticmethod
    def _many(values: Any, limit: int = 8) -> str:
        if isinstance(values, str):
            return values
        if isinstance(values, numbers.Number):
            return show(values)
        values = list(values)
        shown = ", ".join(_clip(v, 120) if isinstance(v, str) else show(v) for v in values[:limit])
        if len(values) > limit:
            shown += f" … ({len(values)} in all)"
        return shown

    def _render(self) -> str:
        where = []
        if self.source:
            where.append(_clip(self.source))
        if self.row is not None:
            single = isinstance(self.row, (numbers.Number, str)) or len(list(self.row)) == 1
            text = T("row {rows}", context="error") if single else T("rows {rows}", context="error")
            where.append(text.render(self.lang).format(rows=self._many(self.row)))
        if self.column is not None:
            if isinstance(self.column, str):
                text = T("column '{column}'", context="error")
                where.append(text.render(self.lang).format(column=_clip(self.column, 80)))
            else:
                text = T("columns {columns}", context="error")
                where.append(text.render(self.lang).format(
                    columns=self._many([f"'{_clip(c, 80)}'" for c in self.column])))
        comma, colon = (T(", ", context="error").render(self.lang), T(": ", context="error").render(self.lang))
        head = (comma.join(where) + colon if where else "") + _clip(self.problem, 1000)
        lines = [head]
        if self.expected:
            lines.append("  " + T("expected: {text}", context="error").render(self.lang).format(
                text=_clip(self.expected, 1000)))
        if self.fix:
            lines.append("  " + T("fix: {text}", context="error").render(self.lang).format(
                text=_clip(self.fix, 1000)))
        return "\n".join(lines)

    def __reduce__(self):  # keep the error picklable across worker processes
        return (_rebuild, (self.problem, self.source, self.row, self.column, self.expected, self.fix, self.lang))


def _lang(lang: str | None) -> str:
    """The language of a message: ``lang``, else the notebook's (English if that cannot be told)."""
    from .lang import check_lang

    try:
        return check_lang(lang)
    except ValueError:
        return "en"


def _rebuild(problem, source, row, column, expected, fix, lang=None):
    return CourseDataError(problem, source=source, row=row, column=column, expected=expected, fix=fix, lang=lang)
