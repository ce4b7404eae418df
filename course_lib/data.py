"""Loading and validating data: the shipped datasets and a trainee's own files.

* :func:`load` and :func:`list_datasets` serve the datasets in ``datasets/``,
  described by the catalogue files ``datasets/catalog/*.yml`` (name, file,
  description, source, licence, synthetic or real, column schema).
* :func:`read_table` reads a user's own export: CSV in UTF-8 (with or without
  BOM), GBK/GB18030 or cp1252, UTF-16 "Unicode text"; comma, semicolon or tab
  delimited; XLSX by sheet name or index; title lines above the header and the
  extra header rows of survey tools are skipped.
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

import csv
import io
import os
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .errors import CourseDataError, row_numbers
from .files import project_root

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
                f"{ENV_VAR} points to {path}, which is not a folder",
                expected="the path of the course's datasets/ folder",
                fix=f"correct {ENV_VAR} or unset it to use the folder beside course_lib",
            )
        return path
    path = project_root() / "datasets"
    if not (path / "catalog").is_dir():
        raise CourseDataError(
            f"the course datasets were not found at {path}",
            expected="course_lib installed from a clone of the course (pip install -e .)",
            fix=f"install with `pip install -e .` from the course folder, or set {ENV_VAR} to its datasets/ folder",
        )
    return path


def load_yaml(path: Path):
    """Read a YAML file with the safe loader; a syntax error is a CourseDataError naming the line."""
    import yaml  # here, not at import: only reading a catalogue or a blueprint needs it

    path = Path(path)
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise CourseDataError(
            f"this YAML file cannot be parsed ({getattr(exc, 'problem', exc)})",
            source=path.name,
            row=None if mark is None else mark.line + 1,
            expected="valid YAML (indent with spaces, `key: value` pairs)",
            fix="check indentation and quoting near the line shown",
        ) from None


@lru_cache(maxsize=4)
def _catalog_for(folder: str) -> dict[str, dict]:
    entries: dict[str, dict] = {}
    for path in sorted((Path(folder) / "catalog").glob("*.yml")):
        content = load_yaml(path) or {}
        if not isinstance(content, dict):
            raise CourseDataError("a catalogue file must map dataset names to entries", source=path.name)
        for name, entry in content.items():
            if name in entries:
                raise CourseDataError(f"dataset {name!r} is defined twice", source=path.name,
                                      fix="give each dataset a unique name")
            for key in ("file", "description", "source", "licence", "synthetic"):
                if key not in entry:
                    raise CourseDataError(f"dataset {name!r} has no {key!r}", source=path.name,
                                          fix=f"add `{key}:` to its entry")
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
            f"there is no dataset called {name!r}",
            expected="one of: " + ", ".join(sorted(entries)),
            fix="run course_lib.data.list_datasets() to see the names",
        )
    path = datasets_dir() / entries[name]["file"]
    if not path.exists():
        raise CourseDataError(
            f"the file of dataset {name!r} is missing",
            source=str(entries[name]["file"]),
            fix="restore it with `git checkout -- datasets/` or regenerate with `make datasets`",
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
        raise CourseDataError(f"dataset {name!r} is not a table ({path.suffix})",
                              fix="load it with the concept module that owns it")
    parse_dates = [c for c, spec in (entry.get("columns") or {}).items() if (spec or {}).get("type") == "datetime"]
    df = pd.read_csv(path, encoding="utf-8", parse_dates=parse_dates or False)
    schema = [Column.from_spec(col, spec or {}) for col, spec in (entry.get("columns") or {}).items()]
    return validate_frame(df, schema, source=entry["file"])


# --------------------------------------------------------------------------- reading user files
_CANDIDATE_ENCODINGS = ("gb18030", "cp1252")


def decode_bytes(raw: bytes, *, source: str = "file", encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 with BOM are recognised exactly; other
    files are judged between GB18030 (a superset of GBK, common in Chinese Excel
    exports) and cp1252 (Western Windows) by ``charset_normalizer``.

    Examples
    --------
    >>> decode_bytes("有形性".encode("gbk"))
    ('有形性', 'gb18030')
    >>> decode_bytes("café".encode("cp1252"))[0]
    'café'
    """
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise CourseDataError(f"the file cannot be read as {encoding} ({exc})", source=source,
                                  fix="leave encoding=None to let the course detect it") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=list(_CANDIDATE_ENCODINGS)).best()
    if best is None:
        raise CourseDataError(
            "the text encoding of this file could not be recognised",
            source=source,
            expected="UTF-8, GBK/GB18030 or Windows-1252 text",
            fix="save it from Excel as 'CSV UTF-8 (Comma delimited)' and try again",
        )
    enc = "gb18030" if best.encoding in ("gb18030", "gbk", "gb2312") else best.encoding
    return raw.decode(enc), enc


