"""Bring-your-own-data report: `service-course report` now versus before, whole process and step by step.

    python benchmarks/bench_report.py [--n 1000] [--repeats 5] [--before HEAD] [--kernel f68e620 | --no-kernel]

Input: one survey export of ``--n`` respondents, generated here deterministically (numpy
``default_rng(2026)``): respondent ID, customer type (3 segments), E1…E22 and P1…P22 on 1–7 with 2%
empty answers, a 0–10 likelihood-to-recommend question (5% empty), the five 100-point importance
allocations and an e-mail column (left out as personal data). Every implementation reads the same file.

* kernel: revision ``--kernel`` (default f68e620: papermill + nbconvert), run as
  ``python -m course_lib.cli report --survey FILE --out F -q``;
* before: revision ``--before`` (default HEAD, the committed in-process report: each figure drawn twice
  by ``bbox_inches="tight"``, the CJK font subset cut on every run);
* new, font cached: this tree, its font-subset cache filled by the untimed first run (every report
  after the first on a machine, and every English report);
* new, cold cache: this tree with an empty cache folder for each run (``COURSE_CACHE_DIR``), i.e. the
  first report on a machine, which cuts the font subset;
* floor: a process that only imports what the report cannot do without (pandas, scipy.special,
  matplotlib.figure, jinja2).

Old revisions are extracted with ``git archive`` into a temporary folder and run from it with that tree
first on PYTHONPATH. Whole-process wall time (interpreter start to finished HTML), ``--repeats``
rounds, the order rotated each round, so a load change on a shared machine hits every variant alike:
compare the **ratios** of one run, and quote absolute times only with the load average printed with
them. The CPU time (user + system of each process) is printed too: it moves less with the load than
the wall time. The reports must show the same numbers in the gap table (checked before timing), and the new
report's page must equal the before page except for the figures' SVG (checked too). Then the time of
each step, before and after, in fresh processes (median of ``--repeats``), to show where the time goes.

Run: ``.venv/bin/python benchmarks/bench_report.py`` (about 5 minutes on 2 idle cores; ``--no-kernel``
drops the 17 s papermill runs).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
DIMS = {"tangibles": range(1, 5), "reliability": range(5, 10), "responsiveness": range(10, 14),
        "assurance": range(14, 18), "empathy": range(18, 23)}
SHIFT = {"tangibles": 0.1, "reliability": -1.2, "responsiveness": -0.7, "assurance": -0.2, "empathy": -0.5}


def make_survey(n: int = 1000, seed: int = 2026) -> pd.DataFrame:
    """A realistic export: answers driven by a per-respondent mood and a per-dimension shortfall."""
    rng = np.random.default_rng(seed)
    cols: dict[str, object] = {"Respondent ID": np.arange(1, n + 1),
                               "Customer type": rng.choice(["online", "in store", "delivery"], size=n, p=[.4, .4, .2])}
    mood = rng.normal(0, 0.8, n)
    answers = {}
    for d, items in DIMS.items():
        base_e = rng.normal(6.0, 0.5, n)
        base_p = base_e + SHIFT[d] + mood + rng.normal(0, 0.5, n)
        for i in items:
            answers[f"E{i}"] = np.clip(np.rint(base_e + rng.normal(0, 0.7, n)), 1, 7)
            answers[f"P{i}"] = np.clip(np.rint(base_p + rng.normal(0, 0.8, n)), 1, 7)
    for kind in "EP":
        for i in range(1, 23):
            v = pd.array(answers[f"{kind}{i}"].astype("int64"), dtype="Int64")
            v[rng.random(n) < 0.02] = pd.NA
            cols[f"{kind}{i}"] = v
    nps = pd.array(np.clip(np.rint(7 + 1.5 * mood + rng.normal(0, 1.5, n)), 0, 10).astype("int64"), dtype="Int64")
    nps[rng.random(n) < 0.05] = pd.NA
    cols["Likelihood to recommend"] = nps
    w = np.rint(rng.dirichlet([3, 6, 4, 4, 3], size=n) * 100)
    w[:, 1] += 100 - w.sum(axis=1)
    for j, d in enumerate(DIMS):
        cols[f"W_{d}"] = w[:, j].astype("int64")
    cols["E-mail"] = [f"customer{i}@example.com" for i in range(n)]
    return pd.DataFrame(cols)


class _Tables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def gap_rows(html: str) -> list[list[str]]:
    """The gap table's rows (dimension, E, P, gap, low, high, n) as shown, from either report."""
    parser = _Tables()
    parser.feed(html)
    labels = ("Tangibles", "Reliability", "Responsiveness", "Assurance", "Empathy")
    return [r[:7] for r in parser.rows if r and r[0] in labels and len(r) == 8][:5]


