"""``service-course``: the course's command line.

    service-course doctor                 check this machine can run the course
    service-course run [PATHS…] [-j N]    execute notebooks in fresh kernels (copies in .course_runs/)
    service-course outputs [PATHS…]       refresh the committed outputs of lessons and solutions
    service-course exercises [--force]    regenerate exercises/ from solutions/
    service-course reset-exercise NAME    restore one pristine exercise (your version is backed up)
    service-course hub-link --hub URL     print an nbgitpuller link that opens the course on a JupyterHub
    service-course bundle --student OUT   copy the course without solutions, for trainees' hubs
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import warnings
from dataclasses import replace
from pathlib import Path

__all__ = ["main", "project_root", "doctor"]


def project_root() -> Path:
    """The course folder (the one holding ``course_lib/``)."""
    return Path(__file__).resolve().parent.parent


def _notebooks(paths: list[str], default: tuple[str, ...]) -> list[Path]:
    root = project_root()
    chosen = [Path(p) for p in paths] or [root / d for d in default]
    found: list[Path] = []
    for p in chosen:
        if p.is_dir():
            found.extend(sorted(q for q in p.glob("*.ipynb")))
        elif p.suffix == ".ipynb" and p.exists():
            found.append(p)
        else:
            raise SystemExit(f"service-course: no notebook at {p}")
    return found


# --------------------------------------------------------------------------- doctor
REQUIRED = ["pandas", "numpy", "scipy", "matplotlib", "ipywidgets", "jupyterlab", "papermill", "nbval",
            "nbformat", "nbclient", "ipykernel", "yaml", "openpyxl", "charset_normalizer", "tqdm",
            "nbconvert", "fontTools"]


def _pinned() -> dict[str, str]:
    path = project_root() / "constraints.txt"
    pins = {}
    if path.exists():
        for line in path.read_text().splitlines():
            line = line.split("#")[0].strip()
            if "==" in line:
                name, version = line.split("==", 1)
                pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def doctor(out=print) -> int:
    """Check the set-up, one line per item; return the number of problems."""
    from importlib import metadata

    problems = 0

    def report(ok: bool, what: str, fix: str = "") -> None:
        nonlocal problems
        out(("  ok   " if ok else "  FAIL ") + what + ("" if ok or not fix else f"\n         fix: {fix}"))
        problems += not ok

    out("Service Excellence course: environment check")
    v = sys.version_info
    report(v >= (3, 11), f"Python {v.major}.{v.minor}.{v.micro} (3.11 or newer needed)",
           "install Python 3.11+ and recreate the environment (make lab)")
    pins = _pinned()
    dist_names = {"yaml": "pyyaml", "charset_normalizer": "charset-normalizer", "fontTools": "fonttools"}
    for module in REQUIRED:
        dist = dist_names.get(module, module)
        try:
            importlib.import_module(module)
            version = metadata.version(dist)
        except Exception as exc:  # missing or broken package
            report(False, f"{dist} cannot be imported ({type(exc).__name__})",
                   "run `make lab` (or `pip install -c constraints.txt -e .`) in the course folder")
            continue
        pin = pins.get(dist)
        note = "" if pin in (None, version) else f" (course outputs were made with {pin}; results may differ slightly)"
        report(True, f"{dist} {version}{note}")
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        specs = KernelSpecManager().find_kernel_specs()
        report("python3" in specs, "Jupyter kernel 'python3' available",
               f"{sys.executable} -m ipykernel install --sys-prefix")
    except Exception as exc:
        report(False, f"Jupyter kernels cannot be listed ({exc})", "reinstall with `make lab`")
    from . import style

    if not style.font_path().exists():
        report(False, f"Chinese plot font file missing ({style.font_path().name})",
               "restore it with `git checkout -- course_lib/fonts/` and reinstall (make lab)")
    else:
        try:
            import matplotlib

            matplotlib.use("Agg")
            import matplotlib.pyplot as plt

            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                with style.context():
                    fig, ax = plt.subplots()
                    ax.set_title("有形性 可靠性 响应性 保证性 移情性")
                    fig.canvas.draw()
                    plt.close(fig)
            missing = [w for w in caught if "missing from font" in str(w.message)]
            report(not missing, f"Chinese plot font ({style.FONT_FAMILY}) renders",
                   "delete matplotlib's font cache (~/.cache/matplotlib) and restart the kernel")
        except Exception as exc:
            report(False, f"plotting does not work ({type(exc).__name__}: {exc})",
                   "reinstall matplotlib with `make lab`")
    try:
        from . import data

        entries = data.catalog()
        absent = [n for n, e in entries.items() if not (data.datasets_dir() / e["file"]).exists()]
        report(not absent, f"{len(entries)} datasets catalogued, all files present" if not absent
               else f"dataset files missing: {', '.join(absent)}",
               "restore them with `git checkout -- datasets/` or `make datasets`")
    except Exception as exc:
        report(False, f"datasets not found ({exc})".split("\n")[0], "run from a clone of the course, installed with `make lab`")
    folder = project_root() / "exercises"
    try:
        with tempfile.NamedTemporaryFile(dir=folder if folder.is_dir() else None):
            pass
        report(True, f"can write to {folder.name}/")
    except OSError:
        report(False, f"cannot write to {folder}", "copy the course to a folder you own (e.g. your home folder)")
    out("All good: open notebooks/00_start_here.ipynb." if not problems else f"{problems} problem(s) found.")
    return problems


# --------------------------------------------------------------------------- commands
def _summary(results) -> int:
    width = max(len(r.label) for r in results)
    print(f"\n{'notebook':<{width}}  result   seconds")
    for r in results:
        print(f"{r.label:<{width}}  {'ok' if r.ok else 'FAILED':<7} {r.seconds:8.1f}")
    failed = [r for r in results if not r.ok]
    for r in failed:
        print(f"\n--- {r.label} failed:\n{r.error}\n    executed copy: {r.output}")
    print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


def _parse_params(items: list[str]) -> dict:
    import yaml

    params = {}
    for item in items:
        key, _, value = item.partition("=")
        params[key] = yaml.safe_load(value)
    return params


def cmd_run(args) -> int:
    from .runner import Job, run_jobs

    nbs = _notebooks(args.paths, ("notebooks", "solutions", "exercises"))
    strict = None if args.strict is None else args.strict
    jobs = [Job.for_notebook(nb, args.out, _parse_params(args.param), strict) for nb in nbs]
    return _summary(run_jobs(jobs, n_jobs=args.jobs, progress=not args.quiet))


def cmd_outputs(args) -> int:
    import shutil

    from .runner import Job, run_jobs

    nbs = _notebooks(args.paths, ("notebooks", "solutions"))
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [Job.for_notebook(nb, tmp) for nb in nbs]
        results = run_jobs(jobs, n_jobs=args.jobs, progress=not args.quiet)
        for i, r in enumerate(results):
            if r.ok:
                shutil.copyfile(r.output, r.source)
            elif r.output.exists():  # keep the failed run for inspection
                keep = project_root() / ".course_runs" / r.output.name
                keep.parent.mkdir(exist_ok=True)
                shutil.copyfile(r.output, keep)
                results[i] = replace(r, output=keep)
        code = _summary(results)
    if code:
        print("Sources of failed notebooks were left unchanged.")
    return code


def cmd_exercises(args) -> int:
    from .authoring import build_all

    results = build_all(project_root(), force=args.force)
    refused = [r for r in results if r.status == "refused"]
    for r in results:
        extra = f" (your version was kept in {r.backup})" if r.backup else ""
        print(f"{r.status:>9}  {r.exercise.relative_to(project_root())}{extra}")
    if refused:
        print("\nSome exercises have been worked in (answers or outputs) and were not overwritten.\n"
              "Run `service-course exercises --force` to regenerate them; a backup is kept in exercises/.backups/.")
        return 1
    return 0


def cmd_reset_exercise(args) -> int:
    from .authoring import backup, make_exercise

    root = project_root()
    stem = Path(args.name).stem
    solution = root / "solutions" / f"{stem}.ipynb"
    if not solution.exists():
        names = ", ".join(p.stem for p in sorted((root / "solutions").glob("*.ipynb")))
        print(f"service-course: there is no exercise called {stem!r}; choose one of: {names}")
        return 2
    import nbformat

    exercise = root / "exercises" / f"{stem}.ipynb"
    saved = backup(exercise) if exercise.exists() else None
    tmp = exercise.with_suffix(".ipynb.tmp")
    tmp.write_text(nbformat.writes(make_exercise(solution)) + "\n", encoding="utf-8")
    tmp.replace(exercise)
    print(f"restored exercises/{exercise.name}" + (f"; your version is kept in {saved.relative_to(root)}" if saved else ""))
    return 0


def repository_url() -> str:
    """The course repository's address (set once, in pyproject.toml)."""
    import tomllib

    return tomllib.loads((project_root() / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]["Repository"]


def hub_link(hub: str, repo: str | None = None, branch: str = "main",
             path: str = "notebooks/00_start_here.ipynb") -> str:
    """An nbgitpuller link: the hub clones (or updates) the course and opens ``path`` in JupyterLab.

    Examples
    --------
    >>> hub_link("https://hub.example.org/", repo="https://github.com/o/course")
    'https://hub.example.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fo%2Fcourse&branch=main&urlpath=lab%2Ftree%2Fcourse%2Fnotebooks%2F00_start_here.ipynb'
    """
    from urllib.parse import quote

    repo = repo or repository_url()
    folder = repo.rstrip("/").split("/")[-1].removesuffix(".git")
    return (f"{hub.rstrip('/')}/hub/user-redirect/git-pull?repo={quote(repo, safe='')}"
            f"&branch={quote(branch, safe='')}&urlpath={quote(f'lab/tree/{folder}/{path}', safe='')}")


def cmd_hub_link(args) -> int:
    print(hub_link(args.hub, args.repo, args.branch))
    return 0


def cmd_bundle(args) -> int:
    import re
    import shutil
    import subprocess

    import nbformat

    root = project_root()
    out = Path(args.out).resolve()
    if out.exists() and any(out.iterdir()):
        print(f"service-course: {out} is not empty; choose a new folder")
        return 2
    listed = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
    files = listed.stdout.splitlines() if listed.returncode == 0 else None
    if files is None:
        print("service-course: bundle needs a git checkout of the course")
        return 2
    skip = ("solutions/",) if args.student else ()
    copied = 0
    for rel in files:
        if rel.startswith(skip) or rel.startswith("tests/fixtures/"):
            continue
        dest = out / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / rel, dest)
        copied += 1
    if args.student:  # links to solutions become plain text
        link = re.compile(r"\[([^\]]*)\]\((?:\.\./)?solutions/[^)]*\)")
        for nb_path in list(out.glob("notebooks/*.ipynb")) + list(out.glob("exercises/*.ipynb")):
            nb = nbformat.read(nb_path, as_version=4)
            for cell in nb.cells:
                if cell.cell_type == "markdown":
                    cell.source = link.sub(r"\1", cell.source)
            nbformat.write(nb, nb_path)
    print(f"copied {copied} files to {out}" + (" (without solutions)" if args.student else ""))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="service-course", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("doctor", help="check Python, packages, kernel, font, datasets")
    p = sub.add_parser("run", help="execute notebooks in fresh kernels")
    p.add_argument("paths", nargs="*", help="notebooks or folders (default: notebooks solutions exercises)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--out", type=Path, default=project_root() / ".course_runs")
    p.add_argument("-p", "--param", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--strict", dest="strict", action="store_true", default=None, help="checks must pass")
    p.add_argument("--no-strict", dest="strict", action="store_false")
    p.add_argument("-q", "--quiet", action="store_true")
    p = sub.add_parser("outputs", help="re-execute lessons and solutions in place")
    p.add_argument("paths", nargs="*")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("-q", "--quiet", action="store_true")
    p = sub.add_parser("exercises", help="regenerate exercises/ from solutions/")
    p.add_argument("--force", action="store_true", help="overwrite worked-in exercises (a backup is kept)")
    p = sub.add_parser("reset-exercise", help="restore a pristine exercise; your version is backed up")
    p.add_argument("name", help="e.g. 03_servqual")
    p = sub.add_parser("hub-link", help="print an nbgitpuller link for a JupyterHub")
    p.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.org")
    p.add_argument("--repo", default=None, help="course repository (default: the one in pyproject.toml)")
    p.add_argument("--branch", default="main")
    p = sub.add_parser("bundle", help="copy the course (with --student: without solutions)")
    p.add_argument("out", type=Path)
    p.add_argument("--student", action="store_true")
    # Commands whose arguments and work live in their own modules: module.add_arguments(p), module.run(args).
    plugins = {"report": "Build a self-contained HTML report from a survey export",
               "slides": "Build offline reveal.js slides from the lessons"}
    for name, help_text in plugins.items():
        try:
            module = importlib.import_module(f"course_lib.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"course_lib.{name}":
                raise
            continue
        module.add_arguments(sub.add_parser(name, help=help_text))
    args = parser.parse_args(argv)
    if args.command in plugins:
        return importlib.import_module(f"course_lib.{args.command}").run(args)
    if args.command == "doctor":
        return 1 if doctor() else 0
    commands = {"run": cmd_run, "outputs": cmd_outputs, "exercises": cmd_exercises,
                "reset-exercise": cmd_reset_exercise, "hub-link": cmd_hub_link, "bundle": cmd_bundle}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
