"""Regenerate exercises/ from solutions/ (worked-in exercises are refused unless --force, which backs them up)."""

from __future__ import annotations

from .. import files

__all__ = ["add_arguments", "run"]


def add_arguments(parser) -> None:
    parser.add_argument("--force", action="store_true", help="overwrite worked-in exercises (a backup is kept)")


def run(args) -> int:
    from ..authoring import build_all

    root = files.project_root()
    results = build_all(root, force=args.force)
    refused = [r for r in results if r.status == "refused"]
    unreadable = [r for r in results if r.status == "unreadable"]
    for r in results:
        extra = f" (your version was kept in {r.backup.relative_to(root)})" if r.backup else ""
        print(f"{r.status:>10}  {r.exercise.relative_to(root)}{extra}")
        if r.note:
            print(f"{'':>10}  {r.note}")
    if refused:
        print("\nSome exercises have been worked in (answers or outputs) and were not overwritten.\n"
              "Run `service-course exercises --force` to regenerate them; a backup is kept in exercises/.backups/.")
    if unreadable:
        print("\nSome exercises are not complete notebooks (a save cut short?) and were left as they are.\n"
              "Open them to see what is left, or run `service-course reset-exercise NAME` (it keeps a copy).")
    return 1 if refused or unreadable else 0
