"""Restore one pristine exercise; a worked-in version is backed up in exercises/.backups/ first."""

from __future__ import annotations

from pathlib import Path

from .. import files

__all__ = ["add_arguments", "run"]


def add_arguments(parser) -> None:
    parser.add_argument("name", help="e.g. 03_servqual")


def run(args) -> int:
    """Safe while JupyterLab saves the same notebook, and when several resets run at once: a save that
    is being written ends up in the backup or in the exercise, never lost (see
    :func:`course_lib.authoring.write_exercise`)."""
    from ..authoring import write_exercise

    root = files.project_root()
    stem = Path(args.name).stem
    solution = root / "solutions" / f"{stem}.ipynb"
    if not solution.exists():
        names = ", ".join(p.stem for p in sorted((root / "solutions").glob("*.ipynb")))
        print(f"service-course: there is no exercise called {stem!r}; choose one of: {names}")
        return 2
    result = write_exercise(solution, root / "exercises" / f"{stem}.ipynb", force=True, replace_unreadable=True)
    if result.status == "unchanged":
        print(f"exercises/{result.exercise.name} is already pristine")
        return 0
    kept = f"; your version is kept in {result.backup.relative_to(root)}" if result.backup else ""
    print(f"restored exercises/{result.exercise.name}{kept}")
    if result.note:
        print(f"  ({result.note})")
    return 0
