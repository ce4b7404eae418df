"""Loading and validating data: the shipped datasets and a trainee's own files.

* :func:`load` and :func:`list_datasets` serve the datasets in ``datasets/``,
  described by the catalogue files ``datasets/catalog/*.yml`` (name, file,
  description, source, licence, synthetic or real, column schema).
* :func:`read_table` reads a user's own export (CSV in any common encoding, or an XLSX
  sheet) and refuses odd files clearly and quickly; :func:`decode_bytes` is its text
  decoder (both from :mod:`course_lib.table_files`).
* :func:`load_yaml` and :func:`parse_yaml` read every YAML file of the course (catalogues,
  column mappings, blueprints) safely and within limits (from :mod:`course_lib.yaml_files`).
* :class:`Column`, :func:`require_columns`, :func:`validate_frame` and
  :func:`to_numeric` are the schema helpers every concept module reuses.

Every problem is a :class:`~course_lib.errors.CourseDataError` naming the file,
row and column with a fix.

Examples
--------
>>> from course_lib import data
>>> import pandas as pd
>>> df = pd.DataFrame({"score": [9, 10, 3]})
>>> data.validate_frame(df, [data.Column("score", "int", min=0, max=10)], source="nps.csv")["score"].tolist()
[9, 10, 3]
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .errors import CourseDataError, row_numbers
from .lang import T
from .files import project_root
from .table_files import MAX_COLUMNS, decode_bytes, read_table
from .yaml_files import (MAX_YAML_BYTES, MAX_YAML_DEPTH, MAX_YAML_DIGITS, MAX_YAML_VALUES, load_yaml,
                         parse_yaml, yaml_text)

__all__ = [
    "ENV_VAR",
    "Column",
    "datasets_dir",
    "catalog",
    "list_datasets",
    "load",
    "path_of",
    "read_table",
    "decode_bytes",
    "load_yaml",
    "parse_yaml",
    "yaml_text",
    "MAX_COLUMNS",
    "MAX_YAML_BYTES",
    "MAX_YAML_DEPTH",
    "MAX_YAML_DIGITS",
    "MAX_YAML_VALUES",
    "require_columns",
    "to_numeric",
    "validate_frame",
]

#: Environment variable that points course_lib at another ``datasets/`` folder.
ENV_VAR = "COURSE_DATASETS"


# --------------------------------------------------------------------------- locations
def datasets_dir() -> Path:
    """The ``datasets/`` folder: ``$COURSE_DATASETS`` if set, else the one beside the package.

    Notebooks run from any working directory (nbval starts kernels in the
    notebook's folder, papermill in the caller's), so paths never depend on it.
    """
    env = os.environ.get(ENV_VAR)
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise CourseDataError(
                T("{var} points to {path}, which is not a folder", var=ENV_VAR, path=path),
                expected=T("the path of the course's datasets/ folder"),
                fix=T("correct {var} or unset it to use the folder beside course_lib", var=ENV_VAR),
            )
        return path
    path = project_root() / "datasets"
    if not (path / "catalog").is_dir():
        raise CourseDataError(
            T("the course datasets were not found at {path}", path=path),
            expected=T("course_lib installed from a clone of the course (pip install -e .)"),
            fix=T("install with `pip install -e .` from the course folder, or set {var} to its datasets/ folder",
                  var=ENV_VAR),
        )
    return path


@lru_cache(maxsize=4)
def _catalog_for(folder: str) -> dict[str, dict]:
    entries: dict[str, dict] = {}
    for path in sorted((Path(folder) / "catalog").glob("*.yml")):
        content = load_yaml(path) or {}
        if not isinstance(content, dict):
            raise CourseDataError(T("a catalogue file must map dataset names to entries"), source=path.name)
        for name, entry in content.items():
            if name in entries:
                raise CourseDataError(T("dataset {name} is defined twice", name=repr(name)), source=path.name,
                                      fix=T("give each dataset a unique name"))
            for key in ("file", "description", "source", "licence", "synthetic"):
                if key not in entry:
                    raise CourseDataError(T("dataset {name} has no {key}", name=repr(name), key=repr(key)),
                                          source=path.name, fix=T("add `{key}:` to its entry", key=key))
            entries[name] = dict(entry, catalog=path.name)
    return entries


def catalog() -> dict[str, dict]:
    """All catalogue entries, by dataset name."""
    return _catalog_for(str(datasets_dir()))


def path_of(name: str) -> Path:
    """Path of a shipped dataset's file (CSV, YAML …)."""
    entries = catalog()
    if name not in entries:
        raise CourseDataError(
            T("there is no dataset called {name}", name=repr(name)),
            expected=T("one of: {names}", names=", ".join(sorted(entries))),
            fix=T("run course_lib.data.list_datasets() to see the names"),
        )
    path = datasets_dir() / entries[name]["file"]
    if not path.exists():
        raise CourseDataError(
            T("the file of dataset {name} is missing", name=repr(name)),
            source=str(entries[name]["file"]),
            fix=T("restore it with `git checkout -- datasets/` or regenerate with `make datasets`"),
        )
    return path


