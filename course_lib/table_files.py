"""Reading a trainee's own table: CSV in any common encoding, or an XLSX sheet.

:func:`read_table` reads CSV in UTF-8 (with or without BOM), GBK/GB18030 or cp1252, UTF-16
"Unicode text" (with or without BOM); comma, semicolon or tab delimited, cells of any length;
XLSX by sheet name or index (chart sheets skipped); title lines above the header and the extra
header rows of survey tools are skipped. Everything odd is refused with a
:class:`~course_lib.errors.CourseDataError` naming the file (and row, column or cell) and the fix,
in time linear in the size of the file: a lone byte-order mark, bytes not valid in the file's
encoding, ragged rows, nameless or repeated headers, more than :data:`MAX_COLUMNS` columns, a
trailing total row, formulas without saved results, a damaged workbook. :mod:`course_lib.data`
exports these names too.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import CourseDataError
from .lang import T

__all__ = ["MAX_COLUMNS", "read_table", "decode_bytes"]

_CANDIDATE_ENCODINGS = ("gb18030", "cp1252")

#: The most columns a table may have: Excel's limit (a survey export has tens or hundreds).
MAX_COLUMNS = 16_384

#: Characters that are invisible in a spreadsheet and never part of a header: byte-order marks and
#: zero-width spaces (a stray U+FEFF makes "segment" another header).
_INVISIBLE = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")

#: A trailing row labelled with one of these words is a summary, not a respondent.
_SUMMARY_WORDS = {"total", "totals", "grand total", "sum", "subtotal", "average", "avg", "mean", "overall",
                  "合计", "总计", "总和", "小计", "汇总", "平均", "平均值", "均值", "平均分", "总分"}


def _utf16_without_bom(raw: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``raw`` looks like UTF-16 text without a byte-order mark.

    Text in UTF-16 has a zero byte beside every ASCII character (delimiters, digits, line ends), all
    at even or all at odd positions; binary data has zeros at both.
    """
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd >= 0.25 and zeros_even <= 0.02:
        candidate = "utf-16-le"
    elif zeros_even >= 0.25 and zeros_odd <= 0.02:
        candidate = "utf-16-be"
    else:
        return None
    try:
        text = sample[: len(sample) // 2 * 2].decode(candidate, errors="strict")
    except UnicodeDecodeError:
        if len(sample) < len(raw):  # the sample may end inside a surrogate pair
            try:
                text = sample[: len(sample) // 2 * 2 - 2].decode(candidate, errors="strict")
            except UnicodeDecodeError:
                return None
        else:
            return None
    controls = sum(1 for c in text if ord(c) < 32 and c not in "\t\r\n\f")
    table_like = any(c in text for c in "\n,;\t")  # a line break or a delimiter, as every CSV has
    return candidate if controls == 0 and table_like else None


def decode_bytes(raw: bytes, *, source: str = "file", encoding: str | None = None) -> tuple[str, str]:
    """Decode a text file's bytes; return ``(text, encoding)``.

    UTF-8 (with or without BOM) and UTF-16 (with or without BOM) are recognised exactly; other
    files are judged between GB18030 (a superset of GBK, common in Chinese Excel
    exports) and cp1252 (Western Windows) by ``charset_normalizer``. Bytes that are not valid in
    the encoding found (a UTF-8 mark followed by GBK text, UTF-16 cut short) are a
    :class:`CourseDataError`, never a garbled text.

    Examples
    --------
    >>> decode_bytes("有形性".encode("gbk"))
    ('有形性', 'gb18030')
    >>> decode_bytes("café".encode("cp1252"))[0]
    'café'
    >>> decode_bytes("id,满意度\\n".encode("utf-16-le"))
    ('id,满意度\\n', 'utf-16-le')
    """
    if encoding:
        if raw.startswith(b"\xef\xbb\xbf") and encoding.lower().replace("_", "-") not in ("utf-8-sig",):
            raw = raw[3:]
        try:
            return raw.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError) as exc:
            raise CourseDataError(T("the file cannot be read as {encoding} ({reason})", encoding=encoding,
                                    reason=str(exc)[:200]), source=source,
                                  fix=T("leave encoding=None to let the course detect it")) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            line = raw[:exc.start].count(b"\n") + 1
            raise CourseDataError(
                T("the file starts with the UTF-8 mark but is not UTF-8 after it (line {line}, byte {byte})",
                  line=line, byte=exc.start + 4),
                source=source, row=None, expected=T("a file in one encoding (CSV UTF-8 from Excel)"),
                fix=T("save it again from Excel as 'CSV UTF-8 (Comma delimited)', or pass encoding='gb18030' "
                      "if the text is Chinese in GBK")) from None
    utf16 = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(raw)
    if utf16:
        try:
            text = raw.decode(utf16)
        except UnicodeDecodeError as exc:
            cut = len(raw) % 2 == 1 or exc.start >= len(raw) - 3
            raise CourseDataError(
                (T("the file is cut short: UTF-16 text with an odd number of bytes") if len(raw) % 2 else
                 T("the file is cut short: UTF-16 text ending inside a character")) if cut else
                T("the file is UTF-16 text with invalid bytes (at byte {byte})", byte=exc.start + 1), source=source,
                expected=T("a complete export"), fix=T("export the file again (or save it as CSV UTF-8)")) from None
        return text.lstrip("\ufeff"), utf16
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw, cp_isolation=list(_CANDIDATE_ENCODINGS)).best()
    enc = None if best is None else "gb18030" if best.encoding in ("gb18030", "gbk", "gb2312") else best.encoding
    try:
        if enc is None:
            raise LookupError
        return raw.decode(enc), enc
    except (UnicodeDecodeError, LookupError):
        raise CourseDataError(
            T("the text encoding of this file could not be recognised"),
            source=source,
            expected=T("UTF-8, GBK/GB18030 or Windows-1252 text"),
            fix=T("save it from Excel as 'CSV UTF-8 (Comma delimited)' and try again"),
        ) from None


