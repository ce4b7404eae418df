"""Reading survey exports into the canonical wide table: Likert labels, headers, long tables, 1988 items.

Survey tools export other headers (``期望5``, ``exp_5``, ``Perception 5`` …), answer text
(``非常同意``, ``agree``) and sometimes one row per answer. :func:`prepare` turns such an export
into numeric ``E1…``/``P1…`` columns; :func:`likert_map`, :func:`standardize_columns` and
:func:`from_long` are its steps.
"""

from __future__ import annotations

import re
from typing import Mapping

import pandas as pd

from ..data import to_numeric
from ..errors import CourseDataError, row_numbers, show
from ..lang import T
from .model import NEGATIVE_1988, _check_frame, _check_range, _check_scale, _check_version, item_columns

__all__ = ["likert_map", "standardize_columns", "from_long", "prepare"]


_LIKERT_7 = {
    1: ("strongly disagree", "非常不同意", "完全不同意"),
    2: ("disagree", "不同意"),
    3: ("somewhat disagree", "slightly disagree", "有点不同意", "比较不同意"),
    4: ("neutral", "neither agree nor disagree", "一般", "中立", "说不清"),
    5: ("somewhat agree", "slightly agree", "有点同意", "比较同意"),
    6: ("agree", "同意"),
    7: ("strongly agree", "非常同意", "完全同意"),
}
_LIKERT_5 = {
    1: ("strongly disagree", "非常不同意", "完全不同意"),
    2: ("disagree", "不同意"),
    3: ("neutral", "neither agree nor disagree", "一般", "中立", "说不清"),
    4: ("agree", "同意"),
    5: ("strongly agree", "非常同意", "完全同意"),
}


def likert_map(scale=(1, 7)) -> dict[str, int]:
    """Answer text → number for 7- or 5-point agreement scales (English and Chinese, lower case).

    Examples
    --------
    >>> likert_map()["非常同意"], likert_map((1, 5))["strongly agree"], likert_map()["neutral"]
    (7, 5, 4)
    """
    lo, hi = _check_scale(scale)
    if (lo, hi) == (1, 7):
        table = _LIKERT_7
    elif (lo, hi) == (1, 5):
        table = _LIKERT_5
    else:
        raise CourseDataError(T("no built-in answer labels for the scale {lo}–{hi}", lo=lo, hi=hi), column="scale",
                              expected=T("scale (1, 7) or (1, 5)"),
                              fix=T("pass likert={'label': number, …} with your survey's own labels"))
    return {label: value for value, labels in table.items() for label in labels}


_PREFIX = {
    "E": ("e", "exp", "expectation", "期望", "预期", "期望值"),
    "P": ("p", "per", "perception", "感知", "实际", "实际感受", "感知值"),
    "A": ("a", "adequate", "最低", "最低可接受", "适当", "可接受"),
    "D": ("d", "desired", "理想", "渴望"),
}
_HEADER = re.compile(r"^\s*([^\d\s_\-.:：()（）]+?)\s*[_\-.:：()（）]?\s*(?:q|Q|第)?\s*(\d{1,2})\s*(?:题|[)）])?\s*$")


def standardize_columns(df: pd.DataFrame, mapping: Mapping[str, str] | None = None, *,
                        source: str = "survey") -> pd.DataFrame:
    """Rename survey columns to the canonical ``E1…``, ``P1…``, ``A1…``, ``D1…`` names.

    ``mapping`` (your header → canonical name) is applied first; remaining headers
    such as ``e_5``, ``Exp 5``, ``期望5``, ``感知_5``, ``期望Q5`` are recognised.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame(columns=["编号", "期望1", "感知1", "exp_2", "Perception 2"])
    >>> list(standardize_columns(df, {"编号": "respondent"}).columns)
    ['respondent', 'E1', 'P1', 'E2', 'P2']
    """
    if not isinstance(df, pd.DataFrame):
        _check_frame(df, source)
    mapping = dict(mapping or {})
    unknown = [k for k in mapping if k not in df.columns]
    if unknown:
        raise CourseDataError(T("the column mapping names columns that are not in the table"), source=source,
                              column=unknown, expected=T("keys that are headers of your file: {headers}",
                                                         headers=", ".join(map(str, list(df.columns)[:10]))),
                              fix=T("copy the headers exactly (spaces and case matter) into the mapping"))
    lookup = {p: kind for kind, prefixes in _PREFIX.items() for p in prefixes}
    new = {}
    for col in df.columns:
        if col in mapping:
            new[col] = mapping[col]
            continue
        m = _HEADER.match(str(col))
        if m and m.group(1).strip().lower() in lookup and 1 <= int(m.group(2)) <= 22:
            new[col] = f"{lookup[m.group(1).strip().lower()]}{int(m.group(2))}"
        else:
            new[col] = col
    targets = pd.Series(list(new.values()))
    dup = sorted(set(targets[targets.duplicated()]))
    if dup:
        clash = [c for c, t in new.items() if t in dup]
        raise CourseDataError(T("several columns would become {dup}", dup=repr(dup[0])), source=source, column=clash,
                              expected=T("one column per item and kind (E/P)"),
                              fix=T("pass a mapping that names each column once, or drop the extra column"))
    return df.rename(columns=new)


