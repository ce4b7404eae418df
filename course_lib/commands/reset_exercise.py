"""Restore one pristine exercise; a worked-in version is backed up in exercises/.backups/ first.

``service-course reset-exercise 03_servqual`` restores ``exercises/03_servqual.ipynb``;
``--lang zh`` (or the path ``zh/exercises/03_servqual.ipynb``) the Chinese edition's
``zh/exercises/03_servqual.ipynb``, with messages in Chinese.
"""

from __future__ import annotations

from pathlib import Path

from .. import files
from ..lang import T

__all__ = ["add_arguments", "run"]


def add_arguments(parser) -> None:
    parser.add_argument("name", help="e.g. 03_servqual (or zh/exercises/03_servqual.ipynb)")
    parser.add_argument("--lang", choices=["en", "zh"], default=None,
                        help="the edition: en (exercises/) or zh (zh/exercises/); default: from the path, else en")


def run(args) -> int:
    """Safe while JupyterLab saves the same notebook, and when several resets run at once: a save that
    is being written ends up in the backup or in the exercise, never lost (see
    :func:`course_lib.authoring.write_exercise`)."""
    from ..authoring import write_exercise

    root = files.project_root()
    lang = args.lang or ("zh" if Path(args.name).parts[:1] == ("zh",) else "en")
    base = files.edition_root(root, lang)
    stem = Path(args.name).stem
    solution = base / "solutions" / f"{stem}.ipynb"
    if not solution.exists():
        names = ", ".join(p.stem for p in sorted((base / "solutions").glob("*.ipynb")))
        print("service-course: " + T("there is no exercise called {name}; choose one of: {names}",
                                     name=repr(stem), names=names).render(lang))
        return 2
    exercise = base / "exercises" / f"{stem}.ipynb"
    result = write_exercise(solution, exercise, force=True, replace_unreadable=True)
    shown = exercise.relative_to(root).as_posix()
    if result.status == "unchanged":
        print(T("{path} is already pristine", path=shown).render(lang))
        return 0
    if result.backup:
        print(T("restored {path}; your version is kept in {backup}", path=shown,
                backup=result.backup.relative_to(root).as_posix()).render(lang))
    else:
        print(T("restored {path}", path=shown).render(lang))
    if result.note:
        print(f"  ({result.note})")
    return 0
