"""SERVQUAL: the instrument, gap analysis, reliability, IPA and the zone of tolerance.

SERVQUAL (Parasuraman, Zeithaml & Berry 1988; refined 1991) measures service
quality as the gap between what customers expect (E) and what they perceive (P)
on 22 items grouped in five dimensions: tangibles 有形性, reliability 可靠性,
responsiveness 响应性, assurance 保证性 and empathy 移情性.

Data layout ("canonical wide"): one row per respondent, columns ``E1…E22`` and
``P1…P22`` (a subset of items is allowed as long as E and P match), optional
``respondent`` and ``segment`` columns, and optional 100-point importance
allocations ``W_tangibles … W_empathy``. :func:`prepare` turns survey-tool
exports (other headers, Chinese headers, Likert answer text, long tables, the
1988 negatively worded items) into that layout. The zone-of-tolerance survey
uses ``A1…`` (adequate), ``D1…`` (desired) and ``P1…`` (perceived).

Every function validates its input and raises
:class:`~course_lib.errors.CourseDataError` naming row, column, expectation and fix.

Examples
--------
>>> import pandas as pd
>>> from course_lib import servqual as sq
>>> df = pd.DataFrame({"E5": [7, 6], "P5": [5, 6], "E6": [6, 6], "P6": [4, 7]})
>>> sq.gap_scores(df).dimensions["gap"].round(2).to_dict()
{'reliability': -0.75}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from . import style
from .data import to_numeric
from .errors import CourseDataError

__all__ = [
    "Dimension", "Item", "DIMENSIONS", "ITEMS", "NEGATIVE_1988", "WEIGHT_COLUMNS",
    "items_table", "item_columns", "item_numbers", "likert_map", "standardize_columns", "from_long", "prepare",
    "validate_responses", "clean", "Gaps", "gap_scores", "ServqualScore", "servqual_score",
    "Alpha", "cronbach_alpha", "Reliability", "reliability", "gap_significance",
    "Zone", "zone_of_tolerance", "IPA", "ipa", "QUADRANTS", "Analysis", "analyze",
    "plot_radar", "plot_gaps", "plot_ipa", "plot_zone",
    "allocator", "gap_explorer", "self_assessment", "rebalance",
]


# =========================================================================== the instrument
@dataclass(frozen=True)
class Dimension:
    """One SERVQUAL dimension: key, English and Chinese names, item numbers, short definition."""

    key: str
    en: str
    zh: str
    items: tuple[int, ...]
    definition_en: str
    definition_zh: str

    def label(self, lang: str = "en") -> str:
        return style.pick({"en": self.en, "zh": self.zh}, lang)


@dataclass(frozen=True)
class Item:
    """One of the 22 items: number, dimension key, short paraphrase (en, zh), negatively worded in 1988."""

    number: int
    dimension: str
    en: str
    zh: str
    negative_1988: bool

    def label(self, lang: str = "en") -> str:
        return style.pick({"en": self.en, "zh": self.zh}, lang)


DIMENSIONS: dict[str, Dimension] = {
    "tangibles": Dimension("tangibles", "Tangibles", "有形性", (1, 2, 3, 4),
                           "how the facilities, equipment, staff and materials look",
                           "设施、设备、员工形象和资料等看得见的部分"),
    "reliability": Dimension("reliability", "Reliability", "可靠性", (5, 6, 7, 8, 9),
                             "doing what was promised, dependably and accurately",
                             "可靠而准确地兑现所承诺的服务"),
    "responsiveness": Dimension("responsiveness", "Responsiveness", "响应性", (10, 11, 12, 13),
                                "willingness to help and to serve promptly",
                                "愿意帮助顾客并迅速提供服务"),
    "assurance": Dimension("assurance", "Assurance", "保证性", (14, 15, 16, 17),
                           "staff knowledge and courtesy that inspire trust",
                           "员工的知识和礼貌让顾客信任、放心"),
    "empathy": Dimension("empathy", "Empathy", "移情性", (18, 19, 20, 21, 22),
                         "caring, individual attention to each customer",
                         "关心顾客并给予个性化的关注"),
}

_ITEM_TEXT = {
    1: ("Equipment looks up to date", "设备看起来现代、新颖"),
    2: ("Physical facilities are visually appealing", "营业场所的设施外观吸引人"),
    3: ("Employees look neat and professional", "员工衣着整洁、形象专业"),
    4: ("Service materials (leaflets, statements) look appealing", "与服务有关的资料（单据、宣传册）美观"),
    5: ("Does what it promised by the promised time", "承诺在某时间前完成的事能按时完成"),
    6: ("Shows sincere interest in solving customers' problems", "顾客遇到问题时真诚地帮助解决"),
    7: ("Gets the service right the first time", "第一次就把服务做对"),
    8: ("Delivers the service when it said it would", "在承诺的时间提供服务"),
    9: ("Keeps records free of errors", "记录准确无误"),
    10: ("Tells customers exactly when service will happen", "明确告诉顾客服务什么时候进行"),
    11: ("Serves customers promptly", "员工迅速地为顾客服务"),
    12: ("Employees are always willing to help", "员工总是乐意帮助顾客"),
    13: ("Employees are never too busy to respond", "员工再忙也会回应顾客的请求"),
    14: ("Employees' behaviour builds customer confidence", "员工的言行让顾客有信心"),
    15: ("Customers feel safe in their transactions", "顾客在交易中感到安全"),
    16: ("Employees are courteous every time", "员工始终以礼待客"),
    17: ("Employees know enough to answer questions", "员工有足够的知识回答顾客的问题"),
    18: ("Gives customers individual attention", "给予每位顾客个别的关注"),
    19: ("Opening hours suit all its customers", "营业时间方便所有顾客"),
    20: ("Employees give customers personal attention", "员工给予顾客个人化的关心"),
    21: ("Has customers' best interests at heart", "把顾客的利益放在心上"),
    22: ("Employees understand customers' specific needs", "员工了解顾客的具体需要"),
}

#: Items worded negatively in the 1988 version (responsiveness and empathy), reverse-scored.
NEGATIVE_1988: tuple[int, ...] = (10, 11, 12, 13, 18, 19, 20, 21, 22)

_DIM_OF = {n: d.key for d in DIMENSIONS.values() for n in d.items}

ITEMS: tuple[Item, ...] = tuple(
    Item(n, _DIM_OF[n], en, zh, n in NEGATIVE_1988) for n, (en, zh) in _ITEM_TEXT.items()
)

#: Columns holding each respondent's 100-point importance allocation, by dimension.
WEIGHT_COLUMNS: dict[str, str] = {d: f"W_{d}" for d in DIMENSIONS}

_KINDS = {"E": {"en": "Expectation", "zh": "期望"}, "P": {"en": "Perception", "zh": "感知"},
          "A": {"en": "Adequate", "zh": "最低可接受"}, "D": {"en": "Desired", "zh": "理想"}}


def items_table(lang: str = "en", version: int = 1991) -> pd.DataFrame:
    """The 22 items as a table: number, dimension, text (in ``lang``), reverse-scored (1988 only).

    Examples
    --------
    >>> t = items_table("zh")
    >>> t.loc[5, "dimension"], t.loc[5, "text"]
    ('可靠性', '承诺在某时间前完成的事能按时完成')
    >>> int(items_table(version=1988)["reverse_scored"].sum())
    9
    """
    style.check_lang(lang)
    _check_version(version)
    rows = [{"item": it.number, "dimension": DIMENSIONS[it.dimension].label(lang),
             "dimension_key": it.dimension, "text": it.label(lang),
             "reverse_scored": version == 1988 and it.negative_1988} for it in ITEMS]
    return pd.DataFrame(rows).set_index("item")


def _check_version(version: int) -> None:
    if version not in (1988, 1991):
        raise CourseDataError(f"unknown SERVQUAL version {version!r}", column="version",
                              expected="1991 (all items positively worded) or 1988 (nine negatively worded items)",
                              fix="pass version=1991 or version=1988")


def _check_scale(scale) -> tuple[int, int]:
    ok = (isinstance(scale, (tuple, list)) and len(scale) == 2
          and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in scale)
          and scale[0] < scale[1])
    if not ok:
        raise CourseDataError(f"invalid scale {scale!r}", column="scale",
                              expected="two whole numbers (lowest, highest), e.g. (1, 7) or (1, 5)",
                              fix="pass scale=(1, 7) for the original instrument or scale=(1, 5) for 5-point surveys")
    return int(scale[0]), int(scale[1])


# =========================================================================== reading survey exports
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
        raise CourseDataError(f"no built-in answer labels for the scale {lo}–{hi}", column="scale",
                              expected="scale (1, 7) or (1, 5)",
                              fix="pass likert={'label': number, …} with your survey's own labels")
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
        raise CourseDataError("the column mapping names columns that are not in the table", source=source,
                              column=unknown, expected="keys that are headers of your file: "
                              + ", ".join(map(str, list(df.columns)[:10])),
                              fix="copy the headers exactly (spaces and case matter) into the mapping")
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
        raise CourseDataError(f"several columns would become {dup[0]!r}", source=source, column=clash,
                              expected="one column per item and kind (E/P)",
                              fix="pass a mapping that names each column once, or drop the extra column")
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
    from .data import require_columns
    require_columns(df, [respondent, item, kind, score], source=source,
                    fix=f"name the columns or pass respondent=, item=, kind=, score= (now: {list(df.columns)})")
    kinds = {"e": "E", "p": "P", "a": "A", "d": "D", "expectation": "E", "perception": "P",
             "期望": "E", "感知": "P", "预期": "E", "实际": "P", "adequate": "A", "desired": "D"}
    k = df[kind].astype("string").str.strip().str.lower().map(kinds)
    bad = k.isna()
    if bad.any():
        raise CourseDataError(f"unknown kind {_show(df[kind][bad].iloc[0])}", source=source,
                              row=_rows(bad), column=kind, expected="E/P (or 期望/感知, A/D for zone of tolerance)",
                              fix="label each answer as expectation (E) or perception (P)")
    num = pd.to_numeric(df[item], errors="coerce")
    bad = num.isna() | (num != num.round()) | (num < 1) | (num > 22)
    if bad.any():
        raise CourseDataError(f"invalid item number {_show(df[item][bad].iloc[0])}", source=source, row=_rows(bad),
                              column=item, expected="item numbers 1 to 22", fix="write the item number only, e.g. 5")
    name = k + num.astype("int64").astype("string")
    key = pd.DataFrame({"r": df[respondent], "c": name})
    dup = key.duplicated(keep=False)
    if dup.any():
        raise CourseDataError("the same respondent answered the same item twice", source=source, row=_rows(dup),
                              column=[respondent, item, kind], expected="one answer per respondent, item and kind",
                              fix="remove the duplicated answers (keep the latest submission)")
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
        raise CourseDataError("no SERVQUAL item columns found", source=source,
                              expected="columns E1…E22 and P1…P22 (or 期望1…/感知1…)",
                              fix="rename the item columns or pass mapping={'your header': 'E1', …}")
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
    _check_range(out, cols, lo, hi, source)
    if version == 1988:
        rev = [c for c in cols if c[0] in "EP" and int(c[1:]) in NEGATIVE_1988]
        out[rev] = (lo + hi) - out[rev]
    return out


# =========================================================================== validation
def _check_frame(df, source: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(f"expected a table (pandas DataFrame), got {type(df).__name__}", source=source,
                              fix="load the survey with pd.read_csv / course_lib.data.read_table first")
    if len(df) == 0:
        raise CourseDataError("the table has no rows", source=source, fix="check the file holds the responses")


def _text_to_num(s: pd.Series, labels: Mapping[str, int]) -> pd.Series:
    """Text answers → float: known labels (case-insensitive) mapped, other text parsed as numbers (NaN if not)."""
    text = s.astype("string").str.strip()
    mapped = pd.to_numeric(text.str.lower().map(dict(labels)), errors="coerce").astype("float64")
    parsed = pd.to_numeric(text.astype(object).where(text.notna(), None), errors="coerce").astype("float64")
    return mapped.where(mapped.notna(), parsed)


def _rows(mask):
    """1-based row numbers where ``mask`` is true (a single int when there is one)."""
    rows = (np.flatnonzero(np.asarray(mask)) + 1).tolist()
    return rows[0] if len(rows) == 1 else rows


def _show(value) -> str:
    return repr(value.item() if isinstance(value, np.generic) else value)


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
        raise CourseDataError("no SERVQUAL item columns found", source=source,
                              expected="columns " + " and ".join(names[k] for k in kinds),
                              fix="rename the item columns, or run servqual.prepare(df, mapping=…) first")
    for k, s in sets.items():
        missing = sorted(allnum - s)
        if missing:
            raise CourseDataError(f"items without a matching {k} column", source=source,
                                  column=[f"{k}{n}" for n in missing],
                                  expected=f"each item asked as {' and '.join(kinds)}",
                                  fix="add the missing columns, or drop the unmatched item from every kind")
    return sorted(allnum)


def _check_range(df: pd.DataFrame, cols: Sequence[str], lo: float, hi: float, source: str) -> None:
    values = df[list(cols)].to_numpy(dtype="float64", na_value=np.nan)
    bad = (values < lo) | (values > hi) | ((values != np.round(values)) & ~np.isnan(values))
    if bad.any():
        j = int(np.flatnonzero(bad.any(axis=0))[0])
        col = cols[j]
        rows = _rows(bad[:, j])
        first = int(np.flatnonzero(bad[:, j])[0])
        raise CourseDataError(f"answers outside the scale, such as {_show(df[col].iloc[first])}",
                              source=source, row=rows, column=col,
                              expected=f"whole numbers from {lo} to {hi}",
                              fix="correct the answers, set them to empty (NaN), or pass the survey's scale=(low, high)")


def _block(df: pd.DataFrame, kind: str, numbers: Sequence[int], scale, source: str) -> np.ndarray:
    """Validated float64 array of the columns ``kind+number``."""
    lo, hi = scale
    cols = [f"{kind}{n}" for n in numbers]
    sub = df[cols]
    nonnum = [c for c in cols if sub[c].dtype.kind not in "biuf"]
    if nonnum:
        sub = to_numeric(sub, nonnum, source=source)
    _check_range(sub, cols, lo, hi, source)
    return sub.to_numpy(dtype="float64", na_value=np.nan)


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
        raise CourseDataError(f"errors={errors!r} is not an option", column="errors",
                              expected="'report' (a table of problems) or 'raise'", fix="pass errors='report' or 'raise'")
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
            rows = rows[0] if len(rows) == 1 else rows
            what = {"non-numeric": (f"answers that are not numbers, such as {_show(sel['value'].iloc[0])}",
                                    f"numbers from {lo} to {hi} or answer labels such as 'agree'",
                                    "correct the typing or map your labels with prepare(df, likert={…})"),
                    "out of range": (f"answers outside the scale, such as {_show(sel['value'].iloc[0])}",
                                     f"whole numbers from {lo} to {hi}",
                                     "correct them, set them to empty, or pass the survey's scale=(low, high)"),
                    "missing": ("missing answers", "an answer in every item cell",
                                "fill them in, or allow missing answers (allow_missing=True)"),
                    "duplicate": ("duplicated respondents", "each respondent once",
                                  "keep one submission per respondent (e.g. df.drop_duplicates(…, keep='first'))")}[first]
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


# =========================================================================== gaps and scores
def _paired(df: pd.DataFrame, scale, source: str):
    scale = _check_scale(scale)
    _check_frame(df, source)
    numbers = item_numbers(df, "EP", source)
    E = _block(df, "E", numbers, scale, source)
    P = _block(df, "P", numbers, scale, source)
    both = ~np.isnan(E) & ~np.isnan(P)
    return numbers, np.where(both, E, np.nan), np.where(both, P, np.nan), P


def _dims_present(numbers: Sequence[int]) -> list[tuple[str, list[int]]]:
    """(dimension key, column positions within ``numbers``) for each dimension with items present."""
    pos = {n: i for i, n in enumerate(numbers)}
    return [(d.key, [pos[n] for n in d.items if n in pos]) for d in DIMENSIONS.values()
            if any(n in pos for n in d.items)]


def _rowmean(block: np.ndarray) -> np.ndarray:
    """Mean of the non-missing values in each row (NaN when none), without warnings."""
    valid = ~np.isnan(block)
    cnt = valid.sum(axis=1)
    tot = np.where(valid, block, 0.0).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)


def _colmean(block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    valid = ~np.isnan(block)
    cnt = valid.sum(axis=0)
    tot = np.where(valid, block, 0.0).sum(axis=0)
    return np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan), cnt


@dataclass(frozen=True)
class Gaps:
    """Result of :func:`gap_scores`.

    Attributes
    ----------
    respondents : DataFrame
        Per respondent: item gaps ``G1…`` and dimension gaps (columns named by dimension key).
    items : DataFrame
        Per item (and segment): dimension, mean E, mean P, gap = P − E, n (respondents answering both).
    dimensions : DataFrame
        Per dimension (and segment): mean E, mean P, gap, n. A respondent's dimension score is the mean
        of the items they answered (both E and P); the table averages those over respondents.
    """

    respondents: pd.DataFrame
    items: pd.DataFrame
    dimensions: pd.DataFrame


def gap_scores(df: pd.DataFrame, *, by: str | None = None, scale=(1, 7), source: str = "survey") -> Gaps:
    """Item gaps P − E per respondent and their means; dimension gaps; by segment when ``by`` is given.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [7, 5], "P1": [4, 6], "E5": [6, 6], "P5": [6, 3], "seg": ["a", "b"]})
    >>> g = gap_scores(df)
    >>> g.items[["E", "P", "gap"]]
            E    P  gap
    item
    1     6.0  5.0 -1.0
    5     6.0  4.5 -1.5
    >>> gap_scores(df, by="seg").dimensions.loc[("a", "tangibles"), "gap"]
    np.float64(-3.0)
    """
    numbers, E, P, _ = _paired(df, scale, source)
    G = P - E
    dims = _dims_present(numbers)
    resp = pd.DataFrame(G, columns=[f"G{n}" for n in numbers], index=df.index)
    dE = {d: _rowmean(E[:, idx]) for d, idx in dims}
    dP = {d: _rowmean(P[:, idx]) for d, idx in dims}
    for d, _idx in dims:
        resp[d] = dP[d] - dE[d]
    if by is not None:
        if by not in df.columns:
            raise CourseDataError("the segment column is missing", source=source, column=by,
                                  expected="a column naming each respondent's segment",
                                  fix=f"pass by= one of {list(df.columns)[:8]} or leave by=None")
        if df[by].isna().any():
            raise CourseDataError("some respondents have no segment", source=source, row=_rows(df[by].isna()),
                                  column=by, expected="a segment label on every row",
                                  fix="fill in the segment or drop those rows")
        resp.insert(0, by, df[by].to_numpy())
    long_items = pd.DataFrame({"item": np.repeat([numbers], len(df), axis=0).ravel(),
                               "E": E.ravel(), "P": P.ravel()})
    long_dims = pd.DataFrame({"dimension": np.repeat([[d for d, _ in dims]], len(df), axis=0).ravel(),
                              "E": np.column_stack([dE[d] for d, _ in dims]).ravel(),
                              "P": np.column_stack([dP[d] for d, _ in dims]).ravel()})
    keys_i, keys_d = ["item"], ["dimension"]
    if by is not None:
        seg = df[by].to_numpy()
        long_items.insert(0, by, np.repeat(seg, len(numbers)))
        long_dims.insert(0, by, np.repeat(seg, len(dims)))
        keys_i, keys_d = [by, "item"], [by, "dimension"]
    order = {d: i for i, d in enumerate(DIMENSIONS)}
    items = long_items.groupby(keys_i, sort=True, observed=True).agg(E=("E", "mean"), P=("P", "mean"),
                                                                        n=("E", "count"))
    items["gap"] = items["P"] - items["E"]
    items.insert(0, "dimension", [_DIM_OF[i] for i in items.index.get_level_values("item")])
    items = items[["dimension", "E", "P", "gap", "n"]]
    dimensions = long_dims.groupby(keys_d, sort=False, observed=True).agg(E=("E", "mean"), P=("P", "mean"),
                                                                          n=("E", "count"))
    dimensions["gap"] = dimensions["P"] - dimensions["E"]
    sort_key = pd.Index([order[d] for d in dimensions.index.get_level_values("dimension")])
    if by is not None:
        frame = dimensions.reset_index()
        frame["_o"] = sort_key
        dimensions = frame.sort_values([by, "_o"], kind="stable").drop(columns="_o").set_index(keys_d)
    else:
        dimensions = dimensions.iloc[np.argsort(sort_key, kind="stable")]
    return Gaps(resp, items, dimensions[["E", "P", "gap", "n"]])


def _weights_from(df: pd.DataFrame, weights, dims: Sequence[str], source: str):
    """Return (per-respondent weight matrix n×d summing to 1, description) or (None, None)."""
    if weights is None:
        cols = [WEIGHT_COLUMNS[d] for d in dims]
        present = [c for c in cols if c in df.columns]
        if not present:
            return None, None
        if len(present) != len(cols):
            raise CourseDataError("some importance-allocation columns are missing", source=source,
                                  column=sorted(set(cols) - set(present)),
                                  expected="one 100-point allocation column per dimension: " + ", ".join(cols),
                                  fix="add the missing columns, or pass weights={dimension: points} instead")
        sub = df[cols]
        nonnum = [c for c in cols if sub[c].dtype.kind not in "biuf"]
        if nonnum:
            sub = to_numeric(sub, nonnum, source=source)
        W = sub.to_numpy(dtype="float64", na_value=np.nan)
        neg = (W < 0).any(axis=1)
        if neg.any():
            raise CourseDataError("negative importance points", source=source, row=_rows(neg), column=cols,
                                  expected="points from 0 to 100", fix="correct the allocations")
        total = W.sum(axis=1)
        bad = ~np.isnan(total) & (np.abs(total - 100) > 0.5)
        if bad.any():
            raise CourseDataError(f"importance points do not add up to 100 (e.g. {total[bad][0]:g})", source=source,
                                  row=_rows(bad), column=cols, expected="five allocations summing to 100 per respondent",
                                  fix="correct or drop those respondents' allocations (set them empty)")
        return W / 100.0, "respondents' 100-point allocations"
    if isinstance(weights, pd.Series):
        weights = weights.to_dict()
    if not isinstance(weights, Mapping):
        raise CourseDataError(f"weights must map dimensions to importance, got {type(weights).__name__}",
                              column="weights", expected="a dict like {'reliability': 32, 'tangibles': 11, …}",
                              fix="pass weights as a dict or Series indexed by dimension key")
    unknown = [k for k in weights if k not in DIMENSIONS]
    missing = [d for d in dims if d not in weights]
    if unknown or missing:
        raise CourseDataError("weights do not match the dimensions", column="weights",
                              expected="one weight for each of: " + ", ".join(dims),
                              fix=f"unknown keys: {unknown}; missing: {missing}")
    w = np.array([float(weights[d]) for d in dims])
    if (w < 0).any() or not np.isfinite(w).all() or w.sum() <= 0:
        raise CourseDataError("weights must be non-negative numbers with a positive total", column="weights",
                              expected="e.g. points summing to 100", fix="correct the weights")
    return np.broadcast_to(w / w.sum(), (len(df), len(dims))), "given weights"


@dataclass(frozen=True)
class ServqualScore:
    """Result of :func:`servqual_score`: overall unweighted and weighted SERVQUAL, SERVPERF."""

    unweighted: float
    weighted: float
    servperf: float
    weights: pd.Series
    n: int
    n_weighted: int
    weighting: str | None

    def to_frame(self, lang: str = "en") -> pd.DataFrame:
        """The three scores as a one-column table."""
        names = {"en": ["SERVQUAL (unweighted)", "SERVQUAL (weighted)", "SERVPERF"],
                 "zh": ["SERVQUAL（未加权）", "SERVQUAL（加权）", "SERVPERF（仅感知）"]}[style.check_lang(lang)]
        return pd.DataFrame({style.pick({"en": "score", "zh": "得分"}, lang):
                             [self.unweighted, self.weighted, self.servperf]}, index=names)


def servqual_score(df: pd.DataFrame, weights=None, *, scale=(1, 7), source: str = "survey") -> ServqualScore:
    """Overall SERVQUAL: unweighted, weighted by importance, and SERVPERF (perceptions only).

    * unweighted = mean of the dimension gaps (as in :func:`gap_scores`);
    * weighted = mean over respondents of Σ (points_d / 100) · gap_d, with each respondent's own
      100-point allocation (columns ``W_tangibles…``) when ``weights`` is None, or with the given
      ``weights`` (any non-negative numbers, normalised); respondents lacking a dimension gap or an
      allocation are left out of the weighted score;
    * SERVPERF = mean of the dimension means of the perceptions (all answered P items).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [6, 6], "P1": [5, 7], "E5": [7, 7], "P5": [4, 6]})
    >>> s = servqual_score(df, weights={"tangibles": 25, "reliability": 75})
    >>> s.unweighted, s.weighted, s.servperf
    (-1.0, -1.5, 5.5)
    """
    numbers, E, P, Pall = _paired(df, scale, source)
    dims = _dims_present(numbers)
    keys = [d for d, _ in dims]
    Q = np.column_stack([_rowmean(P[:, idx]) - _rowmean(E[:, idx]) for _, idx in dims])
    qmean, _ = _colmean(Q)
    perf, _ = _colmean(np.column_stack([_rowmean(Pall[:, idx]) for _, idx in dims]))
    W, how = _weights_from(df, weights, keys, source)
    if W is None:
        weighted, n_w, wser = float("nan"), 0, pd.Series(np.nan, index=keys, name="weight")
    else:
        per = (W * Q).sum(axis=1)
        ok = ~np.isnan(per)
        n_w = int(ok.sum())
        weighted = float(per[ok].mean()) if n_w else float("nan")
        wser = pd.Series(np.nanmean(W, axis=0) * 100 if n_w else W[0] * 100, index=keys, name="weight")
    n = int((~np.isnan(Q)).any(axis=1).sum())
    return ServqualScore(float(np.mean(qmean)), weighted, float(np.mean(perf)), wser, n, n_w, how)


# =========================================================================== reliability
def _moments(X: np.ndarray, shift: np.ndarray, chunk: int = 65536, listwise: bool = False):
    """Pairwise-complete sums of a numeric array, by row chunks (float64 only one chunk at a time).

    Returns N (pair counts), A (A[i, j] = Σ x_i over rows where both i and j are present) and
    B (Σ x_i x_j), all of the shifted data.
    """
    n, k = X.shape
    N = np.zeros((k, k))
    A = np.zeros((k, k))
    B = np.zeros((k, k))
    integer = X.dtype.kind in "biu"
    for start in range(0, n, chunk):
        c = np.array(X[start:start + chunk], dtype=np.float64)
        c -= shift
        if integer:
            miss = None
        else:
            nan = np.isnan(c)
            miss = nan if nan.any() else None
        if miss is not None and listwise:
            c = c[~miss.any(axis=1)]
            miss = None
        if miss is None:
            N += c.shape[0]
            A += c.sum(axis=0)[:, None]
        else:
            M = (~miss).astype(np.float64)
            np.copyto(c, 0.0, where=miss)
            N += M.T @ M
            A += c.T @ M
        B += c.T @ c
    return N, A, B


def _cov_from(N, A, B) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        return (B - A * A.T / N) / (N - 1)


def _alpha_from_cov(C: np.ndarray) -> float:
    k = C.shape[0]
    total = C.sum()
    return float(k / (k - 1) * (1 - np.trace(C) / total))


def _feldt(alpha: float, n: int, k: int, confidence: float) -> tuple[float, float]:
    g = 1 - confidence
    df1, df2 = n - 1, (n - 1) * (k - 1)
    return (float(1 - (1 - alpha) * stats.f.isf(g / 2, df1, df2)),
            float(1 - (1 - alpha) * stats.f.isf(1 - g / 2, df1, df2)))


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha with its Feldt confidence interval.

    ``n`` is the number of respondents behind the interval: every row for pairwise deletion (as
    pingouin), the complete rows for listwise deletion (pingouin uses every row there too, which
    overstates the precision; the alpha itself is the same).
    """

    alpha: float
    ci: tuple[float, float]
    n: int
    k: int
    nan_policy: str
    confidence: float


