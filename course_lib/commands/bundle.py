"""Copy the course to a new folder (with --student: without solutions and answer keys, for trainees' hubs)."""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

from .. import files

__all__ = ["add_arguments", "run", "STUDENT_LEFT_OUT", "STUDENT_LEFT_OUT_FILES", "left_out"]

#: Folders (at any depth) a student bundle leaves out: worked solutions (and their translations),
#: the instructor's guide and quiz answer keys, the tests (which hold literal answers).
STUDENT_LEFT_OUT = ("solutions", "instructor", "tests")

#: Files a student bundle leaves out wherever they are: the translation catalogues of the instructor's
#: documents (``translations/zh_CN/docs/instructor_GUIDE.po`` holds the whole guide in both languages).
STUDENT_LEFT_OUT_FILES = ("instructor_*",)


def add_arguments(parser) -> None:
    parser.add_argument("out", type=Path)
    parser.add_argument("--student", action="store_true",
                        help="leave out solutions, the instructor's guide and quiz keys, and the tests")


def left_out(rel: str, student: bool) -> bool:
    """Whether the tracked file ``rel`` stays out of the bundle.

    Examples
    --------
    >>> [left_out(p, True) for p in ("solutions/03_servqual.ipynb", "zh/instructor/GUIDE.md",
    ...  "translations/zh_CN/solutions/00_warmup.po", "translations/zh_CN/docs/instructor_GUIDE.po",
    ...  "tests/test_cli.py", "exercises/00_warmup.ipynb", "translations/zh_CN/docs/datasets_README.po")]
    [True, True, True, True, True, False, False]
    """
    path = PurePosixPath(rel)
    if rel.startswith("tests/fixtures/"):
        return True
    return student and (any(p in STUDENT_LEFT_OUT for p in path.parts[:-1])
                        or any(path.match(pattern) for pattern in STUDENT_LEFT_OUT_FILES))


def _check_out(out: Path, root: Path) -> str | None:
    """Why ``out`` cannot receive a bundle, or None."""
    for parent in [out, *out.parents]:
        if parent.exists() and not parent.is_dir():
            return (f"{out} is a file" if parent == out else f"{parent} is a file, so {out} cannot be a folder") + \
                "; choose a new folder"
    if out == root or root in out.parents:
        return f"{out} is inside the course ({root}); choose a folder outside it"
    if out in root.parents:
        return f"{out} holds the course itself; choose a new folder"
    if out.exists() and any(out.iterdir()):
        return f"{out} is not empty; choose a new folder"
    return None


def run(args) -> int:
    import re
    import shutil
    import subprocess

    import nbformat

    root = files.project_root().resolve()
    out = Path(args.out).expanduser().resolve()
    problem = _check_out(out, root)
    if problem:
        print(f"service-course bundle: {problem}", file=sys.stderr)
        return 2
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
    tracked = listed.stdout.splitlines() if listed.returncode == 0 else None
    if tracked is None:
        print("service-course bundle: bundle needs a git checkout of the course", file=sys.stderr)
        return 2
    copied = 0
    for rel in tracked:
        if left_out(rel, args.student) or not (root / rel).is_file():
            continue
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest)
        copied += 1
    if args.student:  # links to solutions and the instructor's folder become plain text
        link = re.compile(r"\[([^\]]*)\]\((?:\.\./)*(?:zh/)?(?:solutions|instructor)/[^)]*\)")
        for nb_path in [*out.glob("notebooks/*.ipynb"), *out.glob("exercises/*.ipynb"),
                        *out.glob("zh/notebooks/*.ipynb"), *out.glob("zh/exercises/*.ipynb")]:
            nb = nbformat.read(nb_path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = link.sub(r"\1", cell.source)
            nbformat.write(nb, nb_path)
    print(f"copied {copied} files to {out}"
          + (" (without solutions, the instructor's guide and quiz keys, and the tests)" if args.student else ""))
    return 0