def _looks_binary(raw: bytes) -> "T | None":
    if raw.startswith(b"PK\x03\x04"):
        return T("this is a zipped file (an .xlsx workbook?) saved under a text name")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        return T("this is an old binary Excel (.xls) file")
    if raw.startswith(b"%PDF"):
        return T("this is a PDF, not a table")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw):
        return None
    if b"\x00" in raw[:4096]:
        return T("this file contains binary data, not text")
    return None


def _sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or tab, from the first lines (at most 32 KiB, so a huge line costs nothing)."""
    sample = text[:32768]
    cut = sample.rfind("\n")
    if 0 < cut < len(sample) - 1:
        sample = sample[:cut]
    lines = [ln for ln in sample.split("\n")[:50] if ln.strip()]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except Exception:  # csv.Error, or anything a strange sample makes the sniffer raise
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
        Workbook sheet by name or 0-based index (default: the first table sheet; chart sheets are
        skipped).
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

    Every problem is a :class:`CourseDataError` naming the file (and row, column or cell) with the
    fix: a file that is empty or only a byte-order mark, bytes not valid in the file's encoding,
    rows of another width than the header, nameless or repeated headers, more than
    :data:`MAX_COLUMNS` columns, a trailing total/average row, workbook formulas without saved
    results, a damaged workbook. Cells of any length are read; invisible characters (a stray
    byte-order mark) are removed from headers; columns with neither a header nor a value (a trailing
    delimiter, an outdated workbook size record) are dropped.

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
        raise CourseDataError(T("file not found"), source=str(path),
                              fix=T("check the name and folder; paths are relative to where Python runs"))
    if path.is_dir():
        raise CourseDataError(T("this is a folder, not a file"), source=str(path),
                              fix=T("give the path of the file itself"))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        frame = _read_excel(path, sheet)
    elif suffix == ".xls":
        raise CourseDataError(T("old .xls workbooks are not supported"), source=source,
                              fix=T("open it in Excel or LibreOffice and save as .xlsx or CSV UTF-8"))
    else:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CourseDataError(T("the file cannot be read ({reason})", reason=exc.strerror or type(exc).__name__),
                                  source=source,
                                  fix=T("check that the file can be opened (permissions, a file still syncing)")) from None
        frame = _read_text_table(raw, source, encoding, delimiter)
    return _finish_table(frame, source, skip_header_rows)


def _too_wide(width: int, source: str) -> CourseDataError:
    return CourseDataError(T("the table has {width} columns", width=f"{width:,}"), source=source,
                           expected=T("at most {max} columns (as many as Excel holds)", max=f"{MAX_COLUMNS:,}"),
                           fix=T("check the delimiter (pass delimiter=) or export only the survey's columns"))


def _pick_sheet(book, sheet, source: str):
    names = list(book.sheetnames)
    tables = [n for n in names if hasattr(book[n], "iter_rows")]
    if sheet is None:
        if not tables:
            raise CourseDataError(T("the workbook has no sheet with a table (only charts)"), source=source,
                                  fix=T("export the data sheet, not the chart"))
        return tables[0]
    if isinstance(sheet, bool) or not isinstance(sheet, (int, str)):
        raise CourseDataError(T("sheet={sheet} is not a sheet name or number", sheet=repr(sheet)), source=source,
                              fix=T("pass sheet= a name or a 0-based index"))
    if isinstance(sheet, int):
        if not 0 <= sheet < len(names):
            raise CourseDataError(T("there is no sheet number {sheet}", sheet=sheet), source=source,
                                  expected=T("0 to {last} (sheets: {names})", last=len(names) - 1,
                                             names=", ".join(names)),
                                  fix=T("pass sheet= a valid index or name"))
        sheet = names[sheet]
    if sheet not in names:
        raise CourseDataError(T("there is no sheet called {sheet}", sheet=repr(sheet)), source=source,
                              expected=T("one of: {names}", names=", ".join(names)),
                              fix=T("pass sheet= one of these names"))
    if sheet not in tables:
        raise CourseDataError(T("sheet {sheet} is a chart, not a table", sheet=repr(sheet)), source=source,
                              expected=T("one of: {names}", names=", ".join(tables) or T("(no table sheet)")),
                              fix=T("pass sheet= the sheet that holds the data"))
    return sheet


def _sheet_rows(path: Path, name: str, *, formulas: bool) -> list[list]:
    """Every row of a sheet as values (or formulas), trailing empty cells cut; the size record is ignored."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=not formulas)
    try:
        ws = book[name]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # a stale <dimension> would pad every row to its width
        rows = []
        for row in ws.iter_rows(values_only=True):
            cells = list(row)
            while cells and (cells[-1] is None or cells[-1] == ""):
                cells.pop()
            if len(cells) > MAX_COLUMNS:
                raise _too_wide(len(cells), path.name)
            rows.append(cells)
        return rows
    finally:
        book.close()