def _as_matrix(items, source: str) -> tuple[np.ndarray, list[str]]:
    if isinstance(items, pd.DataFrame):
        names = [str(c) for c in items.columns]
        nonnum = [c for c in items.columns if items[c].dtype.kind not in "biuf"]
        if nonnum:
            items = to_numeric(items, nonnum, source=source)
        X = items.to_numpy(dtype="float64", na_value=np.nan) if (
            len({items[c].dtype for c in items.columns}) > 1 or items.dtypes.iloc[0].kind not in "biuf"
            or any(isinstance(items[c].dtype, pd.api.extensions.ExtensionDtype) for c in items.columns)
        ) else items.to_numpy()
    elif isinstance(items, np.ndarray):
        if items.dtype.kind not in "biuf":
            raise CourseDataError(f"the item array holds {items.dtype} values", source=source,
                                  expected="a numeric 2-D array (respondents × items)",
                                  fix="convert the answers to numbers first")
        X, names = items, [f"item{i + 1}" for i in range(items.shape[1] if items.ndim == 2 else 0)]
    else:
        raise CourseDataError(f"expected a DataFrame or 2-D array of item answers, got {type(items).__name__}",
                              source=source, fix="pass df[['P5', 'P6', 'P7', 'P8', 'P9']] or a numpy array")
    if X.ndim != 2:
        raise CourseDataError(f"expected a 2-D table of answers, got {X.ndim} dimension(s)", source=source,
                              expected="rows = respondents, columns = items", fix="reshape the data")
    if X.dtype.kind == "f" and np.isinf(X).any():
        r, c = np.nonzero(np.isinf(X))
        raise CourseDataError("infinite values", source=source, row=(r + 1).tolist(), column=names[int(c[0])],
                              expected="finite numbers or empty cells", fix="replace them with valid answers")
    return X, names


