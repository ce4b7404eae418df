"""Reading a survey export for the report: mapping file, column roles, validation, duplicates, personal data.

:func:`validate_survey` reads the export (CSV in any encoding :func:`course_lib.data.read_table` reads,
or XLSX), standardises its headers (``期望5``, ``Exp 5``, a mapping file …), maps Likert answer text
to numbers with :mod:`course_lib.servqual`, leaves personal columns out, parses the NPS answers with
:func:`course_lib.nps.parse_scores` and leaves duplicate submissions out (found by
:func:`course_lib.servqual.validate_responses`). Every problem is a
:class:`~course_lib.errors.CourseDataError` naming the user's own headers.

Canonical columns (after the mapping): ``E1…E22``/``P1…P22`` (any matching subset), optional
``respondent``, ``segment``, ``nps`` (0–10 likelihood to recommend) and the 100-point importance
allocations ``W_tangibles … W_empathy``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from ..errors import CourseDataError, row_numbers, show
from .personal import norm_header, personal_columns, personal_values

__all__ = ["MIN_RESPONDENTS", "CANONICAL", "Survey", "read_mapping", "detect_roles", "validate_survey",
           "renamed_back", "in_user_terms", "write_clean", "load_clean", "parse_scale"]

#: Fewest respondents (with at least one E/P pair answered) a report is made for.
MIN_RESPONDENTS = 5

#: The names a column can have after the mapping.
CANONICAL = re.compile(r"^(?:[EPAD](?:[1-9]|1\d|2[0-2])|respondent|segment|nps|W_(?:tangibles|reliability|"
                       r"responsiveness|assurance|empathy))$")

_ROLE_HEADERS = {
    "respondent": ("respondent", "respondent id", "respondent_id", "response id", "response_id", "responseid",
                   "id", "编号", "问卷编号", "答卷编号", "序号", "受访者", "受访者编号"),
    "segment": ("segment", "customer segment", "customer type", "group", "细分", "客户细分", "客户类型",
                "顾客类型", "分组", "群体"),
    "nps": ("nps", "nps score", "nps_score", "recommend", "likelihood to recommend", "likely to recommend",
            "ltr", "推荐", "推荐意愿", "推荐可能性", "推荐意向", "推荐度", "净推荐值", "推荐分"),
}
_WEIGHT_WORDS = ("w", "weight", "importance", "points", "重要性", "权重", "重要度")


# --------------------------------------------------------------------------- mapping file
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
    from ..data import load_yaml

    path = Path(path)
    if not path.is_file():
        raise CourseDataError("mapping file not found", source=str(path), fix="check the path given to --mapping")
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
    bad = [f"{k}: {v}" for k, v in columns.items() if not isinstance(v, str) or not CANONICAL.match(v)]
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


def parse_scale(text: str | None) -> tuple[int, int] | None:
    """The ``--scale`` option (``"1-5"``, ``"1–7"``) as ``(low, high)``; None when not given.

    Examples
    --------
    >>> parse_scale("1-5"), parse_scale(None)
    ((1, 5), None)
    """
    if text is None:
        return None
    m = re.fullmatch(r"\s*(\d+)\s*[-–,:]\s*(\d+)\s*", text)
    if not m or int(m.group(1)) >= int(m.group(2)):
        raise CourseDataError(f"invalid --scale {text!r}", column="--scale", expected="LOW-HIGH, e.g. 1-7 or 1-5",
                              fix="pass --scale 1-7")
    return int(m.group(1)), int(m.group(2))


# --------------------------------------------------------------------------- column roles
def _weight_target(header: str) -> str | None:
    from ..servqual import DIMENSIONS

    norm = norm_header(header)
    for key, dim in DIMENSIONS.items():
        for word in _WEIGHT_WORDS:
            for name in (key, dim.en.lower(), dim.zh):
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
        hits = [c for c in columns if norm_header(c) in names]
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
    """A validated survey: the canonical table and what was found in the file.

    ``duplicates`` holds the data-row numbers (as in the file, header excluded) of the repeated
    submissions that were found; they are left out of ``data`` unless ``duplicates_kept``.
    ``pseudonymised`` names the respondent column when its values were names, e-mail addresses or
    phone numbers, replaced by ``R1``, ``R2`` … (the same person keeps the same number).
    """

    data: pd.DataFrame
    source: str
    scale: tuple[int, int]
    items: tuple[int, ...]
    has_segment: bool
    has_nps: bool
    has_weights: bool
    dropped: dict[str, str] = field(default_factory=dict)
    renamed: dict[str, str] = field(default_factory=dict)
    duplicates: tuple[int, ...] = ()
    duplicates_kept: bool = False
    duplicates_by: str = "respondent"
    pseudonymised: dict[str, str] = field(default_factory=dict)


def _later_duplicates(df: pd.DataFrame, items: Sequence[str], scale, source: str) -> np.ndarray:
    """True for every submission that repeats an earlier one (the first of each group is kept).

    :func:`course_lib.servqual.validate_responses` finds the candidates: the same respondent id, or
    (without an id column) the same answers to every item. Without an id, a row counts as a repeat
    only when it is identical to the earlier one in every column (NPS, segment, allocations … too):
    with few items, different customers often give the same item answers.
    """
    from .. import servqual as sq

    ids = ["respondent"] if "respondent" in df.columns else []
    problems = sq.validate_responses(df[ids + list(items)], scale=scale, source=source)
    flagged = np.zeros(len(df), dtype=bool)
    flagged[problems.loc[problems["problem"] == "duplicate", "row"].to_numpy(dtype="int64") - 1] = True
    if not flagged.any():
        return flagged
    return flagged & df.duplicated(subset=ids or None, keep="first").to_numpy()


def validate_survey(path: str | os.PathLike, *, mapping: Mapping[str, str] | str | os.PathLike | None = None,
                    scale: tuple[int, int] | None = None, likert: Mapping[str, int] | None = None,
                    keep_personal: bool = False, keep_duplicates: bool = False,
                    sheet: str | int | None = None) -> Survey:
    """Read and validate a survey export; return the cleaned canonical table.

    ``mapping`` is a dict (header → canonical name) or the path of a mapping file
    (:func:`read_mapping`, which may also set ``likert`` and ``scale``). Raises
    :class:`CourseDataError` for anything that would stop the report (the importance allocations
    are checked when the numbers are computed, :func:`course_lib.report.analyze`).

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
    from .. import servqual as sq
    from ..data import read_table
    from ..nps import parse_scores

    if mapping is None or isinstance(mapping, Mapping):
        spec = {"columns": dict(mapping or {}), "likert": None, "scale": None}
    else:
        spec = read_mapping(mapping)
    scale = tuple(scale or spec["scale"] or (1, 7))
    likert = likert if likert is not None else spec["likert"]
    source = Path(path).name
    raw = read_table(path, sheet=sheet)
    df = sq.standardize_columns(raw, spec["columns"], source=source)
    df = df.rename(columns=detect_roles(list(df.columns)))
    renamed = {str(a): str(b) for a, b in zip(raw.columns, df.columns) if a != b}
    dropped: dict[str, str] = {}
    pseudonymised: dict[str, str] = {}
    if not keep_personal:
        dropped = personal_columns(df, protected=[c for c in df.columns if CANONICAL.match(str(c))])
        df = df.drop(columns=list(dropped))
        why = personal_values(df["respondent"]) if "respondent" in df.columns else None
        if why:  # names or addresses as ids: keep telling submissions apart, without the person
            codes, _ = pd.factorize(df["respondent"], use_na_sentinel=True)
            df = df.assign(respondent=pd.array([f"R{c + 1}" if c >= 0 else pd.NA for c in codes], dtype="string"))
            pseudonymised = {renamed_back(renamed, "respondent"): why}
    try:
        df = sq.prepare(df, likert=likert, scale=scale, source=source)
        numbers = sq.item_numbers(df, "EP", source)  # every item asked as E and P
    except CourseDataError as exc:
        raise in_user_terms(exc, renamed) from None
    keep = [c for c in ("respondent", "segment", "nps") if c in df.columns]
    weights = [c for c in sq.WEIGHT_COLUMNS.values() if c in df.columns]
    items = [f"{k}{n}" for k in "EP" for n in numbers]
    extra = [c for c in df.columns if c not in set(keep + items + weights)]  # kept, never analysed or shown
    out = df[keep + items + weights + extra].copy()
    if "nps" in out.columns:
        out["nps"] = parse_scores(out["nps"], source=source, column=renamed_back(renamed, "nps"), allow_missing=True)
    repeated = _later_duplicates(out, items, scale, source)
    if repeated.any() and not keep_duplicates:
        if "respondent" in keep and 2 * int(repeated.sum()) >= len(out):
            raise _ids_do_not_identify(out["respondent"], int(repeated.sum()), source,
                                       renamed_back(renamed, "respondent"))
        out = out[~repeated]
    pairs = np.column_stack([out[f"E{n}"].notna() & out[f"P{n}"].notna() for n in numbers]).any(axis=1)
    if int(pairs.sum()) < MIN_RESPONDENTS:
        left_out = (f" ({int(repeated.sum())} repeated submission(s) left out)"
                    if repeated.any() and not keep_duplicates else "")
        raise CourseDataError(f"only {int(pairs.sum())} respondents answered both E and P of any item{left_out}",
                              source=source, expected=f"at least {MIN_RESPONDENTS} respondents (30 or more for "
                              "useful intervals)", fix="export all responses, or check the E/P columns are the "
                              "right ones")
    if "segment" in out.columns:
        seg = out["segment"].astype("string").str.strip()
        out["segment"] = seg.where(seg != "", pd.NA)
        if out["segment"].nunique() < 2:
            out = out.drop(columns="segment")
    return Survey(out.reset_index(drop=True), source, scale, tuple(numbers), "segment" in out.columns,
                  "nps" in out.columns and bool(out["nps"].notna().any()), len(weights) == 5,
                  dropped, renamed, tuple(row_numbers(repeated)), keep_duplicates,
                  "respondent" if "respondent" in keep else "answers", pseudonymised)


