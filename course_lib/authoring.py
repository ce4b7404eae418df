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
worked in it) unless ``force=True``, and then keeps a timestamped backup in
``exercises/.backups/``. The replacement is safe against a notebook server saving the same
file at the same moment (:func:`write_exercise`): no save is lost without a backup, no backup
is half-written, and concurrent runs never share a file name. An exercise that is not a
complete notebook (a save cut short) is reported and kept, never a reason to stop.

Examples
--------
>>> stub_block(["gap = (df.P1 - df.E1).mean()"], later_code="check('x', gap)")
['gap = ...  # your code here']
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import files
from .lang import T

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
#: The stub as an edition says it (its solutions' ``metadata.course_edition.lang``): English is :data:`STUB`.
STUB_TEXT = T("...  # your code here", context="exercise stub")
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


def stub_block(block: list[str], later_code: str, stub: str = STUB) -> list[str]:
    """The exercise lines replacing a solution block (see module docstring); ``stub`` in the edition's language.

    >>> stub_block(["x = 1"], "print(x)", stub=STUB_TEXT.render("zh")) == ["x = " + STUB_TEXT.render("zh")]
    True
    """
    indent = ""
    for line in block:
        if line.strip():
            indent = line[: len(line) - len(line.lstrip())]
            break
    import textwrap

    names = [n for n in _assigned_names(textwrap.dedent("\n".join(block))) if n in _used_names(later_code)]
    if not names:
        return [indent + stub]
    return [f"{indent}{name} = {stub}" for name in names]


def _split_cell(source: str, later_code: str, where: str, stub: str = STUB) -> str:
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
            out.extend(stub_block(lines[i + 1:j], rest, stub))
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
    lang = (nb.metadata.get("course_edition") or {}).get("lang", "en")
    try:
        stub = STUB if lang == "en" else STUB_TEXT.render(lang)
    except ValueError:  # a language this installation has no catalogue for
        stub = STUB
    code_cells = [c.source if c.cell_type == "code" else "" for c in nb.cells]
    cells = []
    for idx, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        later = "\n".join(code_cells[idx + 1:])
        if SOLUTION_TAG in tags:
            cell.source = MD_ANSWER if cell.cell_type == "markdown" else CODE_ANSWER
            cell.metadata["tags"] = [t for t in tags if t != SOLUTION_TAG] + ["answer"]
        elif cell.cell_type == "code" and BEGIN in cell.source:
            cell.source = _split_cell(cell.source, later, f"cell {cell.get('id', idx)}", stub)
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


def _stamp() -> str:
    return time.strftime("%Y%m%d-%H%M%S")


def backup(path: Path) -> Path:
    """Copy ``path`` to ``<folder>/.backups/<name>.<timestamp>.ipynb`` and return the copy.

    The copy is written through a temporary file and given a name no other process can take at the
    same moment (``-2``, ``-3`` … when taken): it is never seen half-written and never overwrites
    another backup.
    """
    path = Path(path)
    folder = path.parent / ".backups"
    folder.mkdir(exist_ok=True)
    data = _settled(path)
    if data is None:
        raise FileNotFoundError(f"no file at {path}")
    return files.claim_unique(folder, f"{path.stem}.{_stamp()}", path.suffix, data)


@dataclass(frozen=True)
class BuildResult:
    """What happened to one exercise: ``status`` is written, unchanged, refused (worked in; ``--force``
    overwrites it, keeping a backup) or unreadable (not a complete notebook: a save cut short; it is
    kept as it is and skipped). ``note`` explains a refusal or a late save."""

    exercise: Path
    status: str
    backup: Path | None = None
    note: str = ""


def _dumps(nb) -> str:
    text = nbformat.writes(nb)
    return text if text.endswith("\n") else text + "\n"


#: How long to wait for a notebook that is being saved (not yet complete JSON) to be complete.
SETTLE_SECONDS = 2.0


def _settled(path: Path, wait: float | None = None) -> bytes | None:
    """The bytes of ``path`` once they are complete JSON (a save in progress finishes), else the last read
    after ``wait`` seconds (default :data:`SETTLE_SECONDS`). None when there is no file.
    """
    deadline = time.monotonic() + (SETTLE_SECONDS if wait is None else wait)
    while True:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        if _is_json(data) or time.monotonic() >= deadline:
            return data
        time.sleep(0.02)


def _is_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        return False
    return True


def _state(data: bytes, new: bytes) -> str:
    """``"same"`` as ``new``, ``"worked"`` in, ``"generated"`` (an older generated exercise) or ``"unreadable"``."""
    if data == new:
        return "same"
    try:
        nb = nbformat.reads(data.decode("utf-8"), as_version=4)
        return "worked" if is_worked_in(nb) else "generated"
    except Exception:  # NotJSONError, a validation error, bad UTF-8: not a complete notebook
        return "unreadable"