def cronbach_alpha(items, nan_policy: str = "pairwise", confidence: float = 0.95, *,
                   source: str = "items") -> Alpha:
    """Cronbach's alpha, α = k/(k−1) · (1 − Σ var_i / var_total), with a Feldt interval.

    ``nan_policy="pairwise"`` uses every pair of answers available (pairwise covariances, as
    pingouin's default and R psych's ``use="pairwise"``); ``"listwise"`` keeps only complete rows.
    Vectorised: the covariance matrix comes from matrix products over row chunks, so a million
    respondents in int8 never need a float64 copy of the whole table.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1, 2, 2], [2, 3, 3], [3, 3, 4], [4, 5, 4]])
    >>> a = cronbach_alpha(x)
    >>> round(a.alpha, 4), a.n, a.k
    (0.9485, 4, 3)
    """
    if nan_policy not in ("pairwise", "listwise"):
        raise CourseDataError(f"nan_policy={nan_policy!r} is not an option", column="nan_policy",
                              expected="'pairwise' or 'listwise'", fix="pass one of the two")
    if not (isinstance(confidence, (float, int)) and 0 < confidence < 1):
        raise CourseDataError(f"confidence={confidence!r} is not a probability", column="confidence",
                              expected="a number between 0 and 1, e.g. 0.95", fix="pass confidence=0.95")
    X, names = _as_matrix(items, source)
    n, k = X.shape
    if k < 2:
        raise CourseDataError(f"alpha needs at least two items, got {k}", source=source, column=names or None,
                              expected="two or more item columns", fix="pass all the items of the scale")
    if X.dtype.kind == "f":
        empty = np.isnan(X).all(axis=0)
        if empty.any():
            raise CourseDataError("an item has no answers", source=source,
                                  column=[names[i] for i in np.flatnonzero(empty)],
                                  expected="at least two answers per item", fix="drop the empty item column")
    n_used = n
    if nan_policy == "listwise" and X.dtype.kind == "f":
        n_used = int((~np.isnan(X).any(axis=1)).sum())
    if n_used < 2:
        raise CourseDataError(f"alpha needs at least two respondents, got {n_used}", source=source,
                              expected="two or more (complete, for listwise) rows",
                              fix="use more responses, or nan_policy='pairwise'")
    shift = np.nanmean(X[: min(n, 65536)].astype(np.float64), axis=0) if X.dtype.kind == "f" else \
        X[: min(n, 65536)].mean(axis=0)
    shift = np.where(np.isnan(shift), 0.0, shift)
    C = _cov_from(*_moments(X, shift, listwise=(nan_policy == "listwise")))
    if not np.isfinite(C).all():
        raise CourseDataError("some pairs of items are never answered together", source=source,
                              column=names, expected="at least two respondents answering each pair of items",
                              fix="use nan_policy='listwise' or collect more complete answers")
    if C.sum() <= 0:
        raise CourseDataError("the total score does not vary", source=source, column=names,
                              expected="answers that differ between respondents",
                              fix="check that the items were not all answered identically")
    a = _alpha_from_cov(C)
    return Alpha(a, _feldt(a, n_used, k, confidence), n_used, k, nan_policy, float(confidence))


