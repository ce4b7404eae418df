"""The one error type a trainee sees when data is wrong.

Every reader and validator in :mod:`course_lib` raises :class:`CourseDataError`
instead of letting a pandas or YAML traceback escape. The message names the
source (file or table), the row and column when known, what was expected and
how to fix it, so a trainee can act on it without reading library code.
"""

from __future__ import annotations

from typing import Any

__all__ = ["CourseDataError"]


class CourseDataError(ValueError):
    """Bad input data, explained in one clear message.

    Parameters
    ----------
    problem : str
        What is wrong, in one sentence.
    source : str, optional
        The file name or table the data came from.
    row : int or sequence, optional
        The 1-based data row(s) (as a spreadsheet user counts them, header excluded).
    column : str or sequence, optional
        The column(s) concerned.
    expected : str, optional
        What the data should look like.
    fix : str, optional
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
    """

    def __init__(
        self,
        problem: str,
        *,
        source: str | None = None,
        row: Any = None,
        column: Any = None,
        expected: str | None = None,
        fix: str | None = None,
    ) -> None:
        self.problem = problem
        self.source = None if source is None else str(source)
        self.row = row
        self.column = column
        self.expected = expected
        self.fix = fix
        super().__init__(self._render())

    @staticmethod
    def _many(values: Any, limit: int = 8) -> str:
        if isinstance(values, (str, int)):
            return str(values)
        values = list(values)
        shown = ", ".join(str(v) for v in values[:limit])
        if len(values) > limit:
            shown += f" … ({len(values)} in all)"
        return shown

    def _render(self) -> str:
        where = []
        if self.source:
            where.append(self.source)
        if self.row is not None:
            single = isinstance(self.row, (int, str)) or len(list(self.row)) == 1
            label = "row" if single else "rows"
            where.append(f"{label} {self._many(self.row)}")
        if self.column is not None:
            if isinstance(self.column, str):
                where.append(f"column '{self.column}'")
            else:
                where.append("columns " + self._many([f"'{c}'" for c in self.column]))
        head = (", ".join(where) + ": " if where else "") + self.problem
        lines = [head]
        if self.expected:
            lines.append(f"  expected: {self.expected}")
        if self.fix:
            lines.append(f"  fix: {self.fix}")
        return "\n".join(lines)

    def __reduce__(self):  # keep the error picklable across worker processes
        return (_rebuild, (self.problem, self.source, self.row, self.column, self.expected, self.fix))


def _rebuild(problem, source, row, column, expected, fix):
    return CourseDataError(problem, source=source, row=row, column=column, expected=expected, fix=fix)
