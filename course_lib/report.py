"""Bring your own data: a self-contained HTML report from a real survey export.

``service-course report --survey FILE [--industry NAME] [--lang en|zh] [--mapping MAP.yml] --out report.html``

1. **Validate first.** The export (CSV in any encoding :func:`course_lib.data.read_table` reads, or
   XLSX) is read, its headers standardised (``期望5``, ``Exp 5``, a mapping file …) and its
   answers mapped from Likert text to numbers with :mod:`course_lib.servqual`; every problem is a
   :class:`~course_lib.errors.CourseDataError` raised before any kernel starts.
2. **Leave personal data out.** Columns holding names, phone numbers or e-mail addresses (found by
   their header, in English or Chinese, or by their values) are dropped unless ``--keep-personal``.
3. **Run the report notebook** (``report_template.ipynb``, shipped with the package) with papermill
   on a cleaned temporary CSV, with a progress bar.
4. **Export HTML without code cells** (nbconvert, ``exclude_input=True``): figures are embedded as
   base64 PNG, no script, style sheet, font or MathJax is loaded over the network
   (:func:`external_resources` checks the result before it is written).
5. **Write atomically**: a temporary file in the same folder, then :func:`os.replace`.

The report covers the SERVQUAL diagnosis (gaps with confidence intervals, Cronbach's alpha, IPA,
priorities) and, when the file has them, NPS and segment comparisons, in English or Chinese.

Canonical columns (after the mapping): ``E1…E22``/``P1…P22`` (any matching subset), optional
``respondent``, ``segment``, ``nps`` (0–10 likelihood to recommend) and the 100-point importance
allocations ``W_tangibles … W_empathy``.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"姓名": ["张三"], "Mobile": ["138 0013 8000"], "E5": [7], "P5": [6]})
>>> sorted(personal_columns(df))
['Mobile', '姓名']
"""

from __future__ import annotations

import base64
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from . import style
from .errors import CourseDataError

__all__ = [
    "INDUSTRIES", "TEXT", "MIN_RESPONDENTS", "Survey", "read_mapping", "personal_columns",
    "detect_roles", "validate_survey", "write_clean", "load_clean", "template_path",
    "heading", "say", "industry_label", "overview_table", "gap_table", "reliability_table",
    "importance_performance", "priority_table", "worst_items", "nps_table", "plot_nps", "segment_gap_table",
    "plot_segment_gaps", "export_html", "embed_font", "external_resources", "write_atomic", "build_report",
    "add_arguments", "run",
]

#: Fewest respondents (with at least one E/P pair answered) a report is made for.
MIN_RESPONDENTS = 5

INDUSTRIES: dict[str, dict[str, str]] = {
    "restaurant": {"en": "Restaurant", "zh": "餐饮"},
    "travel": {"en": "Travel and hotels", "zh": "旅游与酒店"},
    "bank": {"en": "Banking", "zh": "银行"},
}

# --------------------------------------------------------------------------- header recognition
_ROLE_HEADERS = {
    "respondent": ("respondent", "respondent id", "respondent_id", "response id", "response_id", "responseid",
                   "id", "编号", "问卷编号", "答卷编号", "序号", "受访者", "受访者编号"),
    "segment": ("segment", "customer segment", "customer type", "group", "细分", "客户细分", "客户类型",
                "顾客类型", "分组", "群体"),
    "nps": ("nps", "nps score", "nps_score", "recommend", "likelihood to recommend", "likely to recommend",
            "ltr", "推荐", "推荐意愿", "推荐可能性", "推荐意向", "推荐度", "净推荐值", "推荐分"),
}
_WEIGHT_WORDS = ("w", "weight", "importance", "points", "重要性", "权重", "重要度")

# English keywords (matched as whole words, or glued: "firstname") and Chinese ones (matched anywhere).
_PERSONAL_EN = {
    "name": ("name", "names", "firstname", "lastname", "fullname", "surname", "forename", "given name",
             "family name", "first name", "last name", "full name", "contact name", "customer name",
             "your name", "username"),
    "phone": ("phone", "telephone", "tel", "mobile", "cell", "cellphone", "phonenumber", "mobilephone",
              "phone number", "mobile number", "contact number", "whatsapp"),
    "e-mail": ("email", "e-mail", "mail", "emailaddress", "email address", "e-mail address"),
    "address": ("address", "street", "postcode", "zip", "zipcode"),
    "id document": ("passport", "id card", "idcard", "ssn", "national id"),
}
_PERSONAL_ZH = {
    "name": ("姓名", "名字", "称呼", "联系人"),
    "phone": ("电话", "手机", "联系方式", "手机号", "微信", "QQ"),
    "e-mail": ("邮箱", "电子邮件", "邮件", "电邮"),
    "address": ("地址", "住址", "邮编"),
    "id document": ("身份证", "护照", "证件"),
}
_NOT_PERSONAL_EN = ("store name", "branch name", "shop name", "product name", "company name", "brand name",
                    "service name", "hotel name", "restaurant name")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;.]{2,}$")
_CN_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
_PHONE_CHARS = re.compile(r"^\+?[\d\s\-().]+$")


def _norm_header(h: Any) -> str:
    return re.sub(r"[\s_\-.:：()（）/]+", " ", str(h)).strip().lower()


def _personal_by_header(header: Any) -> str | None:
    text = str(header)
    for kind, words in _PERSONAL_ZH.items():
        if any(w.lower() in text.lower() for w in words):
            return kind
    norm = _norm_header(text)
    if any(p in norm for p in _NOT_PERSONAL_EN):
        return None
    tokens = norm.split()
    glued = norm.replace(" ", "")
    for kind, words in _PERSONAL_EN.items():
        for w in words:
            if (" " in w and w in norm) or w in tokens or (len(w) > 5 and w == glued):
                return kind
    return None


