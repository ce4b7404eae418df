"""Benchmark: the full SERVQUAL analysis of a million respondents, against a careful numpy pass.

Input: 1,000,000 respondents × 44 item columns (E1–E22, P1–P22), int8 answers 1–7 from a latent-factor
model, no missing answers. "Full analysis" = validation of the range, 22 item gaps, 5 dimension gaps,
ten Cronbach alphas (five dimensions × E and P) and the weighted score (given importance weights).

* course_lib: ``servqual.analyze(df, weights)``.
* careful baseline (:func:`careful` below): the same numbers in plain numpy, the economical way: column
  sums and sums of squares accumulated as int64 from the int8 array, per-scale row totals as int16
  (alpha from Σ var_i and var(total)), no float64 copy of the table. The two are asserted equal (1e-9).

Timing: each configuration runs in a fresh subprocess on the same data (generated once, saved as .npy),
alternating the two functions, best of ``REPEATS`` each; the ratio is analyze / baseline within that
subprocess. Configurations: the machine as it is ("no busy loop"; on a shared machine other jobs may
run) or with a busy-loop process pinned to one of the two cores ("busy loop on one core"), × numpy's
default BLAS threads or one (``OPENBLAS_NUM_THREADS`` = ``OMP_NUM_THREADS`` = 1 in the subprocess's
environment). The load average before and after is printed.

Memory: extra peak during one call (after a warm-up call on 1,000 rows), as tracemalloc sees it (numpy
and pandas report their buffers) and as the growth of the resident set (Linux: peak after resetting the
high-water mark, minus the resident size before the call), in a fresh subprocess.

Also: float32 with 2% missing answers (pairwise deletion), analyze alone, and the ten alphas against
pingouin.

Run: ``.venv/bin/python benchmarks/bench_servqual.py`` (about a minute on 2 cores).
"""

from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from course_lib import servqual as sq

from _measure import peak_mib  # noqa: E402  (benchmarks/_measure.py)

