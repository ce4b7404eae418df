"""Language editions from one source: English notebooks + gettext catalogues → translated notebooks.

The English lessons (``notebooks/``) and solutions (``solutions/``) are the only source of the
course's code. A translated edition lives in a parallel tree (``zh/notebooks``, ``zh/solutions``,
``zh/exercises``), so relative links between notebooks work the same in both editions. It is
*generated*:

* every markdown cell is split into blocks (paragraphs, lists, tables, headings; a fenced code
  block stays whole) and each block is looked up in the notebook's catalogue
  ``translations/<locale>/<folder>/<name>.po`` (gettext PO, the format translators' tools open);
* code cells are copied unchanged, except that the notebook's language parameter
  (``LANG = "en"`` in the cell tagged ``parameters``) is set to the edition's language;
* exercises of the edition are generated from its solutions by :mod:`course_lib.authoring`.

Markdown documents are sources too (:data:`DOC_SOURCES`: the data dictionary ``datasets/README.md``
and the instructor guide ``instructor/GUIDE.md``): split into the same blocks, except that a table is
translated row by row (one message per row, so a changed row count or a new column touches one
message) and a fenced code block with ``#`` comments is a message too (its comments are translated,
its code copied), looked up in ``translations/<locale>/docs/<folder>_<name>.po`` and written to
``<lang>/<folder>/<name>`` (``zh/datasets/README.md``, ``zh/instructor/GUIDE.md``) by
:func:`translate_document`. The translated document sits one folder deeper than the English one;
relative links are rewritten by the translator where they must change (the catalogue holds the
Chinese text, links included), and the tests check that every link of a translated document resolves.

A catalogue entry's ``msgid`` *is* the English source text, so an English edit shows up as a
missing message, or, after :func:`update_catalogue`, as a fuzzy entry that keeps the previous
English beside the old translation (``#| msgid``) for the translator to revise. Building refuses
missing and fuzzy messages (:class:`EditionError`), and the tests refuse a committed edition that
differs from what the build produces.

The library's own texts (check feedback, plot labels, widget labels, report text) are
:class:`course_lib.lang.T` messages; :func:`library_template` extracts them from the source and
:func:`update_library_catalogue` keeps ``course_lib/locale/<locale>/LC_MESSAGES/course_lib.po`` and
its compiled ``.mo`` (what :mod:`course_lib.lang` reads at run time) up to date.

Examples
--------
>>> split_blocks("# Title\\n\\nOne paragraph\\nstill one.\\n\\n```python\\nx = 1\\n\\ny = 2\\n```")
['# Title', 'One paragraph\\nstill one.', '```python\\nx = 1\\n\\ny = 2\\n```']
>>> from babel.messages.catalog import Catalog
>>> cat = Catalog(locale="zh_CN")
>>> _ = cat.add("# Title", "# 标题")
>>> _ = cat.add("One paragraph.", "一段话。")
>>> translate_markdown("# Title\\n\\nOne paragraph.", cat)
'# 标题\\n\\n一段话。'
>>> units("| a | b |\\n|---|---|\\n| x | y |", document=True)
['| a | b |', '|---|---|', '| x | y |']
>>> is_translatable("```python\\nx = 1  # one\\n```"), is_translatable("```python\\nx = 1  # one\\n```", document=True)
(False, True)
"""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import files

__all__ = [
    "EDITIONS",
    "SOURCE_FOLDERS",
    "DOC_SOURCES",
    "EditionError",
    "split_blocks",
    "units",
    "is_translatable",
    "template_for",
    "catalogue_path",
    "read_catalogue",
    "update_catalogue",
    "catalogue_problems",
    "translate_markdown",
    "translate_notebook",
    "translate_document",
    "edition_path",
    "sources",
    "doc_sources",
    "library_template",
    "library_catalogue_path",
    "update_library_catalogue",
    "library_problems",
]