def _exchange(a: Path, b: Path) -> bool:
    """Swap two files atomically (Linux ``renameat2(RENAME_EXCHANGE)``); False where not supported."""
    import ctypes
    import errno
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err == errno.ENOENT:
        raise FileNotFoundError(err, os.strerror(err), str(b))
    return False  # EINVAL, ENOSYS, EXDEV …: the file system cannot swap


def _replace_keeping(exercise: Path, new: bytes, keep: set[str]) -> tuple[Path | None, str]:
    """Put ``new`` at ``exercise`` and keep what was there in ``.backups/`` when its state is in ``keep``.

    No save is lost, whatever writes the notebook meanwhile: the old file is swapped out whole
    (``RENAME_EXCHANGE``) or hard-linked before the new one is renamed into place, so a save that is
    being written (JupyterLab writes into the open file) ends up in the backup, and a save that
    starts later lands on the new exercise. Every temporary name and backup name is unique (several
    resets at once never share one). Returns the backup (or None) and a note.
    """
    folder = exercise.parent / ".backups"

    def hidden(kind: str) -> Path:  # beside the exercise (the same drive), never swept as a stale .tmp
        return exercise.parent / f".{exercise.name}.{os.getpid()}.{secrets.token_hex(6)}.{kind}"

    incoming = hidden("incoming")
    with os.fdopen(os.open(incoming, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), "wb") as fh:
        fh.write(new)
        fh.flush()
        os.fsync(fh.fileno())
    try:
        old = _swap_in(incoming, exercise, hidden)
    except BaseException:
        _unlink(incoming)
        raise
    if old is None:  # there was no exercise: nothing to keep
        return None, ""
    # ``old`` (a hidden name beside the exercise) now holds the previous exercise: if anything fails from
    # here, it stays there rather than being lost
    state = _state(_settled(old) or b"", new)
    if state not in keep:
        _unlink(old)
        return None, ""
    folder.mkdir(exist_ok=True)
    saved = files.claim_unique(folder, f"{exercise.stem}.{_stamp()}", exercise.suffix, link_to=old)
    _unlink(old)
    note = "" if state != "unreadable" else "the version kept is not a complete notebook (a save cut short)"
    return saved, note


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _swap_in(incoming: Path, exercise: Path, hidden) -> Path | None:
    """Move ``incoming`` to ``exercise``; return a hidden name now holding the previous file (None if none)."""
    while True:
        try:
            swapped = _exchange(incoming, exercise)
        except FileNotFoundError:
            swapped = None
        if swapped:
            return incoming  # the swap left the previous exercise under the temporary name
        if swapped is None or not exercise.exists():  # no exercise: link the new one in unless one appeared
            try:
                os.link(incoming, exercise)
            except FileExistsError:
                continue
            except OSError:  # no hard links on this drive
                os.replace(incoming, exercise)
                return None
            _unlink(incoming)
            return None
        old = hidden("previous")  # no swapping here: hard-link the previous file (a save in progress lands in it)
        try:
            os.link(exercise, old)
        except FileNotFoundError:
            continue
        except OSError:  # no hard links either: copy what is there (a save at this very moment may be missed)
            data = _settled(exercise)
            if data is None:
                continue
            with open(old, "xb") as fh:
                fh.write(data)
        os.replace(incoming, exercise)
        return old


def write_exercise(solution: Path, exercise: Path, *, force: bool = False,
                   replace_unreadable: bool = False) -> BuildResult:
    """Generate ``exercise`` from ``solution`` safely (see module docstring).

    A worked-in exercise is refused unless ``force`` (then backed up). An exercise that is not a
    complete notebook (a save cut short) is kept and reported as ``unreadable``, unless
    ``replace_unreadable`` (``reset-exercise``: then it is backed up as it is and replaced).
    """
    nb = make_exercise(solution)
    new = _dumps(nb).encode("utf-8")
    exercise = Path(exercise)
    current = _settled(exercise)
    if current is not None:
        state = _state(current, new)
        if state == "same":
            return BuildResult(exercise, "unchanged")
        if state == "unreadable" and not replace_unreadable:
            return BuildResult(exercise, "unreadable", note="not a complete notebook (a save cut short?); "
                               "kept as it is: open it, or restore it with `service-course reset-exercise`")
        if state in ("worked", "unreadable") and not force:
            return BuildResult(exercise, "refused")
    exercise.parent.mkdir(parents=True, exist_ok=True)
    saved, note = _replace_keeping(exercise, new, keep={"worked", "unreadable"})
    return BuildResult(exercise, "written", saved, note)


def build_all(root: Path, *, force: bool = False) -> list[BuildResult]:
    """Build ``root/exercises/*.ipynb`` from every ``root/solutions/*.ipynb``.

    One exercise that cannot be replaced (unreadable, refused) never stops the others.
    """
    root = Path(root)
    return [
        write_exercise(sol, root / "exercises" / sol.name, force=force)
        for sol in sorted((root / "solutions").glob("*.ipynb"))
    ]