def list_datasets() -> pd.DataFrame:
    """One row per shipped dataset: name, description, rows, synthetic, source, licence.

    Examples
    --------
    >>> from course_lib.data import list_datasets
    >>> {"name", "rows", "licence"} <= set(list_datasets().columns)
    True
    """
    rows = []
    for name, entry in sorted(catalog().items()):
        path = datasets_dir() / entry["file"]
        n = np.nan
        if path.suffix == ".csv" and path.exists():
            with open(path, "rb") as fh:
                n = max(sum(1 for _ in fh) - 1, 0)
        rows.append({
            "name": name,
            "description": entry["description"],
            "rows": n,
            "synthetic": bool(entry["synthetic"]),
            "source": entry["source"],
            "licence": entry["licence"],
        })
    return pd.DataFrame(rows, columns=["name", "description", "rows", "synthetic", "source", "licence"])


def load(name: str) -> pd.DataFrame:
    """Load a shipped CSV dataset by name, validated against its catalogue schema.

    Examples
    --------
    >>> from course_lib import data
    >>> data.load("tips").shape
    (244, 7)
    """
    entry = catalog().get(name)
    path = path_of(name)
    if path.suffix != ".csv":
        raise CourseDataError(T("dataset {name} is not a table ({suffix})", name=repr(name), suffix=path.suffix),
                              fix=T("load it with the concept module that owns it"))
    parse_dates = [c for c, spec in (entry.get("columns") or {}).items() if (spec or {}).get("type") == "datetime"]
    df = pd.read_csv(path, encoding="utf-8", parse_dates=parse_dates or False)
    schema = [Column.from_spec(col, spec or {}) for col, spec in (entry.get("columns") or {}).items()]
    return validate_frame(df, schema, source=entry["file"])


# --------------------------------------------------------------------------- schema helpers
@dataclass(frozen=True)
class Column:
    """What one column must hold.

    ``kind`` is ``"int"``, ``"float"``, ``"str"``, ``"category"``, ``"bool"`` or
    ``"datetime"``; ``min``/``max`` bound numbers, ``allowed`` lists permitted
    values, ``nullable`` allows empty cells, ``required=False`` lets it be absent.
    """

    name: str
    kind: str = "float"
    min: float | None = None
    max: float | None = None
    allowed: tuple = field(default=())
    nullable: bool = False
    required: bool = True
    description: str = ""

    @classmethod
    def from_spec(cls, name: str, spec: dict) -> "Column":
        return cls(
            name=name,
            kind=spec.get("type", "float"),
            min=spec.get("min"),
            max=spec.get("max"),
            allowed=tuple(spec.get("allowed", ())),
            nullable=bool(spec.get("nullable", False)),
            required=bool(spec.get("required", True)),
            description=spec.get("description", ""),
        )

    def expected(self) -> str:
        """What the column holds, as a message says it (in the notebook's language)."""
        kind = {"int": T("whole numbers"), "float": T("numbers"), "str": T("text", context="kind"),
                "category": T("labels", context="kind"), "bool": T("true/false values"),
                "datetime": T("dates or times")}[self.kind]
        if self.min is not None and self.max is not None:
            kind = T("{kind} from {min} to {max}", kind=kind, min=self.min, max=self.max)
        elif self.min is not None:
            kind = T("{kind} of at least {min}", kind=kind, min=self.min)
        elif self.max is not None:
            kind = T("{kind} of at most {max}", kind=kind, max=self.max)
        if self.allowed:
            kind = T("{kind} among {allowed}", kind=kind, allowed=", ".join(map(str, self.allowed)))
        return kind.render()