#: edition folder (and ``lang`` value) → gettext locale of its catalogues.
EDITIONS = {"zh": "zh_CN"}
#: English folders whose notebooks are translated (exercises are generated from the solutions).
SOURCE_FOLDERS = ("notebooks", "solutions")
#: Markdown documents that editions translate (relative to the course folder).
DOC_SOURCES = ("datasets/README.md", "instructor/GUIDE.md")
PARAMETER = re.compile(r"^(?P<name>LANG|lang)(?P<eq>\s*=\s*)(?P<q>[\"'])en(?P=q)", re.M)
_FENCE = re.compile(r"^\s*(```|~~~)")


class EditionError(ValueError):
    """A translated edition cannot be built: messages are missing or fuzzy, or a notebook has no switch."""


@dataclass(frozen=True)
class Problem:
    """One reason a catalogue is not ready: ``kind`` is missing, fuzzy or obsolete."""

    kind: str
    msgid: str
    where: str = ""

    def __str__(self) -> str:
        text = self.msgid if len(self.msgid) < 70 else self.msgid[:67] + "..."
        return f"{self.kind}: {text!r}" + (f" ({self.where})" if self.where else "")


def split_blocks(markdown: str) -> list[str]:
    """Split markdown into the blocks a translator translates one at a time (blank-line separated;
    fenced code blocks are kept whole)."""
    blocks: list[str] = []
    current: list[str] = []
    fenced = False
    for line in markdown.split("\n"):
        if _FENCE.match(line):
            fenced = not fenced
            current.append(line)
        elif not fenced and not line.strip():
            if current:
                blocks.append("\n".join(current))
                current = []
        else:
            current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def _is_table(block: str) -> bool:
    lines = block.split("\n")
    return len(lines) > 1 and all(line.lstrip().startswith("|") for line in lines)


def units(block: str, document: bool = False) -> list[str]:
    """The messages of one block: the block itself, or (in a ``document``) each row of a table."""
    return block.split("\n") if document and _is_table(block) else [block]


_COMMENT = re.compile(r"(^|\s)#\s+\S", re.M)


def is_translatable(block: str, document: bool = False) -> bool:
    """False for blocks with nothing to translate: no letters at all, or a fenced code block (in a
    ``document``, a fenced code block with ``#`` comments is translated: its comments are prose)."""
    if _FENCE.match(block):
        return document and bool(_COMMENT.search(block))
    return bool(re.search(r"[A-Za-z\u4e00-\u9fff]", block))


def sources(root: Path | None = None) -> list[Path]:
    """The English notebooks that editions translate."""
    root = root or files.project_root()
    return [p for folder in SOURCE_FOLDERS for p in sorted((root / folder).glob("*.ipynb"))]


def doc_sources(root: Path | None = None) -> list[Path]:
    """The English markdown documents that editions translate (:data:`DOC_SOURCES`)."""
    root = root or files.project_root()
    return [root / rel for rel in DOC_SOURCES if (root / rel).exists()]


def is_document(source: Path) -> bool:
    """True for a markdown document, False for a notebook."""
    return Path(source).suffix.lower() == ".md"


def catalogue_path(source: Path, lang: str = "zh", root: Path | None = None) -> Path:
    """``translations/<locale>/<folder>/<name>.po`` for an English notebook,
    ``translations/<locale>/docs/<folder>_<name>.po`` for a markdown document."""
    root = root or files.project_root()
    source = Path(source)
    if is_document(source):
        return root / "translations" / EDITIONS[lang] / "docs" / f"{source.parent.name}_{source.stem}.po"
    return root / "translations" / EDITIONS[lang] / source.parent.name / f"{source.stem}.po"


def edition_path(source: Path, lang: str = "zh", root: Path | None = None) -> Path:
    """Where the edition of an English notebook or document lives: ``<lang>/<folder>/<name>``."""
    root = root or files.project_root()
    source = Path(source)
    return root / lang / source.parent.name / source.name


_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$")