N = 1_000_000
REPEATS = 5
WEIGHTS = {"tangibles": 11, "reliability": 32, "responsiveness": 22, "assurance": 19, "empathy": 16}
DIM_IDX = [[n - 1 for n in d.items] for d in sq.DIMENSIONS.values()]
COLS = [f"E{i}" for i in range(1, 23)] + [f"P{i}" for i in range(1, 23)]
THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def make_int8(n: int, seed: int = 7) -> pd.DataFrame:
    """Answers 1–7 from a one-factor-per-dimension model, built in chunks, stored as int8."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, 44), dtype=np.int8)
    dim_of = np.array([next(j for j, idx in enumerate(DIM_IDX) if i in idx) for i in range(22)] * 2)
    dim_of[22:] += 5
    mean = np.r_[np.full(22, 5.8), np.full(22, 5.2)]
    for s in range(0, n, 100_000):
        m = min(100_000, n - s)
        f = rng.normal(0, 0.9, size=(m, 10)).astype(np.float32)
        latent = mean + f[:, dim_of] + rng.normal(0, 0.8, size=(m, 44)).astype(np.float32)
        out[s:s + m] = np.clip(np.rint(latent), 1, 7).astype(np.int8)
    return pd.DataFrame(out, columns=COLS)


def make_float32_missing(df8: pd.DataFrame, rate: float = 0.02, seed: int = 8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    arr = df8.to_numpy().astype(np.float32)
    arr[rng.random(arr.shape, dtype=np.float32) < rate] = np.nan
    return pd.DataFrame(arr, columns=COLS)


def careful(df: pd.DataFrame, weights: dict) -> dict:
    """The careful numpy pass: int64 column sums and sums of squares, int16 scale totals, no float64 copy."""
    X = df[COLS].to_numpy()                                       # the int8 block itself (a view)
    if X.min() < 1 or X.max() > 7:
        raise ValueError("answers outside 1–7")
    n = X.shape[0]
    s1 = np.empty(44, np.int64)
    s2 = np.empty(44, np.int64)
    for j in range(44):                                           # one int8 column at a time
        col = X[:, j]
        s1[j] = col.sum(dtype=np.int64)
        s2[j] = np.square(col, dtype=np.int16).sum(dtype=np.int64)
    mean = s1 / n
    var = (s2 - s1 * mean) / (n - 1)
    item_gap = mean[22:] - mean[:22]
    dim_gap = np.array([item_gap[idx].mean() for idx in DIM_IDX])  # complete data: mean of the item means
    alphas = []
    for off in (0, 22):
        for idx in DIM_IDX:
            total = X[:, off + idx[0]].astype(np.int16)
            for j in idx[1:]:
                total += X[:, off + j]
            t1 = total.sum(dtype=np.int64)
            t2 = np.square(total, dtype=np.int32).sum(dtype=np.int64)
            k = len(idx)
            alphas.append(k / (k - 1) * (1 - var[[off + j for j in idx]].sum() / ((t2 - t1 * t1 / n) / (n - 1))))
    w = np.array([weights[d] for d in sq.DIMENSIONS], dtype=float)
    return {"item_gap": item_gap, "dim_gap": dim_gap, "score": dim_gap.mean(),
            "weighted": (w * dim_gap).sum() / w.sum(), "alphas": np.array(alphas)}


def ours(df: pd.DataFrame, weights: dict) -> dict:
    res = sq.analyze(df, weights)
    return {"item_gap": res.items["gap"].to_numpy(), "dim_gap": res.dimensions["gap"].to_numpy(),
            "score": res.score, "weighted": res.weighted_score, "alphas": res.alphas["alpha"].to_numpy()}


def _blas_threads() -> str:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "?"
    return ",".join(str(p["num_threads"]) for p in threadpool_info() if p.get("user_api") == "blas") or "?"


def _load(path: str) -> pd.DataFrame:
    return pd.DataFrame(np.load(path), columns=COLS)


def child_time(path: str) -> dict:
    df = _load(path)
    a, b = ours(df, WEIGHTS), careful(df, WEIGHTS)
    for key in a:
        assert np.allclose(a[key], b[key], atol=1e-9, rtol=0), key    # the same numbers
    t = {"analyze": [], "careful": []}
    for _ in range(REPEATS):                                            # alternate: both see the same load
        for name, fn in (("analyze", ours), ("careful", careful)):
            t0 = time.perf_counter()
            fn(df, WEIGHTS)
            t[name].append(time.perf_counter() - t0)
    return {"analyze": min(t["analyze"]), "careful": min(t["careful"]), "blas_threads": _blas_threads()}


def _proc_kib(field: str) -> int | None:
    """A memory figure of this process from /proc/self/status (VmRSS, VmHWM), in KiB; None elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _rss_growth(fn, *args) -> int:
    """Peak resident memory during ``fn(*args)`` above the resident memory before it, in bytes.

    Linux: the high-water mark is reset first (``/proc/self/clear_refs``), so this is the call's own
    peak. Elsewhere: growth of ru_maxrss, which is 0 when the call stays below an earlier peak.
    """
    gc.collect()
    try:
        Path("/proc/self/clear_refs").write_text("5")
        before = _proc_kib("VmRSS")
    except OSError:
        before = None
    if before is None:
        start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        fn(*args)
        return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - start) * 1024
    fn(*args)
    return max(_proc_kib("VmHWM") - before, 0) * 1024


def child_memory(path: str, which: str) -> dict:
    fn = {"analyze": ours, "careful": careful}[which]
    df = _load(path)
    fn(df.iloc[:1000], WEIGHTS)                                         # imports and caches, not the data
    rss = _rss_growth(fn, df, WEIGHTS)
    return {"rss": rss, "traced": peak_mib(fn, df, WEIGHTS) * 2**20, "input": int(df.memory_usage(index=False).sum())}