def _personal_by_values(values: pd.Series) -> str | None:
    """'e-mail' or 'phone' when at least half of the non-empty values look like one."""
    s = values.dropna()
    if s.empty:
        return None
    if s.dtype.kind in "iuf":
        num = s.to_numpy(dtype="float64")
        whole = num == np.round(num)
        digits = pd.Series(np.where(whole, num, 0).astype("int64")).astype(str)
        hits = whole & digits.str.match(_CN_MOBILE).to_numpy()
        return "phone" if hits.mean() >= 0.5 else None
    text = s.astype("string").str.strip()
    if text.str.match(_EMAIL).mean() >= 0.5:
        return "e-mail"
    compact = text.str.replace(r"[\s\-().]", "", regex=True)
    n_digits = compact.str.count(r"\d")
    dates = text.str.match(r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$|^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$")
    separated = text.str.match(_PHONE_CHARS) & (text != compact) & n_digits.between(8, 15) & ~dates
    mobile = compact.str.match(_CN_MOBILE)
    plus = text.str.startswith("+") & compact.str.match(r"^\+\d{8,15}$")
    if (separated | mobile | plus).fillna(False).mean() >= 0.5:
        return "phone"
    return None


def personal_columns(df: pd.DataFrame, *, protected: Sequence[str] = ()) -> dict[str, str]:
    """Columns that look personal → why (``"name"``, ``"phone"``, ``"e-mail"``, ``"address"`` …).

    A column counts as personal when its header names a personal field (English words such as
    *name*, *phone*, *e-mail*; Chinese 姓名, 电话, 手机, 邮箱, 地址 …) or when at least half of its
    values look like e-mail addresses or phone numbers (Chinese mobile numbers, numbers written
    with separators or a leading +). Columns in ``protected`` (the survey's own columns) are never
    flagged.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"contact": ["a@b.com", "c@d.cn"], "Store name": ["A", "B"],
    ...                    "x": [13800138000, 13900139000], "E1": [7, 6]})
    >>> personal_columns(df)
    {'contact': 'e-mail', 'x': 'phone'}
    """
    found = {}
    for col in df.columns:
        if col in protected:
            continue
        why = _personal_by_header(col) or _personal_by_values(df[col])
        if why:
            found[col] = why
    return found


# --------------------------------------------------------------------------- mapping file
_CANONICAL = re.compile(r"^(?:[EPAD](?:[1-9]|1\d|2[0-2])|respondent|segment|nps|W_(?:tangibles|reliability|"
                        r"responsiveness|assurance|empathy))$")


def read_mapping(path: str | os.PathLike | None) -> dict:
    """Read a column-mapping file: ``{"columns": {...}, "likert": {...} or None, "scale": (lo, hi) or None}``.

    The YAML file either maps headers to canonical names directly, or has the keys ``columns``
    (header → ``E1``…``P22``, ``respondent``, ``segment``, ``nps``, ``W_<dimension>``), ``likert``
    (answer text → number) and ``scale`` (``[1, 5]``).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "map.yml"
    >>> _ = p.write_text("columns:\\n  门店: segment\\n  推荐分数: nps\\nscale: [1, 5]\\n", encoding="utf-8")
    >>> read_mapping(p)
    {'columns': {'门店': 'segment', '推荐分数': 'nps'}, 'likert': None, 'scale': (1, 5)}
    """
    empty = {"columns": {}, "likert": None, "scale": None}
    if path is None:
        return empty
    from .data import load_yaml

    path = Path(path)
    if not path.is_file():
        raise CourseDataError("mapping file not found", source=str(path),
                              fix="check the path given to --mapping")
    content = load_yaml(path)
    if content is None:
        return empty
    if not isinstance(content, dict):
        raise CourseDataError("a mapping file must be a set of `key: value` lines", source=path.name,
                              expected="e.g. `columns:` followed by `  your header: E1` lines",
                              fix="see `service-course report --help` for the format")
    structured = set(content) & {"columns", "likert", "scale"}
    columns = content.get("columns", {}) if structured else content
    extra = sorted(set(content) - {"columns", "likert", "scale"}) if structured else []
    if extra:
        raise CourseDataError("unknown keys in the mapping file", source=path.name, column=extra,
                              expected="columns, likert, scale", fix="remove or rename those keys")
    if not isinstance(columns, dict):
        raise CourseDataError("`columns` must map your headers to course names", source=path.name,
                              column="columns", expected="`your header: E1` lines", fix="indent them under columns:")
    bad = [f"{k}: {v}" for k, v in columns.items() if not isinstance(v, str) or not _CANONICAL.match(v)]
    if bad:
        raise CourseDataError(f"unknown target name in the mapping, e.g. {bad[0]!r}", source=path.name,
                              column="columns", expected="E1…E22, P1…P22, respondent, segment, nps or "
                              "W_tangibles … W_empathy", fix="map each header to one of these names")
    likert = content.get("likert") if structured else None
    if likert is not None and (not isinstance(likert, dict)
                               or not all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                          for v in likert.values())):
        raise CourseDataError("`likert` must map answer text to numbers", source=path.name, column="likert",
                              expected="lines like `非常满意: 7`", fix="give a number for each answer label")
    scale = content.get("scale") if structured else None
    if scale is not None:
        ok = (isinstance(scale, (list, tuple)) and len(scale) == 2
              and all(isinstance(v, int) and not isinstance(v, bool) for v in scale) and scale[0] < scale[1])
        if not ok:
            raise CourseDataError(f"invalid scale {scale!r}", source=path.name, column="scale",
                                  expected="two whole numbers, lowest first, e.g. [1, 7] or [1, 5]",
                                  fix="write `scale: [1, 7]`")
        scale = (int(scale[0]), int(scale[1]))
    return {"columns": {str(k): v for k, v in columns.items()}, "likert": likert, "scale": scale}


def _weight_target(header: str) -> str | None:
    from .servqual import DIMENSIONS

    norm = _norm_header(header)
    for key, dim in DIMENSIONS.items():
        names = (key, dim.en.lower(), dim.zh)
        for word in _WEIGHT_WORDS:
            for name in names:
                if norm in (f"{word} {name}", f"{name} {word}", f"{word}{name}", f"{name}{word}"):
                    return f"W_{key}"
    return None


def detect_roles(columns: Sequence[str]) -> dict[str, str]:
    """Headers recognised as respondent id, segment, NPS or importance points → canonical name.

    Examples
    --------
    >>> detect_roles(["受访者编号", "客户类型", "推荐意愿", "可靠性权重", "E1"])
    {'受访者编号': 'respondent', '客户类型': 'segment', '推荐意愿': 'nps', '可靠性权重': 'W_reliability'}
    """
    present = set(columns)
    out: dict[str, str] = {}
    for role, names in _ROLE_HEADERS.items():
        if role in present:
            continue
        hits = [c for c in columns if _norm_header(c) in names]
        if len(hits) > 1:
            raise CourseDataError(f"several columns could be the {role!r} column", column=hits,
                                  expected=f"one {role} column",
                                  fix=f"say which one in a mapping file (columns: {{'{hits[0]}': {role}}})")
        if hits:
            out[hits[0]] = role
    for c in columns:
        target = _weight_target(c) if c not in out else None
        if target and target not in present and target not in out.values():
            out[c] = target
    return out