@dataclass(frozen=True)
class Reliability:
    """Result of :func:`reliability`: ``scales`` (alpha per dimension and kind) and ``items``
    (corrected item-total correlation and alpha if the item is deleted)."""

    scales: pd.DataFrame
    items: pd.DataFrame


def reliability(df: pd.DataFrame, *, kinds: str = "EP", nan_policy: str = "pairwise", confidence: float = 0.95,
                scale=(1, 7), source: str = "survey") -> Reliability:
    """Cronbach's alpha per dimension for E and P, with item-total correlations and alpha-if-deleted.

    The item statistics come from the same (pairwise) covariance matrix as alpha: the corrected
    item-total correlation is the correlation of the item with the sum of the other items.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"P1": [1, 2, 3, 4], "P2": [2, 3, 3, 5], "P3": [2, 3, 4, 4]})
    >>> r = reliability(df, kinds="P")
    >>> float(round(r.scales.loc[("tangibles", "P"), "alpha"], 4))
    0.9485
    >>> r.items.loc[("P", 1), "alpha_if_deleted"].round(4)
    np.float64(0.8462)
    """
    scale = _check_scale(scale)
    _check_frame(df, source)
    numbers = item_numbers(df, kinds, source)
    rows, item_rows = [], []
    for kind in kinds:
        X = _block(df, kind, numbers, scale, source)
        for d, idx in _dims_present(numbers):
            if len(idx) < 2:
                continue
            sub = X[:, idx]
            res = cronbach_alpha(sub, nan_policy=nan_policy, confidence=confidence,
                                 source=f"{source} ({d}, {kind})")
            rows.append({"dimension": d, "kind": kind, "k": res.k, "n": res.n, "alpha": res.alpha,
                         "ci_low": res.ci[0], "ci_high": res.ci[1]})
            if nan_policy == "listwise":
                sub = sub[~np.isnan(sub).any(axis=1)]
            shift = np.where(np.isnan(np.nanmean(sub, axis=0)), 0, np.nanmean(sub, axis=0))
            C = _cov_from(*_moments(sub, shift))
            k = C.shape[0]
            total = C.sum()
            rowsum = C.sum(axis=1)
            var_rest = total - 2 * rowsum + np.diag(C)
            r_it = (rowsum - np.diag(C)) / np.sqrt(np.diag(C) * var_rest)
            trace = np.trace(C)
            a_del = (k - 1) / (k - 2) * (1 - (trace - np.diag(C)) / var_rest) if k > 2 else np.full(k, np.nan)
            for j, i in enumerate(idx):
                item_rows.append({"kind": kind, "item": numbers[i], "dimension": d,
                                  "item_total_r": r_it[j], "alpha_if_deleted": a_del[j]})
    if not rows:
        raise CourseDataError("no dimension has two or more items", source=source,
                              expected="at least two items of one dimension", fix="include all the items of a dimension")
    scales = pd.DataFrame(rows).set_index(["dimension", "kind"])
    items = pd.DataFrame(item_rows).set_index(["kind", "item"])
    return Reliability(scales, items)