def heading_anchor(heading: str) -> str:
    """The anchor GitHub (and JupyterLab) give a markdown heading: lower case, punctuation dropped,
    spaces as ``-`` (Chinese characters are kept).

    >>> heading_anchor("Pre/post quizzes (课前/课后小测)")
    'prepost-quizzes-课前课后小测'
    """
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _markdown_parts(source: Path, root: Path) -> list[tuple[str, str]]:
    """(markdown, where) pieces of a source: a notebook's markdown cells (``path#cell-id``), or a
    document's sections (``path#heading-anchor``, the section a block is in)."""
    source = Path(source)
    where = source.resolve().relative_to(root.resolve()).as_posix()
    if not is_document(source):
        nb = nbformat.read(source, as_version=4)
        return [(cell.source, f"{where}#{cell.id}") for cell in nb.cells if cell.cell_type == "markdown"]
    parts, anchor = [], ""
    for block in split_blocks(source.read_text(encoding="utf-8")):
        m = _HEADING.match(block)
        if m and "\n" not in block:
            anchor = heading_anchor(m.group(1))
        parts.append((block, f"{where}#{anchor}" if anchor else where))
    return parts


def template_for(source: Path, root: Path | None = None):
    """The message template (a babel ``Catalog``) of one English notebook or document: every
    translatable block (for a document, every table row)."""
    from babel.messages.catalog import Catalog

    root = root or files.project_root()
    source = Path(source)
    template = Catalog(project="service-course", fuzzy=False)
    for markdown, where in _markdown_parts(source, root):
        for block in split_blocks(markdown):
            for unit in units(block, document=is_document(source)):
                if is_translatable(unit, document=is_document(source)):
                    here = (where, None)  # the cell or section a block comes from (no line numbers: they churn)
                    if unit in template:
                        if here not in template[unit].locations:
                            template[unit].locations.append(here)
                    else:
                        template.add(unit, locations=[here])
    return template