def run_once(cmd: list[str], cwd: Path, env) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the process and its children) of one run."""
    env = env() if callable(env) else env
    cpu0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    wall = time.perf_counter() - t0
    cpu1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (cpu1.ru_utime - cpu0.ru_utime) + (cpu1.ru_stime - cpu0.ru_stime)


PHASES = r"""
import inspect, json, sys, time
t = [time.perf_counter()]
out = {}
def lap(name):
    now = time.perf_counter(); out[name] = now - t[0]; t[0] = now
import numpy, pandas
lap("import numpy, pandas")
from course_lib.report import read
s = read.validate_survey(sys.argv[1])
lap("import course_lib.report.read; read + validate")
from course_lib.report import compute
r = compute.analyze(s.data, scale=s.scale, source=s.source)
lap("numbers (with the scipy.special import)")
import matplotlib.figure
lap("import matplotlib.figure")
from course_lib.report import figures
f = figures.render_figures(r, "en")
lap("6 figures (SVG)")
from course_lib.report import render
html = render.render_html(s, r, figures=f, lang="en")
lap("page (Jinja)")
cached = "cache" in inspect.signature(render.embed_font).parameters
if cached:
    render.embed_font(html)  # fill the cache, untimed
    t[0] = time.perf_counter()
    page = render.embed_font(html)
    lap("font subset, cached")