# --------------------------------------------------------------------------- validation
@dataclass(frozen=True)
class Survey:
    """A validated survey: the canonical table and what was found in the file."""

    data: pd.DataFrame
    source: str
    scale: tuple[int, int]
    items: tuple[int, ...]
    has_segment: bool
    has_nps: bool
    has_weights: bool
    dropped: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)


def _rows(mask) -> list[int]:
    return (np.flatnonzero(np.asarray(mask)) + 1).tolist()


def _check_nps(values: pd.Series, source: str, column: str) -> pd.Series:
    num = values if values.dtype.kind in "iuf" else pd.to_numeric(values.astype("string").str.strip(),
                                                                  errors="coerce")
    num = num.astype("float64")
    bad = values.notna() & (num.isna() | (num < 0) | (num > 10) | (num != num.round()))
    if bad.any():
        first = values[bad].iloc[0]
        first = first.item() if isinstance(first, np.generic) else first
        raise CourseDataError(f"likelihood-to-recommend answers outside 0–10, such as {first!r}",
                              source=source, row=_rows(bad), column=column,
                              expected="whole numbers from 0 (not at all likely) to 10 (extremely likely), or empty",
                              fix="correct those answers, or map another column to nps (a 1–5 or 1–7 "
                                  "satisfaction scale is not an NPS question)")
    return num


def validate_survey(path: str | os.PathLike, *, mapping: Mapping[str, str] | str | os.PathLike | None = None,
                    scale: tuple[int, int] | None = None, likert: Mapping[str, int] | None = None,
                    keep_personal: bool = False, sheet: str | int | None = None) -> Survey:
    """Read and validate a survey export; return the cleaned canonical table (no kernel involved).

    ``mapping`` is a dict (header → canonical name) or the path of a mapping file
    (:func:`read_mapping`, which may also set ``likert`` and ``scale``). Raises
    :class:`CourseDataError` for anything that would stop the report.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> rows = ["姓名,期望5,感知5,推荐意愿"] + [f"客户{i},7,{4 + i % 3},{5 + i}" for i in range(6)]
    >>> _ = p.write_bytes("\\n".join(rows).encode("gbk"))
    >>> s = validate_survey(p)
    >>> list(s.data.columns), s.dropped, s.has_nps
    (['nps', 'E5', 'P5'], {'姓名': 'name'}, True)
    >>> list(validate_survey(p, keep_personal=True).data.columns)
    ['nps', 'E5', 'P5', '姓名']
    """
    from . import servqual as sq
    from .data import read_table

    if mapping is None or isinstance(mapping, Mapping):
        spec = {"columns": dict(mapping or {}), "likert": None, "scale": None}
    else:
        spec = read_mapping(mapping)
    scale = tuple(scale or spec["scale"] or (1, 7))
    likert = likert if likert is not None else spec["likert"]
    source = Path(path).name
    raw = read_table(path, sheet=sheet)
    df = sq.standardize_columns(raw, spec["columns"], source=source)
    roles = detect_roles([c for c in df.columns])
    df = df.rename(columns=roles)
    renamed = {str(a): str(b) for a, b in zip(raw.columns, df.columns) if a != b}
    protected = [c for c in df.columns if _CANONICAL.match(str(c))]
    dropped: dict[str, str] = {}
    if not keep_personal:
        dropped = personal_columns(df, protected=protected)
        df = df.drop(columns=list(dropped))
    try:
        df = sq.prepare(df, likert=likert, scale=scale, source=source)
        numbers = sq.item_numbers(df, "EP", source)  # every item asked as E and P
    except CourseDataError as exc:
        raise _in_user_terms(exc, renamed) from None
    pairs = np.column_stack([df[f"E{n}"].notna() & df[f"P{n}"].notna() for n in numbers]).any(axis=1)
    if int(pairs.sum()) < MIN_RESPONDENTS:
        raise CourseDataError(f"only {int(pairs.sum())} respondents answered both E and P of any item",
                              source=source, expected=f"at least {MIN_RESPONDENTS} respondents (30 or more for "
                              "useful intervals)", fix="export all responses, or check the E/P columns are the "
                              "right ones")
    keep = [c for c in ("respondent", "segment", "nps") if c in df.columns]
    weights = [c for c in sq.WEIGHT_COLUMNS.values() if c in df.columns]
    items = [f"{k}{n}" for k in "EP" for n in numbers]
    extra = [c for c in df.columns if c not in set(keep + items + weights)]  # kept, never analysed or shown
    out = df[keep + items + weights + extra].copy()
    if "segment" in out.columns:
        seg = out["segment"].astype("string").str.strip()
        out["segment"] = seg.where(seg != "", pd.NA)
        if out["segment"].nunique() < 2:
            out = out.drop(columns="segment")
    if "nps" in out.columns:
        out["nps"] = _check_nps(out["nps"], source, renamed_back(renamed, "nps"))
    try:
        if weights:
            sq.servqual_score(out, scale=scale, source=source)  # validates the 100-point allocations
        sq.gap_scores(out, scale=scale, source=source)
    except CourseDataError as exc:
        raise _in_user_terms(exc, renamed) from None
    return Survey(out.reset_index(drop=True), source, scale, tuple(numbers), "segment" in out.columns,
                  "nps" in out.columns and bool(out["nps"].notna().any()), len(weights) == 5,
                  dropped, renamed)


def _in_user_terms(exc: CourseDataError, renamed: Mapping[str, str]) -> CourseDataError:
    """The same error, naming columns by the user's headers ("期望5 (E5)") and suggesting a mapping file."""
    back = {b: a for a, b in renamed.items()}

    def name(c):
        return f"{back[c]} ({c})" if c in back else c

    column = exc.column
    if isinstance(column, str):
        column = name(column)
    elif column is not None:
        column = [name(c) for c in column]
    fix = exc.fix
    if exc.problem.startswith("non-numeric values"):
        fix = ("correct the typing, or list your answer labels with their numbers under `likert:` in a "
               "--mapping file (e.g. `很好: 6`)")
    return CourseDataError(exc.problem, source=exc.source, row=exc.row, column=column, expected=exc.expected, fix=fix)


def renamed_back(renamed: Mapping[str, str], canonical: str) -> str:
    """The header a canonical column had in the user's file (for error messages)."""
    return next((a for a, b in renamed.items() if b == canonical), canonical)


def write_clean(survey: Survey, path: str | os.PathLike) -> Path:
    """Write the validated table as UTF-8 CSV (the notebook's input)."""
    path = Path(path)
    survey.data.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return path


