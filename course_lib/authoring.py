"""Build ``exercises/`` from ``solutions/``: one source for every exercise.

Rules (as in nbgrader and the scikit-learn MOOC):

* In a code cell, the lines between ``# BEGIN SOLUTION`` and ``# END SOLUTION``
  become ``name = ...  # your code here`` for each variable the block assigns and
  later code reads (or a bare ``...  # your code here``).
* A cell tagged ``solution`` becomes an empty answer cell of the same kind.
* Outputs and execution counts are cleared; cell ids are kept, so an exercise
  and its solution can be compared cell by cell.

The generated notebook records a hash of its cell sources
(``metadata.course_exercise.source_hash``). Regenerating refuses to overwrite an
exercise whose sources no longer match that hash or that has outputs (someone
worked in it) unless ``force=True``, and then keeps a timestamped backup.

Examples
--------
>>> stub_block(["gap = (df.P1 - df.E1).mean()"], later_code="check('x', gap)")
['gap = ...  # your code here']
"""

from __future__ import annotations

import ast
import re
import copy
import hashlib
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .files import atomic_write

__all__ = [
    "BEGIN",
    "END",
    "SOLUTION_TAG",
    "BuildResult",
    "stub_block",
    "make_exercise",
    "is_worked_in",
    "write_exercise",
    "build_all",
    "backup",
]

BEGIN = "# BEGIN SOLUTION"
END = "# END SOLUTION"
SOLUTION_TAG = "solution"
STUB = "...  # your code here"
MD_ANSWER = "*Your answer here.* / *在此作答。*"
CODE_ANSWER = "# Your answer here / 在此作答\n"
NB_KEY = "course_exercise"


def _assigned_names(code: str) -> list[str]:
    """Names assigned at the top level of ``code``, in order of first assignment."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    names: list[str] = []

    def add(target):
        if isinstance(target, ast.Name) and target.id not in names:
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                add(t)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                add(t)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            add(node.target)
    return names


def _used_names(code: str) -> set[str]:
    """Identifiers appearing in ``code`` (a superset of the names it reads; code may be a fragment)."""
    return set(re.findall(r"[A-Za-z_]\w*", code))


def stub_block(block: list[str], later_code: str) -> list[str]:
    """The exercise lines replacing a solution block (see module docstring)."""
    indent = ""
    for line in block:
        if line.strip():
            indent = line[: len(line) - len(line.lstrip())]
            break
    import textwrap

    names = [n for n in _assigned_names(textwrap.dedent("\n".join(block))) if n in _used_names(later_code)]
    if not names:
        return [indent + STUB]
    return [f"{indent}{name} = {STUB}" for name in names]


def _split_cell(source: str, later_code: str, where: str) -> str:
    lines = source.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() == BEGIN:
            try:
                j = next(k for k in range(i + 1, len(lines)) if lines[k].strip() == END)
            except StopIteration:
                raise ValueError(f"{where}: '{BEGIN}' without '{END}'") from None
            rest = "\n".join(lines[j + 1:]) + "\n" + later_code
            out.extend(stub_block(lines[i + 1:j], rest))
            i = j + 1
        elif lines[i].strip() == END:
            raise ValueError(f"{where}: '{END}' without '{BEGIN}'")
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


def _sources_hash(nb) -> str:
    h = hashlib.sha256()
    for cell in nb.cells:
        h.update(cell.get("id", "").encode())
        h.update(cell.cell_type.encode())
        h.update(cell.source.encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:16]


def make_exercise(solution) -> nbformat.NotebookNode:
    """Return the exercise notebook built from a solution notebook (node or path)."""
    if not isinstance(solution, nbformat.NotebookNode):
        solution = nbformat.read(str(solution), as_version=4)
    nb = copy.deepcopy(solution)
    code_cells = [c.source if c.cell_type == "code" else "" for c in nb.cells]
    cells = []
    for idx, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        later = "\n".join(code_cells[idx + 1:])
        if SOLUTION_TAG in tags:
            cell.source = MD_ANSWER if cell.cell_type == "markdown" else CODE_ANSWER
            cell.metadata["tags"] = [t for t in tags if t != SOLUTION_TAG] + ["answer"]
        elif cell.cell_type == "code" and BEGIN in cell.source:
            cell.source = _split_cell(cell.source, later, f"cell {cell.get('id', idx)}")
            cell.metadata["tags"] = sorted(set(tags) | {"answer"})
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            for key in ("execution", "papermill", "collapsed", "scrolled"):
                cell.metadata.pop(key, None)
        cells.append(cell)
    nb.cells = cells
    for key in ("papermill", "widgets"):
        nb.metadata.pop(key, None)
    nb.metadata[NB_KEY] = {"generated_from": "solutions", "source_hash": _sources_hash(nb)}
    return nb


def is_worked_in(exercise) -> bool:
    """True if an exercise has outputs or its sources differ from what was generated."""
    if not isinstance(exercise, nbformat.NotebookNode):
        exercise = nbformat.read(str(exercise), as_version=4)
    if any(c.cell_type == "code" and (c.outputs or c.execution_count) for c in exercise.cells):
        return True
    recorded = exercise.metadata.get(NB_KEY, {}).get("source_hash")
    return recorded != _sources_hash(exercise)


def backup(path: Path) -> Path:
    """Copy ``path`` to ``<folder>/.backups/<name>.<timestamp>.ipynb`` and return the copy."""
    path = Path(path)
    folder = path.parent / ".backups"
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    n = 1
    while target.exists():
        target = folder / f"{path.stem}.{stamp}-{n}{path.suffix}"
        n += 1
    shutil.copy2(path, target)
    return target


@dataclass(frozen=True)
class BuildResult:
    """What happened to one exercise: ``status`` is written, unchanged or refused."""

    exercise: Path
    status: str
    backup: Path | None = None


def _dumps(nb) -> str:
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


def write_exercise(solution: Path, exercise: Path, *, force: bool = False) -> BuildResult:
    """Generate ``exercise`` from ``solution`` safely (see module docstring)."""
    nb = make_exercise(solution)
    text = _dumps(nb)
    exercise = Path(exercise)
    saved = None
    if exercise.exists():
        if exercise.read_text(encoding="utf-8") == text:
            return BuildResult(exercise, "unchanged")
        if is_worked_in(exercise):
            if not force:
                return BuildResult(exercise, "refused")
            saved = backup(exercise)
    exercise.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(exercise, text)
    return BuildResult(exercise, "written", saved)


def build_all(root: Path, *, force: bool = False) -> list[BuildResult]:
    """Build ``root/exercises/*.ipynb`` from every ``root/solutions/*.ipynb``."""
    root = Path(root)
    return [
        write_exercise(sol, root / "exercises" / sol.name, force=force)
        for sol in sorted((root / "solutions").glob("*.ipynb"))
    ]
