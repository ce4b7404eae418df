"""Executing many notebooks: `service-course run` versus the usual alternatives, side by side.

    python benchmarks/bench_runner.py [--empty 12] [--jobs 2] [--course]

Sets of notebooks:
* empty: N notebooks with one trivial cell (the floor: only kernel start-up and bookkeeping);
* course: the course's exercises (untouched) and the warm-up solution, if --course.

Methods, all with the same number of workers:
* run:       course_lib.runner.run_jobs (one process per worker, next kernel started ahead);
* papermill: one `papermill` CLI process per notebook, `jobs` at a time;
* nbmake:    `pytest --nbmake -n jobs` (needs the nbmake package: pip install nbmake).

Every method runs in this one process invocation, and ``--rounds`` repeats the whole comparison
with the order of the methods rotated each round, so no method always runs first (cold file
cache) or last (machine warmed up). The table gives each method's median over the rounds and the
range of the per-round ratios, so anyone can see how stable a claimed speed-up is.
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
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import statistics

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sets = {"empty": make_empty(tmp / "empty" / "nbs", args.empty)}
        if args.course:
            sets["course"] = course_set(tmp / "course")
        for name, paths in sets.items():
            out = tmp / f"out_{name}"
            out.mkdir()
            methods = {"run": lambda: time_run(paths, args.jobs, out),
                       "papermill": lambda: time_papermill_processes(paths, args.jobs, out),
                       "nbmake": lambda: time_nbmake(paths, args.jobs)}
            times = {m: [] for m in methods}
            order = list(methods)
            for r in range(args.rounds):
                for m in order[r % len(order):] + order[:r % len(order)]:
                    times[m].append(methods[m]())
            rows.append((name, len(paths), times))
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()}; workers: {args.jobs}; {args.rounds} rounds, method order rotated\n")
    print("| set | notebooks | service-course run (s) | papermill process per notebook (s) | pytest --nbmake (s) "
          "| papermill / run (range) | nbmake / run (range) |")
    print("|---|---|---|---|---|---|---|")

    def ratio(other, base):
        if None in other:
            return "n/a"
        per_round = [o / b for o, b in zip(other, base)]
        return f"{statistics.median(per_round):.2f}× ({min(per_round):.2f}–{max(per_round):.2f})"

    for name, n, t in rows:
        med = {m: (None if None in v else statistics.median(v)) for m, v in t.items()}
        nbm = "n/a" if med["nbmake"] is None else f"{med['nbmake']:.1f}"
        print(f"| {name} | {n} | {med['run']:.1f} | {med['papermill']:.1f} | {nbm} | "
              f"{ratio(t['papermill'], t['run'])} | {ratio(t['nbmake'], t['run'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