def load_clean(path: str | os.PathLike) -> pd.DataFrame:
    """Read the CSV written by :func:`write_clean` (segment as text)."""
    return pd.read_csv(path, encoding="utf-8", dtype={"segment": "string", "respondent": "string"})


def template_path() -> Path:
    """The report notebook shipped with the package."""
    return Path(str(resources.files("course_lib") / "report_template.ipynb"))


# --------------------------------------------------------------------------- texts and tables for the notebook
TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "# Service quality report: {industry}", "zh": "# 服务质量诊断报告：{industry}"},
    "intro": {"en": "Survey file **{source}**: {n} respondents, {k} SERVQUAL items asked as expectation (E) "
                    "and perception (P) on a {lo}–{hi} scale. Gap = P − E: negative means customers got less "
                    "than they expected. Intervals are 95% confidence intervals.",
              "zh": "问卷文件 **{source}**：{n} 位受访者，{k} 个 SERVQUAL 题项，每题分别询问期望（E）与感知（P），"
                    "{lo}–{hi} 分量表。差距 = P − E：为负表示顾客得到的低于期望。区间为 95% 置信区间。"},
    "small": {"en": "> **Caution:** fewer than 30 respondents: the intervals are wide; read the results as "
                    "indications, not as proof.",
              "zh": "> **注意：**受访者少于 30 人，置信区间很宽；结果只能作为参考，不能作为定论。"},
    "dropped": {"en": "Personal columns left out of this report: {cols}.",
                "zh": "本报告未使用以下个人信息列：{cols}。"},
    "gaps": {"en": "## 1. SERVQUAL gaps by dimension (服务质量差距)",
             "zh": "## 1. 各维度的服务质量差距（SERVQUAL gaps）"},
    "gaps_note": {"en": "A dimension whose whole interval lies below 0 falls short of expectations beyond "
                        "sampling noise.",
                  "zh": "若某维度的整个置信区间都在 0 以下，说明其未达期望并非抽样误差所致。"},
    "items": {"en": "### The five items with the largest shortfall", "zh": "### 差距最大的五个题项"},
    "reliability": {"en": "## 2. Reliability of the scales (信度, Cronbach's α)",
                    "zh": "## 2. 量表信度（Cronbach's α）"},
    "reliability_note": {"en": "α of 0.7 or more is commonly taken as acceptable for comparing groups "
                               "(Nunnally 1978); dimensions with a single item have no α.",
                         "zh": "通常认为 α ≥ 0.7 即可用于群体比较（Nunnally 1978）；只有一个题项的维度无法计算 α。"},
    "ipa": {"en": "## 3. Importance-performance analysis (重要性-绩效分析, IPA)",
            "zh": "## 3. 重要性-绩效分析（IPA）"},
    "ipa_weights": {"en": "Importance = the respondents' mean 100-point allocation; performance = mean "
                          "perception (P). The crosshair is at the mean of the dimensions.",
                    "zh": "重要性 = 受访者 100 分重要性分配的平均值；绩效 = 感知（P）平均分。十字线位于各维度的平均值。"},
    "ipa_expect": {"en": "The file has no importance allocations, so importance = mean expectation (E), a "
                         "common stand-in; performance = mean perception (P). The crosshair is at the mean of "
                         "the dimensions.",
                   "zh": "文件中没有重要性分配，因此以期望（E）平均分代替重要性（常见做法）；绩效 = 感知（P）平均分。"
                         "十字线位于各维度的平均值。"},
    "ipa_flat": {"en": "> **Read the quadrants with care:** the importance values differ by only {spread:.2f} points, "
                       "so small differences decide the quadrant. The gaps above are the firmer guide.",
                 "zh": "> **谨慎解读象限：**各维度重要性只相差 {spread:.2f} 分，象限归属取决于细微差异；上面的差距分析更可靠。"},
    "priorities": {"en": "## 4. Priorities for improvement (改进优先级)", "zh": "## 4. 改进优先级"},
    "priorities_note": {"en": "Priority = importance share × shortfall (−gap when the gap is negative): a large "
                              "gap on a dimension customers care about comes first.",
                        "zh": "优先级 = 重要性占比 × 差距缺口（差距为负时取 −差距）：顾客越看重、差距越大的维度越优先。"},
    "nps": {"en": "## Net Promoter Score (净推荐值, NPS)", "zh": "## 净推荐值（NPS）"},
    "nps_note": {"en": "NPS = % promoters (9–10) − % detractors (0–6), with the adjusted-Wald interval "
                       "(Rocks 2016).",
                 "zh": "NPS = 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比，区间为调整 Wald 区间（Rocks 2016）。"},
    "segments": {"en": "## Segment comparison (细分群体对比)", "zh": "## 细分群体对比"},
    "segments_note": {"en": "Mean gap per dimension and segment; p is from a one-way ANOVA of the respondents' "
                            "dimension gaps across segments (p < 0.05: the segments differ beyond noise).",
                      "zh": "各细分群体在各维度的平均差距；p 值来自对受访者维度差距的单因素方差分析"
                            "（p < 0.05 表示群体间差异超出随机波动）。"},
    "method": {"en": "## About this report", "zh": "## 关于本报告"},
    "method_text": {"en": "Made with `service-course report` from the Service Excellence course. SERVQUAL: "
                          "Parasuraman, Zeithaml & Berry (1988, 1991). IPA: Martilla & James (1977). NPS: "
                          "Reichheld (2003); interval: Rocks (2016). Cronbach (1951); Feldt interval for α. "
                          "The numbers describe the respondents in the file; whether they represent all "
                          "customers depends on how they were sampled.",
                    "zh": "由“卓越服务”课程的 `service-course report` 生成。SERVQUAL：Parasuraman, Zeithaml & "
                          "Berry（1988, 1991）。IPA：Martilla & James（1977）。NPS：Reichheld（2003），区间："
                          "Rocks（2016）。Cronbach（1951），α 的 Feldt 区间。数字只描述文件中的受访者，能否代表全部顾客"
                          "取决于抽样方式。"},
}


def say(key: str, lang: str = "en", **values) -> str:
    """A report text in ``lang`` with ``values`` filled in.

    Examples
    --------
    >>> say("dropped", "zh", cols="姓名")
    '本报告未使用以下个人信息列：姓名。'
    """
    return style.pick(TEXT[key], lang).format(**values)


def _md_escape(value) -> str:
    """User text (file names, headers, industry) made inert in Markdown: HTML escaped, markup backslashed."""
    import html

    return re.sub(r"([\\`*_\[\]{}#|!~])", r"\\\1", html.escape(str(value), quote=False))


