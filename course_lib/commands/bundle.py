"""Copy the course to a new folder (with --student: without solutions, for trainees' hubs)."""

from __future__ import annotations

from pathlib import Path

from .. import files

__all__ = ["add_arguments", "run"]


def add_arguments(parser) -> None:
    parser.add_argument("out", type=Path)
    parser.add_argument("--student", action="store_true")


def run(args) -> int:
    import re
    import shutil
    import subprocess

    import nbformat

    root = files.project_root()
    out = Path(args.out).resolve()
    if out.exists() and any(out.iterdir()):
        print(f"service-course: {out} is not empty; choose a new folder")
        return 2
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
    tracked = listed.stdout.splitlines() if listed.returncode == 0 else None
    if tracked is None:
        print("service-course: bundle needs a git checkout of the course")
        return 2
    skip = ("solutions/", "zh/solutions/") if args.student else ()
    copied = 0
    for rel in tracked:
        if rel.startswith(skip) or rel.startswith("tests/fixtures/"):
            continue
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest)
        copied += 1
    if args.student:  # links to solutions become plain text
        link = re.compile(r"\[([^\]]*)\]\((?:\.\./)?solutions/[^)]*\)")
        for nb_path in [*out.glob("notebooks/*.ipynb"), *out.glob("exercises/*.ipynb"),
                        *out.glob("zh/notebooks/*.ipynb"), *out.glob("zh/exercises/*.ipynb")]:
            nb = nbformat.read(nb_path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = link.sub(r"\1", cell.source)
            nbformat.write(nb, nb_path)
    print(f"copied {copied} files to {out}" + (" (without solutions)" if args.student else ""))
    return 0
