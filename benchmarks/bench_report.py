"""Bring-your-own-data report: `service-course report` now (in-process) versus before (papermill + nbconvert).

    python benchmarks/bench_report.py [--n 1000] [--repeats 3] [--old f68e620]

Input: one survey export of ``--n`` respondents, generated here deterministically (numpy
``default_rng(2026)``): respondent ID, customer type (3 segments), E1…E22 and P1…P22 on 1–7 with 2%
empty answers, a 0–10 likelihood-to-recommend question (5% empty), the five 100-point importance
allocations and an e-mail column (left out as personal data). Both implementations read the same file.

* old: revision ``--old`` (default f68e620, before this change), extracted with ``git archive`` into a
  temporary folder and run as ``python -m course_lib.cli report --survey FILE --out F -q`` from that
  folder, with that tree first on PYTHONPATH (so the report kernel imports it too);
* new: ``python -m course_lib.cli report FILE --out F -q`` from this tree.

Whole-process wall time (interpreter start to finished HTML), ``--repeats`` rounds with the order
rotated each round; the table gives the median and the range, and, as a floor, a process that only
imports pandas, scipy.stats and matplotlib.pyplot (what servqual, nps and the plots need). The two
reports must show the same numbers in the gap table (checked before timing). Then the time of each
step of the new report in a fresh process, to show where the time goes.

Run: ``.venv/bin/python benchmarks/bench_report.py`` (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
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


def run_once(cmd: list[str], cwd: Path, env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - t0


PHASES = r"""
import json, sys, time
t = [time.perf_counter()]
out = {}
def lap(name):
    now = time.perf_counter(); out[name] = now - t[0]; t[0] = now
import pandas, numpy
lap("import numpy, pandas")
import scipy.stats
lap("import scipy.stats (servqual, nps)")
import matplotlib.pyplot
lap("import matplotlib (+ pyplot via style)")
from course_lib.report import read, compute, figures, render
from course_lib import files, servqual, nps, style
lap("import course_lib")
s = read.validate_survey(sys.argv[1])
lap("read + validate")
r = compute.analyze(s.data, scale=s.scale, source=s.source)
lap("compute (every number once)")
f = figures.render_figures(r, "en")
lap("6 figures (SVG)")
html = render.render_html(s, r, figures=f, lang="en")
lap("page (Jinja)")
html = render.embed_font(html)
lap("font subset")
files.atomic_write(sys.argv[2], html)
lap("atomic write")
print(json.dumps(out))
"""


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--old", default="f68e620")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_report_") as tmp:
        tmp = Path(tmp)
        old = tmp / "old"
        old.mkdir()
        archive = subprocess.run(["git", "archive", args.old], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        survey = tmp / f"survey_{args.n}.csv"
        make_survey(args.n).to_csv(survey, index=False)
        base_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "MPLBACKEND")}
        variants = {
            f"old ({args.old}: papermill + nbconvert)": (
                [sys.executable, "-m", "course_lib.cli", "report", "--survey", str(survey), "--out",
                 str(tmp / "old.html"), "-q"], old, dict(base_env, PYTHONPATH=str(old))),
            "new (in-process)": (
                [sys.executable, "-m", "course_lib.cli", "report", str(survey), "--out", str(tmp / "new.html"), "-q"],
                ROOT, dict(base_env, PYTHONPATH=str(ROOT))),
            "floor: only `import pandas, scipy.stats, matplotlib.pyplot`": (
                [sys.executable, "-c", "import pandas, scipy.stats, matplotlib.pyplot"], ROOT, base_env),
        }
        names = list(variants)
        for name in names[:2]:  # one untimed run each: warm file cache, and the outputs to compare
            run_once(*variants[name])
        old_rows = gap_rows((tmp / "old.html").read_text(encoding="utf-8"))
        new_rows = gap_rows((tmp / "new.html").read_text(encoding="utf-8"))
        assert len(new_rows) == 5 and old_rows == new_rows, (old_rows, new_rows)
        times: dict[str, list[float]] = {n: [] for n in names}
        for i in range(args.repeats):
            for name in names[i % len(names):] + names[:i % len(names)]:
                times[name].append(run_once(*variants[name]))
        phases = subprocess.run([sys.executable, "-c", PHASES, str(survey), str(tmp / "phases.html")], cwd=ROOT,
                                env=dict(base_env, PYTHONPATH=str(ROOT)), capture_output=True, text=True, check=True)
        steps = json.loads(phases.stdout.strip().splitlines()[-1])
        sizes = {n: f"{(tmp / f).stat().st_size / 1024:.0f}" for n, f in zip(names, ("old.html", "new.html"))}
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"{args.n} respondents; {platform.python_version()} on {os.cpu_count()} cores; "
          f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}; gap tables identical: yes\n")
    print("| implementation | median (s) | min–max (s) | runs | HTML (KiB) |")
    print("|---|---:|---:|---:|---:|")
    for name in names:
        t = times[name]
        size = sizes.get(name, "–")
        print(f"| {name} | {statistics.median(t):.2f} | {min(t):.2f}–{max(t):.2f} | {len(t)} | {size} |")
    ratio = statistics.median(times[names[0]]) / statistics.median(times[names[1]])
    print(f"\nspeed-up (median old / median new): {ratio:.1f}×\n")
    print("| step of the new report (fresh process) | seconds |")
    print("|---|---:|")
    for step, seconds in steps.items():
        print(f"| {step} | {seconds:.2f} |")
    print(f"| total | {sum(steps.values()):.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