def _unsaved_formulas(path: Path, name: str, rows: list[list]) -> list[str]:
    """Cells (``"C5"``) that hold a formula whose result was not saved: read as empty, they are not."""
    from openpyxl.utils import get_column_letter

    found = []
    for i, row in enumerate(_sheet_rows(path, name, formulas=True)):
        values = rows[i] if i < len(rows) else []
        for j, v in enumerate(row):
            formula = (isinstance(v, str) and v.startswith("=")) or type(v).__name__ in ("ArrayFormula",
                                                                                         "DataTableFormula")
            if formula and (j >= len(values) or values[j] is None):
                found.append(f"{get_column_letter(j + 1)}{i + 1}")
    return found


def _read_excel(path: Path, sheet) -> pd.DataFrame:
    import openpyxl

    source = path.name
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken zip
        raise CourseDataError(T("this workbook cannot be opened ({reason})", reason=type(exc).__name__), source=source,
                              fix=T("re-save it from Excel as .xlsx, or export the sheet as CSV UTF-8")) from None
    try:
        name = _pick_sheet(book, sheet, source)
    finally:
        book.close()
    damaged = CourseDataError(T("sheet {sheet} cannot be read: the workbook is damaged or cut short", sheet=repr(name)),
                              source=source,
                              fix=T("open it in Excel or LibreOffice and save it again, or export the sheet as CSV UTF-8"))
    try:  # the sheets are parsed while reading, not when the workbook is opened: guard the whole read
        rows = _sheet_rows(path, name, formulas=False)
        empty_cells = any(v is None for r in rows for v in r)
        unsaved = _unsaved_formulas(path, name, rows) if empty_cells else []
    except CourseDataError:
        raise
    except Exception:
        raise damaged from None
    if unsaved:
        raise CourseDataError(
            T("{n} cell(s) hold formulas whose results were not saved in the file (cells {cells}); they would be "
              "read as empty answers", n=len(unsaved), cells=", ".join(unsaved[:5]) + (" …" if len(unsaved) > 5 else "")),
            source=source, expected=T("a workbook saved by Excel or LibreOffice (which store each formula's result)"),
            fix=T("open the file in Excel or LibreOffice and save it, or export the sheet as CSV UTF-8"))
    rows = [["" if v is None else v for v in r] for r in rows]
    rows = [r for r in rows if any(str(v).strip() for v in r)]
    if not rows:
        raise CourseDataError(T("sheet {sheet} is empty", sheet=repr(name)), source=source,
                              fix=T("choose the sheet with the data"))
    width = max(len(r) for r in rows)
    rows = [list(r) + [""] * (width - len(r)) for r in rows]
    header, body = _locate_header(rows, source)
    return _frame_from_rows(header, body, source)