def _looks_binary(raw: bytes) -> str | None:
    if raw.startswith(b"PK\x03\x04"):
        return "this is a zipped file (an .xlsx workbook?) saved under a text name"
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return "this is an old binary Excel (.xls) file"
    if raw.startswith(b"%PDF"):
        return "this is a PDF, not a table"
    if b"\x00" in raw[:4096]:
        return "this file contains binary data, not text"
    return None


def _sniff_delimiter(lines: Sequence[str]) -> str:
    sample = "\n".join(lines[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t"}
        return max(counts, key=counts.get) if max(counts.values()) else ","


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_table(
    path: str | os.PathLike,
    *,
    sheet: str | int | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    skip_header_rows: int | str = "auto",
) -> pd.DataFrame:
    """Read a user's CSV or XLSX export into a DataFrame, refusing broken files clearly.

    Parameters
    ----------
    path : str or path
        A ``.csv``/``.txt``/``.tsv`` or ``.xlsx``/``.xlsm`` file.
    sheet : str or int, optional
        Workbook sheet by name or 0-based index (default: the first).
    encoding : str, optional
        Force a text encoding instead of detecting it.
    delimiter : str, optional
        Force the delimiter instead of sniffing ``,``, ``;`` or tab.
    skip_header_rows : int or "auto"
        Rows directly under the header to drop. ``"auto"`` drops the question-text
        and ``{"ImportId": …}`` rows that survey tools such as Qualtrics add.

    Returns
    -------
    pandas.DataFrame
        Numeric columns as numbers, empty cells as NaN, other columns as text.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = p.write_bytes("id;满意度\\n1;7\\n2;5\\n".encode("gbk"))
    >>> read_table(p)["满意度"].tolist()
    [7, 5]
    """
    path = Path(path)
    source = path.name
    if not path.exists():
        raise CourseDataError("file not found", source=str(path),
                              fix="check the name and folder; paths are relative to where Python runs")
    if path.is_dir():
        raise CourseDataError("this is a folder, not a file", source=str(path), fix="give the path of the file itself")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame = _read_excel(path, sheet)
    elif suffix == ".xls":
        raise CourseDataError("old .xls workbooks are not supported", source=source,
                              fix="open it in Excel or LibreOffice and save as .xlsx or CSV UTF-8")
    else:
        frame = _read_text_table(path.read_bytes(), source, encoding, delimiter)
    return _finish_table(frame, source, skip_header_rows)


def _read_excel(path: Path, sheet) -> pd.DataFrame:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken zip
        raise CourseDataError(f"this workbook cannot be opened ({type(exc).__name__})", source=path.name,
                              fix="re-save it from Excel as .xlsx, or export the sheet as CSV UTF-8") from None
    names = book.sheetnames
    if sheet is None:
        sheet = 0
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise CourseDataError(f"there is no sheet number {sheet}", source=path.name,
                                  expected=f"0 to {len(names) - 1} (sheets: {', '.join(names)})",
                                  fix="pass sheet= a valid index or name")
        sheet = names[sheet]
    if sheet not in names:
        raise CourseDataError(f"there is no sheet called {sheet!r}", source=path.name,
                              expected="one of: " + ", ".join(names), fix="pass sheet= one of these names")
    rows = [["" if v is None else v for v in row] for row in book[sheet].iter_rows(values_only=True)]
    book.close()
    rows = [r for r in rows if any(str(v).strip() for v in r)]
    if not rows:
        raise CourseDataError(f"sheet {sheet!r} is empty", source=path.name, fix="choose the sheet with the data")
    width = max(len(r) for r in rows)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    header, body = _locate_header(rows, path.name)
    return _frame_from_rows(header, body, path.name)


def _read_text_table(raw: bytes, source: str, encoding, delimiter) -> pd.DataFrame:
    if not raw.strip():
        raise CourseDataError("the file is empty", source=source, fix="export the survey again; the file has no text")
    why = _looks_binary(raw) if not raw.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    if why:
        raise CourseDataError(why, source=source, expected="a CSV text file or an .xlsx workbook",
                              fix="give the file its real extension (.xlsx) or export it as CSV UTF-8")
    text, _ = decode_bytes(raw, source=source, encoding=encoding)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    delim = delimiter or _sniff_delimiter(lines)
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
    header, body = _locate_header(rows, source)
    ragged = [i + 1 for i, r in enumerate(body) if len(r) != len(header)]
    if ragged:
        raise CourseDataError(
            f"some rows have a different number of fields than the header ({len(header)})",
            source=source, row=ragged,
            expected=f"{len(header)} fields per row, separated by {delim!r}",
            fix="a value probably contains the delimiter: quote it, or re-export the file",
        )
    return _frame_from_rows(header, body, source)


def _locate_header(rows: list[list], source: str):
    """Skip title lines above the header: the header is the first row as wide as the data."""
    from collections import Counter

    full = Counter(len(r) for r in rows[:50]).most_common(1)[0][0]  # the data's usual width
    for i, r in enumerate(rows[:50]):
        filled = sum(1 for v in r if str(v).strip() != "")
        if len(r) == full and filled * 2 >= full:
            return [str(v).strip() for v in r], rows[i + 1:]
    return [str(v).strip() for v in rows[0]], rows[1:]


def _frame_from_rows(header, body, source: str) -> pd.DataFrame:
    if any(h == "" for h in header):
        raise CourseDataError("a column has no name", source=source,
                              column=[f"#{i + 1}" for i, h in enumerate(header) if h == ""],
                              fix="give every column a header, or delete the empty column")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise CourseDataError("column names are repeated", source=source, column=dupes,
                              fix="rename the columns so each name is unique")
    if not body:
        raise CourseDataError("the file has a header but no data rows", source=source,
                              fix="export the responses, not only the question list")
    return pd.DataFrame(body, columns=header, dtype=object)


def _finish_table(frame: pd.DataFrame, source: str, skip_header_rows) -> pd.DataFrame:
    if skip_header_rows == "auto":
        skip = 0
        for _, row in frame.head(3).iterrows():
            cells = [str(v) for v in row if str(v).strip()]
            if any(c.startswith('{"ImportId"') for c in cells) or (
                cells and not any(_is_number(c) for c in cells) and skip == 0 and _next_is_importid(frame)
            ):
                skip += 1
            else:
                break
    else:
        skip = int(skip_header_rows)
    frame = frame.iloc[skip:].reset_index(drop=True)
    if frame.empty:
        raise CourseDataError("the file has header rows but no responses", source=source,
                              fix="export the responses, not only the question list")
    out = {}
    for col in frame.columns:
        values = frame[col]
        try:
            stripped = values.str.strip()  # NaN where a cell is not text (numbers from a workbook)
            values = stripped.where(stripped.notna(), values)
        except AttributeError:  # no text at all in this column
            pass
        values = values.replace("", np.nan)
        converted = pd.to_numeric(values, errors="coerce")
        if converted.notna().sum() == values.notna().sum():
            if converted.notna().all() and (converted == converted.round()).all():
                converted = converted.astype("int64")
            out[col] = converted
        else:
            out[col] = values.astype("string")
    return pd.DataFrame(out)


def _next_is_importid(frame: pd.DataFrame) -> bool:
    if len(frame) < 2:
        return False
    return any(str(v).startswith('{"ImportId"') for v in frame.iloc[1])


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
        parts = {"int": "whole numbers", "float": "numbers", "str": "text", "category": "labels",
                 "bool": "true/false values", "datetime": "dates or times"}[self.kind]
        if self.min is not None and self.max is not None:
            parts += f" from {self.min} to {self.max}"
        elif self.min is not None:
            parts += f" of at least {self.min}"
        elif self.max is not None:
            parts += f" of at most {self.max}"
        if self.allowed:
            parts += " among " + ", ".join(map(str, self.allowed))
        return parts


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
            "required column missing" if len(missing) == 1 else "required columns missing",
            source=source,
            column=missing[0] if len(missing) == 1 else missing,
            expected="columns " + ", ".join(columns),
            fix=fix or (f"rename the matching column in your file to '{missing[0]}', or pass a column mapping"),
        )


def _numeric(values: pd.Series, column: str, source: str) -> pd.Series:
    """``values`` as numbers; text that is not a number is an error naming its rows."""
    converted = pd.to_numeric(values, errors="coerce")
    bad = converted.isna() & values.notna()
    if bad.any():
        raise CourseDataError(
            f"non-numeric values such as {values[bad].iloc[0]!r}",
            source=source, row=row_numbers(bad), column=column, expected="numbers",
            fix="replace the text with numbers (or map answer labels to numbers first)",
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
        raise CourseDataError(f"expected a table (pandas DataFrame), got {type(df).__name__}", source=source)
    require_columns(df, [c.name for c in schema if c.required], source=source)
    out = df.copy()
    for col in schema:
        if col.name not in out.columns:
            continue
        values = out[col.name]
        missing = values.isna()
        if missing.any() and not col.nullable:
            raise CourseDataError("empty cells", source=source, row=row_numbers(missing), column=col.name,
                                  expected=col.expected(), fix="fill in the missing values or drop those rows")
        if col.kind in ("int", "float"):
            values = out[col.name] = _numeric(values, col.name, source)
            if col.kind == "int":
                frac = values.notna() & (values != values.round())
                if frac.any():
                    raise CourseDataError("values are not whole numbers", source=source, row=row_numbers(frac),
                                          column=col.name, expected=col.expected(), fix="round or correct them")
                if not values.isna().any():
                    out[col.name] = values.astype("int64")
        elif col.kind == "datetime":
            converted = pd.to_datetime(values, errors="coerce", format="mixed")
            bad = converted.isna() & values.notna()
            if bad.any():
                raise CourseDataError("values are not dates", source=source, row=row_numbers(bad), column=col.name,
                                      expected="dates like 2026-03-31 or 2026-03-31 14:05",
                                      fix="write dates as YYYY-MM-DD")
            out[col.name] = converted
            values = converted
        if col.min is not None or col.max is not None:
            low = values < col.min if col.min is not None else pd.Series(False, index=values.index)
            high = values > col.max if col.max is not None else pd.Series(False, index=values.index)
            bad = (low | high).fillna(False)
            if bad.any():
                raise CourseDataError(
                    f"values out of range, such as {values[bad].iloc[0]!r}",
                    source=source, row=row_numbers(bad), column=col.name, expected=col.expected(),
                    fix="correct the values or remove those rows",
                )
        if col.allowed:
            bad = values.notna() & ~values.isin(list(col.allowed))
            if bad.any():
                raise CourseDataError(
                    f"unknown values such as {values[bad].iloc[0]!r}",
                    source=source, row=row_numbers(bad), column=col.name, expected=col.expected(),
                    fix="use one of the allowed labels (check spelling and case)",
                )
    return out