import fontTools.subset
lap("import fontTools.subset (cold cache)")
page = render.embed_font(html, cache=False) if cached else render.embed_font(html)
lap("font subset, cut (cold cache)")
from course_lib import files
files.atomic_write(sys.argv[2], page)
lap("atomic write")
print(json.dumps(out))
"""

FLOOR = "import pandas, scipy.special, matplotlib.figure, jinja2"


def _extract(rev: str, into: Path) -> Path:
    into.mkdir()
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _without_figures(html: str) -> str:
    return re.sub(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", "FIGURE", html)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--before", default="HEAD", help="the in-process report to compare with (a git revision)")
    ap.add_argument("--kernel", default="f68e620", help="the papermill + nbconvert report (a git revision)")
    ap.add_argument("--no-kernel", action="store_true", help="leave the papermill report out (17 s a run)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_report_") as tmp:
        tmp = Path(tmp)
        before = _extract(args.before, tmp / "before")
        survey = tmp / f"survey_{args.n}.csv"
        make_survey(args.n).to_csv(survey, index=False)
        base_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND", "COURSE_CACHE_DIR")}
        cold = iter(range(10**6))

        def cold_env():  # a new, empty cache folder for every run
            return dict(base_env, PYTHONPATH=str(ROOT), COURSE_CACHE_DIR=str(tmp / f"cold{next(cold)}"))

        def report(out: str, *opts: str) -> list[str]:
            return [sys.executable, "-m", "course_lib.cli", "report", *opts, "--out", str(tmp / out), "-q"]

        variants = {}
        if not args.no_kernel:
            kernel = _extract(args.kernel, tmp / "kernel")
            variants[f"kernel ({args.kernel}: papermill + nbconvert)"] = (
                report("kernel.html", "--survey", str(survey)), kernel, dict(base_env, PYTHONPATH=str(kernel)))
        variants.update({
            f"before ({args.before}: in-process, figures drawn twice, subset every run)": (
                report("before.html", str(survey)), before, dict(base_env, PYTHONPATH=str(before))),
            "new, font subset cached": (
                report("new.html", str(survey)), ROOT,
                dict(base_env, PYTHONPATH=str(ROOT), COURSE_CACHE_DIR=str(tmp / "warm"))),
            "new, cold cache (first report on a machine)": (report("cold.html", str(survey)), ROOT, cold_env),
            f"floor: only `{FLOOR}`": ([sys.executable, "-c", FLOOR], ROOT, base_env),
        })
        names = list(variants)
        outputs = {name: variants[name][0][-2] for name in names if not name.startswith("floor")}
        for name in outputs:  # one untimed run each: bytecode, file cache, font cache, and the pages to compare
            run_once(*variants[name])
        pages = {name: Path(out).read_text(encoding="utf-8") for name, out in outputs.items()}
        rows = {name: gap_rows(page) for name, page in pages.items()}
        reference = rows[names[-2]]
        assert len(reference) == 5 and all(r == reference for r in rows.values()), rows
        same_page = len({_without_figures(page) for name, page in pages.items() if not name.startswith("kernel")}) == 1
        assert same_page, "the new page differs from the before page outside the figures"
        times: dict[str, list[float]] = {n: [] for n in names}
        cpu: dict[str, list[float]] = {n: [] for n in names}
        load_start = os.getloadavg()
        for i in range(args.repeats):
            for name in names[i % len(names):] + names[:i % len(names)]:
                wall, used = run_once(*variants[name])
                times[name].append(wall)
                cpu[name].append(used)
        load_end = os.getloadavg()
        steps = {}
        for label, tree in (("before", before), ("new", ROOT)):
            runs = []
            for _ in range(args.repeats):
                done = subprocess.run([sys.executable, "-c", PHASES, str(survey), str(tmp / "phases.html")], cwd=tree,
                                      env=dict(base_env, PYTHONPATH=str(tree), COURSE_CACHE_DIR=str(tmp / "phases")),
                                      capture_output=True, text=True, check=True)
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            steps[label] = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        sizes = {n: f"{Path(out).stat().st_size / 1024:.0f}" for n, out in outputs.items()}
    print(f"{args.n} respondents; Python {platform.python_version()} on {os.cpu_count()} cores; load average "
          f"{load_start[0]:.2f} / {load_start[1]:.2f} / {load_start[2]:.2f} at the start of the timed runs, "
          f"{load_end[0]:.2f} / {load_end[1]:.2f} / {load_end[2]:.2f} at their end; gap tables identical: yes; "
          f"new page = before page outside the figures: yes\n")
    print("| implementation | median (s) | min–max (s) | CPU, median (s) | runs | HTML (KiB) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in names:
        t, size = times[name], sizes.get(name, "–")
        print(f"| {name} | {statistics.median(t):.2f} | {min(t):.2f}–{max(t):.2f} | "
              f"{statistics.median(cpu[name]):.2f} | {len(t)} | {size} |")
    med = {n: statistics.median(t) for n, t in times.items()}
    b = next(n for n in names if n.startswith("before"))
    warm, cold_name = "new, font subset cached", "new, cold cache (first report on a machine)"
    print(f"\nnew / before (medians of the wall time): {med[warm] / med[b]:.2f} with the font cached, "
          f"{med[cold_name] / med[b]:.2f} with a cold cache; of the CPU time: "
          f"{statistics.median(cpu[warm]) / statistics.median(cpu[b]):.2f} and "
          f"{statistics.median(cpu[cold_name]) / statistics.median(cpu[b]):.2f}")
    kernel_name = [n for n in names if n.startswith("kernel")]
    if kernel_name:
        print(f"speed-up over the kernel report: {med[kernel_name[0]] / med[warm]:.1f}× (cached), "
              f"{med[kernel_name[0]] / med[cold_name]:.1f}× (cold)")
    print(f"\n| step (fresh process, median of {args.repeats}) | before (s) | new (s) |")
    print("|---|---:|---:|")
    for step in steps["new"]:
        old = steps["before"].get(step)
        print(f"| {step} | {'–' if old is None else f'{old:.2f}'} | {steps['new'][step]:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
