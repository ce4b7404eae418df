"""Start-up: what importing course_lib costs every kernel (lesson, exercise, test, hub user).

    python benchmarks/bench_startup.py [--repeats 7] [--old REV]

Whole-process wall time of a fresh ``python -c`` (median of ``repeats``, runs interleaved so the
machine's noise hits every variant alike):

* base:   ``import pandas, matplotlib.pyplot`` (what any lesson pays anyway);
* course: base + ``course_lib`` with every concept module and the checks registry;
* old:    the same ``course`` import from revision ``--old`` (default f68e620, before the concept
          packages), extracted with ``git archive`` into a temporary folder, same interpreter.

The budget is course − base ≤ 150 ms. Because the base alone varies by several hundred ms between
processes, the course import is also timed inside each process from the moment pandas and pyplot are
loaded (the paired measure; the second table). Also reports which heavy modules the course import pulls in.
BLAS threads are left at numpy's default, as a trainee's kernel has them.

Bytecode: a trainee's kernel imports course_lib from cached ``.pyc`` files after its first start
(Python writes ``__pycache__`` unless ``PYTHONDONTWRITEBYTECODE`` is set, as it is on some CI and
sandbox machines). The main table is measured that way (the variable is removed for the runs, and a
warm-up run writes the cache); ``--no-bytecode`` measures with every course module compiled from
source on every start instead.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONCEPTS = ["servqual", "journey", "blueprint", "nps", "standards", "feedback", "cases", "quiz", "data"]
BASE = "import pandas, matplotlib.pyplot"
COURSE_PART = ("import course_lib; " + "; ".join(f"import course_lib.{m}" for m in CONCEPTS)
               + "; import course_lib.checks as c; c.registry(); course_lib.setup()")
COURSE = BASE + "; " + COURSE_PART
# The same import, timed inside the process from the moment pandas and pyplot are loaded: the paired
# measure of "over base", free of the whole-process noise of interpreter and pandas start-up.
SPLIT = ("import time; " + BASE + "; t0 = time.perf_counter(); " + COURSE_PART
         + "; print(time.perf_counter() - t0)")
HEAVY = ["scipy", "scipy.stats", "ipywidgets", "papermill", "nbformat", "openpyxl", "jinja2"]


def once(code: str, root: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(root), MPLBACKEND="Agg")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=root, env=env, check=True)
    return time.perf_counter() - t0


def split_once(root: Path) -> float:
    env = dict(os.environ, PYTHONPATH=str(root), MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, "-c", SPLIT], cwd=root, env=env, check=True, capture_output=True, text=True)
    return float(out.stdout.split()[-1])


def heavy_loaded(root: Path) -> list[str]:
    code = COURSE + f"; import sys; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    env = dict(os.environ, PYTHONPATH=str(root), MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, "-c", code], cwd=root, env=env, check=True, capture_output=True, text=True)
    return out.stdout.split()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--old", default="f68e620")
    ap.add_argument("--no-bytecode", action="store_true", help="compile course_lib from source on every start")
    args = ap.parse_args(argv)
    if args.no_bytecode:
        os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
        os.environ["PYTHONPYCACHEPREFIX"] = tempfile.mkdtemp()  # ignore any existing __pycache__
    else:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as tmp:
        old = Path(tmp)
        archive = subprocess.run(["git", "archive", args.old], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        variants = {"base": (BASE, ROOT), "course (this tree)": (COURSE, ROOT), f"course ({args.old})": (COURSE, old)}
        for code, root in variants.values():  # warm the file cache and .pyc files
            once(code, root)
        times = {name: [] for name in variants}
        for _ in range(args.repeats):
            for name, (code, root) in variants.items():
                times[name].append(once(code, root))
        split = {"course (this tree)": [], f"course ({args.old})": []}
        for _ in range(args.repeats):
            split["course (this tree)"].append(split_once(ROOT))
            split[f"course ({args.old})"].append(split_once(old))
        loaded_new, loaded_old = heavy_loaded(ROOT), heavy_loaded(old)
    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"median of {args.repeats} interleaved whole-process runs; "
          f"{'course modules compiled on every start' if args.no_bytecode else 'bytecode cached'}.\n")
    print("| import | median s | over base, ms | min–max s |")
    print("|---|---|---|---|")
    for name, t in times.items():
        print(f"| {name} | {med[name]:.3f} | {1000 * (med[name] - med['base']):+.0f} | {min(t):.3f}–{max(t):.3f} |")
    print("\nThe course import timed inside the process, after `import pandas, matplotlib.pyplot` "
          f"({args.repeats} processes each):\n")
    print("| import | median ms over base | min–max ms |")
    print("|---|---|---|")
    for name, t in split.items():
        print(f"| {name} | {1000 * statistics.median(t):.0f} | {1000 * min(t):.0f}–{1000 * max(t):.0f} |")
    print(f"\nHeavy modules loaded by the course import: this tree {loaded_new or 'none'}; "
          f"{args.old}: {loaded_old or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
