"""Reading the course's YAML files safely: catalogues, column mappings, blueprints.

:func:`load_yaml` (a file) and :func:`parse_yaml` (text) use the safe loader (libyaml's C parser
when installed), never run code from a tag, and bound what a file can cost: its size
(:data:`MAX_YAML_BYTES`), nesting (:data:`MAX_YAML_DEPTH`), the values it holds once aliases are
expanded (:data:`MAX_YAML_VALUES`: "billion laughs" is refused from the parser's events, before
anything is built) and the digits of a number. Files must be UTF-8 (:func:`yaml_text`): a GBK or
UTF-16 file is refused with the fix, never guessed. Duplicate keys are refused, including the YAML
1.1 pairs that become one key (``yes:`` and ``on:`` are both ``True``). Every problem is a short
:class:`~course_lib.errors.CourseDataError` naming the file and the line. :mod:`course_lib.data`
exports these names too.

Examples
--------
>>> parse_yaml("columns: {门店: segment}\\nscale: [1, 5]\\n")
{'columns': {'门店': 'segment'}, 'scale': [1, 5]}
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import CourseDataError, show
from .lang import T

__all__ = ["MAX_YAML_BYTES", "MAX_YAML_DEPTH", "MAX_YAML_VALUES", "MAX_YAML_DIGITS", "yaml_text", "parse_yaml",
           "load_yaml"]

#: Limits on a YAML file (column mappings, blueprints, catalogues are a few KiB): size, nesting,
#: values after expanding aliases (``&a`` / ``*a``: "billion laughs" expands 9 lines to 10⁹ values),
#: digits of one whole number.
MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_YAML_DEPTH = 50
MAX_YAML_VALUES = 200_000
MAX_YAML_DIGITS = 100

_YAML_EXPECTED = T("valid YAML (indent with spaces, `key: value` pairs)")
#: Markers (a ConstructorError's ``context``) of the problems the course's loader finds itself.
_DUPLICATE, _DIGITS = "course_lib: duplicate key", "course_lib: long number"


def _yaml_error(problem: str | T, source: str, line: int | None = None, *, expected: str | T | None = None,
                fix: str | T = T("check indentation and quoting near the line shown")) -> CourseDataError:
    return CourseDataError(problem, source=source, row=line, expected=expected or _YAML_EXPECTED, fix=fix)


def _encoding_hint(raw: bytes) -> T:
    """What a file that is not UTF-8 probably is, for the message."""
    from .table_files import _utf16_without_bom

    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(raw):
        return T("UTF-16 (Excel's 'Unicode text')")
    if b"\x00" in raw[:4096]:
        return T("binary data, not text")
    try:
        raw.decode("gb18030")
        return T("GBK/GB18030 (Chinese Windows) or another legacy encoding")
    except UnicodeDecodeError:
        return T("a legacy encoding such as Windows-1252")


def yaml_text(path: str | os.PathLike) -> str:
    """The text of a YAML file: UTF-8 (a BOM is allowed), at most :data:`MAX_YAML_BYTES`.

    YAML files must be UTF-8: a GBK or UTF-16 file is refused with the fix, never guessed (a guess
    between GBK and Windows-1252 can garble every name without a word).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CourseDataError(T("the file cannot be read ({reason})", reason=exc.strerror or type(exc).__name__),
                              source=str(path), fix=T("check the path and that the file can be opened")) from None
    if size > MAX_YAML_BYTES:
        raise CourseDataError(T("this YAML file is too large ({size} MiB)", size=f"{size / 2**20:.1f}"),
                              source=path.name,
                              expected=T("at most {max} MiB (column mappings and blueprints are a few KiB)",
                                         max=MAX_YAML_BYTES // 2**20), fix=T("check that this is the right file"))
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise CourseDataError(T("this YAML file is not UTF-8 text (byte {byte} on line {line}); it looks like {hint}",
                                byte=exc.start + 1, line=line, hint=_encoding_hint(raw)), source=path.name, row=line,
                              expected=T("a YAML file saved as UTF-8"),
                              fix=T("open it in a text editor and save it with the encoding UTF-8")) from None
    if "\x00" in text:
        raise CourseDataError(T("this file contains binary data, not YAML text"), source=path.name,
                              expected=T("a YAML text file saved as UTF-8"), fix=T("check that this is the right file"))
    return text


def _yaml_loader():
    """The safe YAML loader (libyaml's C parser when installed) that refuses duplicate keys and huge numbers."""
    import yaml

    base = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader

    class CourseLoader(base):  # type: ignore[misc, valid-type]
        def construct_mapping(self, node, deep=False):
            if isinstance(node, yaml.MappingNode):
                seen: dict = {}
                for key_node, _ in node.value:
                    if key_node.tag == "tag:yaml.org,2002:merge":
                        continue
                    key = self.construct_object(key_node, deep=True)
                    try:
                        first = seen.get(key)
                    except TypeError:  # an unhashable key: the safe loader's own error follows
                        continue
                    if first is not None:
                        raise yaml.constructor.ConstructorError(
                            _DUPLICATE, None, _duplicate_key_problem(first, key_node, key), key_node.start_mark)
                    seen[key] = key_node
            return super().construct_mapping(node, deep=deep)

        def construct_yaml_int(self, node):
            digits = sum(c.isdigit() for c in str(node.value))
            if digits > MAX_YAML_DIGITS:
                raise yaml.constructor.ConstructorError(
                    _DIGITS, None, T("a number with {digits} digits", digits=digits).render(), node.start_mark)
            return super().construct_yaml_int(node)

    CourseLoader.add_constructor("tag:yaml.org,2002:int", CourseLoader.construct_yaml_int)
    return yaml, base, CourseLoader


def _duplicate_key_problem(first, second, key) -> str:
    a, b = str(first.value)[:40], str(second.value)[:40]
    line1, line2 = first.start_mark.line + 1, second.start_mark.line + 1
    if a == b:
        return T("the key {key} appears twice (lines {first} and {second}): one entry would be lost",
                 key=repr(a), first=line1, second=line2).render()
    if {a.lower(), b.lower()} & {"yes", "no", "on", "off", "true", "false"}:
        return T("the keys {a} and {b} (lines {first} and {second}) are the same key once read ({value}): YAML reads "
                 "yes/no/on/off as true/false, so one entry would be lost", a=repr(a), b=repr(b), value=show(key),
                 first=line1, second=line2).render()
    return T("the keys {a} and {b} (lines {first} and {second}) are the same key once read ({value}): one entry "
             "would be lost", a=repr(a), b=repr(b), value=show(key), first=line1, second=line2).render()


def _check_yaml_shape(yaml, base, text: str, source: str) -> None:
    """Refuse nesting deeper than :data:`MAX_YAML_DEPTH` and more than :data:`MAX_YAML_VALUES` values
    once aliases are expanded, from the parser's events (nothing is built, nothing expands)."""
    stack: list[list] = []  # [anchor, values so far] per open collection
    sizes: dict[str, int] = {}
    aliases = False

    def add(n: int, mark) -> None:
        if stack:
            stack[-1][1] += n
            if stack[-1][1] > MAX_YAML_VALUES:
                raise _yaml_error(T("this YAML holds more than {max} values once its aliases (*name) are expanded",
                                    max=f"{MAX_YAML_VALUES:,}") if aliases else
                                  T("this YAML holds more than {max} values", max=f"{MAX_YAML_VALUES:,}"),
                                  source, mark.line + 1,
                                  expected=T("a short file; anchors (&name) and aliases (*name) used sparingly"),
                                  fix=T("write the values out instead of nesting aliases") if aliases else
                                  T("check that this is the right file (mappings and blueprints are short)"))

    for ev in yaml.parse(text, Loader=base):
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([ev.anchor, 1])
            if len(stack) > MAX_YAML_DEPTH:
                raise _yaml_error(T("this YAML is nested more than {max} levels deep", max=MAX_YAML_DEPTH), source,
                                  ev.start_mark.line + 1, fix=T("flatten the structure (a mapping file or blueprint "
                                                                "needs three or four levels)"))
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = stack.pop()
            if anchor is not None:
                sizes[anchor] = size
            add(size, ev.start_mark)
        elif isinstance(ev, yaml.ScalarEvent):
            if ev.anchor is not None:
                sizes[ev.anchor] = 1
            add(1, ev.start_mark)
        elif isinstance(ev, yaml.AliasEvent):
            aliases = True
            add(sizes.get(ev.anchor, 1), ev.start_mark)


def parse_yaml(text: str, *, source: str = "YAML text", expected: str | None = None, fix: str | None = None):
    """Parse YAML text safely: no code runs, and size, nesting, alias expansion and numbers are bounded.

    Duplicate keys are refused (``yes:`` and ``on:`` are both ``True`` in YAML 1.1: one entry would be
    lost). Every problem is a short :class:`CourseDataError` naming the line; ``expected`` and ``fix``
    replace the general advice for a syntax error (a blueprint says what a blueprint looks like).

    Examples
    --------
    >>> parse_yaml("a: 1\\nb: [x, y]\\n")
    {'a': 1, 'b': ['x', 'y']}
    >>> parse_yaml("yes: 1\\non: 2\\n", source="m.yml")
    Traceback (most recent call last):
    ...
    course_lib.errors.CourseDataError: m.yml, row 2: the keys 'yes' and 'on' (lines 1 and 2) are the same key once read (True): YAML reads yes/no/on/off as true/false, so one entry would be lost
      expected: every key once; quote keys that are words such as 'yes' or 'on'
      fix: write 'yes': and 'on': in quotes, or rename one of them
    """
    if len(text) > MAX_YAML_BYTES:
        raise CourseDataError(T("this YAML text is too long ({n} characters)", n=f"{len(text):,}"), source=source,
                              expected=T("at most {max} characters", max=f"{MAX_YAML_BYTES:,}"),
                              fix=T("check that this is the right text"))
    yaml, base, loader = _yaml_loader()
    try:
        _check_yaml_shape(yaml, base, text, source)
        return yaml.load(text, Loader=loader)  # noqa: S506 (a SafeLoader subclass)
    except CourseDataError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or exc).splitlines()[0][:300]
        line = None if mark is None else mark.line + 1
        context = getattr(exc, "context", None)
        if context == _DUPLICATE:
            raise _yaml_error(problem, source, line,
                              expected=T("every key once; quote keys that are words such as 'yes' or 'on'"),
                              fix=T("write 'yes': and 'on': in quotes, or rename one of them")
                              if "yes/no/on/off" in problem else T("keep one of the two entries")) from None
        if context == _DIGITS:
            raise _yaml_error(problem, source, line, expected=T("numbers of at most {max} digits", max=MAX_YAML_DIGITS),
                              fix=T("write a shorter number, or quote it to keep it as text")) from None
        raise _yaml_error(T("this YAML cannot be parsed ({problem})", problem=problem) if line is None else
                          T("this YAML cannot be parsed at line {line} ({problem})", line=line, problem=problem),
                          source, line, expected=expected,
                          fix=fix or T("check indentation and quoting near the line shown")) from None
    except (ValueError, TypeError, OverflowError, RecursionError, MemoryError) as exc:
        raise _yaml_error(T("a value in this YAML file cannot be read ({reason})",
                            reason=f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"),
                          source,
                          fix=T("check the dates and numbers in the file (quote a value to keep it as text)")) from None


def load_yaml(path: Path):
    """Read a YAML file safely (:func:`yaml_text`, :func:`parse_yaml`); every problem is a CourseDataError."""
    path = Path(path)
    return parse_yaml(yaml_text(path), source=path.name)
