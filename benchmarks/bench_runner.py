"""Executing many notebooks: `service-course run` versus the usual alternatives, side by side.

    python benchmarks/bench_runner.py [--empty 12] [--jobs 2] [--course]

Sets of notebooks:
* empty: N notebooks with one trivial cell (the floor: only kernel start-up and bookkeeping);
* course: the course's exercises (untouched) and the warm-up solution, if --course.

Methods, all with the same number of workers:
* run:       course_lib.runner.run_jobs (one process per worker, next kernel started ahead);
* papermill: one `papermill` CLI process per notebook, `jobs` at a time;
* nbmake:    `pytest --nbmake -n jobs` (needs the nbmake package: pip install nbmake).

Every method runs in this one process invocation, one after another, so the ratios are
comparable on a noisy machine. Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from course_lib.runner import Job, kernel_env, run_jobs  # noqa: E402

BIN = Path(sys.executable).parent


def make_empty(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = folder / f"empty_{i:02d}.ipynb"
        nbformat.write(nb, path)
        paths.append(path)
    return paths


def course_set(folder: Path) -> list[Path]:
    """Copies of the course's exercises + warm-up solution (copied so nothing in the repo is touched)."""
    paths = []
    for src in sorted((ROOT / "exercises").glob("*.ipynb")) + [ROOT / "solutions" / "00_warmup.ipynb"]:
        dest = folder / src.parent.name / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dest)
        paths.append(dest)
    return paths


def time_run(paths, jobs, out) -> float:
    start = time.perf_counter()
    results = run_jobs([Job.for_notebook(p, out, strict=False) for p in paths], n_jobs=jobs, progress=False)
    elapsed = time.perf_counter() - start
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    return elapsed


def time_papermill_processes(paths, jobs, out) -> float:
    env = kernel_env(strict=False)

    def one(p: Path):
        subprocess.run([str(BIN / "papermill"), "--no-progress-bar", "--cwd", str(p.parent), str(p),
                        str(out / f"pm_{p.parent.name}_{p.name}")], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    start = time.perf_counter()
    with ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, paths))
    return time.perf_counter() - start


def time_nbmake(paths, jobs) -> float | None:
    try:
        import nbmake  # noqa: F401
    except ImportError:
        return None
    env = kernel_env(strict=False)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbmake", "-n", str(jobs),
                    "-o", "addopts=", "--rootdir", str(paths[0].parent.parent), *map(str, paths)],
                   check=True, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   cwd=paths[0].parent.parent)
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--empty", type=int, default=12)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--course", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sets = {"empty": make_empty(tmp / "empty" / "nbs", args.empty)}
        if args.course:
            sets["course"] = course_set(tmp / "course")
        for name, paths in sets.items():
            out = tmp / f"out_{name}"
            out.mkdir()
            t_run = time_run(paths, args.jobs, out)
            t_pm = time_papermill_processes(paths, args.jobs, out)
            t_nbm = time_nbmake(paths, args.jobs)
            rows.append((name, len(paths), t_run, t_pm, t_nbm))
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()}; workers: {args.jobs}\n")
    print("| set | notebooks | service-course run (s) | papermill process per notebook (s) | pytest --nbmake (s) "
          "| papermill / run | nbmake / run |")
    print("|---|---|---|---|---|---|---|")
    for name, n, t_run, t_pm, t_nbm in rows:
        nbm = "n/a" if t_nbm is None else f"{t_nbm:.1f}"
        ratio_nbm = "n/a" if t_nbm is None else f"{t_nbm / t_run:.2f}×"
        print(f"| {name} | {n} | {t_run:.1f} | {t_pm:.1f} | {nbm} | {t_pm / t_run:.2f}× | {ratio_nbm} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
