"""Regenerate exercises/ from solutions/ (worked-in exercises are refused unless --force, which backs them up)."""

from __future__ import annotations

from .. import files

__all__ = ["add_arguments", "run"]


def add_arguments(parser) -> None:
    parser.add_argument("--force", action="store_true", help="overwrite worked-in exercises (a backup is kept)")
    parser.add_argument("--lang", choices=["en", "zh"], default="en",
                        help="the edition: en (exercises/ from solutions/) or zh (zh/exercises/ from zh/solutions/)")


def run(args) -> int:
    from ..authoring import build_all

    root = files.project_root()
    results = build_all(files.edition_root(root, args.lang), force=args.force)
    refused = [r for r in results if r.status == "refused"]
    unreadable = [r for r in results if r.status == "unreadable"]
    for r in results:
        extra = f" (your version was kept in {r.backup.relative_to(root)})" if r.backup else ""
        print(f"{r.status:>10}  {r.exercise.relative_to(root)}{extra}")
        if r.note:
            print(f"{'':>10}  {r.note}")
    if refused:
        print("\nSome exercises have been worked in (answers or outputs) and were not overwritten.\n"
              f"Run `service-course exercises --force{' --lang ' + args.lang if args.lang != 'en' else ''}` to regenerate "
              "them; a backup is kept in the exercises' .backups/ folder.")
    if unreadable:
        print("\nSome exercises are not complete notebooks (a save cut short?) and were left as they are.\n"
              "Open them to see what is left, or run `service-course reset-exercise NAME` (it keeps a copy).")
    return 1 if refused or unreadable else 0