def from_long(df: pd.DataFrame, *, respondent: str = "respondent", item: str = "item", kind: str = "kind",
              score: str = "score", source: str = "survey") -> pd.DataFrame:
    """Long table (respondent, item, kind E/P, score) → canonical wide table.

    Examples
    --------
    >>> import pandas as pd
    >>> long = pd.DataFrame({"respondent": [1, 1, 2, 2], "item": [5, 5, 5, 5],
    ...                      "kind": ["E", "P", "期望", "感知"], "score": [7, 5, 6, 6]})
    >>> from_long(long)
       respondent  E5  P5
    0           1   7   5
    1           2   6   6
    """
    _check_frame(df, source)
    from ..data import require_columns
    require_columns(df, [respondent, item, kind, score], source=source,
                    fix=f"name the columns or pass respondent=, item=, kind=, score= (now: {list(df.columns)})")
    kinds = {"e": "E", "p": "P", "a": "A", "d": "D", "expectation": "E", "perception": "P",
             "期望": "E", "感知": "P", "预期": "E", "实际": "P", "adequate": "A", "desired": "D"}
    k = df[kind].astype("string").str.strip().str.lower().map(kinds)
    bad = k.isna()
    if bad.any():
        raise CourseDataError(T("unknown kind {value}", value=show(df[kind][bad].iloc[0])), source=source,
                              row=row_numbers(bad), column=kind,
                              expected=T("E/P (or 期望/感知, A/D for zone of tolerance)"),
                              fix=T("label each answer as expectation (E) or perception (P)"))
    num = pd.to_numeric(df[item], errors="coerce")
    bad = num.isna() | (num != num.round()) | (num < 1) | (num > 22)
    if bad.any():
        raise CourseDataError(T("invalid item number {value}", value=show(df[item][bad].iloc[0])), source=source,
                              row=row_numbers(bad),
                              column=item, expected=T("item numbers 1 to 22"),
                              fix=T("write the item number only, e.g. 5"))
    name = k + num.astype("int64").astype("string")
    key = pd.DataFrame({"r": df[respondent], "c": name})
    dup = key.duplicated(keep=False)
    if dup.any():
        raise CourseDataError(T("the same respondent answered the same item twice"), source=source,
                              row=row_numbers(dup),
                              column=[respondent, item, kind], expected=T("one answer per respondent, item and kind"),
                              fix=T("remove the duplicated answers (keep the latest submission)"))
    wide = (pd.DataFrame({respondent: df[respondent].to_numpy(), "col": name.to_numpy(),
                          "v": df[score].to_numpy()})
            .pivot(index=respondent, columns="col", values="v"))
    order = sorted(wide.columns, key=lambda c: ("EPAD".index(c[0]) * 100 + int(c[1:])))
    wide = wide[order].reset_index()
    wide.columns.name = None
    return wide


def prepare(df: pd.DataFrame, *, mapping: Mapping[str, str] | None = None, likert: Mapping[str, int] | None = None,
            scale=(1, 7), version: int = 1991, source: str = "survey") -> pd.DataFrame:
    """Turn a survey export into the canonical numeric wide table.

    Renames headers (:func:`standardize_columns`), maps Likert answer text to
    numbers (``likert``, default :func:`likert_map` for the scale; matching ignores
    case and spaces), converts item columns to numbers, checks the range and,
    for ``version=1988``, reverse-scores the negatively worded items
    (``x' = low + high − x``). Errors are :class:`CourseDataError`.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"期望10": ["非常同意", "同意"], "感知10": ["不同意", "一般"]})
    >>> prepare(raw, version=1988)
        E10  P10
    0   1.0  6.0
    1   2.0  4.0
    """
    lo, hi = _check_scale(scale)
    _check_version(version)
    out = standardize_columns(df, mapping, source=source)
    cols = item_columns(out, "EPAD")
    if not cols:
        raise CourseDataError(T("no SERVQUAL item columns found"), source=source,
                              expected=T("columns E1…E22 and P1…P22 (or 期望1…/感知1…)"),
                              fix=T("rename the item columns or pass mapping={'your header': 'E1', …}"))
    if likert is None:
        likert = likert_map((lo, hi)) if (lo, hi) in ((1, 7), (1, 5)) else {}
    labels = {str(k).strip().lower(): v for k, v in likert.items()}
    out = out.copy()
    for c in cols:
        if out[c].dtype.kind not in "biuf":
            text = out[c].astype("string").str.strip()
            mapped = text.str.lower().map(labels)
            out[c] = mapped.where(mapped.notna(), text).astype(object)
    out = to_numeric(out, cols, source=source)
    for c in cols:
        out[c] = out[c].astype("float64")
    _check_range({c: out[c].to_numpy() for c in cols}, lo, hi, source)
    if version == 1988:
        rev = [c for c in cols if c[0] in "EP" and int(c[1:]) in NEGATIVE_1988]
        out[rev] = (lo + hi) - out[rev]
    return out


def _text_to_num(s: pd.Series, labels: Mapping[str, int]) -> pd.Series:
    """Text answers → float: known labels (case-insensitive) mapped, other text parsed as numbers (NaN if not)."""
    text = s.astype("string").str.strip()
    mapped = pd.to_numeric(text.str.lower().map(dict(labels)), errors="coerce").astype("float64")
    parsed = pd.to_numeric(text.astype(object).where(text.notna(), None), errors="coerce").astype("float64")
    return mapped.where(mapped.notna(), parsed)