def child_missing(path: str) -> dict:
    import pingouin as pg

    df8 = _load(path)
    dff = make_float32_missing(df8)
    del df8
    t_an = min(_timed(sq.analyze, dff, WEIGHTS) for _ in range(2))
    scales = [[f"{k}{n + 1}" for n in idx] for k in "EP" for idx in DIM_IDX]
    t0 = time.perf_counter()
    ref = [pg.cronbach_alpha(dff[c])[0] for c in scales]
    t_pg = time.perf_counter() - t0
    t0 = time.perf_counter()
    mine = [sq.cronbach_alpha(dff[c]).alpha for c in scales]
    t_sq = time.perf_counter() - t0
    an = sq.analyze(dff, WEIGHTS).alphas["alpha"].to_numpy()
    return {"analyze": t_an, "pingouin": t_pg, "cronbach": t_sq, "input": int(dff.memory_usage(index=False).sum()),
            "diff": float(max(np.abs(np.array(ref) - np.array(mine)).max(), np.abs(np.array(ref) - an).max()))}


def _timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def _run_child(*args: str, threads: int | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARS}
    if threads is not None:
        env.update({k: str(threads) for k in THREAD_VARS})
    out = subprocess.run([sys.executable, __file__, "--child", *args], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _busy_core() -> subprocess.Popen:
    """A process spinning on one core (the first this process may use) until killed."""
    core = min(os.sched_getaffinity(0))
    code = f"import os\nos.sched_setaffinity(0, {{{core}}})\nwhile True:\n    pass\n"
    return subprocess.Popen([sys.executable, "-c", code])


def main() -> None:
    start = time.perf_counter()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "int8.npy")
        np.save(path, make_int8(N).to_numpy())
        rows = []
        for load in ("no busy loop", "busy loop on one core"):
            busy = _busy_core() if load != "no busy loop" else None
            try:
                if busy:
                    time.sleep(0.5)
                for threads in (None, 1):
                    r = _run_child("time", path, threads=threads)
                    rows.append((load, "default" if threads is None else "1", r))
            finally:
                if busy:
                    busy.kill()
                    busy.wait()
        mem = {w: _run_child("memory", path, w) for w in ("analyze", "careful")}
        miss = _run_child("missing", path)
    print(f"SERVQUAL full analysis, {N:,} respondents × 44 int8 answers, no missing; best of {REPEATS}; "
          f"{os.cpu_count()} cores; load average before / after: {load_before:.2f} / {os.getloadavg()[0]:.2f}\n")
    print("| load | BLAS threads (set / per loaded BLAS) | servqual.analyze s | careful numpy s | ratio |")
    print("|---|---|---|---|---|")
    for load, threads, r in rows:
        print(f"| {load} | {threads} / {r['blas_threads']} | {r['analyze']:.3f} | {r['careful']:.3f} | "
              f"{r['analyze'] / r['careful']:.2f} |")
    size = mem["analyze"]["input"]
    print(f"\n| extra peak memory (input {size / 2**20:.0f} MiB) | tracemalloc MiB (× input) | "
          "resident-set growth MiB (× input) |")
    print("|---|---|---|")
    for w in ("analyze", "careful"):
        m = mem[w]
        print(f"| {w} | {m['traced'] / 2**20:.1f} ({m['traced'] / size:.2f}×) | {m['rss'] / 2**20:.1f} "
              f"({m['rss'] / size:.2f}×) |")
    print(f"\nfloat32 with 2% missing (pairwise, input {miss['input'] / 2**20:.0f} MiB), no busy loop, "
          f"default threads: analyze {miss['analyze']:.2f} s (best of 2); ten alphas: "
          f"pingouin {miss['pingouin']:.2f} s, servqual.cronbach_alpha {miss['cronbach']:.2f} s, "
          f"max |Δα| vs pingouin {miss['diff']:.1e}")
    print(f"\n(whole benchmark {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, *rest = sys.argv[2:]
        fn = {"time": child_time, "memory": child_memory, "missing": child_missing}[kind]
        print(json.dumps(fn(*rest)))
    else:
        main()