def _ids_do_not_identify(ids: pd.Series, repeats: int, source: str, header: str) -> CourseDataError:
    """Half the rows or more repeat an earlier respondent id: the column is not an id (a survey or store
    number exported in every row), and leaving the rows out would silently shrink the survey."""
    counts = ids.value_counts()
    top, n = counts.index[0], int(counts.iloc[0])
    return CourseDataError(
        f"{repeats} of {len(ids)} rows repeat an earlier respondent id ({show(top)} is on {n} rows): "
        f"the column does not tell respondents apart", source=source, column=header,
        expected="one id per respondent (a repeated id means the same person submitted twice)",
        fix="if every row is a different respondent, rename this column (or map the real id column with "
            "--mapping); --keep-duplicates keeps every row")


def in_user_terms(exc: CourseDataError, renamed: Mapping[str, str]) -> CourseDataError:
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
    # answers are read as decimals (an empty cell makes the column float): "such as 9.0" reads "such as 9"
    problem = re.sub(r"(such as )(-?\d+\.0)\b", lambda m: m.group(1) + show(float(m.group(2))), exc.problem)
    return CourseDataError(problem, source=exc.source, row=exc.row, column=column, expected=exc.expected, fix=fix)


def renamed_back(renamed: Mapping[str, str], canonical: str) -> str:
    """The header a canonical column had in the user's file (for error messages)."""
    return next((a for a, b in renamed.items() if b == canonical), canonical)


def write_clean(survey: Survey, path: str | os.PathLike) -> Path:
    """Write the validated table as UTF-8 CSV (for analysing it in a notebook of your own)."""
    from ..files import atomic_write

    return atomic_write(path, survey.data.to_csv(index=False, lineterminator="\n"))


def load_clean(path: str | os.PathLike) -> pd.DataFrame:
    """Read the CSV written by :func:`write_clean` (segment and respondent as text)."""
    return pd.read_csv(path, encoding="utf-8", dtype={"segment": "string", "respondent": "string"})