def require_columns(df: pd.DataFrame, columns: Iterable[str], *, source: str = "table", fix: str | None = None) -> None:
    """Raise :class:`CourseDataError` if any of ``columns`` is missing from ``df``.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"], source="t.csv")
    Traceback (most recent call last):
    ...
    course_lib.errors.CourseDataError: t.csv, column 'b': required column missing
      expected: columns a, b
      fix: rename the matching column in your file to 'b', or pass a column mapping
    """
    columns = list(columns)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise CourseDataError(
            T("required column missing") if len(missing) == 1 else T("required columns missing"),
            source=source,
            column=missing[0] if len(missing) == 1 else missing,
            expected=T("columns {names}", names=", ".join(map(str, columns))),
            fix=fix or T("rename the matching column in your file to '{name}', or pass a column mapping",
                         name=missing[0]),
        )


def _numeric(values: pd.Series, column: str, source: str) -> pd.Series:
    """``values`` as numbers; text that is not a number is an error naming its rows."""
    converted = pd.to_numeric(values, errors="coerce")
    bad = converted.isna() & values.notna()
    if bad.any():
        raise CourseDataError(
            T("non-numeric values such as {value}", value=repr(values[bad].iloc[0])),
            source=source, row=row_numbers(bad), column=column, expected=T("numbers"),
            fix=T("replace the text with numbers (or map answer labels to numbers first)"),
        )
    return converted


def to_numeric(df: pd.DataFrame, columns: Iterable[str], *, source: str = "table") -> pd.DataFrame:
    """Return a copy of ``df`` with ``columns`` converted to numbers; text that is not a number is an error."""
    out = df.copy()
    for col in columns:
        out[col] = _numeric(out[col], col, source)
    return out


def validate_frame(df: pd.DataFrame, schema: Sequence[Column], *, source: str = "table") -> pd.DataFrame:
    """Check ``df`` against ``schema``; return it with numeric and datetime columns converted.

    Raises :class:`CourseDataError` naming the first failing column and all its
    failing rows.
    """
    if not isinstance(df, pd.DataFrame):
        raise CourseDataError(T("expected a table (pandas DataFrame), got {type}", type=type(df).__name__),
                              source=source)
    require_columns(df, [c.name for c in schema if c.required], source=source)
    out = df.copy()
    for col in schema:
        if col.name not in out.columns:
            continue
        values = out[col.name]
        missing = values.isna()
        if missing.any() and not col.nullable:
            raise CourseDataError(T("empty cells"), source=source, row=row_numbers(missing), column=col.name,
                                  expected=col.expected(), fix=T("fill in the missing values or drop those rows"))
        if col.kind in ("int", "float"):
            values = out[col.name] = _numeric(values, col.name, source)
            if col.kind == "int":
                frac = values.notna() & (values != values.round())
                if frac.any():
                    raise CourseDataError(T("values are not whole numbers"), source=source, row=row_numbers(frac),
                                          column=col.name, expected=col.expected(), fix=T("round or correct them"))
                if not values.isna().any():
                    out[col.name] = values.astype("int64")
        elif col.kind == "datetime":
            converted = pd.to_datetime(values, errors="coerce", format="mixed")
            bad = converted.isna() & values.notna()
            if bad.any():
                raise CourseDataError(T("values are not dates"), source=source, row=row_numbers(bad), column=col.name,
                                      expected=T("dates like 2026-03-31 or 2026-03-31 14:05"),
                                      fix=T("write dates as YYYY-MM-DD"))
            out[col.name] = converted
            values = converted
        if col.min is not None or col.max is not None:
            low = values < col.min if col.min is not None else pd.Series(False, index=values.index)
            high = values > col.max if col.max is not None else pd.Series(False, index=values.index)
            bad = (low | high).fillna(False)
            if bad.any():
                raise CourseDataError(
                    T("values out of range, such as {value}", value=repr(values[bad].iloc[0])),
                    source=source, row=row_numbers(bad), column=col.name, expected=col.expected(),
                    fix=T("correct the values or remove those rows"),
                )
        if col.allowed:
            bad = values.notna() & ~values.isin(list(col.allowed))
            if bad.any():
                raise CourseDataError(
                    T("unknown values such as {value}", value=repr(values[bad].iloc[0])),
                    source=source, row=row_numbers(bad), column=col.name, expected=col.expected(),
                    fix=T("use one of the allowed labels (check spelling and case)"),
                )
    return out