def gap_significance(df: pd.DataFrame, *, confidence: float = 0.95, scale=(1, 7), source: str = "survey") -> pd.DataFrame:
    """Paired t-test of P against E for each dimension, with a confidence interval of the mean gap.

    Each respondent's dimension gap (mean P − mean E over the items they answered) is one paired
    difference; the test is a one-sample t-test of those differences against 0 (the same as a
    paired t-test of the dimension means). ``dz`` is the standardised mean difference.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E5": [7, 6, 7, 5], "P5": [5, 5, 6, 5]})
    >>> gap_significance(df).loc["reliability", ["gap", "t", "df"]].round(3).tolist()
    [-1.0, -2.449, 3.0]
    """
    if not (isinstance(confidence, (float, int)) and 0 < confidence < 1):
        raise CourseDataError(f"confidence={confidence!r} is not a probability", column="confidence",
                              expected="a number between 0 and 1", fix="pass confidence=0.95")
    g = gap_scores(df, scale=scale, source=source)
    rows = []
    for d in g.dimensions.index:
        x = g.respondents[d].to_numpy()
        x = x[~np.isnan(x)]
        n = len(x)
        mean = float(x.mean()) if n else np.nan
        sd = float(x.std(ddof=1)) if n > 1 else np.nan
        se = sd / np.sqrt(n) if n > 1 else np.nan
        with np.errstate(divide="ignore", invalid="ignore"):
            t = mean / se if n > 1 else np.nan
        p = float(2 * stats.t.sf(abs(t), n - 1)) if n > 1 and np.isfinite(t) else np.nan
        h = stats.t.isf((1 - confidence) / 2, n - 1) * se if n > 1 else np.nan
        rows.append({"dimension": d, "gap": mean, "sd": sd, "n": n, "se": se, "t": t, "df": float(n - 1), "p": p,
                     "ci_low": mean - h, "ci_high": mean + h, "dz": mean / sd if sd else np.nan})
    return pd.DataFrame(rows).set_index("dimension")


# =========================================================================== zone of tolerance
@dataclass(frozen=True)
class Zone:
    """Result of :func:`zone_of_tolerance`: ``items`` and ``dimensions`` tables with mean adequate (A),
    desired (D) and perceived (P) service, MSA = P − A, MSS = P − D, zone width D − A and ``position``
    of P relative to the zone (below / within / above)."""

    items: pd.DataFrame
    dimensions: pd.DataFrame


def _position(msa: np.ndarray, mss: np.ndarray) -> np.ndarray:
    return np.where(msa < 0, "below", np.where(mss > 0, "above", "within")).astype(object)


def zone_of_tolerance(df: pd.DataFrame, *, scale=(1, 9), source: str = "zone survey") -> Zone:
    """Measures of service adequacy (MSA = P − A) and superiority (MSS = P − D) per item and dimension.

    Three-column format (Parasuraman, Zeithaml & Berry 1994): for each item the respondent gives the
    adequate (minimum acceptable) level ``A``, the desired level ``D`` and the perceived level ``P``.
    P below A is below the zone of tolerance, A ≤ P ≤ D within it, P above D above it. Means use the
    respondents who answered all three columns of the item. Respondents with A > D are kept (the
    positions still follow from the means) but :func:`validate_responses` lists them.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A11": [5, 4], "D11": [8, 8], "P11": [4, 3],
    ...                    "A16": [5, 5], "D16": [7, 8], "P16": [6, 7]})
    >>> zone_of_tolerance(df).items[["A", "D", "P", "MSA", "MSS", "position"]]
            A    D    P  MSA  MSS position
    item
    11    4.5  8.0  3.5 -1.0 -4.5    below
    16    5.0  7.5  6.5  1.5 -1.0   within
    """
    scale = _check_scale(scale)
    _check_frame(df, source)
    numbers = item_numbers(df, "ADP", source)
    A = _block(df, "A", numbers, scale, source)
    D = _block(df, "D", numbers, scale, source)
    P = _block(df, "P", numbers, scale, source)
    ok = ~(np.isnan(A) | np.isnan(D) | np.isnan(P))
    A, D, P = (np.where(ok, x, np.nan) for x in (A, D, P))

    def table(a, d, p, index, name):
        t = pd.DataFrame({"A": a, "D": d, "P": p}, index=pd.Index(index, name=name))
        t["MSA"] = t["P"] - t["A"]
        t["MSS"] = t["P"] - t["D"]
        t["zone_width"] = t["D"] - t["A"]
        t["position"] = _position(t["MSA"].to_numpy(), t["MSS"].to_numpy())
        return t

    (ma, n), (md, _), (mp, _) = _colmean(A), _colmean(D), _colmean(P)
    items = table(ma, md, mp, numbers, "item")
    items.insert(0, "dimension", [_DIM_OF[i] for i in numbers])
    items["n"] = n
    dims = _dims_present(numbers)
    dm = [tuple(_colmean(_rowmean(x[:, idx])[:, None])[0][0] for x in (A, D, P)) + (
        int((~np.isnan(_rowmean(P[:, idx]))).sum()),) for _, idx in dims]
    dtab = table([r[0] for r in dm], [r[1] for r in dm], [r[2] for r in dm], [d for d, _ in dims], "dimension")
    dtab["n"] = [r[3] for r in dm]
    return Zone(items, dtab)


# =========================================================================== importance-performance analysis
QUADRANTS: dict[str, dict[str, str]] = {
    "concentrate": {"en": "Concentrate here", "zh": "重点改进区"},
    "keep_up": {"en": "Keep up the good work", "zh": "继续保持区"},
    "low_priority": {"en": "Low priority", "zh": "低优先区"},
    "overkill": {"en": "Possible overkill", "zh": "可能过度区"},
}


@dataclass(frozen=True)
class IPA:
    """Result of :func:`ipa`: ``table`` (attribute → importance, performance, quadrant key and label)
    and the crosshair (``importance_line``, ``performance_line``)."""

    table: pd.DataFrame
    importance_line: float
    performance_line: float
    crosshair: str


def _as_series(x, name: str, source: str) -> pd.Series:
    if isinstance(x, pd.Series):
        s = x
    elif isinstance(x, Mapping):
        s = pd.Series(dict(x))
    else:
        raise CourseDataError(f"{name} must be a Series or dict keyed by attribute, got {type(x).__name__}",
                              source=source, column=name, expected="e.g. {'reliability': 32, 'tangibles': 11, …}",
                              fix="pass a pandas Series indexed by attribute name")
    num = pd.to_numeric(s, errors="coerce")
    bad = num.isna()
    if bad.any():
        raise CourseDataError(f"{name} has missing or non-numeric values", source=source, column=name,
                              row=[str(i) for i in s.index[bad]], expected="a number for every attribute",
                              fix="fill in or drop those attributes")
    return num.astype("float64")


def ipa(importance, performance, crosshair: str | tuple = "mean", *, scale=(1, 7), source: str = "IPA") -> IPA:
    """Importance-performance analysis (Martilla & James 1977): place each attribute in a quadrant.

    Attributes at or above the importance line count as important, at or above the performance
    line as performing well. ``crosshair`` is ``"mean"``, ``"median"`` (of the attributes),
    ``"scale_mid"`` (performance at the middle of ``scale``, importance at its mean) or a tuple
    ``(importance_line, performance_line)``: where to put it is a judgement, so say which you used.

    Examples
    --------
    >>> imp = {"tangibles": 11, "reliability": 32, "responsiveness": 22, "assurance": 21, "empathy": 16}
    >>> perf = {"tangibles": 5.9, "reliability": 4.6, "responsiveness": 5.0, "assurance": 5.6, "empathy": 5.2}
    >>> ipa(imp, perf).table["quadrant"].to_dict()
    {'tangibles': 'overkill', 'reliability': 'concentrate', 'responsiveness': 'concentrate', 'assurance': 'keep_up', 'empathy': 'low_priority'}
    """
    imp = _as_series(importance, "importance", source)
    perf = _as_series(performance, "performance", source)
    if set(imp.index) != set(perf.index):
        raise CourseDataError("importance and performance name different attributes", source=source,
                              column=sorted(set(imp.index) ^ set(perf.index), key=str),
                              expected="the same attributes in both", fix="align the two series")
    if len(imp) < 2:
        raise CourseDataError("IPA needs at least two attributes", source=source, expected="two or more attributes",
                              fix="add attributes")
    perf = perf.loc[imp.index]
    if isinstance(crosshair, tuple) and len(crosshair) == 2:
        ix, py = float(crosshair[0]), float(crosshair[1])
        label = "given"
    elif crosshair == "mean":
        ix, py, label = float(imp.mean()), float(perf.mean()), "mean"
    elif crosshair == "median":
        ix, py, label = float(imp.median()), float(perf.median()), "median"
    elif crosshair == "scale_mid":
        lo, hi = _check_scale(scale)
        ix, py, label = float(imp.mean()), (lo + hi) / 2, "scale_mid"
    else:
        raise CourseDataError(f"crosshair={crosshair!r} is not an option", source=source, column="crosshair",
                              expected="'mean', 'median', 'scale_mid' or a tuple (importance, performance)",
                              fix="pass crosshair='mean'")
    hi_i = imp.to_numpy() >= ix
    hi_p = perf.to_numpy() >= py
    quad = np.where(hi_i, np.where(hi_p, "keep_up", "concentrate"), np.where(hi_p, "overkill", "low_priority"))
    table = pd.DataFrame({"importance": imp.to_numpy(), "performance": perf.to_numpy(), "quadrant": quad},
                         index=imp.index)
    table.index.name = "attribute"
    table["label_en"] = [QUADRANTS[q]["en"] for q in quad]
    table["label_zh"] = [QUADRANTS[q]["zh"] for q in quad]
    return IPA(table, ix, py, label)