def heading(key: str, lang: str = "en", **values):
    """The text :func:`say` returns, as Markdown for display in the notebook; values are escaped.

    Examples
    --------
    >>> print(heading("dropped", cols="<script>x</script>, *name*").data)
    Personal columns left out of this report: &lt;script&gt;x&lt;/script&gt;, \\*name\\*.
    """
    from IPython.display import Markdown

    return Markdown(say(key, lang, **{k: v if isinstance(v, (int, float)) else _md_escape(v)
                                      for k, v in values.items()}))


def industry_label(industry: str | None, lang: str = "en") -> str:
    """Display name of an industry key (restaurant, travel, bank); other names are shown as given.

    Examples
    --------
    >>> industry_label("bank", "zh"), industry_label("Dental clinics"), industry_label(None)
    ('银行', 'Dental clinics', 'Service')
    """
    if not industry:
        return style.pick({"en": "Service", "zh": "服务"}, lang)
    return style.pick(INDUSTRIES[industry], lang) if industry in INDUSTRIES else str(industry)


def _dim(key: str, lang: str) -> str:
    from .servqual import DIMENSIONS

    return DIMENSIONS[key].label(lang) if key in DIMENSIONS else str(key)


def _p(values) -> list[str]:
    """p-values as text: three decimals, "<0.001" below that, "–" when undefined."""
    return ["–" if pd.isna(v) else ("<0.001" if v < 0.001 else f"{v:.3f}") for v in values]


def _cols(lang: str, **names: dict) -> dict:
    return {k: style.pick(v, lang) for k, v in names.items()}