def read_catalogue(path: Path, lang: str = "zh"):
    """Read a PO catalogue (an empty one if the file does not exist yet)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    path = Path(path)
    if not path.exists():
        return Catalog(locale=EDITIONS[lang], project="service-course", fuzzy=False)
    with path.open("rb") as fh:
        return read_po(fh, locale=EDITIONS[lang])


def _write_catalogue(catalog, path: Path, lineno: bool = True) -> Path:
    import io

    from babel.messages.pofile import write_po

    for msg in list(catalog) + list(catalog.obsolete.values()):
        # babel reads a previous msgid (``#| msgid``) back as comments ("| msgid ...", wrapped over
        # lines) that would pile up on every write; the real previous msgid is kept
        if any(c.lstrip().startswith("|") for c in msg.user_comments):
            msg.user_comments = []
    buf = io.BytesIO()
    write_po(buf, catalog, width=0, include_previous=True, sort_output=False, include_lineno=lineno)
    # The POT-Creation/Revision dates change on every write; drop them so that an unchanged
    # catalogue is byte-for-byte unchanged.
    text = re.sub(rb'"(POT-Creation-Date|PO-Revision-Date): [^"]*\\n"\n', b"", buf.getvalue())
    path.parent.mkdir(parents=True, exist_ok=True)
    return files.atomic_write(path, text)


def update_catalogue(source: Path, lang: str = "zh", root: Path | None = None) -> Path:
    """Bring a notebook's catalogue up to date with its English source and write it.

    New blocks are added untranslated; a changed block becomes *fuzzy* with its previous English
    kept (``#| msgid``) beside the old translation; a removed block becomes obsolete (``#~``).
    """
    path = catalogue_path(source, lang, root)
    catalog = read_catalogue(path, lang)
    catalog.update(template_for(source, root), update_creation_date=False)
    for key in [k for k, m in catalog.obsolete.items() if not m.string]:  # nothing to reuse
        del catalog.obsolete[key]
    return _write_catalogue(catalog, path)


def catalogue_problems(source: Path, lang: str = "zh", root: Path | None = None) -> list[Problem]:
    """What stops a notebook's edition: messages missing or fuzzy, or live entries the English no longer has."""
    path = catalogue_path(source, lang, root)
    catalog = read_catalogue(path, lang)
    template = template_for(source, root)
    problems = []
    for msg in template:
        if not msg.id:
            continue
        where = ", ".join(loc for loc, _ in msg.locations)
        found = catalog.get(msg.id)
        if found is None or not found.string:
            problems.append(Problem("missing", msg.id, where))
        elif found.fuzzy:
            problems.append(Problem("fuzzy", msg.id, where))
    # live entries whose English is no longer in the notebook: the catalogue was not updated
    # (``#~`` entries that an update keeps for reuse are not problems)
    problems += [Problem("obsolete", m.id) for m in catalog if m.id and m.id not in template]
    return problems


def translate_markdown(markdown: str, catalog, document: bool = False) -> str:
    """Translate a markdown text block by block (a ``document``: tables row by row, commented code
    blocks too); raise :class:`EditionError` for a missing or fuzzy block."""
    out = []
    for block in split_blocks(markdown):
        done = []
        for unit in units(block, document):
            if not is_translatable(unit, document):
                done.append(unit)
                continue
            msg = catalog.get(unit)
            if msg is None or not msg.string or msg.fuzzy:
                state = "fuzzy" if msg is not None and msg.fuzzy and msg.string else "missing"
                raise EditionError(f"{state} translation for: {unit[:80]!r}")
            done.append(msg.string)
        out.append("\n".join(done))
    return "\n\n".join(out)


def _hash(nb) -> str:
    text = "\x00".join(c.cell_type + "\x01" + c.source for c in nb.cells)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _refuse_problems(source: Path, lang: str, root: Path) -> None:
    problems = [p for p in catalogue_problems(source, lang, root) if p.kind != "obsolete"]
    if problems:
        shown = "\n  ".join(map(str, problems[:10]))
        more = f"\n  … ({len(problems)} in all)" if len(problems) > 10 else ""
        raise EditionError(f"{catalogue_path(source, lang, root).relative_to(root)} is not ready:\n  {shown}{more}\n"
                           "  fix: translate these entries (make catalogues adds new ones)")


def translate_document(source: Path, lang: str = "zh", root: Path | None = None) -> str:
    """The edition of one English markdown document, built from its catalogue (tables row by row),
    under a comment that names its sources. Raises :class:`EditionError` listing every missing or
    fuzzy message."""
    root = root or files.project_root()
    source = Path(source)
    _refuse_problems(source, lang, root)
    catalog = read_catalogue(catalogue_path(source, lang, root), lang)
    rel = source.resolve().relative_to(root.resolve()).as_posix()
    po = catalogue_path(source, lang, root).relative_to(root).as_posix()
    text = translate_markdown(source.read_text(encoding="utf-8"), catalog, document=True)
    note = (f"<!-- Generated from {rel} and {po} by `service-course editions`: "
            "edit those, not this file. -->")
    return f"{note}\n\n{text.rstrip()}\n"


def translate_notebook(source: Path, lang: str = "zh", root: Path | None = None) -> nbformat.NotebookNode:
    """The edition of one English notebook (without outputs), built from its catalogue.

    Raises :class:`EditionError` listing every missing or fuzzy message, or when the notebook's
    parameters cell has no ``LANG = "en"`` switch to set.
    """
    root = root or files.project_root()
    source = Path(source)
    _refuse_problems(source, lang, root)
    catalog = read_catalogue(catalogue_path(source, lang, root), lang)
    nb = copy.deepcopy(nbformat.read(source, as_version=4))
    switched = False
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_markdown(cell.source, catalog)
        elif cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            if "parameters" in cell.metadata.get("tags", []):
                cell.source, n = PARAMETER.subn(lambda m: f"{m['name']}{m['eq']}{m['q']}{lang}{m['q']}", cell.source)
                switched = switched or n > 0
    if not switched:
        raise EditionError(f"{source.name} has no language switch: add LANG = \"en\" to its cell tagged parameters")
    nb.metadata["course_edition"] = {"lang": lang, "source": source.resolve().relative_to(root.resolve()).as_posix(),
                                     "source_hash": _hash(nbformat.read(source, as_version=4))}
    return nb


# -- the library's messages ------------------------------------------------------------------

def library_template(root: Path | None = None):
    """Every ``T("...")`` message in ``course_lib``, as a babel catalogue template.

    Each entry records where it is used and, for translators, what each placeholder holds
    (``#. {n_answer} = len(answer)``).
    """
    import ast

    from babel.messages.catalog import Catalog

    root = Path(root or files.project_root())
    template = Catalog(project="service-course", fuzzy=False)
    for path in sorted((root / "course_lib").rglob("*.py")):
        rel = path.relative_to(root).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "T"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                continue
            kw = {k.arg: k.value for k in node.keywords if k.arg}
            context = kw.pop("context", None)
            context = context.value if isinstance(context, ast.Constant) else None
            text = node.args[0].value
            notes = [f"{{{name}}} = {ast.unparse(expr)}" for name, expr in kw.items()]
            old = template.get(text, context=context)
            if old is None:
                template.add(text, locations=[(rel, node.lineno)], auto_comments=notes, context=context)
            else:
                old.locations.append((rel, node.lineno))
                old.auto_comments.extend(n for n in notes if n not in old.auto_comments)
    return template


def library_catalogue_path(lang: str = "zh", root: Path | None = None) -> Path:
    """``course_lib/locale/<locale>/LC_MESSAGES/course_lib.po``."""
    return Path(root or files.project_root()) / "course_lib" / "locale" / EDITIONS[lang] / "LC_MESSAGES" / "course_lib.po"


def update_library_catalogue(lang: str = "zh", root: Path | None = None) -> Path:
    """Bring the library's catalogue up to date with the source (as :func:`update_catalogue` does for a
    notebook) and compile it to the ``.mo`` beside it; fuzzy and empty entries are left out of the ``.mo``,
    so the library shows their English."""
    import io

    from babel.messages.mofile import write_mo

    path = library_catalogue_path(lang, root)
    catalog = read_catalogue(path, lang)
    catalog.update(library_template(root), update_creation_date=False)
    for key in [k for k, m in catalog.obsolete.items() if not m.string]:
        del catalog.obsolete[key]
    _write_catalogue(catalog, path, lineno=False)  # line numbers would churn with every edit
    buf = io.BytesIO()
    write_mo(buf, catalog)
    files.atomic_write(path.with_suffix(".mo"), buf.getvalue())
    return path


def library_problems(lang: str = "zh", root: Path | None = None) -> list[Problem]:
    """Messages of the library missing or fuzzy in ``lang``'s catalogue, translations whose placeholders
    the English does not provide, entries the source no longer has, and a ``.mo`` older than its ``.po``."""
    import gettext
    import string

    path = library_catalogue_path(lang, root)
    catalog = read_catalogue(path, lang)
    template = library_template(root)
    problems = []
    for msg in template:
        if not msg.id:
            continue
        where = ", ".join(f"{f}:{n}" for f, n in msg.locations)
        found = catalog.get(msg.id, context=msg.context)
        if found is None or not found.string:
            problems.append(Problem("missing", msg.id, where))
            continue
        if found.fuzzy:
            problems.append(Problem("fuzzy", msg.id, where))
        given = {c.split("}", 1)[0].lstrip("{") for c in msg.auto_comments}
        used = {f[1].split(".")[0].split("[")[0] for f in string.Formatter().parse(found.string) if f[1]}
        if msg.auto_comments and used - given:
            problems.append(Problem(f"placeholder {sorted(used - given)} not given", msg.id, where))
    problems += [Problem("obsolete", m.id) for m in catalog
                 if m.id and template.get(m.id, context=m.context) is None]
    mo = path.with_suffix(".mo")
    if not mo.exists():
        problems.append(Problem("not compiled", str(mo)))
    else:
        with mo.open("rb") as fh:
            compiled = gettext.GNUTranslations(fh)._catalog
        want = {(f"{m.context}\x04{m.id}" if m.context else m.id): m.string
                for m in catalog if m.id and m.string and not m.fuzzy}
        if {k: v for k, v in compiled.items() if k} != want:
            problems.append(Problem("stale .mo: run service-course editions --catalogues", str(mo)))
    return problems
