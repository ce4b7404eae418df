"""The SERVQUAL instrument and the canonical data layout: dimensions, items, columns, input checks.

SERVQUAL (Parasuraman, Zeithaml & Berry 1988; refined 1991) has 22 items in five dimensions:
tangibles 有形性, reliability 可靠性, responsiveness 响应性, assurance 保证性 and empathy 移情性.
A survey table has one row per respondent and columns ``E1…E22`` (expectations) and ``P1…P22``
(perceptions); the zone-of-tolerance survey uses ``A…`` (adequate) and ``D…`` (desired). The
checks here raise :class:`~course_lib.errors.CourseDataError` when a table does not fit;
:func:`answer_columns` hands the computations the answer columns as arrays, without copying.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..data import to_numeric
from ..errors import CourseDataError, row_numbers, show
from ..lang import T, check_lang

__all__ = ["Dimension", "Item", "DIMENSIONS", "ITEMS", "NEGATIVE_1988", "WEIGHT_COLUMNS", "items_table",
           "item_columns", "item_numbers"]


@dataclass(frozen=True)
class Dimension:
    """One SERVQUAL dimension: key, name, item numbers, short definition.

    The name and the definition are messages (:class:`~course_lib.lang.T`), shown in any language the
    course has a catalogue for; ``en`` and ``zh`` give the two the course ships.
    """

    key: str
    name: T
    items: tuple[int, ...]
    definition: T

    def label(self, lang: str | None = None) -> str:
        return self.name.render(check_lang(lang))

    @property
    def en(self) -> str:
        return self.name.render("en")

    @property
    def zh(self) -> str:
        return self.name.render("zh")


@dataclass(frozen=True)
class Item:
    """One of the 22 items: number, dimension key, short paraphrase (a message), negatively worded in 1988."""

    number: int
    dimension: str
    text: T
    negative_1988: bool

    def label(self, lang: str | None = None) -> str:
        return self.text.render(check_lang(lang))

    @property
    def en(self) -> str:
        return self.text.render("en")

    @property
    def zh(self) -> str:
        return self.text.render("zh")


DIMENSIONS: dict[str, Dimension] = {
    "tangibles": Dimension("tangibles", T("Tangibles", context="SERVQUAL dimension"), (1, 2, 3, 4),
        T("how the facilities, equipment, staff and materials look", context="SERVQUAL dimension definition")),
    "reliability": Dimension("reliability", T("Reliability", context="SERVQUAL dimension"), (5, 6, 7, 8, 9),
        T("doing what was promised, dependably and accurately", context="SERVQUAL dimension definition")),
    "responsiveness": Dimension(
        "responsiveness", T("Responsiveness", context="SERVQUAL dimension"), (10, 11, 12, 13),
        T("willingness to help and to serve promptly", context="SERVQUAL dimension definition")),
    "assurance": Dimension("assurance", T("Assurance", context="SERVQUAL dimension"), (14, 15, 16, 17),
        T("staff knowledge and courtesy that inspire trust", context="SERVQUAL dimension definition")),
    "empathy": Dimension("empathy", T("Empathy", context="SERVQUAL dimension"), (18, 19, 20, 21, 22),
        T("caring, individual attention to each customer", context="SERVQUAL dimension definition")),
}

_ITEM_TEXT = {
    1: T("Equipment looks up to date", context="SERVQUAL item"),
    2: T("Physical facilities are visually appealing", context="SERVQUAL item"),
    3: T("Employees look neat and professional", context="SERVQUAL item"),
    4: T("Service materials (leaflets, statements) look appealing", context="SERVQUAL item"),
    5: T("Does what it promised by the promised time", context="SERVQUAL item"),
    6: T("Shows sincere interest in solving customers' problems", context="SERVQUAL item"),
    7: T("Gets the service right the first time", context="SERVQUAL item"),
    8: T("Delivers the service when it said it would", context="SERVQUAL item"),
    9: T("Keeps records free of errors", context="SERVQUAL item"),
    10: T("Tells customers exactly when service will happen", context="SERVQUAL item"),
    11: T("Serves customers promptly", context="SERVQUAL item"),
    12: T("Employees are always willing to help", context="SERVQUAL item"),
    13: T("Employees are never too busy to respond", context="SERVQUAL item"),
    14: T("Employees' behaviour builds customer confidence", context="SERVQUAL item"),
    15: T("Customers feel safe in their transactions", context="SERVQUAL item"),
    16: T("Employees are courteous every time", context="SERVQUAL item"),
    17: T("Employees know enough to answer questions", context="SERVQUAL item"),
    18: T("Gives customers individual attention", context="SERVQUAL item"),
    19: T("Opening hours suit all its customers", context="SERVQUAL item"),
    20: T("Employees give customers personal attention", context="SERVQUAL item"),
    21: T("Has customers' best interests at heart", context="SERVQUAL item"),
    22: T("Employees understand customers' specific needs", context="SERVQUAL item"),
}

#: Items worded negatively in the 1988 version (responsiveness and empathy), reverse-scored.
NEGATIVE_1988: tuple[int, ...] = (10, 11, 12, 13, 18, 19, 20, 21, 22)

_DIM_OF = {n: d.key for d in DIMENSIONS.values() for n in d.items}

ITEMS: tuple[Item, ...] = tuple(
    Item(n, _DIM_OF[n], text, n in NEGATIVE_1988) for n, text in _ITEM_TEXT.items()
)

#: Columns holding each respondent's 100-point importance allocation, by dimension.
WEIGHT_COLUMNS: dict[str, str] = {d: f"W_{d}" for d in DIMENSIONS}

_KINDS = {"E": T("Expectation"), "P": T("Perception"),
          "A": T("Adequate"), "D": T("Desired")}


def items_table(lang: str | None = None, version: int = 1991) -> pd.DataFrame:
    """The 22 items as a table: number, dimension, text (in ``lang``), reverse-scored (1988 only).

    Examples
    --------
    >>> t = items_table("zh")
    >>> t.loc[5, "dimension"], t.loc[5, "text"]
    ('可靠性', '承诺在某时间前完成的事能按时完成')
    >>> int(items_table(version=1988)["reverse_scored"].sum())
    9
    """
    lang = check_lang(lang)
    _check_version(version)
    rows = [{"item": it.number, "dimension": DIMENSIONS[it.dimension].label(lang),
             "dimension_key": it.dimension, "text": it.label(lang),
             "reverse_scored": version == 1988 and it.negative_1988} for it in ITEMS]
    return pd.DataFrame(rows).set_index("item")


def _check_version(version: int) -> None:
    if version not in (1988, 1991):
        raise CourseDataError(T("unknown SERVQUAL version {version}", version=repr(version)), column="version",
                              expected=T("1991 (all items positively worded) or 1988 (nine negatively worded items)"),
                              fix=T("pass version=1991 or version=1988"))


def _check_scale(scale) -> tuple[int, int]:
    ok = (isinstance(scale, (tuple, list)) and len(scale) == 2
          and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in scale)
          and scale[0] < scale[1])
    if not ok:
        raise CourseDataError(T("invalid scale {scale}", scale=repr(scale)), column="scale",
                              expected=T("two whole numbers (lowest, highest), e.g. (1, 7) or (1, 5)"),
                              fix=T("pass scale=(1, 7) for the original instrument or scale=(1, 5) for 5-point "
                                    "surveys"))
    return int(scale[0]), int(scale[1])


def _check_frame(df, source: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(T("expected a table (pandas DataFrame), got {type}", type=type(df).__name__),
                              source=source,
                              fix=T("load the survey with pd.read_csv / course_lib.data.read_table first"))
    if len(df) == 0:
        raise CourseDataError(T("the table has no rows"), source=source, fix=T("check the file holds the responses"))


def item_columns(df: pd.DataFrame, kinds: str = "EP") -> list[str]:
    """The SERVQUAL item columns of ``df`` (``E1``…``P22``, ``A``/``D`` for the zone survey), in order.

    Examples
    --------
    >>> import pandas as pd
    >>> item_columns(pd.DataFrame(columns=["id", "P2", "E10", "E2", "P10"]))
    ['E2', 'E10', 'P2', 'P10']
    """
    pat = re.compile(rf"^[{kinds}](\d{{1,2}})$")
    cols = [c for c in df.columns if isinstance(c, str) and pat.match(c) and 1 <= int(c[1:]) <= 22]
    return sorted(cols, key=lambda c: ("EPAD".index(c[0]), int(c[1:])))


def item_numbers(df: pd.DataFrame, kinds: str = "EP", source: str = "survey") -> list[int]:
    """Item numbers asked for every kind in ``kinds`` (e.g. both E and P); a CourseDataError if an item
    lacks its partner column or there are no item columns at all.

    Examples
    --------
    >>> import pandas as pd
    >>> item_numbers(pd.DataFrame(columns=["E1", "P1", "E5", "P5"]))
    [1, 5]
    """
    sets = {k: {int(c[1:]) for c in item_columns(df, k)} for k in kinds}
    allnum = set().union(*sets.values())
    if not allnum:
        names = {"E": "E1…E22", "P": "P1…P22", "A": "A1…A22", "D": "D1…D22"}
        raise CourseDataError(T("no SERVQUAL item columns found"), source=source,
                              expected=T("columns {names}", names=" and ".join(names[k] for k in kinds)),
                              fix=T("rename the item columns, or run servqual.prepare(df, mapping=…) first"))
    for k, s in sets.items():
        missing = sorted(allnum - s)
        if missing:
            raise CourseDataError(T("items without a matching {k} column", k=k), source=source,
                                  column=[f"{k}{n}" for n in missing],
                                  expected=T("each item asked as {kinds}", kinds=' and '.join(kinds)),
                                  fix=T("add the missing columns, or drop the unmatched item from every kind"))
    return sorted(allnum)


def _dims_present(numbers: Sequence[int]) -> list[tuple[str, list[int]]]:
    """(dimension key, column positions within ``numbers``) for each dimension with items present."""
    pos = {n: i for i, n in enumerate(numbers)}
    return [(d.key, [pos[n] for n in d.items if n in pos]) for d in DIMENSIONS.values()
            if any(n in pos for n in d.items)]


def _dim_label(key: str, lang: str) -> str:
    return DIMENSIONS[key].label(lang) if key in DIMENSIONS else str(key)


def _check_range(columns: Mapping[str, np.ndarray], lo: float, hi: float, source: str) -> None:
    """Raise for the first column holding answers outside ``lo…hi`` or not whole, naming all its rows."""
    for col, values in columns.items():
        v = np.asarray(values, dtype="float64")
        bad = (v < lo) | (v > hi) | ((v != np.round(v)) & ~np.isnan(v))
        if bad.any():
            first = int(np.flatnonzero(bad)[0])
            raise CourseDataError(T("answers outside the scale, such as {value}", value=show(values[first])),
                                  source=source, row=row_numbers(bad), column=col,
                                  expected=T("whole numbers from {lo} to {hi}", lo=lo, hi=hi),
                                  fix=T("correct the answers, set them to empty (NaN), or pass the survey's "
                                        "scale=(low, high)"))


def answer_columns(df: pd.DataFrame, cols: Sequence[str], source: str) -> list[np.ndarray]:
    """The columns ``cols`` of ``df`` as 1-D numeric arrays.

    Numpy columns are returned as they are (a view, no copy); text columns are converted with
    :func:`course_lib.data.to_numeric` (which names the bad cells); nullable columns become float64
    with NaN.
    """
    nonnum = [c for c in cols if df[c].dtype.kind not in "biuf"]
    conv = to_numeric(df[nonnum], nonnum, source=source) if nonnum else None
    out = []
    for c in cols:
        s = conv[c] if c in nonnum else df[c]
        if isinstance(s.dtype, np.dtype) and s.dtype.kind in "biuf":
            out.append(s.to_numpy())
        else:
            out.append(s.to_numpy(dtype="float64", na_value=np.nan))
    return out