# =========================================================================== the full analysis in one pass
@dataclass(frozen=True)
class Analysis:
    """Result of :func:`analyze`: the numbers of a full SERVQUAL diagnosis, computed in one pass."""

    n: int
    items: pd.DataFrame
    dimensions: pd.DataFrame
    alphas: pd.DataFrame
    score: float
    weighted_score: float
    out_of_range: int


def analyze(df: pd.DataFrame, weights=None, *, scale=(1, 7), chunk: int = 65536, source: str = "survey") -> Analysis:
    """Validation, item and dimension gaps, alpha per dimension for E and P, weighted score: one pass.

    Made for large exports (a million respondents): the table is read in row chunks, so the extra
    memory stays a small multiple of the input even for int8 answers. The numbers equal those of
    :func:`gap_scores`, :func:`cronbach_alpha` (pairwise) and :func:`servqual_score`. Out-of-range
    answers raise :class:`CourseDataError` (``out_of_range`` in the result is therefore 0).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [6, 6, 5], "P1": [5, 7, 4], "E2": [7, 6, 5], "P2": [5, 6, 5]})
    >>> res = analyze(df)
    >>> round(res.score, 4), res.dimensions.loc["tangibles", "gap"].round(4)
    (-0.5, np.float64(-0.5))
    """
    lo, hi = _check_scale(scale)
    _check_frame(df, source)
    numbers = item_numbers(df, "EP", source)
    dims = _dims_present(numbers)
    keys = [d for d, _ in dims]
    cols = [f"E{n}" for n in numbers] + [f"P{n}" for n in numbers]
    nonnum = [c for c in cols if df[c].dtype.kind not in "biuf"]
    if nonnum:
        to_numeric(df[nonnum], nonnum, source=source)  # raises with row and column
    k = len(numbers)
    X = df[cols].to_numpy()
    if X.dtype == object:
        X = X.astype("float64")
    W, _ = _weights_from(df, weights, keys, source)
    n = X.shape[0]
    integer = X.dtype.kind in "biu"
    shift = float(lo + hi) / 2
    mom = {kind: [np.zeros((k, k)) for _ in range(3)] for kind in "EP"}
    sumE = np.zeros(k); sumP = np.zeros(k); cnt = np.zeros(k)
    dsum = np.zeros((len(dims), 3)); dcnt = np.zeros(len(dims))
    wsum, wcnt = 0.0, 0
    for start in range(0, n, chunk):
        c = np.array(X[start:start + chunk], dtype=np.float64)
        bad = (c < lo) | (c > hi)
        if bad.any():
            r, j = np.nonzero(bad)
            col = cols[int(j[0])]
            rows = (np.flatnonzero(bad[:, j[0]]) + start + 1).tolist()
            rows = rows[0] if len(rows) == 1 else rows
            raise CourseDataError(f"answers outside the scale, such as {c[r[0], j[0]]:g}", source=source, row=rows,
                                  column=col, expected=f"whole numbers from {lo} to {hi}",
                                  fix="correct them, set them to empty, or pass the survey's scale=(low, high)")
        c -= shift
        m = c.shape[0]
        miss = None if integer else np.isnan(c)
        if miss is not None and not miss.any():
            miss = None
        for t, kind in enumerate("EP"):
            sl = slice(t * k, (t + 1) * k)
            b = c[:, sl]
            N, A, B = mom[kind]
            if miss is None:
                N += m
                A += b.sum(axis=0)[:, None]
                B += b.T @ b
            else:
                Mf = (~miss[:, sl]).astype(np.float64)
                b0 = np.where(miss[:, sl], 0.0, b)
                N += Mf.T @ Mf
                A += b0.T @ Mf
                B += b0.T @ b0
        E, P = c[:, :k], c[:, k:]
        if miss is None:
            sumE += E.sum(axis=0); sumP += P.sum(axis=0); cnt += m
            G = P - E
            Q = np.column_stack([G[:, idx].mean(axis=1) for _, idx in dims])
            dE = np.column_stack([E[:, idx].mean(axis=1) for _, idx in dims])
            dsum[:, 0] += dE.sum(axis=0); dsum[:, 1] += (dE + Q).sum(axis=0); dsum[:, 2] += Q.sum(axis=0)
            dcnt += m
        else:
            both = ~(miss[:, :k] | miss[:, k:])
            E0 = np.where(both, E, 0.0); P0 = np.where(both, P, 0.0)
            sumE += E0.sum(axis=0); sumP += P0.sum(axis=0); cnt += both.sum(axis=0)
            bc = np.column_stack([both[:, idx].sum(axis=1) for _, idx in dims]).astype(np.float64)
            with np.errstate(invalid="ignore", divide="ignore"):
                dE = np.column_stack([E0[:, idx].sum(axis=1) for _, idx in dims]) / bc
                dP = np.column_stack([P0[:, idx].sum(axis=1) for _, idx in dims]) / bc
            Q = dP - dE
            okd = bc > 0
            dsum[:, 0] += np.where(okd, dE, 0).sum(axis=0); dsum[:, 1] += np.where(okd, dP, 0).sum(axis=0)
            dsum[:, 2] += np.where(okd, Q, 0).sum(axis=0)
            dcnt += okd.sum(axis=0)
        if W is not None:
            per = (W[start:start + m] * Q).sum(axis=1)
            ok = ~np.isnan(per)
            wsum += float(per[ok].sum()); wcnt += int(ok.sum())
    items = pd.DataFrame({"dimension": [_DIM_OF[i] for i in numbers], "E": sumE / cnt + shift,
                          "P": sumP / cnt + shift, "n": cnt.astype("int64")}, index=pd.Index(numbers, name="item"))
    items["gap"] = items["P"] - items["E"]
    items = items[["dimension", "E", "P", "gap", "n"]]
    dtab = pd.DataFrame({"E": dsum[:, 0] / dcnt + shift, "P": dsum[:, 1] / dcnt + shift, "gap": dsum[:, 2] / dcnt,
                         "n": dcnt.astype("int64")}, index=pd.Index(keys, name="dimension"))
    rows = []
    for kind in "EP":
        C = _cov_from(*mom[kind])
        for d, idx in dims:
            if len(idx) < 2:
                continue
            a = _alpha_from_cov(C[np.ix_(idx, idx)])
            lo_ci, hi_ci = _feldt(a, n, len(idx), 0.95)
            rows.append({"dimension": d, "kind": kind, "k": len(idx), "n": n, "alpha": a,
                         "ci_low": lo_ci, "ci_high": hi_ci})
    alphas = pd.DataFrame(rows).set_index(["dimension", "kind"])
    return Analysis(n, items, dtab, alphas, float(dtab["gap"].mean()),
                    wsum / wcnt if wcnt else float("nan"), 0)


# =========================================================================== plots
def _dim_label(key: str, lang: str) -> str:
    return DIMENSIONS[key].label(lang) if key in DIMENSIONS else str(key)


def _dimension_means(data, scale, source) -> pd.DataFrame:
    if isinstance(data, Gaps):
        return data.dimensions
    if isinstance(data, pd.DataFrame) and {"E", "P"} <= set(data.columns) and set(data.index) <= set(DIMENSIONS):
        return data
    return gap_scores(data, scale=scale, source=source).dimensions