def _parse_csv(text: str, delimiter: str, source: str) -> list[list[str]]:
    """All rows of CSV text; a cell may be of any length and hold quoted line breaks, U+2028 or U+0085."""
    if csv.field_size_limit() < len(text) + 1:  # default 131,072 characters; a cell is never longer than the text
        try:
            csv.field_size_limit(len(text) + 1)
        except OverflowError:
            csv.field_size_limit(2**31 - 1)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise _too_wide(len(row), source)
            rows.append(row)
    except csv.Error as exc:
        raise CourseDataError(T("the file cannot be read as a table near line {line} ({reason})", line=reader.line_num,
                                reason=exc), source=source,
                              expected=T("CSV text: one row per line, quotes around cells holding the delimiter"),
                              fix=T("export the file again as CSV UTF-8")) from None
    return rows


def _read_text_table(raw: bytes, source: str, encoding, delimiter) -> pd.DataFrame:
    empty = CourseDataError(T("the file is empty"), source=source, fix=T("export the survey again; the file has no text"))
    if not raw.strip():
        raise empty
    why = None if encoding else _looks_binary(raw)
    if why:
        raise CourseDataError(why, source=source, expected=T("a CSV text file or an .xlsx workbook"),
                              fix=T("give the file its real extension (.xlsx) or export it as CSV UTF-8"))
    text, _ = decode_bytes(raw, source=source, encoding=encoding)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise empty
    if "\x00" in text:
        raise CourseDataError(T("this file contains binary data, not text"), source=source,
                              expected=T("a CSV text file or an .xlsx workbook"), fix=T("export it as CSV UTF-8"))
    delim = delimiter or _sniff_delimiter(text)
    rows = [r for r in _parse_csv(text, delim, source) if any(c.strip() for c in r)]
    if not rows:
        raise empty
    header, body = _locate_header(rows, source)
    width = len(header)
    body = [r[:width] if len(r) > width and not any(c.strip() for c in r[width:]) else r for r in body]
    ragged = [i + 1 for i, r in enumerate(body) if len(r) != width]
    if ragged:
        raise CourseDataError(
            T("some rows have a different number of fields than the header ({width})", width=width),
            source=source, row=ragged,
            expected=T("{width} fields per row, separated by {delimiter}", width=width, delimiter=repr(delim)),
            fix=T("a value probably contains the delimiter: quote it, or re-export the file"),
        )
    return _frame_from_rows(header, body, source)


def _clean_header(value) -> str:
    return _INVISIBLE.sub("", str(value)).strip()


def _locate_header(rows: list[list], source: str):
    """Skip title lines above the header: the header is the first row as wide as the data.

    Trailing cells that are empty in the header and in every row after it (a trailing delimiter)
    are cut.
    """
    from collections import Counter

    if not rows:
        raise CourseDataError(T("the file has no rows"), source=source, fix=T("export the survey again"))
    full = Counter(len(r) for r in rows[:50]).most_common(1)[0][0]  # the data's usual width
    start = 0
    for i, r in enumerate(rows[:50]):
        filled = sum(1 for v in r if _clean_header(v) != "")
        if len(r) == full and filled * 2 >= full:
            start = i
            break
    header = [_clean_header(v) for v in rows[start]]
    body = rows[start + 1:]
    width = len(header)
    while width and header[width - 1] == "" and all(len(r) < width or str(r[width - 1]).strip() == "" for r in body):
        width -= 1
    return header[:width], body


