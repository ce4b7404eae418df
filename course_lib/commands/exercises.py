"""Regenerate exercises/ from solutions/ (worked-in exercises are refused unless --force, which backs them up)."""

from __future__ import annotations

from .. import files

__all__ = ["add_arguments", "run"]


def add_arguments(parser) -> None:
    parser.add_argument("--force", action="store_true", help="overwrite worked-in exercises (a backup is kept)")


def run(args) -> int:
    from ..authoring import build_all

    results = build_all(files.project_root(), force=args.force)
    refused = [r for r in results if r.status == "refused"]
    for r in results:
        extra = f" (your version was kept in {r.backup})" if r.backup else ""
        print(f"{r.status:>9}  {r.exercise.relative_to(files.project_root())}{extra}")
    if refused:
        print("\nSome exercises have been worked in (answers or outputs) and were not overwritten.\n"
              "Run `service-course exercises --force` to regenerate them; a backup is kept in exercises/.backups/.")
        return 1
    return 0