def plot_radar(data, *, ax=None, lang: str = "en", scale=(1, 7), title=None, source: str = "survey"):
    """Radar (spider) chart of mean expectations and perceptions per dimension.

    ``data`` is a survey (canonical wide table), a :class:`Gaps` result, or a table indexed by
    dimension with columns ``E`` and ``P``. Needs a polar Axes (made if ``ax`` is None).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"E": [6, 6.5, 6, 6.2, 5.8], "P": [5.5, 5, 5.2, 5.9, 5.1]}, index=list(DIMENSIONS))
    >>> ax = plot_radar(t, lang="zh")
    >>> [t.get_text() for t in ax.get_xticklabels()][:2]
    ['有形性', '可靠性']
    """
    style.check_lang(lang)
    lo, hi = _check_scale(scale)
    t = _dimension_means(data, (lo, hi), source)
    if ax is None:
        import matplotlib.pyplot as plt
        style.use()
        _, ax = plt.subplots(figsize=(6, 6), subplot_kw={"projection": "polar"})
    elif getattr(ax, "name", "") != "polar":
        raise CourseDataError("the radar chart needs a polar Axes", source="plot_radar",
                              expected="ax=None, or an Axes made with subplot_kw={'projection': 'polar'}",
                              fix="leave ax=None or create a polar subplot")
    angles = np.linspace(0, 2 * np.pi, len(t), endpoint=False)
    closed = np.append(angles, angles[0])
    for kind, colour, marker in (("E", style.PALETTE["expectation"], "o"), ("P", style.PALETTE["perception"], "s")):
        vals = np.append(t[kind].to_numpy(), t[kind].to_numpy()[0])
        ax.plot(closed, vals, color=colour, marker=marker, linewidth=2, label=style.pick(_KINDS[kind], lang))
        ax.fill(closed, vals, color=colour, alpha=0.12)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_xticks(angles)
    ax.set_xticklabels([_dim_label(d, lang) for d in t.index])
    ax.tick_params(axis="x", pad=8)
    ax.set_ylim(lo, hi)
    ax.set_yticks(np.arange(lo + 1, hi))
    ax.tick_params(axis="y", labelsize=9, colors=style.PALETTE["grey"])
    ax.set_rlabel_position(180 / len(t))
    ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.1))
    ax.set_title(style.pick(title or {"en": "Expectations vs perceptions", "zh": "期望与感知对比"}, lang), pad=20)
    return ax


def _mean_ci(block: np.ndarray, confidence: float):
    mean, n = _colmean(block)
    dev = np.where(np.isnan(block), 0.0, block - mean)
    with np.errstate(invalid="ignore", divide="ignore"):
        sd = np.sqrt((dev ** 2).sum(axis=0) / (n - 1))
        half = stats.t.isf((1 - confidence) / 2, np.maximum(n - 1, 1)) * sd / np.sqrt(n)
    return mean, np.where(n > 1, half, np.nan)


def plot_gaps(df: pd.DataFrame, *, level: str = "dimension", dimension: str | None = None, confidence: float = 0.95,
              ax=None, lang: str = "en", scale=(1, 7), source: str = "survey"):
    """Sorted diverging bars of mean gaps (P − E) with confidence intervals.

    ``level="dimension"`` shows the five dimension gaps; ``level="item"`` the item gaps (only those
    of ``dimension`` if given). Negative gaps (perceptions below expectations) are drawn in the
    "bad" colour, the most negative at the top.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [6, 7, 6], "P1": [5, 5, 6], "E5": [7, 7, 6], "P5": [4, 5, 5]})
    >>> ax = plot_gaps(df)
    >>> [t.get_text() for t in ax.get_yticklabels()]  # bottom to top: the worst gap on top
    ['Tangibles', 'Reliability']
    """
    style.check_lang(lang)
    if level not in ("dimension", "item"):
        raise CourseDataError(f"level={level!r} is not an option", source="plot_gaps", column="level",
                              expected="'dimension' or 'item'", fix="pass level='dimension' or level='item'")
    if dimension is not None and dimension not in DIMENSIONS:
        raise CourseDataError(f"unknown dimension {dimension!r}", source="plot_gaps", column="dimension",
                              expected="one of " + ", ".join(DIMENSIONS), fix="use a dimension key")
    g = gap_scores(df, scale=scale, source=source)
    if level == "dimension" and dimension is None:
        block = g.respondents[list(g.dimensions.index)].to_numpy()
        labels = [_dim_label(d, lang) for d in g.dimensions.index]
    else:
        nums = [i for i in g.items.index if dimension is None or _DIM_OF[i] == dimension]
        block = g.respondents[[f"G{i}" for i in nums]].to_numpy()
        short = {it.number: it.label(lang) for it in ITEMS}
        labels = [f"{i}. {short[i]}" for i in nums]
    mean, half = _mean_ci(block, confidence)
    order = np.argsort(-mean, kind="stable")  # barh draws bottom-up: most negative ends on top
    ax = style.new_ax(ax, figsize=(8, max(3.0, 0.42 * len(order) + 1.2)))
    y = np.arange(len(order))
    colours = [style.PALETTE["bad"] if m < 0 else style.PALETTE["good"] for m in mean[order]]
    ax.barh(y, mean[order], xerr=half[order], color=colours, ecolor=style.PALETTE["black"], capsize=3)
    ax.axvline(0, color=style.PALETTE["black"], linewidth=1)
    ax.set_yticks(y)
    ax.set_yticklabels([labels[i] for i in order])
    ax.grid(axis="y", visible=False)
    pct = int(round(confidence * 100))
    style.finish(ax, title={"en": "Service quality gaps (P − E)", "zh": "服务质量差距（P − E）"},
                 xlabel={"en": f"mean gap with {pct}% interval", "zh": f"平均差距及 {pct}% 置信区间"}, lang=lang)
    return ax


def plot_ipa(result: IPA, *, ax=None, lang: str = "en", labels: Mapping[str, str] | None = None):
    """Importance-performance grid: points, crosshair and the four quadrant names.

    Examples
    --------
    >>> res = ipa({"a": 1, "b": 3, "c": 2}, {"a": 5, "b": 4, "c": 6})
    >>> ax = plot_ipa(res, lang="zh")
    >>> sorted(t.get_text() for t in ax.texts if "区" in t.get_text())
    ['低优先区', '可能过度区', '继续保持区', '重点改进区']
    """
    style.check_lang(lang)
    if not isinstance(result, IPA):
        raise CourseDataError(f"plot_ipa needs the result of servqual.ipa(...), got {type(result).__name__}",
                              source="plot_ipa", fix="call res = servqual.ipa(importance, performance) first")
    ax = style.new_ax(ax, figsize=(7.5, 6))
    t = result.table
    colours = {"concentrate": style.PALETTE["bad"], "keep_up": style.PALETTE["good"],
               "low_priority": style.PALETTE["neutral"], "overkill": style.PALETTE["orange"]}
    ax.scatter(t["performance"], t["importance"], s=80, c=[colours[q] for q in t["quadrant"]], zorder=3)
    for name, row in t.iterrows():
        text = (labels or {}).get(name) or (_dim_label(name, lang) if name in DIMENSIONS else str(name))
        ax.annotate(text, (row["performance"], row["importance"]), xytext=(6, 4), textcoords="offset points")
    xs, ys = t["performance"], t["importance"]
    xpad = max(float(xs.max() - xs.min()), 1e-9) * 0.25
    ypad = max(float(ys.max() - ys.min()), 1e-9) * 0.25
    x0, x1 = min(xs.min(), result.performance_line) - xpad, max(xs.max(), result.performance_line) + xpad
    y0, y1 = min(ys.min(), result.importance_line) - ypad, max(ys.max(), result.importance_line) + ypad
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.axvline(result.performance_line, color=style.PALETTE["black"], linestyle="--", linewidth=1)
    ax.axhline(result.importance_line, color=style.PALETTE["black"], linestyle="--", linewidth=1)
    corners = {"concentrate": (x0, y1, "left", "top"), "keep_up": (x1, y1, "right", "top"),
               "low_priority": (x0, y0, "left", "bottom"), "overkill": (x1, y0, "right", "bottom")}
    for q, (x, y, ha, va) in corners.items():
        ax.text(x, y, style.pick(QUADRANTS[q], lang), ha=ha, va=va, color=colours[q], fontweight="bold",
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.7, "pad": 2})
    ax.set_title(style.pick({"en": "Importance-performance analysis", "zh": "重要性-绩效分析（IPA）"}, lang), pad=12)
    style.finish(ax,
                 xlabel={"en": "performance", "zh": "绩效（表现）"}, ylabel={"en": "importance", "zh": "重要性"},
                 lang=lang)
    return ax