def overview_table(df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """What the report found in the file: respondents, items, segments, NPS answers, allocations."""
    from .servqual import WEIGHT_COLUMNS, item_columns

    items = item_columns(df, "EP")
    rows = [({"en": "respondents", "zh": "受访者人数"}, len(df)),
            ({"en": "SERVQUAL items (E and P)", "zh": "SERVQUAL 题项（E 与 P）"}, len(items) // 2),
            ({"en": "missing item answers", "zh": "缺失的题项回答"}, int(df[items].isna().to_numpy().sum())),
            ({"en": "segments", "zh": "细分群体数"}, int(df["segment"].nunique()) if "segment" in df else 0),
            ({"en": "NPS answers", "zh": "NPS 回答数"}, int(df["nps"].notna().sum()) if "nps" in df else 0),
            ({"en": "importance allocations", "zh": "重要性分配"},
             style.pick({"en": "yes", "zh": "有"} if all(c in df for c in WEIGHT_COLUMNS.values())
                        else {"en": "no", "zh": "无"}, lang)),
            ({"en": "other columns (not analysed)", "zh": "其他列（未分析）"},
             ", ".join(str(c) for c in df.columns if not _CANONICAL.match(str(c)) or str(c)[0] in "AD") or "–")]
    return pd.DataFrame({style.pick({"en": "value", "zh": "数值"}, lang): [str(v) for _, v in rows]},
                        index=pd.Index([style.pick(k, lang) for k, _ in rows], name=""))


def gap_table(df: pd.DataFrame, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """Per dimension: mean E, mean P, gap, 95% interval, n and p (paired t-test), labelled in ``lang``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E5": [7, 6, 7, 5], "P5": [5, 5, 6, 5]})
    >>> t = gap_table(df)
    >>> t.iloc[0, :5].astype(float).round(3).tolist(), int(t.iloc[0, 5]), t.iloc[0, 6]
    ([6.25, 5.25, -1.0, -2.299, 0.299], 4, '0.092')
    """
    from .servqual import gap_scores, gap_significance

    sig = gap_significance(df, scale=scale)
    means = gap_scores(df, scale=scale).dimensions
    t = pd.DataFrame({"E": means["E"], "P": means["P"], "gap": sig["gap"], "low": sig["ci_low"],
                      "high": sig["ci_high"], "n": sig["n"].astype("int64"), "p": _p(sig["p"])})
    t.index = [_dim(d, lang) for d in t.index]
    t.index.name = style.pick({"en": "dimension", "zh": "维度"}, lang)
    return t.rename(columns=_cols(lang, E={"en": "E (expected)", "zh": "E（期望）"},
                                  P={"en": "P (perceived)", "zh": "P（感知）"}, gap={"en": "gap P−E", "zh": "差距 P−E"},
                                  low={"en": "95% low", "zh": "95% 下限"}, high={"en": "95% high", "zh": "95% 上限"},
                                  n={"en": "n", "zh": "人数"}, p={"en": "p", "zh": "p 值"}))


def worst_items(df: pd.DataFrame, lang: str = "en", scale=(1, 7), n: int = 5) -> pd.DataFrame:
    """The ``n`` items with the most negative mean gap, with their text and dimension."""
    from .servqual import ITEMS, gap_scores

    items = gap_scores(df, scale=scale).items.sort_values("gap", kind="stable").head(n)
    text = {it.number: it.label(lang) for it in ITEMS}
    t = pd.DataFrame({"dimension": [_dim(d, lang) for d in items["dimension"]],
                      "text": [text[i] for i in items.index], "gap": items["gap"].to_numpy(),
                      "n": items["n"].to_numpy()}, index=pd.Index(items.index, name=style.pick(
                          {"en": "item", "zh": "题号"}, lang)))
    return t.rename(columns=_cols(lang, dimension={"en": "dimension", "zh": "维度"},
                                  text={"en": "item (paraphrase)", "zh": "题项（意译）"},
                                  gap={"en": "gap P−E", "zh": "差距 P−E"}, n={"en": "n", "zh": "人数"}))


def reliability_table(df: pd.DataFrame, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """Cronbach's alpha (pairwise) with Feldt 95% interval per dimension, for E and P."""
    from .servqual import reliability

    try:
        s = reliability(df, scale=scale).scales.reset_index()
    except CourseDataError:  # no dimension with two items: nothing to report
        s = pd.DataFrame(columns=["dimension", "kind", "k", "alpha", "ci_low", "ci_high"])
    t = pd.DataFrame({"dimension": [_dim(d, lang) for d in s["dimension"]],
                      "kind": s["kind"].map({"E": style.pick({"en": "E (expected)", "zh": "E（期望）"}, lang),
                                             "P": style.pick({"en": "P (perceived)", "zh": "P（感知）"}, lang)}),
                      "k": s["k"], "alpha": s["alpha"], "low": s["ci_low"], "high": s["ci_high"]})
    t = t.set_index(["dimension", "kind"])
    t.index.names = [style.pick({"en": "dimension", "zh": "维度"}, lang), style.pick({"en": "scale", "zh": "量表"}, lang)]
    return t.rename(columns=_cols(lang, k={"en": "items", "zh": "题项数"}, alpha={"en": "α", "zh": "α"},
                                  low={"en": "95% low", "zh": "95% 下限"}, high={"en": "95% high", "zh": "95% 上限"}))


def importance_performance(df: pd.DataFrame, scale=(1, 7)):
    """IPA of the dimensions: importance = mean 100-point allocation (or mean E when absent),
    performance = mean P; crosshair at the means. Returns ``(IPA, uses_allocations)``."""
    from .servqual import WEIGHT_COLUMNS, gap_scores, ipa

    dims = gap_scores(df, scale=scale).dimensions
    cols = [WEIGHT_COLUMNS[d] for d in dims.index]
    if all(c in df.columns for c in cols):
        importance = pd.Series(df[cols].mean().to_numpy(), index=dims.index)
        return ipa(importance, dims["P"], scale=scale), True
    return ipa(dims["E"], dims["P"], scale=scale), False


def priority_table(df: pd.DataFrame, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """Dimensions ranked by priority = importance share × shortfall (max(−gap, 0)), with the IPA quadrant.

    Importance shares are the mean 100-point allocations (or the mean expectations, normalised).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"E1": [6, 6], "P1": [6, 6], "E5": [7, 7], "P5": [5, 4]})
    >>> priority_table(df)["priority"].round(4).tolist()
    [1.3462, 0.0]
    """
    from .servqual import QUADRANTS, gap_scores

    res, _ = importance_performance(df, scale)
    gaps = gap_scores(df, scale=scale).dimensions["gap"]
    share = res.table["importance"] / res.table["importance"].sum()
    t = pd.DataFrame({"share": share, "gap": gaps.loc[share.index]})
    t["priority"] = t["share"] * np.maximum(-t["gap"], 0)
    t["quadrant"] = [style.pick(QUADRANTS[q], lang) for q in res.table["quadrant"]]
    t = t.sort_values(["priority", "gap"], ascending=[False, True], kind="stable")
    t.index = [_dim(d, lang) for d in t.index]
    t.index.name = style.pick({"en": "dimension", "zh": "维度"}, lang)
    return t.rename(columns=_cols(lang, share={"en": "importance share", "zh": "重要性占比"},
                                  gap={"en": "gap P−E", "zh": "差距 P−E"}, priority={"en": "priority", "zh": "优先级"},
                                  quadrant={"en": "IPA quadrant", "zh": "IPA 象限"}))


def nps_table(df: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """NPS overall (and per segment when there is one) with adjusted-Wald 95% intervals."""
    from . import nps as _nps

    answered = df[df["nps"].notna()].copy()
    answered["nps"] = answered["nps"].astype("int64")
    overall = _nps.nps(answered["nps"], method="adjusted_wald")
    all_label = style.pick({"en": "all respondents", "zh": "全部受访者"}, lang)
    rows = [{"group": all_label, "n": overall.n, "promoters": overall.promoters, "passives": overall.passives,
             "detractors": overall.detractors, "nps": overall.score, "low": overall.low, "high": overall.high}]
    if "segment" in answered.columns:
        seg = answered.dropna(subset=["segment"])
        by = _nps.nps_by(seg, "segment", score="nps", method="adjusted_wald")
        for key, r in by.iterrows():
            rows.append({"group": str(key), **{c: r[c] for c in ("n", "promoters", "passives", "detractors",
                                                                 "nps", "low", "high")}})
    t = pd.DataFrame(rows).set_index("group")
    t["n"] = t["n"].astype("int64")
    t.index.name = style.pick({"en": "group", "zh": "群体"}, lang)
    return t.rename(columns=_cols(lang, n={"en": "n", "zh": "人数"}, promoters={"en": "promoters", "zh": "推荐者"},
                                  passives={"en": "passives", "zh": "被动者"},
                                  detractors={"en": "detractors", "zh": "贬损者"}, nps={"en": "NPS", "zh": "NPS"},
                                  low={"en": "95% low", "zh": "95% 下限"}, high={"en": "95% high", "zh": "95% 上限"}))


def plot_nps(df: pd.DataFrame, ax=None, lang: str = "en"):
    """Promoter/passive/detractor shares with NPS and interval: all respondents, then each segment.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"nps": [10, 9, 3, None, 7], "segment": ["a", "a", "b", "b", "b"]})
    >>> ax = plot_nps(df)
    >>> [t.get_text() for t in ax.get_yticklabels()]
    ['all respondents', 'a', 'b']
    """
    from . import nps as _nps

    answered = df[df["nps"].notna()].copy()
    answered["nps"] = answered["nps"].astype("int64")
    all_label = style.pick({"en": "all respondents", "zh": "全部受访者"}, lang)
    parts = [_nps.nps_by(answered.assign(group=all_label), "group", score="nps", method="adjusted_wald")]
    if "segment" in answered.columns:
        seg = answered.dropna(subset=["segment"]).assign(group=lambda d: d["segment"].astype(str))
        parts.append(_nps.nps_by(seg, "group", score="nps", method="adjusted_wald"))
    return _nps.plot_segments(pd.concat(parts), ax=ax, lang=lang,
                              title={"en": "Net Promoter Score", "zh": "净推荐值（NPS）"})


def segment_gap_table(df: pd.DataFrame, lang: str = "en", scale=(1, 7)) -> pd.DataFrame:
    """Mean dimension gap per segment (columns) and the one-way ANOVA p-value across segments.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"segment": ["a", "a", "b", "b"], "E5": [7, 7, 6, 6], "P5": [5, 4, 6, 5]})
    >>> t = segment_gap_table(df)
    >>> t.iloc[0, :2].astype(float).tolist(), t.iloc[0, 2]
    ([-2.5, -0.5], '0.106')
    """
    from scipy import stats

    from .servqual import gap_scores

    sub = df.dropna(subset=["segment"])
    g = gap_scores(sub, by="segment", scale=scale)
    t = g.dimensions["gap"].unstack("segment")
    order = [d for d in g.respondents.columns if not d.startswith("G") and d != "segment"]
    t = t.loc[order]
    resp = g.respondents
    pvals = []
    for d in order:
        groups = [x.dropna().to_numpy() for _, x in resp.groupby("segment", observed=True, sort=True)[d]]
        groups = [x for x in groups if len(x) >= 2]
        ok = len(groups) >= 2 and any(np.var(x) > 0 for x in groups)
        pvals.append(float(stats.f_oneway(*groups).pvalue) if ok else np.nan)
    t["p"] = _p(pvals)
    t.index = [_dim(d, lang) for d in t.index]
    t.index.name = style.pick({"en": "dimension", "zh": "维度"}, lang)
    t.columns.name = None
    return t.rename(columns={"p": style.pick({"en": "p (ANOVA)", "zh": "p 值（方差分析）"}, lang)})


def plot_segment_gaps(df: pd.DataFrame, ax=None, lang: str = "en", scale=(1, 7)):
    """Grouped horizontal bars: the mean gap of each dimension, one bar per segment.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"segment": ["a", "a", "b", "b"], "E5": [7, 7, 6, 6], "P5": [5, 4, 6, 5]})
    >>> ax = plot_segment_gaps(df, lang="zh")
    >>> ax.get_yticklabels()[0].get_text(), ax.get_legend().get_texts()[1].get_text()
    ('可靠性', 'b')
    """
    style.check_lang(lang)
    t = segment_gap_table(df, lang, scale).iloc[:, :-1].astype("float64")
    ax = style.new_ax(ax, figsize=(8, max(3.0, 0.5 * len(t) * max(1, len(t.columns) / 2) + 1.5)))
    k = len(t.columns)
    height = 0.8 / k
    y = np.arange(len(t))[::-1]
    for j, seg in enumerate(t.columns):
        ax.barh(y + 0.4 - height * (j + 0.5), t[seg].to_numpy(), height=height,
                color=style.SEQUENCE[j % len(style.SEQUENCE)], label=str(seg))
    ax.axvline(0, color=style.PALETTE["black"], linewidth=1)
    ax.set_yticks(y)
    ax.set_yticklabels(list(t.index))
    ax.grid(axis="y", visible=False)
    ax.legend(title=style.pick({"en": "segment", "zh": "细分群体"}, lang), loc="best", fontsize=10)
    style.finish(ax, title={"en": "Gaps by segment (P − E)", "zh": "各细分群体的差距（P − E）"},
                 xlabel={"en": "mean gap", "zh": "平均差距"}, lang=lang)
    return ax


# --------------------------------------------------------------------------- HTML export
_TEMPLATE = r"""{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_png scoped -%}
<div class="jp-RenderedImage jp-OutputArea-output">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="{{ output.metadata.get('alt', 'figure') | escape_html }}">
</div>
{%- endblock data_png -%}
{%- block extra_css -%}
<style type="text/css">
body.jp-Notebook { max-width: 60rem; margin: 0 auto; padding: 1rem 2rem; }
.jp-RenderedImage img { max-width: 100%; height: auto; }
</style>
{%- endblock extra_css -%}
"""


def _strip_for_export(nb, lang: str = "en"):
    """Remove what must not reach the reader (stderr streams, widget state); number the figures' alt texts."""
    nb.metadata.pop("widgets", None)
    figure = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        cell.outputs = [o for o in cell.get("outputs", [])
                        if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        for o in cell.outputs:
            if "image/png" in o.get("data", {}):
                figure += 1
                o.setdefault("metadata", {})["alt"] = style.pick({"en": "Figure", "zh": "图"}, lang) + f" {figure}"
    return nb


def export_html(nb, *, lang: str = "en", title: str = "Service quality report") -> str:
    """Executed notebook → self-contained HTML without code cells (figures as base64, nothing remote)."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    nb = _strip_for_export(nb, lang)
    nb.metadata["title"] = title
    exporter = HTMLExporter(template_name="lab", extra_loaders=[DictLoader({"course_report.html.j2": _TEMPLATE})],
                            template_file="course_report.html.j2", exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True, sanitize_html=False)
    exporter.language_code = "zh-Hans" if lang == "zh" else "en"
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return embed_font(body)


def embed_font(html: str) -> str:
    """Embed the course's CJK font, cut down to the non-ASCII characters the page uses, as a data: URI.

    Readers whose machine has no Chinese font still see the Chinese text (figures are pictures and
    need nothing). The subset of a typical report is well under 100 KiB. Latin text keeps the
    reader's system font (the subset has no ASCII glyphs).

    Examples
    --------
    >>> page = embed_font("<html><head></head><body>可靠性 – α</body></html>")
    >>> "@font-face" in page and "data:font/woff;base64," in page and external_resources(page) == []
    True
    """
    import io

    chars = sorted({ord(c) for c in html if ord(c) >= 0x80})
    path = style.font_path()
    if not chars or not path.exists() or "</head>" not in html:
        return html
    from fontTools import subset

    opts = subset.Options()
    opts.flavor = "woff"  # zlib-compressed; needs nothing beyond fontTools
    opts.layout_features = ["*"]
    opts.notdef_outline = True
    font = subset.load_font(str(path), opts)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=chars)
    sub.subset(font)
    buf = io.BytesIO()
    subset.save_font(font, buf, opts)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    stack = ('"Course Embedded CJK", system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "PingFang SC", '
             '"Microsoft YaHei", sans-serif')
    face = ('<style type="text/css">@font-face { font-family: "Course Embedded CJK"; '
            f'src: url(data:font/woff;base64,{data}) format("woff"); }}\n'
            f':root {{ --jp-content-font-family: {stack}; --jp-ui-font-family: {stack}; }}\n'
            f'body {{ font-family: {stack}; }}</style>\n')  # after the theme's styles, so these win
    head_end = html.index("</head>")
    return html[:head_end] + face + html[head_end:]


def external_resources(html: str) -> list[str]:
    """Everything an HTML page would load from elsewhere (script/link/img/iframe/… sources, CSS
    ``url()`` and ``@import``), except ``data:`` URIs. A self-contained report returns ``[]``.

    Examples
    --------
    >>> external_resources('<img src="data:image/png;base64,AAAA"><script src="https://cdn.x/require.js"></script>')
    ['https://cdn.x/require.js']
    """
    from .offline import loaded_urls

    return loaded_urls(html)


def write_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` to a temporary file in the same folder, then rename it over ``path``.

    A reader (or a crash) never sees a half-written file: ``path`` holds either the old content
    or the new one.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "r.html"
    >>> _ = write_atomic(p, "<p>hi</p>")
    >>> p.read_text(), [q.name for q in p.parent.iterdir()]
    ('<p>hi</p>', ['r.html'])
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path


# --------------------------------------------------------------------------- the whole pipeline
def _check_out(out: Path) -> Path:
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise CourseDataError("the report is an HTML file", source=str(out), expected="a name ending in .html",
                              fix="pass --out report.html")
    if out.is_dir():
        raise CourseDataError("this is a folder", source=str(out), fix="pass the path of the .html file to write")
    if not out.resolve().parent.is_dir():
        raise CourseDataError("the folder for the report does not exist", source=str(out.parent),
                              fix="create the folder first, or write the report elsewhere")
    return out


def build_report(survey: str | os.PathLike, out: str | os.PathLike, *, industry: str | None = None,
                 lang: str = "en", mapping=None, scale=None, keep_personal: bool = False,
                 progress: bool = True, warnings_as_errors: bool = False, log=print) -> Path:
    """Validate ``survey``, run the report notebook on the cleaned data, write self-contained HTML to ``out``.

    Raises :class:`CourseDataError` (before any kernel starts) for a bad file, ``RuntimeError``
    when the notebook fails. ``warnings_as_errors`` makes the kernel treat FutureWarnings (and
    DeprecationWarnings from course code) as errors, as the tests do.
    """
    import nbformat

    style.check_lang(lang)
    out = _check_out(Path(out))
    checked = validate_survey(survey, mapping=mapping, scale=scale, keep_personal=keep_personal)
    log(f"validated {checked.source}: {len(checked.data)} respondents, {len(checked.items)} items"
        + (", segments" if checked.has_segment else "") + (", NPS" if checked.has_nps else ""))
    if checked.dropped:
        log("left out personal columns: " + ", ".join(f"{c} ({why})" for c, why in checked.dropped.items())
            + "  (use --keep-personal to keep them)")
    title = industry_label(industry, lang) + style.pick({"en": " – service quality report",
                                                          "zh": " – 服务质量诊断报告"}, lang)
    with tempfile.TemporaryDirectory(prefix="course_report_") as tmp:
        tmp = Path(tmp)
        clean = write_clean(checked, tmp / "survey_clean.csv")
        params = {"survey": str(clean), "industry": industry or "", "lang": lang, "source_name": checked.source,
                  "scale_low": int(checked.scale[0]), "scale_high": int(checked.scale[1]),
                  "dropped": list(checked.dropped)}
        executed = _execute(template_path(), tmp / "report.ipynb", params, tmp, progress, warnings_as_errors)
        nb = nbformat.read(executed, as_version=4)
    html = export_html(nb, lang=lang, title=title)
    remote = external_resources(html)
    if remote:  # never ship a report that phones home
        raise RuntimeError("the exported report would load " + ", ".join(remote[:3]) + "; report not written")
    write_atomic(out, html)
    log(f"wrote {out} ({len(html.encode('utf-8')) / 1024:.0f} KiB)")
    return out


def _transport(folder: Path) -> dict:
    """Unix-socket transport where available: no TCP port, no plain-text-TCP notice on the console."""
    if os.name == "posix":
        return {"transport": "ipc", "ip": str(folder / "kernel")}
    return {}


def _execute(source: Path, output: Path, params: dict, cwd: Path, progress: bool, strict_warnings: bool) -> Path:
    import papermill as pm
    from jupyter_client import KernelManager

    env = dict(os.environ)
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    env.pop("MPLBACKEND", None)
    if strict_warnings:
        env["COURSE_WARNINGS"] = "error"
    km = KernelManager(kernel_name="python3", **_transport(cwd))
    km.start_kernel(cwd=str(cwd), env=env)
    try:
        pm.execute_notebook(str(source), str(output), parameters=params, kernel_name="python3",
                            progress_bar=progress, km=km, log_output=False, cwd=None)
    except Exception as exc:  # PapermillExecutionError carries the failing cell's error
        ename = getattr(exc, "ename", type(exc).__name__)
        evalue = getattr(exc, "evalue", str(exc))
        raise RuntimeError(f"the report notebook failed: {ename}: {evalue}"[:2000]) from None
    finally:
        try:
            km.shutdown_kernel(now=True)
        except Exception:
            pass
    return output


# --------------------------------------------------------------------------- command line
MAPPING_HELP = """\
mapping file (YAML), e.g.:
  columns:            # your header: course name
    Q1 期望: E1
    Q1 感知: P1
    门店: segment
    推荐分数: nps      # 0-10 likelihood to recommend
  scale: [1, 7]
  likert: {非常满意: 7, 满意: 6}
Headers such as E1, 期望1, Exp 1, 感知_1 are recognised without a mapping.
"""


def add_arguments(parser) -> None:
    """Define ``service-course report``'s arguments on ``parser``."""
    import argparse

    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.description = ("Validate a survey export (CSV or XLSX) and write a self-contained HTML report: "
                          "SERVQUAL gaps, reliability, IPA, priorities, and NPS and segments when present.")
    parser.epilog = MAPPING_HELP
    parser.add_argument("--survey", required=True, type=Path, help="the survey export (.csv or .xlsx)")
    parser.add_argument("--out", required=True, type=Path, help="the HTML file to write")
    parser.add_argument("--industry", default=None, help="restaurant, travel, bank, or any name for the title")
    parser.add_argument("--lang", default="en", choices=["en", "zh"], help="report language (default: en)")
    parser.add_argument("--mapping", default=None, type=Path, help="YAML file mapping your headers (see below)")
    parser.add_argument("--scale", default=None, metavar="LOW-HIGH", help="answer scale, e.g. 1-5 (default 1-7)")
    parser.add_argument("--keep-personal", action="store_true",
                        help="keep columns that look like names, phone numbers or e-mail addresses")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _parse_scale(text: str | None):
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d+)\s*[-–,:]\s*(\d+)\s*", text)
    if not m or int(m.group(1)) >= int(m.group(2)):
        raise CourseDataError(f"invalid --scale {text!r}", column="--scale", expected="LOW-HIGH, e.g. 1-7 or 1-5",
                              fix="pass --scale 1-7")
    return int(m.group(1)), int(m.group(2))


def run(args) -> int:
    """Run ``service-course report``; 0 on success, 2 for bad input, 1 when the notebook fails."""
    def err(text):
        print(text, file=sys.stderr)

    try:
        build_report(args.survey, args.out, industry=args.industry, lang=args.lang, mapping=args.mapping,
                     scale=_parse_scale(args.scale), keep_personal=args.keep_personal, progress=not args.quiet)
    except CourseDataError as exc:
        err(f"service-course report: the survey cannot be used as it is.\n{exc}")
        return 2
    except RuntimeError as exc:
        err(f"service-course report: {exc}\nNo report was written.")
        return 1
    return 0