def _frame_from_rows(header, body, source: str) -> pd.DataFrame:
    from collections import Counter

    if not header:
        raise CourseDataError(T("the file has no header row"), source=source,
                              fix=T("export the survey with its column names in the first row"))
    if len(header) > MAX_COLUMNS:
        raise _too_wide(len(header), source)
    body = [list(r) for r in body]
    blank = [j for j, h in enumerate(header) if h == ""]
    if blank:  # a column with neither a name nor a value (an empty spacer column) is dropped
        unused = {j for j in blank if all(j >= len(r) or str(r[j]).strip() == "" for r in body)}
        if unused:
            keep = [j for j in range(len(header)) if j not in unused]
            header = [header[j] for j in keep]
            body = [[r[j] for j in keep] for r in body]
            blank = [j for j, h in enumerate(header) if h == ""]
    if blank:
        raise CourseDataError(T("a column has no name"), source=source,
                              column=[f"#{j + 1}" for j in blank],
                              fix=T("give every column a header, or delete the empty column"))
    counts = Counter(header)
    dupes = sorted(h for h, n in counts.items() if n > 1)
    if dupes:
        raise CourseDataError(T("column names are repeated"), source=source, column=dupes,
                              fix=T("rename the columns so each name is unique"))
    if not body:
        raise CourseDataError(T("the file has a header but no data rows"), source=source,
                              fix=T("export the responses, not only the question list"))
    return pd.DataFrame(body, columns=header, dtype=object)


def _summary_row(row) -> str | None:
    """The label of a total/average row (its first cell a summary word, its other cells numbers), else None."""
    cells = [str(v).strip() for v in row if not (v is None or (isinstance(v, float) and np.isnan(v)))]
    cells = [c for c in cells if c and c.lower() not in ("nan", "<na>")]
    if len(cells) < 2:
        return None
    label = cells[0].rstrip(":：").strip().lower()
    if label in _SUMMARY_WORDS and all(_is_number(c) for c in cells[1:]):
        return cells[0]
    return None


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
        raise CourseDataError(T("the file has header rows but no responses"), source=source,
                              fix=T("export the responses, not only the question list"))
    for k in range(len(frame) - 1, max(len(frame) - 4, -1), -1):
        label = _summary_row(frame.iloc[k].tolist())
        if label:
            raise CourseDataError(T("row {row} is a summary row ({label}), not a respondent", row=k + 1,
                                    label=repr(label)), source=source,
                                  row=k + 1, expected=T("one row per respondent"),
                                  fix=T("delete the total/average rows below the answers and save again"))
    return _typed_columns(frame)


def _typed_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells trimmed, empty ones NaN; a column whose every filled cell is a finite number becomes numbers
    (whole numbers ``int64`` when none is missing), any other column text.

    The whole table is converted at once (one parse of every cell, then column-wise reductions): a
    table of 16,384 columns takes about as long as one of 16,384 rows. Numbers such as ``inf`` or
    ``1e400``, which no survey answer is, leave their column as typed text.
    """
    n_rows, n_cols = frame.shape
    cells = frame.to_numpy(dtype=object).ravel(order="F")
    cells = np.array([v.strip() if isinstance(v, str) else v for v in cells] + [None], dtype=object)[:-1]
    missing = np.fromiter((v is None or v == "" or (isinstance(v, float) and v != v) for v in cells),
                          dtype=bool, count=len(cells))
    parse = np.where(missing | np.fromiter((isinstance(v, bool) for v in cells), dtype=bool, count=len(cells)),
                     None, cells)
    numbers = pd.to_numeric(pd.Series(parse, dtype=object), errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    numbers = numbers.reshape((n_rows, n_cols), order="F")
    missing = missing.reshape((n_rows, n_cols), order="F")
    numeric = np.all(missing | np.isfinite(numbers), axis=0)
    whole = numeric & np.all(~missing & (numbers == np.round(numbers)) & (np.abs(numbers) < 2**53), axis=0)
    cells = cells.reshape((n_rows, n_cols), order="F")
    out = {}
    for j, col in enumerate(frame.columns):
        if whole[j]:
            out[col] = numbers[:, j].astype("int64")
        elif numeric[j]:
            out[col] = numbers[:, j]
        else:
            out[col] = pd.array([pd.NA if m else str(v) for v, m in zip(cells[:, j], missing[:, j])], dtype="string")
    return pd.DataFrame(out, index=frame.index)


def _next_is_importid(frame: pd.DataFrame) -> bool:
    if len(frame) < 2:
        return False
    return any(str(v).startswith('{"ImportId"') for v in frame.iloc[1])