def plot_zone(result: Zone, *, level: str = "dimension", ax=None, lang: str = "en", scale=(1, 9)):
    """Zone-of-tolerance chart: a band from adequate to desired service and a marker at perceived.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"A11": [5, 4], "D11": [8, 8], "P11": [4, 3]})
    >>> ax = plot_zone(zone_of_tolerance(df), lang="zh")
    >>> ax.get_yticklabels()[0].get_text()
    '响应性'
    """
    style.check_lang(lang)
    if not isinstance(result, Zone):
        raise CourseDataError(f"plot_zone needs the result of servqual.zone_of_tolerance(...), got "
                              f"{type(result).__name__}", source="plot_zone",
                              fix="call z = servqual.zone_of_tolerance(df) first")
    if level not in ("dimension", "item"):
        raise CourseDataError(f"level={level!r} is not an option", source="plot_zone", column="level",
                              expected="'dimension' or 'item'", fix="pass level='dimension' or 'item'")
    lo, hi = _check_scale(scale)
    t = result.dimensions if level == "dimension" else result.items
    labels = ([_dim_label(d, lang) for d in t.index] if level == "dimension"
              else [f"{i}. {DIMENSIONS[_DIM_OF[i]].label(lang)}" for i in t.index])
    ax = style.new_ax(ax, figsize=(8, max(3.0, 0.45 * len(t) + 1.2)))
    y = np.arange(len(t))[::-1]
    ax.barh(y, t["D"] - t["A"], left=t["A"], height=0.5, color=style.PALETTE["sky"], alpha=0.5,
            label=style.pick({"en": "zone of tolerance (adequate → desired)", "zh": "容忍区（最低可接受 → 理想）"}, lang))
    colours = {"below": style.PALETTE["bad"], "within": style.PALETTE["blue"], "above": style.PALETTE["good"]}
    for pos, name in (("below", {"en": "perceived: below", "zh": "感知：低于容忍区"}),
                      ("within", {"en": "perceived: within", "zh": "感知：在容忍区内"}),
                      ("above", {"en": "perceived: above", "zh": "感知：高于容忍区"})):
        sel = (t["position"] == pos).to_numpy()
        if sel.any():
            ax.scatter(t["P"].to_numpy()[sel], y[sel], marker="D", s=60, color=colours[pos], zorder=3,
                       label=style.pick(name, lang))
    ax.set_yticks(y)
    ax.set_yticklabels(labels)
    ax.set_xlim(lo - 0.2, hi + 0.2)
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, fontsize=10)
    style.finish(ax, title={"en": "Zone of tolerance", "zh": "容忍区"},
                 xlabel={"en": "mean rating", "zh": "平均评分"}, lang=lang)
    return ax


# =========================================================================== widgets
def rebalance(values: Mapping[str, int], changed: str, total: int = 100) -> dict[str, int]:
    """Keep five allocations summing to ``total`` after ``changed`` was set: the others share the rest
    in proportion to their current values (equally if all are 0), rounded by largest remainder.

    Examples
    --------
    >>> rebalance({"a": 50, "b": 30, "c": 20}, "a")
    {'a': 50, 'b': 30, 'c': 20}
    >>> rebalance({"a": 70, "b": 30, "c": 20}, "a")
    {'a': 70, 'b': 18, 'c': 12}
    """
    v = int(min(max(values[changed], 0), total))
    others = [k for k in values if k != changed]
    rest = total - v
    cur = np.array([max(int(values[k]), 0) for k in others], dtype=float)
    share = cur / cur.sum() * rest if cur.sum() > 0 else np.full(len(others), rest / max(len(others), 1))
    base = np.floor(share).astype(int)
    left = rest - int(base.sum())
    order = np.argsort(-(share - base), kind="stable")
    base[order[:left]] += 1
    out = {k: int(b) for k, b in zip(others, base)}
    out[changed] = v
    return {k: out[k] for k in values}


def allocator(df: pd.DataFrame, *, start: Mapping[str, int] | None = None, lang: str = "en", scale=(1, 7)):
    """Widget: a 100-point importance allocator with the weighted SERVQUAL score updating live.

    Five linked sliders (one per dimension) always sum to 100: moving one shares the difference
    among the others. ``widget.result`` is a table of the weights, the dimension gaps and the
    weighted and unweighted scores.
    """
    import ipywidgets as w

    from .widgets import live

    style.check_lang(lang)
    g = gap_scores(df, scale=scale)
    keys = list(g.dimensions.index)
    init = dict(start or {d: 100 // len(keys) + (1 if i < 100 % len(keys) else 0) for i, d in enumerate(keys)})
    if sorted(init) != sorted(keys) or sum(init.values()) != 100:
        raise CourseDataError("start allocations must name every dimension and add up to 100", source="allocator",
                              expected=", ".join(keys), fix="pass e.g. start={'reliability': 32, …} summing to 100")
    controls = {d: w.IntSlider(value=int(init[d]), min=0, max=100, description=_dim_label(d, lang),
                               continuous_update=False, style={"description_width": "120px"}) for d in keys}
    busy = {"on": False}

    def link(change):
        if busy["on"]:
            return
        busy["on"] = True
        try:
            name = next(k for k, c in controls.items() if c is change["owner"])
            new = rebalance({k: c.value for k, c in controls.items()}, name)
            for k, c in controls.items():
                if c.value != new[k]:
                    c.value = new[k]
        finally:
            busy["on"] = False

    for c in controls.values():
        c.observe(link, names="value")
    gaps = g.dimensions["gap"]

    def render(**points):
        if busy["on"] or sum(points.values()) != 100:
            return None
        weighted = float(sum(points[d] / 100 * gaps[d] for d in keys))
        t = pd.DataFrame({style.pick({"en": "points", "zh": "分配点数"}, lang): [points[d] for d in keys],
                          style.pick({"en": "gap P−E", "zh": "差距 P−E"}, lang): gaps.to_numpy()},
                         index=[_dim_label(d, lang) for d in keys])
        t.loc[style.pick({"en": "weighted SERVQUAL", "zh": "加权 SERVQUAL"}, lang)] = [100, weighted]
        t.loc[style.pick({"en": "unweighted SERVQUAL", "zh": "未加权 SERVQUAL"}, lang)] = [100, float(gaps.mean())]
        return t

    return live(controls, render, title=style.pick({"en": "Share 100 importance points", "zh": "分配 100 个重要性点数"},
                                                   lang))


def gap_explorer(df: pd.DataFrame, *, segment: str = "segment", lang: str = "en", scale=(1, 7)):
    """Widget: pick a segment and a dimension; the gap chart redraws.

    ``widget.result`` is the gap table behind the chart (mean gap, interval, n).
    """
    seg_col = segment
    import ipywidgets as w

    from .widgets import live

    style.check_lang(lang)
    allseg = style.pick({"en": "(all)", "zh": "（全部）"}, lang)
    segs = [allseg]
    if segment in df.columns:
        segs += sorted(df[segment].dropna().astype(str).unique())
    else:
        raise CourseDataError("the segment column is missing", source="gap_explorer", column=segment,
                              expected="a column naming each respondent's segment",
                              fix=f"pass segment= one of {list(df.columns)[:8]}")
    gap_scores(df, scale=scale)  # validate once, up front
    dims = [(style.pick({"en": "(all dimensions)", "zh": "（全部维度）"}, lang), None)] + [
        (_dim_label(d, lang), d) for d in DIMENSIONS]
    controls = {"segment": w.Dropdown(options=segs, value=allseg, description=style.pick({"en": "Segment",
                                                                                           "zh": "细分"}, lang)),
                "dimension": w.Dropdown(options=dims, value=None, description=style.pick({"en": "Dimension",
                                                                                            "zh": "维度"}, lang))}

    def render(segment, dimension):
        seg = segment
        sub = df if seg == allseg else df[df[seg_col].astype(str) == seg]
        level = "dimension" if dimension is None else "item"
        ax = plot_gaps(sub, level=level, dimension=dimension, lang=lang, scale=scale)
        g = gap_scores(sub, scale=scale)
        if dimension is None:
            t = g.dimensions[["gap", "n"]]
        else:
            t = g.items[g.items["dimension"] == dimension][["gap", "n"]]
        ax.set_title(f"{ax.get_title()} · {seg}")
        return t

    return live(controls, render, layout="horizontal")


def self_assessment(*, lang: str = "en"):
    """Widget: rate your own organisation (expected and delivered level per dimension, 1–7) and see the radar.

    ``widget.result`` is the table of E, P and gap per dimension.
    """
    import ipywidgets as w

    from .widgets import live

    style.check_lang(lang)
    controls = {}
    for d in DIMENSIONS:
        name = _dim_label(d, lang)
        controls[f"E_{d}"] = w.IntSlider(value=6, min=1, max=7, description=f"{name} E",
                                         style={"description_width": "110px"})
        controls[f"P_{d}"] = w.IntSlider(value=5, min=1, max=7, description=f"{name} P",
                                         style={"description_width": "110px"})

    def render(**v):
        t = pd.DataFrame({"E": [float(v[f"E_{d}"]) for d in DIMENSIONS], "P": [float(v[f"P_{d}"]) for d in DIMENSIONS]},
                         index=pd.Index(list(DIMENSIONS), name="dimension"))
        t["gap"] = t["P"] - t["E"]
        plot_radar(t, lang=lang, title={"en": "Your organisation (self-assessment)", "zh": "本组织自评"})
        return t

    return live(controls, render, title=style.pick({"en": "Rate your organisation: what customers expect (E) and what "
                                                          "you deliver (P)", "zh": "为本组织打分：顾客期望（E）与实际提供（P）"},
                                                   lang))
